"""Sessions (issue 7.2; FBI CJIS Security Policy 5.5.5): they end after 30 minutes idle and 12 hours in
all; signing out everywhere is one button."""

import pytest
from django.conf import settings
from django.urls import reverse

from audits.models import AuditEvent
from security import sessions
from security.models import SignIn
from tests.conftest import PASSWORD

from .conftest import password_step

pytestmark = pytest.mark.django_db


def shift(client, key, seconds):
    session = client.session
    session[key] -= seconds
    session.save()


def test_the_limits_are_thirty_minutes_idle_and_twelve_hours():
    assert settings.SESSION_IDLE_TIMEOUT.total_seconds() == 30 * 60
    assert settings.SESSION_MAX_AGE.total_seconds() == 12 * 3600
    # The cookie and the stored session expire when the idle limit does, unless a request renews them.
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_COOKIE_HTTPONLY


def test_thirty_minutes_without_a_request_end_the_session(client, chief):
    client.force_login(chief)
    assert client.get("/").status_code == 200
    shift(client, sessions.LAST_SEEN, 29 * 60)
    assert client.get("/").status_code == 200
    shift(client, sessions.LAST_SEEN, 31 * 60)
    response = client.get("/posts/")
    assert response.status_code == 302 and response.url == "/login/?next=/posts/"
    assert "after 30 minutes without activity" in client.get(response.url).content.decode()
    assert client.get("/").status_code == 302


def test_a_request_renews_the_idle_clock_at_most_once_a_minute(client, chief):
    client.force_login(chief)
    shift(client, sessions.LAST_SEEN, 90)
    before = client.session[sessions.LAST_SEEN]
    client.get("/")
    assert client.session[sessions.LAST_SEEN] > before
    renewed = client.session[sessions.LAST_SEEN]
    client.get("/")
    assert client.session[sessions.LAST_SEEN] == renewed


def test_twelve_hours_after_sign_in_the_session_ends_however_busy(client, chief):
    client.force_login(chief)
    shift(client, sessions.SIGNED_IN_AT, 12 * 3600 + 1)
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert client.get("/").status_code == 302


def test_sign_out_everywhere_ends_every_session_of_the_member(browser, client, member):
    laptop, phone = type(client)(), type(client)()
    for device in (laptop, phone):
        assert password_step(device, "member", PASSWORD).status_code == 302
    assert SignIn.objects.filter(member=member, ended_at__isnull=True).count() == 2
    page = laptop.get(reverse("security:profile")).content.decode()
    assert ">Sign out everywhere</button>" in page
    response = laptop.post(reverse("security:sign-out-everywhere"))
    assert response.status_code == 302 and response.url == reverse("login")
    assert laptop.get("/").status_code == 302 and phone.get("/").status_code == 302
    assert not SignIn.objects.filter(member=member, ended_at__isnull=True).exists()
    event = AuditEvent.objects.get(action="security.sign_out_everywhere")
    assert event.actor == member and event.after == {"sessions_ended": 2}


def test_signing_out_ends_the_sign_in_record(browser, member):
    password_step(browser, "member", PASSWORD)
    browser.post("/logout/")
    assert SignIn.objects.get(member=member).ended_at is not None
