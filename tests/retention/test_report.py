"""The retention report (§322.7): every record, its series, dates, hold status and disposition."""

import io
from datetime import timedelta

import pytest
from django.test import TestCase
from django.utils import timezone

from posts.choices import AccountKind
from retention import disposition, exports, services
from retention.choices import ExportStatus
from retention.models import ReportExport
from retention.report import COLUMNS, Report, ReportFilters, write_pdf
from tests.conftest import make_account

from .conftest import make_posts, with_authority

pytestmark = pytest.mark.django_db


def rows(member, **filters):
    return list(Report(member, ReportFilters(**filters)).rows())


def test_every_record_with_its_dates_status_and_disposition(department, custodian, pio, records_account):
    old = make_posts(department, pio, [records_account], 1)[0]
    new = make_posts(department, pio, [records_account], 1, age_days=10)[0]
    report = {(r["series"], r["record_id"]): r for r in rows(custodian)}
    row = report[("unpublished_drafts", old.pk)]
    assert set(row) == set(COLUMNS)
    trigger = timezone.localdate(old.created_at)
    assert row["trigger"] == "created" and row["trigger_date"] == trigger
    assert row["eligible_on"] == trigger + timedelta(days=731) and row["status"] == "eligible"
    assert row["accounts"] == "Facebook OakleyRecords" and row["disposition"] == "destroy"
    assert report[("unpublished_drafts", new.pk)]["status"] == "retained"
    # Audit events are records too, kept permanently.
    events = [r for r in report.values() if r["series"] == "audit_events"]
    assert events and all(r["eligible_on"] is None and r["disposition"] == "keep" for r in events)


def test_held_proposed_and_destroyed_statuses(department, custodian, pio, records_account, second_account):
    held = make_posts(department, pio, [records_account], 1)[0]
    services.place_hold(by=custodian, matter="Smith", reason="R", posts=[held])
    proposed = make_posts(department, pio, [second_account], 2)
    batch = disposition.propose(department=department)
    report = {r["record_id"]: r for r in rows(custodian, series=["unpublished_drafts"])}
    assert report[held.pk]["status"] == "held" and report[held.pk]["holds"] == "Smith"
    assert {report[p.pk]["status"] for p in proposed} == {"proposed"}
    assert report[proposed[0].pk]["batch"] == batch.pk
    with_authority(batch)
    with TestCase.captureOnCommitCallbacks(execute=True):
        disposition.approve(by=custodian, batch=batch)
    report = {r["record_id"]: r for r in rows(custodian, series=["unpublished_drafts"])}
    assert report[proposed[0].pk]["status"] == "destroyed" and len(report[proposed[0].pk]["sha256"]) == 64
    assert report[proposed[0].pk]["accounts"] == ""  # the post and its links are gone; the tombstone stays
    destroyed = rows(custodian, status="destroyed")
    assert sorted(r["record_id"] for r in destroyed) == [p.pk for p in proposed]
    assert [r["record_id"] for r in rows(custodian, status="held")] == [held.pk]


def test_filters_by_series_account_and_trigger_date(department, custodian, pio, records_account, second_account):
    a = make_posts(department, pio, [records_account], 1, age_days=100)[0]
    b = make_posts(department, pio, [second_account], 1, age_days=300)[0]
    assert {r["record_id"] for r in rows(custodian, series=["unpublished_drafts"])} == {a.pk, b.pk}
    assert [r["record_id"] for r in rows(custodian, account=second_account.pk)] == [b.pk]
    today = timezone.localdate()
    assert [
        r["record_id"] for r in rows(custodian, series=["unpublished_drafts"], date_from=today - timedelta(days=200))
    ] == [a.pk]
    assert [
        r["record_id"] for r in rows(custodian, series=["unpublished_drafts"], date_to=today - timedelta(days=200))
    ] == [b.pk]
    assert rows(custodian, series=["removed_posts"]) == []


def test_posts_to_covert_accounts_are_left_out_for_those_not_assigned(department, chief, custodian, pio, supervisor):
    covert = make_account(
        department, "oakley_cover", approved_by=chief, kind=AccountKind.COVERT, monitoring_supervisor=supervisor
    )
    post = make_posts(department, pio, [covert], 1)[0]
    assert post.pk not in {r["record_id"] for r in rows(custodian, series=["unpublished_drafts"])}
    assert post.pk in {r["record_id"] for r in rows(chief, series=["unpublished_drafts"])}


def test_filters_parse_and_refuse_bad_values():
    filters = ReportFilters.parse(
        {"series": "removed_posts,unpublished_drafts", "account": "3", "date_from": "2025-01-02", "status": "held"}
    )
    assert filters.series == ["removed_posts", "unpublished_drafts"] and filters.account == 3
    assert ReportFilters.from_dict(filters.as_dict()) == filters
    with pytest.raises(Exception) as error:
        ReportFilters.parse({"account": "x", "date_to": "soon", "status": "gone"})
    assert set(error.value.message_dict) == {"account", "date_to", "status"}


def test_pdf_report(department, custodian, pio, records_account, tmp_path):
    make_posts(department, pio, [records_account], 3)
    report = Report(custodian, ReportFilters())
    path = tmp_path / "report.pdf"
    assert write_pdf(report, report.rows(), str(path)) == report.count()
    assert path.read_bytes().startswith(b"%PDF")


def test_export_job_writes_the_file_and_records_its_hash(department, custodian, pio, records_account):
    make_posts(department, pio, [records_account], 4)
    with TestCase.captureOnCommitCallbacks(execute=True):
        export = exports.create_export(by=custodian, format="csv", filters=ReportFilters(series=["unpublished_drafts"]))
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE and export.rows_done == export.rows_total == 4
    with export.file.open("rb") as handle:
        data = handle.read()
    import hashlib

    assert hashlib.sha256(data).hexdigest() == export.sha256
    assert len(io.StringIO(data.decode()).readlines()) == 5
    assert exports.run_export(export.pk) == "already taken"


def test_a_failed_export_says_why(department, custodian, monkeypatch):
    export = ReportExport.objects.create(department=department, requested_by=custodian, format="pdf")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(exports, "write", broken)
    with pytest.raises(RuntimeError):
        exports.run_export(export.pk)
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED and export.error == "disk full"
