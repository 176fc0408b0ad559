"""The screening API (DESIGN.md "Interfaces"): screen a text without saving it, hold terms, findings (their
overrides are approvals': approvals.api.views.FlagOverrideView), false-positive reports and the chief's rule
settings.

Views fetch through screening.permissions.visible (not there: 404), ask
screening.permissions.can (no: 403) and hand every change to screening.services.
"""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from posts.models import Post
from posts.permissions import visible_posts
from socialgov.api import validated
from socialgov.query import record_id

from .. import permissions, services
from ..choices import Code
from ..engine import rules_for
from ..models import CaseHold, FalsePositiveReport, Flag, LabelledDraft
from .serializers import (
    CaseHoldSerializer,
    FalsePositiveReportSerializer,
    FalsePositiveSerializer,
    FlagSerializer,
    LabelDecisionSerializer,
    LabelledDraftSerializer,
    MissedSerializer,
    ReleaseSerializer,
    RuleSerializer,
    ScreenRequestSerializer,
    ScreenResponseSerializer,
)


class ScreenView(APIView):
    """Screen a text under your department's rules and hold terms; nothing is saved. (The browser's editor
    screens as the PIO types through screening.views.preview, which calls the same service.)"""

    @extend_schema(request=ScreenRequestSerializer, responses=ScreenResponseSerializer)
    def post(self, request):
        permissions.require(request.user, "screen", None, "Only a member of a department screens text.")
        department = request.user.department
        data = validated(ScreenRequestSerializer, request, department=department)
        results = services.screen_text(department, data["text"], data.get("category") or "")
        return Response({"flags": [result.as_dict() for result in results]})


class CaseHoldViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Hold terms for open cases (3xx.5(c)): supervisors and the chief register and release them. ?active=true
    lists only holds in force."""

    serializer_class = CaseHoldSerializer

    def get_queryset(self):
        queryset = permissions.visible(self.request.user, CaseHold.objects.select_related("created_by"))
        active = self.request.query_params.get("active")
        if active in ("1", "true"):
            queryset = queryset.filter(released_at__isnull=True)
        elif active in ("0", "false"):
            queryset = queryset.filter(released_at__isnull=False)
        return queryset

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.action not in ("retrieve", "release"):
            # Listing and registering: refused outright to members who do not keep holds.
            permissions.require(
                request.user, "manage_holds", None, "Only a supervisor or the chief sees and keeps hold terms."
            )

    def retrieve(self, request, *args, **kwargs):
        hold = self.get_object()
        permissions.require(request.user, "manage_holds", hold, "Only a supervisor or the chief sees hold terms.")
        return Response(self.get_serializer(hold).data)

    def create(self, request, *args, **kwargs):
        data = validated(CaseHoldSerializer, request)
        hold = services.register_hold(by=request.user, case_number=data["case_number"], terms=data["terms"])
        return Response(self.get_serializer(hold).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReleaseSerializer, responses=CaseHoldSerializer)
    @action(detail=True, methods=["post"])
    def release(self, request, pk=None):
        """Release the hold: drafts may mention its terms from now on. 409 if already released."""
        hold = self.get_object()
        permissions.require(request.user, "manage_holds", hold, "Only a supervisor or the chief releases holds.")
        note = validated(ReleaseSerializer, request)["note"]
        return Response(self.get_serializer(services.release_hold(by=request.user, hold=hold, note=note)).data)


def flags_with_overrides():
    return Flag.objects.select_related("revision", "override__overridden_by")


class FlagViewSet(viewsets.ReadOnlyModelViewSet):
    """The screener's findings on posts you can see (3xx.5). ?post=ID lists one post's findings on its current
    text (add &all=true for every revision's, withdrawn ones too)."""

    serializer_class = FlagSerializer

    def get_queryset(self):
        queryset = permissions.visible(self.request.user, flags_with_overrides())
        params = self.request.query_params
        post = record_id(params, "post")
        if post is not None:
            queryset = queryset.filter(post_id=post)
            if params.get("all") not in ("1", "true"):
                queryset = queryset.filter(revision_id=models_current_revision(post)).standing()
        return queryset.order_by("post_id", "revision_id", "start", "end", "id")

    @extend_schema(request=FalsePositiveSerializer, responses=FalsePositiveReportSerializer)
    @action(detail=True, methods=["post"], url_path="report-false-positive")
    def report_false_positive(self, request, pk=None):
        """Report the finding as a false positive; the chief sees the reports to tune the rules."""
        flag = self.get_object()
        note = validated(FalsePositiveSerializer, request)["note"]
        report = services.report_false_positive(by=request.user, flag=flag, note=note)
        report = FalsePositiveReport.objects.select_related("reported_by").get(pk=report.pk)
        report.flag = flags_with_overrides().get(pk=flag.pk)
        return Response(FalsePositiveReportSerializer(report).data, status=status.HTTP_201_CREATED)


def models_current_revision(post_id):
    return Post.objects.filter(pk=post_id).values("current_revision_id")[:1]


class FalsePositiveReportViewSet(viewsets.ReadOnlyModelViewSet):
    """Findings members reported as false positives, newest first: the chief's to tune the rules."""

    serializer_class = FalsePositiveReportSerializer

    def get_queryset(self):
        return permissions.visible(
            self.request.user,
            FalsePositiveReport.objects.select_related(
                "reported_by", "flag__revision", "flag__override__overridden_by"
            ),
        )

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        permissions.require(
            request.user,
            "view_false_positive_reports",
            None,
            "Only the chief of police reviews false-positive reports.",
        )


class RuleViewSet(viewsets.ViewSet):
    """Your department's screening rules (3xx.5): the pack's name and citation, on or off, block or warn, and
    the department's own words. Every member reads them; the chief changes them (audited)."""

    lookup_field = "code"
    lookup_value_regex = "[a-z]+"
    serializer_class = RuleSerializer

    def _department(self, request):
        permissions.require(request.user, "view_rules", None, "Only a member of a department reads its rules.")
        return request.user.department

    @staticmethod
    def _data(rule) -> dict:
        return {
            "code": rule.code,
            "name": rule.name,
            "citation": rule.citation,
            "enabled": rule.enabled,
            "severity": rule.severity,
            "terms": list(rule.terms),
            "exceptions": list(rule.exceptions),
        }

    @extend_schema(responses=RuleSerializer(many=True))
    def list(self, request):
        return Response([self._data(rule) for rule in rules_for(self._department(request))])

    @extend_schema(responses=RuleSerializer)
    def retrieve(self, request, code=None):
        department = self._department(request)
        if code not in Code.values:
            raise Http404
        return Response(self._data(services.rule_of(department, code)))

    @extend_schema(request=RuleSerializer, responses=RuleSerializer)
    def partial_update(self, request, code=None):
        """The chief switches the rule on or off, sets block or warn, or replaces its word lists."""
        department = self._department(request)
        if code not in Code.values:
            raise Http404
        if not permissions.can(request.user, "edit_rules", department):
            raise PermissionDenied("Only the chief of police changes the screening rules.")
        serializer = RuleSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        rule = services.update_rule(by=request.user, department=department, code=code, **serializer.validated_data)
        return Response(self._data(rule))


class LabelledDraftViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Drafts labelled by supervisors' reports (issue 13.3). A supervisor or the chief POSTs a "missed" report
    ({post, code, note}); the chief lists the reports (?status=accepted is the department's corpus) and accepts
    (with the codes the draft carries) or rejects each one once."""

    serializer_class = LabelledDraftSerializer

    def get_queryset(self):
        queryset = permissions.visible(
            self.request.user, LabelledDraft.objects.select_related("reported_by", "decided_by")
        )
        wanted = self.request.query_params.get("status")
        return queryset.filter(status=wanted) if wanted else queryset

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.action != "create":
            permissions.require(
                request.user,
                "decide_labelled_drafts",
                None,
                "Only the chief of police reads and decides the reported drafts.",
            )

    @extend_schema(request=MissedSerializer, responses={201: LabelledDraftSerializer})
    def create(self, request, *args, **kwargs):
        permissions.require(
            request.user, "report_missed", None, "Only a supervisor or the chief reports what the screener missed."
        )
        data = validated(MissedSerializer, request)
        post = (
            visible_posts(request.user, Post.objects.select_related("current_revision")).filter(pk=data["post"]).first()
        )
        if post is None:
            raise Http404
        draft = services.report_missed(by=request.user, post=post, code=data["code"], note=data["note"])
        return Response(LabelledDraftSerializer(draft).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=LabelDecisionSerializer, responses=LabelledDraftSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        data = validated(LabelDecisionSerializer, request)
        draft = services.decide_labelled_draft(
            by=request.user, draft=self.get_object(), accept=True, expect=data.get("expect")
        )
        return Response(LabelledDraftSerializer(draft).data)

    @extend_schema(request=None, responses=LabelledDraftSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        draft = services.decide_labelled_draft(by=request.user, draft=self.get_object(), accept=False)
        return Response(LabelledDraftSerializer(draft).data)
