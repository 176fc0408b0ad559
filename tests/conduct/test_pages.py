"""The conduct pages in the browser (issue 15.6): the same services as the API, 400 naming the field, 409 for a
wrong state; the list endpoints' query counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conduct import services
from conduct.models import ConductReview, PermissionRequest
from people.roles import Role
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


def signed_in(client, member):
    services.acknowledge(by=member, version=1, signature=member.get_full_name())
    client.force_login(member)
    return client


def test_a_supervisor_starts_a_random_review_in_the_browser_and_sees_its_seed(client, gpd):
    signed_in(client, gpd.supervisor)
    response = client.post(reverse("conduct:review-create"), {"kind": "random", "sample_size": "3", "seed": "4711"})
    review = ConductReview.objects.get()
    assert response.status_code == 302 and response.url == reverse("conduct:review", args=[review.pk])
    page = client.get(response.url).content.decode()
    assert "4711" in page and review.members.count() == 3


def test_a_for_cause_review_without_a_reason_is_400_naming_the_field(client, gpd):
    signed_in(client, gpd.supervisor)
    response = client.post(reverse("conduct:review-create"), {"kind": "for_cause", "members": [gpd.officer.pk]})
    assert response.status_code == 400 and "reason" in response.context["form"].errors
    assert not ConductReview.objects.exists()


def test_the_browser_refuses_a_changed_checklist_once_a_candidate_started(client, gpd):
    round_ = services.create_round(
        by=gpd.background, name="Dispatcher", checklist=["Search engines"], attestation="Lawful only."
    )
    candidate = services.add_candidate(by=gpd.background, round=round_, name="Riley Chen")
    signed_in(client, gpd.background)
    changed = client.post(reverse("conduct:round-checklist", args=[round_.pk]), {"checklist": "A\nB"})
    assert changed.status_code == 302
    round_.refresh_from_db()
    services.record_search(
        by=gpd.background, candidate=candidate, check_key=round_.check_keys[0], method="x", lawful_attested=True
    )
    refused = client.post(reverse("conduct:round-checklist", args=[round_.pk]), {"checklist": "C"})
    assert refused.status_code == 409
    round_.refresh_from_db()
    assert [c["label"] for c in round_.checklist] == ["A", "B"]


def test_a_member_reports_a_posting_in_the_browser(client, gpd):
    signed_in(client, gpd.officer)
    response = client.post(
        reverse("conduct:report-create"),
        {"url": "https://www.example.com/x", "description": "Shows a suspect.", "subject_member": gpd.colleague.pk},
    )
    assert response.status_code == 302
    assert client.post(reverse("conduct:report-create"), {"description": "x"}).status_code == 400


def test_the_menu_shows_reviews_and_vetting_only_to_whom_they_open(client, gpd):
    signed_in(client, gpd.officer)
    page = client.get(reverse("conduct:home")).content.decode()
    assert reverse("conduct:home") in page
    assert reverse("conduct:reviews") not in page and reverse("conduct:vetting") not in page
    assert client.get(reverse("conduct:reviews")).status_code == 403
    signed_in(client, gpd.ia)
    assert reverse("conduct:reviews") in client.get(reverse("conduct:home")).content.decode()


@pytest.mark.parametrize("size", [1, 10])
def test_the_permission_request_list_query_count(api, gpd, size, django_assert_max_num_queries):
    until = timezone.localdate() + timedelta(days=30)
    for number in range(size):
        requester = make_member(gpd.department, f"asker{number}", Role.MEMBER, trained=False)
        services.request_permission(by=requester, kind="police_response", description="x", until=until)
    client = api.as_(gpd.chief)
    # 1 the chief's groups 2 designee or not 3 count 4 the page of requests
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/permission-requests/")
    assert response.json()["count"] == size == PermissionRequest.objects.count()
