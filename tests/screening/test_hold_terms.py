"""Hold terms (3xx.5(c)): registered per case, matched case-insensitively and through the punctuation and
spacing variants of a case number, never another department's, and no longer once released."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audits.models import AuditEvent
from screening import services
from screening.detectors import Document
from screening.detectors.investigation import HoldMatcher
from socialgov.errors import InvalidTransition

MATCHER = HoldMatcher([(1, "ACPD 24-01509", ["Dario Fenwick", "silver Acura TL", "yellow-handled pry bar"])])


def held(text):
    return [text[f.start : f.end] for f in MATCHER.find(Document(text))]


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Detectives working case 24-01509 ask for help.", "24-01509"),
        ("Re: case 24 01509.", "24 01509"),
        ("Case #24.01509 is open.", "24.01509"),
        ("File 2401509 was updated.", "2401509"),
        ("Case 24\u201301509 (en dash).", "24\u201301509"),
        ("Report ACPD 24-01509 filed.", "ACPD 24-01509"),
        ("Report ACPD-24-01509 filed.", "ACPD-24-01509"),
        ("Have you seen DARIO FENWICK?", "DARIO FENWICK"),
        ("dario fenwick's car was found.", "dario fenwick"),
        ("Look for a Silver Acura  TL.", "Silver Acura  TL"),
        ("He used a yellow handled pry-bar.", "yellow handled pry-bar"),
    ],
)
def test_variants_match(text, excerpt):
    assert excerpt in held(text)


@pytest.mark.parametrize(
    "text",
    [
        "Case 24-015090 is another case.",
        "Case 124-01509 is another case.",
        "Dario Fenwicke is someone else.",
        "A silver Acura TLX was stolen.",
        "Call 925-240-1509 for details.",
        "Case 23-00815 is closed.",
    ],
)
def test_near_misses_do_not_match(text):
    assert held(text) == []


@pytest.mark.django_db
def test_register_matches_at_once_and_release_stops_at_once(department, supervisor):
    text = "Have you seen Trina Vollmer near case 24-01342?"
    assert hold_findings(department, text) == []
    hold = services.register_hold(by=supervisor, case_number="ACPD 24-01342", terms=["Trina Vollmer"])
    results = hold_findings(department, text)
    assert {(r.code, r.excerpt) for r in results} == {("investigation", "Trina Vollmer"), ("investigation", "24-01342")}
    assert all("ACPD 24-01342" in r.message and r.citation == "§322.5(c)" for r in results)
    services.release_hold(by=supervisor, hold=hold)
    assert hold_findings(department, text) == []


def hold_findings(department, text):
    """The findings of the department's hold terms (the learned layer reads the wording apart from them)."""
    return [result for result in services.screen_text(department, text) if result.source == "hold term"]


@pytest.mark.django_db
def test_another_departments_hold_terms_never_apply(department, other_department, supervisor):
    from people.roles import Role
    from tests.conftest import make_member

    azusa_supervisor = make_member(other_department, "sup", Role.SUPERVISOR)
    services.register_hold(by=azusa_supervisor, case_number="AZ-77001", terms=["Marisol Ybarra"])
    assert services.screen_text(department, "Marisol Ybarra, case AZ-77001") == []
    assert {r.excerpt for r in services.screen_text(other_department, "Marisol Ybarra, case AZ-77001")} == {
        "Marisol Ybarra",
        "AZ-77001",
    }


@pytest.mark.django_db
def test_register_and_release_are_audited(department, supervisor):
    hold = services.register_hold(by=supervisor, case_number=" 24-9 ", terms=["Kellan Rusk", "kellan rusk", " "])
    assert hold.case_number == "24-9" and hold.terms == ["Kellan Rusk"]
    event = AuditEvent.objects.get(action="screening.hold.register")
    assert event.actor == supervisor and event.after["terms"] == ["Kellan Rusk"]
    services.release_hold(by=supervisor, hold=hold, note="Charges filed")
    assert AuditEvent.objects.filter(action="screening.hold.release", object_id=str(hold.pk)).exists()
    with pytest.raises(InvalidTransition):
        services.release_hold(by=supervisor, hold=hold)


@pytest.mark.django_db
def test_only_supervisors_and_the_chief_keep_holds(department, pio, chief):
    with pytest.raises(PermissionDenied):
        services.register_hold(by=pio, case_number="24-1", terms=["Some Name"])
    assert services.register_hold(by=chief, case_number="24-1", terms=["Some Name"]).created_by == chief


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("case_number", "terms", "field"),
    [
        ("", ["Kellan Rusk"], "case_number"),
        ("24-1", ["ab"], "terms"),
        ("24-1", "Kellan Rusk", "terms"),
        ("24-1", ["x" * 201], "terms"),
    ],
)
def test_bad_holds_name_the_field(department, supervisor, case_number, terms, field):
    with pytest.raises(ValidationError) as error:
        services.register_hold(by=supervisor, case_number=case_number, terms=terms)
    assert field in error.value.message_dict
