"""The post lifecycle (DESIGN.md "The post lifecycle"): one implementation of each transition.

Every function takes the acting member, checks the allowed source states (409),
checks permission through posts.permissions (403), locks the row, writes its
audit event in the same transaction and schedules side effects after commit.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, get_users_with_perms, remove_perm

from audits.models import AuditEvent
from people import designees
from people.roles import Role
from socialgov import limits, outbound, outbox
from socialgov.errors import InvalidTransition

from . import hooks, notify, permissions
from .channels import ChannelError, get_channel
from .choices import (
    ALT_TEXT_PLATFORMS,
    CHECKLIST_FIELDS,
    Channel,
    IncidentStatus,
    PostStatus,
    RemovalState,
    ReportSource,
    ReportStatus,
    text_length,
)
from .media import with_credits
from .models import (
    ContentReport,
    Incident,
    Post,
    PostRevision,
    Publication,
    RemovalInvestigation,
    SocialAccount,
    content_sha256,
)

S = PostStatus
# Sent through the outbox (STYLE.md §11): a broker outage delays publishing, never loses it.
PUBLISH_TASK = "posts.tasks.publish_to_account_task"


def post_snapshot(post: Post) -> dict:
    revision = post.current_revision
    return {
        "status": post.status,
        "category": post.category,
        "accounts": sorted(post.accounts.values_list("pk", flat=True)),
        "incident": post.incident_id,
        "publish_at": post.publish_at,
        "revision": revision.number if revision else None,
        "sha256": revision.sha256 if revision else None,
    }


def lock(post: Post) -> Post:
    # of=self: PostgreSQL cannot lock the nullable side of the outer joins to the revision and incident.
    related = Post.objects.select_related("current_revision", "incident", "department")
    return related.select_for_update(of=("self",)).get(pk=post.pk)


def require_state(post: Post, action: str, allowed: list[str]) -> None:
    if post.status not in allowed:
        states = ", ".join(S(state).label.lower() for state in allowed)
        raise InvalidTransition(
            post,
            action,
            f"Post #{post.pk} is {post.get_status_display().lower()}; it can be {action} only when {states}.",
        )


def _clean_content(*, by, department, category, accounts, incident, body, media) -> None:
    errors: dict[str, list[str]] = {}
    keys = [c["key"] for c in department.categories]
    if category not in keys:
        errors["category"] = [f"Choose one of the authorized categories ({department.cite('authorized_content')})."]
    if not accounts:
        errors["accounts"] = ["Choose at least one account."]
    elif any(account.department_id != department.pk for account in accounts):
        errors["accounts"] = ["Every account must be one of your department's accounts."]
    elif unapproved := [str(a) for a in accounts if not a.is_approved]:
        errors["accounts"] = [f"Not approved by the chief: {', '.join(unapproved)}."]
    if not body or not body.strip():
        errors["body"] = ["Write the text of the post."]
    elif accounts and not errors.get("accounts"):
        # Checked at drafting, so nothing too long is ever approved; Bluesky counts graphemes (text_length).
        published = with_credits(body, media)  # the credit line goes out with the text
        too_long: dict[int, list[str]] = {}  # length as the platform counts it -> the accounts it is too long for
        for a in accounts:
            if (length := text_length(a.platform, published)) > a.character_limit:
                too_long.setdefault(length, []).append(f"{a} ({a.character_limit})")
        if too_long:
            errors["body"] = [
                "; ".join(
                    f"{length} characters is too long for: {', '.join(names)}" for length, names in too_long.items()
                )
                + "."
            ]
    if incident is not None and (incident.department_id != department.pk or not incident.is_active):
        errors["incident"] = ["Choose an active incident of your department."]
    if any(m.department_id != department.pk for m in media):
        errors["media"] = ["Attach only your department's media."]
    elif any(a.platform in ALT_TEXT_PLATFORMS for a in accounts) and (
        missing := [m.original_name for m in media if m.is_image and not m.alt_text.strip()]
    ):
        # Images published through a connected channel carry their description for readers who cannot see them.
        errors["media"] = [f"Describe every image (alt text) before it is published: {', '.join(missing)}."]
    if errors:
        raise ValidationError(errors)


def _write_revision(post: Post, *, by, body: str, media, reason: str = "") -> PostRevision:
    number = (post.current_revision.number + 1) if post.current_revision_id else 1
    revision = PostRevision(
        post=post,
        number=number,
        body=body,
        author=by,
        edit_reason=reason,
        sha256=content_sha256(body, [m.sha256 for m in media]),
    )
    revision.save()
    revision.media.set(media)
    post.current_revision = revision
    return revision


@transaction.atomic
def create_post(
    *,
    by,
    category: str,
    accounts: list[SocialAccount],
    body: str,
    incident: Incident | None = None,
    publish_at: datetime | None = None,
    media=(),
) -> Post:
    """A member with a current authorization for every target account drafts a post (3xx.3)."""
    media = list(media)
    _clean_content(
        by=by, department=by.department, category=category, accounts=accounts, incident=incident, body=body, media=media
    )
    if reason := permissions.covert_refusal(accounts):
        raise PermissionDenied(reason)
    if not permissions.authorized_for_all(by, accounts):
        raise PermissionDenied(
            f"You need a current authorization for every target account ({by.department.cite('authorized_users')})."
        )
    post = Post.objects.create(
        department=by.department, author=by, category=category, incident=incident, publish_at=publish_at
    )
    post.accounts.set(accounts)
    _write_revision(post, by=by, body=body, media=media)
    post.save(update_fields=["current_revision"])
    AuditEvent.record(actor=by, action="posts.create", target=post, after=post_snapshot(post))
    return post


@transaction.atomic
def edit_post(
    *,
    by,
    post: Post,
    body: str | None = None,
    category: str | None = None,
    accounts: list[SocialAccount] | None = None,
    incident=...,
    publish_at=...,
    media=None,
    reason: str = "",
) -> Post:
    """Save an edit as a new revision. An edit after approval voids the approval and returns
    the post to draft (DESIGN.md lifecycle).

    Only the author edits a post, or a supervisor of the department with a `reason` that the revision and the
    audit event keep (issue 17.5); every revision names who wrote it."""
    post = lock(post)
    require_state(post, "edited", S.editable())
    permissions.require(by, "edit_post", post, permissions.EDIT_REFUSED)
    reason = (reason or "").strip()
    if by.pk == post.author_id:
        reason = ""
    elif not reason:
        raise ValidationError(
            {"reason": ["Say why you are changing another member's post; the reason is kept with the revision."]}
        )
    elif len(reason) > limits.NOTE:
        raise ValidationError({"reason": [f"Keep the reason to {limits.NOTE:,} characters."]})
    before = post_snapshot(post)
    current = post.current_revision
    body = current.body if body is None else body
    media = list(current.media.all()) if media is None else list(media)
    accounts = list(post.accounts.all()) if accounts is None else list(accounts)
    category = post.category if category is None else category
    incident = post.incident if incident is ... else incident
    _clean_content(
        by=by,
        department=post.department,
        category=category,
        accounts=accounts,
        incident=incident,
        body=body,
        media=media,
    )
    if not permissions.authorized_for_all(by, accounts):
        raise PermissionDenied("You need a current authorization for every target account.")
    content_changed = content_sha256(body, [m.sha256 for m in media]) != current.sha256
    if content_changed:
        _write_revision(post, by=by, body=body, media=media, reason=reason)
    post.category = category
    post.incident = incident
    if publish_at is not ...:
        post.publish_at = publish_at
    post.accounts.set(accounts)
    after = post_snapshot(post)
    if after == before:
        return post
    if post.status in (S.APPROVED, S.SCHEDULED):
        hooks.edited_after_approval(post, by)
        post.status = S.DRAFT
        after["status"] = S.DRAFT
    if reason:
        after["reason"] = reason
    post.save()
    AuditEvent.record(actor=by, action="posts.edit", target=post, before=before, after=after)
    return post


def _check_approved_content(post: Post) -> PostRevision:
    """Publishing sends exactly the approved revision, byte for byte (DESIGN.md lifecycle). Which revision
    was approved is approvals' to say (posts.hooks.approved_revision)."""
    approved = hooks.approved_revision(post)
    revision = post.current_revision
    if approved is None or approved[0] != revision.pk:
        raise InvalidTransition(post, "publish", "The current text is not the approved revision.")
    actual = revision.compute_sha256()
    if actual != approved[1] or actual != revision.sha256:
        raise InvalidTransition(
            post,
            "publish",
            "The post's content does not match what was approved; it will not be published. Edit and submit it again.",
        )
    return revision


