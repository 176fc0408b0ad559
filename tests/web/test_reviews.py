"""The annual review's pages (3xx.6): the list, the chief's appointment, the review page the reviewer writes on and
the chief decides on, the engagement upload and the downloads, for every persona."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audits.models import AnnualReview, EngagementImport
from reviews import services
from tests.conftest import make_member
from tests.web import login_redirect

pytestmark = pytest.mark.django_db

PERSONAS = ["chief", "pio", "supervisor", "commander", "custodian", "reviewer", "member"]
SEES = {"chief", "reviewer"}
START, END = date(2025, 1, 1), date(2025, 12, 31)


@pytest.fixture
def review(chief, reviewer):
    return services.appoint_reviewer(
        by=chief,
        reviewer=reviewer,
        period_start=START,
        period_end=END,
        due_on=timezone.localdate() + timedelta(days=30),
    )


@pytest.fixture
def submitted(review, reviewer):
    return services.submit_review(by=reviewer, review=review, findings="Found.", recommendations="Recommend.")


def pages(review):
    return [f"/reviews/{review.pk}/", f"/reviews/{review.pk}/report.pdf", f"/reviews/{review.pk}/report.csv"]


def test_anonymous_is_sent_to_sign_in(client, review):
    for url in ["/reviews/", "/reviews/new/", *pages(review)]:
        response = client.get(url)
        assert response.status_code == 302 and response.url == login_redirect(url)
    for action in ("", "engagement/", "acknowledge/", "return/"):
        url = f"/reviews/{review.pk}/{action}"
        assert client.post(url).url == login_redirect(url)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_list(client, request, persona, review):
    client.force_login(request.getfixturevalue(persona))
    html = client.get("/reviews/").content.decode()
    assert (f'href="/reviews/{review.pk}/"' in html) == (persona in SEES)
    assert ("Appoint a reviewer" in html) == (persona == "chief")
    if persona not in SEES:
        assert "No review is appointed to you." in html


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_review_pages(client, request, persona, review):
    client.force_login(request.getfixturevalue(persona))
    for url in pages(review):
        assert client.get(url).status_code == (200 if persona in SEES else 404)


def test_another_departments_chief_gets_404(client, other_chief, review):
    client.force_login(other_chief)
    for url in pages(review):
        assert client.get(url).status_code == 404
    for action in ("", "engagement/", "acknowledge/", "return/"):
        assert client.post(f"/reviews/{review.pk}/{action}", {"note": "n"}).status_code == 404


def test_the_reviewers_page(client, reviewer, review):
    client.force_login(reviewer)
    html = client.get(f"/reviews/{review.pk}/").content.decode()
    assert "Submit to the chief" in html and "Save draft" in html and "Import engagement" in html
    assert html.count('<img class="chart" src="data:image/svg+xml;base64,') == 3
    assert "style=" not in html.split("<main")[1]
    assert 'alt="Posts per month. ' in html and "§322.6" in html
    assert "Acknowledge report" not in html


def test_the_chiefs_page_for_a_draft_and_for_a_submitted_report(client, chief, review, reviewer):
    client.force_login(chief)
    html = client.get(f"/reviews/{review.pk}/").content.decode()
    assert "Submit to the chief" not in html and "Acknowledge report" not in html
    assert "Import engagement" in html  # the chief may import too
    services.submit_review(by=reviewer, review=review, findings="Found <b>this</b>.", recommendations="Do that.")
    html = client.get(f"/reviews/{review.pk}/").content.decode()
    assert "Acknowledge report" in html and "Return to the reviewer" in html and "Import engagement" not in html
    assert "Found &lt;b&gt;this&lt;/b&gt;." in html and "Frozen at submission" in html


@pytest.mark.parametrize("persona", PERSONAS)
def test_appointing(client, request, persona, reviewer):
    member = request.getfixturevalue(persona)
    client.force_login(member)
    response = client.get("/reviews/new/")
    if persona != "chief":
        assert response.status_code == 403
        assert client.post("/reviews/new/", {}).status_code == 403
        return
    html = response.content.decode()
    assert f'value="{reviewer.pk}"' in html
    data = {
        "reviewer": reviewer.pk,
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "due_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
    }
    response = client.post("/reviews/new/", data)
    review = AnnualReview.objects.get()
    assert response.status_code == 302 and response.url == f"/reviews/{review.pk}/"


def test_only_supervisors_are_offered_and_bad_dates_are_explained(client, chief, reviewer, pio):
    client.force_login(chief)
    html = client.get("/reviews/new/").content.decode()
    assert f'value="{pio.pk}"' not in html
    response = client.post(
        "/reviews/new/",
        {"reviewer": reviewer.pk, "period_start": "2025-01-01", "period_end": "2025-12-31", "due_on": "2025-06-01"},
    )
    assert response.status_code == 200 and "cannot be due before" in response.content.decode()
    assert not AnnualReview.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_saving_and_submitting(client, request, persona, review):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(f"/reviews/{review.pk}/", {"findings": "F.", "recommendations": "R.", "action": "submit"})
    review.refresh_from_db()
    if persona == "reviewer":
        assert response.status_code == 302 and review.status == "submitted"
    else:
        assert response.status_code == (403 if persona in SEES else 404) and review.status == "draft"


def test_saving_a_draft(client, reviewer, review):
    client.force_login(reviewer)
    response = client.post(
        f"/reviews/{review.pk}/", {"findings": "Half done.", "recommendations": "", "action": "save"}
    )
    review.refresh_from_db()
    assert response.status_code == 302 and (review.findings, review.status) == ("Half done.", "draft")


def test_submitting_without_findings_shows_the_errors(client, reviewer, review):
    client.force_login(reviewer)
    response = client.post(f"/reviews/{review.pk}/", {"findings": "", "recommendations": "", "action": "submit"})
    assert response.status_code == 400 and "before submitting it to the chief" in response.content.decode()


def test_submitting_twice_is_409(client, reviewer, submitted):
    client.force_login(reviewer)
    response = client.post(f"/reviews/{submitted.pk}/", {"findings": "F", "recommendations": "R", "action": "submit"})
    assert response.status_code == 409


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action, status", [("acknowledge", "acknowledged"), ("return", "returned")])
def test_the_chief_decides(client, request, persona, submitted, action, status):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(f"/reviews/{submitted.pk}/{action}/", {"note": "Please add the X figures."})
    submitted.refresh_from_db()
    if persona == "chief":
        assert response.status_code == 302 and submitted.status == status
    else:
        assert response.status_code == (403 if persona in SEES else 404) and submitted.status == "submitted"


def test_returning_needs_a_note(client, chief, submitted):
    client.force_login(chief)
    response = client.post(f"/reviews/{submitted.pk}/return/", {"note": ""})
    assert response.status_code == 400 and "Tell the reviewer what to change." in response.content.decode()


def test_deciding_a_draft_is_409(client, chief, review):
    client.force_login(chief)
    assert client.post(f"/reviews/{review.pk}/acknowledge/").status_code == 409


def test_a_file_it_cannot_map_is_explained_on_the_page(client, reviewer, review):
    client.force_login(reviewer)
    upload = SimpleUploadedFile("page.csv", b"Date,Page likes\n2025-01-01,5\n", content_type="text/csv")
    response = client.post(f"/reviews/{review.pk}/engagement/", {"file": upload})
    assert response.status_code == 400 and "match no platform" in response.content.decode()
    assert not EngagementImport.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_uploading(client, request, persona, review):
    client.force_login(request.getfixturevalue(persona))
    upload = SimpleUploadedFile("page.csv", b"Date,Page likes\n2025-01-01,5\n", content_type="text/csv")
    response = client.post(f"/reviews/{review.pk}/engagement/", {"file": upload})
    # Allowed: the file is then refused for its columns (400); not allowed: 404 before the file is read.
    assert response.status_code == (400 if persona in SEES else 404)


@pytest.mark.parametrize("size", [3, 30])
def test_the_list_query_count(client, chief, reviewer, size, django_assert_max_num_queries):
    AnnualReview.objects.bulk_create(
        AnnualReview(
            department=chief.department,
            reviewer=reviewer,
            appointed_by=chief,
            period_start=date(1990 + n, 1, 1),
            period_end=date(1990 + n, 12, 31),
            due_on=date(1991 + n, 3, 1),
        )
        for n in range(size)
    )
    client.force_login(chief)
    # 1 the session, 2 the member, 3 their groups, 4 the department (layout), 5 the reviews with their reviewer,
    # appointing and deciding chief, 6 the header's unread count, 7-9 the navigation's people permissions.
    with django_assert_max_num_queries(9):
        response = client.get("/reviews/")
    assert response.content.decode().count('<th scope="row" data-label="Review">') == size


def test_a_supervisor_not_appointed_sees_the_list_empty(client, department, review):
    other = make_member(department, "sergeant", "supervisor")
    client.force_login(other)
    assert "No review is appointed to you." in client.get("/reviews/").content.decode()
    assert client.get(f"/reviews/{review.pk}/").status_code == 404
