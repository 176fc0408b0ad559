"""The reminder jobs on a real Celery worker and a real beat (tests/celery_worker.py): the file-system transport, or
Redis in the PostgreSQL run. Run twice for the same day by the worker, then again and again by beat, each reminder
is sent exactly once: once by email (the worker's outbox, written to files) and once in the app."""

import contextlib
import email
import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from approvals import services as decisions
from notifications.models import Notification
from notifications.tasks import send_reminders_task
from people.models import Member
from posts import services as posts
from posts.models import Post
from reviews import services
from tests.celery_worker import BASE_DIR, TASK_SECONDS, subprocess_database_url, wait_for
from tests.posts.conftest import CHECKLIST_DONE, authorize

SEPARATOR = "-" * 79


@pytest.fixture
def outbox(tmp_path, monkeypatch):
    """The worker (and beat) send email to files in this folder: Django's file-based outbox, readable across
    processes where the in-memory one is not. Set before the worker starts, which reads the environment."""
    folder = tmp_path / "mail"
    folder.mkdir()
    monkeypatch.setenv("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
    monkeypatch.setenv("EMAIL_FILE_PATH", str(folder))
    return folder


@pytest.fixture
def reminder_worker(outbox, worker):
    return worker


def sent(folder: Path) -> list[tuple[str, str]]:
    """(recipient, subject) of every email written to the folder."""
    messages = []
    for path in sorted(folder.iterdir()):
        for chunk in path.read_text().split(f"\n{SEPARATOR}\n"):
            if chunk.strip():
                message = email.message_from_string(chunk)
                messages.append((message["To"], message["Subject"]))
    return messages


def succeeded(worker) -> int:
    """How many runs of the reminder job the worker has finished."""
    return sum(
        1
        for line in worker.output().splitlines()
        if "notifications.tasks.send_reminders_task[" in line and " succeeded " in line
    )


@contextlib.contextmanager
def beat(tmp_path):
    """`celery -A socialgov beat` with the DatabaseScheduler, as deployed (README "Deploying")."""
    log = tmp_path / "beat.log"
    env = {
        **os.environ,
        "DATABASE_URL": subprocess_database_url(),
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "PYTHONUNBUFFERED": "1",
    }
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "socialgov",
                "beat",
                "--loglevel",
                "INFO",
                "--max-interval",
                "1",
                "--scheduler",
                "django_celery_beat.schedulers:DatabaseScheduler",
                "--schedule",
                str(tmp_path / "beat-schedule"),
                "--pidfile",
                "",
            ],
            cwd=BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            process_group=0,
        )
    try:
        yield lambda: log.read_text(errors="replace")
    finally:
        process.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=20)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def due_events(department, chief, reviewer, supervisor, pio, account):
    """A review due in a week, an authorization expiring in ten days, a post waiting 30 hours for approval."""
    today = timezone.localdate()
    services.appoint_reviewer(
        by=chief,
        reviewer=reviewer,
        period_start=today.replace(year=today.year - 1),
        period_end=today - timedelta(days=1),
        due_on=today + timedelta(days=7),
    )
    account.__class__.objects.filter(pk=account.pk).update(**CHECKLIST_DONE)
    authorize(chief, pio, account, days=10)
    post = posts.create_post(by=pio, category="announcement", accounts=[account], body="Lobby closed Monday.")
    decisions.submit(by=pio, post=post)
    Post.objects.filter(pk=post.pk).update(submitted_at=timezone.now() - timedelta(hours=30))
    Member.objects.update(email=Concat(F("username"), Value("@oakley.test")))
    # What the appointment itself told the reviewer is not what this test counts.
    Notification.objects.all().delete()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_reminder_jobs_run_twice_by_the_worker_and_by_beat_send_each_reminder_once(
    tmp_path, outbox, reminder_worker, department, chief, reviewer, supervisor, pio, account, api
):
    due_events(department, chief, reviewer, supervisor, pio, account)
    worker = reminder_worker

    # The same day's job twice, at once: the second finds every due event told.
    send_reminders_task.apply_async(queue=worker.queue)
    send_reminders_task.apply_async(queue=worker.queue)
    wait_for(lambda: succeeded(worker) >= 2, timeout=TASK_SECONDS, what="both reminder runs", on_timeout=worker.output)
    told = sorted(Notification.objects.values_list("key", "recipient__username"))
    expected = {
        ("reviewer", "audits.review_due"),
        ("pio", "people.authorization_expiring"),
        ("chief", "people.authorization_expiring"),
        ("supervisor", "approvals.waiting"),
        ("reviewer", "approvals.waiting"),
    }
    assert {
        (username, kind) for username, kind in Notification.objects.values_list("recipient__username", "kind")
    } == expected
    assert len(told) == len(set(told)) == len(expected)
    emails = sent(outbox)
    assert len(emails) == len(expected) and len(set(emails)) == len(emails)
    assert sorted(to for to, _subject in emails) == sorted(f"{username}@oakley.test" for username, _ in expected)

    # Beat runs the job every second on the worker's queue, as it would every hour: nobody is told again.
    every_second, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(
        name="tests.reminders",
        task="notifications.tasks.send_reminders_task",
        interval=every_second,
        queue=worker.queue,
    )
    with beat(tmp_path) as beat_log:
        wait_for(
            lambda: succeeded(worker) >= 4,
            timeout=TASK_SECONDS,
            what="beat to have the worker run the reminders twice more",
            on_timeout=lambda: worker.output() + "\n--- beat ---\n" + beat_log(),
        )
        assert "Scheduler: Sending due task tests.reminders" in beat_log()
    assert sorted(Notification.objects.values_list("key", "recipient__username")) == told
    assert sent(outbox) == emails

    # In the app: the reviewer's list and unread count show their two reminders (the review; the post, as a
    # supervisor who may approve it).
    body = api.as_(Member.objects.get(pk=reviewer.pk)).get("/api/v1/notifications/").json()
    assert body["unread"] == 2 and body["count"] == 2
    assert {n["kind"] for n in body["results"]} == {"audits.review_due", "approvals.waiting"}
