"""The records retention API (DESIGN.md "Interfaces"; 3xx.7): series and schedules, legal holds,
disposition batches, the retention report and public-records requests.

For the records custodian and the chief only: everyone else is answered 403 before anything is
looked up; another department's objects are 404 (retention.permissions.visible). Views change
nothing themselves: retention.services and retention.disposition do, and socialgov.api turns
their errors into 400, 403 and 409.
"""

import tempfile
from types import SimpleNamespace

from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from socialgov.api import validated

from .. import covert, disposition, exports, lawful, permissions, services
from ..choices import ExportFormat, ExportStatus
from ..models import DispositionBatch, DispositionBatchSeries, LegalHold, RecordSeries, RecordsRequest, ReportExport
from ..packages import build_request_package
from ..report import Report, ReportFilters, csv_lines
from .serializers import (
    AuthoritySerializer,
    BatchSerializer,
    ExportSerializer,
    ExtendSerializer,
    HoldSerializer,
    ReportQuerySerializer,
    RequestSerializer,
    RetentionNoteSerializer,
    RetentionReasonSerializer,
    SeriesSerializer,
)


def _scope(data) -> dict:
    return {
        "accounts": data.get("accounts", []),
        "posts": data.get("posts", []),
        "date_from": data.get("date_from"),
        "date_to": data.get("date_to"),
        "keywords": data.get("keywords", []),
    }


