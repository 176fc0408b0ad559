"""The yearly-review flag (3xx.6; issue 16.5), for the chief's dashboard and the reviews list: a composition the
dashboard (people, below reviews) includes by template tag rather than by import (docs/architecture.md)."""

from django import template

from people.roles import Role

from .. import yearly

register = template.Library()


@register.inclusion_tag("reviews/_yearly_flag.html")
def yearly_review_flag(member, gaps=False):
    if not (member.is_authenticated and member.department_id and member.has_role(Role.CHIEF, Role.REVIEWER)):
        return {"coverage": None}
    found = yearly.coverage(member.department)
    return {
        "coverage": found,
        "show_flag": found.flagged and member.has_role(Role.CHIEF),
        "show_gaps": gaps and found.gaps,
    }