@transaction.atomic
def publish(*, by, post: Post, urls: dict[int, str] | None = None) -> Post:
    """Publish an approved post to its accounts, or schedule it for its publish-at time.

    Manual accounts need the URL of the post the PIO made by hand; webhook accounts
    are published by a Celery task after this transaction commits.
    """
    urls = {int(k): v for k, v in (urls or {}).items()}
    post = lock(post)
    require_state(post, "published", [S.APPROVED])
    if reason := permissions.covert_refusal(post.accounts.all()):
        raise PermissionDenied(reason)
    permissions.require(by, "publish_post", post, "You need a current authorization for every target account.")
    revision = _check_approved_content(post)
    accounts = list(post.accounts.all())
    if blocked := [
        f"{a}: " + ", ".join(a.checklist_missing) if a.is_approved else f"{a}: not approved"
        for a in accounts
        if not a.publishable
    ]:
        raise ValidationError(
            {
                "accounts": [
                    f"Not ready to publish to ({post.department.cite('public_posting')}"
                    f", general policy IV.A): {'; '.join(blocked)}."
                ]
            }
        )
    manual = [a for a in accounts if a.channel == Channel.MANUAL]
    if missing := [str(a) for a in manual if not urls.get(a.pk)]:
        raise ValidationError({"url": [f"Record the URL of the post on: {', '.join(missing)}."]})
    if post.publish_at and post.publish_at > timezone.now():
        if manual:
            raise ValidationError({"publish_at": ["Posts to accounts published by hand cannot be scheduled."]})
        post.status = S.SCHEDULED
        post.save(update_fields=["status", "updated_at"])
        AuditEvent.record(
            actor=by,
            action="posts.schedule",
            target=post,
            before={"status": S.APPROVED},
            after={"status": S.SCHEDULED, "publish_at": post.publish_at},
        )
        return post
    for account in manual:
        published = get_channel(account).publish(revision, url=urls[account.pk])
        _record_publication(post, account, revision, published.external_id, published.url, by=by)
    post.publish_error = ""
    post.save(update_fields=["publish_error", "updated_at"])
    _complete_if_published(post, by=by)
    _send_automatic(post)
    return post


