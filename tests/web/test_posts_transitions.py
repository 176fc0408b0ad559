"""The post page's transition forms (DESIGN.md "The post lifecycle"): who may (the service acts),
who may not (403), who cannot see the post (404), the anonymous (sign in), and a wrong-state
POST (409, nothing changed). Transitions are POST only."""

import pytest

from approvals.services import submit
from audits.models import AuditEvent
from posts.choices import PostStatus, RemovalState
from posts.models import Post, Publication, RemovalInvestigation
from posts.services import edit_post
from tests.conftest import change_events
from tests.posts import conftest as lifecycle
from tests.web import login_redirect

pytestmark = pytest.mark.django_db

ready_account = lifecycle.ready_account
pio_authorized = lifecycle.pio_authorized
second_pio = lifecycle.second_pio
draft = lifecycle.draft
pending = lifecycle.pending
approved = lifecycle.approved
published = lifecycle.published

URL = "https://www.facebook.com/OakleyPolice/posts/99"


def events():
    return change_events().count()


def status_of(post):
    return Post.objects.get(pk=post.pk).status


def post_as(client, member, url, data=None):
    client.force_login(member)
    return client.post(url, data or {})


def seen(post) -> str:
    """What the decision form on the post's page carries: the SHA-256 of the revision the approver read."""
    return Post.objects.get(pk=post.pk).current_revision.sha256


def assert_refused(response, post, status, count):
    assert response.status_code == 403
    assert status_of(post) == status and events() == count


def assert_conflict(response, post, status, count):
    assert response.status_code == 409
    html = response.content.decode()
    # Refused on the post's own page, the reason at the top and focused (issue 14.3).
    assert f"<h1>Post #{post.pk} " in html
    assert '<div class="form-errors refusal" role="alert" tabindex="-1" autofocus>' in html
    assert "That was not done" in html and "Nothing was changed." in html
    assert status_of(post) == status and events() == count


@pytest.mark.parametrize("name", ["submit", "approve", "request-changes", "reject", "publish", "remove"])
def test_transitions_are_post_only(client, supervisor, pending, name):
    client.force_login(supervisor)
    assert client.get(f"/posts/{pending.pk}/{name}/").status_code == 405
    assert status_of(pending) == PostStatus.PENDING


@pytest.mark.parametrize("name", ["submit", "approve", "request-changes", "reject", "publish", "remove"])
def test_anonymous_is_sent_to_sign_in(client, pending, name):
    url = f"/posts/{pending.pk}/{name}/"
    response = client.post(url, {"note": "x", "reason": "x"})
    assert response.status_code == 302 and response.url == login_redirect(url)
    assert status_of(pending) == PostStatus.PENDING


def test_transitions_need_the_csrf_token(pending, supervisor):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(supervisor)
    assert strict.post(f"/posts/{pending.pk}/approve/").status_code == 403
    assert status_of(pending) == PostStatus.PENDING


# Submit for approval


@pytest.mark.parametrize("persona", ["pio_authorized", "second_pio"])
def test_authorized_member_submits(client, request, persona, draft):
    member = request.getfixturevalue(persona)
    response = post_as(client, member, f"/posts/{draft.pk}/submit/")
    assert response.status_code == 302 and response.url == f"/posts/{draft.pk}/"
    assert status_of(draft) == PostStatus.PENDING
    event = AuditEvent.objects.filter(action="posts.submit").get()
    assert event.actor == member
    page = client.get(response.url).content.decode()
    assert "is submitted for approval. It needs: A supervisor (§322.3)" in page


@pytest.mark.parametrize("persona", ["supervisor", "commander", "chief", "custodian", "reviewer"])
def test_members_without_authorization_may_not_submit(client, request, persona, draft):
    member = request.getfixturevalue(persona)
    count = events()
    response = post_as(client, member, f"/posts/{draft.pk}/submit/")
    assert_refused(response, draft, PostStatus.DRAFT, count)
    assert "You need a current authorization for every target account." in response.content.decode()


@pytest.mark.parametrize("persona", ["member", "other_pio"])
def test_submit_of_a_post_not_visible_is_404(client, request, persona, draft):
    member = request.getfixturevalue(persona)
    count = events()
    assert post_as(client, member, f"/posts/{draft.pk}/submit/").status_code == 404
    assert status_of(draft) == PostStatus.DRAFT and events() == count


def test_submitting_a_pending_post_is_409(client, pio_authorized, pending):
    count = events()
    response = post_as(client, pio_authorized, f"/posts/{pending.pk}/submit/")
    assert_conflict(response, pending, PostStatus.PENDING, count)
    assert "it can be submitted only when draft, changes requested" in response.content.decode()


