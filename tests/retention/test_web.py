"""Browser pages for records retention (§322.7): who may see and do what, and what each page shows."""

import json
import zipfile
from io import BytesIO
from urllib.parse import quote

import pytest
from django.db import transaction
from django.test import TestCase
from django.urls import reverse
from django.utils.formats import date_format

from audits.models import AuditEvent
from posts.models import Post
from retention import disposition, services
from retention.choices import BatchStatus, ExportStatus
from retention.models import DispositionBatch, LegalHold, RecordSeries, RecordsRequest, ReportExport
from tests.api.conftest import AuditCount
from tests.web import login_redirect

from .conftest import ROLES, VIEWERS, make_posts, with_authority

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(world, custodian, records_account, department, pio):
    """One of everything the pages show, in Oakley."""
    posts = make_posts(department, pio, [records_account], 3)
    hold = services.place_hold(by=custodian, matter="Smith v. City of Oakley", reason="Litigation", posts=[posts[0]])
    batch = disposition.propose(department=department)
    request = services.open_request(
        by=custodian, requester="Oakley Press", received_on=posts[0].created_at.date(), accounts=[records_account]
    )
    export = ReportExport.objects.create(department=department, requested_by=custodian, format="csv")
    return {
        "post": posts[1],
        "hold": hold,
        "batch": batch,
        "request": request,
        "export": export,
        "series": RecordSeries.objects.get(department=department, key="removed_posts"),
    }


