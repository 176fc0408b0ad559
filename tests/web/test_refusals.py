"""Refusals say who to ask, by who is asking (issue 14.3): the 403 page never tells the chief to ask the chief."""

import pytest

from retention.models import RecordSeries

pytestmark = pytest.mark.django_db


def refused(client, member) -> str:
    """The chief may see records but only the custodian changes a schedule; the others may not see records."""
    client.force_login(member)
    series = RecordSeries.objects.filter(department=member.department).first()
    response = client.get(f"/retention/series/{series.pk}/edit/")
    assert response.status_code == 403
    return response.content.decode()


def test_the_chief_is_not_told_to_ask_the_chief(client, chief):
    html = refused(client, chief)
    assert "Only the records custodian changes a retention schedule" in html
    assert "ask the chief" not in html.lower()
    assert "gives this to another role, not to the chief of police" in html


def test_a_member_is_told_to_ask_their_supervisor_by_name(client, member, supervisor):
    html = refused(client, member)
    assert f"ask your supervisor, {supervisor.display_name}, or the chief of police" in html


def test_a_member_without_a_supervisor_is_told_to_ask_the_chief(client, pio):
    pio.supervisor = None
    pio.save()
    assert "ask the chief of police." in refused(client, pio)


def test_the_reason_is_at_the_top_and_focused(client, member):
    html = refused(client, member)
    assert '<div class="form-errors refusal" role="alert" tabindex="-1" autofocus>' in html
