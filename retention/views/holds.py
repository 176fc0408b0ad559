"""Legal holds in the browser: list, new (with a preview of what it covers), detail, reconfirm (3xx.7)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods, require_POST

from people.forms import add_service_errors
from people.views import conflict
from posts import permissions as post_permissions
from posts.models import Post
from socialgov.errors import InvalidTransition

from .. import permissions, records, services
from ..forms import (
    HoldForm,
    ReasonForm,
    ReconfirmForm,
)
from ..models import (
    LegalHold,
    RecordSeries,
)
from .common import _act, _visible


@login_required
def hold_list(request):
    user = request.user
    permissions.require(user, "view")
    holds = list(
        permissions.visible(
            user,
            LegalHold.objects.select_related(
                "created_by", "released_by", "confirmed_by", "records_request"
            ).prefetch_related("accounts", "posts", "members"),
        ).order_by("released_at", "-created_at")
    )
    today = timezone.localdate()
    for hold in holds:
        hold.overdue = hold.reconfirmation_overdue(today)
    context = {
        "holds": holds,
        "may_place": permissions.can(user, "place_hold"),
        "overdue_count": sum(hold.overdue for hold in holds),
        "reconfirm_days": LegalHold.RECONFIRM_DAYS,
    }
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
                hold = services.place_hold(
                    by=user,
                    matter=data["matter"],
                    reason=data["reason"],
                    requested_by=data["requested_by"],
                    members=list(data["members"]),
                    **form.scope(),
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if preview is None:
                messages.success(
                    request,
                    f"{hold} is in force: nothing it covers will be disposed of ({user.department.cite('retention')}).",
                )
                return redirect("retention-hold", pk=hold.pk)
    return render(request, "retention/hold_new.html", {"form": form, "preview": preview})


def hold_preview(user, scope: dict, members=()) -> dict:
    """How many records of each kind a hold with this scope (and these members) would cover now; nothing is saved."""
    accounts, posts, keywords = services.clean_scope(user, **scope)
    hold = LegalHold(
        department=user.department, date_from=scope["date_from"], date_to=scope["date_to"], keywords=keywords
    )
    hold._scope_ids = (sorted(a.pk for a in accounts), sorted(p.pk for p in posts))
    hold.preview_member_ids = sorted(member.pk for member in members)
    counts: dict[str, int] = {}
    for series in RecordSeries.objects.filter(department_id=user.department_id).order_by("id"):
        for kind in records.kinds_for(series):
            label = kind.record_type.label
            counts[label] = counts.get(label, 0) + kind.records(user.department).filter(kind.scope_q(hold)).count()
    return {"counts": [(label, n) for label, n in counts.items() if n], "total": sum(counts.values())}


def covered_posts(user, scope, limit=50):
    posts = (
        post_permissions.visible(user, Post.objects.filter(department_id=user.department_id))
        .filter(scope.post_q())
        .select_related("current_revision")
        .order_by("-created_at")
    )
    return posts.count(), list(posts[:limit])


@login_required
@require_http_methods(["GET", "POST"])
def hold_detail(request, pk: int):
    user = request.user
    permissions.require(user, "view")
    hold = _visible(
        request, LegalHold, pk, select=["created_by", "released_by", "confirmed_by"], prefetch=["accounts", "posts"]
    )
    form = ReasonForm(request.POST or None)
    if request.method == "POST":
        if hold.released_at is not None:
            return conflict(
                request,
                InvalidTransition(hold, "release", "This legal hold has already been released."),
                reverse("retention-hold", args=[hold.pk]),
            )
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
    context = {
        "hold": hold,
        "form": form,
        "covered_count": count,
        "covered": posts,
        "may_release": hold.is_active and permissions.can(user, "release_hold", hold),
        "reconfirm_form": ReconfirmForm(),
        "overdue": hold.reconfirmation_overdue(),
        "reconfirm_days": LegalHold.RECONFIRM_DAYS,
        "request_for": getattr(hold, "records_request", None),
    }
    return render(request, "retention/hold_detail.html", context)


@login_required
@require_POST
def hold_reconfirm(request, pk: int):
    """Re-confirm that a hold is still needed (whoever may release it may): the next is due 90 days later."""
    user = request.user
    permissions.require(user, "view")
    hold = _visible(request, LegalHold, pk)
    form = ReconfirmForm(request.POST)
    form.is_valid()
    return _act(
        request,
        reverse("retention-hold", args=[hold.pk]),
        lambda: services.reconfirm_hold(by=user, hold=hold, note=form.cleaned_data.get("note", "")),
        lambda hold: (
            f"{hold} is re-confirmed; the next re-confirmation is due on {date_format(hold.reconfirm_due_on)}."
        ),
    )
