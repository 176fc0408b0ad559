"""Signing in with a password and a code from an authenticator app, and the lockout, in headless
Chromium (issue 7 acceptance)."""

import re

from axes.models import AccessFailureLog
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.conftest import PASSWORD, authenticator_code, totp_device

from .conftest import sign_in


def test_a_supervisor_signs_in_with_password_and_code(page, supervisor):
    device = totp_device(supervisor)
    page.goto("/posts/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/posts/"))
    page.get_by_label("Username").fill("supervisor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    # Until the code is given, every page leads back here.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/two-factor/\?next=(/|%2F)$"))
    expect(page.get_by_role("navigation", name="Main")).to_have_count(0)
    page.get_by_label("Code", exact=True).fill("000000")
    page.get_by_role("button", name="Verify and sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Correct the error")
    page.wait_for_timeout(1100)  # django-otp makes the next try after a wrong code wait a second
    page.get_by_label("Code", exact=True).fill(authenticator_code(device))
    page.get_by_role("button", name="Verify and sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(page.locator("main").get_by_text(f"Signed in as {supervisor.display_name}")).to_be_visible()


def test_the_first_sign_in_enrols_an_authenticator_app(page, pio):
    page.goto("/login/")
    page.get_by_label("Username").fill("pio")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    expect(page.get_by_role("img", name="QR code to scan with your authenticator app")).to_be_visible()
    device = TOTPDevice.objects.get(user=pio, confirmed=False)
    page.get_by_label("Code from the app").fill(authenticator_code(device))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your backup codes")
    expect(page.locator(".backup-codes li")).to_have_count(10)
    page.get_by_role("link", name="I have saved my backup codes: continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")


def test_five_wrong_passwords_lock_and_the_sixth_right_one_is_told_when_to_retry(page, member):
    for attempt in range(1, 6):
        page.goto("/login/")
        page.get_by_label("Username").fill("member")
        page.get_by_label("Password").fill(f"wrong-password-{attempt}")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("This account is locked after too many failed sign-ins")
    page.goto("/login/")
    page.get_by_label("Username").fill("member")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(re.compile(r"Try again at .+ \(in 10 minutes\)"))
    expect(page).to_have_url(re.compile(r"/login/"))
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/"))
    assert AccessFailureLog.objects.filter(username="member").count() == 5


def test_pages_and_the_api_docs_run_under_the_content_security_policy(page, supervisor):
    """Nothing on the pages needs what the CSP forbids: no violation is reported while they load and run."""
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.goto("/api/docs/")
    expect(page.get_by_role("heading", name=re.compile("socialgov API"))).to_be_visible()
    sign_in(page, "supervisor", PASSWORD)
    page.goto("/posts/new/")
    page.goto("/profile/")
    assert violations == []
