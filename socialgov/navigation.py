"""The main navigation, built from each app's permission door (issue 11.2).

Each app lists its pages in its own `navigation.py` with `link(...)`, naming the same door its view asks
(`may_open`): a member sees a link exactly when the page would open for them, so the menu and the 403s
cannot disagree (tests/socialgov/test_navigation.py walks every link for every role). The web layer imports
no app: the links are discovered from the installed apps' `navigation` modules, as reminder sources are.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.module_loading import autodiscover_modules

from .memo import remembering


def _anyone(member) -> bool:
    return True


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str
    order: int
    may_open: Callable = _anyone
    # The views (namespaced names) in which this link is the current page.
    sections: tuple[str, ...] = ()

    def is_current(self, view_name: str) -> bool:
        return view_name == self.url_name or view_name in self.sections


_links: dict[str, Link] = {}


def link(label: str, url_name: str, *, order: int, may_open: Callable = _anyone, sections=()) -> None:
    """Register a page of the main navigation; `order` places it (lower first)."""
    _links[url_name] = Link(label, url_name, order, may_open, tuple(sections))


def links() -> list[Link]:
    if not _links:
        autodiscover_modules("navigation")
    return sorted(_links.values(), key=lambda item: item.order)


def links_for(request) -> list[dict]:
    """The links the signed-in member may open, in order, each marked current or not; asked once a request."""
    if "_navigation" in request.__dict__:
        return request._navigation
    member = request.user
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    with remembering(member):  # the doors share what they ask (a member's authorizations, say) once
        request._navigation = [
            {
                "label": item.label,
                "href": reverse(item.url_name),
                "current": item.is_current(view_name),
                "url_name": item.url_name,
            }
            for item in links()
            if item.may_open(member)
        ]
    return request._navigation
