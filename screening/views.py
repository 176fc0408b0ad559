"""Screening in the browser (DESIGN.md "Interfaces"; 3xx.5): the editor's live findings, a finding's override
and false-positive report on the post page, the chief's rules and false-positive reports, the hold terms.

Views fetch through screening.permissions.visible (not there: 404), ask screening.permissions.can
(no: 403) and hand every change to screening.services, whose errors come back as form errors
(ValidationError), the 403 page (PermissionDenied) or the 409 page (InvalidTransition).
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from people.forms import add_service_errors
from posts import permissions as post_permissions
from posts.choices import PostStatus
from posts.forms import normalize_newlines
from posts.views.common import conflict, page_of
from posts.views.posts import get_post, render_post
from socialgov.errors import InvalidTransition

from . import permissions, services
from .choices import Code, Severity
from .engine import rules_for
from .forms import AcceptForm, FalsePositiveForm, HoldForm, MissedForm, OverrideForm, ReleaseForm, RuleForm, lines
from .highlight import pieces
from .models import CaseHold, FalsePositiveReport, Flag, LabelledDraft

# -- what the screener finds in a text, as the editor shows it -------------------------------------------------------


@dataclass
class Screened:
    """The screener's findings on one text, with the text cut into pieces that mark each finding's span.
    `checked` is false for an empty text; `problem` says why the text was not screened."""

    checked: bool = False
    findings: list = field(default_factory=list)
    pieces: list = field(default_factory=list)
    problem: str = ""

    @property
    def blocking(self) -> int:
        return sum(1 for finding in self.findings if finding.severity == Severity.BLOCK)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.blocking


def too_long(text: str) -> str:
    size = len(text.encode("utf-8"))
    if size > services.MAX_TEXT_BYTES:
        return (
            f"The text is too long to check: {size:,} bytes, over the 64 KB the screener reads. "
            "Shorten it; no platform takes a post this long."
        )
    return ""


def screened(department, text: str, category: str = "") -> Screened:
    """Screen `text` as the editor shows it. Line breaks are counted as the saved post counts them, so the
    spans fall where the text shows them."""
    text = normalize_newlines(text or "")
    if problem := too_long(text):
        return Screened(problem=problem)
    if not text.strip():
        return Screened()
    if category not in {c["key"] for c in department.categories}:
        category = ""
    findings = services.screen_text(department, text, category)
    return Screened(checked=True, findings=findings, pieces=pieces(text, findings))


def editor_screening(request, form) -> dict:
    """The editor page's findings on the text in its body field (as first shown, as typed, or as a failed save
    left it): the page shows them without JavaScript, and the live check replaces them as the PIO types."""
    user = request.user
    if not permissions.can(user, "screen"):
        return {}
    body = form["body"].value() if "body" in form.fields else ""
    category = form["category"].value() if "category" in form.fields else ""
    return {"screening": screened(user.department, body or "", category or "")}


def _may_draft(user) -> bool:
    return permissions.can(user, "screen") and post_permissions.can(user, "create_post")


@require_POST
def preview(request):
    """Screen the editor's text as it is typed; nothing is saved. Answers the findings partial (htmx swaps it in
    under the body): 400 with the problem for text over 64 KB, 403 for a member who may not draft."""
    user = request.user
    live = request.headers.get("HX-Request") == "true"
    if not user.is_authenticated:
        if not live:
            return redirect_to_login(request.get_full_path())
        return render(
            request,
            "screening/_findings.html",
            {
                "live": True,
                "screening": Screened(
                    problem="You are signed out, so the text is not being checked. What you typed is still here: "
                    "sign in again in another tab, then keep writing."
                ),
            },
            status=401,
        )
    if not _may_draft(user):
        message = (
            "Only members with a current authorization draft posts "
            f"({user.department.cite('authorized_users') if user.department else '3xx.3'})."
        )
        if not live:
            raise PermissionDenied(message)
        return render(
            request, "screening/_findings.html", {"live": True, "screening": Screened(problem=message)}, status=403
        )
    result = screened(user.department, request.POST.get("body", ""), request.POST.get("category", ""))
    # Asked for outside the editor's live check, the partial carries its own summary line.
    return render(
        request,
        "screening/_findings.html",
        {"live": live, "standalone": not live, "screening": result},
        status=400 if result.problem else 200,
    )


# -- findings on the post page ---------------------------------------------------------------------------------------

OVERRIDABLE = (PostStatus.DRAFT, PostStatus.PENDING, PostStatus.CHANGES_REQUESTED)


@dataclass
class FindingRow:
    number: int
    flag: Flag
    override: object
    may_override: bool
    override_form: OverrideForm | None
    reported: bool
    report_form: FalsePositiveForm | None


def post_findings(request, post, *, bound: dict | None = None) -> dict:
    """The post page's findings on its current revision (3xx.5): each one's override (who, when, why), the
    override form for a supervisor who may clear it and the false-positive report for anyone who sees it.
    `bound` carries a form that failed, keyed by (kind, flag id), back to its row."""
    user = request.user
    bound = bound or {}
    may_report_missed = bool(post.current_revision_id) and permissions.can(user, "report_missed", post)
    missed = {"may_report_missed": may_report_missed, "missed_form": MissedForm(prefix="missed")}
    if not post.current_revision_id:
        return {"findings": [], "withdrawn_findings": [], **missed}
    # Findings withdrawn from the current text (a rule switched off, a hold released): who withdrew each and why
    # (issue 17.5).
    withdrawn = list(
        permissions.visible(
            user, Flag.objects.filter(revision_id=post.current_revision_id, withdrawn_at__isnull=False)
        ).order_by("withdrawn_at", "start", "id")
    )
    flags = list(
        permissions.visible(user, Flag.objects.standing().filter(revision_id=post.current_revision_id))
        .select_related("post", "override__overridden_by")
        .prefetch_related(
            Prefetch(
                "false_positive_reports",
                to_attr="mine",
                queryset=FalsePositiveReport.objects.filter(reported_by_id=user.pk),
            )
        )
        .order_by("start", "end", "id")
    )
    rows = []
    open_for_override = post.status in OVERRIDABLE
    # Whether the member may override depends on the post alone (a supervisor who did not write it).
    may_override = bool(flags) and open_for_override and permissions.can(user, "override_flag", flags[0])
    for number, flag in enumerate(flags, start=1):
        override = flag.override_or_none
        can_override = may_override and override is None
        reported = bool(flag.mine)
        rows.append(
            FindingRow(
                number=number,
                flag=flag,
                override=override,
                may_override=can_override,
                override_form=(bound.get(("override", flag.pk)) or OverrideForm(prefix=f"flag-{flag.pk}"))
                if can_override
                else None,
                reported=reported,
                report_form=None
                if reported or not permissions.can(user, "report_false_positive", flag)
                else bound.get(("report", flag.pk)) or FalsePositiveForm(prefix=f"report-{flag.pk}"),
            )
        )
    return {
        "withdrawn_findings": withdrawn,
        "findings": rows,
        "finding_pieces": pieces(post.body, flags) if flags else [],
        "blocking_findings": sum(1 for row in rows if row.override is None and row.flag.severity == Severity.BLOCK),
        **missed,
    }


def visible_flag(user, pk: int) -> Flag:
    """The finding, if the member sees it (404 if not)."""
    return get_object_or_404(permissions.visible(user, Flag.objects.select_related("post", "department")), pk=pk)


def post_page_with(request, flag, kind: str, form):
    """The post page again, with the finding's form that failed and what was wrong with it."""
    return render_post(request, get_post(request.user, flag.post_id), findings_bound={(kind, flag.pk): form})


