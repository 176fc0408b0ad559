"""approvals' part of each member's work list (socialgov.worklist, issue 14.1): the posts waiting for this
member's decision, by the same rule as the post page's buttons (approvals.rules), with how long each has waited;
the post requests routed to them (supervisors) or forwarded to the PIOs."""

from django.db.models import Prefetch
from django.urls import reverse

from people.roles import Role
from posts import permissions as post_permissions
from posts.models import Post, PostRevision
from screening.pages import with_finding_counts
from socialgov.worklist import Entry, Item, source, waited

from . import permissions
from .choices import RequestStatus
from .models import PostRequest
from .rules import waiting_for

ENTRIES = 5


@source("approvals.decide")
def posts_to_decide(member, now):
    if not post_permissions.sees_queue(member):
        return []
    pending = (
        post_permissions.visible(member, Post.objects.awaiting_approval().exclude(author=member))
        .select_related("incident", "department", "current_revision")
        .prefetch_related(
            "accounts",
            Prefetch("revisions", queryset=PostRevision.objects.only("id", "post_id", "author_id")),
        )
    )
    pending = with_finding_counts(pending)
    posts = sorted(waiting_for(member, pending), key=lambda post: (post.submitted_at, post.pk), reverse=True)
    if not posts:
        return []
    entries = tuple(
        Entry(
            f"Post #{post.pk}" + (f" ({post.incident.name})" if post.incident_id else ""),
            reverse("posts:detail", args=[post.pk]),
            f"waiting {waited(post.submitted_at, now)}"
            + (
                f" · {post.blocking_count} blocking finding{'s' if post.blocking_count != 1 else ''}"
                if post.blocking_count
                else ""
            ),
        )
        for post in posts[:ENTRIES]
    )
    oldest = min(post.submitted_at for post in posts)
    return [
        Item(
            "approvals.decide",
            len(posts),
            "post waiting for your decision",
            "posts waiting for your decision",
            reverse("posts:queue"),
            newest=posts[0].submitted_at,
            note=f"the oldest has waited {waited(oldest, now)}",
            entries=entries,
        )
    ]


@source("approvals.requests")
def requests_to_handle(member, now):
    """Requests with their supervisor (to forward or decline) and, for PIOs, requests forwarded to be drafted."""
    items = []
    mine = list(
        permissions.visible(
            member, PostRequest.objects.filter(supervisor=member, status=RequestStatus.SUBMITTED)
        ).order_by("-created_at")
    )
    if mine:
        items.append(
            Item(
                "approvals.requests.decide",
                len(mine),
                "post request to forward or decline",
                "post requests to forward or decline",
                reverse("approvals:requests"),
                newest=mine[0].created_at,
            )
        )
    if member.has_role(Role.PIO):
        forwarded = list(
            permissions.visible(member, PostRequest.objects.filter(status=RequestStatus.FORWARDED)).order_by(
                "-decided_at"
            )
        )
        if forwarded:
            items.append(
                Item(
                    "approvals.requests.draft",
                    len(forwarded),
                    "forwarded post request to draft",
                    "forwarded post requests to draft",
                    reverse("approvals:requests"),
                    newest=forwarded[0].decided_at,
                )
            )
    return items
