"""Capture (archiving, issue 12.2): read each connected account and keep what is on it as records.

One run lists the account's repository a page at a time. Each page is kept in one transaction with the listing's
resume point (`Connection.capture_cursor`), so a worker that dies mid-run is resumed where it stopped, and a
page read twice changes nothing (a post is keyed by its URI, a version by its CID). A post not seen by the end
of a run is gone from the platform: it gets `deleted_at` and keeps its versions. When the repository's revision
is the one last read whole, nothing has changed and the listing is skipped (incremental).

Each new post or new version is matched with what socialgov published (by the platform id and by the approved
revision's content): anything else is unauthorized (3xx.5(g)), screened with the department's rules and
reported to the supervisors at once; so is a published post deleted outside socialgov.
"""

import logging
from datetime import timedelta

from atproto import models
from atproto_client.models.utils import get_model_as_dict
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from audits.models import AuditEvent
from posts import comments
from posts import services as posts_services
from posts.choices import CommentState, PostStatus, RemovalState
from posts.media import with_credits
from posts.models import Post, Publication
from screening.services import screen_text

from .bluesky import client as bluesky
from .bluesky import records
from .models import (
    CapturedPost,
    CapturedPostVersion,
    CapturedReply,
    Connection,
    ConnectionStatus,
    record_sha256,
)

logger = logging.getLogger(__name__)

PAGE_SIZE = 100
# Replies are read for posts made in this window (one thread request each a run), this deep.
REPLY_WINDOW = timedelta(days=90)
REPLY_DEPTH = 20
# A post published through socialgov is in the repository a moment before its publication is recorded: one
# whose record key is that of a post being published is left for the next run, not reported.
IN_FLIGHT = [PostStatus.APPROVED, PostStatus.SCHEDULED, PostStatus.PUBLISHING]


def capture_account(account_id: int) -> str:
    """Run by the task: one capture run of one account. Returns what happened, in words."""
    connection = Connection.objects.select_related("account__department").filter(account_id=account_id).first()
    if connection is None or connection.status != ConnectionStatus.CONNECTED:
        return "not connected"
    now = timezone.now()
    if connection.capture_retry_at and connection.capture_retry_at > now:
        return "waiting: the platform asked us to slow down"
    try:
        return _run(connection)
    except bluesky.PlatformError as error:
        retry_at = now + timedelta(seconds=error.retry_after) if error.retry_after else None
        Connection.objects.filter(pk=connection.pk).update(last_capture_error=str(error), capture_retry_at=retry_at)
        logger.warning("capture of account %s failed: %s", account_id, error)
        return f"failed: {error}"


def _run(connection: Connection) -> str:
    client = bluesky.session_for(connection)
    latest = bluesky.call(
        client.com.atproto.sync.get_latest_commit, models.ComAtprotoSyncGetLatestCommit.Params(did=connection.did)
    )
    if not connection.capture_cursor and latest.rev == connection.repo_rev:
        # The account's own repository is unchanged; replies live in other people's repositories.
        replies, replies_error = capture_replies(client, connection)
        Connection.objects.filter(pk=connection.pk).update(
            last_capture_at=timezone.now(), last_capture_error=replies_error, capture_retry_at=None
        )
        return "unchanged" if not replies else f"unchanged, {replies} replies"
    if connection.capture_cursor:
        run, cursor = connection.capture_run, connection.capture_cursor
    else:
        run, cursor = connection.capture_run + 1, None
        Connection.objects.filter(pk=connection.pk).update(capture_run=run)
    kept = 0
    while True:
        page = bluesky.call(
            client.com.atproto.repo.list_records,
            models.ComAtprotoRepoListRecords.Params(
                repo=connection.did, collection=records.POST, limit=PAGE_SIZE, cursor=cursor
            ),
        )
        with transaction.atomic():
            for record in page.records:
                kept += keep(connection, run, record.uri, record.cid, get_model_as_dict(record.value))
            Connection.objects.filter(pk=connection.pk).update(capture_cursor=page.cursor or "")
        if not page.cursor or not page.records:
            break
        cursor = page.cursor
    gated = _gated_posts(client, connection)
    with transaction.atomic():
        gone = record_deletions(connection, run)
        _read_public_posting(connection, gated)
    replies, replies_error = capture_replies(client, connection)
    Connection.objects.filter(pk=connection.pk).update(
        repo_rev=latest.rev,
        capture_cursor="",
        last_capture_at=timezone.now(),
        last_capture_error=replies_error,
        capture_retry_at=None,
    )
    return f"captured: {kept} new or changed, {gone} deleted, {replies} replies"


