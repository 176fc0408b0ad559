"""The records retention API under /api/v1/retention/ (§322.7): shapes, transitions, errors and who may do what."""

import csv
import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import TestCase
from django.utils import timezone

from audits.models import AuditEvent
from people.models import Member
from retention import disposition, services
from retention.choices import BatchStatus
from retention.models import DispositionBatch, LegalHold, RecordSeries, RecordsRequest, ReportExport
from tests.api.conftest import AuditCount, client_as
from tests.conftest import make_member

from .conftest import ROLES, VIEWERS, make_posts, with_authority

pytestmark = pytest.mark.django_db

API = "/api/v1/retention"


def expected(role, allowed, ok=200):
    if role == "anonymous":
        return 401
    return ok if role in allowed else 403


@pytest.fixture
def objects(world, department, custodian, pio, records_account):
    posts = make_posts(department, pio, [records_account], 3)
    hold = services.place_hold(by=custodian, matter="Smith v. City of Oakley", reason="Litigation", posts=[posts[0]])
    batch = with_authority(disposition.propose(department=department))
    request = services.open_request(
        by=custodian, requester="Oakley Press", received_on=timezone.localdate(), accounts=[records_account]
    )
    export = ReportExport.objects.create(department=department, requested_by=custodian, format="xlsx")
    series = RecordSeries.objects.get(department=department, key="removed_posts")
    return {"posts": posts, "hold": hold, "batch": batch, "request": request, "export": export, "series": series}


READS = [
    lambda o: f"{API}/series/",
    lambda o: f"{API}/series/{o['series'].pk}/",
    lambda o: f"{API}/holds/",
    lambda o: f"{API}/holds/{o['hold'].pk}/",
    lambda o: f"{API}/batches/",
    lambda o: f"{API}/batches/{o['batch'].pk}/",
    lambda o: f"{API}/requests/",
    lambda o: f"{API}/requests/{o['request'].pk}/",
    lambda o: f"{API}/requests/{o['request'].pk}/package/",
    lambda o: f"{API}/report/?format=csv",
    lambda o: f"{API}/report/?format=xlsx",
    lambda o: f"{API}/report/?format=pdf",
    lambda o: f"{API}/exports/",
    lambda o: f"{API}/exports/{o['export'].pk}/",
]


@pytest.mark.parametrize("read", range(len(READS)))
def test_reads_are_for_the_custodian_and_the_chief(as_role, objects, read, subtests):
    for role in ROLES:
        with subtests.test(role=role), transaction.atomic():
            response = as_role(role).get(READS[read](objects))
            assert response.status_code == expected(role, VIEWERS)
            transaction.set_rollback(True)


# (method, url, data, who may, status when allowed)
WRITES = {
    "patch-series": ("patch", lambda o: f"{API}/series/{o['series'].pk}/", {"retention_days": 800}, {"custodian"}, 200),
    "place-hold": (
        "post",
        lambda o: f"{API}/holds/",
        {"matter": "M", "reason": "R", "keywords": ["parade"]},
        VIEWERS,
        201,
    ),
    "reconfirm-hold": (
        "post",
        lambda o: f"{API}/holds/{o['hold'].pk}/reconfirm/",
        {"note": "Still needed"},
        VIEWERS,
        200,
    ),
    "release-hold": ("post", lambda o: f"{API}/holds/{o['hold'].pk}/release/", {"reason": "Settled"}, VIEWERS, 200),
    "approve": ("post", lambda o: f"{API}/batches/{o['batch'].pk}/approve/", {}, {"custodian"}, 200),
    "reject": ("post", lambda o: f"{API}/batches/{o['batch'].pk}/reject/", {"reason": "Wait"}, {"custodian"}, 200),
    "open-request": (
        "post",
        lambda o: f"{API}/requests/",
        {"requester": "Press", "received_on": "2026-01-05", "keywords": ["fire"]},
        VIEWERS,
        201,
    ),
    "extend": (
        "post",
        lambda o: f"{API}/requests/{o['request'].pk}/extend/",
        {"days": 3, "reason": "Volume"},
        VIEWERS,
        200,
    ),
    "close": ("post", lambda o: f"{API}/requests/{o['request'].pk}/close/", {"note": "Answered"}, VIEWERS, 200),
}


