"""How far two careful readers agree with the frozen set's labels (issue 13): the bound a screener could reach.

Two reviewers labelled the frozen batch's 420 drafts blind (screening/corpus/agreement/): each saw only the
department policies, the eight codes' definitions as the issue gives them, each department's public contacts and
hold terms, and the drafts' text; never the writer's labels, the screener or each other's work. Scored against
the writer's labels as the screener is, they show what the labels allow: if two readers of the policy agreed with
them no better than the screener, the labels would be the bound; they agree far better (AGREEMENT.md), so the
bound is the screener's reading.

    python -m screening.learned.agreement   # prints the tables and writes ../corpus/AGREEMENT.md
"""

import json
from datetime import UTC, datetime

from . import corpus, evaluate

AGREEMENT_DIR = corpus.CORPUS_DIR / "agreement"
READERS = ("reader-a", "reader-b")
REPORT = corpus.CORPUS_DIR / "AGREEMENT.md"


def readings(reader: str) -> dict[str, frozenset]:
    """{draft id: the codes the reader gave it} over the frozen batch."""
    path = AGREEMENT_DIR / f"{corpus.FROZEN}.{reader}.jsonl"
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return {row["id"]: frozenset(row["codes"]) for row in rows}


def tables() -> list[tuple[str, evaluate.Table]]:
    """Each reader against the writer's labels, and the second reader against the first."""
    drafts = corpus.load(corpus.FROZEN)
    ids = [draft.id for draft in drafts]
    read = {reader: readings(reader) for reader in READERS}
    first, second = (read[reader] for reader in READERS)
    results = [
        (
            f"{corpus.FROZEN}: {reader} against the writer's labels",
            evaluate.table([draft.expect for draft in drafts], [set(read[reader][draft_id]) for draft_id in ids]),
        )
        for reader in READERS
    ]
    results.append(
        (
            f"{corpus.FROZEN}: {READERS[1]} against {READERS[0]}",
            evaluate.table([first[draft_id] for draft_id in ids], [set(second[draft_id]) for draft_id in ids]),
        )
    )
    return results


def mean_f1(result: evaluate.Table) -> float:
    scores = [2 * row["tp"] / (2 * row["tp"] + row["fp"] + row["fn"]) for row in result.rows.values()]
    return sum(scores) / len(scores)


def main() -> None:
    lines = [
        f"# Two readers against the frozen set's labels ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)",
        "",
        "Written by `python -m screening.learned.agreement` (screening/learned/agreement.py says how the readers",
        "worked). The screener's own figures on the same drafts are in FROZEN.md.",
        "",
    ]
    for title, result in tables():
        text = evaluate.render(title, result) + f"\nmean F1 over the codes: {mean_f1(result):.3f}"
        print(text + "\n")
        lines += ["```", text, "```", ""]
    REPORT.write_text("\n".join(lines))


if __name__ == "__main__":
    main()
