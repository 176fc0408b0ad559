"""Reminders of conduct records (issue 15), registered with notifications.reminders.

- A member who has not acknowledged the version in force is reminded 7, 14 and 30 days after it took effect
  (or after their first day, for a member who joined later); at 30 days the chief is told too.
- A member whose permission expires is reminded 7 days before its date.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from notifications.reminders import DueEvent, chiefs, source
from people.models import Department

from .choices import PermissionStatus
from .models import PermissionRequest
from .policy import current_version, pending_since
from .services import pending_members

ACKNOWLEDGMENT_DAYS = (7, 14, 30)
CHIEF_TOLD_AT = 30
EXPIRY_NOTICE_DAYS = 7


@source("conduct.acknowledgment")
def acknowledgment_reminders(now):
    today = timezone.localdate(now)
    for department in Department.objects.all():
        version = current_version(department, today)
        if version is None:
            continue
        link = reverse("conduct:acknowledge")
        for member in pending_members(department, version):
            waited = (today - pending_since(member, version)).days
            for days in ACKNOWLEDGMENT_DAYS:
                if waited < days:
                    break
                key = f"conduct.acknowledgment:{version.pk}:{member.pk}:{days}"
                yield DueEvent(
                    key=key,
                    kind="conduct.acknowledgment",
                    department_id=department.pk,
                    recipients=(member,),
                    subject=f"Acknowledge the social media policy, version {version.version}",
                    reason=f"Version {version.version} of the department's social media policy took effect on "
                    f"{version.effective_on:%b %-d, %Y}, and you have not acknowledged it after {days} days. "
                    "Read it and sign.",
                    link=link,
                )
                if days == CHIEF_TOLD_AT:
                    yield DueEvent(
                        key=f"{key}:chief",
                        kind="conduct.acknowledgment_overdue",
                        department_id=department.pk,
                        recipients=tuple(chiefs(department.pk)),
                        subject=f"{member.display_name} has not acknowledged the social media policy in 30 days",
                        reason=f"{member.display_name} has not acknowledged version {version.version}, in force "
                        f"since {pending_since(member, version):%b %-d, %Y}.",
                        link=reverse("conduct:pending"),
                    )


@source("conduct.permission_expiring")
def permission_expiring(now):
    today = timezone.localdate(now)
    due = PermissionRequest.objects.filter(
        status=PermissionStatus.GRANTED,
        expires_on__gt=today,
        expires_on__lte=today + timedelta(days=EXPIRY_NOTICE_DAYS),
    ).select_related("requester")
    for request in due.order_by("expires_on", "pk"):
        yield DueEvent(
            key=f"conduct.permission_expiring:{request.pk}:{request.expires_on:%Y%m%d}",
            kind="conduct.permission_expiring",
            department_id=request.department_id,
            recipients=(request.requester,),
            subject=f"Your permission #{request.pk} expires on {request.expires_on:%b %-d, %Y}",
            reason=f"The permission for {request.get_kind_display().lower()} ({request.citation}) expires on "
            f"{request.expires_on:%b %-d, %Y}. Ask again before then if you still need it.",
            link=reverse("conduct:request", args=[request.pk]),
        )
