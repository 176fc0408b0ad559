"""Fuzzing the API (issue 7.6): schemathesis generates requests for every operation of /api/schema/,
a fixed number per operation, with a token for each role. No answer is a 5xx, every answer conforms
to the schema (status code, content type, body), and no request changes anything of another
department (its records are compared before and after the run).

Besides what schemathesis generates from the schema, each generated body or query string may have one
value swapped for a hostile one (issue 17.3): a lone UTF-16 surrogate, an integer past 64 bits, a
non-ASCII digit. Each must be a 4xx, never a 5xx.

SCHEMATHESIS_EXAMPLES sets the examples per operation and role (default 3); the run is derandomized,
so a failure reproduces.
"""

import json
import os

import pytest
import schemathesis
from django.apps import apps
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.transport.serialization import serialize_json
from schemathesis.transport.wsgi import WSGI_TRANSPORT

from tests.conftest import operator_token

from . import matrix
from .world import build

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "3"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# How each kind of record reaches its department, for those that do not name it themselves.
DEPARTMENT_OF = {
    "people.Department": "pk",
    "people.TrainingRecord": "member__department",
    "posts.PostRevision": "post__department",
    "posts.Publication": "post__department",
    "approvals.ApprovalDecision": "post__department",
    "approvals.FlagOverride": "flag__department",
    "retention.RetentionSchedule": "series__department",
    "retention.DispositionBatchSeries": "batch__department",
    "retention.DispositionExclusion": "batch__department",
    "retention.Tombstone": "batch__department",
    "retention.Certificate": "batch__department",
    "retention.TransferArchive": "batch__department",
    "audits.Engagement": "post__department",
    "platforms.Connection": "account__department",
    "platforms.CapturedPostVersion": "captured_post__department",
    "platforms.CapturedReply": "captured_post__department",
    "security.ApiToken": "member__department",
    "security.SignIn": "member__department",
    "guardian.UserObjectPermission": "user__department",
    "otp_totp.TOTPDevice": "user__department",
    "otp_static.StaticDevice": "user__department",
}


def snapshot(department) -> dict:
    """Every row of every kind of record that belongs to the department, as stored."""
    rows = {}
    tables = set(connection.introspection.table_names())
    for model in apps.get_models():
        if model._meta.db_table not in tables:  # a model of a package shadowed from elsewhere
            continue
        label = model._meta.label
        path = DEPARTMENT_OF.get(label)
        if path is None and any(f.name == "department" and f.is_relation for f in model._meta.get_fields()):
            path = "department"
        if path is None:
            continue
        lookup = {path: department.pk} if path == "pk" else {path: department}
        rows[label] = sorted(map(repr, model._default_manager.filter(**lookup).order_by("pk").values()))
    return rows


_loaded = {}

HOSTILE_VALUES = ["\ud800", "text then \udfff", 10**22, -(10**22), 2**64]
HOSTILE_NUMBERS = [10**22, -(10**22), 2**64]
HOSTILE_QUERY = [str(10**22), "99999999999999999999999", "²", "-1"]


def one_swapped(values: dict, hostile: list):
    """The generated values as they are, or with one of them replaced by a hostile value."""
    if not isinstance(values, dict) or not values:
        return st.just(values)
    swapped = st.tuples(st.sampled_from(sorted(values)), st.sampled_from(hostile)).map(
        lambda pair: {**values, pair[0]: pair[1]}
    )
    return st.one_of(st.just(values), swapped)


@WSGI_TRANSPORT.serializer("application/json")
def json_as_ascii(context, value):
    """JSON as most clients send it, non-ASCII escaped: a lone surrogate travels as "\\ud800" (schemathesis's
    own serializer writes raw UTF-8, which cannot carry one)."""
    if isinstance(value, (dict, list, str, int, float, bool)):
        return {"data": json.dumps(value).encode()}
    return serialize_json(value)


def carries_hostile_value(case) -> bool:
    values = [*(case.body.values() if isinstance(case.body, dict) else []), *(case.query or {}).values()]
    return any(value in HOSTILE_VALUES or value in HOSTILE_QUERY for value in values if isinstance(value, str | int))


def with_hostile_values(schema):
    @schema.hook("flatmap_body")
    def hostile_body(context, body):
        # A form or multipart body is UTF-8 on the wire and cannot carry a lone surrogate; JSON can.
        json_only = all("json" in alternative.media_type for alternative in context.operation.body)
        return one_swapped(body, HOSTILE_VALUES if json_only else HOSTILE_NUMBERS)

    @schema.hook("flatmap_query")
    def hostile_query(context, query):
        return one_swapped(query, HOSTILE_QUERY)

    return schema


@pytest.fixture
def api_schema():
    """The schema as /api/schema/ serves it, loaded once per test process, bound to the WSGI app."""
    # The requests go through the WSGI handler in this thread, inside the test's transaction: the
    # handler must not close the connection after each one (as Django's own test client arranges).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    if "schema" not in _loaded:
        _loaded["schema"] = with_hostile_values(
            schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
        )
    yield _loaded["schema"]
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("role", matrix.ROLES)
def test_fuzz_the_api(role, matrix_world, api_schema, capsys):
    w = matrix_world
    headers = {}
    if role != "anonymous":
        _, key = operator_token(getattr(w, role))
        headers["Authorization"] = f"Token {key}"
    schema = api_schema
    before = snapshot(w.other_department)
    calls, failures, operations, hostile = 0, [], 0, 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @hypothesis_settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case):
            nonlocal calls, hostile
            calls += 1
            hostile += carries_hostile_value(case)
            response = case.call(headers=headers)
            try:
                case.validate_response(response, checks=CHECKS, headers=headers)
            except (Exception, BaseExceptionGroup) as error:  # a FailureGroup: keep going, report them all
                failures.append(f"{case.method} {case.formatted_path} as {role}: {str(error)[:1500]}")

        run()
    after = snapshot(w.other_department)
    changed = [label for label in before if before[label] != after[label]]
    with capsys.disabled():
        print(
            f"\nschemathesis as {role}: {operations} operations, {calls} examples ({hostile} with a hostile value), "
            f"{len(failures)} failures"
        )
    assert hostile > operations // 4, "too few examples carried a hostile value"
    assert not failures, "\n\n".join(failures[:10])
    assert not changed, f"another department's records changed: {changed}"


@pytest.fixture
def matrix_world(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return build(world, tmp_path)
