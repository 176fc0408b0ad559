from celery import shared_task

from . import services


@shared_task(soft_time_limit=100, time_limit=120)
def sync_lapsed_authorizations_task() -> int:
    return services.sync_lapsed_authorizations()
