"""Posts in the browser: the lists, the draft editor, the post page and its transitions.

Every view fetches through posts.permissions.visible (not there: 404), asks
posts.permissions.can only to decide which buttons to show, and hands every
change to posts.services, whose errors come back as form errors
(ValidationError), the 403 page (PermissionDenied) or the 409 page
(InvalidTransition). Transitions are POST only.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods, require_POST

from people.forms import add_service_errors
from socialgov import outbox
from socialgov.errors import InvalidTransition

from .. import hooks, permissions, services
from ..choices import Channel, PostStatus, RemovalState
from ..forms import DecisionForm, DiffForm, NoForm, PostForm, PublishForm, RemoveForm, StatusFilterForm
from ..media import upload_media
from ..models import Incident, Post, Publication, RemovalInvestigation
from .common import conflict, next_or, page_of, with_category_labels
from .diff import unified, word_diff

S = PostStatus


def visible_posts(user):
    return permissions.visible(
        user, Post.objects.select_related("author", "current_revision", "incident__commander", "department")
    )


def get_post(user, pk: int) -> Post:
    return get_object_or_404(visible_posts(user), pk=pk)


# Lists: each costs the same few queries however many posts there are (tests/perf/test_post_lists.py).


@login_required
def post_list(request):
    user = request.user
    form = StatusFilterForm(request.GET or None)
    posts = permissions.visible(user, Post.objects.for_lists())
    if form.is_valid() and form.cleaned_data["status"]:
        posts = posts.filter(status=form.cleaned_data["status"])
    page = page_of(request, posts)
    with_category_labels(page.object_list, user.department)
    context = {
        "page": page,
        "filter_form": form,
        "may_create": permissions.can(user, "create_post"),
        "query": f"status={form.cleaned_data['status']}&" if form.is_valid() and form.cleaned_data["status"] else "",
    }
    return render(request, "posts/post_list.html", context)


@login_required
def my_drafts(request):
    user = request.user
    posts = permissions.visible(user, Post.objects.drafts_of(user).for_lists())
    page = page_of(request, posts)
    with_category_labels(page.object_list, user.department)
    return render(request, "posts/my_drafts.html", {"page": page, "may_create": permissions.can(user, "create_post")})


@login_required
def queue(request):
    user = request.user
    if not permissions.sees_queue(user):
        raise PermissionDenied(
            f"The approval queue is for members who approve posts ({user.department.cite('authorized_users')})."
            if user.department
            else "The approval queue is for members who approve posts."
        )
    posts = permissions.visible(user, hooks.for_lists(Post.objects.awaiting_approval().for_lists()))
    page = page_of(request, posts)
    with_category_labels(page.object_list, user.department)
    # Who must approve each (approvals, through posts.hooks).
    hooks.label_list(user, page.object_list)
    return render(request, "posts/queue.html", {"page": page})


# The editor


@login_required
@require_http_methods(["GET", "POST"])
def post_create(request):
    user = request.user
    if not permissions.can(user, "create_post"):
        raise PermissionDenied(
            f"Only members with a current authorization draft posts ({user.department.cite('authorized_users')})."
            if user.department
            else "Only members with a current authorization draft posts."
        )
    initial = {}
    if request.GET.get("incident", "").isdigit():
        initial["incident"] = permissions.visible(
            user, Incident.objects.active().filter(pk=request.GET["incident"])
        ).first()
    checking = is_check(request)
    form = PostForm(None if checking else request.POST or None, request.FILES or None, by=user, initial=initial)
    if checking:
        form.show_typed(request.POST)
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # One transaction: a draft the service refuses leaves no uploaded media behind.
            with transaction.atomic():
                post = services.create_post(
                    by=user,
                    category=data["category"],
                    accounts=list(data["accounts"]),
                    body=data["body"],
                    incident=data["incident"],
                    publish_at=data["publish_at"],
                    media=_new_media(user, data),
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Post #{post.pk} is saved as a draft (revision 1).")
            return redirect("posts:detail", pk=post.pk)
    return render_editor(request, form)


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, pk: int):
    user = request.user
    post = get_post(user, pk)
    back = reverse("posts:detail", args=[post.pk])
    if not post.is_editable:
        return conflict(
            request,
            InvalidTransition(
                post, "edited", f"Post #{post.pk} is {post.get_status_display().lower()}; it can no longer be edited."
            ),
            back,
        )
    permissions.require(user, "edit_post", post, permissions.EDIT_REFUSED)
    checking = is_check(request)
    form = PostForm(
        None if checking else request.POST or None,
        request.FILES or None,
        by=user,
        post=post,
        initial=PostForm.initial_for(post),
    )
    if checking:
        form.show_typed(request.POST)
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        was = post.status
        try:
            with transaction.atomic():
                media = list(data.get("keep_media") or []) + _new_media(user, data)
                post = services.edit_post(
                    by=user,
                    post=post,
                    body=data["body"],
                    category=data["category"],
                    accounts=list(data["accounts"]),
                    incident=data["incident"],
                    publish_at=data["publish_at"],
                    media=media,
                    reason=data.get("reason", ""),
                )
        except ValidationError as error:
            add_service_errors(form, error)
        except InvalidTransition as error:
            return conflict(request, error, back)
        else:
            note = f"Post #{post.pk} is saved (revision {post.current_revision.number})."
            if was in (S.APPROVED, S.SCHEDULED) and post.status == S.DRAFT:
                note += " The edit voided the approval; the post is a draft again and must be submitted again."
            messages.success(request, note)
            return redirect("posts:detail", pk=post.pk)
    return render_editor(request, form, post=post)


def is_check(request) -> bool:
    """The editor's "Check for prohibited content" button: screen what was typed, save nothing."""
    return request.method == "POST" and "screen" in request.POST


