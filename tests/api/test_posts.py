"""/api/v1/posts/ and its transitions, for every role: allowed, 403, 404 (another department's
post or one the member may not see), 401 anonymous, 409 a wrong state that changes nothing."""

import pytest

from approvals.services import submit
from audits.models import AuditEvent
from posts.choices import PostStatus
from posts.models import Post
from posts.services import edit_post

from .conftest import ROLES, URL, AuditCount, client_as, make_post

pytestmark = pytest.mark.django_db
# Holders of a current authorization for the public account (tests/api/conftest.py world).
AUTHORIZED = {"pio", "commander"}
SUPERVISORS = {"supervisor", "reviewer"}
# Who sees drafts and pending posts: the content roles and authorized members; a plain member does not.
SEES_DRAFTS = set(ROLES) - {"member", "anonymous"}


def expect(role, allowed, sees=SEES_DRAFTS):
    if role == "anonymous":
        return 401
    if role not in sees:
        return 404
    return 200 if role in allowed else 403


@pytest.mark.parametrize("role", ROLES)
def test_create(role, as_role, ready):
    data = {"category": "traffic", "accounts": [ready.account.pk], "body": "Hwy 4 closed at Main St."}
    with AuditCount() as audit:
        response = as_role(role).post("/api/v1/posts/", data, format="json")
    assert response.status_code == {"anonymous": 401}.get(role, 201 if role in AUTHORIZED else 403)
    assert audit.written == (1 if response.status_code == 201 else 0)
    if response.status_code == 201:
        body = response.json()
        assert body["status"] == "draft" and body["revision"]["number"] == 1 and len(body["revision"]["sha256"]) == 64


def test_create_names_the_bad_field_and_writes_nothing(ready):
    with AuditCount() as audit:
        response = client_as(ready.pio).post(
            "/api/v1/posts/", {"category": "gossip", "accounts": [ready.account.pk], "body": "x"}, format="json"
        )
    assert response.status_code == 400 and "category" in response.json()
    assert audit.written == 0 and not Post.objects.exists()


def test_create_for_another_departments_account_is_refused_as_unknown(ready):
    response = client_as(ready.pio).post(
        "/api/v1/posts/", {"category": "traffic", "accounts": [ready.other_account.pk], "body": "x"}, format="json"
    )
    assert response.status_code == 400 and "accounts" in response.json()


@pytest.mark.parametrize("role", ROLES)
def test_submit(role, as_role, ready):
    post = make_post(ready)
    response = as_role(role).post(f"/api/v1/posts/{post.pk}/submit/")
    assert response.status_code == expect(role, AUTHORIZED)
    assert Post.objects.get(pk=post.pk).status == (PostStatus.PENDING if response.status_code == 200 else "draft")


@pytest.mark.parametrize("role", ROLES)
def test_approve(role, as_role, ready):
    post = make_post(ready, PostStatus.PENDING)
    with AuditCount() as audit:
        response = as_role(role).post(
            f"/api/v1/posts/{post.pk}/approve/",
            {"note": "Good", "revision": post.current_revision.sha256},
            format="json",
        )
    assert response.status_code == expect(role, SUPERVISORS)
    assert audit.written == (1 if response.status_code == 200 else 0)
    if response.status_code == 200:
        decision = response.json()["approvals"][0]
        assert decision["decision"] == "approve" and decision["sha256"] == post.current_revision.sha256


@pytest.mark.parametrize("action", ["request-changes", "reject"])
@pytest.mark.parametrize("role", ROLES)
def test_send_back_and_reject_need_a_supervisor_and_a_note(action, role, as_role, ready):
    post = make_post(ready, PostStatus.PENDING)
    client = as_role(role)
    response = client.post(
        f"/api/v1/posts/{post.pk}/{action}/",
        {"note": "Add the hours", "revision": post.current_revision.sha256},
        format="json",
    )
    assert response.status_code == expect(role, SUPERVISORS)
    if role == "supervisor":
        assert response.json()["status"] == ("changes_requested" if action == "request-changes" else "rejected")


def test_send_back_without_a_note_names_the_field(ready):
    post = make_post(ready, PostStatus.PENDING)
    response = client_as(ready.supervisor).post(
        f"/api/v1/posts/{post.pk}/request-changes/", {"revision": post.current_revision.sha256}, format="json"
    )
    assert response.status_code == 400 and list(response.json()) == ["note"]
    assert Post.objects.get(pk=post.pk).status == PostStatus.PENDING


