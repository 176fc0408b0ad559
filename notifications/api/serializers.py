from rest_framework import serializers

from ..models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    read = serializers.BooleanField(source="is_read", read_only=True)

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "subject",
            "reason",
            "link",
            "created_at",
            "read",
            "read_at",
            "email_state",
            "emailed_at",
            "email_attempts",
            "email_error",
        ]
        read_only_fields = fields
