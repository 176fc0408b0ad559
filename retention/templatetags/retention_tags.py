"""`{% post_retention post %}`: a post's retention and holds on its page, and a retention period in years and
months: `{{ 731|period }}` is "2 years" (issue 14.6). Permission questions: socialgov's `{% can "retention.view" %}`."""

from django import template

from retention import permissions
from retention.selectors import post_retention as facts

register = template.Library()


@register.inclusion_tag("retention/_post_retention.html", takes_context=True)
def post_retention(context, post):
    """A post's retention and the legal holds covering it, for the custodian and the chief on the post's page:
    `{% load retention_tags %}{% post_retention post %}`."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not permissions.can(user, "view", post):
        return {"show": False}
    return {"show": True, **facts(user, post)}


def period_words(days: int) -> str:
    """A retention period as people say it: "2 years", "1 year 6 months", "3 months", "45 days". Whole years
    and months of days (a year 365 days, a month 30), within a day or two of a leap year."""
    if days is None:
        return ""
    days = int(days)
    if days < 60:
        return f"{days} day{'' if days == 1 else 's'}"
    years, rest = divmod(days, 365)
    if rest <= years:  # 731 days: two years with a leap day
        rest = 0
    months = round(rest / 30.4)
    if months == 12:
        years, months = years + 1, 0
    parts = [f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in ((years, "year"), (months, "month")) if n]
    return " ".join(parts) or f"{days} days"


@register.filter
def period(days) -> str:
    return period_words(days)
