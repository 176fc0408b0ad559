"""The labelled corpus (../shared/screening/corpus.jsonl, copied to data/) screened under its department's
context, and our own labelled drafts (data/holdout.jsonl, written apart from the corpus): precision and
recall per code, at least 0.9 each. The table is printed."""

import json

import pytest

from people.roles import Role
from people.services import update_public_contacts
from screening import services
from screening.choices import Code
from tests.conftest import make_member

from .conftest import DATA, context

THRESHOLD = 0.9


def load(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text().splitlines() if line.strip()]


def scores(drafts, screen) -> dict[str, dict]:
    table = {code: {"tp": 0, "fp": 0, "fn": 0} for code in Code.values}
    misses = []
    for draft in drafts:
        found = {result.code for result in screen(draft["text"], draft.get("category", ""))}
        expected = set(draft["expect"])
        for code in Code.values:
            if code in found and code in expected:
                table[code]["tp"] += 1
            elif code in found:
                table[code]["fp"] += 1
            elif code in expected:
                table[code]["fn"] += 1
        if found != expected:
            misses.append(f"{draft['id']}: expected {sorted(expected)}, found {sorted(found)}")
    for row in table.values():
        row["precision"] = row["tp"] / (row["tp"] + row["fp"]) if row["tp"] + row["fp"] else 1.0
        row["recall"] = row["tp"] / (row["tp"] + row["fn"]) if row["tp"] + row["fn"] else 1.0
    return table, misses


def render(title: str, table: dict, drafts: int) -> str:
    lines = ["", f"{title} ({drafts} drafts)", f"{'code':<14} {'TP':>3} {'FP':>3} {'FN':>3} {'precision':>9} "
             f"{'recall':>6}"]
    for code, row in table.items():
        lines.append(f"{code:<14} {row['tp']:>3} {row['fp']:>3} {row['fn']:>3} {row['precision']:>9.2f} "
                     f"{row['recall']:>6.2f}")
    return "\n".join(lines)


@pytest.fixture
def corpus_department(department, chief):
    """Oakley, given the corpus department's public contacts and hold terms as its own."""
    facts = context()
    department = update_public_contacts(by=chief, department=department,
                                        public_phone_numbers=facts["public_phone_numbers"],
                                        public_emails=facts["public_emails"])
    investigator = make_member(department, "investigator", Role.SUPERVISOR)
    for hold in facts["hold_terms"]:
        services.register_hold(by=investigator, case_number=hold["case"], terms=hold["terms"])
    return department


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["corpus.jsonl", "holdout.jsonl"])
def test_precision_and_recall_per_code(name, corpus_department, capsys):
    drafts = load(name)
    table, misses = scores(drafts, lambda text, category: services.screen_text(corpus_department, text, category))
    with capsys.disabled():
        print(render(f"Screening {name}", table, len(drafts)))
    low = {code: row for code, row in table.items() if row["precision"] < THRESHOLD or row["recall"] < THRESHOLD}
    assert not low, f"below {THRESHOLD}: {low}\n" + "\n".join(misses)


def test_corpus_has_every_code_and_clean_drafts():
    drafts = load("corpus.jsonl")
    assert {code for draft in drafts for code in draft["expect"]} == set(Code.values)
    assert any(not draft["expect"] for draft in drafts)
