"""political (3xx.5(d), general policy IV.B.4): the department taking a side on candidates, parties or
ballot measures.

Urging a vote on a measure, endorsing or opposing a candidate, blaming or praising a
party, and steering how people vote are findings. Election-day traffic, polling-place
hours, "vote for the K-9's name" and an enforcement "campaign" stay clean.
"""

import re

from . import NAME, Document, Finding, finditer

CODE = "political"

LEXICON = {
    "political.gate_measure": [
        "vote",
        "votes",
        "voting",
        "yes on",
        "no on",
        "measure",
        "prop",
        "proposition",
        "initiative",
        "referendum",
        "amendment",
        "bond measure",
    ],
    "political.gate_candidate": [
        "vote",
        "votes",
        "voting",
        "elect",
        "re elect",
        "reelect",
        "endorse*",
        "campaign*",
        "mayor",
        "council",
        "councilmember",
        "sheriff",
        "district attorney",
        "da",
        "governor",
        "senate",
        "senator",
        "congress",
        "president",
        "supervisor",
        "school board",
        "judge",
        "assembly",
        "office",
        "candidate",
        "re election",
    ],
    "political.gate_steer": ["vote", "ballot", "polls"],
    "political.party": [
        "democrats",
        "republicans",
        "the gop",
        "gop",
        "democratic party",
        "republican party",
        "dems",
        "libs",
        "liberals",
        "conservatives",
        "leftists",
        "loony left",
        "radical left",
        "far left",
        "far right",
        "radical right",
        "left wing",
        "right wing",
        "libtards",
        "libtard",
        "maga",
        "democrat run",
        "republican run",
        "democrat controlled",
        "republican controlled",
        "socialists",
        "progressives",
    ],
    "political.phrase": [
        "re elect",
        "reelect",
        "re election campaign",
        "reelection campaign",
        "vote him out",
        "vote her out",
        "vote them out",
        "support the recall",
        "sign the recall",
        "remember in november",
        "at the ballot box",
        "donate to his campaign",
        "donate to her campaign",
        "campaign contribution",
        "elect",
        "endorse*",
        "political action committee",
        "pro police candidate",
        "anti police candidate",
        "anti police politicians",
    ],
}
MEASURE = re.compile(
    r"\b(?:vote|voting|votes)\s+(?:yes|no|yea|nay)\b(?:\s+on\s+[\w-]+(?:\s+[\w-]+)?)?"
    r"|\b(?:yes|no)\s+on\s+(?:measure|prop(?:osition)?|question|initiative|amendment|issue|referendum|bond)\s+\w+"
    r"|(?<!whether to )\b(?:support|oppose|pass|defeat|reject|approve|back|kill|stop|fight|vote against)\s+"
    r"(?:measure|prop(?:osition)?|initiative|amendment|referendum|bond measure)\s+[A-Z0-9][\w-]*",
    re.I,
)
CANDIDATE = re.compile(
    rf"\b(?:vote|voting|votes)\s+for\s+(?:(?:councilmember|council member|mayor|sheriff|supervisor|judge|senator|"
    rf"assemblymember|candidate|governor|president|da)\s+)?(?:{NAME}|him|her|them)\b"
    r"|\b(?i:elect|re-?elect|support|back|vote for|endorse\w*|stand with|stand behind)\s+[A-Z][a-z]+"
    r"(?:\s+[A-Z][a-z]+){0,2}\s+(?i:for|as)\s+(?i:our\s+next\s+)?"
    r"(?i:mayor|city council|council|sheriff|district attorney|da|governor|senate|senator|congress|president|"
    r"supervisor|school board|judge|assembly|state senate|district \d+|office|re-?election)\b"
    r"|\bcampaign(?:ing)?\s+for\s+(?:(?:mayor|council|sheriff|re-?election|office)\b|[A-Z][a-z]+\s+[A-Z])"
    r"|\b(?:for|as)\s+(?:our\s+)?next\s+(?:mayor|sheriff|governor|district attorney|da|president|councilmember)\b"
    r"|\b(?:he|she|they)\s+(?:gets?|deserves?|has|earns?|earned|needs?)\s+(?:your|our|my)\s+votes?\b"
    r"|\bgive\s+(?:him|her|them)\s+your\s+votes?\b",
)
STEER = re.compile(
    r"\b(?:remember|think about|keep in mind|don't forget)\b[^.!?]{0,80}?\b(?:when|next time|before|as)\s+you\s+"
    r"(?:vote|fill out your ballot|go to the polls|head to the polls|cast your ballot|mark your ballot)"
    r"|\b(?:when|next time|before|as)\s+you\s+(?:vote|fill out your ballot|go to the polls|cast your ballot|"
    r"mark your ballot)\b[^.!?]{0,40}?\b(?:remember|think about|keep in mind|don't forget)\b",
    re.I,
)
_CIVIC = re.compile(
    r"\b(?:polling place|polls open|polls close|election day|register to vote|voter registration|"
    r"ballot drop|drop box|vote center)\b",
    re.I,
)
_NOT_ENDORSING = re.compile(
    r"\b(?:not|never|neither|nor|doesn't|does not|don't|do not|cannot|can't|no)\b[^.!?]{0,25}$", re.I
)


