"""Audit-trail fixtures."""

from contextlib import contextmanager

import pytest
from django.db import connection, transaction


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

