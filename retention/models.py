"""Record series and their schedules, legal holds, disposition batches with their tombstones and
certificates, public-records requests and retention-report exports (3xx.7; general policy IV.A.7).

How a record knows its series and eligible date: nothing is copied into an index
table. A series names a kind of record and the event that starts its period
(retention.records.KINDS); its records are a query over the source table
(posts, approval decisions, investigations, content reports, audit events), and a
record's eligible date is the local date of its trigger plus the schedule's
days. A schedule change therefore applies at once to every record, no index can
drift from its source, and proposing or executing a disposition is a handful of
set-based statements per chunk rather than a write per record (the 1,000,000-record
benchmark in bench/retention_disposition.py). What a disposition leaves behind is
a Tombstone per record, the only per-record row this app writes.
"""

import math
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from posts.models import Post, PostRevision
from socialgov import limits

from .choices import (
    BatchStatus,
    Disposition,
    ExclusionReason,
    ExportFormat,
    ExportStatus,
    RecordType,
    RequestStatus,
    Trigger,
)
from .querysets import (
    DispositionBatchQuerySet,
    LegalHoldQuerySet,
    RecordSeriesQuerySet,
    RecordsRequestQuerySet,
    TombstoneQuerySet,
)


def months_to_days(months: int) -> int:
    """A policy's months as the days a schedule counts. A year is 365.25 days, rounded up, so 24 months
    is 731 days: no two-year span, leap day included, is cut short (Government Code §34090)."""
    return math.ceil(months * 365.25 / 12)


def start_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def date_window(field: str, date_from: date | None, date_to: date | None) -> Q:
    """`field` (a datetime) falls on a local day from `date_from` to `date_to`, both included."""
    q = Q()
    if date_from:
        q &= Q(**{f"{field}__gte": start_of_day(date_from)})
    if date_to:
        q &= Q(**{f"{field}__lt": start_of_day(date_to + timedelta(days=1))})
    return q


class RecordSeries(models.Model):
    """A kind of record the department keeps, with its retention schedule (3xx.7; general policy IV.A.7).

    Created from the department's policy pack ([[retention]]); the records custodian keeps the schedule.
    """

    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="record_series")
    key = models.SlugField(max_length=40, help_text='The pack\'s series key, e.g. "removed_posts".')
    name = models.CharField(max_length=200)
    record_type = models.PositiveSmallIntegerField(choices=RecordType.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RecordSeriesQuerySet.as_manager()

    class Meta:
        ordering = ["department", "id"]
        verbose_name_plural = "record series"
        constraints = [models.UniqueConstraint(fields=["department", "key"], name="unique_series_per_department")]

    def __str__(self):
        return self.name

    @property
    def record_type_slug(self) -> str:
        return RecordType(self.record_type).slug


class RetentionSchedule(models.Model):
    """How long a series is kept after the event that starts its period, and what happens then (3xx.7).

    For California departments nothing is destroyed before two years (Government Code §34090):
    retention.services.update_schedule refuses a shorter period, citing the department's minimum.
    """

    series = models.OneToOneField(RecordSeries, on_delete=models.CASCADE, related_name="schedule")
    retention_days = models.PositiveIntegerField()
    trigger = models.CharField(max_length=20, choices=Trigger.choices)
    disposition = models.CharField(max_length=20, choices=Disposition.choices)
    note = models.TextField(max_length=limits.NOTE, blank=True,
                            help_text="Why the schedule differs from the policy pack, if it does.")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.series}: {self.retention_days} days after {self.get_trigger_display().lower()}"

    def eligible_on(self, trigger_at: datetime | None) -> date | None:
        """The first day a record whose period started at `trigger_at` may be disposed of."""
        if trigger_at is None or self.disposition == Disposition.KEEP:
            return None
        return timezone.localdate(trigger_at) + timedelta(days=self.retention_days)

    def boundary(self, on: date) -> datetime:
        """Records whose trigger is before this instant are past retention on day `on`: eligible on
        D means local_date(trigger) + days <= D, that is trigger < the start of D - days + 1."""
        return start_of_day(on - timedelta(days=self.retention_days) + timedelta(days=1))


