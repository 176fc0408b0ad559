"""Thin tasks (STYLE.md §5): take ids, call the service."""

from celery import shared_task

from posts.tasks import CHANNEL_RETRIES
from socialgov.celery import DATABASE_RETRIES, MUST_NOT_BE_LOST

from . import capture, removal
from .models import Connection, ConnectionStatus


@shared_task(**DATABASE_RETRIES, **MUST_NOT_BE_LOST, soft_time_limit=540, time_limit=600)
def capture_account_task(account_id: int) -> str:
    return capture.capture_account(account_id)


@shared_task(**DATABASE_RETRIES, soft_time_limit=50, time_limit=60)
def capture_all_task() -> int:
    """Beat: one capture task per connected account, so one account's failure never stops another's."""
    ids = list(Connection.objects.filter(status=ConnectionStatus.CONNECTED).values_list("account_id", flat=True))
    for account_id in ids:
        capture_account_task.delay(account_id)
    return len(ids)


@shared_task(**CHANNEL_RETRIES)
def remove_captured_task(captured_id: int) -> str:
    return removal.take_down(captured_id)
