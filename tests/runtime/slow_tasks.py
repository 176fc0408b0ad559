"""Imported by a test worker (`celery worker --include tests.runtime.slow_tasks`): a gate inside a background
export, once the job has claimed it and before its file is written, so a test can kill the worker there.
Nothing here is imported by the app itself.

The gate creates the file `inside` in FAULTS_TEST_GATE_DIR and waits until the test kills the worker (at most
DEADLINE_SECONDS, so a worker left behind does not hang)."""

import os
import threading
from pathlib import Path

import django

django.setup()

from retention import exports  # noqa: E402

GATE = Path(os.environ["FAULTS_TEST_GATE_DIR"])
DEADLINE_SECONDS = 60
_write = exports.write


def gated_write(report, format, path, progress=None):
    (GATE / "inside").touch()
    threading.Event().wait(DEADLINE_SECONDS)  # nothing sets it: the test kills the worker here
    return _write(report, format, path, progress)


exports.write = gated_write
