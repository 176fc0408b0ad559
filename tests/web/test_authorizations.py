"""Granting and revoking authorizations in the browser (§322.3)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from audits.models import AuditEvent
from people.models import Authorization, Member
from people.services import name_designee, revoke_authorization
from tests.conftest import make_account
from tests.web import grant, login_redirect

pytestmark = pytest.mark.django_db

GRANT = "/authorizations/grant/"


@pytest.fixture
def designee(department, chief):
    designee = Member.objects.create_user(username="designee", department=department, first_name="Dee", last_name="Zee")
    name_designee(by=chief, member=designee)
    return designee


def grant_data(member, accounts, days=365, starts_on=None):
    starts_on = starts_on or timezone.localdate()
    return {
        "member": member.pk,
        "accounts": [account.pk for account in accounts],
        "starts_on": starts_on.isoformat(),
        "expires_on": (starts_on + timedelta(days=days)).isoformat(),
    }


# The grant form


@pytest.mark.parametrize("persona", ["chief", "designee"])
def test_grant_form_is_shown_to(client, request, persona, account):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(GRANT)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_member">Member</label>' in html
    assert "<legend>Accounts</legend>" in html and "Facebook OakleyPD" in html
    assert '<label for="id_starts_on">Starts on</label>' in html
    assert '<label for="id_expires_on">Expires on</label>' in html
    assert '<button type="submit" class="button">Grant authorization</button>' in html
    assert "§322.3" in html and "§322.8" in html


@pytest.mark.parametrize("persona", ["pio", "supervisor", "commander", "custodian", "reviewer", "member"])
def test_grant_form_is_refused_to(client, request, persona, pio, account):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(GRANT).status_code == 403
    response = client.post(GRANT, grant_data(pio, [account]))
    assert response.status_code == 403
    assert "You may not grant authorization." in response.content.decode()
    assert not Authorization.objects.exists()


def test_grant_form_anonymous_is_sent_to_sign_in(client):
    response = client.get(GRANT)
    assert response.status_code == 302 and response.url == login_redirect(GRANT)


def test_grant_form_defaults_to_today_and_one_year(client, chief):
    client.force_login(chief)
    form = client.get(GRANT).context["form"]
    today = timezone.localdate()
    assert form["starts_on"].value() == today
    assert form["expires_on"].value() == today + timedelta(days=365)


def test_grant_form_prefills_the_member(client, chief, pio, other_pio):
    client.force_login(chief)
    assert client.get(f"{GRANT}?member={pio.pk}").context["form"]["member"].value() == pio.pk
    # Another department's member is not offered, even when asked for.
    form = client.get(f"{GRANT}?member={other_pio.pk}").context["form"]
    assert form["member"].value() is None
    assert other_pio not in form.fields["member"].queryset


def test_grant_form_offers_only_own_approved_accounts(client, department, chief, account, other_account):
    pending = make_account(department, "OakleyPDPending")
    client.force_login(chief)
    accounts = client.get(GRANT).context["form"].fields["accounts"].queryset
    assert list(accounts) == [account]
    assert pending not in accounts and other_account not in accounts


def test_chief_grants_through_the_form_and_the_audit_trail_records_it(client, chief, pio, account):
    client.force_login(chief)
    response = client.post(GRANT, grant_data(pio, [account]))
    authorization = Authorization.objects.get()
    assert response.status_code == 302 and response.url == f"/members/{pio.pk}/"
    assert authorization.member == pio and authorization.granted_by == chief
    assert list(authorization.accounts.all()) == [account]
    event = AuditEvent.objects.get(action="people.authorization.grant")
    assert event.actor == chief and event.object_id == str(authorization.pk)
    page = client.get(response.url).content.decode()
    assert "is authorized to post to Facebook OakleyPD (§322.3)" in page


def test_designee_grants_through_the_form(client, designee, pio, account):
    client.force_login(designee)
    assert client.post(GRANT, grant_data(pio, [account])).status_code == 302
    assert Authorization.objects.get().granted_by == designee


def test_grant_to_untrained_member_names_the_topics_and_section_and_creates_nothing(client, chief, untrained, account):
    client.force_login(chief)
    response = client.post(GRANT, grant_data(untrained, [account]))
    assert response.status_code == 200
    errors = response.context["form"].errors["member"]
    assert "Legal issues" in errors[0] and "§322.8" in errors[0]
    html = response.content.decode()
    assert '<ul class="field__errors" id="id_member_error">' in html and "(required by §322.8)" in html
    assert "Nothing was changed." in html
    assert not Authorization.objects.exists()
    assert not AuditEvent.objects.filter(action="people.authorization.grant").exists()


def test_grant_with_expiry_before_start_is_shown_on_the_expiry_field(client, chief, pio, account):
    client.force_login(chief)
    response = client.post(GRANT, grant_data(pio, [account], days=-1))
    assert response.context["form"].errors["expires_on"] == ["The expiry date must be after the start date."]
    assert not Authorization.objects.exists()


def test_grant_without_accounts_is_shown_on_the_accounts_field(client, chief, pio):
    client.force_login(chief)
    response = client.post(GRANT, grant_data(pio, []))
    assert response.context["form"].errors["accounts"] == ["Choose at least one account."]
    assert not Authorization.objects.exists()


def test_grant_to_another_departments_member_or_account_is_refused(
    client, chief, pio, other_pio, account, other_account
):
    client.force_login(chief)
    response = client.post(GRANT, grant_data(other_pio, [account]))
    assert "member" in response.context["form"].errors
    response = client.post(GRANT, grant_data(pio, [other_account]))
    assert "accounts" in response.context["form"].errors
    assert not Authorization.objects.exists()


# Revoking


def revoke_url(authorization):
    return f"/authorizations/{authorization.pk}/revoke/"


@pytest.fixture
def authorization(chief, pio, account):
    return grant(chief, pio, [account])


@pytest.mark.parametrize("persona", ["chief", "designee"])
def test_revoke_form_is_shown_to(client, request, persona, authorization):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(revoke_url(authorization))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_reason">Reason for revoking</label>' in html
    assert ">Revoke authorization</button>" in html


@pytest.mark.parametrize("persona", ["pio", "supervisor", "commander", "custodian", "reviewer", "member"])
def test_revoke_is_refused_to(client, request, persona, authorization):
    client.force_login(request.getfixturevalue(persona))
    # Supervisors, the custodian and the authorized member see the authorization (403);
    # the others do not see it at all (404).
    expected = 403 if persona in ("pio", "supervisor", "custodian", "reviewer") else 404
    assert client.get(revoke_url(authorization)).status_code == expected
    response = client.post(revoke_url(authorization), {"reason": "Because"})
    assert response.status_code == expected
    authorization.refresh_from_db()
    assert authorization.revoked_at is None


def test_revoke_anonymous_is_sent_to_sign_in(client, authorization):
    response = client.post(revoke_url(authorization), {"reason": "Because"})
    assert response.status_code == 302 and response.url == login_redirect(revoke_url(authorization))
    authorization.refresh_from_db()
    assert authorization.revoked_at is None


def test_revoke_of_another_departments_authorization_is_not_found(client, other_chief, other_department, authorization):
    client.force_login(other_chief)
    assert client.get(revoke_url(authorization)).status_code == 404
    assert client.post(revoke_url(authorization), {"reason": "Because"}).status_code == 404
    authorization.refresh_from_db()
    assert authorization.revoked_at is None


def test_chief_revokes_with_a_reason_and_the_audit_trail_records_it(client, chief, pio, account, authorization):
    client.force_login(chief)
    response = client.post(revoke_url(authorization), {"reason": "Reassigned to patrol"})
    assert response.status_code == 302 and response.url == f"/members/{pio.pk}/"
    authorization.refresh_from_db()
    assert authorization.revoked_by == chief and authorization.revoke_reason == "Reassigned to patrol"
    event = AuditEvent.objects.get(action="people.authorization.revoke")
    assert event.actor == chief and event.object_id == str(authorization.pk)
    page = client.get(response.url).content.decode()
    assert "they can no longer post to its accounts (§322.3)" in page
    assert "Reassigned to patrol" in page


@pytest.mark.parametrize("reason", ["", "   "])
def test_revoke_without_a_reason_reshows_the_form_and_changes_nothing(client, chief, authorization, reason):
    client.force_login(chief)
    response = client.post(revoke_url(authorization), {"reason": reason})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["Give the reason for revoking this authorization."]
    html = response.content.decode()
    assert '<ul class="field__errors" id="id_reason_error">' in html
    authorization.refresh_from_db()
    assert authorization.revoked_at is None and authorization.revoke_reason == ""
    assert not AuditEvent.objects.filter(action="people.authorization.revoke").exists()


def test_revoking_a_revoked_authorization_is_a_conflict(client, chief, authorization):
    revoke_authorization(by=chief, authorization=authorization, reason="First time")
    client.force_login(chief)
    for response in (client.get(revoke_url(authorization)), client.post(revoke_url(authorization), {"reason": "x"})):
        assert response.status_code == 409
        assert "This authorization has already been revoked." in response.content.decode()
    authorization.refresh_from_db()
    assert authorization.revoke_reason == "First time"
    assert AuditEvent.objects.filter(action="people.authorization.revoke").count() == 1


def test_revoke_form_on_the_member_page_posts_to_the_revoke_action(client, chief, pio, authorization):
    client.force_login(chief)
    html = client.get(f"/members/{pio.pk}/").content.decode()
    assert f'<form method="post" action="{revoke_url(authorization)}"' in html
    label = f"Reason for revoking authorization #{authorization.pk}"
    assert f'<label for="reason-{authorization.pk}">{label}</label>' in html
