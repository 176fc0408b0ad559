"""Thin tasks (STYLE.md §5) of the shared layer: the outbox sweep beat runs (socialgov/celery.py)."""

from celery import shared_task

from . import outbox


@shared_task(soft_time_limit=25, time_limit=30)
def dispatch_outbox_task() -> int:
    """Hand every pending outbox row to the broker. Safe to run twice, or from two beats: each row is claimed."""
    return outbox.dispatch_pending()