def _send_automatic(post: Post) -> None:
    pending = [
        a.pk
        for a in post.accounts.all()
        if a.channel != Channel.MANUAL and not Publication.objects.filter(post=post, account=a).exists()
    ]
    for account_id in pending:
        outbox.enqueue(PUBLISH_TASK, post.pk, account_id)


def _record_publication(post, account, revision, external_id, url, *, by=None, cid="") -> Publication | None:
    """Record a publication once: a repeated task or a second click finds it already there."""
    try:
        with transaction.atomic():
            publication = Publication.objects.create(
                post=post,
                account=account,
                revision=revision,
                sha256=revision.sha256,
                channel=account.channel,
                external_id=external_id,
                external_cid=cid,
                url=url,
                published_by=by,
                published_at=timezone.now(),
            )
    except IntegrityError:
        return None
    AuditEvent.record(
        actor=by,
        action="posts.publication.record",
        target=post,
        after={"account": account.pk, "external_id": external_id, "cid": cid, "url": url, "sha256": revision.sha256},
    )
    return publication


def _complete_if_published(post: Post, *, by=None) -> None:
    if post.status == S.PUBLISHED:
        return
    published = set(post.publications.values_list("account_id", flat=True))
    if published >= set(post.accounts.values_list("pk", flat=True)):
        before = post.status
        post.status = S.PUBLISHED
        post.published_at = timezone.now()
        post.save(update_fields=["status", "published_at", "updated_at"])
        AuditEvent.record(
            actor=by,
            action="posts.publish",
            target=post,
            before={"status": before},
            after={"status": S.PUBLISHED, "sha256": post.current_revision.sha256},
        )


