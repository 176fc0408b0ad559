"""The annual review's transitions (3xx.6), the engagement import and reading notifications.

Each transition is the one implementation of its change: the browser, the API and any job call it.
It checks the review's state (409), the member's permission (403), locks the row, writes its audit
event in the same transaction and tells who must act next after the change commits.
"""

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from audits.choices import ReviewStatus
from audits.models import AnnualReview, AuditEvent, Engagement, EngagementImport
from notifications import services as notifications
from notifications.reminders import chiefs
from people.models import Member
from people.roles import Role
from socialgov.errors import InvalidTransition

from . import engagement, permissions
from .report import compile_report

S = ReviewStatus


def review_snapshot(review: AnnualReview) -> dict:
    return {
        "status": review.status,
        "reviewer": review.reviewer_id,
        "period_start": review.period_start,
        "period_end": review.period_end,
        "due_on": review.due_on,
        "findings": review.findings,
        "recommendations": review.recommendations,
        "figures_sha256": review.figures_sha256,
        "chief_note": review.chief_note,
    }


def figures_sha256(figures: dict) -> str:
    return hashlib.sha256(json.dumps(figures, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def report_of(review: AnnualReview) -> dict:
    """What the review's report says: the figures frozen at submission, or compiled now for a draft."""
    if review.is_frozen and review.figures is not None:
        return review.figures
    return compile_report(review.department, review.period_start, review.period_end)


def _lock(review: AnnualReview) -> AnnualReview:
    return (
        AnnualReview.objects.select_for_update(of=("self",)).select_related("department", "reviewer").get(pk=review.pk)
    )


def _require_state(review: AnnualReview, action: str, allowed: list[str]) -> None:
    if review.status not in allowed:
        states = " or ".join(S(state).label.lower() for state in allowed)
        raise InvalidTransition(
            review,
            action,
            f"This review is {review.get_status_display().lower()}; it can be {action} only when {states}.",
        )


def _tell(review: AnnualReview, key: str, recipients, subject: str, reason: str) -> None:
    notifications.tell(
        key=f"audits.review:{review.pk}:{key}",
        kind=f"audits.review_{key.split(':')[0]}",
        department_id=review.department_id,
        recipients=recipients,
        subject=subject,
        reason=reason,
        link=reverse("reviews:review", args=[review.pk]),
    )


@transaction.atomic
def appoint_reviewer(*, by: Member, reviewer: Member, period_start, period_end, due_on) -> AnnualReview:
    """The chief appoints a supervisor to review the department's use of social media for a period (3xx.6)."""
    section = by.department.cite("monitoring") if by.department_id else ""
    permissions.require(
        by, "appoint_reviewer", None, f"Only the chief of police appoints the annual reviewer ({section})."
    )
    errors: dict[str, list[str]] = {}
    if reviewer is None or reviewer.department_id != by.department_id or not reviewer.is_active:
        errors["reviewer"] = ["Choose a member of your department."]
    elif not reviewer.has_role(Role.SUPERVISOR):
        errors["reviewer"] = [f"The annual reviewer is a supervisor ({section}); {reviewer.display_name} is not one."]
    if period_start and period_end and period_end < period_start:
        errors["period_end"] = ["The period must end on or after its first day."]
    if period_end and due_on and due_on < period_end:
        errors["due_on"] = ["The report cannot be due before the period it reviews has ended."]
    if errors:
        raise ValidationError(errors)
    review = AnnualReview.objects.create(
        department=by.department,
        reviewer=reviewer,
        appointed_by=by,
        period_start=period_start,
        period_end=period_end,
        due_on=due_on,
    )
    AuditEvent.record(actor=by, action="audits.review.appoint", target=review, after=review_snapshot(review))
    _tell(
        review,
        "appointed",
        [reviewer],
        "You are appointed to review the department's use of social media",
        f"{by.display_name} appointed you to review the department's use of social media from "
        f"{period_start:%b %-d, %Y} to {period_end:%b %-d, %Y} ({section}). The report is due to the chief on "
        f"{due_on:%b %-d, %Y}.",
    )
    return review


def _clean_text(findings, recommendations, *, required: bool) -> dict:
    values = {"findings": (findings or "").strip(), "recommendations": (recommendations or "").strip()}
    if required:
        errors = {
            name: ["Write the report's " + name + " before submitting it to the chief."]
            for name, value in values.items()
            if not value
        }
        if errors:
            raise ValidationError(errors)
    return values


@transaction.atomic
def save_draft(
    *, by: Member, review: AnnualReview, findings: str | None = None, recommendations: str | None = None
) -> AnnualReview:
    """The appointed reviewer writes findings and recommendations on the draft report."""
    review = _lock(review)
    _require_state(review, "edited", S.editable())
    permissions.require(by, "edit_review", review, "Only the appointed reviewer writes this report.")
    before = review_snapshot(review)
    if findings is not None:
        review.findings = findings.strip()
    if recommendations is not None:
        review.recommendations = recommendations.strip()
    after = review_snapshot(review)
    if after == before:
        return review
    review.save(update_fields=["findings", "recommendations", "updated_at"])
    AuditEvent.record(
        actor=by,
        action="audits.review.edit",
        target=review,
        before={k: before[k] for k in ("findings", "recommendations")},
        after={k: after[k] for k in ("findings", "recommendations")},
    )
    return review


@transaction.atomic
def submit_review(*, by: Member, review: AnnualReview, findings: str, recommendations: str) -> AnnualReview:
    """The reviewer submits the report to the chief. Its figures are compiled now and frozen with it:
    later changes to the records do not alter what the chief received."""
    review = _lock(review)
    _require_state(review, "submitted", S.editable())
    permissions.require(by, "submit_review", review, "Only the appointed reviewer submits this report.")
    text = _clean_text(findings, recommendations, required=True)
    before = review_snapshot(review)
    review.findings, review.recommendations = text["findings"], text["recommendations"]
    review.figures = compile_report(review.department, review.period_start, review.period_end)
    review.figures_sha256 = figures_sha256(review.figures)
    review.status = S.SUBMITTED
    review.submitted_at = timezone.now()
    review.save()
    AuditEvent.record(
        actor=by,
        action="audits.review.submit",
        target=review,
        before={"status": before["status"]},
        after={
            "status": review.status,
            "findings": review.findings,
            "recommendations": review.recommendations,
            "figures_sha256": review.figures_sha256,
        },
    )
    section = review.department.cite("monitoring")
    _tell(
        review,
        f"submitted:{review.submitted_at:%Y%m%dT%H%M%S}",
        chiefs(review.department_id),
        "The annual review of social media use is submitted to you",
        f"{by.display_name} submitted the annual review for {review.period_start:%b %-d, %Y} to "
        f"{review.period_end:%b %-d, %Y} ({section}). Acknowledge it, or return it with a note.",
    )
    return review


def _decide(by, review: AnnualReview, status: str, note: str, action: str, verb: str) -> AnnualReview:
    review = _lock(review)
    _require_state(review, verb, [S.SUBMITTED])
    permissions.require(
        by,
        f"{action}_review",
        review,
        f"Only the chief of police {action}s the annual review ({review.department.cite('monitoring')}).",
    )
    before = review_snapshot(review)
    review.status = status
    review.decided_by = by
    review.decided_at = timezone.now()
    review.chief_note = note
    if status == S.RETURNED:
        # Back with the reviewer: the report is a draft again and will be compiled afresh on resubmission.
        review.figures = None
        review.figures_sha256 = ""
    review.save()
    AuditEvent.record(
        actor=by,
        action=f"audits.review.{action}",
        target=review,
        before={"status": before["status"], "figures_sha256": before["figures_sha256"]},
        after={"status": status, "note": note},
    )
    return review


@transaction.atomic
def acknowledge_review(*, by: Member, review: AnnualReview, note: str = "") -> AnnualReview:
    review = _decide(by, review, S.ACKNOWLEDGED, (note or "").strip(), "acknowledge", "acknowledged")
    _tell(
        review,
        "acknowledged",
        [review.reviewer],
        "The chief acknowledged your annual review",
        f"{by.display_name} acknowledged the annual review for {review.period_start:%b %-d, %Y} to "
        f"{review.period_end:%b %-d, %Y}." + (f" Note: {review.chief_note}" if review.chief_note else ""),
    )
    return review


@transaction.atomic
def return_review(*, by: Member, review: AnnualReview, note: str) -> AnnualReview:
    if not (note or "").strip():
        raise ValidationError({"note": ["Tell the reviewer what to change."]})
    review = _decide(by, review, S.RETURNED, note.strip(), "return", "returned")
    _tell(
        review,
        f"returned:{review.decided_at:%Y%m%dT%H%M%S}",
        [review.reviewer],
        "The chief returned your annual review",
        f"{by.display_name} returned the annual review for {review.period_start:%b %-d, %Y} to "
        f"{review.period_end:%b %-d, %Y} with a note: {review.chief_note}",
    )
    return review


def import_engagement(
    *, by: Member, review: AnnualReview, data: bytes, filename: str, platform: str | None = None
) -> EngagementImport:
    """Read a platform's analytics export into engagement per post, for the review's effectiveness figures.

    The file is read and checked whole first (reviews.engagement): a file it cannot map is refused with
    a ValidationError naming what is wrong (400), and nothing is written.
    """
    with transaction.atomic():
        review = _lock(review)
        _require_state(review, "given engagement", S.editable())
        permissions.require(
            by,
            "import_engagement",
            review,
            "Only the appointed reviewer or the chief imports engagement for this review.",
        )
        try:
            plan = engagement.plan_import(department=review.department, data=data, platform=platform or None)
        except engagement.ImportRefused as refused:
            raise ValidationError({"file": [str(refused)]}) from None
        source = EngagementImport.objects.create(
            department=review.department,
            review=review,
            platform=plan.platform,
            filename=filename[:255],
            sha256=plan.sha256,
            rows=plan.rows,
            matched=len(plan.matched),
            skipped=plan.skipped,
            imported_by=by,
        )
        Engagement.objects.bulk_create(
            Engagement(
                source=source,
                publication=row.publication,
                post_id=row.publication.post_id,
                impressions=row.impressions,
                reactions=row.reactions,
                shares=row.shares,
                comments=row.comments,
                clicks=row.clicks,
            )
            for row in plan.matched
        )
        AuditEvent.record(
            actor=by,
            action="reviews.engagement.import",
            target=source,
            department=review.department,
            after={
                "review": review.pk,
                "platform": plan.platform,
                "filename": source.filename,
                "sha256": plan.sha256,
                "rows": plan.rows,
                "matched": len(plan.matched),
                "skipped": len(plan.skipped),
            },
        )
        return source
