"""Record series and schedules from the policy packs, and the legal minimum (§322.7; Gov. Code §34090)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from audits.models import AuditEvent
from people.models import Department
from people.services import load_policy_pack
from retention import services
from retention.choices import RecordType
from retention.models import RecordSeries, RetentionSchedule, months_to_days

from .conftest import series

pytestmark = pytest.mark.django_db

PACK_SERIES = {
    "published_posts": (
        "Published posts, with every revision and media",
        RecordType.POST,
        "published",
        731,
        "transfer",
    ),
    "removed_posts": ("Posts removed from public view", RecordType.POST, "removed", 731, "destroy"),
    "unpublished_drafts": ("Drafts never published", RecordType.POST, "created", 731, "destroy"),
    "approval_records": ("Approval decisions and flag overrides", RecordType.APPROVAL, "created", 731, "destroy"),
    "removal_investigations": ("Removal investigations", RecordType.INVESTIGATION, "closed", 1827, "destroy"),
    "content_reports": (
        "Members' reports of unauthorized or inappropriate content",
        RecordType.REPORT,
        "closed",
        731,
        "destroy",
    ),
    "captured_comments": (
        "Public comments captured from the department's pages",
        RecordType.COMMENT,
        "captured",
        731,
        "destroy",
    ),
    "captured_posts": (
        "Posts captured from the department's connected accounts, with every version and deletion",
        RecordType.CAPTURED_POST,
        "captured",
        731,
        "destroy",
    ),
    "audit_events": ("Audit events", RecordType.AUDIT_EVENT, "created", 1827, "keep"),
    # Members' conduct records (issue 15).
    "policy_acknowledgments": (
        "Members' acknowledgments of the social media policy",
        RecordType.ACKNOWLEDGMENT,
        "created",
        1827,
        "destroy",
    ),
    "permission_requests": (
        "Members' permission requests and the decisions on them",
        RecordType.PERMISSION_REQUEST,
        "closed",
        1827,
        "destroy",
    ),
    "conduct_reviews": (
        "Reviews of members' personal use of social media",
        RecordType.CONDUCT_REVIEW,
        "closed",
        1827,
        "destroy",
    ),
    "background_investigations": (
        "Background investigations of job candidates (internet vetting)",
        RecordType.VETTING_CANDIDATE,
        "created",
        1096,
        "destroy",
    ),
}


def test_months_are_counted_in_whole_days_never_short():
    assert months_to_days(24) == 731 and months_to_days(60) == 1827 and months_to_days(0) == 0


@pytest.mark.parametrize("pack", ["oakley", "elk-grove", "desert-hot-springs", "azusa", "generic"])
def test_loading_a_pack_installs_its_series(db, pack):
    department, _ = load_policy_pack(pack)
    installed = {
        s.key: (s.name, s.record_type, s.schedule.trigger, s.schedule.retention_days, s.schedule.disposition)
        for s in RecordSeries.objects.filter(department=department).select_related("schedule")
    }
    assert installed == PACK_SERIES


def test_loading_twice_installs_nothing_more_and_keeps_the_custodians_changes(department, custodian):
    removed = series(department, "removed_posts")
    services.update_schedule(by=custodian, series=removed, retention_days=1000)
    call_command("load_policy_pack", "oakley")
    assert RecordSeries.objects.filter(department=department).count() == len(PACK_SERIES)
    assert series(department, "removed_posts").schedule.retention_days == 1000


def test_series_missing_after_a_load_are_installed_again(department):
    RecordSeries.objects.filter(department=department, key="content_reports").delete()
    load_policy_pack("oakley")
    assert series(department, "content_reports").schedule.retention_days == 731


def test_audit_events_are_kept_whatever_the_pack_says(department):
    schedule = series(department, "audit_events").schedule
    assert schedule.disposition == "keep"
    assert schedule.note.startswith("The policy pack says destroy. Audit events are never destroyed or transferred")


def test_installing_writes_no_event_of_its_own(db):
    department, _ = load_policy_pack("elk-grove")
    assert list(AuditEvent.objects.filter(department=department).values_list("action", flat=True)) == [
        "people.department.create"
    ]


def test_the_migration_installs_series_for_departments_loaded_before(department):
    import importlib

    from django.apps import apps

    RecordSeries.objects.filter(department=department).delete()
    for name in (
        "0002_install_series",
        "0004_install_captured_comments_series",
        "0005_install_captured_posts_series",
        "0007_conduct_series_and_member_holds",
    ):
        importlib.import_module(f"retention.migrations.{name}").install(apps, None)
    assert {s.key for s in RecordSeries.objects.filter(department=department)} == set(PACK_SERIES)


def test_the_migration_installs_the_comments_series_for_a_department_whose_stored_pack_predates_it(department):
    import importlib

    from django.apps import apps

    RecordSeries.objects.filter(department=department, key="captured_comments").delete()
    policy = dict(department.policy)
    policy["retention"] = [e for e in policy["retention"] if e["series"] != "captured_comments"]
    Department.objects.filter(pk=department.pk).update(policy=policy)
    module = importlib.import_module("retention.migrations.0004_install_captured_comments_series")
    module.install(apps, None)
    module.install(apps, None)  # twice: nothing more
    comments = series(department, "captured_comments")
    assert (
        comments.record_type,
        comments.schedule.trigger,
        comments.schedule.retention_days,
        comments.schedule.disposition,
    ) == (RecordType.COMMENT, "captured", 731, "destroy")
    assert RecordSeries.objects.filter(department=department).count() == len(PACK_SERIES)


@pytest.mark.parametrize("days", [0, 365, 730])
def test_a_schedule_under_the_legal_minimum_is_refused_citing_it(department, custodian, days):
    removed = series(department, "removed_posts")
    with pytest.raises(ValidationError) as error:
        services.update_schedule(by=custodian, series=removed, retention_days=days)
    assert error.value.message_dict == {
        "retention_days": [
            "At least 731 days (24 months): California Government Code §34090 forbids disposing of these records "
            "sooner (§322.7)."
        ]
    }
    assert series(department, "removed_posts").schedule.retention_days == 731
    assert not AuditEvent.objects.filter(action="retention.schedule.update").exists()


def test_azusa_is_refused_citing_its_own_section(other_department):
    from people.roles import Role
    from tests.conftest import make_member

    custodian = make_member(other_department, "custodian", Role.CUSTODIAN)
    with pytest.raises(ValidationError, match=r"§392\.7"):
        services.update_schedule(by=custodian, series=series(other_department, "removed_posts"), retention_days=10)


def test_a_department_without_a_legal_minimum_may_keep_records_shorter(db):
    from people.roles import Role
    from tests.conftest import make_member

    generic, _ = load_policy_pack("generic")
    custodian = make_member(generic, "custodian", Role.CUSTODIAN)
    schedule = services.update_schedule(by=custodian, series=series(generic, "removed_posts"), retention_days=30)
    assert schedule.retention_days == 30


def test_schedule_change_is_audited_and_a_no_op_is_not(department, custodian):
    removed = series(department, "removed_posts")
    services.update_schedule(by=custodian, series=removed, retention_days=731, disposition="destroy")
    assert not AuditEvent.objects.filter(action="retention.schedule.update").exists()
    services.update_schedule(by=custodian, series=removed, retention_days=1095, disposition="transfer")
    event = AuditEvent.objects.get(action="retention.schedule.update")
    assert event.actor == custodian and event.object_id == str(removed.pk)
    assert event.before == {"retention_days": 731, "trigger": "removed", "disposition": "destroy"}
    assert event.after == {"retention_days": 1095, "trigger": "removed", "disposition": "transfer"}


@pytest.mark.parametrize("disposition", ["destroy", "transfer"])
def test_audit_events_cannot_be_scheduled_for_disposal(department, custodian, disposition):
    with pytest.raises(ValidationError, match="append-only and hash-chained"):
        services.update_schedule(by=custodian, series=series(department, "audit_events"), disposition=disposition)


@pytest.mark.parametrize("persona", ["chief", "supervisor", "pio", "member"])
def test_only_the_custodian_changes_a_schedule(request, department, persona):
    with pytest.raises(PermissionDenied, match="Only the records custodian changes a retention schedule"):
        services.update_schedule(
            by=request.getfixturevalue(persona), series=series(department, "removed_posts"), retention_days=2000
        )


def test_another_departments_series_cannot_be_changed(department, other_department, custodian):
    with pytest.raises(PermissionDenied):
        services.update_schedule(by=custodian, series=series(other_department, "removed_posts"), retention_days=2000)
    assert (
        RetentionSchedule.objects.get(series__department=other_department, series__key="removed_posts").retention_days
        == 731
    )
    assert Department.objects.count() == 2
