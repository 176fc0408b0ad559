"""The monitoring reminder (general policy IV.E.2; issue 16.1): an open operation whose monitoring supervisor has
written nothing in its log for the pack's period (14 days unless the pack sets `covert_monitoring_reminder_days`)
reminds the supervisor once. The key names the last entry (or the approval), so the same quiet stretch is told
once however often the job runs; a new entry starts a new stretch."""

from datetime import timedelta

from django.urls import reverse

from notifications.reminders import DueEvent, source

from .choices import OperationStatus
from .models import Operation
from .services import monitoring_reminder_days


@source("operations.monitoring")
def operations_unmonitored(now):
    for operation in Operation.objects.filter(status=OperationStatus.OPEN).select_related(
        "department", "monitoring_supervisor"
    ):
        last = operation.last_monitored_at()
        days = monitoring_reminder_days(operation.department)
        if last is None or now - last < timedelta(days=days):
            continue
        section = operation.department.cite("covert") or "general policy IV.E"
        yield DueEvent(
            key=f"operations.monitoring:{operation.pk}:{last.isoformat()}",
            kind="operations.monitoring",
            department_id=operation.department_id,
            recipients=(operation.monitoring_supervisor,),
            subject=f"No monitoring entry for {days} days: operation {operation.name}",
            reason=f"Nothing has been written in the monitoring log of operation {operation.name} (case "
            f"{operation.case_number}) since {last:%b %-d, %Y}, {days} days or more. The monitoring "
            f"supervisor keeps the log ({section}).",
            link=reverse("api-operation-detail", args=[operation.pk]),
        )
