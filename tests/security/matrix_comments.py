"""The authorization matrix's rows for the captured-comments routes (see tests/security/matrix.py).

Who may do what (posts.permissions, 3xx.7, general policy IV.A.9): the content roles read the captured comments
(a member outside them finds none: 404); members authorized for the account (the PIO and the commander here),
supervisors and the records custodian capture them; supervisors and the chief record a hide or delete on the
platform. Capturing the same platform comment again is allowed and adds nothing (the API answers 200).
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from .rows import AUTHORIZED, CONTENT_ROLES, NOT_A_CONTENT_ROLE, SIGNED_IN, SUPERVISORS, Api, Page

CAPTURERS = frozenset({*AUTHORIZED, *SUPERVISORS, "custodian"})
MODERATORS = frozenset({"chief", *SUPERVISORS})
REASON = "Commercial spam, which the comment-moderation notice says will be removed."
EXPORT = (
    b"Comment ID,From Name,Message,Created Time\n"
    b"fb-2001,Lee Ortega,When does the lobby open?,2026-03-01T10:00:00+0000\n"
)


def import_form(w):
    return {"account": w.account.pk, "file": SimpleUploadedFile("comments.csv", EXPORT, content_type="text/csv")}


def comment_data(w):
    return {
        "account": w.account.pk,
        "platform_comment_id": "fb-3001",
        "author_name": "Lee Ortega",
        "text": "When does the lobby open?",
        "posted_at": "2026-03-01T10:00:00Z",
    }


PAGES: list[Page] = [
    Page("GET", "comments/", ok=CONTENT_ROLES),
    Page("GET", "comments/import/", ok=CAPTURERS),
    Page("POST", "comments/import/", ok=CAPTURERS, data=import_form),
    Page("GET", "comments/<int:pk>/", ok=CONTENT_ROLES, hidden=NOT_A_CONTENT_ROLE, obj="comment"),
    Page(
        "POST",
        "comments/<int:pk>/",
        ok=MODERATORS,
        hidden=NOT_A_CONTENT_ROLE,
        obj="comment",
        data=lambda w: {"state": "hidden", "reason": REASON},
    ),
]

API: list[Api] = [
    Api("GET", "/api/v1/comments/", ok=SIGNED_IN),
    Api("POST", "/api/v1/comments/", ok=CAPTURERS, data=comment_data),
    Api("GET", "/api/v1/comments/{id}/", ok=CONTENT_ROLES, hidden=NOT_A_CONTENT_ROLE, obj="comment"),
    Api(
        "POST",
        "/api/v1/comments/{id}/moderate/",
        ok=MODERATORS,
        hidden=NOT_A_CONTENT_ROLE,
        obj="comment",
        data=lambda w: {"state": "hidden", "reason": REASON},
    ),
]
