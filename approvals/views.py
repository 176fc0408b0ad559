"""Post requests in the browser (3xx.3): a member asks for a post, their chain-of-command
supervisor forwards or declines it, and a PIO drafts from a forwarded request.

Views fetch through approvals.permissions.visible (not there: 404) and let
approvals.services decide: PermissionDenied is the 403 page, InvalidTransition
the 409 page, ValidationError form errors.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from people.forms import add_service_errors
from people.roles import Role
from posts.forms import DecisionForm, NoForm, PostForm
from posts.views.common import conflict, next_or
from posts.views.posts import get_post, is_check, render_editor, render_post
from screening.forms import OverrideForm
from screening.views import post_page_with, visible_flag
from socialgov.errors import InvalidTransition

from . import overrides, permissions, services
from .choices import RequestStatus
from .forms import PostRequestForm, RequestDecisionForm
from .models import PostRequest
from .pages import approver_text
from .rules import required_approver


def visible_requests(user):
    return permissions.visible(
        user, PostRequest.objects.select_related("requester", "supervisor", "decided_by", "post")
    )


def category_labels(department) -> dict[str, str]:
    return {c["key"]: c["label"] for c in department.categories} if department else {}


def _labelled(requests, department):
    labels = category_labels(department)
    for item in requests:
        item.category_text = labels.get(item.category, item.category)
    return requests


@login_required
def request_list(request):
    user = request.user
    requests = _labelled(list(visible_requests(user).order_by("-created_at")), user.department)
    to_decide = [r for r in requests if r.status == RequestStatus.SUBMITTED and r.supervisor_id == user.pk]
    forwarded = [r for r in requests if r.status == RequestStatus.FORWARDED and r.requester_id != user.pk]
    mine = [r for r in requests if r.requester_id == user.pk]
    shown = {r.pk for r in (*to_decide, *forwarded, *mine)}
    return render(
        request,
        "approvals/request_list.html",
        {
            "to_decide": to_decide,
            "forwarded": forwarded,
            "mine": mine,
            "others": [r for r in requests if r.pk not in shown],
            "may_draft": user.has_role(Role.PIO),
            "decision_form": RequestDecisionForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request):
    user = request.user
    if user.department is None:
        raise PermissionDenied("Only a member of a department asks for a post.")
    form = PostRequestForm(request.POST or None, by=user)
    if request.method == "POST" and form.is_valid():
        try:
            post_request = services.request_post(
                by=user, category=form.cleaned_data["category"], summary=form.cleaned_data["summary"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Request #{post_request.pk} is sent to "
                f"{post_request.supervisor.display_name}, your supervisor "
                f"({user.department.cite('authorized_users')}).",
            )
            return redirect("approvals:request", pk=post_request.pk)
    return render(request, "approvals/request_form.html", {"form": form, "supervisor": user.supervisor})


def _request_page(request, post_request, form=None, status=200):
    user = request.user
    _labelled([post_request], user.department)
    # Which buttons to show; approvals.services.forward/decline/draft_from_request decide.
    return render(
        request,
        "approvals/request_detail.html",
        {
            "item": post_request,
            "may_decide": post_request.status == RequestStatus.SUBMITTED
            and permissions.can(user, "decide", post_request),
            "may_draft": post_request.status == RequestStatus.FORWARDED
            and permissions.can(user, "draft", post_request),
            "decision_form": form or RequestDecisionForm(),
        },
        status=status,
    )


@login_required
def request_detail(request, pk: int):
    return _request_page(request, get_object_or_404(visible_requests(request.user), pk=pk))


def _decide(request, pk: int, transition, done: str):
    user = request.user
    post_request = get_object_or_404(visible_requests(user), pk=pk)
    form = RequestDecisionForm(request.POST)
    if not form.is_valid():
        return _request_page(request, post_request, form)
    try:
        post_request = transition(by=user, request=post_request, note=form.cleaned_data["note"])
    except InvalidTransition as error:
        return conflict(request, error, reverse("approvals:request", args=[post_request.pk]))
    except ValidationError as error:
        add_service_errors(form, error)
        return _request_page(request, post_request, form)
    messages.success(request, f"Request #{post_request.pk} {done}; {post_request.requester.display_name} is told.")
    return redirect(next_or(request, reverse("approvals:request", args=[post_request.pk])))


@login_required
@require_POST
def request_forward(request, pk: int):
    return _decide(request, pk, services.forward, "is forwarded to the PIOs")


@login_required
@require_POST
def request_decline(request, pk: int):
    return _decide(request, pk, services.decline, "is declined")


@login_required
@require_http_methods(["GET", "POST"])
def request_draft(request, pk: int):
    """The draft editor, prefilled from a forwarded request; saving drafts the post and tells the requester."""
    user = request.user
    post_request = get_object_or_404(visible_requests(user), pk=pk)
    back = reverse("approvals:request", args=[post_request.pk])
    # The service's own first questions, asked before the form so that the editor is not offered
    # (or checked) to no purpose; draft_from_request asks them again under the row lock.
    if post_request.status != RequestStatus.FORWARDED:
        return conflict(
            request, InvalidTransition(post_request, "draft", "Only a forwarded request can be drafted."), back
        )
    if not permissions.can(user, "draft", post_request):
        raise PermissionDenied(
            "Forwarded requests are drafted by a Public Information Officer "
            f"({user.department.cite('authorized_users')})."
        )
    checking = is_check(request)
    form = PostForm(
        None if checking else request.POST or None,
        by=user,
        from_request=True,
        initial={"category": post_request.category, "body": post_request.summary},
    )
    if checking:
        form.show_typed(request.POST)
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            post = services.draft_from_request(
                by=user,
                request=post_request,
                accounts=list(data["accounts"]),
                body=data["body"],
                category=data["category"],
            )
        except InvalidTransition as error:
            return conflict(request, error, back)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Post #{post.pk} is drafted from request #{post_request.pk}; "
                f"{post_request.requester.display_name} is told.",
            )
            return redirect("posts:detail", pk=post.pk)
    return render_editor(request, form, from_request=post_request)


# -- a post's submission and the decisions on it (3xx.3): POST only, approvals.services decides --------------------
# An InvalidTransition is the post page again with the reason at its top (a 409); ValidationError comes back as
# form errors.


@login_required
@require_POST
def post_submit(request, pk: int):
    user = request.user
    post = get_post(user, pk)
    form = NoForm(request.POST)
    form.is_valid()
    try:
        post = services.submit(by=user, post=post, attests_conformance=bool(request.POST.get("attests_conformance")))
    except InvalidTransition as error:
        return render_post(request, post, status=409, refusal=error.message)
    except ValidationError as error:
        add_service_errors(form, error)
        return render_post(request, post, submit_form=form)
    messages.success(
        request, f"Post #{post.pk} is submitted for approval. It needs: {approver_text(post, required_approver(post))}."
    )
    return redirect(next_or(request, reverse("posts:detail", args=[post.pk])))


def _decide_post(request, pk: int, transition, done: str):
    user = request.user
    post = get_post(user, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return render_post(request, post, status=400, decision_form=form)
    try:
        post = transition(by=user, post=post, note=form.cleaned_data["note"], seen=form.cleaned_data["revision"])
    except InvalidTransition as error:
        # Refused: the same post page, the reason at its top and focused (issue 14.3), still a 409.
        return render_post(request, post, status=409, refusal=error.message, decision_form=form)
    except ValidationError as error:
        add_service_errors(form, error)
        return render_post(request, post, status=400, decision_form=form)
    messages.success(request, f"Post #{post.pk} {done} (revision {post.current_revision.number}).")
    return redirect(next_or(request, reverse("posts:detail", args=[post.pk])))


@login_required
@require_POST
def post_approve(request, pk: int):
    return _decide_post(request, pk, services.approve, "is approved")


@login_required
@require_POST
def post_request_changes(request, pk: int):
    return _decide_post(request, pk, services.request_changes, "is sent back to its author for changes")


@login_required
@require_POST
def post_reject(request, pk: int):
    return _decide_post(request, pk, services.reject, "is rejected")


@login_required
@require_POST
def flag_override(request, pk: int):
    """A supervisor clears one finding with a written justification (3xx.5); audited by the service."""
    user = request.user
    flag = visible_flag(user, pk)
    back = reverse("posts:detail", args=[flag.post_id])
    form = OverrideForm(request.POST, prefix=f"flag-{flag.pk}")
    valid = form.is_valid()
    try:
        # The service answers for the finding's state (409) and the member's right (403) before it reads the
        # justification; an invalid form hands it none, which it always refuses, so nothing is overridden.
        overrides.override_flag(by=user, flag=flag, justification=form.cleaned_data["justification"] if valid else "")
    except InvalidTransition as error:
        return conflict(request, error, back)
    except ValidationError as error:
        if valid:
            add_service_errors(form, error)
        return post_page_with(request, flag, "override", form)
    messages.success(
        request, f"The finding “{flag.excerpt}” on post #{flag.post_id} is overridden with your justification."
    )
    return redirect(back)
