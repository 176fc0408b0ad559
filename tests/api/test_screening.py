"""/api/v1/screen/, hold terms, flags, false-positive reports and screening rules, for every role: allowed,
403, 404 (another department's or a post the member may not see), 401 anonymous, 400 naming the field."""

import pytest

from approvals import overrides
from approvals import services as decisions
from people.roles import Role
from posts import services as posts
from screening import services
from screening.models import CaseHold, FalsePositiveReport, Flag
from tests.conftest import make_member

from .conftest import ROLES, AuditCount, client_as

pytestmark = pytest.mark.django_db
HOLD_KEEPERS = {"chief", "supervisor", "reviewer"}
SUPERVISORS = {"supervisor", "reviewer"}
SEES_DRAFTS = set(ROLES) - {"member", "anonymous"}
PRIVATE = "Witnesses can call the driver, Denise Ortega, at 925-555-0187."
JUSTIFICATION = "She asked us to publish her number so that witnesses can reach her."
FINDING_KEYS = {"code", "rule", "citation", "severity", "start", "end", "excerpt", "message", "source", "evidence"}


def expect(role, allowed, sees=None):
    if role == "anonymous":
        return 401
    if sees is not None and role not in sees:
        return 404
    return "ok" if role in allowed else 403


def flagged_post(world, body=PRIVATE):
    post = posts.create_post(by=world.pio, category="investigative_request", accounts=[world.account], body=body)
    return decisions.submit(by=world.pio, post=post)


# -- POST /api/v1/screen/ -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ROLES)
def test_screen(role, as_role):
    with AuditCount() as audit:
        response = as_role(role).post("/api/v1/screen/", {"text": PRIVATE, "category": "traffic"}, format="json")
    assert response.status_code == (401 if role == "anonymous" else 200)
    assert audit.written == 0 and not Flag.objects.exists()
    if response.status_code == 200:
        [finding] = response.json()["flags"]
        assert set(finding) == FINDING_KEYS
        assert finding == {
            "code": "privacy",
            "rule": "Information that violates individual rights, including confidentiality and privacy",
            "citation": "§322.5(b)",
            "severity": "block",
            "start": PRIVATE.index("925"),
            "end": PRIVATE.index("925") + 12,
            "excerpt": "925-555-0187",
            "message": "A private phone number (§322.5(b))",
            "source": "pattern",
            "evidence": [],
        }


def test_screen_answers_clean_text_with_no_flags(world):
    response = client_as(world.pio).post("/api/v1/screen/", {"text": "Lobby closed Monday."}, format="json")
    assert response.status_code == 200 and response.json() == {"flags": []}


def test_screen_uses_the_callers_departments_citations_and_holds(world):
    services.register_hold(by=world.supervisor, case_number="24-01622", terms=["Kellan Rusk"])
    text = "Kellan Rusk's SSN is 412-55-9087."
    oakley = client_as(world.pio).post("/api/v1/screen/", {"text": text}, format="json").json()["flags"]
    azusa = client_as(world.other_pio).post("/api/v1/screen/", {"text": text}, format="json").json()["flags"]
    # The learned layer's warnings aside (it reads text, not a department's holds), only Oakley's hold applies.
    oakley = [f for f in oakley if f["source"] != "learned"]
    azusa = [f for f in azusa if f["source"] != "learned"]
    assert {(f["code"], f["citation"], f["source"]) for f in oakley} == {
        ("investigation", "§322.5(c)", "hold term"),
        ("privacy", "§322.5(b)", "pattern"),
    }
    assert {(f["code"], f["citation"], f["source"]) for f in azusa} == {("privacy", "§392.5(b)", "pattern")}


def test_screen_never_reports_the_departments_public_contacts(world):
    world.department.public_phone_numbers = ["(925) 625-8060"]
    world.department.public_emails = ["records@oakleypd.example.org"]
    world.department.save()
    text = "Call 925-625-8060 or email records@oakleypd.example.org; private: 925-555-0187."
    flags = client_as(world.pio).post("/api/v1/screen/", {"text": text}, format="json").json()["flags"]
    assert [f["excerpt"] for f in flags] == ["925-555-0187"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "text"),
        ({"text": None}, "text"),
        ({"text": 12345}, "text"),
        ({"text": ["a", "b"]}, "text"),
        ({"text": {"body": "x"}}, "text"),
        ({"text": "x" * (64 * 1024 + 1)}, "text"),
        ({"text": "é" * (32 * 1024 + 1)}, "text"),
        ({"text": "ok", "category": "gossip"}, "category"),
        ({"text": "ok", "category": 7}, "category"),
    ],
)
def test_screen_bad_input_names_the_field(world, data, field):
    response = client_as(world.pio).post("/api/v1/screen/", data, format="json")
    assert response.status_code == 400 and field in response.json(), response.json()


