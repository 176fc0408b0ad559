"""Screening fixtures: a screener compiled without the database (detector tests run in microseconds),
and the department the labelled corpus describes."""

import json
from pathlib import Path

import pytest

from screening.choices import Code
from screening.engine import Rule, Screener

# The labelled corpus the screener is measured and its learned layer trained on (issue 13).
DATA = Path(__file__).resolve().parent.parent.parent / "screening" / "corpus"
# The citations an Oakley department gives (socialgov/policy_packs/oakley.toml).
OAKLEY_CITATIONS = {
    "abusive": "§322.5(a)",
    "privacy": "§322.5(b)",
    "investigation": "§322.5(c)",
    "safety": "§322.5(e)",
    "prejudicial": "§322.5(c)",
    "political": "§322.5(d)",
    "commercial": "§322.5(f)",
    "personal": "§322.5(f)",
}
PUBLIC_PHONES = ["(925) 555-0100", "(925) 555-0123"]
PUBLIC_EMAILS = ["pio@aldercreekpd.org", "tips@aldercreekpd.org"]


def context() -> dict:
    return json.loads((DATA / "shared.context.json").read_text())


def make_screener(holds=(), learned=None, **rule_changes) -> Screener:
    """The detectors alone by default (their tests are about them); `learned` adds a learned layer."""
    rules = [
        Rule(
            **{
                "code": code,
                "name": code.title(),
                "citation": OAKLEY_CITATIONS[code],
                "severity": "block",
                "enabled": True,
                **rule_changes.get(code, {}),
            }
        )
        for code in Code.values
    ]
    return Screener(rules, holds=holds, public_phones=PUBLIC_PHONES, public_emails=PUBLIC_EMAILS, learned=learned)


@pytest.fixture(scope="session")
def screener() -> Screener:
    holds = [(index, hold["case"], hold["terms"]) for index, hold in enumerate(context()["hold_terms"], start=1)]
    return make_screener(holds)


@pytest.fixture(scope="session")
def found(screener):
    """`found(text, category="")` -> {code: [excerpts]} the screener finds."""

    def run(text: str, category: str = "") -> dict[str, list[str]]:
        results = {}
        for result in screener.screen(text, category):
            results.setdefault(result.code, []).append(result.excerpt)
        return results

    return run


@pytest.fixture(scope="session")
def details(screener):
    """`details(text)` -> the screener's results, for tests about spans and messages."""
    return screener.screen


# The post fixtures (ready_account, pio_authorized, draft, pending, approved, ...) of the posts tests.
from tests.posts.conftest import (  # noqa: E402, F401
    approved,
    draft,
    pending,
    pio_authorized,
    ready_account,
    second_pio,
)
