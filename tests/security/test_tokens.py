"""API tokens (issue 7.2): per member, listed on their profile, revocable, expiring after 90 days by
default; `manage.py drf_create_token USER` still prints `Generated token <40 hex> for user USER`."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from audits.models import AuditEvent
from people.roles import GROUP_FOR_ROLE, Role
from security import second_factor, services, sessions, tokens
from security.models import ApiToken, hash_key
from tests.conftest import make_member, operator_token, totp_device

pytestmark = pytest.mark.django_db


def api(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_the_operators_command_prints_a_key_that_is_stored_only_as_its_hash(chief):
    totp_device(chief)
    out = StringIO()
    call_command("drf_create_token", "chief", stdout=out)
    key = re.fullmatch(r"Generated token ([0-9a-f]{40}) for user chief\n", out.getvalue()).group(1)
    token = ApiToken.objects.get(member=chief)
    assert token.key_hash == hash_key(key) and key not in str(ApiToken.objects.values().get())
    assert token.prefix == key[:8] and token.created_by is None
    assert abs(token.expires_at - (timezone.now() + timedelta(days=90))) < timedelta(minutes=1)
    assert api(key).get("/api/v1/me/").status_code == 200
    event = AuditEvent.objects.get(action="security.token.create")
    assert event.object_id == str(chief.pk) and event.actor is None and key not in str(event.after)


def test_reset_revokes_the_members_other_tokens(chief):
    _, old = operator_token(chief)
    call_command("drf_create_token", "chief", "--reset", stdout=StringIO())
    assert api(old).get("/api/v1/me/").status_code == 401
    assert ApiToken.objects.active().filter(member=chief).count() == 1


def test_an_expired_token_is_refused(chief):
    token, key = operator_token(chief, days=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = api(key).get("/api/v1/me/")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"


def test_a_revoked_token_is_refused_at_once(client, chief):
    token, key = tokens.create_token(by=chief, member=chief)
    assert api(key).get("/api/v1/me/").status_code == 200
    client.force_login(chief)
    assert client.post(reverse("security:token-revoke", args=[token.pk])).status_code == 302
    assert api(key).get("/api/v1/me/").status_code == 401
    assert AuditEvent.objects.filter(action="security.token.revoke", actor=chief).count() == 1


def test_a_deactivated_members_token_is_refused(chief):
    _, key = operator_token(chief)
    chief.is_active = False
    chief.save()
    assert api(key).get("/api/v1/me/").status_code == 401


def test_the_profile_lists_makes_and_shows_a_key_once(client, pio):
    client.force_login(pio)
    response = client.post(reverse("security:token-create"), {"name": "Nightly report", "days": "30"})
    assert response.status_code == 200
    key = re.search(r'<code class="secret" id="token-key">([0-9a-f]{40})</code>', response.content.decode()).group(1)
    assert api(key).get("/api/v1/me/").json()["username"] == "pio"
    page = client.get(reverse("security:profile")).content.decode()
    assert f"<code>{key[:8]}…</code>" in page and "Nightly report" in page and key not in page
    assert "Revoke<span" in page
    token = ApiToken.objects.get(member=pio)
    assert abs(token.expires_at - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1)
    assert token.created_by == pio


def test_a_token_may_not_outlive_the_limit(client, pio):
    client.force_login(pio)
    response = client.post(reverse("security:token-create"), {"name": "forever", "days": "3650"})
    assert response.status_code == 400 and not ApiToken.objects.exists()


def test_a_member_cannot_revoke_anothers_token(client, chief, pio):
    token, key = operator_token(chief)
    client.force_login(pio)
    assert client.post(reverse("security:token-revoke", args=[token.pk])).status_code == 404
    assert api(key).get("/api/v1/me/").status_code == 200


def test_last_use_is_noted(chief):
    token, key = operator_token(chief)
    api(key).get("/api/v1/me/")
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_an_operator_token_is_refused_for_a_member_who_must_enrol_first(chief, member):
    """Issue 17.5: the chief's role requires a second factor (CJIS 5.6.2.2); an operator's token must not
    stand in for it."""
    with pytest.raises(CommandError, match="must enrol an authenticator app"):
        call_command("drf_create_token", "chief", stdout=StringIO())
    assert not ApiToken.objects.filter(member=chief).exists()
    # A plain member who needs none may have one.
    out = StringIO()
    call_command("drf_create_token", "member", stdout=out)
    assert api(out.getvalue().split()[2]).get("/api/v1/me/").status_code == 200


def test_an_operator_token_stops_when_the_members_second_factor_is_reset(chief, supervisor):
    token, key = operator_token(supervisor)
    assert api(key).get("/api/v1/me/").status_code == 200
    second_factor.reset_second_factor(by=chief, member=supervisor)
    assert api(key).get("/api/v1/me/").status_code == 401
    totp_device(supervisor)  # enrolled again
    assert api(key).get("/api/v1/me/").status_code == 200


def test_a_token_stops_working_while_its_member_is_locked_out(chief, supervisor):
    _, key = operator_token(supervisor)
    own, own_key = tokens.create_token(by=supervisor, member=supervisor)
    client = Client()
    for _ in range(5):
        client.post("/login/", {"username": "supervisor", "password": "wrong"}, REMOTE_ADDR="10.1.1.1")
    assert sessions.member_locked_until(supervisor) is not None
    for locked in (key, own_key):
        response = api(locked).get("/api/v1/me/")
        assert response.status_code == 401 and "locked out" in response.json()["detail"]
    services.unlock(by=chief, member=supervisor)
    assert api(key).get("/api/v1/me/").status_code == 200
    assert api(own_key).get("/api/v1/me/").status_code == 200


def test_the_token_is_read_with_its_members_roles_in_one_query(department, django_assert_num_queries):
    """The member's groups come with the token (issue 18.2), and a role granted later counts on the next request."""
    both = make_member(department, "both", Role.SUPERVISOR, Role.PIO)
    nobody = make_member(department, "nobody")
    for person, roles in ((both, [role.value for role in Role if role in (Role.SUPERVISOR, Role.PIO)]), (nobody, [])):
        _, key = tokens.create_token(by=person, member=person)
        assert api(key).get("/api/v1/me/").json()["roles"] == roles
        with django_assert_num_queries(1):  # last used a moment ago: nothing to note
            assert tokens.authenticate_token(key).member.roles == roles
    nobody.groups.add(Group.objects.get(name=GROUP_FOR_ROLE[Role.CHIEF]))
    assert api(key).get("/api/v1/me/").json()["roles"] == [Role.CHIEF.value]