def publish_to_account(post_id: int, account_id: int) -> str:
    """Run by the Celery task: send one post to one automatic account and record it exactly once.

    Raises ChannelError for the task to retry; the error stays visible on the post.
    """
    with transaction.atomic():
        post = Post.objects.select_for_update(of=("self",)).select_related("current_revision").get(pk=post_id)
        if post.status not in (S.APPROVED, S.SCHEDULED, S.PUBLISHING):
            return f"skipped: post is {post.status}"
        if Publication.objects.filter(post_id=post_id, account_id=account_id).exists():
            return "already published"
        revision = _check_approved_content(post)
        account = post.accounts.get(pk=account_id)
    # The network call happens outside any transaction; the row lock is not held across it.
    try:
        published = get_channel(account).publish(revision)
    except ChannelError as error:
        with transaction.atomic():
            Post.objects.filter(pk=post_id).update(publish_error=f"{account}: {error}")
            AuditEvent.record(
                actor=None,
                action="posts.publication.fail",
                target=post,
                after={"account": account_id, "error": str(error)},
            )
        raise
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post_id)
        recorded = _record_publication(post, account, revision, published.external_id, published.url, cid=published.cid)
        if recorded is not None:
            post.publish_error = ""
            post.save(update_fields=["publish_error", "updated_at"])
        _complete_if_published(post)
    return "published" if recorded else "already published"


def due_scheduled_posts(now=None):
    return Post.objects.filter(status=S.SCHEDULED, publish_at__lte=now or timezone.now())


def claim_scheduled_post(post_id: int, now=None) -> list[int] | None:
    """Claim one scheduled post whose time has come and hand its accounts to the publishing task; returns the
    account ids handed out, or None if another tick or worker claimed it first.

    The claim is a conditional update from scheduled to publishing that must change exactly one row
    (STYLE.md §5): the beat job runs every minute, and without it a post still being published (a slow or
    failing platform being retried) would get a new retry chain each minute.
    """
    now = now or timezone.now()
    with transaction.atomic():
        claimed = Post.objects.filter(pk=post_id, status=S.SCHEDULED, publish_at__lte=now).update(
            status=S.PUBLISHING, updated_at=now
        )
        if claimed != 1:
            return None  # another tick or worker got there first
        post = Post.objects.get(pk=post_id)
        accounts = list(post.accounts.exclude(channel=Channel.MANUAL).values_list("pk", flat=True))
        AuditEvent.record(
            actor=None,
            action="posts.publishing",
            target=post,
            before={"status": S.SCHEDULED},
            after={"status": S.PUBLISHING, "publish_at": post.publish_at, "accounts": accounts},
        )
        for account_id in accounts:
            outbox.enqueue(PUBLISH_TASK, post_id, account_id)
    return accounts


