"""Records retention in a real browser (Debian's Chromium through Playwright, tests/e2e): the export's
progress bar, driven by socialgov/static/socialgov/retention.js, and the custodian's approval."""

import re

import pytest
from playwright.sync_api import expect

from people.roles import Role
from people.services import load_policy_pack
from retention import disposition
from retention.models import DispositionBatch
from tests.conftest import PASSWORD, make_account, make_member
from tests.e2e.conftest import browser, page, sign_in  # noqa: F401

from .conftest import make_posts, with_authority

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def oakley(role_groups):
    department, _ = load_policy_pack("oakley")
    chief = make_member(department, "chief", Role.CHIEF)
    custodian = make_member(department, "custodian", Role.CUSTODIAN)
    author = make_member(department, "pio", Role.PIO)
    account = make_account(department, "OakleyRecords", approved_by=chief)
    posts = make_posts(department, author, [account], 4)
    return department, custodian, posts


def test_a_large_export_shows_its_progress_and_then_the_download(page, oakley, monkeypatch):  # noqa: F811
    from retention import exports

    monkeypatch.setattr(exports, "INLINE_ROWS", 1)
    _, custodian, _ = oakley
    sign_in(page, custodian.username, PASSWORD)
    page.goto("/retention/report/")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.get_by_role("link", name="Export Excel (XLSX)").click()
    expect(page).to_have_url(re.compile(r"/retention/exports/\d+/$"))
    # The script has polled the status: its message has no format in it, the server's has.
    message = page.locator("[data-export-message]")
    expect(message).to_have_text(re.compile(r"^Done: \d+ of \d+ rows\.$"))
    expect(page.locator("progress")).to_have_attribute("value", "100")
    link = page.get_by_role("link", name="Download the report")
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert errors == []


def test_the_custodian_approves_a_batch_and_gets_the_certificate(page, oakley):  # noqa: F811
    department, custodian, posts = oakley
    # Oakley's resolution, the city attorney's consent and the retention commander's sign-off (issue 16.4).
    batch = with_authority(disposition.propose(department=department), by=custodian)
    sign_in(page, custodian.username, PASSWORD)
    page.get_by_role("link", name="Dispositions").click()
    page.get_by_role("link", name=f"#{batch.pk}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Disposition batch #{batch.pk}")
    page.get_by_label("Note").fill("Reviewed the list")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("heading", name="Certificate of destruction")).to_be_visible()
    assert DispositionBatch.objects.get(pk=batch.pk).disposed_count == len(posts)
    with page.expect_download() as download:
        page.get_by_role("link", name="Certificate (PDF)").click()
    assert download.value.suggested_filename == f"certificate-of-destruction-batch-{batch.pk}.pdf"
