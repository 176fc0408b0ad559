"""Policy packs: each department's policy, as data (DESIGN.md "Policy packs").

A pack is a TOML file beside this module, named for the department
(`oakley.toml`). `read_pack(name)` parses and checks one; loading it into the
database is `people.services.load_policy_pack`.
"""

import tomllib
from functools import cache
from pathlib import Path

PACK_DIR = Path(__file__).resolve().parent
CATEGORY_KEYS = [
    "announcement",
    "crime_prevention",
    "investigative_request",
    "community_engagement",
    "safety_alert",
    "traffic",
    "press_release",
    "recruitment",
]
PROHIBITED_CODES = [
    "abusive",
    "privacy",
    "investigation",
    "safety",
    "prejudicial",
    "political",
    "commercial",
    "personal",
]
TRAINING_TOPICS = ["legal", "privacy", "civil_rights", "dissemination", "retention"]
PAGE_REQUIREMENTS = [
    "public_posting_disabled",
    "introductory_statement",
    "official_website_link",
    "contact_information",
    "visitor_opinion_disclaimer",
    "comment_moderation_notice",
    "public_disclosure_notice",
]
REQUIRED_SECTIONS = [
    "authorized_users",
    "authorized_content",
    "incident",
    "prohibited",
    "public_posting",
    "monitoring",
    "retention",
    "training",
]
DISPOSITIONS = ["destroy", "transfer", "keep"]
# What the product cites for a rule it applies although the department's policy
# has no section for it (a pack's [absent_sections]): the rule is the
# department's practice, and no section number is invented for it.
ABSENT_CITATION = "department practice"


class PackError(ValueError):
    pass


def available() -> list[str]:
    return sorted(path.stem for path in PACK_DIR.glob("*.toml"))


@cache
def read_pack(name: str) -> dict:
    path = PACK_DIR / f"{name}.toml"
    if not path.is_file():
        raise PackError(f"No policy pack named {name!r}; the packs are: {', '.join(available())}.")
    return read_pack_file(path)


def read_pack_file(path: Path) -> dict:
    """Parse and check a pack file; the file's stem is the pack's name (and must be its slug)."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            pack = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise PackError(f"policy pack {path.stem!r}: not valid TOML: {error}") from error
    check(path.stem, pack)
    return pack


def _keys(items: list[dict], field: str) -> list[str]:
    return [item.get(field) for item in items]


def check(name: str, pack: dict) -> None:
    """Raise PackError naming every problem with the pack, or return if it has none."""
    problems = []
    if pack.get("slug") != name:
        problems.append(f"slug must be {name!r}")
    for field in ("name", "policy_number", "retention_commander_title"):
        if not pack.get(field):
            problems.append(f"{field} is missing")
    for field, expected, key in (
        ("categories", CATEGORY_KEYS, "key"),
        ("prohibited", PROHIBITED_CODES, "code"),
        ("training_topics", TRAINING_TOPICS, "key"),
        ("page_requirements", PAGE_REQUIREMENTS, "key"),
    ):
        items = pack.get(field, [])
        if sorted(map(str, _keys(items, key))) != sorted(expected):
            problems.append(f"{field} must list exactly: {', '.join(expected)}")
        if field != "training_topics" and any(not item.get("citation") for item in items):
            problems.append(f"every entry of {field} needs a citation")
    for requirement in pack.get("page_requirements", []):
        # A page requirement the department's policy does not impose may be
        # marked `required = false`; it stays on the checklist, unticked is allowed.
        if not isinstance(requirement.get("required", True), bool):
            problems.append(f"page requirement {requirement.get('key')}: required must be true or false")
    problems += _check_sections(pack)
    problems += _check_retention(pack)
    if problems:
        raise PackError(f"policy pack {name!r}: " + "; ".join(problems))


def _check_sections(pack: dict) -> list[str]:
    """Every required section is cited, or declared absent with the reason.

    A department whose policy has no section for a rule the product applies
    (the general policy has no training section, for instance) says so in
    `[absent_sections]`, key = why. Leaving a section out silently is an error,
    so a pack cannot lose a citation by accident, and citing a section that does
    not say the rule would misquote the department's policy to its members.
    """
    problems = []
    sections = pack.get("sections", {})
    absent = pack.get("absent_sections", {})
    missing = [section for section in REQUIRED_SECTIONS if not sections.get(section) and section not in absent]
    if missing:
        problems.append(f"sections missing: {', '.join(missing)}")
    if both := sorted(set(sections) & set(absent)):
        problems.append(f"sections both cited and declared absent: {', '.join(both)}")
    if unreasoned := sorted(key for key, reason in absent.items() if not str(reason).strip()):
        problems.append(f"absent sections need the reason they are absent: {', '.join(unreasoned)}")
    return problems


def _check_retention(pack: dict) -> list[str]:
    problems = []
    minimum = pack.get("legal_minimum_retention_months", 0)
    if not isinstance(pack.get("destruction_requires_resolution", False), bool):
        problems.append("destruction_requires_resolution must be true or false")
    if not isinstance(minimum, int) or minimum < 0:
        return ["legal_minimum_retention_months must be a whole number of months"]
    series = [schedule.get("series") for schedule in pack.get("retention", [])]
    if len(set(series)) != len(series):
        problems.append("retention series must be unique")
    for schedule in pack.get("retention", []):
        label = schedule.get("series", "?")
        months, disposition = schedule.get("months"), schedule.get("disposition")
        if disposition not in DISPOSITIONS:
            problems.append(f"retention {label}: disposition must be one of {', '.join(DISPOSITIONS)}")
        if not isinstance(months, int) or isinstance(months, bool) or months < 0:
            problems.append(f"retention {label}: months must be a whole number")
        elif disposition != "keep" and months < minimum:
            problems.append(f"retention {label} is shorter than the legal minimum of {minimum} months")
    return problems


# The old private name, kept for callers written before the checker was public.
_check = check


def citations(pack: dict) -> dict[str, str]:
    """Every citation of the pack under one flat key, e.g. "prohibited.privacy" -> "§322.5(b)"."""
    flat = dict.fromkeys(pack.get("absent_sections", {}), ABSENT_CITATION)
    flat.update(pack.get("sections", {}))
    flat.update({f"category.{c['key']}": c["citation"] for c in pack["categories"]})
    flat.update({f"prohibited.{p['code']}": p["citation"] for p in pack["prohibited"]})
    flat.update({f"page.{p['key']}": p["citation"] for p in pack["page_requirements"]})
    return flat
