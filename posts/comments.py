"""Captured public comments (3xx.7; general policy IV.A.7, IV.A.9): the one place comments are captured,
imported from a platform's CSV export and moderated.

Each function takes the acting member, checks the permission through posts.permissions (403), writes
its audit event in the same transaction, and is what the browser, the API and code all call.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from audits.models import AuditEvent
from socialgov.errors import InvalidTransition

from . import permissions
from .choices import CommentState
from .models import CapturedComment, Post, Publication, SocialAccount

# An export larger than this is refused rather than read into memory (a page's comments for years fit).
MAX_IMPORT_BYTES = 10 * 1024 * 1024
MODERATION_TERMS = "page.comment_moderation_notice"


def moderation_citation(department) -> str:
    """The department's comment-moderation terms: the page requirement that comments are monitored and any
    posting may be removed (general policy IV.A.9, as the department's pack cites it)."""
    return department.cite(MODERATION_TERMS) or "the department's comment-moderation notice"


def comment_snapshot(comment: CapturedComment) -> dict:
    return {
        "account": comment.account_id,
        "post": comment.post_id,
        "platform_comment_id": comment.platform_comment_id,
        "author_name": comment.author_name,
        "posted_at": comment.posted_at,
        "sha256": comment.sha256,
        "state": comment.state,
    }


def _clean(
    *, by, account: SocialAccount, post: Post | None, platform_comment_id: str, author_name: str, text: str, posted_at
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if account.department_id != by.department_id:
        errors["account"] = ["Choose one of your department's accounts."]
    if post is not None and (
        post.department_id != account.department_id
        or not Publication.objects.filter(post=post, account=account).exists()
    ):
        errors["post"] = [f"Post #{post.pk} was not published to {account}."]
    if not (platform_comment_id or "").strip():
        errors["platform_comment_id"] = ["Give the platform's id of the comment."]
    elif len(platform_comment_id) > 200:
        errors["platform_comment_id"] = ["At most 200 characters."]
    if len(author_name or "") > 200:
        errors["author_name"] = ["At most 200 characters."]
    if not (text or "").strip():
        errors["text"] = ["Give the comment's text as the platform showed it."]
    if posted_at is None:
        errors["posted_at"] = ["Give the time the comment was posted."]
    elif _in_the_future(posted_at):
        errors["posted_at"] = ["A comment cannot have been posted in the future: check the time and its time zone."]
    return errors


# A platform's clock may run a little ahead of ours; more than this is a wrong time, not a skewed clock.
CLOCK_SKEW = timedelta(minutes=5)


def _in_the_future(moment) -> bool:
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment > timezone.now() + CLOCK_SKEW


def _capture(
    *, by, account, post, platform_comment_id, author_name, text, posted_at, now
) -> tuple[CapturedComment, bool]:
    existing = CapturedComment.objects.filter(account=account, platform_comment_id=platform_comment_id).first()
    if existing is not None:
        return existing, False
    comment = CapturedComment(
        department_id=account.department_id,
        account=account,
        post=post,
        platform_comment_id=platform_comment_id,
        author_name=author_name,
        text=text,
        posted_at=posted_at,
        captured_at=now,
        captured_by=by,
    )
    comment.sha256 = comment.compute_sha256()
    comment.save()
    AuditEvent.record(
        actor=by,
        action="posts.comment.capture",
        target=comment,
        department=account.department,
        after=comment_snapshot(comment),
    )
    return comment, True


@transaction.atomic
def capture_comment(
    *,
    by,
    account: SocialAccount,
    platform_comment_id: str,
    author_name: str,
    text: str,
    posted_at: datetime,
    post: Post | None = None,
) -> tuple[CapturedComment, bool]:
    """Record one public comment as it was captured. Capturing the same platform comment again adds nothing:
    returns (the comment, whether it was new)."""
    permissions.require(
        by,
        "capture_comment",
        account,
        "Comments are captured by members authorized for the account, supervisors and the records custodian.",
    )
    platform_comment_id = (platform_comment_id or "").strip()
    if errors := _clean(
        by=by,
        account=account,
        post=post,
        platform_comment_id=platform_comment_id,
        author_name=author_name,
        text=text,
        posted_at=posted_at,
    ):
        raise ValidationError(errors)
    if timezone.is_naive(posted_at):
        posted_at = timezone.make_aware(posted_at)
    return _capture(
        by=by,
        account=account,
        post=post,
        platform_comment_id=platform_comment_id,
        author_name=author_name,
        text=text,
        posted_at=posted_at,
        now=timezone.now(),
    )


# Importing a platform's export.

# Column names as Facebook, X and Instagram exports (and the tools that make them) spell them, normalized
# (lower case, "_" and "-" as spaces).
COLUMNS = {
    "platform_comment_id": ["comment id", "id", "tweet id", "reply id", "comment url id", "media comment id"],
    "author_name": [
        "author",
        "author name",
        "from",
        "from name",
        "name",
        "user name",
        "username",
        "screen name",
        "profile name",
        "commenter",
        "user",
    ],
    "text": ["message", "comment", "comment text", "text", "full text", "body", "content", "reply text"],
    "posted_at": [
        "created time",
        "created at",
        "timestamp",
        "posted at",
        "date",
        "time",
        "comment time",
        "date posted",
    ],
    "post_ref": [
        "post id",
        "post url",
        "permalink",
        "in reply to status id",
        "in reply to",
        "conversation id",
        "media id",
        "post link",
        "parent id",
    ],
}
REQUIRED = {
    "platform_comment_id": "the comment's id",
    "author_name": "the author's name",
    "text": "the comment's text",
    "posted_at": "the time it was posted",
}
DATE_FORMATS = [
    "%a %b %d %H:%M:%S %z %Y",
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y-%m-%d %H:%M:%S%z",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
]


def _normal(name: str) -> str:
    return " ".join(name.replace("_", " ").replace("-", " ").lower().split())


def parse_time(value: str) -> datetime | None:
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit() and 9 <= len(value) <= 13:  # Unix seconds, or milliseconds (Instagram)
        seconds = int(value) / (1000 if len(value) == 13 else 1)
        return datetime.fromtimestamp(seconds, tz=UTC)
    try:
        parsed = parse_datetime(value)
    except ValueError:
        parsed = None
    if parsed is None:
        for pattern in DATE_FORMATS:
            try:
                parsed = datetime.strptime(value, pattern)
                break
            except ValueError:
                continue
    if parsed is None:
        return None
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


@dataclass
class ImportResult:
    created: int = 0
    already: int = 0
    comments: list[CapturedComment] = field(default_factory=list)


def _refuse(message: str):
    raise ValidationError({"file": [f"{message} Nothing was imported."]})


def read_export(data: bytes) -> list[dict]:
    """The rows of a comments export, mapped to our fields, or ValidationError naming the problem."""
    if not data.strip():
        _refuse("The file is empty.")
    if len(data) > MAX_IMPORT_BYTES:
        _refuse(f"The file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        _refuse("The file is not UTF-8 text; export it again as CSV (UTF-8).")
    if "\x00" in text:
        _refuse("The file is not a CSV text file.")
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader, [])
        rows = list(reader)
    except csv.Error as error:
        _refuse(f"The file is not readable as CSV ({error}).")
    names = {_normal(name): index for index, name in reversed(list(enumerate(header)))}
    mapping: dict[str, int] = {}
    for key, candidates in COLUMNS.items():
        for candidate in candidates:
            if candidate in names:
                mapping[key] = names[candidate]
                break
    missing = [what for key, what in REQUIRED.items() if key not in mapping]
    if missing:
        shown = ", ".join(f"“{name}”" for name in header[:12]) or "none"
        _refuse(f"The file has no column for {', '.join(missing)} (its columns: {shown}).")
    result, seen = [], set()
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(key, row=row):
            index = mapping.get(key)
            return row[index].strip() if index is not None and index < len(row) else ""

        values = {key: cell(key) for key in COLUMNS}
        if not values["platform_comment_id"]:
            _refuse(f"Line {number} has no comment id.")
        if len(values["platform_comment_id"]) > 200 or len(values["author_name"]) > 200:
            _refuse(f"Line {number}: the comment id and the author's name are at most 200 characters.")
        if not values["text"]:
            _refuse(f"Line {number} has no comment text.")
        posted_at = parse_time(values["posted_at"])
        if posted_at is None:
            _refuse(f"Line {number}: “{values['posted_at'][:40]}” is not a date and time.")
        if _in_the_future(posted_at):
            _refuse(f"Line {number}: “{values['posted_at'][:40]}” is in the future; check the file's times.")
        if values["platform_comment_id"] in seen:
            continue
        seen.add(values["platform_comment_id"])
        result.append({**values, "posted_at": posted_at})
    if not result:
        _refuse("The file has no comments in it.")
    return result


def _posts_by_reference(account: SocialAccount) -> dict[str, Post]:
    """The account's publications by the references an export gives: the platform's post id and its URL."""
    found = {}
    for publication in Publication.objects.filter(account=account).select_related("post"):
        for reference in (publication.external_id, publication.url):
            if reference:
                found[reference.strip()] = publication.post
    return found


@transaction.atomic
def import_comments(*, by, account: SocialAccount, data: bytes) -> ImportResult:
    """Capture every comment of a platform's CSV export for `account`. A file that cannot be mapped is refused
    whole, naming the problem; comments already captured (same platform id) are counted, not added again."""
    permissions.require(
        by,
        "capture_comment",
        account,
        "Comments are captured by members authorized for the account, supervisors and the records custodian.",
    )
    if account.department_id != by.department_id:
        raise ValidationError({"account": ["Choose one of your department's accounts."]})
    rows = read_export(data)
    posts = _posts_by_reference(account)
    now, result = timezone.now(), ImportResult()
    for row in rows:
        comment, created = _capture(
            by=by,
            account=account,
            post=posts.get(row["post_ref"]),
            platform_comment_id=row["platform_comment_id"],
            author_name=row["author_name"],
            text=row["text"],
            posted_at=row["posted_at"],
            now=now,
        )
        result.comments.append(comment)
        if created:
            result.created += 1
        else:
            result.already += 1
    AuditEvent.record(
        actor=by,
        action="posts.comment.import",
        target=account,
        after={"rows": len(rows), "created": result.created, "already_captured": result.already},
    )
    return result


# Moderation (general policy IV.A.9).


@transaction.atomic
def moderate_comment(*, by, comment: CapturedComment, state: str, reason: str) -> CapturedComment:
    """A supervisor or the chief hides or deletes a comment on the platform under the page's comment-moderation
    notice, with a reason; the captured record is kept as it was (3xx.7)."""
    comment = CapturedComment.objects.select_for_update().select_related("department").get(pk=comment.pk)
    permissions.require(by, "moderate_comment", comment, "Comments are hidden or deleted by a supervisor or the chief.")
    if state not in CommentState.moderated():
        raise ValidationError({"state": ["Choose hidden or deleted."]})
    citation = moderation_citation(comment.department)
    if not (reason or "").strip():
        raise ValidationError({"reason": [f"Give the reason, under the comment-moderation notice ({citation})."]})
    allowed = {
        CommentState.HIDDEN: [CommentState.SHOWN],
        CommentState.DELETED: [CommentState.SHOWN, CommentState.HIDDEN],
    }[state]
    if comment.state not in allowed:
        raise InvalidTransition(
            comment,
            f"moderate_{state}",
            f"Comment #{comment.pk} is {comment.get_state_display().lower()}; it cannot be "
            f"{CommentState(state).label.lower()} now.",
        )
    before = {"state": comment.state}
    comment.state = state
    comment.moderated_by = by
    comment.moderated_at = timezone.now()
    comment.moderation_reason = reason.strip()
    comment.moderation_citation = citation[:60]
    comment.save(update_fields=["state", "moderated_by", "moderated_at", "moderation_reason", "moderation_citation"])
    AuditEvent.record(
        actor=by,
        action=f"posts.comment.{'hide' if state == CommentState.HIDDEN else 'delete'}",
        target=comment,
        before=before,
        after={"state": state, "reason": comment.moderation_reason, "citation": citation},
    )
    return comment


# Capture of a connected account (platforms.capture): replies read from the platform's threads.

PLATFORM_DELETION = "Deleted on the platform by its author or the platform (found by capture)."


def capture_from_platform(
    *, account: SocialAccount, post: Post | None, platform_comment_id: str, author_name: str, text: str, posted_at
) -> tuple[CapturedComment, bool]:
    """Keep a reply capture read from the platform (no member captured it). Runs in the capture's transaction."""
    now = timezone.now()
    posted_at = min(posted_at, now)  # a platform's clock a little ahead of ours
    return _capture(
        by=None,
        account=account,
        post=post,
        platform_comment_id=platform_comment_id[:200],
        author_name=(author_name or "")[:200],
        text=text,
        posted_at=posted_at,
        now=now,
    )


def record_platform_deletion(comment: CapturedComment) -> CapturedComment:
    """A reply capture saw before is gone from the platform: recorded as deleted there; its text is kept."""
    comment = CapturedComment.objects.select_for_update().get(pk=comment.pk)
    if comment.state != CommentState.SHOWN:
        return comment
    comment.state = CommentState.DELETED
    comment.moderated_at = timezone.now()
    comment.moderation_reason = PLATFORM_DELETION
    comment.save(update_fields=["state", "moderated_at", "moderation_reason"])
    AuditEvent.record(
        actor=None,
        action="posts.comment.delete",
        target=comment,
        department=comment.department,
        before={"state": CommentState.SHOWN},
        after={"state": CommentState.DELETED, "reason": PLATFORM_DELETION},
    )
    return comment
