"""A department with a record of every kind, in the states the routes act on, and a neighbouring
department with one of each kind too (the authorization matrix, the fuzzing run and the abuse tests).

Oakley's records are made through the services, as the app makes them; Azusa's only need to exist,
so most are made directly.
"""

from datetime import timedelta
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from approvals import guidelines
from approvals import services as approval_services
from approvals.models import ApprovalRule, Guideline, PostRequest, PostTemplate
from audits.models import AuditEvent
from people.models import Designation, TrainingRecord
from people.roles import Role
from posts import services
from posts.choices import CHECKLIST_FIELDS, PostStatus, RemovalState
from posts.media import upload_media
from posts.models import (
    ContentReport,
    Incident,
    MediaAttachment,
    Post,
    PostRevision,
    Publication,
    RemovalInvestigation,
    SocialAccount,
    content_sha256,
)
from tests.api.conftest import URL, make_post
from tests.api.test_posts import PNG
from tests.conftest import make_account, make_member, operator_token

from . import (
    world_comments,
    world_conduct,
    world_operations,
    world_platforms,
    world_retention,
    world_reviews,
    world_screening,
)

# world_conduct last: it signs the policy for every member the others made.
PARTS = (
    world_screening,
    world_retention,
    world_reviews,
    world_comments,
    world_platforms,
    world_operations,
    world_conduct,
)

CHECKLIST_DONE = dict.fromkeys(CHECKLIST_FIELDS, True)


def build(world, media_root) -> SimpleNamespace:
    """Every kind of record for `world` (tests.api.conftest.world, the accounts' checklists complete)."""
    SocialAccount.objects.filter(pk__in=[world.account.pk, world.other_account.pk]).update(**CHECKLIST_DONE)
    world.account.refresh_from_db()
    w = world
    w.draft = make_post(w, PostStatus.DRAFT)
    w.pending = make_post(w, PostStatus.PENDING)
    w.approved = make_post(w, PostStatus.APPROVED)
    w.published = make_post(w, PostStatus.PUBLISHED)
    removed = make_post(w, PostStatus.PUBLISHED)
    w.investigation = services.remove(by=w.supervisor, post=removed, reason="Wrong date.")
    w.removed = removed
    w.publication = Publication.objects.get(post=removed)
    w.unapproved_account = make_account(w.department, "OakleyNew", **CHECKLIST_DONE)
    w.incident = services.open_incident(by=w.supervisor, name="Vista Road fire", commander=w.commander)
    w.report = services.report_content(by=w.member, description="Wrong phone number.", post=w.published)
    w.request = approval_services.request_post(by=w.member, category="announcement", summary="Bike rodeo Saturday.")
    forwarded = approval_services.request_post(by=w.member, category="announcement", summary="Coffee with a cop.")
    w.forwarded = approval_services.forward(by=w.supervisor, request=forwarded)
    w.rule = approval_services.add_rule(by=w.chief, approver="supervisor", category="announcement")
    # The chief's guideline for traffic on the public account, with a template (3xx.3; issue 16.3): read by the
    # chief, the supervisors and the members authorized for the account (the PIO, the commander).
    w.guideline = guidelines.write(
        by=w.chief, category="traffic", text="Closures: where and until when.", accounts=[w.account]
    )
    w.template = guidelines.add_template(
        by=w.chief, guideline=w.guideline, name="Road closure", text="{road} is closed until {time}."
    )
    w.training = TrainingRecord.objects.filter(member=w.pio).first()
    w.authorization = w.pio_authorization
    w.designation = Designation.objects.get(member=w.designee)
    w.media = upload_media(by=w.pio, upload=SimpleUploadedFile("photo.png", PNG), rights_attested=True)
    w.token, w.token_key = operator_token(w.chief)
    w.event = AuditEvent.objects.filter(department=w.department).order_by("-id").first()
    w.other = build_other(w, media_root)
    for part in PARTS:
        part.build(w)
        part.build_other(w, w.other)
    return w


def build_other(w, media_root) -> SimpleNamespace:
    """One record of each kind in Azusa."""
    d = w.other_department
    supervisor = make_member(d, "supervisor", Role.SUPERVISOR)
    member = make_member(d, "member", Role.MEMBER, trained=False, supervisor=supervisor)
    now = timezone.now()
    post = Post.objects.create(
        department=d,
        author=w.other_pio,
        category="announcement",
        status=PostStatus.REMOVED,
        published_at=now,
        removed_at=now,
    )
    post.accounts.set([w.other_account])
    revision = PostRevision(
        post=post,
        number=1,
        body="Azusa lobby closed.",
        author=w.other_pio,
        sha256=content_sha256("Azusa lobby closed.", []),
    )
    revision.save()
    post.current_revision = revision
    post.save(update_fields=["current_revision"])
    publication = Publication.objects.create(
        post=post,
        account=w.other_account,
        revision=revision,
        sha256=revision.sha256,
        channel="manual",
        url=URL,
        published_at=now,
        removal_state=RemovalState.PENDING,
    )
    incident = Incident.objects.create(department=d, name="Azusa fire", commander=supervisor, opened_by=supervisor)
    media = MediaAttachment.objects.create(
        department=d,
        file="posts/none.png",
        original_name="a.png",
        content_type="image/png",
        size=1,
        sha256="0" * 64,
        rights_attested=True,
        uploaded_by=w.other_pio,
    )
    token, _ = operator_token(w.other_chief)
    guideline = Guideline.objects.create(department=d, category="traffic", text="x", written_by=w.other_chief)
    return SimpleNamespace(
        guideline=guideline,
        template=PostTemplate.objects.create(guideline=guideline, name="x", text="{a}", created_by=w.other_chief),
        member=member,
        supervisor=supervisor,
        post=post,
        draft=post,
        pending=post,
        approved=post,
        published=post,
        removed=post,
        publication=publication,
        account=w.other_account,
        unapproved_account=w.other_account,
        incident=incident,
        investigation=RemovalInvestigation.objects.create(department=d, post=post, removed_by=supervisor, reason="x"),
        report=ContentReport.objects.create(department=d, reporter=member, post=post, description="x"),
        request=PostRequest.objects.create(
            department=d, requester=member, supervisor=supervisor, category="announcement", summary="x"
        ),
        forwarded=PostRequest.objects.create(
            department=d,
            requester=member,
            supervisor=supervisor,
            category="announcement",
            summary="y",
            status="forwarded",
        ),
        rule=ApprovalRule.objects.create(department=d, approver="supervisor", created_by=w.other_chief),
        training=TrainingRecord.objects.filter(member=w.other_pio).first(),
        authorization=w.other_authorization,
        media=media,
        token=token,
        event=AuditEvent.objects.filter(department=d).order_by("-id").first(),
        commander=supervisor,
        designation=Designation.objects.create(
            department=d,
            member=member,
            scopes=["accounts"],
            starts_on=now.date(),
            ends_on=now.date(),
            reason="x",
            named_by=w.other_chief,
        ),
    )


def today_plus(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()
