"""The governed records: which source rows each series covers, when their period starts, which legal
holds cover them, and how a disposition removes them and leaves a tombstone (3xx.7; DESIGN.md "Records").

A series' records are a query over the table they live in (see retention.models): a `Kind` names
the model, the filter that puts a row in the series, the field that holds the trigger and the way
to the post the record belongs to (through which holds, accounts and requests reach it).

Disposition is set-based, a chunk of ids at a time:
- posts: tombstones are written with one INSERT ... SELECT (the content hash is the SHA-256 of the
  post's revision hashes in revision order, each of which covers its text and media); media links,
  orphaned media and publications are deleted; then the post, its revisions and account links are
  deleted outright, unless a record kept on another schedule still refers to it (an approval
  decision, an investigation, a report, a screening flag): then its text is blanked in place and the
  bare row stays, so that record's reference stays valid while the content is gone.
- every other kind: the rows are read, hashed as canonical JSON and deleted (or blanked, if another
  record refers to them).
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.db.models import Exists, OuterRef, Q

from posts.choices import PostStatus, ReportStatus
from posts.models import MediaAttachment, Post, PostRevision, Publication

from .choices import RecordType, Trigger
from .models import Tombstone, date_window


@dataclass(frozen=True)
class Kind:
    series: str
    record_type: RecordType
    trigger: Trigger
    model_label: str
    trigger_field: str
    department_path: str
    post_path: str | None
    membership: Q = field(default_factory=Q)
    # Fields whose content the tombstone's hash covers (non-post kinds) and that are blanked when the
    # row has to stay because another record refers to it.
    content_fields: tuple[str, ...] = ()
    scrub_fields: tuple[str, ...] = ()
    # Records that can still change while eligible (a draft can be edited): locked while disposed of.
    mutable: bool = False
    # Audit events are append-only and hash-chained (a PostgreSQL trigger refuses DELETE): never disposed of.
    disposable: bool = True
    # Rows of other tables that are part of the record and go with it: (model label, the field naming the record).
    owned: tuple[tuple[str, str], ...] = ()

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    @property
    def installed(self) -> bool:
        """Whether the app holding these records is installed (flag overrides come with screening)."""
        try:
            apps.get_model(self.model_label)
        except LookupError:
            return False
        return True

    @property
    def is_post(self) -> bool:
        return self.record_type == RecordType.POST

    def records(self, department):
        """The series' records in the department that have not been disposed of."""
        queryset = self.model.objects.filter(**{self.department_path: department}).filter(self.membership)
        queryset = queryset.filter(**{f"{self.trigger_field}__isnull": False})
        # Disposed rows are gone, except those kept bare for a record that refers to them.
        return queryset.exclude(
            Exists(Tombstone.objects.filter(record_type=self.record_type, object_id=OuterRef("pk")))
        )

    def scope_q(self, scope) -> Q:
        """Records a hold or request covers: a post covered by its scope, or a record tied to one."""
        if self.is_post:
            return scope.post_q()
        if self.post_path is None:
            return Q(pk__in=[])
        return Q(**{f"{self.post_path}__in": Post.objects.filter(scope.post_q()).values("pk")})

    def held_q(self, holds: Iterable) -> Q:
        covered = Q(pk__in=[])
        for hold in holds:
            covered |= self.scope_q(hold)
        return covered

    def account_q(self, account_ids: list[int]) -> Q:
        path = "pk" if self.is_post else self.post_path
        if path is None:
            return Q(pk__in=[])
        return Q(Exists(Post.accounts.through.objects.filter(post_id=OuterRef(path), socialaccount_id__in=account_ids)))


class CommentKind(Kind):
    """Captured comments (posts.CapturedComment): a comment belongs to an account, and to a post only when it
    was left on one, so a hold or request reaches it by its own account, dates and text as well as through
    the post it was left on."""

    def scope_q(self, scope) -> Q:
        account_ids, post_ids = scope.scope_ids()
        criteria = []
        if account_ids:
            criteria.append(Q(account_id__in=account_ids))
        if scope.date_from or scope.date_to:
            criteria.append(
                date_window("posted_at", scope.date_from, scope.date_to)
                | date_window("captured_at", scope.date_from, scope.date_to)
            )
        if scope.keywords:
            mentions = Q(pk__in=[])
            for keyword in scope.keywords:
                mentions |= Q(text__icontains=keyword)
            criteria.append(mentions)
        covered = Q(pk__in=[])
        if criteria:
            covered = criteria[0]
            for criterion in criteria[1:]:
                covered &= criterion
        # The comments on a post the scope covers go with it (as a post's approvals and reports do).
        return covered | Q(post__in=Post.objects.filter(scope.post_q()).values("pk"))

    def account_q(self, account_ids: list[int]) -> Q:
        return Q(account_id__in=account_ids)


