"""privacy (3xx.5(b), general policy V.A.9): what identifies or exposes a private person.

- Social Security numbers in any common form, whole or in part ("ending in 4329");
- dates of birth: a date with "born", "DOB", "date of birth" before it, never just any date;
- phone numbers (parsed with `phonenumbers`) and email addresses that are not the
  department's own public contacts, not 911, not toll-free and not another agency's line;
- home street addresses (checked with `usaddress`) with a home, a victim, a witness or a
  juvenile in the sentence; never a "1200 block of" location, an intersection or a public building;
- a named juvenile suspect or victim (never a K9's age and breed, nor a missing child named in the alert the
  family asked for while the child is still missing: general policy IV.C.1.d); a named sexual-assault victim;
- medical or mental-health details said of a named person (never a cause or an institution: "cancer research");
- driver's license numbers, and payment card numbers (Luhn-checked).
"""

import re
from functools import lru_cache

import phonenumbers
import usaddress

from . import NAME, NOT_NAME_WORDS, Document, Finding, finditer

CODE = "privacy"

LEXICON = {
    "privacy.ssn_cue": ["social security", "ssn", "ssns", "ss number", "ss no", "soc sec", "ss#"],
    "privacy.dob_cue": ["born", "date of birth", "dob", "d o b", "birth date", "birthdate", "birthday"],
    "privacy.dl_cue": [
        "driver s license",
        "drivers license",
        "driver license",
        "driver s licence",
        "drivers licence",
        "driving licence",
        "driving license",
        "dl",
        "dl number",
        "dl no",
        "cdl",
        "license number",
        "licence number",
        "id card number",
        "state id",
    ],
    "privacy.juvenile_cue": [
        "juvenile",
        "minor",
        "teen",
        "teenager",
        "teenage",
        "schoolboy",
        "schoolgirl",
        "high schooler",
        "middle schooler",
        "grader",
    ],
    "privacy.sa_cue": [
        "sexual assault",
        "sexually assaulted",
        "sexual battery",
        "sexually abused",
        "sexual abuse",
        "rape",
        "raped",
        "raping",
        "rapes",
        "sexually assaulting",
        "molesting",
        "sexual assaults",
        "rapist",
        "molest*",
        "groped",
        "lewd",
        "indecent assault",
        "sex crime",
        "sex crimes",
        "sexual misconduct",
        "forcible",
        "oral copulation",
        "sodomy",
    ],
    "privacy.medical": [
        "schizophrenic",
        "schizophrenia",
        "bipolar",
        "bipolar disorder",
        "manic depressive",
        "clinically depressed",
        "major depression",
        "depression",
        "ptsd",
        "post traumatic stress",
        "autism",
        "autistic",
        "on the spectrum",
        "dementia",
        "alzheimer s",
        "alzheimers",
        "hiv",
        "hiv positive",
        "cancer",
        "chemo",
        "chemotherapy",
        "diabetic",
        "diabetes",
        "epilepsy",
        "epileptic",
        "seizure disorder",
        "seizures",
        "mental illness",
        "mentally ill",
        "mental health condition",
        "mental health crisis",
        "mental health issues",
        "mental breakdown",
        "nervous breakdown",
        "psychiatric",
        "psychiatric hold",
        "psych ward",
        "psych hold",
        "5150",
        "5150 hold",
        "involuntary hold",
        "meds",
        "medication",
        "medications",
        "medicated",
        "unmedicated",
        "prescription",
        "prescriptions",
        "overdose",
        "overdosed",
        "suicidal",
        "suicide attempt",
        "attempted suicide",
        "tried to kill himself",
        "tried to kill herself",
        "self harm",
        "pregnant",
        "pregnancy",
        "miscarriage",
        "rehab",
        "detox",
        "addiction",
        "addicted",
        "alcoholic",
        "alcoholism",
        "heart condition",
        "brain injury",
        "traumatic brain injury",
        "dialysis",
        "paranoid schizophrenic",
        "delusional",
        "hallucinating",
        "hallucinations",
        "ocd",
        "adhd",
        "anxiety disorder",
        "eating disorder",
        "anorexia",
        "bulimia",
        "developmental disability",
        "intellectual disability",
        "terminally ill",
        "terminal illness",
        "std",
        "stds",
        "hepatitis",
        "tuberculosis",
        "in treatment",
        "off his meds",
        "off her meds",
        "off their meds",
        "insulin",
        "inhaler",
        "oxygen tank",
        "antipsychotic",
        "antidepressants",
        "chronic illness",
        "kidney failure",
        "alzheimer",
        "chemo treatment",
        "radiation treatment",
        "leukemia",
        "tumor",
        "stroke",
        "heart attack",
        "liver failure",
        "hiv aids",
        "blind in one eye",
        "memory loss",
    ],
}

