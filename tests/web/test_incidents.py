"""Incidents (§322.4.1): opened by a supervisor or the chief; the incident page lists its posts in
order with their approval state, and the commander approves each with one click."""

import pytest

from approvals import services as decisions
from audits.models import AuditEvent
from posts import services
from posts.choices import IncidentStatus, PostStatus
from posts.models import Incident, Post
from tests.posts import conftest as lifecycle
from tests.web import login_redirect

pytestmark = pytest.mark.django_db

ready_account = lifecycle.ready_account
pio_authorized = lifecycle.pio_authorized


@pytest.fixture
def incident(supervisor, commander, pio):
    return services.open_incident(by=supervisor, name="Vista Road fire", commander=commander, pio=pio)


@pytest.fixture
def updates(incident, pio_authorized, ready_account):
    """Three updates: the first two submitted, the third still a draft."""
    posts = []
    for n, text in enumerate(["Evacuate Vista Road.", "Shelter at the high school.", "Roads reopen at 6pm."]):
        post = services.create_post(
            by=pio_authorized, category="safety_alert", accounts=[ready_account], body=text, incident=incident
        )
        if n < 2:
            decisions.submit(by=pio_authorized, post=post)
        posts.append(post)
    return posts


@pytest.mark.parametrize("url", ["/incidents/", "/incidents/new/"])
def test_anonymous_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response.url == login_redirect(url)


# The list


@pytest.mark.parametrize("persona", ["supervisor", "commander", "pio", "chief", "member"])
def test_incident_list_is_shown_to_the_department(client, request, persona, incident):
    client.force_login(request.getfixturevalue(persona))
    html = client.get("/incidents/").content.decode()
    assert f'<a href="/incidents/{incident.pk}/">Vista Road fire</a>' in html and "§322.4.1" in html
    assert ("Open an incident" in html) == (persona in ("supervisor", "chief"))


def test_another_department_does_not_see_the_incident(client, other_chief, incident):
    client.force_login(other_chief)
    assert "Vista Road fire" not in client.get("/incidents/").content.decode()
    assert client.get(f"/incidents/{incident.pk}/").status_code == 404


# Opening one


@pytest.mark.parametrize("persona", ["supervisor", "chief"])
def test_supervisor_or_chief_opens_an_incident(client, request, persona, commander, pio):
    client.force_login(request.getfixturevalue(persona))
    html = client.get("/incidents/new/").content.decode()
    assert '<label for="id_name">Name</label>' in html
    assert '<label for="id_commander">Incident Commander</label>' in html
    assert '<label for="id_pio">Public Information Officer <span class="field__optional">(optional)</span>' in html
    response = client.post("/incidents/new/", {"name": "Flood", "commander": commander.pk, "pio": pio.pk})
    incident = Incident.objects.get()
    assert response.status_code == 302 and response.url == f"/incidents/{incident.pk}/"
    assert incident.commander == commander and incident.pio == pio
    assert AuditEvent.objects.filter(action="posts.incident.open").count() == 1


@pytest.mark.parametrize("persona", ["pio", "commander", "member", "custodian"])
def test_others_may_not_open_an_incident(client, request, persona, commander):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/incidents/new/").status_code == 403
    assert client.post("/incidents/new/", {"name": "Flood", "commander": commander.pk}).status_code == 403
    assert not Incident.objects.exists()


def test_commander_from_another_department_cannot_be_chosen(client, supervisor, other_chief):
    client.force_login(supervisor)
    response = client.post("/incidents/new/", {"name": "Flood", "commander": other_chief.pk})
    assert "commander" in response.context["form"].errors and not Incident.objects.exists()


# The incident page


def test_incident_page_lists_its_posts_in_order_with_their_state(client, commander, incident, updates):
    client.force_login(commander)
    html = client.get(f"/incidents/{incident.pk}/").content.decode()
    positions = [html.index(text) for text in ("Evacuate", "Shelter", "Roads reopen")]
    assert positions == sorted(positions)
    assert html.count("Pending approval") == 2 and "Draft</span>" in html
    assert "2 waiting for approval" in html
    assert "The Incident Commander of Vista Road fire, Captain Commander Oakley (§322.4.1)" in html


