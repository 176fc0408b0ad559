"""Imported by a test worker (`celery worker --include tests.retention.slow_worker`): small chunks, and a gate
inside one chunk's transaction, so a test can kill the worker in the middle of a batch at a known point.
Nothing here is imported by the app itself.

The chunk numbered RETENTION_TEST_HOLD_AT_CHUNK disposes of its records, then, before its transaction
commits, creates the file `inside` in RETENTION_TEST_GATE_DIR and holds the transaction open until the test
kills the worker (at most DEADLINE_SECONDS, so a worker left behind does not hang)."""

import os
import threading
from pathlib import Path

import django

django.setup()

from retention import disposition, records  # noqa: E402

disposition.CHUNK_SIZE = int(os.environ.get("RETENTION_TEST_CHUNK_SIZE", "3"))
HOLD_AT = int(os.environ["RETENTION_TEST_HOLD_AT_CHUNK"])
GATE = Path(os.environ["RETENTION_TEST_GATE_DIR"])
DEADLINE_SECONDS = 60
_dispose = records.dispose
_chunks = 0


def gated_dispose(*args, **kwargs):
    global _chunks
    disposal = _dispose(*args, **kwargs)
    _chunks += 1
    if _chunks == HOLD_AT:  # inside the chunk's transaction: its records are gone but not yet committed
        (GATE / "inside").touch()
        threading.Event().wait(DEADLINE_SECONDS)  # nothing sets it: the test kills the worker here
    return disposal


records.dispose = gated_dispose
