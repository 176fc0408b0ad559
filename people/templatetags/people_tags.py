"""Template access to the one permission door: `{% can "grant_authorization" as may_grant %}`."""

from django import template

from people import permissions
from socialgov.permission_tags import request_can

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action: str, obj=None) -> bool:
    return request_can(context, permissions.can, "_people_can", action, obj)


@register.simple_tag(takes_context=True)
def cite(context, key: str) -> str:
    """The signed-in member's department's own section for a provision, e.g. {% cite "training" %} -> §322.8."""
    department = context.get("department")
    return department.cite(key) if department is not None else ""

