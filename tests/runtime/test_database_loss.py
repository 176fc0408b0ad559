"""The database goes away (issue 19.3): a page answers 503 with a plain retry page and the API 503 with JSON,
whether the database was already gone or went away in the middle of a change; after it is back nothing is left
half-written, and the audit chain is intact.

The database is reached through a door of the test's own (tests/runtime/services.DatabaseDoor) that it shuts;
the shared PostgreSQL server is never stopped."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from audits.models import AuditEvent
from retention import disposition
from retention.choices import BatchStatus
from retention.models import DispositionBatch
from socialgov.models import OutboxMessage
from tests.conftest import make_account
from tests.retention.conftest import make_posts, with_authority

from .services import DatabaseDoor


@pytest.fixture
def door():
    """This process's connection goes through a door in front of PostgreSQL for the test."""
    settings_dict = connection.settings_dict
    was = settings_dict["HOST"], settings_dict["PORT"]
    gate = DatabaseDoor(settings_dict["HOST"] or "127.0.0.1", int(settings_dict["PORT"] or 5432))
    gate.open()
    connection.close()
    settings_dict["HOST"], settings_dict["PORT"] = "127.0.0.1", gate.port
    yield gate
    gate.close()
    connection.close()
    settings_dict["HOST"], settings_dict["PORT"] = was
    connection.connect()


def reopen(door):
    door.open()
    connection.close()  # the broken connection goes; the next query opens a new one through the door


@pytest.fixture
def batch(role_groups, department, chief, pio, custodian):
    account = make_account(department, "OakleyRecords", approved_by=chief)
    make_posts(department, pio, [account], 3)
    proposed = disposition.propose(department=department)
    with_authority(proposed)
    return proposed


EVENT_INSERT = re.compile(r'INSERT INTO "?audits_auditevent"?\b', re.IGNORECASE)


def cut_at_audit_event(door):
    """Shut the door just as the change writes its audit event: the batch's row is already updated inside
    the transaction, which the database then loses."""

    def wrapper(execute, sql, params, many, context):
        # The ORM's INSERT: the event as record() writes it, pending on PostgreSQL, chained on SQLite.
        if EVENT_INSERT.search(sql):
            door.close()
        return execute(sql, params, many, context)

    return wrapper


def nothing_half_written(batch):
    assert DispositionBatch.objects.get(pk=batch.pk).status == BatchStatus.PROPOSED
    assert not AuditEvent.objects.filter(action="retention.batch.approve").exists()
    assert not OutboxMessage.objects.exists()
    call_command("verify_audit_chain")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_page_answers_503_with_a_retry_page_when_the_database_is_gone(door, batch, custodian):
    browser = Client(raise_request_exception=False)
    browser.force_login(custodian)
    door.close()
    response = browser.get(reverse("retention-batch", args=[batch.pk]))
    assert response.status_code == 503
    assert "Try again in a minute" in response.content.decode() and response["Retry-After"]
    ready = browser.get("/readyz")
    assert ready.status_code == 503 and ready.json()["failing"] == ["database"]
    reopen(door)
    assert browser.get(reverse("retention-batch", args=[batch.pk])).status_code == 200


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_change_cut_off_mid_transaction_answers_503_and_leaves_nothing_half_written(door, batch, custodian):
    browser = Client(raise_request_exception=False)
    browser.force_login(custodian)
    with connection.execute_wrapper(cut_at_audit_event(door)):
        response = browser.post(reverse("retention-batch-approve", args=[batch.pk]), {"note": "Past retention."})
    assert response.status_code == 503, response.content[:300]
    assert "Nothing was saved" in response.content.decode()
    reopen(door)
    nothing_half_written(batch)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_api_answers_503_json_when_the_database_goes_mid_change(door, batch, custodian):
    api = APIClient(raise_request_exception=False)
    api.force_authenticate(custodian)
    with connection.execute_wrapper(cut_at_audit_event(door)):
        response = api.post(f"/api/v1/retention/batches/{batch.pk}/approve/", {"note": "ok"}, format="json")
    assert response.status_code == 503
    assert response.json()["code"] == "service_unavailable"
    reopen(door)
    nothing_half_written(batch)

    door.close()
    response = api.get(f"/api/v1/retention/batches/{batch.pk}/")
    assert response.status_code == 503 and response["Content-Type"] == "application/json"
    reopen(door)
    assert api.get(f"/api/v1/retention/batches/{batch.pk}/").status_code == 200