def test_submit_to_an_account_the_chief_no_longer_approves_shows_the_error(
    client, pio_authorized, draft, ready_account
):
    ready_account.__class__.objects.filter(pk=ready_account.pk).update(approved_at=None)
    count = events()
    response = post_as(client, pio_authorized, f"/posts/{draft.pk}/submit/")
    assert response.status_code == 200
    assert "Not approved by the chief: Facebook OakleyPolice." in response.content.decode()
    assert status_of(draft) == PostStatus.DRAFT and events() == count


# Approve, request changes, reject


@pytest.mark.parametrize("persona", ["supervisor", "reviewer"])
def test_supervisor_approves_with_a_note(client, request, persona, pending):
    member = request.getfixturevalue(persona)
    response = post_as(
        client, member, f"/posts/{pending.pk}/approve/", {"note": "Good to go", "revision": seen(pending)}
    )
    assert response.status_code == 302 and response.url == f"/posts/{pending.pk}/"
    post = Post.objects.get(pk=pending.pk)
    assert post.status == PostStatus.APPROVED
    decision = post.decisions.get()
    assert decision.decided_by == member and decision.note == "Good to go"
    assert decision.sha256 == post.current_revision.sha256
    assert AuditEvent.objects.filter(action="posts.approve", actor=member).count() == 1


@pytest.mark.parametrize("persona", ["pio_authorized", "second_pio", "commander", "chief", "custodian"])
@pytest.mark.parametrize("name", ["approve", "request-changes", "reject"])
def test_who_may_not_decide(client, request, persona, name, pending):
    member = request.getfixturevalue(persona)
    count = events()
    response = post_as(client, member, f"/posts/{pending.pk}/{name}/", {"note": "No", "revision": seen(pending)})
    assert_refused(response, pending, PostStatus.PENDING, count)


def test_author_is_told_nobody_approves_their_own_post(client, pio_authorized, pending):
    response = post_as(client, pio_authorized, f"/posts/{pending.pk}/approve/", {"revision": seen(pending)})
    assert response.status_code == 403
    assert "Nobody approves their own post" in response.content.decode()


@pytest.mark.parametrize("persona", ["member", "other_pio", "other_chief"])
@pytest.mark.parametrize("name", ["approve", "request-changes", "reject"])
def test_deciding_on_a_post_not_visible_is_404(client, request, persona, name, pending):
    member = request.getfixturevalue(persona)
    count = events()
    assert post_as(client, member, f"/posts/{pending.pk}/{name}/", {"note": "x"}).status_code == 404
    assert status_of(pending) == PostStatus.PENDING and events() == count


@pytest.mark.parametrize("name", ["approve", "request-changes", "reject"])
def test_deciding_on_a_draft_is_409(client, supervisor, draft, name):
    count = events()
    response = post_as(client, supervisor, f"/posts/{draft.pk}/{name}/", {"note": "x", "revision": seen(draft)})
    assert_conflict(response, draft, PostStatus.DRAFT, count)


def test_approving_twice_is_409(client, supervisor, approved):
    count = events()
    response = post_as(client, supervisor, f"/posts/{approved.pk}/approve/", {"revision": seen(approved)})
    assert_conflict(response, approved, PostStatus.APPROVED, count)


@pytest.mark.parametrize(
    ("name", "status", "action"),
    [
        ("request-changes", PostStatus.CHANGES_REQUESTED, "posts.request_changes"),
        ("reject", PostStatus.REJECTED, "posts.reject"),
    ],
)
def test_supervisor_sends_back_or_rejects_with_a_note(client, supervisor, pending, name, status, action):
    response = post_as(
        client,
        supervisor,
        f"/posts/{pending.pk}/{name}/",
        {"note": "Cite the <b>source</b>.", "revision": seen(pending)},
    )
    assert response.status_code == 302
    assert status_of(pending) == status
    assert AuditEvent.objects.filter(action=action).count() == 1
    page = client.get(f"/posts/{pending.pk}/").content.decode()
    assert "Cite the &lt;b&gt;source&lt;/b&gt;." in page and "<b>source</b>" not in page


@pytest.mark.parametrize("name", ["request-changes", "reject"])
def test_sending_back_or_rejecting_without_a_note_is_a_form_error(client, supervisor, pending, name):
    count = events()
    response = post_as(client, supervisor, f"/posts/{pending.pk}/{name}/", {"note": "  ", "revision": seen(pending)})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Say what needs to change, so the author can act on it." in html
    assert 'id="id_note_error"' in html and "Nothing was changed." in html
    assert status_of(pending) == PostStatus.PENDING and events() == count


