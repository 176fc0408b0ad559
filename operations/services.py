"""Undercover operations (general policy IV.E.2; issue 16.1): propose, approve, keep the monitoring log, record
postings to other sites, close. Each change writes its audit event in its own transaction (STYLE.md §4); bad
input is a ValidationError naming the field (400), a change the operation's state does not allow is
InvalidTransition (409)."""

import hashlib
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from audits.models import AuditEvent
from people import designees
from people.models import Member
from people.roles import Role
from posts.choices import AccountKind
from posts.models import SocialAccount
from socialgov.errors import InvalidTransition

from . import permissions
from .choices import OperationStatus
from .models import Assignment, ExternalPosting, MonitoringEntry, Operation

# Days without a monitoring entry after which the monitoring supervisor is reminded, unless the pack sets it.
MONITORING_REMINDER_DAYS = 14
MAX_NOTE = 10_000
MAX_TEXT = 100_000


def monitoring_reminder_days(department) -> int:
    return int((department.policy or {}).get("covert_monitoring_reminder_days", MONITORING_REMINDER_DAYS))


def snapshot(operation: Operation) -> dict:
    return {
        "name": operation.name,
        "case_number": operation.case_number,
        "status": operation.status,
        "monitoring_supervisor": operation.monitoring_supervisor_id,
        "members": sorted(operation.assignments.filter(ended_at__isnull=True).values_list("member_id", flat=True)),
        "accounts": sorted(operation.accounts.values_list("pk", flat=True)),
        "starts_on": operation.starts_on,
        "ends_on": operation.ends_on,
    }


def _note(field: str, value, limit: int = MAX_NOTE) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: ["This field is required."]})
    if len(value) > limit:
        raise ValidationError({field: [f"At most {limit} characters."]})
    return value


def _lock(operation: Operation) -> Operation:
    return Operation.objects.select_for_update().select_related("department").get(pk=operation.pk)


def _require_open(operation: Operation, action: str) -> None:
    if operation.status != OperationStatus.OPEN:
        raise InvalidTransition(
            operation,
            action,
            f"{operation} is {operation.get_status_display().lower()}; only an open operation can be {action}.",
        )


@transaction.atomic
def create_operation(
    *,
    by,
    name: str,
    case_number: str,
    monitoring_supervisor: Member | None,
    members: list[Member],
    accounts: list[SocialAccount],
    starts_on: date | None,
    ends_on: date | None,
) -> Operation:
    """A supervisor or the chief proposes an operation; it awaits the chief's (or a designee's) approval."""
    permissions.require(by, "create")
    errors = {}
    name = (name or "").strip()
    case_number = (case_number or "").strip()
    if not name:
        errors["name"] = ["This field is required."]
    if not case_number:
        errors["case_number"] = ["This field is required."]
    if monitoring_supervisor is None or monitoring_supervisor.department_id != by.department_id:
        errors["monitoring_supervisor"] = ["Choose a supervisor of your department."]
    elif not monitoring_supervisor.has_role(Role.SUPERVISOR):
        errors["monitoring_supervisor"] = ["The monitoring supervisor must be a supervisor (general policy IV.E.2)."]
    if any(m.department_id != by.department_id for m in members):
        errors["members"] = ["Every member must be of your department."]
    if not accounts:
        errors["accounts"] = ["Choose at least one covert account."]
    elif any(a.department_id != by.department_id or a.kind != AccountKind.COVERT for a in accounts):
        errors["accounts"] = ["Every account must be one of your department's covert accounts."]
    elif taken := [
        str(a) for a in accounts if Operation.objects.filter(accounts=a).exclude(status=OperationStatus.CLOSED).exists()
    ]:
        errors["accounts"] = [f"Already used by another operation that is not closed: {', '.join(taken)}."]
    if starts_on is None:
        errors["starts_on"] = ["This field is required."]
    if ends_on is None:
        errors["ends_on"] = ["This field is required."]
    elif starts_on is not None and ends_on < starts_on:
        errors["ends_on"] = ["The planned end cannot be before the start."]
    if errors:
        raise ValidationError(errors)
    operation = Operation.objects.create(
        department=by.department,
        name=name,
        case_number=case_number,
        monitoring_supervisor=monitoring_supervisor,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=by,
    )
    operation.accounts.set(accounts)
    Assignment.objects.bulk_create([Assignment(operation=operation, member=m) for m in dict.fromkeys(members)])
    AuditEvent.record(actor=by, action="operations.operation.create", target=operation, after=snapshot(operation))
    return operation


