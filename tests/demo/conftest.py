"""The story is built once per test module, inside a transaction the module's end rolls back (so no other test
sees it); each test runs in a savepoint within it (pytest-django's `db`), so what a test changes is undone."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Telling the story is some 20,000 queries (about 35 s of CPU here); on a machine shared with others it can take
# minutes, which the module's tests share (built once).
STORY_TIMEOUT = 900


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
            # As `make run` seeds it: with the demo authenticators (DEBUG=1). A fast hasher for the seven passwords.
            with override_settings(DEBUG=True, PASSWORD_HASHERS=FAST_HASHERS):
                output = seed()
            yield output
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
