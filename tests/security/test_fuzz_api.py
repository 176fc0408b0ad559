"""Fuzzing the API (issue 7.6): schemathesis generates requests for every operation of /api/schema/,
a fixed number per operation, with a token for each role. No answer is a 5xx, every answer conforms
to the schema (status code, content type, body), and no request changes anything of another
department (its records are compared before and after the run).

SCHEMATHESIS_EXAMPLES sets the examples per operation and role (default 3); the run is derandomized,
so a failure reproduces.
"""

import os

import pytest
import schemathesis
from django.apps import apps
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from security import services as security_services

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


@pytest.fixture
def api_schema():
    """The schema as /api/schema/ serves it, loaded once per test process, bound to the WSGI app."""
    # The requests go through the WSGI handler in this thread, inside the test's transaction: the
    # handler must not close the connection after each one (as Django's own test client arranges).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    if "schema" not in _loaded:
        _loaded["schema"] = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    yield _loaded["schema"]
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("role", matrix.ROLES)
def test_fuzz_the_api(role, matrix_world, api_schema, capsys):
    w = matrix_world
    headers = {}
    if role != "anonymous":
        _, key = security_services.create_token(by=None, member=getattr(w, role))
        headers["Authorization"] = f"Token {key}"
    schema = api_schema
    before = snapshot(w.other_department)
    calls, failures, operations = 0, [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @hypothesis_settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                             phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def run(case):
            nonlocal calls
            calls += 1
            response = case.call(headers=headers)
            try:
                case.validate_response(response, checks=CHECKS, headers=headers)
            except (Exception, BaseExceptionGroup) as error:  # a FailureGroup: keep going, report them all
                failures.append(f"{case.method} {case.formatted_path} as {role}: {str(error)[:1500]}")

        run()
    after = snapshot(w.other_department)
    changed = [label for label in before if before[label] != after[label]]
    with capsys.disabled():
        print(f"\nschemathesis as {role}: {operations} operations, {calls} examples, {len(failures)} failures")
    assert not failures, "\n\n".join(failures[:10])
    assert not changed, f"another department's records changed: {changed}"


@pytest.fixture
def matrix_world(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return build(world, tmp_path)