@dataclass(frozen=True)
class MemberKind(Kind):
    """A member's conduct record (issue 15; the conduct app): tied to no post, so a hold covers it by naming the
    member (LegalHold.members), whatever else its scope says. Records requests name no members and reach none."""

    member_path: str = "member"

    def scope_q(self, scope) -> Q:
        member_ids = getattr(scope, "preview_member_ids", None)  # a hold not yet placed (its preview)
        if member_ids is None:
            if not hasattr(type(scope), "members") or scope.pk is None:
                return Q(pk__in=[])
            member_ids = scope.members.values("pk")
        # Through the ids: a review of several members would otherwise come back once for each of them.
        return Q(pk__in=self.model.objects.filter(**{f"{self.member_path}__in": member_ids}).values("pk"))

    def account_q(self, account_ids: list[int]) -> Q:
        return Q(pk__in=[])


def _member_kind(
    series, record_type, trigger, model_label, trigger_field, member_path, content_fields, scrub_fields=()
) -> MemberKind:
    return MemberKind(
        series,
        record_type,
        trigger,
        model_label,
        trigger_field,
        "department",
        None,
        content_fields=content_fields,
        scrub_fields=scrub_fields,
        member_path=member_path,
    )


PUBLIC = PostStatus.public()

KINDS: list[Kind] = [
    Kind(
        "published_posts",
        RecordType.POST,
        Trigger.PUBLISHED,
        "posts.Post",
        "published_at",
        "department",
        "pk",
        Q(status=PostStatus.PUBLISHED),
    ),
    Kind(
        "removed_posts",
        RecordType.POST,
        Trigger.REMOVED,
        "posts.Post",
        "removed_at",
        "department",
        "pk",
        Q(status=PostStatus.REMOVED),
    ),
    Kind(
        "unpublished_drafts",
        RecordType.POST,
        Trigger.CREATED,
        "posts.Post",
        "created_at",
        "department",
        "pk",
        ~Q(status__in=PUBLIC),
        mutable=True,
    ),
    Kind(
        "approval_records",
        RecordType.APPROVAL,
        Trigger.CREATED,
        "approvals.ApprovalDecision",
        "decided_at",
        "post__department",
        "post",
        content_fields=(
            "post",
            "revision",
            "sha256",
            "decision",
            "approver_basis",
            "note",
            "decided_by",
            "decided_at",
            "voided_at",
            "void_reason",
        ),
        scrub_fields=("note", "void_reason"),
    ),
    Kind(
        "removal_investigations",
        RecordType.INVESTIGATION,
        Trigger.CLOSED,
        "posts.RemovalInvestigation",
        "resolved_at",
        "department",
        "post",
        content_fields=(
            "post",
            "removed_by",
            "reason",
            "opened_at",
            "cause",
            "findings",
            "resolution",
            "resolved_by",
            "resolved_at",
        ),
        scrub_fields=("reason", "cause", "findings", "resolution"),
    ),
    Kind(
        "content_reports",
        RecordType.REPORT,
        Trigger.CLOSED,
        "posts.ContentReport",
        "closed_at",
        "department",
        "post",
        Q(status=ReportStatus.CLOSED),
        content_fields=(
            "reporter",
            "post",
            "url",
            "description",
            "status",
            "action_taken",
            "closed_by",
            "closed_at",
            "created_at",
        ),
        scrub_fields=("description", "action_taken"),
    ),
    # "Approval decisions and flag overrides": a supervisor's override of a screener finding (3xx.5).
    Kind(
        "approval_records",
        RecordType.OVERRIDE,
        Trigger.CREATED,
        "approvals.FlagOverride",
        "overridden_at",
        "flag__department",
        "flag__post",
        content_fields=("flag", "justification", "overridden_by", "overridden_at"),
        scrub_fields=("justification",),
    ),
    # Posts captured from the department's connected accounts with every version seen (platforms.CapturedPost);
    # scoped like comments: by their account, dates and text, and through the socialgov post they match.
    CommentKind(
        "captured_posts",
        RecordType.CAPTURED_POST,
        Trigger.CAPTURED,
        "platforms.CapturedPost",
        "captured_at",
        "department",
        "post",
        content_fields=(
            "account",
            "post",
            "uri",
            "url",
            "author",
            "text",
            "cid",
            "sha256",
            "posted_at",
            "captured_at",
            "deleted_at",
            "authorized",
        ),
        scrub_fields=("text",),
        owned=(("platforms.CapturedPostVersion", "captured_post"),),
    ),
    # Public comments on the department's pages, kept whatever was done with them on the platform (IV.A.9).
    CommentKind(
        "captured_comments",
        RecordType.COMMENT,
        Trigger.CAPTURED,
        "posts.CapturedComment",
        "captured_at",
        "department",
        "post",
        content_fields=(
            "account",
            "post",
            "platform_comment_id",
            "author_name",
            "text",
            "posted_at",
            "captured_at",
            "captured_by",
            "sha256",
            "state",
            "moderated_by",
            "moderated_at",
            "moderation_reason",
            "moderation_citation",
        ),
        scrub_fields=("author_name", "text", "moderation_reason"),
    ),
    Kind(
        "audit_events",
        RecordType.AUDIT_EVENT,
        Trigger.CREATED,
        "audits.AuditEvent",
        "created_at",
        "department",
        None,
        disposable=False,
    ),
    # Members' conduct records (issue 15): general policy V.A, V.B, IV.B.3, IV.B.5 and IV.D.
    _member_kind(
        "policy_acknowledgments",
        RecordType.ACKNOWLEDGMENT,
        Trigger.CREATED,
        "conduct.PolicyAcknowledgment",
        "acknowledged_at",
        "member",
        ("member", "version", "signature", "shown", "shown_sha256", "acknowledged_at"),
    ),
    _member_kind(
        "permission_requests",
        RecordType.PERMISSION_REQUEST,
        Trigger.CLOSED,
        "conduct.PermissionRequest",
        "closed_at",
        "requester",
        (
            "requester",
            "kind",
            "subject_member",
            "description",
            "platform",
            "url",
            "until",
            "status",
            "citation",
            "conditions",
            "expires_on",
            "reason",
            "decided_by",
            "decided_at",
            "closed_at",
        ),
        ("description", "conditions", "reason"),
    ),
    _member_kind(
        "conduct_reviews",
        RecordType.CONDUCT_REVIEW,
        Trigger.CLOSED,
        "conduct.ConductReview",
        "closed_at",
        "members",
        (
            "kind",
            "supervisor",
            "seed",
            "sample_size",
            "population",
            "reason",
            "report",
            "status",
            "outcome",
            "findings",
            "opened_at",
            "closed_at",
        ),
        ("reason", "findings"),
    ),
    # Candidates are no members: a hold reaches them through the hiring round's dates, not by member.
    Kind(
        "background_investigations",
        RecordType.VETTING_CANDIDATE,
        Trigger.CREATED,
        "conduct.Candidate",
        "created_at",
        "round__department",
        None,
        content_fields=("round", "name", "started_at", "created_at"),
        scrub_fields=("name",),
    ),
]
# The kind that names a series' record type and trigger (the first listed for it).
KIND_FOR_SERIES: dict[str, Kind] = {}
for _kind in KINDS:
    KIND_FOR_SERIES.setdefault(_kind.series, _kind)