# -- Social Security numbers -------------------------------------------------------------------------
SSN_SEPARATED = re.compile(r"(?<![\w$.,/-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\w-]|[.,/]\d)")
SSN_MASKED = re.compile(r"(?<![\w-])(?:[xX*#\u2022]{3})[- ]?(?:[xX*#\u2022]{2})[- ]?\d{4}(?![\w-])")
SSN_NEAR_CUE = re.compile(
    r"(?<![\w$.,-])(?:\d{9}|\d{3}\.\d{2}\.\d{4}|\d{3}[- ]\d{2}[- ]\d{4})(?![\w-])"
    r"|(?:ending|ends|end)\s+(?:in|with)\s*:?\s*\d{4}\b"
    r"|last\s+(?:four|4)(?:\s+digits)?(?:\s+(?:of|are|were|is|was))?(?:\s+\w+){0,3}?\s*:?\s*\d{4}\b",
    re.I,
)


_LAST_FOUR_BEFORE = re.compile(r"last\s+(?:four|4)(?:\s+digits)?(?:\s+of)?(?:\s+\w+)?\s*$")
_FOUR = re.compile(r"\b\d{4}\b")
_MASK = re.compile(r"[xX*#\u2022]{2}")


def _valid_ssn(area: str, group: str, serial: str) -> bool:
    # 9xx areas are not issued, but drafts (and scammers' scripts) use them: only impossible zeros are excluded.
    return area not in ("000", "666") and group != "00" and serial != "0000"


def _ssns(doc: Document):
    for match in finditer(SSN_SEPARATED, doc):
        if _valid_ssn(match.group(1), match.group(3), match.group(4)):
            yield Finding(CODE, "privacy.ssn", match.start(), match.end(), "A Social Security number")
    masked = _MASK.search(doc.text) is not None
    for match in finditer(SSN_MASKED, doc) if masked else ():
        yield Finding(CODE, "privacy.ssn", match.start(), match.end(), "Part of a Social Security number")
    for cue in doc.hits_of("privacy.ssn_cue"):
        if _LAST_FOUR_BEFORE.search(doc.lower, max(0, cue.start - 40), cue.start):
            # "the last four digits of his SSN were 1188"
            match = _FOUR.search(doc.plain, cue.end, min(len(doc.text), cue.end + 20))
            if match:
                yield Finding(CODE, "privacy.ssn", match.start(), match.end(), "Part of a Social Security number")
        end = min(len(doc.text), cue.end + 70)
        for match in finditer(SSN_NEAR_CUE, doc, cue.end, end):
            digits = re.sub(r"\D", "", match.group())
            whole = len(digits) == 9
            yield Finding(
                CODE,
                "privacy.ssn",
                match.start(),
                match.end(),
                "A Social Security number" if whole else "Part of a Social Security number",
            )


