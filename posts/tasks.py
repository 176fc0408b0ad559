"""Thin tasks (STYLE.md §5): take ids, call the service."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from socialgov.celery import DATABASE_RETRIES, MUST_NOT_BE_LOST

from . import services
from .channels import ChannelError

# A platform that fails is tried again with exponential backoff (and jitter), up to eight times.
CHANNEL_RETRIES = {
    **DATABASE_RETRIES,
    **MUST_NOT_BE_LOST,
    "autoretry_for": (ChannelError, *DATABASE_RETRIES["autoretry_for"]),
    "retry_backoff": settings.PUBLISH_RETRY_BACKOFF_SECONDS,
    "retry_backoff_max": 1800,
    "retry_jitter": True,
    "max_retries": 8,
    "soft_time_limit": 50,
    "time_limit": 60,
}


@shared_task(**CHANNEL_RETRIES)
def publish_to_account_task(post_id: int, account_id: int) -> str:
    return services.publish_to_account(post_id, account_id)


@shared_task(**CHANNEL_RETRIES)
def remove_from_account_task(publication_id: int) -> str:
    return services.remove_from_account(publication_id)


@shared_task(**DATABASE_RETRIES, soft_time_limit=100, time_limit=120)
def publish_scheduled_posts_task() -> int:
    """Beat: claim every scheduled post whose time has come and hand it to the publishing task; returns how many
    this tick claimed. A second tick, or a second beat, finds them claimed and does nothing."""
    now = timezone.now()
    ids = list(services.due_scheduled_posts(now).values_list("pk", flat=True))
    return sum(1 for post_id in ids if services.claim_scheduled_post(post_id, now) is not None)