def test_commander_has_one_approve_button_per_pending_post(client, commander, incident, updates):
    client.force_login(commander)
    html = client.get(f"/incidents/{incident.pk}/").content.decode()
    for post in updates[:2]:
        assert f'<form method="post" action="/posts/{post.pk}/approve/" class="form form--one-click">' in html
    assert f'action="/posts/{updates[2].pk}/approve/"' not in html
    assert html.count(">Approve<span") == 2


def test_commander_approves_with_one_click_and_comes_back(client, commander, incident, updates):
    client.force_login(commander)
    html = client.get(f"/incidents/{incident.pk}/").content.decode()
    seen = updates[0].current_revision.sha256
    assert f'<input type="hidden" name="revision" value="{seen}">' in html  # the revision the commander read
    response = client.post(f"/posts/{updates[0].pk}/approve/", {"next": f"/incidents/{incident.pk}/", "revision": seen})
    assert response.status_code == 302 and response.url == f"/incidents/{incident.pk}/"
    post = Post.objects.get(pk=updates[0].pk)
    assert post.status == PostStatus.APPROVED and post.decisions.get().decided_by == commander
    html = client.get(response.url).content.decode()
    assert "1 waiting for approval" in html and "is approved (revision 1)" in html


@pytest.mark.parametrize(
    ("persona", "why"),
    [
        ("supervisor", "Only the Incident Commander of Vista Road fire approves its posts (§322.4.1)."),
        ("chief", "Only the Incident Commander of Vista Road fire approves its posts (§322.4.1)."),
        ("pio_authorized", "Nobody approves their own post"),
    ],
)
def test_only_the_commander_approves_incident_posts(client, request, persona, why, incident, updates):
    client.force_login(request.getfixturevalue(persona))
    html = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert ">Approve<span" not in html
    response = client.post(f"/posts/{updates[0].pk}/approve/", {"revision": updates[0].current_revision.sha256})
    assert response.status_code == 403 and why in response.content.decode()
    assert Post.objects.get(pk=updates[0].pk).status == PostStatus.PENDING


def test_a_plain_member_sees_only_what_went_public(client, member, incident, updates):
    client.force_login(member)
    html = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "Evacuate" not in html and "No posts about this incident." in html


def test_pio_writes_an_update_from_the_incident_page(client, pio_authorized, incident):
    client.force_login(pio_authorized)
    html = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert f'href="/posts/new/?incident={incident.pk}"' in html


def test_incident_page_works_on_a_phone_without_javascript(client, commander, incident, updates):
    client.force_login(commander)
    html = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "<script" not in html


# Closing


def test_commander_closes_the_incident(client, commander, incident):
    client.force_login(commander)
    assert ">Close incident</button>" in client.get(f"/incidents/{incident.pk}/").content.decode()
    response = client.post(f"/incidents/{incident.pk}/close/")
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.CLOSED and incident.closed_by == commander


@pytest.mark.parametrize("persona", ["pio", "member"])
def test_others_may_not_close_the_incident(client, request, persona, incident):
    client.force_login(request.getfixturevalue(persona))
    assert client.post(f"/incidents/{incident.pk}/close/").status_code == 403
    incident.refresh_from_db()
    assert incident.is_active


def test_closing_a_closed_incident_is_409(client, supervisor, incident):
    client.force_login(supervisor)
    client.post(f"/incidents/{incident.pk}/close/")
    count = AuditEvent.objects.count()
    response = client.post(f"/incidents/{incident.pk}/close/")
    assert response.status_code == 409 and AuditEvent.objects.count() == count


def test_closing_is_post_only(client, supervisor, incident):
    client.force_login(supervisor)
    assert client.get(f"/incidents/{incident.pk}/close/").status_code == 405