def test_screen_takes_exactly_64_kb(world):
    response = client_as(world.pio).post("/api/v1/screen/", {"text": "x" * (64 * 1024)}, format="json")
    assert response.status_code == 200


# -- hold terms ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ROLES)
def test_list_hold_terms(role, as_role, world):
    mine = services.register_hold(by=world.supervisor, case_number="24-01187", terms=["Marcus Delane"])
    azusa = make_member(world.other_department, "sup", Role.SUPERVISOR)
    services.register_hold(by=azusa, case_number="AZ-1", terms=["Azusa Name"])
    response = as_role(role).get("/api/v1/hold-terms/")
    outcome = expect(role, HOLD_KEEPERS)
    assert response.status_code == (200 if outcome == "ok" else outcome)
    if outcome == "ok":
        [hold] = response.json()["results"]
        assert hold["id"] == mine.pk and hold["terms"] == ["Marcus Delane"] and hold["active"] is True
        assert hold["created_by"] == world.supervisor.pk


@pytest.mark.parametrize("role", ROLES)
def test_register_hold_terms(role, as_role, world):
    data = {"case_number": "ACPD 24-01509", "terms": ["Dario Fenwick", "silver Acura TL"]}
    with AuditCount() as audit:
        response = as_role(role).post("/api/v1/hold-terms/", data, format="json")
    outcome = expect(role, HOLD_KEEPERS)
    assert response.status_code == (201 if outcome == "ok" else outcome)
    assert audit.written == (1 if outcome == "ok" else 0)
    if outcome == "ok":
        body = response.json()
        assert {"id", "active", "created_by"} <= set(body) and body["active"] is True
        assert body["case_number"] == "ACPD 24-01509" and body["terms"] == data["terms"]
        assert body["created_by"] == getattr(world, role).pk


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"terms": ["Dario Fenwick"]}, "case_number"),
        ({"case_number": "", "terms": ["Dario Fenwick"]}, "case_number"),
        ({"case_number": 2401509, "terms": []}, "case_number"),
        ({"case_number": "24-1"}, "terms"),
        ({"case_number": "24-1", "terms": "Dario Fenwick"}, "terms"),
        ({"case_number": "24-1", "terms": [7]}, "terms"),
        ({"case_number": "24-1", "terms": ["ab"]}, "terms"),
    ],
)
def test_register_hold_terms_bad_input_names_the_field(world, data, field):
    response = client_as(world.supervisor).post("/api/v1/hold-terms/", data, format="json")
    assert response.status_code == 400 and field in response.json(), response.json()
    assert not CaseHold.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_release_hold_terms(role, as_role, world):
    hold = services.register_hold(by=world.supervisor, case_number="24-01342", terms=["Trina Vollmer"])
    response = as_role(role).post(f"/api/v1/hold-terms/{hold.pk}/release/", {"note": "Charged"}, format="json")
    outcome = expect(role, HOLD_KEEPERS)
    assert response.status_code == (200 if outcome == "ok" else outcome)
    hold.refresh_from_db()
    assert hold.is_active == (outcome != "ok")
    if outcome == "ok":
        assert response.json()["active"] is False
        again = as_role(role).post(f"/api/v1/hold-terms/{hold.pk}/release/")
        assert again.status_code == 409


def test_another_departments_hold_is_not_found(world):
    azusa = make_member(world.other_department, "sup", Role.SUPERVISOR)
    hold = services.register_hold(by=azusa, case_number="AZ-1", terms=["Azusa Name"])
    for client in (client_as(world.supervisor), client_as(world.chief)):
        assert client.get(f"/api/v1/hold-terms/{hold.pk}/").status_code == 404
        assert client.post(f"/api/v1/hold-terms/{hold.pk}/release/").status_code == 404
    assert CaseHold.objects.get(pk=hold.pk).is_active


