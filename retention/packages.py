"""Public-records and e-discovery packages, and the transfer archive of a disposition batch (3xx.7;
general policy IV.A.7; DESIGN.md "Records").

A package is a ZIP of JSON and CSV records: the posts in scope with every revision, their media
files, publications, approval decisions, screening flags and overrides (when the screening app is
installed), removals and investigations, content reports about them, the public comments captured on
them or on the requested accounts (posts.CapturedComment), the posts captured from the connected accounts with
every version and its SHA-256 (platforms.CapturedPost, CapturedPostVersion), the audit events for all of
them, and the tombstones of records in scope already disposed of. `manifest.json` at its root lists
every other file with its SHA-256 and size, and the package's own hash: the SHA-256 of the lines
"<sha256>  <path>\\n" of those files sorted by path (the `sha256sum` format), so anyone can check
the package without trusting the manifest's bytes.

Each section is written a row at a time straight into the ZIP, hashing as it goes.
"""

import hashlib
import io
import json
import tempfile
import zipfile
from collections.abc import Iterable, Iterator

from django.apps import apps
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from approvals.models import ApprovalDecision
from audits import checkpoints
from audits.models import AuditEvent
from platforms.models import CapturedPost, CapturedPostVersion
from posts.choices import AccountKind, PostStatus
from posts.models import (
    CapturedComment,
    ContentReport,
    MediaAttachment,
    Post,
    PostRevision,
    Publication,
    RemovalInvestigation,
)
from socialgov.cells import CsvWriter

from . import covert, permissions
from .choices import Disposition, RecordType
from .models import CovertInclusion, DispositionBatch, RecordsRequest, Tombstone, TransferArchive
from .records import KIND_FOR_SERIES, kind_of

ENCODER = DjangoJSONEncoder(ensure_ascii=False, sort_keys=True)
MEDIA_EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "video/mp4": "mp4",
    "video/quicktime": "mov",
}
COVERT_NOTE = (
    "Posts to covert accounts (general policy IV.E) are not included: they are visible only to the "
    "members assigned to them."
)
COVERT_INCLUDED_NOTE = (
    "Posts and comments on covert accounts (general policy IV.E) are included: the records "
    "custodian chose to include them and the chief approved, with the reason: {reason}"
)


class _HashingWriter(io.RawIOBase):
    def __init__(self, target):
        self.target, self.digest, self.size = target, hashlib.sha256(), 0

    def writable(self):
        return True

    def write(self, data):
        self.target.write(data)
        self.digest.update(data)
        self.size += len(data)
        return len(data)