class Scope(models.Model):
    """What a legal hold or a records request covers: posts on some accounts, dated within a range,
    mentioning keywords (in any revision), and posts named one by one.

    The criteria given combine with AND; the posts named are covered whatever the criteria say.
    Records tied to a post (its approvals, investigation, reports) go with it.
    """

    date_from = models.DateField(null=True, blank=True)
    date_to = models.DateField(null=True, blank=True)
    keywords = models.JSONField(default=list, blank=True)

    class Meta:
        abstract = True

    def scope_ids(self) -> tuple[list[int], list[int]]:
        if not hasattr(self, "_scope_ids"):
            if hasattr(self, "_prefetched_objects_cache") and "accounts" in self._prefetched_objects_cache:
                accounts = [a.pk for a in self.accounts.all()]
                posts = [p.pk for p in self.posts.all()]
            else:
                accounts = list(self.accounts.values_list("pk", flat=True))
                posts = list(self.posts.values_list("pk", flat=True))
            self._scope_ids = (sorted(accounts), sorted(posts))
        return self._scope_ids

    def post_q(self) -> Q:
        """A Q on posts.Post for the posts this scope covers. Records tied to a post (approvals,
        investigations, reports) are covered through it: retention.records.Kind.scope_q."""
        account_ids, post_ids = self.scope_ids()
        criteria = []
        if account_ids:
            criteria.append(Q(Exists(Post.accounts.through.objects.filter(
                post_id=OuterRef("pk"), socialaccount_id__in=account_ids))))
        if self.date_from or self.date_to:
            criteria.append(date_window("created_at", self.date_from, self.date_to)
                            | date_window("published_at", self.date_from, self.date_to))
        if self.keywords:
            mentions = Q()
            for keyword in self.keywords:
                mentions |= Q(Exists(PostRevision.objects.filter(post_id=OuterRef("pk"), body__icontains=keyword)))
            criteria.append(mentions)
        covered = Q(pk__in=[])
        if criteria:
            covered = criteria[0]
            for criterion in criteria[1:]:
                covered &= criterion
        if post_ids:
            covered |= Q(pk__in=post_ids)
        return covered

    @property
    def has_scope(self) -> bool:
        account_ids, post_ids = self.scope_ids()
        return bool(account_ids or post_ids or self.date_from or self.date_to or self.keywords)

    def scope_text(self) -> str:
        account_ids, post_ids = self.scope_ids()
        parts = []
        if account_ids:
            parts.append("accounts " + ", ".join(str(a) for a in self.accounts.all()))
        if self.date_from or self.date_to:
            parts.append(f"dated {self.date_from or '…'} to {self.date_to or '…'}")
        if self.keywords:
            parts.append("mentioning " + ", ".join(f"“{k}”" for k in self.keywords))
        text = "posts on " + " and ".join(parts) if parts else ""
        if post_ids:
            named = "posts " + ", ".join(f"#{p}" for p in post_ids)
            text = f"{text}, and {named}" if text else named
        return text or "nothing"


class LegalHold(Scope):
    """A legal hold (e-discovery, an open-records request): every record it matches is frozen,
    including records created after it while it is active, whatever their schedule says
    (3xx.7; general policy IV.A.7)."""

    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="legal_holds")
    matter = models.CharField(max_length=200, help_text="The case, claim or request the hold is for.")
    reason = models.TextField(max_length=limits.NOTE)
    requested_by = models.CharField(max_length=200, blank=True, help_text="Who asked for the hold (counsel, a court).")
    accounts = models.ManyToManyField("posts.SocialAccount", blank=True, related_name="legal_holds")
    posts = models.ManyToManyField("posts.Post", blank=True, related_name="legal_holds")
    # Members whose conduct records the hold freezes (their acknowledgments, permission requests and the reviews
    # of them: a grievance, an impeachment motion; issue 15). Posts are not covered by naming a member.
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="legal_holds_on",
                                     help_text="Members whose conduct records the hold covers.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    release_reason = models.TextField(max_length=limits.NOTE, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True,
                                        help_text="When the hold was last re-confirmed as still needed.")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmation_note = models.TextField(max_length=limits.NOTE, blank=True)

    # An active hold is re-confirmed as still needed every this many days, counted from its last
    # re-confirmation (or from when it was placed); retention.reminders tells the custodian when it is due.
    RECONFIRM_DAYS = 90

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Legal hold #{self.pk}: {self.matter}"

    def scope_text(self) -> str:
        text = super().scope_text()
        members = [member.display_name for member in self.members.all()] if self.pk else []
        if not members:
            return text
        named = "the conduct records of " + ", ".join(members)
        return named if text == "nothing" else f"{text}, and {named}"

    @property
    def is_active(self) -> bool:
        return self.released_at is None

    @property
    def confirmed_since(self) -> date:
        """The local day the hold was last confirmed as needed: re-confirmed, or else placed."""
        return timezone.localdate(self.confirmed_at or self.created_at)

    @property
    def reconfirm_due_on(self) -> date | None:
        """The day the next re-confirmation is due; None once the hold is released."""
        return self.confirmed_since + timedelta(days=self.RECONFIRM_DAYS) if self.is_active else None

    def reconfirmation_overdue(self, today: date | None = None) -> bool:
        due = self.reconfirm_due_on
        return due is not None and due <= (today or timezone.localdate())