@transaction.atomic
def remove(*, by, post: Post, reason: str) -> RemovalInvestigation:
    """A supervisor removes published content from public view and an investigation of its cause opens (3xx.5)."""
    reason = (reason or "").strip()
    post = lock(post)
    require_state(post, "removed", [S.PUBLISHED])
    permissions.require(
        by, "remove_post", post, f"Only a supervisor removes content ({post.department.cite('prohibited')})."
    )
    if not reason:
        raise ValidationError({"reason": ["Say why the content is being removed from public view."]})
    post.status = S.REMOVED
    post.removed_at = timezone.now()
    post.status_note = reason
    post.save(update_fields=["status", "removed_at", "status_note", "updated_at"])
    post.publications.update(removal_state=RemovalState.PENDING)
    investigation = RemovalInvestigation.objects.create(
        department=post.department, post=post, removed_by=by, reason=reason
    )
    event = AuditEvent.record(
        actor=by,
        action="posts.remove",
        target=post,
        before={"status": S.PUBLISHED},
        after={"status": S.REMOVED, "reason": reason, "investigation": investigation.pk},
    )
    notify.removed(post, investigation, event, by=by)
    for publication in post.publications.select_related("account"):
        if publication.account.channel != Channel.MANUAL:
            outbox.enqueue("posts.tasks.remove_from_account_task", publication.pk)
    return investigation


def remove_from_account(publication_id: int) -> str:
    """Run by the Celery task: take one publication down through its channel."""
    publication = Publication.objects.select_related("account", "post").get(pk=publication_id)
    if publication.removal_state != RemovalState.PENDING:
        return "nothing to do"
    try:
        get_channel(publication.account).remove(publication.external_id)
    except ChannelError as error:
        Publication.objects.filter(pk=publication_id).update(removal_error=str(error))
        raise
    with transaction.atomic():
        claimed = Publication.objects.filter(pk=publication_id, removal_state=RemovalState.PENDING).update(
            removal_state=RemovalState.REMOVED, removed_at=timezone.now(), removal_error=""
        )
        if claimed == 1:
            AuditEvent.record(
                actor=None,
                action="posts.publication.remove",
                target=publication.post,
                after={"account": publication.account_id},
            )
    return "removed"


@transaction.atomic
def confirm_manual_removal(*, by, publication: Publication) -> Publication:
    """The content was taken down by hand on the platform; the removal task is done."""
    publication = Publication.objects.select_for_update().select_related("post").get(pk=publication.pk)
    if publication.removal_state != RemovalState.PENDING:
        raise InvalidTransition(publication, "confirm removal", "There is no removal pending for this account.")
    permissions.require(by, "confirm_removal", publication.post)
    publication.removal_state = RemovalState.REMOVED
    publication.removed_at = timezone.now()
    publication.removed_by = by
    publication.save(update_fields=["removal_state", "removed_at", "removed_by"])
    AuditEvent.record(
        actor=by,
        action="posts.publication.remove",
        target=publication.post,
        after={"account": publication.account_id, "by_hand": True},
    )
    return publication


@transaction.atomic
def resolve_investigation(
    *, by, investigation: RemovalInvestigation, cause: str, findings: str, resolution: str
) -> RemovalInvestigation:
    investigation = RemovalInvestigation.objects.select_for_update().get(pk=investigation.pk)
    if not investigation.is_open:
        raise InvalidTransition(investigation, "resolve", "This investigation is already resolved.")
    permissions.require(by, "resolve_investigation", investigation)
    errors = {
        field: [f"Required to close the investigation ({investigation.department.cite('prohibited')})."]
        for field, value in (("cause", cause), ("resolution", resolution))
        if not (value or "").strip()
    }
    if errors:
        raise ValidationError(errors)
    investigation.cause = cause.strip()
    investigation.findings = (findings or "").strip()
    investigation.resolution = resolution.strip()
    investigation.resolved_by = by
    investigation.resolved_at = timezone.now()
    investigation.save()
    AuditEvent.record(
        actor=by,
        action="posts.investigation.resolve",
        target=investigation,
        after={
            "cause": investigation.cause,
            "findings": investigation.findings,
            "resolution": investigation.resolution,
        },
    )
    return investigation


