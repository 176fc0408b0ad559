from django.db import transaction

from audits import chain
from audits.models import AuditChainHead, AuditEvent


def record(action="tests.change", actor=None, department=None, **fields) -> AuditEvent:
    """One event in its own transaction, as a service would write it."""
    with transaction.atomic():
        return AuditEvent.record(actor=actor, action=action, department=department, **fields)


def head(department=None) -> AuditChainHead:
    """The head of the department's chain (the installation's without one), as it stands (issue 18)."""
    key = chain.chain_key(department.pk if department is not None else None)
    return AuditChainHead.objects.filter(pk=key).first() or AuditChainHead(pk=key)
