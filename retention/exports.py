"""Retention report exports: small ones answered at once, large ones written by a Celery job that shows
its progress in the browser and offers a download link when done (3xx.7)."""

import hashlib
import tempfile

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audits.models import AuditEvent
from socialgov import outbox

from . import permissions
from .choices import ExportFormat, ExportStatus
from .models import ReportExport
from .report import Report, ReportFilters, write_csv, write_pdf, write_xlsx

# Exports with more rows than this run as a Celery job (the browser shows a progress bar).
INLINE_ROWS = getattr(settings, "RETENTION_INLINE_EXPORT_ROWS", 2000)
CONTENT_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.PDF: "application/pdf",
}


def filename(department, format: str, on=None) -> str:
    return f"retention-report-{department.slug}-{(on or timezone.localdate()):%Y-%m-%d}.{format}"


def write(report: Report, format: str, path: str, progress=None) -> int:
    """Write the report to `path`; returns the number of rows."""
    rows = report.rows()
    if format == ExportFormat.CSV:
        with open(path, "wb") as out:
            return write_csv(rows, out, progress)
    if format == ExportFormat.XLSX:
        return write_xlsx(rows, path, progress)
    return write_pdf(report, rows, path, progress)


@transaction.atomic
def create_export(*, by, format: str, filters: ReportFilters) -> ReportExport:
    """Queue a report export for the Celery job."""
    permissions.require(by, "export_report")
    export = ReportExport.objects.create(
        department=by.department, requested_by=by, format=format, filters=filters.as_dict()
    )
    AuditEvent.record(
        actor=by, action="retention.export.create", target=export, after={"format": format, "filters": export.filters}
    )
    outbox.enqueue("retention.tasks.run_export_task", export.pk)  # STYLE.md §11: sent when the broker answers
    return export


def _lease():
    return timezone.now() + timezone.timedelta(seconds=settings.RETENTION_EXPORT_LEASE_SECONDS)


def claimable():
    """Exports a job may take: queued, or running under a lease that lapsed (the worker died mid-write)."""
    return ReportExport.objects.filter(
        Q(status=ExportStatus.QUEUED) | Q(status=ExportStatus.RUNNING, lease_until__lt=timezone.now())
    )


def run_export(export_id: int) -> str:
    """Run by the Celery job: write the export, updating its progress every thousand rows. Safe to run twice: the
    export is claimed under a lease, and a job whose worker died leaves a lease that lapses, so the next job
    (the message handed back by the broker, or the resume job) writes it again from the start."""
    claimed = claimable().filter(pk=export_id).update(status=ExportStatus.RUNNING, lease_until=_lease(), rows_done=0)
    if claimed != 1:
        return "already taken"
    export = ReportExport.objects.select_related("requested_by", "department").get(pk=export_id)
    try:
        report = Report(export.requested_by, ReportFilters.from_dict(export.filters))
        ReportExport.objects.filter(pk=export_id).update(rows_total=report.count())

        def progress(n):
            ReportExport.objects.filter(pk=export_id).update(rows_done=n, lease_until=_lease())

        with tempfile.NamedTemporaryFile(suffix=f".{export.format}") as out:
            rows = write(report, export.format, out.name, progress)
            digest = hashlib.sha256()
            with open(out.name, "rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
                handle.seek(0)
                stored_as = f"retention/exports/{export_id}-{filename(export.department, export.format)}"
                name = default_storage.save(stored_as, File(handle))
    except Exception as error:
        ReportExport.objects.filter(pk=export_id).update(
            status=ExportStatus.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    with transaction.atomic():
        export = ReportExport.objects.select_for_update().get(pk=export_id)
        if export.status != ExportStatus.RUNNING:
            default_storage.delete(name)  # another job finished it while this one was thought dead
            return "already done"
        export.file = name
        export.sha256 = digest.hexdigest()
        export.status = ExportStatus.DONE
        export.rows_done = export.rows_total = rows
        export.finished_at = timezone.now()
        export.save()
        AuditEvent.record(
            actor=None,
            action="retention.export.complete",
            target=export,
            department=export.department,
            after={"file": name, "sha256": export.sha256, "rows": export.rows_done},
        )
    return "done"
