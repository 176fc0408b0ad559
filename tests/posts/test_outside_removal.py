"""Removal of content found outside the app (issue 16.6): a supervisor records that content socialgov did not
publish, named by a member's report, was removed from public view (how, when); that opens the same removal
investigation as a post published through socialgov, which must be resolved (3xx.5)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from audits.models import AuditEvent
from notifications.models import Notification
from posts import services
from posts.models import RemovalInvestigation
from tests.api.conftest import AuditCount, client_as

pytestmark = pytest.mark.django_db
OUTSIDE = "https://www.facebook.com/someone.else/posts/991"


@pytest.fixture
def outside_report(member):
    return services.report_content(
        by=member, description="A fake 'Oakley PD' page posted a suspect's address.", url=OUTSIDE
    )


def test_a_report_about_content_socialgov_did_not_publish_is_marked_removed_and_investigated(
    outside_report, supervisor, chief, member, pio
):
    url = f"/api/v1/content-reports/{outside_report.pk}/removed/"
    when = (timezone.now() - timedelta(hours=2)).isoformat()
    assert client_as(member).post(url, {"how": "x", "removed_at": when}, format="json").status_code == 403
    assert client_as(chief).post(url, {"how": "x", "removed_at": when}, format="json").status_code == 403
    assert client_as(pio).post(url, {"how": "x", "removed_at": when}, format="json").status_code == 404
    with AuditCount() as audit:
        assert client_as(supervisor).post(url, {"removed_at": when}, format="json").json().keys() == {"how"}
        future = (timezone.now() + timedelta(days=1)).isoformat()
        response = client_as(supervisor).post(url, {"how": "Taken down", "removed_at": future}, format="json")
        assert response.status_code == 400 and "removed_at" in response.json()
    assert audit.written == 0
    response = client_as(supervisor).post(
        url, {"how": "Facebook removed it at our request.", "removed_at": when}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["report"] == outside_report.pk and body["post"] is None and body["is_open"] is True
    investigation = RemovalInvestigation.objects.get(pk=body["id"])
    assert OUTSIDE in investigation.reason and "Facebook removed it" in investigation.reason
    event = AuditEvent.objects.get(action="posts.report.removed")
    assert event.actor == supervisor and event.after["investigation"] == investigation.pk
    assert Notification.objects.filter(kind="posts.investigation_opened", recipient=chief).exists()
    assert client_as(supervisor).post(url, {"how": "again", "removed_at": when}, format="json").status_code == 409
    report = client_as(supervisor).get(f"/api/v1/content-reports/{outside_report.pk}/").json()
    assert report["removal_how"] == "Facebook removed it at our request."
    # The same investigation as a removed post: open until a supervisor resolves it.
    response = client_as(supervisor).post(
        f"/api/v1/investigations/{investigation.pk}/resolve/",
        {"cause": "An impostor page.", "resolution": "Reported to Facebook."},
        format="json",
    )
    assert response.status_code == 200 and response.json()["is_open"] is False


def test_a_report_about_a_post_socialgov_published_is_removed_through_the_post(supervisor, member, published):
    report = services.report_content(by=member, description="Wrong number.", post=published)
    response = client_as(supervisor).post(
        f"/api/v1/content-reports/{report.pk}/removed/",
        {"how": "x", "removed_at": timezone.now().isoformat()},
        format="json",
    )
    assert response.status_code == 409


def test_in_the_browser(client, outside_report, supervisor):
    client.force_login(supervisor)
    html = client.get(f"/reports/{outside_report.pk}/").content.decode()
    assert "record its removal" in html
    when = timezone.localtime(timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        f"/reports/{outside_report.pk}/removed/", {"how": "The member deleted it.", "removed_at": when}
    )
    investigation = RemovalInvestigation.objects.get(report=outside_report)
    assert response.status_code == 302 and response["Location"] == f"/investigations/{investigation.pk}/"
    html = client.get(f"/investigations/{investigation.pk}/").content.decode()
    assert "content socialgov did not publish" in html and OUTSIDE in html