@pytest.mark.parametrize("name", ["approve", "request-changes", "reject"])
@pytest.mark.parametrize("revision", [None, ""])
def test_a_decision_without_the_revision_read_is_a_400_naming_it(client, supervisor, pending, name, revision):
    """A decision binds the revision its approver read (issue 17.5): the form must say which."""
    count = events()
    data = {"note": "Add the hours"} | ({} if revision is None else {"revision": revision})
    response = post_as(client, supervisor, f"/posts/{pending.pk}/{name}/", data)
    assert response.status_code == 400
    assert list(response.context["decision_form"].errors) == ["revision"]
    assert "did not say which revision you read" in response.content.decode()
    assert status_of(pending) == PostStatus.PENDING and events() == count


@pytest.mark.parametrize("name", ["approve", "request-changes", "reject"])
def test_a_decision_on_a_revision_no_longer_current_is_409(client, supervisor, pio_authorized, pending, name):
    read = seen(pending)
    Post.objects.filter(pk=pending.pk).update(status=PostStatus.DRAFT)
    edit_post(by=pio_authorized, post=Post.objects.get(pk=pending.pk), body="Changed after the approver read it")
    submit(by=pio_authorized, post=Post.objects.get(pk=pending.pk))
    count = events()
    response = post_as(client, supervisor, f"/posts/{pending.pk}/{name}/", {"note": "Fine", "revision": read})
    assert_conflict(response, pending, PostStatus.PENDING, count)
    assert "changed since you read it" in response.content.decode()


def test_the_decision_form_carries_the_revision_on_the_page(client, supervisor, pending):
    client.force_login(supervisor)
    page = client.get(f"/posts/{pending.pk}/").content.decode()
    assert f'name="revision" value="{seen(pending)}"' in page


def test_approving_returns_to_the_page_the_form_came_from(client, supervisor, pending):
    response = post_as(
        client, supervisor, f"/posts/{pending.pk}/approve/", {"next": "/posts/queue/", "revision": seen(pending)}
    )
    assert response.url == "/posts/queue/"


def test_approving_never_redirects_off_site(client, supervisor, pending):
    response = post_as(
        client,
        supervisor,
        f"/posts/{pending.pk}/approve/",
        {"next": "https://evil.example/", "revision": seen(pending)},
    )
    assert response.url == f"/posts/{pending.pk}/"


# Publish


def test_pio_publishes_with_the_url_of_the_manual_post(client, pio_authorized, approved, ready_account):
    response = post_as(client, pio_authorized, f"/posts/{approved.pk}/publish/", {f"url_{ready_account.pk}": URL})
    assert response.status_code == 302
    assert status_of(approved) == PostStatus.PUBLISHED
    publication = Publication.objects.get()
    assert publication.url == URL and publication.published_by == pio_authorized
    page = client.get(f"/posts/{approved.pk}/").content.decode()
    assert f'<a href="{URL}" rel="noopener noreferrer">{URL}</a>' in page
    assert "is published." in page


@pytest.mark.parametrize("persona", ["supervisor", "chief", "commander", "custodian"])
def test_who_may_not_publish(client, request, persona, approved, ready_account):
    member = request.getfixturevalue(persona)
    count = events()
    response = post_as(client, member, f"/posts/{approved.pk}/publish/", {f"url_{ready_account.pk}": URL})
    assert_refused(response, approved, PostStatus.APPROVED, count)
    assert not Publication.objects.exists()


@pytest.mark.parametrize("persona", ["member", "other_pio"])
def test_publishing_a_post_not_visible_is_404(client, request, persona, approved, ready_account):
    response = post_as(
        client, request.getfixturevalue(persona), f"/posts/{approved.pk}/publish/", {f"url_{ready_account.pk}": URL}
    )
    assert response.status_code == 404
    assert status_of(approved) == PostStatus.APPROVED and not Publication.objects.exists()


def test_publishing_a_pending_post_is_409(client, pio_authorized, pending, ready_account):
    count = events()
    response = post_as(client, pio_authorized, f"/posts/{pending.pk}/publish/", {f"url_{ready_account.pk}": URL})
    assert_conflict(response, pending, PostStatus.PENDING, count)
    assert not Publication.objects.exists()


def test_publishing_without_the_url_is_a_form_error(client, pio_authorized, approved):
    count = events()
    response = post_as(client, pio_authorized, f"/posts/{approved.pk}/publish/")
    assert response.status_code == 200
    assert "Record the URL of the post on: Facebook OakleyPolice." in response.content.decode()
    assert status_of(approved) == PostStatus.APPROVED and events() == count


def test_publishing_with_a_bad_url_is_a_form_error(client, pio_authorized, approved, ready_account):
    response = post_as(
        client, pio_authorized, f"/posts/{approved.pk}/publish/", {f"url_{ready_account.pk}": "javascript:alert(1)"}
    )
    assert response.status_code == 200
    assert "Enter a valid URL." in response.content.decode()
    assert status_of(approved) == PostStatus.APPROVED


