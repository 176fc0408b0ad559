"""A real Celery worker for tests about the worker (STYLE.md §8).

The worker is a `celery -A socialgov worker` subprocess on the broker the
settings choose: the embedded file-system transport, or Redis when REDIS_URL is
set. It reads the test database: on SQLite a file (SQLITE_TEST_NAME, set in
pyproject's pytest env), on PostgreSQL the test_ database pytest-django made.
Tests that use it commit their data (transaction=True) so the worker can see it.
Registered as a plugin by tests/conftest.py.
"""

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote
from uuid import uuid4

import pytest
from django.conf import settings
from django.db import connection

from socialgov.celery import app as celery_app
from socialgov.polling import poll

BASE_DIR = Path(settings.BASE_DIR)
WORKER_START_SECONDS = 60
TASK_SECONDS = 60


def wait_for(condition, *, timeout: float, what: str, interval: float = 0.2, on_timeout=None):
    """Poll `condition` until it returns something truthy; fail naming `what` after `timeout` seconds."""
    value = poll(condition, timeout=timeout, interval=interval)
    if not value:
        detail = on_timeout() if on_timeout else ""
        pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}\n{detail}")
    return value


def subprocess_database_url() -> str:
    """DATABASE_URL naming the database this test process is using (the test database)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(db["NAME"])
        if name == ":memory:" or "mode=memory" in name:
            pytest.fail("the SQLite test database is in memory, where a worker cannot see it: set SQLITE_TEST_NAME")
        return f"sqlite:///{Path(name).resolve()}"
    credentials = quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    host = db["HOST"] or "localhost"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}{'@' if credentials else ''}{host}{port}/{quote(db['NAME'])}"


class Worker:
    def __init__(self, process: subprocess.Popen, queue: str, log: Path):
        self.process = process
        self.queue = queue
        self.log = log

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # warm shutdown
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=20)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)  # the pool processes, if any are left
        self.process.wait()

    def kill(self) -> None:
        """Die at once, as a worker does when its machine loses power: SIGKILL to the worker and its pool,
        no warm shutdown, no acknowledgement, no rollback but the database's own."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


def start_worker(queue: str, log: Path, *, include: tuple[str, ...] = (), env: dict | None = None) -> Worker:
    """Start `celery -A socialgov worker` on `queue` and wait until it is ready.

    `include` names extra modules the worker imports at start-up (test hooks that slow a task down, say);
    `env` adds to the environment the worker sees.
    """
    environment = {
        **os.environ,
        "DATABASE_URL": subprocess_database_url(),
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "PYTHONUNBUFFERED": "1",
        **(env or {}),
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "socialgov",
        "worker",
        "--loglevel",
        "INFO",
        "--concurrency",
        "1",
        "--queues",
        queue,
        "--hostname",
        f"{queue}-{uuid4().hex[:6]}@%h",
        "--without-mingle",
        "--without-gossip",
        "--without-heartbeat",
    ]
    if include:
        command += ["--include", ",".join(include)]
    with log.open("w") as out:
        process = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            process_group=0,
        )
    running = Worker(process, queue, log)
    try:
        wait_for(
            lambda: process.poll() is not None or " ready." in running.output(),
            timeout=WORKER_START_SECONDS,
            what="the Celery worker to start",
            on_timeout=running.output,
        )
        assert process.poll() is None, f"the worker exited with {process.returncode}:\n{running.output()}"
    except BaseException:
        running.stop()
        raise
    return running


@pytest.fixture
def sent_to_broker():
    """Tasks go to the broker for the duration of the test (unit tests run them inline)."""
    was = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = was


@pytest.fixture
def worker_factory(tmp_path, sent_to_broker):
    """`worker_factory(queue=None, include=(), env=None)` starts a worker (on a queue of its own unless named);
    several may be started, one after another or side by side. All are stopped, and their queues removed,
    when the test ends."""
    started: list[Worker] = []

    def start(queue: str | None = None, *, include: tuple[str, ...] = (), env: dict | None = None) -> Worker:
        # A queue of its own, so no other worker on this broker (`make run`'s, say) takes the test's task.
        queue = queue or f"test-{uuid4().hex[:12]}"
        log = tmp_path / f"worker-{len(started) + 1}.log"
        running = start_worker(queue, log, include=include, env=env)
        started.append(running)
        return running

    yield start
    for running in started:
        running.stop()
    for queue in {running.queue for running in started}:
        forget_queue(queue)


@pytest.fixture
def worker(worker_factory):
    return worker_factory()


def forget_queue(queue: str) -> None:
    """Leave no test queue behind on a shared broker (best effort)."""
    with contextlib.suppress(Exception), celery_app.connection_for_write() as broker:
        channel = broker.default_channel
        channel.queue_delete(queue)
        if broker.transport.driver_type == "redis":
            # Kombu keeps the queue's exchange bindings under keys of their own.
            channel.client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
