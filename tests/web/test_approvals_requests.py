"""Post requests through the chain of command (§322.3): a member asks, their supervisor forwards or
declines, a PIO drafts from a forwarded request in the editor, prefilled."""

import pytest

from approvals import services
from approvals.choices import RequestStatus
from approvals.models import PostRequest
from audits.models import AuditEvent
from people.roles import Role
from posts.models import Post
from tests.conftest import make_member
from tests.posts import conftest as lifecycle
from tests.web import login_redirect

pytestmark = pytest.mark.django_db

ready_account = lifecycle.ready_account
pio_authorized = lifecycle.pio_authorized


@pytest.fixture
def asked(member):
    return services.request_post(
        by=member, category="community_engagement", summary="Thank the volunteers of the <b>food drive</b>."
    )


@pytest.fixture
def forwarded(asked, supervisor):
    return services.forward(by=supervisor, request=asked, note="Worth posting")


@pytest.fixture
def second_supervisor(department):
    return make_member(department, "supervisor2", Role.SUPERVISOR)


def status_of(item):
    return PostRequest.objects.get(pk=item.pk).status


@pytest.mark.parametrize("url", ["/requests/", "/requests/new/"])
def test_anonymous_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response.url == login_redirect(url)


# Asking


def test_request_form_has_labels_and_names_the_supervisor(client, member, supervisor):
    client.force_login(member)
    html = client.get("/requests/new/").content.decode()
    assert "<legend>Category</legend>" in html and "Announcements (§322.4(a))" in html
    assert '<label for="id_summary">What you would like posted, and why</label>' in html
    assert "Lieutenant Supervisor Oakley, your chain-of-command supervisor" in html and "§322.3" in html


def test_member_requests_a_post(client, member, supervisor):
    client.force_login(member)
    response = client.post("/requests/new/", {"category": "announcement", "summary": "Lost dog found"})
    item = PostRequest.objects.get()
    assert response.status_code == 302 and response.url == f"/requests/{item.pk}/"
    assert item.requester == member and item.supervisor == supervisor
    assert AuditEvent.objects.filter(action="approvals.request.create").count() == 1


def test_a_member_without_a_supervisor_on_record_is_told(client, pio):
    client.force_login(pio)
    html = client.get("/requests/new/").content.decode()
    assert "You have no chain-of-command supervisor on record" in html
    response = client.post("/requests/new/", {"category": "announcement", "summary": "x"})
    assert "ask the chief to set one" in response.content.decode() and not PostRequest.objects.exists()


def test_a_request_needs_a_summary(client, member):
    client.force_login(member)
    response = client.post("/requests/new/", {"category": "announcement", "summary": ""})
    assert "summary" in response.context["form"].errors and not PostRequest.objects.exists()


# Who sees what


def test_supervisor_sees_requests_routed_to_them_with_forward_and_decline(client, supervisor, asked):
    client.force_login(supervisor)
    html = client.get("/requests/").content.decode()
    assert "Waiting for your decision" in html
    assert "Thank the volunteers of the &lt;b&gt;food drive&lt;/b&gt;." in html and "<b>food" not in html
    assert f'action="/requests/{asked.pk}/forward/"' in html
    assert f'formaction="/requests/{asked.pk}/decline/"' in html
    assert f'<label for="note-{asked.pk}">' in html


def test_requester_sees_their_own_request(client, member, asked):
    client.force_login(member)
    html = client.get("/requests/").content.decode()
    assert f'href="/requests/{asked.pk}/"' in html and "Waiting for your decision" not in html


@pytest.mark.parametrize("persona", ["pio", "second_supervisor", "commander", "other_chief"])
def test_a_submitted_request_is_404_to_those_not_in_its_chain(client, request, persona, asked):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(f"/requests/{asked.pk}/").status_code == 404
    assert f'href="/requests/{asked.pk}/"' not in client.get("/requests/").content.decode()


def test_pios_see_forwarded_requests_with_draft_from_this_request(client, pio, forwarded):
    client.force_login(pio)
    html = client.get("/requests/").content.decode()
    assert "Forwarded to the PIOs" in html
    assert f'href="/requests/{forwarded.pk}/draft/"' in html and "Draft from this request" in html


# Forward and decline


def test_supervisor_forwards(client, supervisor, asked):
    client.force_login(supervisor)
    response = client.post(f"/requests/{asked.pk}/forward/", {"note": "", "next": "/requests/"})
    assert response.status_code == 302 and response.url == "/requests/"
    assert status_of(asked) == RequestStatus.FORWARDED


