from django.db import transaction

from audits.models import AuditChainHead, AuditEvent


def record(action="tests.change", actor=None, department=None, **fields) -> AuditEvent:
    """One event in its own transaction, as a service would write it."""
    with transaction.atomic():
        return AuditEvent.record(actor=actor, action=action, department=department, **fields)


def head() -> AuditChainHead:
    return AuditChainHead.objects.get_or_create(pk=1)[0]
