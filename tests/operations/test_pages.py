"""Undercover operations in the browser (general policy IV.E.2; issue 16.1): the same door as the API. A member not
assigned gets 404; the chief and the custodian see every operation; acting without the right is 403; a state that
does not allow the action is 409; bad input is 400 naming the field."""

from datetime import timedelta

import pytest
from django.utils import timezone

from audits.models import AuditEvent
from operations.models import ExternalPosting, MonitoringEntry, Operation
from tests.api.conftest import grant

pytestmark = pytest.mark.django_db


def test_a_supervisor_proposes_the_chief_approves_the_supervisor_monitors_and_closes(
    client, chief, supervisor, detective, cover
):
    grant(chief, detective, [cover])
    client.force_login(supervisor)
    assert client.get("/operations/new/").status_code == 200
    today = timezone.localdate()
    response = client.post(
        "/operations/new/",
        {
            "name": "Harbor Lights",
            "case_number": "26-0412",
            "monitoring_supervisor": supervisor.pk,
            "members": [detective.pk],
            "accounts": [cover.pk],
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=90)).isoformat(),
        },
    )
    operation = Operation.objects.get()
    assert response.status_code == 302 and response.url == f"/operations/{operation.pk}/"
    assert client.post(f"/operations/{operation.pk}/approve/").status_code == 403
    assert client.post(f"/operations/{operation.pk}/log/", {"note": "x"}).status_code == 409
    client.force_login(chief)
    assert "Approve the operation" in client.get(f"/operations/{operation.pk}/").content.decode()
    assert client.post(f"/operations/{operation.pk}/approve/").status_code == 302
    assert client.post(f"/operations/{operation.pk}/approve/").status_code == 409
    assert client.post(f"/operations/{operation.pk}/log/", {"note": "x"}).status_code == 403
    client.force_login(supervisor)
    assert client.post(f"/operations/{operation.pk}/log/", {"note": ""}).status_code == 400
    assert client.post(f"/operations/{operation.pk}/log/", {"note": "Checked the page."}).status_code == 302
    assert MonitoringEntry.objects.get().note == "Checked the page."
    client.force_login(detective)
    bad = client.post(f"/operations/{operation.pk}/external-postings/", {"url": "not a link", "text": "Hi"})
    assert bad.status_code == 400 and "url" in bad.context["posting_form"].errors
    assert (
        client.post(
            f"/operations/{operation.pk}/external-postings/",
            {"url": "https://forum.example.org/t/1", "text": "Anyone selling?"},
        ).status_code
        == 302
    )
    assert ExternalPosting.objects.get().sha256
    assert client.post(f"/operations/{operation.pk}/close/", {"note": "Done."}).status_code == 403
    client.force_login(supervisor)
    assert client.post(f"/operations/{operation.pk}/close/", {"note": "Arrests made."}).status_code == 302
    assert client.post(f"/operations/{operation.pk}/close/", {"note": "Again."}).status_code == 409
    assert AuditEvent.objects.filter(action="operations.operation.close").count() == 1
    client.force_login(detective)
    # Closing ended the detective's assignment: the operation is no longer there for them.
    assert client.get(f"/operations/{operation.pk}/").status_code == 404


def test_members_not_assigned_get_404_and_the_chief_and_custodian_see_it(
    client, open_operation, pio, member, commander, custodian, chief, other_chief
):
    for outsider in (pio, member, commander, other_chief):
        client.force_login(outsider)
        assert client.get(f"/operations/{open_operation.pk}/").status_code == 404
        for action in ("approve", "log", "external-postings", "close"):
            assert client.post(f"/operations/{open_operation.pk}/{action}/", {"note": "x"}).status_code == 404
        assert open_operation.name not in client.get("/operations/").content.decode()
    for reader in (chief, custodian):
        client.force_login(reader)
        assert client.get(f"/operations/{open_operation.pk}/").status_code == 200
        assert open_operation.name in client.get("/operations/").content.decode()
    client.force_login(custodian)
    assert client.post(f"/operations/{open_operation.pk}/close/", {"note": "x"}).status_code == 403


def test_only_a_supervisor_or_the_chief_proposes(client, pio, member):
    for someone in (pio, member):
        client.force_login(someone)
        assert client.get("/operations/new/").status_code == 403
