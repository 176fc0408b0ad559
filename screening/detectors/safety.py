"""safety (3xx.5(e), general policy V.A.3, V.A.8.a): what puts members, operations or the public at risk.

- staffing gaps: how few officers are on duty now ("only two officers on patrol tonight");
- officer positions in a live operation ("SWAT is stacked at the back door", units "waiting
  behind" a building), not a past operation or officers posted for a parade;
- undercover identities and operations under way: a named officer undercover, a cover role;
- members' homes and families: where a named member lives, or where their family can be found.
"""

import re

from . import Document, Finding, finditer

CODE = "safety"

LEXICON = {
    "safety.staffing": [
        "skeleton crew",
        "no officers on duty",
        "no officers available",
        "no one on patrol",
        "nobody on patrol",
        "no units available",
        "no patrol units",
        "station will be unstaffed",
        "station is unstaffed",
        "down to one officer",
        "down to two officers",
        "down to three officers",
        "only officer on duty",
        "only one on duty",
        "one officer on duty",
        "one deputy on duty",
        "below minimum staffing",
        "no one at the station",
        "nobody at the station",
    ],
    "safety.staffing_soft": [
        "short staffed",
        "short handed",
        "shorthanded",
        "understaffed",
        "minimum staffing",
        "unstaffed",
        "thin tonight",
        "spread thin",
    ],
    "safety.live": [
        "live",
        "right now",
        "now",
        "happening now",
        "at this hour",
        "as we speak",
        "at this moment",
        "in progress",
        "currently",
        "ongoing",
        "standoff",
        "barricaded",
        "manhunt",
        "hostage",
        "active shooter",
        "search warrant",
        "this unfolds",
        "unfolding",
        "developing",
        "still inside",
        "holed up",
        "armed",
        "swat",
        "sniper",
        "snipers",
        "perimeter",
        "breach",
        "entry team",
        "tactical team",
    ],
    "safety.position": [
        "stacked at",
        "stacked up at",
        "stacked outside",
        "stacked on",
        "snipers on",
        "sniper on",
        "in position at",
        "in position behind",
        "staged at",
        "staged behind",
        "staged near",
        "staging at",
        "about to breach",
        "about to go in",
        "moving in now",
        "waiting for him to come out",
        "waiting for her to come out",
        "in case he runs",
        "in case she runs",
        "in case they run",
        "if he runs",
        "if he tries to run",
        "covering the back",
        "covering the rear",
    ],
    "safety.undercover": [
        "undercover",
        "under cover",
        "posing as",
        "plainclothes",
        "plain clothes",
        "deep cover",
        "cover identity",
        "covert officer",
        "cover story",
    ],
    "safety.ongoing": [
        "has spent",
        "have spent",
        "has been",
        "have been",
        "is working",
        "are working",
        "is currently",
        "are currently",
        "right now",
        "currently",
        "since",
        "for the past",
        "weeks",
        "months",
        "every day",
        "every night",
        "still",
        "at the moment",
        "this week",
        "is posing",
        "are posing",
    ],
}
_COUNT = r"(?:one|two|three|four|five|six|a\s+(?:couple|few|handful)(?:\s+of)?|[1-6])"
STAFFING = re.compile(
    rf"\b(?:only|just)\s+(?:have\s+|has\s+|got\s+)?{_COUNT}\s+(?:officers?|deputies|deputy|units?|patrol cars?|cops|"
    r"troopers|sergeants?|people|dispatchers?|cars)\b",
    re.I,
)
_NOW = re.compile(
    r"\b(?:on patrol|on duty|on the street|on the streets|on the road|working|covering|available|in service|"
    r"on shift|tonight|today|this weekend|right now|this evening|this morning|overnight|whole city|entire city|"
    r"citywide|city-wide|the city|until|this shift|currently|at the moment)\b",
    re.I,
)
POSITION = re.compile(
    r"\b(?:swat|officers?|deputies|units?|team|snipers?|k-?9s?|detectives|troopers|agents|cops|cars|we)\b"
    r"[^.!?]{0,40}?\b(?:is|are|'re|'s|have been|has been)\s+(?:now\s+|currently\s+|still\s+|quietly\s+|already\s+)?"
    r"(?:stacked|staged|staging|positioned|posted|waiting|hiding|parked|set up|setting up|surrounding|moving in|"
    r"in position|lying in wait|stationed|camped|covering|hidden|perched|crouched|lined up|closing in|sitting)\b"
    r"(?:\s+(?:up|out))?\s+(?:at|behind|near|on|in|outside|around|by|across|along|inside|under|beside|next to|"
    r"down|on top of)\b"
    r"|\b(?:swat|officers|deputies|units|team|we)\s+(?:are|is|'re|have)\s+(?:now\s+|currently\s+)?"
    r"(?:surrounding|surrounded|circling|closing in on|moving in on)\s+(?:the|a|his|her)\b"
    r"|\b(?:have|has|got)\s+(?:\w+\s+){0,2}(?:officers|deputies|units|snipers|a team|cops|detectives|agents)\s+"
    r"(?:hiding|staged|posted|positioned|waiting|parked|set up|stationed|watching|sitting|crouched)\s+"
    r"(?:in|at|behind|near|on|outside|around|by|across|inside|under)\b",
    re.I,
)
_TITLE = (
    r"(?:Officer|Ofc\.?|Detective|Det\.?|Deputy|Dep\.?|Sergeant|Sgt\.?|Lieutenant|Lt\.?|Captain|Capt\.?|"
    r"Chief|Corporal|Cpl\.?|Dispatcher|Sheriff|Commander|Cmdr\.?|Trooper|Agent|Investigator|Marshal|"
    r"Undersheriff|Reserve Officer|K-?9 Officer)"
)
MEMBER = re.compile(rf"\b{_TITLE}\s+(?:[A-Z]\.\s+)?[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?(?:\s+[A-Z][a-z]+)?")
HOME = re.compile(
    r"\b(?:(?:his|her|their)\s+(?:[a-z]+\s+)?|'s\s+(?:[a-z]+\s+)?)"
    r"(?:home|house|place|residence|apartment|condo|front yard|driveway|front door)\s+(?:is\s+)?"
    r"(?:on|at|off|near|over on|just off|by)\s+(?:the\s+)?[A-Z0-9][\w'-]*"
    r"(?:\s+[A-Z][\w'-]*){0,2}"
    r"|\b(?:he|she|they)\s+lives?\s+(?:on|at|off|near|over on|just off)\s+(?:the\s+)?[A-Z0-9][\w'-]*"
    r"(?:\s+[A-Z][\w'-]*){0,2}"
    r"|\blives?\s+(?:right\s+|just\s+)?(?:on|at|off|over on|just off|down the street from)\s+(?:the\s+)?"
    r"[A-Z0-9][\w'-]*(?:\s+[A-Z][\w'-]*){0,2}"
    r"|\bhome\s+address\b",
)
FAMILY = re.compile(
    r"\b(?:his|her|their)\s+(?:wife|husband|kids|children|son|sons|daughter|daughters|twin\s+\w+|twins|girls|boys|"
    r"family|partner|spouse|fianc[ée]e?|baby|toddler|little ones)\b[^.!?]{0,100}?"
    r"\b(?:school|daycare|every\s+(?:[A-Za-z]+\s+)?(?:morning|evening|afternoon|day|night|weekend)|"
    r"every\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s|"
    r"most (?:evenings|mornings|days|nights|weekends)|"
    r"walking|walks|picks? up|drops? off|practice|plays? at|attends?|goes to|go to|around (?:their|his|her) "
    r"(?:place|home|house|neighborhood))\b",
    re.I,
)
_OTHER_PERSON = re.compile(r"\b(?:victim|resident|suspect|woman|man|homeowner|witness|driver|neighbor|owner)\b", re.I)
NAMED = re.compile(r"\b[A-Z][a-z]+\s+[A-Z][a-z]+")


