"""Screening's services (DESIGN.md "Screening"; STYLE.md §1): screen text, screen a post's revision,
keep hold terms and rule settings, override a finding, report a false positive.

Each change takes the acting member, checks the state (409) and the permission
(403), writes its audit event in the same transaction and, where it changes what
the screener finds, gives the department's RuleBook a new token (so every process
recompiles) and screens the posts waiting for approval again, so a hold registered
or released, or a rule switched, is reflected on the approval queue at once.
"""

import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from audits.models import AuditEvent
from posts.choices import PostStatus
from posts.models import Post
from socialgov.errors import InvalidTransition

from . import engine, permissions
from .choices import Code, DraftReport, LabelStatus, Severity
from .engine import Result
from .models import CaseHold, FalsePositiveReport, Flag, LabelledDraft, RuleBook, RuleSetting

MAX_TEXT_BYTES = 64 * 1024
MAX_TERMS_PER_HOLD = 500
MAX_TERM_LENGTH = 200
MAX_RULE_TERMS = 1000


# -- screening ---------------------------------------------------------------------------------------------------
def screen_text(department, text: str, category: str = "") -> list[Result]:
    """What the screener finds in a text under the department's rules and hold terms; saves nothing.

    The editor's live screening and `POST /api/v1/screen/` call this; `Result.as_dict()` is the API's shape.
    """
    return engine.screener_for(department).screen(text or "", category or "")


@dataclass
class Screening:
    """The outcome of screening one revision: its standing findings and what changed."""

    flags: list = field(default_factory=list)
    added: list = field(default_factory=list)
    withdrawn: list = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.withdrawn)

    def summary(self) -> dict:
        return {
            "flags": [
                {"id": flag.pk, "code": flag.code, "severity": flag.severity, "excerpt": flag.excerpt}
                for flag in self.flags
            ],
            "added": [flag.pk for flag in self.added],
            "withdrawn": [flag.pk for flag in self.withdrawn],
        }


NO_LONGER_FOUND = "No longer found when the revision was screened again."


@transaction.atomic
def screen_revision(revision, *, post=None, by=None, audit: bool = True, because: str = "") -> Screening:
    """Screen one revision of a post and bring its stored findings up to date.

    A finding made again keeps its record (and its override); a new one is added;
    one no longer made (a hold released, a rule switched off) is withdrawn. With
    `audit`, a screening that changed anything writes `screening.screen`.

    Each withdrawn finding keeps who withdrew it and why (`because`: what changed, e.g. the chief switching its
    rule off) on the finding, shown on the post, and in its own `screening.flag.withdraw` event (issue 17.5).
    """
    post = post or revision.post
    results = screen_text(post.department, revision.body, post.category)
    existing = {flag.identity: flag for flag in Flag.objects.standing().filter(revision=revision)}
    wanted = {result.identity: result for result in results}
    added = Flag.objects.bulk_create(
        [
            Flag(
                department_id=post.department_id,
                post=post,
                revision=revision,
                code=result.code,
                detector=result.detector,
                rule=result.rule[:300],
                citation=result.citation[:60],
                severity=result.severity,
                start=result.start,
                end=result.end,
                excerpt=result.excerpt[:500],
                message=result.message[:500],
                hold_id=result.hold_id,
                source=result.source,
                evidence=list(result.evidence),
            )
            for identity, result in wanted.items()
            if identity not in existing
        ]
    )
    withdrawn = [flag for identity, flag in existing.items() if identity not in wanted]
    if withdrawn:
        _withdraw(withdrawn, post=post, revision=revision, by=by, because=because or NO_LONGER_FOUND)
    kept = [flag for identity, flag in existing.items() if identity in wanted]
    outcome = Screening(
        flags=sorted([*kept, *added], key=lambda f: (f.start, f.end, f.code)), added=added, withdrawn=withdrawn
    )
    if audit and outcome.changed:
        AuditEvent.record(
            actor=by,
            action="screening.screen",
            target=post,
            department=post.department,
            after={"revision": revision.number, **outcome.summary()},
        )
    return outcome


def _withdraw(flags, *, post, revision, by, because: str) -> None:
    who = f" ({by.display_name})" if by is not None else ""
    reason = because[: 200 - len(who)] + who
    now = timezone.now()
    Flag.objects.filter(pk__in=[flag.pk for flag in flags]).update(withdrawn_at=now, withdrawn_reason=reason)
    for flag in flags:
        flag.withdrawn_at, flag.withdrawn_reason = now, reason
        AuditEvent.record(
            actor=by,
            action="screening.flag.withdraw",
            target=flag,
            department=post.department,
            before={"withdrawn": False},
            after={
                "withdrawn": True,
                "post": post.pk,
                "revision": revision.number,
                "code": flag.code,
                "severity": flag.severity,
                "excerpt": flag.excerpt,
                "reason": because,
                "overridden": flag.override_or_none is not None,
            },
        )


