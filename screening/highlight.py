"""The screened text cut into pieces for a page to show, each finding's span marked (DESIGN.md "Interfaces").

The pieces are plain strings; the template escapes each one and wraps the marked
ones in <mark>. Nothing here builds HTML, so a draft's text can never become markup.
Spans are Python string offsets (Unicode code points), as the screener reports them.
"""

from dataclasses import dataclass

from .choices import Severity


@dataclass(frozen=True)
class Piece:
    """A run of the text: unmarked, or marked by the findings numbered in `numbers` (1-based, in list order)."""

    text: str
    numbers: tuple[int, ...] = ()
    severity: str = ""

    @property
    def marked(self) -> bool:
        return bool(self.numbers)


def pieces(text: str, findings) -> list[Piece]:
    """`text` cut at the findings' spans. Overlapping findings share one mark that names them all, and the
    mark blocks if any of them does. A span outside the text (a finding on other text) is clipped."""
    spans = []
    for number, finding in enumerate(findings, start=1):
        start, end = max(0, min(finding.start, len(text))), max(0, min(finding.end, len(text)))
        if start < end:
            spans.append((start, end, number, finding.severity))
    spans.sort()
    regions: list[list] = []  # [start, end, numbers, severities]
    for start, end, number, severity in spans:
        if regions and start < regions[-1][1]:
            region = regions[-1]
            region[1] = max(region[1], end)
            region[2].append(number)
            region[3].add(severity)
        else:
            regions.append([start, end, [number], {severity}])
    result: list[Piece] = []
    at = 0
    for start, end, numbers, severities in regions:
        if at < start:
            result.append(Piece(text[at:start]))
        severity = Severity.BLOCK if Severity.BLOCK in severities else Severity.WARN
        result.append(Piece(text[start:end], tuple(sorted(numbers)), str(severity)))
        at = end
    if at < len(text):
        result.append(Piece(text[at:]))
    return result
