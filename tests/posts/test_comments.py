"""Captured public comments (3xx.7; general policy IV.A.7, IV.A.9): immutable records, captured one by one or from
a platform's CSV export, moderated by supervisors and the chief, seen by the content roles."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audits.models import AuditEvent
from people.roles import Role
from posts import comments
from posts.choices import AccountKind
from posts.models import CapturedComment
from socialgov.errors import InvalidTransition
from tests.api.conftest import client_as
from tests.conftest import make_account, make_member

from .conftest import authorize

pytestmark = pytest.mark.django_db

POSTED = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
FACEBOOK = (
    "Comment ID,Post ID,From Name,Message,Created Time\n"
    "c-1,,Lee Ortega,When does the lobby open?,2026-03-01T10:00:00+0000\n"
    'c-2,fb-post-1,Sam Reyes,"Thanks, officers!",2026-03-01T11:30:00+0000\n'
)
X_EXPORT = (
    "tweet_id,screen_name,full_text,created_at,in_reply_to_status_id\n"
    "1790000000000000001,@neighbor,Road still closed?,Wed Mar 04 20:19:24 +0000 2026,\n"
)
INSTAGRAM = "id,username,text,timestamp\n17890001,oakley_mom,So proud of our town,1772359200\n"


def capture(by, account, comment_id="c-1", text="When does the lobby open?", post=None, **fields):
    return comments.capture_comment(
        by=by,
        account=account,
        platform_comment_id=comment_id,
        author_name=fields.get("author_name", "Lee Ortega"),
        text=text,
        posted_at=fields.get("posted_at", POSTED),
        post=post,
    )[0]


@pytest.fixture
def comment(pio_authorized, ready_account):
    return capture(pio_authorized, ready_account)


# The record: never changed once captured.


def test_a_captured_comment_refuses_a_changed_text(comment):
    comment.text = "Something else"
    with pytest.raises(ValidationError, match="never changed"):
        comment.save()
    assert CapturedComment.objects.get(pk=comment.pk).text == "When does the lobby open?"


def test_a_captured_comment_refuses_a_changed_author_or_time(comment):
    comment.refresh_from_db()
    comment.author_name = "Someone else"
    with pytest.raises(ValidationError):
        comment.save()
    comment.refresh_from_db()
    comment.posted_at = POSTED + timedelta(hours=1)
    with pytest.raises(ValidationError):
        comment.save()


def test_the_hash_binds_the_captured_content(comment):
    comment.refresh_from_db()
    assert len(comment.sha256) == 64 and comment.sha256 == comment.compute_sha256()
    comment.text = "tampered"
    assert comment.compute_sha256() != comment.sha256


def test_capture_records_who_and_when_and_writes_its_event(comment, pio_authorized):
    assert comment.captured_by == pio_authorized and comment.department_id == pio_authorized.department_id
    assert comment.state == "shown" and comment.captured_at is not None
    event = AuditEvent.objects.get(action="posts.comment.capture")
    assert event.object_id == str(comment.pk) and event.actor == pio_authorized
    assert event.after["sha256"] == comment.sha256


def test_capturing_the_same_platform_comment_again_adds_nothing(comment, pio_authorized, ready_account):
    again, created = comments.capture_comment(
        by=pio_authorized,
        account=ready_account,
        platform_comment_id="c-1",
        author_name="Lee Ortega",
        text="When does the lobby open?",
        posted_at=POSTED,
    )
    assert not created and again.pk == comment.pk
    assert CapturedComment.objects.count() == 1
    assert AuditEvent.objects.filter(action="posts.comment.capture").count() == 1


def test_a_comment_is_linked_only_to_a_post_published_to_its_account(published, pio_authorized, ready_account):
    from posts import services

    on_post = capture(pio_authorized, ready_account, post=published)
    draft = services.create_post(
        by=pio_authorized, category="announcement", accounts=[ready_account], body="Not yet out."
    )
    assert on_post.post == published
    with pytest.raises(ValidationError) as error:
        capture(pio_authorized, ready_account, comment_id="c-9", post=draft)
    assert "post" in error.value.message_dict


@pytest.mark.parametrize("persona", ["supervisor", "custodian"])
def test_supervisors_and_the_custodian_capture_without_an_authorization(request, persona, ready_account):
    assert capture(request.getfixturevalue(persona), ready_account).pk


@pytest.mark.parametrize("persona", ["chief", "pio", "member"])
def test_others_may_not_capture(request, persona, ready_account):
    with pytest.raises(PermissionDenied):
        capture(request.getfixturevalue(persona), ready_account)  # the pio fixture holds no authorization here
    assert not CapturedComment.objects.exists()


# Importing a platform's export.


def test_a_facebook_export_is_imported_and_linked_to_the_post(published, pio_authorized, ready_account):
    publication = published.publications.get()
    publication.external_id = "fb-post-1"
    publication.save(update_fields=["external_id"])
    result = comments.import_comments(by=pio_authorized, account=ready_account, data=FACEBOOK.encode())
    assert (result.created, result.already) == (2, 0)
    by_id = {c.platform_comment_id: c for c in CapturedComment.objects.all()}
    assert by_id["c-1"].post is None and by_id["c-2"].post == published
    assert by_id["c-2"].text == "Thanks, officers!" and by_id["c-2"].author_name == "Sam Reyes"
    assert by_id["c-2"].posted_at == datetime(2026, 3, 1, 11, 30, tzinfo=UTC)
    assert AuditEvent.objects.filter(action="posts.comment.capture").count() == 2
    assert AuditEvent.objects.get(action="posts.comment.import").after == {
        "rows": 2,
        "created": 2,
        "already_captured": 0,
    }


@pytest.mark.parametrize(
    ("export", "comment_id", "posted_at"),
    [
        (X_EXPORT, "1790000000000000001", datetime(2026, 3, 4, 20, 19, 24, tzinfo=UTC)),
        (INSTAGRAM, "17890001", datetime.fromtimestamp(1772359200, tz=UTC)),
    ],
)
def test_x_and_instagram_columns_are_mapped(pio_authorized, ready_account, export, comment_id, posted_at):
    comments.import_comments(by=pio_authorized, account=ready_account, data=export.encode())
    comment = CapturedComment.objects.get()
    assert comment.platform_comment_id == comment_id and comment.posted_at == posted_at


def test_reimporting_the_same_export_adds_nothing(pio_authorized, ready_account):
    comments.import_comments(by=pio_authorized, account=ready_account, data=FACEBOOK.encode())
    result = comments.import_comments(by=pio_authorized, account=ready_account, data=FACEBOOK.encode())
    assert (result.created, result.already) == (0, 2)
    assert CapturedComment.objects.count() == 2


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (
            "Date,Page likes\n2025-01-01,5\n",
            "has no column for the comment's id, the author's name, the comment's text",
        ),
        (
            "Comment ID,From Name,Message,Created Time\nc-1,Lee,Hello,2026-03-01T10:00:00Z\nc-2,Sam,Hi,yesterday\n",
            "Line 3: “yesterday” is not a date and time.",
        ),
        ("Comment ID,From Name,Message,Created Time\nc-1,Lee,,2026-03-01T10:00:00Z\n", "Line 2 has no comment text."),
        ("", "The file is empty."),
        ("Comment ID,From Name,Message,Created Time\n", "The file has no comments in it."),
    ],
)
def test_an_export_that_cannot_be_mapped_is_refused_whole_naming_the_problem(
    pio_authorized, ready_account, data, problem
):
    with pytest.raises(ValidationError) as error:
        comments.import_comments(by=pio_authorized, account=ready_account, data=data.encode())
    message = error.value.message_dict["file"][0]
    assert problem in message and message.endswith("Nothing was imported.")
    assert not CapturedComment.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="posts.comment").exists()


def test_a_file_that_is_not_utf8_text_is_refused(pio_authorized, ready_account):
    with pytest.raises(ValidationError, match="not UTF-8"):
        comments.import_comments(by=pio_authorized, account=ready_account, data=b"\xff\xfe\x00C\x00o")


def test_the_import_page_imports_and_refuses_a_bad_file(client, pio_authorized, ready_account):
    client.force_login(pio_authorized)
    upload = SimpleUploadedFile("comments.csv", FACEBOOK.encode(), content_type="text/csv")
    response = client.post("/comments/import/", {"account": ready_account.pk, "file": upload})
    assert response.status_code == 302 and response["Location"] == f"/comments/?account={ready_account.pk}"
    bad = SimpleUploadedFile("page.csv", b"Date,Page likes\n2025-01-01,5\n", content_type="text/csv")
    response = client.post("/comments/import/", {"account": ready_account.pk, "file": bad})
    assert response.status_code == 400
    assert "has no column for the comment&#x27;s id" in response.content.decode()
    assert CapturedComment.objects.count() == 2


def test_the_import_page_offers_a_pio_only_the_accounts_they_are_authorized_for(
    client, department, chief, pio_authorized, ready_account
):
    make_account(department, "OakleyTraffic", approved_by=chief)
    client.force_login(pio_authorized)
    page = client.get("/comments/import/").content.decode()
    assert "OakleyPolice" in page and "OakleyTraffic" not in page


# Moderation (general policy IV.A.9).


@pytest.mark.parametrize("persona", ["supervisor", "chief"])
def test_supervisors_and_the_chief_hide_and_delete_citing_the_moderation_notice(request, persona, comment):
    moderator = request.getfixturevalue(persona)
    comments.moderate_comment(by=moderator, comment=comment, state="hidden", reason="Spam.")
    comment.refresh_from_db()
    assert (comment.state, comment.moderated_by, comment.moderation_citation) == (
        "hidden",
        moderator,
        "General policy IV.A.9",
    )
    comments.moderate_comment(by=moderator, comment=comment, state="deleted", reason="Threat.")
    comment.refresh_from_db()
    assert comment.state == "deleted" and comment.text == "When does the lobby open?"  # the record is kept
    events = AuditEvent.objects.filter(
        object_type="posts.CapturedComment", action__in=["posts.comment.hide", "posts.comment.delete"]
    )
    assert [e.after["citation"] for e in events.order_by("pk")] == ["General policy IV.A.9"] * 2


@pytest.mark.parametrize("persona", ["pio", "custodian", "commander", "member"])
def test_others_may_not_moderate(request, persona, comment):
    with pytest.raises(PermissionDenied):
        comments.moderate_comment(by=request.getfixturevalue(persona), comment=comment, state="hidden", reason="Spam.")
    comment.refresh_from_db()
    assert comment.state == "shown"


def test_moderation_needs_a_reason(supervisor, comment):
    with pytest.raises(ValidationError) as error:
        comments.moderate_comment(by=supervisor, comment=comment, state="hidden", reason="  ")
    assert "General policy IV.A.9" in error.value.message_dict["reason"][0]


@pytest.mark.parametrize(("first", "then"), [("hidden", "hidden"), ("deleted", "hidden"), ("deleted", "deleted")])
def test_a_moderation_the_state_does_not_allow_is_a_conflict(supervisor, comment, first, then):
    comments.moderate_comment(by=supervisor, comment=comment, state=first, reason="Spam.")
    with pytest.raises(InvalidTransition):
        comments.moderate_comment(by=supervisor, comment=comment, state=then, reason="Again.")


def test_another_departments_moderator_may_not(other_department, comment):
    outsider = make_member(other_department, "sgt", Role.SUPERVISOR)
    with pytest.raises(PermissionDenied):
        comments.moderate_comment(by=outsider, comment=comment, state="hidden", reason="Spam.")


# Pages.


@pytest.mark.parametrize(
    ("persona", "status"), [("supervisor", 302), ("chief", 302), ("pio", 403), ("custodian", 403), ("member", 404)]
)
def test_the_moderation_form_per_role(request, client, comment, persona, status):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(f"/comments/{comment.pk}/", {"state": "hidden", "reason": "Spam."})
    assert response.status_code == status
    comment.refresh_from_db()
    assert comment.state == ("hidden" if status == 302 else "shown")


def test_another_departments_comment_is_not_found(client, other_department, comment):
    client.force_login(make_member(other_department, "sgt", Role.SUPERVISOR))
    assert client.get(f"/comments/{comment.pk}/").status_code == 404
    assert client.post(f"/comments/{comment.pk}/", {"state": "hidden", "reason": "x"}).status_code == 404


def test_the_page_shows_the_moderation_form_only_to_moderators(client, comment, supervisor, pio_authorized):
    client.force_login(supervisor)
    assert "Record moderation" in client.get(f"/comments/{comment.pk}/").content.decode()
    client.force_login(pio_authorized)
    page = client.get(f"/comments/{comment.pk}/").content.decode()
    assert "When does the lobby open?" in page and "Record moderation" not in page


def test_comments_on_a_covert_account_follow_its_visibility(client, department, chief, supervisor, custodian):
    covert = make_account(
        department, "UndercoverOakley", approved_by=chief, kind=AccountKind.COVERT, monitoring_supervisor=supervisor
    )
    hidden = capture(supervisor, covert, comment_id="cv-1")
    client.force_login(custodian)
    assert client.get(f"/comments/{hidden.pk}/").status_code == 404
    assert "cv-1" not in client.get("/comments/").content.decode()
    client.force_login(supervisor)
    assert client.get(f"/comments/{hidden.pk}/").status_code == 200
    client.force_login(chief)
    assert client.get(f"/comments/{hidden.pk}/").status_code == 200


def test_the_list_filters_by_account_and_state(client, department, chief, supervisor, ready_account):
    traffic = make_account(department, "OakleyTraffic", approved_by=chief)
    first = capture(supervisor, ready_account, comment_id="a-1", text="First on the main page")
    capture(supervisor, traffic, comment_id="t-1", text="On the traffic page")
    comments.moderate_comment(by=supervisor, comment=first, state="deleted", reason="Threat.")
    client.force_login(supervisor)
    page = client.get(f"/comments/?account={traffic.pk}").content.decode()
    assert "On the traffic page" in page and "First on the main page" not in page
    page = client.get("/comments/?state=deleted").content.decode()
    assert "First on the main page" in page and "On the traffic page" not in page


def test_the_post_page_links_to_its_comments(client, published, supervisor, ready_account):
    capture(supervisor, ready_account, post=published)
    client.force_login(supervisor)
    assert f'href="/comments/?post={published.pk}"' in client.get(f"/posts/{published.pk}/").content.decode()
    assert "When does the lobby open?" in client.get(f"/comments/?post={published.pk}").content.decode()


def test_the_navigation_links_the_list_for_the_content_roles_only(client, supervisor, member):
    client.force_login(supervisor)
    assert 'href="/comments/"' in client.get("/").content.decode()
    client.force_login(member)
    assert 'href="/comments/"' not in client.get("/").content.decode()
    assert client.get("/comments/").status_code == 403


@pytest.mark.parametrize("size", [10, 200])
def test_the_list_query_count_does_not_grow_with_rows(
    client, department, supervisor, ready_account, size, django_assert_max_num_queries
):
    now = timezone.now()
    CapturedComment.objects.bulk_create(
        CapturedComment(
            department=department,
            account=ready_account,
            platform_comment_id=f"bulk-{n}",
            author_name=f"Visitor {n}",
            text=f"Comment {n}",
            posted_at=now,
            captured_at=now,
            captured_by=supervisor,
            sha256="0" * 64,
            state="hidden" if n % 2 else "shown",
            moderated_by=supervisor if n % 2 else None,
        )
        for n in range(size)
    )
    client.force_login(supervisor)
    # 1 the session, 2 the member, 3 their groups, 4 the page's count, 5 the department (the moderation
    # citation and the layout), 6 the header's unread count, 7 the navigation's designee check, 8 the account
    # filter's choices, 9 the page's rows with their account, capturer and moderator.
    # The menu's doors add two (socialgov.navigation): an authorization to draft with, a review to write.
    with django_assert_max_num_queries(11):
        response = client.get("/comments/")
    assert response.content.decode().count('data-label="Comment"') == min(size, 50)


# The API.

API = "/api/v1/comments/"
BODY = {
    "platform_comment_id": "api-1",
    "author_name": "Lee Ortega",
    "text": "When does the lobby open?",
    "posted_at": "2026-03-01T10:00:00Z",
}


@pytest.mark.parametrize(
    ("persona", "status"),
    [("pio_authorized", 201), ("supervisor", 201), ("custodian", 201), ("chief", 403), ("member", 403)],
)
def test_api_capture_per_role(request, ready_account, persona, status):
    response = client_as(request.getfixturevalue(persona)).post(
        API, {**BODY, "account": ready_account.pk}, format="json"
    )
    assert response.status_code == status
    if status == 201:
        assert response.json()["state"] == "shown" and response.json()["post"] is None


def test_api_capture_twice_answers_200_with_the_same_record(supervisor, ready_account):
    client = client_as(supervisor)
    first = client.post(API, {**BODY, "account": ready_account.pk}, format="json")
    again = client.post(API, {**BODY, "account": ready_account.pk}, format="json")
    assert (first.status_code, again.status_code) == (201, 200) and first.json() == again.json()


def test_api_capture_to_another_departments_account_is_400(supervisor, other_account):
    response = client_as(supervisor).post(API, {**BODY, "account": other_account.pk}, format="json")
    assert response.status_code == 400 and "account" in response.json()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("supervisor", 200), ("chief", 200), ("pio_authorized", 403), ("custodian", 403), ("member", 404)],
)
def test_api_moderate_per_role(request, comment, persona, status):
    response = client_as(request.getfixturevalue(persona)).post(
        f"{API}{comment.pk}/moderate/", {"state": "hidden", "reason": "Spam."}, format="json"
    )
    assert response.status_code == status
    if status == 200:
        assert response.json()["state"] == "hidden"
        assert response.json()["moderation_citation"] == "General policy IV.A.9"


def test_api_moderate_twice_is_409(supervisor, comment):
    client = client_as(supervisor)
    client.post(f"{API}{comment.pk}/moderate/", {"state": "hidden", "reason": "Spam."}, format="json")
    response = client.post(f"{API}{comment.pk}/moderate/", {"state": "hidden", "reason": "Spam."}, format="json")
    assert response.status_code == 409


def test_api_list_and_retrieve_per_role(comment, supervisor, member, other_department):
    assert [c["id"] for c in client_as(supervisor).get(API).json()["results"]] == [comment.pk]
    assert client_as(member).get(API).json()["results"] == []
    assert client_as(member).get(f"{API}{comment.pk}/").status_code == 404
    outsider = make_member(other_department, "sgt", Role.SUPERVISOR)
    assert client_as(outsider).get(f"{API}{comment.pk}/").status_code == 404
    assert client_as().get(API).status_code == 401


def test_the_api_never_writes_the_moderation_fields_on_capture(supervisor, ready_account):
    response = client_as(supervisor).post(
        API, {**BODY, "account": ready_account.pk, "state": "deleted", "sha256": "0" * 64}, format="json"
    )
    assert response.json()["state"] == "shown" and response.json()["sha256"] != "0" * 64


def test_a_pio_authorized_for_one_account_cannot_capture_to_another(department, chief, pio, ready_account):
    traffic = make_account(department, "OakleyTraffic", approved_by=chief)
    authorize(chief, pio, ready_account)
    with pytest.raises(PermissionDenied):
        capture(pio, traffic)


@pytest.mark.parametrize("size", [10, 200])
def test_the_api_list_query_count_does_not_grow_with_rows(
    department, supervisor, ready_account, size, django_assert_max_num_queries
):
    now = timezone.now()
    CapturedComment.objects.bulk_create(
        CapturedComment(
            department=department,
            account=ready_account,
            platform_comment_id=f"bulk-{n}",
            author_name=f"Visitor {n}",
            text=f"Comment {n}",
            posted_at=now,
            captured_at=now,
            captured_by=supervisor,
            sha256="0" * 64,
        )
        for n in range(size)
    )
    client = client_as(type(supervisor).objects.get(pk=supervisor.pk))
    # 1 the requester's groups, 2 the page's count, 3 its rows (relations as ids: no join).
    with django_assert_max_num_queries(3):
        response = client.get(API)
    assert response.json()["count"] == size


# Times (issue 17.5): a comment cannot have been posted in the future.


def test_a_comment_from_the_future_is_refused(pio_authorized, ready_account):
    with pytest.raises(ValidationError) as refused:
        capture(pio_authorized, ready_account, posted_at=datetime(2099, 1, 1, tzinfo=UTC))
    assert "posted_at" in refused.value.message_dict
    # A platform clock a minute ahead of ours is not the future.
    assert capture(pio_authorized, ready_account, comment_id="c-2", posted_at=timezone.now() + timedelta(minutes=1))
    assert CapturedComment.objects.count() == 1


def test_the_api_names_a_future_time(pio_authorized, ready_account):
    response = client_as(pio_authorized).post(
        "/api/v1/comments/",
        {
            "account": ready_account.pk,
            "platform_comment_id": "c-9",
            "author_name": "Lee",
            "text": "Hello",
            "posted_at": "2099-01-01T00:00:00Z",
        },
        format="json",
    )
    assert response.status_code == 400 and "posted_at" in response.json()
    assert not CapturedComment.objects.exists()


def test_an_export_with_a_future_time_imports_nothing(pio_authorized, ready_account):
    export = FACEBOOK + "c-3,,Ann Lee,Hi,2099-03-01T10:00:00+0000\n"
    with pytest.raises(ValidationError) as refused:
        comments.import_comments(by=pio_authorized, account=ready_account, data=export.encode())
    message = refused.value.message_dict["file"][0]
    assert "Line 4" in message and "in the future" in message
    assert not CapturedComment.objects.exists()
