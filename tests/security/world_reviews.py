"""The reviews records of the security tests' world (tests/security/world.py): annual reviews (3xx.6), the
engagement imported for them and members' notifications.

Oakley's are made through reviews.services as the app makes them, their notices sent when the change commits
(the test's transaction never commits, so the on-commit callbacks are run here); Azusa's only need to exist.
"""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone

from approvals import services as decisions
from audits.choices import ReviewStatus
from audits.models import AnnualReview, EngagementImport
from notifications import reminders
from notifications.models import Notification
from posts import services as posts
from reviews import services
from tests.audits.activity import facebook_csv

# A publication of its own, so that an engagement export's row matches exactly one (the world's other
# publications share one URL).
ENGAGEMENT_URL = "https://www.facebook.com/OakleyPD/posts/3650001"
# The personas told of something by the review's workflow itself; every other one gets a reminder.
TOLD_BY_THE_WORKFLOW = ("chief", "reviewer")
PERSONAS = ("chief", "designee", "pio", "supervisor", "commander", "custodian", "reviewer", "member")


def engagement_csv() -> bytes:
    """A Facebook analytics export with one row, for the publication build() made."""
    return facebook_csv([(ENGAGEMENT_URL, 1200, 48, 6, 4, 15)])


def engagement_upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("facebook.csv", engagement_csv(), content_type="text/csv")


def build(w) -> None:
    """Add to `w` (Oakley) every reviews record the matrix rows name:

    - `review`: this year's review, in draft with the `reviewer` persona (findings saved, engagement imported);
    - `submitted`: last year's, submitted by the reviewer to the chief;
    - `notification`: the reviewer's notice of their appointment to `review` (a notification is its
      recipient's only); every other persona has a notice of their own too.
    """
    today = timezone.localdate()
    post = posts.create_post(by=w.pio, category="announcement", accounts=[w.account], body="Bike rodeo Saturday.")
    decisions.submit(by=w.pio, post=post)
    decisions.approve(by=w.supervisor, post=post)
    w.engaged = posts.publish(by=w.pio, post=post, urls={w.account.pk: ENGAGEMENT_URL})
    with TestCase.captureOnCommitCallbacks(execute=True):
        submitted = services.appoint_reviewer(
            by=w.chief,
            reviewer=w.reviewer,
            period_start=today - timedelta(days=730),
            period_end=today - timedelta(days=366),
            due_on=today - timedelta(days=300),
        )
        w.submitted = services.submit_review(
            by=w.reviewer, review=submitted, findings="Posts were on time.", recommendations="Keep the approval limit."
        )
        review = services.appoint_reviewer(
            by=w.chief,
            reviewer=w.reviewer,
            period_start=today - timedelta(days=365),
            period_end=today,
            due_on=today + timedelta(days=30),
        )
        w.review = services.save_draft(
            by=w.reviewer,
            review=review,
            findings="Two removals, both resolved.",
            recommendations="Refresh the training in the spring.",
        )
        w.engagement_import = services.import_engagement(
            by=w.reviewer, review=review, data=engagement_csv(), filename="facebook.csv"
        )
        for role in PERSONAS:
            if role not in TOLD_BY_THE_WORKFLOW:
                member = getattr(w, role)
                reminders.notify(
                    reminders.DueEvent(
                        key=f"security.world:{member.pk}",
                        kind="security.world",
                        department_id=w.department.pk,
                        recipients=(member,),
                        subject="Something is due",
                        reason="You are the one to act (§322.6).",
                        link="/",
                    )
                )
    w.notification = Notification.objects.get(key=f"audits.review:{review.pk}:appointed", recipient=w.reviewer)
    told = set(Notification.objects.filter(department=w.department).values_list("recipient_id", flat=True))
    assert {getattr(w, role).pk for role in PERSONAS} <= told


def build_other(w, other) -> None:
    """Add to `other` (Azusa) one record of each of those kinds: a draft and a submitted review with Azusa's
    supervisor as reviewer, and a notice to Azusa's chief."""
    d = w.other_department
    today = timezone.localdate()
    review = dict(
        department=d,
        reviewer=other.supervisor,
        appointed_by=w.other_chief,
        period_start=today - timedelta(days=365),
        period_end=today,
        due_on=today + timedelta(days=30),
    )
    other.review = AnnualReview.objects.create(**review)
    other.submitted = AnnualReview.objects.create(
        **review,
        status=ReviewStatus.SUBMITTED,
        submitted_at=timezone.now(),
        findings="x",
        recommendations="y",
        figures={},
        figures_sha256="0" * 64,
    )
    other.notification = Notification.objects.create(
        department=d,
        recipient=w.other_chief,
        key="security.world:azusa",
        kind="security.world",
        subject="x",
        reason="y",
        link="/",
    )


def fill_with_payload(w, text: str) -> None:
    """Store `text` in every reviews text field a page shows (the XSS test): a review's findings,
    recommendations and the chief's note (shown whenever there is one), an import's file name, a
    notification's subject and reason."""
    AnnualReview.objects.filter(department=w.department).update(findings=text, recommendations=text, chief_note=text)
    EngagementImport.objects.filter(department=w.department).update(filename=text[:255])
    Notification.objects.filter(department=w.department).update(subject=text[:200], reason=text)


def extra_pages(w) -> list[str]:
    """Pages of these records in states the rows do not name (the CSRF and XSS tests): the submitted review the
    chief acknowledges or returns, and the unread notices only."""
    return [f"/reviews/{w.submitted.pk}/", "/notifications/?show=unread"]
