"""Abuse cases (issue 7.7): IDOR through relation fields, mass assignment, CSRF on every browser form,
XSS payloads in every text rendered on every page, a replayed approval on a changed revision, a
revoked token, an authorization that expires mid-session. (IDOR on every object route is in the
matrix: another department's record is 404 there, for every role.)"""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from approvals.models import ApprovalDecision, PostRequest
from people.models import Authorization, Department, Member, TrainingRecord
from posts.choices import PostStatus
from posts.models import (
    ContentReport,
    Incident,
    MediaAttachment,
    Post,
    PostRevision,
    RemovalInvestigation,
    SocialAccount,
)
from security import tokens as security_tokens
from security.models import ApiToken, SignIn
from tests.api.conftest import client_as, make_post
from tests.conftest import complete_second_factor, operator_token

from . import matrix
from .world import PARTS, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return build(world, tmp_path)


# IDOR through relation fields: another department's ids are answered as if they did not exist.


def test_relation_fields_refuse_another_departments_records(w):
    pio, chief, supervisor, member = (
        client_as(w.pio),
        client_as(w.chief),
        client_as(w.supervisor),
        client_as(w.member),
    )
    attempts = [
        (pio, "/api/v1/posts/", {"category": "announcement", "accounts": [w.other.account.pk], "body": "x"}),
        (
            pio,
            "/api/v1/posts/",
            {"category": "announcement", "accounts": [w.account.pk], "body": "x", "media": [w.other.media.pk]},
        ),
        (
            pio,
            "/api/v1/posts/",
            {"category": "announcement", "accounts": [w.account.pk], "body": "x", "incident": w.other.incident.pk},
        ),
        (
            chief,
            "/api/v1/authorizations/",
            {
                "member": w.other.member.pk,
                "accounts": [w.account.pk],
                "starts_on": "2030-01-01",
                "expires_on": "2030-02-01",
            },
        ),
        (
            chief,
            "/api/v1/authorizations/",
            {
                "member": w.custodian.pk,
                "accounts": [w.other.account.pk],
                "starts_on": "2030-01-01",
                "expires_on": "2030-02-01",
            },
        ),
        (supervisor, "/api/v1/incidents/", {"name": "x", "commander": w.other.supervisor.pk}),
        (
            supervisor,
            "/api/v1/training-records/",
            {"member": w.other.member.pk, "topic": w.training.topic, "completed_on": "2024-01-01"},
        ),
        (member, "/api/v1/content-reports/", {"description": "x", "post": w.other.post.pk}),
        (chief, "/api/v1/approval-rules/", {"approver": "supervisor", "account": w.other.account.pk}),
        (
            chief,
            "/api/v1/accounts/",
            {"platform": "x", "handle": "Undercover", "kind": "covert", "monitoring_supervisor": w.other.supervisor.pk},
        ),
    ]
    for client, url, data in attempts:
        response = client.post(url, data, format="json")
        assert response.status_code == 400, (url, data, response.content)
    assert not Post.objects.filter(department=w.department, accounts=w.other.account).exists()


# Mass assignment: fields a client may not set are ignored or refused.


def test_posting_status_author_department_or_approval_is_ignored(w):
    response = client_as(w.pio).post(
        "/api/v1/posts/",
        {
            "category": "announcement",
            "accounts": [w.account.pk],
            "body": "Lobby closed.",
            "status": "published",
            "author": w.chief.pk,
            "department": w.other_department.pk,
            "approved": True,
            "approvals": [{"decision": "approve"}],
            "published_at": "2020-01-01T00:00:00Z",
            "id": 999999,
        },
        format="json",
    )
    assert response.status_code == 201
    post = Post.objects.get(pk=response.json()["id"])
    assert (post.status, post.author, post.department, post.published_at) == ("draft", w.pio, w.department, None)
    assert post.pk != 999999 and not ApprovalDecision.objects.filter(post=post).exists()
    patched = client_as(w.pio).patch(
        f"/api/v1/posts/{post.pk}/", {"status": "approved", "author": w.chief.pk}, format="json"
    )
    assert patched.status_code == 200
    post.refresh_from_db()
    assert post.status == "draft" and post.author == w.pio


