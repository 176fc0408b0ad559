"""operations' pages in the main navigation (socialgov.navigation)."""

from socialgov.navigation import link

from .views import listed_for

link(
    "Operations", "operations:list", order=65, may_open=listed_for, sections=["operations:detail", "operations:create"]
)
