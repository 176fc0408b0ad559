"""Signing in, in a real browser (the browser-test infrastructure's smoke test)."""

import re

from playwright.sync_api import expect

from tests.conftest import PASSWORD

from .conftest import sign_in


def test_member_signs_in_and_sees_their_dashboard(page, pio):
    sign_in(page, pio.username, PASSWORD)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(page.locator("main").get_by_text(f"Signed in as {pio.display_name}")).to_be_visible()


def test_wrong_password_is_refused_with_an_alert(page, pio):
    sign_in(page, pio.username, "not-the-password")
    expect(page).to_have_url(re.compile(r"/login/"))
    expect(page.get_by_role("alert")).to_be_visible()


def test_signed_out_visitor_is_sent_to_sign_in(page):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