@transaction.atomic
def approve_operation(*, by, operation: Operation) -> Operation:
    """The chief, or a designee whose scope covers covert operations, approves it (general policy IV.E.2;
    §3xx.3): its covert accounts may be used from now until it closes."""
    operation = _lock(operation)
    permissions.require(by, "approve", operation)
    if operation.status != OperationStatus.PROPOSED:
        raise InvalidTransition(
            operation,
            "approved",
            f"{operation} is {operation.get_status_display().lower()}; "
            "only an operation awaiting approval can be approved.",
        )
    decided = designees.acting_as(by, designees.Scope.COVERT_OPERATIONS)
    operation.status = OperationStatus.OPEN
    operation.approved_by, operation.approved_at = by, timezone.now()
    operation.approved_as_designee = decided.get("as_designee", False)
    operation.save(update_fields=["status", "approved_by", "approved_at", "approved_as_designee"])
    AuditEvent.record(
        actor=by,
        action="operations.operation.approve",
        target=operation,
        before={"status": OperationStatus.PROPOSED},
        after={"status": operation.status, "decided": decided},
    )
    return operation


@transaction.atomic
def log_entry(*, by, operation: Operation, note: str) -> MonitoringEntry:
    """The monitoring supervisor's dated entry (general policy IV.E.2)."""
    operation = _lock(operation)
    permissions.require(by, "log", operation)
    _require_open(operation, "monitored")
    entry = MonitoringEntry.objects.create(operation=operation, author=by, note=_note("note", note))
    AuditEvent.record(
        actor=by, action="operations.monitoring.log", target=operation, after={"entry": entry.pk, "note": entry.note}
    )
    return entry


@transaction.atomic
def record_external_posting(*, by, operation: Operation, url: str, text: str) -> ExternalPosting:
    """A posting to another site made within the open operation: its link, the text as captured, its SHA-256."""
    operation = _lock(operation)
    permissions.require(by, "record_posting", operation)
    _require_open(operation, "posted in")
    url = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError({"url": ["Enter the posting's address (http or https)."]}) from None
    if len(url) > 500:
        raise ValidationError({"url": ["At most 500 characters."]})
    text = _note("text", text, MAX_TEXT)
    posting = ExternalPosting.objects.create(
        operation=operation, url=url, text=text, recorded_by=by, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest()
    )
    AuditEvent.record(
        actor=by,
        action="operations.posting.record",
        target=operation,
        after={"posting": posting.pk, "url": url, "sha256": posting.sha256},
    )
    return posting


@transaction.atomic
def close_operation(*, by, operation: Operation, note: str) -> Operation:
    """The chief or the monitoring supervisor closes it with a note: every assignment ends and its covert
    accounts can no longer be used. 409 once closed."""
    operation = _lock(operation)
    permissions.require(by, "close", operation)
    if operation.status == OperationStatus.CLOSED:
        raise InvalidTransition(operation, "closed", f"{operation} is closed already.")
    note = _note("note", note)
    before = snapshot(operation)
    now = timezone.now()
    operation.status, operation.closed_by, operation.closed_at, operation.close_note = (
        OperationStatus.CLOSED,
        by,
        now,
        note,
    )
    operation.save(update_fields=["status", "closed_by", "closed_at", "close_note"])
    ended = operation.assignments.filter(ended_at__isnull=True).update(ended_at=now)
    AuditEvent.record(
        actor=by,
        action="operations.operation.close",
        target=operation,
        before=before,
        after={**snapshot(operation), "note": note, "assignments_ended": ended},
    )
    return operation
