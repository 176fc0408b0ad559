"""prejudicial (3xx.5(c)/(d), general policy IV.B.3): statements on a suspect's guilt or innocence and
comments on a pending prosecution.

Naming an adult arrestee, "on suspicion of", "is presumed innocent until proven guilty",
"pleaded guilty" (a court's record) and "feeling guilty" stay clean: a finding needs
the department itself to say who is guilty, to report a confession, to call the
arrestee names that convict him, or to predict or urge what the court will do.
"""

import re

from . import NAME, Document, Finding, finditer

CODE = "prejudicial"

LEXICON = {
    "prejudicial.phrase": [
        "guilty as sin",
        "got our guy",
        "got our man",
        "got our woman",
        "got our suspect",
        "caught our guy",
        "got the guy who did",
        "caught the guy who did",
        "airtight case",
        "air tight case",
        "case is airtight",
        "open and shut case",
        "open and shut",
        "slam dunk case",
        "throw the book at",
        "throws the book at",
        "throwing the book at",
        "threw the book at",
        "throw away the key",
        "lock him up and throw",
        "lock her up and throw",
        "get what he deserves",
        "gets what he deserves",
        "get what she deserves",
        "gets what she deserves",
        "get what they deserve",
        "getting what he deserves",
        "getting what she deserves",
        "rot in jail",
        "rot in prison",
        "rot behind bars",
        "rots in jail",
        "rots in prison",
        "going away for a long time",
        "going away for life",
        "will be convicted",
        "will be found guilty",
        "jury will convict",
        "hope the judge",
        "the judge should",
        "no doubt he did it",
        "no doubt she did it",
        "we know he did it",
        "we know she did it",
        "caught red handed",
        "seals it",
        "seals the deal",
        "deserves to be locked up",
        "deserves to rot",
        "deserves the maximum",
        "behind bars where he belongs",
        "behind bars where she belongs",
        "behind bars where they belong",
        "guilty of this",
        "guilty of the crime",
        "pay for what he did",
        "pay for what she did",
        "pay for what they did",
        "make no mistake he",
    ],
    "prejudicial.confession": ["confessed", "has confessed", "full confession", "his confession", "her confession"],
    "prejudicial.certainty": ["no question", "no doubt", "no doubt about it", "without a doubt", "100 percent"],
    "prejudicial.epithet": [
        "this thug",
        "that thug",
        "these thugs",
        "those thugs",
        "this scumbag",
        "that scumbag",
        "these scumbags",
        "this dirtbag",
        "that dirtbag",
        "this lowlife",
        "that lowlife",
        "this monster",
        "that monster",
        "this punk",
        "that punk",
        "these punks",
        "this creep",
        "that creep",
        "this predator",
        "that predator",
        "this savage",
        "this degenerate",
        "this criminal",
        "this crook",
        "this animal",
        "these animals",
        "this coward",
        "that coward",
        "this piece of",
        "this loser",
    ],
    "prejudicial.label": ["thug", "thugs", "scumbag", "dirtbag", "lowlife", "crook"],
}
GUILT = re.compile(
    rf"(?:\b(?:he|she|they|suspect|arrestee|defendant|accused)|{NAME})"
    r"(?:'s|'re|\s+(?:is|was|are|were))\s+(?:not\s+)?(?:clearly\s+|definitely\s+|obviously\s+|absolutely\s+|"
    r"certainly\s+|undeniably\s+|100%\s+|completely\s+|totally\s+|without a doubt\s+)?(?:guilty|innocent|"
    r"(?:a|the)\s+(?:cold[- ]blooded\s+|convicted\s+)?(?:murderer|killer|thief|rapist|robber|arsonist|criminal|"
    r"predator|pedophile|molester|burglar|thug|drug dealer|monster|animal|crook))\b"
    r"(?!\s+(?:until|victims?|bystanders?|people|persons?|children|kids|civilians|lives|mistake|party|parties))",
)
ADMISSION = re.compile(
    r"\badmitted\s+(?:to\s+)?(?:stealing|killing|setting|starting|breaking|taking|shooting|stabbing|robbing|"
    r"hitting|selling|the\s+(?:crime|theft|robbery|burglary|shooting|killing|assault|arson|attack|break-in)|"
    r"that\s+(?:he|she|they)\s+(?:did|stole|killed|set|started|shot|took|robbed|broke))\b"
    r"|\btold\s+(?:detectives|police|officers|investigators|deputies|us)\s+(?:that\s+)?(?:he|she|they)\s+"
    r"(?:did it|did this|set|started|killed|stole|shot|took|robbed|broke|was responsible|were responsible)\b",
    re.I,
)
PROSECUTION = re.compile(
    r"\b(?:confident|sure|certain|bet|hope|expect|trust|know|guarantee)\b[^.!?]{0,40}?"
    r"\b(?:the\s+)?(?:jury|jurors|judge|court|da|district attorney|prosecutors?)\s+(?:will|would|is going to)\b"
    r"|\b(?:jury|jurors|judge|court)\s+(?:will|should|needs to|better|has to)\s+"
    r"(?:convict|see it|find (?:him|her|them) guilty|throw|lock|put (?:him|her|them) away|"
    r"give (?:him|her|them) (?:the|life|max))",
    re.I,
)
_PRESUMED = re.compile(r"\bpresum\w*\s+(?:to\s+be\s+)?$|\bproven\s+$|\buntil\s+$", re.I)
_CRIME = re.compile(
    r"\b(?:robbery|robbed|burglary|burglarized|murder|murdered|killed|shot|shooting|stole|stolen|theft|assault|"
    r"assaulted|arson|set the fire|did it|pulled|committed|attack|attacked|rape|raped|stabbed|stabbing|hit-and-run|"
    r"carjacking|vandalism|crime|arrested|suspect|guy|man|woman)\b",
    re.I,
)
_ARREST = re.compile(
    r"\b(?:arrest\w*|booked|charged|custody|suspect\w*|jail|court|trial|accused|defendant|"
    r"warrant|wanted|caught)\b",
    re.I,
)
_FIRST_PERSON = re.compile(r"\b(?:i|we|i've|i'll|you)\s+(?:have\s+to\s+|must\s+|'ll\s+)?$")