def _gated_posts(client, connection: Connection) -> set[str]:
    """The URIs of the account's posts whose thread gate allows no replies."""
    gated, cursor = set(), None
    while True:
        page = bluesky.call(
            client.com.atproto.repo.list_records,
            models.ComAtprotoRepoListRecords.Params(
                repo=connection.did, collection=records.THREADGATE, limit=PAGE_SIZE, cursor=cursor
            ),
        )
        for record in page.records:
            value = get_model_as_dict(record.value)
            if value.get("allow") == []:
                gated.add(str(value.get("post")))
        if not page.cursor or not page.records:
            return gated
        cursor = page.cursor


def _read_public_posting(connection: Connection, gated: set[str]) -> None:
    """The page checklist's "public posting disabled" item (§3xx.5.1) as the platform reports it: every post on
    the account lets nobody reply. Written by capture, not ticked by hand, for a connected account."""
    account = connection.account
    live = set(CapturedPost.objects.filter(account=account, deleted_at__isnull=True).values_list("uri", flat=True))
    disabled = live <= gated
    if account.public_posting_disabled != disabled:
        type(account).objects.filter(pk=account.pk).update(public_posting_disabled=disabled)
        AuditEvent.record(
            actor=None,
            action="posts.account.update",
            target=account,
            before={"public_posting_disabled": account.public_posting_disabled},
            after={"public_posting_disabled": disabled, "read_from": "the platform's thread gates"},
        )
        account.public_posting_disabled = disabled


def _posted_at(record: dict, fallback):
    moment = parse_datetime(str(record.get("createdAt") or ""))
    if moment is None:
        return fallback
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def keep(connection: Connection, run: int, uri: str, cid: str, record: dict) -> int:
    """Keep one record as it was listed; returns 1 if it was new or changed, 0 if already kept."""
    account = connection.account
    now = timezone.now()
    text = str(record.get("text") or "")
    sha256 = record_sha256(uri=uri, cid=cid, author=connection.did, record=record)
    captured = CapturedPost.objects.select_for_update().filter(account=account, uri=uri).first()
    if captured is not None and captured.versions.filter(cid=cid).exists():
        if captured.seen_in_run != run or captured.deleted_at:
            CapturedPost.objects.filter(pk=captured.pk).update(seen_in_run=run, deleted_at=None)
        return 0
    new = captured is None
    if new:
        captured = CapturedPost(
            department_id=account.department_id,
            account=account,
            uri=uri,
            author=connection.did,
            url=records.post_url(connection.handle or connection.did, uri),
            posted_at=_posted_at(record, now),
            captured_at=now,
        )
    captured.text, captured.cid, captured.sha256 = text, cid, sha256
    captured.seen_in_run, captured.deleted_at = run, None
    publication = (
        Publication.objects.select_related("revision", "post").filter(account=account, external_id=uri).first()
    )
    captured.post = publication.post if publication else None
    captured.authorized = publication is not None and _matches(publication, text)
    pending = not captured.authorized and publication is None and _in_flight(account, uri)
    captured.findings = (
        [] if captured.authorized else [result.as_dict() for result in screen_text(account.department, text)]
    )
    captured.save()
    CapturedPostVersion.objects.create(
        captured_post=captured, cid=cid, text=text, record=record, sha256=sha256, captured_at=now
    )
    AuditEvent.record(
        actor=None,
        action="platforms.capture.post" if new else "platforms.capture.version",
        target=captured,
        department=account.department,
        after={"account": account.pk, "uri": uri, "cid": cid, "sha256": sha256, "authorized": captured.authorized},
    )
    if not captured.authorized and not pending and captured.report_id is None:
        captured.report = _report_unauthorized(captured, changed=not new)
        captured.save(update_fields=["report"])
    return 1


def _matches(publication: Publication, text: str) -> bool:
    """What the platform shows is exactly the approved revision socialgov sent (its text and credit line)."""
    revision = publication.revision
    if publication.sha256 != revision.sha256 or revision.compute_sha256() != revision.sha256:
        return False
    return text == with_credits(revision.body, list(revision.media.all()))


def _in_flight(account, uri: str) -> bool:
    rkey = uri.rsplit("/", 1)[-1]
    posts = Post.objects.filter(accounts=account, status__in=IN_FLIGHT).select_related("current_revision")
    return any(post.current_revision and records.record_key(post.current_revision, account) == rkey for post in posts)


def _findings_text(findings: list[dict]) -> str:
    if not findings:
        return "The screener found nothing in it."
    lines = [f'- {f.get("message") or f.get("code")}: "{f.get("excerpt", "")}"' for f in findings]
    return "The screener found:\n" + "\n".join(lines)