def render_editor(request, form, **context):
    """The draft editor with the screener's findings on its text, shown with the page (without JavaScript too)
    and replaced as the PIO types (screening.views.preview; screening adds them through posts.hooks.editor_part)."""
    context = {"form": form, "post": None, **context, **hooks.editor_page(request, form)}
    return render(request, "posts/post_form.html", context)


def _new_media(user, data) -> list:
    """The uploaded file, stored through posts.media (checked by content, with the attestation)."""
    if not data.get("file"):
        return []
    return [
        upload_media(
            by=user,
            upload=data["file"],
            rights_attested=data["rights_attested"],
            credit=data["credit"],
            alt_text=data.get("alt_text", ""),
        )
    ]


# The post page


def category_entry(post: Post) -> dict:
    for category in post.department.categories:
        if category["key"] == post.category:
            return category
    return {"key": post.category, "label": post.category, "citation": ""}


def post_context(request, post: Post, **forms) -> dict:
    user = request.user
    accounts = list(post.accounts.all())
    revisions = list(post.revisions.select_related("author").order_by("number"))
    publications = list(post.publications.select_related("account", "published_by", "removed_by"))
    status = post.status
    context = {
        "post": post,
        # Roles only (no query): an authorized member outside them finds the comments from the navigation's list.
        "sees_comments": user.has_role(*permissions.CONTENT_ROLES),
        "category": category_entry(post),
        "accounts": accounts,
        "media": list(post.current_revision.media.select_related("uploaded_by")) if post.current_revision_id else [],
        "revisions": revisions,
        "publications": publications,
        "investigation": permissions.visible(user, RemovalInvestigation.objects.filter(post=post)).first(),
        "may_edit": post.is_editable and permissions.can(user, "edit_post", post),
        "may_submit": status in (S.DRAFT, S.CHANGES_REQUESTED) and permissions.can(user, "submit_post", post),
        "may_publish": status == S.APPROVED and permissions.can(user, "publish_post", post),
        "may_remove": status == S.PUBLISHED and permissions.can(user, "remove_post", post),
        "may_confirm": any(p.removal_state == RemovalState.PENDING for p in publications)
        and permissions.can(user, "confirm_removal", post),
        "may_report": status in S.public(),
        "submit_form": forms.get("submit_form") or NoForm(),
        "decision_form": forms.get("decision_form")
        or DecisionForm(initial={"revision": post.current_revision.sha256 if post.current_revision_id else ""}),
        "remove_form": forms.get("remove_form") or RemoveForm(),
        "diff_form": DiffForm(
            revisions=revisions,
            initial={
                "a": revisions[-2].number if len(revisions) > 1 else 1,
                "b": revisions[-1].number if revisions else 1,
            },
        ),
    }
    # The screener's findings and the forms to clear or report them (screening), the decisions and who must make
    # the next one (approvals): the apps above add them through posts.hooks.
    hooks.post_page(request, post, context, forms)
    if status in (S.APPROVED, S.PUBLISHING):
        # Sent while the broker was down: the publishing waits in the outbox (issue 19.1).
        context["publishing_queued"] = outbox.waiting_about(services.PUBLISH_TASK, post.pk)
    if context["may_publish"]:
        context["publish_form"] = forms.get("publish_form") or PublishForm(post=post)
    return context


