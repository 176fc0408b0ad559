"""Captured public comments (3xx.7; general policy IV.A.7, IV.A.9): the list, a comment with its moderation
form, and the import of a platform's CSV export. Every change goes through posts.comments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from people.forms import add_service_errors
from socialgov.errors import InvalidTransition

from .. import comments, permissions
from ..forms import CommentFilterForm, CommentImportForm, ModerateCommentForm
from ..models import CapturedComment, Post
from .common import conflict, page_of


def visible_comments(user):
    return permissions.visible(user, CapturedComment.objects.select_related("account", "captured_by", "moderated_by"))


@login_required
def comment_list(request):
    """The department's captured comments, a page at a time. Nine queries however many rows (for a content
    role; a member outside them adds whether they hold an authorization): the session, the member, their
    groups, the page's count, the department, the header's unread count, the navigation's designee check, the
    account filter's choices, and the page's rows with their account, capturer and moderator joined."""
    user = request.user
    if not permissions.sees_comments(user):
        raise PermissionDenied("Captured comments are for the content roles and members authorized for an account.")
    form = CommentFilterForm(request.GET or None, by=user)
    queryset = visible_comments(user).order_by("-posted_at", "-id")
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        if data["account"] is not None:
            queryset = queryset.filter(account=data["account"])
            filters["account"] = data["account"].pk
        if data["state"]:
            queryset = queryset.filter(state=data["state"])
            filters["state"] = data["state"]
        if data["post"]:
            queryset = queryset.filter(post_id=data["post"])
            filters["post"] = data["post"]
    page = page_of(request, queryset)
    return render(
        request,
        "posts/comment_list.html",
        {
            "form": form,
            "page": page,
            "comments": page.object_list,
            "filters": filters,
            "query": urlencode(filters) + "&" if filters else "",
            "may_import": permissions.can(user, "capture_comment"),
            "citation": comments.moderation_citation(user.department),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def comment_detail(request, pk: int):
    user = request.user
    comment = get_object_or_404(visible_comments(user), pk=pk)
    may_moderate = permissions.can(user, "moderate_comment", comment)
    if request.method == "POST" and not may_moderate:
        raise PermissionDenied("Comments are hidden or deleted by a supervisor or the chief.")
    form = ModerateCommentForm(request.POST or None)
    back = reverse("posts:comment", args=[comment.pk])
    if request.method == "POST" and form.is_valid():
        try:
            comments.moderate_comment(
                by=user, comment=comment, state=form.cleaned_data["state"], reason=form.cleaned_data["reason"]
            )
        except InvalidTransition as error:
            return conflict(request, error, back)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Comment #{comment.pk} is recorded as {form.cleaned_data['state']} on the "
                "platform; the captured record is kept.",
            )
            return redirect(back)
    post_visible = (
        comment.post_id is not None and permissions.visible(user, Post.objects.filter(pk=comment.post_id)).exists()
    )
    return render(
        request,
        "posts/comment_detail.html",
        {
            "comment": comment,
            "post_visible": post_visible,
            "form": form if may_moderate and comment.state != "deleted" else None,
            "citation": comments.moderation_citation(comment.department),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def comment_import(request):
    user = request.user
    if not permissions.can(user, "capture_comment"):
        raise PermissionDenied(
            "Comments are captured by members authorized for the account, supervisors and the records custodian."
        )
    form = CommentImportForm(request.POST or None, request.FILES or None, by=user)
    if request.method == "POST" and form.is_valid():
        account = form.cleaned_data["account"]
        try:
            result = comments.import_comments(by=user, account=account, data=form.cleaned_data["file"].read())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{result.created} comment(s) captured from the export for {account}; "
                f"{result.already} were already captured.",
            )
            return redirect(reverse("posts:comments") + "?" + urlencode({"account": account.pk}))
    # A refused file answers 400 with the problem named on the form (as the engagement import does).
    return render(request, "posts/comment_import.html", {"form": form}, status=400 if request.method == "POST" else 200)
