"""Personal-use reviews (issue 15.3, general policy V.B.1) and reports of members' postings (issue 15.4, V.B.2):
a random draw reproducible from its recorded seed and uniform across 10,000 draws; a for-cause review opened
from a report with its reason; confidential to the chief, the reviewing supervisor and internal affairs (anyone
else: 404), every read an audit event; entries hashed; the member told when it closes."""

import math
from collections import Counter

import pytest
from django.urls import reverse

from audits.models import AuditEvent
from conduct import draw, services
from conduct.models import ConductReview, MemberReport, sha256_text
from notifications.models import Notification
from people.roles import Role
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


def test_a_random_review_draws_the_same_members_again_from_its_recorded_seed(api, gpd):
    for number in range(12):
        make_member(gpd.department, f"officer{number}", Role.MEMBER, trained=False)
    opened = api.as_(gpd.supervisor).post(
        "/api/v1/conduct-reviews/", {"kind": "random", "sample_size": 4}, format="json"
    )
    assert opened.status_code == 201
    review = opened.json()
    assert len(review["members"]) == 4 and review["seed"]
    assert gpd.supervisor.pk not in review["population"]  # the reviewer does not review themselves
    # Anyone with the recorded population and seed draws the same members.
    assert draw.draw(review["population"], 4, review["seed"]) == sorted(review["members"])
    again = api.as_(gpd.supervisor).post(
        "/api/v1/conduct-reviews/", {"kind": "random", "sample_size": 4, "seed": review["seed"]}, format="json"
    )
    assert sorted(again.json()["members"]) == sorted(review["members"])
    event = AuditEvent.objects.get(action="conduct.review.open", object_id=str(review["id"]))
    assert event.after["seed"] == review["seed"] and event.after["population"] == review["population"]


def _uniformity(select, population, sample_size, draws):
    """Counts of each member across `draws` selections, with the two statistics the bounds apply to."""
    counts = Counter()
    for seed in range(draws):
        picked = select(population, sample_size, str(seed))
        assert len(set(picked)) == sample_size
        counts.update(picked)
    p = sample_size / len(population)
    expected = draws * p
    sd = math.sqrt(draws * p * (1 - p))
    worst_z = max(abs(counts[member] - expected) / sd for member in population)
    chi_square = sum((counts[member] - expected) ** 2 / expected for member in population)
    return worst_z, chi_square


# The bounds: 20 members, 5 drawn, 10,000 draws. Each member's count is binomial-like with mean 2,500 and standard
# deviation sqrt(10,000 x 0.25 x 0.75) = 43.3; no member may be more than 5 standard deviations (217) off
# (a fair draw fails this with probability about 20 x 5.7e-7). The chi-square statistic sum((O-E)^2/E) over the
# 20 members may not pass 43.82, the 99.9th percentile of chi-square with 19 degrees of freedom (drawing without
# replacement within a draw only narrows the statistic's spread, so the bound is conservative).
MEMBERS, SAMPLE, DRAWS = 20, 5, 10_000
MAX_Z, MAX_CHI_SQUARE = 5.0, 43.82


def test_across_10000_draws_each_member_is_selected_with_equal_probability():
    population = list(range(101, 101 + MEMBERS))
    worst_z, chi_square = _uniformity(draw.draw, population, SAMPLE, DRAWS)
    assert worst_z < MAX_Z, f"a member's count is {worst_z:.2f} standard deviations from 2,500"
    assert chi_square < MAX_CHI_SQUARE, f"chi-square {chi_square:.2f} over 19 degrees of freedom"


def test_the_bounds_catch_a_draw_that_targets_a_member():
    population = list(range(101, 101 + MEMBERS))

    def targeting(members, size, seed):  # always includes the first member: not random
        return [members[0], *draw.draw(members[1:], size - 1, seed)]

    worst_z, chi_square = _uniformity(targeting, population, SAMPLE, DRAWS)
    assert worst_z > MAX_Z and chi_square > MAX_CHI_SQUARE


