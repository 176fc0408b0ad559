"""Policy packs (DESIGN.md "Policy packs"): each department's own citations, loading, and the checker."""

import copy
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from audits.models import AuditEvent
from people.models import Department
from socialgov import policy_packs
from socialgov.policy_packs import PackError

LEXIPOL = {
    # pack: (department, policy number, the commander of 3xx.7)
    "oakley": ("Oakley Police Department", "322", "Support Services Division Commander"),
    "azusa": ("Azusa Police Department", "392", "Administrative Services Division Commander"),
    "elk-grove": ("Elk Grove Police Department", "389", "Administration Division Commander"),
    "desert-hot-springs": ("Desert Hot Springs Police Department", "389", "Deputy Chief"),
}
# DESIGN.md "Screening": the letter of 3xx.5 each screener code cites in a Lexipol-style policy.
LEXIPOL_PROHIBITED = {
    "abusive": "a",
    "privacy": "b",
    "investigation": "c",
    "safety": "e",
    "prejudicial": "c",
    "political": "d",
    "commercial": "f",
    "personal": "f",
}
# ... and in the general policy.
GENERIC_PROHIBITED = {
    "abusive": "§V.A.9.a",
    "privacy": "§V.A.9",
    "investigation": "§IV.B.3",
    "safety": "§V.A.3, §V.A.8.a",
    "prejudicial": "§IV.B.3",
    "political": "§IV.B.4",
    "commercial": "§IV.B.4",
    "personal": "§V.A",
}
# The policy texts the packs are written from travel with them (socialgov/policy_packs/sources/).
POLICY_TEXTS = Path(settings.BASE_DIR) / "socialgov" / "policy_packs" / "sources"


def load(name):
    out = StringIO()
    call_command("load_policy_pack", name, stdout=out)
    return out.getvalue().strip()


def pack_copy(name):
    return copy.deepcopy(policy_packs.read_pack(name))


def test_every_policy_has_a_pack():
    assert policy_packs.available() == ["azusa", "desert-hot-springs", "elk-grove", "generic", "oakley"]


@pytest.mark.parametrize(
    ("name", "key", "citation"),
    [
        ("oakley", "prohibited.privacy", "§322.5(b)"),
        ("azusa", "prohibited", "§392.5"),
        ("azusa", "prohibited.privacy", "§392.5(b)"),
        ("elk-grove", "incident", "§389.4.1"),
        ("elk-grove", "category.recruitment", "§389.4(h)"),
        ("desert-hot-springs", "public_posting", "§389.5.1"),
        ("desert-hot-springs", "retention", "§389.7"),
        ("generic", "prohibited.investigation", "§IV.B.3"),
        ("generic", "prohibited.abusive", "§V.A.9.a"),
        ("generic", "page.introductory_statement", "§IV.A.3"),
        ("generic", "page.public_disclosure_notice", "§IV.A.10"),
        ("generic", "category.recruitment", "§IV.C.4"),
        ("generic", "covert", "§IV.E"),
    ],
)
def test_loaded_department_cites_its_own_policy(db, name, key, citation):
    load(name)
    assert Department.objects.get(slug=name).cite(key) == citation


@pytest.mark.parametrize("name", sorted(LEXIPOL))
def test_lexipol_pack_matches_its_policy(db, name):
    department_name, number, commander = LEXIPOL[name]
    load(name)
    department = Department.objects.get(slug=name)
    assert (department.name, department.policy_number) == (department_name, number)
    assert department.retention_commander_title == commander
    assert department.legal_minimum_retention_months == 24  # California, Gov. Code §34090
    assert [c["citation"] for c in department.categories] == [f"§{number}.4({letter})" for letter in "abcdefgh"]
    assert [c["key"] for c in department.categories] == policy_packs.CATEGORY_KEYS
    for code, letter in LEXIPOL_PROHIBITED.items():
        assert department.cite(f"prohibited.{code}") == f"§{number}.5({letter})"


@pytest.mark.parametrize("name", sorted(LEXIPOL))
def test_lexipol_pack_citations_exist_in_the_policy_text(name):
    department_name, number, commander = LEXIPOL[name]
    path = POLICY_TEXTS / f"{name}-{number}.txt"
    text = path.read_text()
    pack = policy_packs.read_pack(name)
    assert department_name in text
    assert f"{number}.7 RETENTION OF RECORDS\n\nThe {commander} should work with the Custodian of Records" in text
    headings = set(re.findall(r"^(\d+(?:\.\d+)+) [A-Z]", text, re.MULTILINE))
    for key, citation in policy_packs.citations(pack).items():
        if citation.startswith("§"):
            section, _, letter = citation[1:].partition("(")
            assert section in headings, f"{key}: {citation} is not a section of the policy"
            if letter:
                body = text.split(f"\n{section} ", 1)[1]
                assert f"- ({letter}" in body.split(f"\n{number}.", 1)[0], f"{key}: no item ({letter} in {section}"


