"""A real Celery worker (tests/celery_worker.py) and the beat schedule."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler

from audits.models import AuditEvent
from people.models import Authorization, Member
from people.services import grant_authorization
from people.tasks import sync_lapsed_authorizations_task
from socialgov.celery import BEAT_SCHEDULE
from socialgov.celery import app as celery_app
from tests.celery_worker import TASK_SECONDS, wait_for


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_worker_removes_permissions_of_a_lapsed_authorization(role_groups, worker, chief, pio, account):
    today = timezone.localdate()
    authorization = grant_authorization(
        by=chief, member=pio, accounts=[account], starts_on=today, expires_on=today + timedelta(days=30)
    )
    assert pio.has_perm("posts.post_to_account", account)
    # The worker is on the broker the settings chose (its start-up banner names the transport).
    assert ("redis://" if settings.REDIS_URL else "filesystem://") in worker.output()
    # The authorization lapses (as if 30 days passed); the derived permission is still there
    # until the beat job runs.
    Authorization.objects.filter(pk=authorization.pk).update(starts_on=today - timedelta(days=30), expires_on=today)

    sync_lapsed_authorizations_task.apply_async(queue=worker.queue)

    event = wait_for(
        lambda: AuditEvent.objects.filter(action="people.authorization.sync", object_id=str(pio.pk)).first(),
        timeout=TASK_SECONDS,
        what="the worker to record the lapse",
        on_timeout=worker.output,
    )
    assert event.actor is None and event.actor_name == "system"
    assert event.after == {"accounts": []}
    assert not Member.objects.get(pk=pio.pk).has_perm("posts.post_to_account", account)
    wait_for(
        lambda: re.search(r"Task people\.tasks\.sync_lapsed_authorizations_task\[.+\] succeeded", worker.output()),
        timeout=10,
        what="the worker to log the task's success",
        on_timeout=worker.output,
    )
    # Two processes appended to one chain; it is still intact.
    call_command("verify_audit_chain")


def test_beat_schedule_names_only_registered_tasks():
    celery_app.loader.import_default_modules()
    assert BEAT_SCHEDULE, "the beat schedule is empty"
    for name, entry in BEAT_SCHEDULE.items():
        assert entry["task"] in celery_app.tasks, f"{name}: no task named {entry['task']}"
    assert celery_app.conf.beat_schedule == BEAT_SCHEDULE


# The scheduler closes stale database connections as beat does, which a test inside a
# transaction would not survive.
@pytest.mark.django_db(transaction=True)
def test_database_scheduler_installs_the_beat_schedule():
    DatabaseScheduler(app=celery_app)
    installed = dict(PeriodicTask.objects.values_list("name", "task"))
    for name, entry in BEAT_SCHEDULE.items():
        assert installed.get(name) == entry["task"]
