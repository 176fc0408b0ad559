"""Waiting on a condition with a deadline, the one way this project waits for something another process does: the
tests' waits on a real Celery worker or server, the benchmarks' and the screenshot script's waits on a server.

`poll` asks the condition at once, then again after a pause that starts at 10 ms and doubles up to `interval`, and
gives up at the deadline. It returns the condition's value, or None at the deadline; the caller says what a
timeout means (a failed test, a benchmark that exits).
"""

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
FIRST_PAUSE = 0.01


def poll(condition: Callable[[], T], *, timeout: float, interval: float = 0.2) -> T | None:
    deadline = time.monotonic() + timeout
    pause = min(FIRST_PAUSE, interval)
    while True:
        value = condition()
        if value:
            return value
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        time.sleep(min(pause, left))  # the pause between two looks at the condition, bounded by the deadline
        pause = min(pause * 2, interval)
