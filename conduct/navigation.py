"""conduct's pages in the main navigation (socialgov.navigation)."""

from socialgov.navigation import link

from . import permissions

link(
    "Conduct",
    "conduct:home",
    order=60,
    may_open=permissions.any_member,
    sections=[
        "conduct:acknowledge",
        "conduct:pending",
        "conduct:request-create",
        "conduct:request",
        "conduct:report-create",
        "conduct:report",
    ],
)
link(
    "Reviews",
    "conduct:reviews",
    order=61,
    may_open=permissions.may_see_reviews,
    sections=["conduct:review-create", "conduct:review"],
)
link(
    "Vetting", "conduct:vetting", order=62, may_open=permissions.hiring, sections=["conduct:round", "conduct:candidate"]
)
