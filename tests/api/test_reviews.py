"""/api/v1/reviews/ (3xx.6) for every role: allowed, 403, 404 (another department or not appointed), 401; the
409s of the workflow; the list's query count."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audits.models import AnnualReview, AuditEvent
from people.models import Member
from posts.choices import PostStatus
from reviews import services
from tests.audits.activity import facebook_csv

from .conftest import ROLES, URL, AuditCount, client_as, make_post

pytestmark = pytest.mark.django_db

START, END = date(2025, 1, 1), date(2025, 12, 31)
# Who sees a review: the chief (every review of the department) and the appointed reviewer.
SEES = {"chief", "reviewer"}


def appoint(world, reviewer=None):
    return services.appoint_reviewer(
        by=world.chief,
        reviewer=reviewer or world.reviewer,
        period_start=START,
        period_end=END,
        due_on=timezone.localdate() + timedelta(days=30),
    )


@pytest.fixture
def review(world):
    return appoint(world)


@pytest.fixture
def submitted(review, world):
    return services.submit_review(by=world.reviewer, review=review, findings="Found.", recommendations="Recommend.")


def url(review, action=""):
    return f"/api/v1/reviews/{review.pk}/" + (f"{action}/" if action else "")


def expected(role, allowed_roles, success):
    if role == "anonymous":
        return 401
    if role in allowed_roles:
        return success
    return 403 if role in SEES else 404


# Listing and reading


@pytest.mark.parametrize("role", ROLES)
def test_list(role, as_role, review):
    response = as_role(role).get("/api/v1/reviews/")
    if role == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == ([review.pk] if role in SEES else [])


def test_another_departments_chief_lists_none(world, review):
    assert client_as(world.other_chief).get("/api/v1/reviews/").json()["count"] == 0


@pytest.mark.parametrize("role", ROLES)
def test_detail(role, as_role, review):
    response = as_role(role).get(url(review))
    assert response.status_code == expected(role, SEES, 200)
    if response.status_code == 200:
        body = response.json()
        assert body["reviewer"] == review.reviewer_id and body["status"] == "draft"
        assert body["report"]["period"] == {"start": "2025-01-01", "end": "2025-12-31"}
        assert body["links"]["pdf"] == f"/api/v1/reviews/{review.pk}/pdf/"


@pytest.mark.parametrize("other", ["other_chief", "other_pio"])
def test_another_departments_members_get_404(world, review, other):
    client = client_as(getattr(world, other))
    for path in (url(review), url(review, "pdf"), url(review, "csv")):
        assert client.get(path).status_code == 404
    for action in ("submit", "acknowledge", "return", "engagement-import"):
        assert client.post(url(review, action), {}).status_code == 404
    assert client.patch(url(review), {"findings": "x"}).status_code == 404


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind, content_type", [("pdf", "application/pdf"), ("csv", "text/csv; charset=utf-8")])
def test_export(role, as_role, review, kind, content_type):
    response = as_role(role).get(url(review, kind))
    assert response.status_code == expected(role, SEES, 200)
    if response.status_code == 200:
        assert response["Content-Type"] == content_type
        assert response["Content-Disposition"].endswith(f'2025-01-01-2025-12-31.{kind}"')


# Appointing


def appointment(world):
    return {
        "reviewer": world.reviewer.pk,
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "due_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
    }


@pytest.mark.parametrize("role", ROLES)
def test_create(role, as_role, world):
    with AuditCount() as audit:
        response = as_role(role).post("/api/v1/reviews/", appointment(world), format="json")
    if role == "anonymous":
        assert response.status_code == 401
    elif role == "chief":
        assert response.status_code == 201, response.json()
        body = response.json()
        assert (body["reviewer"], body["status"], body["appointed_by"]) == (world.reviewer.pk, "draft", world.chief.pk)
        assert audit.written == 1 and AuditEvent.objects.filter(action="audits.review.appoint").exists()
    else:
        assert response.status_code == 403 and audit.written == 0


def test_create_names_a_member_of_another_department_as_unknown(world):
    data = appointment(world) | {"reviewer": world.other_pio.pk}
    response = client_as(world.chief).post("/api/v1/reviews/", data, format="json")
    assert response.status_code == 400 and "reviewer" in response.json()
    response = client_as(world.other_chief).post("/api/v1/reviews/", appointment(world), format="json")
    assert response.status_code == 400 and "reviewer" in response.json()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("reviewer", "pio", "is not one"),
        ("period_end", "2024-06-30", "must end on or after"),
        ("due_on", "2025-06-30", "cannot be due before"),
    ],
)
def test_create_refuses_what_3xx6_does_not_allow(world, field, value, message):
    data = appointment(world) | {field: getattr(world, value).pk if field == "reviewer" else value}
    response = client_as(world.chief).post("/api/v1/reviews/", data, format="json")
    assert response.status_code == 400 and message in " ".join(response.json()[field])


def test_status_is_not_writable(world):
    data = appointment(world) | {"status": "acknowledged", "figures_sha256": "x"}
    response = client_as(world.chief).post("/api/v1/reviews/", data, format="json")
    assert response.status_code == 201 and response.json()["status"] == "draft"


# The reviewer's draft and submission


@pytest.mark.parametrize("role", ROLES)
def test_save_draft(role, as_role, review):
    response = as_role(role).patch(url(review), {"findings": "So far so good."}, format="json")
    assert response.status_code == expected(role, {"reviewer"}, 200)
    if response.status_code == 200:
        assert response.json()["findings"] == "So far so good."


@pytest.mark.parametrize("role", ROLES)
def test_submit(role, as_role, review):
    with AuditCount() as audit:
        response = as_role(role).post(url(review, "submit"), {"findings": "F.", "recommendations": "R."}, format="json")
    assert response.status_code == expected(role, {"reviewer"}, 200)
    review.refresh_from_db()
    if role == "reviewer":
        assert response.json()["status"] == "submitted" and review.figures is not None and audit.written == 1
    else:
        assert review.status == "draft" and audit.written == 0


def test_submit_needs_findings_and_recommendations(world, review):
    response = client_as(world.reviewer).post(
        url(review, "submit"), {"findings": "", "recommendations": ""}, format="json"
    )
    assert response.status_code == 400 and set(response.json()) == {"findings", "recommendations"}


def test_a_submitted_review_is_409_to_edit_submit_or_import(world, submitted):
    client = client_as(world.reviewer)
    assert client.patch(url(submitted), {"findings": "later"}, format="json").status_code == 409
    response = client.post(url(submitted, "submit"), {"findings": "F", "recommendations": "R"}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "invalid_transition"


# The chief's decision


@pytest.mark.parametrize(
    "action, data, status",
    [("acknowledge", {}, "acknowledged"), ("return", {"note": "Add the X figures."}, "returned")],
)
@pytest.mark.parametrize("role", ROLES)
def test_acknowledge_and_return(role, as_role, submitted, action, data, status):
    response = as_role(role).post(url(submitted, action), data, format="json")
    assert response.status_code == expected(role, {"chief"}, 200)
    submitted.refresh_from_db()
    assert submitted.status == (status if role == "chief" else "submitted")


@pytest.mark.parametrize("action", ["acknowledge", "return"])
def test_only_a_submitted_review_is_decided(world, review, action):
    response = client_as(world.chief).post(url(review, action), {"note": "n"}, format="json")
    assert response.status_code == 409


def test_return_needs_a_note(world, submitted):
    response = client_as(world.chief).post(url(submitted, "return"), {"note": " "}, format="json")
    assert response.status_code == 400 and "note" in response.json()


# Engagement import


@pytest.mark.parametrize("role", ROLES)
def test_engagement_import(role, as_role, ready, review):
    post = make_post(ready, PostStatus.PUBLISHED)
    data = facebook_csv([(URL, 900, 40, 5, 3, 12)])
    response = as_role(role).post(
        url(review, "engagement-import"),
        {"file": SimpleUploadedFile("fb.csv", data, content_type="text/csv")},
        format="multipart",
    )
    assert response.status_code == expected(role, {"reviewer", "chief"}, 201)
    if response.status_code == 201:
        assert response.json()["matched"] == 1
        assert post.engagements.get().impressions == 900


def test_engagement_import_needs_a_file(world, review):
    response = client_as(world.reviewer).post(url(review, "engagement-import"), {}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()


# Query counts


def add_reviews(world, count):
    reviewer = world.reviewer
    AnnualReview.objects.bulk_create(
        AnnualReview(
            department=world.department,
            reviewer=reviewer,
            appointed_by=world.chief,
            period_start=date(2000 + n, 1, 1),
            period_end=date(2000 + n, 12, 31),
            due_on=date(2001 + n, 3, 1),
        )
        for n in range(count)
    )


@pytest.mark.parametrize("size", [3, 30])
def test_list_query_count(world, size, django_assert_max_num_queries):
    add_reviews(world, size)
    client = client_as(Member.objects.get(pk=world.chief.pk))
    # 1 the chief's groups (roles), 2 COUNT of the visible reviews, 3 one page of them with the reviewer, the
    # appointing chief and the deciding chief joined in.
    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/reviews/")
    assert response.json()["count"] == size
