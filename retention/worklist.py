"""retention's part of each member's work list (socialgov.worklist, issue 14.1): the records custodian's legal
holds to re-confirm, records requests to answer and disposition batches to decide (3xx.7)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from people.roles import Role
from socialgov.worklist import Entry, Item, source

from . import permissions
from .models import DispositionBatch, LegalHold, RecordsRequest

# A hold shows on the work list this many days before its re-confirmation falls due (and until it is done).
HOLD_NOTICE_DAYS = 14
ENTRIES = 5


def _day(day) -> str:
    return f"{day:%b} {day.day}, {day.year}"


@source("retention.custodian")
def custodian_work(member, now):
    if not member.has_role(Role.CUSTODIAN):
        return []
    today = timezone.localdate(now)
    items = []
    holds = [
        hold
        for hold in permissions.visible(member, LegalHold.objects.active()).order_by("-created_at", "-pk")
        if hold.reconfirm_due_on <= today + timedelta(days=HOLD_NOTICE_DAYS)
    ]
    if holds:
        overdue = sum(1 for hold in holds if hold.reconfirm_due_on <= today)
        items.append(
            Item(
                "retention.holds",
                len(holds),
                "legal hold to re-confirm",
                "legal holds to re-confirm",
                reverse("retention-holds"),
                newest=max(h.confirmed_at or h.created_at for h in holds),
                note=f"{overdue} overdue" if overdue else "",
                entries=tuple(
                    Entry(
                        f"Hold #{h.pk}: {h.matter}",
                        reverse("retention-hold", args=[h.pk]),
                        f"due {_day(h.reconfirm_due_on)}",
                    )
                    for h in holds[:ENTRIES]
                ),
            )
        )
    requests = list(permissions.visible(member, RecordsRequest.objects.open()).order_by("due_on", "pk"))
    if requests:
        overdue = sum(1 for r in requests if r.due_on < today)
        items.append(
            Item(
                "retention.requests",
                len(requests),
                "records request to answer",
                "records requests to answer",
                reverse("retention-requests"),
                newest=max(r.created_at for r in requests),
                note=(f"{overdue} overdue; " if overdue else "") + f"next due {_day(requests[0].due_on)}",
                entries=tuple(
                    Entry(
                        f"Request #{r.pk} from {r.requester}",
                        reverse("retention-request", args=[r.pk]),
                        f"due {_day(r.due_on)}",
                    )
                    for r in requests[:ENTRIES]
                ),
            )
        )
    batches = list(permissions.visible(member, DispositionBatch.objects.awaiting_custodian()).order_by("-proposed_at"))
    if batches:
        items.append(
            Item(
                "retention.batches",
                len(batches),
                "disposition batch to approve or reject",
                "disposition batches to approve or reject",
                reverse("retention-batches"),
                newest=batches[0].proposed_at,
                entries=tuple(
                    Entry(f"Batch #{b.pk}", reverse("retention-batch", args=[b.pk]), f"{b.record_count} records")
                    for b in batches[:ENTRIES]
                ),
            )
        )
    return items
