"""Posts for the issue 18 benchmarks (bench/post_list_query.py, bench/api_throughput.py), written with bulk_create.

Imported by those scripts; run on its own (as `make bench` does with every script here) it only says what it is.

    world = make_world(pack)        the pack's department, a supervisor (a content role, so the covert-account condition
                                    applies), a PIO author, a public account and a covert one the supervisor
                                    is not assigned to
    add_posts(world, count)         count published posts, each with a revision, its account, two standing
                                    findings, an approval decision and a publication; every 50th on the
                                    covert account (hidden from the supervisor)
"""

import sys
from pathlib import Path
from types import SimpleNamespace

BASE_DIR = Path(__file__).resolve().parent.parent
# What the API benchmarks request of these posts, against the bare one-query view (bench/server/urls.py).
TARGETS = {
    "bare view": "/bench/bare/",
    "post detail": "/api/v1/posts/{post}/",
    "20-row post list": "/api/v1/posts/?limit=20",
}
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))


def make_world(pack: str = "oakley"):
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from people.models import Member
    from people.roles import GROUP_FOR_ROLE, Role
    from people.services import load_policy_pack
    from posts.choices import AccountKind
    from posts.models import SocialAccount

    department, _ = load_policy_pack(pack)

    def member(username, role, rank):
        person = Member.objects.create(
            username=f"{pack}-{username}",
            department=department,
            first_name=username.title(),
            last_name="Oakley",
            rank=rank,
        )
        person.groups.add(Group.objects.get_or_create(name=GROUP_FOR_ROLE[role])[0])
        return person

    chief = member("chief", Role.CHIEF, "Chief")
    supervisor, author = member("supervisor", Role.SUPERVISOR, "Lieutenant"), member("pio", Role.PIO, "Sergeant")
    public = SocialAccount.objects.create(
        department=department,
        platform="facebook",
        handle=f"{pack}PD",
        url=f"https://www.facebook.com/{pack}PD",
        approved_by=chief,
        approved_at=timezone.now(),
    )
    covert = SocialAccount.objects.create(
        department=department,
        platform="facebook",
        handle=f"{pack}Neighbours",
        url=f"https://www.facebook.com/{pack}Neighbours",
        approved_by=chief,
        approved_at=timezone.now(),
        kind=AccountKind.COVERT,
    )
    return SimpleNamespace(
        department=department, chief=chief, supervisor=supervisor, author=author, public=public, covert=covert
    )


def add_posts(world, count: int, *, batch: int = 2000) -> None:
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from approvals.choices import Approver, Decision
    from approvals.models import ApprovalDecision
    from posts.choices import PostStatus
    from posts.models import Post, PostRevision, Publication, content_sha256
    from screening.models import Flag

    now = timezone.now()
    for start in range(0, count, batch):
        size = min(batch, count - start)
        with transaction.atomic():
            posts = Post.objects.bulk_create(
                Post(
                    department=world.department,
                    author=world.author,
                    category="announcement",
                    status=PostStatus.PUBLISHED,
                    published_at=now - timedelta(minutes=start + n),
                )
                for n in range(size)
            )
            bodies = [f"Road closure on Vista Road, update {start + n}" for n in range(size)]
            revisions = PostRevision.objects.bulk_create(
                PostRevision(post=post, number=1, body=body, author=world.author, sha256=content_sha256(body, []))
                for post, body in zip(posts, bodies, strict=True)
            )
            for post, revision in zip(posts, revisions, strict=True):
                post.current_revision = revision
            Post.objects.bulk_update(posts, ["current_revision"])
            accounts = [world.covert if (start + n) % 50 == 0 else world.public for n in range(size)]
            Post.accounts.through.objects.bulk_create(
                Post.accounts.through(post_id=post.pk, socialaccount_id=account.pk)
                for post, account in zip(posts, accounts, strict=True)
            )
            Flag.objects.bulk_create(
                Flag(
                    department=world.department,
                    post=post,
                    revision=post.current_revision,
                    code="privacy",
                    detector="privacy.phone",
                    rule="Privacy",
                    citation="§322.5(b)",
                    severity="warn",
                    start=k,
                    end=k + 4,
                    excerpt="Road",
                    message="A private phone number (§322.5(b))",
                )
                for post in posts
                for k in range(2)
            )
            ApprovalDecision.objects.bulk_create(
                ApprovalDecision(
                    post=post,
                    revision=post.current_revision,
                    sha256=post.current_revision.sha256,
                    decision=Decision.APPROVE,
                    approver_basis=Approver.SUPERVISOR,
                    note="Fine",
                    decided_by=world.supervisor,
                )
                for post in posts
            )
            Publication.objects.bulk_create(
                Publication(
                    post=post,
                    account=account,
                    revision=post.current_revision,
                    sha256=post.current_revision.sha256,
                    channel="manual",
                    url=f"https://www.facebook.com/OakleyPD/posts/{post.pk}",
                    published_at=now,
                )
                for post, account in zip(posts, accounts, strict=True)
            )


def api_world(count: int):
    """The API benchmarks' department with `count` posts, analysed, and a supervisor's API token: (key, a public
    post to read)."""
    from django.db import connections, transaction  # noqa: PLC0415 - Django is set up by the caller

    from posts.models import Post  # noqa: PLC0415
    from security.tokens import create_token  # noqa: PLC0415

    world = make_world()
    add_posts(world, count)
    with transaction.atomic():
        _, key = create_token(by=world.supervisor, member=world.supervisor, name="bench")
    post = Post.objects.filter(accounts=world.public).order_by("-updated_at", "-id").first()
    with connections["default"].cursor() as cursor:
        # Statistics, as autovacuum keeps them on a live database: without them the planner takes the freshly
        # bulk-loaded tables for empty and sorts the whole department for a 20-row page.
        cursor.execute("ANALYZE")
    connections.close_all()
    return key, post


if __name__ == "__main__":
    print("bench/post_data.py: the posts the issue 18 benchmarks share; nothing to measure on its own.")
