"""investigation (3xx.5(c), general policy IV.B.3): what could compromise an open case.

- Hold terms an investigator registered for a case (case number, unreleased names,
  evidence details): matched case-insensitively on word boundaries, with hyphens,
  spaces and punctuation inside a term free to vary; a term with digits (a case
  number) also matches with its separators written any way or left out
  ("24-01509", "24 01509", "#24.01509", "2401509").
- Wording that discloses an open case's evidence or investigative techniques: a
  tracker on a car, an informant, phone records, a weapon recovered and sent to the
  crime lab, while the case is open (no arrest yet, suspect at large) and not closed.
"""

import re
from dataclasses import dataclass

import ahocorasick

from . import Document, Finding, finditer
from .lexicon import normalise

CODE = "investigation"

LEXICON = {
    "investigation.technique": [
        "gps tracker",
        "gps trackers",
        "gps tracking device",
        "tracking device",
        "tracking devices",
        "tracker on",
        "wiretap",
        "wiretaps",
        "wire tap",
        "pole camera",
        "pole cameras",
        "confidential informant",
        "confidential informants",
        "informant",
        "informants",
        "cell phone records",
        "phone records",
        "cellphone records",
        "cell tower records",
        "cell tower data",
        "cell site data",
        "call detail records",
        "phone dump",
        "geofence warrant",
        "undercover buy",
        "undercover buys",
        "controlled buy",
        "controlled buys",
        "stakeout",
        "staking out",
        "under surveillance",
        "surveillance on",
        "sting operation",
        "bugged",
        "listening device",
        "hidden camera",
        "tapped his phone",
        "tapped her phone",
        "following him",
        "following her",
        "tailing him",
        "tailing her",
    ],
    "investigation.forensic": [
        "crime lab",
        "crime laboratory",
        "ballistics",
        "ballistic testing",
        "dna testing",
        "dna analysis",
        "dna test",
        "dna sample",
        "dna samples",
        "dna swab",
        "dna swabs",
        "dna match",
        "dna evidence",
        "latent prints",
        "latent fingerprints",
        "lifted fingerprints",
        "lifted prints",
        "fingerprints were lifted",
        "fingerprint analysis",
        "forensic testing",
        "forensic analysis",
        "forensic evidence",
        "forensics",
        "toxicology",
        "autopsy results",
        "shell casings",
        "spent casings",
        "bullet casings",
        "murder weapon",
        "the weapon used",
        "blood evidence",
        "blood samples",
        "trace evidence",
        "search warrant returns",
        "phone forensics",
    ],
    "investigation.open": [
        "no arrests",
        "no arrest",
        "not been arrested",
        "not yet been arrested",
        "no one has been arrested",
        "nobody has been arrested",
        "not been identified",
        "not yet been identified",
        "not been located",
        "has not been located",
        "have not been located",
        "remains at large",
        "remain at large",
        "still at large",
        "on the loose",
        "ongoing investigation",
        "investigation is ongoing",
        "investigation continues",
        "active investigation",
        "open investigation",
        "open case",
        "still investigating",
        "continue to investigate",
        "continuing to investigate",
        "are investigating",
        "is investigating",
        "are working the case",
        "person of interest",
        "persons of interest",
        "unsolved",
        "big things coming",
        "stay tuned",
        "no suspects",
        "no suspect",
        "suspect remains",
        "suspects remain",
        "still searching",
        "are searching",
        "yet to be",
        "anyone with information",
        "no one is in custody",
        "nobody is in custody",
        "not in custody",
        "investigation is still",
        "still under investigation",
        "under investigation",
        "closing in",
        "still looking for",
        "still searching for",
        "searching for the",
        "looking for the",
        "on the run",
        "have not made an arrest",
        "has not made an arrest",
        "no one has been charged",
    ],
    "investigation.closed": [
        "convicted",
        "sentenced",
        "pleaded guilty",
        "pled guilty",
        "plead guilty",
        "case closed",
        "was closed",
        "has been closed",
        "have been closed",
        "resolved",
        "found guilty",
        "verdict",
        "cold case solved",
    ],
    "investigation.agent": [
        "we",
        "we ve",
        "we re",
        "we have",
        "our",
        "detectives",
        "detective",
        "investigators",
        "officers",
        "police",
        "deputies",
        "agents",
        "task force",
        "narcotics team",
        "narcotics unit",
        "team",
        "unit",
        "lab",
    ],
}

RECOVERED = re.compile(
    r"\b(?:found|recovered|pulled|located|seized|collected|discovered|fished|retrieved|dug up)\s+"
    r"(?:(?:a|an|the|two|three|several|some|his|her|their|\d+)\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:handgun|handguns|gun|guns|pistol|revolver|rifle|shotgun|knife|knives|weapon|firearm|shell casings?|"
    r"casings|bullets?|blood|dna|fingerprints?|prints|hair|clothing|mask|gloves)\b"
    r"(?:[^.!?]{0,40}?\b(?:in|from|under|near|inside|out of|behind|at|beneath|along)\b"
    r"\s+(?:a|an|the|his|her)?\s*[\w-]+)?",
    re.I,
)


