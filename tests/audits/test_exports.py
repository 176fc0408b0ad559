"""The review as PDF (with its charts drawn on the server) and as CSV."""

import csv
import io

import pytest
from pypdf import PdfReader

from audits.models import AnnualReview
from reviews import exports, services
from reviews.charts import charts, to_svg
from tests.audits.activity import Y

pytestmark = pytest.mark.django_db

CHARTS = ["chart-posts-per-month", "chart-engagement-by-category", "chart-flags-by-code"]


@pytest.fixture
def review(built_year, db):
    return AnnualReview.objects.get(pk=built_year.review.pk)


def forms_of(reader: PdfReader) -> dict:
    """The PDF's form XObjects by name, with their content streams."""
    found = {}
    for page in reader.pages:
        xobjects = page.get("/Resources", {}).get("/XObject", {})
        for name, ref in xobjects.items():
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Form":
                found[str(name)] = xobject.get_data()
    return found


def test_the_pdf_has_the_department_the_period_and_the_charts(client, review, built_year):
    client.force_login(built_year.reviewer)
    response = client.get(f"/reviews/{review.pk}/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f'filename="annual-review-oakley-{Y}-01-01-{Y}-12-31.pdf"' in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Oakley Police Department" in text
    assert f"Period: {Y}-01-01 to {Y}-12-31" in text
    assert "§322.6" in text and "Posts published per month" in text
    forms = forms_of(reader)
    for chart in CHARTS:
        name = next((key for key in forms if chart in key), None)
        assert name, f"no {chart} in {sorted(forms)}"
        # Bars are drawn as filled rectangles in the chart's own content stream.
        assert b" re" in forms[name] and b"f" in forms[name]
    assert reader.metadata.title.startswith("Oakley Police Department: annual review")


def test_the_pdf_of_a_submitted_report_shows_its_frozen_figures(review, built_year):
    review = services.submit_review(
        by=built_year.reviewer,
        review=review,
        findings="Posting is steady.",
        recommendations="Keep the templates clean.",
    )
    text = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(exports.pdf(review, services.report_of(review)))).pages
    )
    assert "Posting is steady." in text and "frozen at submission" in text and "Submitted to the chief" in text


def test_the_csv_has_every_table(client, review, built_year):
    client.force_login(built_year.chief)
    response = client.get(f"/reviews/{review.pk}/report.csv")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    titles = [row[0] for i, row in enumerate(rows) if len(row) == 1 and (i == 0 or not rows[i - 1])]
    assert titles == [
        "Annual review",
        "Summary",
        "Accounts",
        "Authorized members",
        "Training of authorized members",
        "Posts per month",
        "Posts per category",
        "Posts per account",
        "Approval turnaround",
        "Engagement per post",
        "Engagement by category",
        "Flags by code",
        "Overrides",
        "Content reports",
        "Removals",
        "Accounts with an incomplete checklist",
        "Authorizations granted without current training",
        "Training expired in the period",
    ]
    assert ["Department", "Oakley Police Department"] in rows and ["Period start", f"{Y}-01-01"] in rows
    months = rows[rows.index(["Posts per month"]) + 2 : rows.index(["Posts per month"]) + 14]
    assert [int(count) for _month, count in months] == [1, 1, 2, 1, 1, 0, 1, 0, 1, 0, 1, 2]


def test_the_csv_keeps_formulas_as_text(review, built_year):
    review.findings = '=HYPERLINK("http://evil.example")'
    text = exports.csv_text(review, services.report_of(review))
    assert "'=HYPERLINK" in text


def test_the_charts_render_as_svg_without_style_attributes(review):
    for chart in charts(services.report_of(review)):
        svg = to_svg(chart)
        assert svg.startswith("<svg") and 'role="img"' in svg and "style=" not in svg
        assert f'id="{chart.name}-clip"' in svg and "<rect" in svg
        assert f'<title id="{chart.name}-title">{chart.title}</title>' in svg


def test_the_review_page_shows_each_chart_as_an_svg_image(client, review, built_year):
    """An image, not inline markup: the page marks nothing safe, and an SVG image runs no script."""
    import base64
    import re

    client.force_login(built_year.reviewer)
    html = client.get(f"/reviews/{review.pk}/").content.decode()
    images = re.findall(r'<img class="chart" src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)">', html)
    assert [alt.split(".")[0] for _, alt in images] == [chart.title for chart in charts(services.report_of(review))]
    for data, _ in images:
        svg = base64.b64decode(data).decode()
        assert 'xmlns="http://www.w3.org/2000/svg"' in svg[: svg.index(">")] and "<rect" in svg
    assert "<svg" not in html
