"""Disposition batches, their series and exclusions, tombstones, certificates, transfer archives and the
destruction authority (3xx.7; Government Code §34090)."""

from django.conf import settings
from django.db import models

from socialgov import limits

from ..choices import (
    BatchStatus,
    Disposition,
    ExclusionReason,
    RecordType,
    Trigger,
)
from ..querysets import (
    DispositionBatchQuerySet,
    TombstoneQuerySet,
)
from .schedules import RecordSeries


class DispositionBatch(models.Model):
    """Records past retention that no hold covers, proposed for disposition; the records custodian
    approves or rejects the batch, and an approved batch is executed by a Celery task (3xx.7).

    The batch is defined per series by a boundary (records whose trigger is before it) and the
    records held when it was proposed (DispositionExclusion): no new record can appear under an
    old boundary, so what the custodian reviewed is what is executed, less records held since.
    """

    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="disposition_batches")
    status = models.CharField(max_length=20, choices=BatchStatus.choices, default=BatchStatus.PROPOSED, db_index=True)
    cutoff_on = models.DateField(help_text="Records eligible on this day were proposed.")
    proposed_at = models.DateTimeField(auto_now_add=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty when the daily job proposed it.",
    )
    record_count = models.PositiveIntegerField(default=0)
    held_count = models.PositiveIntegerField(default=0)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(max_length=limits.NOTE, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    disposed_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)

    objects = DispositionBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name_plural = "disposition batches"

    def __str__(self):
        return f"Disposition batch #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in BatchStatus.open()


class DispositionBatchSeries(models.Model):
    """One series of a batch (one kind of its records: approval records are decisions and flag overrides):
    its schedule as approved, the boundary, and how far execution has got."""

    batch = models.ForeignKey(DispositionBatch, on_delete=models.CASCADE, related_name="parts")
    series = models.ForeignKey(RecordSeries, on_delete=models.PROTECT, related_name="+")
    record_type = models.PositiveSmallIntegerField(choices=RecordType.choices)
    retention_days = models.PositiveIntegerField()
    trigger = models.CharField(max_length=20, choices=Trigger.choices)
    disposition = models.CharField(max_length=20, choices=Disposition.choices)
    boundary = models.DateTimeField(help_text="Records whose trigger is before this were past retention.")
    record_count = models.PositiveIntegerField(default=0)
    held_count = models.PositiveIntegerField(default=0)
    # Execution walks the series in primary-key order; the cursor commits with each chunk.
    cursor = models.BigIntegerField(default=0)
    done = models.BooleanField(default=False)
    disposed_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["batch", "series_id", "record_type"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "series", "record_type"], name="one_part_per_series_and_type")
        ]

    def __str__(self):
        return f"{self.batch}: {self.series}"


class DispositionExclusion(models.Model):
    """A record of a batch's series that is not disposed of because a legal hold covers it."""

    batch = models.ForeignKey(DispositionBatch, on_delete=models.CASCADE, related_name="exclusions")
    series = models.ForeignKey(RecordSeries, on_delete=models.PROTECT, related_name="+")
    record_type = models.PositiveSmallIntegerField(choices=RecordType.choices)
    object_id = models.BigIntegerField()
    reason = models.CharField(max_length=20, choices=ExclusionReason.choices)
    holds = models.JSONField(default=list, help_text="The ids of the holds that covered it.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["batch", "series", "record_type", "object_id"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "record_type", "object_id"], name="one_exclusion_per_record")
        ]

    def __str__(self):
        return f"{self.series} #{self.object_id} excluded from {self.batch}"


