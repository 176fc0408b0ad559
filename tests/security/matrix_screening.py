"""The authorization matrix's rows for the screening routes (see tests/security/matrix.py)."""

from .rows import SIGNED_IN, Api, Page  # noqa: F401

PAGES: list[Page] = []

API: list[Api] = []
