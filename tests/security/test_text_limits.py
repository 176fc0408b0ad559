"""Every free-text field has a documented maximum length (issue 17.5; socialgov/limits.py, README "Text limits").

- every text column of the apps' models has a max_length (CharField by Django's rule; TextField by ours), so
  each model form and model serializer, and the API schema, carries it;
- every string in every API request body has maxLength in the OpenAPI schema, and every free-text form field a
  max_length;
- 1 MB in any string field of any API operation is a 400 naming the field, with nothing changed and nothing
  written to the audit trail; so is a 1 MB post-request summary or revocation reason in the browser.
"""

import json

import pytest
from django import forms
from django.apps import apps
from django.db import models

from approvals.models import PostRequest
from audits.models import AuditEvent
from people.models import Authorization
from socialgov import limits

from . import matrix
from .test_bad_input import allowed_role, client_for, send
from .world import build

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def api_schema():
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


@pytest.fixture
def records(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return build(world, tmp_path)


MEGABYTE = "a" * 1_000_000
APPS = [
    "people",
    "posts",
    "platforms",
    "screening",
    "approvals",
    "conduct",
    "operations",
    "retention",
    "audits",
    "reviews",
    "notifications",
    "security",
]
MODEL_LIMIT_PENDING: set[str] = set()
# Written by the system, not typed by anyone: the SHA-256 of every revision of a disposed post, a connection's
# encrypted app password and session (Fernet tokens), and the policy text as the department's pack ships it.
SYSTEM_WRITTEN = {
    "retention.Tombstone.revision_hashes",
    "platforms.Connection.app_password",
    "platforms.Connection.session",
    "conduct.PolicyVersion.text",
}


def test_every_text_column_has_a_maximum_length():
    missing = [
        f"{model._meta.label}.{field.name}"
        for app in APPS
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.TextField) and field.max_length is None
    ]
    assert sorted(set(missing) - MODEL_LIMIT_PENDING - SYSTEM_WRITTEN) == []


def test_the_limits_are_the_documented_ones():
    with open("README.md", encoding="utf-8") as readme:
        text = readme.read()
    for limit in (limits.NOTE, limits.TEXT, limits.POST):
        assert f"{limit:,}" in text.split("### Text limits")[1].split("\n## ")[0]


def _strings_without_maximum(schema, node, path, found):
    components = schema["components"]["schemas"]
    if "$ref" in node:
        node = components[node["$ref"].rsplit("/", 1)[-1]]
    for key in ("allOf", "oneOf", "anyOf"):
        for part in node.get(key, []):
            _strings_without_maximum(schema, part, path, found)
    if node.get("type") == "array" and "items" in node:
        items = node["items"]
        if items.get("type") == "string" and "maxLength" not in items and "enum" not in items:
            found.append(f"{path}[]")
        _strings_without_maximum(schema, items, f"{path}[]", found)
    for name, prop in node.get("properties", {}).items():
        if prop.get("readOnly"):
            continue
        if (
            prop.get("type") == "string"
            and "maxLength" not in prop
            and "enum" not in prop
            and prop.get("format") not in ("date", "date-time", "binary")
        ):
            found.append(f"{path}.{name}")
        _strings_without_maximum(schema, prop, f"{path}.{name}", found)


def test_every_string_the_api_takes_has_max_length_in_the_schema(api_schema):
    schema = api_schema
    found = []
    for route, operations in schema["paths"].items():
        for method, operation in operations.items():
            for content in operation.get("requestBody", {}).get("content", {}).values():
                _strings_without_maximum(schema, content["schema"], f"{method.upper()} {route}", found)
    assert found == []


def test_every_free_text_form_field_has_a_max_length():
    import importlib
    import inspect

    missing = []
    for app in APPS:
        try:
            module = importlib.import_module(f"{apps.get_app_config(app).name}.forms")
        except ImportError:
            continue
        for name, form in inspect.getmembers(module, inspect.isclass):
            if not issubclass(form, forms.BaseForm) or form.__module__ != module.__name__:
                continue
            for field_name, field in form.base_fields.items():
                if isinstance(field, forms.CharField) and field.max_length is None:
                    missing.append(f"{module.__name__}.{name}.{field_name}")
    assert missing == []


def string_fields(schema, method, route) -> list[str]:
    operation = schema["paths"][route][method.lower()]
    content = operation.get("requestBody", {}).get("content", {})
    media = content.get("application/json")
    if not media:
        return []
    node = media["schema"]
    if "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return [
        name
        for name, prop in node.get("properties", {}).items()
        if prop.get("type") == "string" and not prop.get("readOnly")
    ]


def test_a_megabyte_in_any_string_field_of_the_api_is_a_400_naming_it(records, api_schema):
    w, schema = records, api_schema
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
        for field in string_fields(schema, row.method, row.route):
            before = AuditEvent.objects.count()
            response = send(client, row.method, url, raw=json.dumps({**valid, field: MEGABYTE}))
            tried += 1
            if response.status_code != 400 or field not in response.json():
                wrong.append(f"{row.method} {row.route} {field}: {response.status_code} {response.content[:200]!r}")
            assert AuditEvent.objects.count() == before
    assert tried > 40
    assert not wrong, "\n".join(wrong)


def test_a_megabyte_summary_or_revocation_reason_in_the_api(records):
    w = records
    response = client_for("member", w).post(
        "/api/v1/post-requests/", {"category": "announcement", "summary": MEGABYTE}, format="json"
    )
    assert response.status_code == 400 and list(response.json()) == ["summary"]
    response = client_for("chief", w).post(
        f"/api/v1/authorizations/{w.authorization.pk}/revoke/", {"reason": MEGABYTE}, format="json"
    )
    assert response.status_code == 400 and list(response.json()) == ["reason"]
    assert Authorization.objects.get(pk=w.authorization.pk).revoked_at is None
    assert not PostRequest.objects.filter(summary=MEGABYTE).exists()


def test_a_megabyte_summary_or_revocation_reason_in_the_browser(client, records):
    w = records
    events = AuditEvent.objects.exclude(action__startswith="security.").count()
    client.force_login(w.member)
    response = client.post("/requests/new/", {"category": "announcement", "summary": MEGABYTE})
    assert "summary" in response.context["form"].errors
    assert f"at most {limits.NOTE} characters" in response.content.decode()
    client.force_login(w.chief)
    response = client.post(f"/authorizations/{w.authorization.pk}/revoke/", {"reason": MEGABYTE})
    assert "reason" in response.context["form"].errors
    assert Authorization.objects.get(pk=w.authorization.pk).revoked_at is None
    assert not PostRequest.objects.filter(summary=MEGABYTE).exists()
    new = AuditEvent.objects.exclude(action__startswith="security.").order_by("pk")[events:]
    assert [(e.action, e.after) for e in new] == []
