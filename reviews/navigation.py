"""reviews' pages in the main navigation (socialgov.navigation)."""

from socialgov.navigation import link

from . import permissions

link(
    "Annual reviews",
    "reviews:reviews",
    order=30,
    may_open=permissions.sees_reviews,
    sections=["reviews:review", "reviews:review-appoint"],
)
