"""Fixtures for the shared web layer's tests: the department of every role (tests/api/conftest.py)."""

from tests.api.conftest import covert_account, designee, world  # noqa: F401 (fixtures)
