"""Page layout promises of issue 14: the annual review puts its figures first under a contents list (14.7), and
one date and time format is used everywhere (14.8)."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import timezone
from django.utils.formats import date_format

from reviews import charts, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(chief, reviewer):
    today = timezone.localdate()
    return services.appoint_reviewer(
        by=chief,
        reviewer=reviewer,
        period_start=today - timedelta(days=365),
        period_end=today - timedelta(days=1),
        due_on=today + timedelta(days=20),
    )


def test_the_review_shows_contents_then_figures_then_the_writing_panel(client, reviewer, review):
    client.force_login(reviewer)
    html = client.get(f"/reviews/{review.pk}/").content.decode()
    contents = html.index('id="contents-heading"')
    figures = [
        html.index(f'id="{name}-heading"')
        for name in ("summary", "resources", "effectiveness", "content", "compliance")
    ]
    writing = html.index('id="write-heading"')
    assert contents < min(figures) and max(figures) < writing
    for name in ("summary", "resources", "effectiveness", "content", "compliance", "write"):
        assert f'href="#{name}-heading"' in html


def test_chart_labels_are_drawn_at_least_10_units_on_a_500_wide_chart_shown_at_least_38rem():
    drawing = charts.vertical_bars("Posts per month", ["Jan", "Feb"], [3, 4])
    chart = drawing.getContents()[0]
    assert chart.categoryAxis.labels.fontSize >= 10 and chart.barLabels.fontSize >= 10 and charts.WIDTH == 500
    # 38rem = 608 px for 500 units: 10 units show as 12 px or more.
    css = Path("socialgov/static/socialgov/app.css").read_text()
    assert re.search(r"\.chart \{[^}]*min-width: 38rem", css)


def test_one_date_and_time_format():
    moment = timezone.make_aware(timezone.datetime(2026, 12, 7, 15, 4))
    rendered = Template('{{ d|date }}|{{ t|date:"DATETIME_FORMAT" }}').render(
        Context({"d": date(2026, 12, 7), "t": moment})
    )
    assert rendered == "Dec 7, 2026|Dec 7, 2026 15:04"
    # The reminders' text writes dates the same way.
    assert date_format(date(2026, 12, 7)) == f"{date(2026, 12, 7):%b %-d, %Y}"


def test_no_template_writes_its_own_date_format():
    own = [
        str(path)
        for path in Path("templates").rglob("*.html")
        if re.search(r'\|date:"(?!DATETIME_FORMAT|Y")', path.read_text())
    ]
    assert own == []
