"""Who is told of a conduct record's change (issue 15), through notifications.tell in the change's transaction."""

from django.urls import reverse

from notifications import services as notifications
from notifications.reminders import chiefs
from people import designees

from .choices import PermissionStatus


def deciders(department):
    """The chief and the designees named today to decide permission requests (people.designees)."""
    people = set(chiefs(department.pk)) | set(designees.named_for(department, designees.Scope.PERMISSION_REQUESTS))
    return sorted(people, key=lambda member: member.pk)


def permission_requested(request, event) -> None:
    link = reverse("conduct:request", args=[request.pk])
    if request.status == PermissionStatus.AWAITING_CONSENT:
        recipients, subject = [request.subject_member], f"{request.requester.display_name} asks to post about you"
        reason = (
            f"{request.requester.display_name} asks your consent to post information about you "
            f"({request.citation}). Consent or refuse in the app; a consent can be revoked."
        )
    else:
        recipients, subject = deciders(request.department), f"Permission request #{request.pk} waits for a decision"
        reason = f"{request.requester.display_name} asks permission: {request.get_kind_display()} ({request.citation})."
    notifications.tell(
        key=f"conduct.permission:{event.pk}",
        kind="conduct.permission_requested",
        department_id=request.department_id,
        recipients=recipients,
        skip=request.requester,
        subject=subject,
        reason=reason,
        link=link,
    )


def permission_decided(request, event, *, by) -> None:
    recipients = [request.requester]
    if request.status == PermissionStatus.REVOKED:
        recipients += deciders(request.department)
    extra = f" Conditions: {request.conditions}" if request.conditions else ""
    expiry = (
        f" It expires on {request.expires_on:%b %-d, %Y}."
        if request.expires_on and request.status == PermissionStatus.GRANTED
        else ""
    )
    reason = f" Reason: {request.reason}" if request.reason else ""
    notifications.tell(
        key=f"conduct.permission:{event.pk}",
        kind="conduct.permission_decided",
        department_id=request.department_id,
        recipients=recipients,
        skip=by,
        subject=f"Permission request #{request.pk}: {request.get_status_display().lower()}",
        reason=f"{by.display_name}: {request.get_status_display()} ({request.citation}).{extra}{expiry}{reason}",
        link=reverse("conduct:request", args=[request.pk]),
    )


def permission_expired(request, event) -> None:
    notifications.tell(
        key=f"conduct.permission:{event.pk}",
        kind="conduct.permission_expired",
        department_id=request.department_id,
        recipients=[request.requester],
        subject=f"Your permission #{request.pk} has expired",
        reason=f"The permission granted for {request.get_kind_display().lower()} expired on "
        f"{request.expires_on:%b %-d, %Y} ({request.citation}). Ask again if you still need it.",
        link=reverse("conduct:request", args=[request.pk]),
    )


def report_filed(report, event) -> None:
    notifications.tell(
        key=f"conduct.report:{event.pk}",
        kind="conduct.report_filed",
        department_id=report.department_id,
        recipients=[report.supervisor],
        skip=report.reporter,
        subject=f"A member reported a posting (report #{report.pk})",
        reason=f"{report.reporter.display_name} reported a posting or page that may violate the policy "
        f"({report.department.policy.get('conduct', {}).get('member_reports', 'V.B.2')}). It is confidential: "
        "follow it up, and open a for-cause review from it if needed.",
        link=reverse("conduct:report", args=[report.pk]),
    )


def review_closed(review, event) -> None:
    # The member learns that a review of them closed, and its outcome; the review itself stays confidential.
    notifications.tell(
        key=f"conduct.review:{event.pk}",
        kind="conduct.review_closed",
        department_id=review.department_id,
        recipients=list(review.members.all()),
        skip=review.supervisor,
        subject="A review of your public postings has closed",
        reason=f"A review of members' public postings that included you closed: {review.get_outcome_display()}.",
        link=reverse("conduct:home"),
    )
