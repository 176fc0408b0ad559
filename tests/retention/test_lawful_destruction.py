"""Lawful destruction (issue 16.4; California Government Code §34090): an Oakley disposition batch is approved
only with the council's resolution, the city attorney's written consent and the retention commander's sign-off,
and the certificate of destruction lists all three."""

import json

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from audits.models import AuditEvent
from people.roles import Role
from people.services import load_policy_pack
from retention import disposition, lawful
from retention.models import DestructionAuthority
from socialgov import policy_packs
from tests.api.conftest import AuditCount, client_as
from tests.conftest import make_member

from .conftest import documents, make_posts, retention_commander_of, with_authority

API = "/api/v1/retention/batches"
MISSING = ["resolution", "counsel_consent", "retention_commander_signoff"]


def authority_data(**changes):
    resolution, consent = documents()
    day = (timezone.localdate() - timezone.timedelta(days=2)).isoformat()
    return {
        "resolution_number": "2026-41",
        "resolution_date": day,
        "resolution_document": resolution,
        "counsel_name": "Derek Cole",
        "counsel_consent_date": day,
        "counsel_document": consent,
        **changes,
    }


@pytest.fixture
def retention_commander(department):
    return retention_commander_of(department)


def test_every_california_pack_requires_a_resolution_and_consent():
    for name in policy_packs.available():
        pack = policy_packs.read_pack(name)
        assert pack["destruction_requires_resolution"] is (pack["state"] == "CA"), name
    with pytest.raises(policy_packs.PackError, match="destruction_requires_resolution must be true or false"):
        policy_packs.check("oakley", {**policy_packs.read_pack("oakley"), "destruction_requires_resolution": "yes"})


def test_an_oakley_batch_cannot_be_approved_without_each_of_the_three(
    department, custodian, chief, retention_commander, proposed
):
    custodian_api = client_as(custodian)
    with AuditCount() as audit:
        response = custodian_api.post(f"{API}/{proposed.pk}/approve/", {}, format="json")
    assert response.status_code == 409 and audit.written == 0
    assert response.json()["missing"] == MISSING
    assert "council's resolution" in response.json()["detail"] and "§34090" in response.json()["detail"]
    # The commander cannot sign off before the resolution and consent are attached.
    response = client_as(retention_commander).post(f"{API}/{proposed.pk}/signoff/", {}, format="json")
    assert response.status_code == 409 and response.json()["missing"] == ["resolution", "counsel_consent"]

    response = client_as(chief).post(f"{API}/{proposed.pk}/authority/", authority_data(), format="multipart")
    assert response.status_code == 200, response.content
    assert response.json()["missing"] == ["retention_commander_signoff"]
    response = custodian_api.post(f"{API}/{proposed.pk}/approve/", {}, format="json")
    assert response.status_code == 409 and response.json()["missing"] == ["retention_commander_signoff"]

    # Only the retention commander signs off: not the custodian, not the chief.
    for other in (custodian, chief):
        assert client_as(other).post(f"{API}/{proposed.pk}/signoff/", {}, format="json").status_code == 403
    response = client_as(retention_commander).post(f"{API}/{proposed.pk}/signoff/", {"note": "Checked."}, format="json")
    assert response.status_code == 200 and response.json()["missing"] == []
    assert client_as(retention_commander).post(f"{API}/{proposed.pk}/signoff/", {}, format="json").status_code == 409
    # Signed off: the authority can no longer change.
    response = custodian_api.post(f"{API}/{proposed.pk}/authority/", authority_data(), format="multipart")
    assert response.status_code == 409
    events = list(
        AuditEvent.objects.filter(
            object_id=str(proposed.pk), action__in=["retention.batch.authority", "retention.batch.signoff"]
        ).order_by("id")
    )
    assert [(e.action, e.actor) for e in events] == [
        ("retention.batch.authority", chief),
        ("retention.batch.signoff", retention_commander),
    ]
    assert events[0].after["resolution"]["number"] == "2026-41"

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = custodian_api.post(f"{API}/{proposed.pk}/approve/", {"note": "ok"}, format="json")
    assert response.status_code == 200
    body = custodian_api.get(f"{API}/{proposed.pk}/").json()
    assert body["status"] == "completed"
    certificate = json.loads(b"".join(custodian_api.get(body["certificate"]["json"]).streaming_content))
    authority = certificate["authority"]
    assert authority["resolution"]["number"] == "2026-41"
    assert authority["resolution"]["sha256"] == DestructionAuthority.objects.get(batch=proposed).resolution_sha256
    assert authority["counsel_consent"]["name"] == "Derek Cole"
    assert authority["retention_commander_signoff"]["member"]["name"] == retention_commander.display_name
    pdf = DestructionAuthority.objects.get(batch=proposed).batch.certificate.pdf_file
    assert pdf.open("rb").read().startswith(b"%PDF")


