"""`{% post_retention post %}`: a post's retention and holds on its page (permission questions: socialgov's
`{% can "retention.view" %}`)."""

from django import template

from retention import permissions

register = template.Library()


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