def blocking_flags(revision):
    """Unresolved findings of a blocking rule on the revision: what stops its approval (3xx.5)."""
    return Flag.objects.blocking().filter(revision=revision)


def refresh_pending(post) -> None:
    """Screen a pending post's current revision again under today's rules and holds, in a transaction of its
    own: what it finds is kept even when the approval that asked for it is then refused."""
    with transaction.atomic():
        post = Post.objects.select_related("current_revision", "department").get(pk=post.pk)
        if post.status == PostStatus.PENDING and post.current_revision_id:
            screen_revision(post.current_revision, post=post, by=None)


def rescreen_pending(department, *, by=None, because: str = "") -> None:
    """Screen every post waiting for approval again: a new or released hold, or a changed rule, applies to the
    approval queue at once. `by` and `because` say who withdrew the findings no longer made, and why."""
    for post in Post.objects.filter(department=department, status=PostStatus.PENDING).select_related(
        "current_revision", "department"
    ):
        if post.current_revision_id:
            screen_revision(post.current_revision, post=post, by=by, because=because)


def _changed(department) -> None:
    """Every process's compiled screener for the department is stale from this transaction on."""
    book, _ = RuleBook.objects.get_or_create(department=department)
    RuleBook.objects.filter(pk=book.pk).update(version=F("version") + 1, token=uuid.uuid4(), updated_at=timezone.now())


# -- hold terms ----------------------------------------------------------------------------------------------------
def _clean_hold(case_number, terms) -> tuple[str, list[str]]:
    errors: dict[str, list[str]] = {}
    case_number = (case_number or "").strip() if isinstance(case_number, str) else case_number
    if not isinstance(case_number, str) or not case_number:
        errors["case_number"] = ["Give the case number."]
    elif len(case_number) > 60:
        errors["case_number"] = ["A case number has at most 60 characters."]
    elif not engine.valid_term(case_number):
        errors["case_number"] = ["A case number needs letters or digits."]
    cleaned: list[str] = []
    if not isinstance(terms, list | tuple) or not all(isinstance(term, str) for term in terms):
        errors["terms"] = ["Give the terms as a list of words or phrases."]
    else:
        seen = set()
        problems = []
        for term in terms:
            term = " ".join(term.split())
            key = engine.normalise(term)
            if not term:
                continue
            if len(term) > MAX_TERM_LENGTH:
                problems.append(f"{term[:40]!r}... is longer than {MAX_TERM_LENGTH} characters.")
            elif len(key.replace(" ", "")) < 3:
                problems.append(f"{term!r} is too short to hold back: give at least three letters or digits.")
            elif key not in seen:
                seen.add(key)
                cleaned.append(term)
        if len(cleaned) > MAX_TERMS_PER_HOLD:
            problems.append(f"A hold has at most {MAX_TERMS_PER_HOLD} terms.")
        if problems:
            errors["terms"] = problems
    if errors:
        raise ValidationError(errors)
    return case_number, cleaned


def hold_snapshot(hold: CaseHold) -> dict:
    return {"case_number": hold.case_number, "terms": hold.terms, "active": hold.is_active}


@transaction.atomic
def register_hold(*, by, case_number: str, terms: list[str]) -> CaseHold:
    """An investigator holds back a case's number, unreleased names and evidence details (3xx.5(c))."""
    permissions.require(by, "manage_holds", None, "Only a supervisor or the chief registers hold terms.")
    case_number, terms = _clean_hold(case_number, terms)
    hold = CaseHold.objects.create(department=by.department, case_number=case_number, terms=terms, created_by=by)
    _changed(by.department)
    AuditEvent.record(actor=by, action="screening.hold.register", target=hold, after=hold_snapshot(hold))
    rescreen_pending(by.department)
    return hold


@transaction.atomic
def release_hold(*, by, hold: CaseHold, note: str = "") -> CaseHold:
    """The case's terms may be published from now on: drafts that mention them are no longer blocked."""
    hold = CaseHold.objects.select_for_update().select_related("department").get(pk=hold.pk)
    if hold.released_at is not None:
        raise InvalidTransition(hold, "release", f"The hold on case {hold.case_number} is already released.")
    permissions.require(by, "manage_holds", hold, "Only a supervisor or the chief releases hold terms.")
    before = hold_snapshot(hold)
    hold.released_at = timezone.now()
    hold.released_by = by
    hold.release_note = (note or "").strip()
    hold.save(update_fields=["released_at", "released_by", "release_note"])
    _changed(hold.department)
    AuditEvent.record(
        actor=by,
        action="screening.hold.release",
        target=hold,
        before=before,
        after={**hold_snapshot(hold), "note": hold.release_note},
    )
    because = f"The hold on case {hold.case_number} was released" + (
        f": {hold.release_note}" if hold.release_note else ""
    )
    rescreen_pending(hold.department, by=by, because=because)
    return hold


