"""The certificate of destruction of a disposition batch (3xx.7; DESIGN.md "Records"): what was disposed
of, when, under which schedule, approved by whom, and each record's hashes, as JSON (every record)
and PDF (the summary, and every record when the batch is small enough to print).

The JSON is written a record at a time from the batch's tombstones, so a batch of a million
records is issued in constant memory.
"""

import hashlib
import tempfile

from django.core.files import File
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from audits import checkpoints

from . import lawful
from .choices import Disposition, ExclusionReason, RecordType
from .models import (
    Certificate,
    DestructionAuthority,
    DispositionBatch,
    DispositionExclusion,
    Tombstone,
    TransferArchive,
)
from .pdf import PdfDocument
from .services import legal_minimum_citation, legal_minimum_days

# A PDF lists every record up to this many; past it, the PDF gives the totals and the JSON's hash.
PDF_RECORD_LIMIT = 2000

HASHES = (
    "sha256 is the SHA-256 of the record's content when it was disposed of. For a post it is the SHA-256 of "
    "its revision hashes joined by commas in revision order (revision_hashes); each revision hash is the "
    'SHA-256 of the canonical JSON {"body": text, "media": [media SHA-256s, sorted]} that its approval '
    "bound to. For any other record it is the SHA-256 of the record's fields as canonical JSON (sorted keys, "
    "no spaces, UTF-8)."
)


def _member(member) -> dict | None:
    return {"id": member.pk, "name": member.display_name} if member else None


def _when(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M %Z}" if moment else "—"