# -- Dates of birth -----------------------------------------------------------------------------------
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_YEAR = r"(?:19|20)\d{2}"
DATE = re.compile(
    rf"\b(?:(?:0?[1-9]|1[0-2])[/.-](?:0?[1-9]|[12]\d|3[01])[/.-](?:{_YEAR}|\d{{2}})"
    rf"|{_YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
    rf"|{_MONTH}\.?\s+(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?(?P<year1>,?\s+{_YEAR})?"
    rf"|(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\.?(?P<year2>,?\s+{_YEAR})?)(?!\w)",
    re.I,
)
NAME_THEN_DATE = re.compile(rf"({NAME})\s*\(\s*(?:(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])/{_YEAR})\s*\)")


def _has_year(match: re.Match) -> bool:
    return bool(re.search(r"(?:19|20)\d{2}$|/\d{2}$", match.group()))


_PAREN_DATE = re.compile(r"\(\s*\d{1,2}/")


def _dates_of_birth(doc: Document):
    cues = doc.hits_of("privacy.dob_cue")
    if cues:
        for cue in cues:
            sentence_end = doc.sentence_span(cue.start)[1]
            word = doc.lower[cue.start : cue.end]
            for match in finditer(DATE, doc, cue.end, min(sentence_end, cue.end + 45)):
                gap = doc.lower[cue.end : match.start()]
                if re.search(r"\b(?:died|passed|since|until|on duty|joined|hired|retired)\b", gap):
                    break
                if word == "birthday" and not _has_year(match):
                    break
                yield Finding(
                    CODE, "privacy.date_of_birth", match.start(), match.end(), "A date of birth of a private person"
                )
                break
    for match in finditer(NAME_THEN_DATE, doc) if _PAREN_DATE.search(doc.text) else ():
        date_start = doc.plain.index("(", match.end(1)) + 1
        yield Finding(CODE, "privacy.date_of_birth", date_start, match.end() - 1, "A date of birth of a private person")


# -- Phone numbers and email addresses ------------------------------------------------------------------
PHONE_CANDIDATE = re.compile(
    r"(?<![\w$#/.-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)|\d{3})[\s.-]?\d{3}[\s.-]?\d{4}(?![\w-]|[.,]\d)"
    r"|(?<![\w$#/])\+(?:[2-9]\d?\d?)[\s.-]?(?:\(?\d{1,4}\)?[\s.-]?){2,5}\d{2,4}(?!\w)"
)
# Words before a number that say it belongs to an organisation, not a person.
_ORGANISATION = re.compile(
    r"\b(?:hotline|helpline|help line|tip line|tipline|crisis line|office|department|dept|agency|center|centre|"
    r"services|service|administration|bureau|county|city|sheriff'?s?|police|fire|hospital|clinic|court|"
    r"district attorney|da'?s|program|shelter|council|commission|division|unit|desk|dispatch|non-emergency|"
    r"company|inc|llc|corp|bank|school|library|utility|pg&e|dmv|irs|fbi|ftc|consulate|embassy|"
    r"headquarters|station|business hours|animal control|public works|clerk|records)\b",
    re.I,
)
_PERSONAL = re.compile(
    r"\b(?:his|her|their|him|cell|mobile|home|personal|private|directly|wife|husband|mom|dad|"
    r"mother|father|son|daughter|neighbor|owner|victim|witness|driver|resident|family|"
    r"relatives?|friend|boyfriend|girlfriend)\b",
    re.I,
)
# A member's work line or address: "call Detective Shaw at ...", "Sgt. Lee: ...".
_MEMBER_CONTACT = re.compile(
    r"\b(?:Officer|Ofc|Detective|Det|Deputy|Sergeant|Sgt|Lieutenant|Lt|Captain|Capt|Chief|Corporal|Cpl|"
    r"Investigator|Commander|Dispatcher|PIO)\.?\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\b[^.!?]{0,40}$"
)
EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9][\w.+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w@])")
ROLE_MAILBOXES = frozenset(
    [
        "info",
        "tips",
        "tip",
        "contact",
        "contactus",
        "support",
        "help",
        "helpdesk",
        "admin",
        "office",
        "records",
        "media",
        "press",
        "pio",
        "hr",
        "jobs",
        "careers",
        "recruiting",
        "recruitment",
        "noreply",
        "no-reply",
        "donotreply",
        "webmaster",
        "communications",
        "dispatch",
        "police",
        "sheriff",
        "volunteer",
        "volunteers",
        "events",
        "community",
        "outreach",
        "publicinfo",
        "public.info",
        "publicaffairs",
        "public.affairs",
        "hello",
        "enquiries",
        "inquiries",
        "customerservice",
        "service",
        "services",
        "billing",
        "sales",
        "marketing",
        "news",
        "newsroom",
    ]
)
_GOVERNMENT = re.compile(r"\.(?:gov|mil)$|\.(?:ca|[a-z]{2})\.us$|^(?:ci|co|city|county)\.", re.I)
DIGIT = re.compile(r"\d")
EMERGENCY = {"911", "311", "211", "411", "511", "611", "711", "811", "988"}