def test_generic_pack_uses_the_general_policy(db):
    load("generic")
    department = Department.objects.get(slug="generic")
    assert department.name == "General Police Department"
    assert department.legal_minimum_retention_months == 0
    assert [c["key"] for c in department.categories] == policy_packs.CATEGORY_KEYS
    assert {c["key"]: c["citation"] for c in department.categories}["traffic"] == "§IV.C.1.a"
    for code, citation in GENERIC_PROHIBITED.items():
        assert department.cite(f"prohibited.{code}") == citation
    pages = {page["key"]: page for page in department.policy["page_requirements"]}
    assert [
        pages[f]["citation"] for f in ("introductory_statement", "official_website_link", "contact_information")
    ] == ["§IV.A.3", "§IV.A.4", "§IV.A.5"]
    # IV.A.9 lets the public comment under moderation: disabling posting is not required.
    assert pages["public_posting_disabled"]["required"] is False
    # No training section: the rule is cited as practice, never as a section the policy lacks.
    assert department.cite("training") == policy_packs.ABSENT_CITATION
    assert all(schedule["months"] >= 24 for schedule in department.policy["retention"])


def test_loading_twice_changes_nothing_and_writes_one_event(db):
    assert load("elk-grove") == "Created Elk Grove Police Department"
    department = Department.objects.get(slug="elk-grove")
    assert load("elk-grove") == "Elk Grove Police Department is up to date"
    assert Department.objects.get(slug="elk-grove").updated_at == department.updated_at
    events = AuditEvent.objects.filter(department=department)
    assert list(events.values_list("action", flat=True)) == ["people.department.create"]
    assert events.get().after["pack"] == "elk-grove"


def test_loading_restores_a_changed_department_and_records_it(db):
    load("desert-hot-springs")
    Department.objects.filter(slug="desert-hot-springs").update(retention_commander_title="Records Clerk")
    assert load("desert-hot-springs") == "Updated Desert Hot Springs Police Department"
    assert Department.objects.get(slug="desert-hot-springs").retention_commander_title == "Deputy Chief"
    event = AuditEvent.objects.get(action="people.department.update_from_pack")
    assert event.before["retention_commander_title"] == "Records Clerk"
    assert event.after == {"retention_commander_title": "Deputy Chief"}


def test_unknown_pack_errors_and_lists_the_packs(db):
    with pytest.raises(CommandError, match=r"No policy pack named 'hogwarts'.*azusa, desert-hot-springs, elk-grove"):
        load("hogwarts")
    assert not Department.objects.exists()


def test_checker_rejects_retention_shorter_than_the_legal_minimum(tmp_path):
    source = (policy_packs.PACK_DIR / "oakley.toml").read_text()
    bad = source.replace(
        'series = "removed_posts"\nlabel = "Posts removed from public view"\ntrigger = "removed"\nmonths = 24',
        'series = "removed_posts"\nlabel = "Posts removed from public view"\ntrigger = "removed"\nmonths = 12',
    )
    assert bad != source
    (tmp_path / "oakley.toml").write_text(bad)
    with pytest.raises(PackError, match="retention removed_posts is shorter than the legal minimum of 24 months"):
        policy_packs.read_pack_file(tmp_path / "oakley.toml")


def test_checker_allows_keeping_permanently_and_short_periods_without_a_minimum():
    pack = pack_copy("generic")
    pack["retention"][0]["months"] = 6
    policy_packs.check("generic", pack)  # no legal minimum in the general policy
    pack = pack_copy("oakley")
    pack["retention"][0].update(months=0, disposition="keep")
    policy_packs.check("oakley", pack)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda p: p["sections"].pop("training"), "sections missing: training"),
        (lambda p: p["categories"].pop(), "categories must list exactly"),
        (lambda p: p["prohibited"][0].update(citation=""), "every entry of prohibited needs a citation"),
        (lambda p: p["retention"][0].update(disposition="shred"), "disposition must be one of"),
        (lambda p: p.update(slug="oakland"), "slug must be 'oakley'"),
        (lambda p: p.update(retention_commander_title=""), "retention_commander_title is missing"),
    ],
)
def test_checker_names_what_is_wrong(change, problem):
    pack = pack_copy("oakley")
    change(pack)
    with pytest.raises(PackError, match=re.escape(problem)):
        policy_packs.check("oakley", pack)


def test_a_section_may_be_missing_only_when_declared_absent_with_a_reason():
    pack = pack_copy("generic")
    reason = pack["absent_sections"].pop("training")
    with pytest.raises(PackError, match="sections missing: training"):
        policy_packs.check("generic", pack)
    pack["absent_sections"]["training"] = "  "
    with pytest.raises(PackError, match="absent sections need the reason they are absent: training"):
        policy_packs.check("generic", pack)
    pack["absent_sections"]["training"] = reason
    pack["sections"]["training"] = "§IV.B.1"
    with pytest.raises(PackError, match="both cited and declared absent: training"):
        policy_packs.check("generic", pack)
