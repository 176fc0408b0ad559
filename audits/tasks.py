"""Thin tasks (STYLE.md §5): the audit trail's sequencer and signed checkpoints, which beat asks for
(socialgov/celery.py)."""

from celery import shared_task

from socialgov.celery import DATABASE_RETRIES

from . import checkpoints, sequencer


@shared_task(**DATABASE_RETRIES, soft_time_limit=50, time_limit=60)
def sign_checkpoint_task() -> int | None:
    """A signed checkpoint of the chain head, unless nothing was recorded since the last one."""
    return checkpoints.latest_or_new(reason=checkpoints.Reason.SCHEDULED).pk


@shared_task(**DATABASE_RETRIES, soft_time_limit=50, time_limit=60)
def sequence_audit_events_task() -> int:
    """Chain the pending audit events (audits.sequencer): asked for on every commit that records one, and by beat."""
    return sequencer.sequence_pending()
