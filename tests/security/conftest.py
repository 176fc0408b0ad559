"""Helpers for the security tests: signing in through the real views, step by step."""

import pytest
from django.test import Client

from tests.api.conftest import as_role, covert_account, designee, ready, world  # noqa: F401 (fixtures)
from tests.conftest import PASSWORD


def password_step(
    client: Client, username: str, password: str = PASSWORD, *, address: str = "127.0.0.1", next_url: str = ""
):
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post("/login/", data, REMOTE_ADDR=address)


def code_step(client: Client, code: str, *, next_url: str = ""):
    data = {"code": code}
    if next_url:
        data["next"] = next_url
    return client.post("/login/two-factor/", data)


@pytest.fixture
def browser():
    """A client with no sign-in helpers: it signs in only through the sign-in pages."""
    return Client()
