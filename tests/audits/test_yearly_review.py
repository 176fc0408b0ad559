"""A review every year (3xx.6 "at least annually"; issue 16.5): with no review appointed past the anniversary of
the last period's end, the chief is flagged on the dashboard and reminded 30 days before and on the day; the next
report's compliance checks say whether a year passed without a review; gaps between periods are shown."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from notifications import reminders
from notifications.models import Notification
from reviews import yearly
from reviews.report import compile_report
from reviews.services import appoint_reviewer

pytestmark = pytest.mark.django_db


def at(day: date) -> datetime:
    return datetime.combine(day, time(9), tzinfo=timezone.get_current_timezone())


def appoint(chief, reviewer, start, end):
    return appoint_reviewer(
        by=chief, reviewer=reviewer, period_start=start, period_end=end, due_on=end + timedelta(days=30)
    )


def test_the_chief_is_reminded_and_flagged_30_days_before_a_year_passes(client, department, chief, reviewer):
    today = timezone.localdate()
    last_end = today - timedelta(days=400)
    appoint(chief, reviewer, last_end - timedelta(days=364), last_end)
    due = yearly.anniversary(last_end)
    assert yearly.coverage(department, due - timedelta(days=31)).flagged is False
    reminders.run(now=at(due - timedelta(days=31)))
    assert not Notification.objects.filter(kind="reviews.yearly").exists()
    for days_before in (30, 29, 10):
        reminders.run(now=at(due - timedelta(days=days_before)))
    told = Notification.objects.filter(kind="reviews.yearly")
    assert [n.recipient for n in told.all()] == [chief] and "due by" in told.get().subject
    reminders.run(now=at(due))
    reminders.run(now=at(due + timedelta(days=3)))
    assert told.all().count() == 2 and "A year without" in told.order_by("-id").first().subject
    # On the chief's dashboard (today is past the anniversary).
    client.force_login(chief)
    assert 'data-flag="yearly-review"' in client.get("/").content.decode()
    client.force_login(reviewer)
    assert 'data-flag="yearly-review"' not in client.get("/").content.decode()
    # Appointing a review for the year since clears the flag.
    appoint(chief, reviewer, last_end + timedelta(days=1), today)
    assert yearly.coverage(department).flagged is False
    client.force_login(chief)
    assert 'data-flag="yearly-review"' not in client.get("/").content.decode()


def test_a_department_never_reviewed_is_flagged_a_year_after_it_began(department, chief):
    began = timezone.localdate(department.created_at)
    assert not yearly.coverage(department).flagged
    found = yearly.coverage(department, yearly.anniversary(began) - timedelta(days=30))
    assert found.flagged and found.last_period_end is None and not found.overdue
    reminders.run(now=at(yearly.anniversary(began)))
    assert Notification.objects.filter(kind="reviews.yearly", recipient=chief).count() == 1


def test_gaps_and_the_next_reports_compliance(client, department, chief, reviewer):
    first_end = date(2024, 6, 30)
    appoint(chief, reviewer, date(2023, 7, 1), first_end)
    second = appoint(chief, reviewer, date(2025, 9, 1), date(2026, 8, 31))
    found = yearly.coverage(department, date(2026, 9, 1))
    assert found.gaps == [{"from": "2024-07-01", "to": "2025-08-31", "days": 427}]
    check = compile_report(department, second.period_start, second.period_end)["compliance"]["yearly_review"]
    assert check["year_without_review"] is True and check["previous_period_end"] == "2024-06-30"
    assert check["gaps"] == found.gaps
    client.force_login(chief)
    assert "Gaps between review periods: 2024-07-01 to 2025-08-31" in client.get("/reviews/").content.decode()
