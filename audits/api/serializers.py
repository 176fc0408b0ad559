from rest_framework import serializers

from ..models import AuditEvent


class AuditEventSerializer(serializers.ModelSerializer):
    """One event of the hash-chained audit trail; read-only, like the trail itself."""

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "actor",
            "actor_name",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "before",
            "after",
            "request_id",
            "remote_addr",
            "created_at",
            "previous_hash",
            "hash",
        ]
        read_only_fields = fields