class Tombstone(models.Model):
    """What remains of a disposed record: its series, identifiers, dates, content SHA-256 and the batch
    that disposed of it (3xx.7). At most one per record: the unique index makes a second disposal of
    the same record fail rather than happen."""

    batch = models.ForeignKey(DispositionBatch, on_delete=models.PROTECT, related_name="tombstones")
    series = models.ForeignKey(RecordSeries, on_delete=models.PROTECT, related_name="tombstones")
    record_type = models.PositiveSmallIntegerField(choices=RecordType.choices)
    object_id = models.BigIntegerField()
    post_id = models.BigIntegerField(null=True, blank=True, help_text="The post the record belonged to.")
    trigger_at = models.DateTimeField(null=True)
    sha256 = models.CharField(max_length=64, help_text="SHA-256 of the record's content when it was disposed of.")
    revision_hashes = models.TextField(
        blank=True, help_text="A post's revision hashes, comma-separated in revision order."
    )
    disposition = models.CharField(max_length=20, choices=Disposition.choices)
    disposed_at = models.DateTimeField()

    objects = TombstoneQuerySet.as_manager()

    class Meta:
        ordering = ["batch", "id"]
        constraints = [models.UniqueConstraint(fields=["record_type", "object_id"], name="one_tombstone_per_record")]
        indexes = [models.Index(fields=["batch", "id"])]

    def __str__(self):
        return f"{RecordType(self.record_type).label} #{self.object_id} ({self.get_disposition_display().lower()})"


def retention_file_path(instance, filename):
    return f"retention/{instance.__class__.__name__.lower()}/{filename}"


class Certificate(models.Model):
    """The certificate of destruction of a batch: what was disposed of, when, under which schedule,
    approved by whom, with each record's hashes (3xx.7). Issued as JSON (every record) and PDF."""

    batch = models.OneToOneField(DispositionBatch, on_delete=models.PROTECT, related_name="certificate")
    issued_at = models.DateTimeField()
    json_file = models.FileField(upload_to=retention_file_path, max_length=300)
    json_sha256 = models.CharField(max_length=64)
    pdf_file = models.FileField(upload_to=retention_file_path, max_length=300)
    pdf_sha256 = models.CharField(max_length=64)
    archive_file = models.FileField(upload_to=retention_file_path, max_length=300, blank=True)
    archive_sha256 = models.CharField(max_length=64, blank=True)
    summary = models.JSONField(default=dict)

    def __str__(self):
        return f"Certificate of destruction for {self.batch}"


class TransferArchive(models.Model):
    """The package handed to the archive for the transferred records of a batch, written before any of
    them is removed here."""

    batch = models.OneToOneField(DispositionBatch, on_delete=models.PROTECT, related_name="transfer_archive")
    file = models.FileField(upload_to=retention_file_path, max_length=300)
    sha256 = models.CharField(max_length=64)
    package_sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Transfer archive of {self.batch}"


def authority_file_path(instance, filename):
    return f"retention/authority/batch-{instance.batch_id}/{filename}"


class DestructionAuthority(models.Model):
    """What California Government Code §34090 asks before a city destroys records (issue 16.4): the
    legislative body's resolution and the city attorney's written consent, each with its document, and the
    retention commander's sign-off (3xx.7). A batch of a department whose pack requires them is approved only
    with all three; the certificate of destruction lists them."""

    batch = models.OneToOneField(DispositionBatch, on_delete=models.PROTECT, related_name="authority")
    resolution_number = models.CharField(max_length=60)
    resolution_date = models.DateField()
    resolution_document = models.FileField(upload_to=authority_file_path, max_length=300)
    resolution_sha256 = models.CharField(max_length=64)
    counsel_name = models.CharField(max_length=200)
    counsel_consent_date = models.DateField()
    counsel_document = models.FileField(upload_to=authority_file_path, max_length=300)
    counsel_sha256 = models.CharField(max_length=64)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signoff_note = models.TextField(max_length=limits.NOTE, blank=True)

    class Meta:
        verbose_name_plural = "destruction authorities"

    def __str__(self):
        return f"Authority to destroy {self.batch}"

    @property
    def signed_off(self) -> bool:
        return self.signed_off_at is not None
