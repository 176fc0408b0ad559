"""The annual review in a real browser (3xx.6): the chief appoints the reviewer, who is told in the header; the
reviewer saves a draft and submits it; the chief, told in turn, returns it with a note, and acknowledges it once
it comes back. The report's charts are on the page."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from audits.models import AnnualReview
from tests.conftest import PASSWORD

from . import axe
from .conftest import sign_in


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login/"))


def test_appoint_draft_submit_return_resubmit_acknowledge(page, chief, reviewer):
    today = timezone.localdate()
    sign_in(page, chief.username, PASSWORD)
    page.get_by_role("link", name="Annual reviews").click()
    axe.check(page, "the reviews list")
    page.get_by_role("link", name="Appoint a reviewer").click()
    axe.check(page, "the appointment form")
    page.get_by_label("Reviewer").select_option(label=reviewer.display_name)
    page.get_by_label("Period from").fill(f"{today.year - 1}-01-01")
    page.get_by_label("Period to").fill(f"{today.year - 1}-12-31")
    page.get_by_label("Report due on").fill((today + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Appoint reviewer").click()
    expect(page.get_by_role("status")).to_contain_text("is appointed to review")
    review = AnnualReview.objects.get()
    sign_out(page)

    # The reviewer is told: the header counts one unread notice, which leads to the review.
    sign_in(page, reviewer.username, PASSWORD)
    expect(page.locator(".account__notifications")).to_contain_text("1 unread")
    page.locator(".account__notifications").click()
    expect(page.get_by_text("Why you got this:")).to_be_visible()
    page.get_by_role("link", name=re.compile("Go to it")).click()
    expect(page).to_have_url(re.compile(rf"/reviews/{review.pk}/$"))
    expect(page.locator(".account__notifications")).not_to_contain_text("unread")
    expect(page.get_by_role("img", name="Posts per month")).to_be_visible()
    expect(page.get_by_role("img", name="Flags by code")).to_be_visible()
    axe.check(page, "the review, with the writing panel")
    page.get_by_role("textbox", name="Findings").fill("Posting kept to the authorized categories.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status")).to_contain_text("The draft is saved.")
    page.get_by_role("textbox", name="Recommendations").fill("Import engagement every quarter.")
    page.get_by_role("button", name="Submit to the chief").click()
    expect(page.locator("h1 .badge")).to_have_text("Submitted to the chief")
    sign_out(page)

    # The chief returns it with a note; the reviewer submits it again; the chief acknowledges it.
    sign_in(page, chief.username, PASSWORD)
    page.goto(f"/reviews/{review.pk}/")
    axe.check(page, "the review, with the chief's decision")
    page.get_by_label("What to change").fill("Add the Instagram figures.")
    page.get_by_role("button", name="Return to the reviewer").click()
    expect(page.locator("h1 .badge")).to_have_text("Returned to the reviewer")
    sign_out(page)
    sign_in(page, reviewer.username, PASSWORD)
    page.goto(f"/reviews/{review.pk}/")
    expect(page.get_by_text("Add the Instagram figures.")).to_be_visible()
    page.get_by_role("button", name="Submit to the chief").click()
    expect(page.locator("h1 .badge")).to_have_text("Submitted to the chief")
    sign_out(page)
    sign_in(page, chief.username, PASSWORD)
    page.goto(f"/reviews/{review.pk}/")
    page.get_by_role("button", name="Acknowledge report").click()
    expect(page.locator("h1 .badge")).to_have_text("Acknowledged by the chief")
    review.refresh_from_db()
    assert review.status == "acknowledged" and review.figures is not None
