"""What the learned layer reads in a draft: its words, adjacent word pairs, the letter n-grams of each word
(so "harrassment", "HARASSMENT" and "harassing" share evidence), which built-in word lists it touches and which
of the policy's concepts it speaks of (`concepts.CONCEPTS`, written from the policy's definitions).

Every feature is a string; `extract(doc)` returns {feature: count}. Training calls it; screening counts the same
features straight into the model's feature numbers (`LearnedModel._counts`), word by word, so a finding can name
the words that drove it.

Weights, chosen by leave-one-batch-out cross-validation over the training groups (never the frozen set;
screening/corpus/CROSS_VALIDATION.md): the letter n-grams weigh CHAR_WEIGHT of a word or word pair before the
draft's vector is normalised (they smooth spelling; at full weight they drown the words that carry meaning),
a touched word list weighs 1, a concept CONCEPT_WEIGHT.
"""

from collections import Counter
from functools import lru_cache

from ..detectors import Document

CHAR_SIZES = (3, 4, 5)
CHAR_WEIGHT = 0.3
CONCEPT_WEIGHT = 0.3
CONCEPT_PREFIX = "concept."


@lru_cache(maxsize=200_000)
def word_grams(word: str) -> tuple[str, ...]:
    """The word itself and the letter n-grams of " word " (word-bounded, as scikit-learn's char_wb)."""
    padded = f" {word} "
    grams = [f"w|{word}"]
    for size in CHAR_SIZES:
        if len(padded) < size:
            break
        grams.extend(f"c|{padded[i : i + size]}" for i in range(len(padded) - size + 1))
    return tuple(grams)


def words_of(doc: Document) -> list[str]:
    return doc.flat.split(" ") if doc.flat else []


def is_cue(feature: str) -> bool:
    """A word list or concept the draft touches: counted once, at a fixed weight, outside the tf-idf."""
    return feature.startswith("q|")


def weight_of(feature: str) -> float:
    """The fixed weight of a cue, or the factor on a tf-idf feature's idf."""
    if feature.startswith("q|"):
        return CONCEPT_WEIGHT if feature.startswith(f"q|{CONCEPT_PREFIX}") else 1.0
    if feature.startswith("c|"):
        return CHAR_WEIGHT
    return 1.0


def extract(doc: Document) -> Counter:
    """{feature: count} for a draft whose built-in word lists and concepts have been scanned (`doc.hits`)."""
    counts: Counter = Counter()
    words = words_of(doc)
    for word in words:
        counts.update(word_grams(word))
    counts.update(f"b|{first} {second}" for first, second in zip(words, words[1:], strict=False))
    counts.update(f"q|{tag}" for tag, hits in doc.hits.items() if hits and "." in tag)
    return counts
