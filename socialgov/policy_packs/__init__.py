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
    "announcement", "crime_prevention", "investigative_request", "community_engagement",
    "safety_alert", "traffic", "press_release", "recruitment",
]
PROHIBITED_CODES = [
    "abusive", "privacy", "investigation", "safety", "prejudicial", "political", "commercial", "personal",
]
TRAINING_TOPICS = ["legal", "privacy", "civil_rights", "dissemination", "retention"]
PAGE_REQUIREMENTS = [
    "public_posting_disabled", "introductory_statement", "official_website_link", "contact_information",
    "visitor_opinion_disclaimer", "comment_moderation_notice", "public_disclosure_notice",
]
REQUIRED_SECTIONS = [
    "authorized_users", "authorized_content", "incident", "prohibited", "public_posting",
    "monitoring", "retention", "training",
]


class PackError(ValueError):
    pass


def available() -> list[str]:
    return sorted(path.stem for path in PACK_DIR.glob("*.toml"))


@cache
def read_pack(name: str) -> dict:
    path = PACK_DIR / f"{name}.toml"
    if not path.is_file():
        raise PackError(f"No policy pack named {name!r}; the packs are: {', '.join(available())}.")
    with path.open("rb") as handle:
        pack = tomllib.load(handle)
    _check(name, pack)
    return pack


def _keys(items: list[dict], field: str) -> list[str]:
    return [item[field] for item in items]


def _check(name: str, pack: dict) -> None:
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
        if sorted(_keys(pack.get(field, []), key)) != sorted(expected):
            problems.append(f"{field} must list exactly: {', '.join(expected)}")
    missing = [section for section in REQUIRED_SECTIONS if section not in pack.get("sections", {})]
    if missing:
        problems.append(f"sections missing: {', '.join(missing)}")
    minimum = pack.get("legal_minimum_retention_months", 0)
    for schedule in pack.get("retention", []):
        if schedule["disposition"] != "keep" and schedule["months"] < minimum:
            problems.append(f"retention {schedule['series']} is shorter than the legal minimum of {minimum} months")
    if problems:
        raise PackError(f"policy pack {name!r}: " + "; ".join(problems))


def citations(pack: dict) -> dict[str, str]:
    """Every citation of the pack under one flat key, e.g. "prohibited.privacy" -> "§322.5(b)"."""
    flat = dict(pack.get("sections", {}))
    flat.update({f"category.{c['key']}": c["citation"] for c in pack["categories"]})
    flat.update({f"prohibited.{p['code']}": p["citation"] for p in pack["prohibited"]})
    flat.update({f"page.{p['key']}": p["citation"] for p in pack["page_requirements"]})
    return flat
