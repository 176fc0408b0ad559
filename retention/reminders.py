"""Reminders of the records custodian's work (3xx.7; general policy IV.A.7), registered with notifications.reminders:
disposition batches waiting for the custodian, legal holds not re-confirmed in 90 days, public-records
requests near their due date."""

from django.urls import reverse
from django.utils import timezone

from notifications.reminders import DueEvent, role_holders, source
from people.roles import Role

from .models import DispositionBatch, LegalHold, RecordsRequest

# A proposed batch reminds the custodian when proposed and again each week it waits.
BATCH_REMINDER_DAYS = 7
# An active hold is re-confirmed every this many days: the first reminder 90 days after it was placed, then
# 90 days after each re-confirmation (retention.services.reconfirm_hold), every 90 days it is not re-confirmed.
HOLD_RECONFIRM_DAYS = LegalHold.RECONFIRM_DAYS
# Days before a records request's due date when the custodian is reminded; then once overdue.
REQUEST_MILESTONES = (3, 1)


def _custodians(department_id):
    return list(role_holders(department_id, Role.CUSTODIAN))


@source("retention.batch_waiting")
def batches_waiting(now):
    for batch in DispositionBatch.objects.awaiting_custodian().select_related("department"):
        weeks = (now - batch.proposed_at).days // BATCH_REMINDER_DAYS
        section = batch.department.cite("retention")
        yield DueEvent(
            key=f"retention.batch:{batch.pk}:waiting:{weeks}",
            kind="retention.batch_waiting",
            department_id=batch.department_id,
            recipients=tuple(_custodians(batch.department_id)),
            subject=f"Disposition batch #{batch.pk} waits for your decision",
            reason=f"Disposition batch #{batch.pk} ({batch.record_count} records past retention) was proposed on "
            f"{timezone.localtime(batch.proposed_at):%b %-d, %Y} and waits for the records custodian to "
            f"approve or reject it ({section}).",
            link=reverse("retention-batch", args=[batch.pk]),
        )


@source("retention.hold_reconfirm")
def holds_to_reconfirm(now):
    today = timezone.localdate(now)
    for hold in LegalHold.objects.active().select_related("department", "created_by"):
        since = hold.confirmed_since
        cycle = (today - since).days // HOLD_RECONFIRM_DAYS
        if cycle < 1:
            continue
        section = hold.department.cite("retention")
        yield DueEvent(
            key=f"retention.hold:{hold.pk}:reconfirm:{since.isoformat()}:{cycle}",
            kind="retention.hold_reconfirm",
            department_id=hold.department_id,
            recipients=tuple([*_custodians(hold.department_id), hold.created_by]),
            subject=f"Re-confirm legal hold #{hold.pk}: {hold.matter}",
            reason=f"Legal hold #{hold.pk} ({hold.matter}) has not been re-confirmed since {since:%b %-d, %Y}, more "
            f"than {HOLD_RECONFIRM_DAYS} days. Confirm it is still needed, or release it ({section}).",
            link=reverse("retention-hold", args=[hold.pk]),
        )


@source("retention.request_due")
def requests_due(now):
    today = timezone.localdate(now)
    for request in RecordsRequest.objects.open().select_related("department", "created_by"):
        days = (request.due_on - today).days
        section = request.department.cite("retention")
        recipients = tuple([*_custodians(request.department_id), request.created_by])
        link = reverse("retention-request", args=[request.pk])
        if days < 0:
            stage, subject = "overdue", f"Records request #{request.pk} is overdue (due {request.due_on:%b %-d, %Y})"
        else:
            milestone = next((m for m in sorted(REQUEST_MILESTONES) if days <= m), None)
            if milestone is None:
                continue
            when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
            stage, subject = f"due-{milestone}", f"Records request #{request.pk} is due {when}"
        yield DueEvent(
            key=f"retention.request:{request.pk}:{stage}:{request.due_on.isoformat()}",
            kind="retention.request_due",
            department_id=request.department_id,
            recipients=recipients,
            subject=subject,
            reason=f"The response to {request.requester}'s records request #{request.pk} is due on "
            f"{request.due_on:%b %-d, %Y} ({section}).",
            link=link,
        )
