"""Browser pages for people: the dashboard, members' training and authorizations (3xx.3, 3xx.8).

Every view fetches through people.permissions.visible (not there: 404), asks
people.permissions.can (no: 403) and changes nothing itself: the services in
people.services do, and their errors come back as form errors (ValidationError),
the 403 page (PermissionDenied) or the 409 page (InvalidTransition).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods, require_POST

from socialgov import worklist
from socialgov.errors import InvalidTransition

from . import designees, hooks, permissions, services
from .choices import DesigneeScope
from .forms import (
    DesigneeForm,
    DesigneeRevokeForm,
    GrantAuthorizationForm,
    RecordTrainingForm,
    RevokeAuthorizationForm,
    add_service_errors,
    training_topic_choices,
)
from .models import Authorization, Designation, Member, TrainingRecord
from .querysets import today
from .roles import Role

# How far ahead the chief is warned of lapsing training and authorizations.
ATTENTION_DAYS = 30


def conflict(request, error: InvalidTransition, back: str = ""):
    return render(request, "409.html", {"message": error.message, "back": back}, status=409)


# Training and authorization status, computed from prefetched rows so that a
# page of members costs the same few queries however many members it shows.


@dataclass
class TrainingStatus:
    missing: list[str] = field(default_factory=list)
    expiring: list[tuple[str, date]] = field(default_factory=list)

    @property
    def state(self) -> str:
        if self.missing:
            return "missing"
        if self.expiring:
            return "expiring"
        return "current"


def visible_accounts(user):
    # Covert accounts (general policy IV.E) stay hidden even inside an authorization the viewer may see.
    return hooks.visible_accounts(user)


def with_status(queryset, user, on: date):
    """Members with `roles`, `current_training` and `current_authorizations` (with the accounts
    `user` may see) prefetched."""
    return queryset.prefetch_related(
        "groups",
        Prefetch("training_records", queryset=TrainingRecord.objects.current(on), to_attr="current_training"),
        Prefetch(
            "authorizations",
            queryset=Authorization.objects.current(on)
            .prefetch_related(Prefetch("accounts", queryset=visible_accounts(user)))
            .order_by("expires_on"),
            to_attr="current_authorizations",
        ),
    )


def training_status(member: Member, topics: list[tuple[str, str]], on: date) -> TrainingStatus:
    """3xx.8: which required topics have no current record, and which lapse within ATTENTION_DAYS."""
    expiries: dict[str, list[date | None]] = {}
    for record in member.current_training:
        expiries.setdefault(record.topic, []).append(record.expires_on)
    # A topic lasts as long as its longest-lasting current record; None never lapses.
    lasts = {topic: None if None in ends else max(ends) for topic, ends in expiries.items()}
    status = TrainingStatus()
    soon = on + timedelta(days=ATTENTION_DAYS)
    for key, label in topics:
        if key not in lasts:
            status.missing.append(label)
        elif lasts[key] is not None and lasts[key] <= soon:
            status.expiring.append((label, lasts[key]))
    return status


def annotate(members, department, on: date) -> list[Member]:
    topics = training_topic_choices(department)
    soon = on + timedelta(days=ATTENTION_DAYS)
    members = list(members)
    for member in members:
        member.training = training_status(member, topics, on)
        member.expiring_authorizations = [a for a in member.current_authorizations if a.expires_on <= soon]
    return members


def needs_attention(member: Member) -> bool:
    """Members who post (PIOs and holders of an authorization) with training missing or lapsing,
    or an authorization lapsing soon: what the chief must act on (3xx.3, 3xx.8)."""
    posts = bool(member.current_authorizations) or Role.PIO in member.roles
    return (posts and member.training.state != "current") or bool(member.expiring_authorizations)


# Pages


@login_required
def dashboard(request):
    user = request.user
    on = today()
    context = {
        "may_grant": permissions.can(user, "grant_authorization"),
        "may_record_training": permissions.can(user, "record_training"),
        "may_view_members": permissions.can(user, "view_member_status"),
        "attention_days": ATTENTION_DAYS,
        "roles": set(user.roles),
        # What this member must do next, each a link with its count, newest first (issue 14.1).
        "work": worklist.items_for(user),
    }
    context["work_total"] = sum(item.count for item in context["work"])
    if context["may_grant"]:
        members = with_status(permissions.visible(user, Member.objects.filter(is_active=True)), user, on)
        members = annotate(members, user.department, on)
        context["attention"] = [m for m in members if needs_attention(m)]
        me = [m for m in members if m.pk == user.pk]
    else:
        mine = with_status(permissions.visible(user, Member.objects.filter(pk=user.pk)), user, on)
        me = annotate(mine, user.department, on)
    context["me"] = me[0] if me else None
    return render(request, "people/dashboard.html", context)


@login_required
def member_list(request):
    user = request.user
    permissions.require(user, "view_member_status")
    on = today()
    members = with_status(permissions.visible(user, Member.objects.filter(is_active=True)), user, on)
    context = {
        "members": annotate(members, user.department, on),
        "may_grant": permissions.can(user, "grant_authorization"),
        "attention_days": ATTENTION_DAYS,
    }
    return render(request, "people/member_list.html", context)


@login_required
def member_detail(request, pk: int):
    user = request.user
    member = get_object_or_404(permissions.visible(user, Member.objects.all()), pk=pk)
    permissions.require(user, "view_member_status", member)
    on = today()
    member = annotate(
        with_status(permissions.visible(user, Member.objects.filter(pk=member.pk)), user, on), user.department, on
    )[0]
    topics = dict(training_topic_choices(user.department))
    records = list(
        permissions.visible(user, TrainingRecord.objects.filter(member=member))
        .select_related("recorded_by")
        .order_by("topic", "-completed_on")
    )
    for record in records:
        record.topic_label = topics.get(record.topic, record.get_topic_display())
        record.state = "current" if record.is_current(on) else ("future" if record.completed_on > on else "expired")
    authorizations = (
        permissions.visible(user, Authorization.objects.filter(member=member))
        .select_related("granted_by", "revoked_by")
        .prefetch_related(Prefetch("accounts", queryset=visible_accounts(user)))
    )
    may_revoke = permissions.can(user, "revoke_authorization", member)
    context = {
        "subject": member,
        "records": records,
        "authorizations": authorizations,
        "may_revoke": may_revoke,
        "may_grant": permissions.can(user, "grant_authorization", member),
        "may_record_training": permissions.can(user, "record_training", member),
        "revoke_form": RevokeAuthorizationForm() if may_revoke else None,
        "attention_days": ATTENTION_DAYS,
    }
    return render(request, "people/member_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def grant_authorization(request):
    user = request.user
    permissions.require(user, "grant_authorization")
    initial = {}
    if "member" in request.GET:
        initial["member"] = (
            permissions.visible(user, Member.objects.filter(pk=request.GET["member"])).first()
            if request.GET["member"].isdigit()
            else None
        )
    form = GrantAuthorizationForm(request.POST or None, by=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            authorization = services.grant_authorization(
                by=user,
                member=data["member"],
                accounts=list(data["accounts"]),
                starts_on=data["starts_on"],
                expires_on=data["expires_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            accounts = ", ".join(str(account) for account in data["accounts"])
            messages.success(
                request,
                f"{authorization.member.display_name} is authorized to post to {accounts} "
                f"({user.department.cite('authorized_users')}); the authorization expires on "
                f"{date_format(authorization.expires_on)}.",
            )
            return redirect("member-detail", pk=authorization.member_id)
    return render(request, "people/authorization_grant.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def revoke_authorization(request, pk: int):
    user = request.user
    authorization = get_object_or_404(
        permissions.visible(user, Authorization.objects.select_related("member", "granted_by", "revoked_by")), pk=pk
    )
    permissions.require(user, "revoke_authorization", authorization)
    back = reverse("member-detail", args=[authorization.member_id])
    if authorization.revoked_at is not None:
        already = InvalidTransition(authorization, "revoke", "This authorization has already been revoked.")
        return conflict(request, already, back)
    form = RevokeAuthorizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke_authorization(by=user, authorization=authorization, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        except InvalidTransition as error:
            return conflict(request, error, back)
        else:
            messages.success(
                request,
                f"Authorization #{authorization.pk} of {authorization.member.display_name} is revoked; "
                f"they can no longer post to its accounts ({user.department.cite('authorized_users')}).",
            )
            return redirect("member-detail", pk=authorization.member_id)
    context = {
        "authorization": authorization,
        "accounts": visible_accounts(user).filter(authorizations=authorization),
        "form": form,
    }
    return render(request, "people/authorization_revoke.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def record_training(request):
    user = request.user
    permissions.require(user, "record_training")
    initial = {}
    if "member" in request.GET and request.GET["member"].isdigit():
        initial["member"] = permissions.visible(user, Member.objects.filter(pk=request.GET["member"])).first()
    form = RecordTrainingForm(request.POST or None, by=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = services.record_training(
                by=user,
                member=data["member"],
                topic=data["topic"],
                completed_on=data["completed_on"],
                expires_on=data["expires_on"],
                note=data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            label = dict(form.fields["topic"].choices).get(record.topic, record.topic)
            messages.success(
                request,
                f"Recorded {label} training for {record.member.display_name} ({user.department.cite('training')}).",
            )
            if permissions.can(user, "view_member_status", record.member):
                return redirect("member-detail", pk=record.member_id)
            return redirect("dashboard")
    return render(request, "people/training_record.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def designee_list(request):
    """The chief's designees (§3xx.3; issue 16.2): every member of the department sees who they are and what
    they may decide; the chief names one here."""
    user = request.user
    if user.department_id is None:
        raise PermissionDenied("You belong to no department.")
    may_name = permissions.can(user, "name_designee")
    form = DesigneeForm(request.POST or None, by=user) if may_name else None
    if request.method == "POST":
        permissions.require(user, "name_designee")
        if form.is_valid():
            try:
                designation = designees.name(by=user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    f"{designation.member.display_name} is named the chief's designee until "
                    f"{date_format(designation.ends_on, 'F j, Y')}.",
                )
                return redirect("designee-list")
    designations = permissions.visible(user, Designation.objects.select_related("member", "named_by", "revoked_by"))
    return render(
        request,
        "people/designee_list.html",
        {
            "designations": designations.order_by("-starts_on", "-id"),
            "form": form,
            "may_name": may_name,
            "revoke_form": DesigneeRevokeForm(),
            "scope_labels": dict(DesigneeScope.choices),
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_POST
def designee_revoke(request, pk: int):
    user = request.user
    designation = get_object_or_404(permissions.visible(user, Designation.objects.all()), pk=pk)
    permissions.require(user, "name_designee", designation)
    form = DesigneeRevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why the designation ends.")
        return redirect("designee-list")
    try:
        designees.revoke(by=user, designation=designation, reason=form.cleaned_data["reason"])
    except InvalidTransition as error:
        return conflict(request, error, reverse("designee-list"))
    messages.success(request, f"{designation.member.display_name} is no longer the chief's designee.")
    return redirect("designee-list")
