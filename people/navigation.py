"""people's pages in the main navigation (socialgov.navigation): the same doors its views ask."""

from socialgov.navigation import link

from . import permissions

link("Dashboard", "dashboard", order=0)
link(
    "Members",
    "member-list",
    order=10,
    sections=["member-detail"],
    may_open=lambda member: permissions.can(member, "view_member_status"),
)
link(
    "Grant authorization",
    "authorization-grant",
    order=11,
    may_open=lambda member: permissions.can(member, "grant_authorization"),
)
link("Record training", "training-record", order=12, may_open=lambda member: permissions.can(member, "record_training"))
link(
    "Designees",
    "designee-list",
    order=13,
    may_open=lambda member: member.is_authenticated and member.department_id is not None,
)
