"""Two beats started by mistake (issue 19.5): each sends every periodic task, so every reminder run and every
daily proposal arrives twice, at once, on two workers. Every reminder is still sent once, by email and in the app,
and one disposition batch is proposed for the day."""

from collections import Counter

import pytest
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from notifications.models import Notification
from retention.models import DispositionBatch
from tests.audits.test_reminders_worker import beat, due_events, sent
from tests.celery_worker import TASK_SECONDS, wait_for
from tests.conftest import make_account
from tests.retention.conftest import make_posts


def finished(workers, task: str) -> int:
    return sum(
        1 for worker in workers for line in worker.output().splitlines() if f"{task}[" in line and " succeeded " in line
    )


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_two_beats_send_every_reminder_once_and_propose_one_batch_a_day(
    tmp_path, monkeypatch, worker_factory, department, chief, reviewer, supervisor, pio, custodian, account
):
    mail = tmp_path / "mail"
    mail.mkdir()
    monkeypatch.setenv("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
    monkeypatch.setenv("EMAIL_FILE_PATH", str(mail))
    due_events(department, chief, reviewer, supervisor, pio, account)
    make_posts(department, pio, [make_account(department, "OakleyRecords", approved_by=chief)], 4)

    first = worker_factory()
    second = worker_factory(first.queue)
    workers = (first, second)
    # Both jobs every second, as each beat would send them at their hour and their day.
    every_second, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
    for name, task in (
        ("tests.reminders", "notifications.tasks.send_reminders_task"),
        ("tests.propose", "retention.tasks.propose_dispositions_task"),
    ):
        PeriodicTask.objects.create(name=name, task=task, interval=every_second, queue=first.queue)

    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    with beat(tmp_path / "one") as one, beat(tmp_path / "two") as two:

        def logs():
            return "\n".join(w.output() for w in workers) + "\n--- beats ---\n" + one() + two()

        wait_for(
            lambda: (
                finished(workers, "send_reminders_task") >= 4 and finished(workers, "propose_dispositions_task") >= 4
            ),
            timeout=TASK_SECONDS,
            what="both beats to have the workers run each job twice",
            on_timeout=logs,
        )
        assert "Sending due task tests.propose" in one() and "Sending due task tests.propose" in two()

    assert DispositionBatch.objects.count() == 1
    told = list(Notification.objects.values_list("key", "recipient__username"))
    assert told and len(told) == len(set(told))
    assert {"audits.review_due", "people.authorization_expiring", "approvals.waiting"} <= set(
        Notification.objects.values_list("kind", flat=True)
    )
    # One email per notice: two notices may share a subject (a batch told when proposed, and reminded), so the
    # emails are compared with the notices, not with each other.
    emails = sent(mail)
    notices = Notification.objects.exclude(recipient__email="").values_list("recipient__email", "subject")
    assert emails and Counter(emails) == Counter(notices), (emails, told)