@pytest.mark.parametrize("write", list(WRITES))
def test_writes_role_matrix(as_role, objects, write, subtests):
    """Each persona tries each change on the same objects; every attempt is rolled back after it."""
    method, url, data, allowed, ok = WRITES[write]
    for role in ROLES:
        with subtests.test(role=role), transaction.atomic():
            with AuditCount() as audit:
                response = getattr(as_role(role), method)(url(objects), data, format="json")
            assert response.status_code == expected(role, allowed, ok), response.content[:300]
            if response.status_code >= 400:
                assert audit.written == 0
            transaction.set_rollback(True)


def test_propose_now(as_role, department, old_drafts, world):
    response = as_role("chief").post(f"{API}/batches/")
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "proposed" and body["record_count"] == 4
    assert body["series"][0]["series"] == "unpublished_drafts" and body["series"][0]["record_count"] == 4
    assert as_role("custodian").post(f"{API}/batches/").status_code == 409
    assert as_role("pio").post(f"{API}/batches/").status_code == 403


def test_propose_with_nothing_past_retention_is_204(as_role, world):
    assert as_role("custodian").post(f"{API}/batches/").status_code == 204


def test_series_shape_and_patch_below_the_legal_minimum(as_role, world, department):
    client = as_role("custodian")
    series = client.get(f"{API}/series/").json()
    assert [s["key"] for s in series] == [
        "published_posts",
        "removed_posts",
        "unpublished_drafts",
        "approval_records",
        "removal_investigations",
        "content_reports",
        "captured_comments",
        "captured_posts",
        "audit_events",
        "policy_acknowledgments",
        "permission_requests",
        "conduct_reviews",
        "background_investigations",
    ]
    removed = series[1]
    assert removed == {
        "id": removed["id"],
        "key": "removed_posts",
        "name": "Posts removed from public view",
        "record_type": "post",
        "retention_days": 731,
        "trigger": "removed",
        "disposition": "destroy",
        "note": "",
        "legal_minimum_days": 731,
        "legal_minimum_citation": "California Government Code §34090",
    }
    with AuditCount() as audit:
        response = client.patch(f"{API}/series/{removed['id']}/", {"retention_days": 730}, format="json")
    assert response.status_code == 400 and audit.written == 0
    assert response.json() == {
        "retention_days": [
            "At least 731 days (24 months): California Government Code §34090 forbids disposing of these "
            "records sooner (§322.7)."
        ]
    }
    response = client.patch(
        f"{API}/series/{removed['id']}/", {"retention_days": 1000, "trigger": "created"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["retention_days"] == 1000 and response.json()["trigger"] == "removed"
    audit_events = next(s for s in series if s["key"] == "audit_events")
    response = client.patch(f"{API}/series/{audit_events['id']}/", {"disposition": "destroy"}, format="json")
    assert response.status_code == 400 and "append-only" in response.json()["disposition"][0]


def test_holds_api(as_role, world, records_account, department, pio):
    posts = make_posts(department, pio, [records_account], 2)
    client = as_role("custodian")
    response = client.post(
        f"{API}/holds/",
        {
            "matter": "Smith v. City",
            "reason": "Litigation",
            "requested_by": "Counsel",
            "accounts": [records_account.pk],
            "date_from": "2020-01-01",
            "keywords": ["fire", " fire "],
            "posts": [posts[0].pk],
        },
        format="json",
    )
    assert response.status_code == 201
    hold = response.json()
    assert hold["active"] is True and hold["keywords"] == ["fire"] and hold["accounts"] == [records_account.pk]
    assert hold["posts"] == [posts[0].pk] and hold["created_by"] == world.custodian.pk and hold["request"] is None
    assert client.post(f"{API}/holds/", {"matter": "M", "reason": "R"}, format="json").json() == {
        "accounts": ["Say what it covers: accounts, a date range, keywords or posts."]
    }
    assert (
        client.post(
            f"{API}/holds/", {"matter": "M", "reason": "R", "accounts": [world.other_account.pk]}, format="json"
        ).status_code
        == 400
    )
    response = client.post(f"{API}/holds/{hold['id']}/release/", {"reason": ""}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    response = client.post(f"{API}/holds/{hold['id']}/release/", {"reason": "Settled"}, format="json")
    assert response.status_code == 200 and response.json()["active"] is False
    assert client.post(f"{API}/holds/{hold['id']}/release/", {"reason": "Again"}, format="json").status_code == 409
    assert client.get(f"{API}/holds/?active=true").json()["count"] == 0


def test_batches_api_approve_executes_and_certifies(as_role, world, department, old_drafts):
    batch = disposition.propose(department=department)
    assert as_role("chief").post(f"{API}/batches/{batch.pk}/approve/").json() == {
        "detail": "Only the records custodian approves a disposition (§322.7)."
    }
    with_authority(batch)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = as_role("custodian").post(f"{API}/batches/{batch.pk}/approve/", {"note": "ok"}, format="json")
    assert response.status_code == 200
    body = as_role("custodian").get(f"{API}/batches/{batch.pk}/").json()
    assert body["status"] == "completed" and body["disposed_count"] == 4
    certificate = body["certificate"]
    assert certificate["summary"] == {"disposed": 4, "destroyed": 4, "transferred": 0, "not_disposed": 0}
    response = as_role("chief").get(certificate["json"])
    data = b"".join(response.streaming_content)
    assert response["X-Content-SHA256"] == certificate["json_sha256"]
    assert sorted(r["id"] for r in json.loads(data)["records"]) == [p.pk for p in old_drafts]
    response = as_role("custodian").get(certificate["pdf"])
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert as_role("custodian").post(f"{API}/batches/{batch.pk}/approve/").status_code == 409
    assert as_role("custodian").post(f"{API}/batches/{batch.pk}/reject/", {"reason": "x"}).status_code == 409


def test_reject_needs_a_reason(as_role, world, department, old_drafts):
    batch = disposition.propose(department=department)
    response = as_role("custodian").post(f"{API}/batches/{batch.pk}/reject/", {"reason": " "}, format="json")
    assert response.status_code == 400
    response = as_role("custodian").post(f"{API}/batches/{batch.pk}/reject/", {"reason": "Not yet"}, format="json")
    assert response.json()["status"] == BatchStatus.REJECTED and response.json()["decision_note"] == "Not yet"


def test_the_chief_is_refused_a_rejection_before_the_reason_is_read(as_role, world, department, old_drafts):
    batch = disposition.propose(department=department)
    for data in ({}, {"reason": "Not yet"}):
        response = as_role("chief").post(f"{API}/batches/{batch.pk}/reject/", data, format="json")
        assert response.status_code == 403 and "custodian" in response.json()["detail"]
    assert DispositionBatch.objects.get(pk=batch.pk).status == BatchStatus.PROPOSED


def test_report_csv_streams_every_record(as_role, world, department, pio, records_account):
    old = make_posts(department, pio, [records_account], 3)
    recent = make_posts(department, pio, [records_account], 2, age_days=10)
    services.place_hold(by=world.custodian, matter="Smith", reason="Litigation", posts=[old[0]])
    response = as_role("custodian").get(f"{API}/report/", {"format": "csv", "series": "unpublished_drafts"})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Disposition"].startswith('attachment; filename="retention-report-oakley-')
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    by_id = {int(r["Record id"]): r for r in rows}
    assert set(by_id) == {p.pk for p in old + recent}
    assert by_id[old[0].pk]["Status"] == "held" and by_id[old[0].pk]["Legal holds"] == "Smith"
    assert by_id[old[1].pk]["Status"] == "eligible" and by_id[recent[0].pk]["Status"] == "retained"
    assert by_id[old[1].pk]["Accounts"] == "Facebook OakleyRecords" and by_id[old[1].pk]["Disposition"] == "destroy"
    response = as_role("custodian").get(f"{API}/report/", {"format": "csv", "status": "held"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [int(r["Record id"]) for r in rows] == [old[0].pk]


def test_report_rejects_bad_filters(as_role, world):
    response = as_role("custodian").get(f"{API}/report/", {"format": "doc", "status": "lost", "date_from": "May"})
    assert response.status_code == 400
    assert set(response.json()) == {"format", "status", "date_from"}


def test_large_xlsx_report_is_a_job(as_role, world, department, pio, records_account, monkeypatch):
    from retention import exports

    monkeypatch.setattr(exports, "INLINE_ROWS", 1)
    make_posts(department, pio, [records_account], 3)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = as_role("chief").get(f"{API}/report/", {"format": "xlsx"})
    assert response.status_code == 202
    export = response.json()
    assert response["Location"] == f"{API}/exports/{export['id']}/"
    body = as_role("chief").get(response["Location"]).json()
    assert body["status"] == "done" and body["percent"] == 100 and body["rows_done"] == body["rows_total"]
    download = as_role("chief").get(body["download"])
    data = b"".join(download.streaming_content)
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Series", "Series name", "Record type") and len(rows) >= 4
    assert AuditEvent.objects.filter(action="retention.export.complete").count() == 1


def test_requests_api(as_role, world, records_account):
    client = as_role("custodian")
    response = client.post(
        f"{API}/requests/",
        {
            "requester": "Oakley Press",
            "received_on": "2026-01-05",
            "accounts": [records_account.pk],
            "place_hold": True,
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["due_on"] == "2026-01-15" and body["hold"] is not None and body["status"] == "open"
    hold = LegalHold.objects.get(pk=body["hold"])
    assert list(hold.accounts.all()) == [records_account] and hold.requested_by == "Oakley Press"
    assert client.get(f"{API}/holds/{hold.pk}/").json()["request"] == body["id"]
    url = f"{API}/requests/{body['id']}/extend/"
    assert client.post(url, {"days": 15, "reason": "x"}, format="json").status_code == 400
    assert client.post(url, {"days": 10, "reason": ""}, format="json").status_code == 400
    assert client.post(url, {"days": 10, "reason": "Voluminous"}, format="json").json()["due_on"] == "2026-01-25"
    response = client.post(url, {"days": 5, "reason": "More"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "days": [
            "At most 14 days' extension in all (California Public Records Act, Government Code §7922.535); 4 left."
        ]
    }
    assert client.post(url, {"days": 4, "reason": "More"}, format="json").json()["due_on"] == "2026-01-29"
    assert client.get(f"{API}/requests/?overdue=true").json()["count"] == 1
    closed = client.post(f"{API}/requests/{body['id']}/close/", {"note": "Sent"}, format="json")
    assert closed.json()["status"] == "closed"
    assert client.post(url, {"days": 1, "reason": "x"}, format="json").status_code == 409
    assert (
        client.post(f"{API}/requests/", {"requester": "", "received_on": "2999-01-01"}, format="json").status_code
        == 400
    )


def test_package_endpoint_returns_the_zip(as_role, world, records_request, department, pio, records_account):
    make_posts(department, pio, [records_account], 2)
    response = as_role("chief").get(f"{API}/requests/{records_request.pk}/package/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    package = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    manifest = json.loads(package.read("manifest.json"))
    assert manifest["package_sha256"] == response["X-Package-SHA256"]
    assert manifest["counts"]["posts"] == 2
    event = AuditEvent.objects.get(action="retention.request.package")
    assert event.after["package_sha256"] == manifest["package_sha256"] and event.actor == world.chief


@pytest.mark.parametrize(
    "url",
    [
        lambda o: f"{API}/series/{o['series'].pk}/",
        lambda o: f"{API}/holds/{o['hold'].pk}/",
        lambda o: f"{API}/batches/{o['batch'].pk}/",
        lambda o: f"{API}/requests/{o['request'].pk}/",
        lambda o: f"{API}/exports/{o['export'].pk}/",
        lambda o: f"{API}/requests/{o['request'].pk}/package/",
    ],
)
def test_another_departments_objects_are_not_found(objects, other_department, url):
    other = make_member(other_department, "custodian", "custodian")
    assert client_as(other).get(url(objects)).status_code == 404


def test_another_departments_hold_cannot_be_reconfirmed(objects, other_department):
    other = make_member(other_department, "custodian", "custodian")
    with AuditCount() as audit:
        response = client_as(other).post(f"{API}/holds/{objects['hold'].pk}/reconfirm/", {"note": "x"}, format="json")
    assert response.status_code == 404 and audit.written == 0
    assert LegalHold.objects.get(pk=objects["hold"].pk).confirmed_at is None


def test_reconfirm_a_hold_over_the_api(as_role, world, records_account):
    client = as_role("custodian")
    body = client.post(
        f"{API}/holds/",
        {"matter": "Smith v. City", "reason": "Litigation", "accounts": [records_account.pk]},
        format="json",
    ).json()
    today = timezone.localdate()
    assert body["confirmed_at"] is None and body["confirmed_by"] is None and body["confirmation_note"] == ""
    assert body["reconfirm_due_on"] == str(today + timedelta(days=90))
    url = f"{API}/holds/{body['id']}/reconfirm/"
    response = as_role("chief").post(url, {"note": "Counsel: still open.", "confirmed_by": world.pio.pk}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["confirmed_by"] == world.chief.pk and body["confirmed_at"] is not None
    assert body["confirmation_note"] == "Counsel: still open." and body["active"] is True
    assert body["reconfirm_due_on"] == str(timezone.localdate() + timedelta(days=90))
    assert as_role("custodian").post(url, {}, format="json").json()["confirmation_note"] == ""  # the note is optional
    assert client.post(f"{API}/holds/{body['id']}/release/", {"reason": "Settled"}, format="json").status_code == 200
    with AuditCount() as audit:
        response = client.post(url, {"note": "Again"}, format="json")
    assert response.status_code == 409 and audit.written == 0
    assert response.json()["code"] == "invalid_transition" and "released" in response.json()["detail"]
    assert client.get(f"{API}/holds/{body['id']}/").json()["reconfirm_due_on"] is None


def test_another_departments_batch_cannot_be_approved(objects, other_department):
    other = make_member(other_department, "custodian", "custodian")
    assert client_as(other).post(f"{API}/batches/{objects['batch'].pk}/approve/").status_code == 404
    assert DispositionBatch.objects.get(pk=objects["batch"].pk).status == BatchStatus.PROPOSED


def test_lists_show_only_the_department(objects, other_department):
    other = make_member(other_department, "custodian", "custodian")
    client = client_as(other)
    assert client.get(f"{API}/holds/").json()["count"] == 0
    assert client.get(f"{API}/batches/").json()["count"] == 0
    assert client.get(f"{API}/requests/").json()["count"] == 0
    assert {s["key"] for s in client.get(f"{API}/series/").json()} >= {"removed_posts"}
    assert all(s["id"] != objects["series"].pk for s in client.get(f"{API}/series/").json())


# Query counts (STYLE.md §8): the same for 3 rows as for 30.

SIZES = [3, 30]


def fresh(member):
    return Member.objects.get(pk=member.pk)


@pytest.mark.parametrize("size", SIZES)
def test_holds_list_queries(size, custodian, records_account, django_assert_max_num_queries):
    for n in range(size):
        services.place_hold(by=custodian, matter=f"Matter {n}", reason="R", accounts=[records_account])
    client = client_as(fresh(custodian))
    # 1 the requester's groups (roles) 2 count 3 the page of holds with their records requests
    # 4 their accounts 5 their posts 6 the members whose conduct records they hold (issue 15)
    with django_assert_max_num_queries(6):
        response = client.get(f"{API}/holds/")
    assert response.json()["count"] == size


@pytest.mark.parametrize("size", SIZES)
def test_requests_list_queries(size, custodian, records_account, django_assert_max_num_queries):
    for n in range(size):
        services.open_request(
            by=custodian, requester=f"Requester {n}", received_on=timezone.localdate(), accounts=[records_account]
        )
    client = client_as(fresh(custodian))
    # 1 the requester's groups 2 count 3 the page of requests 4 their accounts 5 their posts
    with django_assert_max_num_queries(5):
        response = client.get(f"{API}/requests/")
    assert response.json()["count"] == size


@pytest.mark.parametrize("size", SIZES)
def test_batches_list_queries(size, custodian, department, django_assert_max_num_queries):
    series = RecordSeries.objects.filter(department=department, key="removed_posts").get()
    for _ in range(size):
        batch = DispositionBatch.objects.create(
            department=department, cutoff_on=timezone.localdate(), status=BatchStatus.REJECTED
        )
        batch.parts.create(
            series=series,
            record_type=1,
            retention_days=731,
            trigger="removed",
            disposition="destroy",
            boundary=timezone.now(),
        )
    client = client_as(fresh(custodian))
    # 1 the requester's groups 2 count 3 the page of batches with their certificates 4 their series
    with django_assert_max_num_queries(4):
        response = client.get(f"{API}/batches/")
    assert response.json()["count"] == size


def test_series_list_queries(custodian, django_assert_max_num_queries):
    client = client_as(fresh(custodian))
    # 1 the requester's groups 2 the series with their schedules and department
    with django_assert_max_num_queries(2):
        response = client.get(f"{API}/series/")
    assert len(response.json()) == 13


def test_audit_count_for_each_write(as_role, objects):
    # Every state change writes exactly one audit event in its transaction.
    client = as_role("custodian")
    for name, (method, url, data, _, ok) in WRITES.items():
        if name == "reject":  # the batch was approved just before
            continue
        with AuditCount() as audit:
            response = getattr(client, method)(url(objects), data, format="json")
        assert response.status_code == ok, (url(objects), response.content)
        assert audit.written == (2 if "place_hold" in data else 1), url(objects)
    assert RecordsRequest.objects.filter(status="closed").count() == 1


@pytest.mark.parametrize("size", SIZES)
def test_exports_list_queries(size, custodian, department, django_assert_max_num_queries):
    ReportExport.objects.bulk_create(
        [ReportExport(department=department, requested_by=custodian, format="csv") for _ in range(size)]
    )
    client = client_as(fresh(custodian))
    # 1 the requester's groups 2 count 3 the page of exports
    with django_assert_max_num_queries(3):
        response = client.get(f"{API}/exports/")
    assert response.json()["count"] == size
