"""The retention report in the browser (issue 14.6): records by default, audit events behind a filter, each row
linked, summary counts, a page at a time (the exports stay whole); periods in years and months."""

import pytest

from posts import services as posts
from retention.models import LegalHold
from retention.templatetags.retention_tags import period_words
from retention.views.reports import REPORT_PAGE_ROWS
from tests.posts import conftest as lifecycle

pytestmark = pytest.mark.django_db

ready_account = lifecycle.ready_account
pio_authorized = lifecycle.pio_authorized


@pytest.fixture
def drafts(pio_authorized, ready_account):
    return [
        posts.create_post(by=pio_authorized, category="announcement", accounts=[ready_account], body=f"Notice {i}.")
        for i in range(REPORT_PAGE_ROWS + 5)
    ]


def get(client, custodian, query=""):
    client.force_login(custodian)
    response = client.get(f"/retention/report/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_records_only_by_default_each_linked_and_counted(client, custodian, drafts):
    html = get(client, custodian)
    assert "Audit event #" not in html
    assert f'<a href="/retention/posts/{drafts[0].pk}/">Post #{drafts[0].pk}</a>' in html
    summary = html.split('id="summary-heading"')[1].split("</section>")[0]
    assert f"<strong>{len(drafts)}</strong> records" in summary and "under legal hold" in summary
    assert "this quarter" in summary


def test_audit_events_behind_a_filter(client, custodian, drafts):
    html = get(client, custodian, "?audit_events=on")
    assert "audit events not counted" not in html and "Records and audit events" in html
    # Each draft's creation is an audit event; they come after the records.
    last = get(client, custodian, "?audit_events=on&page=99999")
    assert "Audit event #" in last
    # The pages keep the filter.
    assert "audit_events=on&amp;page=2" in html or "audit_events=on&page=2" in html


def test_pages_of_the_report(client, custodian, drafts):
    first = get(client, custodian)
    assert first.count('<th scope="row" data-label="Record">') == REPORT_PAGE_ROWS
    assert "Page 1 of 2" in first and "page=2" in first
    second = get(client, custodian, "?page=2")
    assert second.count('<th scope="row" data-label="Record">') == len(drafts) - REPORT_PAGE_ROWS
    assert f"Post #{drafts[-1].pk}</a>" in second
    # Past the last page: the last page, never an error.
    assert "Page 2 of 2" in get(client, custodian, "?page=99999")
    assert "Page 1 of 2" in get(client, custodian, "?page=x")


def test_the_export_link_carries_no_page_and_no_audit_filter(client, custodian, drafts):
    html = get(client, custodian, "?audit_events=on&page=2")
    export = html.split('id="export-heading"')[1]
    assert "page=" not in export and "audit_events" not in export


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (731, "2 years"),
        (365, "1 year"),
        (548, "1 year 6 months"),
        (90, "3 months"),
        (30, "30 days"),
        (2555, "7 years"),
        (1, "1 day"),
    ],
)
def test_periods_in_years_and_months(days, words):
    assert period_words(days) == words


def test_the_hold_form_previews_what_it_covers_before_placing(client, custodian, drafts):
    client.force_login(custodian)
    data = {"matter": "Smith v. Oakley", "reason": "Litigation", "keywords": "Notice 1"}
    response = client.post("/retention/holds/new/", data)
    html = response.content.decode()
    # "Notice 1" and "Notice 10" to "Notice 19": 11 drafts.
    assert response.status_code == 200 and not LegalHold.objects.exists()
    assert "It will cover 11 records now" in html and "<strong>11</strong> posts" in html
    assert 'name="place" value="1">Place legal hold covering 11 records</button>' in html
    response = client.post("/retention/holds/new/", {**data, "place": "1"})
    hold = LegalHold.objects.get()
    assert response.status_code == 302 and response.url == f"/retention/holds/{hold.pk}/"


def test_a_hold_without_a_scope_is_not_previewed(client, custodian):
    client.force_login(custodian)
    html = client.post("/retention/holds/new/", {"matter": "Smith", "reason": "Litigation"}).content.decode()
    assert "Say what it covers" in html and "It will cover" not in html
