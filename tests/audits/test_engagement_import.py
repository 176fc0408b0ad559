"""Engagement imported from the platforms' analytics exports (3xx.6: the effectiveness of the content).

Good exports of Facebook, X and Instagram import; a file that cannot be mapped is answered 400 saying what is
wrong, and nothing is imported."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audits.models import AnnualReview, AuditEvent, Engagement, EngagementImport
from reviews import services
from tests.audits import activity
from tests.audits.activity import ENGAGEMENT
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(built_year, db):
    # The module's review has its imports already; these tests start without any.
    Engagement.objects.all().delete()
    EngagementImport.objects.all().delete()
    return built_year


@pytest.fixture
def review(world):
    return AnnualReview.objects.get(pk=world.review.pk)


def upload(api, member, review, data: bytes, name="export.csv", **fields):
    return api.as_(member).post(
        f"/api/v1/reviews/{review.pk}/engagement-import/",
        {"file": SimpleUploadedFile(name, data, content_type="text/csv"), **fields},
        format="multipart",
    )


@pytest.mark.parametrize("account, platform", [("fb", "facebook"), ("x", "x"), ("ig", "instagram")])
def test_a_good_export_of_each_platform_imports(api, world, review, account, platform):
    response = upload(api, world.reviewer, review, activity.export_of(world, account), name=f"{platform}.csv")
    assert response.status_code == 201, response.json()
    body = response.json()
    expected = {key: values for (key, on), values in ENGAGEMENT.items() if on == account}
    assert (body["platform"], body["rows"], body["matched"], body["skipped"]) == (
        platform,
        len(expected),
        len(expected),
        [],
    )
    rows = {
        e.post_id: (e.impressions, e.reactions, e.shares, e.comments, e.clicks)
        for e in Engagement.objects.filter(source_id=body["id"])
    }
    assert rows == {world.posts[key].pk: values for key, values in expected.items()}
    event = AuditEvent.objects.get(action="reviews.engagement.import", object_id=str(body["id"]))
    assert event.actor == world.reviewer and event.after["matched"] == len(expected)


def test_the_platform_may_be_named(api, world, review):
    response = upload(api, world.chief, review, activity.export_of(world, "x"), platform="x")
    assert response.status_code == 201 and response.json()["matched"] == 4 - 1  # "last" has no engagement row


def test_rows_about_posts_not_published_here_are_skipped_and_listed(api, world, review):
    rows = activity.csv_rows(world, "fb", ENGAGEMENT) + [
        ["https://www.facebook.com/OakleyPD/posts/99999", 5, 1, 0, 0, 0]
    ]
    response = upload(api, world.reviewer, review, activity.facebook_csv(rows))
    assert response.status_code == 201
    assert response.json()["skipped"] == [
        {
            "row": len(rows) + 1,
            "post": "https://www.facebook.com/OakleyPD/posts/99999",
            "reason": "No post published through socialgov has this link or id.",
        }
    ]


def test_an_old_facebook_export_with_a_row_describing_the_columns(api, world, review):
    text = (
        "Post ID,Permalink,Post Message,Lifetime Post Total Impressions,Lifetime Post Reactions,"
        "Lifetime Post Shares,Lifetime Post Comments,Lifetime Post Consumers\n"
        ",,,Lifetime: The number of times the post was shown,Lifetime: Reactions,Lifetime: Shares,"
        "Lifetime: Comments,Lifetime: Clicks\n"
        f"1,{world.urls[('jan', 'fb')]},Hello,1500,90,12,6,40\n"
    )
    response = upload(api, world.reviewer, review, text.encode(), platform="facebook")
    assert response.status_code == 201, response.json()
    assert Engagement.objects.get().impressions == 1500


def refused(response, *words):
    assert response.status_code == 400, response.content
    message = " ".join(response.json()["file"])
    for word in words:
        assert word in message, message
    return message


BAD_FILES = {
    "empty": (b"", {}, ["file is empty"]),
    # Blank once decoded, though not as bytes: a byte-order mark alone, Unicode spaces (was a 500).
    "a byte-order mark only": (b"\xef\xbb\xbf", {}, ["file is empty"]),
    "Unicode blanks only": (b"\xc2\x85\xc2\xa0\n\xe2\x80\x83", {}, ["file is empty"]),
    "a PDF": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 binary", {}, ["not a CSV file"]),
    "Latin-1 text": ("Post ID,Impressions\n1,caf\xe9".encode("latin-1"), {}, ["not text in UTF-8"]),
    "unknown columns": (
        b"Date,Page likes,Page views\n2025-01-01,5,6\n",
        {},
        ["match no platform", "\u201cPage likes\u201d", "Expected, for example"],
    ),
    "a header only": (",".join(activity.X_HEADER).encode() + b"\n", {}, ["no rows of posts"]),
    "the wrong platform named": (
        None,
        {"platform": "instagram"},
        ["not a Instagram analytics export", "reactions (likes)"],
    ),
    "both Facebook and Instagram columns": (
        b"Post ID,Permalink,Impressions,Reactions,Likes,Shares,Comments\n1,https://x.test/1,1,1,1,1,1\n",
        {},
        ["could be Facebook or Instagram", "say which platform"],
    ),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_file_it_cannot_map_is_refused_and_nothing_is_imported(api, world, review, case):
    data, fields, words = BAD_FILES[case]
    if data is None:
        data = activity.export_of(world, "fb")
    events = AuditEvent.objects.count()
    refused(upload(api, world.reviewer, review, data, **fields), *words)
    assert not EngagementImport.objects.exists() and not Engagement.objects.exists()
    assert AuditEvent.objects.count() == events


def test_a_number_that_is_not_a_number_names_its_row_and_column(api, world, review):
    rows = activity.csv_rows(world, "x", ENGAGEMENT)
    rows[1][2] = "lots"  # the second data row's likes
    refused(upload(api, world.reviewer, review, activity.x_csv(rows)), "Row 3", "\u201clikes\u201d", "'lots'")
    assert not Engagement.objects.exists()


def test_a_post_given_twice_is_refused(api, world, review):
    rows = activity.csv_rows(world, "ig", ENGAGEMENT)
    refused(
        upload(api, world.reviewer, review, activity.instagram_csv(rows + rows[:1])),
        "Rows 2 and 4",
        f"post #{world.posts['mar_ig'].pk}",
    )
    assert not Engagement.objects.exists()


def test_a_file_none_of_whose_rows_match_is_refused(api, world, review):
    rows = [["https://www.instagram.com/p/NOTOURS/", 1, 1, 1, 1, None]]
    refused(upload(api, world.reviewer, review, activity.instagram_csv(rows)), "None of the 1 rows")


def test_a_file_over_the_size_limit_is_refused(api, world, review, monkeypatch):
    from reviews import engagement

    monkeypatch.setattr(engagement, "MAX_BYTES", 100)
    refused(upload(api, world.reviewer, review, activity.export_of(world, "fb")), "larger than")


def test_only_the_reviewer_or_the_chief_imports(api, world, review):
    supervisor = world.supervisor
    assert upload(api, supervisor, review, activity.export_of(world, "fb")).status_code == 404  # not theirs to see
    pio = world.pio
    assert upload(api, pio, review, activity.export_of(world, "fb")).status_code == 404
    other = make_member(world.department, "another_reviewer", "supervisor")
    assert upload(api, other, review, activity.export_of(world, "fb")).status_code == 404


def test_nothing_is_imported_into_a_submitted_review(api, world, review):
    services.submit_review(by=world.reviewer, review=review, findings="f", recommendations="r")
    response = upload(api, world.reviewer, review, activity.export_of(world, "fb"))
    assert response.status_code == 409 and not EngagementImport.objects.exists()


def test_the_latest_import_of_a_publication_counts(world, review):
    early = {("jan", "fb"): (10, 1, 1, 1, 1)}
    services.import_engagement(
        by=world.reviewer, review=review, data=activity.export_of(world, "fb", early), filename="a.csv"
    )
    services.import_engagement(by=world.reviewer, review=review, data=activity.export_of(world, "fb"), filename="b.csv")
    latest = Engagement.objects.latest_per_publication().get(post=world.posts["jan"])
    assert latest.impressions == ENGAGEMENT[("jan", "fb")][0]
