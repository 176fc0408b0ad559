"""The chief's content guidelines in the browser (3xx.3; issue 16.3): the chief writes them and their templates;
members read those that apply to them, write a post from a template, and see the guideline in the editor.

Views fetch through approvals.guidelines.visible (not there: 404); approvals.guidelines decides: PermissionDenied
is the 403 page, InvalidTransition the 409 page, ValidationError form errors.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from people.forms import add_service_errors
from posts import permissions as post_permissions
from posts.views.common import conflict
from socialgov.errors import InvalidTransition

from . import guidelines
from .forms import GuidelineForm, TemplateDraftForm, TemplateForm
from .models import Guideline, PostTemplate

REFUSED = "The chief of police writes the content guidelines ({cite})."


def _refuse(user):
    cite = user.department.cite("authorized_users") if user.department else "§3xx.3"
    raise PermissionDenied(REFUSED.format(cite=cite))


def visible_guidelines(user):
    return guidelines.visible(
        user,
        Guideline.objects.select_related("department", "written_by").prefetch_related(
            "accounts", "approved_media", "templates"
        ),
    )


def may_open_list(member) -> bool:
    """Every member of a department opens the list; it shows the guidelines that apply to them."""
    return member.is_authenticated and member.department_id is not None


@login_required
def guideline_list(request):
    user = request.user
    if not may_open_list(user):
        raise PermissionDenied("Only a member of a department reads its content guidelines.")
    found = list(visible_guidelines(user).order_by("category"))
    return render(
        request,
        "approvals/guideline_list.html",
        {
            "guidelines": found,
            "may_write": guidelines.may_write(user),
            "unwritten": [c for c in user.department.categories if c["key"] not in {g.category for g in found}]
            if guidelines.may_write(user)
            else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def guideline_create(request):
    user = request.user
    if not guidelines.may_write(user):
        _refuse(user)
    form = GuidelineForm(request.POST or None, by=user, initial={"category": request.GET.get("category", "")})
    if request.method == "POST" and form.is_valid():
        try:
            guideline = guidelines.write(by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"The guideline for {guideline.category_label()} is written; authors see it "
                f"in the editor ({user.department.cite('authorized_users')}).",
            )
            return redirect("approvals:guideline", pk=guideline.pk)
    return render(request, "approvals/guideline_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def guideline_edit(request, pk: int):
    user = request.user
    guideline = get_object_or_404(visible_guidelines(user), pk=pk)
    if not guidelines.may_write(user):
        _refuse(user)
    initial = {
        "text": guideline.text,
        "media": guideline.media,
        "accounts": list(guideline.accounts.all()),
        "approved_media": list(guideline.approved_media.all()),
    }
    form = GuidelineForm(request.POST or None, by=user, guideline=guideline, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            guidelines.change(by=user, guideline=guideline, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The guideline for {guideline.category_label()} is changed.")
            return redirect("approvals:guideline", pk=guideline.pk)
    return render(
        request,
        "approvals/guideline_form.html",
        {"form": form, "guideline": guideline},
        status=400 if form.errors else 200,
    )


def _detail(request, guideline, template_form=None, status=200):
    user = request.user
    return render(
        request,
        "approvals/guideline_detail.html",
        {
            "guideline": guideline,
            "templates": [t for t in guideline.templates.all() if not t.retired_at],
            "retired": [t for t in guideline.templates.all() if t.retired_at],
            "may_write": guidelines.may_write(user),
            "may_draft": post_permissions.can(user, "create_post"),
            "template_form": template_form or TemplateForm(),
        },
        status=status,
    )


@login_required
def guideline_detail(request, pk: int):
    return _detail(request, get_object_or_404(visible_guidelines(request.user), pk=pk))


@login_required
@require_POST
def template_add(request, pk: int):
    user = request.user
    guideline = get_object_or_404(visible_guidelines(user), pk=pk)
    if not guidelines.may_write(user):
        _refuse(user)
    form = TemplateForm(request.POST)
    if form.is_valid():
        try:
            template = guidelines.add_template(by=user, guideline=guideline, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The template \u201c{template.name}\u201d is added.")
            return redirect("approvals:guideline", pk=guideline.pk)
    return _detail(request, guideline, form, status=400)


def visible_templates(user):
    return PostTemplate.objects.filter(guideline__in=visible_guidelines(user)).select_related("guideline__department")


@login_required
@require_POST
def template_retire(request, pk: int):
    user = request.user
    template = get_object_or_404(visible_templates(user), pk=pk)
    if not guidelines.may_write(user):
        _refuse(user)
    back = reverse("approvals:guideline", args=[template.guideline_id])
    try:
        guidelines.retire_template(by=user, template=template)
    except InvalidTransition as error:
        return conflict(request, error, back)
    messages.success(request, f"The template \u201c{template.name}\u201d is retired.")
    return redirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def template_write(request, pk: int):
    """A post from a template: only its fields filled in, so any other authorized member may approve it (3xx.3)."""
    user = request.user
    template = get_object_or_404(visible_templates(user), pk=pk)
    if not post_permissions.can(user, "create_post"):
        raise PermissionDenied(
            f"Only members with a current authorization draft posts ({user.department.cite('authorized_users')})."
        )
    back = reverse("approvals:guideline", args=[template.guideline_id])
    if template.retired_at:
        return conflict(
            request,
            InvalidTransition(template, "draft", f"The chief retired the template \u201c{template.name}\u201d."),
            back,
        )
    form = TemplateDraftForm(
        request.POST or None, template=template, accounts=guidelines.accounts_for(template.guideline, user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            post = guidelines.draft_from_template(
                by=user, template=template, accounts=form.cleaned_data["accounts"], fields=form.template_fields()
            )
        except InvalidTransition as error:
            return conflict(request, error, back)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"Post #{post.pk} is saved as a draft from the template \u201c{template.name}\u201d."
            )
            return redirect("posts:detail", pk=post.pk)
    return render(
        request,
        "approvals/template_write.html",
        {"form": form, "template": template},
        status=400 if form.errors else 200,
    )


@login_required
def guideline_applicable(request):
    """The guideline for the category the editor has chosen (htmx; issue 16.3: the editor shows it)."""
    user = request.user
    category = request.GET.get("category", "")
    guideline = visible_guidelines(user).filter(category=category).first() if category else None
    return render(request, "approvals/_guideline.html", {"guideline": guideline, "category": category})
