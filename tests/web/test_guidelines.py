"""The chief's content guidelines in the browser (3xx.3; issue 16.3): the chief writes a guideline and its
templates, an author writes from a template and sees the guideline in the editor, attests on submit, and
another authorized member approves what conforms."""

import pytest

from approvals import guidelines
from approvals.models import ApprovalDecision, Guideline, PostTemplate
from posts.models import Post
from tests.api.conftest import grant
from tests.posts import conftest as lifecycle

pytestmark = pytest.mark.django_db

ready_account = lifecycle.ready_account
pio_authorized = lifecycle.pio_authorized

TEXT = "TRAFFIC ALERT: {road} is closed until {time}."


@pytest.fixture
def template(chief, ready_account):
    guideline = guidelines.write(
        by=chief, category="traffic", text="Closures: where and until when.", accounts=[ready_account]
    )
    return guidelines.add_template(by=chief, guideline=guideline, name="Road closure", text=TEXT)


def test_the_chief_writes_a_guideline_and_a_template(client, chief, ready_account):
    client.force_login(chief)
    assert client.get("/guidelines/new/?category=traffic").status_code == 200
    response = client.post(
        "/guidelines/new/",
        {"category": "traffic", "text": "Closures only.", "accounts": [ready_account.pk], "media": "none"},
    )
    guideline = Guideline.objects.get()
    assert response.status_code == 302 and response.url == f"/guidelines/{guideline.pk}/"
    response = client.post(f"/guidelines/{guideline.pk}/templates/", {"name": "Closure", "text": "{road} closed."})
    assert response.status_code == 302 and PostTemplate.objects.get().field_names == ["road"]
    bad = client.post(f"/guidelines/{guideline.pk}/templates/", {"name": "Bad", "text": "No fields."})
    assert bad.status_code == 400 and "Name at least one field" in bad.content.decode()
    edited = client.post(f"/guidelines/{guideline.pk}/edit/", {"text": "Closures and detours.", "media": "none"})
    assert edited.status_code == 302 and Guideline.objects.get().text == "Closures and detours."


@pytest.mark.parametrize("url", ["/guidelines/new/", "/guidelines/{g}/edit/"])
def test_only_the_chief_writes_guidelines(client, pio_authorized, supervisor, template, url):
    for member in (pio_authorized, supervisor):
        client.force_login(member)
        assert client.get(url.format(g=template.guideline_id)).status_code == 403
    assert client.post(f"/guidelines/templates/{template.pk}/retire/").status_code == 403
    assert (
        client.post(f"/guidelines/{template.guideline_id}/templates/", {"name": "x", "text": "{a}"}).status_code == 403
    )


def test_a_member_the_guideline_does_not_apply_to_gets_404(client, member, template, other_chief):
    client.force_login(member)
    assert client.get("/guidelines/").status_code == 200
    assert client.get(f"/guidelines/{template.guideline_id}/").status_code == 404
    assert client.get(f"/guidelines/templates/{template.pk}/write/").status_code == 404
    client.force_login(other_chief)
    assert client.get(f"/guidelines/{template.guideline_id}/").status_code == 404
    assert client.post(f"/guidelines/templates/{template.pk}/retire/").status_code == 404


def test_a_template_post_is_approved_by_another_authorized_member_in_the_browser(
    client, pio_authorized, commander, chief, ready_account, template
):
    grant(chief, commander, [ready_account])
    client.force_login(pio_authorized)
    page = client.get(f"/guidelines/templates/{template.pk}/write/")
    assert page.status_code == 200 and "Road closure" in page.content.decode()
    response = client.post(
        f"/guidelines/templates/{template.pk}/write/",
        {"accounts": [ready_account.pk], "field_road": "Main Street", "field_time": "6 pm"},
    )
    post = Post.objects.get()
    assert response.status_code == 302 and post.body == "TRAFFIC ALERT: Main Street is closed until 6 pm."
    assert client.post(f"/posts/{post.pk}/submit/").status_code == 302
    client.force_login(commander)
    page = client.get(f"/posts/{post.pk}/").content.decode()
    assert "written from the template" in page
    response = client.post(f"/posts/{post.pk}/approve/", {"revision": post.current_revision.sha256})
    assert response.status_code == 302
    assert ApprovalDecision.objects.get(post=post).conformance["basis"] == "template"


def test_the_author_attests_on_submit(client, pio_authorized, ready_account, template):
    client.force_login(pio_authorized)
    client.post(
        "/posts/new/", {"body": "Main Street reopens at 6 pm.", "category": "traffic", "accounts": [ready_account.pk]}
    )
    post = Post.objects.get()
    page = client.get(f"/posts/{post.pk}/").content.decode()
    assert "I attest that this post strictly conforms" in page
    client.post(f"/posts/{post.pk}/submit/", {"attests_conformance": "1"})
    assert post.conformance.attested_by == pio_authorized


def test_the_editor_shows_the_guideline_that_applies(client, pio_authorized, template):
    client.force_login(pio_authorized)
    page = client.get("/posts/new/").content.decode()
    assert 'id="guideline"' in page
    fragment = client.get("/guidelines/applicable/?category=traffic").content.decode()
    assert "Closures: where and until when." in fragment and "Road closure" in fragment
    assert "no guideline" in client.get("/guidelines/applicable/?category=announcement").content.decode()
