"""Record series and their retention schedules (3xx.7; Government Code §34090)."""

import math
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from socialgov import limits

from ..choices import (
    Disposition,
    RecordType,
    Trigger,
)
from ..querysets import (
    RecordSeriesQuerySet,
)


def months_to_days(months: int) -> int:
    """A policy's months as the days a schedule counts. A year is 365.25 days, rounded up, so 24 months
    is 731 days: no two-year span, leap day included, is cut short (Government Code §34090)."""
    return math.ceil(months * 365.25 / 12)


def start_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class RecordSeries(models.Model):
    """A kind of record the department keeps, with its retention schedule (3xx.7; general policy IV.A.7).

    Created from the department's policy pack ([[retention]]); the records custodian keeps the schedule.
    """

    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="record_series")
    key = models.SlugField(max_length=40, help_text='The pack\'s series key, e.g. "removed_posts".')
    name = models.CharField(max_length=200)
    record_type = models.PositiveSmallIntegerField(choices=RecordType.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RecordSeriesQuerySet.as_manager()

    class Meta:
        ordering = ["department", "id"]
        verbose_name_plural = "record series"
        constraints = [models.UniqueConstraint(fields=["department", "key"], name="unique_series_per_department")]

    def __str__(self):
        return self.name

    @property
    def record_type_slug(self) -> str:
        return RecordType(self.record_type).slug


class RetentionSchedule(models.Model):
    """How long a series is kept after the event that starts its period, and what happens then (3xx.7).

    For California departments nothing is destroyed before two years (Government Code §34090):
    retention.services.update_schedule refuses a shorter period, citing the department's minimum.
    """

    series = models.OneToOneField(RecordSeries, on_delete=models.CASCADE, related_name="schedule")
    retention_days = models.PositiveIntegerField()
    trigger = models.CharField(max_length=20, choices=Trigger.choices)
    disposition = models.CharField(max_length=20, choices=Disposition.choices)
    note = models.TextField(
        max_length=limits.NOTE, blank=True, help_text="Why the schedule differs from the policy pack, if it does."
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.series}: {self.retention_days} days after {self.get_trigger_display().lower()}"

    def eligible_on(self, trigger_at: datetime | None) -> date | None:
        """The first day a record whose period started at `trigger_at` may be disposed of."""
        if trigger_at is None or self.disposition == Disposition.KEEP:
            return None
        return timezone.localdate(trigger_at) + timedelta(days=self.retention_days)

    def boundary(self, on: date) -> datetime:
        """Records whose trigger is before this instant are past retention on day `on`: eligible on
        D means local_date(trigger) + days <= D, that is trigger < the start of D - days + 1."""
        return start_of_day(on - timedelta(days=self.retention_days) + timedelta(days=1))
