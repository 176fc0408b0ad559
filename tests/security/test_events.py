"""Security events (issue 7.3): sign-in success and failure, lockout, unlock, second-factor enrolment and
reset, token creation and revocation, permission denials on transitions: audit events of the member's
department, read by the chief and the records custodian, never by another department."""

import pytest
from rest_framework.test import APIClient

from audits.models import AuditEvent
from tests.api.conftest import make_post
from tests.conftest import PASSWORD

from .conftest import password_step

pytestmark = pytest.mark.django_db


def read_events(member, action):
    client = APIClient()
    client.force_authenticate(member)
    return client.get("/api/v1/audit-events/", {"action": action})


def test_sign_in_events_are_the_departments_for_the_chief_and_custodian(
    browser, member, chief, custodian, supervisor, other_chief
):
    password_step(browser, "member", "wrong-password-1")
    password_step(browser, "member", PASSWORD)
    for reader in (chief, custodian):
        failures = read_events(reader, "security.sign_in.failure").json()["results"]
        assert [(e["object_id"], e["after"]["reason"]) for e in failures] == [(str(member.pk), "password")]
        assert read_events(reader, "security.sign_in.success").json()["count"] == 1
    assert read_events(supervisor, "security.sign_in.failure").status_code == 403
    assert read_events(other_chief, "security.sign_in.failure").json()["count"] == 0


def test_events_keep_the_address_and_never_the_password(browser, member):
    password_step(browser, "member", "wrong-password-1", address="198.51.100.4")
    event = AuditEvent.objects.get(action="security.sign_in.failure")
    assert event.remote_addr == "198.51.100.4" and "wrong-password-1" not in str(event.after)


def test_an_unknown_username_is_recorded_without_a_department(browser, department):
    password_step(browser, "no-such-member", "whatever-password")
    event = AuditEvent.objects.get(action="security.sign_in.failure")
    assert event.department_id is None and event.after["username"] == "no-such-member"


def test_a_refused_transition_is_a_security_event_in_the_api_and_the_browser(world, client):
    from tests.api.conftest import client_as

    post = make_post(world, "pending")
    seen = {"revision": post.current_revision.sha256}
    response = client_as(world.custodian).post(f"/api/v1/posts/{post.pk}/approve/", seen, format="json")
    assert response.status_code == 403
    client.force_login(world.pio)
    assert client.post(f"/posts/{post.pk}/approve/", {"note": "", **seen}).status_code == 403
    events = AuditEvent.objects.filter(action="security.permission_denied").order_by("id")
    assert [(e.actor, e.after["view"], e.after["method"]) for e in events] == [
        (world.custodian, "api-post-approve", "POST"),
        (world.pio, "approvals:approve", "POST"),
    ]
    assert all(e.department_id == world.department.pk for e in events)
    assert "supervisor" in events[0].after["reason"]


def test_reading_what_one_may_not_is_not_an_event(world, client):
    client.force_login(world.member)
    assert client.get("/members/").status_code == 403
    assert not AuditEvent.objects.filter(action="security.permission_denied").exists()


def test_every_security_action_is_namespaced():
    import security.services as services

    names = {line.strip(" ,.") for line in services.__doc__.split("Events:")[1].split()}
    assert {
        "security.sign_in.success",
        "security.sign_in.failure",
        "security.lockout",
        "security.unlock",
        "security.token.create",
        "security.token.revoke",
        "security.permission_denied",
    } <= names


@pytest.mark.parametrize("pack", ["oakley", "elk-grove", "desert-hot-springs", "azusa", "generic"])
def test_security_events_are_kept_at_least_a_year_by_every_pack(db, pack):
    from people.services import load_policy_pack
    from retention.models import RecordSeries

    department, _ = load_policy_pack(pack)
    schedule = RecordSeries.objects.get(department=department, key="audit_events").schedule
    assert schedule.retention_days >= 365 and schedule.disposition == "keep"


def test_a_custodian_cannot_keep_security_events_less_than_a_year(db):
    """Even where no state law sets a minimum (the generic pack), CJIS 5.4.7 does for the security events."""
    from django.core.exceptions import ValidationError

    from people.roles import Role
    from people.services import load_policy_pack
    from retention import services as retention_services
    from retention.models import RecordSeries
    from tests.conftest import make_member

    department, _ = load_policy_pack("generic")
    custodian = make_member(department, "custodian", Role.CUSTODIAN)
    audit_events = RecordSeries.objects.get(department=department, key="audit_events")
    with pytest.raises(ValidationError) as error:
        retention_services.update_schedule(by=custodian, series=audit_events, retention_days=364)
    assert "CJIS Security Policy (5.4.7)" in error.value.message_dict["retention_days"][0]
    retention_services.update_schedule(by=custodian, series=audit_events, retention_days=365)
    assert RecordSeries.objects.get(pk=audit_events.pk).schedule.retention_days == 365
    drafts = RecordSeries.objects.get(department=department, key="unpublished_drafts")
    retention_services.update_schedule(by=custodian, series=drafts, retention_days=30)  # no minimum for drafts
