"""The authorization matrix's rows for the conduct routes (issue 15; see tests/security/matrix.py).

Who may do what (conduct.permissions): every member acknowledges the policy, asks permission and reports a
posting; the chief and designees see who has not signed and decide requests; the member a request is about
consents, refuses or revokes; reviews of members' postings are the chief's, their supervisor's and internal
affairs' (no persona here is in internal affairs; tests/conduct covers that role), anyone else finds none;
background investigations are the chief's and the background investigators' (none here either).
Everyone in the world has signed the policy already, so signing again answers 409 (allowed, wrong state).
"""

from datetime import timedelta

from django.utils import timezone

from .rows import SIGNED_IN, SUPERVISORS, Api, Page

DECIDERS = frozenset({"chief", "designee"})
# Who sees the member's request: the requester (member) and the deciders.
SEE_PERMISSION = DECIDERS | {"member"}
# Who sees the PIO's request to post about the member: the PIO, the member, the deciders.
SEE_CONSENT = DECIDERS | {"member", "pio"}
SEE_REPORT = frozenset({"chief", "supervisor", "member"})
SEE_REVIEW = frozenset({"chief", "supervisor"})
HIRING = frozenset({"chief"})


def _until(days=30):
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def request_data(w):
    return {
        "kind": "training_photos",
        "description": "Photos of the range day.",
        "platform": "Instagram",
        "url": "https://www.instagram.com/p/1",
        "until": _until(),
    }


def report_data(w):
    return {"url": "https://www.example.com/page", "description": "A member's page shows a suspect's photo."}


def random_review(w):
    return {"kind": "random", "sample_size": 2}


