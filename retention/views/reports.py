"""The retention report (on the page, in pages) and its exports, made by a worker (3xx.7)."""

import tempfile
from datetime import timedelta
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from people.views import conflict
from socialgov import outbox
from socialgov.errors import InvalidTransition

from .. import exports, permissions
from ..choices import ExportFormat, ExportStatus, RecordType
from ..forms import (
    ReportFilterForm,
)
from ..models import (
    ReportExport,
)
from ..report import Report, ReportFilters, csv_lines
from .common import _visible

# Rows the report page shows; the exports have them all.
REPORT_PAGE_ROWS = 50


RECORD_LABELS = {kind.slug: kind.label for kind in RecordType}


EXPORT_TASK = "retention.tasks.run_export_task"


@login_required
@require_GET
def report(request):
    """The report in the browser: records (audit events only when asked), each linked, with summary counts and
    a page at a time (issue 14.6). The exports, below, have every row of every type."""
    user = request.user
    permissions.require(user, "view")
    permissions.require(user, "export_report")
    form = ReportFilterForm(request.GET or None, by=user)
    context = {
        "form": form,
        "rows": [],
        "summary": None,
        "page": None,
        "formats": ExportFormat.choices,
        "query": "",
        "page_query": "",
    }
    if not request.GET or form.is_valid():
        query = form.query() if request.GET else {}
        with_audit = bool(form.is_bound and form.is_valid() and form.cleaned_data.get("audit_events"))
        skip = () if with_audit else (RecordType.AUDIT_EVENT,)
        number = report_page_number(request)
        summary, total, rows = report_page(Report(user, ReportFilters.parse(query), skip=skip), number)
        page = Paginator(_Counted(total, rows, number), REPORT_PAGE_ROWS).get_page(number)
        context.update(
            {
                "rows": [
                    {**row, "href": record_link(row), "label": RECORD_LABELS.get(row["record_type"], "Record")}
                    for row in page.object_list
                ],
                "summary": summary,
                "page": page,
                "query": urlencode(query),
                "page_query": urlencode({**query, **({"audit_events": "on"} if with_audit else {})}) + "&",
                "with_audit": with_audit,
            }
        )
    return render(request, "retention/report.html", context)


def report_page_number(request) -> int:
    value = request.GET.get("page", "1")
    return int(value) if value.isdigit() and 0 < len(value) < 7 else 1


def quarter_end(on):
    month = ((on.month - 1) // 3 + 1) * 3
    following = on.replace(day=1, month=month) + timedelta(days=32)
    return following.replace(day=1) - timedelta(days=1)


def report_page(report_, number: int):
    """One pass over the report: the summary counts and the rows of page `number` (the last page if past it)."""
    summary = {"records": 0, "held": 0, "eligible": 0, "proposed": 0, "due_this_quarter": 0}
    end = quarter_end(report_.on)
    start_at = (number - 1) * REPORT_PAGE_ROWS
    rows, last_page = [], []
    for n, row in enumerate(report_.rows()):
        summary["records"] += 1
        status = row["status"]
        if status in summary:
            summary[status] += 1
        if status == "retained" and row["eligible_on"] and report_.on < row["eligible_on"] <= end:
            summary["due_this_quarter"] += 1
        if start_at <= n < start_at + REPORT_PAGE_ROWS:
            rows.append(row)
        if n % REPORT_PAGE_ROWS == 0:
            last_page = []
        last_page.append(row)
    summary["quarter_end"] = end
    return summary, summary["records"], rows or last_page


class _Counted:
    """The report's rows as the paginator sees them: its length is the whole report, and the one page asked
    for (already collected in the same pass) is what slicing gives."""

    def __init__(self, total, rows, number):
        self.total, self.rows = total, rows

    def __len__(self):
        return self.total

    def count(self):
        return self.total

    def __getitem__(self, item):
        return self.rows


def record_link(row) -> str:
    """Where a report row's record is seen: a post's retention page (kept even when destroyed), else the post
    or record it belongs to."""
    post, kind, pk = row.get("post"), row["record_type"], row["record_id"]
    if kind == "investigation" and row["status"] not in ("destroyed", "transferred"):
        return reverse("posts:investigation", args=[pk])
    if kind == "report" and row["status"] not in ("destroyed", "transferred"):
        return reverse("posts:report", args=[pk])
    if kind == "comment" and row["status"] not in ("destroyed", "transferred"):
        return reverse("posts:comment", args=[pk])
    if post:
        return reverse("retention-post", args=[post])
    return ""


@login_required
@require_GET
def report_export(request):
    """A download at once when it is small; a Celery job with a progress page when it is not."""
    user = request.user
    permissions.require(user, "view")
    permissions.require(user, "export_report")
    form = ReportFilterForm(request.GET, by=user)
    if not form.is_valid():
        return redirect(f"{reverse('retention-report')}?{request.GET.urlencode()}")
    format = form.cleaned_data.get("format") or ExportFormat.CSV
    filters = ReportFilters.parse(form.query())
    report_ = Report(user, filters)
    if report_.count() > exports.INLINE_ROWS:
        export = exports.create_export(by=user, format=format, filters=filters)
        return redirect("retention-export", pk=export.pk)
    if format == ExportFormat.CSV:
        response = StreamingHttpResponse(csv_lines(report_.rows()), content_type=exports.CONTENT_TYPES[format])
    else:
        out = tempfile.NamedTemporaryFile(suffix=f".{format}")  # noqa: SIM115 - FileResponse closes the copy
        exports.write(report_, format, out.name)
        response = FileResponse(open(out.name, "rb"), content_type=exports.CONTENT_TYPES[format])  # noqa: SIM115
        out.close()
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(user.department, format)}"'
    return response


@login_required
@require_GET
def export_detail(request, pk: int):
    user = request.user
    permissions.require(user, "view")
    export = _visible(request, ReportExport, pk)
    queued = export.status == ExportStatus.QUEUED and outbox.waiting(EXPORT_TASK, export.pk) is not None
    return render(request, "retention/export_detail.html", {"export": export, "queued": queued})


@login_required
@require_GET
def export_status(request, pk: int):
    """What retention.js polls for the progress bar."""
    user = request.user
    permissions.require(user, "view")
    export = _visible(request, ReportExport, pk)
    return JsonResponse(
        {
            "status": export.status,
            "label": export.get_status_display(),
            "rows_done": export.rows_done,
            "rows_total": export.rows_total,
            "percent": export.percent,
            "error": export.error,
            "download": reverse("retention-export-download", args=[export.pk])
            if export.status == ExportStatus.DONE
            else None,
        }
    )


@login_required
@require_GET
def export_download(request, pk: int):
    user = request.user
    permissions.require(user, "view")
    export = _visible(request, ReportExport, pk)
    if export.status != ExportStatus.DONE:
        return conflict(
            request,
            InvalidTransition(export, "download", f"{export} is {export.get_status_display().lower()}."),
            reverse("retention-export", args=[export.pk]),
        )
    return FileResponse(
        default_storage.open(export.file.name, "rb"),
        as_attachment=True,
        filename=exports.filename(export.department, export.format, export.created_at.date()),
        content_type=exports.CONTENT_TYPES[export.format],
    )
