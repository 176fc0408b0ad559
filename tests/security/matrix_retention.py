"""The authorization matrix's rows for the retention routes (see tests/security/matrix.py).

Records retention is the custodian's and the chief's (retention.permissions): every page and API
operation refuses everyone else (403) before it looks anything up, so another department's record is
403 to them and 404 to the custodian and the chief (`refuses_first=RETENTION`). Of the two, only the
custodian changes a schedule and approves or rejects a disposition batch (3xx.7): the chief is
refused those (403) once her department's record is found.
"""

from .rows import Api, Page, _day

RETENTION = frozenset({"chief", "custodian"})
CUSTODIAN = frozenset({"custodian"})


def _page(method, route, ok=RETENTION, **kwargs):
    return Page(method, route, ok=ok, refuses_first=RETENTION, **kwargs)


def _api(method, route, ok=RETENTION, **kwargs):
    return Api(method, route, ok=ok, refuses_first=RETENTION, **kwargs)


def hold_data(w):
    # "place": the form's second step (the first previews what the hold covers, issue 14.6).
    return {
        "matter": "Jones v. City of Oakley",
        "reason": "Litigation hold.",
        "keywords": "Harbor parade",
        "place": "1",
    }


def authority_data(w):
    from tests.retention.conftest import documents

    resolution, consent = documents()
    return {
        "resolution_number": "2026-41",
        "resolution_date": _day(-2),
        "resolution_document": resolution,
        "counsel_name": "Derek Cole",
        "counsel_consent_date": _day(-2),
        "counsel_document": consent,
    }


def request_data(w):
    return {
        "requester": "Oakley Times",
        "received_on": _day(0),
        "description": "Posts about the parade.",
        "keywords": "Harbor parade",
    }


PAGES = [
    _page("GET", "retention/"),
    _page("GET", "retention/series/<int:pk>/edit/", ok=CUSTODIAN, obj="record_series"),
    _page(
        "POST",
        "retention/series/<int:pk>/edit/",
        ok=CUSTODIAN,
        obj="record_series",
        data=lambda w: {"retention_days": "800", "disposition": "destroy"},
    ),
    # Legal holds: the chief or the custodian places, re-confirms and releases them.
    _page("GET", "retention/holds/"),
    _page("GET", "retention/holds/new/"),
    _page("POST", "retention/holds/new/", data=hold_data),
    _page("GET", "retention/holds/<int:pk>/", obj="legal_hold"),
    _page("POST", "retention/holds/<int:pk>/", obj="legal_hold", data=lambda w: {"reason": "Settled."}),
    _page(
        "POST",
        "retention/holds/<int:pk>/reconfirm/",
        obj="legal_hold",
        data=lambda w: {"note": "Counsel confirms the case is open."},
    ),
    # Disposition batches: either proposes one (409 while one is open); only the custodian decides.
    _page("GET", "retention/batches/"),
    _page("POST", "retention/batches/"),
    _page("GET", "retention/batches/<int:pk>/", obj="proposed_batch"),
    _page(
        "POST", "retention/batches/<int:pk>/approve/", ok=CUSTODIAN, obj="proposed_batch", data=lambda w: {"note": ""}
    ),
    _page(
        "POST",
        "retention/batches/<int:pk>/reject/",
        ok=CUSTODIAN,
        obj="proposed_batch",
        data=lambda w: {"reason": "Not yet."},
    ),
    # Government Code §34090 (issue 16.4): the custodian or the chief attaches the resolution and consent; only
    # the retention commander (a member of the world who is none of these personas) signs off.
    _page("POST", "retention/batches/<int:pk>/authority/", obj="proposed_batch", data=authority_data),
    _page(
        "POST", "retention/batches/<int:pk>/signoff/", ok=frozenset(), obj="proposed_batch", data=lambda w: {"note": ""}
    ),
    _page("GET", "retention/batches/<int:pk>/certificate/", obj="completed_batch"),
    _page("GET", "retention/batches/<int:pk>/records.csv", obj="proposed_batch"),
    # The retention report and its exports.
    _page("GET", "retention/report/"),
    _page("GET", "retention/report/export/"),
    _page("GET", "retention/exports/<int:pk>/", obj="report_export"),
    _page("GET", "retention/exports/<int:pk>/status/", obj="report_export"),
    _page("GET", "retention/exports/<int:pk>/download/", obj="report_export"),
    # Records requests.
    _page("GET", "retention/requests/"),
    _page("GET", "retention/requests/new/"),
    _page("POST", "retention/requests/new/", data=request_data),
    _page("GET", "retention/requests/<int:pk>/", obj="records_request"),
    _page(
        "POST",
        "retention/requests/<int:pk>/",
        obj="records_request",
        data=lambda w: {"action": "close", "note": "Answered."},
    ),
    _page("GET", "retention/requests/<int:pk>/package/", obj="records_request"),
    # A post's retention: its series, eligible date and holds.
    _page("GET", "retention/posts/<int:pk>/", obj="published"),
]

