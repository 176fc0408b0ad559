"""Who is told of a submission, a decision and a post request (3xx.3, 3xx.4.1), through notifications.tell:
Notification rows written in the change's transaction, emailed after commit by the claimed delivery task.

Who approves is asked of approvals.rules.approvers_for, the rule the decision itself applies (incident
commander, supervisor, or any authorized member other than the author), never worked out a second time here.
"""

from django.urls import reverse

from notifications import services as notifications
from notifications.reminders import role_holders
from people.roles import Role

from .rules import approvers_for

DECISION_WORDS = {
    "posts.approve": ("posts.approved", "approved"),
    "posts.request_changes": ("posts.changes_requested", "sent back to you for changes"),
    "posts.reject": ("posts.rejected", "rejected"),
}


def submitted(post, event, *, by) -> None:
    cite = post.department.cite("authorized_users")
    notifications.tell(
        key=f"posts.submit:{event.pk}",
        kind="posts.submitted",
        department_id=post.department_id,
        recipients=approvers_for(post),
        skip=by,
        subject=f"Post #{post.pk} waits for your approval",
        reason=f"{by.display_name} submitted post #{post.pk} for approval, and you may approve it ({cite}).",
        link=reverse("posts:detail", args=[post.pk]),
    )


def decided(post, event, *, by) -> None:
    kind, words = DECISION_WORDS[event.action]
    note = f" Note: {post.status_note}" if post.status_note else ""
    notifications.tell(
        key=f"{event.action}:{event.pk}",
        kind=kind,
        department_id=post.department_id,
        recipients=[post.author],
        skip=by,
        subject=f"Post #{post.pk} was {words}",
        reason=f"{by.display_name} {words.replace('to you ', '')} your post #{post.pk} "
        f"({post.department.cite('authorized_users')}).{note}",
        link=reverse("posts:detail", args=[post.pk]),
    )


def _request_link(request) -> str:
    return reverse("approvals:request", args=[request.pk])


def request_to_supervisor(request, event) -> None:
    notifications.tell(
        key=f"approvals.request.create:{event.pk}",
        kind="approvals.request_submitted",
        department_id=request.department_id,
        recipients=[request.supervisor],
        subject=f"{request.requester.display_name} asks for a post",
        reason=f"You are {request.requester.display_name}'s chain-of-command supervisor: forward the request to "
        f"the PIO or decline it ({request.department.cite('authorized_users')}). {request.summary}",
        link=_request_link(request),
    )


def request_forwarded(request, event, *, by) -> None:
    notifications.tell(
        key=f"approvals.request.forward:{event.pk}",
        kind="approvals.request_forwarded",
        department_id=request.department_id,
        recipients=role_holders(request.department_id, Role.PIO),
        skip=by,
        subject=f"Post request #{request.pk} forwarded to the PIOs",
        reason=f"{by.display_name} forwarded {request.requester.display_name}'s request for a post: draft it "
        f"({request.department.cite('authorized_users')}). {request.summary}",
        link=_request_link(request),
    )
    requester(request, event, by=by)


def requester(request, event, *, by) -> None:
    notifications.tell(
        key=f"{event.action}:{event.pk}:requester",
        kind="approvals.request_decided",
        department_id=request.department_id,
        recipients=[request.requester],
        skip=by,
        subject=f"Your post request #{request.pk}: {request.get_status_display()}",
        reason=request.decision_note or request.summary,
        link=_request_link(request),
    )