def test_bad_input_is_400_naming_the_field(api, gpd):
    client = api.as_(gpd.supervisor)
    assert (
        "sample_size"
        in client.post("/api/v1/conduct-reviews/", {"kind": "random", "sample_size": 500}, format="json").json()
    )
    assert (
        "reason"
        in client.post(
            "/api/v1/conduct-reviews/", {"kind": "for_cause", "members": [gpd.officer.pk]}, format="json"
        ).json()
    )
    assert "kind" in client.post("/api/v1/conduct-reviews/", {"kind": "targeted"}, format="json").json()
    assert not ConductReview.objects.exists()
    assert (
        api.as_(gpd.officer)
        .post("/api/v1/conduct-reviews/", {"kind": "random", "sample_size": 1}, format="json")
        .status_code
        == 403
    )


@pytest.fixture
def reported(api, gpd):
    """The officer reports the colleague's personal page; it goes to the officer's supervisor."""
    response = api.as_(gpd.officer).post(
        "/api/v1/member-reports/",
        {
            "url": "https://www.facebook.com/kim.lu/posts/9",
            "description": "Names a suspect in a pending case.",
            "subject_member": gpd.colleague.pk,
        },
        format="json",
    )
    assert response.status_code == 201
    return MemberReport.objects.get(pk=response.json()["id"])


def test_a_report_goes_confidentially_to_the_reporters_supervisor(api, gpd, reported):
    assert reported.supervisor == gpd.supervisor
    assert Notification.objects.filter(recipient=gpd.supervisor, kind="conduct.report_filed").exists()
    url = f"/api/v1/member-reports/{reported.pk}/"
    for member in (gpd.officer, gpd.supervisor, gpd.chief):
        assert api.as_(member).get(url).status_code == 200
    for member in (gpd.colleague, gpd.designee, gpd.pio, gpd.ia):
        assert api.as_(member).get(url).status_code == 404
    assert "url" in api.as_(gpd.officer).post("/api/v1/member-reports/", {"description": "x"}, format="json").json()


@pytest.fixture
def for_cause(api, gpd, reported):
    response = api.as_(gpd.supervisor).post(
        "/api/v1/conduct-reviews/",
        {"kind": "for_cause", "reason": "The report of a post naming a suspect.", "report": reported.pk},
        format="json",
    )
    assert response.status_code == 201
    return ConductReview.objects.get(pk=response.json()["id"])


def test_a_for_cause_review_is_opened_from_a_report_with_its_reason(api, gpd, reported, for_cause):
    assert list(for_cause.members.all()) == [gpd.colleague]
    assert (for_cause.report, for_cause.reason, for_cause.seed) == (
        reported,
        "The report of a post naming a suspect.",
        "",
    )
    reported.refresh_from_db()
    assert reported.status == "review_opened"
    again = api.as_(gpd.supervisor).post(
        "/api/v1/conduct-reviews/", {"kind": "for_cause", "reason": "Again.", "report": reported.pk}, format="json"
    )
    assert again.status_code == 409
    # Another supervisor cannot open one from a report that did not go to them.
    other = make_member(gpd.department, "supervisor2", Role.SUPERVISOR)
    refused = api.as_(other).post(
        "/api/v1/conduct-reviews/", {"kind": "for_cause", "reason": "x", "report": reported.pk}, format="json"
    )
    assert refused.status_code == 400 and "report" in refused.json()


