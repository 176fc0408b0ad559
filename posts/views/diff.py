"""A word-by-word diff between two revisions of a post.

The result is a list of (kind, text) pieces that the template prints with
auto-escaping, so nothing the author wrote is ever marked safe.
"""

import difflib
import re
from dataclasses import dataclass

# Words and the whitespace between them, so that joining every token gives back the text exactly.
TOKENS = re.compile(r"\s+|\S+")


@dataclass(frozen=True)
class Piece:
    kind: str  # "same", "removed" or "added"
    text: str


def word_diff(old: str, new: str) -> list[Piece]:
    a, b = TOKENS.findall(old), TOKENS.findall(new)
    pieces: list[Piece] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(Piece("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("removed", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("added", "".join(b[j1:j2])))
    return pieces


def unified(old: str, new: str, old_name: str, new_name: str) -> list[str]:
    """The line-by-line diff, as plain lines for a <pre>."""
    return list(difflib.unified_diff(old.splitlines(), new.splitlines(), old_name, new_name, lineterm=""))
