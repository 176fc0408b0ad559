"""The authorization matrix's rows for the reviews routes (see tests/security/matrix.py): the annual review
(3xx.6) and each member's notifications.

A review is visible to the chief (every review of the department) and to the supervisor appointed to it
(reviews.permissions.visible): to anyone else it does not exist (404). Of those who see it, the chief appoints,
acknowledges and returns; the appointed reviewer writes and submits; both import engagement; both download
the report. A notification is its recipient's alone: `notification` is the reviewer's, 404 to every other
member, the chief included.
"""

from .rows import SIGNED_IN, Api, Page
from .world_reviews import engagement_upload

SEES_REVIEW = frozenset({"chief", "reviewer"})
NOT_SHOWN_THE_REVIEW = SIGNED_IN - SEES_REVIEW
CHIEF = frozenset({"chief"})
APPOINTED = frozenset({"reviewer"})
RECIPIENT = frozenset({"reviewer"})  # of `notification`
NOT_THE_RECIPIENT = SIGNED_IN - RECIPIENT


def appointment(w):
    return {"reviewer": w.reviewer.pk, "period_start": "2024-01-01", "period_end": "2024-12-31", "due_on": "2025-03-01"}


def report_text(w):
    return {"findings": "Two removals, both resolved.", "recommendations": "Refresh the training."}


PAGES: list[Page] = [
    Page("GET", "reviews/"),
    Page("GET", "reviews/new/", ok=CHIEF),
    Page("POST", "reviews/new/", ok=CHIEF, data=appointment),
    Page("GET", "reviews/<int:pk>/", ok=SEES_REVIEW, hidden=NOT_SHOWN_THE_REVIEW, obj="review"),
    # The reviewer's form: saves the draft or (this row) submits it.
    Page(
        "POST",
        "reviews/<int:pk>/",
        ok=APPOINTED,
        hidden=NOT_SHOWN_THE_REVIEW,
        obj="review",
        data=lambda w: {**report_text(w), "action": "submit"},
    ),
    Page(
        "POST",
        "reviews/<int:pk>/engagement/",
        ok=SEES_REVIEW,
        hidden=NOT_SHOWN_THE_REVIEW,
        obj="review",
        data=lambda w: {"file": engagement_upload(), "platform": ""},
    ),
    Page(
        "POST",
        "reviews/<int:pk>/acknowledge/",
        ok=CHIEF,
        hidden=NOT_SHOWN_THE_REVIEW,
        obj="submitted",
        data=lambda w: {"note": "Thank you."},
    ),
    Page(
        "POST",
        "reviews/<int:pk>/return/",
        ok=CHIEF,
        hidden=NOT_SHOWN_THE_REVIEW,
        obj="submitted",
        data=lambda w: {"note": "Add the Instagram figures."},
    ),
    Page("GET", "reviews/<int:pk>/report.pdf", ok=SEES_REVIEW, hidden=NOT_SHOWN_THE_REVIEW, obj="submitted"),
    Page("GET", "reviews/<int:pk>/report.csv", ok=SEES_REVIEW, hidden=NOT_SHOWN_THE_REVIEW, obj="review"),
    Page("GET", "notifications/"),
    Page("POST", "notifications/read-all/"),
    # Opening a notice marks it read and follows its link.
    Page("GET", "notifications/<int:pk>/open/", ok=RECIPIENT, hidden=NOT_THE_RECIPIENT, obj="notification"),
    Page("POST", "notifications/<int:pk>/read/", ok=RECIPIENT, hidden=NOT_THE_RECIPIENT, obj="notification"),
]

API: list[Api] = [
    Api("GET", "/api/v1/reviews/"),
    Api("POST", "/api/v1/reviews/", ok=CHIEF, data=appointment),
    Api("GET", "/api/v1/reviews/{id}/", ok=SEES_REVIEW, hidden=NOT_SHOWN_THE_REVIEW, obj="review"),
    Api("PATCH", "/api/v1/reviews/{id}/", ok=APPOINTED, hidden=NOT_SHOWN_THE_REVIEW, obj="review", data=report_text),
    Api(
        "POST",
        "/api/v1/reviews/{id}/submit/",
        ok=APPOINTED,
        hidden=NOT_SHOWN_THE_REVIEW,
        obj="review",
        data=report_text,
    ),
    Api(
        "POST",
        "/api/v1/reviews/{id}/engagement-import/",
        ok=SEES_REVIEW,
        hidden=NOT_SHOWN_THE_REVIEW,
        obj="review",
        data=lambda w: {"file": engagement_upload()},
    ),
    Api(
        "POST",
        "/api/v1/reviews/{id}/acknowledge/",
        ok=CHIEF,
        hidden=NOT_SHOWN_THE_REVIEW,
        obj="submitted",
        data=lambda w: {"note": "Thank you."},
    ),
    Api(
        "POST",
        "/api/v1/reviews/{id}/return/",
        ok=CHIEF,
        hidden=NOT_SHOWN_THE_REVIEW,
        obj="submitted",
        data=lambda w: {"note": "Add the Instagram figures."},
    ),
    Api("GET", "/api/v1/reviews/{id}/pdf/", ok=SEES_REVIEW, hidden=NOT_SHOWN_THE_REVIEW, obj="submitted"),
    Api("GET", "/api/v1/reviews/{id}/csv/", ok=SEES_REVIEW, hidden=NOT_SHOWN_THE_REVIEW, obj="review"),
    Api("GET", "/api/v1/notifications/"),
    Api("POST", "/api/v1/notifications/read-all/"),
    Api("GET", "/api/v1/notifications/{id}/", ok=RECIPIENT, hidden=NOT_THE_RECIPIENT, obj="notification"),
    Api("POST", "/api/v1/notifications/{id}/read/", ok=RECIPIENT, hidden=NOT_THE_RECIPIENT, obj="notification"),
]
