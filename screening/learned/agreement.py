"""How far careful readers agree with the corpus's labels (issue 13): the bound a screener could reach.

Reviewers labelled whole batches blind (screening/corpus/agreement/): each saw only the department policies, the
eight codes' definitions as the issue gives them, each department's public contacts and hold terms, and the drafts'
text; never the writer's labels, the screener or another reader's work. Two read the frozen batch, one each read
batches q and r (training batches, to see whether the training labels are as consistent as the frozen ones).
Scored against the writer's labels as the screener is, they show what the labels allow: if readers of the policy
agreed with them no better than the screener, the labels would be the bound; they agree far better (AGREEMENT.md),
so the bound is the screener's reading.

    python -m screening.learned.agreement   # prints the tables and writes ../corpus/AGREEMENT.md
"""

import json
from datetime import UTC, datetime

from . import corpus, evaluate

AGREEMENT_DIR = corpus.CORPUS_DIR / "agreement"
# group -> the readers who labelled it, in the order they did.
READERS = {corpus.FROZEN: ("reader-a", "reader-b"), "batch-q": ("reader-c",), "batch-r": ("reader-d",)}
REPORT = corpus.CORPUS_DIR / "AGREEMENT.md"


def readings(group: str, reader: str) -> dict[str, frozenset]:
    """{draft id: the codes the reader gave it} over a group."""
    path = AGREEMENT_DIR / f"{group}.{reader}.jsonl"
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return {row["id"]: frozenset(row["codes"]) for row in rows}


def tables() -> list[tuple[str, evaluate.Table]]:
    """Each reader against the writer's labels, and a second reader of a group against its first."""
    results = []
    for group, readers in READERS.items():
        drafts = corpus.load(group)
        read = {reader: readings(group, reader) for reader in readers}
        for reader in readers:
            found = [set(read[reader][draft.id]) for draft in drafts]
            results.append(
                (f"{group}: {reader} against the writer's labels", evaluate.table([d.expect for d in drafts], found))
            )
        if len(readers) == 2:
            first, second = (read[reader] for reader in readers)
            results.append(
                (
                    f"{group}: {readers[1]} against {readers[0]}",
                    evaluate.table([first[d.id] for d in drafts], [set(second[d.id]) for d in drafts]),
                )
            )
    return results


def mean_f1(result: evaluate.Table) -> float:
    scores = [2 * row["tp"] / (2 * row["tp"] + row["fp"] + row["fn"]) for row in result.rows.values()]
    return sum(scores) / len(scores)


def main() -> None:
    lines = [
        f"# Readers against the corpus's labels ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)",
        "",
        "Written by `python -m screening.learned.agreement` (screening/learned/agreement.py says how the readers",
        "worked). The screener's own figures on the frozen batch are in FROZEN.md, on batches q and r left out in",
        "CROSS_VALIDATION.md.",
        "",
    ]
    for title, result in tables():
        text = evaluate.render(title, result) + f"\nmean F1 over the codes: {mean_f1(result):.3f}"
        print(text + "\n")
        lines += ["```", text, "```", ""]
    REPORT.write_text("\n".join(lines))


if __name__ == "__main__":
    main()
