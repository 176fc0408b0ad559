"""A review every year (3xx.6 "at least annually"; issue 16.5).

A department is flagged when no review is appointed whose period reaches past the anniversary of the last
reviewed period's end, from 30 days before that anniversary (or at once when it has never had a review). The
chief is flagged on the dashboard, reminded 30 days before the anniversary and on the day (reviews.reminders),
and the next report's compliance checks say so. Gaps between consecutive review periods are listed.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from audits.models import AnnualReview

WARN_DAYS = 30


def anniversary(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # February 29
        return day.replace(year=day.year + 1, day=28)


@dataclass
class Coverage:
    last_period_end: date | None
    next_due_on: date | None  # the anniversary of the last period's end
    flagged: bool
    overdue: bool
    gaps: list[dict] = field(default_factory=list)

    @property
    def message(self) -> str:
        if self.last_period_end is None:
            return (
                f"No annual review of social media use has been appointed; the first is due by "
                f"{self.next_due_on:%b %-d, %Y} (3xx.6: at least annually)."
            )
        when = f"{self.next_due_on:%b %-d, %Y}"
        if self.overdue:
            return (
                f"A year has passed without a review: the last review period ended on "
                f"{self.last_period_end:%b %-d, %Y} and no review covers the time since ({when})."
            )
        return f"No review is appointed for the year after {self.last_period_end:%b %-d, %Y}: one is due by {when}."

    def as_dict(self) -> dict:
        return {
            "last_period_end": self.last_period_end and self.last_period_end.isoformat(),
            "next_due_on": self.next_due_on and self.next_due_on.isoformat(),
            "flagged": self.flagged,
            "overdue": self.overdue,
            "gaps": self.gaps,
            "message": self.message if self.flagged else "",
        }


def coverage(department, on: date | None = None) -> Coverage:
    on = on or timezone.localdate()
    periods = list(
        AnnualReview.objects.filter(department=department)
        .order_by("period_start", "period_end")
        .values_list("period_start", "period_end")
    )
    gaps = []
    reached = None
    for start, end in periods:
        if reached is not None and start > reached + timedelta(days=1):
            gaps.append(
                {
                    "from": (reached + timedelta(days=1)).isoformat(),
                    "to": (start - timedelta(days=1)).isoformat(),
                    "days": (start - reached).days - 1,
                }
            )
        reached = end if reached is None else max(reached, end)
    if reached is None:
        # Never reviewed: the first review is due a year after the department began using socialgov.
        due = anniversary(timezone.localdate(department.created_at))
        return Coverage(None, due, flagged=on >= due - timedelta(days=WARN_DAYS), overdue=on >= due, gaps=gaps)
    due = anniversary(reached)
    return Coverage(reached, due, flagged=on >= due - timedelta(days=WARN_DAYS), overdue=on >= due, gaps=gaps)


def compliance(department, start: date) -> dict:
    """For a report of a period starting on `start`: whether a year passed without a review before it, and every
    gap between consecutive review periods (the report's compliance checks)."""
    prior = (
        AnnualReview.objects.filter(department=department, period_end__lt=start)
        .order_by("-period_end")
        .values_list("period_end", flat=True)
        .first()
    )
    return {
        "previous_period_end": prior.isoformat() if prior else None,
        "days_since_previous": (start - prior).days - 1 if prior else None,
        "year_without_review": prior is not None and start > anniversary(prior),
        "gaps": coverage(department).gaps,
    }
