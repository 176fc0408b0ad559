"""The authorization matrix's rows for the screening routes (see tests/security/matrix.py).

Who may do what (screening.permissions, 3xx.5): every member screens a text through the API and reads the
rules, but only a member who may draft (a current authorization) uses the editor's live check; supervisors
and the chief keep hold terms; the chief changes the rules and reads the false-positive reports; a
supervisor who did not write the post overrides a finding; anyone who sees a finding reports it. A finding
is seen with its post: a member outside the content roles does not see a post waiting for approval (404).
"""

from .rows import AUTHORIZED, CONTENT_ROLES, NOT_A_CONTENT_ROLE, SIGNED_IN, SUPERVISORS, Api, Page

HOLD_KEEPERS = frozenset({"chief", *SUPERVISORS})
CHIEF = frozenset({"chief"})
# Issue 13.3: supervisors and the chief report what the screener missed; the chief decides the corpus.
MISSED_REPORTERS = frozenset({"chief", *SUPERVISORS})
ACCEPT = {"decision": "accept"}
JUSTIFICATION = "She asked us to publish her number so that witnesses can reach her."
# A rule is named by its code within the signed-in member's own department: no other department's record.
RULE = {"code": "commercial"}


def rule_form(w):
    return {
        "commercial-enabled": "on",
        "commercial-severity": "warn",
        "commercial-terms": "Acme Alarms",
        "commercial-exceptions": "",
    }


PAGES: list[Page] = [
    Page("POST", "screening/preview/", ok=AUTHORIZED, data=lambda w: {"body": "Call 925-555-0187."}),
    Page("GET", "screening/rules/", ok=SIGNED_IN),
    Page("POST", "screening/rules/<slug:code>/", ok=CHIEF, params=RULE, data=rule_form),
    Page("GET", "screening/false-positives/", ok=CHIEF),
    Page("GET", "screening/holds/", ok=HOLD_KEEPERS),
    Page(
        "POST",
        "screening/holds/",
        ok=HOLD_KEEPERS,
        data=lambda w: {"case_number": "ACPD 24-01509", "terms": "Dario Fenwick\nsilver Acura TL"},
    ),
    Page(
        "POST",
        "screening/holds/<int:pk>/release/",
        ok=HOLD_KEEPERS,
        obj="screening_hold",
        data=lambda w: {f"hold-{w.screening_hold.pk}-note": "Charged."},
    ),
    Page(
        "POST",
        "flags/<int:pk>/override/",
        ok=SUPERVISORS,
        hidden=NOT_A_CONTENT_ROLE,
        obj="flag",
        data=lambda w: {f"flag-{w.flag.pk}-justification": JUSTIFICATION},
    ),
    Page(
        "POST",
        "flags/<int:pk>/report/",
        ok=CONTENT_ROLES,
        hidden=NOT_A_CONTENT_ROLE,
        obj="flag",
        data=lambda w: {f"report-{w.flag.pk}-note": "Her own number."},
    ),
    Page(
        "POST",
        "screening/posts/<int:pk>/missed/",
        ok=MISSED_REPORTERS,
        hidden=NOT_A_CONTENT_ROLE,
        obj="flagged",
        data=lambda w: {"missed-code": "safety", "missed-note": "Says when the beat has no patrol."},
    ),
    Page("GET", "screening/corpus/", ok=CHIEF),
    Page(
        "POST",
        "screening/corpus/<int:pk>/<slug:decision>/",
        ok=CHIEF,
        obj="labelled_draft",
        params=ACCEPT,
        refuses_first=True,
        data=lambda w: {f"draft-{w.labelled_draft.pk}-expect": ["privacy"]},
    ),
]

API: list[Api] = [
    Api("POST", "/api/v1/screen/", data=lambda w: {"text": "Call 925-555-0187.", "category": "announcement"}),
    Api("GET", "/api/v1/hold-terms/", ok=HOLD_KEEPERS),
    Api(
        "POST",
        "/api/v1/hold-terms/",
        ok=HOLD_KEEPERS,
        data=lambda w: {"case_number": "ACPD 24-01509", "terms": ["Dario Fenwick", "silver Acura TL"]},
    ),
    Api("GET", "/api/v1/hold-terms/{id}/", ok=HOLD_KEEPERS, obj="screening_hold"),
    Api(
        "POST",
        "/api/v1/hold-terms/{id}/release/",
        ok=HOLD_KEEPERS,
        obj="screening_hold",
        data=lambda w: {"note": "Charged."},
    ),
    Api("GET", "/api/v1/flags/"),
    Api("GET", "/api/v1/flags/{id}/", ok=CONTENT_ROLES, hidden=NOT_A_CONTENT_ROLE, obj="flag"),
    Api(
        "POST",
        "/api/v1/flags/{id}/override/",
        ok=SUPERVISORS,
        hidden=NOT_A_CONTENT_ROLE,
        obj="flag",
        data=lambda w: {"justification": JUSTIFICATION},
    ),
    Api(
        "POST",
        "/api/v1/flags/{id}/report-false-positive/",
        ok=CONTENT_ROLES,
        hidden=NOT_A_CONTENT_ROLE,
        obj="flag",
        data=lambda w: {"note": "Her own number."},
    ),
    Api("GET", "/api/v1/false-positive-reports/", ok=CHIEF),
    # The chief's alone: refused before the report is looked up.
    Api("GET", "/api/v1/false-positive-reports/{id}/", ok=CHIEF, obj="false_positive_report", refuses_first=True),
    Api(
        "POST",
        "/api/v1/labelled-drafts/",
        ok=MISSED_REPORTERS,
        data=lambda w: {"post": w.flagged.pk, "code": "safety", "note": "Says when the beat has no patrol."},
    ),
    Api("GET", "/api/v1/labelled-drafts/", ok=CHIEF),
    Api("GET", "/api/v1/labelled-drafts/{id}/", ok=CHIEF, obj="labelled_draft", refuses_first=True),
    Api(
        "POST",
        "/api/v1/labelled-drafts/{id}/accept/",
        ok=CHIEF,
        obj="labelled_draft",
        refuses_first=True,
        data=lambda w: {"expect": ["privacy"]},
    ),
    Api("POST", "/api/v1/labelled-drafts/{id}/reject/", ok=CHIEF, obj="labelled_draft", refuses_first=True),
    Api("GET", "/api/v1/screening-rules/"),
    Api("GET", "/api/v1/screening-rules/{code}/", params=RULE),
    Api(
        "PATCH",
        "/api/v1/screening-rules/{code}/",
        ok=CHIEF,
        params=RULE,
        data=lambda w: {"severity": "warn", "terms": ["Acme Alarms"]},
    ),
]