@transaction.atomic
def open_incident(*, by, name: str, commander, pio=None) -> Incident:
    permissions.require(by, "open_incident", None, "Only a supervisor or the chief opens an incident.")
    errors = {}
    if not (name or "").strip():
        errors["name"] = ["Name the incident."]
    if commander is None or commander.department_id != by.department_id:
        errors["commander"] = ["Choose the Incident Commander from your department."]
    if pio is not None and pio.department_id != by.department_id:
        errors["pio"] = ["Choose the PIO from your department."]
    if errors:
        raise ValidationError(errors)
    incident = Incident.objects.create(
        department=by.department, name=name.strip(), commander=commander, pio=pio, opened_by=by
    )
    _sync_incident_permission(incident)
    AuditEvent.record(
        actor=by,
        action="posts.incident.open",
        target=incident,
        after={"name": incident.name, "commander": commander.pk, "pio": pio.pk if pio else None},
    )
    return incident


@transaction.atomic
def close_incident(*, by, incident: Incident) -> Incident:
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if not incident.is_active:
        raise InvalidTransition(incident, "close", "This incident is already closed.")
    permissions.require(by, "close_incident", incident)
    incident.status = IncidentStatus.CLOSED
    incident.closed_by = by
    incident.closed_at = timezone.now()
    incident.save()
    _sync_incident_permission(incident)
    AuditEvent.record(
        actor=by,
        action="posts.incident.close",
        target=incident,
        before={"status": IncidentStatus.ACTIVE},
        after={"status": IncidentStatus.CLOSED},
    )
    return incident


def _sync_incident_permission(incident: Incident) -> None:
    """The commander's object permission is derived from the incident record (3xx.4.1)."""
    holders = set(get_users_with_perms(incident, only_with_perms_in=["approve_for_incident"]))
    should = {incident.commander} if incident.is_active else set()
    for member in holders - should:
        remove_perm("posts.approve_for_incident", member, incident)
    for member in should - holders:
        assign_perm("posts.approve_for_incident", member, incident)


@transaction.atomic
def report_content(*, by, description: str, post: Post | None = None, url: str = "") -> ContentReport:
    """Any member reports content they believe is unauthorized or inappropriate (3xx.5)."""
    errors = {}
    if not (description or "").strip():
        errors["description"] = ["Say what is wrong with the content."]
    if post is None and not url:
        errors["url"] = ["Give the post or its URL."]
    if errors:
        raise ValidationError(errors)
    report = ContentReport.objects.create(
        department=by.department, reporter=by, post=post, url=url, description=description.strip()
    )
    event = AuditEvent.record(
        actor=by,
        action="posts.report.create",
        target=report,
        after={"post": post.pk if post else None, "url": url, "description": report.description},
    )
    notify.reported(report, event, by=by)
    return report


def open_capture_investigation(*, by, report: ContentReport, reason: str, removed_text: str) -> RemovalInvestigation:
    """A supervisor removes content capture found (platforms/, which takes it down through the channel): the
    investigation of its cause opens as for a removed post (3xx.5). Runs in the removal's transaction."""
    permissions.require(
        by, "remove_post", report, f"Only a supervisor removes content ({report.department.cite('prohibited')})."
    )
    if not (reason or "").strip():
        raise ValidationError({"reason": ["Say why the content is being removed from public view."]})
    investigation = RemovalInvestigation.objects.create(
        department=report.department,
        post=None,
        report=report,
        removed_by=by,
        reason=reason.strip(),
        removed_text=removed_text,
    )
    event = AuditEvent.record(
        actor=by,
        action="posts.investigation.open",
        target=investigation,
        after={"report": report.pk, "reason": investigation.reason},
    )
    notify.investigation_opened(investigation, event, by=by)
    return investigation


def report_found_by_capture(*, department, description: str, url: str, captured_uri: str) -> ContentReport:
    """Capture (platforms/) opens a report of content on an account that socialgov did not publish, or of a
    deletion made outside it (3xx.5(g)); runs in the capture's transaction."""
    report = ContentReport.objects.create(
        department=department,
        reporter=None,
        found_by=ReportSource.CAPTURE,
        post=None,
        url=url,
        captured_uri=captured_uri,
        description=description,
    )
    event = AuditEvent.record(
        actor=None,
        action="posts.report.create",
        target=report,
        department=department,
        after={"found_by": ReportSource.CAPTURE, "url": url, "captured_uri": captured_uri, "description": description},
    )
    notify.found_by_capture(report, event)
    return report


