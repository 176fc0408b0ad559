"""Each member's dashboard is their work list (issue 14.1): each item a link with its count, newest first,
checked per role against seeded data; and its cost does not grow with the rows it counts."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from approvals import services as decisions
from people.choices import TrainingTopic
from people.models import TrainingRecord
from posts import services
from retention import services as retention
from reviews import services as reviews
from socialgov import worklist
from tests.posts import conftest as lifecycle

pytestmark = pytest.mark.django_db

ready_account = lifecycle.ready_account
pio_authorized = lifecycle.pio_authorized
second_pio = lifecycle.second_pio

# Every source together, for any role: a few queries each, however many rows they count.
WORKLIST_QUERIES = 24


def work_section(client, member) -> str:
    client.force_login(member)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    return html.split('id="work-heading"')[1].split("</section>")[0]


def links(html) -> list[tuple[str, str]]:
    return [
        (href, unescape(text))
        for href, text in re.findall(r'<a class="work-list__link" href="([^"]+)">([^<]+)</a>', html)
    ]


def write(pio, account, body, **options):
    return services.create_post(by=pio, category="announcement", accounts=[account], body=body, **options)


def test_nothing_to_do_is_said_plainly(client, member):
    assert "Nothing is waiting for you." in work_section(client, member)


def test_supervisor_sees_posts_waiting_for_their_decision_with_how_long_each_a_link(
    client, supervisor, pio_authorized, ready_account
):
    first = decisions.submit(by=pio_authorized, post=write(pio_authorized, ready_account, "Lobby closed Monday."))
    second = decisions.submit(by=pio_authorized, post=write(pio_authorized, ready_account, "Road open again."))
    html = work_section(client, supervisor)
    assert ("/posts/queue/", "2 posts waiting for your decision") in links(html)
    # Each post is one tap away, the newest first, with how long it has waited.
    assert html.index(f'href="/posts/{second.pk}/"') < html.index(f'href="/posts/{first.pk}/"')
    assert "waiting less than a minute" in html


def test_the_author_is_not_asked_to_decide_their_own_post(client, pio_authorized, second_pio, ready_account):
    decisions.submit(by=pio_authorized, post=write(pio_authorized, ready_account, "Lobby closed Monday."))
    assert "waiting for your decision" not in work_section(client, pio_authorized)


def test_commander_reaches_the_pending_incident_post_in_one_tap(
    client, supervisor, commander, pio_authorized, ready_account
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
    html = work_section(client, commander)
    assert ("/posts/queue/", "1 post waiting for your decision") in links(html)
    assert f'<a href="/posts/{post.pk}/">Post #{post.pk} (Vista Road fire)</a>' in html
    # The supervisor may not decide an incident post: it is the commander's (3xx.4.1).
    assert "waiting for your decision" not in work_section(client, supervisor)


def test_pio_sees_approved_posts_to_publish_and_changes_requested(client, supervisor, pio_authorized, ready_account):
    for body in ("Lobby closed Monday.", "Road open again."):
        decisions.approve(
            by=supervisor, post=decisions.submit(by=pio_authorized, post=write(pio_authorized, ready_account, body))
        )
    back = decisions.submit(by=pio_authorized, post=write(pio_authorized, ready_account, "Parade on Sunday."))
    decisions.request_changes(by=supervisor, post=back, note="Say which street.")
    found = links(work_section(client, pio_authorized))
    assert ("/posts/?status=approved", "2 approved posts to publish") in found
    assert ("/posts/mine/", "1 post sent back to you for changes") in found
    # Newest first: the post sent back last comes before the approvals.
    assert found.index(("/posts/mine/", "1 post sent back to you for changes")) < found.index(
        ("/posts/?status=approved", "2 approved posts to publish")
    )


def test_supervisor_sees_investigations_reports_and_removals(client, supervisor, member, pio_authorized, ready_account):
    post = decisions.approve(
        by=supervisor,
        post=decisions.submit(by=pio_authorized, post=write(pio_authorized, ready_account, "Lobby closed Monday.")),
    )
    post = services.publish(by=pio_authorized, post=post, urls={ready_account.pk: "https://www.facebook.com/x/1"})
    services.report_content(by=member, post=post, description="Wrong date")
    services.remove(by=supervisor, post=post, reason="Wrong date")
    found = links(work_section(client, supervisor))
    assert ("/investigations/", "1 open investigation of removed content") in found
    assert ("/reports/", "1 report of content to handle") in found
    assert ("/investigations/", "1 removal to confirm") in found


def test_custodian_sees_holds_to_reconfirm_and_requests_due(client, custodian):
    hold = retention.place_hold(by=custodian, matter="Smith v. Oakley", reason="Litigation", keywords=["smith"])
    retention.place_hold(by=custodian, matter="Recent", reason="Litigation", keywords=["recent"])
    type(hold).objects.filter(pk=hold.pk).update(created_at=timezone.now() - timedelta(days=100))
    request = retention.open_request(
        by=custodian, requester="A. Reporter", received_on=timezone.localdate(), keywords=["parade"]
    )
    html = work_section(client, custodian)
    found = links(html)
    assert ("/retention/holds/", "1 legal hold to re-confirm") in found
    assert f'href="/retention/holds/{hold.pk}/"' in html and "1 overdue" in html
    assert ("/retention/requests/", "1 records request to answer") in found
    assert f'href="/retention/requests/{request.pk}/"' in html


def test_reviewer_sees_the_review_due_and_chief_sees_expiring_authorizations(
    client, chief, reviewer, pio, ready_account
):
    today = timezone.localdate()
    review = reviews.appoint_reviewer(
        by=chief,
        reviewer=reviewer,
        period_start=today - timedelta(days=365),
        period_end=today - timedelta(days=1),
        due_on=today + timedelta(days=20),
    )
    html = work_section(client, reviewer)
    assert ("/reviews/", "1 annual review to write") in links(html)
    assert f'href="/reviews/{review.pk}/"' in html
    lifecycle.authorize(chief, pio, ready_account, days=10)
    assert ("/members/", "1 member's authorization expires soon") in links(work_section(client, chief))
    assert ("/#accounts-heading", "1 of your authorizations to post expires soon") in links(work_section(client, pio))


def test_training_lapsing_is_the_members_work_and_the_chiefs(client, chief, member):
    TrainingRecord.objects.create(
        member=member,
        topic=TrainingTopic.values[0],
        completed_on=timezone.localdate() - timedelta(days=300),
        expires_on=timezone.localdate() + timedelta(days=5),
    )
    assert ("/#training-heading", "1 of your training topics expires soon") in links(work_section(client, member))
    assert ("/members/", "1 member's training expires soon") in links(work_section(client, chief))


@pytest.mark.parametrize("persona", ["supervisor", "pio_authorized"])
def test_the_work_list_costs_the_same_for_3_and_30_posts(
    client, request, django_assert_max_num_queries, persona, supervisor, pio_authorized, second_pio, ready_account
):
    viewer = request.getfixturevalue(persona)

    def queries_for(n):  # adds n posts, then counts the queries
        for i in range(n):
            post = decisions.submit(by=second_pio, post=write(second_pio, ready_account, f"Notice {i}."))
            if i % 3 == 0:
                decisions.approve(by=supervisor, post=post)
        viewer.__dict__.pop("_worklist", None)
        with CaptureQueriesContext(connection) as captured:
            worklist.items_for(viewer)
        return len(captured.captured_queries)

    # The same budget for 3 posts and for 30 (with their approvals, authors and findings).
    assert queries_for(3) <= WORKLIST_QUERIES
    queries_for(27)
    viewer.__dict__.pop("_worklist", None)
    with django_assert_max_num_queries(WORKLIST_QUERIES):
        found = worklist.items_for(viewer)
    assert sum(item.count for item in found) >= 9