def test_bad_authority_input_names_the_field_and_changes_nothing(custodian, proposed):
    api = client_as(custodian)
    future = (timezone.localdate() + timezone.timedelta(days=3)).isoformat()
    for data, field in (
        (authority_data(resolution_number=""), "resolution_number"),
        (authority_data(counsel_consent_date=future), "counsel_consent_date"),
        ({k: v for k, v in authority_data().items() if k != "counsel_document"}, "counsel_document"),
        (authority_data(resolution_date="yesterday"), "resolution_date"),
    ):
        with AuditCount() as audit:
            response = api.post(f"{API}/{proposed.pk}/authority/", data, format="multipart")
        assert response.status_code == 400 and field in response.json(), (field, response.content)
        assert audit.written == 0
    assert not DestructionAuthority.objects.filter(batch=proposed).exists()


def test_who_may_attach_and_sign_off(
    department, other_department, custodian, supervisor, pio, proposed, retention_commander
):
    # Members with no part in retention: 403 before anything is looked up.
    for member in (supervisor, pio):
        assert (
            client_as(member).post(f"{API}/{proposed.pk}/authority/", authority_data(), format="multipart").status_code
            == 403
        )
        assert client_as(member).post(f"{API}/{proposed.pk}/signoff/", {}, format="json").status_code == 403
    # The retention commander sees the batches but not the rest of retention, and cannot attach the authority.
    commander_api = client_as(retention_commander)
    assert commander_api.get(f"{API}/{proposed.pk}/").status_code == 200
    assert commander_api.get("/api/v1/retention/holds/").status_code == 403
    assert (
        commander_api.post(f"{API}/{proposed.pk}/authority/", authority_data(), format="multipart").status_code == 403
    )
    # Another department's retention commander and custodian do not find Oakley's batch.
    azusa_commander = make_member(other_department, "retention_commander", Role.RETENTION_COMMANDER)
    azusa_custodian = make_member(other_department, "custodian", Role.CUSTODIAN)
    assert client_as(azusa_commander).post(f"{API}/{proposed.pk}/signoff/", {}, format="json").status_code == 404
    assert (
        client_as(azusa_custodian)
        .post(f"{API}/{proposed.pk}/authority/", authority_data(), format="multipart")
        .status_code
        == 404
    )


def test_a_department_whose_pack_asks_for_none_approves_without_them(db):
    department = load_policy_pack("generic")[0]
    custodian = make_member(department, "custodian", Role.CUSTODIAN)
    pio = make_member(department, "pio", Role.PIO)
    from tests.conftest import make_account

    make_posts(department, pio, [make_account(department, "GeneralPD")], 2, age_days=1000)
    batch = disposition.propose(department=department)
    assert lawful.missing(batch) == []
    assert disposition.approve(by=custodian, batch=batch).status == "approved"


def test_in_the_browser(client, custodian, retention_commander, proposed):
    client.force_login(custodian)
    page = reverse("retention-batch", args=[proposed.pk])
    html = client.get(page).content.decode()
    assert "Authority to destroy" in html and 'enctype="multipart/form-data"' in html
    assert "Still missing before the custodian may approve" in html
    response = client.post(reverse("retention-batch-approve", args=[proposed.pk]), {"note": ""})
    assert response.status_code == 409 and "the retention commander&#x27;s sign-off" in response.content.decode()
    response = client.post(reverse("retention-batch-authority", args=[proposed.pk]), authority_data())
    assert response.status_code == 302
    assert DestructionAuthority.objects.get(batch=proposed).counsel_name == "Derek Cole"
    client.force_login(retention_commander)
    html = client.get(page).content.decode()
    assert "Sign off as Support Services Division Commander" in html
    client.post(reverse("retention-batch-signoff", args=[proposed.pk]), {"note": "Checked."})
    assert DestructionAuthority.objects.get(batch=proposed).signed_off_by == retention_commander
    client.force_login(custodian)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("retention-batch-approve", args=[proposed.pk]), {"note": "Reviewed"})
    proposed.refresh_from_db()
    assert proposed.status == "completed"
    assert "Resolution" in client.get(page).content.decode()


def test_helper_gives_every_part(custodian, proposed):
    with_authority(proposed)
    assert lawful.missing(proposed.__class__.objects.get(pk=proposed.pk)) == []
