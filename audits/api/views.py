"""The audit trail over the API (DESIGN.md "Audit trail and reviews"): read-only, for the chief and
the records custodian of the department (3xx.7)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets

from people import permissions

from ..models import AuditEvent
from .serializers import AuditEventSerializer

FILTERS = ("action", "object_type", "object_id")


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("action", str, description='Exact action, e.g. "people.authorization.grant".'),
            OpenApiParameter("object_type", str, description='Exact model label, e.g. "people.Authorization".'),
            OpenApiParameter("object_id", str, description="The object's primary key."),
        ]
    )
)
class AuditEventViewSet(viewsets.ReadOnlyModelViewSet):
    """Your department's audit events, newest first."""

    serializer_class = AuditEventSerializer

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # The whole trail is the chief's and the custodian's to read: 403 before any lookup.
        permissions.require(request.user, "read_audit")

    def get_queryset(self):
        events = permissions.visible(self.request.user, AuditEvent.objects.all()).order_by("-id")
        filters = {name: self.request.query_params[name] for name in FILTERS if name in self.request.query_params}
        return events.filter(**filters)
