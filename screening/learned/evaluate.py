"""Measuring the screener on labelled drafts (issue 13): a screener per department of a group, compiled from
the group's context the way a department's is (its public contacts, its hold terms), and the per-code table.

Used by the corpus test, the cross-validation and the first look at each new batch.
"""

from dataclasses import dataclass

from ..choices import Code
from ..engine import Rule, Screener
from .corpus import Draft, contexts

CODES = list(Code.values)


def rules() -> list[Rule]:
    return [
        Rule(code=code, name=Code(code).label, citation=f"3xx.5 ({code})", severity="block", enabled=True)
        for code in CODES
    ]


def screeners(group: str, learned) -> dict[str, Screener]:
    """{department: Screener} for every department of a group."""
    compiled = {}
    for department, facts in contexts(group).items():
        holds = [
            (index, hold["case"], hold.get("terms", []))
            for index, hold in enumerate(facts.get("hold_terms", []), start=1)
        ]
        compiled[department] = Screener(
            rules(),
            holds=holds,
            public_phones=facts.get("public_phone_numbers", ()),
            public_emails=facts.get("public_emails", ()),
            learned=learned,
        )
    return compiled


def screen_group(drafts: list[Draft], group: str, learned) -> list[set[str]]:
    """The codes the screener finds in each draft, under its own department's context."""
    compiled = screeners(group, learned)
    fallback = Screener(rules(), learned=learned)
    return [
        {result.code for result in compiled.get(draft.department, fallback).screen(draft.text, draft.category)}
        for draft in drafts
    ]


@dataclass
class Table:
    rows: dict[str, dict]
    drafts: int
    clean: int
    clean_kept: int

    @property
    def clean_rate(self) -> float:
        return self.clean_kept / self.clean if self.clean else 1.0

    def below(self, precision: float, recall: float) -> dict[str, dict]:
        return {code: row for code, row in self.rows.items() if row["precision"] < precision or row["recall"] < recall}

    def as_dict(self) -> dict:
        return {
            "drafts": self.drafts,
            "clean": self.clean,
            "clean_kept": self.clean_kept,
            "codes": {
                code: {key: (round(value, 3) if isinstance(value, float) else value) for key, value in row.items()}
                for code, row in self.rows.items()
            },
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Table":
        return cls(data["codes"], data["drafts"], data["clean"], data["clean_kept"])


def table(expected: list[frozenset], found: list[set[str]]) -> Table:
    rows = {code: {"tp": 0, "fp": 0, "fn": 0} for code in CODES}
    clean = clean_kept = 0
    for wanted, got in zip(expected, found, strict=True):
        if not wanted:
            clean += 1
            clean_kept += not got
        for code in CODES:
            if code in got and code in wanted:
                rows[code]["tp"] += 1
            elif code in got:
                rows[code]["fp"] += 1
            elif code in wanted:
                rows[code]["fn"] += 1
    for row in rows.values():
        row["precision"] = row["tp"] / (row["tp"] + row["fp"]) if row["tp"] + row["fp"] else 1.0
        row["recall"] = row["tp"] / (row["tp"] + row["fn"]) if row["tp"] + row["fn"] else 1.0
    return Table(rows, len(expected), clean, clean_kept)


def render(title: str, result: Table) -> str:
    lines = [
        f"{title} ({result.drafts} drafts, {result.clean} clean)",
        f"{'code':<14} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>9} {'recall':>6}",
    ]
    for code, row in result.rows.items():
        lines.append(
            f"{code:<14} {row['tp']:>4} {row['fp']:>4} {row['fn']:>4} {row['precision']:>9.2f} {row['recall']:>6.2f}"
        )
    lines.append(f"clean kept clean: {result.clean_kept}/{result.clean} ({result.clean_rate:.1%})")
    return "\n".join(lines)
