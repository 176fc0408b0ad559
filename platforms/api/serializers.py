from rest_framework import serializers

from ..bluesky.client import DEFAULT_SERVICE
from ..models import CapturedPost, CapturedPostVersion, Connection


class ConnectSerializer(serializers.Serializer):
    service = serializers.CharField(max_length=300, required=False, allow_blank=True, default=DEFAULT_SERVICE)
    identifier = serializers.CharField(max_length=253)
    app_password = serializers.CharField(max_length=200, write_only=True, trim_whitespace=True)


class ConnectionSerializer(serializers.ModelSerializer):
    """A connection as the API shows it: never the app password or the session tokens."""

    class Meta:
        model = Connection
        fields = [
            "account",
            "service",
            "identifier",
            "did",
            "handle",
            "status",
            "error",
            "connected_at",
            "last_capture_at",
            "last_capture_error",
        ]
        read_only_fields = fields


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CapturedPostVersion
        fields = ["cid", "text", "sha256", "captured_at", "record"]
        read_only_fields = fields


class CapturedPostSerializer(serializers.ModelSerializer):
    versions = VersionSerializer(many=True, read_only=True)
    report = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)  # none until a report is opened

    class Meta:
        model = CapturedPost
        fields = [
            "id",
            "account",
            "uri",
            "url",
            "author",
            "text",
            "cid",
            "posted_at",
            "captured_at",
            "sha256",
            "deleted_at",
            "authorized",
            "post",
            "findings",
            "report",
            "versions",
        ]
        read_only_fields = fields


class RemoveCapturedSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000)
