"""The draft editor: writing a post and editing it (3xx.3, 3xx.4, 3xx.4.1)."""

from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from audits.models import AuditEvent
from people.services import revoke_authorization
from posts import services
from posts.choices import PostStatus
from posts.models import Post
from tests.conftest import make_account
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

NEW = "/posts/new/"


def data(account, body="Coffee with a cop, Saturday 9am at the library.", **extra):
    return {"body": body, "category": "community_engagement", "accounts": [account.pk], **extra}


# Who may open the editor


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(NEW)
    assert response.status_code == 302 and response.url == login_redirect(NEW)


def test_editor_has_a_visible_label_for_every_field(client, pio_authorized, ready_account):
    client.force_login(pio_authorized)
    html = client.get(NEW).content.decode()
    assert '<label for="id_body">Text of the post</label>' in html
    assert "<legend>Category</legend>" in html and "<legend>Accounts</legend>" in html
    assert '<label for="id_incident">Incident <span class="field__optional">(optional)</span></label>' in html
    assert '<label for="id_publish_at">Publish at <span class="field__optional">(optional)</span></label>' in html
    assert ">Save draft</button>" in html


def test_categories_are_the_departments_with_their_citations(client, pio_authorized, ready_account):
    client.force_login(pio_authorized)
    html = client.get(NEW).content.decode()
    assert "Announcements (§322.4(a))" in html and "Recruitment of personnel (§322.4(h))" in html
    assert "(§322.4)" in html and "§322.3" in html


def test_only_accounts_the_member_is_authorized_for_are_offered(
    client, department, chief, pio_authorized, ready_account, account, other_account
):
    client.force_login(pio_authorized)
    accounts = client.get(NEW).context["form"].fields["accounts"].queryset
    assert list(accounts) == [ready_account]


def test_each_account_carries_its_character_limit_for_the_live_count(
    client, department, chief, pio_authorized, ready_account
):
    x = make_account(department, "OakleyPD_X", approved_by=chief, platform="x", **lifecycle.CHECKLIST_DONE)
    lifecycle.authorize(chief, pio_authorized, x)
    client.force_login(pio_authorized)
    html = client.get(NEW).content.decode()
    assert 'data-limit="280"' in html and 'data-account="X (Twitter) OakleyPD_X"' in html
    assert "X (Twitter) OakleyPD_X (up to 280 characters)" in html
    assert "Facebook OakleyPolice (up to 63,206 characters)" in html
    # The count is a static file; the page has no inline script.
    assert '<script src="/static/socialgov/editor.js" defer></script>' in html
    assert "<script>" not in html


def test_editor_script_is_local_and_counts_against_data_limit():
    path = finders.find("socialgov/editor.js")
    assert path is not None
    with open(path, encoding="utf-8") as file:
        script = file.read()
    assert "data-limit" in script and "http" not in script and "eval(" not in script


def test_only_active_incidents_are_offered(client, supervisor, commander, pio_authorized, ready_account):
    active = services.open_incident(by=supervisor, name="Vista fire", commander=commander)
    closed = services.open_incident(by=supervisor, name="Old flood", commander=commander)
    services.close_incident(by=supervisor, incident=closed)
    client.force_login(pio_authorized)
    incidents = client.get(NEW).context["form"].fields["incident"].queryset
    assert list(incidents) == [active]
    assert client.get(f"{NEW}?incident={active.pk}").context["form"]["incident"].value() == active.pk


