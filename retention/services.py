"""Record series and schedules, legal holds and public-records requests (3xx.7; general policy IV.A.7).

Each function is the one implementation of its change: the browser, the API, the Celery jobs and
`manage.py run_retention` call it. Each checks the state (409) and the permission (403), locks the
row and writes its audit event in the same transaction. Dispositions are in retention.disposition.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audits.models import AuditEvent
from posts.models import Post
from socialgov.errors import InvalidTransition

from . import permissions
from .choices import Disposition, RecordType, RequestStatus
from .models import LegalHold, RecordSeries, RecordsRequest, RetentionSchedule, months_to_days
from .records import AUDIT_EVENTS_KEPT, KIND_FOR_SERIES

# California Public Records Act (Government Code §7922.535): a determination within 10 days of
# the request, extendable once, in unusual circumstances and with the reasons, by up to 14 days.
RESPONSE_DAYS = 10
MAX_EXTENSION_DAYS = 14
CPRA = "California Public Records Act, Government Code §7922.535"


def public_records_citation(department) -> str:
    return CPRA if department.policy.get("state") == "CA" else "department practice"


# Series and schedules


def legal_minimum_days(department) -> int:
    return months_to_days(department.legal_minimum_retention_months)


def legal_minimum_citation(department) -> str:
    return department.policy.get("legal_minimum_retention_citation") or "the department's legal minimum"


def install_series(department) -> int:
    """Create the department's record series from its policy pack's [[retention]] defaults.

    Only series the department does not have yet are created: a schedule the custodian has changed
    is never reset by loading the pack again. No audit event of its own: the series are part of the
    pack whose loading is recorded (people.department.create / update_from_pack). Returns how many
    series were created.
    """
    existing = set(RecordSeries.objects.filter(department=department).values_list("key", flat=True))
    created = 0
    for entry in department.policy.get("retention", []):
        kind = KIND_FOR_SERIES.get(entry.get("series"))
        if kind is None or kind.series in existing:
            continue
        disposition, notes = entry["disposition"], []
        if not kind.disposable and disposition != Disposition.KEEP:
            notes.append(f"The policy pack says {entry['disposition']}. {AUDIT_EVENTS_KEPT}")
            disposition = Disposition.KEEP
        if entry.get("trigger") != kind.trigger:
            notes.append(
                f"The policy pack names the trigger {entry.get('trigger')!r}; records of this series "
                f"start their period when {kind.trigger.label.lower()}."
            )
        series = RecordSeries.objects.create(
            department=department, key=kind.series, name=entry["label"], record_type=kind.record_type
        )
        RetentionSchedule.objects.create(
            series=series,
            retention_days=months_to_days(entry["months"]),
            trigger=kind.trigger,
            disposition=disposition,
            note=" ".join(notes),
        )
        created += 1
    return created


def schedule_snapshot(schedule: RetentionSchedule) -> dict:
    return {"retention_days": schedule.retention_days, "trigger": schedule.trigger, "disposition": schedule.disposition}


# The audit trail holds the security events (issue 7): FBI CJIS Security Policy 5.4.7 keeps them a year at least.
SECURITY_EVENTS_MINIMUM_DAYS = 365


def schedule_errors(series: RecordSeries, retention_days, disposition) -> dict[str, list[str]]:
    department = series.department
    errors: dict[str, list[str]] = {}
    minimum = legal_minimum_days(department)
    if retention_days is not None and retention_days < minimum:
        months = department.legal_minimum_retention_months
        errors["retention_days"] = [
            f"At least {minimum} days ({months} months): {legal_minimum_citation(department)} forbids disposing "
            f"of these records sooner ({department.cite('retention')})."
        ]
    kind = KIND_FOR_SERIES.get(series.key)
    if (
        retention_days is not None
        and kind is not None
        and kind.record_type == RecordType.AUDIT_EVENT
        and retention_days < SECURITY_EVENTS_MINIMUM_DAYS
        and "retention_days" not in errors
    ):
        errors["retention_days"] = [
            f"At least {SECURITY_EVENTS_MINIMUM_DAYS} days: the audit trail holds the security events (sign-ins, "
            "lockouts, second-factor and token changes, refused actions), which the FBI CJIS Security Policy "
            "(5.4.7) requires be kept at least one year."
        ]
    if disposition is not None and disposition not in Disposition.values:
        errors["disposition"] = [f"Choose one of: {', '.join(Disposition.values)}."]
    elif disposition is not None and kind is not None and not kind.disposable and disposition != Disposition.KEEP:
        errors["disposition"] = [AUDIT_EVENTS_KEPT]
    return errors


@transaction.atomic
def update_schedule(
    *, by, series: RecordSeries, retention_days: int | None = None, disposition: str | None = None
) -> RetentionSchedule:
    """The records custodian changes how long a series is kept, or its disposition (3xx.7).

    Refused below the department's legal minimum (Government Code §34090 for California), citing it.
    """
    permissions.require(by, "edit_schedule", series)
    if errors := schedule_errors(series, retention_days, disposition):
        raise ValidationError(errors)
    schedule = RetentionSchedule.objects.select_for_update().get(series=series)
    before = schedule_snapshot(schedule)
    if retention_days is not None:
        schedule.retention_days = retention_days
    if disposition is not None:
        schedule.disposition = disposition
    after = schedule_snapshot(schedule)
    if after == before:
        return schedule
    schedule.updated_by = by
    schedule.save()
    AuditEvent.record(
        actor=by,
        action="retention.schedule.update",
        target=series,
        department=series.department,
        before=before,
        after=after,
    )
    return schedule


# Scopes of holds and requests


def clean_scope(by, *, accounts, posts, date_from, date_to, keywords, members=()) -> tuple[list, list, list[str]]:
    errors: dict[str, list[str]] = {}
    if any(member.department_id != by.department_id for member in members or []):
        errors["members"] = ["Choose your department's members."]
    accounts, posts = list(accounts or []), list(posts or [])
    if any(account.department_id != by.department_id for account in accounts):
        errors["accounts"] = ["Choose your department's accounts."]
    if any(post.department_id != by.department_id for post in posts):
        errors["posts"] = ["Choose your department's posts."]
    if date_from and date_to and date_to < date_from:
        errors["date_to"] = ["The end of the date range must not be before its start."]
    if not isinstance(keywords, list | tuple) or not all(isinstance(k, str) for k in keywords or []):
        errors["keywords"] = ["Give a list of keywords."]
        keywords = []
    cleaned = []
    for keyword in keywords or []:
        keyword = keyword.strip()
        if keyword and keyword.casefold() not in {k.casefold() for k in cleaned}:
            cleaned.append(keyword)
    if not (accounts or posts or date_from or date_to or cleaned or members) and "keywords" not in errors:
        errors["accounts"] = ["Say what it covers: accounts, a date range, keywords or posts."]
    if errors:
        raise ValidationError(errors)
    return accounts, posts, cleaned


def scope_snapshot(scope) -> dict:
    account_ids, post_ids = scope.scope_ids()
    return {
        "accounts": account_ids,
        "posts": post_ids,
        "date_from": scope.date_from,
        "date_to": scope.date_to,
        "keywords": scope.keywords,
    }


# Legal holds


def hold_snapshot(hold: LegalHold) -> dict:
    return {
        "matter": hold.matter,
        "reason": hold.reason,
        "requested_by": hold.requested_by,
        **scope_snapshot(hold),
        "members": sorted(hold.members.values_list("pk", flat=True)) if hold.pk else [],
        "released_at": hold.released_at,
        "release_reason": hold.release_reason,
        "confirmed_at": hold.confirmed_at,
        "confirmed_by": hold.confirmed_by_id,
        "confirmation_note": hold.confirmation_note,
    }


@transaction.atomic
def place_hold(
    *,
    by,
    matter: str,
    reason: str,
    requested_by: str = "",
    accounts=(),
    posts=(),
    date_from: date | None = None,
    date_to: date | None = None,
    keywords=(),
    members=(),
) -> LegalHold:
    """Freeze every record the scope matches, including records made while the hold is active
    (3xx.7; general policy IV.A.7: e-discovery)."""
    permissions.require(by, "place_hold")
    errors = {
        field: ["Required."] for field, value in (("matter", matter), ("reason", reason)) if not (value or "").strip()
    }
    try:
        accounts, posts, keywords = clean_scope(
            by,
            accounts=accounts,
            posts=posts,
            date_from=date_from,
            date_to=date_to,
            keywords=list(keywords or []),
            members=members,
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    hold = LegalHold.objects.create(
        department=by.department,
        matter=matter.strip(),
        reason=reason.strip(),
        requested_by=(requested_by or "").strip(),
        date_from=date_from,
        date_to=date_to,
        keywords=keywords,
        created_by=by,
    )
    hold.accounts.set(accounts)
    hold.posts.set(posts)
    hold.members.set(members)
    AuditEvent.record(actor=by, action="retention.hold.place", target=hold, after=hold_snapshot(hold))
    return hold


@transaction.atomic
def release_hold(*, by, hold: LegalHold, reason: str) -> LegalHold:
    """Release a hold: its records follow their schedules again from the next disposition batch."""
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if hold.released_at is not None:
        raise InvalidTransition(hold, "release", "This legal hold has already been released.")
    permissions.require(by, "release_hold", hold)
    if not (reason or "").strip():
        raise ValidationError({"reason": ["Say why the hold is released (the matter closed, counsel's instruction)."]})
    before = hold_snapshot(hold)
    hold.released_at = timezone.now()
    hold.released_by = by
    hold.release_reason = reason.strip()
    hold.save(update_fields=["released_at", "released_by", "release_reason"])
    AuditEvent.record(actor=by, action="retention.hold.release", target=hold, before=before, after=hold_snapshot(hold))
    return hold


@transaction.atomic
def reconfirm_hold(*, by, hold: LegalHold, note: str = "") -> LegalHold:
    """Confirm that an active hold is still needed: the next re-confirmation falls due
    LegalHold.RECONFIRM_DAYS later (retention.reminders). Whoever may release a hold may re-confirm it.

    The note is optional, as an approval's is: the confirmation itself, by whom and when, is the record;
    a note adds what it rests on (counsel's word, the case still open). Releasing needs its reason."""
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if hold.released_at is not None:
        raise InvalidTransition(hold, "reconfirm", "This legal hold has been released: there is nothing to re-confirm.")
    permissions.require(by, "release_hold", hold)
    before = hold_snapshot(hold)
    hold.confirmed_at = timezone.now()
    hold.confirmed_by = by
    hold.confirmation_note = (note or "").strip()
    hold.save(update_fields=["confirmed_at", "confirmed_by", "confirmation_note"])
    AuditEvent.record(
        actor=by, action="retention.hold.reconfirm", target=hold, before=before, after=hold_snapshot(hold)
    )
    return hold


_place_hold = place_hold  # open_request's `place_hold` argument shadows the name


def holds_covering(post: Post) -> list[LegalHold]:
    """The active holds that cover a post: what a post's page shows the custodian."""
    holds = LegalHold.objects.active().filter(department_id=post.department_id).with_scope()
    return [hold for hold in holds if Post.objects.filter(pk=post.pk).filter(hold.post_q()).exists()]


# Public-records requests


def request_snapshot(request: RecordsRequest) -> dict:
    return {
        "requester": request.requester,
        "description": request.description,
        "received_on": request.received_on,
        "due_on": request.due_on,
        "extension_days": request.extension_days,
        "extension_reason": request.extension_reason,
        **scope_snapshot(request),
        "hold": request.hold_id,
        "status": request.status,
    }


@transaction.atomic
def open_request(
    *,
    by,
    requester: str,
    received_on: date,
    description: str = "",
    accounts=(),
    posts=(),
    date_from: date | None = None,
    date_to: date | None = None,
    keywords=(),
    place_hold: bool = False,
) -> RecordsRequest:
    """Record a public-records or e-discovery request; its response is due 10 days after it was received.
    With `place_hold`, a legal hold on the same scope is placed in the same step."""
    permissions.require(by, "open_request")
    errors: dict[str, list[str]] = {}
    if not (requester or "").strip():
        errors["requester"] = ["Name the requester."]
    if received_on is None:
        errors["received_on"] = ["Give the day the request was received."]
    elif received_on > timezone.localdate():
        errors["received_on"] = ["A request cannot be received in the future."]
    try:
        accounts, posts, keywords = clean_scope(
            by, accounts=accounts, posts=posts, date_from=date_from, date_to=date_to, keywords=list(keywords or [])
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    hold = None
    if place_hold:
        hold = _place_hold(
            by=by,
            matter=f"Records request from {requester.strip()} received {received_on:%Y-%m-%d}",
            reason=f"Preserve what the request covers until it is answered ({public_records_citation(by.department)}).",
            requested_by=requester.strip(),
            accounts=accounts,
            posts=posts,
            date_from=date_from,
            date_to=date_to,
            keywords=keywords,
        )
    request = RecordsRequest.objects.create(
        department=by.department,
        requester=requester.strip(),
        description=(description or "").strip(),
        received_on=received_on,
        due_on=received_on + timedelta(days=RESPONSE_DAYS),
        date_from=date_from,
        date_to=date_to,
        keywords=keywords,
        hold=hold,
        created_by=by,
    )
    request.accounts.set(accounts)
    request.posts.set(posts)
    AuditEvent.record(actor=by, action="retention.request.open", target=request, after=request_snapshot(request))
    return request


def _lock_open_request(request: RecordsRequest, action: str) -> RecordsRequest:
    request = RecordsRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != RequestStatus.OPEN:
        raise InvalidTransition(request, action, f"Records request #{request.pk} is closed.")
    return request


@transaction.atomic
def extend_request(*, by, request: RecordsRequest, days: int, reason: str) -> RecordsRequest:
    """Extend the response by up to 14 days in all, with the reason (California Public Records Act)."""
    request = _lock_open_request(request, "extend")
    permissions.require(by, "extend_request", request)
    left = MAX_EXTENSION_DAYS - request.extension_days
    errors: dict[str, list[str]] = {}
    if not isinstance(days, int) or days < 1:
        errors["days"] = ["Extend by at least one day."]
    elif days > left:
        errors["days"] = [
            f"At most {MAX_EXTENSION_DAYS} days' extension in all "
            f"({public_records_citation(request.department)}); {left} left."
        ]
    if not (reason or "").strip():
        errors["reason"] = ["Give the reason for the extension; the requester is told it."]
    if errors:
        raise ValidationError(errors)
    before = request_snapshot(request)
    request.extension_days += days
    request.due_on += timedelta(days=days)
    reason = reason.strip()
    request.extension_reason = f"{request.extension_reason}\n{reason}".strip() if request.extension_reason else reason
    request.save(update_fields=["extension_days", "due_on", "extension_reason"])
    AuditEvent.record(
        actor=by, action="retention.request.extend", target=request, before=before, after=request_snapshot(request)
    )
    return request


@transaction.atomic
def close_request(*, by, request: RecordsRequest, note: str = "") -> RecordsRequest:
    """The request is answered. A hold placed with it stays until released on its own."""
    request = _lock_open_request(request, "close")
    permissions.require(by, "close_request", request)
    before = request_snapshot(request)
    request.status = RequestStatus.CLOSED
    request.closed_at = timezone.now()
    request.closed_by = by
    request.close_note = (note or "").strip()
    request.save(update_fields=["status", "closed_at", "closed_by", "close_note"])
    AuditEvent.record(
        actor=by,
        action="retention.request.close",
        target=request,
        before=before,
        after={**request_snapshot(request), "note": request.close_note},
    )
    return request
