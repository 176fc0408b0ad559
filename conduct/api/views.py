"""The conduct API (issue 15.6): the same services as the browser (conduct.services), the same door
(conduct.permissions): not visible 404, not allowed 403, bad input 400 naming the field, a wrong state 409."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from people.models import Member
from socialgov.api import validated

from .. import permissions, policy, services
from ..models import (
    Candidate,
    ConductReview,
    MemberReport,
    PermissionRequest,
    PolicyAcknowledgment,
    PolicyVersion,
    VettingRound,
    VettingSearch,
)
from . import serializers as s


def department_member(member, pk, field: str):
    """A member of the asker's department by id, or a 400 naming the field."""
    if pk is None:
        return None
    found = Member.objects.filter(pk=pk, department_id=member.department_id).first()
    if found is None:
        raise ValidationError({field: ["No member of your department has that id."]})
    return found


class PolicyVersionViewSet(viewsets.GenericViewSet):
    """The department's social media policy, versioned from its pack (issue 15.1)."""

    serializer_class = s.PolicyVersionSerializer
    queryset = PolicyVersion.objects.none()

    @extend_schema(responses=s.PolicyVersionSerializer)
    @action(detail=False, methods=["get"])
    def current(self, request):
        if request.user.department_id is None:
            raise NotFound("You serve no department.")
        version = policy.current_version(request.user.department)
        if version is None:
            raise NotFound("The department has no policy version in force yet.")
        return Response(self.get_serializer(version).data)


class PolicyAcknowledgmentViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """A member signs the version in force; the chief lists everyone's, or with `?pending=true` the members
    who have not signed and since when."""

    serializer_class = s.AcknowledgmentSerializer

    def get_queryset(self):
        return permissions.visible(self.request.user, PolicyAcknowledgment.objects.select_related("version"))

    @extend_schema(parameters=[OpenApiParameter("pending", bool, description="Members who have not signed")])
    def list(self, request, *args, **kwargs):
        if request.query_params.get("pending") in ("true", "1"):
            if not permissions.can(request.user, "see_pending"):
                raise PermissionDenied("The chief sees who has not acknowledged the policy.")
            version = policy.current_version(request.user.department)
            pending = list(services.pending_members(request.user.department, version))
            rows = [
                {
                    "pk": m.pk,
                    "display_name": m.display_name,
                    "version": version.version,
                    "pending_since": policy.pending_since(m, version),
                }
                for m in pending
            ]
            return Response(s.PendingMemberSerializer(rows, many=True).data)
        return super().list(request, *args, **kwargs)

    @extend_schema(request=s.SignPolicySerializer, responses=s.AcknowledgmentSerializer)
    def create(self, request, *args, **kwargs):
        data = validated(s.SignPolicySerializer, request)
        acknowledgment = services.acknowledge(by=request.user, **data)
        return Response(self.get_serializer(acknowledgment).data, status=status.HTTP_201_CREATED)


class PermissionRequestViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Permission requests to the chief or designee (V.A.3, V.A.8, V.A.9, IV.B.3, IV.B.5), and to a member for
    consent to post about them (V.A.8.a). Each shows its status and the clause it cites."""

    serializer_class = s.PermissionRequestSerializer

    def get_queryset(self):
        return permissions.visible(self.request.user, PermissionRequest.objects.all())

    @extend_schema(request=s.PermissionRequestInput, responses=s.PermissionRequestSerializer)
    def create(self, request, *args, **kwargs):
        data = validated(s.PermissionRequestInput, request)
        data["subject_member"] = department_member(request.user, data["subject_member"], "subject_member")
        made = services.request_permission(by=request.user, **data)
        return Response(self.get_serializer(made).data, status=status.HTTP_201_CREATED)

    def _answer(self, made):
        return Response(self.get_serializer(made).data)

    @extend_schema(request=s.GrantSerializer, responses=s.PermissionRequestSerializer)
    @action(detail=True, methods=["post"])
    def grant(self, request, pk=None):
        return self._answer(
            services.grant(by=request.user, request=self.get_object(), **validated(s.GrantSerializer, request))
        )

    @extend_schema(request=s.ReasonSerializer, responses=s.PermissionRequestSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._answer(
            services.decline(by=request.user, request=self.get_object(), **validated(s.ReasonSerializer, request))
        )

    @extend_schema(request=None, responses=s.PermissionRequestSerializer)
    @action(detail=True, methods=["post"])
    def consent(self, request, pk=None):
        return self._answer(services.consent(by=request.user, request=self.get_object()))

    @extend_schema(request=s.OptionalReasonSerializer, responses=s.PermissionRequestSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        return self._answer(
            services.refuse(
                by=request.user, request=self.get_object(), **validated(s.OptionalReasonSerializer, request)
            )
        )

    @extend_schema(request=None, responses=s.PermissionRequestSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        return self._answer(services.revoke_consent(by=request.user, request=self.get_object()))


class ConductReviewViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Reviews of members' public postings (V.B.1): confidential to the chief, the reviewing supervisor and
    internal affairs (anyone else: 404). Every read is an audit event."""

    serializer_class = s.ConductReviewSerializer

    def get_queryset(self):
        return permissions.visible(self.request.user, ConductReview.objects.prefetch_related("members", "entries"))

    def retrieve(self, request, *args, **kwargs):
        review = self.get_object()
        services.read_review(by=request.user, review=review, via="api")
        return Response(self.get_serializer(review).data)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        for review in page:
            services.read_review(by=request.user, review=review, via="api list")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=s.ConductReviewInput, responses=s.ConductReviewSerializer)
    def create(self, request, *args, **kwargs):
        data = validated(s.ConductReviewInput, request)
        report = None
        if data["report"] is not None:
            report = permissions.visible(request.user, MemberReport.objects.all()).filter(pk=data["report"]).first()
            if report is None:
                raise ValidationError({"report": ["No report sent to you has that id."]})
        members = [department_member(request.user, pk, "members") for pk in data["members"]]
        review = services.open_review(
            by=request.user,
            kind=data["kind"],
            sample_size=data["sample_size"],
            seed=data["seed"] or None,
            reason=data["reason"],
            report=report,
            members=members,
        )
        return Response(self.get_serializer(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ReviewEntryInput, responses=s.ReviewEntrySerializer)
    @action(detail=True, methods=["post"])
    def entries(self, request, pk=None):
        review = self.get_object()
        data = validated(s.ReviewEntryInput, request)
        data["member"] = department_member(request.user, data["member"], "member")
        entry = services.add_entry(by=request.user, review=review, **data)
        return Response(s.ReviewEntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.CloseReviewSerializer, responses=s.ConductReviewSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        review = services.close_review(
            by=request.user, review=self.get_object(), **validated(s.CloseReviewSerializer, request)
        )
        return Response(self.get_serializer(review).data)


class MemberReportViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Reports of members' postings or pages that violate the policy (V.B.2), confidential to the reporter's
    supervisor."""

    serializer_class = s.MemberReportSerializer

    def get_queryset(self):
        return permissions.visible(self.request.user, MemberReport.objects.all())

    @extend_schema(request=s.MemberReportInput, responses=s.MemberReportSerializer)
    def create(self, request, *args, **kwargs):
        data = validated(s.MemberReportInput, request)
        data["subject_member"] = department_member(request.user, data["subject_member"], "subject_member")
        report = services.report_posting(by=request.user, **data)
        return Response(self.get_serializer(report).data, status=status.HTTP_201_CREATED)


class VettingRoundViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Hiring rounds' internet vetting checklists (IV.D), confidential to the hiring roles. A checklist may
    change until a candidate's investigation starts (then 409)."""

    serializer_class = s.VettingRoundSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return permissions.visible(self.request.user, VettingRound.objects.prefetch_related("candidates"))

    @extend_schema(request=s.VettingRoundInput, responses=s.VettingRoundSerializer)
    def create(self, request, *args, **kwargs):
        round_ = services.create_round(by=request.user, **validated(s.VettingRoundInput, request))
        return Response(self.get_serializer(round_).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ChecklistInput, responses=s.VettingRoundSerializer)
    def partial_update(self, request, *args, **kwargs):
        round_ = self.get_object()
        round_ = services.change_checklist(by=request.user, round=round_, **validated(s.ChecklistInput, request))
        return Response(self.get_serializer(round_).data)

    @extend_schema(request=s.CandidateInput, responses=s.CandidateSerializer)
    @action(detail=True, methods=["post"])
    def candidates(self, request, pk=None):
        candidate = services.add_candidate(
            by=request.user, round=self.get_object(), **validated(s.CandidateInput, request)
        )
        return Response(s.CandidateSerializer(candidate).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=dict)
    @action(detail=True, methods=["get"])
    def report(self, request, pk=None):
        """Which checks each candidate got: the same for every candidate (IV.D)."""
        return Response(services.round_report(self.get_object()))


class CandidateViewSet(viewsets.ReadOnlyModelViewSet):
    """A candidate's searches (each attested lawful) and the information considered, with its validation."""

    serializer_class = s.CandidateSerializer

    def get_queryset(self):
        return permissions.visible(self.request.user, Candidate.objects.prefetch_related("searches", "information"))

    @extend_schema(request=s.SearchInput, responses=s.VettingSearchSerializer)
    @action(detail=True, methods=["post"])
    def searches(self, request, pk=None):
        data = validated(s.SearchInput, request)
        search = services.record_search(
            by=request.user,
            candidate=self.get_object(),
            check_key=data["check"],
            method=data["method"],
            lawful_attested=data["lawful_attested"],
        )
        return Response(s.VettingSearchSerializer(search).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.InformationInput, responses=s.VettingInformationSerializer)
    @action(detail=True, methods=["post"])
    def information(self, request, pk=None):
        candidate = self.get_object()
        data = validated(s.InformationInput, request)
        search = None
        if data.pop("search") is not None:
            search = VettingSearch.objects.filter(pk=self.request.data.get("search"), candidate=candidate).first()
            if search is None:
                raise ValidationError({"search": ["No search of this candidate has that id."]})
        item = services.record_information(by=request.user, candidate=candidate, search=search, **data)
        return Response(s.VettingInformationSerializer(item).data, status=status.HTTP_201_CREATED)
