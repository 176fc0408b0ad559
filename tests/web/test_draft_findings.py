"""A saved draft's page shows what the screener finds before "Submit for approval", each finding with its citation
and a short hint to fix it (issue 14.5)."""

import pytest
from django.utils.html import escape

from approvals import services as decisions
from posts import services as posts
from screening.hints import hint_for
from screening.models import Flag
from tests.posts import conftest as lifecycle

from .test_screening_findings import PRIVATE_PHONE

pytestmark = pytest.mark.django_db

ready_account = lifecycle.ready_account
pio_authorized = lifecycle.pio_authorized


def page(client, member, post) -> str:
    client.force_login(member)
    response = client.get(f"/posts/{post.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_saved_draft_with_a_blocking_finding_says_so_before_submit(client, pio_authorized, ready_account):
    draft = posts.create_post(by=pio_authorized, category="announcement", accounts=[ready_account], body=PRIVATE_PHONE)
    html = page(client, pio_authorized, draft)
    findings = html.split('id="findings-heading"')[1].split("</section>")[0]
    assert "when it is submitted" not in findings
    assert "The screener finds 1 problem in the saved text (§322.5)." in findings
    assert "1 would block approval: fix it before you submit" in findings
    assert f'href="/posts/{draft.pk}/edit/"' in findings
    assert "<strong>To fix:</strong> Say whose number it is" in findings
    assert "(§322.5" in findings.split("finding__message")[1]
    # Shown above the Submit button, and nothing is saved by looking.
    assert html.index('id="findings-heading"') < html.index(">Submit for approval</button>")
    assert not Flag.objects.exists()


def test_a_clean_draft_says_the_screener_found_nothing(client, pio_authorized, ready_account):
    draft = posts.create_post(
        by=pio_authorized, category="announcement", accounts=[ready_account], body="The lobby is closed Monday."
    )
    assert "The screener finds no prohibited content in the saved text" in page(client, pio_authorized, draft)


def test_a_submitted_posts_findings_carry_their_fix_hint(client, pio_authorized, supervisor, ready_account):
    post = decisions.submit(
        by=pio_authorized,
        post=posts.create_post(
            by=pio_authorized, category="announcement", accounts=[ready_account], body=PRIVATE_PHONE
        ),
    )
    flag = Flag.objects.get(revision=post.current_revision)
    assert hint_for(flag)
    assert f"<strong>To fix:</strong> {escape(hint_for(flag))}" in page(client, supervisor, post)


def test_the_incident_page_offers_no_approve_while_a_blocking_finding_stands(
    client, supervisor, commander, pio_authorized, ready_account
):
    incident = posts.open_incident(by=supervisor, name="Vista Road fire", commander=commander)
    post = decisions.submit(
        by=pio_authorized,
        post=posts.create_post(
            by=pio_authorized, category="safety_alert", accounts=[ready_account], body=PRIVATE_PHONE, incident=incident
        ),
    )
    html = page_of(client, commander, f"/incidents/{incident.pk}/")
    assert f'action="/posts/{post.pk}/approve/"' not in html
    assert f'disabled aria-describedby="blocked-{post.pk}">Approve' in html
    assert "Approve is not available: 1 blocking finding stands unresolved" in html


def page_of(client, member, path) -> str:
    client.force_login(member)
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()
