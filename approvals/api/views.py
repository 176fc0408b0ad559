"""Post requests through the chain of command (3xx.3)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from posts import permissions as post_permissions
from posts.api.serializers import NoteSerializer, PostSerializer, RequiredNoteSerializer
from posts.api.views import detailed_posts
from screening import permissions as screening_permissions
from screening.api.serializers import FlagSerializer, OverrideSerializer
from screening.api.views import flags_with_overrides
from socialgov.api import validated

from .. import guidelines, overrides, permissions, services
from ..models import ApprovalRule, Guideline, PostRequest, PostTemplate
from ..rules import required_approver
from .serializers import (
    ApprovalRuleSerializer,
    ConformanceSerializer,
    DecisionNoteSerializer,
    DeclineSerializer,
    DraftSerializer,
    GuidelineChangeSerializer,
    GuidelineSerializer,
    PostRequestSerializer,
    PostSubmitSerializer,
    PostTemplateSerializer,
    TemplateDraftSerializer,
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
        return Response(
            PostSerializer(post, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )


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
            raise PermissionDenied(
                "The chief of police writes the content guidelines "
                f"({request.user.department.cite('authorized_users')})."
            )
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rule = services.add_rule(by=request.user, **serializer.validated_data)
        return Response(self.get_serializer(rule).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.delete_rule(by=self.request.user, rule=instance)


class PostDecisionViewSet(viewsets.GenericViewSet):
    """A post's submission and the decisions on it (3xx.3, 3xx.4.1, 3xx.5), at /api/v1/posts/{id}/submit/,
    .../approve/, .../request-changes/, .../reject/. The same services as the browser (approvals.services).
    404 for a post you cannot see, 403 if you may not decide it, 409 if its state does not allow it."""

    serializer_class = PostSerializer

    def get_queryset(self):
        # Deciding reads the post's incident and its commander (approvals.rules).
        return detailed_posts(self.request.user).select_related("incident", "incident__commander")

    def _answer(self, post):
        return Response(self.get_serializer(self.get_queryset().get(pk=post.pk)).data)

    @extend_schema(request=PostSubmitSerializer, responses=PostSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Send the draft for approval (3xx.3). 409 unless it is a draft or sent back for changes. With
        `attests_conformance: true` its author attests that it strictly conforms to the chief's guideline."""
        post = self.get_object()
        data = validated(PostSubmitSerializer, request)
        return self._answer(
            services.submit(by=request.user, post=post, attests_conformance=data["attests_conformance"])
        )

    @extend_schema(request=None, responses=ConformanceSerializer)
    @action(detail=True, methods=["get"])
    def conformance(self, request, pk=None):
        """Whether the post strictly conforms to the chief's guideline for its category, and so who may approve
        it (3xx.3): written from a template with only its fields filled in, or attested by its author."""
        post = self.get_object()
        verdict = guidelines.verdict(post)
        claim = getattr(post, "conformance", None) if verdict.applies else None
        return Response(
            ConformanceSerializer(
                {
                    "guideline": verdict.record.get("guideline")
                    if verdict.conforms
                    else (guidelines.guideline_for(post.department_id, post.category).pk if verdict.applies else None),
                    "template": claim.template_id if claim else None,
                    "fields": claim.fields if claim else {},
                    "attested_by": claim.attested_by if claim else None,
                    "attested_at": claim.attested_at if claim else None,
                    "conforms": verdict.conforms,
                    "why_not": verdict.why,
                    "required_approver": required_approver(post, conformance=verdict),
                }
            ).data
        )

    @extend_schema(request=NoteSerializer, responses=PostSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve exactly the current revision. 409 unless pending; 403 for the author or the wrong approver."""
        data = validated(NoteSerializer, request)
        return self._answer(
            services.approve(by=request.user, post=self.get_object(), note=data["note"], seen=data.get("revision"))
        )

    @extend_schema(request=RequiredNoteSerializer, responses=PostSerializer)
    @action(detail=True, methods=["post"], url_path="request-changes")
    def request_changes(self, request, pk=None):
        data = validated(RequiredNoteSerializer, request)
        return self._answer(
            services.request_changes(
                by=request.user, post=self.get_object(), note=data["note"], seen=data.get("revision")
            )
        )

    @extend_schema(request=RequiredNoteSerializer, responses=PostSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        data = validated(RequiredNoteSerializer, request)
        return self._answer(
            services.reject(by=request.user, post=self.get_object(), note=data["note"], seen=data.get("revision"))
        )


class FlagOverrideView(GenericAPIView):
    """POST /api/v1/flags/{id}/override/: a supervisor clears the finding with a written justification (3xx.5).
    409 if it is withdrawn, on an earlier revision, already overridden or the post is past approval. The finding
    is screening's; the override is a decision, approvals' (approvals.overrides)."""

    serializer_class = FlagSerializer

    def get_queryset(self):
        return screening_permissions.visible(self.request.user, flags_with_overrides())

    @extend_schema(request=OverrideSerializer, responses=FlagSerializer, operation_id="flags_override_create")
    def post(self, request, pk=None):
        flag = self.get_object()
        # Who may override is answered before what they sent (403 before 400), as in the browser.
        screening_permissions.require(
            request.user,
            "override_flag",
            flag,
            "Only a supervisor who did not write the post "
            f"overrides a finding ({flag.department.cite('prohibited') or flag.citation}).",
        )
        justification = validated(OverrideSerializer, request)["justification"]
        overrides.override_flag(by=request.user, flag=flag, justification=justification)
        return Response(self.get_serializer(flags_with_overrides().get(pk=flag.pk)).data)


def _chief_only(user) -> None:
    if not guidelines.may_write(user):
        raise PermissionDenied(
            "The chief of police writes the content guidelines "
            f"({user.department.cite('authorized_users') if user.department else '§3xx.3'})."
        )


class GuidelineViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The chief's content guidelines, one per category (3xx.3): the text authors read, and what makes a post
    strictly conform (which accounts, what media, templates with named fields). The chief writes them; other
    members read those that apply to them (their accounts)."""

    serializer_class = GuidelineSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return guidelines.visible(
            self.request.user,
            Guideline.objects.select_related("department")
            .prefetch_related("accounts", "approved_media", "templates")
            .order_by("category"),
        )

    def create(self, request, *args, **kwargs):
        _chief_only(request.user)
        data = validated(GuidelineSerializer, request)
        guideline = guidelines.write(by=request.user, **data)
        return Response(
            self.get_serializer(self.get_queryset().get(pk=guideline.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=GuidelineChangeSerializer, responses=GuidelineSerializer)
    def partial_update(self, request, *args, **kwargs):
        guideline = self.get_object()
        _chief_only(request.user)
        serializer = GuidelineChangeSerializer(
            guideline, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        guidelines.change(by=request.user, guideline=guideline, **serializer.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=guideline.pk)).data)

    @extend_schema(request=PostTemplateSerializer, responses=PostTemplateSerializer)
    @action(detail=True, methods=["post"])
    def templates(self, request, pk=None):
        """The chief adds a template with named fields ("{road} is closed until {time}.") for recurring posts."""
        guideline = self.get_object()
        _chief_only(request.user)
        data = validated(PostTemplateSerializer, request)
        template = guidelines.add_template(by=request.user, guideline=guideline, **data)
        return Response(PostTemplateSerializer(template).data, status=status.HTTP_201_CREATED)


class PostTemplateViewSet(viewsets.ReadOnlyModelViewSet):
    """The templates of the guidelines you read (3xx.3). `draft/` writes a post from one with only its fields
    filled in: the post carries the template and its fields, and strictly conforms while its text is the
    template's. `retire/` is the chief's."""

    serializer_class = PostTemplateSerializer

    def get_queryset(self):
        seen = guidelines.visible(self.request.user, Guideline.objects.all())
        return PostTemplate.objects.filter(guideline__in=seen).select_related("guideline")

    @extend_schema(request=None, responses=PostTemplateSerializer)
    @action(detail=True, methods=["post"])
    def retire(self, request, pk=None):
        template = self.get_object()
        _chief_only(request.user)
        return Response(self.get_serializer(guidelines.retire_template(by=request.user, template=template)).data)

    @extend_schema(request=TemplateDraftSerializer, responses=PostSerializer)
    @action(detail=True, methods=["post"])
    def draft(self, request, pk=None):
        template = self.get_object()
        if not post_permissions.can(request.user, "create_post"):
            raise PermissionDenied(
                "Only members with a current authorization draft posts "
                f"({request.user.department.cite('authorized_users')})."
            )
        data = validated(TemplateDraftSerializer, request)
        post = guidelines.draft_from_template(by=request.user, template=template, **data)
        return Response(
            PostSerializer(detailed_posts(request.user).get(pk=post.pk), context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )
