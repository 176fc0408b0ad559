"""Asking for a capture now (issue 12.2): the PIO, a supervisor, the custodian or the chief."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from audits.models import AuditEvent
from socialgov import outbox
from socialgov.errors import InvalidTransition

from . import permissions
from .models import Connection, ConnectionStatus


@transaction.atomic
def request_capture(*, by, account) -> None:
    if not permissions.can(by, "capture", account):
        raise PermissionDenied("The PIO, supervisors, the records custodian and the chief ask for a capture.")
    connection = Connection.objects.filter(account=account).first()
    if connection is None or connection.status != ConnectionStatus.CONNECTED:
        raise InvalidTransition(account, "capture", f"{account} is not connected; the chief connects it first.")
    AuditEvent.record(actor=by, action="platforms.capture.request", target=account, after={"account": account.pk})
    outbox.enqueue("platforms.tasks.capture_account_task", account.pk)  # STYLE.md §11