@pytest.mark.parametrize("action", ["approve", "request-changes", "reject"])
@pytest.mark.parametrize("revision", [None, ""])
def test_a_decision_without_the_revision_read_is_a_400_naming_it(action, revision, ready):
    """A decision binds the revision its approver read (issue 17.5): the request must say which."""
    post = make_post(ready, PostStatus.PENDING)
    data = {"note": "Add the hours"} | ({} if revision is None else {"revision": revision})
    with AuditCount() as audit:
        response = client_as(ready.supervisor).post(f"/api/v1/posts/{post.pk}/{action}/", data, format="json")
    assert response.status_code == 400 and list(response.json()) == ["revision"], response.json()
    assert Post.objects.get(pk=post.pk).status == PostStatus.PENDING and audit.written == 0


@pytest.mark.parametrize("action", ["approve", "request-changes", "reject"])
def test_a_decision_on_a_revision_no_longer_current_is_409(action, ready):
    post = make_post(ready, PostStatus.PENDING)
    read = post.current_revision.sha256
    Post.objects.filter(pk=post.pk).update(status=PostStatus.DRAFT)
    edit_post(by=ready.pio, post=Post.objects.get(pk=post.pk), body="Changed after the approver read it")
    submit(by=ready.pio, post=Post.objects.get(pk=post.pk))
    with AuditCount() as audit:
        response = client_as(ready.supervisor).post(
            f"/api/v1/posts/{post.pk}/{action}/", {"note": "Fine", "revision": read}, format="json"
        )
    assert response.status_code == 409 and "changed since you read it" in response.json()["detail"]
    assert Post.objects.get(pk=post.pk).status == PostStatus.PENDING and audit.written == 0


@pytest.mark.parametrize("role", ROLES)
def test_publish(role, as_role, ready):
    post = make_post(ready, PostStatus.APPROVED)
    response = as_role(role).post(f"/api/v1/posts/{post.pk}/publish/", {"url": URL}, format="json")
    assert response.status_code == expect(role, AUTHORIZED)
    if response.status_code == 200:
        assert response.json()["status"] == "published" and response.json()["external_url"] == URL


def test_publish_to_a_manual_account_needs_the_url(ready):
    post = make_post(ready, PostStatus.APPROVED)
    response = client_as(ready.pio).post(f"/api/v1/posts/{post.pk}/publish/", {}, format="json")
    assert response.status_code == 400 and "url" in response.json()


@pytest.mark.parametrize("role", ROLES)
def test_remove(role, as_role, ready):
    post = make_post(ready, PostStatus.PUBLISHED)
    response = as_role(role).post(f"/api/v1/posts/{post.pk}/remove/", {"reason": "Wrong date"}, format="json")
    # A published post is public: every member sees it; only a supervisor removes it (3xx.5).
    assert response.status_code == expect(role, SUPERVISORS, sees=set(ROLES) - {"anonymous"})
    if response.status_code == 200:
        assert response.json()["status"] == "removed"


@pytest.mark.parametrize(
    ("status", "action", "data"),
    [
        (PostStatus.DRAFT, "approve", {}),
        (PostStatus.DRAFT, "publish", {"url": URL}),
        (PostStatus.DRAFT, "remove", {"reason": "r"}),
        (PostStatus.PENDING, "publish", {"url": URL}),
        (PostStatus.PENDING, "submit", {}),
        (PostStatus.APPROVED, "approve", {}),
        (PostStatus.PUBLISHED, "submit", {}),
    ],
)
def test_wrong_state_answers_409_and_changes_nothing(status, action, data, ready):
    post = make_post(ready, status)
    by = ready.supervisor if action in ("approve", "remove") else ready.pio
    if action == "approve":
        data = {**data, "revision": post.current_revision.sha256}
    with AuditCount() as audit:
        response = client_as(by).post(f"/api/v1/posts/{post.pk}/{action}/", data, format="json")
    assert response.status_code == 409 and response.json()["code"] == "invalid_transition"
    assert Post.objects.get(pk=post.pk).status == status and audit.written == 0


