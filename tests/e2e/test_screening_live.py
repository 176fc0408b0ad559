"""Live screening in a real browser (issue 4 acceptance): the PIO types a private phone number into the body of
a new draft and, before submitting and without the page reloading, sees the finding appear under the body with
its citation and the number marked in the text. The department's own public number is not a finding."""

import re

from playwright.sync_api import expect

from posts.models import Post
from screening.models import Flag
from tests.conftest import PASSWORD
from tests.posts import conftest as lifecycle

from .conftest import sign_in

ready_account = lifecycle.ready_account
pio_authorized = lifecycle.pio_authorized

PRIVATE = "Call Jane at (925) 555-0199 tonight"
PUBLIC = ", or the station at (925) 555-0100."


def test_a_private_phone_number_is_flagged_with_its_citation_while_the_pio_types(
    page, department, pio_authorized, ready_account
):
    department.public_phone_numbers = ["(925) 555-0100"]
    department.save()
    sign_in(page, pio_authorized.username, PASSWORD)
    page.goto("/posts/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Write a post")
    summary = page.locator("#screening-summary")
    results = page.locator("#screening-results")
    expect(summary).to_contain_text("checked for prohibited content (§322.5) as you write it")

    # From here on the page must not load again: only the findings are swapped in.
    navigations, checks = [], []
    page.on("framenavigated", lambda frame: navigations.append(frame.url) if frame == page.main_frame else None)
    page.on("request", lambda req: checks.append(req) if req.url.endswith("/screening/preview/") else None)

    body = page.get_by_label("Text of the post")
    body.click()
    body.press_sequentially(PRIVATE + PUBLIC, delay=15)

    expect(results.locator("mark")).to_have_count(1)
    expect(results.locator("mark")).to_have_text("(925) 555-0199")
    expect(results).to_contain_text("A private phone number (§322.5(b))")
    expect(results.locator(".badge")).to_have_text("Block")
    expect(summary).to_contain_text("1 finding: 1 blocks approval until a supervisor overrides it")
    assert navigations == []
    # Debounced: one check after the PIO paused, not one per keystroke.
    assert 0 < len(checks) <= 3, [req.url for req in checks]
    assert all(req.method == "POST" for req in checks)
    expect(body).to_have_value(PRIVATE + PUBLIC)
    expect(body).to_be_focused()
    # htmx is configured to inject no style of its own (the page runs under a strict CSP elsewhere).
    assert page.locator("style").count() == 0

    # Taking the number out clears the finding, still without a reload.
    body.fill("Call the station at (925) 555-0100 tonight.")
    expect(summary).to_contain_text("No prohibited content found (§322.5).")
    expect(results.locator("mark")).to_have_count(0)
    assert navigations == []

    # Saved and submitted, the same finding is stored on the revision and shown on the post page.
    body.fill(PRIVATE + PUBLIC)
    expect(results.locator("mark")).to_have_text("(925) 555-0199")
    page.get_by_label("Facebook OakleyPolice (up to 63,206 characters)").check()
    page.get_by_label("Announcements (§322.4(a))").check()
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Post #")
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.get_by_role("status")).to_contain_text("is submitted for approval")
    expect(page.locator("#findings")).to_contain_text("Finding 1: A private phone number (§322.5(b))")
    expect(page.locator("#findings mark")).to_have_text("(925) 555-0199")
    flag = Flag.objects.get(post=Post.objects.get())
    assert (flag.excerpt, flag.citation) == ("(925) 555-0199", "§322.5(b)")


def test_without_javascript_the_check_button_shows_the_findings(
    browser, live_server, department, pio_authorized, ready_account
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, pio_authorized.username, PASSWORD)
        page.goto("/posts/new/")
        page.get_by_label("Text of the post").fill(PRIVATE)
        page.get_by_role("button", name="Check for prohibited content").click()
        expect(page).to_have_url(re.compile(r"/posts/new/#screening$"))
        expect(page.locator("#screening-results mark")).to_have_text("(925) 555-0199")
        expect(page.locator("#screening-results")).to_contain_text("A private phone number (§322.5(b))")
        expect(page.get_by_label("Text of the post")).to_have_value(PRIVATE)
        assert not Post.objects.exists()
    finally:
        context.close()


def test_a_term_the_chief_adds_is_found_on_the_pios_next_keystroke(
    page, department, chief, pio_authorized, ready_account
):
    """Issue 13.3: the chief adds a local business to the commercial rule while the PIO's editor is open; the
    next keystroke's check finds it, marked, with the rule's citation and "Word list" as its source."""
    from screening import services

    sign_in(page, pio_authorized.username, PASSWORD)
    page.goto("/posts/new/")
    results = page.locator("#screening-results")
    body = page.get_by_label("Text of the post")
    body.click()
    body.press_sequentially("Lunch today is courtesy of Harbor Street Tacos", delay=15)
    expect(page.locator("#screening-summary")).to_contain_text("No prohibited content found")

    services.update_rule(by=chief, department=department, code="commercial", terms=["Harbor Street Tacos"])
    body.press("Space")
    expect(results.locator("mark")).to_have_text("Harbor Street Tacos")
    expect(results).to_contain_text("(§322.5(f))")
    expect(results.locator(".finding__source")).to_have_text("Word list")