def test_released_hold_stops_matching_through_the_api(world):
    client = client_as(world.supervisor)
    hold = client.post(
        "/api/v1/hold-terms/", {"case_number": "24-01622", "terms": ["9mm shell casings"]}, format="json"
    ).json()
    text = {"text": "Case 24 01622: we found 9MM shell-casings."}
    assert len(client.post("/api/v1/screen/", text, format="json").json()["flags"]) == 2
    client.post(f"/api/v1/hold-terms/{hold['id']}/release/")
    # The hold's findings are gone (the learned layer may still read the wording as an investigation's).
    flags = client.post("/api/v1/screen/", text, format="json").json()["flags"]
    assert [flag for flag in flags if flag["source"] != "learned"] == []


# -- flags on posts, overrides, false positives -------------------------------------------------------------------
def test_flags_appear_on_the_post(world):
    post = flagged_post(world)
    body = client_as(world.supervisor).get(f"/api/v1/posts/{post.pk}/").json()
    [flag] = body["flags"]
    assert flag["code"] == "privacy" and flag["excerpt"] == "925-555-0187" and flag["severity"] == "block"
    assert flag["overridden"] is False and flag["override_justification"] is None and isinstance(flag["id"], int)
    assert set(flag) >= FINDING_KEYS


@pytest.mark.parametrize("role", ROLES)
def test_override_a_flag(role, as_role, world):
    post = flagged_post(world)
    flag = Flag.objects.get(post=post)
    with AuditCount() as audit:
        response = as_role(role).post(
            f"/api/v1/flags/{flag.pk}/override/", {"justification": JUSTIFICATION}, format="json"
        )
    outcome = expect(role, SUPERVISORS, sees=SEES_DRAFTS)
    assert response.status_code == (200 if outcome == "ok" else outcome)
    assert audit.written == (1 if outcome == "ok" else 0)
    if outcome == "ok":
        assert response.json()["overridden"] is True
        shown = client_as(world.supervisor).get(f"/api/v1/posts/{post.pk}/").json()["flags"][0]
        assert shown["overridden"] is True and shown["override_justification"] == JUSTIFICATION


@pytest.mark.parametrize("data", [{}, {"justification": ""}, {"justification": "ok"}, {"justification": 5}])
def test_override_needs_a_justification(world, data):
    flag = Flag.objects.get(post=flagged_post(world))
    response = client_as(world.supervisor).post(f"/api/v1/flags/{flag.pk}/override/", data, format="json")
    assert response.status_code == 400 and "justification" in response.json()
    assert Flag.objects.get(pk=flag.pk).override_or_none is None


def test_one_who_may_not_override_is_refused_before_the_input_is_read(world):
    flag = Flag.objects.get(post=flagged_post(world))
    response = client_as(world.pio).post(f"/api/v1/flags/{flag.pk}/override/", {}, format="json")
    assert response.status_code == 403 and "supervisor" in response.json()["detail"]


def test_approve_answers_409_until_the_flag_is_overridden(world):
    post = flagged_post(world)
    client = client_as(world.supervisor)
    seen = {"revision": post.current_revision.sha256}
    refused = client.post(f"/api/v1/posts/{post.pk}/approve/", seen, format="json")
    assert refused.status_code == 409 and "unresolved blocking findings" in refused.json()["detail"]
    flag = Flag.objects.get(post=post)
    client.post(f"/api/v1/flags/{flag.pk}/override/", {"justification": JUSTIFICATION}, format="json")
    assert client.post(f"/api/v1/posts/{post.pk}/approve/", seen, format="json").status_code == 200


def test_another_departments_flag_is_not_found(world):
    from tests.api.conftest import grant

    grant(world.other_chief, world.other_pio, [world.other_account])
    post = posts.create_post(by=world.other_pio, category="announcement", accounts=[world.other_account], body=PRIVATE)
    decisions.submit(by=world.other_pio, post=post)
    flag = Flag.objects.get(post=post)
    client = client_as(world.supervisor)
    assert client.get(f"/api/v1/flags/{flag.pk}/").status_code == 404
    assert (
        client.post(f"/api/v1/flags/{flag.pk}/override/", {"justification": JUSTIFICATION}, format="json").status_code
        == 404
    )
    assert client.post(f"/api/v1/flags/{flag.pk}/report-false-positive/", {}, format="json").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_report_a_false_positive(role, as_role, world):
    flag = Flag.objects.get(post=flagged_post(world))
    response = as_role(role).post(
        f"/api/v1/flags/{flag.pk}/report-false-positive/", {"note": "Her own number"}, format="json"
    )
    outcome = expect(role, SEES_DRAFTS, sees=SEES_DRAFTS)
    assert response.status_code == (201 if outcome == "ok" else outcome)
    assert FalsePositiveReport.objects.count() == (1 if outcome == "ok" else 0)


