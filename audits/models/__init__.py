"""The audit trail, annual reviews with their engagement imports, and members' notifications
(DESIGN.md "Audit trail and reviews")."""

from .reviews import AnnualReview, Engagement, EngagementImport
from .trail import AuditChainHead, AuditEvent, AuditEventQuerySet, Checkpoint, is_postgresql

__all__ = [
    "AnnualReview",
    "AuditChainHead",
    "AuditEvent",
    "AuditEventQuerySet",
    "Checkpoint",
    "Engagement",
    "EngagementImport",
    "Notification",
    "is_postgresql",
]