def test_supervisor_declines_with_a_note(client, supervisor, asked):
    client.force_login(supervisor)
    client.post(f"/requests/{asked.pk}/decline/", {"note": "Already posted last week"})
    asked.refresh_from_db()
    assert asked.status == RequestStatus.DECLINED and asked.decision_note == "Already posted last week"


def test_declining_without_a_note_is_a_form_error(client, supervisor, asked):
    client.force_login(supervisor)
    response = client.post(f"/requests/{asked.pk}/decline/", {"note": ""})
    assert response.status_code == 200
    assert "Tell the member why the request is declined." in response.content.decode()
    assert status_of(asked) == RequestStatus.SUBMITTED


@pytest.mark.parametrize("name", ["forward", "decline"])
def test_the_requester_may_not_decide_their_own_request(client, member, asked, name):
    client.force_login(member)
    response = client.post(f"/requests/{asked.pk}/{name}/", {"note": "Please"})
    assert response.status_code == 403 and status_of(asked) == RequestStatus.SUBMITTED


@pytest.mark.parametrize("name", ["forward", "decline"])
def test_deciding_a_request_not_visible_is_404(client, second_supervisor, asked, name):
    client.force_login(second_supervisor)
    assert client.post(f"/requests/{asked.pk}/{name}/", {"note": "x"}).status_code == 404
    assert status_of(asked) == RequestStatus.SUBMITTED


@pytest.mark.parametrize("name", ["forward", "decline"])
def test_deciding_twice_is_409(client, supervisor, forwarded, name):
    client.force_login(supervisor)
    count = AuditEvent.objects.count()
    response = client.post(f"/requests/{forwarded.pk}/{name}/", {"note": "x"})
    assert response.status_code == 409 and AuditEvent.objects.count() == count
    assert status_of(forwarded) == RequestStatus.FORWARDED


def test_chief_may_decide_any_request(client, chief, asked):
    client.force_login(chief)
    assert client.post(f"/requests/{asked.pk}/forward/").status_code == 302
    assert status_of(asked) == RequestStatus.FORWARDED


# Drafting from a request


def test_draft_from_request_opens_the_editor_prefilled(client, pio_authorized, ready_account, forwarded):
    client.force_login(pio_authorized)
    response = client.get(f"/requests/{forwarded.pk}/draft/")
    form = response.context["form"]
    assert form["category"].value() == "community_engagement"
    assert form["body"].value() == "Thank the volunteers of the <b>food drive</b>."
    assert "incident" not in form.fields and "publish_at" not in form.fields
    html = response.content.decode()
    assert f"Draft from request #{forwarded.pk}" in html and "<b>food drive</b>" not in html


def test_pio_drafts_from_a_forwarded_request_and_the_draft_links_back(client, pio_authorized, ready_account, forwarded):
    client.force_login(pio_authorized)
    response = client.post(
        f"/requests/{forwarded.pk}/draft/",
        {
            "body": "Thank you, food drive volunteers!",
            "category": "community_engagement",
            "accounts": [ready_account.pk],
        },
    )
    post = Post.objects.get()
    assert response.status_code == 302 and response.url == f"/posts/{post.pk}/"
    forwarded.refresh_from_db()
    assert forwarded.status == RequestStatus.DRAFTED and forwarded.post == post
    html = client.get(f"/requests/{forwarded.pk}/").content.decode()
    assert f'href="/posts/{post.pk}/"' in html


@pytest.mark.parametrize("persona", ["supervisor", "chief"])
def test_only_a_pio_drafts_from_a_request(client, request, persona, forwarded):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(f"/requests/{forwarded.pk}/draft/").status_code == 403
    assert client.post(f"/requests/{forwarded.pk}/draft/", {"body": "x", "category": "announcement"}).status_code == 403
    assert not Post.objects.exists() and status_of(forwarded) == RequestStatus.FORWARDED


def test_drafting_from_a_request_not_forwarded_is_409(client, pio_authorized, ready_account, asked, supervisor):
    # The PIO cannot see a request still with the supervisor; once declined it is not forwarded.
    client.force_login(pio_authorized)
    assert client.get(f"/requests/{asked.pk}/draft/").status_code == 404
    services.forward(by=supervisor, request=asked)
    client.post(
        f"/requests/{asked.pk}/draft/", {"body": "First", "category": "announcement", "accounts": [ready_account.pk]}
    )
    count = AuditEvent.objects.count()
    response = client.post(
        f"/requests/{asked.pk}/draft/", {"body": "Second", "category": "announcement", "accounts": [ready_account.pk]}
    )
    assert response.status_code == 409 and Post.objects.count() == 1 and AuditEvent.objects.count() == count
    assert client.get(f"/requests/{asked.pk}/draft/").status_code == 409