@pytest.mark.parametrize("role", ROLES)
def test_the_chief_sees_false_positive_reports(role, as_role, world):
    flag = Flag.objects.get(post=flagged_post(world))
    services.report_false_positive(by=world.supervisor, flag=flag, note="Her own number")
    response = as_role(role).get("/api/v1/false-positive-reports/")
    outcome = expect(role, {"chief"})
    assert response.status_code == (200 if outcome == "ok" else outcome)
    if outcome == "ok":
        [report] = response.json()["results"]
        assert report["flag"]["excerpt"] == "925-555-0187" and report["note"] == "Her own number"


# -- rules ------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ROLES)
def test_read_rules(role, as_role):
    response = as_role(role).get("/api/v1/screening-rules/")
    assert response.status_code == (401 if role == "anonymous" else 200)
    if response.status_code == 200:
        rules = {rule["code"]: rule for rule in response.json()}
        assert len(rules) == 8 and rules["privacy"]["citation"] == "§322.5(b)"
        assert rules["privacy"]["enabled"] is True and rules["privacy"]["severity"] == "block"


@pytest.mark.parametrize("role", ROLES)
def test_change_a_rule(role, as_role, world):
    with AuditCount() as audit:
        response = as_role(role).patch(
            "/api/v1/screening-rules/commercial/", {"severity": "warn", "terms": ["Acme Alarms"]}, format="json"
        )
    outcome = expect(role, {"chief"})
    assert response.status_code == (200 if outcome == "ok" else outcome)
    assert audit.written == (1 if outcome == "ok" else 0)
    if outcome == "ok":
        assert response.json()["severity"] == "warn" and response.json()["terms"] == ["Acme Alarms"]
        [flag] = (
            client_as(world.pio)
            .post("/api/v1/screen/", {"text": "Call ACME alarms today."}, format="json")
            .json()["flags"]
        )
        assert flag["code"] == "commercial" and flag["severity"] == "warn" and flag["excerpt"] == "ACME alarms"


def test_the_chief_switches_a_rule_off_and_adds_an_exception(world):
    client = client_as(world.chief)
    assert client.patch("/api/v1/screening-rules/political/", {"enabled": False}, format="json").status_code == 200
    text = {"text": "Vote YES on Measure S! Our friends at Acme are giving 25% off."}
    codes = {f["code"] for f in client.post("/api/v1/screen/", text, format="json").json()["flags"]}
    assert codes == {"commercial"}
    client.patch(
        "/api/v1/screening-rules/commercial/", {"exceptions": ["our friends at Acme are giving"]}, format="json"
    )
    excerpts = [f["excerpt"] for f in client.post("/api/v1/screen/", text, format="json").json()["flags"]]
    assert excerpts == ["25% off"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"severity": "loud"}, "severity"),
        ({"enabled": "maybe"}, "enabled"),
        ({"terms": "Acme"}, "terms"),
        ({"terms": ["x"]}, "terms"),
    ],
)
def test_change_a_rule_bad_input_names_the_field(world, data, field):
    response = client_as(world.chief).patch("/api/v1/screening-rules/privacy/", data, format="json")
    assert response.status_code == 400 and field in response.json(), response.json()


def test_an_unknown_rule_is_not_found(world):
    assert client_as(world.chief).get("/api/v1/screening-rules/gossip/").status_code == 404
    assert client_as(world.chief).patch("/api/v1/screening-rules/gossip/", {}, format="json").status_code == 404


# -- query counts -----------------------------------------------------------------------------------------------------
def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_post_and_flag_lists_cost_the_same_queries_however_many_flags(world):
    client = client_as(world.supervisor)
    post = flagged_post(world)
    overrides.override_flag(by=world.supervisor, flag=Flag.objects.get(post=post), justification=JUSTIFICATION)
    one = (_queries(client, "/api/v1/posts/"), _queries(client, "/api/v1/flags/"))
    for _ in range(4):
        flagged_post(world, body=PRIVATE + " Her SSN is 412-55-9087.")
    # posts: the list's own queries plus one prefetch of the current revisions' standing flags with their
    # overrides; flags: auth, count, the page (flags with revision and override in one join).
    assert (_queries(client, "/api/v1/posts/"), _queries(client, "/api/v1/flags/")) == one
