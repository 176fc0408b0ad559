"""The authorization matrix's rows for the retention routes (see tests/security/matrix.py)."""

from .rows import SIGNED_IN, Api, Page  # noqa: F401

PAGES: list[Page] = []

API: list[Api] = []
