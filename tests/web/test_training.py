"""Recording training in the browser (§322.8)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from audits.models import AuditEvent
from people.models import Member, TrainingRecord
from people.services import name_designee
from tests.web import login_redirect

pytestmark = pytest.mark.django_db

RECORD = "/training/record/"


@pytest.fixture
def designee(department, chief):
    designee = Member.objects.create_user(username="designee", department=department, first_name="Dee", last_name="Zee")
    name_designee(by=chief, member=designee)
    return designee


def training_data(member, topic="privacy", completed_on=None, expires_on=None, note=""):
    completed_on = completed_on or timezone.localdate()
    return {
        "member": member.pk,
        "topic": topic,
        "completed_on": completed_on.isoformat(),
        "expires_on": expires_on.isoformat() if expires_on else "",
        "note": note,
    }


@pytest.mark.parametrize("persona", ["chief", "designee", "supervisor", "reviewer"])
def test_record_training_form_is_shown_to(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(RECORD)
    assert response.status_code == 200
    html = response.content.decode()
    for label, field in [("Member", "member"), ("Topic", "topic"), ("Completed on", "completed_on")]:
        assert f'<label for="id_{field}">{label}</label>' in html
    assert '<label for="id_expires_on">Expires on <span class="field__optional">(optional)</span></label>' in html
    assert '<button type="submit" class="button">Record training</button>' in html
    assert "§322.8" in html


@pytest.mark.parametrize("persona", ["pio", "commander", "custodian", "member"])
def test_record_training_is_refused_to(client, request, persona, untrained):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(RECORD).status_code == 403
    assert client.post(RECORD, training_data(untrained)).status_code == 403
    assert not TrainingRecord.objects.filter(member=untrained).exists()


def test_record_training_anonymous_is_sent_to_sign_in(client):
    response = client.get(RECORD)
    assert response.status_code == 302 and response.url == login_redirect(RECORD)


def test_topics_are_the_departments_own(client, chief):
    client.force_login(chief)
    choices = dict(client.get(RECORD).context["form"].fields["topic"].choices)
    assert choices["legal"] == "Legal issues concerning the appropriate use of social media sites"
    assert set(choices) == {"legal", "privacy", "civil_rights", "dissemination", "retention"}


@pytest.mark.parametrize("persona", ["chief", "supervisor"])
def test_training_is_recorded_through_the_form_with_an_audit_event(client, request, persona, untrained):
    by = request.getfixturevalue(persona)
    client.force_login(by)
    expires = timezone.localdate() + timedelta(days=365)
    response = client.post(RECORD, training_data(untrained, expires_on=expires, note="POST course 2291"))
    assert response.status_code == 302 and response.url == f"/members/{untrained.pk}/"
    record = TrainingRecord.objects.get(member=untrained)
    assert (record.topic, record.expires_on, record.recorded_by, record.note) == (
        "privacy",
        expires,
        by,
        "POST course 2291",
    )
    event = AuditEvent.objects.get(action="people.training.record")
    assert event.actor == by and event.object_id == str(record.pk)
    page = client.get(response.url).content.decode()
    assert "Recorded Privacy training for" in page and "POST course 2291" in page


def test_training_in_the_future_is_refused_on_the_field(client, chief, untrained):
    client.force_login(chief)
    response = client.post(RECORD, training_data(untrained, completed_on=timezone.localdate() + timedelta(days=3)))
    assert response.status_code == 200
    assert response.context["form"].errors["completed_on"] == ["Training cannot be completed in the future."]
    assert not TrainingRecord.objects.filter(member=untrained).exists()


def test_expiry_before_completion_is_refused_on_the_field(client, chief, untrained):
    client.force_login(chief)
    today = timezone.localdate()
    response = client.post(RECORD, training_data(untrained, expires_on=today - timedelta(days=1)))
    assert response.context["form"].errors["expires_on"] == ["The expiry date must be after the completion date."]
    assert not TrainingRecord.objects.filter(member=untrained).exists()


def test_training_for_another_departments_member_is_refused(client, chief, other_pio):
    client.force_login(chief)
    before = TrainingRecord.objects.filter(member=other_pio).count()
    response = client.post(RECORD, training_data(other_pio))
    assert "member" in response.context["form"].errors
    assert TrainingRecord.objects.filter(member=other_pio).count() == before


def test_record_training_prefills_the_member(client, chief, untrained):
    client.force_login(chief)
    assert client.get(f"{RECORD}?member={untrained.pk}").context["form"]["member"].value() == untrained.pk
