"""The authorization matrix (issue 7.5): every URL pattern of the app and every operation of the OpenAPI
schema, requested by every role, answers as tests/security/matrix.py declares; another department's
record is 404 on every object route; a route with no row fails the test, so no new view ships unprotected.

Each request runs in a savepoint that is rolled back, so every cell starts from the same records.
"""

import re
from http.cookies import SimpleCookie

import pytest
from django.contrib import admin
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from tests.api.test_posts import PNG
from tests.conftest import operator_token

from . import matrix
from .world import build

pytestmark = pytest.mark.django_db

SIGN_IN_PREFIX = "/login/?next="


def url_patterns(patterns=None, prefix=""):
    """Every route of the URL resolver, as its pattern text ("posts/<int:pk>/", "api/v1/^posts/$")."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def schema_operations() -> set[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        (method.upper(), path)
        for path, ops in schema["paths"].items()
        for method in ops
        if method in ("get", "post", "put", "patch", "delete")
    }


def api_path(route: str) -> str:
    """A router pattern ("api/v1/^posts/(?P<pk>[^/.]+)/approve/$") or a path ("api/v1/flags/<int:pk>/override/") as
    the schema writes it."""
    path = route.replace("^", "").replace("$", "")

    def name(match):
        return "{id}" if match.group(1) == "pk" else "{" + match.group(1) + "}"

    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", name, path)
    path = re.sub(r"<(?:\w+:)?(\w+)>", name, path)
    return "/" + path


def test_every_route_has_a_row_and_every_row_a_route():
    routes = set(url_patterns())
    pages = {route for route in routes if not route.startswith(("api/v1/", matrix.ADMIN_PREFIX))}
    declared = {row.route for row in matrix.PAGES}
    assert pages - declared == set(), "pages with no row in tests/security/matrix.py"
    assert declared - pages == set(), "rows for pages that are gone"
    operations = schema_operations()
    declared_api = {(row.method, row.route) for row in matrix.API}
    assert operations - declared_api == set(), "API operations with no row in tests/security/matrix.py"
    assert declared_api - operations == set(), "rows for API operations that are gone"
    # Every API route of the resolver is in the schema, so none escapes the matrix by being left out of it.
    schema_paths = {path for _, path in operations}
    assert {api_path(route) for route in routes if route.startswith("api/v1/")} <= schema_paths


def test_the_matrix_size_is_reported(capsys):
    cells = matrix_size()
    with capsys.disabled():
        print(
            f"\nauthorization matrix: {cells['routes']} routes x {len(matrix.ROLES)} roles = {cells['cells']} "
            f"cells, plus {cells['other']} requests for another department's records"
        )
    assert cells["routes"] == len(matrix.PAGES) + len(matrix.API)


def matrix_size():
    rows = matrix.PAGES + matrix.API
    with_obj = [row for row in rows if row.obj]
    return {
        "routes": len(rows),
        "cells": len(rows) * len(matrix.ROLES),
        "other": len(with_obj) * (len(matrix.ROLES) - 1),
    }


class _Rollback(Exception):
    pass


def outcome(response, row) -> str:
    code = response.status_code
    if code in (301, 302, 303):
        location = response["Location"]
        return "sign-in" if location.startswith((SIGN_IN_PREFIX, "/admin/login/?next=")) else "ok"
    if 200 <= code < 300 or code == 409 or code in row.also_ok:
        return "ok"
    return str(code)


def request(client, row, url, world):
    data = row.data(world) if callable(row.data) else {}
    cookies = SimpleCookie(client.cookies.output(header="", sep="\n"))
    try:
        with transaction.atomic():
            if row.data == "upload":
                response = client.post(
                    url, {"file": SimpleUploadedFile("p.png", PNG), "rights_attested": True}, format="multipart"
                )
            elif isinstance(client, APIClient):
                upload = isinstance(data, dict) and any(isinstance(value, File) for value in data.values())
                response = getattr(client, row.method.lower())(url, data, format="multipart" if upload else "json")
            else:
                response = getattr(client, row.method.lower())(url, data)
            raise _Rollback
    except _Rollback:
        pass
    client.cookies = cookies  # a sign-out in one cell does not sign the next one out
    return response


def page_url(row, record) -> str:
    return "/" + row.path(record)


def api_url(row, record) -> str:
    return row.path(record)


@pytest.fixture
def matrix_world(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return build(world, tmp_path)


def clients_for(role, world):
    page, api = Client(), APIClient()
    if role != "anonymous":
        person = getattr(world, role)
        page.force_login(person)
        _, key = operator_token(person)
        api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return page, api


@pytest.mark.parametrize("role", matrix.ROLES)
def test_matrix(role, matrix_world):
    w = matrix_world
    page, api = clients_for(role, w)
    wrong = []
    for rows, client, url_of in ((matrix.PAGES, page, page_url), (matrix.API, api, api_url)):
        for row in rows:
            record = getattr(w, row.obj) if row.obj else None
            got = outcome(request(client, row, url_of(row, record), w), row)
            want = row.expected(role, api=row.api)
            if got != want:
                wrong.append(f"{row.method} {row.route} as {role}: expected {want}, got {got}")
            if row.obj and role != "anonymous":
                got = outcome(request(client, row, url_of(row, getattr(w.other, row.obj)), w), row)
                want = row.expected_for_other_department(role)
                if got != want:
                    wrong.append(
                        f"{row.method} {row.route} as {role} with another department's {row.obj}: "
                        f"expected {want}, got {got}"
                    )
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("role", matrix.ROLES)
def test_the_admin_is_for_staff_only(role, world):
    client = Client()
    if role != "anonymous":
        client.force_login(getattr(world, role))
    urls = [reverse("admin:index")] + [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist") for model in admin.site._registry
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/?next="), url
