"""The department's social media accounts: the chief adds and approves them and keeps the page
checklist and channel settings (general policy IV.A, IV.E; §3xx.5.1). Members see the accounts
visible to them, read-only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from people.forms import add_service_errors
from socialgov.errors import InvalidTransition

from .. import permissions, services
from ..forms import AccountForm, page_requirements
from ..models import SocialAccount
from .common import conflict

ONLY_CHIEF = "Only the chief of police adds and changes social media accounts ({})."


def visible_accounts(user):
    # The department too: an account's checklist_missing reads which items its pack makes optional.
    return permissions.visible(
        user, SocialAccount.objects.select_related("department", "approved_by", "monitoring_supervisor")
    )


def _chief_only(user):
    cite = user.department.cite("platform_approval") if user.department else ""
    return ONLY_CHIEF.format(cite or "general policy IV.A.2")


@login_required
def account_list(request):
    user = request.user
    accounts = list(visible_accounts(user).order_by("platform", "handle"))
    return render(
        request,
        "posts/account_list.html",
        {
            "accounts": accounts,
            "may_edit": permissions.can(user, "edit_account"),
            "checklist_size": len(page_requirements(user.department)) if user.department else 7,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def account_create(request):
    user = request.user
    permissions.require(user, "edit_account", None, _chief_only(user))
    form = AccountForm(request.POST or None, by=user)
    if request.method == "POST" and form.is_valid():
        try:
            account = services.create_account(by=user, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{account} is added. Approve it, and complete its page checklist, before anyone publishes to it.",
            )
            return redirect("posts:account", pk=account.pk)
    return render(request, "posts/account_form.html", {"form": form, "account": None})


@login_required
@require_http_methods(["GET", "POST"])
def account_detail(request, pk: int):
    user = request.user
    account = get_object_or_404(visible_accounts(user), pk=pk)
    may_edit = permissions.can(user, "edit_account", account)
    if request.method == "POST":
        permissions.require(user, "edit_account", account, _chief_only(user))
    form = AccountForm(request.POST or None, by=user, account=account) if may_edit else None
    if request.method == "POST" and form.is_valid():
        try:
            account = services.update_account(by=user, account=account, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{account} is saved.")
            return redirect("posts:account", pk=account.pk)
    requirements = [{**item, "done": getattr(account, item["key"])} for item in page_requirements(account.department)]
    return render(
        request,
        "posts/account_detail.html",
        {
            "account": account,
            "form": form,
            "may_edit": may_edit,
            "requirements": requirements,
            "may_approve": not account.is_approved and permissions.can(user, "approve_account", account),
        },
    )


@login_required
@require_POST
def account_approve(request, pk: int):
    user = request.user
    account = get_object_or_404(visible_accounts(user), pk=pk)
    try:
        account = services.approve_account(by=user, account=account)
    except InvalidTransition as error:
        return conflict(request, error, reverse("posts:account", args=[account.pk]))
    note = f"{account} is approved for the department's use."
    if account.checklist_missing:
        note += " Complete its page checklist before anyone publishes to it."
    messages.success(request, note)
    return redirect("posts:account", pk=account.pk)
