from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .. import permissions, services
from ..models import Notification
from .serializers import NotificationSerializer


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("unread", bool, description="Only notices not yet read.")])
)
class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """Your notifications, newest first: reminders of what is coming due and notices of changes, each with why
    you got it, a link to act and the state of its email. The list's `unread` is how many you have not read."""

    serializer_class = NotificationSerializer

    def get_queryset(self):
        notifications = permissions.visible(self.request.user, Notification.objects.all()).order_by(
            "-created_at", "-id"
        )
        if self.request.query_params.get("unread") in ("1", "true"):
            notifications = notifications.unread()
        return notifications

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        response.data["unread"] = Notification.objects.for_member(request.user).unread().count()
        return response

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark the notification read."""
        notification = services.mark_read(by=request.user, notification=self.get_object())
        return Response(self.get_serializer(notification).data)

    @extend_schema(request=None, responses={200: OpenApiResponse(description='{"marked": <how many>}')})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        """Mark every notification read."""
        return Response({"marked": services.mark_all_read(by=request.user)})