@login_required
@require_POST
def flag_report(request, pk: int):
    """Any member who sees a finding may report it as a false positive; the chief reads the reports."""
    user = request.user
    flag = visible_flag(user, pk)
    back = reverse("posts:detail", args=[flag.post_id])
    form = FalsePositiveForm(request.POST, prefix=f"report-{flag.pk}")
    if not form.is_valid():
        return post_page_with(request, flag, "report", form)
    try:
        services.report_false_positive(by=user, flag=flag, note=form.cleaned_data["note"])
    except InvalidTransition as error:
        return conflict(request, error, back)
    except ValidationError as error:
        add_service_errors(form, error)
        return post_page_with(request, flag, "report", form)
    messages.success(
        request,
        f"The finding “{flag.excerpt}” is reported as a false positive; the chief reviews "
        "these reports to tune the rules.",
    )
    return redirect(back)


# -- the chief's rules -----------------------------------------------------------------------------------------------


def _rules_page(request, bound: dict | None = None, status: int = 200):
    user = request.user
    department = user.department
    may_edit = permissions.can(user, "edit_rules", department)
    bound = bound or {}
    reports = {}
    if may_edit:
        reports = dict(
            permissions.visible(user, FalsePositiveReport.objects.all())
            .order_by()
            .values_list("flag__code")
            .annotate(n=Count("pk"))
        )
    rules = []
    for rule in rules_for(department):
        form = None
        if may_edit:
            form = bound.get(rule.code) or RuleForm(initial=RuleForm.initial_for(rule), prefix=rule.code)
        rules.append({"rule": rule, "form": form, "reports": reports.get(rule.code, 0)})
    return render(request, "screening/rules.html", {"rules": rules, "may_edit": may_edit}, status=status)


