"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

`make test` installs the chromium package when it is missing. Playwright's own
browser download is never used: the browser is launched from /usr/bin/chromium
with the flags a closed network needs (no background networking, no component
updates, no sync). Without the executable these tests fail, and say why.

Each test module gets one browser; each test a fresh context (no shared cookies)
and, like every test on the live server, committed data (transactional_db).
On failure a screenshot is written to var/e2e/<test name>.png.
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from playwright import sync_api

from people.models import Member
from people.roles import GROUP_FOR_ROLE
from security import second_factor as security_second_factor
from tests.conftest import authenticator_code, totp_device

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(settings.VAR_DIR) / "e2e"


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash[_failed_key] = report.failed
    return report


_failed_key = pytest.StashKey[bool]()


@pytest.fixture(scope="module")
def browser(django_db_setup):
    # The test database is made before Playwright starts: once its event loop is running,
    # Django keeps this thread's connections in other storage (asgiref.local.Local).
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"no browser at {CHROMIUM}: `make test` installs Debian's chromium")
    # Playwright's synchronous API keeps an event loop in this thread, which makes Django
    # refuse ORM calls as if they came from async code; they do not. Only while it runs.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_api.sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def role_groups(transactional_db):
    """The role groups the people migrations make. A live-server test commits its data, so the
    database is emptied after each; this puts the groups back for the next. (Serialized rollback
    cannot: Playwright's event loop hides the connection that holds the serialized copy.)"""
    for name in GROUP_FOR_ROLE.values():
        Group.objects.get_or_create(name=name)


@pytest.fixture
def page(request, browser, live_server):
    """A page in a fresh browser context whose relative URLs go to the live server."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    if request.node.stash.get(_failed_key, False):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    context.close()


def sign_in(page, username: str, password: str):
    """Sign in through the login form, as a person would: by the fields' visible labels. A member who
    needs a second factor has an authenticator app (a TOTP device) and types the code it shows."""
    member = Member.objects.filter(username=username).first()
    needs_code = member is not None and security_second_factor.second_factor_step(member) != "none"
    device = totp_device(member) if needs_code else None
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if device is not None and password_is_right(member, password):
        page.get_by_label("Code", exact=True).fill(authenticator_code(device))
        page.get_by_role("button", name="Verify and sign in").click()
    return page


def password_is_right(member, password) -> bool:
    member.refresh_from_db()
    return member.check_password(password)
