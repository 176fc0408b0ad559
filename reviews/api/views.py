"""Annual reviews over the API (3xx.6; DESIGN.md "Audit trail and reviews").

Views fetch through reviews.permissions (not visible: 404) and hand every change to reviews.services, which
checks the state (409) and the permission (403) and writes the audit event.
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from audits.models import AnnualReview
from socialgov.api import validated

from .. import exports, permissions, services
from ..engagement import MAX_BYTES
from .serializers import (
    AcknowledgeSerializer,
    DraftSerializer,
    EngagementImportSerializer,
    ReturnSerializer,
    ReviewDetailSerializer,
    ReviewSerializer,
    SubmitSerializer,
)


class ReviewViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Annual reviews of the department's use of social media (3xx.6). The chief appoints a supervisor as
    reviewer for a period and sees every review; a reviewer sees the reviews they are appointed to.
    PATCH saves the draft's findings and recommendations."""

    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        reviews = AnnualReview.objects.for_lists().select_related("department").order_by("-period_end", "-id")
        return permissions.visible(self.request.user, reviews)

    def get_serializer_class(self):
        return ReviewDetailSerializer if self.action == "retrieve" else ReviewSerializer

    def _answer(self, review, code=status.HTTP_200_OK):
        review = self.get_queryset().get(pk=review.pk)
        return Response(ReviewSerializer(review, context=self.get_serializer_context()).data, status=code)

    def retrieve(self, request, *args, **kwargs):
        review = self.get_object()
        context = {**self.get_serializer_context(), "report": services.report_of(review)}
        return Response(ReviewDetailSerializer(review, context=context).data)

    def create(self, request, *args, **kwargs):
        permissions.require(
            request.user, "appoint_reviewer", None, "Only the chief of police appoints the annual reviewer."
        )
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        review = services.appoint_reviewer(
            by=request.user,
            reviewer=data["reviewer"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            due_on=data["due_on"],
        )
        return self._answer(review, status.HTTP_201_CREATED)

    @extend_schema(request=DraftSerializer, responses=ReviewSerializer)
    def partial_update(self, request, *args, **kwargs):
        review = self.get_object()
        data = validated(DraftSerializer, request)
        return self._answer(services.save_draft(by=request.user, review=review, **data))

    @extend_schema(request=SubmitSerializer, responses=ReviewSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """The reviewer submits the report to the chief; its figures are frozen. 409 unless a draft or returned."""
        review = self.get_object()
        data = validated(SubmitSerializer, request)
        return self._answer(services.submit_review(by=request.user, review=review, **data))

    @extend_schema(request=AcknowledgeSerializer, responses=ReviewSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        """The chief acknowledges the submitted report. 409 unless submitted."""
        review = self.get_object()
        note = validated(AcknowledgeSerializer, request)["note"]
        return self._answer(services.acknowledge_review(by=request.user, review=review, note=note))

    @extend_schema(request=ReturnSerializer, responses=ReviewSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        """The chief returns the submitted report to the reviewer with a note. 409 unless submitted."""
        review = self.get_object()
        note = validated(ReturnSerializer, request)["note"]
        return self._answer(services.return_review(by=request.user, review=review, note=note))

    @extend_schema(
        request={"multipart/form-data": EngagementImportSerializer}, responses={201: EngagementImportSerializer}
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="engagement-import",
        parser_classes=[MultiPartParser, FormParser],
        serializer_class=EngagementImportSerializer,
    )
    def engagement_import(self, request, pk=None):
        """Import a platform's analytics export (CSV from Facebook, X or Instagram) into engagement per post.
        A file it cannot map is answered 400 saying what is wrong, and nothing is imported."""
        review = self.get_object()
        serializer = EngagementImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        source = services.import_engagement(
            # One byte past the limit is enough for the import to refuse a file too large.
            by=request.user,
            review=review,
            data=upload.read(MAX_BYTES + 1),
            filename=upload.name or "export.csv",
            platform=serializer.validated_data.get("platform") or None,
        )
        return Response(EngagementImportSerializer(source).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/pdf"): OpenApiResponse(description="The report as PDF.")})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        """The report as PDF, with its charts."""
        review = self.get_object()
        return exports.download(review, services.report_of(review), "pdf")

    @extend_schema(responses={(200, "text/csv"): OpenApiResponse(description="The report as CSV.")})
    @action(detail=True, methods=["get"])
    def csv(self, request, pk=None):
        """The report as CSV: one block per table."""
        review = self.get_object()
        return exports.download(review, services.report_of(review), "csv")