@transaction.atomic
def record_outside_removal(*, by, report: ContentReport, how: str, removed_at) -> RemovalInvestigation:
    """A supervisor records that content socialgov did not publish, named by a member's report, was removed from
    public view: how and when (issue 16.6). That opens the same removal investigation as removing a post published
    through socialgov (3xx.5), open until a supervisor records its cause and resolution. 409 for a report about a
    post socialgov published (remove the post instead), once recorded, or once the report is closed."""
    report = ContentReport.objects.select_for_update().select_related("department").get(pk=report.pk)
    section = report.department.cite("prohibited")
    permissions.require(by, "record_outside_removal", report, f"Only a supervisor records a removal ({section}).")
    if (
        report.post_id is not None
        or Publication.objects.filter(post__department_id=report.department_id, url=report.url).exists()
    ):
        raise InvalidTransition(
            report,
            "marked removed",
            "socialgov published this content: remove its post, which opens the investigation.",
        )
    if report.removed_at is not None:
        raise InvalidTransition(report, "marked removed", "This content is recorded as removed already.")
    if report.status != ReportStatus.OPEN:
        raise InvalidTransition(report, "marked removed", "This report is closed.")
    how = (how or "").strip()
    if not how:
        raise ValidationError({"how": ["Say how the content was removed from public view."]})
    if len(how) > 2000:
        raise ValidationError({"how": ["At most 2000 characters."]})
    if removed_at is None:
        raise ValidationError({"removed_at": ["Say when the content was removed."]})
    if removed_at > timezone.now():
        raise ValidationError({"removed_at": ["The removal cannot be in the future."]})
    report.removed_at, report.removal_how, report.removal_recorded_by = removed_at, how, by
    report.save(update_fields=["removed_at", "removal_how", "removal_recorded_by"])
    investigation = RemovalInvestigation.objects.create(
        department=report.department,
        report=report,
        removed_by=by,
        reason=f"Content found outside socialgov at {report.url}, reported as: {report.description} "
        f"Removed from public view {timezone.localtime(removed_at):%Y-%m-%d %H:%M}: {how}",
    )
    event = AuditEvent.record(
        actor=by,
        action="posts.report.removed",
        target=report,
        after={"url": report.url, "how": how, "removed_at": removed_at, "investigation": investigation.pk},
    )
    notify.investigation_opened(investigation, event, by=by)
    return investigation


@transaction.atomic
def close_report(*, by, report: ContentReport, action_taken: str) -> ContentReport:
    report = ContentReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.OPEN:
        raise InvalidTransition(report, "close", "This report is already closed.")
    permissions.require(
        by, "close_report", report, f"Only a supervisor closes a report ({report.department.cite('reporting')})."
    )
    if not (action_taken or "").strip():
        raise ValidationError({"action_taken": ["Record the action taken."]})
    report.status = ReportStatus.CLOSED
    report.action_taken = action_taken.strip()
    report.closed_by = by
    report.closed_at = timezone.now()
    report.save()
    AuditEvent.record(
        actor=by,
        action="posts.report.close",
        target=report,
        before={"status": ReportStatus.OPEN},
        after={"status": ReportStatus.CLOSED, "action_taken": report.action_taken},
    )
    return report


ACCOUNT_FIELDS = [
    "platform",
    "handle",
    "url",
    "kind",
    "channel",
    "webhook_url",
    "monitoring_supervisor",
    *CHECKLIST_FIELDS,
]


def account_snapshot(account: SocialAccount) -> dict:
    snapshot = {field: getattr(account, field) for field in ACCOUNT_FIELDS if field != "monitoring_supervisor"}
    snapshot["monitoring_supervisor"] = account.monitoring_supervisor_id
    snapshot["webhook_secret_set"] = bool(account.webhook_secret)
    return snapshot