class RetentionAPI:
    """The custodian and the chief only (403 for everyone else, before any lookup)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        permissions.require(request.user, "view")

    def _act_on(self, action: str, serializer_class):
        """The record the URL names, once the member may do `action` to it (404, then 403), and what they sent
        (400): who may is answered before what they sent is read."""
        record = self.get_object()
        permissions.require(self.request.user, action, record)
        return record, validated(serializer_class, self.request)

    def _answer(self, record) -> Response:
        """The record as it now stands."""
        return Response(self.get_serializer(self.get_queryset().get(pk=record.pk)).data)


class SeriesViewSet(RetentionAPI, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Record series and their retention schedules (3xx.7). The records custodian PATCHes `retention_days`
    (a value under the department's legal minimum is a 400 citing it) or `disposition`."""

    serializer_class = SeriesSerializer
    http_method_names = ["get", "patch", "head", "options"]
    pagination_class = None

    def get_queryset(self):
        return permissions.visible(
            self.request.user, RecordSeries.objects.select_related("schedule", "department").order_by("id")
        )

    def partial_update(self, request, *args, **kwargs):
        series = self.get_object()
        permissions.require(request.user, "edit_schedule", series)
        serializer = self.get_serializer(series, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        schedule = serializer.validated_data.get("schedule", {})
        services.update_schedule(
            by=request.user,
            series=series,
            retention_days=schedule.get("retention_days"),
            disposition=schedule.get("disposition"),
        )
        return self._answer(series)


class HoldViewSet(RetentionAPI, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Legal holds (e-discovery, records requests): nothing they cover is disposed of. ?active=true lists the
    holds in force."""

    serializer_class = HoldSerializer

    def get_queryset(self):
        holds = (
            permissions.visible(self.request.user, LegalHold.objects.all())
            .select_related("records_request")
            .prefetch_related("accounts", "posts", "members")
            .order_by("-created_at", "-id")
        )
        if self.request.query_params.get("active") in ("1", "true"):
            holds = holds.active()
        return holds

    def create(self, request, *args, **kwargs):
        permissions.require(request.user, "place_hold")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        hold = services.place_hold(
            by=request.user,
            matter=data["matter"],
            reason=data["reason"],
            requested_by=data.get("requested_by", ""),
            members=data.get("members", []),
            **_scope(data),
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=hold.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RetentionReasonSerializer, responses=HoldSerializer)
    @action(detail=True, methods=["post"])
    def release(self, request, pk=None):
        """Release the hold, with the reason. 409 if it is already released."""
        hold, data = self._act_on("release_hold", RetentionReasonSerializer)
        services.release_hold(by=request.user, hold=hold, reason=data["reason"])
        return self._answer(hold)

    @extend_schema(request=RetentionNoteSerializer, responses=HoldSerializer)
    @action(detail=True, methods=["post"])
    def reconfirm(self, request, pk=None):
        """Re-confirm that the hold is still needed, with an optional note: the next re-confirmation is due
        90 days later. Whoever may release a hold may re-confirm it. 409 if it has been released."""
        hold, data = self._act_on("release_hold", RetentionNoteSerializer)  # whoever may release a hold
        services.reconfirm_hold(by=request.user, hold=hold, note=data["note"])
        return self._answer(hold)


class BatchViewSet(RetentionAPI, viewsets.ReadOnlyModelViewSet):
    """Disposition batches. A daily job proposes them; POST proposes one now. The records custodian approves
    (the batch is then executed by a worker) or rejects them; nobody else may (403). Where the pack requires
    (Government Code §34090, issue 16.4), the custodian or the chief first attaches the resolution and counsel's
    consent (`authority/`) and the retention commander signs off (`signoff/`); the retention commander sees the
    batches for that."""

    serializer_class = BatchSerializer

    def initial(self, request, *args, **kwargs):
        viewsets.ReadOnlyModelViewSet.initial(self, request, *args, **kwargs)
        permissions.require(request.user, "view_batches")

    def get_queryset(self):
        batches = permissions.visible(self.request.user, DispositionBatch.objects.all())
        if self.request.query_params.get("status"):
            batches = batches.filter(status=self.request.query_params["status"])
        return (
            batches.select_related("certificate", "department", "authority__recorded_by", "authority__signed_off_by")
            .prefetch_related(
                Prefetch(
                    "parts", queryset=DispositionBatchSeries.objects.select_related("series").order_by("series_id")
                )
            )
            .order_by("-proposed_at", "-id")
        )

    @extend_schema(request=None, responses={201: BatchSerializer, 204: None})
    def create(self, request, *args, **kwargs):
        """Propose a batch now: 201 with it, 204 when nothing is past retention, 409 while another is open."""
        permissions.require(request.user, "propose_batch")
        batch = disposition.propose(department=request.user.department, by=request.user)
        if batch is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(self.get_serializer(self.get_queryset().get(pk=batch.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RetentionNoteSerializer, responses=BatchSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """The records custodian approves the batch (anyone else: 403); 409 unless it awaits the custodian."""
        batch, data = self._act_on("approve_batch", RetentionNoteSerializer)
        disposition.approve(by=request.user, batch=batch, note=data["note"])
        return self._answer(batch)

    @extend_schema(request={"multipart/form-data": AuthoritySerializer}, responses=BatchSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def authority(self, request, pk=None):
        """Attach the council's resolution and the city attorney's written consent, with their documents
        (multipart). The custodian or the chief; 409 unless the batch awaits the custodian or once signed off."""
        batch, data = self._act_on("record_authority", AuthoritySerializer)
        lawful.record_authority(by=request.user, batch=batch, **data)
        return self._answer(batch)

    @extend_schema(request=RetentionNoteSerializer, responses=BatchSerializer)
    @action(detail=True, methods=["post"])
    def signoff(self, request, pk=None):
        """The retention commander signs off the batch (3xx.7); 409 before its resolution and consent."""
        batch, data = self._act_on("sign_off_batch", RetentionNoteSerializer)
        lawful.sign_off(by=request.user, batch=batch, note=data["note"])
        return self._answer(batch)

    @extend_schema(request=RetentionReasonSerializer, responses=BatchSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """The records custodian rejects the batch with the reason (anyone else: 403)."""
        batch, data = self._act_on("reject_batch", RetentionReasonSerializer)
        disposition.reject(by=request.user, batch=batch, reason=data["reason"])
        return self._answer(batch)

    @extend_schema(
        parameters=[OpenApiParameter("as", str, enum=["json", "pdf"])],
        responses={(200, "application/json"): OpenApiTypes.BINARY, (200, "application/pdf"): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"])
    def certificate(self, request, pk=None):
        """The certificate of destruction, ?as=json (every record and its hashes) or ?as=pdf."""
        batch = self.get_object()
        certificate = getattr(batch, "certificate", None)
        if certificate is None:
            return Response({"detail": "The batch has no certificate yet."}, status=status.HTTP_404_NOT_FOUND)
        pdf = request.query_params.get("as") == "pdf"
        name = certificate.pdf_file.name if pdf else certificate.json_file.name
        response = FileResponse(
            default_storage.open(name, "rb"),
            as_attachment=True,
            filename=f"certificate-of-destruction-batch-{batch.pk}.{'pdf' if pdf else 'json'}",
            content_type="application/pdf" if pdf else "application/json",
        )
        response["X-Content-SHA256"] = certificate.pdf_sha256 if pdf else certificate.json_sha256
        return response


# The report as a file, in each of its formats.
FILE_RESPONSES = {
    (200, content_type.split(";")[0]): OpenApiTypes.BINARY for content_type in exports.CONTENT_TYPES.values()
}


class IgnoreFormatParameter(DefaultContentNegotiation):
    """The report's `format` picks the file (csv, xlsx, pdf), not one of the API's renderers."""

    settings = SimpleNamespace(URL_FORMAT_OVERRIDE=None)


def report_response(report: Report, format: str, department):
    """The report as a download: CSV streamed a row at a time, XLSX and PDF written to a temporary file."""
    name = exports.filename(department, format)
    if format == ExportFormat.CSV:
        response = StreamingHttpResponse(csv_lines(report.rows()), content_type=exports.CONTENT_TYPES[format])
    else:
        out = tempfile.NamedTemporaryFile(suffix=f".{format}")  # noqa: SIM115 - FileResponse closes it
        exports.write(report, format, out.name)
        response = FileResponse(open(out.name, "rb"), content_type=exports.CONTENT_TYPES[format])  # noqa: SIM115
        out.close()
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class ReportView(RetentionAPI, APIView):
    """The retention report: every record with its series, trigger date, eligible date, hold status and
    disposition. ?format=csv streams at once; XLSX and PDF of more than a few thousand rows are written by a
    Celery job: 202 with the export to poll."""

    content_negotiation_class = IgnoreFormatParameter

    @extend_schema(parameters=[ReportQuerySerializer], responses={**FILE_RESPONSES, 202: ExportSerializer})
    def get(self, request):
        permissions.require(request.user, "export_report")
        query = ReportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        filters = ReportFilters.parse(request.query_params)
        format = query.validated_data["format"]
        report = Report(request.user, filters)
        if format != ExportFormat.CSV and report.count() > exports.INLINE_ROWS:
            export = exports.create_export(by=request.user, format=format, filters=filters)
            response = Response(ExportSerializer(export).data, status=status.HTTP_202_ACCEPTED)
            response["Location"] = reverse("api-retention-export-detail", args=[export.pk])
            return response
        return report_response(report, format, request.user.department)


class ExportViewSet(RetentionAPI, viewsets.ReadOnlyModelViewSet):
    """Report exports written by the Celery job: their progress, and the file once done."""

    serializer_class = ExportSerializer

    def get_queryset(self):
        return permissions.visible(self.request.user, ReportExport.objects.all()).order_by("-created_at", "-id")

    @extend_schema(
        responses={
            **FILE_RESPONSES,
            409: OpenApiResponse(
                OpenApiTypes.OBJECT, description="The export is not done yet (queued or running), or it failed."
            ),
        }
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        export = self.get_object()
        if export.status != ExportStatus.DONE:
            return Response(
                {"detail": f"The export is {export.get_status_display().lower()}."}, status=status.HTTP_409_CONFLICT
            )
        response = FileResponse(
            default_storage.open(export.file.name, "rb"),
            as_attachment=True,
            filename=exports.filename(export.department, export.format, export.created_at.date()),
            content_type=exports.CONTENT_TYPES[export.format],
        )
        response["X-Content-SHA256"] = export.sha256
        return response


class RequestViewSet(RetentionAPI, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Public-records and e-discovery requests, with their deadlines (10 days, extendable by up to 14).
    ?overdue=true lists the open ones past due; ?status=open|closed."""

    serializer_class = RequestSerializer

    def get_queryset(self):
        requests = (
            permissions.visible(self.request.user, RecordsRequest.objects.all())
            .select_related("covert_inclusion")
            .prefetch_related("accounts", "posts")
            .order_by("due_on", "id")
        )
        params = self.request.query_params
        if params.get("status"):
            requests = requests.filter(status=params["status"])
        if params.get("overdue") in ("1", "true"):
            requests = requests.overdue()
        return requests

    def create(self, request, *args, **kwargs):
        permissions.require(request.user, "open_request")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        records_request = services.open_request(
            by=request.user,
            requester=data["requester"],
            received_on=data["received_on"],
            description=data.get("description", ""),
            place_hold=data.get("place_hold", False),
            **_scope(data),
        )
        return Response(
            self.get_serializer(self.get_queryset().get(pk=records_request.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=ExtendSerializer, responses=RequestSerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        """Extend the deadline by up to 14 days in all, with the reason. 409 once the request is closed."""
        records_request, data = self._act_on("extend_request", ExtendSerializer)
        services.extend_request(by=request.user, request=records_request, days=data["days"], reason=data["reason"])
        return self._answer(records_request)

    @extend_schema(request=RetentionNoteSerializer, responses=RequestSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """The request is answered. A hold placed with it stays until it is released."""
        records_request, data = self._act_on("close_request", RetentionNoteSerializer)
        services.close_request(by=request.user, request=records_request, note=data["note"])
        return self._answer(records_request)

    @extend_schema(request=RetentionReasonSerializer, responses=RequestSerializer)
    @action(detail=True, methods=["post"])
    def covert(self, request, pk=None):
        """The records custodian chooses to include covert records in the package, with the reason; they go in
        once the chief approves (`covert-approval/`). 409 if chosen already or the request is closed."""
        records_request, data = self._act_on("choose_covert", RetentionReasonSerializer)
        covert.choose(by=request.user, request=records_request, reason=data["reason"])
        return self._answer(records_request)

    @extend_schema(request=RetentionReasonSerializer, responses=RequestSerializer)
    @action(detail=True, methods=["post"], url_path="covert-approval")
    def covert_approval(self, request, pk=None):
        """The chief approves including covert records, with the reason. 409 before the custodian chose to."""
        records_request, data = self._act_on("approve_covert", RetentionReasonSerializer)
        covert.approve(by=request.user, request=records_request, reason=data["reason"])
        return self._answer(records_request)

    @extend_schema(responses={(200, "application/zip"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def package(self, request, pk=None):
        """The public-records package: a ZIP of JSON and CSV records and media, with manifest.json at its root
        listing every file's SHA-256 and the package's own hash (also in the X-Package-SHA256 header)."""
        records_request = self.get_object()
        out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
        manifest = build_request_package(by=request.user, request=records_request, out=out)
        out.seek(0)
        response = FileResponse(
            out,
            as_attachment=True,
            content_type="application/zip",
            filename=f"records-request-{records_request.pk}.zip",
        )
        response["X-Package-SHA256"] = manifest["package_sha256"]
        return response