def kinds_for(series) -> list[Kind]:
    """The kinds of record a series governs whose app is installed: one, or two for approval records."""
    return [kind for kind in KINDS if kind.series == series.key and kind.installed]


def kind_of(part) -> Kind:
    """The kind of one series of a disposition batch."""
    return next(kind for kind in KINDS if kind.series == part.series.key and kind.record_type == part.record_type)


# Why the audit-event series is kept whatever a pack or a custodian asks.
AUDIT_EVENTS_KEPT = (
    "Audit events are never destroyed or transferred: the audit trail is append-only and hash-chained "
    "(each event stores the previous event's hash, and on PostgreSQL a trigger refuses UPDATE and DELETE), "
    "so removing one would break the chain that proves every other record's history. This series is kept "
    "permanently."
)


# Reverse relations that are part of a post's own record, removed with it.
POST_OWNED = {("posts", "postrevision"), ("posts", "publication")}
REVISION_OWNED = {("posts", "post"), ("posts", "publication")}
# Content of other apps' records tied to a post that is blanked with the post's text when the post's
# row has to stay (app label, model name, the field naming the post, fields to blank).
RELATED_CONTENT = [("screening", "flag", "post", ("excerpt", "message"))]


def canonical_sha256(values: dict) -> str:
    """SHA-256 of a record's fields as canonical JSON (sorted keys, no spaces, UTF-8)."""
    text = json.dumps(values, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def post_content_sha256(revision_hashes: list[str]) -> str:
    """A post's content hash: SHA-256 of its revision hashes joined by commas, in revision order."""
    return hashlib.sha256(",".join(revision_hashes).encode()).hexdigest()


def _in(column: str, ids: list[int]) -> tuple[str, list]:
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(ids)]
    return f"{column} IN ({', '.join(['%s'] * len(ids))})", list(ids)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _referrers(model, owned: set[tuple[str, str]]):
    """(table, column) pairs of rows elsewhere that refer to `model` by foreign key, less `owned` ones."""
    for relation in model._meta.related_objects:
        related = relation.related_model
        if (related._meta.app_label, related._meta.model_name) in owned:
            continue
        if relation.many_to_many:
            through = relation.through
            yield through._meta.db_table, relation.field.m2m_reverse_name()
        else:
            yield related._meta.db_table, relation.field.column


