"""Dispositions (3xx.7; DESIGN.md "Records"): a job proposes a batch of records past retention that no
legal hold covers, the records custodian approves or rejects it, and a Celery task executes it.

Execution is idempotent and resumable. It walks each series of the batch in primary-key order a
chunk at a time; each chunk is one transaction that re-checks the legal holds, writes the chunk's
tombstones, removes its records, advances the series' cursor and writes the audit event. A worker
that dies mid-chunk loses nothing but the uncommitted chunk; running the task again (the resume
job, or `manage.py run_retention`) carries on from the cursor, and the unique tombstone index
makes a second disposal of a record impossible rather than unlikely. When every series is done the
certificate of destruction is issued.
"""

import contextlib
import time
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from audits.models import AuditEvent
from people.models import Department
from socialgov import outbox
from socialgov.errors import InvalidTransition

from . import lawful, permissions, records
from .choices import BatchStatus, Disposition, ExclusionReason, RecordType
from .models import DispositionBatch, DispositionBatchSeries, DispositionExclusion, LegalHold, RecordSeries

# Records per chunk: one transaction each. Large enough that the per-chunk statements are
# a small share of the work, small enough to keep a transaction's locks and undo short.
CHUNK_SIZE = getattr(settings, "RETENTION_CHUNK_SIZE", 10000)
# A task hands the rest of a batch to a fresh task after this long, well inside Celery's time limit.
TIME_BUDGET_SECONDS = 200


def _active_holds(department_id: int) -> list[LegalHold]:
    return list(LegalHold.objects.active().filter(department_id=department_id).with_scope())


def _held_ids(kind: records.Kind, queryset, holds: list[LegalHold]) -> dict[int, list[int]]:
    """{record id: [ids of the holds covering it]} among `queryset`."""
    held: dict[int, list[int]] = {}
    for hold in holds:
        for pk in queryset.filter(kind.scope_q(hold)).values_list("pk", flat=True):
            held.setdefault(pk, []).append(hold.pk)
    return held


def _disposing_series(department):
    for series in RecordSeries.objects.filter(department=department).with_schedule():
        if series.schedule.disposition not in Disposition.disposing():
            continue
        for kind in records.kinds_for(series):
            if kind.disposable:
                yield series, kind


def batch_snapshot(batch: DispositionBatch) -> dict:
    return {
        "status": batch.status,
        "cutoff_on": batch.cutoff_on,
        "record_count": batch.record_count,
        "held_count": batch.held_count,
        "series": [
            {
                "series": part.series.key,
                "record_type": RecordType(part.record_type).slug,
                "records": part.record_count,
                "held": part.held_count,
                "retention_days": part.retention_days,
                "disposition": part.disposition,
                "boundary": part.boundary,
            }
            for part in batch.parts.select_related("series")
        ],
    }


@transaction.atomic
def propose(*, department: Department, by=None, on: date | None = None) -> DispositionBatch | None:
    """Propose a batch of every record past retention on day `on` that no active hold covers.

    Run daily by Celery beat (`by` None) or by the custodian or chief. Nothing is proposed while
    another batch of the department is open (its records are spoken for); returns None when there
    is nothing to propose.
    """
    if by is not None:
        permissions.require(by, "propose_batch", department)
    on = on or timezone.localdate()
    # One proposer at a time per department (the row lock; SQLite serializes writers anyway).
    Department.objects.select_for_update().filter(pk=department.pk).first()
    if open_batch := DispositionBatch.objects.in_department(department).open().first():
        if by is not None:
            raise InvalidTransition(
                open_batch,
                "propose",
                f"{open_batch} is still {open_batch.get_status_display().lower()}; "
                "it must be completed or rejected before another is proposed.",
            )
        return None
    holds = _active_holds(department.pk)
    plans = []
    for series, kind in _disposing_series(department):
        boundary = series.schedule.boundary(on)
        candidates = kind.records(department).filter(**{f"{kind.trigger_field}__lt": boundary})
        total = candidates.count()
        if not total:
            continue
        held = _held_ids(kind, candidates, holds) if holds else {}
        plans.append((series, kind, boundary, total, held))
    if not any(total > len(held) for *_, total, held in plans):
        return None
    batch = DispositionBatch.objects.create(department=department, cutoff_on=on, proposed_by=by)
    for series, kind, boundary, total, held in plans:
        schedule = series.schedule
        DispositionBatchSeries.objects.create(
            batch=batch,
            series=series,
            record_type=kind.record_type,
            retention_days=schedule.retention_days,
            trigger=schedule.trigger,
            disposition=schedule.disposition,
            boundary=boundary,
            record_count=total - len(held),
            held_count=len(held),
        )
        DispositionExclusion.objects.bulk_create(
            [
                DispositionExclusion(
                    batch=batch,
                    series=series,
                    record_type=kind.record_type,
                    object_id=pk,
                    reason=ExclusionReason.HELD_AT_PROPOSAL,
                    holds=hold_ids,
                )
                for pk, hold_ids in sorted(held.items())
            ],
            batch_size=1000,
        )
    batch.record_count = sum(total - len(held) for *_, total, held in plans)
    batch.held_count = sum(len(held) for *_, held in plans)
    batch.save(update_fields=["record_count", "held_count"])
    AuditEvent.record(
        actor=by, action="retention.batch.propose", target=batch, department=department, after=batch_snapshot(batch)
    )
    return batch


