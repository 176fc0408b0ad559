"""Browser pages for records retention (3xx.7; general policy IV.A.7): series and schedules, legal holds,
disposition batches with approve and reject, the retention report with its exports, and records requests.

Every view asks retention.permissions (the custodian and the chief only: 403), fetches through
retention.permissions.visible (another department's: 404) and changes nothing itself: the services
do, and their errors come back as form errors, the 403 page or the 409 page.
"""

import tempfile
from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponseNotAllowed, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from people.forms import add_service_errors
from people.views import conflict
from posts import permissions as post_permissions
from posts.models import Post
from socialgov import outbox
from socialgov.cells import CsvWriter, Echo
from socialgov.errors import InvalidTransition

from . import disposition, exports, lawful, permissions, records, services
from .choices import BatchStatus, ExportFormat, ExportStatus, RecordType, RequestStatus
from .forms import (
    AuthorityForm,
    ExtendForm,
    HoldForm,
    NoteForm,
    ReasonForm,
    ReconfirmForm,
    ReportFilterForm,
    RequestForm,
    ScheduleForm,
)
from .models import (
    Certificate,
    DestructionAuthority,
    DispositionBatch,
    DispositionBatchSeries,
    LegalHold,
    RecordSeries,
    RecordsRequest,
    ReportExport,
    Tombstone,
)
from .packages import build_request_package
from .report import Report, ReportFilters, csv_lines
from .selectors import post_retention

# Rows the report page shows; the exports have them all.
REPORT_PAGE_ROWS = 50
RECORD_LABELS = {kind.slug: kind.label for kind in RecordType}
# Records of each series a batch page lists; the CSV has them all.
BATCH_PAGE_ROWS = 100

# What the outbox holds for this app (socialgov.outbox; issue 19.1), and what a page says while it waits there.
EXECUTE_TASK = "retention.tasks.execute_batch_task"
EXPORT_TASK = "retention.tasks.run_export_task"
QUEUED_NOTE = "Execution queued; it starts as soon as the job runner is back."


def _visible(request, model, pk, **related):
    queryset = permissions.visible(request.user, model.objects.all())
    if related.get("select"):
        queryset = queryset.select_related(*related["select"])
    if related.get("prefetch"):
        queryset = queryset.prefetch_related(*related["prefetch"])
    return get_object_or_404(queryset, pk=pk)


