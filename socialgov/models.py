"""The outbox (STYLE.md §11; issue 19.1) and the beat's heartbeat.

A task that must run because a change committed is written as an `OutboxMessage` in the change's own
transaction, so it exists exactly when the change does. `socialgov.outbox` hands it to Celery after commit when
the broker answers, and beat's sweep hands over whatever is left when it did not. A broker outage delays the
work; it never loses it and never fails the request.
"""

from django.db import models
from django.utils import timezone


class OutboxQuerySet(models.QuerySet):
    def pending(self):
        """Not yet handed to the broker."""
        return self.filter(sent_at__isnull=True)

    def claimable(self, now=None):
        """Pending and not being sent right now (a sender's claim lapses if it died before marking the row)."""
        now = now or timezone.now()
        return self.pending().filter(models.Q(claimed_until__isnull=True) | models.Q(claimed_until__lt=now))

    def for_task(self, task: str, *args):
        return self.filter(task=task, args=list(args))


class OutboxMessage(models.Model):
    """One task a committed change asked for (STYLE.md §11): what to run, with which ids, and whether the broker
    has it yet. Serves every policy duty done after commit: dispositions (3xx.7), publishing (3xx.4), exports,
    email delivery."""

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # A sender claims the row while it talks to the broker; a claim that lapses (the sender died) frees it.
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    objects = OutboxQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["sent_at", "created_at"], name="outbox_pending")]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"

    @property
    def is_pending(self) -> bool:
        return self.sent_at is None


class Heartbeat(models.Model):
    """When a periodic job last ran (the beat sweep: proof that beat, the broker and a worker all answer); the
    health endpoint reports its age."""

    name = models.CharField(max_length=100, primary_key=True)
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.at:%Y-%m-%d %H:%M:%S}"