API = [
    _api("GET", "/api/v1/retention/series/"),
    _api("GET", "/api/v1/retention/series/{id}/", obj="record_series"),
    _api(
        "PATCH",
        "/api/v1/retention/series/{id}/",
        ok=CUSTODIAN,
        obj="record_series",
        data=lambda w: {"retention_days": 800},
    ),
    _api("GET", "/api/v1/retention/holds/"),
    _api(
        "POST",
        "/api/v1/retention/holds/",
        data=lambda w: {"matter": "Jones v. City of Oakley", "reason": "Litigation hold.", "keywords": ["parade"]},
    ),
    _api("GET", "/api/v1/retention/holds/{id}/", obj="legal_hold"),
    _api("POST", "/api/v1/retention/holds/{id}/release/", obj="legal_hold", data=lambda w: {"reason": "Settled."}),
    _api(
        "POST",
        "/api/v1/retention/holds/{id}/reconfirm/",
        obj="legal_hold",
        data=lambda w: {"note": "Counsel confirms the case is open."},
    ),
    _api("GET", "/api/v1/retention/batches/"),
    _api("POST", "/api/v1/retention/batches/"),
    _api("GET", "/api/v1/retention/batches/{id}/", obj="proposed_batch"),
    _api(
        "POST",
        "/api/v1/retention/batches/{id}/approve/",
        ok=CUSTODIAN,
        obj="proposed_batch",
        data=lambda w: {"note": ""},
    ),
    _api(
        "POST",
        "/api/v1/retention/batches/{id}/reject/",
        ok=CUSTODIAN,
        obj="proposed_batch",
        data=lambda w: {"reason": "Not yet."},
    ),
    _api("POST", "/api/v1/retention/batches/{id}/authority/", obj="proposed_batch", data=authority_data),
    _api(
        "POST",
        "/api/v1/retention/batches/{id}/signoff/",
        ok=frozenset(),
        obj="proposed_batch",
        data=lambda w: {"note": ""},
    ),
    _api("GET", "/api/v1/retention/batches/{id}/certificate/", obj="completed_batch"),
    _api("GET", "/api/v1/retention/report/"),
    _api("GET", "/api/v1/retention/exports/"),
    _api("GET", "/api/v1/retention/exports/{id}/", obj="report_export"),
    _api("GET", "/api/v1/retention/exports/{id}/download/", obj="report_export"),
    _api("GET", "/api/v1/retention/requests/"),
    _api(
        "POST",
        "/api/v1/retention/requests/",
        data=lambda w: {"requester": "Oakley Times", "received_on": _day(0), "keywords": ["parade"]},
    ),
    _api("GET", "/api/v1/retention/requests/{id}/", obj="records_request"),
    _api(
        "POST",
        "/api/v1/retention/requests/{id}/extend/",
        obj="records_request",
        data=lambda w: {"days": 3, "reason": "Voluminous records."},
    ),
    _api("POST", "/api/v1/retention/requests/{id}/close/", obj="records_request", data=lambda w: {"note": "Answered."}),
    _api("GET", "/api/v1/retention/requests/{id}/package/", obj="records_request"),
    # Covert records in a package (issue 16.1): the custodian chooses, the chief approves (409 before the choice).
    _api(
        "POST",
        "/api/v1/retention/requests/{id}/covert/",
        ok=CUSTODIAN,
        obj="records_request",
        data=lambda w: {"reason": "E-discovery."},
    ),
    _api(
        "POST",
        "/api/v1/retention/requests/{id}/covert-approval/",
        ok=frozenset({"chief"}),
        obj="records_request",
        data=lambda w: {"reason": "Counsel asks for them."},
    ),
]
