"""Audit-trail fixtures, and the rule that PostgreSQL-only tests are deselected (not skipped) elsewhere.

Tests marked `postgres` exercise what only PostgreSQL has (the append-only
trigger, row locks between connections). On SQLite they are deselected, so no
skipped test is left behind; CI runs the suite again with DATABASE_URL set to
PostgreSQL, where they run.
"""

from contextlib import contextmanager

import pytest
from django.db import connection, connections, transaction


def pytest_collection_modifyitems(config, items):
    if connections["default"].vendor == "postgresql":
        return
    deselected = [item for item in items if item.get_closest_marker("postgres")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("postgres")]


@pytest.fixture
def tamper(db):
    """A context manager inside which raw writes to the audit table go through, as an attacker's would.

    On PostgreSQL it switches the session to replication mode, in which
    ordinary triggers (the append-only one among them) do not fire, as a
    database superuser could; SET LOCAL keeps that inside the test's transaction.
    """

    @contextmanager
    def tampering():
        postgres = connection.vendor == "postgresql"
        with transaction.atomic(), connection.cursor() as cursor:
            if postgres:
                cursor.execute("SET LOCAL session_replication_role = replica")
            yield cursor
            if postgres:
                cursor.execute("SET LOCAL session_replication_role = origin")

    return tampering

