"""Browser pages for the annual review (3xx.6) and members' notifications.

The chief appoints a reviewer and acknowledges or returns the report; the reviewer writes findings,
imports engagement and submits. Views fetch through reviews.permissions.visible (not there: 404),
change nothing themselves (reviews.services does) and turn its errors into form errors, the 403 page
or the 409 page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from audits.models import AnnualReview
from people.forms import add_service_errors
from posts.views.common import conflict
from socialgov.errors import InvalidTransition

from . import exports, permissions, services
from .charts import charts, to_data_uri
from .engagement import MAX_BYTES
from .forms import AppointReviewerForm, DraftForm, EngagementImportForm, NoteForm, ReturnForm


def visible_reviews(user):
    return permissions.visible(user, AnnualReview.objects.for_lists().select_related("department"))


@login_required
def review_list(request):
    user = request.user
    reviews = list(visible_reviews(user).order_by("-period_end", "-id"))
    return render(
        request,
        "reviews/review_list.html",
        {
            "reviews": reviews,
            "may_appoint": permissions.can(user, "appoint_reviewer"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_appoint(request):
    user = request.user
    permissions.require(user, "appoint_reviewer", None, "Only the chief of police appoints the annual reviewer.")
    form = AppointReviewerForm(request.POST or None, by=user)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.appoint_reviewer(by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{review.reviewer.display_name} is appointed to review "
                f"{review.period_start:%b %-d, %Y} to {review.period_end:%b %-d, %Y}.",
            )
            return redirect("reviews:review", pk=review.pk)
    return render(request, "reviews/review_appoint.html", {"form": form})


def _detail(request, review, *, draft_form=None, import_form=None, note_form=None, return_form=None, status=200):
    user = request.user
    figures = services.report_of(review)
    may_edit = review.is_editable and permissions.can(user, "edit_review", review)
    may_import = review.is_editable and permissions.can(user, "import_engagement", review)
    may_decide = review.status == "submitted" and permissions.can(user, "acknowledge_review", review)
    return render(
        request,
        "reviews/review_detail.html",
        {
            "review": review,
            "figures": figures,
            "charts": [{"chart": chart, "src": to_data_uri(chart)} for chart in charts(figures)],
            "draft_form": (
                draft_form
                or DraftForm(initial={"findings": review.findings, "recommendations": review.recommendations})
            )
            if may_edit
            else None,
            "import_form": (import_form or EngagementImportForm()) if may_import else None,
            "imports": list(review.engagement_imports.select_related("imported_by").order_by("-imported_at")),
            "note_form": (note_form or NoteForm()) if may_decide else None,
            "return_form": (return_form or ReturnForm()) if may_decide else None,
            "is_reviewer": review.reviewer_id == user.pk,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_detail(request, pk: int):
    """The reviewer's page (write and submit) and the chief's (acknowledge or return), one page for both."""
    user = request.user
    review = get_object_or_404(visible_reviews(user), pk=pk)
    if request.method == "GET":
        return _detail(request, review)
    form = DraftForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    back = reverse("reviews:review", args=[review.pk])
    try:
        if request.POST.get("action") == "submit":
            services.submit_review(
                by=user,
                review=review,
                findings=data.get("findings", ""),
                recommendations=data.get("recommendations", ""),
            )
            messages.success(request, "The report is submitted to the chief. Its figures are frozen as of now.")
        else:
            services.save_draft(
                by=user,
                review=review,
                findings=data.get("findings", ""),
                recommendations=data.get("recommendations", ""),
            )
            messages.success(request, "The draft is saved.")
    except InvalidTransition as error:
        return conflict(request, error, back)
    except ValidationError as error:
        add_service_errors(form, error)
        return _detail(request, review, draft_form=form, status=400)
    return redirect(back)


@login_required
@require_POST
def review_import(request, pk: int):
    user = request.user
    review = get_object_or_404(visible_reviews(user), pk=pk)
    form = EngagementImportForm(request.POST, request.FILES)
    back = reverse("reviews:review", args=[review.pk])
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            source = services.import_engagement(
                by=user,
                review=review,
                data=upload.read(MAX_BYTES + 1),
                filename=upload.name or "export.csv",
                platform=form.cleaned_data["platform"] or None,
            )
        except InvalidTransition as error:
            return conflict(request, error, back)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Imported {source.get_platform_display()} engagement for {source.matched} "
                f"posts" + (f"; {len(source.skipped)} rows skipped." if source.skipped else "."),
            )
            return redirect(back)
    return _detail(request, review, import_form=form, status=400)


def _chief_decision(request, pk: int, *, form_class, service, done: str, form_key: str):
    user = request.user
    review = get_object_or_404(visible_reviews(user), pk=pk)
    form = form_class(request.POST)
    back = reverse("reviews:review", args=[review.pk])
    form.is_valid()
    try:
        service(by=user, review=review, note=form.cleaned_data.get("note", ""))
    except InvalidTransition as error:
        return conflict(request, error, back)
    except ValidationError as error:
        add_service_errors(form, error)
        return _detail(request, review, **{form_key: form}, status=400)
    messages.success(request, done)
    return redirect(back)


@login_required
@require_POST
def review_acknowledge(request, pk: int):
    return _chief_decision(
        request,
        pk,
        form_class=NoteForm,
        service=services.acknowledge_review,
        done="The report is acknowledged.",
        form_key="note_form",
    )


@login_required
@require_POST
def review_return(request, pk: int):
    return _chief_decision(
        request,
        pk,
        form_class=ReturnForm,
        service=services.return_review,
        done="The report is returned to the reviewer.",
        form_key="return_form",
    )


@login_required
def review_export(request, pk: int, kind: str):
    """The report as PDF (with its charts) or CSV."""
    review = get_object_or_404(visible_reviews(request.user), pk=pk)
    return exports.download(review, services.report_of(review), kind)