def test_a_for_cause_review_is_read_only_by_the_chief_its_supervisor_and_internal_affairs(
    api, client, gpd, for_cause, oakley_chief
):
    url = f"/api/v1/conduct-reviews/{for_cause.pk}/"
    readers = (gpd.chief, gpd.supervisor, gpd.ia)
    for member in readers:
        assert api.as_(member).get(url).status_code == 200
    other_supervisor = make_member(gpd.department, "supervisor2", Role.SUPERVISOR)
    others = (gpd.designee, gpd.officer, gpd.colleague, gpd.pio, gpd.background, other_supervisor, oakley_chief)
    for member in others:
        assert api.as_(member).get(url).status_code == 404, member
    reads = AuditEvent.objects.filter(action="conduct.review.read", object_id=str(for_cause.pk))
    assert sorted(reads.values_list("actor_id", flat=True)) == sorted(m.pk for m in readers)
    # The page too: each read is an event, and the list's reads are too.
    client.force_login(gpd.ia)
    client.get("/")
    assert client.get(reverse("conduct:review", args=[for_cause.pk])).status_code == 200
    assert reads.filter(actor=gpd.ia).count() == 2
    assert client.get(reverse("conduct:reviews")).status_code == 200
    assert reads.filter(actor=gpd.ia).count() == 3
    client.force_login(other_supervisor)
    client.get("/")
    assert client.get(reverse("conduct:review", args=[for_cause.pk])).status_code == 404
    assert not reads.filter(actor=other_supervisor).exists()


def test_entries_are_hashed_and_closing_records_the_outcome_and_tells_the_member(api, gpd, for_cause):
    client = api.as_(gpd.supervisor)
    text = "Suspect John Doe did it, see you in court."
    entry = client.post(
        f"/api/v1/conduct-reviews/{for_cause.pk}/entries/",
        {
            "url": "https://www.facebook.com/kim.lu/posts/9",
            "captured_text": text,
            "clause": "§IV.B.3",
            "finding": "Comment on a pending prosecution.",
            "member": gpd.colleague.pk,
        },
        format="json",
    )
    assert entry.status_code == 201
    off_policy = client.post(
        f"/api/v1/conduct-reviews/{for_cause.pk}/entries/",
        {"url": "https://www.facebook.com/kim.lu/posts/9", "clause": "§99.Z"},
        format="json",
    )
    assert off_policy.status_code == 400 and "clause" in off_policy.json()
    assert entry.json()["sha256"] == sha256_text(f"https://www.facebook.com/kim.lu/posts/9\n{text}")
    assert (
        api.as_(gpd.chief)
        .post(f"/api/v1/conduct-reviews/{for_cause.pk}/close/", {"outcome": "counselling"}, format="json")
        .status_code
        == 403
    )
    client = api.as_(gpd.supervisor)  # the one API client, signed in as the supervisor again
    assert (
        "outcome"
        in client.post(f"/api/v1/conduct-reviews/{for_cause.pk}/close/", {"outcome": "fired"}, format="json").json()
    )
    closed = client.post(
        f"/api/v1/conduct-reviews/{for_cause.pk}/close/",
        {"outcome": "internal_affairs", "findings": "Referred."},
        format="json",
    )
    assert closed.status_code == 200 and closed.json()["outcome"] == "internal_affairs"
    told = Notification.objects.get(recipient=gpd.colleague, kind="conduct.review_closed")
    assert "Referred to internal affairs" in told.reason
    assert (
        client.post(
            f"/api/v1/conduct-reviews/{for_cause.pk}/close/", {"outcome": "no_concern"}, format="json"
        ).status_code
        == 409
    )
    assert (
        client.post(
            f"/api/v1/conduct-reviews/{for_cause.pk}/entries/", {"url": "https://x.example/"}, format="json"
        ).status_code
        == 409
    )
    assert MemberReport.objects.get(pk=for_cause.report_id).status == "closed"


def test_the_member_is_not_told_when_the_pack_does_not_say_so(gpd, for_cause):
    policy = dict(gpd.department.policy)
    policy["conduct"] = {**policy["conduct"], "tell_member_when_review_closes": False}
    type(gpd.department).objects.filter(pk=gpd.department.pk).update(policy=policy)
    for_cause.department.refresh_from_db()
    services.close_review(by=gpd.supervisor, review=ConductReview.objects.get(pk=for_cause.pk), outcome="no_concern")
    assert not Notification.objects.filter(kind="conduct.review_closed").exists()
