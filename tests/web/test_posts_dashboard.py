"""The dashboard's posts sections: drafts for the PIO, the approval queue for approvers, open
investigations and reports for supervisors, active incidents for commanders, requests and
reports for members."""

import pytest

from approvals import services as approvals
from approvals import services as decisions
from posts import services
from tests.posts import conftest as lifecycle

pytestmark = pytest.mark.django_db

ready_account = lifecycle.ready_account
pio_authorized = lifecycle.pio_authorized
draft = lifecycle.draft
pending = lifecycle.pending
approved = lifecycle.approved
published = lifecycle.published


def dashboard(client, member):
    client.force_login(member)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def section(html, heading_id):
    return html.split(f'id="{heading_id}"')[1].split("</section>")[0]


def test_pio_sees_their_drafts(client, pio_authorized, draft):
    html = section(dashboard(client, pio_authorized), "drafts-heading")
    assert f'<a href="/posts/{draft.pk}/">Post #{draft.pk}</a>' in html and "Memorial Day" in html
    assert 'href="/posts/new/"' in html


def test_pio_without_drafts_is_told_so(client, pio):
    assert "You have no drafts." in section(dashboard(client, pio), "drafts-heading")


def test_supervisor_sees_the_queue_count_and_link(client, supervisor, pending):
    html = section(dashboard(client, supervisor), "queue-heading")
    assert '<a href="/posts/queue/">1 post waiting for approval</a>' in html


def test_supervisor_sees_open_investigations_reports_and_removals(client, supervisor, member, published):
    services.remove(by=supervisor, post=published, reason="Wrong date")
    services.report_content(by=member, post=published, description="Wrong date")
    html = section(dashboard(client, supervisor), "reports-heading")
    assert "1 open report" in html and "1 open investigation" in html and "1 removal to confirm" in html


def test_supervisor_sees_requests_to_decide(client, supervisor, member):
    approvals.request_post(by=member, category="announcement", summary="Lost dog")
    html = section(dashboard(client, supervisor), "queue-heading")
    assert '<a href="/requests/">1 post request from your members</a>' in html


def test_commander_sees_active_incidents_with_posts_waiting(
    client, supervisor, commander, pio_authorized, ready_account
):
    incident = services.open_incident(by=supervisor, name="Vista Road fire", commander=commander)
    post = services.create_post(
        by=pio_authorized, category="safety_alert", accounts=[ready_account], body="Evacuate.", incident=incident
    )
    decisions.submit(by=pio_authorized, post=post)
    html = section(dashboard(client, commander), "incidents-heading")
    assert f'<a href="/incidents/{incident.pk}/">Vista Road fire</a>' in html
    assert "1 post waiting for your approval" in html


def test_member_sees_their_requests_and_reports_with_links(client, member, published):
    approvals.request_post(by=member, category="announcement", summary="Lost dog")
    services.report_content(by=member, post=published, description="Typo")
    html = section(dashboard(client, member), "requests-heading")
    assert "1 post request" in html and "1 report" in html
    assert 'href="/requests/new/">Request a post</a>' in html and 'href="/reports/new/">Report content</a>' in html
