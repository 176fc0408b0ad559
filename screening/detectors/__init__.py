"""The screener's detectors, one module per code (DESIGN.md "Screening").

Every detector reads a `Document`: the draft's text, a lower-cased copy of the
same length, its word tokens, and the hits of the department's word lists (one
Aho-Corasick pass over the tokens, `screening.detectors.lexicon`). Each module
exposes

- `LEXICON`: {tag: [phrases]} it wants found, as triggers or as findings;
- `detect(doc)`: the findings it makes, as `Finding`s with spans into the text.

Detectors are chosen for precision as much as recall: most need a cue and an
object together (a date *and* "born", a street address *and* a home, a name
*and* a juvenile's age), so an ordinary date, block or name stays clean.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

# Typographic quotes and dashes read as their plain forms; one character for one, so offsets hold.
_PLAIN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)
TOKEN = re.compile(r"[^\W_]+")
SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9#@])|\n\s*\n|\n(?=\s*[-*\u2022])")
# Abbreviations that end in a full stop without ending the sentence.
_ABBREVIATIONS = {
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "ave",
    "blvd",
    "rd",
    "ln",
    "ct",
    "sgt",
    "lt",
    "capt",
    "det",
    "ofc",
    "cpl",
    "dep",
    "no",
    "vs",
    "jr",
    "sr",
    "a.m",
    "p.m",
    "am",
    "pm",
    "u.s",
    "approx",
    "inc",
    "co",
    "mt",
    "ft",
    "hwy",
    "dist",
    "gov",
    "sen",
    "rep",
    "e.g",
    "i.e",
    "etc",
}

# A person's name as drafts write it: two or three capitalised words, an optional middle initial.
_NAME_WORD = r"(?:Mc|Mac|O'|D')?[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?"
NAME = rf"{_NAME_WORD}(?:\s+[A-Z]\.)?(?:\s+{_NAME_WORD}){{1,2}}"
NAME_RE = re.compile(rf"(?<![\w'])({NAME})(?![\w])")
# Capitalised words that begin or make up places, organisations and times, never a person's name.
NOT_NAME_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "our",
        "your",
        "their",
        "his",
        "her",
        "its",
        "my",
        "we",
        "you",
        "they",
        "he",
        "she",
        "it",
        "i",
        "if",
        "when",
        "while",
        "after",
        "before",
        "police",
        "department",
        "dept",
        "county",
        "city",
        "state",
        "school",
        "elementary",
        "middle",
        "high",
        "academy",
        "college",
        "university",
        "district",
        "street",
        "st",
        "avenue",
        "ave",
        "road",
        "rd",
        "drive",
        "dr",
        "lane",
        "ln",
        "court",
        "ct",
        "boulevard",
        "blvd",
        "way",
        "place",
        "pl",
        "circle",
        "highway",
        "hwy",
        "parkway",
        "park",
        "center",
        "centre",
        "hall",
        "library",
        "station",
        "office",
        "plaza",
        "mall",
        "church",
        "hospital",
        "clinic",
        "transit",
        "market",
        "store",
        "shop",
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "downtown",
        "uptown",
        "creek",
        "river",
        "lake",
        "valley",
        "hill",
        "hills",
        "mountain",
        "grove",
        "heights",
        "village",
        "estates",
        "ranch",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "police",
        "officer",
        "officers",
        "sergeant",
        "sgt",
        "lieutenant",
        "lt",
        "captain",
        "capt",
        "chief",
        "detective",
        "det",
        "deputy",
        "corporal",
        "cpl",
        "dispatcher",
        "commander",
        "sheriff",
        "agent",
        "trooper",
        "mayor",
        "councilmember",
        "council",
        "member",
        "governor",
        "senator",
        "judge",
        "national",
        "night",
        "out",
        "memorial",
        "day",
        "labor",
        "independence",
        "thanksgiving",
        "christmas",
        "halloween",
        "easter",
        "new",
        "year",
        "swat",
        "k9",
        "k-9",
        "ems",
        "fire",
        "rescue",
        "explorer",
        "explorers",
        "program",
        "unit",
        "division",
        "team",
        "squad",
        "task",
        "force",
        "click",
        "it",
        "ticket",
        "amber",
        "alert",
        "silver",
        "neighborhood",
        "watch",
        "community",
        "safety",
        "traffic",
        "crime",
        "prevention",
        "update",
        "arrest",
        "arrested",
        "missing",
        "wanted",
        "alert",
        "scam",
        "warning",
        "heads",
        "up",
        "breaking",
        "live",
        "press",
        "release",
        "thank",
        "thanks",
        "congratulations",
        "happy",
        "welcome",
        "join",
        "please",
        "help",
        "have",
        "can",
        "do",
        "don't",
        "did",
        "facebook",
        "instagram",
        "twitter",
        "nextdoor",
        "youtube",
        "tiktok",
        "measure",
        "prop",
        "proposition",
        "election",
        "vote",
        "services",
        "service",
        "control",
        "works",
        "systems",
        "system",
        "electronics",
        "auto",
        "repair",
        "pizza",
        "bakery",
        "inc",
        "llc",
        "company",
        "co",
        "corp",
        "group",
        "association",
        "club",
        "foundation",
        "bank",
        "insurance",
        "realty",
        "motors",
        "tire",
        "tires",
        "cafe",
        "coffee",
        "grill",
        "bar",
        "tavern",
        "inn",
        "motel",
        "hotel",
        "salon",
        "spa",
        "studio",
        "fitness",
        "gym",
        "church",
        "ministries",
        "animal",
        "animals",
        "public",
        "health",
        "medical",
        "clinic",
        "pharmacy",
        "clerk",
        "records",
        "court",
        "courthouse",
        "superior",
        "municipal",
        "transit",
        "authority",
        "water",
        "sewer",
        "utility",
        "utilities",
        "hall",
    ]
)


_ROLE_WORDS = {"victim", "survivor", "suspect", "juvenile", "teen", "witness"}


def is_person_name(name: str, strict: bool = True) -> bool:
    """Whether capitalised words read as a person's name. Where the words around them already say a person
    is meant ("the victim, Sophie Lane"), `strict=False` lets a surname that is also a place word through."""
    words = [word.strip(".").lower() for word in name.split()]
    words = [word for word in words if len(word) > 1]
    if len(words) < 2:
        return False
    if strict:
        return not any(word in NOT_NAME_WORDS for word in words)
    return words[0] not in NOT_NAME_WORDS and words[0] not in _ROLE_WORDS


@dataclass(frozen=True, slots=True)
class Finding:
    """What one detector found: the code, the detector's name, the span and what it is, in words a PIO reads."""

    code: str
    detector: str
    start: int
    end: int
    description: str
    hold_id: int | None = None
    case_number: str = ""
    # The words that drove a learned finding (the learned layer's evidence; empty for the other detectors).
    evidence: tuple[str, ...] = ()


