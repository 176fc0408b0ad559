"""`seed_demo --story` (issue 20.1): a year of the Oakley demo told through the services; its figures are the ones
its plan promises; a second run adds nothing; a department with real members is refused. Sign-in without a
phone (issue 20.2): fixed secrets with DEBUG=1, `demo_code`, and the deploy check that fails while one exists.
One module, so that the story is built once (tests/demo/conftest.py)."""

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core import checks
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_otp.oath import TOTP

from approvals.models import PostRequest
from audits import chain
from audits.models import AnnualReview, AuditEvent, EngagementImport
from demo import secrets
from demo.checks import no_demo_secrets
from demo.story import ABANDONED_DRAFTS, expected_figures
from notifications.models import Notification
from people.models import Authorization, Department, Member
from posts.models import CapturedComment, Incident, Post, RemovalInvestigation
from retention.models import DispositionBatch, LegalHold, RecordsRequest
from reviews.report import compile_report
from screening.models import FalsePositiveReport, Flag
from security import second_factor as security_second_factor

from .conftest import STORY_TIMEOUT, seed

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(STORY_TIMEOUT)]


def counts() -> dict:
    models = [
        Member,
        Post,
        AuditEvent,
        Notification,
        Flag,
        PostRequest,
        CapturedComment,
        LegalHold,
        RecordsRequest,
        DispositionBatch,
        AnnualReview,
        EngagementImport,
        Authorization,
        Incident,
        RemovalInvestigation,
    ]
    return {model.__name__: model.objects.count() for model in models}


def test_the_annual_review_counts_the_storys_posts_per_category(story):
    review = AnnualReview.objects.get()
    expected = expected_figures(timezone.localdate())
    report = compile_report(review.department, review.period_start, review.period_end)
    by_category = {row["key"]: row["count"] for row in report["resources"]["posts"]["by_category"]}
    assert by_category == expected["by_category"]
    assert report["resources"]["posts"]["total"] == expected["published"]
    assert sum(by_category.values()) >= 140 and all(by_category.values())  # every category used
    assert review.status == "draft" and review.engagement_imports.get().platform == "facebook"


def test_the_approval_queue_holds_the_storys_pending_drafts(story):
    expected = expected_figures(timezone.localdate())
    queue = Post.objects.awaiting_approval()
    assert queue.filter(incident=None).count() == expected["pending"] == 3
    assert queue.exclude(incident=None).get().incident.commander.username == "commander"
    assert Post.objects.filter(status="changes_requested").count() == expected["returned"]
    assert Post.objects.filter(status="rejected").count() == expected["rejected"]
    assert f"Approval queue: {expected['pending']} posts; 1 has a blocking finding to override" in story


def test_the_year_is_spread_over_twelve_months_and_through_the_services(story):
    today = timezone.localdate()
    published = Post.objects.exclude(published_at=None)
    months = {timezone.localtime(p.published_at).strftime("%Y-%m") for p in published}
    assert len(months) >= 12
    assert published.filter(published_at__date__lt=today - timedelta(days=366)).count() == 0
    # The real trail: each state change has its event, dated the day it happened, and the chain holds.
    submitted = Post.objects.exclude(submitted_at=None)
    events = set(AuditEvent.objects.filter(action="posts.submit").values_list("object_id", flat=True))
    assert events >= {str(p.pk) for p in submitted}
    oldest = AuditEvent.objects.filter(action="posts.submit").order_by("created_at").first()
    assert (today - timezone.localdate(oldest.created_at)).days >= 350
    assert chain.verify().intact
    assert Notification.objects.filter(recipient__username="supervisor").exists()
    assert FalsePositiveReport.objects.count() == 1
    assert Flag.objects.filter(override__isnull=False).count() >= 4
    assert RemovalInvestigation.objects.filter(resolved_at=None).count() == 1
    assert RemovalInvestigation.objects.exclude(resolved_at=None).count() == 1
    assert CapturedComment.objects.filter(state__in=["hidden", "deleted"]).count() == 4