def normalise_phone(value: str) -> str:
    try:
        number = phonenumbers.parse(value, "US")
    except phonenumbers.NumberParseException:
        return re.sub(r"\D", "", value)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@lru_cache(maxsize=4096)
def _personal_number(raw: str) -> str:
    """The number in E.164 if it could be a person's (valid, not toll-free or premium, not N11), else ""."""
    try:
        number = phonenumbers.parse(raw, "US")
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_possible_number(number) or str(number.national_number) in EMERGENCY:
        return ""
    if number.country_code == 1 and not phonenumbers.is_valid_number(number):
        return ""
    if phonenumbers.number_type(number) in (
        phonenumbers.PhoneNumberType.TOLL_FREE,
        phonenumbers.PhoneNumberType.PREMIUM_RATE,
        phonenumbers.PhoneNumberType.SHARED_COST,
    ):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _phones(doc: Document):
    if len(DIGIT.findall(doc.text)) < 10:
        return
    public = doc.context.public_phones
    for match in finditer(PHONE_CANDIDATE, doc):
        number = _personal_number(match.group())
        if not number or number in public:
            continue
        start = doc.sentence_span(match.start())[0]
        before = doc.plain[start : match.start()]
        named = doc.names_between(start, match.start())
        near = doc.plain[max(start, match.start() - 60) : match.start()]
        if _ORGANISATION.search(before) and not (_PERSONAL.search(near) or named):
            continue
        if _MEMBER_CONTACT.search(near):
            continue
        yield Finding(CODE, "privacy.phone", match.start(), match.end(), "A private phone number")


def _emails(doc: Document):
    if "@" not in doc.text:
        return
    context = doc.context
    for match in finditer(EMAIL, doc):
        address = match.group().lower()
        local, _, domain = address.partition("@")
        if address in context.public_emails or domain in context.public_email_domains:
            continue
        if local in ROLE_MAILBOXES or _GOVERNMENT.search(domain):
            continue
        start = doc.sentence_span(match.start())[0]
        if _MEMBER_CONTACT.search(doc.plain[max(start, match.start() - 60) : match.start()]):
            continue
        yield Finding(CODE, "privacy.email", match.start(), match.end(), "A private email address")


