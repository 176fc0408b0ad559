"""The rows of the authorization matrix (tests/security/matrix.py): what a row says, and the groups of roles
the rows name."""

import re
from dataclasses import dataclass, field

ROLES = ["chief", "designee", "pio", "supervisor", "commander", "custodian", "reviewer", "member", "anonymous"]
SIGNED_IN = frozenset(ROLES) - {"anonymous"}
SEES_DEPARTMENT = frozenset({"chief", "designee", "supervisor", "custodian", "reviewer"})
MAY_GRANT = frozenset({"chief", "designee"})
MAY_RECORD_TRAINING = frozenset({"chief", "designee", "supervisor", "reviewer"})
SUPERVISORS = frozenset({"supervisor", "reviewer"})  # the reviewer is a supervisor too
OVERSIGHT = frozenset({"chief", "supervisor", "custodian", "reviewer"})
AUTHORIZED = frozenset({"pio", "commander"})  # hold an authorization for the department's public account
# Who rewrites the world's posts: their author, the PIO (the commander is authorized but did not write them, and a
# supervisor with a reason must also hold an authorization, which the world's supervisors do not; issue 17.5).
AUTHOR = frozenset({"pio"})
CONTENT_ROLES = SIGNED_IN - {"member"}
NOT_A_CONTENT_ROLE = frozenset({"member"})
URL = "https://www.facebook.com/OakleyPD/posts/77"
# A parameter of a route: "<int:pk>", "<slug:code>" (the URL resolver), "{id}", "{code}" (the schema).
PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\{(\w+)\}")


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
    # Roles instead of True: it refuses every role but these first, then looks the record up for them, so
    # they find another department's record not there (404) even where `ok` leaves them out.
    refuses_first: bool | frozenset = False
    # Values for route parameters that no record gives (e.g. {"code": "privacy"}, a rule of one's own department).
    params: dict | None = None

    def path(self, record) -> str:
        """The route with its parameters filled in: from `params` where the row names one, else from the record,
        "pk" and "id" its pk and any other (e.g. "<slug:code>") the record's attribute of that name."""

        def value(match):
            name = match.group(1) or match.group(2)
            if self.params and name in self.params:
                return str(self.params[name])
            return str(record.pk if name in ("pk", "id") else getattr(record, name))

        return PARAMETER.sub(value, self.route)

    def expected(self, role: str, *, api: bool) -> str:
        if self.public or (role == "anonymous" and "anonymous" in self.ok):
            return "ok"
        if role == "anonymous":
            return "401" if api else "sign-in"
        if role in self.ok:
            return "ok"
        return "404" if role in self.hidden else "403"

    def expected_for_other_department(self, role: str) -> str:
        if self.refuses_first is False:
            return "404"
        looked_up_for = self.ok if self.refuses_first is True else self.refuses_first
        return "404" if role in looked_up_for else "403"


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
