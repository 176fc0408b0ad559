"""What each person must do next, in a real browser (issue 14 acceptance): at 375x740 the commander reaches the
pending incident post from the dashboard in one tap and Approve is on the first screen; at 1280 px each role's
dashboard lists their pending work as links, checked against seeded data. axe-core checks every page on the way,
at both widths (tests/e2e/axe.py)."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from approvals import services as decisions
from posts import services
from posts.choices import PostStatus
from retention import services as retention
from retention.models import LegalHold
from reviews import services as reviews
from tests.conftest import PASSWORD
from tests.posts import conftest as lifecycle

from . import axe
from .conftest import sign_in

ready_account = lifecycle.ready_account
pio_authorized = lifecycle.pio_authorized
second_pio = lifecycle.second_pio

PHONE = {"width": 375, "height": 740}


def sign_out(page):
    menu = page.locator("details.menu")
    if menu.is_visible() and not menu.get_attribute("open") and page.locator(".menu__button").is_visible():
        page.locator(".menu__button").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login/"))


def test_commander_reaches_the_pending_incident_post_in_one_tap_and_approves_it_on_the_first_screen(
    page, supervisor, commander, pio_authorized, ready_account
):
    incident = services.open_incident(by=supervisor, name="Vista Road fire", commander=commander)
    post = services.create_post(
        by=pio_authorized,
        category="safety_alert",
        accounts=[ready_account],
        body="Evacuate Vista Road now. Shelter at the Oakley High School gym.",
        incident=incident,
    )
    decisions.submit(by=pio_authorized, post=post)

    page.set_viewport_size(PHONE)
    sign_in(page, commander.username, PASSWORD)
    axe.check(page, "the commander's dashboard")
    # The header is one line; the menu is folded behind its button and opens without JavaScript.
    assert page.locator(".site-header").bounding_box()["height"] <= 80
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    page.get_by_text("Menu", exact=True).click()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    axe.check(page, "the commander's dashboard, menu open")
    page.get_by_text("Menu", exact=True).click()

    # One tap from the work list to the post.
    page.get_by_role("link", name=f"Post #{post.pk} (Vista Road fire)").click()
    expect(page).to_have_url(re.compile(rf"/posts/{post.pk}/$"))
    approve = page.get_by_role("button", name="Approve", exact=True)
    expect(approve).to_be_enabled()
    assert page.evaluate("() => window.scrollY") == 0
    box = approve.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], f"Approve is below the first screen: {box}"
    assert box["height"] >= 44 and box["x"] + box["width"] <= PHONE["width"]
    axe.check(page, "the post awaiting the commander")
    approve.click()
    expect(page.get_by_role("status")).to_contain_text("is approved")
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED


def work_links(page) -> list[str]:
    return [text.strip() for text in page.locator(".work-list__link").all_inner_texts()]


def test_each_roles_dashboard_lists_their_pending_work_as_links(
    page, chief, supervisor, custodian, reviewer, pio_authorized, second_pio, ready_account
):
    # Seeded: one post approved and one pending (written by the second PIO), a hold overdue for re-confirmation,
    # a records request, an annual review appointed, the reviewer's authorization lapsing in ten days.
    approved = decisions.approve(
        by=supervisor,
        post=decisions.submit(
            by=second_pio,
            post=services.create_post(
                by=second_pio, category="announcement", accounts=[ready_account], body="Lobby closed Monday."
            ),
        ),
    )
    pending = decisions.submit(
        by=second_pio,
        post=services.create_post(
            by=second_pio, category="announcement", accounts=[ready_account], body="Road open again."
        ),
    )
    hold = retention.place_hold(by=custodian, matter="Smith v. Oakley", reason="Litigation", keywords=["smith"])
    LegalHold.objects.filter(pk=hold.pk).update(created_at=timezone.now() - timedelta(days=95))
    retention.open_request(by=custodian, requester="A. Reporter", received_on=timezone.localdate(), keywords=["parade"])
    today = timezone.localdate()
    reviews.appoint_reviewer(
        by=chief,
        reviewer=reviewer,
        period_start=today - timedelta(days=365),
        period_end=today - timedelta(days=1),
        due_on=today + timedelta(days=20),
    )
    lifecycle.authorize(chief, reviewer, ready_account, days=10)

    expected = {
        pio_authorized: ["1 approved post to publish"],
        supervisor: ["1 post waiting for your decision"],
        custodian: ["1 legal hold to re-confirm", "1 records request to answer"],
        reviewer: ["1 annual review to write"],
        chief: ["1 member's authorization expires soon"],
    }
    for member, items in expected.items():
        sign_in(page, member.username, PASSWORD)
        expect(page.get_by_role("heading", name="What to do next")).to_be_visible()
        found = work_links(page)
        for item in items:
            assert item in found, f"{member.username}: {item!r} not in {found}"
        axe.check(page, f"{member.username}'s dashboard")
        sign_out(page)

    # Each is a link to where the work is done.
    sign_in(page, pio_authorized.username, PASSWORD)
    page.get_by_role("link", name="1 approved post to publish").click()
    expect(page.get_by_role("link", name=f"Post #{approved.pk}")).to_be_visible()
    axe.check(page, "the approved posts")
    # Not the PIO's to decide: the pending post needs a supervisor (3xx.3).
    assert pending.pk and "waiting for your decision" not in " ".join(found for found in work_links(page))


def test_the_axe_check_fails_on_a_serious_violation(page):
    """The check the journeys rely on does fail: a page with an unlabelled button and an image without text."""
    page.set_content('<html lang="en"><title>t</title><main><img src="data:,"><button></button></main></html>')
    try:
        axe.check(page, "a broken page")
    except AssertionError as failure:
        assert "critical: button-name" in str(failure) and "critical: image-alt" in str(failure)
    else:
        raise AssertionError("axe-core passed a page with critical violations")


def focused(page) -> dict:
    return page.evaluate("""() => ({cls: document.activeElement.className, id: document.activeElement.id,
                                   top: document.activeElement.getBoundingClientRect().top})""")


def test_a_failed_publish_and_a_failed_removal_put_focus_on_the_error_summary_at_the_top(
    page, supervisor, pio_authorized, ready_account
):
    post = decisions.approve(
        by=supervisor,
        post=decisions.submit(
            by=pio_authorized,
            post=services.create_post(
                by=pio_authorized, category="announcement", accounts=[ready_account], body="Lobby closed Monday."
            ),
        ),
    )
    field = f"id_url_{ready_account.pk}"

    sign_in(page, pio_authorized.username, PASSWORD)
    page.goto(f"/posts/{post.pk}/")
    page.get_by_role("button", name="Publish").click()  # no address given: refused, nothing published
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_visible()
    where = focused(page)
    assert "form-errors" in where["cls"] and 0 <= where["top"] < 400, where
    axe.check(page, "a failed publish")
    summary.get_by_role("link").first.click()
    expect(page.locator(f"#{field}")).to_be_focused()
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED
    page.get_by_label(f"URL of the post on {ready_account}").fill("https://www.facebook.com/OakleyPolice/posts/9")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("h1 .badge")).to_have_text("Published")
    sign_out(page)

    # At phone width: the supervisor removes without a reason.
    page.set_viewport_size(PHONE)
    sign_in(page, supervisor.username, PASSWORD)
    page.goto(f"/posts/{post.pk}/")
    page.get_by_role("button", name="Remove from public view").click()
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_visible()
    where = focused(page)
    assert "form-errors" in where["cls"] and 0 <= where["top"] < PHONE["height"], where
    axe.check(page, "a failed removal")
    summary.get_by_role("link").first.click()
    expect(page.locator("#id_reason")).to_be_focused()
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED


def test_the_custodian_reads_the_report_and_previews_a_hold_before_placing_it(
    page, custodian, pio_authorized, ready_account
):
    for i in range(3):
        services.create_post(
            by=pio_authorized, category="announcement", accounts=[ready_account], body=f"Harbor parade notice {i}."
        )
    sign_in(page, custodian.username, PASSWORD)
    page.goto("/retention/report/")
    table = page.get_by_role("table")
    expect(table).to_contain_text("Post #")
    expect(table).not_to_contain_text("Audit event #")
    expect(page.get_by_role("heading", name="Summary")).to_be_visible()
    axe.check(page, "the retention report")
    table.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/retention/posts/\d+/$"))

    page.set_viewport_size(PHONE)
    page.goto("/retention/holds/new/")
    page.get_by_label("Matter").fill("Smith v. Oakley")
    page.get_by_label("Reason").fill("Litigation")
    page.get_by_label("Mentioning").fill("harbor parade")
    page.get_by_role("button", name="Preview what it covers").click()
    expect(page.get_by_role("heading", name="It will cover 3 records now")).to_be_visible()
    assert not LegalHold.objects.exists()
    axe.check(page, "the hold preview")
    page.get_by_role("button", name="Place legal hold covering 3 records").click()
    expect(page.get_by_role("status")).to_contain_text("is in force")
    assert LegalHold.objects.count() == 1