def detect(doc: Document):
    if doc.has("investigation.closed"):
        return
    is_open = doc.has("investigation.open")
    for hit in doc.hits_of("investigation.technique"):
        start, end = doc.sentence_span(hit.start)
        agent = any(start <= other.start < end for other in doc.hits_of("investigation.agent"))
        if agent or is_open:
            yield Finding(
                CODE, "investigation.technique", hit.start, hit.end, "An investigative technique of an open case"
            )
    if not is_open:
        return
    for hit in doc.hits_of("investigation.forensic"):
        yield Finding(CODE, "investigation.evidence", hit.start, hit.end, "Evidence of an open case")
    for match in finditer(RECOVERED, doc):
        yield Finding(CODE, "investigation.evidence", match.start(), match.end(), "Evidence of an open case")


# -- Hold terms -------------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class HeldTerm:
    hold_id: int
    case_number: str
    term: str


def compact(term: str) -> str:
    """A term with every separator dropped: how a case number is compared."""
    return normalise(term).replace(" ", "")


def case_number_forms(case_number: str) -> list[str]:
    """The case number as given and, if it opens with an agency prefix ("ACPD 24-01187"), without it."""
    forms = [case_number]
    words = normalise(case_number).split()
    while words and words[0].isalpha():
        words = words[1:]
    if words and len(words) < len(normalise(case_number).split()):
        bare = " ".join(words)
        if len(bare.replace(" ", "")) >= 4 and any(ch.isdigit() for ch in bare):
            forms.append(bare)
    return forms


class HoldMatcher:
    """Every active hold term of a department in two automata: one over the words of the text, one over
    its letters and digits run together (for terms with digits, whose separators vary)."""

    def __init__(self, holds):
        words, joined = {}, {}
        for hold_id, case_number, terms in holds:
            for term in [*case_number_forms(case_number), *terms]:
                key = normalise(term)
                if len(key.replace(" ", "")) < 3:
                    continue
                held = HeldTerm(hold_id, case_number, term)
                words.setdefault(key, held)
                if any(ch.isdigit() for ch in key):
                    joined.setdefault(key.replace(" ", ""), (held, []))[1].append(_breaks(key))
        self.size = len(words)
        self.words = self._automaton(words)
        self.joined = self._automaton(joined)

    @staticmethod
    def _automaton(entries):
        if not entries:
            return None
        automaton = ahocorasick.Automaton()
        for key, held in entries.items():
            automaton.add_word(key, (len(key), held))
        automaton.make_automaton()
        return automaton

    def find(self, doc: Document):
        found = {}
        if self.words is not None and doc.flat:
            flat, size = doc.flat, len(doc.flat)
            for last, (length, held) in self.words.iter(flat):
                first = last - length + 1
                if (first == 0 or flat[first - 1] == " ") and (last + 1 == size or flat[last + 1] == " "):
                    found.setdefault(doc.span_from_flat(first, last + 1), held)
        if self.joined is not None and doc.flat:
            run, starts, ends = _joined(doc)
            for last, (length, (held, breaks)) in self.joined.iter(run):
                first = last - length + 1
                if first in starts and last + 1 in ends and _regrouped_alike(starts, first, last, breaks):
                    span = (doc.token_spans[starts[first]][0], doc.token_spans[ends[last + 1]][1])
                    found.setdefault(span, held)
        for (start, end), held in sorted(found.items()):
            yield Finding(
                CODE,
                "investigation.hold_term",
                start,
                end,
                f"Held back for open case {held.case_number} until its hold is released",
                hold_id=held.hold_id,
                case_number=held.case_number,
            )


def _breaks(key: str) -> frozenset:
    """Where a term's words meet, counted in letters and digits: "24 01509" -> {2}."""
    breaks, position = set(), 0
    for word in key.split(" ")[:-1]:
        position += len(word)
        breaks.add(position)
    return frozenset(breaks)


def _regrouped_alike(starts: dict, first: int, last: int, allowed: list) -> bool:
    """The text may drop a term's separators or change them, but not split its digits elsewhere:
    "24 01509" and "2401509" are case 24-01509, "240-1509" is not."""
    inside = {position - first for position in starts if first < position <= last}
    return any(not breaks or inside <= breaks for breaks in allowed)


def _joined(doc: Document):
    """The text's letters and digits run together, with where each word starts and ends in that run."""
    if not hasattr(doc, "_joined"):
        words = doc.flat.split(" ")
        starts, ends, position = {}, {}, 0
        for index, word in enumerate(words):
            starts[position] = index
            position += len(word)
            ends[position] = index
        doc._joined = ("".join(words), starts, ends)
    return doc._joined
