"""Word lists matched with one Aho-Corasick automaton (pyahocorasick) over a draft's word tokens.

Phrases and text are normalised alike: lower case, typographic quotes plain, every
run of characters that is not a letter or digit one space ("yellow-handled pry
bar" and "Yellow handled  pry-bar" are the same words). A match must begin and end
on word boundaries, so "bum" never matches inside "album". A phrase ending in `*`
matches any word that begins with its last word ("endorse*": endorses, endorsed).
"""

import ahocorasick

from . import _PLAIN, TOKEN, Document, Hit


def normalise(phrase: str) -> str:
    return " ".join(TOKEN.findall(phrase.lower().translate(_PLAIN)))


class Lexicon:
    """Tagged phrases, compiled once; `scan(doc)` fills `doc.hits` by tag."""

    def __init__(self, tagged: dict[str, list[str]]):
        entries: dict[str, list[tuple[str, bool]]] = {}
        for tag, phrases in tagged.items():
            for phrase in phrases:
                wildcard = phrase.rstrip().endswith("*")
                key = normalise(phrase.rstrip().rstrip("*"))
                if not key:
                    continue
                entries.setdefault(key, [])
                if (tag, wildcard) not in entries[key]:
                    entries[key].append((tag, wildcard))
        self.size = len(entries)
        self.automaton = ahocorasick.Automaton() if entries else None
        for key, values in entries.items():
            self.automaton.add_word(key, (len(key), tuple(values)))
        if self.automaton is not None:
            self.automaton.make_automaton()

    def scan(self, doc: Document) -> dict[str, list[Hit]]:
        hits: dict[str, list[Hit]] = {}
        if self.automaton is None or not doc.flat:
            return hits
        flat = doc.flat
        size = len(flat)
        for last, (length, values) in self.automaton.iter(flat):
            first = last - length + 1
            if first > 0 and flat[first - 1] != " ":
                continue
            whole_word = last + 1 == size or flat[last + 1] == " "
            for tag, wildcard in values:
                end = last + 1
                if not whole_word:
                    if not wildcard:
                        continue
                    following = flat.find(" ", end)
                    end = size if following < 0 else following
                start, stop = doc.span_from_flat(first, end)
                hits.setdefault(tag, []).append(Hit(tag, start, stop))
        return hits
