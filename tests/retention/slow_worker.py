"""Imported by a test worker (`celery worker --include tests.retention.slow_worker`): small chunks, each held
open a while after its records are disposed of and before it commits, so a test can kill the worker in
the middle of a batch, inside a chunk's transaction. Nothing here is imported by the app itself."""

import os
import time

import django

django.setup()

from retention import disposition, records  # noqa: E402

PAUSE = float(os.environ.get("RETENTION_TEST_CHUNK_PAUSE", "1.0"))
disposition.CHUNK_SIZE = int(os.environ.get("RETENTION_TEST_CHUNK_SIZE", "3"))
_dispose = records.dispose


def slow_dispose(*args, **kwargs):
    disposal = _dispose(*args, **kwargs)
    time.sleep(PAUSE)  # inside the chunk's transaction: the records are gone but not yet committed
    return disposal


records.dispose = slow_dispose