def detect(doc: Document):
    for match in finditer(MEASURE, doc) if doc.has("political.gate_measure") else ():
        text = match.group().lower()
        if text.startswith(("vote", "voting", "votes")) and " on " not in text:
            # "vote yes" with nothing said of what on: a measure only if the sentence names one.
            start, end = doc.sentence_span(match.start())
            if not re.search(
                r"\b(?:measure|prop(?:osition)?|initiative|ballot|amendment|referendum|bond)\b",
                doc.plain[start:end],
                re.I,
            ):
                continue
        yield Finding(CODE, "political.measure", match.start(), match.end(), "Urges a vote on a ballot measure")
    for match in finditer(CANDIDATE, doc) if doc.has("political.gate_candidate") else ():
        if re.match(r"vote for (?:your|our|the|a|an)\b", match.group(), re.I):
            continue
        yield Finding(CODE, "political.candidate", match.start(), match.end(), "Endorses or opposes a candidate")
    for hit in doc.hits_of("political.phrase"):
        phrase = doc.lower[hit.start : hit.end]
        start, end = doc.sentence_span(hit.start)
        if _NOT_ENDORSING.search(doc.plain, start, hit.start):
            continue
        if phrase.startswith(("elect", "endorse")):
            sentence = doc.plain[start:end]
            if not (
                re.search(
                    r"\b(?:candidate|mayor|council|councilmember|sheriff|governor|senator|district attorney|"
                    r"measure|prop|proposition|campaign|office|election|ballot|party)\b",
                    sentence,
                    re.I,
                )
                or doc.names_between(start, end)
            ):
                continue
        yield Finding(CODE, "political.candidate", hit.start, hit.end, "Takes a side in an election")
    for hit in doc.hits_of("political.party"):
        start, end = doc.sentence_span(hit.start)
        sentence = doc.lower[start:end]
        if (
            re.search(r"\bdemocrat", sentence)
            and re.search(r"\brepublican", sentence)
            and not re.search(
                r"\b(?:blame|fault|thanks to|because of|cut|cutting|destroy\w*|ruin\w*|failed|soft on|weak|"
                r"radical|loony|corrupt|don't let|vote)\b",
                sentence,
            )
        ):
            continue  # both parties named alike: a neutral report, not a side taken
        yield Finding(CODE, "political.party", hit.start, hit.end, "Takes a side on a political party")
    for match in finditer(STEER, doc) if doc.has("political.gate_steer") else ():
        start, end = doc.sentence_span(match.start())
        if _CIVIC.search(doc.plain, start, end) and not doc.has("political.party"):
            continue
        yield Finding(CODE, "political.steer", match.start(), match.end(), "Tells people how to vote")
