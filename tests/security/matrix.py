"""The authorization matrix (issue 7.5): every route of the app, every role, what each may do.

One row per route and method. `ok` lists the roles allowed (the view does its work: 2xx, a redirect
other than to sign-in, or 409 for a state the object is not in); `hidden` the roles for whom the
object is not visible (404); every other signed-in role is refused (403). Signed out, a page sends
the visitor to sign in and the API answers 401, unless the row is `public`. A row with `obj` is also
requested by every role with the other department's record of that kind: 404, always.

`obj` names a record of tests/security/world.py; `data` is what is sent (a function of the world).
test_matrix.py fails for a route that has no row here, and for a row whose route is gone.

Adding the screening and retention routes at merge is a matter of rows like these, e.g.
    Api("POST", "/api/v1/screen/", ok=SIGNED_IN, data=lambda w: {"text": "Lobby closed."}),
    Api("GET", "/api/v1/hold-terms/{id}/", ok=..., hidden=..., obj="hold_term"),
    Page("GET", "retention/", ok={"chief", "custodian"}),
(and the records named by `obj` added to world.py's build() and build_other()).
"""

from dataclasses import dataclass, field

ROLES = ["chief", "designee", "pio", "supervisor", "commander", "custodian", "reviewer", "member", "anonymous"]
SIGNED_IN = frozenset(ROLES) - {"anonymous"}
SEES_DEPARTMENT = frozenset({"chief", "designee", "supervisor", "custodian", "reviewer"})
MAY_GRANT = frozenset({"chief", "designee"})
MAY_RECORD_TRAINING = frozenset({"chief", "designee", "supervisor", "reviewer"})
SUPERVISORS = frozenset({"supervisor", "reviewer"})  # the reviewer is a supervisor too
OVERSIGHT = frozenset({"chief", "supervisor", "custodian", "reviewer"})
AUTHORIZED = frozenset({"pio", "commander"})  # hold an authorization for the department's public account
CONTENT_ROLES = SIGNED_IN - {"member"}
NOT_A_CONTENT_ROLE = frozenset({"member"})
URL = "https://www.facebook.com/OakleyPD/posts/77"


@dataclass(frozen=True)
class Row:
    method: str
    route: str
    ok: frozenset = SIGNED_IN
    hidden: frozenset = frozenset()
    obj: str | None = None
    data: object = None
    public: bool = False
    also_ok: tuple = ()  # further answers that still mean "allowed" (e.g. 400 for input a role cannot give)
    # The route refuses the roles not in `ok` before it looks anything up (403 whichever record is named).
    refuses_first: bool = False

    def expected(self, role: str, *, api: bool) -> str:
        if self.public or (role == "anonymous" and "anonymous" in self.ok):
            return "ok"
        if role == "anonymous":
            return "401" if api else "sign-in"
        if role in self.ok:
            return "ok"
        return "404" if role in self.hidden else "403"

    def expected_for_other_department(self, role: str) -> str:
        return "403" if self.refuses_first and role not in self.ok else "404"


@dataclass(frozen=True)
class Page(Row):
    """A browser route, keyed by its pattern in the URL resolver (e.g. "posts/<int:pk>/")."""

    api: bool = field(default=False)


@dataclass(frozen=True)
class Api(Row):
    """An API operation, keyed by its method and path in the OpenAPI schema (e.g. "/api/v1/posts/{id}/")."""

    api: bool = field(default=True)


def grant_data(w):
    return {"member": w.custodian.pk, "accounts": [w.account.pk], "starts_on": _day(0), "expires_on": _day(30)}


def _day(days):
    from .world import today_plus

    return today_plus(days)


