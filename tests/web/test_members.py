"""The member list and a member's page: training (§322.8) and authorizations (§322.3)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from people.models import Member, TrainingRecord
from people.roles import GROUP_FOR_ROLE, Role
from people.services import name_designee, revoke_authorization
from tests.conftest import give_training, make_account
from tests.web import grant, login_redirect

pytestmark = pytest.mark.django_db


@pytest.fixture
def designee(department, chief):
    designee = Member.objects.create_user(username="designee", department=department, first_name="Dee", last_name="Zee")
    name_designee(by=chief, member=designee)
    return designee


# Who may see the member list and a member's page: the chief and designee,
# supervisors and the records custodian (read-only).
ALLOWED = ["chief", "designee", "supervisor", "reviewer", "custodian"]
REFUSED = ["pio", "commander", "member"]


@pytest.mark.parametrize("persona", ALLOWED)
def test_member_list_is_shown_to(client, request, persona, pio):
    client.force_login(request.getfixturevalue(persona))
    response = client.get("/members/")
    assert response.status_code == 200
    assert pio.get_full_name() in response.content.decode()


@pytest.mark.parametrize("persona", REFUSED)
def test_member_list_is_refused_to(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get("/members/")
    assert response.status_code == 403
    assert "You may not view member status." in response.content.decode()


def test_member_list_anonymous_is_sent_to_sign_in(client):
    response = client.get("/members/")
    assert response.status_code == 302 and response.url == login_redirect("/members/")


def test_member_list_shows_only_own_department(client, chief, pio, other_chief, other_pio):
    client.force_login(chief)
    html = client.get("/members/").content.decode()
    assert pio.get_full_name() in html
    assert other_pio.get_full_name() not in html and other_chief.get_full_name() not in html


def test_member_list_shows_rank_badge_roles_training_and_authorizations(client, chief, pio, untrained, account):
    Member.objects.filter(pk=pio.pk).update(badge_number="4471")
    authorization = grant(chief, pio, [account])
    client.force_login(chief)
    html = client.get("/members/").content.decode()
    row = html.split(f'href="/members/{pio.pk}/"')[1].split("</tr>")[0]
    assert '<td data-label="Rank">Sergeant</td>' in row and '<td data-label="Badge">4471</td>' in row
    assert "Public Information Officer" in row
    assert "Current" in row
    assert "Active: Facebook OakleyPD" in row and "expires" in row
    untrained_row = html.split(f'href="/members/{untrained.pk}/"')[1].split("</tr>")[0]
    assert "Missing or expired: Legal issues concerning the appropriate use of social media sites" in untrained_row
    revoke_authorization(by=chief, authorization=authorization, reason="Reassigned")
    row = client.get("/members/").content.decode().split(f'href="/members/{pio.pk}/"')[1].split("</tr>")[0]
    assert "Active:" not in row


def test_member_list_shows_training_expiring_soon(client, chief, pio):
    TrainingRecord.objects.filter(member=pio, topic="retention").update(
        expires_on=timezone.localdate() + timedelta(days=5)
    )
    client.force_login(chief)
    html = client.get("/members/").content.decode()
    row = html.split(f'href="/members/{pio.pk}/"')[1].split("</tr>")[0]
    assert "Expiring soon: Retention of information posted on department sites" in row


def add_members(department, chief, accounts, count, start):
    group = Group.objects.get(name=GROUP_FOR_ROLE[Role.PIO])
    for n in range(start, start + count):
        m = Member.objects.create(
            username=f"officer{n}", department=department, first_name="Officer", last_name=f"N{n}"
        )
        m.groups.add(group)
        give_training(m)
        grant(chief, m, accounts)


def test_member_list_costs_the_same_queries_for_3_and_25_members(client, department, chief, account):
    second = make_account(department, "OakleyPDTraffic", approved_by=chief)
    client.force_login(chief)
    # 1 session, 2 the signed-in member, 3 their groups (roles), 4 their department (base layout),
    # 5 members, 6 their groups, 7 their current training, 8 their current authorizations,
    # 9 those authorizations' accounts.
    add_members(department, chief, [account, second], 2, start=0)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/members/").status_code == 200
    add_members(department, chief, [account, second], 22, start=2)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/members/")
    assert len(response.context["members"]) == 25
    assert len(many) == len(few), [q["sql"] for q in many]


@pytest.mark.parametrize("size", [3, 40])
def test_member_list_query_count_is_bounded(client, department, chief, account, size, django_assert_max_num_queries):
    add_members(department, chief, [account], size - 1, start=0)
    client.force_login(chief)
    # Nine for the page and the header's count of unread notifications (audits.context_processors).
    # The menu's doors add one for the chief (socialgov.navigation): an authorization to draft with.
    # The work list (socialgov.worklist, issue 14.1) adds its sources' few each, the same for 3 members or 40.
    with django_assert_max_num_queries(20):
        response = client.get("/members/")
    assert len(response.context["members"]) == size


@pytest.mark.parametrize("size", [3, 40])
def test_chief_dashboard_query_count_is_bounded(
    client, department, chief, account, size, django_assert_max_num_queries
):
    add_members(department, chief, [account], size - 1, start=0)
    client.force_login(chief)
    # The member list's ten: the chief's own training and authorizations come from the same rows; the menu's
    # doors add one (an authorization to draft with) and the chief's work list nine, one per kind of item
    # (socialgov.worklist), and the yearly-review flag one (reviews.yearly), however many members and posts there are.
    with django_assert_max_num_queries(21):
        assert client.get("/").status_code == 200


# A member's page


@pytest.mark.parametrize("persona", ALLOWED)
def test_member_page_is_shown_to(client, request, persona, pio):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(f"/members/{pio.pk}/").status_code == 200


@pytest.mark.parametrize("persona", REFUSED)
def test_member_page_is_refused_to(client, request, persona, pio):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(f"/members/{pio.pk}/").status_code == 403


@pytest.mark.parametrize("persona", ["chief", "pio"])
def test_member_page_of_another_department_is_not_found(client, request, persona, other_pio):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(f"/members/{other_pio.pk}/")
    assert response.status_code == 404
    assert other_pio.get_full_name() not in response.content.decode()


def test_member_page_anonymous_is_sent_to_sign_in(client, pio):
    url = f"/members/{pio.pk}/"
    response = client.get(url)
    assert response.status_code == 302 and response.url == login_redirect(url)


def test_member_page_shows_training_and_authorization_history(client, chief, pio, account):
    TrainingRecord.objects.create(
        member=pio,
        topic="privacy",
        completed_on=timezone.localdate() - timedelta(days=800),
        expires_on=timezone.localdate() - timedelta(days=435),
        recorded_by=chief,
        note="Old course",
    )
    kept = grant(chief, pio, [account])
    revoked = grant(chief, pio, [account], days=30)
    revoke_authorization(by=chief, authorization=revoked, reason="Moved to investigations")
    client.force_login(chief)
    html = client.get(f"/members/{pio.pk}/").content.decode()
    assert "Old course" in html and "Expired" in html
    assert f'Authorization #{kept.pk} <span class="badge badge--active">Active</span>' in html
    assert f'Authorization #{revoked.pk} <span class="badge badge--revoked">Revoked</span>' in html
    assert "Moved to investigations" in html
    assert "<dt>Revoked by</dt><dd>Chief Chief Oakley on" in html
    # One revoke button, for the authorization still in force.
    assert html.count(">Revoke authorization<") == 1
    assert f'action="/authorizations/{kept.pk}/revoke/"' in html


@pytest.mark.parametrize("persona", ["supervisor", "custodian"])
def test_read_only_viewers_get_no_revoke_or_grant_button(client, request, persona, chief, pio, account):
    grant(chief, pio, [account])
    client.force_login(request.getfixturevalue(persona))
    html = client.get(f"/members/{pio.pk}/").content.decode()
    assert ">Revoke authorization<" not in html
    assert "authorizations/grant/?member=" not in html


def test_covert_account_names_stay_hidden_from_those_who_may_not_see_them(client, department, chief, supervisor, pio):
    covert = make_account(department, "NeighborhoodWatcher22", approved_by=chief, kind="covert")
    grant(chief, pio, [covert])
    client.force_login(chief)
    assert "NeighborhoodWatcher22" in client.get("/members/").content.decode()
    assert "NeighborhoodWatcher22" in client.get(f"/members/{pio.pk}/").content.decode()
    # General policy IV.E: a supervisor who is not its monitor does not learn the covert account exists.
    client.force_login(supervisor)
    assert "NeighborhoodWatcher22" not in client.get("/members/").content.decode()
    assert "NeighborhoodWatcher22" not in client.get(f"/members/{pio.pk}/").content.decode()
    # The member it is assigned to sees it among the accounts they may post to.
    client.force_login(pio)
    assert "NeighborhoodWatcher22" in client.get("/").content.decode()
