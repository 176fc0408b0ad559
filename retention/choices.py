from django.db import models


class RecordType(models.IntegerChoices):
    """The kinds of record the series govern. Stored as a small integer: the tombstone table holds
    one row per record ever disposed of, and its unique (record_type, object_id) index stays narrow."""

    POST = 1, "Post"
    APPROVAL = 2, "Approval decision"
    INVESTIGATION = 3, "Removal investigation"
    REPORT = 4, "Content report"
    AUDIT_EVENT = 5, "Audit event"
    OVERRIDE = 6, "Flag override"
    COMMENT = 7, "Captured comment"
    CAPTURED_POST = 8, "Captured post"
    # Members' conduct records (issue 15; the conduct app), each on a series of its own.
    ACKNOWLEDGMENT = 9, "Policy acknowledgment"
    PERMISSION_REQUEST = 10, "Permission request"
    CONDUCT_REVIEW = 11, "Personal-use review"
    VETTING_CANDIDATE = 12, "Background investigation"

    @property
    def slug(self) -> str:
        return self.name.lower()

    @classmethod
    def from_slug(cls, slug: str) -> "RecordType":
        return cls[slug.upper()]


class Trigger(models.TextChoices):
    """The event that starts a record's retention period."""

    CREATED = "created", "Created"
    PUBLISHED = "published", "Published"
    REMOVED = "removed", "Removed from public view"
    CLOSED = "closed", "Closed"
    CAPTURED = "captured", "Captured"


class Disposition(models.TextChoices):
    DESTROY = "destroy", "Destroy"
    TRANSFER = "transfer", "Transfer to the archive"
    KEEP = "keep", "Keep permanently"

    @classmethod
    def disposing(cls):
        """Dispositions that take the record out of the system."""
        return [cls.DESTROY, cls.TRANSFER]


class BatchStatus(models.TextChoices):
    PROPOSED = "proposed", "Awaiting the custodian"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    EXECUTING = "executing", "Executing"
    COMPLETED = "completed", "Completed"

    @classmethod
    def open(cls):
        """Batches whose records are spoken for: no other batch proposes them."""
        return [cls.PROPOSED, cls.APPROVED, cls.EXECUTING]


class ExclusionReason(models.TextChoices):
    HELD_AT_PROPOSAL = "held_at_proposal", "Under a legal hold when the batch was proposed"
    HELD_AT_EXECUTION = "held_at_execution", "Under a legal hold when the batch was executed"


class RecordStatus(models.TextChoices):
    """A record's place in its schedule, as the retention report shows it."""

    RETAINED = "retained", "Retained"
    ELIGIBLE = "eligible", "Eligible for disposition"
    HELD = "held", "Under legal hold"
    PROPOSED = "proposed", "In a disposition batch"
    DESTROYED = "destroyed", "Destroyed"
    TRANSFERRED = "transferred", "Transferred to the archive"


class RequestStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (XLSX)"
    PDF = "pdf", "PDF"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"
