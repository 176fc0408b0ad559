"""approvals' pages in the main navigation (socialgov.navigation)."""

from socialgov.navigation import link

link("Post requests", "approvals:requests", order=24, sections=["approvals:request"])
