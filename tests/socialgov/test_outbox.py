"""The outbox (issue 19.1): a task asked for while the broker is down is kept, with its error, and the request
does not fail; the sweep sends it once the broker answers, once however often it runs; `manage.py outbox` shows
the depth and age. The broker is a redis-server of the test's own (tests/runtime/services.py)."""

from datetime import timedelta
from io import StringIO

import pytest
import redis
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from socialgov import outbox
from socialgov.models import OutboxMessage
from tests.runtime.services import PrivateRedis, use_broker


@pytest.fixture
def broker(tmp_path, sent_to_broker):
    server = PrivateRedis(tmp_path)
    was = use_broker(server.url)
    yield server
    use_broker(was)
    server.stop()


def queued(server, name="celery") -> int:
    """How many messages the broker's queue holds."""
    return redis.Redis(port=server.port).llen(name)


@pytest.mark.django_db(transaction=True)
def test_a_task_asked_for_while_the_broker_is_down_waits_and_is_sent_once_when_it_is_back(broker):
    with transaction.atomic():
        message = outbox.enqueue("notifications.tasks.deliver_emails_task")
    # The commit asked the broker, which did not answer: kept, with its error; nothing raised.
    message.refresh_from_db()
    assert message.sent_at is None and message.attempts == 1 and "OperationalError" in message.last_error
    assert outbox.waiting("notifications.tasks.deliver_emails_task") == message
    out = StringIO()
    call_command("outbox", "--list", stdout=out)
    assert "pending 1;" in out.getvalue() and "deliver_emails_task" in out.getvalue()

    broker.start()
    assert outbox.dispatch_pending() == 1
    assert outbox.dispatch_pending() == 0  # a second sweep, or a second beat's, sends nothing more
    assert queued(broker) == 1
    message.refresh_from_db()
    assert message.sent_at is not None and message.last_error == ""
    assert outbox.depth() == {"pending": 0, "oldest_pending_seconds": 0.0}
    assert outbox.last_tick() is not None


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_leaves_no_task(broker):
    broker.start()
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.enqueue("notifications.tasks.deliver_emails_task")
        raise RuntimeError("the change fails")
    assert not OutboxMessage.objects.exists()
    assert queued(broker) == 0


@pytest.mark.django_db
def test_the_sweep_forgets_rows_sent_more_than_a_week_ago():
    now = timezone.now()
    task = "notifications.tasks.deliver_emails_task"
    old = OutboxMessage.objects.create(task=task, sent_at=now - timedelta(days=8))
    recent = OutboxMessage.objects.create(task=task, sent_at=now - timedelta(days=1))
    assert outbox.dispatch_pending() == 0
    assert list(OutboxMessage.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not OutboxMessage.objects.filter(pk=old.pk).exists()
