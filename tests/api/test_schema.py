"""The OpenAPI schema generates without warnings; /api/schema/ and /api/docs/ answer."""

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_schema_generates_and_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = out.read_text()
    for path in (
        "/api/v1/me/",
        "/api/v1/department/",
        "/api/v1/members/",
        "/api/v1/accounts/",
        "/api/v1/authorizations/{id}/revoke/",
        "/api/v1/training-records/",
        "/api/v1/audit-events/",
    ):
        assert f"{path}:" in schema


def test_schema_endpoint(db):
    response = APIClient().get("/api/schema/")
    assert response.status_code == 200
    assert b"openapi: 3" in response.content


def test_docs_page(db):
    response = APIClient().get("/api/docs/")
    assert response.status_code == 200
    assert b"swagger-ui" in response.content
