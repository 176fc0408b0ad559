"""Policy acknowledgments (issue 15.1): the version in force comes from the pack's text; the member is led to it
at sign-in without being blocked; the signature records the hash of what was shown; the chief's list and the
reminders at 7, 14 and 30 days (the chief told at 30)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audits.models import AuditEvent
from conduct import policy, services
from conduct.models import PolicyAcknowledgment, PolicyVersion, sha256_text
from notifications.models import Notification
from notifications.reminders import run
from people.roles import Role
from tests.conftest import PASSWORD, make_member

pytestmark = pytest.mark.django_db


def test_the_version_in_force_is_the_packs_text_and_a_changed_text_starts_a_new_round(gpd):
    version = gpd.version
    source = (policy.SOURCES / "generic-department.txt").read_text(encoding="utf-8")
    assert (version.version, version.text, version.sha256) == (1, source, sha256_text(source))
    assert policy.sync_version(gpd.department) == (version, False)  # the same text: nothing new
    changed, created = policy.sync_version(gpd.department, text=source + "\nVI. A new section.", source="edited")
    assert created and changed.version == 2
    assert policy.current_version(gpd.department) == changed
    services.acknowledge(by=gpd.officer, version=2, signature="Sam Ortiz")
    assert gpd.officer not in services.pending_members(gpd.department)
    assert gpd.colleague in services.pending_members(gpd.department)
    assert AuditEvent.objects.filter(action="conduct.policy_version.create", object_id=str(changed.pk)).exists()


def test_a_member_is_led_to_the_acknowledgment_at_sign_in_and_is_not_blocked_after(client, gpd):
    response = client.post(reverse("login"), {"username": "generic-officer", "password": PASSWORD})
    assert response.status_code == 302
    first = client.get(reverse("posts:list"))
    assert first.status_code == 302
    assert first.url == reverse("conduct:acknowledge") + "?next=%2Fposts%2F"
    page = client.get(first.url)
    assert page.status_code == 200
    assert gpd.version.sha256 in page.content.decode()
    assert "Continue without signing now" in page.content.decode()
    # Not blocked: the next page opens.
    assert client.get(reverse("posts:list")).status_code == 200


def test_a_member_who_signed_is_not_led_there(client, gpd):
    services.acknowledge(by=gpd.officer, version=1, signature="Sam Ortiz")
    client.post(reverse("login"), {"username": "generic-officer", "password": PASSWORD})
    assert client.get(reverse("posts:list")).status_code == 200


def test_signing_in_the_browser_records_the_name_time_and_hash_of_the_text_shown(client, gpd):
    client.force_login(gpd.officer)
    response = client.post(reverse("conduct:acknowledge"), {"signature": "sam  ortiz", "next": "/posts/"})
    assert response.status_code == 302 and response.url == "/posts/"
    signed = PolicyAcknowledgment.objects.get(member=gpd.officer)
    assert signed.version == gpd.version and signed.shown == "text"
    assert signed.shown_sha256 == sha256_text(gpd.version.text)
    event = AuditEvent.objects.get(action="conduct.acknowledge", object_id=str(signed.pk))
    assert event.after["shown_sha256"] == signed.shown_sha256 and event.after["version"] == 1


def test_a_wrong_name_is_400_naming_the_field_and_a_second_signature_409(api, gpd):
    client = api.as_(gpd.officer)
    bad = client.post("/api/v1/policy-acknowledgments/", {"version": 1, "signature": "Someone Else"}, format="json")
    assert bad.status_code == 400 and "signature" in bad.json()
    stale = client.post("/api/v1/policy-acknowledgments/", {"version": 7, "signature": "Sam Ortiz"}, format="json")
    assert stale.status_code == 400 and "version" in stale.json()
    assert not PolicyAcknowledgment.objects.exists()
    ok = client.post("/api/v1/policy-acknowledgments/", {"version": 1, "signature": "Sam Ortiz"}, format="json")
    assert ok.status_code == 201 and ok.json()["shown_sha256"] == gpd.version.sha256
    again = client.post("/api/v1/policy-acknowledgments/", {"version": 1, "signature": "Sam Ortiz"}, format="json")
    assert again.status_code == 409


def test_after_a_new_version_the_member_is_shown_the_changes_and_signs_their_hash(gpd):
    services.acknowledge(by=gpd.officer, version=1, signature="Sam Ortiz")
    new, _ = policy.sync_version(gpd.department, text=gpd.version.text + "\nVI. Added.", source="edited")
    shown, text = policy.shown_to(gpd.officer, new)
    assert shown == "changes" and "+VI. Added." in text and "version 1" in text
    signed = services.acknowledge(by=gpd.officer, version=2, signature="Sam Ortiz")
    assert (signed.shown, signed.shown_sha256) == ("changes", sha256_text(text))


def test_the_current_version_api_gives_version_hash_text_and_effective_day(api, gpd):
    response = api.as_(gpd.officer).get("/api/v1/policy-versions/current/")
    assert response.status_code == 200
    assert response.json() == {
        "version": 1,
        "sha256": gpd.version.sha256,
        "text": gpd.version.text,
        "effective_on": gpd.version.effective_on.isoformat(),
    }


def test_the_chiefs_pending_list_matches_the_seeded_signatures(api, client, gpd):
    for member, name in ((gpd.officer, "Sam Ortiz"), (gpd.supervisor, "Lee Park")):
        services.acknowledge(by=member, version=1, signature=name)
    pending = api.as_(gpd.chief).get("/api/v1/policy-acknowledgments/?pending=true")
    assert pending.status_code == 200
    names = [row["name"] for row in pending.json()]
    expected = {gpd.chief, gpd.designee, gpd.colleague, gpd.ia, gpd.background, gpd.pio}
    assert sorted(names) == sorted(m.display_name for m in expected)
    assert all(row["pending_since"] == gpd.version.effective_on.isoformat() for row in pending.json())
    assert api.as_(gpd.chief).get("/api/v1/policy-acknowledgments/").json()["count"] == 2
    assert api.as_(gpd.officer).get("/api/v1/policy-acknowledgments/?pending=true").status_code == 403
    mine = api.as_(gpd.officer).get("/api/v1/policy-acknowledgments/").json()["results"]
    assert [row["member"] for row in mine] == [gpd.officer.pk]
    client.force_login(gpd.chief)
    assert client.get(reverse("conduct:pending")).status_code == 302  # the chief owes one too: asked first
    page = client.get(reverse("conduct:pending")).content.decode()
    assert gpd.colleague.display_name in page and gpd.officer.display_name not in page


def _age(version, days):
    PolicyVersion.objects.filter(pk=version.pk).update(effective_on=timezone.localdate() - timedelta(days=days))


def _told(member, kind):
    return list(Notification.objects.filter(recipient=member, kind=kind).values_list("key", flat=True))


def test_reminders_go_out_at_7_14_and_30_days_and_the_chief_is_told_at_30(gpd):
    everyone = [gpd.chief, gpd.designee, gpd.supervisor, gpd.ia, gpd.background, gpd.pio]
    for member in everyone:
        services.acknowledge(by=member, version=1, signature=member.get_full_name())
    from people.models import Member

    Member.objects.filter(pk__in=[gpd.officer.pk, gpd.colleague.pk]).update(
        date_joined=timezone.now() - timedelta(days=400)
    )
    _age(gpd.version, 6)
    run()
    assert _told(gpd.officer, "conduct.acknowledgment") == []
    _age(gpd.version, 7)
    run()
    assert len(_told(gpd.officer, "conduct.acknowledgment")) == 1
    _age(gpd.version, 14)
    run()
    run()  # a second run tells no one again
    assert len(_told(gpd.officer, "conduct.acknowledgment")) == 2
    assert _told(gpd.chief, "conduct.acknowledgment_overdue") == []
    _age(gpd.version, 30)
    services.acknowledge(by=gpd.colleague, version=1, signature="Kim Lu")
    run()
    assert len(_told(gpd.officer, "conduct.acknowledgment")) == 3
    overdue = Notification.objects.filter(recipient=gpd.chief, kind="conduct.acknowledgment_overdue")
    assert [n.subject for n in overdue] == [
        f"{gpd.officer.display_name} has not acknowledged the social media policy in 30 days"
    ]
    # Signed before the 30-day run: reminded at 7 and 14 days only, and the chief is not told of them.
    assert sorted(_told(gpd.colleague, "conduct.acknowledgment")) == [
        f"conduct.acknowledgment:{gpd.version.pk}:{gpd.colleague.pk}:14",
        f"conduct.acknowledgment:{gpd.version.pk}:{gpd.colleague.pk}:7",
    ]


def test_a_new_member_owes_the_acknowledgment_from_day_one(gpd):
    _age(gpd.version, 100)
    recruit = make_member(gpd.department, "recruit", Role.MEMBER, trained=False)
    assert policy.pending_since(recruit, gpd.version) == timezone.localdate()
    assert recruit in services.pending_members(gpd.department)
    run()
    assert _told(recruit, "conduct.acknowledgment") == []  # day one: asked at sign-in, reminded from day 7