# -- Home addresses -----------------------------------------------------------------------------------------
_SUFFIXES = (
    "street|st|avenue|ave|av|road|rd|drive|dr|lane|ln|court|ct|boulevard|blvd|way|place|pl|circle|cir|terrace|ter|"
    "trail|trl|parkway|pkwy|highway|hwy|loop|row|square|sq|alley|aly|crescent|cres|path|pike|run|bend|cove|cv|"
    "crossing|xing|glen|heights|hts|hollow|knoll|landing|manor|meadow|meadows|mews|point|pt|ridge|ridge|spur|"
    "summit|vista|walk|plaza|plz|commons|green|grove|hill|park|close"
)
ADDRESS = re.compile(
    r"(?<![\w$#.,-])(\d{1,6}[A-Z]?)\s+"
    r"((?:(?:[NSEW]\.?|North|South|East|West)\s+)?"
    r"(?:(?:[A-Z][a-z'-]+|\d{1,3}(?:st|nd|rd|th)|[A-Z]{2,})\s+){1,3}"
    rf"(?i:{_SUFFIXES})\b\.?"
    r"(?:,?\s+(?i:apt|apartment|unit|suite|ste|#)\.?\s*#?\w+)?)",
)
# A public building or a business before the address: "the Senior Center at 250 Civic Plaza".
_FACILITY = re.compile(
    r"\b(?:center|centre|hall|library|park|school|station|church|temple|mosque|synagogue|hospital|clinic|office|"
    r"court|courthouse|mall|store|shop|market|restaurant|cafe|bank|theater|theatre|museum|gym|headquarters|hq|"
    r"department|building|complex|shelter|arena|stadium|fairgrounds|plaza|business|company|hotel|motel|inn|"
    r"bar|tavern|pharmacy|dealership|post office|city hall|facility|campus|academy|college|university|"
    r"ymca|fire station|police station|substation|venue|open house|event|meeting|"
    r"(?:7-eleven|walmart|target|safeway|costco|starbucks|mcdonald's))\b[^.!?]{0,30}$",
    re.I,
)
_HOME = re.compile(
    r"\b(?:home|homes|house|houses|residence|residential|lives|live|living|resides|resided|resident|residents|"
    r"apartment|condo|victim|victims|witness|witnesses|juvenile|minor|child|children|kid|kids|teen|teenager|"
    r"girl|boy|family|couple|homeowner|homeowners|neighbor|neighbors|his|her|their|him|burglar\w*|break-in|"
    r"broken into|broke into|home invasion|domestic|owner|owners|tenant|tenants|landlord)\b",
    re.I,
)
_ADDRESS_LABELS = {"AddressNumber", "StreetName", "StreetNamePostType"}


def _is_street_address(candidate: str) -> bool:
    try:
        tagged, kind = usaddress.tag(candidate)
    except usaddress.RepeatedLabelError:
        return False
    return kind == "Street Address" and set(tagged) >= _ADDRESS_LABELS


def _addresses(doc: Document):
    if not DIGIT.search(doc.text):
        return
    for match in finditer(ADDRESS, doc):
        street = match.group(2)
        if street.split()[0].lower() in ("block", "blocks", "hundred"):
            continue
        start, end = doc.sentence_span(match.start())
        before = doc.plain[start : match.start()]
        if re.search(r"\bblock of\s*$", before, re.I) or _FACILITY.search(before):
            continue
        sentence = doc.plain[start:end]
        if not (_HOME.search(sentence) or doc.names_between(start, match.start())):
            continue
        if not _is_street_address(match.group()):
            continue
        yield Finding(CODE, "privacy.home_address", match.start(), match.end(), "The home address of a private person")