@pytest.mark.parametrize("persona", ["pio", "supervisor", "commander", "chief", "member", "custodian"])
def test_members_without_a_current_authorization_may_not_draft(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(NEW)
    assert response.status_code == 403
    assert "Only members with a current authorization draft posts (§322.3)." in response.content.decode()
    assert client.post(NEW, {"body": "x", "category": "announcement"}).status_code == 403
    assert not Post.objects.exists()


def test_revoked_authorization_stops_drafting_at_once(client, chief, pio_authorized, ready_account):
    authorization = pio_authorized.authorizations.get()
    revoke_authorization(by=chief, authorization=authorization, reason="Transferred")
    client.force_login(pio_authorized)
    assert client.post(NEW, data(ready_account)).status_code == 403
    assert not Post.objects.exists()


# Writing a draft


def test_pio_saves_a_draft(client, pio_authorized, ready_account):
    client.force_login(pio_authorized)
    response = client.post(NEW, data(ready_account))
    post = Post.objects.get()
    assert response.status_code == 302 and response.url == f"/posts/{post.pk}/"
    assert post.status == PostStatus.DRAFT and post.author == pio_authorized
    assert post.current_revision.number == 1 and list(post.accounts.all()) == [ready_account]
    assert AuditEvent.objects.filter(action="posts.create").count() == 1
    assert "is saved as a draft (revision 1)" in client.get(response.url).content.decode()


def test_line_breaks_are_stored_as_the_live_count_counts_them(client, pio_authorized, ready_account):
    client.force_login(pio_authorized)
    client.post(NEW, data(ready_account, body="Line one\r\nLine two"))
    assert Post.objects.get().body == "Line one\nLine two"


def test_publish_at_and_incident_are_saved(client, supervisor, commander, pio_authorized, ready_account):
    incident = services.open_incident(by=supervisor, name="Vista fire", commander=commander)
    when = timezone.localtime() + timedelta(days=1)
    client.force_login(pio_authorized)
    client.post(NEW, data(ready_account, incident=incident.pk, publish_at=when.strftime("%Y-%m-%dT%H:%M")))
    post = Post.objects.get()
    assert post.incident == incident
    assert timezone.localtime(post.publish_at).strftime("%Y-%m-%d %H:%M") == when.strftime("%Y-%m-%d %H:%M")


def test_too_long_for_a_platform_is_a_form_error_and_nothing_is_saved(client, department, chief, pio_authorized):
    x = make_account(department, "OakleyPD_X", approved_by=chief, platform="x", **lifecycle.CHECKLIST_DONE)
    lifecycle.authorize(chief, pio_authorized, x)
    client.force_login(pio_authorized)
    response = client.post(NEW, data(x, body="a" * 281))
    assert response.status_code == 200
    html = response.content.decode()
    assert "281 characters is too long for: X (Twitter) OakleyPD_X (280)." in html
    assert 'id="id_body_error"' in html and "Nothing was changed." in html
    assert not Post.objects.exists()


def test_missing_fields_are_named(client, pio_authorized, ready_account):
    client.force_login(pio_authorized)
    response = client.post(NEW, {"body": "", "category": "", "accounts": []})
    errors = response.context["form"].errors
    assert errors["body"] == ["Write the text of the post."]
    assert errors["accounts"] == ["Choose at least one account."]
    assert "category" in errors and not Post.objects.exists()


def test_another_departments_account_cannot_be_chosen(client, pio_authorized, ready_account, other_account):
    client.force_login(pio_authorized)
    response = client.post(NEW, data(other_account))
    assert response.status_code == 200 and "accounts" in response.context["form"].errors
    assert not Post.objects.exists()


# Editing


def test_editor_is_prefilled_with_the_current_revision(client, pio_authorized, draft):
    client.force_login(pio_authorized)
    form = client.get(f"/posts/{draft.pk}/edit/").context["form"]
    assert form["body"].value() == "The lobby is closed Monday for Memorial Day."
    assert form["category"].value() == "announcement"


def test_edit_writes_a_new_revision(client, pio_authorized, draft, ready_account):
    client.force_login(pio_authorized)
    response = client.post(f"/posts/{draft.pk}/edit/", data(ready_account, body="Closed Monday and Tuesday."))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.current_revision.number == 2 and draft.body == "Closed Monday and Tuesday."
    assert draft.revisions.count() == 2


def test_edit_after_approval_voids_it_and_returns_to_draft(client, pio_authorized, approved, ready_account):
    client.force_login(pio_authorized)
    html = client.get(f"/posts/{approved.pk}/edit/").content.decode()
    assert "Saving a change voids the approval and returns it to draft" in html
    response = client.post(
        f"/posts/{approved.pk}/edit/", data(ready_account, body="Changed after approval"), follow=True
    )
    approved.refresh_from_db()
    assert approved.status == PostStatus.DRAFT
    assert approved.decisions.get().voided_at is not None
    assert "The edit voided the approval" in response.content.decode()


@pytest.mark.parametrize("persona", ["supervisor", "commander", "chief"])
def test_members_without_authorization_may_not_edit(client, request, persona, draft, ready_account):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(f"/posts/{draft.pk}/edit/").status_code == 403
    assert client.post(f"/posts/{draft.pk}/edit/", data(ready_account, body="Hijacked")).status_code == 403
    draft.refresh_from_db()
    assert draft.body == "The lobby is closed Monday for Memorial Day."


def test_another_authorized_member_may_not_edit(client, second_pio, draft, ready_account):
    """Only the author, or a supervisor with a reason, rewrites a post (issue 17.5; tests/posts/test_editors.py)."""
    client.force_login(second_pio)
    response = client.post(f"/posts/{draft.pk}/edit/", data(ready_account, body="Edited by a colleague"))
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.body == "The lobby is closed Monday for Memorial Day." and draft.revisions.count() == 1


@pytest.mark.parametrize("persona", ["member", "other_pio"])
def test_editing_a_post_not_visible_is_404(client, request, persona, draft):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(f"/posts/{draft.pk}/edit/").status_code == 404


def test_editing_a_pending_post_is_409_and_changes_nothing(client, pio_authorized, pending, ready_account):
    client.force_login(pio_authorized)
    assert client.get(f"/posts/{pending.pk}/edit/").status_code == 409
    count = AuditEvent.objects.count()
    response = client.post(f"/posts/{pending.pk}/edit/", data(ready_account, body="Sneaky change"))
    assert response.status_code == 409
    pending.refresh_from_db()
    assert pending.body == "The lobby is closed Monday for Memorial Day." and pending.revisions.count() == 1
    assert AuditEvent.objects.count() == count


def test_editing_a_published_post_is_409(client, pio_authorized, published):
    client.force_login(pio_authorized)
    assert client.get(f"/posts/{published.pk}/edit/").status_code == 409


# Media (general policy IV.B)

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(name="k9.png", content=PNG):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_editor_offers_media_with_the_attestation_and_credit(client, pio_authorized, ready_account):
    client.force_login(pio_authorized)
    html = client.get(NEW).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert '<label for="id_file">Image or video <span class="field__optional">(optional)</span></label>' in html
    assert "The department has the right to publish this file (general policy IV.B" in html
    assert '<label for="id_credit">Credit line <span class="field__optional">(optional)</span></label>' in html


def test_pio_attaches_an_image_with_its_credit(client, pio_authorized, ready_account, media_root):
    client.force_login(pio_authorized)
    response = client.post(NEW, data(ready_account, file=upload(), rights_attested="on", credit="Photo: Oakley PD"))
    post = Post.objects.get()
    assert response.status_code == 302
    media = post.current_revision.media.get()
    assert media.content_type == "image/png" and media.credit == "Photo: Oakley PD"
    assert post.current_revision.sha256 == post.current_revision.compute_sha256()
    html = client.get(f"/posts/{post.pk}/").content.decode()
    assert f'<a href="/api/v1/media/{media.pk}/file/">k9.png</a>' in html and "Credit: Photo: Oakley PD." in html


def test_media_without_the_attestation_is_refused_and_nothing_is_saved(
    client, pio_authorized, ready_account, media_root
):
    from posts.models import MediaAttachment

    client.force_login(pio_authorized)
    response = client.post(NEW, data(ready_account, file=upload()))
    assert response.status_code == 200
    assert "Attest that the department has the right to publish this file" in response.content.decode()
    assert not Post.objects.exists() and not MediaAttachment.objects.exists()


def test_a_file_that_is_not_an_image_or_video_is_refused(client, pio_authorized, ready_account, media_root):
    client.force_login(pio_authorized)
    response = client.post(NEW, data(ready_account, file=upload("k9.png", b"MZ not a picture"), rights_attested="on"))
    assert "the file&#x27;s content is not one of them" in response.content.decode()
    assert not Post.objects.exists()


def test_a_refused_draft_leaves_no_media_behind(client, pio_authorized, ready_account, media_root):
    from posts.models import MediaAttachment

    client.force_login(pio_authorized)
    response = client.post(NEW, data(ready_account, body="", file=upload(), rights_attested="on"))
    assert response.status_code == 200
    client.post(NEW, {**data(ready_account, file=upload(), rights_attested="on"), "category": "nonsense"})
    assert not MediaAttachment.objects.exists()


def test_removing_the_media_in_an_edit_writes_a_new_revision(client, pio_authorized, ready_account, media_root):
    client.force_login(pio_authorized)
    client.post(NEW, data(ready_account, file=upload(), rights_attested="on"))
    post = Post.objects.get()
    media = post.current_revision.media.get()
    form = client.get(f"/posts/{post.pk}/edit/").context["form"]
    assert list(form["keep_media"].value()) == [media.pk]
    # Unchanged media, unchanged text: no new revision.
    client.post(f"/posts/{post.pk}/edit/", data(ready_account, keep_media=[media.pk]))
    assert post.revisions.count() == 1
    client.post(f"/posts/{post.pk}/edit/", data(ready_account))
    post.refresh_from_db()
    assert post.revisions.count() == 2 and not post.current_revision.media.exists()
