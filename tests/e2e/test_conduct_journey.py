"""The policy acknowledgment in a real browser (issue 15.1): a member who owes it is led to it at sign-in, may go
on without being blocked, and signs with their typed name; the record keeps the hash of the text shown."""

import re

from playwright.sync_api import expect

from conduct import policy
from conduct.models import PolicyAcknowledgment
from people.roles import Role
from people.services import load_policy_pack
from tests.conftest import PASSWORD, make_member

from .conftest import sign_in


def test_a_member_is_led_to_the_policy_at_sign_in_and_signs_it(page):
    department, _ = load_policy_pack("generic")
    version, _ = policy.sync_version(department)
    officer = make_member(department, "officer", Role.MEMBER, trained=False, first_name="Sam", last_name="Ortiz")
    sign_in(page, officer.username, PASSWORD)
    expect(page).to_have_url(re.compile(r"/conduct/acknowledgment/\?next="))
    expect(page.get_by_role("heading", level=1)).to_have_text("The social media policy, version 1")
    expect(page.get_by_text(version.sha256).first).to_be_visible()
    # Not blocked: the member goes on to the page they asked for.
    page.get_by_role("link", name="Continue without signing now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    page.goto("/posts/")
    expect(page).to_have_url(re.compile(r"/posts/$"))
    # And signs when ready.
    page.goto("/conduct/acknowledgment/")
    page.get_by_label("Type your full name to sign").fill("Sam Ortiz")
    page.get_by_role("button", name="Acknowledge version 1").click()
    expect(page.get_by_text("You acknowledged version 1 of the social media policy.")).to_be_visible()
    signed = PolicyAcknowledgment.objects.get(member=officer)
    assert (signed.signature, signed.shown_sha256) == ("Sam Ortiz", version.sha256)
