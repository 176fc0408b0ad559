"""The connected-accounts API (issue 12.4): connect and disconnect an account (the chief), ask for a capture
(the PIO, supervisors, the custodian, the chief), and read what capture kept."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from posts.models import SocialAccount
from socialgov.api import validated
from socialgov.query import record_id

from .. import connections, permissions, removal, services
from ..models import CapturedPost, CapturedPostVersion
from .serializers import CapturedPostSerializer, ConnectionSerializer, ConnectSerializer, RemoveCapturedSerializer


def _account(request, pk) -> SocialAccount:
    return get_object_or_404(permissions.visible_accounts(request.user, SocialAccount.objects.all()), pk=pk)


class ConnectionView(APIView):
    """The account's connection to its platform (Bluesky): the chief connects it with the service, the handle and
    an app password (a wrong password: 400 naming `app_password`; an unreachable service: 400 naming `service`)
    and disconnects it. The password is never in an answer."""

    @extend_schema(request=ConnectSerializer, responses={201: ConnectionSerializer})
    def post(self, request, pk):
        account = _account(request, pk)
        if not permissions.can(request.user, "connect", account):
            raise PermissionDenied("Only the chief of police connects the department's accounts.")
        data = validated(ConnectSerializer, request)
        connection = connections.connect(
            by=request.user,
            account=account,
            service=data["service"],
            identifier=data["identifier"],
            app_password=data["app_password"],
        )
        return Response(ConnectionSerializer(connection).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        account = _account(request, pk)
        if not permissions.can(request.user, "connect", account):
            raise PermissionDenied("Only the chief of police disconnects the department's accounts.")
        connections.disconnect(by=request.user, account=account)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CaptureView(APIView):
    """Capture the account now (the beat job does it every CAPTURE_MINUTES): 202, the capture runs on a worker."""

    @extend_schema(
        request=None,
        responses={
            202: inline_serializer(
                "CaptureRequested", {"account": serializers.IntegerField(), "status": serializers.CharField()}
            )
        },
    )
    def post(self, request, pk):
        account = _account(request, pk)
        services.request_capture(by=request.user, account=account)
        return Response({"account": account.pk, "status": "capture requested"}, status=status.HTTP_202_ACCEPTED)


class CapturedPostViewSet(viewsets.ReadOnlyModelViewSet):
    """Posts captured from the department's connected accounts, each with every version seen and its deletion;
    `authorized` says whether it matches a publication made through socialgov (`post`)."""

    serializer_class = CapturedPostSerializer

    def get_queryset(self):
        queryset = permissions.visible_captured_posts(self.request.user, CapturedPost.objects.all()).prefetch_related(
            Prefetch("versions", queryset=CapturedPostVersion.objects.order_by("captured_at", "id"))
        )
        if self.action == "list":
            account = record_id(self.request.query_params, "account")
            if account is not None:
                queryset = queryset.filter(account_id=account)
        return queryset.order_by("-posted_at", "-id")

    @extend_schema(parameters=[OpenApiParameter("account", int, description="Only this account's posts.")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=RemoveCapturedSerializer,
        responses={202: inline_serializer("CapturedPostRemoval", {"investigation": serializers.IntegerField()})},
    )
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        """A supervisor removes content capture found (not published through socialgov) from public view: the
        channel deletes it and the investigation of its cause opens (3xx.5)."""
        captured = self.get_object()
        data = validated(RemoveCapturedSerializer, request)
        investigation = removal.remove_captured(by=request.user, captured=captured, reason=data["reason"])
        return Response({"investigation": investigation.pk}, status=status.HTTP_202_ACCEPTED)