PAGES = {
    "home": (lambda o: reverse("retention-home"), VIEWERS),
    "schedule": (lambda o: reverse("retention-schedule-edit", args=[o["series"].pk]), {"custodian"}),
    "holds": (lambda o: reverse("retention-holds"), VIEWERS),
    "hold-new": (lambda o: reverse("retention-hold-new"), VIEWERS),
    "hold": (lambda o: reverse("retention-hold", args=[o["hold"].pk]), VIEWERS),
    "batches": (lambda o: reverse("retention-batches"), VIEWERS),
    "batch": (lambda o: reverse("retention-batch", args=[o["batch"].pk]), VIEWERS),
    "batch-records": (lambda o: reverse("retention-batch-records", args=[o["batch"].pk]), VIEWERS),
    "report": (lambda o: reverse("retention-report"), VIEWERS),
    "report-export": (lambda o: reverse("retention-report-export") + "?format=csv", VIEWERS),
    "export": (lambda o: reverse("retention-export", args=[o["export"].pk]), VIEWERS),
    "export-status": (lambda o: reverse("retention-export-status", args=[o["export"].pk]), VIEWERS),
    "requests": (lambda o: reverse("retention-requests"), VIEWERS),
    "request-new": (lambda o: reverse("retention-request-new"), VIEWERS),
    "request": (lambda o: reverse("retention-request", args=[o["request"].pk]), VIEWERS),
    "request-package": (lambda o: reverse("retention-request-package", args=[o["request"].pk]), VIEWERS),
    "post": (lambda o: reverse("retention-post", args=[o["post"].pk]), VIEWERS),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_page_role_matrix(client, world, objects, page, subtests):
    """Every persona against every page: the custodian and the chief see them (the schedule form is the
    custodian's alone), everyone else is refused (403), and the signed-out are sent to sign in."""
    url_of, allowed = PAGES[page]
    url = url_of(objects)
    for role in ROLES:
        with subtests.test(role=role), transaction.atomic():
            client.logout()
            if role != "anonymous":
                client.force_login(getattr(world, role))
            response = client.get(url)
            if role == "anonymous":
                path, _, query = url.partition("?")
                assert response.status_code == 302
                assert response.url == login_redirect(path) + (f"%3F{quote(query)}" if query else "")
            elif role in allowed:
                assert response.status_code == 200, response.content[:500]
            else:
                assert response.status_code == 403
            transaction.set_rollback(True)


@pytest.mark.parametrize(
    "page", ["schedule", "hold", "batch", "batch-records", "export", "export-status", "request", "request-package"]
)
def test_another_departments_records_are_not_found(client, objects, page, other_department, make_other_custodian):
    client.force_login(make_other_custodian)
    assert client.get(PAGES[page][0](objects)).status_code == 404


@pytest.fixture
def make_other_custodian(other_department):
    from people.roles import Role
    from tests.conftest import make_member

    return make_member(other_department, "custodian", Role.CUSTODIAN)


@pytest.mark.parametrize(
    ("role", "shown"), [("custodian", True), ("chief", True), ("pio", False), ("supervisor", False)]
)
def test_navigation_shows_records_to_the_custodian_and_chief(client, world, role, shown):
    client.force_login(getattr(world, role))
    html = client.get(reverse("dashboard")).content.decode()
    for label, name in [
        ("Records", "retention-home"),
        ("Legal holds", "retention-holds"),
        ("Dispositions", "retention-batches"),
        ("Retention report", "retention-report"),
        ("Records requests", "retention-requests"),
    ]:
        assert (f'href="{reverse(name)}"' in html and f">{label}</a>" in html) is shown


def test_home_lists_the_series_and_their_schedules(client, custodian):
    client.force_login(custodian)
    html = client.get(reverse("retention-home")).content.decode()
    assert "Posts removed from public view" in html and "731 days" in html
    assert "California Government Code §34090" in html and "§322.7" in html
    assert "Keep permanently" in html and "append-only" in html


def test_custodian_changes_a_schedule_and_is_refused_below_the_minimum(client, custodian, department):
    series = RecordSeries.objects.get(department=department, key="removed_posts")
    client.force_login(custodian)
    url = reverse("retention-schedule-edit", args=[series.pk])
    response = client.post(url, {"retention_days": 365, "disposition": "destroy"})
    assert response.status_code == 200
    assert "At least 731 days (24 months): California Government Code §34090 forbids" in response.content.decode()
    response = client.post(url, {"retention_days": 1095, "disposition": "transfer"})
    assert response.status_code == 302
    series.schedule.refresh_from_db()
    assert (series.schedule.retention_days, series.schedule.disposition) == (1095, "transfer")
    assert AuditEvent.objects.filter(action="retention.schedule.update").count() == 1


def test_chief_cannot_change_a_schedule(client, chief, department):
    series = RecordSeries.objects.get(department=department, key="removed_posts")
    client.force_login(chief)
    response = client.post(
        reverse("retention-schedule-edit", args=[series.pk]), {"retention_days": 2000, "disposition": "destroy"}
    )
    assert response.status_code == 403
    assert "Only the records custodian changes a retention schedule (§322.7)." in response.content.decode()


def test_place_and_release_a_hold_in_the_browser(client, custodian, records_account, department, pio):
    make_posts(department, pio, [records_account], 2, body="Parade route {i}")
    client.force_login(custodian)
    data = {
        "matter": "Records request 2026-7",
        "reason": "CPRA",
        "requested_by": "Oakley Press",
        "accounts": [records_account.pk],
        "keywords": "parade route\n",
        "posts": "",
        "date_from": "",
        "date_to": "",
    }
    # First the preview of what it covers (issue 14.6), then the hold.
    preview = client.post(reverse("retention-hold-new"), data).content.decode()
    assert "It will cover 2 records now" in preview and not LegalHold.objects.exists()
    response = client.post(reverse("retention-hold-new"), {**data, "place": "1"})
    hold = LegalHold.objects.get()
    assert response.status_code == 302 and response.url == reverse("retention-hold", args=[hold.pk])
    assert hold.keywords == ["parade route"] and list(hold.accounts.all()) == [records_account]
    html = client.get(response.url).content.decode()
    assert "Posts covered now: 2" in html
    assert client.post(response.url, {"reason": ""}).status_code == 200
    assert client.post(response.url, {"reason": "Request answered"}).status_code == 302
    hold.refresh_from_db()
    assert hold.released_at is not None and hold.release_reason == "Request answered"
    assert client.post(response.url, {"reason": "Again"}).status_code == 409


def test_reconfirm_role_matrix(client, world, objects, subtests):
    """Every persona re-confirms the same hold: the custodian and the chief may (back to the hold's page),
    everyone else is refused (403) and leaves no audit event; the signed-out are sent to sign in."""
    hold = objects["hold"]
    url = reverse("retention-hold-reconfirm", args=[hold.pk])
    for role in ROLES:
        with subtests.test(role=role), transaction.atomic():
            client.logout()
            if role != "anonymous":
                client.force_login(getattr(world, role))
            with AuditCount() as audit:
                response = client.post(url, {"note": "Still needed"})
            if role == "anonymous":
                assert response.status_code == 302 and response.url == login_redirect(url)
            elif role in VIEWERS:
                assert response.status_code == 302 and response.url == reverse("retention-hold", args=[hold.pk])
                assert LegalHold.objects.get(pk=hold.pk).confirmed_by == getattr(world, role)
            else:
                assert response.status_code == 403
            if role not in VIEWERS:
                assert audit.written == 0 and LegalHold.objects.get(pk=hold.pk).confirmed_at is None
            else:
                assert audit.written == 1
            transaction.set_rollback(True)


def test_another_departments_hold_cannot_be_reconfirmed(client, objects, make_other_custodian):
    client.force_login(make_other_custodian)
    assert client.post(reverse("retention-hold-reconfirm", args=[objects["hold"].pk])).status_code == 404
    assert LegalHold.objects.get(pk=objects["hold"].pk).confirmed_at is None


def test_reconfirm_a_hold_in_the_browser(client, custodian, chief, hold):
    client.force_login(custodian)
    url = reverse("retention-hold", args=[hold.pk])
    assert client.get(reverse("retention-hold-reconfirm", args=[hold.pk])).status_code == 405
    html = client.get(url).content.decode()
    assert "Re-confirm this hold" in html and ">Re-confirm legal hold</button>" in html
    assert f'action="{reverse("retention-hold-reconfirm", args=[hold.pk])}"' in html
    assert "Not re-confirmed since it was placed" in html and "Next re-confirmation due" in html
    assert "Re-confirmation overdue" not in html
    client.force_login(chief)
    response = client.post(
        reverse("retention-hold-reconfirm", args=[hold.pk]), {"note": "Counsel: the case is still open."}, follow=True
    )
    hold.refresh_from_db()
    due = date_format(hold.reconfirm_due_on)
    assert hold.confirmed_by == chief and hold.confirmation_note == "Counsel: the case is still open."
    html = response.content.decode()
    assert f"{hold} is re-confirmed; the next re-confirmation is due on {due}." in html
    assert f"by {chief.display_name}" in html and "Counsel: the case is still open." in html
    assert AuditEvent.objects.filter(action="retention.hold.reconfirm", actor=chief).count() == 1
    # The note is optional.
    assert client.post(reverse("retention-hold-reconfirm", args=[hold.pk]), {"note": ""}).status_code == 302
    assert AuditEvent.objects.filter(action="retention.hold.reconfirm").count() == 2


def test_a_released_hold_is_not_reconfirmed_409(client, custodian, hold):
    services.release_hold(by=custodian, hold=hold, reason="Settled")
    client.force_login(custodian)
    html = client.get(reverse("retention-hold", args=[hold.pk])).content.decode()
    assert "Re-confirm this hold" not in html and "Next re-confirmation due" not in html
    response = client.post(reverse("retention-hold-reconfirm", args=[hold.pk]), {"note": "Still needed"})
    assert response.status_code == 409 and "has been released" in response.content.decode()
    assert not AuditEvent.objects.filter(action="retention.hold.reconfirm").exists()


def test_holds_overdue_for_reconfirmation_are_shown(client, custodian, records_account):
    from datetime import timedelta

    from django.utils import timezone

    old = services.place_hold(by=custodian, matter="Old matter", reason="R", accounts=[records_account])
    fresh = services.place_hold(by=custodian, matter="Fresh matter", reason="R", accounts=[records_account])
    LegalHold.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=91))
    old.refresh_from_db()
    client.force_login(custodian)
    html = client.get(reverse("retention-holds")).content.decode()
    assert "1 hold in force is overdue for re-confirmation" in html
    assert html.count('<span class="status status--bad">Overdue</span>') == 1
    assert f"Due {date_format(fresh.reconfirm_due_on)}" in html
    html = client.get(reverse("retention-hold", args=[old.pk])).content.decode()
    assert "Re-confirmation overdue: it was due on" in html
    client.post(reverse("retention-hold-reconfirm", args=[old.pk]), {"note": ""})
    html = client.get(reverse("retention-holds")).content.decode()
    assert "overdue for re-confirmation" not in html and "Overdue</span>" not in html
    assert f"last by {custodian.display_name}" in html


