"""Reminders of removal investigations still open (3xx.5), registered with notifications.reminders."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from notifications.reminders import DueEvent, chiefs, source

from .models import RemovalInvestigation

# An investigation of removed content still open this long reminds the supervisor and the chief.
INVESTIGATION_OPEN_DAYS = 14


@source("posts.investigation_open")
def investigations_open(now):
    opened_before = now - timedelta(days=INVESTIGATION_OPEN_DAYS)
    investigations = RemovalInvestigation.objects.filter(resolved_at__isnull=True, opened_at__lte=opened_before)
    investigations = investigations.select_related("removed_by", "department", "report").order_by("opened_at", "pk")
    for investigation in investigations:
        section = investigation.department.cite("prohibited")
        yield DueEvent(
            key=f"posts.investigation:{investigation.pk}:open-{INVESTIGATION_OPEN_DAYS}-days",
            kind="posts.investigation_open",
            department_id=investigation.department_id,
            recipients=(investigation.removed_by, *chiefs(investigation.department_id)),
            subject=f"The investigation of removed {investigation.subject} is still open",
            reason=f"{investigation.subject.capitalize()} was removed from public view by "
            f"{investigation.removed_by.display_name} on "
            f"{timezone.localtime(investigation.opened_at):%b %-d, %Y} and the investigation of its cause "
            f"has been open for more than {INVESTIGATION_OPEN_DAYS} days. Record the cause and the "
            f"resolution ({section}).",
            link=reverse("posts:investigation", args=[investigation.pk]),
        )
