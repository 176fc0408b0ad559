"""A connected Bluesky account in a real browser (issue 12.4), against the local AT Protocol network: the chief
connects it on its page, a post made on the platform outside socialgov is captured with "Capture now", listed as
not authorized with its report."""

from playwright.sync_api import expect

from platforms.models import CapturedPost
from tests.conftest import PASSWORD
from tests.platforms import conftest as platforms_fixtures
from tests.platforms.helpers import post_directly

from .conftest import sign_in

devnet = platforms_fixtures.devnet
pds_account = platforms_fixtures.pds_account
bluesky_account = platforms_fixtures.bluesky_account
_local_services = platforms_fixtures._local_services


def test_the_chief_connects_bluesky_and_captures_a_post_made_outside_socialgov(
    page, chief, bluesky_account, devnet, pds_account
):
    sign_in(page, chief.username, PASSWORD)
    page.goto(f"/accounts/{bluesky_account.pk}/")
    page.get_by_role("link", name="Connection and capture").click()
    page.get_by_label("Service").fill(devnet.pds)
    page.get_by_label("Handle").fill(pds_account.handle)
    page.get_by_label("App password").fill(pds_account.app_password)
    page.get_by_role("button", name="Connect").click()
    expect(page.locator(".facts")).to_contain_text("Connected")
    expect(page.locator("body")).not_to_contain_text(pds_account.app_password)

    post_directly(pds_account, "Posted outside socialgov.")
    page.get_by_role("button", name="Capture now").click()
    row = page.get_by_role("row").filter(has_text="Posted outside socialgov.")
    expect(row).to_contain_text("No")
    expect(row.get_by_role("link", name="report #")).to_be_visible()
    assert CapturedPost.objects.get().report is not None
