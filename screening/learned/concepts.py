"""The policy's concepts as word lists, written from the prohibited-content definitions (3xx.5 (a)-(f), general
policy IV.B, as issue 13 reads them broadly), not from the labelled drafts. They are features of the learned
layer only ("k|" features): no detector finds anything by them. A concept says what a draft is about (a health
condition, a protected group, an election, where officers will be); the model learns from the corpus how much
each weighs towards a code and against it (a sponsor thanked, an anniversary, the department's own numbers).

Phrases are matched as the built-in word lists are (`screening.detectors.lexicon`): whole words, case folded,
a trailing `*` for any ending.
"""

# fmt: off
CONCEPTS: dict[str, list[str]] = {
    # (a) abusive, discriminatory, inflammatory or sexually explicit; sarcasm and innuendo; remarks about
    # disability, religion, national origin, race, sex or age.
    "concept.disability": [
        "disabled", "disability", "disabilities", "handicap*", "wheelchair*", "crippled", "cripple", "blind", "deaf",
        "mute", "autis*", "special needs", "mentally ill", "mental illness", "learning disabled", "slow", "lame",
        "retard*", "spectrum", "cane", "hearing aid*", "service dog",
    ],
    "concept.religion": [
        "religion", "religious", "muslim*", "islam*", "christian*", "jew", "jews", "jewish", "catholic*",
        "protestant*", "mormon*", "hindu*", "sikh*", "buddhist*", "atheist*", "mosque*", "synagogue*", "church*",
        "temple*", "prayer*", "pray", "bible", "koran", "quran", "turban*", "hijab*", "headscarf", "yarmulke",
        "pastor", "imam", "rabbi", "priest",
    ],
    "concept.origin": [
        "immigrant*", "foreigner*", "foreign", "illegal alien*", "illegals", "aliens", "accent*", "speak english",
        "english only", "broken english", "go back", "back where", "where they came from", "their country", "border",
        "mexican*", "chinese", "asian*", "african*", "arab*", "indian*", "latino*", "latina*", "hispanic*",
        "refugee*", "migrant*", "ethnic*", "nationality", "native*", "tribe*",
    ],
    "concept.race": [
        "race", "racial", "racist", "black", "blacks", "white", "whites", "brown", "colored", "people of color",
        "minority", "minorities", "ghetto", "hood", "thug*", "urban youth", "those people", "that kind", "their kind",
        "you people", "these people", "that crowd", "neighborhood like that",
    ],
    "concept.sex": [
        "woman", "women", "female*", "ladies", "lady", "girl", "girls", "gal", "gals", "men", "male*", "guys", "gay",
        "gays", "lesbian*", "transgender", "trans", "queer", "homosexual*", "drag", "emotional", "hysterical",
        "feminine", "manly", "like a girl", "sweetheart", "honey", "blonde", "pretty", "hot", "sexy",
    ],
    "concept.age": [
        "elderly", "old people", "old folks", "old man", "old lady", "old timer*", "geezer*", "senior citizen*",
        "seniors", "boomer*", "millennial*", "gen z", "kids these days", "young people", "teenagers", "grandma",
        "grandpa", "retirees", "too old", "at his age", "at her age", "senile", "dinosaur*",
    ],
    "concept.sarcasm": [
        "bless his heart", "bless her heart", "bless their hearts", "genius", "geniuses", "brilliant",
        "rocket scientist*", "mastermind*", "award", "winner", "winners", "real winner*", "smooth move", "nice try",
        "good job", "shocker", "shocking", "surprise surprise", "who knew", "of course", "apparently", "clearly",
        "obviously", "congrats", "congratulations", "hero", "heroes", "champ", "lol", "lmao", "smh", "yikes", "oops",
        "imagine", "sure", "totally", "wow", "classy", "finest", "hobby", "cup of coffee",
    ],
    "concept.contempt": [
        "idiot*", "stupid", "dumb", "moron*", "fool*", "clown*", "loser*", "scum*", "trash", "garbage", "filth*",
        "vermin", "animals", "savages", "pathetic", "disgusting", "lowlife*", "low life", "deadbeat*", "lazy",
        "freak*", "weirdo*", "creep*", "pig*", "dirtbag*", "degenerate*", "parasite*", "leech*", "whiner*", "crybab*",
        "snowflake*", "karen*", "entitled", "sheep", "brain", "brains", "iq",
    ],
    "concept.sexual": [
        "sexy", "naked", "nude", "nudity", "topless", "panties", "lingerie", "bedroom", "hookup", "hook up", "booty",
        "boobs", "butt", "thong", "stripper*", "strip club", "porn*", "erotic", "kinky", "frisk*", "pat down",
        "cuff me", "handcuffs", "spank*", "seduc*", "flirt*", "wink", "innuendo", "thirsty",
    ],
    # (b) confidentiality and privacy: health and mental health, victims of sexual offences, juveniles, home
    # addresses, phone numbers, dates of birth, identification numbers, immigration status, identifying combinations.
    "concept.health": [
        "diagnos*", "medical", "medication*", "meds", "prescription*", "psychiatric", "psych", "mental health",
        "mental illness", "mentally", "bipolar", "schizophren*", "depress*", "anxiety", "ptsd", "suicid*",
        "self harm", "overdos*", "addict*", "rehab", "detox", "sober", "relapse*", "hiv", "aids", "cancer", "chemo*",
        "dementia", "alzheimer*", "seizure*", "epilep*", "diabet*", "insulin", "pregnan*", "miscarriage", "std",
        "stds", "hospitali*", "icu", "treatment", "therapy", "therapist", "counseling", "condition", "disorder",
        "illness", "sick", "surgery", "injur*", "blood alcohol", "tox screen", "health",
    ],
    "concept.sex_offence_victim": [
        "sexual assault", "sexually assaulted", "rape", "raped", "molest*", "sex crime*", "sexual abuse",
        "sexually abused", "indecent", "groped", "groping", "survivor", "victim", "victims", "the victim",
    ],
    "concept.juvenile": [
        "juvenile*", "minor", "minors", "teen", "teens", "teenager", "teenage", "year old", "years old", "student*",
        "high school", "middle school", "junior high", "elementary", "grade", "grader*", "boy", "girl", "child",
        "children", "kid", "kids", "toddler", "infant", "youth", "foster",
    ],
    "concept.identity_detail": [
        "lives at", "lives on", "lives in", "resides", "residence", "home address", "his home", "her home",
        "their home", "his house", "her house", "apartment", "apt", "unit", "cell", "cell phone", "phone number",
        "number is", "call him", "call her", "text him", "text her", "born", "birthday", "date of birth", "dob",
        "social security", "ssn", "license number", "driver s license", "passport", "id number", "plate",
        "license plate", "account number", "employer", "works at", "works for", "full name", "named",
    ],
    "concept.immigration": [
        "immigration status", "undocumented", "illegal", "illegally", "deport*", "ice", "visa", "visas", "green card",
        "asylum", "overstay*", "citizenship", "citizen", "papers", "status", "daca", "border patrol", "customs",
        "residency",
    ],
    # (c) what could compromise an open case: evidence, suspects not charged, witnesses, techniques, case numbers.
    "concept.case": [
        "evidence", "suspect*", "person of interest", "persons of interest", "not been charged", "not charged",
        "no charges", "uncharged", "witness*", "informant*", "confidential source", "tipster", "tip", "tips", "lead",
        "leads", "surveillance", "wiretap", "phone records", "cell records", "tower", "dna", "fingerprint*", "prints",
        "ballistic*", "forensic*", "lab", "lab results", "search warrant", "warrant", "subpoena*", "interview*",
        "interrogat*", "polygraph", "detective*", "investigator*", "investigation", "ongoing", "open case",
        "active case", "case number", "case no", "under investigation", "we believe", "we suspect", "we think",
        "we know", "identified", "recovered", "found at the scene", "casings", "weapon", "footage", "camera",
        "cameras", "video", "traced", "tracking", "gps", "undercover", "sting", "stakeout", "lineup",
    ],
    # (d) the safety of operations, members, victims, suspects or the public: staffing and coverage gaps, where
    # and when officers will or will not be, members' families and homes, planned operations, security.
    "concept.staffing": [
        "staffing", "staffed", "short staffed", "understaffed", "short handed", "shorthanded", "skeleton crew",
        "minimum staffing", "only one", "just one", "one officer", "one deputy", "one unit", "one car",
        "two officers", "two deputies", "no officers", "no deputies", "no patrol", "no units", "nobody on",
        "unstaffed", "unmanned", "coverage", "covered", "gap", "gaps", "vacanc*", "out sick", "on leave", "shift",
        "shifts", "shift change", "overnight", "graveyard", "dispatch", "backup", "response time*",
    ],
    "concept.schedule": [
        "will be", "we will", "we ll", "tonight", "tomorrow", "this weekend", "next week", "between", "from", "until",
        "starting at", "a m", "p m", "am", "pm", "hours", "o clock", "midnight", "noon", "every night",
        "every morning", "route", "routes", "location", "stationed", "posted", "parked", "positioned", "staging",
        "rally point", "checkpoint*", "patrol*", "sweep*", "saturation", "unmarked", "plainclothes",
    ],
    "concept.operation": [
        "operation", "raid", "raids", "warrant service", "serve a warrant", "serving warrants", "sting", "bust",
        "swat", "tactical", "entry team", "breach", "undercover", "decoy", "bait", "target", "targets", "planned",
        "planning", "briefing", "movement", "transport", "transfer", "escort*", "motorcade", "dignitar*",
        "protective detail", "security detail", "security", "alarm", "alarms", "code", "codes", "keycard", "gate",
        "gates", "door", "doors", "camera", "cameras", "blind spot*", "safe house", "shelter", "evidence room",
        "armory", "locker*",
    ],
    "concept.member_home": [
        "officer s wife", "officer s husband", "deputy s wife", "deputy s husband", "his wife", "her husband",
        "his kids", "her kids", "his children", "her children", "his family", "her family", "lives", "neighbor*",
        "home", "house", "street", "drives", "personal vehicle", "pickup", "school", "daycare",
    ],
    # (e) statements of guilt or innocence, character of the accused, comments on pending prosecution.
    "concept.guilt": [
        "guilty", "innocent", "did it", "did this", "he did", "she did", "committed", "responsible", "no doubt",
        "without a doubt", "undoubtedly", "certainly", "clearly", "obviously", "definitely", "confess*", "admitted",
        "admits", "caught red handed", "red handed", "killer", "murderer", "rapist", "thief", "robber", "predator*",
        "monster*", "animal", "evil", "dangerous man", "dangerous woman", "career criminal*", "repeat offender*",
        "menace", "coward*", "scumbag*", "lowlife", "sick",
    ],
    "concept.prosecution": [
        "trial", "jury", "juror*", "prosecut*", "district attorney", "da s office", "the da", "plea", "pleaded",
        "pleads", "arraign*", "charges", "charged", "convict*", "sentence*", "sentencing", "judge", "court", "bail",
        "bond", "defense attorney", "lawyer", "case against", "airtight", "slam dunk", "open and shut",
        "throw the book", "rot", "behind bars", "justice will", "justice served", "pay for", "deserves", "record",
        "rap sheet", "priors", "history of", "known to police", "gang member", "alleged", "allegedly",
    ],
    # (f) and IV.B political: candidates, endorsements, campaigns, ballot measures, petitions, lobbying, partisan.
    "concept.election": [
        "candidate*", "election*", "elect", "elected", "re elect", "reelect*", "vote", "votes", "voting", "voter*",
        "ballot*", "polls", "primary", "campaign*", "endorse*", "endorsement*", "running for", "run for", "race for",
        "seat", "office", "incumbent", "challenger", "opponent", "rally", "fundraiser", "donat*", "pac", "yard sign*",
        "yes on", "no on", "vote yes", "vote no",
    ],
    "concept.measure": [
        "measure", "measures", "proposition", "prop", "initiative", "referendum", "petition*", "signature*",
        "sign the", "bond measure", "tax", "levy", "ordinance", "bill", "bills", "legislation", "legislat*",
        "lawmaker*", "lobby*", "call your", "contact your", "write your", "representative*", "senator*", "congress*",
        "assembly", "council", "supervisor*", "mayor", "governor", "sheriff s race",
    ],
    "concept.partisan": [
        "democrat*", "republican*", "gop", "liberal*", "conservative*", "progressive*", "left", "right wing",
        "left wing", "leftist*", "partisan", "party", "maga", "woke", "defund", "gun control", "second amendment",
        "2a", "abortion", "pro life", "pro choice", "immigration policy", "sanctuary", "union", "unions",
        "administration", "president", "washington", "politic*", "agenda", "radical*", "socialist*",
    ],
    # (f) commercial: promoting businesses, products, deals, members' or retirees' private businesses.
    "concept.promotion": [
        "discount*", "off", "percent off", "deal", "deals", "sale", "sales", "coupon*", "promo*", "code", "buy",
        "purchase", "shop", "shops", "store", "stores", "check out", "stop by", "swing by", "visit", "order",
        "orders", "menu", "price*", "cheap", "affordable", "free", "special*", "offer*", "grand opening", "now open",
        "open for business", "business", "businesses", "brand", "product*", "recommend*", "the best", "best",
        "favorite", "love their", "try the", "book now", "book your", "call today", "dm", "website", "link in bio",
        "llc", "inc", "co", "shop local", "support local", "small business",
    ],
    "concept.member_business": [
        "retired", "retiree*", "former officer", "former deputy", "side business", "side hustle", "his business",
        "her business", "his company", "her company", "his shop", "her shop", "owned by", "owns", "run by", "started",
        "launched", "brother in law", "cousin", "wife s", "husband s", "family owned", "our own", "one of our own",
        "fellow officer",
    ],
    "concept.sponsor_thanks": [
        "sponsor*", "donated", "donation*", "thank", "thanks", "thank you", "grateful", "generous*", "partner*",
        "courtesy of", "provided by", "in kind", "community partner*",
    ],
    # (f) personal: a member's family, holidays, moods, purchases, opinions, in the first person or not.
    "concept.first_person": [
        "i", "i m", "i ve", "i ll", "i d", "me", "my", "mine", "myself", "this guy", "yours truly",
    ],
    "concept.family": [
        "wife", "husband", "kids", "kid", "son", "daughter", "mom", "dad", "mother", "father", "grandkid*",
        "grandson", "granddaughter", "baby", "family", "fiance*", "girlfriend", "boyfriend", "brother", "sister",
        "in laws", "dog", "dogs", "cat", "cats", "puppy", "pet", "pets",
    ],
    "concept.leisure": [
        "vacation", "vacay", "trip", "holiday", "holidays", "beach", "cruise", "camping", "fishing", "hunting",
        "golf", "weekend", "day off", "days off", "pto", "birthday", "anniversary", "wedding", "party", "bbq",
        "barbecue", "game", "football", "baseball", "team", "season", "concert", "movie", "show", "netflix",
        "workout", "gym", "marathon",
    ],
    "concept.mood": [
        "tired", "exhausted", "annoyed", "frustrated", "angry", "mad", "sad", "happy", "excited", "stoked", "pumped",
        "can t wait", "ugh", "sigh", "mood", "feeling", "feel", "honestly", "literally", "love", "hate", "rough day",
        "long day", "long week", "rant", "vent", "venting", "so done", "over it", "proud",
    ],
    "concept.purchase": [
        "bought", "new truck", "new car", "new boat", "new phone", "new house", "purchased", "finally got",
        "splurged", "shopping", "online order", "amazon", "paid", "spent",
    ],
    "concept.opinion": [
        "i think", "i feel", "i believe", "in my opinion", "imo", "imho", "personally", "hot take",
        "unpopular opinion", "if you ask me", "my two cents", "my opinion", "frankly", "let s be honest",
        "just saying", "don t get me started", "overrated", "underrated",
    ],
    # Near-misses the policy allows: the department's own business in public.
    "concept.department_public": [
        "our department", "the department", "our agency", "the sheriff s office", "our officers", "our deputies",
        "public information", "non emergency", "non emergency line", "call 911", "tip line", "website",
        "press release", "ribbon cutting", "ceremony", "swearing in", "sworn in", "graduation", "academy",
        "anniversary", "founded", "years of service", "open house", "town hall", "community meeting",
        "national night out", "coffee with a cop", "recruit*", "hiring", "apply",
    ],
}
# fmt: on