PAGES = [
    # Signing in and the member's own sign-in settings (security).
    Page("GET", "login/", public=True),
    Page("POST", "logout/", public=True),
    Page("GET", "login/two-factor/"),
    Page("GET", "login/two-factor/enrol/"),
    Page("GET", "profile/"),
    Page("POST", "profile/backup-codes/"),
    Page("POST", "profile/two-factor/disable/"),
    Page("POST", "profile/tokens/", data=lambda w: {"name": "script", "days": "30"}),
    Page("POST", "profile/tokens/<int:pk>/revoke/", ok={"chief"}, hidden=SIGNED_IN - {"chief"}, obj="token"),
    Page("POST", "profile/sign-out-everywhere/"),
    Page("POST", "members/<int:pk>/unlock/", ok={"chief"}, obj="commander"),
    Page("POST", "members/<int:pk>/reset-two-factor/", ok={"chief"}, obj="commander"),
    # People: the dashboard, members, authorizations (3xx.3), training (3xx.8).
    Page("GET", ""),
    Page("GET", "members/", ok=SEES_DEPARTMENT),
    Page("GET", "members/<int:pk>/", ok=SEES_DEPARTMENT, obj="member"),
    Page("GET", "authorizations/grant/", ok=MAY_GRANT),
    Page("POST", "authorizations/grant/", ok=MAY_GRANT, data=grant_data),
    Page("GET", "authorizations/<int:pk>/revoke/", ok=MAY_GRANT, hidden={"commander", "member"}, obj="authorization"),
    Page("POST", "authorizations/<int:pk>/revoke/", ok=MAY_GRANT, hidden={"commander", "member"},
         obj="authorization", data=lambda w: {"reason": "Left the unit."}),
    Page("GET", "training/record/", ok=MAY_RECORD_TRAINING),
    # Posts (3xx.3, 3xx.4, 3xx.5).
    Page("GET", "posts/"),
    Page("GET", "posts/mine/"),
    Page("GET", "posts/queue/", ok=CONTENT_ROLES),
    Page("GET", "posts/new/", ok=AUTHORIZED),
    Page("POST", "posts/new/", ok=AUTHORIZED,
         data=lambda w: {"category": "announcement", "accounts": [w.account.pk], "body": "Lobby closed."}),
    Page("GET", "posts/<int:pk>/", ok=CONTENT_ROLES, hidden=NOT_A_CONTENT_ROLE, obj="draft"),
    Page("GET", "posts/<int:pk>/edit/", ok=AUTHORIZED, hidden=NOT_A_CONTENT_ROLE, obj="draft"),
    Page("POST", "posts/<int:pk>/edit/", ok=AUTHORIZED, hidden=NOT_A_CONTENT_ROLE, obj="draft",
         data=lambda w: {"category": "announcement", "accounts": [w.account.pk], "body": "Lobby closed Tuesday."}),
    Page("GET", "posts/<int:pk>/diff/", ok=CONTENT_ROLES, hidden=NOT_A_CONTENT_ROLE, obj="draft"),
    Page("POST", "posts/<int:pk>/submit/", ok=AUTHORIZED, hidden=NOT_A_CONTENT_ROLE, obj="draft"),
    Page("POST", "posts/<int:pk>/approve/", ok=SUPERVISORS, hidden=NOT_A_CONTENT_ROLE, obj="pending",
         data=lambda w: {"note": ""}),
    Page("POST", "posts/<int:pk>/request-changes/", ok=SUPERVISORS, hidden=NOT_A_CONTENT_ROLE, obj="pending",
         data=lambda w: {"note": "Add the hours."}),
    Page("POST", "posts/<int:pk>/reject/", ok=SUPERVISORS, hidden=NOT_A_CONTENT_ROLE, obj="pending",
         data=lambda w: {"note": "Not ours to say."}),
    Page("POST", "posts/<int:pk>/publish/", ok=AUTHORIZED, hidden=NOT_A_CONTENT_ROLE, obj="approved",
         data=lambda w: {f"url_{w.account.pk}": URL}),
    Page("POST", "posts/<int:pk>/remove/", ok=SUPERVISORS, obj="published", data=lambda w: {"reason": "Wrong date."}),
    Page("POST", "publications/<int:pk>/confirm-removal/", ok=SUPERVISORS, obj="publication"),
    Page("GET", "accounts/"),
    Page("GET", "accounts/new/", ok={"chief"}),
    Page("GET", "accounts/<int:pk>/", obj="account"),
    Page("POST", "accounts/<int:pk>/", ok={"chief"}, obj="account", data=lambda w: {"handle": "OakleyPD"}),
    Page("POST", "accounts/<int:pk>/approve/", ok={"chief"}, obj="unapproved_account"),
    Page("GET", "incidents/"),
    Page("GET", "incidents/new/", ok={"chief", *SUPERVISORS}),
    Page("GET", "incidents/<int:pk>/", obj="incident"),
    Page("POST", "incidents/<int:pk>/close/", ok={"chief", "commander", *SUPERVISORS}, obj="incident"),
    Page("GET", "investigations/", ok=OVERSIGHT),
    Page("GET", "investigations/<int:pk>/", ok=OVERSIGHT, hidden=SIGNED_IN - OVERSIGHT, obj="investigation"),
    Page("POST", "investigations/<int:pk>/", ok=SUPERVISORS, hidden=SIGNED_IN - OVERSIGHT, obj="investigation",
         data=lambda w: {"cause": "Copied last year's.", "findings": "", "resolution": "Reposted."}),
    Page("GET", "reports/"),
    Page("GET", "reports/new/"),
    Page("GET", "reports/<int:pk>/", ok=OVERSIGHT | {"member"}, hidden={"designee", "pio", "commander"},
         obj="report"),
    Page("POST", "reports/<int:pk>/", ok=SUPERVISORS, hidden={"designee", "pio", "commander"}, obj="report",
         data=lambda w: {"action_taken": "Corrected the number."}),
    # Post requests through the chain of command (3xx.3).
    Page("GET", "requests/"),
    Page("GET", "requests/new/"),
    Page("GET", "requests/<int:pk>/", ok={"chief", "supervisor", "member"},
         hidden={"designee", "pio", "commander", "custodian", "reviewer"}, obj="request"),
    Page("POST", "requests/<int:pk>/forward/", ok={"chief", "supervisor"},
         hidden={"designee", "pio", "commander", "custodian", "reviewer"}, obj="request", data=lambda w: {"note": ""}),
    Page("POST", "requests/<int:pk>/decline/", ok={"chief", "supervisor"},
         hidden={"designee", "pio", "commander", "custodian", "reviewer"}, obj="request",
         data=lambda w: {"note": "Not now."}),
    Page("GET", "requests/<int:pk>/draft/", ok={"pio", "designee"}, hidden={"commander", "custodian", "reviewer"},
         obj="forwarded"),
    # The API's schema and documentation are public: they hold no records.
    Page("GET", "api/schema/", public=True),
    Page("GET", "api/docs/", public=True),
]

