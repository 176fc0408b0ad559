"""Active incidents whose posts the Incident Commander approves (3xx.4.1)."""

from django.conf import settings
from django.db import models

from ..choices import IncidentStatus


class IncidentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=IncidentStatus.ACTIVE)


class Incident(models.Model):
    """An active incident: the PIO compiles the updates, the Incident Commander approves them (3xx.4.1)."""

    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="incidents")
    name = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=IncidentStatus.choices, default=IncidentStatus.ACTIVE)
    commander = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="incidents_commanded"
    )
    pio = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="incidents_informed"
    )
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at"]
        permissions = [("approve_for_incident", "May approve posts about this incident (its commander)")]

    def __str__(self):
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == IncidentStatus.ACTIVE
