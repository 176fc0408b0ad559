"""Retention-report exports, made by a worker (3xx.7)."""

from django.conf import settings
from django.db import models

from socialgov import limits

from ..choices import (
    ExportFormat,
    ExportStatus,
)
from .dispositions import retention_file_path


class ReportExport(models.Model):
    """A retention report written to a file by a Celery job, for exports too large to wait for."""

    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="report_exports")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    format = models.CharField(max_length=10, choices=ExportFormat.choices)
    filters = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=retention_file_path, max_length=300, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    error = models.TextField(max_length=limits.NOTE, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The running job holds the export until then, renewing it as it writes; a job whose worker died lets it
    # lapse, and the export is taken again from the start (issue 19.4).
    lease_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Retention report export #{self.pk} ({self.format})"

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, int(100 * self.rows_done / self.rows_total))
