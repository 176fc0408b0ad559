"""A finding's fix hint: `{{ finding|fix_hint }}` (screening.hints). Permission questions: socialgov's
`{% can "screening.manage_holds" %}`."""

from django import template

from screening.hints import hint_for

register = template.Library()


@register.filter
def fix_hint(finding) -> str:
    return hint_for(finding)
