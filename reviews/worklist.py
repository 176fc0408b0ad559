"""reviews' part of each member's work list (socialgov.worklist, issue 14.1): the annual review the member was
appointed to write, and for the chief the reports submitted to acknowledge (3xx.6)."""

from django.urls import reverse
from django.utils import timezone

from audits.choices import ReviewStatus
from audits.models import AnnualReview
from people.roles import Role
from socialgov.worklist import Entry, Item, source


def _day(day) -> str:
    return f"{day:%b} {day.day}, {day.year}"


@source("reviews.due")
def reviews_due(member, now):
    today = timezone.localdate(now)
    items = []
    writing = list(
        AnnualReview.objects.in_preparation()
        .filter(department_id=member.department_id, reviewer=member)
        .order_by("due_on", "pk")
    )
    if writing:
        overdue = sum(1 for r in writing if r.due_on < today)
        items.append(
            Item(
                "reviews.write",
                len(writing),
                "annual review to write",
                "annual reviews to write",
                reverse("reviews:reviews"),
                newest=max(r.updated_at for r in writing),
                note=(f"{overdue} overdue; " if overdue else "") + f"due {_day(writing[0].due_on)}",
                entries=tuple(
                    Entry(str(r), reverse("reviews:review", args=[r.pk]), f"due {_day(r.due_on)}") for r in writing[:5]
                ),
            )
        )
    if member.has_role(Role.CHIEF):
        submitted = list(
            AnnualReview.objects.filter(department_id=member.department_id, status=ReviewStatus.SUBMITTED).order_by(
                "-submitted_at"
            )
        )
        if submitted:
            items.append(
                Item(
                    "reviews.acknowledge",
                    len(submitted),
                    "annual review to acknowledge",
                    "annual reviews to acknowledge",
                    reverse("reviews:reviews"),
                    newest=submitted[0].submitted_at,
                    entries=tuple(Entry(str(r), reverse("reviews:review", args=[r.pk])) for r in submitted[:5]),
                )
            )
    return items
