"""Cutting a screened text into pieces for the pages to mark (screening.highlight): spans in code points,
overlapping findings sharing one mark, spans outside the text clipped."""

from types import SimpleNamespace

from screening.highlight import Piece, pieces


def found(start, end, severity="block"):
    return SimpleNamespace(start=start, end=end, severity=severity)


def test_a_text_without_findings_is_one_piece():
    assert pieces("Nothing here.", []) == [Piece("Nothing here.")]
    assert pieces("", []) == []


def test_each_finding_is_a_numbered_marked_piece():
    text = "Call 925-555-0187 or 925-555-0188 now"
    assert pieces(text, [found(5, 17), found(21, 33, "warn")]) == [
        Piece("Call "),
        Piece("925-555-0187", (1,), "block"),
        Piece(" or "),
        Piece("925-555-0188", (2,), "warn"),
        Piece(" now"),
    ]


def test_overlapping_findings_share_one_mark_that_blocks_if_either_does():
    text = "Vote for Smith at Joe's Pizza"
    assert pieces(text, [found(0, 14, "warn"), found(9, 29, "block")]) == [
        Piece("Vote for Smith at Joe's Pizza", (1, 2), "block")
    ]


def test_touching_findings_stay_two_marks():
    assert pieces("abcdef", [found(0, 3), found(3, 6)]) == [Piece("abc", (1,), "block"), Piece("def", (2,), "block")]


def test_offsets_are_code_points():
    text = "🚓🚓 Call 925-555-0187"
    start = text.index("925")
    assert pieces(text, [found(start, start + 12)])[1] == Piece("925-555-0187", (1,), "block")


def test_spans_outside_the_text_are_clipped_and_empty_ones_dropped():
    assert pieces("short", [found(3, 99), found(50, 60), found(2, 2)]) == [Piece("sho"), Piece("rt", (1,), "block")]
