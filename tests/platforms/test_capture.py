"""Capture of a connected Bluesky account (issue 12.2, 12.3) against the local PDS: every post kept with its
versions and deletions, idempotent and resumable; what socialgov did not publish is reported at once."""

import pytest

from notifications.models import Notification
from platforms import capture
from platforms.bluesky import client as bluesky
from platforms.models import CapturedPost, CapturedPostVersion, Connection
from posts import services
from posts.choices import ReportSource
from posts.models import ContentReport, Publication, RemovalInvestigation

from .helpers import approved_post, delete_directly, post_directly, repo_posts

pytestmark = pytest.mark.django_db
LEAK = "A Brentwood Avenue resident, Marcy Tillman, found her SSN 412 55 9087 printed on a stolen tax form."


def test_a_post_made_on_the_platform_is_captured_as_unauthorized_and_reported_to_the_supervisors(
    connected, supervisor, reviewer, api
):
    account, pds = connected
    uri = post_directly(pds, LEAK)
    assert capture.capture_account(account.pk).startswith("captured: 1 new")
    captured = CapturedPost.objects.get(uri=uri)
    assert not captured.authorized and captured.post is None and captured.text == LEAK
    assert captured.author == pds.did and len(captured.sha256) == 64
    assert any(finding["code"] == "privacy" for finding in captured.findings)
    report = captured.report
    assert report.found_by == ReportSource.CAPTURE and report.reporter is None and report.captured_uri == uri
    assert LEAK in report.description and "Social Security number" in report.description
    for member in (supervisor, reviewer):
        assert Notification.objects.filter(recipient=member, kind="posts.report_filed").count() == 1
    listed = api.as_(supervisor).get("/api/v1/content-reports/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [(r["found_by"], r["captured_uri"]) for r in rows] == [("capture", uri)]


def test_a_post_published_through_socialgov_is_captured_as_authorized(
    committed, connected, chief, pio, supervisor, api
):
    account, pds = connected
    post = approved_post(chief=chief, pio=pio, supervisor=supervisor, account=account, body="Lobby open 8-5.")
    with committed(execute=True):
        services.publish(by=pio, post=post)
    capture.capture_account(account.pk)
    captured = CapturedPost.objects.get()
    assert captured.authorized and captured.post == post and captured.report is None
    assert captured.uri == Publication.objects.get(post=post).external_id
    assert not ContentReport.objects.exists()
    answer = api.as_(pio).get(f"/api/v1/captured-posts/?account={account.pk}").json()
    row = (answer["results"] if isinstance(answer, dict) else answer)[0]
    assert {
        "uri",
        "url",
        "text",
        "posted_at",
        "captured_at",
        "sha256",
        "deleted_at",
        "authorized",
        "post",
        "versions",
    } <= set(row)
    assert row["authorized"] is True and row["post"] == post.pk and row["text"] == "Lobby open 8-5."
    assert [v["sha256"] for v in row["versions"]] == [captured.sha256]


def test_capture_is_idempotent_and_a_second_run_of_an_unchanged_account_reads_nothing(connected):
    account, pds = connected
    post_directly(pds, "one")
    post_directly(pds, "two")
    capture.capture_account(account.pk)
    before = list(CapturedPostVersion.objects.values_list("pk", "sha256").order_by("pk"))
    assert capture.capture_account(account.pk) == "unchanged"
    # Read again from the start (as after a lost revision): the same records, nothing added.
    Connection.objects.update(repo_rev="")
    assert capture.capture_account(account.pk).startswith("captured: 0 new")
    assert list(CapturedPostVersion.objects.values_list("pk", "sha256").order_by("pk")) == before
    assert ContentReport.objects.count() == 2


def test_a_changed_record_keeps_both_versions(connected):
    account, pds = connected
    uri = post_directly(pds, "Original text")
    capture.capture_account(account.pk)
    post_directly(pds, "Edited text", rkey=uri.rsplit("/", 1)[-1])
    capture.capture_account(account.pk)
    captured = CapturedPost.objects.get(uri=uri)
    assert [v.text for v in captured.versions.all()] == ["Original text", "Edited text"]
    assert captured.text == "Edited text" and len({v.sha256 for v in captured.versions.all()}) == 2


def test_a_published_post_deleted_on_the_platform_is_recorded_and_reported(
    committed, connected, chief, pio, supervisor
):
    account, pds = connected
    post = approved_post(chief=chief, pio=pio, supervisor=supervisor, account=account, body="Parade Saturday.")
    with committed(execute=True):
        services.publish(by=pio, post=post)
    capture.capture_account(account.pk)
    delete_directly(pds, Publication.objects.get(post=post).external_id)
    assert "1 deleted" in capture.capture_account(account.pk)
    captured = CapturedPost.objects.get()
    assert captured.deleted_at is not None and captured.text == "Parade Saturday."
    assert captured.versions.count() == 1
    report = captured.deletion_report
    assert report.found_by == ReportSource.CAPTURE and "deleted on the platform" in report.description
    assert Notification.objects.filter(recipient=supervisor, kind="posts.report_filed").exists()


def test_a_post_removed_through_socialgov_is_recorded_as_deleted_without_a_report(
    committed, connected, chief, pio, supervisor
):
    account, pds = connected
    post = approved_post(chief=chief, pio=pio, supervisor=supervisor, account=account, body="Wrong account.")
    with committed(execute=True):
        services.publish(by=pio, post=post)
    capture.capture_account(account.pk)
    with committed(execute=True):
        services.remove(by=supervisor, post=post, reason="Posted to the wrong account by mistake.")
    capture.capture_account(account.pk)
    captured = CapturedPost.objects.get()
    assert captured.deleted_at is not None and captured.deletion_report is None
    assert not ContentReport.objects.exists()


def test_a_run_that_stops_midway_resumes_from_its_cursor(connected, monkeypatch):
    account, pds = connected
    uris = [post_directly(pds, f"post {n}") for n in range(3)]
    monkeypatch.setattr(capture, "PAGE_SIZE", 1)
    real_call = bluesky.call
    pages = []

    def dies_on_the_second_page(function, *args, **kwargs):
        if getattr(function, "__name__", "") == "list_records":
            pages.append(1)
            if len(pages) == 2:
                raise bluesky.PlatformError("The service could not be reached.", field="service")
        return real_call(function, *args, **kwargs)

    monkeypatch.setattr(bluesky, "call", dies_on_the_second_page)
    assert capture.capture_account(account.pk).startswith("failed")
    connection = Connection.objects.get()
    assert connection.capture_cursor and CapturedPost.objects.count() == 1 and connection.last_capture_error
    monkeypatch.setattr(bluesky, "call", real_call)
    assert capture.capture_account(account.pk).startswith("captured: 2 new or changed, 0 deleted")
    assert sorted(CapturedPost.objects.values_list("uri", flat=True)) == sorted(uris)
    assert Connection.objects.get().capture_cursor == ""
    assert not CapturedPost.objects.filter(deleted_at__isnull=False).exists()


def test_capture_now_answers_202_for_the_pio_supervisors_the_custodian_and_the_chief(
    committed, connected, api, pio, supervisor, custodian, chief
):
    account, pds = connected
    post_directly(pds, "Seen by capture now")
    for member in (pio, supervisor, custodian, chief):
        with committed(execute=True):
            response = api.as_(member).post(f"/api/v1/accounts/{account.pk}/capture/")
        assert response.status_code == 202
    assert CapturedPost.objects.count() == 1  # the task ran (eagerly, in the tests), and again changed nothing
    assert Connection.objects.get().last_capture_at is not None


def test_capture_now_is_refused_to_other_roles_and_not_there_for_another_department(
    connected, api, commander, member, other_account, chief
):
    account, _ = connected
    for someone in (commander, member):
        assert api.as_(someone).post(f"/api/v1/accounts/{account.pk}/capture/").status_code == 403
    assert api.as_(chief).post(f"/api/v1/accounts/{other_account.pk}/capture/").status_code == 404


def test_capture_now_of_an_account_not_connected_is_a_409(api, chief, bluesky_account):
    assert api.as_(chief).post(f"/api/v1/accounts/{bluesky_account.pk}/capture/").status_code == 409


def test_the_supervisor_removes_unauthorized_content_through_socialgov_and_the_investigation_opens(
    committed, connected, api, supervisor, pio, chief
):
    account, pds = connected
    uri = post_directly(pds, "Not approved by anyone.")
    capture.capture_account(account.pk)
    captured = CapturedPost.objects.get(uri=uri)
    url = f"/api/v1/captured-posts/{captured.pk}/remove/"
    assert api.as_(pio).post(url, {"reason": "Posted without approval."}, format="json").status_code == 403
    assert api.as_(supervisor).post(url, {"reason": ""}, format="json").status_code == 400
    with committed(execute=True):
        response = api.as_(supervisor).post(url, {"reason": "Posted without approval (§3xx.5(g))."}, format="json")
    assert response.status_code == 202
    assert uri not in repo_posts(pds)
    captured.refresh_from_db()
    assert captured.deleted_at is not None and captured.removal_requested_at is not None
    investigation = RemovalInvestigation.objects.get(pk=response.json()["investigation"])
    assert investigation.is_open and investigation.report == captured.report
    assert investigation.removed_text == "Not approved by anyone." and investigation.removed_by == supervisor
    assert Notification.objects.filter(recipient=chief, kind="posts.investigation_opened").exists()
    # The next capture finds it gone, as socialgov removed it: no second report.
    capture.capture_account(account.pk)
    assert ContentReport.objects.count() == 1
    assert api.as_(supervisor).post(url, {"reason": "Again."}, format="json").status_code == 409


def test_the_public_posting_item_is_read_from_the_platform(committed, connected, chief, pio, supervisor):
    account, pds = connected
    post = approved_post(chief=chief, pio=pio, supervisor=supervisor, account=account, body="Gated post.")
    with committed(execute=True):
        services.publish(by=pio, post=post)
    capture.capture_account(account.pk)
    account.refresh_from_db()
    assert account.public_posting_disabled  # every post on the account lets nobody reply
    post_directly(pds, "Anyone may reply to this one.")
    capture.capture_account(account.pk)
    account.refresh_from_db()
    assert not account.public_posting_disabled and not account.publishable


def test_one_account_s_failure_never_stops_another_s_capture(connected, department, chief):
    from platforms import secrets
    from platforms.models import ConnectionStatus
    from platforms.tasks import capture_all_task
    from tests.conftest import make_account

    account, pds = connected
    post_directly(pds, "Captured although the other account fails.")
    broken = make_account(department, "@other.test", approved_by=chief, platform="bluesky", channel="bluesky")
    Connection.objects.create(
        account=broken,
        service="http://127.0.0.1:9",
        identifier="other.test",
        did="did:plc:other",
        app_password=secrets.encrypt("abcd-efgh"),
        connected_by=chief,
        connected_at=account.connection.connected_at,
        status=ConnectionStatus.CONNECTED,
    )
    assert capture_all_task() == 2
    assert CapturedPost.objects.filter(account=account).count() == 1
    assert "could not be reached" in Connection.objects.get(account=broken).last_capture_error