@pytest.mark.parametrize("role", ROLES)
def test_another_departments_post_is_404(role, as_role, ready):
    post = make_post(
        ready, PostStatus.PUBLISHED, pio=ready.other_pio, account=ready.other_account, approver=_azusa_supervisor(ready)
    )
    for path in ("", "revisions/", "history/"):
        response = as_role(role).get(f"/api/v1/posts/{post.pk}/{path}")
        assert response.status_code == (401 if role == "anonymous" else 404)
    response = as_role(role).post(f"/api/v1/posts/{post.pk}/remove/", {"reason": "x"}, format="json")
    assert response.status_code == (401 if role == "anonymous" else 404)


def _azusa_supervisor(world):
    from people.roles import Role
    from tests.conftest import make_member

    return make_member(world.other_department, "supervisor", Role.SUPERVISOR)


def test_edit_after_approval_returns_to_draft(ready):
    post = make_post(ready, PostStatus.APPROVED)
    response = client_as(ready.pio).patch(
        f"/api/v1/posts/{post.pk}/", {"body": "Lobby closed Mon and Tue."}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "draft" and body["revision"]["number"] == 2
    assert body["approvals"][0]["voided_at"] is not None


def test_status_is_not_writable(ready):
    post = make_post(ready)
    client_as(ready.pio).patch(f"/api/v1/posts/{post.pk}/", {"status": "published"}, format="json")
    assert Post.objects.get(pk=post.pk).status == PostStatus.DRAFT


def test_revisions_and_history(ready):
    post = make_post(ready, PostStatus.PUBLISHED)
    client = client_as(ready.supervisor)
    revisions = client.get(f"/api/v1/posts/{post.pk}/revisions/").json()
    assert [r["number"] for r in revisions] == [1]
    history = client.get(f"/api/v1/posts/{post.pk}/history/").json()
    assert [e["action"] for e in history] == [
        "posts.create",
        "posts.submit",
        "posts.approve",
        "posts.publication.record",
        "posts.publish",
    ]
    assert AuditEvent.objects.filter(object_id=str(post.pk), object_type="posts.Post").count() == 5


def test_approval_queue_is_oldest_first(ready):
    first = make_post(ready, PostStatus.PENDING)
    second = make_post(ready, PostStatus.PENDING)
    rows = client_as(ready.supervisor).get("/api/v1/posts/?awaiting=true").json()["results"]
    assert [row["id"] for row in rows] == [first.pk, second.pk]


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa75\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


def upload(client, content, name="photo.png", attested=True):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        "/api/v1/media/",
        {"file": SimpleUploadedFile(name, content), "rights_attested": attested, "credit": "Photo: Oakley PD"},
        format="multipart",
    )


def test_media_is_checked_by_content_and_bound_into_the_approved_hash(ready, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    client = client_as(ready.pio)
    response = upload(client, PNG)
    assert response.status_code == 201, response.json()
    media = response.json()
    assert media["content_type"] == "image/png" and media["credit"] == "Photo: Oakley PD"
    post = client.post(
        "/api/v1/posts/",
        {"category": "announcement", "accounts": [ready.account.pk], "body": "Our new K-9", "media": [media["id"]]},
        format="json",
    ).json()
    assert post["media"] == [media["id"]]
    without = client.post(
        "/api/v1/posts/",
        {"category": "announcement", "accounts": [ready.account.pk], "body": "Our new K-9"},
        format="json",
    ).json()
    assert post["revision"]["sha256"] != without["revision"]["sha256"]
    download = client.get(f"/api/v1/media/{media['id']}/file/")
    assert download.status_code == 200 and download["Content-Type"] == "image/png"
    assert b"".join(download.streaming_content) == PNG


def test_media_upload_refuses_a_disguised_file_and_a_missing_attestation(ready, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    client = client_as(ready.pio)
    response = upload(client, b"<script>alert(1)</script>", name="cat.png")
    assert response.status_code == 400 and "file" in response.json()
    response = upload(client, PNG, attested=False)
    assert response.status_code == 400 and "rights_attested" in response.json()
    assert client.get("/api/v1/media/").json()["count"] == 0


@pytest.mark.parametrize("role", ROLES)
def test_media_upload_needs_an_authorization(role, as_role, ready, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    response = upload(as_role(role), PNG)
    assert response.status_code == {"anonymous": 401}.get(role, 201 if role in AUTHORIZED else 403)
