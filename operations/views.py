"""Undercover operations in the browser (general policy IV.E.2; issue 16.1): the list, a proposal, the operation's
page with its approval, monitoring log, postings to other sites and closing.

The same door as the API (operations.permissions): an operation a member is not assigned to is not there (404),
except for the chief, a designee who approves covert operations and, for its records, the custodian; acting on
a visible one without the right is the 403 page; a state that does not allow it, the 409 page. operations.services
decides; its ValidationError comes back as form errors (400).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from people.forms import add_service_errors
from posts.views.common import conflict
from socialgov.errors import InvalidTransition

from . import permissions, services
from .choices import OperationStatus
from .forms import ExternalPostingForm, NoteForm, OperationForm
from .models import Operation


def may_open_list(member) -> bool:
    """Every member of a department opens the list: it shows only the operations they may know exist."""
    return member.is_authenticated and member.department_id is not None


def listed_for(member) -> bool:
    """Who finds the list in the menu: those who propose operations or see every one."""
    return may_open_list(member) and (permissions.can(member, "create") or permissions.sees_every_operation(member))


def visible_operations(user):
    return permissions.visible(
        user,
        Operation.objects.select_related(
            "department", "monitoring_supervisor", "created_by", "approved_by", "closed_by"
        ),
    )


@login_required
def operation_list(request):
    user = request.user
    if not may_open_list(user):
        raise PermissionDenied("Only a member of a department sees its undercover operations.")
    operations = visible_operations(user).prefetch_related("accounts").order_by("-created_at", "-id")
    return render(
        request,
        "operations/operation_list.html",
        {
            "operations": operations,
            "may_create": permissions.can(user, "create"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def operation_create(request):
    user = request.user
    permissions.require(user, "create")
    form = OperationForm(request.POST or None, by=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            operation = services.create_operation(
                by=user,
                name=data["name"],
                case_number=data["case_number"],
                monitoring_supervisor=data["monitoring_supervisor"],
                members=list(data["members"]),
                accounts=list(data["accounts"]),
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{operation} is proposed; it awaits the chief's or a designee's approval (general policy IV.E.2).",
            )
            return redirect("operations:detail", pk=operation.pk)
    return render(request, "operations/operation_form.html", {"form": form}, status=400 if form.errors else 200)


def _page(request, operation, *, log_form=None, posting_form=None, close_form=None, status=200):
    user = request.user
    is_open = operation.status == OperationStatus.OPEN
    return render(
        request,
        "operations/operation_detail.html",
        {
            "operation": operation,
            "accounts": operation.accounts.all(),
            "assignments": operation.assignments.select_related("member"),
            "log": operation.log.select_related("author"),
            "postings": operation.external_postings.select_related("recorded_by"),
            "may_approve": operation.status == OperationStatus.PROPOSED and permissions.can(user, "approve", operation),
            "may_log": is_open and permissions.can(user, "log", operation),
            "may_post": is_open and permissions.can(user, "record_posting", operation),
            "may_close": operation.status != OperationStatus.CLOSED and permissions.can(user, "close", operation),
            "log_form": log_form or NoteForm(),
            "posting_form": posting_form or ExternalPostingForm(),
            "close_form": close_form or NoteForm(),
        },
        status=status,
    )


@login_required
def operation_detail(request, pk: int):
    return _page(request, get_object_or_404(visible_operations(request.user), pk=pk))


def _back(operation) -> str:
    return reverse("operations:detail", args=[operation.pk])


@login_required
@require_POST
def operation_approve(request, pk: int):
    user = request.user
    operation = get_object_or_404(visible_operations(user), pk=pk)
    try:
        operation = services.approve_operation(by=user, operation=operation)
    except InvalidTransition as error:
        return conflict(request, error, _back(operation))
    messages.success(request, f"{operation} is approved; its covert accounts may be used until it closes.")
    return redirect(_back(operation))


def _with_note(request, pk: int, action: str, form_class, form_key: str, act, done: str):
    user = request.user
    operation = get_object_or_404(visible_operations(user), pk=pk)
    permissions.require(user, action, operation)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            act(user, operation, form.cleaned_data)
        except InvalidTransition as error:
            return conflict(request, error, _back(operation))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(_back(operation))
    return _page(request, operation, status=400, **{form_key: form})


@login_required
@require_POST
def operation_log(request, pk: int):
    return _with_note(
        request,
        pk,
        "log",
        NoteForm,
        "log_form",
        lambda by, op, data: services.log_entry(by=by, operation=op, note=data["note"]),
        "The monitoring entry is recorded.",
    )


@login_required
@require_POST
def operation_posting(request, pk: int):
    return _with_note(
        request,
        pk,
        "record_posting",
        ExternalPostingForm,
        "posting_form",
        lambda by, op, data: services.record_external_posting(by=by, operation=op, **data),
        "The posting to the other site is recorded with its hash.",
    )


@login_required
@require_POST
def operation_close(request, pk: int):
    return _with_note(
        request,
        pk,
        "close",
        NoteForm,
        "close_form",
        lambda by, op, data: services.close_operation(by=by, operation=op, note=data["note"]),
        "The operation is closed; every assignment has ended.",
    )