class DispositionBatch(models.Model):
    """Records past retention that no hold covers, proposed for disposition; the records custodian
    approves or rejects the batch, and an approved batch is executed by a Celery task (3xx.7).

    The batch is defined per series by a boundary (records whose trigger is before it) and the
    records held when it was proposed (DispositionExclusion): no new record can appear under an
    old boundary, so what the custodian reviewed is what is executed, less records held since.
    """

    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="disposition_batches")
    status = models.CharField(max_length=20, choices=BatchStatus.choices, default=BatchStatus.PROPOSED,
                              db_index=True)
    cutoff_on = models.DateField(help_text="Records eligible on this day were proposed.")
    proposed_at = models.DateTimeField(auto_now_add=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
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
        constraints = [
            models.UniqueConstraint(fields=["record_type", "object_id"], name="one_tombstone_per_record")
        ]
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


class RecordsRequest(Scope):
    """A public-records (California Public Records Act) or e-discovery request: who asked, when, what it
    covers and when the response is due (received plus 10 days, extendable once by up to 14 with a
    reason). Opening one can place a legal hold on its scope in the same step."""

    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="records_requests")
    requester = models.CharField(max_length=200)
    description = models.TextField(max_length=limits.TEXT, blank=True,
                                   help_text="What the requester asked for, in their words.")
    received_on = models.DateField()
    due_on = models.DateField()
    extension_days = models.PositiveSmallIntegerField(default=0)
    extension_reason = models.TextField(max_length=limits.NOTE, blank=True)
    accounts = models.ManyToManyField("posts.SocialAccount", blank=True, related_name="records_requests")
    posts = models.ManyToManyField("posts.Post", blank=True, related_name="records_requests")
    hold = models.OneToOneField(
        LegalHold, null=True, blank=True, on_delete=models.PROTECT, related_name="records_request"
    )
    status = models.CharField(max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    close_note = models.TextField(max_length=limits.NOTE, blank=True)

    objects = RecordsRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-id"]

    def __str__(self):
        return f"Records request #{self.pk} from {self.requester}"

    def days_left(self, on: date | None = None) -> int:
        return (self.due_on - (on or timezone.localdate())).days

    @property
    def is_overdue(self) -> bool:
        return self.status == RequestStatus.OPEN and self.days_left() < 0

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left())


class CovertInclusion(models.Model):
    """A records request whose package includes covert records (general policy IV.E; issue 16.1): left out by
    default; included only when the records custodian chooses to, with a reason, and the chief approves, with a
    reason. This replaces the unused `include_covert` parameter."""

    request = models.OneToOneField(RecordsRequest, on_delete=models.PROTECT, related_name="covert_inclusion")
    chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    chosen_at = models.DateTimeField()
    reason = models.TextField(max_length=limits.NOTE)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    approval_reason = models.TextField(max_length=limits.NOTE, blank=True)

    def __str__(self):
        return f"Covert records in the package of {self.request}"

    @property
    def approved(self) -> bool:
        return self.approved_at is not None


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