# -- rules -----------------------------------------------------------------------------------------------------------
def rule_snapshot(rule) -> dict:
    return {
        "enabled": rule.enabled,
        "severity": rule.severity,
        "terms": list(rule.terms),
        "exceptions": list(rule.exceptions),
    }


def _clean_words(name: str, words, errors: dict) -> list[str] | None:
    if words is None:
        return None
    if not isinstance(words, list | tuple) or not all(isinstance(word, str) for word in words):
        errors[name] = ["Give a list of words or phrases."]
        return None
    cleaned, seen, problems = [], set(), []
    for word in words:
        word = " ".join(word.split())
        if not word:
            continue
        key = engine.normalise(word)
        if len(word) > MAX_TERM_LENGTH:
            problems.append(f"{word[:40]!r}... is longer than {MAX_TERM_LENGTH} characters.")
        elif not engine.valid_term(word):
            problems.append(f"{word!r} needs at least two letters or digits.")
        elif key not in seen:
            seen.add(key)
            cleaned.append(word)
    if len(cleaned) > MAX_RULE_TERMS:
        problems.append(f"At most {MAX_RULE_TERMS} entries.")
    if problems:
        errors[name] = problems
    return cleaned


def rule_of(department, code: str):
    return next(rule for rule in engine.rules_for(department) if rule.code == code)


@transaction.atomic
def update_rule(
    *,
    by,
    department,
    code: str,
    enabled: bool | None = None,
    severity: str | None = None,
    terms: list[str] | None = None,
    exceptions: list[str] | None = None,
    reason: str = "",
):
    """The chief switches a rule on or off, sets its severity or extends its word lists (3xx.5; DESIGN.md).
    A finding the change withdraws records the chief and why (`reason`, optional) (issue 17.5)."""
    permissions.require(by, "edit_rules", department, "Only the chief of police changes the screening rules.")
    errors: dict[str, list[str]] = {}
    if code not in Code.values:
        errors["code"] = [f"Choose one of: {', '.join(Code.values)}."]
    if enabled is not None and not isinstance(enabled, bool):
        errors["enabled"] = ["Say true or false."]
    if severity is not None and severity not in Severity.values:
        errors["severity"] = ["Choose block or warn."]
    terms = _clean_words("terms", terms, errors)
    exceptions = _clean_words("exceptions", exceptions, errors)
    if errors:
        raise ValidationError(errors)
    before = rule_snapshot(rule_of(department, code))
    setting = RuleSetting.objects.select_for_update().filter(department=department, code=code).first()
    if setting is None:
        setting = RuleSetting(department=department, code=code, **before)
    changes = {"enabled": enabled, "severity": severity, "terms": terms, "exceptions": exceptions}
    for name, value in changes.items():
        if value is not None:
            setattr(setting, name, value)
    after = rule_snapshot(setting)
    if after == before:
        return rule_of(department, code)
    setting.updated_by = by
    setting.save()
    _changed(department)
    reason = " ".join(reason.split()) if isinstance(reason, str) else ""
    AuditEvent.record(
        actor=by,
        action="screening.rule.update",
        target=setting,
        department=department,
        before={"code": code, **before},
        after={"code": code, **after, "reason": reason},
    )
    change = "switched off" if before["enabled"] and not after["enabled"] else "changed"
    rescreen_pending(
        department, by=by, because=f"The chief {change} the {code} rule" + (f": {reason}" if reason else "")
    )
    return rule_of(department, code)


# -- false positives (overrides are approvals': approvals.overrides) ---------------------------------------------------
@transaction.atomic
def report_false_positive(*, by, flag: Flag, note: str = "") -> FalsePositiveReport:
    """A member reports a finding as a false positive, for the chief to tune the rules."""
    permissions.require(by, "report_false_positive", flag)
    if FalsePositiveReport.objects.filter(flag=flag, reported_by=by).exists():
        raise InvalidTransition(flag, "report", "You have already reported this finding as a false positive.")
    note = (note or "").strip()
    if len(note) > 5000:
        raise ValidationError({"note": ["At most 5000 characters."]})
    report = FalsePositiveReport.objects.create(department_id=flag.department_id, flag=flag, reported_by=by, note=note)
    labelled = _labelled(
        by=by,
        post=flag.post,
        revision=flag.revision,
        kind=DraftReport.FALSE_POSITIVE,
        code=flag.code,
        note=note,
        flag=flag,
    )
    AuditEvent.record(
        actor=by,
        action="screening.flag.report_false_positive",
        target=flag.post,
        department=flag.department,
        after={
            "flag": flag.pk,
            "code": flag.code,
            "excerpt": flag.excerpt,
            "note": note,
            "report": report.pk,
            "labelled_draft": labelled.pk,
        },
    )
    return report


