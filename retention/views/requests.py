"""Public-records requests in the browser and their packages (3xx.7)."""

import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_http_methods

from people.forms import add_service_errors
from people.views import conflict
from socialgov.errors import InvalidTransition

from .. import permissions, services
from ..choices import RequestStatus
from ..forms import (
    ExtendForm,
    NoteForm,
    RequestForm,
)
from ..models import (
    RecordsRequest,
)
from ..packages import build_request_package
from .common import _visible
from .holds import covered_posts


@login_required
def request_list(request):
    user = request.user
    permissions.require(user, "view")
    requests = permissions.visible(
        user, RecordsRequest.objects.select_related("hold", "created_by").order_by("status", "due_on", "id")
    )
    context = {
        "requests": requests,
        "today": timezone.localdate(),
        "may_open": permissions.can(user, "open_request"),
        "citation": services.public_records_citation(user.department),
    }
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
                by=user,
                requester=data["requester"],
                received_on=data["received_on"],
                description=data["description"],
                place_hold=data["place_hold"],
                **form.scope(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            held = f"; {records_request.hold} is in force" if records_request.hold else ""
            messages.success(
                request,
                f"{records_request} recorded: the response is due on {date_format(records_request.due_on)}{held}.",
            )
            return redirect("retention-request", pk=records_request.pk)
    context = {"form": form, "citation": services.public_records_citation(user.department)}
    return render(request, "retention/request_new.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def request_detail(request, pk: int):
    user = request.user
    permissions.require(user, "view")
    records_request = _visible(
        request, RecordsRequest, pk, select=["hold", "created_by", "closed_by"], prefetch=["accounts", "posts"]
    )
    back = reverse("retention-request", args=[records_request.pk])
    extend_form, close_form = ExtendForm(), NoteForm()
    if request.method == "POST":
        if records_request.status != RequestStatus.OPEN:
            return conflict(
                request,
                InvalidTransition(records_request, "change", f"Records request #{records_request.pk} is closed."),
                back,
            )
        action = request.POST.get("action")
        if action == "extend":
            permissions.require(user, "extend_request", records_request)
            extend_form = ExtendForm(request.POST)
            if extend_form.is_valid():
                try:
                    services.extend_request(
                        by=user,
                        request=records_request,
                        days=extend_form.cleaned_data["days"],
                        reason=extend_form.cleaned_data["reason"],
                    )
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
                messages.success(
                    request,
                    f"{records_request} is closed."
                    + (
                        f" {records_request.hold} stays in force until it is released."
                        if records_request.hold_id and records_request.hold.is_active
                        else ""
                    ),
                )
                return redirect(back)
        else:
            return HttpResponseNotAllowed(["GET"])
    count, posts = covered_posts(user, records_request)
    context = {
        "records_request": records_request,
        "extend_form": extend_form,
        "close_form": close_form,
        "covered_count": count,
        "covered": posts,
        "citation": services.public_records_citation(user.department),
        "extension_left": services.MAX_EXTENSION_DAYS - records_request.extension_days,
        "is_open": records_request.status == RequestStatus.OPEN,
    }
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
    response = FileResponse(
        out, as_attachment=True, filename=f"records-request-{records_request.pk}.zip", content_type="application/zip"
    )
    response["X-Package-SHA256"] = manifest["package_sha256"]
    return response