def test_other_records_ignore_or_refuse_the_fields_their_services_own(w):
    account = (
        client_as(w.chief)
        .post(
            "/api/v1/accounts/",
            {
                "platform": "x",
                "handle": "OakleyX",
                "approved": True,
                "approved_at": "2020-01-01T00:00:00Z",
                "approved_by": w.chief.pk,
                "department": w.other_department.pk,
            },
            format="json",
        )
        .json()
    )
    created = SocialAccount.objects.get(pk=account["id"])
    assert created.approved_at is None and created.department == w.department
    # The department refuses any field but its public contacts, so nobody thinks they changed the policy.
    refused = client_as(w.chief).patch("/api/v1/department/", {"name": "Hacked", "policy_number": "1"}, format="json")
    assert refused.status_code == 400 and Department.objects.get(pk=w.department.pk).name != "Hacked"
    report = (
        client_as(w.member)
        .post(
            "/api/v1/content-reports/",
            {
                "description": "x",
                "url": "https://example.com/1",
                "status": "closed",
                "reporter": w.chief.pk,
                "action_taken": "none",
            },
            format="json",
        )
        .json()
    )
    stored = ContentReport.objects.get(pk=report["id"])
    assert (stored.status, stored.reporter, stored.action_taken) == ("open", w.member, "")
    request = (
        client_as(w.member)
        .post(
            "/api/v1/post-requests/",
            {
                "category": "announcement",
                "summary": "x",
                "status": "forwarded",
                "supervisor": w.chief.pk,
                "post": w.published.pk,
            },
            format="json",
        )
        .json()
    )
    stored = PostRequest.objects.get(pk=request["id"])
    assert (stored.status, stored.supervisor, stored.post) == ("submitted", w.supervisor, None)
    incident = client_as(w.supervisor).post(
        "/api/v1/incidents/",
        {"name": "Flood", "commander": w.commander.pk, "status": "closed", "opened_by": w.chief.pk},
        format="json",
    )
    stored = Incident.objects.get(pk=incident.json()["id"])
    assert (stored.status, stored.opened_by) == ("active", w.supervisor)
    grant = (
        client_as(w.chief)
        .post(
            "/api/v1/authorizations/",
            {
                "member": w.custodian.pk,
                "accounts": [w.account.pk],
                "starts_on": timezone.localdate().isoformat(),
                "expires_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
                "granted_by": w.designee.pk,
                "revoked_at": "2020-01-01T00:00:00Z",
            },
            format="json",
        )
        .json()
    )
    stored = Authorization.objects.get(pk=grant["id"])
    assert stored.granted_by == w.chief and stored.revoked_at is None
    training = (
        client_as(w.supervisor)
        .post(
            "/api/v1/training-records/",
            {"member": w.pio.pk, "topic": w.training.topic, "completed_on": "2024-01-01", "recorded_by": w.chief.pk},
            format="json",
        )
        .json()
    )
    assert TrainingRecord.objects.get(pk=training["id"]).recorded_by == w.supervisor


def test_a_browser_form_ignores_a_posted_status(client, w):
    client.force_login(w.pio)
    response = client.post(
        "/posts/new/",
        {
            "category": "announcement",
            "accounts": [w.account.pk],
            "body": "Lobby closed.",
            "status": "published",
            "author": w.chief.pk,
        },
    )
    assert response.status_code == 302
    post = Post.objects.order_by("-id").first()
    assert post.status == "draft" and post.author == w.pio


# CSRF: every browser form carries the token, and every POST route refuses a request without it.


def post_rows():
    return [row for row in matrix.PAGES if row.method == "POST" and not row.public]


def test_every_post_route_refuses_a_request_without_the_csrf_token(w):
    clients = {}
    for row in post_rows():
        # One who may (the refusal is the token's, not the role's); a route no persona may use (the retention
        # commander's sign-off) is asked by the chief: the token is checked before the role.
        role = sorted(row.ok or {"chief"})[0]
        if role not in clients:
            clients[role] = Client(enforce_csrf_checks=True)
            clients[role].force_login(getattr(w, role))
        record = getattr(w, row.obj) if row.obj else None
        url = "/" + row.path(record)
        data = row.data(w) if callable(row.data) else {}
        response = clients[role].post(url, data)
        assert response.status_code == 403 and "CSRF" in response.content.decode(), url
    assert len(post_rows()) >= 25


def test_login_and_logout_refuse_a_request_without_the_csrf_token(w):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/login/", {"username": "chief", "password": "x"}).status_code == 403
    client.force_login(w.chief)
    assert client.post("/logout/").status_code == 403