def _lock_batch(batch: DispositionBatch) -> DispositionBatch:
    return DispositionBatch.objects.select_for_update().select_related("department").get(pk=batch.pk)


def _require_status(batch: DispositionBatch, action: str, allowed: list[str]) -> None:
    if batch.status not in allowed:
        raise InvalidTransition(
            batch,
            action,
            f"{batch} is {batch.get_status_display().lower()}; only a batch awaiting the custodian can be {action}.",
        )


@transaction.atomic
def approve(*, by, batch: DispositionBatch, note: str = "") -> DispositionBatch:
    """The records custodian approves the batch; a Celery task executes it once this commits (3xx.7)."""
    batch = _lock_batch(batch)
    _require_status(batch, "approved", [BatchStatus.PROPOSED])
    permissions.require(by, "approve_batch", batch)
    lawful.require_complete(batch)  # Government Code §34090 where the pack requires it (issue 16.4)
    batch.status = BatchStatus.APPROVED
    batch.decided_by = by
    batch.decided_at = timezone.now()
    batch.decision_note = (note or "").strip()
    batch.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    AuditEvent.record(
        actor=by,
        action="retention.batch.approve",
        target=batch,
        before={"status": BatchStatus.PROPOSED},
        after={"status": batch.status, "note": batch.decision_note, "record_count": batch.record_count},
    )
    outbox.enqueue("retention.tasks.execute_batch_task", batch.pk)  # STYLE.md §11: sent when the broker answers
    return batch


@transaction.atomic
def reject(*, by, batch: DispositionBatch, reason: str) -> DispositionBatch:
    """The records custodian rejects the batch; its records stay and may be proposed again."""
    batch = _lock_batch(batch)
    _require_status(batch, "rejected", [BatchStatus.PROPOSED])
    permissions.require(by, "reject_batch", batch)
    if not (reason or "").strip():
        raise ValidationError({"reason": ["Say why the batch is rejected."]})
    batch.status = BatchStatus.REJECTED
    batch.decided_by = by
    batch.decided_at = timezone.now()
    batch.decision_note = reason.strip()
    batch.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    AuditEvent.record(
        actor=by,
        action="retention.batch.reject",
        target=batch,
        before={"status": BatchStatus.PROPOSED},
        after={"status": batch.status, "reason": reason.strip()},
    )
    return batch


def batch_records(part: DispositionBatchSeries, kind: records.Kind):
    """The records of one series of a batch, as proposed: past its boundary, not excluded, not yet disposed."""
    excluded = DispositionExclusion.objects.filter(batch_id=part.batch_id, record_type=part.record_type)
    return (
        kind.records(part.batch.department)
        .filter(**{f"{kind.trigger_field}__lt": part.boundary})
        .exclude(pk__in=excluded.values("object_id"))
    )


def _parts_in_order(batch_id: int) -> list[DispositionBatchSeries]:
    # Records that refer to posts go first, so that a post whose approvals and reports go in the same
    # batch is deleted outright rather than kept bare for them.
    parts = list(DispositionBatchSeries.objects.filter(batch_id=batch_id).select_related("series", "batch"))
    return sorted(parts, key=lambda part: (records.kind_of(part).is_post, part.series_id, part.record_type))