@login_required
def rule_list(request):
    """Every member of the department reads the rules their drafts are screened by (3xx.5); the chief changes them."""
    permissions.require(request.user, "view_rules", None, "Only a member of a department reads its screening rules.")
    return _rules_page(request)


@login_required
@require_POST
def rule_update(request, code: str):
    user = request.user
    permissions.require(user, "view_rules", None, "Only a member of a department reads its screening rules.")
    if code not in Code.values:
        raise Http404
    department = user.department
    permissions.require(user, "edit_rules", department, "Only the chief of police changes the screening rules.")
    form = RuleForm(request.POST, prefix=code)
    if form.is_valid():
        try:
            rule = services.update_rule(by=user, department=department, code=code, **form.changes())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            state = "on" if rule.enabled else "off"
            messages.success(
                request,
                f"{rule.name} ({rule.citation}) is {state}, severity {rule.severity}. "
                "Drafts waiting for approval are screened again under it.",
            )
            return redirect(f"{reverse('screening:rules')}#rule-{code}")
    return _rules_page(request, {code: form})


@login_required
def false_positives(request):
    """Findings members reported as false positives, newest first: the chief's to tune the rules (3xx.5)."""
    user = request.user
    permissions.require(
        user, "view_false_positive_reports", None, "Only the chief of police reviews false-positive reports."
    )
    reports = permissions.visible(
        user,
        FalsePositiveReport.objects.select_related("reported_by", "flag__revision", "flag__override__overridden_by"),
    )
    return render(request, "screening/false_positives.html", {"page": page_of(request, reports)})


# -- reports that label drafts, and the department's corpus (issue 13.3) --------------------------------------------


@login_required
@require_POST
def report_missed(request, pk: int):
    """A supervisor reports a code the screener did not find on a post's current text."""
    from posts.views.posts import get_post  # posts' views sit above screening's; the post page owns the lookup

    user = request.user
    post = get_post(user, pk)
    back = reverse("posts:detail", args=[post.pk])
    permissions.require(user, "report_missed", post, "Only a supervisor or the chief reports what the screener missed.")
    form = MissedForm(request.POST, prefix="missed")
    if not form.is_valid():
        return HttpResponseBadRequest(
            render_to_string("screening/_form_problem.html", {"form": form, "back": back}, request)
        )
    try:
        services.report_missed(by=user, post=post, code=form.cleaned_data["code"], note=form.cleaned_data["note"])
    except InvalidTransition as error:
        return conflict(request, error, back)
    except ValidationError as error:
        add_service_errors(form, error)
        return HttpResponseBadRequest(
            render_to_string("screening/_form_problem.html", {"form": form, "back": back}, request)
        )
    messages.success(
        request,
        f"Reported as missed ({Code(form.cleaned_data['code']).label}): the chief decides "
        "whether the text joins the department's corpus.",
    )
    return redirect(back)


def _require_corpus(user):
    permissions.require(
        user,
        "decide_labelled_drafts",
        None,
        "Only the chief of police decides what joins the department's screening corpus.",
    )


