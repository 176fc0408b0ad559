"""The people API (DESIGN.md "Interfaces"): the signed-in member, the department, members,
accounts, authorizations (3xx.3) and training records (3xx.8).

Every view fetches through people.permissions.visible (not there: 404) and asks
people.permissions.can (no: 403) before it reads the input (bad input: 400). It
changes nothing itself: the services in people.services do, and socialgov.api
turns their errors into answers. Lists prefetch what their serializers read, so
a page costs the same few queries however many rows it holds (tests/api/test_query_counts.py).
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from audits.api.serializers import AuditEventSerializer
from audits.models import AuditEvent
from socialgov.api import validated

from .. import designees, hooks, permissions, services
from ..models import Authorization, Department, Designation, Member, TrainingRecord
from ..querysets import today
from .serializers import (
    AuthorizationSerializer,
    DepartmentSerializer,
    DesignationSerializer,
    MemberSerializer,
    MeSerializer,
    RevokeSerializer,
    TrainingRecordSerializer,
)


def visible_accounts(user):
    """Accounts as the requester may see them: a covert one is left out of every list it appears in."""
    return hooks.visible_accounts(user)


class MeView(generics.GenericAPIView):
    """The signed-in member."""

    serializer_class = MeSerializer

    def get(self, request):
        return Response(self.get_serializer(request.user).data)


class DepartmentView(generics.GenericAPIView):
    """The signed-in member's department. The chief may PATCH its public contacts."""

    serializer_class = DepartmentSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return permissions.visible(self.request.user, Department.objects.all())

    def get_object(self):
        return get_object_or_404(self.get_queryset())

    def get(self, request):
        return Response(self.get_serializer(self.get_object()).data)

    def patch(self, request):
        department = self.get_object()
        permissions.require(request.user, "edit_department", department)
        serializer = self.get_serializer(department, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        department = services.update_public_contacts(
            by=request.user, department=department, **serializer.validated_data
        )
        return Response(self.get_serializer(department).data)


class MemberViewSet(viewsets.ReadOnlyModelViewSet):
    """Members of your department. Training and authorization status are shown to the chief,
    a designee, supervisors and the records custodian (and to each member about themselves)."""

    serializer_class = MemberSerializer

    def get_queryset(self):
        on = today()
        return permissions.visible(self.request.user, Member.objects.all()).prefetch_related(
            "groups",
            Prefetch("training_records", queryset=TrainingRecord.objects.current(on), to_attr="current_training"),
            Prefetch(
                "authorizations",
                queryset=Authorization.objects.current(on)
                .order_by("expires_on", "id")
                .prefetch_related(Prefetch("accounts", queryset=visible_accounts(self.request.user))),
                to_attr="current_authorizations",
            ),
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        user = self.request.user
        if user.is_authenticated:
            context["department"] = user.department
            context["show_status"] = permissions.can(user, "view_member_status")
        return context


class AuthorizationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Authorizations to post (3xx.3). The chief, a designee, supervisors and the records custodian
    see the department's; everyone else their own. The chief or a designee grants and revokes."""

    serializer_class = AuthorizationSerializer

    def get_queryset(self):
        return permissions.visible(self.request.user, Authorization.objects.all()).prefetch_related(
            Prefetch("accounts", queryset=visible_accounts(self.request.user))
        )

    def create(self, request, *args, **kwargs):
        permissions.require(request.user, "grant_authorization")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        authorization = services.grant_authorization(by=request.user, **serializer.validated_data)
        return Response(
            self.get_serializer(self.get_queryset().get(pk=authorization.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=RevokeSerializer, responses=AuthorizationSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        """Revoke at once (3xx.3). 409 if it is already revoked."""
        authorization = self.get_object()
        permissions.require(request.user, "revoke_authorization", authorization)
        serializer = RevokeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.revoke_authorization(
            by=request.user, authorization=authorization, reason=serializer.validated_data["reason"]
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=authorization.pk)).data)


class DesignationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The chief's designees (§3xx.3; issue 16.2), listed for every member of the department. The chief names one
    with scopes, dates and a reason, and revokes one with a reason (`revoke/`, 409 once revoked)."""

    serializer_class = DesignationSerializer

    def get_queryset(self):
        return permissions.visible(self.request.user, Designation.objects.all()).order_by("-starts_on", "-id")

    def create(self, request, *args, **kwargs):
        permissions.require(request.user, "name_designee")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        designation = designees.name(by=request.user, **serializer.validated_data)
        return Response(self.get_serializer(designation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RevokeSerializer, responses=DesignationSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        """End the designation now, with the reason."""
        designation = self.get_object()
        permissions.require(request.user, "name_designee", designation)
        reason = validated(RevokeSerializer, request)["reason"]
        return Response(
            self.get_serializer(designees.revoke(by=request.user, designation=designation, reason=reason)).data
        )


class TrainingRecordViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """3xx.8 training records: your own, or the department's for the chief, a designee, supervisors
    and the records custodian. The chief, a designee or a supervisor records training."""

    serializer_class = TrainingRecordSerializer

    def get_queryset(self):
        return permissions.visible(self.request.user, TrainingRecord.objects.all()).order_by(
            "member_id", "topic", "-completed_on", "-id"
        )

    def create(self, request, *args, **kwargs):
        permissions.require(request.user, "record_training")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        record = services.record_training(
            by=request.user,
            member=data["member"],
            topic=data["topic"],
            completed_on=data["completed_on"],
            expires_on=data.get("expires_on"),
            note=data.get("note", ""),
        )
        return Response(self.get_serializer(record).data, status=status.HTTP_201_CREATED)


AUDIT_FILTERS = ("action", "object_type", "object_id")


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
        filters = {name: self.request.query_params[name] for name in AUDIT_FILTERS if name in self.request.query_params}
        return events.filter(**filters)
