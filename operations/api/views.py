"""The undercover operations API (issue 16.1; general policy IV.E.2): /api/v1/operations/.

An operation the requester is not assigned to is not there (404), except for the chief and the records
custodian; acting on a visible one without the right is 403; a state that does not allow the action is 409.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from socialgov.api import validated

from .. import permissions, services
from ..models import Operation
from .serializers import (
    ExternalPostingInputSerializer,
    ExternalPostingSerializer,
    OperationNoteSerializer,
    OperationSerializer,
)


class OperationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = OperationSerializer

    def get_queryset(self):
        return (
            permissions.visible(self.request.user, Operation.objects.all())
            .select_related("department")
            .prefetch_related("accounts", "assignments", "log", "external_postings")
            .order_by("-created_at", "-id")
        )

    def _answer(self, operation, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=operation.pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        """Propose an operation (a supervisor or the chief); it awaits approval."""
        permissions.require(request.user, "create")
        data = validated(OperationSerializer, request)
        operation = services.create_operation(
            by=request.user,
            name=data["name"],
            case_number=data["case_number"],
            monitoring_supervisor=data["monitoring_supervisor"],
            members=data.get("members", []),
            accounts=data["accounts"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
        )
        return self._answer(operation, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=OperationSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """The chief, or a designee with the covert_operations scope (403 saying why for anyone else)."""
        operation = self.get_object()
        return self._answer(services.approve_operation(by=request.user, operation=operation))

    @extend_schema(request=OperationNoteSerializer, responses=OperationSerializer)
    @action(detail=True, methods=["post"])
    def log(self, request, pk=None):
        """The monitoring supervisor's dated entry; 409 unless the operation is open."""
        operation = self.get_object()
        permissions.require(request.user, "log", operation)
        note = validated(OperationNoteSerializer, request)["note"]
        services.log_entry(by=request.user, operation=operation, note=note)
        return self._answer(operation, status.HTTP_201_CREATED)

    @extend_schema(request=ExternalPostingInputSerializer, responses={201: ExternalPostingSerializer})
    @action(detail=True, methods=["post"], url_path="external-postings")
    def external_postings(self, request, pk=None):
        """A posting to another site within the open operation: its link and the captured text (hashed)."""
        operation = self.get_object()
        permissions.require(request.user, "record_posting", operation)
        data = validated(ExternalPostingInputSerializer, request)
        posting = services.record_external_posting(by=request.user, operation=operation, **data)
        return Response(ExternalPostingSerializer(posting).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=OperationNoteSerializer, responses=OperationSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close with a note (the chief or the monitoring supervisor): every assignment ends."""
        operation = self.get_object()
        permissions.require(request.user, "close", operation)
        note = validated(OperationNoteSerializer, request)["note"]
        return self._answer(services.close_operation(by=request.user, operation=operation, note=note))
