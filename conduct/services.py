"""Every transition of the conduct records (issue 15; STYLE.md §1): each checks its source state (409),
the door (403), its input (400 naming the field), and writes its audit event in the same transaction.
The browser views, the API and the beat jobs all call these."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audits.models import AuditEvent
from people.models import Member
from socialgov.errors import InvalidTransition

from . import draw, notify, permissions
from .choices import PermissionKind, PermissionStatus, ReportStatus, ReviewKind, ReviewOutcome, ReviewStatus, Validation
from .models import (
    Candidate,
    ConductReview,
    MemberReport,
    PermissionRequest,
    PolicyAcknowledgment,
    PolicyVersion,
    ReviewEntry,
    VettingInformation,
    VettingRound,
    VettingSearch,
    sha256_text,
)
from .policy import conduct_settings, current_version, shown_to


def cite(department, key: str) -> str:
    """The clause a conduct record cites: the pack's [conduct] table (the general policy's numbers), else the
    pack's section on personal use."""
    return conduct_settings(department).get(key) or department.cite("personal_use") or "department practice"


def _check(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _blank(value) -> bool:
    return not (value or "").strip()


# Policy acknowledgments (issue 15.1) -----------------------------------------------------------------------


def _normal(name: str) -> str:
    return " ".join((name or "").split()).casefold()


@transaction.atomic
def acknowledge(*, by: Member, version: int, signature: str) -> PolicyAcknowledgment:
    """The member signs the version in force: the name typed, the time, the hash of the text shown."""
    if not permissions.can(by, "acknowledge"):
        raise PermissionDenied("Only a member of a department acknowledges its policy.")
    current = current_version(by.department)
    errors = {}
    if current is None:
        errors["version"] = ["The department has no policy version in force yet."]
    elif version != current.version:
        errors["version"] = [f"Acknowledge the version in force, version {current.version}."]
    _check(errors)
    Member.objects.select_for_update().filter(pk=by.pk).first()  # one signature at a time per member
    if PolicyAcknowledgment.objects.filter(member=by, version=current).exists():
        raise InvalidTransition(current, "acknowledge", f"You have already acknowledged version {current.version}.")
    expected = by.get_full_name() or by.username
    if _blank(signature):
        _check({"signature": ["Type your name to sign."]})
    if _normal(signature) != _normal(expected):
        _check({"signature": [f"Type your name as the department has it: {expected}."]})
    shown, text = shown_to(by, current)
    acknowledgment = PolicyAcknowledgment.objects.create(
        department=by.department,
        member=by,
        version=current,
        signature=signature.strip(),
        shown=shown,
        shown_sha256=sha256_text(text),
        acknowledged_at=timezone.now(),
    )
    AuditEvent.record(
        actor=by,
        action="conduct.acknowledge",
        target=acknowledgment,
        after={
            "version": current.version,
            "version_sha256": current.sha256,
            "signature": acknowledgment.signature,
            "shown": shown,
            "shown_sha256": acknowledgment.shown_sha256,
        },
    )
    return acknowledgment


def pending_members(department, version: PolicyVersion | None = None):
    """Active members who have not signed the version in force (none without a version)."""
    version = version or current_version(department)
    if version is None:
        return Member.objects.none()
    return (
        Member.objects.filter(department=department, is_active=True)
        .exclude(policy_acknowledgments__version=version)
        .order_by("last_name", "first_name", "pk")
    )


# Permission requests (issue 15.2) --------------------------------------------------------------------------


def _request_snapshot(request: PermissionRequest) -> dict:
    return {
        field: getattr(request, field)
        for field in (
            "kind",
            "subject_member_id",
            "description",
            "platform",
            "url",
            "until",
            "status",
            "citation",
            "conditions",
            "expires_on",
            "reason",
            "decided_by_id",
        )
    }


@transaction.atomic
def request_permission(
    *,
    by: Member,
    kind: str,
    description: str,
    until: date,
    platform: str = "",
    url: str = "",
    subject_member: Member | None = None,
) -> PermissionRequest:
    if not permissions.can(by, "request_permission"):
        raise PermissionDenied("Only a member of a department asks its chief for permission.")
    errors = {}
    if kind not in PermissionKind.values:
        errors["kind"] = [f"Choose one of: {', '.join(PermissionKind.values)}."]
    if _blank(description):
        errors["description"] = ["Say what you would post, and why."]
    if until is None:
        errors["until"] = ["Say until when you ask for it."]
    elif until < timezone.localdate():
        errors["until"] = ["The date is past."]
    if kind == PermissionKind.ABOUT_MEMBER:
        if subject_member is None:
            errors["subject_member"] = ["Name the member you would post about: they are asked for consent."]
        elif subject_member.department_id != by.department_id or not subject_member.is_active:
            errors["subject_member"] = ["No active member of your department has that id."]
        elif subject_member.pk == by.pk:
            errors["subject_member"] = ["You do not need your own consent."]
    elif subject_member is not None:
        errors["subject_member"] = ["Only a request to post about another member names one."]
    _check(errors)
    request = PermissionRequest.objects.create(
        department=by.department,
        requester=by,
        kind=kind,
        subject_member=subject_member,
        description=description.strip(),
        platform=(platform or "").strip(),
        url=url or "",
        until=until,
        citation=cite(by.department, kind),
        status=PermissionStatus.AWAITING_CONSENT if kind == PermissionKind.ABOUT_MEMBER else PermissionStatus.SUBMITTED,
    )
    event = AuditEvent.record(
        actor=by, action="conduct.permission.request", target=request, after=_request_snapshot(request)
    )
    notify.permission_requested(request, event)
    return request


def _lock_request(request: PermissionRequest) -> PermissionRequest:
    return PermissionRequest.objects.select_for_update().get(pk=request.pk)


def _change(by, request, action: str, **fields) -> PermissionRequest:
    before = _request_snapshot(request)
    for name, value in fields.items():
        setattr(request, name, value)
    request.save()
    request.event = AuditEvent.record(
        actor=by, action=f"conduct.permission.{action}", target=request, before=before, after=_request_snapshot(request)
    )
    return request


@transaction.atomic
def grant(*, by: Member, request: PermissionRequest, expires_on: date, conditions: str = "") -> PermissionRequest:
    request = _lock_request(request)
    if request.status != PermissionStatus.SUBMITTED:
        raise InvalidTransition(request, "grant", f"This request is {request.get_status_display().lower()}.")
    if not permissions.can(by, "decide_request", request):
        raise PermissionDenied(f"The chief of police or a designee decides this request ({request.citation}).")
    if expires_on is None:
        _check({"expires_on": ["A grant needs an expiry date."]})
    if expires_on < timezone.localdate():
        _check({"expires_on": ["The expiry date is past."]})
    request = _change(
        by,
        request,
        "grant",
        status=PermissionStatus.GRANTED,
        conditions=(conditions or "").strip(),
        expires_on=expires_on,
        decided_by=by,
        decided_at=timezone.now(),
    )
    notify.permission_decided(request, request.event, by=by)
    return request


@transaction.atomic
def decline(*, by: Member, request: PermissionRequest, reason: str) -> PermissionRequest:
    request = _lock_request(request)
    if request.status != PermissionStatus.SUBMITTED:
        raise InvalidTransition(request, "decline", f"This request is {request.get_status_display().lower()}.")
    if not permissions.can(by, "decide_request", request):
        raise PermissionDenied(f"The chief of police or a designee decides this request ({request.citation}).")
    if _blank(reason):
        _check({"reason": ["Say why the request is declined."]})
    request = _change(
        by,
        request,
        "decline",
        status=PermissionStatus.DECLINED,
        reason=reason.strip(),
        decided_by=by,
        decided_at=timezone.now(),
        closed_at=timezone.now(),
    )
    notify.permission_decided(request, request.event, by=by)
    return request


def _consent_door(by, request, verb):
    if not permissions.can(by, "answer_consent", request):
        raise PermissionDenied(f"Only the member the request is about {verb} it ({request.citation}).")


@transaction.atomic
def consent(*, by: Member, request: PermissionRequest) -> PermissionRequest:
    """The member posted about consents (V.A.8.a): the request is granted until its date."""
    request = _lock_request(request)
    if request.status != PermissionStatus.AWAITING_CONSENT:
        raise InvalidTransition(request, "consent", f"This request is {request.get_status_display().lower()}.")
    _consent_door(by, request, "consents to")
    request = _change(
        by,
        request,
        "consent",
        status=PermissionStatus.GRANTED,
        expires_on=request.until,
        decided_by=by,
        decided_at=timezone.now(),
    )
    notify.permission_decided(request, request.event, by=by)
    return request


@transaction.atomic
def refuse(*, by: Member, request: PermissionRequest, reason: str = "") -> PermissionRequest:
    """A refusal ends the request."""
    request = _lock_request(request)
    if request.status != PermissionStatus.AWAITING_CONSENT:
        raise InvalidTransition(request, "refuse", f"This request is {request.get_status_display().lower()}.")
    _consent_door(by, request, "refuses")
    request = _change(
        by,
        request,
        "refuse",
        status=PermissionStatus.REFUSED,
        reason=(reason or "").strip(),
        decided_by=by,
        decided_at=timezone.now(),
        closed_at=timezone.now(),
    )
    notify.permission_decided(request, request.event, by=by)
    return request


@transaction.atomic
def revoke_consent(*, by: Member, request: PermissionRequest) -> PermissionRequest:
    request = _lock_request(request)
    _consent_door(by, request, "revokes consent to")  # before the state: a request not about you is not yours
    if request.kind != PermissionKind.ABOUT_MEMBER or request.status != PermissionStatus.GRANTED:
        raise InvalidTransition(request, "revoke", "Only a consent in force can be revoked.")
    request = _change(by, request, "revoke", status=PermissionStatus.REVOKED, closed_at=timezone.now())
    notify.permission_decided(request, request.event, by=by)
    return request


def expire_grants(today: date | None = None) -> int:
    """Grants whose expiry date has come end (the beat job). Each is claimed with a conditional update, so two
    runs expire it once."""
    today = today or timezone.localdate()
    expired = 0
    due = PermissionRequest.objects.filter(status=PermissionStatus.GRANTED, expires_on__lte=today)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            claimed = PermissionRequest.objects.filter(pk=pk, status=PermissionStatus.GRANTED).update(
                status=PermissionStatus.EXPIRED, closed_at=timezone.now()
            )
            if claimed != 1:
                continue
            request = PermissionRequest.objects.select_related("department", "requester").get(pk=pk)
            event = AuditEvent.record(
                actor=None,
                action="conduct.permission.expire",
                target=request,
                before={"status": PermissionStatus.GRANTED},
                after={"status": request.status, "expires_on": request.expires_on},
            )
            notify.permission_expired(request, event)
            expired += 1
    return expired


# Reports of members' postings (issue 15.4) -----------------------------------------------------------------


@transaction.atomic
def report_posting(*, by: Member, url: str, description: str, subject_member: Member | None = None) -> MemberReport:
    if not permissions.can(by, "report"):
        raise PermissionDenied("Only a member of a department reports to its supervisors.")
    errors = {}
    if _blank(url):
        errors["url"] = ["Give the address of the posting or page."]
    if _blank(description):
        errors["description"] = ["Say what in it violates the policy."]
    if subject_member is not None and subject_member.department_id != by.department_id:
        errors["subject_member"] = ["No member of your department has that id."]
    supervisor = by.supervisor
    if supervisor is None or not supervisor.is_active:
        supervisor = (
            Member.objects.filter(department=by.department, is_active=True, groups__name="Chief of Police")
            .exclude(pk=by.pk)
            .first()
        )
    if supervisor is None:
        errors["supervisor"] = ["You have no supervisor on record and the department no chief to report to."]
    _check(errors)
    report = MemberReport.objects.create(
        department=by.department,
        reporter=by,
        supervisor=supervisor,
        subject_member=subject_member,
        url=url,
        description=description.strip(),
    )
    event = AuditEvent.record(
        actor=by,
        action="conduct.report.create",
        target=report,
        after={"supervisor": supervisor.pk, "subject_member": getattr(subject_member, "pk", None), "url": url},
    )
    notify.report_filed(report, event)
    return report


# Personal-use reviews (issue 15.3) -------------------------------------------------------------------------


def _review_snapshot(review: ConductReview) -> dict:
    return {
        "kind": review.kind,
        "seed": review.seed,
        "sample_size": review.sample_size,
        "population_size": len(review.population),
        "members": sorted(review.members.values_list("pk", flat=True)),
        "reason": review.reason,
        "report": review.report_id,
        "status": review.status,
        "outcome": review.outcome,
    }


@transaction.atomic
def open_review(
    *,
    by: Member,
    kind: str,
    sample_size: int | None = None,
    seed: str | None = None,
    reason: str = "",
    report: MemberReport | None = None,
    members=(),
) -> ConductReview:
    if not permissions.can(by, "open_review"):
        raise PermissionDenied(
            f"A supervisor starts a review of members' postings ({cite(by.department, 'monitoring')})."
        )
    errors = {}
    population: list[int] = []
    chosen: list[int] = []
    if kind == ReviewKind.RANDOM:
        # Everyone active in the department but the reviewing supervisor, who does not review themselves.
        population = sorted(
            Member.objects.filter(department=by.department, is_active=True)
            .exclude(pk=by.pk)
            .values_list("pk", flat=True)
        )
        if not isinstance(sample_size, int) or sample_size < 1:
            errors["sample_size"] = ["Say how many members to draw (at least one)."]
        elif sample_size > len(population):
            errors["sample_size"] = [f"The department has {len(population)} members to draw from."]
        seed = str(seed).strip() if seed not in (None, "") else draw.new_seed()
        if len(seed) > 40:
            errors["seed"] = ["A seed is at most 40 characters."]
        if report is not None:
            errors["report"] = ["A random review is not opened from a report."]
        if not errors:
            chosen = draw.draw(population, sample_size, seed)
    elif kind == ReviewKind.FOR_CAUSE:
        if _blank(reason):
            errors["reason"] = ["A for-cause review needs its reason."]
        if report is not None and not permissions.can(by, "open_review_from_report", report):
            errors["report"] = ["Open a review only from a report sent to you."]
        elif report is not None and report.status != ReportStatus.OPEN:
            raise InvalidTransition(report, "open_review", "A review was already opened from this report.")
        chosen = sorted(
            {m.pk for m in members} | ({report.subject_member_id} if report and report.subject_member_id else set())
        )
        bad = [pk for pk in chosen if not Member.objects.filter(pk=pk, department=by.department).exists()]
        if bad:
            errors["members"] = ["Name members of your department."]
        elif not chosen:
            errors["members"] = ["Name the member or members the review is about."]
        seed, sample_size = "", None
    else:
        errors["kind"] = [f"Choose one of: {', '.join(ReviewKind.values)}."]
    _check(errors)
    review = ConductReview.objects.create(
        department=by.department,
        kind=kind,
        supervisor=by,
        seed=seed or "",
        sample_size=sample_size,
        population=population,
        reason=(reason or "").strip(),
        report=report,
    )
    review.members.set(chosen)
    if report is not None:
        MemberReport.objects.filter(pk=report.pk).update(status=ReportStatus.REVIEW_OPENED)
    AuditEvent.record(
        actor=by,
        action="conduct.review.open",
        target=review,
        after={**_review_snapshot(review), "population": population},
    )
    return review


def read_review(*, by: Member, review: ConductReview, via: str) -> None:
    """Every read of a review is an audit event (its confidentiality is shown, not assumed)."""
    with transaction.atomic():
        AuditEvent.record(actor=by, action="conduct.review.read", target=review, after={"via": via})


def _open_review_for_work(by, review, verb):
    review = ConductReview.objects.select_for_update().get(pk=review.pk)
    if review.status != ReviewStatus.OPEN:
        raise InvalidTransition(review, verb, "This review is closed.")
    if not permissions.can(by, "work_review", review):
        raise PermissionDenied("Only the reviewing supervisor records a review's work.")
    return review


@transaction.atomic
def add_entry(
    *,
    by: Member,
    review: ConductReview,
    url: str,
    captured_text: str = "",
    clause: str = "",
    finding: str = "",
    member: Member | None = None,
) -> ReviewEntry:
    review = _open_review_for_work(by, review, "add_entry")
    errors = {}
    if _blank(url):
        errors["url"] = ["Give the address of what was looked at."]
    if member is not None and not review.members.filter(pk=member.pk).exists():
        errors["member"] = ["Name a member of this review."]
    # Findings are against the policy's own clauses (V.A.9.a-d and the rest), where the pack lists them.
    clauses = conduct_settings(review.department).get("review_clauses") or []
    if clause and clauses and clause not in clauses:
        errors["clause"] = [f"Cite one of the policy's clauses: {', '.join(clauses)}."]
    _check(errors)
    entry = ReviewEntry.objects.create(
        review=review,
        member=member,
        url=url,
        captured_text=captured_text or "",
        sha256=sha256_text(f"{url}\n{captured_text or ''}"),
        clause=clause or "",
        finding=finding or "",
        recorded_by=by,
    )
    AuditEvent.record(
        actor=by,
        action="conduct.review.entry",
        target=review,
        department=review.department,
        after={
            "entry": entry.pk,
            "url": url,
            "sha256": entry.sha256,
            "clause": entry.clause,
            "member": entry.member_id,
        },
    )
    return entry


@transaction.atomic
def close_review(*, by: Member, review: ConductReview, outcome: str, findings: str = "") -> ConductReview:
    review = _open_review_for_work(by, review, "close")
    if outcome not in ReviewOutcome.values:
        _check({"outcome": [f"Choose one of: {', '.join(ReviewOutcome.values)}."]})
    before = _review_snapshot(review)
    review.status, review.outcome = ReviewStatus.CLOSED, outcome
    review.findings = (findings or "").strip()
    review.closed_at = timezone.now()
    review.save()
    event = AuditEvent.record(
        actor=by, action="conduct.review.close", target=review, before=before, after=_review_snapshot(review)
    )
    if review.report_id:
        MemberReport.objects.filter(pk=review.report_id).update(status=ReportStatus.CLOSED, closed_at=timezone.now())
    if conduct_settings(review.department).get("tell_member_when_review_closes"):
        notify.review_closed(review, event)
    return review


# Background investigations (issue 15.5) --------------------------------------------------------------------


def clean_checklist(checklist) -> list[dict]:
    if not isinstance(checklist, list) or not checklist:
        raise ValidationError({"checklist": ["List the checks, at least one."]})
    checks, keys = [], set()
    for item in checklist:
        if isinstance(item, str):
            item = {"label": item}
        if not isinstance(item, dict) or _blank(item.get("label")):
            raise ValidationError({"checklist": ["Each check needs a label."]})
        label = item["label"].strip()
        key = str(item.get("key") or "-".join(label.lower().split())[:60])
        if key in keys:
            raise ValidationError({"checklist": [f"The check {key!r} is listed twice."]})
        keys.add(key)
        checks.append({"key": key, "label": label})
    return checks


def _hiring(by):
    if not permissions.can(by, "vet"):
        raise PermissionDenied(
            f"Background investigations are the hiring roles' ({cite(by.department, 'background')})."
        )


@transaction.atomic
def create_round(*, by: Member, name: str, checklist, attestation: str) -> VettingRound:
    _hiring(by)
    errors = {}
    if _blank(name):
        errors["name"] = ["Name the hiring round."]
    if _blank(attestation):
        errors["attestation"] = ["Give the text the investigator attests for each search method."]
    try:
        checks = clean_checklist(checklist)
    except ValidationError as error:
        errors.update(error.message_dict)
    _check(errors)
    round_ = VettingRound.objects.create(
        department=by.department, name=name.strip(), checklist=checks, attestation=attestation.strip(), created_by=by
    )
    AuditEvent.record(
        actor=by,
        action="conduct.vetting.round.create",
        target=round_,
        after={"name": round_.name, "checklist": checks, "attestation": round_.attestation},
    )
    return round_


@transaction.atomic
def change_checklist(*, by: Member, round: VettingRound, checklist, attestation: str | None = None) -> VettingRound:
    """The checklist may change until a candidate's investigation starts; then it is the same for all (IV.D)."""
    _hiring(by)
    round_ = VettingRound.objects.select_for_update().get(pk=round.pk)
    if round_.candidates.filter(started_at__isnull=False).exists():
        raise InvalidTransition(
            round_,
            "change_checklist",
            "A candidate's investigation has started: the checklist is the same for every "
            f"candidate of the round ({cite(round_.department, 'background')}).",
        )
    checks = clean_checklist(checklist)
    before = {"checklist": round_.checklist, "attestation": round_.attestation}
    round_.checklist = checks
    if attestation is not None:
        if _blank(attestation):
            _check({"attestation": ["The attestation text cannot be empty."]})
        round_.attestation = attestation.strip()
    round_.save()
    AuditEvent.record(
        actor=by,
        action="conduct.vetting.round.change",
        target=round_,
        before=before,
        after={"checklist": round_.checklist, "attestation": round_.attestation},
    )
    return round_


@transaction.atomic
def add_candidate(*, by: Member, round: VettingRound, name: str) -> Candidate:
    _hiring(by)
    if round.closed_at:
        raise InvalidTransition(round, "add_candidate", "This round is closed.")
    if _blank(name):
        _check({"name": ["Give the candidate's name."]})
    candidate = Candidate.objects.create(round=round, name=name.strip())
    AuditEvent.record(
        actor=by,
        action="conduct.vetting.candidate.create",
        target=candidate,
        department=round.department,
        after={"round": round.pk, "name": candidate.name},
    )
    return candidate


@transaction.atomic
def record_search(
    *, by: Member, candidate: Candidate, check_key: str, method: str, lawful_attested: bool
) -> VettingSearch:
    _hiring(by)
    candidate = Candidate.objects.select_for_update().select_related("round__department").get(pk=candidate.pk)
    round_ = candidate.round
    errors = {}
    if check_key not in round_.check_keys:
        errors["check"] = [f"Choose a check of the round's checklist: {', '.join(round_.check_keys)}."]
    if _blank(method):
        errors["method"] = ["Say what was searched, where and how."]
    if lawful_attested is not True:
        errors["lawful_attested"] = [f"Attest the method: {round_.attestation}"]
    _check(errors)
    search = VettingSearch.objects.create(
        candidate=candidate,
        check_key=check_key,
        method=method.strip(),
        lawful_attested=True,
        attestation=round_.attestation,
        performed_by=by,
    )
    if candidate.started_at is None:
        candidate.started_at = search.performed_at
        candidate.save(update_fields=["started_at"])
    AuditEvent.record(
        actor=by,
        action="conduct.vetting.search",
        target=candidate,
        department=round_.department,
        after={"search": search.pk, "check": check_key, "method": search.method, "attestation": search.attestation},
    )
    return search


@transaction.atomic
def record_information(
    *, by: Member, candidate: Candidate, summary: str, source: str, validation: str, search: VettingSearch | None = None
) -> VettingInformation:
    _hiring(by)
    errors = {}
    if _blank(summary):
        errors["summary"] = ["Say what the information is."]
    if _blank(source):
        errors["source"] = ["Give the information's source."]
    if validation not in Validation.values:
        errors["validation"] = [f"Choose one of: {', '.join(Validation.values)}."]
    if search is not None and search.candidate_id != candidate.pk:
        errors["search"] = ["Name a search of this candidate."]
    _check(errors)
    item = VettingInformation.objects.create(
        candidate=candidate,
        search=search,
        summary=summary.strip(),
        source=source.strip(),
        validation=validation,
        recorded_by=by,
    )
    AuditEvent.record(
        actor=by,
        action="conduct.vetting.information",
        target=candidate,
        department=candidate.round.department,
        after={"information": item.pk, "source": item.source, "validation": validation},
    )
    return item


def round_report(round: VettingRound) -> dict:
    """Which checks each candidate got: the same for every candidate is what IV.D requires."""
    keys = round.check_keys
    candidates = []
    for candidate in round.candidates.prefetch_related("searches", "information"):
        done = {search.check_key for search in candidate.searches.all()}
        candidates.append(
            {
                "id": candidate.pk,
                "name": candidate.name,
                "started_at": candidate.started_at,
                "checks": [{"key": key, "done": key in done} for key in keys],
                "complete": all(key in done for key in keys),
                "information": [
                    {"summary": i.summary, "source": i.source, "validation": i.validation}
                    for i in candidate.information.all()
                ],
            }
        )
    same = len({tuple(c["done"] for c in candidate["checks"]) for candidate in candidates}) <= 1
    return {
        "round": round.pk,
        "name": round.name,
        "checklist": round.checklist,
        "attestation": round.attestation,
        "candidates": candidates,
        "same_checks_for_every_candidate": same,
        "every_candidate_complete": all(c["complete"] for c in candidates),
    }
