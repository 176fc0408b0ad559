"""Incidents (3xx.4.1): a supervisor or the chief opens one and names its commander and PIO; the
incident page lists its posts in order so that the commander approves each with one click."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from people.forms import add_service_errors
from socialgov.errors import InvalidTransition

from .. import hooks, permissions, services
from ..choices import IncidentStatus, PostStatus
from ..forms import IncidentForm
from ..models import Incident, Post
from .common import conflict, with_category_labels


def visible_incidents(user):
    return permissions.visible(user, Incident.objects.select_related("commander", "pio", "opened_by", "closed_by"))


@login_required
def incident_list(request):
    user = request.user
    incidents = list(visible_incidents(user).order_by("status", "-opened_at"))
    return render(
        request,
        "posts/incident_list.html",
        {
            "active": [i for i in incidents if i.status == IncidentStatus.ACTIVE],
            "closed": [i for i in incidents if i.status == IncidentStatus.CLOSED],
            "may_open": permissions.can(user, "open_incident"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def incident_create(request):
    user = request.user
    permissions.require(user, "open_incident", None, "Only a supervisor or the chief opens an incident.")
    form = IncidentForm(request.POST or None, by=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            incident = services.open_incident(by=user, name=data["name"], commander=data["commander"], pio=data["pio"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{incident} is open. Its posts are approved by "
                f"{incident.commander.display_name} ({user.department.cite('incident')}).",
            )
            return redirect("posts:incident", pk=incident.pk)
    return render(request, "posts/incident_form.html", {"form": form})


@login_required
def incident_detail(request, pk: int):
    user = request.user
    incident = get_object_or_404(visible_incidents(user), pk=pk)
    posts = list(
        permissions.visible(user, hooks.for_lists(Post.objects.filter(incident=incident)))
        .select_related("author", "current_revision", "incident__commander", "department")
        .prefetch_related("accounts")
        .order_by("created_at", "id")
    )
    with_category_labels(posts, user.department)
    # Who must approve each open post, and whether this member may now (approvals, through posts.hooks).
    hooks.label_list(user, posts, decisions=True)
    return render(
        request,
        "posts/incident_detail.html",
        {
            "incident": incident,
            "posts": posts,
            "waiting": sum(1 for p in posts if p.status == PostStatus.PENDING),
            "may_close": incident.is_active and permissions.can(user, "close_incident", incident),
            "may_create": incident.is_active and permissions.can(user, "create_post"),
        },
    )


@login_required
@require_POST
def incident_close(request, pk: int):
    user = request.user
    incident = get_object_or_404(visible_incidents(user), pk=pk)
    try:
        incident = services.close_incident(by=user, incident=incident)
    except InvalidTransition as error:
        return conflict(request, error, reverse("posts:incident", args=[incident.pk]))
    messages.success(request, f"{incident} is closed; its remaining posts now follow the usual approval rules.")
    return redirect("posts:incident", pk=incident.pk)
