"""commercial (3xx.5(f), general policy IV.B.4): promoting a private business, its products or its deals.

Discounts, promo codes, sale prices and sales talk are findings. A scam warning
that mentions gift cards or "50% off" deals, "free" department events, the
department's own services and salary figures in a recruitment post stay clean.
"""

import re

from . import Document, Finding, finditer

CODE = "commercial"

LEXICON = {
    "commercial.promo": [
        "promo code",
        "promotional code",
        "coupon code",
        "discount code",
        "use code",
        "use the code",
        "enter code",
        "with code",
        "percent off",
        "on sale",
        "sale price",
        "buy now",
        "order now",
        "book now",
        "shop now",
        "order online",
        "online orders",
        "grab yours",
        "before they sell out",
        "while supplies last",
        "limited time offer",
        "limited time only",
        "special offer",
        "exclusive offer",
        "exclusive deal",
        "with any purchase",
        "with purchase",
        "with every purchase",
        "mention this post",
        "mention this ad",
        "tell them we sent you",
        "shameless plug",
        "side business",
        "side hustle",
        "check out his business",
        "check out her business",
        "support his business",
        "support her business",
        "our friends at",
        "our sponsor",
        "our sponsors at",
        "swears by it",
        "swear by it",
        "best prices",
        "great deals",
        "free estimate",
        "free estimates",
        "free consultation",
        "now open for business",
        "grand opening",
        "use my link",
        "affiliate link",
        "dm for prices",
        "dm to order",
        "taking orders",
        "now taking orders",
        "free shipping",
        "book with",
        "when you book",
        "for a discount",
        "a discount",
        "discount on",
        "discounts on",
        "is giving",
        "are giving",
        "buy one get one",
        "bogo",
        "or best offer",
        "obo",
        "for sale",
        "selling my",
        "great condition",
        "like new condition",
        "price drop",
        "before they run out",
        "go get one",
        "go get some",
        "go try it",
        "go try them",
        "go check them out",
        "check them out",
        "you won t regret it",
        "stop by and try",
    ],
}
MONEY_OFF = re.compile(r"(?:\$\s?\d[\d,.]*|\b\d+(?:\.\d+)?\s?(?:%|percent))\s+(?:off|discount)\b", re.I)
JUST_PRICE = re.compile(
    r"\b(?:for|at)\s+(?:just|only)\s+\$\s?\d[\d,]*(?:\.\d\d)?"
    r"|\bonly\s+\$\s?\d[\d,]*(?:\.\d\d)?",
    re.I,
)
CODE_WORD = re.compile(r"\b(?i:code)\s+(?=[A-Z0-9]*[A-Z])[A-Z0-9]{4,}\b")
FREE_WITH = re.compile(r"\bfree\s+[\w-]+(?:\s+[\w-]+)?\s+with\s+(?:any|every|each|your|a|the)\b", re.I)
_SCAM = re.compile(
    r"\b(?:scam\w*|fraud\w*|fake|phishing|con artists?|imposters?|impersonat\w*|never ask|"
    r"too good to be true|beware|warning)\b",
    re.I,
)
# The department's own offers ("free bike registration", "a discount for seniors" at its events) say so.
_DEPARTMENT = re.compile(r"\b(?:our front counter|at the station|our lobby|the department's)\b", re.I)


def detect(doc: Document):
    found = [(hit.start, hit.end) for hit in doc.hits_of("commercial.promo")]
    lower = doc.lower
    gates = {
        MONEY_OFF: " off" in lower or "discount" in lower,
        JUST_PRICE: "$" in lower,
        CODE_WORD: "code" in lower,
        FREE_WITH: "free" in lower,
    }
    found += [match.span() for pattern, open_ in gates.items() if open_ for match in finditer(pattern, doc)]
    for start, end in sorted(set(found)):
        sentence_start, sentence_end = doc.sentence_span(start)
        if _SCAM.search(doc.plain, sentence_start, sentence_end):
            continue
        phrase = doc.lower[start:end]
        if phrase in ("a discount", "is giving", "are giving", "with purchase", "book with", "when you book") and not (
            MONEY_OFF.search(doc.plain, sentence_start, sentence_end)
            or re.search(
                r"\b(?:code|off|sale|deal|discount|promo|residents|customers)\b",
                doc.plain[sentence_start:sentence_end].replace(phrase, ""),
                re.I,
            )
        ):
            continue
        if _DEPARTMENT.search(doc.plain, sentence_start, sentence_end):
            continue
        yield Finding(CODE, "commercial.promotion", start, end, "Promotes a private business, product or deal")
