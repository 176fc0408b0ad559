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


@pytest.fixture(scope="module")
def built_year(django_db_setup, django_db_blocker):
    """A year of activity (tests/audits/activity.py) with its review appointed and engagement imported, built
    once per module inside a transaction that is rolled back when the module is done. Each test runs in a
    savepoint of it (pytest-django's `db`), so a test that changes the data changes it for itself only."""
    from django.test import override_settings

    from people.roles import Role
    from people.services import load_policy_pack
    from tests.audits import activity
    from tests.conftest import make_member

    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        department = load_policy_pack("oakley")[0]
        chief = make_member(department, "chief", Role.CHIEF, rank="Chief")
        world = activity.year(department, chief)
        world.review = activity.appoint_and_import(world)
        yield world
        transaction.set_rollback(True)
