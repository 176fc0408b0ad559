"""Captured comments as a record series (3xx.7; DESIGN.md "Records"): 24 months after capture, then destroyed,
unless a legal hold covers them; a public-records package carries the comments of the requested accounts."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.test import TestCase
from django.utils import timezone

from people.services import load_policy_pack
from posts.models import CapturedComment, comment_sha256
from retention import disposition, services
from retention.choices import BatchStatus, RecordType
from retention.models import RecordSeries, Tombstone
from retention.packages import build_request_package
from retention.records import KIND_FOR_SERIES
from tests.conftest import make_account

from .conftest import OLD_DAYS, make_posts, series, with_authority

pytestmark = pytest.mark.django_db


def make_comment(
    department, account, by, comment_id, text="When does the lobby open?", *, age_days=OLD_DAYS, post=None
):
    """A comment captured `age_days` ago, written directly as an old capture would be."""
    when = timezone.now() - timedelta(days=age_days)
    return CapturedComment.objects.create(
        department=department,
        account=account,
        post=post,
        platform_comment_id=comment_id,
        author_name="Lee Ortega",
        text=text,
        posted_at=when,
        captured_at=when,
        captured_by=by,
        sha256=comment_sha256(
            platform=account.platform,
            handle=account.handle,
            platform_comment_id=comment_id,
            author_name="Lee Ortega",
            text=text,
            posted_at=when,
        ),
    )


@pytest.mark.parametrize("pack", ["oakley", "elk-grove", "desert-hot-springs", "azusa", "generic"])
def test_every_pack_installs_the_captured_comments_series(db, pack):
    department, _ = load_policy_pack(pack)
    comments = RecordSeries.objects.select_related("schedule").get(department=department, key="captured_comments")
    assert (
        comments.record_type,
        comments.schedule.trigger,
        comments.schedule.retention_days,
        comments.schedule.disposition,
    ) == (RecordType.COMMENT, "captured", 731, "destroy")


def run(custodian, batch):
    with_authority(batch)
    with TestCase.captureOnCommitCallbacks(execute=True):
        disposition.approve(by=custodian, batch=batch)
    batch.refresh_from_db()
    return batch


def test_old_comments_are_destroyed_with_a_tombstone_and_new_ones_kept(
    department, custodian, supervisor, records_account
):
    old = make_comment(department, records_account, supervisor, "old-1")
    new = make_comment(department, records_account, supervisor, "new-1", age_days=30)
    batch = disposition.propose(department=department)
    part = batch.parts.get(series=series(department, "captured_comments"))
    assert part.record_type == RecordType.COMMENT
    assert run(custodian, batch).status == BatchStatus.COMPLETED
    assert list(CapturedComment.objects.values_list("pk", flat=True)) == [new.pk]
    tombstone = Tombstone.objects.get(record_type=RecordType.COMMENT)
    assert tombstone.object_id == old.pk and len(tombstone.sha256) == 64


@pytest.mark.parametrize("scope", ["account", "keyword", "dates", "post"])
def test_a_held_comment_is_never_disposed_of(department, chief, pio, custodian, supervisor, records_account, scope):
    other_account = make_account(department, "OakleyOther", approved_by=chief)
    post = make_posts(department, pio, [records_account], 1, age_days=10)[0]
    held = make_comment(
        department,
        records_account,
        supervisor,
        "held-1",
        text="The burglary on Main Street",
        post=post if scope == "post" else None,
    )
    free = make_comment(department, other_account, supervisor, "free-1", text="Nice parade", age_days=OLD_DAYS + 100)
    hold = {
        "account": lambda: services.place_hold(by=custodian, matter="M", reason="R", accounts=[records_account]),
        "keyword": lambda: services.place_hold(by=custodian, matter="M", reason="R", keywords=["burglary"]),
        "dates": lambda: services.place_hold(
            by=custodian,
            matter="M",
            reason="R",
            date_from=timezone.localdate() - timedelta(days=OLD_DAYS + 1),
            date_to=timezone.localdate() - timedelta(days=OLD_DAYS - 1),
        ),
        "post": lambda: services.place_hold(by=custodian, matter="M", reason="R", posts=[post]),
    }[scope]()
    kind = KIND_FOR_SERIES["captured_comments"]
    assert list(CapturedComment.objects.filter(kind.held_q([hold])).values_list("pk", flat=True)) == [held.pk]
    batch = disposition.propose(department=department)
    run(custodian, batch)
    assert CapturedComment.objects.filter(pk=held.pk).exists()
    assert not CapturedComment.objects.filter(pk=free.pk).exists()


def test_a_comment_held_after_the_proposal_is_kept_at_execution(department, custodian, supervisor, records_account):
    comment = make_comment(department, records_account, supervisor, "late-1")
    batch = disposition.propose(department=department)
    services.place_hold(by=custodian, matter="M", reason="R", accounts=[records_account])
    run(custodian, batch)
    assert CapturedComment.objects.filter(pk=comment.pk).exists()


def test_the_package_holds_the_comments_of_the_requested_accounts(
    department, chief, pio, custodian, supervisor, records_account
):
    elsewhere = make_account(department, "OakleyOther", approved_by=chief)
    on_page = make_comment(department, records_account, supervisor, "page-1", age_days=5)
    post = make_posts(department, pio, [records_account], 1, age_days=5)[0]
    on_post = make_comment(department, records_account, supervisor, "post-1", age_days=5, post=post)
    make_comment(department, elsewhere, supervisor, "other-1", age_days=5)
    request = services.open_request(
        by=custodian, requester="Oakley Press", received_on=timezone.localdate(), accounts=[records_account]
    )
    out = io.BytesIO()
    manifest = build_request_package(by=custodian, request=request, out=out)
    package = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    rows = json.loads(package.read("comments.json"))
    assert sorted(r["id"] for r in rows) == sorted([on_page.pk, on_post.pk])
    assert {r["text"] for r in rows} == {"When does the lobby open?"} and manifest["counts"]["comments"] == 2
    assert "comments.csv" in {f["path"] for f in manifest["files"]}
    events = json.loads(package.read("audit_events.json"))
    assert all(
        e["object_type"] != "posts.CapturedComment" or int(e["object_id"]) in (on_page.pk, on_post.pk) for e in events
    )
