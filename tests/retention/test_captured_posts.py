"""Posts captured from connected accounts as a record series (issue 12.2; 3xx.7): 24 months after capture, then
destroyed with their versions and a tombstone, unless a legal hold covers them; a public-records package carries
them, every version and its SHA-256."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.test import TestCase
from django.utils import timezone

from people.services import load_policy_pack
from platforms.models import CapturedPost, CapturedPostVersion, record_sha256
from retention import disposition, services
from retention.choices import BatchStatus, RecordType
from retention.models import RecordSeries, Tombstone
from retention.packages import build_request_package
from retention.records import KIND_FOR_SERIES
from tests.conftest import make_account

from .conftest import OLD_DAYS, series, with_authority

pytestmark = pytest.mark.django_db


def make_captured(department, account, rkey, texts=("Lobby open",), *, age_days=OLD_DAYS):
    """A post captured `age_days` ago with one version per text, written as capture writes them."""
    when = timezone.now() - timedelta(days=age_days)
    uri = f"at://did:plc:oakley/app.bsky.feed.post/{rkey}"
    captured = None
    for number, text in enumerate(texts):
        record = {"$type": "app.bsky.feed.post", "text": text, "createdAt": when.isoformat()}
        cid = f"bafy{rkey}{number}"
        sha256 = record_sha256(uri=uri, cid=cid, author="did:plc:oakley", record=record)
        if captured is None:
            captured = CapturedPost.objects.create(
                department=department,
                account=account,
                uri=uri,
                author="did:plc:oakley",
                posted_at=when,
                captured_at=when,
                text=text,
                cid=cid,
                sha256=sha256,
            )
        else:
            CapturedPost.objects.filter(pk=captured.pk).update(text=text, cid=cid, sha256=sha256)
        CapturedPostVersion.objects.create(
            captured_post=captured, cid=cid, text=text, record=record, sha256=sha256, captured_at=when
        )
    captured.refresh_from_db()
    return captured


def run(custodian, batch):
    with_authority(batch, by=custodian)  # Government Code §34090 (the Oakley pack, issue 16.4)
    with TestCase.captureOnCommitCallbacks(execute=True):
        disposition.approve(by=custodian, batch=batch)
    batch.refresh_from_db()
    return batch


@pytest.mark.parametrize("pack", ["oakley", "elk-grove", "desert-hot-springs", "azusa", "generic"])
def test_every_pack_installs_the_captured_posts_series(db, pack):
    department, _ = load_policy_pack(pack)
    captured = RecordSeries.objects.select_related("schedule").get(department=department, key="captured_posts")
    assert (captured.record_type, captured.schedule.trigger, captured.schedule.disposition) == (
        RecordType.CAPTURED_POST,
        "captured",
        "destroy",
    )
    assert captured.schedule.retention_days >= 731


def test_old_captured_posts_are_destroyed_with_their_versions_and_a_tombstone(department, custodian, records_account):
    old = make_captured(department, records_account, "old1", texts=("First", "Edited"))
    new = make_captured(department, records_account, "new1", age_days=30)
    batch = disposition.propose(department=department)
    part = batch.parts.get(series=series(department, "captured_posts"))
    assert part.record_type == RecordType.CAPTURED_POST
    assert run(custodian, batch).status == BatchStatus.COMPLETED
    assert list(CapturedPost.objects.values_list("pk", flat=True)) == [new.pk]
    assert not CapturedPostVersion.objects.filter(captured_post_id=old.pk).exists()
    tombstone = Tombstone.objects.get(record_type=RecordType.CAPTURED_POST)
    assert tombstone.object_id == old.pk and len(tombstone.sha256) == 64


def test_captured_posts_under_a_legal_hold_on_the_account_are_kept(department, chief, custodian, records_account):
    elsewhere = make_account(department, "OakleyOther", approved_by=chief)
    held = make_captured(department, records_account, "held1")
    free = make_captured(department, elsewhere, "free1")
    hold = services.place_hold(by=custodian, matter="M", reason="R", accounts=[records_account])
    kind = KIND_FOR_SERIES["captured_posts"]
    assert list(CapturedPost.objects.filter(kind.held_q([hold])).values_list("pk", flat=True)) == [held.pk]
    run(custodian, disposition.propose(department=department))
    assert CapturedPost.objects.filter(pk=held.pk).exists() and held.versions.count() == 1
    assert not CapturedPost.objects.filter(pk=free.pk).exists()


def test_the_package_holds_the_captured_posts_of_the_requested_accounts_with_every_version_and_hash(
    department, chief, custodian, records_account
):
    elsewhere = make_account(department, "OakleyOther", approved_by=chief)
    mine = make_captured(department, records_account, "pkg1", texts=("First", "Edited"), age_days=5)
    make_captured(department, elsewhere, "other1", age_days=5)
    request = services.open_request(
        by=custodian, requester="Oakley Press", received_on=timezone.localdate(), accounts=[records_account]
    )
    out = io.BytesIO()
    manifest = build_request_package(by=custodian, request=request, out=out)
    package = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    posts = json.loads(package.read("captured_posts.json"))
    assert [(p["id"], p["uri"], p["sha256"]) for p in posts] == [(mine.pk, mine.uri, mine.sha256)]
    versions = json.loads(package.read("captured_post_versions.json"))
    assert [(v["text"], v["sha256"]) for v in versions] == [(v.text, v.sha256) for v in mine.versions.all()]
    assert {"captured_posts.csv", "captured_post_versions.csv"} <= {f["path"] for f in manifest["files"]}