def test_hold_form_shows_the_services_errors(client, custodian):
    client.force_login(custodian)
    response = client.post(
        reverse("retention-hold-new"), {"matter": "M", "reason": "R", "keywords": "", "posts": "999999"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "No such post: #999999." in html
    response = client.post(reverse("retention-hold-new"), {"matter": "M", "reason": "R", "keywords": "", "posts": ""})
    assert "Say what it covers" in response.content.decode()
    assert not LegalHold.objects.exists()


def test_custodian_approves_a_batch_in_the_browser(client, custodian, proposed):
    with_authority(proposed)
    client.force_login(custodian)
    html = client.get(reverse("retention-batch", args=[proposed.pk])).content.decode()
    assert ">Approve</button>" in html and ">Reject</button>" in html
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("retention-batch-approve", args=[proposed.pk]), {"note": "Reviewed"})
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == BatchStatus.COMPLETED
    html = client.get(reverse("retention-batch", args=[proposed.pk])).content.decode()
    assert "Certificate of destruction" in html and proposed.certificate.json_sha256 in html
    for kind, start in (("pdf", b"%PDF"), ("json", b"{")):
        response = client.get(reverse("retention-batch-certificate", args=[proposed.pk]) + f"?as={kind}")
        assert b"".join(response.streaming_content).startswith(start)
    assert client.post(reverse("retention-batch-approve", args=[proposed.pk])).status_code == 409


def test_a_destroyed_posts_page_shows_its_tombstone(client, custodian, proposed, old_drafts, make_other_custodian):
    with_authority(proposed)
    from retention.models import Tombstone

    client.force_login(custodian)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("retention-batch-approve", args=[proposed.pk]), {"note": "Reviewed"})
    destroyed = old_drafts[0].pk
    tombstone = Tombstone.objects.get(record_type=1, object_id=destroyed)
    html = client.get(reverse("retention-batch", args=[proposed.pk])).content.decode()
    assert reverse("retention-post", args=[destroyed]) in html
    response = client.get(reverse("retention-post", args=[destroyed]))
    html = response.content.decode()
    assert response.status_code == 200 and f"Post #{destroyed}" in html and "Destroyed on" in html
    assert tombstone.sha256 in html and all(sha256 in html for sha256 in tombstone.revision_hashes.split(","))
    assert reverse("retention-batch-certificate", args=[proposed.pk]) in html
    client.force_login(make_other_custodian)
    assert client.get(reverse("retention-post", args=[destroyed])).status_code == 404
    assert client.get(reverse("retention-post", args=[999999])).status_code == 404


