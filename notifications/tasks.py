"""Thin tasks (STYLE.md §5): the reminder job beat runs (socialgov/celery.py) and the email sender."""

from celery import shared_task

from socialgov.celery import DATABASE_RETRIES, MUST_NOT_BE_LOST

from . import reminders


@shared_task(**DATABASE_RETRIES, soft_time_limit=240, time_limit=300)
def send_reminders_task() -> dict:
    """Every reminder source, then the emails not yet sent. Safe to run twice: each due event is told once."""
    return reminders.run()


@shared_task(**DATABASE_RETRIES, **MUST_NOT_BE_LOST, soft_time_limit=100, time_limit=120)
def deliver_emails_task() -> int:
    """Safe to run twice, or on two workers at once: each email is claimed before it is sent."""
    return reminders.deliver_emails()
