"""`{% cite "training" %}`: the department's own section for a provision (permission questions: socialgov's
`{% can "people.grant_authorization" %}`)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def cite(context, key: str) -> str:
    """The signed-in member's department's own section for a provision, e.g. {% cite "training" %} -> §322.8."""
    department = context.get("department")
    return department.cite(key) if department is not None else ""
