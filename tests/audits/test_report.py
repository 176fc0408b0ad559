"""The annual review's report (3xx.6) against a year of activity (tests/audits/activity.py): every figure is
checked against the data it was built from, and a submitted report does not change when the data does."""

from collections import Counter
from datetime import date
from statistics import fmean, median

import pytest

from audits.models import AnnualReview
from posts import services as posts
from posts.models import Post, Publication
from reviews import services
from reviews.report import compile_report
from tests.audits import activity
from tests.audits.activity import COVERT, END, ENGAGEMENT, POSTS, REJECTED, START, Y, at

pytestmark = pytest.mark.django_db

IN_PERIOD = [spec for spec in POSTS if spec.key != "next_year"]
FINDINGS = "Posting kept to the authorized categories; two issues remain open."
RECOMMENDATIONS = "Clear templates after use; restore the Instagram page's contact information."


@pytest.fixture
def world(built_year, db):
    return built_year


@pytest.fixture
def review(world):
    return AnnualReview.objects.get(pk=world.review.pk)


@pytest.fixture(scope="module")
def module_report(built_year):
    return compile_report(built_year.department, START, END)


@pytest.fixture
def report(module_report, db):
    return module_report


def label(department, key):
    return next(c["label"] for c in department.categories if c["key"] == key)


def test_the_period_and_the_department(report, department):
    assert report["period"] == {"start": f"{Y}-01-01", "end": f"{Y}-12-31"}
    assert report["department"] == {
        "name": "Oakley Police Department",
        "policy_number": "322",
        "policy_title": "Department Use of Social Media",
        "section": "§322.6",
    }


def test_accounts_with_their_platforms_approval_dates_and_posts(report, world):
    per_account = Counter(account for spec in IN_PERIOD for account in spec.accounts)
    assert report["resources"]["accounts"] == [
        {
            "id": world.accounts[key].pk,
            "platform": platform,
            "platform_label": platform_label,
            "handle": handle,
            "approved_on": approved,
            "approved_by": world.chief.display_name,
            "posts": per_account[key],
            "checklist_missing": missing,
        }
        for key, platform, platform_label, handle, approved, missing in [
            ("fb", "facebook", "Facebook", "OakleyPD", f"{Y - 1}-12-01", []),
            ("ig", "instagram", "Instagram", "oakley_pd", f"{Y}-02-01", [contact_label(world.department)]),
            ("x", "x", "X (Twitter)", "OakleyPD", f"{Y - 1}-12-02", []),
        ]
    ]
    assert [row["count"] for row in report["resources"]["posts"]["by_account"]] == [6, 2, 4]


def contact_label(department):
    return next(
        item["label"] for item in department.policy["page_requirements"] if item["key"] == "contact_information"
    )


def test_posts_per_category_and_per_month(report, department):
    posts_figures = report["resources"]["posts"]
    assert posts_figures["total"] == len(IN_PERIOD) == 11
    categories = Counter(spec.category for spec in IN_PERIOD)
    assert posts_figures["by_category"] == [
        {"key": c["key"], "label": c["label"], "count": categories.get(c["key"], 0)} for c in department.categories
    ]
    months = Counter(spec.published.month for spec in IN_PERIOD)
    assert [(m["month"], m["label"], m["count"]) for m in posts_figures["by_month"]] == [
        (f"{Y}-{month:02}", date(Y, month, 1).strftime("%b %Y"), months.get(month, 0)) for month in range(1, 13)
    ]
    assert [m["count"] for m in posts_figures["by_month"]] == [1, 1, 2, 1, 1, 0, 1, 0, 1, 0, 1, 2]


def test_approval_turnaround(report):
    hours = [spec.turnaround for spec in [*IN_PERIOD, REJECTED]]
    assert report["resources"]["approvals"] == {
        "decisions": 12,
        "approved": 11,
        "changes_requested": 0,
        "rejected": 1,
        "timed": 12,
        "median_hours": round(median(hours), 1),
        "mean_hours": round(fmean(hours), 1),
        "max_hours": 48.0,
        "limit_hours": 24,
        "over_limit": 2,
    }
    assert (report["resources"]["approvals"]["median_hours"], report["resources"]["approvals"]["mean_hours"]) == (
        4.5,
        10.2,
    )


def test_authorized_members_and_their_training(report, world):
    members = report["resources"]["authorized_members"]
    assert [m["member"] for m in members] == [world.pio.display_name, world.rookie.display_name]
    pio, rookie = members
    assert [a["id"] for a in pio["authorizations"]] == [world.pio.authorizations.get().pk]
    assert pio["authorizations"][0]["accounts"] == [
        "Covert account",
        "Facebook OakleyPD",
        "Instagram oakley_pd",
        "X (Twitter) OakleyPD",
    ]
    assert all(t["current_at_end"] and t["completed_on"] == f"{Y - 1}-12-01" for t in pio["training"])
    assert len(pio["training"]) == 5
    assert rookie["authorizations"] == [
        {
            "id": world.bad_authorization.pk,
            "accounts": ["Facebook OakleyPD"],
            "starts_on": f"{Y}-06-01",
            "expires_on": f"{Y}-12-01",
            "revoked_on": None,
        }
    ]
    assert not any(t["current_at_end"] or t["completed_on"] for t in rookie["training"])