@login_required
def corpus(request):
    """The chief's page: reported drafts waiting for a decision, and the department's corpus (accepted)."""
    user = request.user
    _require_corpus(user)
    drafts = permissions.visible(user, LabelledDraft.objects.select_related("reported_by", "decided_by"))
    proposed = [
        (draft, AcceptForm(prefix=f"draft-{draft.pk}", initial={"expect": draft.expect}))
        for draft in drafts.filter(status="proposed")
    ]
    return render(
        request,
        "screening/corpus.html",
        {
            "proposed": proposed,
            "accepted": drafts.filter(status="accepted"),
            "rejected": drafts.filter(status="rejected").count(),
        },
    )


@login_required
@require_POST
def labelled_draft_decide(request, pk: int, decision: str):
    user = request.user
    if decision not in ("accept", "reject"):
        raise Http404
    _require_corpus(user)
    draft = get_object_or_404(permissions.visible(user, LabelledDraft.objects.all()), pk=pk)
    back = reverse("screening:corpus")
    form = AcceptForm(request.POST, prefix=f"draft-{draft.pk}")
    if decision == "accept" and not form.is_valid():
        return HttpResponseBadRequest(
            render_to_string("screening/_form_problem.html", {"form": form, "back": back}, request)
        )
    try:
        services.decide_labelled_draft(
            by=user,
            draft=draft,
            accept=decision == "accept",
            expect=form.cleaned_data["expect"] if decision == "accept" else None,
        )
    except InvalidTransition as error:
        return conflict(request, error, back)
    messages.success(
        request,
        f"Report #{draft.pk} is {'accepted into' if decision == 'accept' else 'kept out of'} the department's corpus.",
    )
    return redirect(back)


# -- hold terms ------------------------------------------------------------------------------------------------------

HOLDS_REFUSED = "Only a supervisor or the chief sees and keeps hold terms ({cite})."


def _require_holds(user, hold=None):
    cite = user.department.cite("prohibited") if user.department else "3xx.5"
    permissions.require(user, "manage_holds", hold, HOLDS_REFUSED.format(cite=cite))


def _holds_page(request, form=None, release_forms=None, status: int = 200):
    user = request.user
    holds = permissions.visible(user, CaseHold.objects.select_related("created_by", "released_by"))
    active = page_of(request, holds.filter(released_at__isnull=True))
    released = Paginator(holds.filter(released_at__isnull=False).order_by("-released_at", "-id"), 50).get_page(
        request.GET.get("released_page")
    )
    release_forms = release_forms or {}
    for hold in active.object_list:
        hold.release_form = release_forms.get(hold.pk) or ReleaseForm(prefix=f"hold-{hold.pk}")
    return render(
        request,
        "screening/holds.html",
        {
            "page": active,
            "released": released,
            "form": form or HoldForm(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def holds(request):
    """Register hold terms for an open case, list active and released holds (3xx.5(c))."""
    user = request.user
    _require_holds(user)
    if request.method == "GET":
        return _holds_page(request)
    form = HoldForm(request.POST)
    if form.is_valid():
        try:
            hold = services.register_hold(
                by=user, case_number=form.cleaned_data["case_number"], terms=lines(form.cleaned_data["terms"])
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            count = len(hold.terms)
            messages.success(
                request,
                f"Case {hold.case_number} is on hold with {count} term{'s' if count != 1 else ''}"
                " besides its number. Drafts that mention them are blocked until you release it.",
            )
            return redirect("screening:holds")
    return _holds_page(request, form=form)


@login_required
@require_POST
def hold_release(request, pk: int):
    user = request.user
    hold = get_object_or_404(permissions.visible(user, CaseHold.objects.all()), pk=pk)
    _require_holds(user, hold)
    form = ReleaseForm(request.POST, prefix=f"hold-{hold.pk}")
    if not form.is_valid():
        return _holds_page(request, release_forms={hold.pk: form})
    try:
        hold = services.release_hold(by=user, hold=hold, note=form.cleaned_data["note"])
    except InvalidTransition as error:
        return conflict(request, error, reverse("screening:holds"))
    messages.success(request, f"The hold on case {hold.case_number} is released: drafts may mention its terms.")
    return redirect("screening:holds")
