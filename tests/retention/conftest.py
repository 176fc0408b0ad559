"""Records retention fixtures: records old enough to be past retention, made in bulk.

The department fixtures load their policy pack, which installs the series (Oakley: published posts
transferred, removed posts and drafts destroyed, two years = 731 days; audit events kept).
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from posts.choices import PostStatus
from posts.models import Post, PostRevision, content_sha256
from retention.models import RecordSeries
from tests.conftest import make_account

# Past Oakley's 731 days with room to spare; and well inside it.
OLD_DAYS = 800
NEW_DAYS = 30


def make_posts(
    department,
    author,
    accounts,
    n=3,
    *,
    status=PostStatus.DRAFT,
    age_days=OLD_DAYS,
    revisions=1,
    body="Old announcement {i}",
):
    """`n` posts of `status` whose trigger (created, published or removed) was `age_days` ago, each with
    `revisions` revisions and linked to `accounts`. Written directly, as a migration of old records would be."""
    when = timezone.now() - timedelta(days=age_days)
    posts = Post.objects.bulk_create(
        [Post(department=department, author=author, category="announcement", status=status) for _ in range(n)]
    )
    ids = [post.pk for post in posts]
    Post.objects.filter(pk__in=ids).update(
        created_at=when,
        updated_at=when,
        published_at=when if status in PostStatus.public() else None,
        removed_at=when if status == PostStatus.REMOVED else None,
    )
    made = []
    for i, post in enumerate(posts):
        for number in range(1, revisions + 1):
            text = body.format(i=i) + (f" (revision {number})" if revisions > 1 else "")
            made.append(
                PostRevision(post=post, number=number, body=text, author=author, sha256=content_sha256(text, []))
            )
    PostRevision.objects.bulk_create(made)
    latest = {
        revision.post_id: revision.pk
        for revision in PostRevision.objects.filter(post_id__in=ids).order_by("post_id", "number")
    }
    for post_id, revision_id in latest.items():
        Post.objects.filter(pk=post_id).update(current_revision_id=revision_id)
    Post.accounts.through.objects.bulk_create(
        [Post.accounts.through(post_id=post_id, socialaccount_id=account.pk) for post_id in ids for account in accounts]
    )
    return list(Post.objects.filter(pk__in=ids).order_by("pk"))


def series(department, key) -> RecordSeries:
    return RecordSeries.objects.select_related("schedule").get(department=department, key=key)


@pytest.fixture(autouse=True)
def _tasks_inline():
    """Tasks run inline, as pyproject's CELERY_TASK_ALWAYS_EAGER says, whatever an earlier test left behind
    (tests about the worker turn it off for themselves, after this)."""
    from socialgov.celery import app

    was = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = was


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Certificates, exports, packages and media go to the test's own directory.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def records_account(department, chief):
    return make_account(department, "OakleyRecords", approved_by=chief)


@pytest.fixture
def second_account(department, chief):
    return make_account(department, "OakleyTraffic", approved_by=chief)


@pytest.fixture
def old_drafts(department, pio, records_account):
    return make_posts(department, pio, [records_account], 4, revisions=2)


# The API's world (every persona, a designee, a covert account, Azusa next door) for the role matrices.
from tests.api.conftest import as_role, covert_account, designee, world  # noqa: E402, F401
from tests.runtime.conftest import role_groups  # noqa: E402, F401

# Every persona the matrices run as; only the custodian and the chief see records retention.
ROLES = ["chief", "designee", "pio", "supervisor", "commander", "custodian", "reviewer", "member", "anonymous"]
VIEWERS = {"chief", "custodian"}


@pytest.fixture
def hold(custodian, records_account):
    from retention import services

    return services.place_hold(
        by=custodian,
        matter="Smith v. City of Oakley",
        reason="Litigation hold",
        requested_by="City Attorney",
        accounts=[records_account],
    )


@pytest.fixture
def proposed(department, old_drafts):
    from retention import disposition

    return disposition.propose(department=department)


@pytest.fixture
def records_request(custodian, records_account):
    from retention import services

    return services.open_request(
        by=custodian,
        requester="Oakley Press",
        received_on=timezone.localdate(),
        description="All posts on the records account",
        accounts=[records_account],
    )


def retention_commander_of(department):
    """The department's retention commander (3xx.7): a member holding the role (issue 16.4)."""
    from people.models import Member
    from people.roles import GROUP_FOR_ROLE, Role
    from tests.conftest import make_member

    held = Member.objects.filter(department=department, groups__name=GROUP_FOR_ROLE[Role.RETENTION_COMMANDER])
    return held.first() or make_member(department, "retention_commander", Role.RETENTION_COMMANDER, rank="Captain")


def documents():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return (
        SimpleUploadedFile("resolution-2026-41.pdf", b"%PDF-1.4 Resolution 2026-41", "application/pdf"),
        SimpleUploadedFile("consent.pdf", b"%PDF-1.4 The city attorney consents.", "application/pdf"),
    )


def with_authority(batch, by=None):
    """Give a batch what Government Code §34090 asks before destruction (issue 16.4): the council's resolution,
    the city attorney's consent (recorded by the custodian, or `by`) and the retention commander's sign-off."""
    from people.models import Member
    from people.roles import GROUP_FOR_ROLE, Role
    from retention import lawful

    department = batch.department
    by = by or Member.objects.filter(department=department, groups__name=GROUP_FOR_ROLE[Role.CUSTODIAN]).first()
    resolution, consent = documents()
    day = timezone.localdate() - timedelta(days=3)
    lawful.record_authority(
        by=by,
        batch=batch,
        resolution_number="2026-41",
        resolution_date=day,
        resolution_document=resolution,
        counsel_name="Derek Cole",
        counsel_consent_date=day,
        counsel_document=consent,
    )
    lawful.sign_off(by=retention_commander_of(department), batch=batch, note="Past retention; nothing held.")
    return batch