def _bound_ids(cursor, model, ids: list[int], owned) -> set[int]:
    bound: set[int] = set()
    for table, column in _referrers(model, owned):
        clause, params = _in(connection.ops.quote_name(column), ids)
        cursor.execute(
            f"SELECT DISTINCT {connection.ops.quote_name(column)} FROM "
            f"{connection.ops.quote_name(table)} WHERE {clause}",
            params,
        )
        bound.update(row[0] for row in cursor.fetchall())
    return bound


@dataclass
class Disposal:
    disposed: list[int]
    files: list[str]


def dispose(kind: Kind, ids: list[int], *, batch_id: int, series_id: int, disposition: str, now: datetime) -> Disposal:
    """Tombstone and remove the records `ids` of `kind`. Runs inside the chunk's transaction."""
    if not kind.disposable:
        raise ValueError(f"{kind.series} records are never disposed of")
    if not ids:
        return Disposal([], [])
    if kind.is_post:
        return _dispose_posts(kind, ids, batch_id=batch_id, series_id=series_id, disposition=disposition, now=now)
    return _dispose_rows(kind, ids, batch_id=batch_id, series_id=series_id, disposition=disposition, now=now)


def _dispose_posts(kind: Kind, ids: list[int], *, batch_id, series_id, disposition, now) -> Disposal:
    q = connection.ops.quote_name
    post, revision, tombstone = _table(Post), _table(PostRevision), _table(Tombstone)
    links = q(PostRevision.media.through._meta.db_table)
    media = _table(MediaAttachment)
    trigger = q(Post._meta.get_field(kind.trigger_field).column)
    postgres = connection.vendor == "postgresql"
    in_posts, post_params = _in("p.id", ids)
    in_revisions, revision_params = _in("post_id", ids)
    if postgres:
        hashes = (
            f"SELECT post_id, string_agg(sha256, ',' ORDER BY number) AS hashes FROM {revision} "
            f"WHERE {in_revisions} GROUP BY post_id"
        )
        digest = "encode(sha256(convert_to(COALESCE(h.hashes, ''), 'UTF8')), 'hex')"
    else:
        hashes = (
            f"SELECT post_id, group_concat(sha256, ',') AS hashes FROM (SELECT post_id, sha256 FROM {revision} "
            f"WHERE {in_revisions} ORDER BY post_id, number) GROUP BY post_id"
        )
        digest = "SHA256(COALESCE(h.hashes, ''))"
    revisions_of_chunk = f"SELECT id FROM {revision} WHERE {in_revisions}"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {tombstone} (batch_id, series_id, record_type, object_id, post_id, trigger_at, sha256, "
            f"revision_hashes, disposition, disposed_at) "
            f"SELECT %s, %s, %s, p.id, p.id, p.{trigger}, {digest}, COALESCE(h.hashes, ''), %s, %s "
            f"FROM {post} p LEFT JOIN ({hashes}) h ON h.post_id = p.id WHERE {in_posts}",
            [batch_id, series_id, int(RecordType.POST), disposition, now, *revision_params, *post_params],
        )
        # Media: the links from these revisions, then any attachment nothing else links to.
        cursor.execute(
            f"SELECT DISTINCT mediaattachment_id FROM {links} WHERE postrevision_id IN ({revisions_of_chunk})",
            revision_params,
        )
        media_ids = [row[0] for row in cursor.fetchall()]
        cursor.execute(f"DELETE FROM {links} WHERE postrevision_id IN ({revisions_of_chunk})", revision_params)
        files: list[str] = []
        if media_ids:
            in_media, media_params = _in("m.id", media_ids)
            cursor.execute(
                f"SELECT m.id, m.file FROM {media} m WHERE {in_media} AND NOT EXISTS "
                f"(SELECT 1 FROM {links} l WHERE l.mediaattachment_id = m.id)",
                media_params,
            )
            orphans = cursor.fetchall()
            if orphans:
                files = [name for _, name in orphans if name]
                clause, params = _in("id", [pk for pk, _ in orphans])
                cursor.execute(f"DELETE FROM {media} WHERE {clause}", params)
        clause, params = _in("post_id", ids)
        cursor.execute(f"DELETE FROM {_table(Publication)} WHERE {clause}", params)

        bound = _bound_ids(cursor, Post, ids, POST_OWNED)
        for table, column in _referrers(PostRevision, REVISION_OWNED):
            clause, params = _in("r.post_id", ids)
            cursor.execute(
                f"SELECT DISTINCT r.post_id FROM {q(table)} x JOIN {revision} r ON r.id = x.{q(column)} WHERE {clause}",
                params,
            )
            bound.update(row[0] for row in cursor.fetchall())
        free = [pk for pk in ids if pk not in bound]
        kept = [pk for pk in ids if pk in bound]
        if free:
            clause, params = _in("post_id", free)
            cursor.execute(f"DELETE FROM {revision} WHERE {clause}", params)
            cursor.execute(f"DELETE FROM {q(Post.accounts.through._meta.db_table)} WHERE {clause}", params)
            clause, params = _in("id", free)
            cursor.execute(f"DELETE FROM {post} WHERE {clause}", params)
        if kept:
            clause, params = _in("post_id", kept)
            cursor.execute(f"UPDATE {revision} SET body = '' WHERE {clause}", params)
            for app_label, model_name, post_field, fields in RELATED_CONTENT:
                try:
                    model = apps.get_model(app_label, model_name)
                except LookupError:
                    continue
                column = q(model._meta.get_field(post_field).column)
                clause, params = _in(column, kept)
                assignments = ", ".join(f"{q(model._meta.get_field(name).column)} = ''" for name in fields)
                cursor.execute(f"UPDATE {_table(model)} SET {assignments} WHERE {clause}", params)
            clause, params = _in("id", kept)
            cursor.execute(f"UPDATE {post} SET status_note = '', publish_error = '' WHERE {clause}", params)
    return Disposal(list(ids), files)


