"""What the learned layer reads in a draft: its words, adjacent word pairs, the letter n-grams of each word
(so "harrassment", "HARASSMENT" and "harassing" share evidence) and which built-in word lists it touches.

Every feature is a string; `extract(doc)` returns {feature: count}. Training calls it; screening counts the same
features straight into the model's feature numbers (`LearnedModel._counts`), word by word, so a finding can name
the words that drove it.
"""

from collections import Counter
from functools import lru_cache

from ..detectors import Document

CHAR_SIZES = (3, 4, 5)


@lru_cache(maxsize=200_000)
def word_grams(word: str) -> tuple[str, ...]:
    """The word itself and the letter n-grams of " word " (word-bounded, as scikit-learn's char_wb)."""
    padded = f" {word} "
    grams = [f"w|{word}"]
    for size in CHAR_SIZES:
        if len(padded) < size:
            break
        grams.extend(f"c|{padded[i:i + size]}" for i in range(len(padded) - size + 1))
    return tuple(grams)


def words_of(doc: Document) -> list[str]:
    return doc.flat.split(" ") if doc.flat else []


def extract(doc: Document) -> Counter:
    """{feature: count} for a draft whose built-in word lists have been scanned (`doc.hits`)."""
    counts: Counter = Counter()
    words = words_of(doc)
    for word in words:
        counts.update(word_grams(word))
    counts.update(f"b|{first} {second}" for first, second in zip(words, words[1:], strict=False))
    counts.update(f"q|{tag}" for tag, hits in doc.hits.items() if hits and "." in tag)
    return counts

