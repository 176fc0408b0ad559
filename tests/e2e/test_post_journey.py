"""The post lifecycle in a real browser (issue 3 acceptance): the PIO drafts and submits, the
supervisor approves, the PIO publishes with the URL, the supervisor removes it with a reason and
resolves the investigation. And the commander approves an incident post with one tap on a phone."""

import re

from django.core.management import call_command
from playwright.sync_api import expect

from approvals import services as decisions
from posts import services
from posts.choices import PostStatus
from posts.models import Post, RemovalInvestigation
from tests.conftest import PASSWORD
from tests.posts import conftest as lifecycle

from . import axe
from .conftest import sign_in

ready_account = lifecycle.ready_account
pio_authorized = lifecycle.pio_authorized

URL = "https://www.facebook.com/OakleyPolice/posts/4242"
BODY = "The lobby is closed Monday for Memorial Day."


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login/"))


def test_draft_submit_approve_publish_remove_resolve(page, pio_authorized, supervisor, ready_account):
    # The PIO drafts the post; the live count follows the text against the platform's limit.
    sign_in(page, pio_authorized.username, PASSWORD)
    page.get_by_role("link", name="My drafts").click()
    page.get_by_role("link", name="Write a post").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write a post")
    axe.check(page, "the editor")
    page.get_by_label("Facebook OakleyPolice (up to 63,206 characters)").check()
    page.get_by_label("Text of the post").fill(BODY)
    expect(page.locator("#body-counts")).to_contain_text(f"Facebook OakleyPolice: {len(BODY)} of 63206 characters")
    page.get_by_label("Announcements (§322.4(a))").check()
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Post #")
    post = Post.objects.get()
    axe.check(page, "the saved draft")
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.get_by_role("status")).to_contain_text("is submitted for approval")
    expect(page.locator("h1 .badge")).to_have_text("Pending approval")
    sign_out(page)

    # The supervisor finds it in the approval queue and approves it with a note.
    sign_in(page, supervisor.username, PASSWORD)
    page.get_by_role("link", name="Approval queue").click()
    axe.check(page, "the approval queue")
    page.get_by_role("link", name=f"Post #{post.pk}").click()
    page.get_by_label("Note to the author").fill("Good to go.")
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.locator("h1 .badge")).to_have_text("Approved")
    sign_out(page)

    # The PIO posts it by hand on the platform and records the URL.
    sign_in(page, pio_authorized.username, PASSWORD)
    page.goto(f"/posts/{post.pk}/")
    page.get_by_label("URL of the post on Facebook OakleyPolice").fill(URL)
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("h1 .badge")).to_have_text("Published")
    expect(page.get_by_role("link", name=URL)).to_be_visible()
    sign_out(page)

    # The supervisor removes it from public view and resolves the investigation of its cause.
    sign_in(page, supervisor.username, PASSWORD)
    page.goto(f"/posts/{post.pk}/")
    page.get_by_label("Reason for removal").fill("The date is wrong.")
    page.get_by_role("button", name="Remove from public view").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Investigation #")
    axe.check(page, "the investigation")
    expect(page.get_by_role("status")).to_contain_text("is removed from public view (§322.5)")
    page.get_by_role("button", name=re.compile("^Confirm removed")).click()
    expect(page.get_by_text("No removals are waiting to be confirmed.").first).to_be_visible()
    page.get_by_label("Cause").fill("The PIO copied last year's notice.")
    page.get_by_label("Resolution").fill("Checked dates with the PIO; reposted the right one.")
    page.get_by_role("button", name="Resolve investigation").click()
    expect(page.locator("h1 .badge")).to_have_text("Resolved")

    post.refresh_from_db()
    assert post.status == PostStatus.REMOVED
    assert not RemovalInvestigation.objects.get(post=post).is_open
    call_command("verify_audit_chain")


def test_commander_approves_an_incident_post_with_one_tap_on_a_phone(
    page, supervisor, commander, pio_authorized, ready_account
):
    incident = services.open_incident(by=supervisor, name="Vista Road fire", commander=commander)
    post = services.create_post(
        by=pio_authorized,
        category="safety_alert",
        accounts=[ready_account],
        body="Evacuate Vista Road now.",
        incident=incident,
    )
    decisions.submit(by=pio_authorized, post=post)

    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(page, commander.username, PASSWORD)
    page.get_by_role("link", name="Vista Road fire", exact=True).click()
    approve = page.get_by_role("button", name=f"Approve post #{post.pk}")
    expect(approve).to_be_visible()
    axe.check(page, "the incident on a phone")
    box = approve.bounding_box()
    # A thumb-sized target that fits the screen without sideways scrolling.
    assert box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= 375
    approve.click()
    expect(page).to_have_url(re.compile(rf"/incidents/{incident.pk}/$"))
    expect(page.get_by_role("status")).to_contain_text("is approved")
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED and post.decisions.get().decided_by == commander