PAGES: list[Page] = [
    Page("GET", "conduct/"),
    Page("GET", "conduct/acknowledgment/"),
    Page("POST", "conduct/acknowledgment/", data=lambda w: {"signature": "Anyone"}),
    Page("GET", "conduct/acknowledgments/pending/", ok=DECIDERS),
    # A member's conduct record: the member's own, and the chief's, designees' and records custodian's.
    Page("GET", "conduct/members/<int:pk>/", ok=DECIDERS | {"custodian", "commander"}, obj="commander"),
    Page("GET", "conduct/members/<int:pk>/export/", ok=DECIDERS | {"custodian", "commander"}, obj="commander"),
    Page("GET", "conduct/permissions/new/"),
    Page("POST", "conduct/permissions/new/", data=request_data),
    Page(
        "GET", "conduct/permissions/<int:pk>/", ok=SEE_PERMISSION, hidden=SIGNED_IN - SEE_PERMISSION, obj="permission"
    ),
    Page(
        "POST",
        "conduct/permissions/<int:pk>/grant/",
        ok=DECIDERS,
        hidden=SIGNED_IN - SEE_PERMISSION,
        obj="permission",
        data=lambda w: {"conditions": "No faces.", "expires_on": _until(10)},
    ),
    Page(
        "POST",
        "conduct/permissions/<int:pk>/decline/",
        ok=DECIDERS,
        hidden=SIGNED_IN - SEE_PERMISSION,
        obj="permission",
        data=lambda w: {"reason": "Tactical."},
    ),
    Page(
        "POST",
        "conduct/permissions/<int:pk>/consent/",
        ok={"member"},
        hidden=SIGNED_IN - SEE_CONSENT,
        obj="consent_request",
    ),
    Page(
        "POST",
        "conduct/permissions/<int:pk>/refuse/",
        ok={"member"},
        hidden=SIGNED_IN - SEE_CONSENT,
        obj="consent_request",
        data=lambda w: {"reason": ""},
    ),
    Page(
        "POST",
        "conduct/permissions/<int:pk>/revoke/",
        ok={"member"},
        hidden=SIGNED_IN - SEE_CONSENT,
        obj="consent_request",
    ),
    Page("GET", "conduct/reports/new/"),
    # The chief has no supervisor and is the department's only chief: nobody to report to (400).
    Page("POST", "conduct/reports/new/", data=report_data, also_ok=(400,)),
    Page("GET", "conduct/reports/<int:pk>/", ok=SEE_REPORT, hidden=SIGNED_IN - SEE_REPORT, obj="member_report"),
    Page("GET", "conduct/reviews/", ok={"chief", *SUPERVISORS}),
    Page("GET", "conduct/reviews/new/", ok=SUPERVISORS),
    Page("POST", "conduct/reviews/new/", ok=SUPERVISORS, data=random_review),
    Page("GET", "conduct/reviews/<int:pk>/", ok=SEE_REVIEW, hidden=SIGNED_IN - SEE_REVIEW, obj="conduct_review"),
    Page(
        "POST",
        "conduct/reviews/<int:pk>/entries/",
        ok={"supervisor"},
        hidden=SIGNED_IN - SEE_REVIEW,
        obj="conduct_review",
        data=lambda w: {"url": "https://www.example.com/blog/1", "captured_text": "x"},
    ),
    Page(
        "POST",
        "conduct/reviews/<int:pk>/close/",
        ok={"supervisor"},
        hidden=SIGNED_IN - SEE_REVIEW,
        obj="conduct_review",
        data=lambda w: {"outcome": "counselling", "findings": "§V.A.9.d"},
    ),
    Page("GET", "conduct/vetting/", ok=HIRING),
    Page(
        "POST",
        "conduct/vetting/",
        ok=HIRING,
        data=lambda w: {"name": "Dispatcher", "checklist": "Search engines", "attestation": "Lawful only."},
    ),
    Page("GET", "conduct/vetting/<int:pk>/", ok=HIRING, hidden=SIGNED_IN - HIRING, obj="vetting_round"),
    Page(
        "POST",
        "conduct/vetting/<int:pk>/checklist/",
        ok=HIRING,
        hidden=SIGNED_IN - HIRING,
        obj="vetting_round",
        data=lambda w: {"checklist": "Search engines\nNews archives"},
    ),
    Page(
        "POST",
        "conduct/vetting/<int:pk>/candidates/",
        ok=HIRING,
        hidden=SIGNED_IN - HIRING,
        obj="vetting_round",
        data=lambda w: {"name": "Riley Chen"},
    ),
    Page("GET", "conduct/candidates/<int:pk>/", ok=HIRING, hidden=SIGNED_IN - HIRING, obj="candidate"),
    Page(
        "POST",
        "conduct/candidates/<int:pk>/searches/",
        ok=HIRING,
        hidden=SIGNED_IN - HIRING,
        obj="candidate",
        data=lambda w: {"check": w.vetting_round.check_keys[1], "method": "Profiles", "lawful_attested": "on"},
    ),
    Page(
        "POST",
        "conduct/candidates/<int:pk>/information/",
        ok=HIRING,
        hidden=SIGNED_IN - HIRING,
        obj="candidate",
        data=lambda w: {"summary": "Volunteer", "source": "https://news.example/1", "validation": "validated"},
    ),
]

