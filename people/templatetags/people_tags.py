"""Template access to the one permission door: `{% can "grant_authorization" as may_grant %}`."""

from django import template

from people import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action: str, obj=None) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if obj is not None:
        return permissions.can(user, action, obj)
    # The navigation asks the same questions on every page; answer each once per request.
    answers = request.__dict__.setdefault("_people_can", {})
    if action not in answers:
        answers[action] = permissions.can(user, action)
    return answers[action]


@register.simple_tag(takes_context=True)
def cite(context, key: str) -> str:
    """The signed-in member's department's own section for a provision, e.g. {% cite "training" %} -> §322.8."""
    department = context.get("department")
    return department.cite(key) if department is not None else ""

