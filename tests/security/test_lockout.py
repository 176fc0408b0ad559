"""Lockout (issue 7.2; FBI CJIS Security Policy 5.5.3, AC-7): 5 consecutive failed sign-ins within 15
minutes lock the username, from any address, for 10 minutes, or until the chief or an administrator
unlocks it where the department chooses that. The numbers are settings; the member is told when to
try again."""

from datetime import timedelta

import pytest
from axes.models import AccessFailureLog
from django.urls import reverse
from django.utils import timezone

from audits.models import AuditEvent
from security.lockout import UNTIL_RELEASED, lock_end
from tests.conftest import PASSWORD, authenticator_code, totp_device

from .conftest import code_step, password_step

pytestmark = pytest.mark.django_db

WRONG = "not-the-password"


def fail(client, username, times, **kwargs):
    return [password_step(client, username, WRONG, **kwargs) for _ in range(times)]


def age_failures(username, minutes):
    for failure in AccessFailureLog.objects.filter(username=username):
        AccessFailureLog.objects.filter(pk=failure.pk).update(
            attempt_time=failure.attempt_time - timedelta(minutes=minutes)
        )


def test_five_wrong_passwords_lock_and_the_sixth_right_one_is_refused_with_the_time(browser, member):
    answers = fail(browser, "member", 5)
    assert [a.status_code for a in answers] == [200, 200, 200, 200, 429]
    assert "Please enter a correct username and password" in answers[0].content.decode()
    refused = password_step(browser, "member", PASSWORD)
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "This account is locked after too many failed sign-ins. Try again at" in html
    assert "(in 10 minutes)" in html and 'role="alert"' in html
    assert 590 <= int(refused["Retry-After"]) <= 600
    assert "_auth_user_id" not in browser.session
    events = list(
        AuditEvent.objects.filter(action__startswith="security.").order_by("id").values_list("action", "after__reason")
    )
    assert events == [("security.sign_in.failure", "password")] * 5 + [
        ("security.lockout", None),
        ("security.sign_in.failure", "locked"),
    ]
    lockout = AuditEvent.objects.get(action="security.lockout")
    assert lockout.department_id == member.department_id and lockout.object_id == str(member.pk)
    assert lockout.after["failures"] == 5 and not lockout.after["until_released"]


def test_the_lock_is_on_the_username_whatever_address_it_comes_from(browser, member):
    for n in range(5):
        password_step(browser, "member", WRONG, address=f"10.0.0.{n + 1}")
    assert password_step(browser, "member", PASSWORD, address="10.9.9.9").status_code == 429
    # Another member at the same addresses is not locked.
    assert password_step(browser, "nobody-else", WRONG, address="10.0.0.1").status_code == 200


def test_failures_count_only_within_the_window(browser, member):
    fail(browser, "member", 4)
    age_failures("member", 16)
    assert password_step(browser, "member", WRONG).status_code == 200
    assert password_step(browser, "member", PASSWORD).status_code == 302


def test_four_failures_fourteen_minutes_ago_and_one_now_lock(browser, member):
    fail(browser, "member", 4)
    age_failures("member", 14)
    assert password_step(browser, "member", WRONG).status_code == 429


def test_the_lock_ends_after_ten_minutes(browser, member):
    fail(browser, "member", 5)
    age_failures("member", 9)
    assert password_step(browser, "member", PASSWORD).status_code == 429
    age_failures("member", 1)
    response = password_step(browser, "member", PASSWORD)
    assert response.status_code == 302 and response.url == "/"


def test_a_complete_sign_in_clears_the_count(browser, member):
    fail(browser, "member", 4)
    assert password_step(browser, "member", PASSWORD).status_code == 302
    browser.post("/logout/")
    assert [a.status_code for a in fail(browser, "member", 4)] == [200] * 4
    assert password_step(browser, "member", PASSWORD).status_code == 302


def test_the_numbers_are_settings(browser, member, settings):
    settings.SIGN_IN_LOCKOUT_FAILURES = 3
    settings.SIGN_IN_LOCKOUT_DURATION = timedelta(minutes=30)
    assert [a.status_code for a in fail(browser, "member", 3)] == [200, 200, 429]
    assert "(in 30 minutes)" in password_step(browser, "member", PASSWORD).content.decode()


def test_wrong_second_factor_codes_count_and_lock(browser, supervisor, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = totp_device(supervisor)
    password_step(browser, "supervisor")
    answers = [code_step(browser, "000000") for _ in range(5)]
    assert [a.status_code for a in answers] == [200] * 4 + [429]
    assert "_auth_user_id" not in browser.session  # signed out
    assert password_step(browser, "supervisor").status_code == 429
    assert code_step(browser, authenticator_code(device)).status_code == 302  # to sign in: nothing to verify
    assert browser.get("/").status_code == 302


def test_where_the_department_chooses_the_lock_lasts_until_released(browser, client, chief, member, settings):
    settings.SIGN_IN_LOCKOUT_UNTIL_RELEASED = ["oakley"]
    fail(browser, "member", 5)
    age_failures("member", 60 * 24)
    refused = password_step(browser, "member", PASSWORD)
    assert refused.status_code == 429 and "Retry-After" not in refused
    assert "until the chief of police or an administrator unlocks it" in refused.content.decode()
    assert AuditEvent.objects.get(action="security.lockout").after["until_released"] is True

    client.force_login(chief)
    page = client.get(reverse("member-detail", args=[member.pk])).content.decode()
    assert "Yes, until unlocked" in page and ">Unlock<" in page
    assert client.post(reverse("security:member-unlock", args=[member.pk])).status_code == 302
    assert password_step(browser, "member", PASSWORD).status_code == 302
    event = AuditEvent.objects.get(action="security.unlock")
    assert event.actor == chief and event.object_id == str(member.pk) and event.before["until_released"] is True


@pytest.mark.parametrize("persona", ["supervisor", "custodian", "pio", "member"])
def test_only_the_chief_or_an_administrator_unlocks(client, request, persona, chief, commander):
    fail(client, "commander", 5)
    client.force_login(request.getfixturevalue(persona))
    assert client.post(reverse("security:member-unlock", args=[commander.pk])).status_code == 403
    assert AccessFailureLog.objects.filter(username="commander").count() == 5


def test_an_address_trying_many_usernames_is_locked(browser, settings, member):
    settings.SIGN_IN_LOCKOUT_ADDRESS_FAILURES = 6
    for n in range(6):
        password_step(browser, f"guess{n}", WRONG, address="192.0.2.7")
    assert password_step(browser, "member", PASSWORD, address="192.0.2.7").status_code == 429
    assert password_step(browser, "member", PASSWORD, address="192.0.2.8").status_code == 302


def test_lock_end_counts_consecutive_failures_within_the_window():
    now = timezone.now()
    minute = timedelta(minutes=1)
    at = [now - 20 * minute, now - 19 * minute, now - 3 * minute, now - 2 * minute, now - minute]
    rule = {"limit": 5, "window": timedelta(minutes=15), "duration": timedelta(minutes=10)}
    assert lock_end(at, **rule) is None
    assert lock_end(at[1:] + [now], **rule) is None
    assert lock_end([now - 14 * minute, *at[2:], now], **rule) == now + 10 * minute
    assert lock_end([now] * 5, **{**rule, "duration": None}) == UNTIL_RELEASED
