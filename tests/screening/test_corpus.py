"""The screener on the labelled corpus (screening/corpus/, issue 13): every batch's first-look figures (the
screener before anything was changed for that batch) beside the current screener's, and the frozen set, which
nothing is trained or tuned on. The tables are printed; the acceptance thresholds that hold are asserted, and the
ones that do not are printed as shortfalls (the issue's closing note says which)."""

import json

import pytest

from people.roles import Role
from people.services import update_public_contacts
from screening import services
from screening.choices import Code
from screening.learned import agreement, corpus, evaluate
from screening.learned.build import THRESHOLDS, loaded
from screening.learned.crossval import REPORT as CROSS_VALIDATION
from screening.learned.first_look import recorded
from tests.conftest import make_member

from .conftest import context

TARGET = 0.9
CLEAN_TARGET = 0.95
# What the frozen set is asserted to keep: the figures measured at the last change (screening/corpus/FROZEN.md), so
# a change that makes the screener worse on drafts nobody tuned it on fails here. They are NOT the targets
# (precision and recall 0.9 per code, 95% clean kept clean), which are printed beside them; most are not met.
FROZEN_FLOORS = {
    "abusive": (0.87, 0.79),
    "privacy": (0.71, 0.77),
    "investigation": (0.90, 0.88),
    "safety": (0.81, 0.74),
    "prejudicial": (0.90, 0.77),
    "political": (0.83, 0.91),
    "commercial": (0.90, 0.85),
    "personal": (0.78, 0.73),
}
FROZEN_CLEAN_FLOOR = 0.91


@pytest.fixture(scope="module")
def model():
    return loaded()


def _print(capsys, text: str) -> None:
    with capsys.disabled():
        print("\n" + text)


@pytest.mark.parametrize("group", corpus.available())
def test_each_batch_first_look_and_now(group, model, capsys):
    drafts = corpus.load(group)
    now = evaluate.table([draft.expect for draft in drafts], evaluate.screen_group(drafts, group, model))
    looks = recorded().get(group, [])
    for part in looks:
        first = evaluate.Table.from_dict(part["table"])
        _print(
            capsys,
            evaluate.render(
                f"{group} FIRST LOOK, drafts {part['lines'][0]}-{part['lines'][1]}, screener {part['screener_commit']}",
                first,
            ),
        )
        low = {code: row["recall"] for code, row in first.rows.items() if row["recall"] < 0.8}
        if low:
            _print(capsys, f"  first-look recall below 0.80 (issue 13 acceptance, not met): {low}")
    _print(capsys, evaluate.render(f"{group} NOW (the model is trained on this group)", now))
    if group.startswith("batch-"):
        assert looks, f"{group} was copied into the corpus without a first look"
        seen = sum(part["lines"][1] - part["lines"][0] + 1 for part in looks)
        assert seen == len(drafts), f"{group}: {seen} drafts looked at first, {len(drafts)} in the corpus"
        # Taught on the batch, the screener finds at least what it found at the first look, code by code.
        for code, row in now.rows.items():
            tp = sum(part["table"]["codes"][code]["tp"] for part in looks)
            fn = sum(part["table"]["codes"][code]["fn"] for part in looks)
            assert row["recall"] >= tp / (tp + fn) if tp + fn else True, (code, row)
    else:
        # The first drafts, which the detectors were written from: every code still found, none lost.
        assert not now.below(0.0, TARGET), now.below(0.0, TARGET)


@pytest.mark.parametrize("group", corpus.unseen())
def test_each_unseen_batch_is_the_current_screeners_first_look(group, model, capsys):
    """An unseen batch was looked at first by the screener as it stands and never trained or tuned on since: its
    first look was made by this very model, and it still scores what it scored then."""
    drafts = corpus.load(group)
    looks = recorded()[group]
    assert [part["model_fingerprint"] for part in looks] == [model.meta["fingerprint"]] * len(looks)
    assert group not in json.loads(THRESHOLDS.read_text())["groups"]
    first = evaluate.Table.from_dict(looks[0]["table"])
    _print(capsys, evaluate.render(f"{group} FIRST LOOK by the current screener (never trained or tuned on)", first))
    low = {code: row["recall"] for code, row in first.rows.items() if row["recall"] < 0.8}
    if low:
        _print(capsys, f"  first-look recall below 0.80 (issue 13 acceptance, not met): {low}")
    now = evaluate.table([draft.expect for draft in drafts], evaluate.screen_group(drafts, group, model))
    assert now.as_dict() == first.as_dict()


