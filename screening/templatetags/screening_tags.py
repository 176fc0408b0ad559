"""Template access to screening's permission door: `{% screening_can "manage_holds" as may_hold %}`; and a
finding's fix hint: `{{ finding|fix_hint }}` (screening.hints)."""

from django import template

from screening import permissions
from screening.hints import hint_for

register = template.Library()


@register.simple_tag(takes_context=True)
def screening_can(context, action: str, obj=None) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if obj is not None:
        return permissions.can(user, action, obj)
    # The navigation asks on every page; the answer rests on the member's roles, cached per request already.
    return permissions.can(user, action)


@register.filter
def fix_hint(finding) -> str:
    return hint_for(finding)
