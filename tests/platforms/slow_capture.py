"""Imported by a test worker (`celery worker --include tests.platforms.slow_capture`): one post a page, and a gate
inside one page's transaction, so a test can kill the worker in the middle of a capture run at a known point.
Nothing here is imported by the app itself.

The page numbered CAPTURE_TEST_HOLD_AT_PAGE keeps its post, then, before its transaction commits, creates the
file `inside` in CAPTURE_TEST_GATE_DIR and holds the transaction open until the test kills the worker (at most
DEADLINE_SECONDS, so a worker left behind does not hang)."""

import os
import threading
from pathlib import Path

import django

django.setup()

from platforms import capture  # noqa: E402

capture.PAGE_SIZE = 1
HOLD_AT = int(os.environ["CAPTURE_TEST_HOLD_AT_PAGE"])
GATE = Path(os.environ["CAPTURE_TEST_GATE_DIR"])
DEADLINE_SECONDS = 60
_keep = capture.keep
_pages = 0


def gated_keep(*args, **kwargs):
    global _pages
    kept = _keep(*args, **kwargs)
    _pages += 1
    if _pages == HOLD_AT:  # inside the page's transaction: its post is written but not yet committed
        (GATE / "inside").touch()
        threading.Event().wait(DEADLINE_SECONDS)  # nothing sets it: the test kills the worker here
    return kept


capture.keep = gated_keep
