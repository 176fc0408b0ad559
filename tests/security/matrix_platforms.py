"""The authorization matrix's rows for connected accounts and capture (issue 12; see tests/security/matrix.py).

The chief connects and disconnects (general policy IV.A.2); the PIO, supervisors, the records custodian and the
chief ask for a capture now; the content roles read the connection page and what capture kept. The world's
account is not a connectable one and is not connected, so the allowed answers are a 400 (connect), a 409
(disconnect, capture) or the page again."""

from .rows import CONTENT_ROLES, NOT_A_CONTENT_ROLE, SIGNED_IN, SUPERVISORS, Api, Page

CAPTURERS = frozenset({"chief", "designee", "pio", "custodian", *SUPERVISORS})  # the designee is a PIO


def connect_data(w):
    return {"service": "https://bsky.invalid", "identifier": "oakleypd.bsky.social", "app_password": "abcd-efgh-ijkl"}


PAGES: list[Page] = [
    Page("GET", "accounts/<int:pk>/connection/", ok=CONTENT_ROLES, obj="account"),
    Page("POST", "accounts/<int:pk>/connection/", ok={"chief"}, obj="account", data=connect_data),
    Page("POST", "accounts/<int:pk>/connection/disconnect/", ok={"chief"}, obj="account"),
    Page("POST", "accounts/<int:pk>/capture/", ok=CAPTURERS, obj="account"),
]

API: list[Api] = [
    Api("POST", "/api/v1/accounts/{id}/connection/", ok={"chief"}, obj="account", data=connect_data, also_ok=(400,)),
    Api("DELETE", "/api/v1/accounts/{id}/connection/", ok={"chief"}, obj="account"),
    Api("POST", "/api/v1/accounts/{id}/capture/", ok=CAPTURERS, obj="account"),
    Api("GET", "/api/v1/captured-posts/", ok=SIGNED_IN),
    Api("GET", "/api/v1/captured-posts/{id}/", ok=CONTENT_ROLES, hidden=NOT_A_CONTENT_ROLE, obj="captured_post"),
    # The world's captured post was not reported yet: the supervisors' answer is a 409.
    Api(
        "POST",
        "/api/v1/captured-posts/{id}/remove/",
        ok=SUPERVISORS,
        hidden=NOT_A_CONTENT_ROLE,
        obj="captured_post",
        data=lambda w: {"reason": "Posted without approval."},
    ),
]
