"""Retention report exports: small ones answered at once, large ones written by a Celery job that shows
its progress in the browser and offers a download link when done (3xx.7)."""

import hashlib
import tempfile

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from audits.models import AuditEvent

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
    export = ReportExport.objects.create(department=by.department, requested_by=by, format=format,
                                         filters=filters.as_dict())
    AuditEvent.record(actor=by, action="retention.export.create", target=export,
                      after={"format": format, "filters": export.filters})
    # tasks imports this module: imported here, at call time.
    from .tasks import run_export_task

    transaction.on_commit(lambda: run_export_task.delay(export.pk))
    return export


def run_export(export_id: int) -> str:
    """Run by the Celery job: write the export, updating its progress every thousand rows."""
    claimed = ReportExport.objects.filter(pk=export_id, status=ExportStatus.QUEUED).update(status=ExportStatus.RUNNING)
    if claimed != 1:
        return "already taken"
    export = ReportExport.objects.select_related("requested_by", "department").get(pk=export_id)
    try:
        report = Report(export.requested_by, ReportFilters.from_dict(export.filters))
        ReportExport.objects.filter(pk=export_id).update(rows_total=report.count())

        def progress(n):
            ReportExport.objects.filter(pk=export_id).update(rows_done=n)

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
        ReportExport.objects.filter(pk=export_id).update(status=ExportStatus.FAILED, error=str(error)[:2000],
                                                          finished_at=timezone.now())
        raise
    with transaction.atomic():
        export = ReportExport.objects.select_for_update().get(pk=export_id)
        export.file = name
        export.sha256 = digest.hexdigest()
        export.status = ExportStatus.DONE
        export.rows_done = export.rows_total = rows
        export.finished_at = timezone.now()
        export.save()
        AuditEvent.record(actor=None, action="retention.export.complete", target=export, department=export.department,
                          after={"file": name, "sha256": export.sha256, "rows": export.rows_done})
    return "done"
