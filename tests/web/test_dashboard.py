"""The dashboard: one page, with the sections each role needs."""

from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from people.models import Member, TrainingRecord
from tests.conftest import make_account
from tests.web import grant, login_redirect

pytestmark = pytest.mark.django_db


def dashboard(client, member):
    client.force_login(member)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302 and response.url == login_redirect("/")


@pytest.mark.parametrize(
    ("persona", "headings"),
    [
        ("chief", ["Members needing attention", "Your training"]),
        ("pio", ["Accounts you may post to", "Your training"]),
        ("supervisor", ["Drafts awaiting your approval", "Reports and removals"]),
        ("commander", ["Incidents you command"]),
        ("custodian", ["Retention"]),
        ("reviewer", ["Annual review", "Drafts awaiting your approval"]),
        ("member", ["Your post requests and reports"]),
    ],
)
def test_each_role_sees_its_sections(client, request, persona, headings):
    html = dashboard(client, request.getfixturevalue(persona))
    for heading in headings:
        assert f'-heading">{heading}</h2>' in html


@pytest.mark.parametrize("persona", ["pio", "supervisor", "commander", "custodian", "reviewer", "member"])
def test_only_those_who_grant_see_members_needing_attention(client, request, persona):
    assert "Members needing attention" not in dashboard(client, request.getfixturevalue(persona))


def test_sections_later_issues_fill_are_empty_lists_not_promises(client, supervisor, commander, custodian, member):
    for persona in (supervisor, commander, custodian, member):
        html = dashboard(client, persona).lower()
        assert "coming soon" not in html
        assert 'class="empty"' in html


def test_pio_sees_the_accounts_their_authorization_covers_citing_322_3(client, chief, pio, account):
    other = make_account(pio.department, "OakleyPDTraffic", approved_by=chief)
    authorization = grant(chief, pio, [account])
    html = dashboard(client, pio)
    assert "Facebook OakleyPD" in html and "OakleyPDTraffic" not in html
    assert f"authorization #{authorization.pk}" in html
    assert "§322.3" in html
    grant(chief, pio, [other])
    assert "OakleyPDTraffic" in dashboard(client, pio)


def test_pio_without_authorization_is_told_there_are_no_accounts(client, pio):
    html = dashboard(client, pio)
    assert "You hold no current authorization, so there are no accounts you may post to." in html


def test_member_sees_own_training_status_citing_322_8(client, pio, untrained):
    assert '<p class="status status--ok">Current</p>' in dashboard(client, pio)
    html = dashboard(client, untrained)
    assert "Missing or expired: Legal issues" in html and "§322.8" in html


def test_chief_sees_untrained_pio_and_lapsing_authorizations(client, chief, pio, untrained, member, account):
    grant(chief, pio, [account], days=20)
    html = dashboard(client, chief)
    attention = html.split('id="attention-heading"')[1].split("Quick links")[0]
    assert untrained.display_name in attention
    assert pio.display_name in attention and "Facebook OakleyPD: expires" in attention
    # A member who does not post needs no training (§322.8), so is not listed.
    assert member.display_name not in attention


def test_chief_sees_training_about_to_lapse(client, chief, pio):
    today = timezone.localdate()
    TrainingRecord.objects.filter(member=pio, topic="privacy").update(expires_on=today + timedelta(days=10))
    html = dashboard(client, chief)
    assert "Expiring soon: Privacy" in html


def test_chief_with_nothing_to_act_on_is_told_so(client, chief):
    assert "No members need attention." in dashboard(client, chief)


def test_system_administrator_of_no_department_gets_an_empty_dashboard(client, db):
    admin = Member.objects.create_superuser(username="root", password="x" * 16)
    client.force_login(admin)
    response = client.get("/")
    assert response.status_code == 200
    assert "Members needing attention" not in response.content.decode()
    assert client.get("/members/").status_code == 403


def test_stylesheet_is_local_and_plain():
    path = finders.find("socialgov/app.css")
    assert path is not None
    with open(path, encoding="utf-8") as file:
        css = file.read()
    assert "@import" not in css and "http" not in css