# -- Named juveniles --------------------------------------------------------------------------------------------
_AGE = (
    r"(?:1[0-7]|[1-9]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen)"
)
_YOUNG = (
    r"(?:juvenile|minor|teen|teenager|teenage boy|teenage girl|"
    r"high[- ]school(?:er| student| sophomore| freshman| junior| senior)|middle[- ]school(?:er| student)|"
    r"(?:sixth|seventh|eighth|ninth)[- ]grader|junior high student)"
)
_ROLE = r"(?:\s+(?:suspect|victim|driver|male|female|boy|girl|student|son|daughter|juvenile|runaway))?"
_FIRST_OR_FULL = rf"(?:{NAME}|[A-Z][a-z]{{2,}})"
JUVENILE = re.compile(
    # "15-year-old Ava Lindqvist", "a 16-year-old boy, Jason Reed", "their 12-year-old son Max"
    rf"\b{_AGE}[- ]years?[- ]old{_ROLE},?\s+(?:named\s+|identified as\s+)?(?P<a>{_FIRST_OR_FULL})"
    # "Ava Lindqvist, 15,", "Ava Lindqvist (15)", "Ava Lindqvist, a 15-year-old", "Ava Lindqvist, age 15"
    rf"|(?P<b>{NAME}),?\s+(?:\(\s*(?:age\s+)?{_AGE}\s*\)|(?:age\s+|aged\s+)?{_AGE}(?=[,;)](?!\d)|\s+(?:of|from|was|is|has)\b)"
    rf"|(?:a|an)\s+{_AGE}[- ]years?[- ]old|who\s+is\s+{_AGE}\b|(?:a|an)\s+{_YOUNG}\b)"
    # "her son, Ethan, 9," "their daughter Mia (7)"
    rf"|\b(?:son|daughter|grandson|granddaughter|nephew|niece|brother|sister|boy|girl|child|kid|stepson|"
    rf"stepdaughter)\s*,?\s+(?P<d>[A-Z][a-z]{{2,}}),?\s+\(?(?:age\s+|aged\s+)?{_AGE}\)?(?=[,;).]|\s+(?:was|is|has|had)\b)"
    # "juvenile suspect Tom Reyes", "the teen, Mark Jones"
    rf"|\b(?:juvenile|minor|teen(?:age(?:r)?)?|schoolboy|schoolgirl|high[- ]schooler|middle[- ]schooler)"
    rf"(?:\s+(?:suspect|victim|driver|male|female|boy|girl))?,?\s+(?:named\s+|identified as\s+)?(?P<c>{NAME})",
)
_WORD_AGE = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
}


# A K9 or a horse has an age and a breed, not a name a juvenile's privacy protects: "a 2-year-old Belgian Malinois".
_ANIMAL = re.compile(
    r"\b(?:k-?9s?|canines?|dogs?|pups?|puppy|puppies|horses?|mares?|geldings?|stallions?|ponies|pony|colts?|fill(?:y|ies)"
    r"|malinois|shepherds?|labradors?|retrievers?|bloodhounds?|beagles?|spaniels?|pointers?|hounds?|collies?"
    r"|terriers?|poodles?|rottweilers?|dobermans?|huskies|husky|mastiffs?|boxers?|vizslas?|weimaraners?)\b",
    re.I,
)
# General policy IV.C.1.d: missing or endangered persons are among the notifications the department's pages exist
# for; a missing child's name and age, published as the family asked, is the alert itself, not a privacy breach.
# Once the child is found the alert is over, and naming them again is not.
_MISSING_ALERT = re.compile(
    r"\b(?:missing|runaway|amber alert|endangered|last seen|have you seen|help us find|help (?:us )?locate)\b", re.I
)
_FOUND = re.compile(r"\b(?:found|located|safe|returned|reunited|recovered|back home|home safely)\b", re.I)
_FAMILY_ROLE = re.compile(r"\b(?:son|daughter|boy|girl|brother|sister|grandson|granddaughter|nephew|niece)\b")
_JUVENILE_HINT = re.compile(r"year[- ]old|,\s*\d{1,2}\s*[,;)]|\(\s*(?:age\s+)?\d{1,2}\s*\)|\bage[ds]?\s+\d", re.I)


def _juveniles(doc: Document):
    from . import is_person_name

    if not (doc.has("privacy.juvenile_cue") or _JUVENILE_HINT.search(doc.plain)):
        return
    if _MISSING_ALERT.search(doc.plain) and not _FOUND.search(doc.plain):
        return
    for match in finditer(JUVENILE, doc):
        group = next(name for name in ("a", "b", "c", "d") if match.group(name))
        name = match.group(group)
        if _ANIMAL.search(doc.plain, match.start(), min(len(doc.plain), match.end() + 40)):
            continue
        if " " in name and not is_person_name(name, strict=False):
            continue
        if " " not in name:
            if name.lower() in _NOT_FIRST_NAMES or name.lower() in NOT_NAME_WORDS:
                continue
            appositive = re.search(r"old\s*,\s*$", doc.plain[match.start() : match.start(group)]) and re.match(
                r"\s*[,)]", doc.plain[match.end(group) : match.end(group) + 2]
            )
            if group == "a" and not (_FAMILY_ROLE.search(match.group()) or appositive):
                continue
            if group in ("b", "c"):
                continue
        start, end = match.span(group)
        yield Finding(CODE, "privacy.juvenile", start, end, "The name of a juvenile suspect or victim")