def test_chief_sees_a_batch_but_cannot_approve_or_reject_it(client, chief, proposed):
    client.force_login(chief)
    html = client.get(reverse("retention-batch", args=[proposed.pk])).content.decode()
    assert ">Approve</button>" not in html and "only the custodian approves or rejects a disposition" in html
    assert client.post(reverse("retention-batch-approve", args=[proposed.pk])).status_code == 403
    assert client.post(reverse("retention-batch-reject", args=[proposed.pk]), {"reason": "No"}).status_code == 403
    proposed.refresh_from_db()
    assert proposed.status == BatchStatus.PROPOSED


def test_custodian_rejects_a_batch_with_a_reason(client, custodian, proposed):
    client.force_login(custodian)
    response = client.post(reverse("retention-batch-reject", args=[proposed.pk]), {"reason": ""}, follow=True)
    assert "Say why the batch is rejected." in response.content.decode()
    client.post(reverse("retention-batch-reject", args=[proposed.pk]), {"reason": "Counsel asked to wait"})
    proposed.refresh_from_db()
    assert proposed.status == BatchStatus.REJECTED and proposed.decision_note == "Counsel asked to wait"


def test_propose_now_from_the_browser(client, chief, department, old_drafts):
    client.force_login(chief)
    response = client.post(reverse("retention-batches"))
    batch = DispositionBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse("retention-batch", args=[batch.pk])
    assert batch.proposed_by == chief
    assert client.post(reverse("retention-batches")).status_code == 409