@dataclass(slots=True)
class Hit:
    tag: str
    start: int
    end: int


@dataclass
class Context:
    """What a detector may know about the department beyond the text."""

    public_phones: frozenset = frozenset()
    public_emails: frozenset = frozenset()
    public_email_domains: frozenset = frozenset()


class Document:
    """A draft as the detectors read it."""

    def __init__(self, text: str, category: str = "", context: Context | None = None):
        self.text = text
        self.category = category or ""
        self.context = context or Context()
        lower = text.lower()
        if len(lower) != len(text):
            # A few characters lower-case to two; keep offsets one for one.
            lower = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
        self.lower = lower.translate(_PLAIN)
        self.plain = text.translate(_PLAIN)
        spans = [match.span() for match in TOKEN.finditer(self.lower)]
        self.token_spans = spans
        words = [self.lower[start:end] for start, end in spans]
        self.flat = " ".join(words)
        offsets, position = [], 0
        for word in words:
            offsets.append(position)
            position += len(word) + 1
        self.flat_offsets = offsets
        self.hits: dict[str, list[Hit]] = {}

    # -- tokens and the flat text -------------------------------------------------------------
    def token_at_flat(self, flat_position: int) -> int:
        return bisect_right(self.flat_offsets, flat_position) - 1

    def span_from_flat(self, flat_start: int, flat_end: int) -> tuple[int, int]:
        """The text span of flat[flat_start:flat_end] (token-aligned)."""
        first = self.token_at_flat(flat_start)
        last = self.token_at_flat(max(flat_end - 1, flat_start))
        return self.token_spans[first][0], self.token_spans[last][1]

    # -- lexicon hits ---------------------------------------------------------------------------
    def has(self, *tags: str) -> bool:
        return any(self.hits.get(tag) for tag in tags)

    def hits_of(self, *tags: str) -> list[Hit]:
        found = [hit for tag in tags for hit in self.hits.get(tag, ())]
        return sorted(found, key=lambda hit: (hit.start, hit.end))

    # -- sentences ------------------------------------------------------------------------------
    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        bounds, start = [], 0
        for match in SENTENCE_END.finditer(self.plain):
            before = self.plain[max(0, match.start() - 6) : match.start()].split()
            word = before[-1].lower().strip("(\"'") if before else ""
            if match.group().strip().startswith(".") and (word in _ABBREVIATIONS or re.fullmatch(r"[a-z]", word)):
                continue
            bounds.append((start, match.end()))
            start = match.end()
        if start < len(self.text):
            bounds.append((start, len(self.text)))
        return bounds or [(0, 0)]

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [start for start, _ in self.sentences]

    def sentence_index(self, position: int) -> int:
        return max(0, bisect_right(self._sentence_starts, position) - 1)

    def sentence_span(self, position: int) -> tuple[int, int]:
        return self.sentences[self.sentence_index(position)]

    def window(self, position: int, before: int = 1, after: int = 0) -> tuple[int, int]:
        """The span of the sentence holding `position`, with `before` sentences before and `after` after it."""
        index = self.sentence_index(position)
        first = self.sentences[max(0, index - before)]
        last = self.sentences[min(len(self.sentences) - 1, index + after)]
        return first[0], last[1]

    # -- names and quotations -----------------------------------------------------------------
    @cached_property
    def names(self) -> list[tuple[int, int]]:
        """Spans of what reads as a person's name."""
        return [match.span(1) for match in NAME_RE.finditer(self.plain) if is_person_name(match.group(1))]

    def names_between(self, start: int, end: int) -> list[tuple[int, int]]:
        return [span for span in self.names if span[0] >= start and span[1] <= end]

    @cached_property
    def quoted(self) -> list[tuple[int, int]]:
        """Spans inside double quotation marks: someone else's words, quoted."""
        return [match.span() for match in re.finditer(r'"[^"\n]{3,}?"', self.plain)]

    def in_quotation(self, position: int) -> bool:
        return any(start <= position < end for start, end in self.quoted)


def finditer(pattern: re.Pattern, doc: Document, start: int = 0, end: int | None = None):
    """Matches of a pattern over the plain text (typographic quotes made plain), between two offsets."""
    return pattern.finditer(doc.plain, start, len(doc.text) if end is None else end)


def registry() -> list:
    """The detector modules, one per code."""
    from . import abusive, commercial, investigation, personal, political, prejudicial, privacy, safety

    return [privacy, investigation, safety, prejudicial, political, commercial, personal, abusive]