def expected_engagement(world):
    totals = {}
    for (key, _account), (impressions, reactions, shares, comments, clicks) in ENGAGEMENT.items():
        row = totals.setdefault(key, {"impressions": 0, "reactions": 0, "shares": 0, "comments": 0, "clicks": None})
        row["impressions"] += impressions
        row["reactions"] += reactions
        row["shares"] += shares
        row["comments"] += comments
        if clicks is not None:
            row["clicks"] = (row["clicks"] or 0) + clicks
    for row in totals.values():
        row["engagements"] = row["reactions"] + row["shares"] + row["comments"] + (row["clicks"] or 0)
    return totals


def test_engagement_per_post_the_later_import_counting(report, world):
    effectiveness = report["effectiveness"]
    expected = expected_engagement(world)
    assert effectiveness["posts_with_engagement"] == 10 and effectiveness["posts_without_engagement"] == 1
    got = {
        p["post_id"]: {k: p[k] for k in ("impressions", "reactions", "shares", "comments", "clicks", "engagements")}
        for p in effectiveness["posts"]
    }
    assert got == {world.posts[key].pk: row for key, row in expected.items()}
    # Facebook and X together for the post that went to both.
    assert got[world.posts["feb"].pk]["impressions"] == 8000
    # Instagram exports no clicks.
    assert got[world.posts["sep"].pk]["clicks"] is None
    assert effectiveness["totals"] == {
        metric: sum(row[metric] or 0 for row in expected.values())
        for metric in ("impressions", "reactions", "shares", "comments", "clicks", "engagements")
    }


def test_top_and_bottom_posts(report, world):
    expected = expected_engagement(world)
    ranked = sorted(
        expected, key=lambda key: (-expected[key]["engagements"], -expected[key]["impressions"], world.posts[key].pk)
    )
    effectiveness = report["effectiveness"]
    assert [p["post_id"] for p in effectiveness["top"]] == [world.posts[key].pk for key in ranked[:5]]
    assert [p["post_id"] for p in effectiveness["bottom"]] == [world.posts[key].pk for key in reversed(ranked[5:])]
    assert effectiveness["top"][0]["post_id"] == world.posts["jul"].pk
    assert effectiveness["bottom"][0]["post_id"] == world.posts["dec"].pk
    assert effectiveness["top"][0]["excerpt"] == "Update number 7 from the Oakley Police Department."


def test_engagement_by_category(report, world, department):
    expected = expected_engagement(world)
    specs = {spec.key: spec for spec in POSTS}
    rows = {row["key"]: row for row in report["effectiveness"]["by_category"]}
    assert list(rows) == [c["key"] for c in department.categories]
    for category in rows:
        keys = [key for key in expected if specs[key].category == category]
        engagements = sum(expected[key]["engagements"] for key in keys)
        assert rows[category] == {
            "key": category,
            "label": label(department, category),
            "posts": len(keys),
            "impressions": sum(expected[key]["impressions"] for key in keys),
            "engagements": engagements,
            "average_engagements": round(engagements / len(keys), 1) if keys else 0,
        }


def test_flags_by_code_and_overrides_with_their_justifications(report, world):
    flags = report["content"]["flags"]
    assert flags["total"] == 2
    by_code = {row["code"]: row for row in flags["by_code"]}
    assert by_code["privacy"] == {
        "code": "privacy",
        "label": "Privacy",
        "count": 1,
        "blocking": 1,
        "warnings": 0,
        "overridden": 1,
        "withdrawn": 0,
    }
    assert (by_code["political"]["count"], by_code["political"]["overridden"]) == (1, 0)
    assert sum(row["count"] for row in flags["by_code"]) == 2
    assert report["content"]["overrides"] == [
        {
            "post_id": world.posts["apr"].pk,
            "code": "privacy",
            "label": "Privacy",
            "citation": "§322.5(b)",
            "justification": activity.JUSTIFICATION,
            "by": world.supervisor.display_name,
            "on": f"{Y}-04-10",
        }
    ]


def test_content_reports_with_the_unresolved_standing_out(report, world):
    reports = report["content"]["reports"]
    closed_feb, open_dec, _before_closed, before_open = world.reports
    assert [r["id"] for r in reports] == [before_open.pk, closed_feb.pk, open_dec.pk]
    assert reports[1] | {} == {
        "id": closed_feb.pk,
        "post_id": world.posts["feb"].pk,
        "url": "",
        "description": "Post about feb is wrong.",
        "reported_by": world.veteran.display_name,
        "reported_on": f"{Y}-02-12",
        "status": "closed",
        "action_taken": "Checked with the PIO; it stands.",
        "closed_by": world.supervisor.display_name,
        "closed_on": f"{Y}-02-13",
        "open": False,
    }
    assert [r["open"] for r in reports] == [True, False, True]


