"""screening's pages in the main navigation (socialgov.navigation): the same doors its views ask."""

from socialgov.navigation import link

from . import permissions

link("Screening rules", "screening:rules", order=40, may_open=lambda member: permissions.can(member, "view_rules"))
link("Hold terms", "screening:holds", order=41, may_open=lambda member: permissions.can(member, "manage_holds"))
link(
    "False positives",
    "screening:false-positives",
    order=42,
    may_open=lambda member: permissions.can(member, "view_false_positive_reports"),
)
