"""What every posts and approvals page shares: the 409 page, safe redirects back, pages of lists."""

from django.core.paginator import Paginator
from django.utils.http import url_has_allowed_host_and_scheme

from socialgov.errors import InvalidTransition
from socialgov.middleware import conflict as middleware_conflict

# Rows on one page of a list: enough to work through, few enough to render at once.
PAGE_SIZE = 50


def conflict(request, error: InvalidTransition, back: str = ""):
    """The object's state does not allow the action: 409, and nothing changed (DESIGN.md "Interfaces").
    One page for the whole site: socialgov.middleware answers it (views may also just let the error rise)."""
    return middleware_conflict(request, error, back)


def next_or(request, default: str) -> str:
    """Where to go after a transition: the page the form came from, if it is one of ours."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default


def page_of(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def category_labels(department) -> dict[str, str]:
    """Category key -> the department's label, so that list rows need no query for it."""
    return {c["key"]: c["label"] for c in department.categories} if department else {}


def with_category_labels(posts, department):
    labels = category_labels(department)
    for post in posts:
        post.category_text = labels.get(post.category, post.category)
    return posts
