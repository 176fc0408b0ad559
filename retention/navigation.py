"""The records pages in the main navigation (socialgov.navigation): the custodian's and the chief's (3xx.7)."""

from socialgov.navigation import link

from . import permissions


def _views_records(member) -> bool:
    return permissions.can(member, "view")


link("Records", "retention-home", order=50, may_open=_views_records, sections=["retention-schedule-edit"])
link(
    "Legal holds",
    "retention-holds",
    order=51,
    may_open=_views_records,
    sections=["retention-hold", "retention-hold-new"],
)
link(
    "Dispositions",
    "retention-batches",
    order=52,
    may_open=lambda member: permissions.can(member, "view_batches"),
    sections=["retention-batch"],
)
link("Retention report", "retention-report", order=53, may_open=_views_records, sections=["retention-export"])
link(
    "Records requests",
    "retention-requests",
    order=54,
    may_open=_views_records,
    sections=["retention-request", "retention-request-new"],
)