class PackageWriter:
    """A ZIP being written: every file's SHA-256 is taken from the bytes as they go in."""

    def __init__(self, out):
        self.zip = zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True)
        self.files: list[dict] = []

    def _entry(self, path: str):
        return self.zip.open(
            zipfile.ZipInfo(path, date_time=timezone.localtime().timetuple()[:6]), "w", force_zip64=True
        )

    def _record(self, path: str, writer: _HashingWriter) -> None:
        self.files.append({"path": path, "sha256": writer.digest.hexdigest(), "size": writer.size})

    def write_chunks(self, path: str, chunks: Iterable[bytes]) -> None:
        with self._entry(path) as entry:
            writer = _HashingWriter(entry)
            for chunk in chunks:
                writer.write(chunk)
        self._record(path, writer)

    def write_json(self, path: str, rows: Iterable[dict]) -> int:
        count = 0

        def chunks():
            nonlocal count
            yield b"["
            for row in rows:
                yield (b"\n" if count == 0 else b",\n") + ENCODER.encode(row).encode()
                count += 1
            yield b"\n]\n"

        self.write_chunks(path, chunks())
        return count

    def write_csv(self, path: str, columns: list[str], rows: Iterable[dict]) -> None:
        with self._entry(path) as entry:
            writer = _HashingWriter(entry)
            text = io.TextIOWrapper(writer, encoding="utf-8", newline="", write_through=True)
            # socialgov.cells: the public's captured comments, among others, never open as formulas.
            out = CsvWriter(text)
            out.writerow(columns)
            for row in rows:
                out.writerow([row.get(column) for column in columns])
            text.flush()
            text.detach()
        self._record(path, writer)

    def write_section(self, name: str, columns: list[str], rows) -> int:
        """`rows` is called twice (JSON, then CSV), so a section never sits in memory whole."""
        count = self.write_json(f"{name}.json", rows())
        self.write_csv(f"{name}.csv", columns, rows())
        return count

    def finish(self, meta: dict) -> dict:
        files = sorted(self.files, key=lambda f: f["path"])
        listing = "".join(f"{f['sha256']}  {f['path']}\n" for f in files)
        manifest = {
            **meta,
            "files": files,
            "package_sha256": hashlib.sha256(listing.encode()).hexdigest(),
            "package_sha256_method": "SHA-256 of the lines '<sha256>  <path>\\n' of every file listed above, "
            "sorted by path (sha256sum format); manifest.json itself is not listed.",
        }
        data = json.dumps(manifest, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()
        with self._entry("manifest.json") as entry:
            entry.write(data)
        self.zip.close()
        return manifest


def _rows(queryset: QuerySet, fields: list[str]) -> Iterator[dict]:
    """Rows of `queryset` keyed by field name (a foreign key gives the related id)."""
    model = queryset.model
    attnames = [model._meta.get_field(name).attname for name in fields]
    for values in queryset.values_list(*attnames).iterator(chunk_size=2000):
        yield dict(zip(fields, values, strict=True))


def _optional_model(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _concrete_fields(model) -> list[str]:
    return [field.name for field in model._meta.concrete_fields]


POST_COLUMNS = [
    "id",
    "category",
    "status",
    "accounts",
    "author",
    "author_name",
    "incident",
    "publish_at",
    "created_at",
    "submitted_at",
    "published_at",
    "removed_at",
    "status_note",
    "current_revision",
    "revision_count",
]
REVISION_COLUMNS = ["id", "post", "number", "author", "author_name", "created_at", "sha256", "media", "body"]
MEDIA_COLUMNS = [
    "id",
    "path",
    "sha256",
    "original_name",
    "content_type",
    "size",
    "credit",
    "rights_attested",
    "uploaded_by",
    "created_at",
]
REMOVAL_COLUMNS = ["post", "removed_at", "reason", "publications"]
TOMBSTONE_COLUMNS = [
    "series",
    "record_type",
    "id",
    "post",
    "trigger_at",
    "disposition",
    "disposed_at",
    "batch",
    "sha256",
    "revision_hashes",
]


def media_path(media: dict) -> str:
    return f"media/{media['sha256']}.{MEDIA_EXTENSIONS.get(media['content_type'], 'bin')}"


def write_records(
    writer: PackageWriter,
    *,
    department,
    posts: QuerySet,
    extra_tombstones: Q | None = None,
    comments: QuerySet | None = None,
    captured_posts: QuerySet | None = None,
) -> dict:
    """Write every section for `posts` (a queryset of posts.Post) and `comments` (captured comments: by default
    those left on the posts); returns the row counts."""
    post_ids = posts.values("pk")
    counts: dict[str, int] = {}

    def post_rows():
        queryset = (
            Post.objects.filter(pk__in=post_ids)
            .order_by("pk")
            .select_related("author", "current_revision")
            .prefetch_related("accounts")
            .annotate(revision_total=Count("revisions"))
        )
        for post in queryset.iterator(chunk_size=500):
            yield {
                "id": post.pk,
                "category": post.category,
                "status": post.status,
                "accounts": [f"{a.get_platform_display()} {a.handle}" for a in post.accounts.all()],
                "author": post.author_id,
                "author_name": post.author.display_name,
                "incident": post.incident_id,
                "publish_at": post.publish_at,
                "created_at": post.created_at,
                "submitted_at": post.submitted_at,
                "published_at": post.published_at,
                "removed_at": post.removed_at,
                "status_note": post.status_note,
                "current_revision": post.current_revision.number if post.current_revision_id else None,
                "revision_count": post.revision_total,
            }

    counts["posts"] = writer.write_section("posts", POST_COLUMNS, post_rows)

    def revision_rows():
        queryset = (
            PostRevision.objects.filter(post__in=post_ids)
            .order_by("post_id", "number")
            .select_related("author")
            .prefetch_related("media")
        )
        for revision in queryset.iterator(chunk_size=500):
            yield {
                "id": revision.pk,
                "post": revision.post_id,
                "number": revision.number,
                "author": revision.author_id,
                "author_name": revision.author.display_name,
                "created_at": revision.created_at,
                "sha256": revision.sha256,
                "media": [m.sha256 for m in revision.media.all()],
                "body": revision.body,
            }

    counts["revisions"] = writer.write_section("revisions", REVISION_COLUMNS, revision_rows)

    media = MediaAttachment.objects.filter(revisions__post__in=post_ids).distinct().order_by("pk")

    def media_rows():
        for row in _rows(
            media,
            [
                "id",
                "sha256",
                "original_name",
                "content_type",
                "size",
                "credit",
                "rights_attested",
                "uploaded_by",
                "created_at",
            ],
        ):
            yield {**row, "path": media_path(row)}

    counts["media"] = writer.write_section("media", MEDIA_COLUMNS, media_rows)
    for attachment in media.iterator(chunk_size=200):
        if attachment.file and default_storage.exists(attachment.file.name):
            with default_storage.open(attachment.file.name, "rb") as handle:
                writer.write_chunks(
                    media_path({"sha256": attachment.sha256, "content_type": attachment.content_type}),
                    iter(lambda h=handle: h.read(1 << 20), b""),
                )

    sections = [
        ("publications", Publication.objects.filter(post__in=post_ids).order_by("pk"), None),
        ("approvals", ApprovalDecision.objects.filter(post__in=post_ids).order_by("pk"), None),
        ("investigations", RemovalInvestigation.objects.filter(post__in=post_ids).order_by("pk"), None),
        ("content_reports", ContentReport.objects.filter(post__in=post_ids).order_by("pk"), None),
    ]
    if comments is None:
        comments = CapturedComment.objects.filter(post__in=post_ids)
    sections.append(("comments", comments.order_by("pk"), None))
    if captured_posts is None:
        captured_posts = CapturedPost.objects.filter(post__in=post_ids)
    sections.append(("captured_posts", captured_posts.order_by("pk"), None))
    sections.append(
        (
            "captured_post_versions",
            CapturedPostVersion.objects.filter(captured_post__in=captured_posts.values("pk")).order_by("pk"),
            None,
        )
    )
    flag_model, override_model = _optional_model("screening.Flag"), _optional_model("approvals.FlagOverride")
    sections.append(
        (
            "flags",
            flag_model.objects.filter(post__in=post_ids).order_by("pk") if flag_model else None,
            "The screening app is not installed: no flags." if not flag_model else None,
        )
    )
    sections.append(
        (
            "overrides",
            override_model.objects.filter(flag__post__in=post_ids).order_by("pk") if override_model else None,
            "The screening app's overrides are not installed: no overrides." if not override_model else None,
        )
    )
    notes = []
    for name, queryset, note in sections:
        if queryset is None:
            writer.write_section(name, ["id"], lambda: iter(()))
            counts[name] = 0
            notes.append(note)
            continue
        fields = _concrete_fields(queryset.model)
        counts[name] = writer.write_section(name, fields, lambda q=queryset, f=fields: _rows(q, f))

    def removal_rows():
        removed = Post.objects.filter(pk__in=post_ids, status=PostStatus.REMOVED).order_by("pk")
        for post in removed.prefetch_related("publications__account").iterator(chunk_size=500):
            yield {
                "post": post.pk,
                "removed_at": post.removed_at,
                "reason": post.status_note,
                "publications": [
                    {"account": str(p.account), "removal_state": p.removal_state, "removed_at": p.removed_at}
                    for p in post.publications.all()
                ],
            }

    counts["removals"] = writer.write_section("removals", REMOVAL_COLUMNS, removal_rows)

    def keys(queryset):
        return [str(pk) for pk in queryset.values_list("pk", flat=True)]

    ids = [str(pk) for pk in Post.objects.filter(pk__in=post_ids).values_list("pk", flat=True)]
    objects = (
        Q(object_type="posts.Post", object_id__in=ids)
        | Q(
            object_type="posts.RemovalInvestigation",
            object_id__in=keys(RemovalInvestigation.objects.filter(post__in=post_ids)),
        )
        | Q(object_type="posts.ContentReport", object_id__in=keys(ContentReport.objects.filter(post__in=post_ids)))
        | Q(object_type="posts.MediaAttachment", object_id__in=keys(media))
        | Q(object_type="posts.CapturedComment", object_id__in=keys(comments))
        | Q(object_type="platforms.CapturedPost", object_id__in=keys(captured_posts))
    )
    events = AuditEvent.objects.filter(department=department).filter(objects).order_by("pk")
    audit_fields = [
        "id",
        "created_at",
        "actor",
        "actor_name",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "before",
        "after",
        "request_id",
        "previous_hash",
        "hash",
    ]
    counts["audit_events"] = writer.write_section("audit_events", audit_fields, lambda: _rows(events, audit_fields))

    tombstones = Tombstone.objects.filter(series__department=department).filter(
        Q(record_type=RecordType.POST, object_id__in=post_ids) | (extra_tombstones or Q(pk__in=[]))
    )

    def tombstone_rows():
        keys = dict(tombstones.values_list("series_id", "series__key").distinct())
        for row in _rows(
            tombstones.order_by("pk"),
            [
                "series",
                "record_type",
                "object_id",
                "post_id",
                "trigger_at",
                "disposition",
                "disposed_at",
                "batch",
                "sha256",
                "revision_hashes",
            ],
        ):
            yield {
                **row,
                "series": keys.get(row["series"]),
                "record_type": RecordType(row["record_type"]).slug,
                "id": row.pop("object_id"),
                "post": row.pop("post_id"),
                "revision_hashes": row["revision_hashes"].split(",") if row["revision_hashes"] else [],
            }

    counts["disposed_records"] = writer.write_section("disposed_records", TOMBSTONE_COLUMNS, tombstone_rows)
    counts["notes"] = notes
    return counts


def request_posts(request: RecordsRequest) -> QuerySet:
    """The posts a request covers; those on covert accounts only with the chief's approval (retention.covert)."""
    posts = Post.objects.filter(department_id=request.department_id).filter(request.post_q())
    if not covert.included(request):
        posts = posts.exclude(accounts__kind=AccountKind.COVERT)
    return posts


def request_comments(request: RecordsRequest) -> QuerySet:
    """The captured comments a request covers: on its accounts, dates or keywords, or left on its posts
    (retention.records.CommentKind); those on covert accounts are left out like their posts."""
    comments = CapturedComment.objects.filter(department_id=request.department_id).filter(
        KIND_FOR_SERIES["captured_comments"].scope_q(request)
    )
    if not covert.included(request):
        comments = comments.exclude(account__kind=AccountKind.COVERT)
    return comments


def request_captured_posts(request: RecordsRequest, *, include_covert: bool = False) -> QuerySet:
    """The captured posts a request covers: on its accounts, dates or keywords, or matching its posts."""
    captured = CapturedPost.objects.filter(department_id=request.department_id).filter(
        KIND_FOR_SERIES["captured_posts"].scope_q(request)
    )
    if not include_covert:
        captured = captured.exclude(account__kind=AccountKind.COVERT)
    return captured


def _scope(scope) -> dict:
    account_ids, post_ids = scope.scope_ids()
    return {
        "accounts": account_ids,
        "posts": post_ids,
        "date_from": scope.date_from,
        "date_to": scope.date_to,
        "keywords": scope.keywords,
    }


def signed_checkpoint(department, reason: str) -> dict:
    """The audit trail's head, signed as the package is made (audits.checkpoints): whoever holds the
    package can later show that the trail was not rewritten up to this point, with the public key alone."""
    checkpoint = checkpoints.latest_or_new(reason=reason, department=department)
    return {
        "audit_checkpoint": checkpoints.as_record(checkpoint),
        "audit_public_key": checkpoints.public_key_pem(),
        "audit_checkpoint_method": "Ed25519 signature over the canonical JSON of length, last_event_id, "
        "last_hash and signed_at; verify with manage.py verify_audit_chain "
        "--checkpoints manifest.json --public-key KEY.pem",
    }


def build_request_package(*, by, request: RecordsRequest, out) -> dict:
    """Write the ZIP for a records request to the binary stream `out` and record that it was built.

    Returns the manifest. The audit event names the package hash, so what was handed over can be
    matched to it later.
    """
    permissions.require(by, "build_package", request)
    department = request.department
    writer = PackageWriter(out)
    counts = write_records(
        writer,
        department=department,
        posts=request_posts(request),
        comments=request_comments(request),
        captured_posts=request_captured_posts(request),
    )
    inclusion = CovertInclusion.objects.filter(request=request).first()
    notes = [
        COVERT_INCLUDED_NOTE.format(reason=inclusion.approval_reason)
        if inclusion and inclusion.approved
        else COVERT_NOTE,
        *counts.pop("notes"),
    ]
    manifest = writer.finish(
        {
            "package": "Public records package",
            "department": {
                "id": department.pk,
                "name": department.name,
                "retention_section": department.cite("retention"),
            },
            "request": {
                "id": request.pk,
                "requester": request.requester,
                "description": request.description,
                "received_on": request.received_on,
                "due_on": request.due_on,
                "extension_days": request.extension_days,
                "scope": _scope(request),
            },
            "generated_at": timezone.now(),
            "generated_by": {"id": by.pk, "name": by.display_name},
            "counts": counts,
            "notes": notes,
            "covert_records": covert.snapshot(inclusion),
            **signed_checkpoint(department, checkpoints.Reason.PACKAGE),
        }
    )
    with transaction.atomic():
        AuditEvent.record(
            actor=by,
            action="retention.request.package",
            target=request,
            after={"package_sha256": manifest["package_sha256"], "files": len(manifest["files"]), "counts": counts},
        )
    return manifest


def write_transfer_archive(batch_id: int) -> TransferArchive | None:
    """Before any transferred record of a batch is removed here, write them all to the archive package.

    Idempotent: a batch whose archive exists is left alone. Records held by then are left out (the
    chunks skip them too).
    """
    # disposition asks this module for the transfer archive: imported here, so neither loads the other first.
    from .disposition import _active_holds, batch_records

    batch = DispositionBatch.objects.select_related("department").get(pk=batch_id)
    parts = [
        part
        for part in batch.parts.select_related("series", "batch__department")
        if part.disposition == Disposition.TRANSFER
    ]
    if not parts or TransferArchive.objects.filter(batch=batch).exists():
        return None
    holds = _active_holds(batch.department_id)
    posts = Post.objects.none()
    others: dict[str, QuerySet] = {}
    for part in parts:
        kind = kind_of(part)
        records = batch_records(part, kind).exclude(kind.held_q(holds)) if holds else batch_records(part, kind)
        if kind.is_post:
            posts = posts | Post.objects.filter(pk__in=records.values("pk"))
        else:
            others[f"{part.series.key}-{RecordType(part.record_type).slug}"] = records
    with tempfile.TemporaryFile() as out:
        writer = PackageWriter(out)
        counts = write_records(writer, department=batch.department, posts=posts)
        for key, records in others.items():
            fields = _concrete_fields(records.model)
            counts[key] = writer.write_section(f"series/{key}", fields, lambda q=records, f=fields: _rows(q, f))
        manifest = writer.finish(
            {
                "package": "Transfer to the archive",
                "department": {"id": batch.department_id, "name": batch.department.name},
                "batch": {"id": batch.pk, "approved_by": batch.decided_by_id, "approved_at": batch.decided_at},
                "series": [part.series.key for part in parts],
                "generated_at": timezone.now(),
                "counts": counts,
                **signed_checkpoint(batch.department, checkpoints.Reason.PACKAGE),
            }
        )
        out.seek(0)
        digest = hashlib.sha256()
        for block in iter(lambda: out.read(1 << 20), b""):
            digest.update(block)
        out.seek(0)
        name = f"retention/transfers/batch-{batch.pk}.zip"
        if default_storage.exists(name):
            default_storage.delete(name)
        stored = default_storage.save(name, File(out))
    with transaction.atomic():
        archive = TransferArchive.objects.create(
            batch=batch, file=stored, sha256=digest.hexdigest(), package_sha256=manifest["package_sha256"]
        )
        AuditEvent.record(
            actor=None,
            action="retention.batch.transfer_archive",
            target=batch,
            department=batch.department,
            after={"file": stored, "sha256": archive.sha256, "package_sha256": archive.package_sha256},
        )
    return archive
