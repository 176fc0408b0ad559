"""The labelled drafts the learned layer is trained and measured on (screening/corpus/, issue 13).

Each group is one writer's batch (or the first shared corpus and our first holdout), with the context its
departments were written for: their public numbers and emails and the terms held back for their open cases.
Cross-validation leaves one group out at a time. The FROZEN group is never trained on, tuned on or read while
writing detectors: it is only scored, and its score is reported as it is.
"""

import json
from dataclasses import dataclass
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpus"
FROZEN = "batch-d"
# group -> (drafts, context); the context of the first corpus is one department's, the batches' map many.
GROUPS = {
    "shared": ("shared.jsonl", "shared.context.json"),
    "holdout": ("holdout.jsonl", "shared.context.json"),
    "batch-a": ("batch-a.jsonl", "batch-a.context.json"),
    "batch-b": ("batch-b.jsonl", "batch-b.context.json"),
    "batch-c": ("batch-c.jsonl", "batch-c.context.json"),
    FROZEN: ("batch-d.jsonl", "batch-d.context.json"),
    # Written after the screener was last changed; their first look is in FIRST_LOOK_LATER.md (first_look.json).
    "batch-e": ("later/batch-e.jsonl", "later/batch-e.context.json"),
    "batch-f": ("later/batch-f.jsonl", "later/batch-f.context.json"),
    "batch-g": ("batch-g.jsonl", "batch-g.context.json"),
    "batch-h": ("batch-h.jsonl", "batch-h.context.json"),
    # Looked at first by the calibrated SVM screener, one after another, each joining before the next's look
    # (first_look.json, FIRST_LOOK.md).
    "batch-j": ("later/batch-j.jsonl", "later/batch-j.context.json"),
    "batch-k": ("later/batch-k.jsonl", "later/batch-k.context.json"),
    "batch-l": ("later/batch-l.jsonl", "later/batch-l.context.json"),
    "batch-m": ("later/batch-m.jsonl", "later/batch-m.context.json"),
    # Written while the calibrated SVM screener was being built, never read by it; looked at first by its final
    # model (batch-i), then by that model taught batch-i (batch-n).
    "batch-i": ("later/batch-i.jsonl", "later/batch-i.context.json"),
    "batch-n": ("later/batch-n.jsonl", "later/batch-n.context.json"),
    # Written in the fourth session by writers who never saw the screener: o and p looked at first by the
    # screener as the third session left it (p by it taught o), q and r by it taught o and p; then trained on.
    "batch-o": ("later/batch-o.jsonl", "later/batch-o.context.json"),
    "batch-p": ("later/batch-p.jsonl", "later/batch-p.context.json"),
    "batch-q": ("later/batch-q.jsonl", "later/batch-q.context.json"),
    "batch-r": ("later/batch-r.jsonl", "later/batch-r.context.json"),
    # Written after the last change to the detectors and the model; UNSEEN.
    "batch-s": ("later/batch-s.jsonl", "later/batch-s.context.json"),
    "batch-t": ("later/batch-t.jsonl", "later/batch-t.context.json"),
}
# Looked at first by the screener as it now stands and kept out of training and tuning since, so their figures stay
# that screener's first look. The next change to the screener may train on them, and then needs new batches.
UNSEEN = ("batch-s", "batch-t")


@dataclass(frozen=True)
class Draft:
    id: str
    group: str
    department: str
    text: str
    expect: frozenset
    category: str = ""


def available(include_frozen: bool = False) -> list[str]:
    """The training groups shipped in screening/corpus/ (a batch still being written is not shipped yet), with the
    frozen and unseen ones only when asked for."""
    return [
        group
        for group, (drafts, _) in GROUPS.items()
        if (CORPUS_DIR / drafts).exists() and (include_frozen or (group != FROZEN and group not in UNSEEN))
    ]


def unseen() -> list[str]:
    """The unseen groups shipped so far: looked at first, never trained or tuned on."""
    return [group for group in UNSEEN if (CORPUS_DIR / GROUPS[group][0]).exists()]


def contexts(group: str) -> dict[str, dict]:
    """{department name: {public_phone_numbers, public_emails, hold_terms}} of a group."""
    data = json.loads((CORPUS_DIR / GROUPS[group][1]).read_text())
    if "hold_terms" in data:
        return {data.get("department", ""): data}
    return data


def load(group: str) -> list[Draft]:
    only = (
        next(iter(contexts(group))) if "hold_terms" in json.loads((CORPUS_DIR / GROUPS[group][1]).read_text()) else ""
    )
    drafts = []
    for line in (CORPUS_DIR / GROUPS[group][0]).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        drafts.append(
            Draft(
                id=row["id"],
                group=group,
                department=row.get("department") or only,
                text=row["text"],
                expect=frozenset(row.get("expect", ())),
                category=row.get("category", ""),
            )
        )
    return drafts


def training_drafts() -> list[Draft]:
    """Every shipped draft but the frozen set's."""
    return [draft for group in available() for draft in load(group)]
