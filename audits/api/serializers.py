from rest_framework import serializers

from ..models import AuditEvent


class AuditEventSerializer(serializers.ModelSerializer):
    """One event of the hash-chained audit trail; read-only, like the trail itself. A pending event is committed
    but not chained yet (audits.sequencer): `pending` is true and its sequence and hashes are null."""

    pending = serializers.BooleanField(source="is_pending", read_only=True)

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
            "pending",
            "sequence",
            "previous_hash",
            "hash",
        ]
        read_only_fields = fields
