"""Post requests through the chain of command (3xx.3)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from posts.api.serializers import PostSerializer

from .. import permissions, services
from ..models import ApprovalRule, PostRequest
from .serializers import (
    ApprovalRuleSerializer,
    DecisionNoteSerializer,
    DeclineSerializer,
    DraftSerializer,
    PostRequestSerializer,
)


class PostRequestViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """A member asks for a post; their supervisor forwards or declines it; a PIO drafts from it.
    Members see their own requests, supervisors those sent to them, PIOs the forwarded ones."""

    serializer_class = PostRequestSerializer

    def get_queryset(self):
        return permissions.visible(self.request.user, PostRequest.objects.all())

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        post_request = services.request_post(by=request.user, **serializer.validated_data)
        return Response(self.get_serializer(post_request).data, status=status.HTTP_201_CREATED)

    def _input(self, serializer_class):
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @extend_schema(request=DecisionNoteSerializer, responses=PostRequestSerializer)
    @action(detail=True, methods=["post"])
    def forward(self, request, pk=None):
        post_request = self.get_object()
        note = self._input(DecisionNoteSerializer)["note"]
        return Response(self.get_serializer(services.forward(by=request.user, request=post_request, note=note)).data)

    @extend_schema(request=DeclineSerializer, responses=PostRequestSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        post_request = self.get_object()
        note = self._input(DeclineSerializer)["note"]
        return Response(self.get_serializer(services.decline(by=request.user, request=post_request, note=note)).data)

    @extend_schema(request=DraftSerializer, responses=PostSerializer)
    @action(detail=True, methods=["post"])
    def draft(self, request, pk=None):
        """A PIO drafts a post from a forwarded request; the requester is told."""
        post_request = self.get_object()
        data = self._input(DraftSerializer)
        post = services.draft_from_request(by=request.user, request=post_request, **data)
        return Response(PostSerializer(post, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)


class ApprovalRuleViewSet(mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """The chief's guidelines (3xx.3): which conforming content, by category and account, any other
    authorized member may approve. Everything else needs a supervisor."""

    serializer_class = ApprovalRuleSerializer

    def get_queryset(self):
        user = self.request.user
        if not user.is_authenticated or user.department_id is None:
            return ApprovalRule.objects.none()
        return ApprovalRule.objects.filter(department_id=user.department_id).select_related("account")

    def create(self, request, *args, **kwargs):
        if not request.user.has_role("chief"):
            raise PermissionDenied("The chief of police writes the content guidelines "
                                   f"({request.user.department.cite('authorized_users')}).")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rule = services.add_rule(by=request.user, **serializer.validated_data)
        return Response(self.get_serializer(rule).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.delete_rule(by=self.request.user, rule=instance)