API = [
    Api("GET", "/api/v1/me/"),
    Api("GET", "/api/v1/department/"),
    Api("PATCH", "/api/v1/department/", ok={"chief"}, data=lambda w: {"public_emails": ["pio@oakley.example.gov"]}),
    Api("GET", "/api/v1/members/"),
    Api("GET", "/api/v1/members/{id}/", obj="member"),
    Api("GET", "/api/v1/authorizations/"),
    Api("POST", "/api/v1/authorizations/", ok=MAY_GRANT, data=grant_data),
    Api("GET", "/api/v1/authorizations/{id}/", ok=SEES_DEPARTMENT | {"pio"}, hidden={"commander", "member"},
        obj="authorization"),
    Api("POST", "/api/v1/authorizations/{id}/revoke/", ok=MAY_GRANT, hidden={"commander", "member"},
        obj="authorization", data=lambda w: {"reason": "Left the unit."}),
    Api("GET", "/api/v1/training-records/"),
    Api("POST", "/api/v1/training-records/", ok=MAY_RECORD_TRAINING,
        data=lambda w: {"member": w.pio.pk, "topic": w.training.topic, "completed_on": _day(0)}),
    Api("GET", "/api/v1/training-records/{id}/", ok=SEES_DEPARTMENT | {"pio"},
        hidden=SIGNED_IN - SEES_DEPARTMENT - {"pio"}, obj="training"),
    Api("GET", "/api/v1/accounts/"),
    Api("POST", "/api/v1/accounts/", ok={"chief"},
        data=lambda w: {"platform": "x", "handle": "OakleyPDx", "url": "https://x.com/OakleyPDx"}),
    Api("GET", "/api/v1/accounts/{id}/", obj="account"),
    Api("PATCH", "/api/v1/accounts/{id}/", ok={"chief"}, obj="account", data=lambda w: {"handle": "OakleyPD2"}),
    Api("POST", "/api/v1/accounts/{id}/approve/", ok={"chief"}, obj="unapproved_account"),
    Api("GET", "/api/v1/posts/"),
    Api("POST", "/api/v1/posts/", ok=AUTHORIZED,
        data=lambda w: {"category": "announcement", "accounts": [w.account.pk], "body": "Lobby closed."}),
    Api("GET", "/api/v1/posts/{id}/", ok=CONTENT_ROLES, hidden=NOT_A_CONTENT_ROLE, obj="draft"),
    Api("PATCH", "/api/v1/posts/{id}/", ok=AUTHORIZED, hidden=NOT_A_CONTENT_ROLE, obj="draft",
        data=lambda w: {"body": "Lobby closed Tuesday."}),
    Api("GET", "/api/v1/posts/{id}/history/", ok=CONTENT_ROLES, hidden=NOT_A_CONTENT_ROLE, obj="draft"),
    Api("GET", "/api/v1/posts/{id}/revisions/", ok=CONTENT_ROLES, hidden=NOT_A_CONTENT_ROLE, obj="draft"),
    Api("POST", "/api/v1/posts/{id}/submit/", ok=AUTHORIZED, hidden=NOT_A_CONTENT_ROLE, obj="draft"),
    Api("POST", "/api/v1/posts/{id}/approve/", ok=SUPERVISORS, hidden=NOT_A_CONTENT_ROLE, obj="pending",
        data=lambda w: {"note": ""}),
    Api("POST", "/api/v1/posts/{id}/request-changes/", ok=SUPERVISORS, hidden=NOT_A_CONTENT_ROLE, obj="pending",
        data=lambda w: {"note": "Add the hours."}),
    Api("POST", "/api/v1/posts/{id}/reject/", ok=SUPERVISORS, hidden=NOT_A_CONTENT_ROLE, obj="pending",
        data=lambda w: {"note": "No."}),
    Api("POST", "/api/v1/posts/{id}/publish/", ok=AUTHORIZED, hidden=NOT_A_CONTENT_ROLE, obj="approved",
        data=lambda w: {"url": URL}),
    Api("POST", "/api/v1/posts/{id}/remove/", ok=SUPERVISORS, obj="published", data=lambda w: {"reason": "Wrong."}),
    Api("GET", "/api/v1/media/"),
    Api("POST", "/api/v1/media/", ok=AUTHORIZED, data="upload"),
    Api("GET", "/api/v1/media/{id}/", ok=CONTENT_ROLES, hidden=NOT_A_CONTENT_ROLE, obj="media"),
    Api("GET", "/api/v1/media/{id}/file/", ok=CONTENT_ROLES, hidden=NOT_A_CONTENT_ROLE, obj="media"),
    Api("GET", "/api/v1/incidents/"),
    Api("POST", "/api/v1/incidents/", ok={"chief", *SUPERVISORS},
        data=lambda w: {"name": "Harbor flood", "commander": w.commander.pk}),
    Api("GET", "/api/v1/incidents/{id}/", obj="incident"),
    Api("POST", "/api/v1/incidents/{id}/close/", ok={"chief", "commander", *SUPERVISORS}, obj="incident"),
    Api("GET", "/api/v1/investigations/"),
    Api("GET", "/api/v1/investigations/{id}/", ok=OVERSIGHT, hidden=SIGNED_IN - OVERSIGHT, obj="investigation"),
    Api("POST", "/api/v1/investigations/{id}/resolve/", ok=SUPERVISORS, hidden=SIGNED_IN - OVERSIGHT,
        obj="investigation", data=lambda w: {"cause": "Copied.", "resolution": "Reposted."}),
    Api("GET", "/api/v1/content-reports/"),
    Api("POST", "/api/v1/content-reports/",
        data=lambda w: {"description": "Wrong number.", "url": "https://www.facebook.com/x/posts/1"}),
    Api("GET", "/api/v1/content-reports/{id}/", ok=OVERSIGHT | {"member"}, hidden={"designee", "pio", "commander"},
        obj="report"),
    Api("POST", "/api/v1/content-reports/{id}/close/", ok=SUPERVISORS, hidden={"designee", "pio", "commander"},
        obj="report", data=lambda w: {"action_taken": "Corrected."}),
    # Any member asks for a post; it needs a chain-of-command supervisor on record (400 without one).
    Api("POST", "/api/v1/post-requests/", data=lambda w: {"category": "announcement", "summary": "Bike rodeo."},
        also_ok=(400,)),
    Api("GET", "/api/v1/post-requests/"),
    Api("GET", "/api/v1/post-requests/{id}/", ok={"chief", "supervisor", "member"},
        hidden={"designee", "pio", "commander", "custodian", "reviewer"}, obj="request"),
    Api("POST", "/api/v1/post-requests/{id}/forward/", ok={"chief", "supervisor"},
        hidden={"designee", "pio", "commander", "custodian", "reviewer"}, obj="request", data=lambda w: {"note": ""}),
    Api("POST", "/api/v1/post-requests/{id}/decline/", ok={"chief", "supervisor"},
        hidden={"designee", "pio", "commander", "custodian", "reviewer"}, obj="request",
        data=lambda w: {"note": "Not now."}),
    # A PIO drafts from a forwarded request, and needs an authorization for the account like any draft.
    Api("POST", "/api/v1/post-requests/{id}/draft/", ok={"pio"}, hidden={"commander", "custodian", "reviewer"},
        obj="forwarded", data=lambda w: {"accounts": [w.account.pk], "body": "Coffee with a cop, Friday 9am."}),
    Api("GET", "/api/v1/approval-rules/"),
    Api("POST", "/api/v1/approval-rules/", ok={"chief"},
        data=lambda w: {"approver": "any_authorized", "category": "community_engagement"}),
    Api("GET", "/api/v1/approval-rules/{id}/", obj="rule"),
    Api("DELETE", "/api/v1/approval-rules/{id}/", ok={"chief"}, obj="rule"),
    Api("GET", "/api/v1/audit-events/", ok={"chief", "custodian"}),
    Api("GET", "/api/v1/audit-events/{id}/", ok={"chief", "custodian"}, obj="event", refuses_first=True),
]

# The Django admin checks staff status itself on every one of its routes (AdminSite.admin_view): no
# persona is staff, so every admin route sends each of them, and anonymous visitors, to the admin's
# sign-in. test_matrix.py requests the index and every registered model's list.
ADMIN_PREFIX = "admin/"
