"""The conduct pages (issue 15): acknowledgments, permission requests, personal-use reviews, reports of members'
postings and background investigations. Views fetch through conduct.permissions.visible (not there: 404), ask
the door for pages (403) and let conduct.services decide: a ValidationError goes back on the form (400), an
InvalidTransition is the 409 page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from people.forms import add_service_errors
from people.models import Member
from posts.views.common import next_or
from socialgov.query import MAX_ID

from . import exports, forms, permissions, policy, services
from .choices import PermissionKind, PermissionStatus, ReviewStatus
from .models import Candidate, ConductReview, MemberReport, PermissionRequest, VettingRound, sha256_text
from .signals import PENDING


def _require(allowed: bool, why: str):
    if not allowed:
        raise PermissionDenied(why)


def _attempt(form, call):
    """Run the service with the form's data; (result, None) or (None, the form with the service's errors)."""
    try:
        return call(form.cleaned_data), None
    except ValidationError as error:
        add_service_errors(form, error)
        return None, form


# Home and acknowledgments ------------------------------------------------------------------------------------


@login_required
def home(request):
    user = request.user
    _require(permissions.any_member(user), "Only a member of a department has conduct records.")
    version = policy.current_version(user.department)
    requests = permissions.visible(user, PermissionRequest.objects.select_related("requester", "subject_member"))
    return render(
        request,
        "conduct/home.html",
        {
            "version": version,
            "owed": policy.needs_acknowledgment(user),
            "my_requests": [r for r in requests if r.requester_id == user.pk],
            "about_me": [r for r in requests if r.subject_member_id == user.pk],
            "to_decide": [
                r
                for r in requests
                if r.status == PermissionStatus.SUBMITTED and permissions.can(user, "decide_request", r)
            ],
            "my_grants": [r for r in requests if r.requester_id == user.pk and r.status == PermissionStatus.GRANTED],
            "reports": permissions.visible(user, MemberReport.objects.select_related("reporter")),
            "may_see_pending": permissions.can(user, "see_pending"),
            "may_see_reviews": permissions.may_see_reviews(user),
            "may_vet": permissions.hiring(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def acknowledge(request):
    """The version in force (or the changes since the version last signed), its hash, and the signature."""
    user = request.user
    _require(permissions.any_member(user), "Only a member of a department acknowledges its policy.")
    version = policy.current_version(user.department)
    owed = policy.needs_acknowledgment(user)
    shown, text = policy.shown_to(user, version) if version else ("text", "")
    form = forms.AcknowledgeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            done, form = _attempt(
                form,
                lambda d: services.acknowledge(
                    by=user, version=version.version if version else 0, signature=d["signature"]
                ),
            )
            if done:
                request.session.pop(PENDING, None)
                messages.success(request, f"You acknowledged version {version.version} of the social media policy.")
                return redirect(next_or(request, reverse("conduct:home")))
    return render(
        request,
        "conduct/acknowledge.html",
        {
            "version": version,
            "owed": owed,
            "shown": shown,
            "text": text,
            "shown_sha256": sha256_text(text),
            "form": form,
            "next": request.GET.get("next") or request.POST.get("next", ""),
        },
        status=status,
    )


@login_required
def pending(request):
    """Who has not acknowledged the version in force, and since when (the chief's list)."""
    user = request.user
    _require(permissions.can(user, "see_pending"), "The chief sees who has not acknowledged the policy.")
    version = policy.current_version(user.department)
    rows = (
        [
            {"member": m, "since": policy.pending_since(m, version)}
            for m in services.pending_members(user.department, version)
        ]
        if version
        else []
    )
    return render(request, "conduct/pending.html", {"version": version, "rows": rows})


def _member_record(request, pk):
    user = request.user
    if not permissions.any_member(user):
        raise Http404
    subject = get_object_or_404(Member.objects.filter(department_id=user.department_id), pk=pk)
    _require(
        permissions.can(user, "see_member_record", subject),
        "A member's conduct record is theirs, the chief's, the designees' and the records custodian's.",
    )
    return subject


@login_required
def member_record(request, pk: int):
    """The member's acknowledgments and permissions, every grant with its expiry (linked from the member page)."""
    subject = _member_record(request, pk)
    return render(request, "conduct/member_record.html", {"subject": subject, **exports.member_record(subject)})


@login_required
def member_export(request, pk: int):
    """The member's conduct records as JSON, for the member's export."""
    subject = _member_record(request, pk)
    response = JsonResponse(exports.member_export(subject), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="conduct-member-{subject.pk}.json"'
    return response


# Permission requests ----------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request):
    user = request.user
    _require(permissions.can(user, "request_permission"), "Only a member of a department asks for permission.")
    form = forms.PermissionRequestForm(request.POST or None, by=user)
    if request.method == "POST":
        if form.is_valid():
            made, form = _attempt(form, lambda d: services.request_permission(by=user, **d))
            if made:
                messages.success(request, f"Permission request #{made.pk} is sent ({made.citation}).")
                return redirect("conduct:request", pk=made.pk)
        return render(request, "conduct/request_form.html", {"form": form}, status=400)
    return render(request, "conduct/request_form.html", {"form": form, "kinds": PermissionKind})


def _request_page(request, item, forms_=None, status=200):
    user = request.user
    open_ = item.status == PermissionStatus.SUBMITTED
    awaiting = item.status == PermissionStatus.AWAITING_CONSENT
    return render(
        request,
        "conduct/request_detail.html",
        {
            "item": item,
            "may_decide": open_ and permissions.can(user, "decide_request", item),
            "may_answer": awaiting and permissions.can(user, "answer_consent", item),
            "may_revoke": item.kind == PermissionKind.ABOUT_MEMBER
            and item.status == PermissionStatus.GRANTED
            and permissions.can(user, "answer_consent", item),
            "grant_form": forms.GrantForm(),
            "decline_form": forms.ReasonForm(),
            "refuse_form": forms.OptionalReasonForm(),
            **(forms_ or {}),
        },
        status=status,
    )


def _visible_request(user, pk):
    return get_object_or_404(
        permissions.visible(
            user, PermissionRequest.objects.select_related("requester", "subject_member", "decided_by")
        ),
        pk=pk,
    )


@login_required
def request_detail(request, pk: int):
    return _request_page(request, _visible_request(request.user, pk))


def _decide(request, pk, form_class, form_name, call, done):
    item = _visible_request(request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        made, form = _attempt(form, lambda d: call(item, d))
        if made:
            messages.success(request, f"Permission request #{made.pk} {done}.")
            return redirect("conduct:request", pk=made.pk)
    return _request_page(request, item, {form_name: form}, status=400)


@login_required
@require_POST
def request_grant(request, pk: int):
    return _decide(
        request,
        pk,
        forms.GrantForm,
        "grant_form",
        lambda item, d: services.grant(by=request.user, request=item, **d),
        "is granted",
    )


@login_required
@require_POST
def request_decline(request, pk: int):
    return _decide(
        request,
        pk,
        forms.ReasonForm,
        "decline_form",
        lambda item, d: services.decline(by=request.user, request=item, **d),
        "is declined",
    )


@login_required
@require_POST
def request_consent(request, pk: int):
    item = services.consent(by=request.user, request=_visible_request(request.user, pk))
    messages.success(request, f"You consented to request #{item.pk}; you may revoke it here.")
    return redirect("conduct:request", pk=item.pk)


@login_required
@require_POST
def request_refuse(request, pk: int):
    return _decide(
        request,
        pk,
        forms.OptionalReasonForm,
        "refuse_form",
        lambda item, d: services.refuse(by=request.user, request=item, **d),
        "is refused",
    )


@login_required
@require_POST
def request_revoke(request, pk: int):
    item = services.revoke_consent(by=request.user, request=_visible_request(request.user, pk))
    messages.success(request, f"You revoked your consent to request #{item.pk}.")
    return redirect("conduct:request", pk=item.pk)


# Reports of members' postings (V.B.2) -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request):
    user = request.user
    _require(permissions.can(user, "report"), "Only a member of a department reports to its supervisors.")
    form = forms.ReportForm(request.POST or None, by=user)
    if request.method == "POST":
        if form.is_valid():
            made, form = _attempt(form, lambda d: services.report_posting(by=user, **d))
            if made:
                messages.success(request, f"Report #{made.pk} went to {made.supervisor.display_name}, confidentially.")
                return redirect("conduct:report", pk=made.pk)
        return render(request, "conduct/report_form.html", {"form": form}, status=400)
    return render(request, "conduct/report_form.html", {"form": form})


@login_required
def report_detail(request, pk: int):
    user = request.user
    report = get_object_or_404(
        permissions.visible(user, MemberReport.objects.select_related("reporter", "supervisor", "subject_member")),
        pk=pk,
    )
    return render(
        request,
        "conduct/report_detail.html",
        {"report": report, "may_open_review": permissions.can(user, "open_review_from_report", report)},
    )


# Personal-use reviews (V.B.1) -------------------------------------------------------------------------------


@login_required
def review_list(request):
    user = request.user
    _require(
        permissions.may_see_reviews(user),
        "Reviews are confidential to the chief, the reviewing supervisor and internal affairs.",
    )
    reviews = list(permissions.visible(user, ConductReview.objects.select_related("supervisor")))
    for review in reviews:
        services.read_review(by=user, review=review, via="list")
    return render(
        request, "conduct/review_list.html", {"reviews": reviews, "may_open": permissions.can(user, "open_review")}
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_create(request):
    user = request.user
    _require(permissions.can(user, "open_review"), "A supervisor starts a review of members' postings.")
    report = None
    report_id = request.POST.get("report") or request.GET.get("report")
    if report_id:
        if not report_id.isdigit() or int(report_id) > MAX_ID:
            raise Http404
        report = get_object_or_404(permissions.visible(user, MemberReport.objects.all()), pk=int(report_id))
    form = forms.ReviewForm(
        request.POST or None, by=user, initial={"report": report_id, "kind": "for_cause"} if report else None
    )
    if request.method == "POST":
        if form.is_valid():
            made, form = _attempt(
                form,
                lambda d: services.open_review(
                    by=user,
                    kind=d["kind"],
                    sample_size=d["sample_size"],
                    seed=d["seed"] or None,
                    reason=d["reason"],
                    report=report,
                    members=list(d["members"]),
                ),
            )
            if made:
                messages.success(request, f"Review #{made.pk} is open.")
                return redirect("conduct:review", pk=made.pk)
        return render(request, "conduct/review_form.html", {"form": form, "report": report}, status=400)
    return render(request, "conduct/review_form.html", {"form": form, "report": report})


def _visible_review(user, pk):
    return get_object_or_404(
        permissions.visible(user, ConductReview.objects.select_related("supervisor", "report")), pk=pk
    )


def _review_page(request, review, forms_=None, status=200):
    user = request.user
    services.read_review(by=user, review=review, via="page")
    may_work = review.status == ReviewStatus.OPEN and permissions.can(user, "work_review", review)
    return render(
        request,
        "conduct/review_detail.html",
        {
            "review": review,
            "members": review.members.order_by("last_name", "first_name"),
            "entries": review.entries.select_related("member", "recorded_by"),
            "may_work": may_work,
            "entry_form": forms.EntryForm(review=review),
            "close_form": forms.CloseReviewForm(),
            **(forms_ or {}),
        },
        status=status,
    )


@login_required
def review_detail(request, pk: int):
    return _review_page(request, _visible_review(request.user, pk))


@login_required
@require_POST
def review_entry(request, pk: int):
    review = _visible_review(request.user, pk)
    form = forms.EntryForm(request.POST, review=review)
    if form.is_valid():
        made, form = _attempt(form, lambda d: services.add_entry(by=request.user, review=review, **d))
        if made:
            messages.success(request, "Recorded, with its hash.")
            return redirect("conduct:review", pk=review.pk)
    return _review_page(request, review, {"entry_form": form}, status=400)


@login_required
@require_POST
def review_close(request, pk: int):
    review = _visible_review(request.user, pk)
    form = forms.CloseReviewForm(request.POST)
    if form.is_valid():
        made, form = _attempt(form, lambda d: services.close_review(by=request.user, review=review, **d))
        if made:
            messages.success(request, f"Review #{made.pk} is closed: {made.get_outcome_display()}.")
            return redirect("conduct:review", pk=review.pk)
    return _review_page(request, review, {"close_form": form}, status=400)


# Background investigations (IV.D) ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def vetting_list(request):
    user = request.user
    _require(permissions.hiring(user), "Background investigations are confidential to the hiring roles.")
    form = forms.RoundForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            made, form = _attempt(form, lambda d: services.create_round(by=user, **d))
            if made:
                messages.success(request, f"Round {made.name} is created.")
                return redirect("conduct:round", pk=made.pk)
        status = 400
    else:
        status = 200
    rounds = permissions.visible(user, VettingRound.objects.all())
    return render(request, "conduct/vetting_list.html", {"rounds": rounds, "form": form}, status=status)


def _visible_round(user, pk):
    return get_object_or_404(permissions.visible(user, VettingRound.objects.all()), pk=pk)


def _round_page(request, round_, forms_=None, status=200):
    return render(
        request,
        "conduct/round_detail.html",
        {
            "round": round_,
            "report": services.round_report(round_),
            "checklist_form": forms.ChecklistForm(
                initial={"checklist": "\n".join(c["label"] for c in round_.checklist)}
            ),
            "candidate_form": forms.CandidateForm(),
            **(forms_ or {}),
        },
        status=status,
    )


@login_required
def round_detail(request, pk: int):
    return _round_page(request, _visible_round(request.user, pk))


@login_required
@require_POST
def round_checklist(request, pk: int):
    round_ = _visible_round(request.user, pk)
    form = forms.ChecklistForm(request.POST)
    if form.is_valid():
        made, form = _attempt(form, lambda d: services.change_checklist(by=request.user, round=round_, **d))
        if made:
            messages.success(request, "The checklist is changed.")
            return redirect("conduct:round", pk=round_.pk)
    return _round_page(request, round_, {"checklist_form": form}, status=400)


@login_required
@require_POST
def round_candidate(request, pk: int):
    round_ = _visible_round(request.user, pk)
    form = forms.CandidateForm(request.POST)
    if form.is_valid():
        made, form = _attempt(form, lambda d: services.add_candidate(by=request.user, round=round_, **d))
        if made:
            return redirect("conduct:candidate", pk=made.pk)
    return _round_page(request, round_, {"candidate_form": form}, status=400)


def _visible_candidate(user, pk):
    return get_object_or_404(permissions.visible(user, Candidate.objects.select_related("round")), pk=pk)


def _candidate_page(request, candidate, forms_=None, status=200):
    return render(
        request,
        "conduct/candidate_detail.html",
        {
            "candidate": candidate,
            "round": candidate.round,
            "searches": candidate.searches.select_related("performed_by"),
            "information": candidate.information.all(),
            "search_form": forms.SearchForm(round=candidate.round),
            "information_form": forms.InformationForm(),
            **(forms_ or {}),
        },
        status=status,
    )


@login_required
def candidate_detail(request, pk: int):
    return _candidate_page(request, _visible_candidate(request.user, pk))


@login_required
@require_POST
def candidate_search(request, pk: int):
    candidate = _visible_candidate(request.user, pk)
    form = forms.SearchForm(request.POST, round=candidate.round)
    if form.is_valid():
        made, form = _attempt(
            form,
            lambda d: services.record_search(
                by=request.user,
                candidate=candidate,
                check_key=d["check"],
                method=d["method"],
                lawful_attested=d["lawful_attested"],
            ),
        )
        if made:
            return redirect("conduct:candidate", pk=candidate.pk)
    return _candidate_page(request, candidate, {"search_form": form}, status=400)


@login_required
@require_POST
def candidate_information(request, pk: int):
    candidate = _visible_candidate(request.user, pk)
    form = forms.InformationForm(request.POST)
    if form.is_valid():
        made, form = _attempt(form, lambda d: services.record_information(by=request.user, candidate=candidate, **d))
        if made:
            return redirect("conduct:candidate", pk=candidate.pk)
    return _candidate_page(request, candidate, {"information_form": form}, status=400)