_NOT_FIRST_NAMES = {
    "was",
    "who",
    "and",
    "the",
    "male",
    "female",
    "boy",
    "girl",
    "from",
    "police",
    "officers",
    "detectives",
    "residents",
    "student",
    "suspect",
    "victim",
    "driver",
    "with",
    "has",
    "had",
    "is",
    "of",
    "in",
    "on",
    "at",
    "walking",
    "riding",
}

# -- Named sexual-assault victims ------------------------------------------------------------------------------
SA_VICTIM = re.compile(
    rf"\b(?:the\s+|a\s+)?(?:victim|survivor|complainant)s?,?\s+(?:identified as\s+|named\s+)?(?P<a>{NAME})"
    rf"|(?P<b>{NAME}),?\s+(?:\d{{1,2}},\s+)?(?:the|a|an)\s+(?:\d{{1,2}}[- ]year[- ]old\s+)?(?:victim|survivor)\b"
    rf"|(?P<c>{NAME}),?\s+(?:\d{{1,2}},\s+)?(?:who\s+)?(?:was|had been|has been|"
    rf"reported (?:being|that she was|that he was)|said (?:she|he) was|told (?:officers|police|detectives) "
    rf"(?:she|he) was)\s+(?:sexually\s+\w+|raped|molested|groped)"
    rf"|\bwho\s+(?:was|had been|has been)\s+(?:sexually\s+\w+|raped|molested|groped|abused),?\s+(?P<e>{NAME})"
    rf"|\b(?:raped|raping|sexually assaulted|sexually assaulting|molested|molesting|groped|groping|"
    rf"sexually abused|sexually abusing|(?:rape|sexual assault|sexual battery|molestation|sexual abuse) of)\s+"
    rf"(?:(?:a|an)\s+\d{{1,2}}[- ]year[- ]old\s+(?:woman|man|girl|boy|victim),?\s+)?(?P<d>{NAME})"
)


def _sexual_assault_victims(doc: Document):
    from . import is_person_name

    if not doc.has("privacy.sa_cue"):
        return
    for match in finditer(SA_VICTIM, doc):
        group = next(name for name in ("a", "b", "c", "d", "e") if match.group(name))
        if not is_person_name(match.group(group), strict=False):
            continue
        start, end = match.span(group)
        yield Finding(CODE, "privacy.sexual_assault_victim", start, end, "The name of a sexual-assault victim")


# -- Medical and mental-health details of a named person -------------------------------------------------------
_PERSON_REF = re.compile(
    rf"(?:\b(?i:he|she|they|him|his|her|their|hers)\b|{NAME}(?:'s)?)"
    r"(?:'s|'re|,|,?\s+\d{1,3}\b|,?\s+(?:is|was|are|were|has|had|have|been|being|who|with|suffers|suffering|suffered|lives|living|"
    r"battling|fighting|diagnosed|treated|receiving|undergoing|off|on|from|for|struggles|struggling|"
    r"recently|reportedly|also|clearly|obviously|severely|a|an|known|to|have|of|in|mental|health|history)\b)*"
    r"[\s,]*$"
)
# "Sgt. Kim, who finished chemo", "he was treated for": a person a few words before, in the same clause.
_CLOSE_REF = re.compile(
    rf"(?:\b(?i:he|she|him|his|her)\b|{NAME}|"
    r"\b(?:Sgt|Officer|Deputy|Det|Lt|Capt|Chief|Mr|Mrs|Ms|Dr)\.?\s+[A-Z][a-z]+)(?:,?\s+(?i:who|whose|after|was|is|has|had|recently|finished|started|"
    r"completed|beat|beating|battling|fighting|treated|diagnosed|suffers|suffering|struggles|"
    r"with|from|for|of|a|an|the|his|her|last|month|week|year|and|being|in|on|off|successful|"
    r"severe|rare|stage|\d+))+\s*$"
)
_TITLED = re.compile(
    r"\b(?:Sgt|Sergeant|Officer|Deputy|Det|Detective|Lt|Lieutenant|Capt|Captain|Chief|Mr|Mrs|Ms|Dr)"
    r"\.?\s+[A-Z][a-z]+"
)
_POSSESSIVE = re.compile(r"\b(?:his|her|their)\s+(?:[a-z]+\s+)?$|'s\s+$", re.I)


