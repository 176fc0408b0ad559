"""Imported by a test worker (`celery worker --include tests.runtime.slow_tasks`): a gate inside a long task, so
a test can kill the worker there. Nothing here is imported by the app itself.

FAULTS_TEST_GATE names the task: `export` (a background export, once the job has claimed it and before its file is
written) or `package` (the transfer archive a disposition batch builds, its files written and its manifest not).
The gate creates the file `inside` in FAULTS_TEST_GATE_DIR and waits until the test kills the worker (at most
DEADLINE_SECONDS, so a worker left behind does not hang)."""

import os
import threading
from pathlib import Path

import django

django.setup()

from retention import exports, packages  # noqa: E402

GATE = Path(os.environ["FAULTS_TEST_GATE_DIR"])
DEADLINE_SECONDS = 60


def hold():
    (GATE / "inside").touch()
    threading.Event().wait(DEADLINE_SECONDS)  # nothing sets it: the test kills the worker here


def gated(function):
    def wrapper(*args, **kwargs):
        hold()
        return function(*args, **kwargs)

    return wrapper


if os.environ["FAULTS_TEST_GATE"] == "export":
    exports.write = gated(exports.write)
else:
    packages.PackageWriter.finish = gated(packages.PackageWriter.finish)
