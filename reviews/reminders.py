"""The annual review's reminders (3xx.6): due in 30, 7 and 1 days to the reviewer; overdue, to the chief too.
Registered with notifications.reminders (the registry every app's reminder sources fill)."""

from collections.abc import Iterable
from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from audits.models import AnnualReview
from notifications.reminders import DueEvent, chiefs, source
from people.models import Department

from . import yearly

# Days before a review's due date when the reviewer is reminded (3xx.6).
REVIEW_MILESTONES = (30, 7, 1)


def _review_event(review: AnnualReview, key: str, kind: str, recipients, subject: str, reason: str) -> DueEvent:
    return DueEvent(
        key=f"audits.review:{review.pk}:{key}:{review.due_on.isoformat()}",
        kind=kind,
        department_id=review.department_id,
        recipients=tuple(recipients),
        subject=subject,
        reason=reason,
        link=reverse("reviews:review", args=[review.pk]),
    )


@source("audits.review_due")
def reviews_due(now: datetime) -> Iterable[DueEvent]:
    today = timezone.localdate(now)
    for review in AnnualReview.objects.in_preparation().select_related("reviewer", "department"):
        days = (review.due_on - today).days
        section = review.department.cite("monitoring")
        period = f"{review.period_start:%b %-d, %Y} to {review.period_end:%b %-d, %Y}"
        if days < 0:
            yield _review_event(
                review,
                "overdue",
                "audits.review_overdue",
                [review.reviewer, *chiefs(review.department_id)],
                f"The annual review of social media use is overdue (due {review.due_on:%b %-d, %Y})",
                f"The annual review of the department's use of social media for {period} ({section}) was due to "
                f"the chief on {review.due_on:%b %-d, %Y} and has not been submitted. {review.reviewer.display_name} "
                "is the appointed reviewer; the chief is told because it is overdue.",
            )
            continue
        for milestone in sorted(REVIEW_MILESTONES):
            if days <= milestone:
                when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
                yield _review_event(
                    review,
                    f"due-{milestone}",
                    "audits.review_due",
                    [review.reviewer],
                    f"The annual review of social media use is due {when}",
                    f"You are the appointed reviewer of the department's use of social media for {period} "
                    f"({section}). Your report is due to the chief {when}, on {review.due_on:%b %-d, %Y}.",
                )
                break


@source("reviews.yearly")
def yearly_review(now: datetime) -> Iterable[DueEvent]:
    """30 days before the anniversary of the last review period's end with no review appointed beyond it, and on
    that day: the chief is told (3xx.6 "at least annually"; issue 16.5)."""
    today = timezone.localdate(now)
    for department in Department.objects.all():
        found = yearly.coverage(department, today)
        if not found.flagged:
            continue
        stage = "due" if found.overdue else f"due-{yearly.WARN_DAYS}"
        due = found.next_due_on.isoformat()
        yield DueEvent(
            key=f"reviews.yearly:{department.pk}:{due}:{stage}",
            kind="reviews.yearly",
            department_id=department.pk,
            recipients=tuple(chiefs(department.pk)),
            subject="A year without an annual review of social media use"
            if found.overdue
            else f"An annual review is due by {found.next_due_on:%b %-d, %Y}",
            reason=f"{found.message} Appoint a reviewer ({department.cite('monitoring')}).",
            link=reverse("reviews:reviews"),
        )