API: list[Api] = [
    Api("GET", "/api/v1/policy-versions/current/"),
    Api("GET", "/api/v1/policy-acknowledgments/"),
    Api("POST", "/api/v1/policy-acknowledgments/", data=lambda w: {"version": 1, "signature": "Anyone"}),
    Api("GET", "/api/v1/permission-requests/"),
    Api("POST", "/api/v1/permission-requests/", data=request_data),
    Api(
        "GET",
        "/api/v1/permission-requests/{id}/",
        ok=SEE_PERMISSION,
        hidden=SIGNED_IN - SEE_PERMISSION,
        obj="permission",
    ),
    Api(
        "POST",
        "/api/v1/permission-requests/{id}/grant/",
        ok=DECIDERS,
        hidden=SIGNED_IN - SEE_PERMISSION,
        obj="permission",
        data=lambda w: {"conditions": "No faces.", "expires_on": _until(10)},
    ),
    Api(
        "POST",
        "/api/v1/permission-requests/{id}/decline/",
        ok=DECIDERS,
        hidden=SIGNED_IN - SEE_PERMISSION,
        obj="permission",
        data=lambda w: {"reason": "Tactical."},
    ),
    Api(
        "POST",
        "/api/v1/permission-requests/{id}/consent/",
        ok={"member"},
        hidden=SIGNED_IN - SEE_CONSENT,
        obj="consent_request",
    ),
    Api(
        "POST",
        "/api/v1/permission-requests/{id}/refuse/",
        ok={"member"},
        hidden=SIGNED_IN - SEE_CONSENT,
        obj="consent_request",
        data=lambda w: {"reason": ""},
    ),
    Api(
        "POST",
        "/api/v1/permission-requests/{id}/revoke/",
        ok={"member"},
        hidden=SIGNED_IN - SEE_CONSENT,
        obj="consent_request",
    ),
    Api("GET", "/api/v1/member-reports/"),
    Api("POST", "/api/v1/member-reports/", data=report_data, also_ok=(400,)),
    Api("GET", "/api/v1/member-reports/{id}/", ok=SEE_REPORT, hidden=SIGNED_IN - SEE_REPORT, obj="member_report"),
    Api("GET", "/api/v1/conduct-reviews/"),
    Api("POST", "/api/v1/conduct-reviews/", ok=SUPERVISORS, data=random_review),
    Api("GET", "/api/v1/conduct-reviews/{id}/", ok=SEE_REVIEW, hidden=SIGNED_IN - SEE_REVIEW, obj="conduct_review"),
    Api(
        "POST",
        "/api/v1/conduct-reviews/{id}/entries/",
        ok={"supervisor"},
        hidden=SIGNED_IN - SEE_REVIEW,
        obj="conduct_review",
        data=lambda w: {"url": "https://www.example.com/blog/1", "captured_text": "x"},
    ),
    Api(
        "POST",
        "/api/v1/conduct-reviews/{id}/close/",
        ok={"supervisor"},
        hidden=SIGNED_IN - SEE_REVIEW,
        obj="conduct_review",
        data=lambda w: {"outcome": "no_concern"},
    ),
    Api("GET", "/api/v1/vetting-rounds/"),
    Api(
        "POST",
        "/api/v1/vetting-rounds/",
        ok=HIRING,
        data=lambda w: {"name": "Dispatcher", "checklist": ["Search engines"], "attestation": "Lawful only."},
    ),
    Api("GET", "/api/v1/vetting-rounds/{id}/", ok=HIRING, hidden=SIGNED_IN - HIRING, obj="vetting_round"),
    Api(
        "PATCH",
        "/api/v1/vetting-rounds/{id}/",
        ok=HIRING,
        hidden=SIGNED_IN - HIRING,
        obj="vetting_round",
        data=lambda w: {"checklist": ["Search engines", "News archives"]},
    ),
    Api(
        "POST",
        "/api/v1/vetting-rounds/{id}/candidates/",
        ok=HIRING,
        hidden=SIGNED_IN - HIRING,
        obj="vetting_round",
        data=lambda w: {"name": "Riley Chen"},
    ),
    Api("GET", "/api/v1/vetting-rounds/{id}/report/", ok=HIRING, hidden=SIGNED_IN - HIRING, obj="vetting_round"),
    Api("GET", "/api/v1/vetting-candidates/"),
    Api("GET", "/api/v1/vetting-candidates/{id}/", ok=HIRING, hidden=SIGNED_IN - HIRING, obj="candidate"),
    Api(
        "POST",
        "/api/v1/vetting-candidates/{id}/searches/",
        ok=HIRING,
        hidden=SIGNED_IN - HIRING,
        obj="candidate",
        data=lambda w: {"check": w.vetting_round.check_keys[1], "method": "Profiles", "lawful_attested": True},
    ),
    Api(
        "POST",
        "/api/v1/vetting-candidates/{id}/information/",
        ok=HIRING,
        hidden=SIGNED_IN - HIRING,
        obj="candidate",
        data=lambda w: {"summary": "Volunteer", "source": "https://news.example/1", "validation": "validated"},
    ),
]
