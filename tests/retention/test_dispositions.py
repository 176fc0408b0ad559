"""Dispositions (§322.7): proposing, approving, executing, holds, tombstones and certificates."""

import hashlib
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from approvals import services as decisions
from approvals.models import ApprovalDecision
from audits.models import AuditEvent
from posts import services as post_services
from posts.choices import PostStatus
from posts.models import Post, PostRevision
from retention import disposition, records, services
from retention.choices import BatchStatus, ExclusionReason, RecordType
from retention.models import DispositionExclusion, RetentionSchedule, Tombstone
from retention.records import post_content_sha256
from socialgov.errors import InvalidTransition
from tests.conftest import make_account
from tests.posts.conftest import CHECKLIST_DONE, authorize

from .conftest import NEW_DAYS, make_posts, series, with_authority

pytestmark = pytest.mark.django_db


def approve_and_run(custodian, batch):
    # The execution task is sent when the approval commits, and runs inline in unit tests.
    with_authority(batch)
    with TestCase.captureOnCommitCallbacks(execute=True):
        disposition.approve(by=custodian, batch=batch)
    batch.refresh_from_db()
    return batch


def certificate_json(batch):
    with default_storage.open(batch.certificate.json_file.name, "rb") as handle:
        data = handle.read()
    assert hashlib.sha256(data).hexdigest() == batch.certificate.json_sha256
    return json.loads(data)


def test_propose_collects_records_past_retention_only(department, pio, records_account, old_drafts):
    recent = make_posts(department, pio, [records_account], 2, age_days=NEW_DAYS)
    batch = disposition.propose(department=department)
    assert batch.status == BatchStatus.PROPOSED and batch.proposed_by is None
    assert batch.record_count == len(old_drafts) and batch.held_count == 0
    part = batch.parts.get()
    assert part.series.key == "unpublished_drafts" and part.retention_days == 731
    kind = records.kind_of(part)
    proposed = set(disposition.batch_records(part, kind).values_list("pk", flat=True))
    assert proposed == {p.pk for p in old_drafts}
    assert not proposed & {p.pk for p in recent}
    event = AuditEvent.objects.get(action="retention.batch.propose")
    assert [(s["series"], s["record_type"], s["records"]) for s in event.after["series"]] == [
        ("unpublished_drafts", "post", len(old_drafts))
    ]


def test_nothing_to_propose_makes_no_batch(department, pio, records_account):
    make_posts(department, pio, [records_account], 2, age_days=NEW_DAYS)
    assert disposition.propose(department=department) is None


def test_no_second_batch_while_one_is_open(department, custodian, old_drafts):
    batch = disposition.propose(department=department)
    assert disposition.propose(department=department) is None
    with pytest.raises(InvalidTransition, match="still awaiting the custodian"):
        disposition.propose(department=department, by=custodian)
    disposition.reject(by=custodian, batch=batch, reason="Counsel wants these kept a while longer.")
    assert disposition.propose(department=department) is not None


def test_record_under_active_hold_is_never_proposed_or_destroyed(
    department, custodian, pio, records_account, second_account
):
    held = make_posts(department, pio, [records_account], 3)
    free = make_posts(department, pio, [second_account], 2)
    hold = services.place_hold(
        by=custodian, matter="Smith v. City of Oakley", reason="Litigation", accounts=[records_account]
    )
    # A record made after the hold, while it is active, is frozen too.
    later = make_posts(department, pio, [records_account], 1)
    batch = disposition.propose(department=department)
    assert batch.record_count == 2 and batch.held_count == 4
    exclusions = DispositionExclusion.objects.filter(batch=batch)
    assert set(exclusions.values_list("object_id", flat=True)) == {p.pk for p in held + later}
    assert all(e.reason == ExclusionReason.HELD_AT_PROPOSAL and e.holds == [hold.pk] for e in exclusions)
    approve_and_run(custodian, batch)
    assert Post.objects.filter(pk__in=[p.pk for p in held + later]).count() == 4
    assert not Post.objects.filter(pk__in=[p.pk for p in free]).exists()
    # Still held: the next day's proposal leaves them alone.
    assert disposition.propose(department=department) is None
    # Released: they are proposed again.
    services.release_hold(by=custodian, hold=hold, reason="Case settled")
    assert disposition.propose(department=department).record_count == 4