def test_removals_and_their_investigations(report, world):
    removals = report["content"]["removals"]
    assert [r["post_id"] for r in removals] == [world.posts["nov"].pk, world.posts["dec"].pk]
    resolved, still_open = removals
    assert resolved == {
        "investigation_id": world.investigations["nov"].pk,
        "post_id": world.posts["nov"].pk,
        "reason": "It named a juvenile witness.",
        "removed_by": world.supervisor.display_name,
        "removed_on": f"{Y}-12-05",
        "cause": "A draft was reused.",
        "findings": "The template still had the witness's name.",
        "resolution": "Templates are cleared after each use.",
        "resolved_by": world.supervisor.display_name,
        "resolved_on": f"{Y}-12-12",
        "open": False,
    }
    assert still_open["open"] is True and still_open["resolution"] == ""
    unresolved = report["content"]["unresolved"]
    assert [(item["kind"], item["id"]) for item in unresolved] == [
        ("removal", world.investigations["dec"].pk),
        ("report", world.reports[3].pk),
        ("report", world.reports[1].pk),
    ]
    assert report["summary"]["unresolved"] == 3


def test_compliance(report, world):
    compliance = report["compliance"]
    assert compliance["accounts_checklist_incomplete"] == [
        {"account": "Instagram oakley_pd", "missing": [contact_label(world.department)]}
    ]
    [without] = compliance["authorizations_without_training"]
    assert (without["authorization_id"], without["member"], without["granted_on"]) == (
        world.bad_authorization.pk,
        world.rookie.display_name,
        f"{Y}-06-01",
    )
    assert len(without["missing"]) == 5
    topics = {t["key"]: t["label"] for t in world.department.policy["training_topics"]}
    assert compliance["expired_training"] == [
        {
            "member": world.veteran.display_name,
            "topic": topics["legal"],
            "expired_on": f"{Y}-03-01",
            "renewed_on": f"{Y}-02-20",
        },
        {
            "member": world.veteran.display_name,
            "topic": topics["privacy"],
            "expired_on": f"{Y}-06-01",
            "renewed_on": None,
        },
    ]


def test_covert_accounts_are_counted_not_detailed(report, world):
    assert report["covert"] == {"accounts": 1, "posts_published": 1}
    ids = {p["post_id"] for p in report["effectiveness"]["posts"]}
    assert world.posts[COVERT.key].pk not in ids
    assert "oakley_undercover" not in str(report)


def test_summary(report):
    assert report["summary"] == {
        "accounts": 3,
        "authorized_members": 2,
        "posts_published": 11,
        "flags": 2,
        "overrides": 1,
        "content_reports": 3,
        "removals": 2,
        "unresolved": 3,
    }


def test_a_submitted_report_does_not_change_when_the_data_does(world, review, report):
    services.submit_review(by=world.reviewer, review=review, findings=FINDINGS, recommendations=RECOMMENDATIONS)
    review.refresh_from_db()
    frozen = review.figures
    assert {k: v for k, v in frozen.items() if k != "compiled_at"} == {
        k: v for k, v in report.items() if k != "compiled_at"
    }
    assert review.figures_sha256 == services.figures_sha256(frozen)

    # The data changes: the open investigation is resolved, another post goes out in the period, new engagement.
    posts.resolve_investigation(
        by=world.supervisor,
        investigation=world.investigations["dec"],
        cause="Late fix.",
        findings="",
        resolution="Retrained the author.",
    )
    extra = activity.Spec("extra", "recruitment", ["fb"], at(8, 8), 3)
    activity._publish(world, extra, 99)
    Publication.objects.filter(post__in=Post.objects.filter(pk=world.posts["jan"].pk)).update(published_at=at(2, 2))

    live = compile_report(world.department, START, END)
    assert live["resources"]["posts"]["total"] == 12
    assert live["content"]["unresolved"] != frozen["content"]["unresolved"]
    review = AnnualReview.objects.get(pk=review.pk)
    assert review.figures == frozen and services.report_of(review) == frozen
    assert services.figures_sha256(review.figures) == review.figures_sha256
    # Acknowledged, it stays frozen too.
    services.acknowledge_review(by=world.chief, review=review)
    assert services.report_of(AnnualReview.objects.get(pk=review.pk)) == frozen


def test_a_draft_report_is_compiled_afresh(world, review):
    before = services.report_of(review)["resources"]["posts"]["total"]
    activity._publish(world, activity.Spec("extra", "recruitment", ["fb"], at(8, 8), 3), 99)
    assert services.report_of(review)["resources"]["posts"]["total"] == before + 1
