"""The first look at a new batch (issue 13): before anything is changed because of it, the screener as it is
(its detectors and the model built from the corpus as it stood) screens the batch, and the figures are recorded
in screening/corpus/first_look.json and FIRST_LOOK.md. Only then are the drafts copied into the corpus.

A batch still being written may be looked at in parts: each part's drafts are looked at once, when they arrive,
by the screener of that moment, and each part is recorded on its own.

    python -m screening.learned.first_look batch-a /path/to/batch-a.jsonl
"""

import argparse
import json
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from . import corpus, evaluate
from .build import fingerprint, loaded

RECORD = corpus.CORPUS_DIR / "first_look.json"
REPORT = corpus.CORPUS_DIR / "FIRST_LOOK.md"


def recorded() -> dict:
    return json.loads(RECORD.read_text()) if RECORD.exists() else {}


def look(group: str, source: Path) -> dict:
    model = loaded()  # built from the corpus as it stands, before this batch joins it
    model_print = fingerprint()
    drafts_path = corpus.CORPUS_DIR / corpus.GROUPS[group][0]
    context_path = corpus.CORPUS_DIR / corpus.GROUPS[group][1]
    seen = len(corpus.load(group)) if drafts_path.exists() else 0
    written = source.read_text(encoding="utf-8")
    written = written[: written.rfind("\n") + 1]  # a line still being written is left for the next part
    lines = [line for line in written.splitlines() if line.strip()]
    new = lines[seen:]
    if not new:
        raise SystemExit(f"Nothing new in {source} after the {seen} drafts already looked at.")
    shutil.copyfile(source.with_name(source.name.replace(".jsonl", ".context.json")), context_path)
    drafts = [
        corpus.Draft(
            id=row["id"],
            group=group,
            department=row.get("department", ""),
            text=row["text"],
            expect=frozenset(row.get("expect", ())),
            category=row.get("category", ""),
        )
        for row in map(json.loads, new)
    ]
    found = evaluate.screen_group(drafts, group, model)
    result = evaluate.table([draft.expect for draft in drafts], found)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=corpus.CORPUS_DIR
    ).stdout.strip()
    part = {
        "lines": [seen + 1, seen + len(new)],
        "at": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "screener_commit": commit,
        "model_fingerprint": model_print,
        "table": result.as_dict(),
    }
    records = recorded()
    records.setdefault(group, []).append(part)
    RECORD.write_text(json.dumps(records, indent=1) + "\n")
    with drafts_path.open("a", encoding="utf-8") as out:
        out.write("\n".join(new) + "\n")
    title = (
        f"First look at {group}, drafts {part['lines'][0]}-{part['lines'][1]}, {part['at']}, screener at "
        f"{commit} (model {model_print})"
    )
    text = evaluate.render(title, result)
    with REPORT.open("a", encoding="utf-8") as out:
        if REPORT.stat().st_size == 0:
            out.write(
                "# First look at each batch (issue 13)\n\nEach part of a batch is screened once, when it "
                "arrives, by the screener of that moment, before anything is changed because of it.\n\n"
            )
        out.write(f"```\n{text}\n```\n\n")
    print(text)
    return part


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("group", choices=[group for group in corpus.GROUPS if group.startswith("batch-")])
    parser.add_argument("source", type=Path)
    options = parser.parse_args()
    look(options.group, options.source)


if __name__ == "__main__":
    main()