def _hash_file(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _store(name: str, path) -> str:
    if default_storage.exists(name):
        default_storage.delete(name)  # a completion retried after a failure re-issues the same certificate
    with open(path, "rb") as handle:
        return default_storage.save(name, File(handle))


def header(batch: DispositionBatch, issued_at) -> dict:
    department = batch.department
    parts = list(batch.parts.select_related("series").order_by("series_id", "record_type"))
    return {
        "certificate": "Certificate of destruction",
        "department": {
            "id": department.pk,
            "name": department.name,
            "policy": f"Policy {department.policy_number}, {department.policy_title}",
            "retention_section": department.cite("retention"),
            "retention_commander": department.retention_commander_title,
        },
        "batch": {
            "id": batch.pk,
            "cutoff_on": batch.cutoff_on,
            "proposed_at": batch.proposed_at,
            "proposed_by": _member(batch.proposed_by),
            "approved_by": _member(batch.decided_by),
            "approved_at": batch.decided_at,
            "approval_note": batch.decision_note,
            "started_at": batch.started_at,
        },
        "issued_at": issued_at,
        # The resolution, the city attorney's consent and the retention commander's sign-off (Government Code
        # §34090, issue 16.4); None where the department's pack asks for none and none was attached.
        "authority": lawful.snapshot(
            DestructionAuthority.objects.filter(batch=batch).select_related("recorded_by", "signed_off_by").first()
        ),
        "legal_minimum": {"days": legal_minimum_days(department), "citation": legal_minimum_citation(department)},
        "schedules": [
            {
                "series": part.series.key,
                "name": part.series.name,
                "record_type": RecordType(part.record_type).slug,
                "retention_days": part.retention_days,
                "trigger": part.trigger,
                "disposition": part.disposition,
                "past_retention_before": part.boundary,
                "disposed": part.disposed_count,
                "held_at_proposal": part.held_count,
                "held_at_execution": part.skipped_count,
            }
            for part in parts
        ],
        "hashes": HASHES,
        # The audit trail's head, signed as the certificate is issued (audits.checkpoints).
        "audit_checkpoint": checkpoints.as_record(
            checkpoints.latest_or_new(reason=checkpoints.Reason.CERTIFICATE, department=department)
        ),
        "audit_public_key": checkpoints.public_key_pem(),
    }


def _tombstones(batch: DispositionBatch):
    keys = dict(batch.parts.values_list("series_id", "series__key").distinct())
    rows = (
        Tombstone.objects.filter(batch=batch)
        .order_by("id")
        .values_list(
            "series_id",
            "record_type",
            "object_id",
            "post_id",
            "trigger_at",
            "disposition",
            "disposed_at",
            "sha256",
            "revision_hashes",
        )
    )
    slugs = {value: RecordType(value).slug for value in RecordType.values}
    for series_id, record_type, object_id, post_id, trigger_at, disposition, disposed_at, sha, hashes in rows.iterator(
        chunk_size=5000
    ):
        yield {
            "series": keys[series_id],
            "record_type": slugs[record_type],
            "id": object_id,
            "post": post_id,
            "trigger_at": trigger_at,
            "disposition": disposition,
            "disposed_at": disposed_at,
            "sha256": sha,
            "revision_hashes": hashes.split(",") if hashes else [],
        }


def _not_disposed(batch: DispositionBatch):
    keys = dict(batch.parts.values_list("series_id", "series__key").distinct())
    rows = (
        DispositionExclusion.objects.filter(batch=batch)
        .order_by("series_id", "record_type", "object_id")
        .values_list("series_id", "record_type", "object_id", "reason", "holds")
        .iterator(chunk_size=5000)
    )
    for series_id, record_type, object_id, reason, holds in rows:
        yield {
            "series": keys[series_id],
            "record_type": RecordType(record_type).slug,
            "id": object_id,
            "reason": ExclusionReason(reason).label,
            "holds": holds,
        }


def write_json(batch: DispositionBatch, out, issued_at) -> dict:
    """Write the certificate to the text stream `out`; returns its totals."""
    encode = DjangoJSONEncoder(ensure_ascii=False).encode
    head = header(batch, issued_at)
    archive = TransferArchive.objects.filter(batch=batch).first()
    head["transfer_archive"] = (
        {"path": archive.file.name, "sha256": archive.sha256, "package_sha256": archive.package_sha256}
        if archive
        else None
    )
    out.write(encode(head)[:-1])
    totals = {"disposed": 0, "destroyed": 0, "transferred": 0}
    out.write(',\n"records": [')
    for n, record in enumerate(_tombstones(batch)):
        out.write(("\n" if n == 0 else ",\n") + encode(record))
        totals["disposed"] += 1
        totals["destroyed" if record["disposition"] == Disposition.DESTROY else "transferred"] += 1
    out.write('\n],\n"not_disposed": [')
    held = 0
    for n, record in enumerate(_not_disposed(batch)):
        out.write(("\n" if n == 0 else ",\n") + encode(record))
        held += 1
    totals["not_disposed"] = held
    out.write('\n],\n"totals": ' + encode(totals) + "\n}\n")
    return totals


def write_pdf(batch: DispositionBatch, path, issued_at, json_sha256: str, totals: dict) -> None:
    head = header(batch, issued_at)
    department = batch.department
    pdf = PdfDocument(
        path,
        title=f"Certificate of destruction: {department.name}, batch #{batch.pk}",
        footer=f"Policy {department.policy_number} {department.cite('retention')}",
    )
    pdf.heading("Certificate of destruction")
    pdf.line(
        f"{department.name}. Records retained under Policy {department.policy_number} "
        f"{department.cite('retention')}; the {department.retention_commander_title} with the Custodian of "
        "Records."
    )
    approver = head["batch"]["approved_by"]
    pdf.line(
        f"Disposition batch #{batch.pk}, proposed {_when(batch.proposed_at)} for records eligible on "
        f"{batch.cutoff_on:%Y-%m-%d}; approved by {approver['name'] if approver else '—'} on "
        f"{_when(batch.decided_at)}; executed from {_when(batch.started_at)}; "
        f"certificate issued {_when(issued_at)}."
    )
    if batch.decision_note:
        pdf.line(f"Approval note: {batch.decision_note}")
    pdf.line(f"Legal minimum: {head['legal_minimum']['days']} days ({head['legal_minimum']['citation']}).")
    if authority := head["authority"]:
        resolution, consent = authority["resolution"], authority["counsel_consent"]
        signoff = authority["retention_commander_signoff"]
        pdf.line(
            f"Authority ({lawful.citation(department)}): resolution No. {resolution['number']} adopted "
            f"{resolution['date']:%Y-%m-%d} (document SHA-256 {resolution['sha256']}); written consent of the "
            f"city attorney {consent['name']} given {consent['date']:%Y-%m-%d} (document SHA-256 "
            f"{consent['sha256']}); signed off by the {department.retention_commander_title}, "
            f"{signoff['member']['name'] if signoff else '—'}, on {_when(signoff['at'] if signoff else None)}.",
            bold=True,
        )
    pdf.line(
        f"Disposed of: {totals['disposed']} records ({totals['destroyed']} destroyed, "
        f"{totals['transferred']} transferred to the archive). Not disposed of because a legal hold covers "
        f"them: {totals['not_disposed']}.",
        bold=True,
    )
    pdf.line(f"The JSON certificate lists every record with its hashes; its SHA-256 is {json_sha256}.")
    if head.get("transfer_archive"):
        pdf.line(f"Transfer archive {head['transfer_archive']['path']}, SHA-256 {head['transfer_archive']['sha256']}.")
    pdf.line(HASHES)
    signed = head["audit_checkpoint"]
    # Since issue 18 a checkpoint signs every department's chain: last_hash is the digest of their heads.
    last = (
        f"the last {signed['last_event_id']} with hash {signed['last_hash']}"
        if signed.get("heads") is None
        else f"{len(signed['heads'])} chains, the digest of their heads {signed['last_hash']}"
    )
    pdf.line(
        f"Audit trail checkpoint: {signed['length']} events, {last}, signed {signed['signed_at']} with key "
        f"{signed['key_id']} (Ed25519 signature {signed['signature']})."
    )
    pdf.heading("Schedules", 11)
    pdf.table(
        [
            ("Series", 3),
            ("Record type", 1.6),
            ("Days", 0.7),
            ("After", 1),
            ("Disposition", 1.2),
            ("Past retention before", 2),
            ("Disposed", 1),
            ("Held", 1),
        ]
    )
    for schedule in head["schedules"]:
        pdf.row(
            [
                schedule["name"],
                schedule["record_type"],
                schedule["retention_days"],
                schedule["trigger"],
                schedule["disposition"],
                f"{timezone.localtime(schedule['past_retention_before']):%Y-%m-%d}",
                schedule["disposed"],
                schedule["held_at_proposal"] + schedule["held_at_execution"],
            ]
        )
    pdf.end_table()
    pdf.heading("Records disposed of", 11)
    if totals["disposed"] > PDF_RECORD_LIMIT:
        pdf.line(
            f"{totals['disposed']} records: too many to print. They are listed with their hashes in the JSON "
            f"certificate (SHA-256 {json_sha256})."
        )
    else:
        pdf.table(
            [
                ("Series", 2.2),
                ("Type", 1),
                ("Id", 0.8),
                ("Post", 0.8),
                ("Trigger", 1.4),
                ("Disposition", 1),
                ("SHA-256", 5),
            ]
        )
        for record in _tombstones(batch):
            trigger = timezone.localtime(record["trigger_at"]).strftime("%Y-%m-%d") if record["trigger_at"] else ""
            pdf.row(
                [
                    record["series"],
                    record["record_type"],
                    record["id"],
                    record["post"] or "",
                    trigger,
                    record["disposition"],
                    record["sha256"],
                ]
            )
        pdf.end_table()
    pdf.close()


def issue_certificate(batch: DispositionBatch) -> Certificate:
    """Write the certificate's JSON and PDF and record it. Runs in the batch's completing transaction."""
    issued_at = timezone.localtime()
    Certificate.objects.filter(batch=batch).delete()  # only an uncommitted earlier attempt can leave one
    with (
        tempfile.NamedTemporaryFile("w+", suffix=".json", encoding="utf-8") as json_out,
        tempfile.NamedTemporaryFile("wb+", suffix=".pdf") as pdf_out,
    ):
        totals = write_json(batch, json_out, issued_at)
        json_out.flush()
        json_sha256 = _hash_file(json_out.name)
        write_pdf(batch, pdf_out.name, issued_at, json_sha256, totals)
        pdf_sha256 = _hash_file(pdf_out.name)
        stem = f"retention/certificates/batch-{batch.pk}"
        json_name = _store(f"{stem}.json", json_out.name)
        pdf_name = _store(f"{stem}.pdf", pdf_out.name)
    archive = TransferArchive.objects.filter(batch=batch).first()
    return Certificate.objects.create(
        batch=batch,
        issued_at=issued_at,
        json_file=json_name,
        json_sha256=json_sha256,
        pdf_file=pdf_name,
        pdf_sha256=pdf_sha256,
        archive_file=archive.file.name if archive else "",
        archive_sha256=archive.sha256 if archive else "",
        summary=totals,
    )