def _staffing(doc: Document):
    if doc.category == "recruitment":
        return
    seen = set()
    for match in finditer(STAFFING, doc) if "only" in doc.lower or "just" in doc.lower else ():
        start, end = doc.sentence_span(match.start())
        if _NOW.search(doc.plain, match.end(), end) or _NOW.search(doc.plain, start, match.start()):
            seen.add(start)
            yield Finding(
                CODE, "safety.staffing", match.start(), match.end(), "A staffing gap: how few officers are on duty"
            )
    for hit in doc.hits_of("safety.staffing", "safety.staffing_soft"):
        start, end = doc.sentence_span(hit.start)
        if start in seen:
            continue
        if hit.tag == "safety.staffing" or _NOW.search(doc.plain, start, end):
            seen.add(start)
            yield Finding(CODE, "safety.staffing", hit.start, hit.end, "A staffing gap: how few officers are on duty")


def _positions(doc: Document):
    if not doc.has("safety.live"):
        return
    for match in finditer(POSITION, doc):
        yield Finding(CODE, "safety.positions", match.start(), match.end(), "Officer positions in a live operation")
    for hit in doc.hits_of("safety.position"):
        yield Finding(CODE, "safety.positions", hit.start, hit.end, "Officer positions in a live operation")


def _undercover(doc: Document):
    for hit in doc.hits_of("safety.undercover"):
        start, end = doc.sentence_span(hit.start)
        sentence = doc.plain[start:end]
        named = MEMBER.search(sentence) or any(s >= start and e <= end for s, e in doc.names)
        ongoing = any(start <= other.start < end for other in doc.hits_of("safety.ongoing"))
        posing = doc.lower[hit.start : hit.end] == "posing as"
        if named or ongoing or posing:
            yield Finding(CODE, "safety.undercover", hit.start, hit.end, "An undercover officer or operation")


def _members_homes(doc: Document):
    members = [match.start() for match in finditer(MEMBER, doc)]
    if not members:
        return
    for pattern, what in ((HOME, "Where a member lives"), (FAMILY, "Where a member's family can be found")):
        for match in finditer(pattern, doc):
            window_start = doc.window(match.start(), before=1)[0]
            near = [position for position in members if window_start <= position < match.start()]
            if not near or _OTHER_PERSON.search(doc.plain, near[-1], match.start()):
                continue
            yield Finding(CODE, "safety.member_home", match.start(), match.end(), what)


def detect(doc: Document):
    yield from _staffing(doc)
    yield from _positions(doc)
    yield from _undercover(doc)
    yield from _members_homes(doc)