def test_hold_placed_after_approval_stops_its_records_at_execution(
    department, custodian, pio, records_account, second_account, django_capture_on_commit_callbacks
):
    keep = make_posts(department, pio, [records_account], 2, body="Parade route {i}")
    go = make_posts(department, pio, [second_account], 3)
    batch = disposition.propose(department=department)
    assert batch.record_count == 5
    with_authority(batch)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        disposition.approve(by=custodian, batch=batch)
    # The hold lands between the approval and the task.
    hold = services.place_hold(
        by=custodian, matter="Records request 2026-14", reason="CPRA request", keywords=["parade route"]
    )
    for callback in callbacks:
        callback()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMPLETED
    assert batch.disposed_count == 3 and batch.skipped_count == 2
    assert Post.objects.filter(pk__in=[p.pk for p in keep]).count() == 2
    assert not Post.objects.filter(pk__in=[p.pk for p in go]).exists()
    skipped = DispositionExclusion.objects.filter(batch=batch, reason=ExclusionReason.HELD_AT_EXECUTION)
    assert sorted(skipped.values_list("object_id", flat=True)) == [p.pk for p in keep]
    assert all(e.holds == [hold.pk] for e in skipped)
    certificate = certificate_json(batch)
    assert sorted(r["id"] for r in certificate["records"]) == [p.pk for p in go]
    assert sorted(r["id"] for r in certificate["not_disposed"]) == [p.pk for p in keep]


def test_certificate_lists_exactly_the_destroyed_records_with_their_hashes(department, custodian, old_drafts):
    hashes = {
        post.pk: list(PostRevision.objects.filter(post=post).order_by("number").values_list("sha256", flat=True))
        for post in old_drafts
    }
    batch = approve_and_run(custodian, disposition.propose(department=department))
    assert batch.status == BatchStatus.COMPLETED and batch.disposed_count == len(old_drafts)
    certificate = certificate_json(batch)
    assert certificate["certificate"] == "Certificate of destruction"
    assert certificate["batch"]["approved_by"] == {"id": custodian.pk, "name": custodian.display_name}
    assert certificate["schedules"] == [
        {
            "series": "unpublished_drafts",
            "name": "Drafts never published",
            "record_type": "post",
            "retention_days": 731,
            "trigger": "created",
            "disposition": "destroy",
            "past_retention_before": certificate["schedules"][0]["past_retention_before"],
            "disposed": 4,
            "held_at_proposal": 0,
            "held_at_execution": 0,
        }
    ]
    assert certificate["legal_minimum"] == {"days": 731, "citation": "California Government Code §34090"}
    records = {r["id"]: r for r in certificate["records"]}
    assert set(records) == set(hashes)
    for post_id, revision_hashes in hashes.items():
        assert records[post_id]["revision_hashes"] == revision_hashes
        assert records[post_id]["sha256"] == post_content_sha256(revision_hashes)
        assert records[post_id]["series"] == "unpublished_drafts" and records[post_id]["disposition"] == "destroy"
    assert certificate["totals"] == {"disposed": 4, "destroyed": 4, "transferred": 0, "not_disposed": 0}
    with default_storage.open(batch.certificate.pdf_file.name, "rb") as handle:
        pdf = handle.read()
    assert pdf.startswith(b"%PDF") and hashlib.sha256(pdf).hexdigest() == batch.certificate.pdf_sha256


def test_tombstones_keep_the_hashes_and_the_content_is_gone(department, custodian, old_drafts):
    hashes = {
        post.pk: list(PostRevision.objects.filter(post=post).order_by("number").values_list("sha256", flat=True))
        for post in old_drafts
    }
    batch = approve_and_run(custodian, disposition.propose(department=department))
    assert not Post.objects.filter(pk__in=hashes).exists()
    assert not PostRevision.objects.filter(post_id__in=hashes).exists()
    for post_id, revision_hashes in hashes.items():
        tombstone = Tombstone.objects.get(record_type=RecordType.POST, object_id=post_id)
        assert tombstone.revision_hashes.split(",") == revision_hashes
        assert tombstone.sha256 == post_content_sha256(revision_hashes)
        assert tombstone.batch == batch and tombstone.series == series(department, "unpublished_drafts")
        assert tombstone.post_id == post_id and tombstone.trigger_at is not None


def test_executing_again_destroys_nothing_twice(department, custodian, old_drafts):
    batch = approve_and_run(custodian, disposition.propose(department=department))
    events = AuditEvent.objects.count()
    assert disposition.execute(batch.pk) == "nothing to do: completed"
    assert Tombstone.objects.count() == len(old_drafts) and AuditEvent.objects.count() == events