def test_batch_records_csv_lists_every_record(client, custodian, proposed, old_drafts):
    client.force_login(custodian)
    response = client.get(reverse("retention-batch-records", args=[proposed.pk]))
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0] == "series,record_type,record_id,trigger_at,sha256"
    assert [int(line.split(",")[2]) for line in lines[1:]] == [p.pk for p in old_drafts]


def test_report_page_filters_and_exports(client, custodian, department, pio, records_account, second_account):
    make_posts(department, pio, [records_account], 2)
    make_posts(department, pio, [second_account], 3, age_days=10)
    client.force_login(custodian)
    html = client.get(reverse("retention-report"), {"status": "eligible"}).content.decode()
    assert html.count('data-label="Series">Drafts never published') == 2
    html = client.get(reverse("retention-report"), {"account": second_account.pk}).content.decode()
    assert html.count('data-label="Series">Drafts never published') == 3
    response = client.get(reverse("retention-report-export"), {"format": "csv", "account": second_account.pk})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 4 and lines[0].startswith("Series,Series name,Record type")
    for kind, start in (("xlsx", b"PK"), ("pdf", b"%PDF")):
        response = client.get(reverse("retention-report-export"), {"format": kind})
        assert response.status_code == 200 and b"".join(response.streaming_content).startswith(start)


def test_large_export_runs_as_a_job_with_progress(
    client, custodian, department, pio, records_account, settings, monkeypatch
):
    from retention import exports

    monkeypatch.setattr(exports, "INLINE_ROWS", 2)
    make_posts(department, pio, [records_account], 5)
    client.force_login(custodian)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.get(reverse("retention-report-export"), {"format": "xlsx"})
    export = ReportExport.objects.get()
    assert response.status_code == 302 and response.url == reverse("retention-export", args=[export.pk])
    html = client.get(response.url).content.decode()
    assert "<progress" in html and "socialgov/retention.js" in html and "<script>" not in html
    status = client.get(reverse("retention-export-status", args=[export.pk])).json()
    assert status["status"] == ExportStatus.DONE and status["percent"] == 100 and status["rows_done"] >= 5
    assert status["download"] == reverse("retention-export-download", args=[export.pk])
    response = client.get(status["download"])
    assert b"".join(response.streaming_content).startswith(b"PK")


def test_record_a_request_with_a_hold_in_one_step(client, custodian, records_account):
    client.force_login(custodian)
    response = client.post(
        reverse("retention-request-new"),
        {
            "requester": "Oakley Press",
            "received_on": "2026-03-02",
            "description": "Posts about the parade",
            "accounts": [records_account.pk],
            "keywords": "",
            "posts": "",
            "date_from": "",
            "date_to": "",
            "place_hold": "on",
        },
    )
    request = RecordsRequest.objects.get()
    assert response.status_code == 302
    assert str(request.due_on) == "2026-03-12" and request.hold is not None
    assert list(request.hold.accounts.all()) == [records_account]
    html = client.get(response.url).content.decode()
    assert "Overdue: the response was due on" in html or "days left" in html
    response = client.post(response.url, {"action": "extend", "days": 15, "reason": "Unusual"})
    assert "Ensure this value is less than or equal to 14." in response.content.decode()
    client.post(reverse("retention-request", args=[request.pk]), {"action": "extend", "days": 14, "reason": "Unusual"})
    request.refresh_from_db()
    assert str(request.due_on) == "2026-03-26"
    client.post(reverse("retention-request", args=[request.pk]), {"action": "close", "note": "Answered"})
    request.refresh_from_db()
    assert request.status == "closed"
    assert (
        client.post(reverse("retention-request", args=[request.pk]), {"action": "close", "note": "Again"}).status_code
        == 409
    )


