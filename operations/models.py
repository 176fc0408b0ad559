"""Undercover operations (general policy IV.E.2; issue 16.1): the chief or a designee approves a covert site, or
postings to other sites, for an undercover investigative operation, and a supervisor is assigned to monitor it.

An operation names its case, who approved it and when, the monitoring supervisor, the members assigned, the covert
accounts it uses, its dates, a monitoring log and its postings to other sites. Its covert accounts are used only
while it is open; closing it ends every assignment.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from socialgov import limits

from .choices import OperationStatus


class Operation(models.Model):
    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="operations")
    name = models.CharField(max_length=200)
    case_number = models.CharField(max_length=60)
    status = models.CharField(
        max_length=10, choices=OperationStatus.choices, default=OperationStatus.PROPOSED, db_index=True
    )
    monitoring_supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    accounts = models.ManyToManyField("posts.SocialAccount", related_name="operations")
    starts_on = models.DateField()
    ends_on = models.DateField(help_text="The planned end; the operation stays open until it is closed.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_as_designee = models.BooleanField(default=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    close_note = models.TextField(max_length=limits.NOTE, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="operation_ends_after_it_starts"
            ),
        ]

    def __str__(self):
        return f"Operation {self.name} (case {self.case_number})"

    @property
    def is_open(self) -> bool:
        return self.status == OperationStatus.OPEN

    def last_monitored_at(self):
        """When the monitoring supervisor last wrote in the log; the approval if never."""
        entry = self.log.order_by("-created_at").first()
        return entry.created_at if entry else self.approved_at


class Assignment(models.Model):
    """A member assigned to an operation, from when until when (closing the operation ends it)."""

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="assignments")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments")
    assigned_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["operation", "member"]
        constraints = [models.UniqueConstraint(fields=["operation", "member"], name="one_assignment_per_member")]

    def __str__(self):
        return f"{self.member} on {self.operation}"


class MonitoringEntry(models.Model):
    """A dated entry of the monitoring supervisor's log (general policy IV.E.2)."""

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="log")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(max_length=limits.NOTE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "monitoring entries"

    def __str__(self):
        return f"Monitoring entry #{self.pk} of {self.operation}"


class ExternalPosting(models.Model):
    """A posting to another site (a third party's page) made within the operation: the link, the text as it was
    captured and its SHA-256 (general policy IV.E.2)."""

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="external_postings")
    url = models.URLField(max_length=500)
    text = models.TextField(max_length=limits.TEXT)
    sha256 = models.CharField(max_length=64)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    captured_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-captured_at", "-id"]

    def __str__(self):
        return f"Posting to {self.url} in {self.operation}"
