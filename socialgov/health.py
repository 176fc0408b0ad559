"""Health for operators and load balancers (issue 19.2), and the answer to a lost database (issue 19.3).

`/healthz` needs no sign-in and shows no records: whether the database and the broker answer, how many outbox
rows wait and how old the oldest is, and when beat's sweep last ran. 200 when all is well, 503 naming what is
not. `/readyz` is the load balancer's question (can this process serve a request?): the database only, since
pages still answer while the broker is down (the outbox keeps their work).
"""

import sys
from datetime import timedelta

from django.conf import settings
from django.db import Error, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils import timezone
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import outbox
from .celery import app as celery_app

# Above these the health endpoint answers 503 (the job runner is behind or beat has stopped).
OUTBOX_MAX_AGE = timedelta(seconds=settings.HEALTH_OUTBOX_MAX_AGE_SECONDS)
BEAT_MAX_AGE = timedelta(seconds=settings.HEALTH_BEAT_MAX_AGE_SECONDS)
LOST_DATABASE = (OperationalError, InterfaceError)
# Answered in JSON when the database is lost (the API, and the health endpoints, whose middleware may fail first).
JSON_PATHS = ("/api/", "/healthz", "/readyz")


def database_ok() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True, ""
    except Error as error:
        return False, f"{type(error).__name__}: {error}".strip()[:300]


def broker_ok() -> tuple[bool, str]:
    if celery_app.conf.task_always_eager:
        return True, "tasks run inline"
    try:
        with celery_app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, interval_start=0, interval_step=0.2, timeout=2)
        return True, ""
    except Exception as error:  # noqa: BLE001 - whatever the transport raises, the broker did not answer
        return False, f"{type(error).__name__}: {error}".strip()[:300]


def report() -> tuple[dict, list[str]]:
    failing = []
    checks = {}
    ok, detail = database_ok()
    checks["database"] = {"ok": ok, **({"error": detail} if detail and not ok else {})}
    if not ok:
        failing.append("database")
    ok, detail = broker_ok()
    checks["broker"] = {"ok": ok, **({"error": detail} if not ok else {})}
    if not ok:
        failing.append("broker")
    if checks["database"]["ok"]:
        depth = outbox.depth()
        checks["outbox"] = {"ok": depth["oldest_pending_seconds"] <= OUTBOX_MAX_AGE.total_seconds(), **depth}
        if not checks["outbox"]["ok"]:
            failing.append("outbox")
        tick = outbox.last_tick()
        age = round((timezone.now() - tick.at).total_seconds(), 1) if tick else None
        checks["beat"] = {"ok": age is not None and age <= BEAT_MAX_AGE.total_seconds(), "last_tick_seconds_ago": age}
        if not checks["beat"]["ok"]:
            failing.append("beat")
    return checks, failing


@never_cache
@require_GET
def healthz(request):
    checks, failing = report()
    status = 503 if failing else 200
    return JsonResponse(
        {"status": "ok" if not failing else "failing", "failing": failing, "checks": checks}, status=status
    )


@never_cache
@require_GET
def readyz(request):
    ok, detail = database_ok()
    if ok:
        return JsonResponse({"status": "ready"})
    return JsonResponse({"status": "not ready", "failing": ["database"]}, status=503)


def unavailable(request):
    """503 for a request that lost the database: a plain retry page, or JSON for the API. Whatever the request
    was writing was in one transaction, which the database rolled back (STYLE.md §1)."""
    message = "The database is not answering. Nothing was saved; try again in a minute."
    if request.path.startswith(JSON_PATHS):
        response = JsonResponse(
            {"detail": message, "code": "service_unavailable", "status": "failing", "failing": ["database"]}, status=503
        )
    else:
        # The page reads no member, no session and no database: only the template.
        response = loader.render_to_string("503.html", {"message": message})
        response = HttpResponse(response, status=503)
    response["Retry-After"] = "30"
    return response


def server_error(request, *args, **kwargs):
    """handler500: a lost database is 503 (try again), anything else the plain 500 page."""
    error = sys.exc_info()[1]
    if isinstance(error, LOST_DATABASE):
        return unavailable(request)
    return defaults.server_error(request)