def test_execution_carries_on_from_the_last_committed_chunk(department, custodian, pio, records_account):
    posts = make_posts(department, pio, [records_account], 7)
    batch = disposition.propose(department=department)
    with_authority(batch)
    disposition.approve(by=custodian, batch=batch)  # its task is not run here: the test runs it by hand
    # A task whose time ran out after one chunk hands over; the next one carries on from the cursor.
    assert disposition.execute(batch.pk, chunk_size=3, time_budget=-1) == "continue"
    assert Tombstone.objects.filter(batch=batch).count() == 3
    part = batch.parts.get()
    assert part.cursor == posts[2].pk and not part.done
    assert disposition.execute(batch.pk, chunk_size=3) == "completed"
    assert sorted(Tombstone.objects.filter(batch=batch).values_list("object_id", flat=True)) == [p.pk for p in posts]
    dispose_events = AuditEvent.objects.filter(action="retention.dispose", object_id=str(batch.pk)).order_by("id")
    assert [e.after["records"] for e in dispose_events] == [
        [p.pk for p in posts[:3]],
        [p.pk for p in posts[3:6]],
        [posts[6].pk],
    ]
    assert AuditEvent.objects.filter(action="retention.batch.start", object_id=str(batch.pk)).count() == 1


def test_approval_by_anyone_but_the_custodian_is_refused(department, chief, supervisor, old_drafts):
    batch = disposition.propose(department=department)
    for member in (chief, supervisor):
        with pytest.raises(PermissionDenied, match=r"Only the records custodian approves a disposition \(§322.7\)"):
            disposition.approve(by=member, batch=batch)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.PROPOSED
    assert not AuditEvent.objects.filter(action="retention.batch.approve").exists()


@pytest.mark.parametrize(
    "status", [BatchStatus.APPROVED, BatchStatus.REJECTED, BatchStatus.EXECUTING, BatchStatus.COMPLETED]
)
def test_only_a_proposed_batch_is_approved_or_rejected(department, custodian, old_drafts, status):
    from retention.models import DispositionBatch

    batch = disposition.propose(department=department)
    DispositionBatch.objects.filter(pk=batch.pk).update(status=status)
    with pytest.raises(InvalidTransition):
        disposition.approve(by=custodian, batch=batch)
    with pytest.raises(InvalidTransition):
        disposition.reject(by=custodian, batch=batch, reason="No")


def test_approve_and_reject_are_audited(department, custodian, old_drafts):
    batch = disposition.propose(department=department)
    with pytest.raises(ValidationError):
        disposition.reject(by=custodian, batch=batch, reason=" ")
    disposition.reject(by=custodian, batch=batch, reason="Review the drafts first")
    event = AuditEvent.objects.get(action="retention.batch.reject")
    assert event.actor == custodian and event.after == {"status": "rejected", "reason": "Review the drafts first"}
    batch = disposition.propose(department=department)
    with_authority(batch)
    with TestCase.captureOnCommitCallbacks(execute=True):
        disposition.approve(by=custodian, batch=batch, note="Reviewed")
    event = AuditEvent.objects.get(action="retention.batch.approve")
    assert event.actor == custodian and event.after["note"] == "Reviewed"
    assert AuditEvent.objects.filter(action="retention.batch.complete", object_id=str(batch.pk)).exists()


def test_a_post_other_records_refer_to_is_kept_bare(department, custodian, chief, pio, supervisor):
    account = make_account(department, "OakleyBare", approved_by=chief, **CHECKLIST_DONE)
    authorize(chief, pio, account)
    post = post_services.create_post(by=pio, category="announcement", accounts=[account], body="Old rejected draft")
    decisions.submit(by=pio, post=post)
    decisions.reject(by=supervisor, post=post, note="Not needed")
    Post.objects.filter(pk=post.pk).update(created_at=post.created_at - disposition.timezone.timedelta(days=800))
    revision_sha = post.current_revision.sha256
    batch = approve_and_run(custodian, disposition.propose(department=department))
    # The approval decision (kept on its own schedule, not yet due) still refers to the post: its text is
    # gone, its row and hashes stay.
    assert batch.disposed_count == 1
    kept = Post.objects.get(pk=post.pk)
    assert list(kept.revisions.values_list("body", "sha256")) == [("", revision_sha)]
    assert ApprovalDecision.objects.filter(post=post).exists()
    assert Tombstone.objects.get(object_id=post.pk, record_type=RecordType.POST).revision_hashes == revision_sha
    # It is never proposed again.
    assert disposition.propose(department=department) is None


