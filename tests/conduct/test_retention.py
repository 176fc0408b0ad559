"""Conduct records on their own retention series, frozen by a legal hold that names the member (issue 15.1, 15.3,
15.5; retention reads them through retention.records)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conduct import services
from conduct.models import ConductReview, PolicyAcknowledgment
from retention import disposition, records
from retention.choices import RecordType
from retention.models import DispositionBatchSeries, RecordSeries

pytestmark = pytest.mark.django_db

CONDUCT_SERIES = {
    "policy_acknowledgments": RecordType.ACKNOWLEDGMENT,
    "permission_requests": RecordType.PERMISSION_REQUEST,
    "conduct_reviews": RecordType.CONDUCT_REVIEW,
    "background_investigations": RecordType.VETTING_CANDIDATE,
}


def test_each_conduct_record_has_its_own_series(gpd):
    installed = dict(
        RecordSeries.objects.filter(department=gpd.department, key__in=CONDUCT_SERIES).values_list("key", "record_type")
    )
    assert installed == CONDUCT_SERIES


def test_a_legal_hold_on_a_member_keeps_their_acknowledgment_from_disposition(api, gpd):
    for member in (gpd.officer, gpd.colleague):
        services.acknowledge(by=member, version=1, signature=member.get_full_name())
    PolicyAcknowledgment.objects.update(acknowledged_at=timezone.now() - timedelta(days=6 * 366))
    placed = api.as_(gpd.chief).post(
        "/api/v1/retention/holds/",
        {
            "matter": "Grievance 2026-14",
            "reason": "The officer's grievance disputes the acknowledgment.",
            "members": [gpd.officer.pk],
        },
        format="json",
    )
    assert placed.status_code == 201 and placed.json()["members"] == [gpd.officer.pk]
    batch = disposition.propose(department=gpd.department)
    part = DispositionBatchSeries.objects.get(batch=batch, series__key="policy_acknowledgments")
    assert (part.record_count, part.held_count) == (1, 1)
    listed = disposition.batch_records(part, records.KIND_FOR_SERIES["policy_acknowledgments"])
    assert list(listed.values_list("member", flat=True)) == [gpd.colleague.pk]


def test_a_hold_names_only_the_departments_members(api, gpd, oakley_chief):
    response = api.as_(gpd.chief).post(
        "/api/v1/retention/holds/", {"matter": "x", "reason": "y", "members": [oakley_chief.pk]}, format="json"
    )
    assert response.status_code == 400 and "members" in response.json()


def test_a_hold_on_one_member_keeps_a_closed_review_of_several_once(api, gpd):
    review = services.open_review(
        by=gpd.supervisor, kind="for_cause", reason="A joint post.", members=[gpd.officer, gpd.colleague]
    )
    services.close_review(by=gpd.supervisor, review=review, outcome="no_concern")
    other = services.open_review(by=gpd.supervisor, kind="for_cause", reason="Another post.", members=[gpd.pio])
    services.close_review(by=gpd.supervisor, review=other, outcome="no_concern")
    ConductReview.objects.update(closed_at=timezone.now() - timedelta(days=6 * 366))
    placed = api.as_(gpd.chief).post(
        "/api/v1/retention/holds/",
        {
            "matter": "Impeachment motion, People v. Doe",
            "reason": "Defence asks for the officer's reviews.",
            "members": [gpd.colleague.pk],
        },
        format="json",
    )
    assert placed.status_code == 201
    batch = disposition.propose(department=gpd.department)
    part = DispositionBatchSeries.objects.get(batch=batch, series__key="conduct_reviews")
    assert (part.record_count, part.held_count) == (1, 1)  # the review of two members is held once
