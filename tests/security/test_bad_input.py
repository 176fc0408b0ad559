"""No input yields a 5xx (issue 17.3): a lone surrogate in any field of any request body, an enormous or
non-ASCII number in any query parameter, and an engagement file with a number past 64 bits are each
answered 400 naming the field or parameter, and change nothing.

Every API operation is sent its matrix row's valid input with one field at a time replaced, by a member
the row allows, so the request reaches the field's validation rather than a 403.
"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from audits.models import AuditEvent
from tests.conftest import operator_token

from . import matrix
from .world import build
from .world_reviews import ENGAGEMENT_URL, facebook_csv

pytestmark = pytest.mark.django_db

LONE_SURROGATE = "\ud800"
HUGE = 10**22
HOSTILE_NUMBERS = [str(HUGE), "99999999999999999999999", "²", "-1e400", "NaN"]


class _Rollback(Exception):
    pass


@pytest.fixture
def hostile_world(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return build(world, tmp_path)


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def client_for(role, w) -> APIClient:
    client = APIClient()
    _, key = operator_token(getattr(w, role))
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def allowed_role(row) -> str | None:
    for role in ("chief", "custodian", "supervisor", "pio", "reviewer", "commander", "designee", "member"):
        if role in row.ok:
            return role
    return None


def send(client, method, url, *, body=None, raw=None):
    """In a savepoint that is rolled back: every request starts from the same records."""
    try:
        with transaction.atomic():
            if raw is not None:
                response = getattr(client, method.lower())(url, data=raw, content_type="application/json")
            else:
                response = getattr(client, method.lower())(url, body)
            raise _Rollback
    except _Rollback:
        pass
    return response


def request_fields(schema, method, path) -> list[str]:
    operation = schema["paths"][path][method.lower()]
    content = operation.get("requestBody", {}).get("content", {})
    media = content.get("application/json") or next(iter(content.values()), None)
    if not media:
        return []
    ref = media["schema"].get("$ref", "")
    component = schema["components"]["schemas"].get(ref.rsplit("/", 1)[-1], media["schema"])
    return list(component.get("properties", {}))


def query_parameters(schema, method, path) -> list[str]:
    operation = schema["paths"][path][method.lower()]
    return [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]


def field_named(response, field) -> bool:
    text = response.content.decode()
    return field in text


def test_a_lone_surrogate_in_any_field_is_a_400_naming_it(hostile_world, schema):
    w = hostile_world
    wrong, tried = [], 0
    for row in matrix.API:
        if row.method not in ("POST", "PUT", "PATCH") or row.data == "upload":
            continue
        role = allowed_role(row)
        if role is None:
            continue
        client = client_for(role, w)
        url = row.path(getattr(w, row.obj) if row.obj else None)
        valid = row.data(w) if callable(row.data) else {}
        if not isinstance(valid, dict) or any(hasattr(v, "read") for v in valid.values()):
            continue
        for field in request_fields(schema, row.method, row.route):
            data = dict(valid)
            data[field] = LONE_SURROGATE
            before = AuditEvent.objects.count()
            response = send(client, row.method, url, raw=json.dumps(data))
            tried += 1
            if response.status_code != 400 or not field_named(response, field):
                wrong.append(f"{row.method} {row.route} {field}: {response.status_code} {response.content[:200]!r}")
            assert AuditEvent.objects.count() == before
    assert tried > 100
    assert not wrong, "\n".join(wrong)


def test_enormous_and_odd_numbers_in_query_parameters_are_400s(hostile_world, schema):
    w = hostile_world
    wrong, tried = [], 0
    for row in matrix.API:
        if row.method != "GET":
            continue
        role = allowed_role(row)
        if role is None:
            continue
        client = client_for(role, w)
        url = row.path(getattr(w, row.obj) if row.obj else None)
        for parameter in query_parameters(schema, row.method, row.route):
            for value in HOSTILE_NUMBERS:
                response = client.get(url, {parameter: value})
                tried += 1
                if response.status_code >= 500:
                    wrong.append(f"GET {row.route}?{parameter}={value}: {response.status_code}")
    assert tried > 50
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("parameter", ["limit", "offset"])
def test_pagination_has_a_maximum(hostile_world, schema, parameter):
    w = hostile_world
    paginated = [
        row for row in matrix.API if row.method == "GET" and "limit" in query_parameters(schema, row.method, row.route)
    ]
    assert len(paginated) > 10
    for row in paginated:
        client = client_for(allowed_role(row), w)
        url = row.path(getattr(w, row.obj) if row.obj else None)
        for value in (str(HUGE), "²", "-1", "ten"):
            response = client.get(url, {parameter: value})
            assert response.status_code == 400, (row.route, value, response.status_code)
            assert parameter in response.json(), (row.route, value)
    client = client_for("chief", w)
    assert client.get("/api/v1/posts/", {"limit": 1000}).status_code == 200
    assert client.get("/api/v1/posts/", {"limit": 1001}).status_code == 400


@pytest.mark.parametrize("value", ["99999999999999999999999", "²", "abc", "-5"])
def test_the_post_list_incident_filter_is_validated(hostile_world, value):
    response = client_for("pio", hostile_world).get("/api/v1/posts/", {"incident": value})
    assert response.status_code == 400 and "incident" in response.json()


def test_an_engagement_number_past_64_bits_is_a_400(hostile_world):
    w = hostile_world
    csv = facebook_csv([(ENGAGEMENT_URL, 2**70, 48, 6, 4, 15)])
    client = client_for("reviewer", w)
    before = AuditEvent.objects.count()
    response = client.post(
        f"/api/v1/reviews/{w.review.pk}/engagement-import/",
        {"file": SimpleUploadedFile("engagement.csv", csv, content_type="text/csv")},
        format="multipart",
    )
    assert response.status_code == 400, response.content
    assert "larger than any count" in response.content.decode()
    assert AuditEvent.objects.count() == before