def _report_unauthorized(captured: CapturedPost, *, changed: bool):
    account = captured.account
    what = (
        "A post socialgov published was changed on the platform"
        if changed and captured.post_id
        else "A post that was not approved in socialgov is on"
    )
    description = (
        f"{what} {account} (found by capture, {account.department.cite('prohibited')}: content that has not been "
        f"properly authorized). Remove it from public view and investigate its cause.\n\n"
        f"Captured text:\n{captured.text}\n\n{_findings_text(captured.findings)}"
    )
    return posts_services.report_found_by_capture(
        department=account.department, description=description, url=captured.url, captured_uri=captured.uri
    )


def _thread_replies(node) -> list:
    """Every reply under a thread node, depth first (posts only: a deleted or blocked reply is not a post)."""
    found = []
    for reply in getattr(node, "replies", None) or []:
        if getattr(reply, "post", None) is not None:
            found.append(reply.post)
            found.extend(_thread_replies(reply))
    return found


def capture_replies(client, connection: Connection) -> tuple[int, str]:
    """Read the thread of each recent post on the account (through the account's server, which asks the AppView)
    and keep every reply as a captured comment (general policy IV.A.7); a reply seen before and gone from its
    thread is recorded as deleted on the platform, its text kept. Returns (new replies, the error, if any)."""
    since = timezone.now() - REPLY_WINDOW
    kept = 0
    run = connection.reply_run + 1
    Connection.objects.filter(pk=connection.pk).update(reply_run=run)
    connection.reply_run = run
    posts = CapturedPost.objects.filter(account=connection.account, deleted_at__isnull=True, posted_at__gte=since)
    for captured in posts.select_related("post").order_by("pk"):
        try:
            thread = bluesky.call(
                client.app.bsky.feed.get_post_thread,
                models.AppBskyFeedGetPostThread.Params(uri=captured.uri, depth=REPLY_DEPTH, parent_height=0),
            )
        except bluesky.PlatformError as error:
            if error.retry_after:
                raise
            return kept, f"Replies could not be read: {error}"
        with transaction.atomic():
            for reply in _thread_replies(thread.thread):
                kept += _keep_reply(connection, captured, reply, run)
            gone = CapturedReply.objects.select_related("comment").filter(
                captured_post=captured, seen_in_run__lt=run, comment__state=CommentState.SHOWN
            )
            for link in gone:
                comments.record_platform_deletion(link.comment)
    return kept, ""


def _keep_reply(connection: Connection, captured: CapturedPost, reply, run: int) -> int:
    account = connection.account
    existing = CapturedReply.objects.filter(comment__account=account, comment__platform_comment_id=reply.uri).first()
    if existing is not None:
        CapturedReply.objects.filter(pk=existing.pk).update(seen_in_run=run)
        return 0
    record = get_model_as_dict(reply.record) if not isinstance(reply.record, dict) else reply.record
    author = reply.author
    name = f"{author.display_name} (@{author.handle})" if author.display_name else f"@{author.handle}"
    post = captured.post if captured.authorized else None
    comment, _ = comments.capture_from_platform(
        account=account,
        post=post,
        platform_comment_id=reply.uri,
        author_name=name,
        text=str(record.get("text") or ""),
        posted_at=_posted_at(record, timezone.now()),
    )
    CapturedReply.objects.update_or_create(comment=comment, defaults={"captured_post": captured, "seen_in_run": run})
    return 1


def record_deletions(connection: Connection, run: int) -> int:
    """Posts kept earlier and not seen in this run are gone from the platform."""
    now = timezone.now()
    gone = list(
        CapturedPost.objects.select_for_update().filter(
            account=connection.account, deleted_at__isnull=True, seen_in_run__lt=run
        )
    )
    for captured in gone:
        captured.deleted_at = now
        fields = ["deleted_at"]
        live = Publication.objects.filter(
            account=connection.account, external_id=captured.uri, removal_state=RemovalState.LIVE
        ).exists()
        if live and captured.removal_requested_at is None and captured.deletion_report_id is None:
            captured.deletion_report = posts_services.report_found_by_capture(
                department=connection.account.department,
                url=captured.url,
                captured_uri=captured.uri,
                description=(
                    f"A post socialgov published on {connection.account} was deleted on the platform by "
                    f"someone outside socialgov (found by capture). Find out who deleted it and why.\n\n"
                    f"Captured text:\n{captured.text}"
                ),
            )
            fields.append("deletion_report")
        captured.save(update_fields=fields)
        AuditEvent.record(
            actor=None,
            action="platforms.capture.deleted",
            target=captured,
            department=connection.account.department,
            after={"uri": captured.uri, "deleted_at": now, "outside_socialgov": live},
        )
    return len(gone)
