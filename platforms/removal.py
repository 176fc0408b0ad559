"""A supervisor removes content capture found on an account, content socialgov never published (3xx.5(g)): it is
taken down through the account's channel and the investigation of its cause opens (posts.services)."""

from django.db import transaction
from django.utils import timezone

from audits.models import AuditEvent
from posts import permissions as posts_permissions
from posts import services as posts_services
from posts.channels import get_channel
from socialgov import outbox
from socialgov.errors import InvalidTransition

from .models import CapturedPost


@transaction.atomic
def remove_captured(*, by, captured: CapturedPost, reason: str):
    """Open the investigation and ask the channel to delete the post, after commit. Returns the investigation."""
    # of=self: PostgreSQL cannot lock the nullable side of the outer join to the report.
    captured = (
        CapturedPost.objects.select_for_update(of=("self",)).select_related("account", "report").get(pk=captured.pk)
    )
    posts_permissions.require(
        by,
        "remove_post",
        captured.account,
        f"Only a supervisor removes content ({captured.account.department.cite('prohibited')}).",
    )
    if captured.authorized:
        raise InvalidTransition(
            captured, "remove", "This post was published through socialgov: remove the post itself from its page."
        )
    if captured.deleted_at or captured.removal_requested_at:
        raise InvalidTransition(captured, "remove", "This post is already gone or being removed.")
    if captured.report is None:
        raise InvalidTransition(captured, "remove", "Capture has not reported this post yet.")
    investigation = posts_services.open_capture_investigation(
        by=by, report=captured.report, reason=reason, removed_text=captured.text
    )
    captured.removal_requested_at = timezone.now()
    captured.save(update_fields=["removal_requested_at"])
    AuditEvent.record(
        actor=by,
        action="platforms.capture.remove",
        target=captured,
        after={"uri": captured.uri, "investigation": investigation.pk, "reason": investigation.reason},
    )
    outbox.enqueue("platforms.tasks.remove_captured_task", captured.pk)  # STYLE.md §11
    return investigation


def take_down(captured_id: int) -> str:
    """Run by the task: delete the post on the platform through the account's channel (ChannelError: retried)."""
    captured = CapturedPost.objects.select_related("account").get(pk=captured_id)
    if captured.deleted_at:
        return "already gone"
    get_channel(captured.account).remove(captured.uri)
    with transaction.atomic():
        claimed = CapturedPost.objects.filter(pk=captured_id, deleted_at__isnull=True).update(deleted_at=timezone.now())
        if claimed:
            AuditEvent.record(
                actor=None,
                action="platforms.capture.removed",
                target=captured,
                department=captured.account.department,
                after={"uri": captured.uri},
            )
    return "removed"
