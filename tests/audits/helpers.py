from django.db import transaction

from audits import chain, sequencer
from audits.models import AuditChainHead, AuditEvent


def record(action="tests.change", actor=None, department=None, *, chained=True, **fields) -> AuditEvent:
    """One event in its own transaction, as a service would write it; then, unless told not to, the sequencer's
    pass that follows its commit (at once on SQLite, where record() chains it itself)."""
    with transaction.atomic():
        event = AuditEvent.record(actor=actor, action=action, department=department, **fields)
    if chained and event.is_pending:
        sequencer.sequence_pending()
        event.refresh_from_db()
    return event


def head(department=None) -> AuditChainHead:
    """The head of the department's chain (the installation's without one) once the sequencer has chained
    what is pending (issue 18)."""
    sequencer.sequence_pending()
    key = chain.chain_key(department.pk if department is not None else None)
    return AuditChainHead.objects.filter(pk=key).first() or AuditChainHead(pk=key)
