"""Who may rewrite a post (issue 17.5): its author, or a supervisor of the department with a recorded reason. Another
authorized member is refused (403) and nothing changes. Every revision names who wrote it, and a supervisor's
revision the reason, on the post's page, in the API and in the audit trail."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audits.models import AuditEvent
from posts import services
from posts.choices import PostStatus
from posts.models import Post
from tests.conftest import change_events

from .conftest import authorize

pytestmark = pytest.mark.django_db

REASON = "The road reopened at 4 pm; the PIO is off shift."


@pytest.fixture
def supervisor_authorized(chief, supervisor, ready_account):
    authorize(chief, supervisor, ready_account)
    return supervisor


def unchanged(post, revisions: int, events: int, status=None):
    post = Post.objects.get(pk=post.pk)
    assert post.revisions.count() == revisions and change_events().count() == events
    if status:
        assert post.status == status


def test_the_author_edits_without_a_reason(draft, pio_authorized):
    post = services.edit_post(by=pio_authorized, post=draft, body="The lobby is closed Monday and Tuesday.")
    revision = post.current_revision
    assert revision.number == 2 and revision.author == pio_authorized and revision.edit_reason == ""
    event = AuditEvent.objects.filter(action="posts.edit").latest("pk")
    assert event.actor == pio_authorized and "reason" not in event.after


@pytest.mark.parametrize("fixture", ["draft", "approved"])
def test_another_authorized_member_may_not_rewrite_a_post(request, fixture, second_pio):
    post = request.getfixturevalue(fixture)
    revisions, events, status = post.revisions.count(), change_events().count(), post.status
    with pytest.raises(PermissionDenied, match="author"):
        services.edit_post(by=second_pio, post=post, body="Rewritten by someone else.", reason=REASON)
    unchanged(post, revisions, events, status)


def test_a_supervisor_needs_a_reason(draft, supervisor_authorized):
    revisions, events = draft.revisions.count(), change_events().count()
    for reason in ("", "   "):
        with pytest.raises(ValidationError) as error:
            services.edit_post(by=supervisor_authorized, post=draft, body="Reopened at 4 pm.", reason=reason)
        assert list(error.value.message_dict) == ["reason"]
    unchanged(draft, revisions, events)


def test_a_supervisor_rewrites_with_a_reason_that_is_recorded(approved, pio_authorized, supervisor_authorized):
    post = services.edit_post(by=supervisor_authorized, post=approved, body="Reopened at 4 pm.", reason=REASON)
    assert post.status == PostStatus.DRAFT  # the edit voided the approval
    first, second = post.revisions.order_by("number")
    assert (first.author, first.edit_reason) == (pio_authorized, "")
    assert (second.author, second.edit_reason) == (supervisor_authorized, REASON)
    event = AuditEvent.objects.filter(action="posts.edit").latest("pk")
    assert event.actor == supervisor_authorized and event.after["reason"] == REASON
    assert post.author == pio_authorized  # the post still names who wrote it first; its revisions name every editor


def test_a_supervisor_without_an_authorization_for_the_account_may_not(draft, supervisor):
    with pytest.raises(PermissionDenied):
        services.edit_post(by=supervisor, post=draft, body="Reopened at 4 pm.", reason=REASON)


# The browser


def edit_form(post, **extra):
    return {
        "body": "Reopened at 4 pm.",
        "category": post.category,
        "accounts": [account.pk for account in post.accounts.all()],
        **extra,
    }


def test_the_editor_refuses_another_member_with_403(client, draft, second_pio):
    client.force_login(second_pio)
    revisions, events = draft.revisions.count(), change_events().count()
    assert client.get(f"/posts/{draft.pk}/edit/").status_code == 403
    response = client.post(f"/posts/{draft.pk}/edit/", edit_form(draft, reason=REASON))
    assert response.status_code == 403
    unchanged(draft, revisions, events)
    assert client.get(f"/posts/{draft.pk}/").context["may_edit"] is False


def test_the_editor_asks_a_supervisor_for_the_reason(client, draft, supervisor_authorized, pio_authorized):
    client.force_login(supervisor_authorized)
    page = client.get(f"/posts/{draft.pk}/edit/").content.decode()
    assert 'name="reason"' in page
    revisions, events = draft.revisions.count(), change_events().count()
    response = client.post(f"/posts/{draft.pk}/edit/", edit_form(draft))
    assert response.status_code == 200 and list(response.context["form"].errors) == ["reason"]
    unchanged(draft, revisions, events)
    response = client.post(f"/posts/{draft.pk}/edit/", edit_form(draft, reason=REASON))
    assert response.status_code == 302
    page = client.get(f"/posts/{draft.pk}/").content.decode()
    revisions_table = page.split('id="revisions-heading"')[1]
    assert pio_authorized.display_name in revisions_table and supervisor_authorized.display_name in revisions_table
    assert REASON in revisions_table


def test_the_author_is_not_asked_for_a_reason(client, draft, pio_authorized):
    client.force_login(pio_authorized)
    assert 'name="reason"' not in client.get(f"/posts/{draft.pk}/edit/").content.decode()
    assert client.post(f"/posts/{draft.pk}/edit/", edit_form(draft)).status_code == 302


# The API


def test_the_api_refuses_another_member_with_403(api, draft, second_pio):
    revisions, events = draft.revisions.count(), change_events().count()
    response = api.as_(second_pio).patch(
        f"/api/v1/posts/{draft.pk}/", {"body": "Rewritten.", "reason": REASON}, format="json"
    )
    assert response.status_code == 403
    unchanged(draft, revisions, events)


def test_the_api_needs_a_supervisors_reason_and_shows_every_editor(api, draft, supervisor_authorized, pio_authorized):
    client = api.as_(supervisor_authorized)
    revisions, events = draft.revisions.count(), change_events().count()
    response = client.patch(f"/api/v1/posts/{draft.pk}/", {"body": "Reopened at 4 pm."}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["reason"], response.json()
    unchanged(draft, revisions, events)
    response = client.patch(
        f"/api/v1/posts/{draft.pk}/", {"body": "Reopened at 4 pm.", "reason": REASON}, format="json"
    )
    assert response.status_code == 200
    history = client.get(f"/api/v1/posts/{draft.pk}/revisions/").json()
    assert [(r["number"], r["author"], r["author_id"], r["edit_reason"]) for r in history] == [
        (1, pio_authorized.display_name, pio_authorized.pk, ""),
        (2, supervisor_authorized.display_name, supervisor_authorized.pk, REASON),
    ]
    events = client.get(f"/api/v1/posts/{draft.pk}/history/").json()
    assert [e["after"].get("reason") for e in events if e["action"] == "posts.edit"] == [REASON]
