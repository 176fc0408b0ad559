"""The undercover-operation records of the security tests' world (tests/security/world.py; issue 16.1).

Oakley: an open operation (`operation`) using the covert account, monitored by the supervisor, with the PIO
assigned, a monitoring entry and a posting to another site; a spare covert account no operation uses yet (what
a new operation names). Azusa: an operation of its own. The designee persona holds every scope, covert
operations included, so sees every operation.
"""

from django.utils import timezone

from operations import services
from operations.models import ExternalPosting, MonitoringEntry, Operation
from posts.choices import AccountKind
from tests.conftest import make_account


def build(w) -> None:
    today = timezone.localdate()
    operation = services.create_operation(
        by=w.supervisor,
        name="Harbor Lights",
        case_number="26-0412",
        monitoring_supervisor=w.supervisor,
        members=[w.pio],
        accounts=[w.covert_account],
        starts_on=today,
        ends_on=today + timezone.timedelta(days=90),
    )
    w.operation = services.approve_operation(by=w.chief, operation=operation)
    services.log_entry(by=w.supervisor, operation=w.operation, note="Reviewed the account's messages.")
    services.record_external_posting(
        by=w.pio,
        operation=w.operation,
        url="https://www.facebook.com/groups/h/9",
        text="Anyone selling bikes by the harbor?",
    )
    w.spare_covert = make_account(
        w.department, "oakley_spare", approved_by=w.chief, kind=AccountKind.COVERT, monitoring_supervisor=w.supervisor
    )


def build_other(w, other) -> None:
    today = timezone.localdate()
    other.operation = Operation.objects.create(
        department=w.other_department,
        name="Azusa op",
        case_number="A-1",
        monitoring_supervisor=other.supervisor,
        starts_on=today,
        ends_on=today,
        created_by=w.other_chief,
        status="open",
    )


def fill_with_payload(w, text: str) -> None:
    Operation.objects.filter(department=w.department).update(name=text[:200], close_note=text)
    MonitoringEntry.objects.filter(operation__department=w.department).update(note=text)
    ExternalPosting.objects.filter(operation__department=w.department).update(text=text)