def detect(doc: Document):
    guilt = "A statement on a suspect's guilt, or on a pending prosecution"
    for hit in doc.hits_of("prejudicial.phrase"):
        yield Finding(CODE, "prejudicial.guilt", hit.start, hit.end, guilt)
    gated = doc.lower
    for match in finditer(PROSECUTION, doc) if re.search(r"jur|judge|court|\bda\b|attorney|prosecut", gated) else ():
        yield Finding(CODE, "prejudicial.prosecution", match.start(), match.end(), "A comment on a pending prosecution")
    for hit in doc.hits_of("prejudicial.epithet", "prejudicial.label"):
        if hit.tag == "prejudicial.label":
            start, end = doc.window(hit.start, before=1, after=1)
            if not _ARREST.search(doc.plain, start, end) and not doc.names_between(start, end):
                continue
        yield Finding(
            CODE, "prejudicial.epithet", hit.start, hit.end, "Calls a suspect or arrestee names that presume guilt"
        )
    for hit in doc.hits_of("prejudicial.confession"):
        if _FIRST_PERSON.search(doc.lower, doc.sentence_span(hit.start)[0], hit.start):
            continue
        yield Finding(CODE, "prejudicial.confession", hit.start, hit.end, "A suspect's confession or admission")
    for match in finditer(ADMISSION, doc) if "admitted" in gated or "told" in gated else ():
        yield Finding(CODE, "prejudicial.confession", match.start(), match.end(), "A suspect's confession or admission")
    guilt_words = (
        "guilty",
        "innocent",
        "murderer",
        "killer",
        "thief",
        "rapist",
        "robber",
        "arsonist",
        "criminal",
        "predator",
        "pedophile",
        "molester",
        "burglar",
        "thug",
        "dealer",
        "monster",
        "animal",
        "crook",
    )
    for match in finditer(GUILT, doc) if any(word in gated for word in guilt_words) else ():
        if _PRESUMED.search(doc.plain[max(0, match.start() - 25) : match.start()]):
            continue
        yield Finding(
            CODE, "prejudicial.guilt", match.start(), match.end(), "A statement on a suspect's guilt or innocence"
        )
    for hit in doc.hits_of("prejudicial.certainty"):
        start, end = doc.sentence_span(hit.start)
        if _CRIME.search(doc.plain, start, end) and (
            doc.names_between(start, end) or re.search(r"\b(?:he|she|they|him|her)\b", doc.lower[start:end])
        ):
            yield Finding(CODE, "prejudicial.guilt", hit.start, hit.end, "A statement on a suspect's guilt")
