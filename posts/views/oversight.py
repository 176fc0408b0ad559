"""Removal investigations and members' reports of content (3xx.5).

Supervisors resolve investigations and close reports; the chief, the records custodian
and the annual reviewer read them (posts.permissions.OVERSIGHT_ROLES). Any member reports
content and sees their own reports.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from people.forms import add_service_errors
from socialgov.errors import InvalidTransition

from .. import permissions, services
from ..choices import ReportStatus
from ..forms import CloseReportForm, OutsideRemovalForm, ReportForm, ResolveForm
from ..models import ContentReport, Post, RemovalInvestigation
from .common import conflict
from .posts import pending_removals


def visible_investigations(user):
    return permissions.visible(
        user, RemovalInvestigation.objects.select_related("post__current_revision", "removed_by", "resolved_by")
    )


@login_required
def investigation_list(request):
    user = request.user
    if not permissions.sees_investigations(user):
        raise PermissionDenied(
            "Investigations of removed content are for supervisors, the chief, the records "
            "custodian and the annual reviewer."
        )
    investigations = list(visible_investigations(user).order_by("-opened_at"))
    return render(
        request,
        "posts/investigation_list.html",
        {
            "open": [i for i in investigations if i.is_open],
            "resolved": [i for i in investigations if not i.is_open],
            "removals": list(pending_removals(user)),
            "may_confirm": permissions.can(user, "confirm_removal"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def investigation_detail(request, pk: int):
    user = request.user
    investigation = get_object_or_404(visible_investigations(user), pk=pk)
    may_resolve = investigation.is_open and permissions.can(user, "resolve_investigation", investigation)
    form = ResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        back = reverse("posts:investigation", args=[investigation.pk])
        try:
            services.resolve_investigation(by=user, investigation=investigation, **form.cleaned_data)
        except InvalidTransition as error:
            return conflict(request, error, back)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Investigation #{investigation.pk} is resolved.")
            return redirect(back)
    removals = list(pending_removals(user).filter(post_id=investigation.post_id))
    return render(
        request,
        "posts/investigation_detail.html",
        {
            "investigation": investigation,
            "form": form if may_resolve or request.method == "POST" else None,
            "removals": removals,
            "may_confirm": permissions.can(user, "confirm_removal"),
        },
    )


def visible_reports(user):
    return permissions.visible(user, ContentReport.objects.select_related("reporter", "post", "closed_by"))


@login_required
def report_list(request):
    user = request.user
    reports = list(visible_reports(user).order_by("-created_at"))
    return render(
        request,
        "posts/report_list.html",
        {
            "open": [r for r in reports if r.status == ReportStatus.OPEN],
            "closed": [r for r in reports if r.status == ReportStatus.CLOSED],
            "oversees": permissions.sees_investigations(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request):
    user = request.user
    initial = {}
    if request.GET.get("post", "").isdigit():
        initial["post"] = permissions.visible(user, Post.objects.filter(pk=request.GET["post"])).first()
    form = ReportForm(request.POST or None, by=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.report_content(
                by=user, description=data["description"], post=data["post"], url=data["url"] or ""
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Thank you. Report #{report.pk} is sent to the supervisors ({user.department.cite('reporting')}).",
            )
            return redirect("posts:report", pk=report.pk)
    return render(request, "posts/report_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request, pk: int):
    user = request.user
    report = get_object_or_404(visible_reports(user), pk=pk)
    may_close = report.status == ReportStatus.OPEN and permissions.can(user, "close_report", report)
    form = CloseReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        back = reverse("posts:report", args=[report.pk])
        try:
            services.close_report(by=user, report=report, action_taken=form.cleaned_data["action_taken"])
        except InvalidTransition as error:
            return conflict(request, error, back)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Report #{report.pk} is closed.")
            return redirect(back)
    post_visible = (
        report.post_id is not None and permissions.visible(user, Post.objects.filter(pk=report.post_id)).exists()
    )
    may_record_removal = (
        report.post_id is None
        and report.removed_at is None
        and report.status == ReportStatus.OPEN
        and permissions.can(user, "record_outside_removal", report)
    )
    return render(
        request,
        "posts/report_detail.html",
        {
            "report": report,
            "form": form if may_close or request.method == "POST" else None,
            "post_visible": post_visible,
            "removal_form": OutsideRemovalForm() if may_record_removal else None,
            "investigation": getattr(report, "investigation", None),
        },
    )


@login_required
@require_http_methods(["POST"])
def report_removed(request, pk: int):
    """A supervisor records that reported content socialgov did not publish was removed; the removal
    investigation opens (3xx.5; issue 16.6)."""
    user = request.user
    report = get_object_or_404(visible_reports(user), pk=pk)
    section = report.department.cite("prohibited")
    permissions.require(user, "record_outside_removal", report, f"Only a supervisor records a removal ({section}).")
    back = reverse("posts:report", args=[report.pk])
    form = OutsideRemovalForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label}: {' '.join(errors)}")
        return redirect(back)
    try:
        investigation = services.record_outside_removal(by=user, report=report, **form.cleaned_data)
    except InvalidTransition as error:
        return conflict(request, error, back)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(request, f"Recorded as removed; investigation #{investigation.pk} is open.")
    return redirect("posts:investigation", pk=investigation.pk)
