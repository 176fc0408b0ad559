"""The reminder-source registry (issue 11): nothing in a department depends on someone remembering a date.

A reminder *source* is a small function registered with `@source(kind)`: given the time of the run, it returns
the due events of its kind, each with a stable key, its recipients, the reason (with the policy section it
serves) and a link to act. Each app keeps its sources in its own `reminders.py`; `discover()` imports them all,
as Celery finds tasks. The registry sits in the web layer, under every app (like `socialgov.worklist` and
`socialgov.navigation`), so the lowest app (people) registers without importing notifications, which asks the
sources and tells the recipients (`notifications.reminders.run`).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class DueEvent:
    """Something coming due that `recipients` should act on. The key names the event, not the run: the same
    event found again tomorrow has the same key, and nobody is told twice."""

    key: str
    kind: str
    department_id: int | None
    recipients: tuple = field(default_factory=tuple)
    subject: str = ""
    reason: str = ""
    link: str = ""


Source = Callable[[datetime], Iterable[DueEvent]]
SOURCES: dict[str, Source] = {}


def source(kind: str):
    """Register a function `(now) -> due events` as the source of one kind of reminder."""

    def register(function: Source) -> Source:
        SOURCES[kind] = function
        return function

    return register


def discover() -> dict[str, Source]:
    """Import every installed app's `reminders` module, registering its sources."""
    autodiscover_modules("reminders")
    return SOURCES
