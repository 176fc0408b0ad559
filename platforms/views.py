"""The connection page of an account (issue 12.4): its status, last capture and errors, the chief's connect and
disconnect, "Capture now", and the posts captured from it with their versions and deletions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from people.forms import add_service_errors
from posts.models import SocialAccount
from socialgov.errors import InvalidTransition

from . import connections, permissions, services
from .forms import ConnectForm
from .models import CapturedPost, Connection

CAPTURED_SHOWN = 50


def _account(request, pk) -> SocialAccount:
    account = get_object_or_404(permissions.visible_accounts(request.user, SocialAccount.objects.all()), pk=pk)
    if not permissions.can(request.user, "see_connection", account):
        raise PermissionDenied("Connected accounts are for the content roles and members authorized for them.")
    return account


@login_required
@require_http_methods(["GET", "POST"])
def connection(request, pk):
    account = _account(request, pk)
    may_connect = permissions.can(request.user, "connect", account)
    form = ConnectForm(request.POST or None) if may_connect else None
    if request.method == "POST":
        if not may_connect:
            raise PermissionDenied("Only the chief of police connects the department's accounts.")
        if form.is_valid():
            try:
                connections.connect(by=request.user, account=account, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"{account} is connected; its posts are captured from now on.")
                return redirect("platforms:connection", pk=account.pk)
    captured = (
        permissions.visible_captured_posts(request.user, CapturedPost.objects.filter(account=account))
        .prefetch_related("versions")
        .order_by("-posted_at", "-id")[:CAPTURED_SHOWN]
    )
    return render(
        request,
        "platforms/connection.html",
        {
            "account": account,
            "connection": Connection.objects.filter(account=account).first(),
            "form": form,
            "may_connect": may_connect,
            "may_capture": permissions.can(request.user, "capture", account),
            "captured": captured,
        },
    )


@login_required
@require_POST
def disconnect(request, pk):
    account = _account(request, pk)
    if not permissions.can(request.user, "connect", account):
        raise PermissionDenied("Only the chief of police disconnects the department's accounts.")
    try:
        connections.disconnect(by=request.user, account=account)
    except InvalidTransition as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{account} is disconnected; what was captured is kept.")
    return redirect("platforms:connection", pk=account.pk)


@login_required
@require_POST
def capture_now(request, pk):
    account = _account(request, pk)
    try:
        services.request_capture(by=request.user, account=account)
    except InvalidTransition as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"A capture of {account} is under way.")
    return redirect("platforms:connection", pk=account.pk)
