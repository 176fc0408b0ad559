"""After `make run` (issue 20 acceptance): each demo role signs in, its second factor by `demo_code` (no phone),
and its dashboard lists work from the story. Drives a real chromium over a temporary copy of the story, built in
the live server's test database."""

import re
from io import StringIO

from django.core.management import call_command
from playwright.sync_api import expect

from demo.management.commands.seed_demo import ROSTER

PASSWORD = "oakley-demo-2026"


def demo_code(username: str) -> str:
    out = StringIO()
    call_command("demo_code", username, stdout=out)
    return out.getvalue().strip()


def test_each_demo_role_signs_in_with_demo_code_and_its_dashboard_lists_work(browser, live_server, settings,
                                                                             monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    settings.DEBUG = True  # demo authenticators exist only in a development run
    call_command("seed_demo", "--story", stdout=StringIO())
    for seat in ROSTER:
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.goto("/login/")
        page.get_by_label("Username").fill(seat.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        if seat.username != "member":  # every role but the plain member needs a second factor
            page.get_by_label("Code", exact=True).fill(demo_code(seat.username))
            page.get_by_role("button", name="Verify and sign in").click()
            expect(page).not_to_have_url(re.compile(r"/verify"))
        page.goto("/")  # past the policy acknowledgment the first page may be led to (conduct)
        work = page.locator(".work-list__item")
        expect(work.first).to_be_visible()
        assert work.count() >= 1, seat.username
        context.close()
