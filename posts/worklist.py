"""posts' part of each member's work list (socialgov.worklist, issue 14.1): approved posts to publish, drafts sent
back for changes, open investigations, reports and removals to confirm. The same doors as the pages they link to."""

from django.db.models import Count, Max
from django.urls import reverse

from people.models import Authorization
from people.roles import Role
from socialgov.worklist import Entry, Item, source, waited

from . import permissions
from .choices import PostStatus, RemovalState, ReportStatus
from .models import ContentReport, Post, Publication, RemovalInvestigation, SocialAccount

# How many records of an item are linked one by one; the rest are behind the item's own link.
ENTRIES = 5


def _post_entries(posts, now, since: str) -> tuple[Entry, ...]:
    return tuple(
        Entry(
            f"Post #{post.pk}",
            reverse("posts:detail", args=[post.pk]),
            f"{(post.current_revision.body if post.current_revision_id else '')[:60]}"
            + (f" · {since} {waited(post.updated_at, now)} ago" if since else ""),
        )
        for post in posts[:ENTRIES]
    )


@source("posts.to_publish")
def to_publish(member, now):
    """Approved posts on accounts the member may post to all of (3xx.3): theirs to publish."""
    if not permissions.drafts(member):
        return []
    held = set(Authorization.objects.current().filter(member=member).values_list("accounts", flat=True))
    allowed = held & permissions.object_permission_ids(member, "post_to_account", SocialAccount)
    approved = permissions.visible(member, Post.objects.filter(status=PostStatus.APPROVED))
    posts = [
        post
        for post in approved.select_related("current_revision")
        .prefetch_related("accounts")
        .order_by("-updated_at", "-pk")
        if {a.pk for a in post.accounts.all()} and {a.pk for a in post.accounts.all()} <= allowed
    ]
    if not posts:
        return []
    return [
        Item(
            "posts.to_publish",
            len(posts),
            "approved post to publish",
            "approved posts to publish",
            reverse("posts:list") + "?status=approved",
            newest=posts[0].updated_at,
            entries=_post_entries(posts, now, "approved"),
        )
    ]


@source("posts.changes_requested")
def changes_requested(member, now):
    posts = list(
        permissions.visible(member, Post.objects.drafts_of(member).filter(status=PostStatus.CHANGES_REQUESTED))
        .select_related("current_revision")
        .order_by("-updated_at", "-pk")
    )
    if not posts:
        return []
    return [
        Item(
            "posts.changes_requested",
            len(posts),
            "post sent back to you for changes",
            "posts sent back to you for changes",
            reverse("posts:drafts"),
            newest=posts[0].updated_at,
            entries=_post_entries(posts, now, "sent back"),
        )
    ]


def _counted(key, queryset, stamp, singular, plural, href):
    found = queryset.order_by().aggregate(n=Count("pk", distinct=True), newest=Max(stamp))
    count = found["n"]
    return [Item(key, count, singular, plural, href, newest=found["newest"])] if count else []


@source("posts.oversight")
def oversight(member, now):
    """Open investigations and open reports (3xx.5): supervisors handle them; removals made by hand to confirm."""
    if not member.has_role(Role.SUPERVISOR):
        return []
    items = _counted(
        "posts.investigations",
        permissions.visible(member, RemovalInvestigation.objects.filter(resolved_at__isnull=True)),
        "opened_at",
        "open investigation of removed content",
        "open investigations of removed content",
        reverse("posts:investigations"),
    )
    items += _counted(
        "posts.reports",
        permissions.visible(member, ContentReport.objects.filter(status=ReportStatus.OPEN)),
        "created_at",
        "report of content to handle",
        "reports of content to handle",
        reverse("posts:reports"),
    )
    items += _counted(
        "posts.removals",
        Publication.objects.filter(
            post__in=permissions.visible(member, Post.objects.all()), removal_state=RemovalState.PENDING
        ),
        "post__removed_at",
        "removal to confirm",
        "removals to confirm",
        reverse("posts:investigations"),
    )
    return items