def _clean_account(by, account: SocialAccount, saved_webhook_url: str = "") -> None:
    errors = {}
    if account.is_covert:
        supervisor = account.monitoring_supervisor
        if (
            supervisor is None
            or supervisor.department_id != by.department_id
            or not supervisor.has_role(Role.SUPERVISOR)
        ):
            errors["monitoring_supervisor"] = [
                "A covert account needs a supervisor assigned to monitor it (general policy IV.E)."
            ]
    if account.channel == Channel.WEBHOOK and not (account.webhook_url and account.webhook_secret):
        errors["webhook_url"] = ["The webhook channel needs a URL and a secret."]
    elif account.webhook_url and account.webhook_url != saved_webhook_url:
        # https on a public address only, so that the address cannot reach inside the network (issue 17.5); the
        # channel checks it again before each request.
        try:
            outbound.check_service_url(account.webhook_url)
        except ValidationError as error:
            errors["webhook_url"] = error.messages
    try:
        account.full_clean(exclude=["department", "approved_by", "monitoring_supervisor"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_account(*, by, **fields) -> SocialAccount:
    """The chief adds a platform account; it needs the chief's approval before anyone posts (general IV.A.2)."""
    permissions.require(by, "edit_account", None, "Only the chief of police adds social media accounts.")
    account = SocialAccount(department=by.department, **fields)
    _clean_account(by, account)
    account.save()
    AuditEvent.record(actor=by, action="posts.account.create", target=account, after=account_snapshot(account))
    return account


@transaction.atomic
def update_account(*, by, account: SocialAccount, **fields) -> SocialAccount:
    """The chief keeps the page checklist and channel settings (general policy IV.A; §3xx.5.1)."""
    account = SocialAccount.objects.select_for_update().get(pk=account.pk)
    permissions.require(by, "edit_account", account, "Only the chief of police changes social media accounts.")
    unknown = set(fields) - set(ACCOUNT_FIELDS) - {"webhook_secret"}
    if unknown:
        raise ValidationError({field: ["This field cannot be changed here."] for field in sorted(unknown)})
    before = account_snapshot(account)
    for field, value in fields.items():
        setattr(account, field, value)
    _clean_account(by, account, saved_webhook_url=before["webhook_url"])
    after = account_snapshot(account)
    if after == before and "webhook_secret" not in fields:
        return account
    account.save()
    AuditEvent.record(actor=by, action="posts.account.update", target=account, before=before, after=after)
    return account


@transaction.atomic
def approve_account(*, by, account: SocialAccount) -> SocialAccount:
    """The chief approves a platform account for the department's use (general policy IV.A.2, IV.E)."""
    account = SocialAccount.objects.select_for_update().get(pk=account.pk)
    if account.approved_at is not None:
        raise InvalidTransition(account, "approve", "This account is already approved.")
    permissions.require(
        by,
        "approve_account",
        account,
        designees.refusal(by, designees.Scope.ACCOUNTS)
        if designees.was_named(by)
        else "Only the chief of police approves social media accounts (general policy IV.A.2).",
    )
    missing = account.checklist_missing
    if missing:
        # Not offered on the page while items are missing (issue 14.3); refused here for every caller.
        raise InvalidTransition(
            account,
            "approve",
            (
                f"{len(missing)} item{'s' if len(missing) != 1 else ''} of the page checklist "
                f"{'are' if len(missing) != 1 else 'is'} missing; complete the checklist before approving the account "
                "(general policy IV.A)."
            ),
        )
    account.approved_by = by
    account.approved_at = timezone.now()
    account.save(update_fields=["approved_by", "approved_at", "updated_at"])
    AuditEvent.record(
        actor=by,
        action="posts.account.approve",
        target=account,
        after={
            "approved_by": by.pk,
            "approved_at": account.approved_at,
            "decided": designees.acting_as(by, designees.Scope.ACCOUNTS),
        },
    )
    return account
