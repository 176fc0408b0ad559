"""The audit trail in the Django admin is read-only, filterable and searchable."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from audits.models import AuditEvent

from .helpers import record

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:audits_auditevent_changelist")


@pytest.fixture
def oakley_event(department, chief):
    return record(actor=chief, department=department, action="tests.oakley_change", after={"case": "OAK-1"})


@pytest.fixture
def azusa_event(other_department, other_chief):
    return record(actor=other_chief, department=other_department, action="tests.azusa_change")


def listed(response) -> set[int]:
    return {event.pk for event in response.context["cl"].result_list}


def test_superuser_lists_filters_and_searches_events(admin_client, oakley_event, azusa_event):
    response = admin_client.get(CHANGELIST)
    assert response.status_code == 200
    assert {oakley_event.pk, azusa_event.pk} <= listed(response)

    by_department = admin_client.get(CHANGELIST, {"department__id__exact": oakley_event.department_id})
    assert oakley_event.pk in listed(by_department) and azusa_event.pk not in listed(by_department)

    by_action = admin_client.get(CHANGELIST, {"action": "tests.azusa_change"})
    assert listed(by_action) == {azusa_event.pk}

    by_search = admin_client.get(CHANGELIST, {"q": "oakley_change"})
    assert listed(by_search) == {oakley_event.pk}


def test_nobody_adds_changes_or_deletes_events_in_the_admin(admin_client, oakley_event):
    assert admin_client.get(reverse("admin:audits_auditevent_add")).status_code == 403
    change_url = reverse("admin:audits_auditevent_change", args=[oakley_event.pk])
    page = admin_client.get(change_url)
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert b"OAK-1" in page.content  # the "after" snapshot is shown
    assert admin_client.post(change_url, {"action": "tests.rewritten"}).status_code == 403
    assert admin_client.post(reverse("admin:audits_auditevent_delete", args=[oakley_event.pk])).status_code == 403
    assert b"delete_selected" not in admin_client.get(CHANGELIST).content
    assert AuditEvent.objects.get(pk=oakley_event.pk).action == "tests.oakley_change"


def test_department_staff_see_only_their_own_departments_events(client, custodian, oakley_event, azusa_event):
    custodian.is_staff = True
    custodian.save()
    custodian.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    client.force_login(custodian)
    assert listed(client.get(CHANGELIST)) == set(
        AuditEvent.objects.filter(department=custodian.department).values_list("pk", flat=True)
    )
    other = reverse("admin:audits_auditevent_change", args=[azusa_event.pk])
    assert client.get(other).status_code == 302  # the admin's "not found" redirects to the index


def test_changelist_query_count_does_not_grow_with_events(admin_client, department, django_assert_num_queries):
    for _ in range(3):
        record(department=department)
    admin_client.get(CHANGELIST)
    for _ in range(20):
        record(department=department)
    # session, user, departments with events (filter), count of the filtered list,
    # page of events joined to their departments, the user's groups (the
    # current_member context processor), the distinct actions (filter) and the count of pending events
    # (audits.sequencer, over its partial index).
    with django_assert_num_queries(8):
        admin_client.get(CHANGELIST)