def render_post(request, post: Post, status: int = 200, *, refusal: str = "", **forms):
    """The post page; a form that failed shows its error summary at the top, and a refused action (409) its
    reason there, focused, on the same page (issue 14.3, 14.4)."""
    context = post_context(request, post, **forms)
    context["failed_form"] = next((form for form in forms.values() if getattr(form, "errors", None)), None)
    context["refusal"] = refusal
    return render(request, "posts/post_detail.html", context, status=status)


@login_required
def post_detail(request, pk: int):
    return render_post(request, get_post(request.user, pk))


@login_required
def post_diff(request, pk: int):
    user = request.user
    post = get_post(user, pk)
    revisions = list(post.revisions.select_related("author").order_by("number"))
    form = DiffForm(request.GET or None, revisions=revisions)
    context = {"post": post, "form": form, "revisions": revisions}
    if form.is_valid():
        by_number = {r.number: r for r in revisions}
        old, new = by_number[form.cleaned_data["a"]], by_number[form.cleaned_data["b"]]
        context.update(
            {
                "old": old,
                "new": new,
                "pieces": word_diff(old.body, new.body),
                "lines": unified(old.body, new.body, f"revision {old.number}", f"revision {new.number}"),
            }
        )
    return render(request, "posts/post_diff.html", context)


# Transitions: POST only; the services decide.


def _after(request, post: Post) -> str:
    return next_or(request, reverse("posts:detail", args=[post.pk]))


@login_required
@require_POST
def post_publish(request, pk: int):
    user = request.user
    post = get_post(user, pk)
    form = PublishForm(request.POST, post=post)
    if not form.is_valid():
        return render_post(request, post, publish_form=form)
    try:
        post = services.publish(by=user, post=post, urls=form.urls())
    except InvalidTransition as error:
        return render_post(request, post, status=409, refusal=error.message)
    except ValidationError as error:
        add_service_errors(form, form.service_error_fields(error))
        return render_post(request, post, publish_form=form)
    if post.status == S.SCHEDULED:
        messages.success(
            request,
            f"Post #{post.pk} is scheduled for {date_format(timezone.localtime(post.publish_at), 'DATETIME_FORMAT')}.",
        )
    elif post.status == S.PUBLISHED:
        messages.success(request, f"Post #{post.pk} is published.")
    else:
        queued = outbox.waiting_about(services.PUBLISH_TASK, post.pk)
        messages.success(
            request,
            f"Post #{post.pk} is being sent to its automatic accounts."
            + (" Publishing queued; it starts as soon as the job runner is back." if queued else ""),
        )
    return redirect(_after(request, post))


@login_required
@require_POST
def post_remove(request, pk: int):
    user = request.user
    post = get_post(user, pk)
    form = RemoveForm(request.POST)
    if not form.is_valid():
        return render_post(request, post, remove_form=form)
    try:
        investigation = services.remove(by=user, post=post, reason=form.cleaned_data["reason"])
    except InvalidTransition as error:
        return render_post(request, post, status=409, refusal=error.message)
    except ValidationError as error:
        add_service_errors(form, error)
        return render_post(request, post, remove_form=form)
    manual = post.publications.filter(account__channel=Channel.MANUAL).count()
    note = (
        f"Post #{post.pk} is removed from public view ({post.department.cite('prohibited')}). "
        f"Investigation #{investigation.pk} of its cause is open until you record a resolution."
    )
    if manual:
        note += " Take it down by hand on each platform published by hand, then confirm the removal."
    messages.success(request, note)
    return redirect("posts:investigation", pk=investigation.pk)


@login_required
@require_POST
def confirm_removal(request, pk: int):
    user = request.user
    publications = Publication.objects.filter(post__in=permissions.visible(user, Post.objects.all()))
    publication = get_object_or_404(publications.select_related("post", "account"), pk=pk)
    back = reverse("posts:detail", args=[publication.post_id])
    try:
        services.confirm_manual_removal(by=user, publication=publication)
    except InvalidTransition as error:
        return conflict(request, error, back)
    messages.success(request, f"Removal of post #{publication.post_id} from {publication.account} is confirmed.")
    return redirect(next_or(request, back))


def pending_removals(user):
    """Publications taken down by hand that nobody has confirmed yet (3xx.5)."""
    return (
        Publication.objects.filter(
            post__in=permissions.visible(user, Post.objects.all()), removal_state=RemovalState.PENDING
        )
        .select_related("post", "account")
        .order_by("post__removed_at", "id")
    )
