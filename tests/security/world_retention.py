"""The retention records of the security tests' world (tests/security/world.py).

Oakley's are made through retention's services as the app makes them: two drafts past retention are
proposed and the custodian rejects the batch; they are proposed again, approved and executed (what the
worker runs once the approval commits), so that batch is completed with its certificate of destruction;
two more are proposed and await the custodian; a legal hold covers the published post and the chief has
re-confirmed it; a records request is open and extended, another answered and its hold released; a report
export has been written by its job (what the Celery task runs), so it can be downloaded. Azusa's only need
to exist.
"""

from datetime import timedelta

from django.utils import timezone

from retention import disposition, exports, services
from retention.choices import BatchStatus, ExportFormat, ExportStatus
from retention.models import (
    Certificate,
    DispositionBatch,
    LegalHold,
    RecordSeries,
    RecordsRequest,
    ReportExport,
    RetentionSchedule,
)
from retention.report import ReportFilters
from tests.retention.conftest import make_posts, with_authority

# The series the schedule routes name: removed posts, destroyed after Oakley's (and Azusa's) two years.
SERIES = "removed_posts"


def build(w) -> None:
    """Add to `w` (Oakley) every retention record the matrix rows name."""
    make_posts(w.department, w.pio, [w.account], 2)  # past retention
    w.rejected_batch = disposition.reject(
        by=w.custodian, reason="Wait for counsel.", batch=disposition.propose(department=w.department, by=w.custodian)
    )
    batch = with_authority(disposition.propose(department=w.department, by=w.custodian))
    disposition.approve(by=w.custodian, batch=batch, note="Past retention; nothing held.")
    disposition.execute(batch.pk)
    w.completed_batch = DispositionBatch.objects.get(pk=batch.pk)
    assert w.completed_batch.status == BatchStatus.COMPLETED and w.completed_batch.certificate
    make_posts(w.department, w.pio, [w.account], 2)
    w.proposed_batch = disposition.propose(department=w.department, by=w.custodian)
    w.legal_hold = services.place_hold(
        by=w.custodian,
        matter="Smith v. City of Oakley",
        reason="Litigation hold.",
        requested_by="City Attorney",
        posts=[w.published],
        keywords=["Vista Road"],
    )
    w.legal_hold = services.reconfirm_hold(by=w.chief, hold=w.legal_hold, note="Counsel confirms the case is open.")
    records_request = services.open_request(
        by=w.chief,
        requester="Oakley Press",
        received_on=timezone.localdate(),
        description="Every post about the Vista Road fire.",
        accounts=[w.account],
    )
    w.records_request = services.extend_request(
        by=w.chief, request=records_request, days=3, reason="Voluminous records."
    )
    answered = services.open_request(
        by=w.custodian,
        requester="Vista Road resident",
        place_hold=True,
        received_on=timezone.localdate(),
        keywords=["Vista Road"],
    )
    w.closed_request = services.close_request(by=w.custodian, request=answered, note="Sent the posts.")
    w.released_hold = services.release_hold(by=w.custodian, hold=answered.hold, reason="The request is answered.")
    export = exports.create_export(by=w.custodian, format=ExportFormat.CSV, filters=ReportFilters.parse({}))
    exports.run_export(export.pk)
    w.report_export = ReportExport.objects.get(pk=export.pk)
    assert w.report_export.status == ExportStatus.DONE
    w.record_series = RecordSeries.objects.get(department=w.department, key=SERIES)


def extra_pages(w) -> list[str]:
    """The states a retention page shows beyond the rows' records (test_abuse.py's CSRF and XSS tests)."""
    return [
        f"/retention/batches/{w.rejected_batch.pk}/",
        f"/retention/batches/{w.completed_batch.pk}/",
        f"/retention/requests/{w.closed_request.pk}/",
        f"/retention/holds/{w.released_hold.pk}/",
    ]


def build_other(w, other) -> None:
    """Add to `other` (Azusa) one record of each of those kinds."""
    d, chief = w.other_department, w.other_chief
    today, now = timezone.localdate(), timezone.now()
    other.record_series = RecordSeries.objects.get(department=d, key=SERIES)
    other.proposed_batch = DispositionBatch.objects.create(department=d, cutoff_on=today)
    other.completed_batch = DispositionBatch.objects.create(
        department=d,
        cutoff_on=today,
        status=BatchStatus.COMPLETED,
        decided_by=chief,
        decided_at=now,
        started_at=now,
        completed_at=now,
    )
    Certificate.objects.create(
        batch=other.completed_batch,
        issued_at=now,
        json_file="retention/none.json",
        json_sha256="0" * 64,
        pdf_file="retention/none.pdf",
        pdf_sha256="0" * 64,
    )
    other.legal_hold = LegalHold.objects.create(
        department=d, matter="Azusa matter", reason="x", keywords=["x"], created_by=chief
    )
    other.records_request = RecordsRequest.objects.create(
        department=d,
        requester="Azusa Press",
        received_on=today,
        due_on=today + timedelta(days=10),
        keywords=["x"],
        created_by=chief,
    )
    other.report_export = ReportExport.objects.create(
        department=d, requested_by=chief, format=ExportFormat.CSV, status=ExportStatus.DONE, file="retention/none.csv"
    )


def fill_with_payload(w, text: str) -> None:
    """Store `text` in every retention text field a page shows (the XSS test)."""
    mine = {"department": w.department}
    RecordSeries.objects.filter(**mine).update(name=text[:200])
    RetentionSchedule.objects.filter(series__department=w.department).update(note=text)
    LegalHold.objects.filter(**mine).update(
        matter=text[:200],
        reason=text,
        requested_by=text[:200],
        keywords=[text],
        release_reason=text,
        confirmation_note=text,
    )
    RecordsRequest.objects.filter(**mine).update(
        requester=text[:200], description=text, extension_reason=text, keywords=[text], close_note=text
    )
    DispositionBatch.objects.filter(**mine).update(decision_note=text)
    ReportExport.objects.filter(**mine).update(error=text)