def _dispose_rows(kind: Kind, ids: list[int], *, batch_id, series_id, disposition, now) -> Disposal:
    model = kind.model
    columns = [model._meta.get_field(name).attname for name in kind.content_fields]
    wanted = ["pk", kind.trigger_field, *columns, *([kind.post_path] if kind.post_path else [])]
    tombstones = []
    for row in model.objects.filter(pk__in=ids).values(*wanted):
        content = {name: row[attname] for name, attname in zip(kind.content_fields, columns, strict=True)}
        tombstones.append(
            Tombstone(
                batch_id=batch_id,
                series_id=series_id,
                record_type=kind.record_type,
                object_id=row["pk"],
                post_id=row[kind.post_path] if kind.post_path else None,
                trigger_at=row[kind.trigger_field],
                sha256=canonical_sha256(content),
                disposition=disposition,
                disposed_at=now,
            )
        )
    Tombstone.objects.bulk_create(tombstones, batch_size=1000)
    present = [t.object_id for t in tombstones]
    for label, field_name in kind.owned:
        apps.get_model(label).objects.filter(**{f"{field_name}__in": present}).delete()
    with connection.cursor() as cursor:
        bound = _bound_ids(cursor, model, present, set()) if present else set()
        free = [pk for pk in present if pk not in bound]
        kept = [pk for pk in present if pk in bound]
        if free:
            clause, params = _in("id", free)
            cursor.execute(f"DELETE FROM {_table(model)} WHERE {clause}", params)
    if kept:
        model.objects.filter(pk__in=kept).update(**dict.fromkeys(kind.scrub_fields, ""))
    return Disposal(present, [])