def test_request_package_download(client, custodian, records_request, department, pio, records_account):
    make_posts(department, pio, [records_account], 1, age_days=5)
    client.force_login(custodian)
    response = client.get(reverse("retention-request-package", args=[records_request.pk]))
    package = zipfile.ZipFile(BytesIO(b"".join(response.streaming_content)))
    manifest = json.loads(package.read("manifest.json"))
    assert manifest["package_sha256"] == response["X-Package-SHA256"]


def test_post_retention_page_shows_its_holds(client, custodian, department, pio, records_account):
    post = make_posts(department, pio, [records_account], 1)[0]
    services.place_hold(by=custodian, matter="Smith v. City of Oakley", reason="Litigation", posts=[post])
    client.force_login(custodian)
    html = client.get(reverse("retention-post", args=[post.pk])).content.decode()
    assert "Under legal hold:" in html and "Smith v. City of Oakley" in html
    assert "Drafts never published" in html and "2 years after created" in html


def test_post_retention_tag_shows_nothing_to_others(rf, pio, custodian, department, records_account):
    from django.template import Context, Template

    post = make_posts(department, pio, [records_account], 1)[0]
    template = Template("{% load retention_tags %}{% post_retention post %}")
    for member, shown in ((custodian, True), (pio, False)):
        request = rf.get("/")
        request.user = member
        html = template.render(Context({"request": request, "post": post}))
        assert ("Retention" in html) is shown
    assert Post.objects.filter(pk=post.pk).exists()


# Query counts of the list pages (STYLE.md §8): the same for 3 rows as for 30. The layout costs 8:
# 1 session 2 the member 3 their groups (roles) 4 their department 5-7 the header and the people links,
# 8 whether the custodian holds an authorization to draft with (the menu's "My drafts" door).
LAYOUT = 8


@pytest.mark.parametrize("size", [3, 30])
def test_hold_list_queries(client, size, custodian, records_account, django_assert_max_num_queries):
    for n in range(size):
        services.place_hold(by=custodian, matter=f"Matter {n}", reason="R", accounts=[records_account])
    client.force_login(custodian)
    # the layout, then 1 the holds with who placed and released them and their records requests
    # 2 their accounts 3 their posts 4 the members whose conduct records they hold (issue 15)
    with django_assert_max_num_queries(LAYOUT + 4):
        response = client.get(reverse("retention-holds"))
    assert response.content.decode().count('data-label="Matter"') == size


@pytest.mark.parametrize("size", [3, 30])
def test_batch_list_queries(client, size, custodian, department, django_assert_max_num_queries):
    from django.utils import timezone

    for _ in range(size):
        DispositionBatch.objects.create(
            department=department, cutoff_on=timezone.localdate(), decided_by=custodian, status=BatchStatus.REJECTED
        )
    client.force_login(custodian)
    # the layout, then 1 the batches with who proposed and decided them
    with django_assert_max_num_queries(LAYOUT + 1):
        response = client.get(reverse("retention-batches"))
    assert response.content.decode().count('data-label="Batch"') == size


@pytest.mark.parametrize("size", [3, 30])
def test_request_list_queries(client, size, custodian, records_account, django_assert_max_num_queries):
    from django.utils import timezone

    for n in range(size):
        services.open_request(
            by=custodian,
            requester=f"Requester {n}",
            received_on=timezone.localdate(),
            accounts=[records_account],
            place_hold=n % 2 == 0,
        )
    client.force_login(custodian)
    # the layout, then 1 the requests with their holds and who made them
    with django_assert_max_num_queries(LAYOUT + 1):
        response = client.get(reverse("retention-requests"))
    assert response.content.decode().count('data-label="Requester"') == size
