"""The story is built once per test module, inside a transaction the module's end rolls back (so no other test
sees it); each test runs in a savepoint within it (pytest-django's `db`), so what a test changes is undone."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", "--story", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def story(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            output = seed()
            yield output
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
