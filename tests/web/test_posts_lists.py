"""The post list, "My drafts" and the approval queue (oldest first, with age). Their query counts
are in tests/perf/test_post_lists.py."""

from datetime import timedelta

import pytest
from django.utils import timezone

from approvals import services as decisions
from posts import services
from posts.models import Post
from tests.posts import conftest as lifecycle
from tests.web import login_redirect

pytestmark = pytest.mark.django_db

ready_account = lifecycle.ready_account
pio_authorized = lifecycle.pio_authorized
second_pio = lifecycle.second_pio
draft = lifecycle.draft
pending = lifecycle.pending
published = lifecycle.published
approved = lifecycle.approved

LISTS = ["/posts/", "/posts/mine/", "/posts/queue/"]


def write(member, account, body, category="announcement"):
    return services.create_post(by=member, category=category, accounts=[account], body=body)


@pytest.mark.parametrize("url", LISTS)
def test_anonymous_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response.url == login_redirect(url)


# The post list


@pytest.mark.parametrize("persona", ["pio_authorized", "supervisor", "commander", "chief", "custodian", "reviewer"])
def test_post_list_shows_the_departments_drafts_to_the_content_roles(client, request, persona, draft):
    client.force_login(request.getfixturevalue(persona))
    html = client.get("/posts/").content.decode()
    assert f'href="/posts/{draft.pk}/"' in html and "The lobby is closed Monday" in html
    assert "Announcements" in html and "Sergeant Pio Oakley" in html


def test_plain_member_sees_only_what_went_public(client, member, pio_authorized, ready_account, published):
    hidden = write(pio_authorized, ready_account, "Still a draft")
    client.force_login(member)
    html = client.get("/posts/").content.decode()
    assert f'href="/posts/{published.pk}/"' in html and f'href="/posts/{hidden.pk}/"' not in html


def test_another_department_sees_none_of_them(client, other_pio, draft):
    client.force_login(other_pio)
    html = client.get("/posts/").content.decode()
    assert "No posts." in html and "Memorial Day" not in html


def test_post_list_filters_by_status(client, supervisor, pio_authorized, ready_account, pending):
    other = write(pio_authorized, ready_account, "A draft about traffic")
    client.force_login(supervisor)
    html = client.get("/posts/?status=pending").content.decode()
    assert f'href="/posts/{pending.pk}/"' in html and f'href="/posts/{other.pk}/"' not in html
    assert '<label for="id_status">Status <span class="field__optional">(optional)</span></label>' in html


def test_post_list_escapes_the_text(client, pio_authorized, ready_account):
    write(pio_authorized, ready_account, "<img src=x onerror=alert(1)>")
    client.force_login(pio_authorized)
    html = client.get("/posts/").content.decode()
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_post_list_pages_through_many_posts(client, pio_authorized, ready_account):
    for n in range(52):
        write(pio_authorized, ready_account, f"Post number {n}")
    client.force_login(pio_authorized)
    html = client.get("/posts/").content.decode()
    assert "Page 1 of 2 (52 in all)." in html and 'href="?page=2"' in html
    assert "Post number 51" in html and "Post number 0<" not in html
    assert "Post number 0" in client.get("/posts/?page=2").content.decode()


def test_write_a_post_button_only_for_those_who_may(client, pio_authorized, supervisor):
    client.force_login(pio_authorized)
    assert 'href="/posts/new/"' in client.get("/posts/").content.decode()
    client.force_login(supervisor)
    assert 'href="/posts/new/"' not in client.get("/posts/").content.decode()


# My drafts


def test_my_drafts_lists_drafts_and_sent_back_posts_of_the_member_only(
    client, supervisor, pio_authorized, second_pio, ready_account, draft
):
    sent_back = write(pio_authorized, ready_account, "Needs work")
    decisions.submit(by=pio_authorized, post=sent_back)
    decisions.request_changes(by=supervisor, post=sent_back, note="Shorter")
    submitted = write(pio_authorized, ready_account, "Waiting")
    decisions.submit(by=pio_authorized, post=submitted)
    colleagues = write(second_pio, ready_account, "Not mine")
    client.force_login(pio_authorized)
    html = client.get("/posts/mine/").content.decode()
    assert f'href="/posts/{draft.pk}/"' in html and f'href="/posts/{sent_back.pk}/"' in html
    assert "Changes requested" in html
    assert f'href="/posts/{submitted.pk}/"' not in html and f'href="/posts/{colleagues.pk}/"' not in html


