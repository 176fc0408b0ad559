"""approvals' pages in the main navigation (socialgov.navigation)."""

from socialgov.navigation import link

from .guideline_views import may_open_list

link("Post requests", "approvals:requests", order=24, sections=["approvals:request"])
link(
    "Guidelines",
    "approvals:guidelines",
    order=28,
    may_open=may_open_list,
    sections=[
        "approvals:guideline",
        "approvals:guideline-create",
        "approvals:guideline-edit",
        "approvals:template-write",
    ],
)
