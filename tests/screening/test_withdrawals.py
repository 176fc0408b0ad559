"""A finding withdrawn by a change of the rules or holds says who withdrew it and why (issue 17.5): on the finding,
in its own audit event, on the post's page and in the API. The chief switching a rule off withdraws each standing
finding of it on the posts waiting for approval, one record per finding."""

import pytest

from approvals import services as decisions
from audits.models import AuditEvent
from posts import services as posts
from screening import services
from screening.models import Flag

pytestmark = pytest.mark.django_db

PRIVATE_PHONE = "Witnesses can call the driver, Denise Ortega, at 925-555-0187 or 925-555-0199."
WHY = "The privacy rule is retuned after the false positives of March."


@pytest.fixture
def flagged(pio_authorized, ready_account):
    post = posts.create_post(
        by=pio_authorized, category="investigative_request", accounts=[ready_account], body=PRIVATE_PHONE
    )
    return decisions.submit(by=pio_authorized, post=post)


def test_switching_a_rule_off_records_who_withdrew_each_finding_and_why(department, chief, flagged):
    standing = list(Flag.objects.standing().filter(revision=flagged.current_revision, code="privacy"))
    assert len(standing) == 2
    services.update_rule(by=chief, department=department, code="privacy", enabled=False, reason=WHY)
    for flag in standing:
        flag.refresh_from_db()
        assert flag.withdrawn_at is not None
        assert flag.withdrawn_reason == f"The chief switched off the privacy rule: {WHY} ({chief.display_name})"
    events = AuditEvent.objects.filter(action="screening.flag.withdraw").order_by("object_id")
    assert [(e.object_id, e.actor, e.after["reason"], e.after["post"], e.after["code"]) for e in events] == [
        (str(flag.pk), chief, f"The chief switched off the privacy rule: {WHY}", flagged.pk, "privacy")
        for flag in sorted(standing, key=lambda f: str(f.pk))
    ]
    rule_event = AuditEvent.objects.get(action="screening.rule.update")
    assert rule_event.after["reason"] == WHY and rule_event.after["enabled"] is False


def test_without_a_reason_the_record_still_names_who_and_the_rule(department, chief, flagged):
    services.update_rule(by=chief, department=department, code="privacy", enabled=False)
    flag = Flag.objects.filter(revision=flagged.current_revision).first()
    assert flag.withdrawn_reason == f"The chief switched off the privacy rule ({chief.display_name})"


def test_the_withdrawn_findings_are_shown_on_the_post(client, department, chief, supervisor, flagged):
    services.update_rule(by=chief, department=department, code="privacy", enabled=False, reason=WHY)
    client.force_login(supervisor)
    page = client.get(f"/posts/{flagged.pk}/").content.decode()
    section = page.split('id="withdrawn-findings-heading"')[1]
    assert section.count("<p>Withdrawn ") == 2 and WHY in section and chief.display_name in section


def test_the_api_shows_each_withdrawal(api, department, chief, supervisor, flagged):
    response = api.as_(chief).patch(
        "/api/v1/screening-rules/privacy/", {"enabled": False, "reason": WHY}, format="json"
    )
    assert response.status_code == 200, response.content
    flags = api.as_(supervisor).get("/api/v1/flags/", {"post": flagged.pk, "all": "true"}).json()["results"]
    assert len(flags) == 2 and all(WHY in flag["withdrawn_reason"] and flag["withdrawn_at"] for flag in flags)


def test_the_rules_form_takes_the_reason(client, department, chief, flagged):
    client.force_login(chief)
    response = client.post(
        "/screening/rules/privacy/",
        {"privacy-severity": "block", "privacy-terms": "", "privacy-exceptions": "", "privacy-reason": WHY},
    )
    assert response.status_code == 302, response.status_code
    flag = Flag.objects.filter(revision=flagged.current_revision).first()
    assert flag.withdrawn_at is not None and WHY in flag.withdrawn_reason


def test_releasing_a_hold_records_who_withdrew_its_findings(department, supervisor, pio_authorized, ready_account):
    hold = services.register_hold(by=supervisor, case_number="26-1234", terms=["Vista Road"])
    post = decisions.submit(
        by=pio_authorized,
        post=posts.create_post(
            by=pio_authorized, category="announcement", accounts=[ready_account], body="Detour on Vista Road today."
        ),
    )
    assert Flag.objects.standing().filter(revision=post.current_revision, hold=hold).exists()
    services.release_hold(by=supervisor, hold=hold, note="The case is charged.")
    flag = Flag.objects.get(revision=post.current_revision, hold=hold)
    assert flag.withdrawn_reason == (
        f"The hold on case 26-1234 was released: The case is charged. ({supervisor.display_name})"
    )
    event = AuditEvent.objects.get(action="screening.flag.withdraw")
    assert event.actor == supervisor and event.object_id == str(flag.pk)