def get_rows():
    return [row for row in matrix.PAGES if row.method == "GET" and not row.public]


def pages_of(w):
    """Every page of the matrix with its department's records, plus each state a post page can show (and
    those an app's world part names in its `extra_pages`)."""
    urls = []
    for row in get_rows():
        record = getattr(w, row.obj) if row.obj else None
        urls.append("/" + row.path(record))
    for post in (w.pending, w.approved, w.published, w.removed):
        urls += [f"/posts/{post.pk}/", f"/posts/{post.pk}/diff/"]
    urls += [
        f"/posts/{w.draft.pk}/diff/?a=1&b=1",
        "/posts/?status=draft",
        f"/requests/{w.forwarded.pk}/",
        f"/members/{w.pio.pk}/",
        f"/members/{w.commander.pk}/",
    ]
    for part in PARTS:  # pages that show a part's records besides its rows' own (e.g. a post's findings)
        urls += getattr(part, "extra_pages", lambda w: [])(w)
    return urls


# Between them these see every page and every button (the matrix checks the others' access): the records
# custodian alone sees the forms that change a schedule and approve or reject a disposition, the appointed
# reviewer alone the annual review's draft form.
PERSONAS = ["chief", "supervisor", "pio", "member", "custodian", "reviewer"]


def html_of(response) -> str:
    """The page a browser renders; "" for a download or a JSON answer (a file, CSV, ZIP: not HTML)."""
    if not response["Content-Type"].startswith("text/html"):
        if response.streaming:
            b"".join(response.streaming_content)  # read to the end, where the test client closes the file
        return ""
    return response.content.decode()


@pytest.mark.parametrize("role", PERSONAS)
def test_every_form_on_every_page_carries_the_csrf_token(role, w, client):
    client.force_login(getattr(w, role))
    for url in pages_of(w):
        html = html_of(client.get(url))
        for form in re.findall(r"<form\b[^>]*>.*?</form>", html, flags=re.S | re.I):
            if re.search(r'method="post"', form, flags=re.I):
                assert 'name="csrfmiddlewaretoken"' in form, (url, form[:200])


# XSS: the payload stored in every text field, then every page that can show it.

PAYLOAD = '<script>alert("xss")</script><img src=x onerror=alert(1)>"\'><svg onload=alert(2)>'
DANGEROUS = ("<script>alert", "<img src=x", "<svg onload")


def fill_with_payload(w):
    text = PAYLOAD
    Member.objects.filter(department=w.department).update(
        first_name=text[:150], last_name=text[:150], rank=text[:60], division=text[:100]
    )
    Department.objects.filter(pk=w.department.pk).update(name=text)
    PostRevision.objects.filter(post__department=w.department).update(body=text)
    Post.objects.filter(department=w.department).update(status_note=text, publish_error=text)
    ApprovalDecision.objects.filter(post__department=w.department).update(note=text)
    Incident.objects.filter(department=w.department).update(name=text)
    ContentReport.objects.filter(department=w.department).update(description=text, action_taken=text, url=text)
    RemovalInvestigation.objects.filter(department=w.department).update(
        reason=text, cause=text, findings=text, resolution=text
    )
    PostRequest.objects.filter(department=w.department).update(summary=text, decision_note=text)
    Authorization.objects.filter(department=w.department).update(revoke_reason=text)
    TrainingRecord.objects.filter(member__department=w.department).update(note=text)
    for account in SocialAccount.objects.filter(department=w.department):
        SocialAccount.objects.filter(pk=account.pk).update(handle=f"{text[:90]}{account.pk}", url="javascript:alert(3)")
    MediaAttachment.objects.filter(department=w.department).update(original_name=text, credit=text)
    ApiToken.objects.all().update(name=text)
    SignIn.objects.create(member=w.chief, session_key="x", user_agent=text[:200])
    for part in PARTS:
        part.fill_with_payload(w, text)


@pytest.mark.parametrize("role", PERSONAS)
def test_xss_payloads_are_escaped_on_every_page(role, w, client):
    # Decisions and a revoked authorization, so that their notes are on the pages too.
    make_post(w, PostStatus.APPROVED)
    fill_with_payload(w)
    client.force_login(getattr(w, role))
    shown = 0
    for url in pages_of(w) + ["/profile/"]:
        html = html_of(client.get(url))
        for dangerous in DANGEROUS:
            assert dangerous not in html, (url, html[max(0, html.find(dangerous) - 200) : html.find(dangerous) + 200])
        assert 'href="javascript:' not in html, url
        shown += html.count("&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;")
    assert shown > 20  # the payload was on the pages, escaped


