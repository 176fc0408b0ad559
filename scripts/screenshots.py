"""`make screenshots`: the README's pictures of the demo story (issue 20.4), regenerated, never edited by hand.

Builds the story (`seed_demo --story`, DEBUG=1) in a temporary SQLite database, runs the web server on a free
port, signs in as each role with the demo authenticator's code (`demo_code`) and saves each page under
docs/screenshots/ at the size in SHOTS, with Debian's chromium driven by Playwright (as tests/e2e does).

Usage: python scripts/screenshots.py [--out docs/screenshots]
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from socialgov.polling import poll  # noqa: E402 - after the project is on the path

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
DESKTOP = (1280, 900)
PHONE = (390, 844)

# (file, who, the viewport's width and height, what it shows); the README shows each of them, and
# tests/demo/test_screenshots.py checks that every file exists at this size.
SHOTS = [
    (
        "editor-live-screening.png",
        "pio",
        DESKTOP,
        "The editor: the screener flags a private phone number as the PIO types",
    ),
    ("approval-queue.png", "supervisor", DESKTOP, "The supervisor's approval queue"),
    ("commander-phone.png", "commander", PHONE, "The incident commander approves from a phone"),
    ("legal-hold.png", "custodian", DESKTOP, "A legal hold and what it freezes"),
    ("retention-report.png", "custodian", DESKTOP, "The retention report"),
    ("annual-review.png", "reviewer", DESKTOP, "The annual review in progress, with its charts"),
]
PASSWORD = "oakley-demo-2026"
LIVE_TEXT = "Witnesses can call the driver, Denise Ortega, at 925-555-0187."

IDS = """
import json
from audits.models import AnnualReview
from posts.models import Post
from retention.models import LegalHold
print(json.dumps({
    "flood": Post.objects.filter(status="pending").exclude(incident=None).values_list("pk", flat=True).first(),
    "hold": LegalHold.objects.values_list("pk", flat=True).first(),
    "review": AnnualReview.objects.values_list("pk", flat=True).first(),
}))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env, *args) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True, capture_output=True, text=True
    ).stdout


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_for(port: int, deadline: float = 60.0) -> None:
    if not poll(lambda: answers(port), timeout=deadline):
        raise SystemExit(f"the web server did not answer on port {port} within {deadline:.0f} s")


def sign_in(page, env, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if page.get_by_label("Code", exact=True).count():
        page.get_by_label("Code", exact=True).fill(manage(env, "demo_code", username).strip())
        page.get_by_role("button", name="Verify and sign in").click()
    page.wait_for_load_state()
    # The first page after sign-in may be the policy acknowledgment (conduct, once a session): go past it.
    page.goto("/")


def scroll_to(page, selector: str, above: int) -> None:
    """Scroll so that the first element matching `selector` starts `above` pixels below the top."""
    page.evaluate(
        "([selector, above]) => window.scrollTo(0, document.querySelector(selector)"
        ".getBoundingClientRect().top + window.scrollY - above)",
        [selector, above],
    )


def take(browser, env, out: Path, ids: dict) -> list[Path]:
    from playwright.sync_api import expect

    saved = []
    for name, who, (width, height), _caption in SHOTS:
        context = browser.new_context(base_url=env["BASE_URL"], viewport={"width": width, "height": height})
        context.set_default_timeout(20_000)
        page = context.new_page()
        sign_in(page, env, who)
        if name == "editor-live-screening.png":
            page.goto("/posts/new/")
            body = page.get_by_label("Text of the post")
            body.click()
            body.press_sequentially(LIVE_TEXT, delay=5)
            expect(page.locator("#screening-results mark")).to_have_count(1)
            scroll_to(page, "#screening-summary", above=330)  # the text and its finding together
        elif name == "approval-queue.png":
            page.goto("/posts/queue/")
        elif name == "commander-phone.png":
            page.goto(f"/posts/{ids['flood']}/")
        elif name == "legal-hold.png":
            page.goto(f"/retention/holds/{ids['hold']}/")
        elif name == "retention-report.png":
            page.goto("/retention/report/")
        elif name == "annual-review.png":
            page.goto(f"/reviews/{ids['review']}/")
            page.wait_for_load_state("networkidle")
            scroll_to(page, "figure.chart-figure", above=140)  # posts per month, the first chart
        page.wait_for_load_state("networkidle")
        path = out / name
        page.screenshot(path=str(path))
        saved.append(path)
        print(f"saved {path.relative_to(BASE_DIR)} ({width}x{height}, signed in as {who})")
        context.close()
    return saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(BASE_DIR / "docs" / "screenshots"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if not os.access(CHROMIUM, os.X_OK):
        raise SystemExit(f"no browser at {CHROMIUM}: `make browser` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="socialgov-screenshots-") as tmp:
        port = free_port()
        env = {
            **os.environ,
            "DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{tmp}/demo.sqlite3",
            "SOCIALGOV_VAR_DIR": os.environ.get("SOCIALGOV_VAR_DIR", str(BASE_DIR / "var")),
            "CELERY_TASK_ALWAYS_EAGER": "1",
            "PYTHONUNBUFFERED": "1",
            "BASE_URL": f"http://127.0.0.1:{port}",
        }
        env.pop("REDIS_URL", None)
        print("Building the demo story in a temporary database")
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "seed_demo", "--department", "oakley", "--story")
        ids = json.loads(manage(env, "shell", "-c", IDS).strip().splitlines()[-1])
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(port)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    take(browser, env, out, ids)
                finally:
                    browser.close()
        finally:
            server.terminate()
            server.wait(timeout=15)
    return 0


if __name__ == "__main__":
    sys.exit(main())