def test_records_hold_request_batch_training_and_authorization(story):
    today = timezone.localdate()
    assert RecordsRequest.objects.get().due_on == today + timedelta(days=3)
    assert LegalHold.objects.get().released_at is None
    batch = DispositionBatch.objects.get()
    assert (batch.status, batch.record_count) == ("proposed", ABANDONED_DRAFTS)
    pio = Member.objects.get(username="pio")
    assert pio.authorizations.current().get().expires_on == today + timedelta(days=30)
    member = Member.objects.get(username="member")
    assert member.training_records.filter(expires_on__range=(today, today + timedelta(days=30))).exists()
    assert member.has_current_training()


def test_a_second_run_adds_nothing(story):
    before = counts()
    output = seed()
    assert counts() == before
    assert "already told; nothing was added" in output


def test_a_department_with_real_members_is_refused(story):
    department = Department.objects.get(slug="oakley")
    Member.objects.create_user(username="jsmith", department=department, password="x")
    before = counts()
    with pytest.raises(CommandError, match=r"members the demo did not make \(jsmith\)"):
        seed()
    assert counts() == before


# Sign-in without a phone (issue 20.2)


def test_demo_members_who_need_a_second_factor_get_a_fixed_secret_and_demo_code_prints_its_code(story, settings):
    settings.DEBUG = True
    supervisor = Member.objects.get(username="supervisor")
    device = secrets.demo_devices().get(user=supervisor)
    assert device.confirmed and device.bin_key == secrets.key_for("supervisor")
    assert security_second_factor.second_factor_step(supervisor) == "verify"
    assert not secrets.demo_devices().filter(user__username="member").exists()  # needs none
    assert f"key {secrets.secret_text(device.bin_key)}" in story  # printed in the banner
    out = StringIO()
    call_command("demo_code", "supervisor", stdout=out)
    code = out.getvalue().strip()
    assert code == f"{TOTP(device.bin_key).token():06d}"
    assert security_second_factor.verify_code(supervisor, code)[0] is not None


def test_demo_code_refuses_with_debug_off(story, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Refused: DEBUG=0"):
        call_command("demo_code", "supervisor", stdout=StringIO())


def test_check_deploy_flags_a_demo_secret(story):
    errors = no_demo_secrets()
    assert [error.id for error in errors] == ["demo.E001"]
    assert "supervisor" in errors[0].msg
    assert any(
        e.id == "demo.E001" for e in checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])
    )
    secrets.demo_devices().delete()
    assert no_demo_secrets() == []


def test_with_debug_off_no_demo_secret_is_made(story, settings):
    secrets.demo_devices().delete()
    settings.DEBUG = False
    with pytest.raises(secrets.NotInDebug):
        secrets.give({m.username: m for m in Member.objects.all()})
    output = seed()
    assert "no demo authenticator secrets were made" in output
    assert not secrets.demo_devices().exists()
    assert Member.objects.filter(username="supervisor").exists()


# What to try first (issue 20.3)


def tries_in(output: str) -> dict[str, list[str]]:
    tries, who = {}, None
    for line in output.splitlines():
        if line.startswith("  ") and not line.startswith("   "):
            who = line.split()[0]
            tries[who] = []
        elif line.startswith("    - ") and who:
            tries[who].append(line[6:])
    return tries


def test_the_banner_and_the_readme_say_what_to_try_first_with_the_storys_counts(story):
    tries = tries_in(story.split("What to try first")[1])
    assert set(tries) == {"chief", "supervisor", "reviewer", "commander", "custodian", "pio", "member"}
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    for username, items in tries.items():
        assert 2 <= len(items) <= 3, username
        row = next(line for line in readme.splitlines() if line.startswith(f"| `{username}` |"))
        assert row.endswith(f"| {' • '.join(items)} |"), (username, row)