def test_the_api_returns_stored_payloads_as_json_not_html(w):
    fill_with_payload(w)
    response = client_as(w.chief).get(f"/api/v1/posts/{w.draft.pk}/")
    assert response["Content-Type"] == "application/json" and response.json()["body"] == PAYLOAD


# A replayed approval on a changed revision.


def test_a_replayed_approval_does_not_land_on_a_changed_revision(w, client):
    post = make_post(w, PostStatus.PENDING)
    client.force_login(w.supervisor)
    page = client.get(f"/posts/{post.pk}/").content.decode()
    seen = re.search(r'name="revision" value="([0-9a-f]{64})"', page).group(1)
    form = {"note": "Good.", "revision": seen}
    assert client.post(f"/posts/{post.pk}/approve/", form).status_code == 302
    # The author edits the approved post (voiding the approval) and submits the new text.
    from approvals import services as decisions
    from posts import services

    services.edit_post(by=w.pio, post=post, body="Lobby closed Monday AND Tuesday.")
    decisions.submit(by=w.pio, post=post)
    replay = client.post(f"/posts/{post.pk}/approve/", form)
    assert replay.status_code == 409 and "changed since you read it" in replay.content.decode()
    post.refresh_from_db()
    assert post.status == "pending"
    api = client_as(w.supervisor)
    stale = api.post(f"/api/v1/posts/{post.pk}/approve/", {"revision": seen}, format="json")
    assert stale.status_code == 409
    current = post.current_revision.sha256
    assert api.post(f"/api/v1/posts/{post.pk}/approve/", {"revision": current}, format="json").status_code == 200
    decisions = ApprovalDecision.objects.filter(post=post).order_by("id")
    assert [(d.sha256, d.voided_at is None) for d in decisions] == [(seen, False), (current, True)]


def test_an_approval_cannot_be_published_after_the_text_changed(w):
    post = make_post(w, PostStatus.APPROVED)
    PostRevision.objects.filter(pk=post.current_revision_id).update(body="Something else entirely.")
    response = client_as(w.pio).post(f"/api/v1/posts/{post.pk}/publish/", {"url": matrix.URL}, format="json")
    assert response.status_code == 409 and Post.objects.get(pk=post.pk).status == "approved"


# A revoked token; an authorization that lapses mid-session.


def test_a_token_revoked_mid_use_stops_at_once(w):
    token, key = operator_token(w.pio)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/posts/").status_code == 200
    security_tokens.revoke_token(by=w.pio, token=token)
    assert client.get("/api/v1/posts/").status_code == 401
    assert (
        client.post(
            "/api/v1/posts/", {"category": "announcement", "accounts": [w.account.pk], "body": "x"}, format="json"
        ).status_code
        == 401
    )


@pytest.mark.parametrize("lapse", ["expires", "revoked"])
def test_an_authorization_that_lapses_mid_session_stops_the_next_change(lapse, w):
    browser = Client()
    browser.force_login(w.pio)
    complete_second_factor(browser, w.pio)
    api = client_as(w.pio)
    assert browser.get("/posts/new/").status_code == 200
    if lapse == "expires":
        today = timezone.localdate()
        Authorization.objects.filter(pk=w.pio_authorization.pk).update(
            starts_on=today - timedelta(days=30), expires_on=today
        )
    else:
        from people.services import revoke_authorization

        revoke_authorization(by=w.chief, authorization=w.pio_authorization, reason="Reassigned.")
    # The session is still signed in, but the authorization is read on every change (3xx.3).
    assert browser.get("/").status_code == 200
    assert browser.get("/posts/new/").status_code == 403
    assert browser.post(f"/posts/{w.draft.pk}/submit/").status_code == 403
    assert browser.post(f"/posts/{w.approved.pk}/publish/", {f"url_{w.account.pk}": matrix.URL}).status_code == 403
    assert api.patch(f"/api/v1/posts/{w.draft.pk}/", {"body": "x"}, format="json").status_code == 403
    assert Post.objects.get(pk=w.draft.pk).status == "draft"
    assert Post.objects.get(pk=w.approved.pk).status == "approved"
