"""Events written while serving a request record its id and the client's address."""

import re

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from audits.context import current, request_context
from audits.middleware import RequestContextMiddleware
from audits.models import AuditEvent

from .helpers import record

pytestmark = pytest.mark.django_db


def recording_view(department):
    """A stand-in for any view whose change writes an audit event."""
    written = []

    def view(request):
        with transaction.atomic():
            written.append(AuditEvent.record(actor=None, action="tests.change", department=department))
        return HttpResponse("ok")

    return view, written


def test_event_records_the_request_id_and_remote_address(department):
    view, written = recording_view(department)
    request = RequestFactory().post("/anything/", REMOTE_ADDR="203.0.113.7", HTTP_X_REQUEST_ID="proxy-req.42")
    response = RequestContextMiddleware(view)(request)
    event = AuditEvent.objects.get(pk=written[0].pk)
    assert event.request_id == "proxy-req.42" == response["X-Request-ID"] == request.request_id
    assert event.remote_addr == "203.0.113.7"


def test_without_a_usable_header_the_middleware_makes_a_request_id(department):
    view, written = recording_view(department)
    request = RequestFactory().post(
        "/anything/", REMOTE_ADDR="2001:db8::1", HTTP_X_REQUEST_ID="<script>alert(1)</script>"
    )
    response = RequestContextMiddleware(view)(request)
    event = AuditEvent.objects.get(pk=written[0].pk)
    assert re.fullmatch(r"[0-9a-f]{32}", event.request_id)
    assert response["X-Request-ID"] == event.request_id
    assert event.remote_addr == "2001:db8::1"


def test_each_request_gets_its_own_id(department):
    view, written = recording_view(department)
    middleware = RequestContextMiddleware(view)
    for _ in range(2):
        middleware(RequestFactory().get("/", REMOTE_ADDR="198.51.100.1"))
    assert written[0].request_id != written[1].request_id


def test_an_address_that_is_not_an_ip_is_not_recorded(department):
    view, written = recording_view(department)
    RequestContextMiddleware(view)(RequestFactory().get("/", REMOTE_ADDR="not-an-address"))
    assert written[0].remote_addr is None


def test_context_ends_with_the_request_even_when_the_view_fails(department):
    def failing(request):
        assert current().request_id == request.request_id
        raise ValueError("view failed")

    with pytest.raises(ValueError):
        RequestContextMiddleware(failing)(RequestFactory().get("/"))
    assert current().request_id == "" and current().remote_addr is None


def test_events_outside_a_request_have_no_request_id(department):
    event = record(department=department)
    assert event.request_id == "" and event.remote_addr is None


def test_a_task_can_supply_its_own_context(department):
    with request_context("celery-task-1234", None):
        event = record(department=department)
    assert event.request_id == "celery-task-1234"


def test_the_middleware_is_installed(client, settings):
    assert "audits.middleware.RequestContextMiddleware" in settings.MIDDLEWARE
    response = client.get("/login/", HTTP_X_REQUEST_ID="abc123")
    assert response["X-Request-ID"] == "abc123"
