"""The authorization matrix's rows for undercover operations (issue 16.1; see tests/security/matrix.py).

An operation is seen by its monitoring supervisor (the supervisor persona), the members assigned (the PIO), the
chief, the records custodian and a designee with the covert_operations scope (the designee persona); everyone
else finds nothing there (404). A supervisor (the reviewer is one) or the chief proposes one: the reviewer sees
no spare covert account to name, so is answered 400. The chief or the designee approves (409 here: the world's
operation is open already); only the monitoring supervisor keeps the log; the monitoring supervisor and the
members assigned record postings; the chief or the monitoring supervisor closes it.
"""

from .rows import Api, Page, _day

SEES = frozenset({"chief", "custodian", "supervisor", "pio", "designee"})
HIDDEN = frozenset({"commander", "reviewer", "member"})


def operation_data(w):
    return {
        "name": "Bridge",
        "case_number": "26-0999",
        "monitoring_supervisor": w.supervisor.pk,
        "members": [w.pio.pk],
        "accounts": [w.spare_covert.pk],
        "starts_on": _day(0),
        "ends_on": _day(30),
    }


# The browser pages (issue 16.1) answer as the API does: the same door (operations.permissions).
PAGES = [
    Page("GET", "operations/"),
    Page("GET", "operations/new/", ok={"chief", "supervisor", "reviewer"}),
    Page("POST", "operations/new/", ok={"chief", "supervisor", "reviewer"}, data=operation_data, also_ok=(400,)),
    Page("GET", "operations/<int:pk>/", ok=SEES, hidden=HIDDEN, obj="operation"),
    Page("POST", "operations/<int:pk>/approve/", ok={"chief", "designee"}, hidden=HIDDEN, obj="operation"),
    Page(
        "POST",
        "operations/<int:pk>/log/",
        ok={"supervisor"},
        hidden=HIDDEN,
        obj="operation",
        data=lambda w: {"note": "Quiet week."},
    ),
    Page(
        "POST",
        "operations/<int:pk>/external-postings/",
        ok={"supervisor", "pio"},
        hidden=HIDDEN,
        obj="operation",
        data=lambda w: {"url": "https://www.facebook.com/groups/h/10", "text": "Still looking."},
    ),
    Page(
        "POST",
        "operations/<int:pk>/close/",
        ok={"chief", "supervisor"},
        hidden=HIDDEN,
        obj="operation",
        data=lambda w: {"note": "Arrests made."},
    ),
]

API = [
    Api("GET", "/api/v1/operations/"),
    Api("POST", "/api/v1/operations/", ok={"chief", "supervisor", "reviewer"}, data=operation_data, also_ok=(400,)),
    Api("GET", "/api/v1/operations/{id}/", ok=SEES, hidden=HIDDEN, obj="operation"),
    Api("POST", "/api/v1/operations/{id}/approve/", ok={"chief", "designee"}, hidden=HIDDEN, obj="operation"),
    Api(
        "POST",
        "/api/v1/operations/{id}/log/",
        ok={"supervisor"},
        hidden=HIDDEN,
        obj="operation",
        data=lambda w: {"note": "Quiet week."},
    ),
    Api(
        "POST",
        "/api/v1/operations/{id}/external-postings/",
        ok={"supervisor", "pio"},
        hidden=HIDDEN,
        obj="operation",
        data=lambda w: {"url": "https://www.facebook.com/groups/h/10", "text": "Still looking."},
    ),
    Api(
        "POST",
        "/api/v1/operations/{id}/close/",
        ok={"chief", "supervisor"},
        hidden=HIDDEN,
        obj="operation",
        data=lambda w: {"note": "Arrests made."},
    ),
]