def test_approvals_go_first_so_their_post_is_deleted_outright(department, custodian, chief, pio, supervisor):
    account = make_account(department, "OakleyOld", approved_by=chief, **CHECKLIST_DONE)
    authorize(chief, pio, account)
    post = post_services.create_post(by=pio, category="announcement", accounts=[account], body="Old rejected draft")
    decisions.submit(by=pio, post=post)
    decisions.reject(by=supervisor, post=post, note="Not needed")
    long_ago = timezone.now() - timedelta(days=800)
    Post.objects.filter(pk=post.pk).update(created_at=long_ago)
    ApprovalDecision.objects.filter(post=post).update(decided_at=long_ago)
    decision = ApprovalDecision.objects.get(post=post)
    content = {
        "post": post.pk,
        "revision": decision.revision_id,
        "sha256": decision.sha256,
        "decision": "reject",
        "approver_basis": decision.approver_basis,
        "note": "Not needed",
        "decided_by": supervisor.pk,
        "decided_at": long_ago,
        "voided_at": None,
        "void_reason": "",
    }
    batch = approve_and_run(custodian, disposition.propose(department=department))
    assert [(p.series.key, p.record_type) for p in batch.parts.order_by("series_id")] == [
        ("unpublished_drafts", RecordType.POST),
        ("approval_records", RecordType.APPROVAL),
    ]
    assert not Post.objects.filter(pk=post.pk).exists() and not ApprovalDecision.objects.filter(pk=decision.pk).exists()
    tombstone = Tombstone.objects.get(record_type=RecordType.APPROVAL, object_id=decision.pk)
    assert tombstone.post_id == post.pk and tombstone.sha256 == records.canonical_sha256(content)
    assert Tombstone.objects.filter(record_type=RecordType.POST, object_id=post.pk).exists()


def test_transferred_records_go_to_the_archive_first(department, custodian, pio, records_account):
    published = make_posts(department, pio, [records_account], 2, status=PostStatus.PUBLISHED, body="Published {i}")
    batch = approve_and_run(custodian, disposition.propose(department=department))
    assert batch.parts.get().disposition == "transfer"
    archive = batch.transfer_archive
    with default_storage.open(archive.file.name, "rb") as handle, zipfile.ZipFile(handle) as package:
        manifest = json.loads(package.read("manifest.json"))
        assert manifest["package"] == "Transfer to the archive"
        posts = json.loads(package.read("posts.json"))
        revisions = json.loads(package.read("revisions.json"))
    assert [p["id"] for p in posts] == [p.pk for p in published]
    assert sorted(r["body"] for r in revisions) == ["Published 0", "Published 1"]
    certificate = certificate_json(batch)
    assert certificate["transfer_archive"]["sha256"] == archive.sha256
    assert {r["disposition"] for r in certificate["records"]} == {"transfer"}
    assert certificate["totals"]["transferred"] == 2


def test_audit_events_are_never_proposed_or_disposed_of(department, custodian):
    audit = series(department, "audit_events")
    # The pack says destroy; the trail is append-only, so the series is kept, and says why.
    assert audit.schedule.disposition == "keep"
    assert "append-only" in audit.schedule.note
    # Even a schedule forced past the service is not acted on.
    RetentionSchedule.objects.filter(series=audit).update(disposition="destroy", retention_days=0)
    assert disposition.propose(department=department) is None
    with pytest.raises(ValueError, match="never disposed of"):
        records.dispose(
            records.KIND_FOR_SERIES["audit_events"],
            [1],
            batch_id=1,
            series_id=audit.pk,
            disposition="destroy",
            now=None,
        )


def test_run_retention_proposes_and_executes(department, custodian, old_drafts, capsys):
    call_command("run_retention")
    out = capsys.readouterr().out
    assert "Oakley Police Department: proposed Disposition batch" in out
    batch = disposition.DispositionBatch.objects.get()
    disposition.DispositionBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.APPROVED, decided_by=custodian)
    call_command("run_retention", "--execute", str(batch.pk))
    out = capsys.readouterr().out
    assert f"Disposition batch #{batch.pk}: 4 records disposed of, 0 held back" in out
    call_command("verify_audit_chain")