def test_frozen_set(model, capsys):
    drafts = corpus.load(corpus.FROZEN)
    result = evaluate.table([draft.expect for draft in drafts], evaluate.screen_group(drafts, corpus.FROZEN, model))
    # Only the figures: the frozen drafts are never printed, so nobody tunes on them.
    _print(capsys, evaluate.render(f"{corpus.FROZEN} FROZEN (never trained or tuned on)", result))
    short = result.below(TARGET, TARGET)
    if short or result.clean_rate < CLEAN_TARGET:
        _print(
            capsys,
            f"  below the issue's targets (precision and recall {TARGET}, clean {CLEAN_TARGET:.0%}): "
            + ", ".join(f"{code} P {row['precision']:.2f} R {row['recall']:.2f}" for code, row in short.items())
            + f"; clean kept clean {result.clean_rate:.1%}",
        )
    for code, row in result.rows.items():
        precision, recall = FROZEN_FLOORS[code]
        assert row["precision"] >= precision, (code, row)
        assert row["recall"] >= recall, (code, row)
    assert result.clean_rate >= FROZEN_CLEAN_FLOOR


def test_blind_readers_agree_with_the_labels_far_better_than_the_screener(capsys):
    """The labels are not what bounds the screener (screening/learned/agreement.py): reviewers who read the policy
    and never saw the labels reach them nearly everywhere, on the frozen batch and on two training batches."""
    for group, readers in agreement.READERS.items():
        ids = [draft.id for draft in corpus.load(group)]
        for reader in readers:
            assert list(agreement.readings(group, reader)) == ids, (group, reader)
    results = agreement.tables()
    for title, result in results:
        _print(capsys, evaluate.render(title, result) + f"\nmean F1 over the codes: {agreement.mean_f1(result):.3f}")
    for _, result in results:
        assert agreement.mean_f1(result) >= TARGET
        assert result.clean_rate == 1.0


def test_thresholds_were_chosen_on_the_shipped_groups_without_the_frozen_one():
    chosen = json.loads(THRESHOLDS.read_text())
    assert chosen["groups"] == corpus.available()
    assert corpus.FROZEN not in chosen["groups"]
    assert set(chosen["thresholds"]) == set(Code.values)
    assert CROSS_VALIDATION.exists()


def test_corpus_has_every_code_and_clean_drafts():
    drafts = corpus.training_drafts()
    assert {code for draft in drafts for code in draft.expect} == set(Code.values)
    assert sum(1 for draft in drafts if not draft.expect) >= 0.4 * len(drafts)


@pytest.fixture
def corpus_department(department, chief):
    """Oakley, given the first corpus department's public contacts and hold terms as its own."""
    facts = context()
    department = update_public_contacts(
        by=chief,
        department=department,
        public_phone_numbers=facts["public_phone_numbers"],
        public_emails=facts["public_emails"],
    )
    investigator = make_member(department, "investigator", Role.SUPERVISOR)
    for hold in facts["hold_terms"]:
        services.register_hold(by=investigator, case_number=hold["case"], terms=hold["terms"])
    return department


@pytest.mark.django_db
def test_a_department_screens_as_the_measured_screener_does(corpus_department, model, capsys):
    """What the tables measure is what a department runs: its compiled rules, holds, contacts and the model."""
    drafts = corpus.load("shared")
    found = [
        {result.code for result in services.screen_text(corpus_department, draft.text, draft.category)}
        for draft in drafts
    ]
    assert found == evaluate.screen_group(drafts, "shared", model)
    result = evaluate.table([draft.expect for draft in drafts], found)
    _print(capsys, evaluate.render("shared, through a department's compiled rules", result))
    assert not result.below(0.0, TARGET)