# -- the department's corpus (issue 13.3) ----------------------------------------------------------------------------
def _labelled(*, by, post, revision, kind: str, code: str, note: str, flag=None) -> LabelledDraft:
    """The revision's text as a labelled draft: the codes its standing findings carry, less a code reported
    wrong, plus a code reported missed. The chief may correct the codes when accepting it."""
    standing = set(Flag.objects.standing().filter(revision=revision).values_list("code", flat=True))
    expect = standing - {code} if kind == DraftReport.FALSE_POSITIVE else standing | {code}
    return LabelledDraft.objects.create(
        department_id=post.department_id,
        post=post,
        flag=flag,
        kind=kind,
        code=code,
        text=revision.body,
        expect=sorted(expect),
        note=note,
        reported_by=by,
    )


def labelled_snapshot(draft: LabelledDraft) -> dict:
    return {"kind": draft.kind, "code": draft.code, "expect": list(draft.expect), "status": draft.status}


@transaction.atomic
def report_missed(*, by, post, code, note: str = "") -> LabelledDraft:
    """A supervisor reports that the screener missed a code on a post's current text (issue 13.3): the text
    becomes a labelled draft for the chief to accept into the department's corpus."""
    if not post.current_revision_id:
        raise InvalidTransition(post, "report_missed", "The post has no text to report on yet.")
    permissions.require(by, "report_missed", post, "Only a supervisor or the chief reports what the screener missed.")
    errors = {}
    if code not in Code.values:
        errors["code"] = [f"Choose one of: {', '.join(Code.values)}."]
    note = (note or "").strip() if isinstance(note, str) else None
    if note is None or len(note) > 5000:
        errors["note"] = ["At most 5000 characters of text."]
    if errors:
        raise ValidationError(errors)
    revision = post.current_revision
    if LabelledDraft.objects.filter(
        post=post, kind=DraftReport.MISSED, code=code, text=revision.body, reported_by=by
    ).exists():
        raise InvalidTransition(post, "report_missed", "You have already reported this code as missed on this text.")
    draft = _labelled(by=by, post=post, revision=revision, kind=DraftReport.MISSED, code=code, note=note)
    AuditEvent.record(
        actor=by,
        action="screening.draft.report_missed",
        target=post,
        department=post.department,
        after={"labelled_draft": draft.pk, **labelled_snapshot(draft), "note": note},
    )
    return draft


@transaction.atomic
def decide_labelled_draft(*, by, draft: LabelledDraft, accept: bool, expect=None) -> LabelledDraft:
    """The chief accepts a reported draft into the department's corpus (with the codes it should carry) or
    rejects it. A draft is decided once (409 after)."""
    draft = LabelledDraft.objects.select_for_update().select_related("department").get(pk=draft.pk)
    if draft.status != LabelStatus.PROPOSED:
        raise InvalidTransition(draft, "decide", f"This report was already {draft.get_status_display().lower()}.")
    permissions.require(by, "decide_labelled_drafts", draft, "Only the chief decides what joins the corpus.")
    if expect is not None and (not isinstance(expect, list | tuple) or any(code not in Code.values for code in expect)):
        raise ValidationError({"expect": [f"Give a list of codes from: {', '.join(Code.values)}."]})
    before = labelled_snapshot(draft)
    if accept and expect is not None:
        draft.expect = sorted(set(expect))
    draft.status = LabelStatus.ACCEPTED if accept else LabelStatus.REJECTED
    draft.decided_by = by
    draft.decided_at = timezone.now()
    draft.save(update_fields=["expect", "status", "decided_by", "decided_at"])
    AuditEvent.record(
        actor=by,
        action="screening.draft.accept" if accept else "screening.draft.reject",
        target=draft,
        department=draft.department,
        before=before,
        after=labelled_snapshot(draft),
    )
    return draft


def department_corpus(department):
    """The department's own labelled drafts: the reports the chief accepted (issue 13.3)."""
    return LabelledDraft.objects.filter(department=department, status=LabelStatus.ACCEPTED)