def test_publishing_a_tampered_body_is_refused(client, pio_authorized, approved, ready_account):
    from posts.models import PostRevision

    PostRevision.objects.filter(pk=approved.current_revision_id).update(body="Tampered after approval")
    response = post_as(client, pio_authorized, f"/posts/{approved.pk}/publish/", {f"url_{ready_account.pk}": URL})
    assert response.status_code == 409
    assert "does not match what was approved" in response.content.decode()
    assert status_of(approved) == PostStatus.APPROVED and not Publication.objects.exists()


# Remove from public view


def test_supervisor_removes_with_a_reason_and_an_investigation_opens(client, supervisor, published):
    response = post_as(client, supervisor, f"/posts/{published.pk}/remove/", {"reason": "Named a juvenile"})
    investigation = RemovalInvestigation.objects.get()
    assert response.status_code == 302 and response.url == f"/investigations/{investigation.pk}/"
    assert status_of(published) == PostStatus.REMOVED
    assert investigation.reason == "Named a juvenile" and investigation.is_open
    assert Publication.objects.get().removal_state == RemovalState.PENDING
    page = client.get(response.url).content.decode()
    assert "is removed from public view (§322.5)" in page and "Confirm removed" in page


@pytest.mark.parametrize("persona", ["pio_authorized", "chief", "commander", "custodian", "member"])
def test_who_may_not_remove(client, request, persona, published):
    member = request.getfixturevalue(persona)
    count = events()
    response = post_as(client, member, f"/posts/{published.pk}/remove/", {"reason": "x"})
    assert_refused(response, published, PostStatus.PUBLISHED, count)
    assert not RemovalInvestigation.objects.exists()


def test_removing_another_departments_post_is_404(client, published, other_department):
    from people.roles import Role
    from tests.conftest import make_member

    other_supervisor = make_member(other_department, "supervisor", Role.SUPERVISOR)
    response = post_as(client, other_supervisor, f"/posts/{published.pk}/remove/", {"reason": "x"})
    assert response.status_code == 404 and status_of(published) == PostStatus.PUBLISHED


def test_removing_an_approved_post_is_409(client, supervisor, approved):
    count = events()
    response = post_as(client, supervisor, f"/posts/{approved.pk}/remove/", {"reason": "x"})
    assert_conflict(response, approved, PostStatus.APPROVED, count)


def test_removing_a_draft_is_409_even_without_a_reason(client, supervisor, draft):
    count = events()
    assert_conflict(post_as(client, supervisor, f"/posts/{draft.pk}/remove/"), draft, PostStatus.DRAFT, count)


def test_removing_without_a_reason_is_a_form_error(client, supervisor, published):
    count = events()
    response = post_as(client, supervisor, f"/posts/{published.pk}/remove/", {"reason": ""})
    assert response.status_code == 200
    assert "Say why the content is being removed from public view." in response.content.decode()
    assert status_of(published) == PostStatus.PUBLISHED and events() == count


# Confirm a removal done by hand


@pytest.fixture
def removed(published, supervisor):
    from posts import services

    services.remove(by=supervisor, post=published, reason="Wrong date")
    return Publication.objects.get(post=published)


def test_supervisor_confirms_the_removal_by_hand(client, supervisor, removed):
    response = post_as(client, supervisor, f"/publications/{removed.pk}/confirm-removal/")
    assert response.status_code == 302
    removed.refresh_from_db()
    assert removed.removal_state == RemovalState.REMOVED and removed.removed_by == supervisor
    assert AuditEvent.objects.filter(action="posts.publication.remove").count() == 1


@pytest.mark.parametrize("persona", ["pio_authorized", "chief", "member"])
def test_who_may_not_confirm_a_removal(client, request, persona, removed):
    member = request.getfixturevalue(persona)
    count = events()
    response = post_as(client, member, f"/publications/{removed.pk}/confirm-removal/")
    assert response.status_code == 403
    removed.refresh_from_db()
    assert removed.removal_state == RemovalState.PENDING and events() == count


def test_confirming_a_removal_of_another_department_is_404(client, other_chief, removed):
    assert post_as(client, other_chief, f"/publications/{removed.pk}/confirm-removal/").status_code == 404


def test_confirming_twice_is_409(client, supervisor, removed):
    post_as(client, supervisor, f"/publications/{removed.pk}/confirm-removal/")
    count = events()
    response = client.post(f"/publications/{removed.pk}/confirm-removal/")
    assert response.status_code == 409 and events() == count
    assert "There is no removal pending for this account." in response.content.decode()
