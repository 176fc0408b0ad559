"""Template access to records retention's permission door:
`{% records_can "view" as may_view_records %}` (retention.permissions.can)."""

from django import template

from retention import permissions
from socialgov.permission_tags import request_can

register = template.Library()


@register.simple_tag(takes_context=True)
def records_can(context, action: str, obj=None) -> bool:
    return request_can(context, permissions.can, "_retention_can", action, obj)


@register.inclusion_tag("retention/_post_retention.html", takes_context=True)
def post_retention(context, post):
    """A post's retention and the legal holds covering it, for the custodian and the chief on the post's page:
    `{% load retention_tags %}{% post_retention post %}`."""
    from retention.views import post_retention as facts

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not permissions.can(user, "view", post):
        return {"show": False}
    return {"show": True, **facts(user, post)}
