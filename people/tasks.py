from celery import shared_task

from socialgov.celery import DATABASE_RETRIES

from . import services


@shared_task(**DATABASE_RETRIES, soft_time_limit=100, time_limit=120)
def sync_lapsed_authorizations_task() -> int:
    return services.sync_lapsed_authorizations()
