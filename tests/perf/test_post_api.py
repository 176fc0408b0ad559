"""The post API's list and detail cost the same queries for 3 posts as for 30, and its fast read path answers
exactly what DRF's field-by-field walk does (issue 18.2).

Each post carries what PostSerializer shows: an account, a revision with media, standing findings (one
overridden), an approval decision and a publication. A covert account the supervisor is not assigned to holds
posts that must not be listed (general policy IV.E), through the NOT EXISTS of posts.permissions.visible_posts.
"""

import pytest
from django.utils import timezone

from approvals.choices import Approver, Decision
from approvals.models import ApprovalDecision, FlagOverride
from posts import permissions
from posts.api.serializers import PostSerializer
from posts.api.views import detailed_posts
from posts.choices import AccountKind, PostStatus
from posts.models import MediaAttachment, Post, Publication
from screening.models import Flag
from tests.api.conftest import client_as
from tests.conftest import make_account
from tests.posts import conftest as lifecycle

from .test_post_lists import add_posts

pytestmark = pytest.mark.django_db

ready_account = lifecycle.ready_account
pio_authorized = lifecycle.pio_authorized

SIZES = [3, 30]


def dress(posts, account, approver):
    """Findings, a decision, a publication and a media attachment on each post."""
    now = timezone.now()
    media = MediaAttachment.objects.create(
        department_id=account.department_id,
        original_name="parade.jpg",
        content_type="image/jpeg",
        size=4,
        sha256="a" * 64,
        rights_attested=True,
        uploaded_by=approver,
        file="media/parade.jpg",
    )
    for post in posts:
        post.current_revision.media.add(media)
    Flag.objects.bulk_create(
        Flag(
            department_id=post.department_id,
            post=post,
            revision_id=post.current_revision_id,
            code="privacy",
            detector="privacy.phone",
            rule="Privacy",
            citation="§322.5(b)",
            severity="warn",
            start=n % 4,
            end=n % 4 + 4,
            excerpt="Bulk",
            message="A private phone number (§322.5(b))",
        )
        for post in posts
        for n in range(2)
    )
    ApprovalDecision.objects.bulk_create(
        ApprovalDecision(
            post=post,
            revision_id=post.current_revision_id,
            sha256=post.current_revision.sha256,
            decision=Decision.APPROVE,
            approver_basis=Approver.SUPERVISOR,
            note="Fine",
            decided_by=approver,
        )
        for post in posts
    )
    Publication.objects.bulk_create(
        Publication(
            post=post,
            account=account,
            revision_id=post.current_revision_id,
            sha256=post.current_revision.sha256,
            channel="manual",
            url=f"https://example.org/{post.pk}",
            published_at=now,
        )
        for post in posts
    )


@pytest.fixture
def hidden_posts(department, chief, pio_authorized):
    covert = make_account(department, "undercover", approved_by=chief, kind=AccountKind.COVERT)
    return add_posts(pio_authorized, covert, 2, PostStatus.PUBLISHED)


@pytest.mark.parametrize("size", SIZES)
def test_post_list_and_detail_queries_do_not_grow_with_the_page(
    size, supervisor, pio_authorized, ready_account, hidden_posts, django_assert_max_num_queries
):
    posts = add_posts(pio_authorized, ready_account, size, PostStatus.PUBLISHED)
    for post in posts:
        post.refresh_from_db()
    dress(posts, ready_account, supervisor)
    client = client_as(supervisor)
    # The member's groups, the page count, the page (its first publication's URL a subquery) and the four
    # prefetches (accounts, media, decisions, findings), with room for two.
    with django_assert_max_num_queries(10):
        response = client.get("/api/v1/posts/", {"limit": 50})
    assert response.status_code == 200
    listed = [row["id"] for row in response.json()["results"]]
    assert sorted(listed) == sorted(post.pk for post in posts)
    assert not {post.pk for post in hidden_posts} & set(listed)
    with django_assert_max_num_queries(9):
        response = client.get(f"/api/v1/posts/{posts[0].pk}/")
    assert response.status_code == 200 and len(response.json()["flags"]) == 2
    assert client.get(f"/api/v1/posts/{hidden_posts[0].pk}/").status_code == 404


def test_the_fast_read_path_answers_what_the_field_walk_does(supervisor, pio_authorized, ready_account):
    posts = add_posts(pio_authorized, ready_account, 4, PostStatus.PUBLISHED)
    for post in posts:
        post.refresh_from_db()
    dress(posts, ready_account, supervisor)
    Post.objects.filter(pk=posts[0].pk).update(current_revision=None)  # a post without a revision too
    FlagOverride.objects.create(  # and a finding a supervisor cleared
        flag=Flag.objects.filter(post=posts[1]).first(),
        justification="The number is the front desk's.",
        overridden_by=supervisor,
    )
    serializer = PostSerializer()
    fast = [serializer.to_representation(post) for post in detailed_posts(supervisor).order_by("pk")]
    walked = [serializers_walk(serializer, post) for post in Post.objects.order_by("pk")]
    for quick, slow in zip(fast, walked, strict=True):
        assert list(quick) == list(slow)
        assert {key: (quick[key], slow[key]) for key in quick if quick[key] != slow[key]} == {}
    assert all(row["approvals"] and row["external_url"] for row in fast)
    assert [flag["overridden_by"] for flag in fast[1]["flags"]].count(supervisor.display_name) == 1


def serializers_walk(serializer, post):
    """DRF's own to_representation, over a post read without detailed_posts' lists."""
    assert not hasattr(post, "listed_accounts")
    return serializer.to_representation(post)


def test_the_resolved_visibility_filter_sees_what_the_subquery_sees(
    chief, supervisor, member, custodian, pio_authorized, ready_account, hidden_posts
):
    """The post API reads the hidden covert accounts first (visible_posts(..., resolved=True)); pages keep the
    subquery. Both answer the same posts for every kind of member."""
    add_posts(pio_authorized, ready_account, 3, PostStatus.PUBLISHED)
    add_posts(pio_authorized, ready_account, 2, PostStatus.DRAFT)
    for person in (chief, supervisor, member, custodian, pio_authorized):
        resolved = set(
            permissions.visible_posts(person, Post.objects.all(), resolved=True).values_list("pk", flat=True)
        )
        assert resolved == set(permissions.visible_posts(person, Post.objects.all()).values_list("pk", flat=True))
        assert bool(resolved & {post.pk for post in hidden_posts}) == (person == chief)