# "breast cancer research", "autism awareness month", "the dementia care center": a cause, a campaign or an
# institution, not a person's condition.
_CAUSE = re.compile(
    r"\s+(?:research|awareness|center|centre|unit|ward|clinic|foundation|society|association|alliance|walk|run|"
    r"fundraiser|month|week|day|screenings?|prevention|support group|survivors|care center|institute)\b",
    re.I,
)


def _medical(doc: Document):
    from . import is_person_name

    for hit in doc.hits_of("privacy.medical"):
        if _CAUSE.match(doc.plain, hit.end):
            continue
        start, end = doc.window(hit.start, before=1)
        named = [span for span in doc.names_between(start, end) if is_person_name(doc.plain[span[0] : span[1]])]
        if not named and not _TITLED.search(doc.plain, start, end):
            continue
        sentence_start = doc.sentence_span(hit.start)[0]
        before = doc.plain[max(sentence_start, hit.start - 60) : hit.start]
        words = doc.plain[sentence_start : hit.start].split()[-7:]
        close = " ".join(words)
        if _POSSESSIVE.search(before) or _PERSON_REF.search(before) or _CLOSE_REF.search(close):
            yield Finding(
                CODE, "privacy.medical", hit.start, hit.end, "Medical or mental-health details of a named person"
            )


# -- Driver's license and card numbers ----------------------------------------------------------------------
LICENSE_NUMBER = re.compile(
    r"(?<![\w-])(?:[A-Z]{1,2}\d{5,13}|\d{7,12}|[A-Z]\d{3}[- ]\d{3}[- ]\d{2}[- ]\d{3}(?:[- ]\d)?|"
    r"[A-Z]\d{2}[- ]\d{2}[- ]\d{4}|\d{3}[- ]\d{3}[- ]\d{3})(?![\w-])",
    re.I,
)
CARD = re.compile(r"(?<![\w-])(?:\d[ -]?){12,18}\d(?![\w-])")


def _luhn(digits: str) -> bool:
    total = 0
    for index, digit in enumerate(reversed(digits)):
        value = int(digit)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _licenses(doc: Document):
    for cue in doc.hits_of("privacy.dl_cue"):
        if re.search(
            r"plate|vehicle|business|contractor|liquor|pet|dog|fishing|hunting|marriage",
            doc.lower[max(0, cue.start - 14) : cue.end + 8],
        ):
            continue
        for match in finditer(LICENSE_NUMBER, doc, cue.end, min(len(doc.text), cue.end + 40)):
            if not any(ch.isdigit() for ch in match.group()):
                continue
            yield Finding(CODE, "privacy.drivers_license", match.start(), match.end(), "A driver's license number")
            break


def _cards(doc: Document):
    for match in finditer(CARD, doc):
        digits = re.sub(r"\D", "", match.group())
        if 13 <= len(digits) <= 19 and _luhn(digits) and len(set(digits)) > 1:
            yield Finding(CODE, "privacy.card_number", match.start(), match.end(), "A payment card number")


def detect(doc: Document):
    yield from _ssns(doc)
    yield from _dates_of_birth(doc)
    yield from _phones(doc)
    yield from _emails(doc)
    yield from _addresses(doc)
    yield from _juveniles(doc)
    yield from _sexual_assault_victims(doc)
    yield from _medical(doc)
    yield from _licenses(doc)
    yield from _cards(doc)
