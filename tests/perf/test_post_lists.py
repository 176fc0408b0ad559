"""The approval queue, "My drafts" and the post list cost the same number of queries for 10 posts
as for 1,000 (issue 3 acceptance; STYLE.md §8).

Each list shows a page of 50 (posts.views.common.PAGE_SIZE). The queries of one request:

 1. the session
 2. the signed-in member
 3. the member's groups (their roles, cached on the member for the rest of the request)
    [a plain member only: their current authorizations, for posts.permissions.visible]
 4. COUNT(*) of the visible posts, for the paginator
 5. the member's department (the category labels, the layout's department name)
 6. one page of posts, joined with author, current revision, incident and its commander
    [approval queue: with two subqueries counting each post's standing and blocking findings]
 7. the page's target accounts (prefetch)
 8. the media of the page's current revisions (prefetch)
    [post list and My drafts: the member's current authorizations, for the "Write a post" button]
 9. the header's count of unread notifications (audits.context_processors)
10. whether the member is a designee, for the navigation (Member.is_designee, cached for the request)
(The approval queue measures 11 for a supervisor: it asks once more, for the department's approval rules, to
say who must approve each row. Each limit below leaves at most one query of room.)

The 1,000 rows are written with bulk_create (posts, revisions, the accounts through table) and one
bulk_update of current_revision, so that each test takes well under a few seconds.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from posts import services
from posts.choices import PostStatus
from posts.models import Post, PostRevision, content_sha256
from screening.models import Flag
from tests.posts import conftest as lifecycle

pytestmark = pytest.mark.django_db

ready_account = lifecycle.ready_account
pio_authorized = lifecycle.pio_authorized

SIZES = [10, 1000]
PAGE = 50


def add_posts(author, account, count, status, incident=None):
    """`count` posts with one revision each, oldest submitted first; every tenth about `incident`."""
    now = timezone.now()
    posts = Post.objects.bulk_create(
        Post(
            department_id=author.department_id,
            author=author,
            category="announcement",
            status=status,
            incident=incident if incident is not None and n % 10 == 0 else None,
            submitted_at=now - timedelta(minutes=count - n) if status != PostStatus.DRAFT else None,
        )
        for n in range(count)
    )
    revisions = PostRevision.objects.bulk_create(
        PostRevision(
            post=post, number=1, body=f"Bulk post {n:04}", author=author, sha256=content_sha256(f"Bulk post {n:04}", [])
        )
        for n, post in enumerate(posts)
    )
    through = Post.accounts.through
    through.objects.bulk_create(through(post_id=post.pk, socialaccount_id=account.pk) for post in posts)
    for post, revision in zip(posts, revisions, strict=True):
        post.current_revision = revision
    Post.objects.bulk_update(posts, ["current_revision"], batch_size=500)
    return posts


@pytest.fixture
def incident(supervisor, commander):
    return services.open_incident(by=supervisor, name="Vista Road fire", commander=commander)


def add_findings(posts):
    """A blocking finding on every third post's current revision, a warning on every fifth."""
    Flag.objects.bulk_create(
        Flag(
            department_id=post.department_id,
            post=post,
            revision_id=post.current_revision_id,
            code="privacy",
            detector="privacy.phone",
            rule="Privacy",
            citation="§322.5(b)",
            severity=severity,
            start=0,
            end=4,
            excerpt="Bulk",
            message="A private phone number (§322.5(b))",
        )
        for n, post in enumerate(posts)
        for severity, every in (("block", 3), ("warn", 5))
        if n % every == 0
    )


def rows(response):
    return response.content.decode().count('<th scope="row" data-label="Post">')


@pytest.mark.parametrize("size", SIZES)
def test_approval_queue(
    client, size, supervisor, pio_authorized, ready_account, incident, django_assert_max_num_queries
):
    add_findings(add_posts(pio_authorized, ready_account, size, PostStatus.PENDING, incident))
    client.force_login(supervisor)
    # Queries 1-10, the approval rules and the chief's guidelines (approvals.guidelines.verdicts: one query, and
    # more only when a guideline exists); a supervisor is a content role, so no authorization look-up.
    # The finding counts are subqueries of query 6, not queries of their own. The menu's doors add two for a
    # supervisor (socialgov.navigation): whether they hold an authorization (to draft) and a review to write.
    with django_assert_max_num_queries(14):
        response = client.get("/posts/queue/")
    assert response.status_code == 200 and rows(response) == min(size, PAGE)
    html = response.content.decode()
    shown = range(min(size, PAGE))
    assert html.count("2 findings, 1 blocking approval") == len([n for n in shown if n % 15 == 0])
    assert html.count("1 finding, 1 blocking approval") == len([n for n in shown if n % 3 == 0 and n % 5])
    assert html.count('<p class="muted">No findings</p>') == len([n for n in shown if n % 3 and n % 5])
    # Who must approve each row: the incident's posts their commander, the flagged ones a supervisor (one query
    # for the department's approval rules, within the limit above).
    assert html.count("To approve: the incident commander (") == len([n for n in shown if n % 10 == 0])
    assert html.count("To approve: a supervisor") == len([n for n in shown if n % 10])
    # Oldest first.
    assert response.content.decode().index("Bulk post 0000") < response.content.decode().index("Bulk post 0001")


@pytest.mark.parametrize("size", SIZES)
def test_my_drafts(client, size, pio_authorized, ready_account, incident, django_assert_max_num_queries):
    add_posts(pio_authorized, ready_account, size, PostStatus.DRAFT, incident)
    client.force_login(pio_authorized)
    # Queries 1-10 and the "Write a post" authorization check (and one of room).
    with django_assert_max_num_queries(12):
        response = client.get("/posts/mine/")
    assert response.status_code == 200 and rows(response) == min(size, PAGE)


@pytest.mark.parametrize("size", SIZES)
def test_post_list(client, size, pio_authorized, ready_account, incident, django_assert_max_num_queries):
    add_posts(pio_authorized, ready_account, size // 2, PostStatus.DRAFT, incident)
    add_posts(pio_authorized, ready_account, size - size // 2, PostStatus.PENDING, incident)
    client.force_login(pio_authorized)
    with django_assert_max_num_queries(12):
        response = client.get("/posts/")
    assert response.status_code == 200 and rows(response) == min(size, PAGE)


@pytest.mark.parametrize("size", SIZES)
def test_post_list_for_a_plain_member(
    client, size, member, pio_authorized, ready_account, django_assert_max_num_queries
):
    add_posts(pio_authorized, ready_account, size, PostStatus.PUBLISHED)
    client.force_login(member)
    # As for a PIO, plus the authorization look-up visible() makes for a member outside the content roles.
    # The menu's doors add two (socialgov.navigation): an active incident they command, a review to write.
    with django_assert_max_num_queries(15):
        response = client.get("/posts/")
    assert response.status_code == 200 and rows(response) == min(size, PAGE)
