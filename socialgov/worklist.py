"""Each member's work list: what they must do next, counted, each a link (issue 14.1).

Each app lists the work it knows of in its own `worklist.py` with `@source("key")`: a function of the
member and the time that returns `Item`s (an empty list when there is nothing, or the member's role has no
such work). The dashboard shows them newest first and the header counts them. The web layer imports no app:
the sources are discovered from the installed apps' `worklist` modules, as navigation links and reminder
sources are. Each source asks a fixed number of queries however many rows it counts
(tests/web/test_worklist.py), so the dashboard costs the same for 3 posts or 300.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from .memo import remembering


@dataclass(frozen=True)
class Entry:
    """One record inside an item, linked on its own (a post waiting, with how long)."""

    label: str
    href: str
    note: str = ""


@dataclass(frozen=True)
class Item:
    key: str
    count: int
    label: str  # what the count counts, singular and plural, e.g. ("post to publish", "posts to publish")
    plural: str
    href: str
    newest: datetime | None = None
    note: str = ""
    entries: tuple[Entry, ...] = field(default_factory=tuple)

    @property
    def text(self) -> str:
        return f"{self.count} {self.label if self.count == 1 else self.plural}"


Source = Callable[[object, datetime], Iterable[Item]]
_sources: dict[str, Source] = {}


def source(key: str):
    """Register a function `(member, now) -> items` as one kind of work."""

    def register(function: Source) -> Source:
        _sources[key] = function
        return function

    return register


def sources() -> dict[str, Source]:
    if not _sources:
        autodiscover_modules("worklist")
    return _sources


def _newest_first(item: Item):
    stamp = item.newest.timestamp() if item.newest else float("-inf")
    return (-stamp, item.key)


def items_for(member, now: datetime | None = None) -> list[Item]:
    """The member's work, items with a count only, newest first; asked once a request."""
    if not getattr(member, "is_authenticated", False) or member.department_id is None:
        return []
    cached = getattr(member, "_worklist", None)
    if cached is not None:
        return cached
    now = now or timezone.now()
    found = []
    with remembering(member):
        for _key, function in sorted(sources().items()):
            found.extend(item for item in function(member, now) if item.count)
    found.sort(key=_newest_first)
    member._worklist = found
    return found


def waited(since: datetime | None, now: datetime) -> str:
    """How long something has waited, in the largest whole unit: "35 minutes", "5 hours", "3 days"."""
    if since is None:
        return ""
    seconds = max(0, int((now - since).total_seconds()))
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            n = seconds // size
            return f"{n} {unit}{'' if n == 1 else 's'}"
    return "less than a minute"
