"""Thin tasks (STYLE.md §5) for the conduct records, scheduled in socialgov/celery.py."""

from celery import shared_task

from people.models import Department
from socialgov.celery import DATABASE_RETRIES

from . import policy, services


@shared_task(**DATABASE_RETRIES, soft_time_limit=100, time_limit=120)
def expire_permissions_task() -> int:
    """Grants whose date has come expire (issue 15.2). Safe to run twice: each is claimed once."""
    return services.expire_grants()


@shared_task(**DATABASE_RETRIES, soft_time_limit=100, time_limit=120)
def sync_policy_versions_task() -> int:
    """A changed policy text in a department's pack becomes a new version (issue 15.1)."""
    return sum(policy.sync_version(department)[1] for department in Department.objects.all())
