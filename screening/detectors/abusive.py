"""abusive (3xx.5(a), general policy V.A.9.a): abusive, discriminatory, inflammatory or sexually explicit content.

Word lists of insults, dehumanising names for groups of people and slurs, and of
sexual innuendo. Words with an innocent sense ("animal control", "trash pickup",
"naked eye") are not on the lists; insults that a word list cannot tell apart from
ordinary use need the object they insult ("these clowns", not "clowns at the fair").
The department extends the lists through its rule settings.
"""

import re

from . import Document, Finding, finditer

CODE = "abusive"

LEXICON = {
    "abusive.insult": [
        "junkie",
        "junkies",
        "bums",
        "crackhead",
        "crackheads",
        "tweaker",
        "tweakers",
        "druggie",
        "druggies",
        "dope fiend",
        "dope fiends",
        "nutcase",
        "nutcases",
        "nut job",
        "nut jobs",
        "nutjob",
        "nutjobs",
        "psycho",
        "psychos",
        "lunatic",
        "lunatics",
        "loony",
        "loonies",
        "moron",
        "morons",
        "moronic",
        "idiot",
        "idiots",
        "idiotic",
        "imbecile",
        "imbeciles",
        "dumbass",
        "dumbasses",
        "dimwit",
        "dimwits",
        "halfwit",
        "scum",
        "scum of the earth",
        "vermin",
        "degenerates",
        "cretin",
        "cretins",
        "subhuman",
        "sub human",
        "human trash",
        "white trash",
        "trailer trash",
        "filthy lot",
        "the whole filthy lot",
        "filthy bums",
        "these clowns",
        "those clowns",
        "bunch of clowns",
        "the clowns on",
        "clown show",
        "bunch of idiots",
        "good riddance to them",
        "good riddance to the whole",
        "wherever they crawl",
        "crawl back under",
        "rot in hell",
        "burn in hell",
        "pathetic losers",
        "weirdos",
        "wackos",
        "wacko",
        "whackos",
        "libtards",
        "retard",
        "retards",
        "retarded",
        "lame brain",
        "illegals",
        "illegal aliens",
        "welfare queen",
        "welfare queens",
        "ghetto trash",
        "hood rats",
        "hoodrats",
        "thot",
        "thots",
        "skank",
        "skanks",
        "slut",
        "sluts",
        "whore",
        "whores",
        "bitch",
        "bitches",
        "bastard",
        "bastards",
        "asshole",
        "assholes",
        "douchebag",
        "douchebags",
        "piece of shit",
        "dipshit",
        "jackass",
        "jackasses",
        "wetback",
        "wetbacks",
        "spic",
        "spics",
        "chink",
        "chinks",
        "gook",
        "gooks",
        "raghead",
        "ragheads",
        "towelhead",
        "towelheads",
        "kike",
        "kikes",
        "faggot",
        "faggots",
        "tranny",
        "trannies",
        "nigger",
        "niggers",
        "nigga",
        "beaner",
        "beaners",
        "redskins",
        "savages",
        "towel head",
        "sand nigger",
        "cripples",
        "midget",
        "midgets",
        "freeloaders",
        "freeloader",
        "parasites",
        "leeches",
        "deadbeats",
        "lowlifes",
        "lazy homeless",
        "brats",
        "entitled brats",
        "feral",
        "hoodlums",
        "spaz",
        "mongoloid",
        "schizo",
        "schizos",
        "crazies",
        "the crazies",
    ],
    "abusive.sexual": [
        "sexy",
        "sexiest",
        "horny",
        "porn",
        "porno",
        "pornography",
        "nudes",
        "send nudes",
        "striptease",
        "strip tease",
        "lap dance",
        "booty call",
        "thirst trap",
        "hot cops",
        "hottest cops",
        "hottest officers",
        "hot officers",
        "hot cop",
        "into handcuffs",
        "into being handcuffed",
        "if you re into handcuffs",
        "private demonstration",
        "private demonstrations",
        "private show",
        "frisk you",
        "pat you down",
        "strip search you",
        "cuff me",
        "arrest me officer",
        "spank",
        "spanking",
        "kinky",
        "hook up",
        "one night stand",
        "sugar daddy",
        "boobs",
        "tits",
        "titties",
        "booty",
        "butt naked",
        "wet t shirt",
        "orgasm",
        "pole dance",
        "come to bed",
        "come get arrested",
        "handcuff you",
        "cuff you",
        "hot in their uniforms",
        "hot in uniform",
        "hot in their new uniforms",
        "hunks",
        "hunky",
        "ready to mingle",
        "eye candy",
    ],
}
LADIES = re.compile(
    r"\b(?:ladies|single women|fellas)\b(?!\s+and\s+gentlemen)[^.!?]{0,100}\b(?:handcuffs|frisk|"
    r"pat (?:you|them) down|after (?:their|his|my) shift|form a line|line up for|sexy|swoon|drool|his number|"
    r"their numbers|these boys|these hunks|hunks)\b",
    re.I,
)
LOOKS = re.compile(
    r"\b(?:officers|guys|boys|girls|recruits|men|women|he|she|they|deputies|cops|our \w+)\s+"
    r"(?:look|looks|looking|looked)\s+(?:so\s+|really\s+|extra\s+|pretty\s+|super\s+)?(?:hot|sexy|fine|yummy)\b",
    re.I,
)
_INNOCENT_SEXUAL = {"booty", "hook up", "spank", "tits"}
# Words an insult shares with harmless phrases: "adrenaline junkie", "ski bums".
_HARMLESS_BEFORE = re.compile(
    r"\b(?:adrenaline|news|fitness|gym|coffee|data|political|ski|beach|surf|sugar|"
    r"history|trivia|car|puzzle|tech)\s+$",
    re.I,
)
_SEXUAL_CONTEXT = re.compile(
    r"\b(?:ladies|girls|guys|boys|single|date|handcuffs|uniform|hot|sexy|wink|flirt\w*|"
    r"kiss|cute|babe|baby|honey|sweetheart)\b",
    re.I,
)


def detect(doc: Document):
    for hit in doc.hits_of("abusive.insult"):
        if _HARMLESS_BEFORE.search(doc.plain, max(0, hit.start - 15), hit.start):
            continue
        yield Finding(CODE, "abusive.insult", hit.start, hit.end, "Abusive, demeaning or inflammatory language")
    for hit in doc.hits_of("abusive.sexual"):
        phrase = doc.lower[hit.start : hit.end]
        if phrase in _INNOCENT_SEXUAL:
            start, end = doc.sentence_span(hit.start)
            if not _SEXUAL_CONTEXT.search(doc.plain, start, end):
                continue
        yield Finding(CODE, "abusive.sexual", hit.start, hit.end, "Sexually suggestive or explicit content")
    lower = doc.lower
    ladies = finditer(LADIES, doc) if re.search(r"ladies|single women|fellas", lower) else ()
    looks = finditer(LOOKS, doc) if "look" in lower else ()
    for match in (*ladies, *looks):
        yield Finding(CODE, "abusive.sexual", match.start(), match.end(), "Sexually suggestive or explicit content")
