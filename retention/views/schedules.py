"""Retention's home page and the custodian's schedule edits (3xx.7)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from people.forms import add_service_errors

from .. import permissions, services
from ..forms import (
    ScheduleForm,
)
from ..models import (
    DispositionBatch,
    LegalHold,
    RecordSeries,
    RecordsRequest,
)
from .common import _visible


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
    form = ScheduleForm(
        request.POST or None, initial={"retention_days": schedule.retention_days, "disposition": schedule.disposition}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_schedule(
                by=user,
                series=series,
                retention_days=form.cleaned_data["retention_days"],
                disposition=form.cleaned_data["disposition"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{series.name}: kept {form.cleaned_data['retention_days']} days after "
                f"{schedule.get_trigger_display().lower()}, then "
                f"{dict(form.fields['disposition'].choices)[form.cleaned_data['disposition']].lower()}.",
            )
            return redirect("retention-home")
    context = {
        "series": series,
        "form": form,
        "minimum_days": services.legal_minimum_days(user.department),
        "minimum_citation": services.legal_minimum_citation(user.department),
    }
    return render(request, "retention/schedule_edit.html", context)