@pytest.mark.parametrize("persona", ["supervisor", "member", "other_pio"])
def test_my_drafts_is_empty_for_those_who_wrote_none(client, request, persona, draft):
    client.force_login(request.getfixturevalue(persona))
    response = client.get("/posts/mine/")
    assert response.status_code == 200 and "You have no drafts." in response.content.decode()


# The approval queue


@pytest.mark.parametrize("persona", ["supervisor", "commander", "pio_authorized", "chief", "reviewer"])
def test_queue_is_shown_to_those_who_may_approve(client, request, persona, pending):
    client.force_login(request.getfixturevalue(persona))
    html = client.get("/posts/queue/").content.decode()
    assert f'href="/posts/{pending.pk}/"' in html


def test_queue_is_refused_to_a_plain_member(client, member, pending):
    client.force_login(member)
    response = client.get("/posts/queue/")
    assert response.status_code == 403
    assert "The approval queue is for members who approve posts (§322.3)." in response.content.decode()


def test_queue_of_another_department_shows_none_of_ours(client, other_chief, pending):
    client.force_login(other_chief)
    html = client.get("/posts/queue/").content.decode()
    assert "No posts are waiting for approval." in html


def test_queue_is_oldest_first_with_age(client, supervisor, pio_authorized, ready_account):
    posts = [write(pio_authorized, ready_account, f"Queue item {n}") for n in range(3)]
    now = timezone.now()
    for n, post in enumerate(posts):
        decisions.submit(by=pio_authorized, post=post)
        # The first written waited least; the queue still orders by submission.
        Post.objects.filter(pk=post.pk).update(submitted_at=now - timedelta(hours=n + 1, minutes=5))
    client.force_login(supervisor)
    html = client.get("/posts/queue/").content.decode()
    positions = [html.index(f"Queue item {n}") for n in (2, 1, 0)]
    assert positions == sorted(positions)
    assert "3\xa0hours, 5\xa0minutes" in html and ">Waiting</th>" in html
    assert "§322.3" in html and "§322.4.1" in html


def test_queue_leaves_out_posts_not_pending(client, supervisor, draft, approved):
    client.force_login(supervisor)
    assert "No posts are waiting for approval." in client.get("/posts/queue/").content.decode()


# Navigation


@pytest.mark.parametrize(
    ("persona", "present", "absent"),
    [
        (
            "pio",
            ["Posts", "My drafts", "Approval queue", "Incidents", "Post requests", "Reports"],
            ["Investigations", "Accounts"],
        ),
        ("supervisor", ["Posts", "Approval queue", "Investigations"], ["My drafts", "Accounts"]),
        ("chief", ["Posts", "Investigations", "Accounts", "Approval queue"], ["My drafts"]),
        ("member", ["Posts", "Incidents", "Post requests", "Reports"], ["Approval queue", "Investigations"]),
    ],
)
def test_navigation_shows_each_role_its_pages(client, request, persona, present, absent):
    client.force_login(request.getfixturevalue(persona))
    nav = client.get("/").content.decode().split('<nav class="site-nav"')[1].split("</nav>")[0]
    for label in present:
        assert f">{label}</a>" in nav
    for label in absent:
        assert f">{label}</a>" not in nav


def test_queue_says_who_must_approve_each_post(client, supervisor, chief, pio_authorized, ready_account):
    """3xx.3: conforming content under the chief's rule any other authorized member, anything else a supervisor."""
    from approvals import services as approval_services

    approval_services.add_rule(by=chief, approver="any_authorized", category="community_engagement")
    conforming = write(pio_authorized, ready_account, "Coffee with a cop, Friday 9am.", "community_engagement")
    other = write(pio_authorized, ready_account, "Lobby closed Tuesday.")
    for post in (conforming, other):
        decisions.submit(by=pio_authorized, post=post)
    client.force_login(supervisor)
    html = client.get("/posts/queue/").content.decode()
    rows = {post.pk: html.split(f'href="/posts/{post.pk}/"')[1].split("</tr>")[0] for post in (conforming, other)}
    assert "To approve: any other authorized member" in rows[conforming.pk]
    assert "To approve: a supervisor" in rows[other.pk]