@login_required
def home(request):
    """Series and schedules, and what needs the custodian's attention."""
    user = request.user
    permissions.require(user, "view")
    series = permissions.visible(user, RecordSeries.objects.select_related("schedule").order_by("id"))
    context = {
        "series": series,
        "minimum_days": services.legal_minimum_days(user.department),
        "minimum_citation": services.legal_minimum_citation(user.department),
        "may_edit": permissions.can(user, "edit_schedule"),
        "active_holds": permissions.visible(user, LegalHold.objects.active()).count(),
        "awaiting": permissions.visible(user, DispositionBatch.objects.awaiting_custodian()).count(),
        "open_requests": permissions.visible(user, RecordsRequest.objects.open()).count(),
        "overdue_requests": permissions.visible(user, RecordsRequest.objects.overdue()).count(),
    }
    return render(request, "retention/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit_schedule(request, pk: int):
    user = request.user
    permissions.require(user, "view")
    series = _visible(request, RecordSeries, pk, select=["schedule", "department"])
    permissions.require(user, "edit_schedule", series)
    schedule = series.schedule
    form = ScheduleForm(request.POST or None, initial={"retention_days": schedule.retention_days,
                                                      "disposition": schedule.disposition})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_schedule(by=user, series=series, retention_days=form.cleaned_data["retention_days"],
                                     disposition=form.cleaned_data["disposition"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{series.name}: kept {form.cleaned_data['retention_days']} days after "
                                      f"{schedule.get_trigger_display().lower()}, then "
                                      f"{dict(form.fields['disposition'].choices)[form.cleaned_data['disposition']].lower()}.")
            return redirect("retention-home")
    context = {"series": series, "form": form, "minimum_days": services.legal_minimum_days(user.department),
               "minimum_citation": services.legal_minimum_citation(user.department)}
    return render(request, "retention/schedule_edit.html", context)


# Legal holds


@login_required
def hold_list(request):
    user = request.user
    permissions.require(user, "view")
    holds = list(permissions.visible(user, LegalHold.objects.select_related(
        "created_by", "released_by", "confirmed_by", "records_request").prefetch_related("accounts", "posts",
                                                                                         "members"))
        .order_by("released_at", "-created_at"))
    today = timezone.localdate()
    for hold in holds:
        hold.overdue = hold.reconfirmation_overdue(today)
    context = {"holds": holds, "may_place": permissions.can(user, "place_hold"),
               "overdue_count": sum(hold.overdue for hold in holds), "reconfirm_days": LegalHold.RECONFIRM_DAYS}
    return render(request, "retention/hold_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def hold_new(request):
    """Place a legal hold in two steps (issue 14.6): the first shows how many records of each kind the scope
    covers now, nothing saved; the second ("place") places it."""
    user = request.user
    permissions.require(user, "view")
    permissions.require(user, "place_hold")
    form = HoldForm(request.POST or None, by=user)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if "place" not in request.POST:
                preview = hold_preview(user, form.scope(), members=data["members"])
            else:
                hold = services.place_hold(by=user, matter=data["matter"], reason=data["reason"],
                                           requested_by=data["requested_by"], members=list(data["members"]),
                                           **form.scope())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if preview is None:
                messages.success(request, f"{hold} is in force: nothing it covers will be disposed of "
                                          f"({user.department.cite('retention')}).")
                return redirect("retention-hold", pk=hold.pk)
    return render(request, "retention/hold_new.html", {"form": form, "preview": preview})


def hold_preview(user, scope: dict, members=()) -> dict:
    """How many records of each kind a hold with this scope (and these members) would cover now; nothing is saved."""
    accounts, posts, keywords = services.clean_scope(user, **scope)
    hold = LegalHold(department=user.department, date_from=scope["date_from"], date_to=scope["date_to"],
                     keywords=keywords)
    hold._scope_ids = (sorted(a.pk for a in accounts), sorted(p.pk for p in posts))
    hold.preview_member_ids = sorted(member.pk for member in members)
    counts: dict[str, int] = {}
    for series in RecordSeries.objects.filter(department_id=user.department_id).order_by("id"):
        for kind in records.kinds_for(series):
            label = kind.record_type.label
            counts[label] = counts.get(label, 0) + kind.records(user.department).filter(kind.scope_q(hold)).count()
    return {"counts": [(label, n) for label, n in counts.items() if n], "total": sum(counts.values())}


def covered_posts(user, scope, limit=50):
    posts = post_permissions.visible(user, Post.objects.filter(department_id=user.department_id)).filter(
        scope.post_q()).select_related("current_revision").order_by("-created_at")
    return posts.count(), list(posts[:limit])


@login_required
@require_http_methods(["GET", "POST"])
def hold_detail(request, pk: int):
    user = request.user
    permissions.require(user, "view")
    hold = _visible(request, LegalHold, pk, select=["created_by", "released_by", "confirmed_by"],
                    prefetch=["accounts", "posts"])
    form = ReasonForm(request.POST or None)
    if request.method == "POST":
        if hold.released_at is not None:
            return conflict(request, InvalidTransition(hold, "release", "This legal hold has already been released."),
                            reverse("retention-hold", args=[hold.pk]))
        permissions.require(user, "release_hold", hold)
        if form.is_valid():
            try:
                services.release_hold(by=user, hold=hold, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                add_service_errors(form, error)
            except InvalidTransition as error:
                return conflict(request, error, reverse("retention-hold", args=[hold.pk]))
            else:
                messages.success(request, f"{hold} is released; its records follow their schedules again.")
                return redirect("retention-hold", pk=hold.pk)
    count, posts = covered_posts(user, hold)
    context = {"hold": hold, "form": form, "covered_count": count, "covered": posts,
               "may_release": hold.is_active and permissions.can(user, "release_hold", hold),
               "reconfirm_form": ReconfirmForm(), "overdue": hold.reconfirmation_overdue(),
               "reconfirm_days": LegalHold.RECONFIRM_DAYS,
               "request_for": getattr(hold, "records_request", None)}
    return render(request, "retention/hold_detail.html", context)


def _act(request, back: str, act, done):
    """A POST action on a record's page: `act()` calls the service; the 409 page if the record is not in a
    state for it, the service's refusal of the input as a message, else `done(result)` as a message; then
    back to the record's page."""
    try:
        result = act()
    except InvalidTransition as error:
        return conflict(request, error, back)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(request, done(result))
    return redirect(back)


@login_required
@require_POST
def hold_reconfirm(request, pk: int):
    """Re-confirm that a hold is still needed (whoever may release it may): the next is due 90 days later."""
    user = request.user
    permissions.require(user, "view")
    hold = _visible(request, LegalHold, pk)
    form = ReconfirmForm(request.POST)
    form.is_valid()
    return _act(request, reverse("retention-hold", args=[hold.pk]),
                lambda: services.reconfirm_hold(by=user, hold=hold, note=form.cleaned_data.get("note", "")),
                lambda hold: f"{hold} is re-confirmed; the next re-confirmation is due on "
                             f"{date_format(hold.reconfirm_due_on)}.")


# Disposition batches


@login_required
@require_http_methods(["GET", "POST"])
def batch_list(request):
    user = request.user
    permissions.require(user, "view_batches")
    if request.method == "POST":
        permissions.require(user, "propose_batch")
        try:
            batch = disposition.propose(department=user.department, by=user)
        except InvalidTransition as error:
            return conflict(request, error, reverse("retention-batches"))
        if batch is None:
            messages.info(request, "Nothing is past retention that no legal hold covers: no batch proposed.")
            return redirect("retention-batches")
        messages.success(request, f"{batch} proposed: {batch.record_count} records await the records custodian.")
        return redirect("retention-batch", pk=batch.pk)
    batches = permissions.visible(user, DispositionBatch.objects.select_related("decided_by", "proposed_by")
                                  .order_by("-proposed_at", "-id"))
    context = {"batches": batches, "may_propose": permissions.can(user, "propose_batch")}
    return render(request, "retention/batch_list.html", context)


def batch_parts(batch: DispositionBatch, limit: int):
    parts = list(DispositionBatchSeries.objects.filter(batch=batch).select_related("series", "batch__department")
                 .order_by("series_id", "record_type"))
    for part in parts:
        kind = records.kind_of(part)
        if batch.status in (BatchStatus.PROPOSED, BatchStatus.APPROVED):
            part.listed = list(disposition.batch_records(part, kind).order_by("pk")
                               .values_list("pk", kind.trigger_field)[:limit])
        else:
            part.listed = list(Tombstone.objects.filter(batch=batch, series=part.series, record_type=part.record_type)
                               .order_by("object_id").values_list("object_id", "trigger_at")[:limit])
        part.record_label = RecordType(part.record_type).label
    return parts


@login_required
def batch_detail(request, pk: int):
    user = request.user
    permissions.require(user, "view_batches")
    batch = _visible(request, DispositionBatch, pk, select=["decided_by", "proposed_by", "department"])
    proposed = batch.status == BatchStatus.PROPOSED
    authority = DestructionAuthority.objects.filter(batch=batch).select_related("signed_off_by").first()
    context = {
        "authority": authority, "authority_required": lawful.required(batch.department),
        "missing": [lawful.LABELS[key] for key in lawful.missing(batch)] if proposed else [],
        "authority_citation": lawful.citation(batch.department),
        "may_record_authority": proposed and not (authority and authority.signed_off)
        and permissions.can(user, "record_authority", batch),
        "may_sign_off": proposed and authority is not None and not authority.signed_off
        and permissions.can(user, "sign_off_batch", batch),
        "authority_form": AuthorityForm(), "signoff_form": NoteForm(),
        "batch": batch, "parts": batch_parts(batch, BATCH_PAGE_ROWS), "page_rows": BATCH_PAGE_ROWS,
        "may_decide": batch.status == BatchStatus.PROPOSED and permissions.can(user, "approve_batch", batch),
        "custodian_only": batch.status == BatchStatus.PROPOSED and not permissions.can(user, "approve_batch", batch),
        "approve_form": NoteForm(), "reject_form": ReasonForm(),
        "certificate": getattr(batch, "certificate", None) if batch.status == BatchStatus.COMPLETED else None,
        "held": batch.exclusions.count(),
        # Approved while the broker was down: the task waits in the outbox (issue 19.1).
        "queued": batch.status == BatchStatus.APPROVED and outbox.waiting(EXECUTE_TASK, batch.pk) is not None,
    }
    return render(request, "retention/batch_detail.html", context)


@login_required
@require_POST
def batch_approve(request, pk: int):
    user = request.user
    permissions.require(user, "view")
    batch = _visible(request, DispositionBatch, pk)
    form = NoteForm(request.POST)
    form.is_valid()
    return _act(request, reverse("retention-batch", args=[batch.pk]),
                lambda: disposition.approve(by=user, batch=batch, note=form.cleaned_data.get("note", "")),
                lambda batch: f"{batch} approved. " + (
                    QUEUED_NOTE if outbox.waiting(EXECUTE_TASK, batch.pk) else "A worker is disposing of its records; "
                    "the certificate of destruction will be issued when it is done."))


@login_required
@require_POST
def batch_authority(request, pk: int):
    """The custodian or the chief attaches the resolution and the city attorney's consent (issue 16.4)."""
    user = request.user
    permissions.require(user, "view_batches")
    batch = _visible(request, DispositionBatch, pk)
    permissions.require(user, "record_authority", batch)
    form = AuthorityForm(request.POST, request.FILES)
    back = reverse("retention-batch", args=[batch.pk])
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label if field in form.fields else ''}: {' '.join(errors)}")
        return redirect(back)
    return _act(request, back, lambda: lawful.record_authority(by=user, batch=batch, **form.cleaned_data),
                lambda authority: f"Resolution {authority.resolution_number} and the city attorney's consent "
                                  f"attached to {batch}.")


@login_required
@require_POST
def batch_signoff(request, pk: int):
    """The retention commander signs off the batch (3xx.7; issue 16.4)."""
    user = request.user
    permissions.require(user, "view_batches")
    batch = _visible(request, DispositionBatch, pk)
    permissions.require(user, "sign_off_batch", batch)
    form = NoteForm(request.POST)
    form.is_valid()
    return _act(request, reverse("retention-batch", args=[batch.pk]),
                lambda: lawful.sign_off(by=user, batch=batch, note=form.cleaned_data.get("note", "")),
                lambda authority: f"{batch} signed off by the {batch.department.retention_commander_title}.")


@login_required
@require_POST
def batch_reject(request, pk: int):
    user = request.user
    permissions.require(user, "view")
    batch = _visible(request, DispositionBatch, pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(request, reverse("retention-batch", args=[batch.pk]),
                lambda: disposition.reject(by=user, batch=batch, reason=reason),
                lambda batch: f"{batch} rejected; its records stay.")


@login_required
@require_GET
def batch_certificate(request, pk: int):
    user = request.user
    permissions.require(user, "view")
    batch = _visible(request, DispositionBatch, pk)
    certificate = get_object_or_404(Certificate, batch=batch)
    pdf = request.GET.get("as") == "pdf"
    name = certificate.pdf_file.name if pdf else certificate.json_file.name
    return FileResponse(default_storage.open(name, "rb"), as_attachment=True,
                        filename=f"certificate-of-destruction-batch-{batch.pk}.{'pdf' if pdf else 'json'}",
                        content_type="application/pdf" if pdf else "application/json")


@login_required
@require_GET
def batch_records_csv(request, pk: int):
    """Every record of the batch, for the custodian's review: proposed ones, or the tombstones once executed."""
    user = request.user
    permissions.require(user, "view")
    batch = _visible(request, DispositionBatch, pk)

    def lines():
        writer = CsvWriter(Echo())
        yield writer.writerow(["series", "record_type", "record_id", "trigger_at", "sha256"])
        for part in DispositionBatchSeries.objects.filter(batch=batch).select_related("series", "batch__department"):
            kind = records.kind_of(part)
            if batch.status in (BatchStatus.PROPOSED, BatchStatus.APPROVED):
                rows = (disposition.batch_records(part, kind).order_by("pk")
                        .values_list("pk", kind.trigger_field).iterator(chunk_size=2000))
                rows = ((pk, at, "") for pk, at in rows)
            else:
                rows = (Tombstone.objects.filter(batch=batch, series=part.series, record_type=part.record_type)
                        .order_by("object_id").values_list("object_id", "trigger_at", "sha256")
                        .iterator(chunk_size=2000))
            for record_id, trigger_at, sha in rows:
                yield writer.writerow([part.series.key, RecordType(part.record_type).slug, record_id,
                                       trigger_at.isoformat() if trigger_at else "", sha])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="disposition-batch-{batch.pk}.csv"'
    return response


# The retention report


@login_required
@require_GET
def report(request):
    """The report in the browser: records (audit events only when asked), each linked, with summary counts and
    a page at a time (issue 14.6). The exports, below, have every row of every type."""
    user = request.user
    permissions.require(user, "view")
    permissions.require(user, "export_report")
    form = ReportFilterForm(request.GET or None, by=user)
    context = {"form": form, "rows": [], "summary": None, "page": None, "formats": ExportFormat.choices,
               "query": "", "page_query": ""}
    if not request.GET or form.is_valid():
        query = form.query() if request.GET else {}
        with_audit = bool(form.is_bound and form.is_valid() and form.cleaned_data.get("audit_events"))
        skip = () if with_audit else (RecordType.AUDIT_EVENT,)
        number = report_page_number(request)
        summary, total, rows = report_page(Report(user, ReportFilters.parse(query), skip=skip), number)
        page = Paginator(_Counted(total, rows, number), REPORT_PAGE_ROWS).get_page(number)
        context.update({
            "rows": [{**row, "href": record_link(row), "label": RECORD_LABELS.get(row["record_type"], "Record")}
                     for row in page.object_list], "summary": summary,
            "page": page, "query": urlencode(query),
            "page_query": urlencode({**query, **({"audit_events": "on"} if with_audit else {})}) + "&",
            "with_audit": with_audit,
        })
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
    return JsonResponse({
        "status": export.status, "label": export.get_status_display(), "rows_done": export.rows_done,
        "rows_total": export.rows_total, "percent": export.percent, "error": export.error,
        "download": reverse("retention-export-download", args=[export.pk]) if export.status == ExportStatus.DONE
        else None,
    })


@login_required
@require_GET
def export_download(request, pk: int):
    user = request.user
    permissions.require(user, "view")
    export = _visible(request, ReportExport, pk)
    if export.status != ExportStatus.DONE:
        return conflict(request, InvalidTransition(export, "download", f"{export} is "
                                                   f"{export.get_status_display().lower()}."),
                        reverse("retention-export", args=[export.pk]))
    return FileResponse(default_storage.open(export.file.name, "rb"), as_attachment=True,
                        filename=exports.filename(export.department, export.format, export.created_at.date()),
                        content_type=exports.CONTENT_TYPES[export.format])


# Records requests


@login_required
def request_list(request):
    user = request.user
    permissions.require(user, "view")
    requests = permissions.visible(user, RecordsRequest.objects.select_related("hold", "created_by")
                                   .order_by("status", "due_on", "id"))
    context = {"requests": requests, "today": timezone.localdate(), "may_open": permissions.can(user, "open_request"),
               "citation": services.public_records_citation(user.department)}
    return render(request, "retention/request_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def request_new(request):
    user = request.user
    permissions.require(user, "view")
    permissions.require(user, "open_request")
    form = RequestForm(request.POST or None, by=user, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            records_request = services.open_request(
                by=user, requester=data["requester"], received_on=data["received_on"],
                description=data["description"], place_hold=data["place_hold"], **form.scope())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            held = f"; {records_request.hold} is in force" if records_request.hold else ""
            messages.success(request, f"{records_request} recorded: the response is due on "
                                      f"{date_format(records_request.due_on)}{held}.")
            return redirect("retention-request", pk=records_request.pk)
    context = {"form": form, "citation": services.public_records_citation(user.department)}
    return render(request, "retention/request_new.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def request_detail(request, pk: int):
    user = request.user
    permissions.require(user, "view")
    records_request = _visible(request, RecordsRequest, pk, select=["hold", "created_by", "closed_by"],
                               prefetch=["accounts", "posts"])
    back = reverse("retention-request", args=[records_request.pk])
    extend_form, close_form = ExtendForm(), NoteForm()
    if request.method == "POST":
        if records_request.status != RequestStatus.OPEN:
            return conflict(request, InvalidTransition(records_request, "change",
                                                       f"Records request #{records_request.pk} is closed."), back)
        action = request.POST.get("action")
        if action == "extend":
            permissions.require(user, "extend_request", records_request)
            extend_form = ExtendForm(request.POST)
            if extend_form.is_valid():
                try:
                    services.extend_request(by=user, request=records_request, days=extend_form.cleaned_data["days"],
                                            reason=extend_form.cleaned_data["reason"])
                except ValidationError as error:
                    add_service_errors(extend_form, error)
                else:
                    records_request.refresh_from_db()
                    due = date_format(records_request.due_on)
                    messages.success(request, f"The response is now due on {due}.")
                    return redirect(back)
        elif action == "close":
            permissions.require(user, "close_request", records_request)
            close_form = NoteForm(request.POST)
            if close_form.is_valid():
                services.close_request(by=user, request=records_request, note=close_form.cleaned_data["note"])
                messages.success(request, f"{records_request} is closed." + (
                    f" {records_request.hold} stays in force until it is released." if records_request.hold_id and
                    records_request.hold.is_active else ""))
                return redirect(back)
        else:
            return HttpResponseNotAllowed(["GET"])
    count, posts = covered_posts(user, records_request)
    context = {"records_request": records_request, "extend_form": extend_form, "close_form": close_form,
               "covered_count": count, "covered": posts, "citation": services.public_records_citation(user.department),
               "extension_left": services.MAX_EXTENSION_DAYS - records_request.extension_days,
               "is_open": records_request.status == RequestStatus.OPEN}
    return render(request, "retention/request_detail.html", context)


@login_required
@require_GET
def request_package(request, pk: int):
    user = request.user
    permissions.require(user, "view")
    records_request = _visible(request, RecordsRequest, pk)
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    manifest = build_request_package(by=user, request=records_request, out=out)
    out.seek(0)
    response = FileResponse(out, as_attachment=True, filename=f"records-request-{records_request.pk}.zip",
                            content_type="application/zip")
    response["X-Package-SHA256"] = manifest["package_sha256"]
    return response


# A post's retention


@login_required
def post_detail(request, pk: int):
    user = request.user
    permissions.require(user, "view")
    post = post_permissions.visible(user, Post.objects.select_related("current_revision")).filter(pk=pk).first()
    if post is None:
        # A destroyed post is gone, but what the disposition kept of it is not: its tombstone (3xx.7), linked
        # from the batch that destroyed it.
        tombstone = get_object_or_404(
            Tombstone.objects.select_related("series", "batch").filter(batch__department_id=user.department_id),
            record_type=RecordType.POST, object_id=pk)
        return render(request, "retention/post_disposed.html", {
            "tombstone": tombstone, "post_id": pk,
            "revision_hashes": [h for h in tombstone.revision_hashes.split(",") if h]})
    return render(request, "retention/post_detail.html", post_retention(user, post))