def _chunk(batch_id: int, part_id: int, chunk_size: int) -> bool:
    """Dispose of the next chunk of one series; False once the series is done. One transaction."""
    with transaction.atomic():
        part = DispositionBatchSeries.objects.select_for_update().select_related("series", "batch").get(pk=part_id)
        if part.done or part.batch.status != BatchStatus.EXECUTING:
            return False
        kind = records.kind_of(part)
        department = part.batch.department
        pending = (
            kind.records(department)
            .filter(**{f"{kind.trigger_field}__lt": part.boundary, "pk__gt": part.cursor})
            .order_by("pk")
        )
        if kind.mutable and connection.vendor == "postgresql":
            # A draft can still be edited: hold its row until it is gone, so no revision slips in between
            # its tombstone and its removal.
            pending = pending.select_for_update(of=("self",))
        ids = list(pending.values_list("pk", flat=True)[:chunk_size])
        if not ids:
            part.done = True
            part.save(update_fields=["done"])
            return False
        excluded = set(
            DispositionExclusion.objects.filter(
                batch_id=batch_id, record_type=part.record_type, object_id__in=ids
            ).values_list("object_id", flat=True)
        )
        candidates = [pk for pk in ids if pk not in excluded]
        holds = _active_holds(department.pk)
        held = _held_ids(kind, kind.model.objects.filter(pk__in=candidates), holds) if holds and candidates else {}
        DispositionExclusion.objects.bulk_create(
            [
                DispositionExclusion(
                    batch_id=batch_id,
                    series_id=part.series_id,
                    record_type=part.record_type,
                    object_id=pk,
                    reason=ExclusionReason.HELD_AT_EXECUTION,
                    holds=hold_ids,
                )
                for pk, hold_ids in sorted(held.items())
            ],
            batch_size=1000,
        )
        go = [pk for pk in candidates if pk not in held]
        now = timezone.now()
        disposal = records.dispose(
            kind, go, batch_id=batch_id, series_id=part.series_id, disposition=part.disposition, now=now
        )
        part.cursor = ids[-1]
        part.disposed_count += len(disposal.disposed)
        part.skipped_count += len(held)
        part.save(update_fields=["cursor", "disposed_count", "skipped_count"])
        DispositionBatch.objects.filter(pk=batch_id).update(
            heartbeat_at=now,
            disposed_count=F("disposed_count") + len(disposal.disposed),
            skipped_count=F("skipped_count") + len(held),
        )
        AuditEvent.record(
            actor=None,
            action="retention.dispose",
            target=part.batch,
            department=department,
            after={
                "series": part.series.key,
                "record_type": RecordType(part.record_type).slug,
                "disposition": part.disposition,
                "count": len(disposal.disposed),
                "records": disposal.disposed,
                "held": sorted(held),
            },
        )
        if disposal.files:
            transaction.on_commit(lambda files=disposal.files: _delete_files(files))
        return True


def _delete_files(names: list[str]) -> None:
    for name in names:
        with contextlib.suppress(OSError):  # gone already: a chunk retried after its commit
            default_storage.delete(name)


def execute(batch_id: int, *, chunk_size: int | None = None, time_budget: float | None = None) -> str:
    """Execute an approved batch, or carry on with one whose worker died. Returns what happened:
    "completed", "continue" (the time budget ran out; call again) or why there was nothing to do."""
    chunk_size = chunk_size or CHUNK_SIZE
    deadline = time.monotonic() + (time_budget or TIME_BUDGET_SECONDS)
    with transaction.atomic():
        batch = DispositionBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None:
            return "no such batch"
        if batch.status == BatchStatus.APPROVED:
            batch.status = BatchStatus.EXECUTING
            batch.started_at = batch.heartbeat_at = timezone.now()
            batch.save(update_fields=["status", "started_at", "heartbeat_at"])
            AuditEvent.record(
                actor=None,
                action="retention.batch.start",
                target=batch,
                department=batch.department,
                before={"status": BatchStatus.APPROVED},
                after={"status": BatchStatus.EXECUTING},
            )
        elif batch.status != BatchStatus.EXECUTING:
            return f"nothing to do: {batch.status}"
    # packages reads this module's holds and batch records: imported here, so neither loads the other first.
    from .packages import write_transfer_archive

    write_transfer_archive(batch_id)
    for part in _parts_in_order(batch_id):
        while _chunk(batch_id, part.pk, chunk_size):
            if time.monotonic() > deadline:
                return "continue"
    return complete(batch_id)


def complete(batch_id: int) -> str:
    # certificates loads reportlab, needed only once a batch completes.
    from .certificates import issue_certificate

    with transaction.atomic():
        batch = DispositionBatch.objects.select_for_update().select_related("department").get(pk=batch_id)
        if batch.status != BatchStatus.EXECUTING:
            return f"nothing to do: {batch.status}"
        if batch.parts.filter(done=False).exists():
            return "continue"
        certificate = issue_certificate(batch)
        batch.status = BatchStatus.COMPLETED
        batch.completed_at = timezone.now()
        batch.save(update_fields=["status", "completed_at"])
        AuditEvent.record(
            actor=None,
            action="retention.batch.complete",
            target=batch,
            department=batch.department,
            before={"status": BatchStatus.EXECUTING},
            after={
                "status": batch.status,
                "disposed": batch.disposed_count,
                "skipped": batch.skipped_count,
                "certificate_json_sha256": certificate.json_sha256,
                "certificate_pdf_sha256": certificate.pdf_sha256,
            },
        )
    return "completed"


def batches_to_resume(*, stalled_after_minutes: int = 10):
    """Approved batches no task picked up, and executing batches no worker has touched for a while."""
    before = timezone.now() - timezone.timedelta(minutes=stalled_after_minutes)
    approved = DispositionBatch.objects.filter(status=BatchStatus.APPROVED, decided_at__lt=before)
    return list(approved.values_list("pk", flat=True)) + list(
        DispositionBatch.objects.stalled(before=before).values_list("pk", flat=True)
    )
