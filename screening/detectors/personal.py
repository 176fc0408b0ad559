"""personal (3xx.5(f), general policy V.A): content posted for a member's personal use.

The department speaks as "we"; a finding is the author speaking for themselves
about their own life: their family, their holiday, their fundraiser, their take on
a TV show. Words quoted from a member ("I'm proud of my team," said Sgt. Lee) are
the department reporting them, and stay clean; so does first-person advice in a
recruitment post's testimonial, unless it is a fundraiser or a holiday.
"""

import re

from . import Document, Finding, finditer

CODE = "personal"

LEXICON = {
    "personal.strong": [
        "hot take",
        "unpopular opinion",
        "fight me",
        "die on that hill",
        "my two cents",
        "imho",
        "imo",
        "if you ask me",
        "gofundme",
        "go fund me",
        "venmo",
        "cash app",
        "cashapp",
        "paypal me",
        "my gofundme",
        "help my",
        "support my",
        "donate to my",
        "sponsor my",
        "vote for my",
        "my personal",
        "my own opinion",
        "don t miss me",
        "miss me too much",
        "wish me luck",
        "i ve watched",
        "i watched",
        "i m watching",
        "binge watching",
        "binge watched",
        "i m binging",
        "my vacation",
        "my holiday",
        "my trip",
        "my day off",
        "my days off",
        "my birthday",
        "my anniversary",
        "i m off to",
        "i am off to",
        "i ll be on vacation",
        "i m on vacation",
        "i am on vacation",
        "see you when i get back",
        "see you all when i",
        "my fantasy",
        "my favorite team",
        "my favourite team",
        "my team won",
        "go niners",
        "my ex",
        "selling my",
        "dm me",
        "message me",
        "text me",
        "my old",
        "my new",
        "my engagement",
        "i m engaged",
        "best day of my life",
        "said yes",
        "anyone know a good",
        "can anyone recommend",
        "so proud of you buddy",
    ],
    "personal.family": [
        "my wife",
        "my husband",
        "my daughter",
        "my daughters",
        "my son",
        "my sons",
        "my kids",
        "my children",
        "my family",
        "my girlfriend",
        "my boyfriend",
        "my fiance",
        "my fiancee",
        "my mom",
        "my dad",
        "my mother",
        "my father",
        "my brother",
        "my sister",
        "my dog",
        "my cat",
        "my grandkids",
        "my grandson",
        "my granddaughter",
        "my baby",
        "my partner s",
        "my neighbor",
        "my cousin",
        "my in laws",
        "my church",
        "my band",
        "my book",
        "my business",
        "my shop",
        "my store",
        "my channel",
        "my podcast",
        "my nephew",
        "my niece",
        "my aunt",
        "my uncle",
        "my grandma",
        "my grandpa",
        "my best friend",
        "my buddy",
        "my kitchen",
        "my house",
        "my yard",
        "my garage",
        "my landlord",
        "my roommate",
    ],
}
TRAVEL = re.compile(
    r"(?:^|[.!?]\s+|\n)\s*(?:(?:and\s+)?(?:I'm|I am|I'll be|Just)\s+)?(?:off|heading|headed|flying|jetting|going)\s+"
    r"(?:off\s+)?to\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?\s+(?:for|this|next|tomorrow|with)\b",
)


_LEISURE = re.compile(
    r"\b(?:vacation|holiday|family|beach|cruise|honeymoon|margaritas?|sunshine|weeks?|getaway|trip|"
    r"my|me|days off|time off|sun|relax\w*)\b",
    re.I,
)


def detect(doc: Document):
    recruiting = doc.category == "recruitment"
    for hit in doc.hits_of("personal.strong", "personal.family"):
        if doc.in_quotation(hit.start):
            continue
        if recruiting and hit.tag == "personal.family":
            continue
        yield Finding(CODE, "personal.personal", hit.start, hit.end, "Personal content, not the department's business")
    for match in finditer(TRAVEL, doc):
        start = match.start() + len(match.group()) - len(match.group().lstrip(".!?\n \t"))
        sentence_start, sentence_end = doc.sentence_span(start)
        if doc.in_quotation(start) or not _LEISURE.search(doc.plain, sentence_start, sentence_end):
            continue
        yield Finding(CODE, "personal.personal", start, match.end(), "Personal content, not the department's business")
