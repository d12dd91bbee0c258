"""Line-end hyphens: automatic hyphenation to undo, or a real compound to keep.

A justified PDF breaks words at line ends ("provi-" / "sions"); it also breaks real compounds
after their hyphen ("confidence-" / "building"). :class:`Dehyphenator` decides each case from,
in order:

1. the document's own vocabulary: the word printed elsewhere (not at a line end) as one word
   ("provisions") or hyphenated ("confidence-building"); the more frequent form wins;
2. the hyphenation dictionary (pyphen's en_US patterns, those LibreOffice and Word-era tools
   hyphenate with): automatic hyphenation can only break where the patterns allow, so a break
   the patterns do not allow ("non-selectivity" breaks after "non", which they allow; "E/CN-4"
   they do not) is a real hyphen;
3. the prefixes English always hyphenates in UN usage ("non-", "self-");
4. an English word list (pyspellchecker's word frequencies): a joined form that is an English
   word ("genuine") was hyphenated automatically; one that is not, between two halves that
   are words ("confidence" / "building"), is a compound; a joined form that is not a word
   between halves that are not both words ("Subcom" / "mission") was hyphenated automatically;
5. what stays *undecidable* (the joined form is a rare word and both halves are words:
   "anti-personnel" or "antipersonnel", with no evidence in the document) is joined and
   reported as a warning.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

HYPHENS = "-\u2010\u00ad\x02"  # hyphen-minus, hyphen, soft hyphen, pdfium's line-end hyphen mark
_WORD = re.compile(r"[^\W\d_]+(?:[-\u2010][^\W\d_]+)*")
ALWAYS_HYPHENATED = ("non", "self")
RARE = 200  # a joined form rarer than this (pyspellchecker's counts) between two words is doubtful


@dataclass(frozen=True)
class Decision:
    join: bool  # True: the hyphen was automatic hyphenation (drop it)
    reason: str
    certain: bool = True


@lru_cache(maxsize=1)
def _dictionary() -> Any:
    try:
        import pyphen
    except ImportError:  # pragma: no cover - pyphen is a dependency
        return None
    return pyphen.Pyphen(lang="en_US")


@lru_cache(maxsize=1)
def _frequencies() -> Any:
    try:
        from spellchecker import SpellChecker
    except ImportError:  # pragma: no cover - pyspellchecker is a dependency
        return None
    return SpellChecker(language="en", distance=1).word_frequency


def english_frequency(word: str) -> int | None:
    """How common ``word`` is in English (0: not a word); None without a word list."""
    freq = _frequencies()
    if freq is None:
        return None
    return int(freq[word.lower()])


def dictionary_allows(word: str, at: int) -> bool | None:
    """Whether the en_US hyphenation patterns allow a break of ``word`` after ``at`` letters
    (None when no dictionary is available)."""
    dic = _dictionary()
    if dic is None:
        return None
    return at in dic.positions(word.lower())


class Dehyphenator:
    """Decides line-end hyphens from the vocabulary of one document."""

    def __init__(self, texts: Iterable[str] = ()) -> None:
        self.words: Counter[str] = Counter()  # standalone words, lower case
        self.hyphenated: Counter[str] = Counter()  # "a-b" pairs inside hyphenated words
        for text in texts:
            self.add(text)

    def add(self, text: str) -> None:
        """Add the words of ``text`` (the caller leaves out the pieces of words broken at
        line ends)."""
        for m in _WORD.finditer(text):
            token = m.group(0).lower().replace("\u2010", "-")
            if "-" in token:
                parts = token.split("-")
                for a, b in zip(parts, parts[1:], strict=False):
                    self.hyphenated[f"{a}-{b}"] += 1
            else:
                self.words[token] += 1

    def decide(self, prefix: str, suffix: str) -> Decision:
        """``prefix`` ends the line before a hyphen, ``suffix`` starts the next line."""
        a, b = prefix.lower(), suffix.lower()
        joined, pair = a + b, f"{a}-{b}"
        j, h = self.words[joined], self.hyphenated[pair]
        if j > h:
            return Decision(True, f'"{prefix}{suffix}" is printed {j} time(s) elsewhere as one word')
        if h > j:
            return Decision(False, f'"{prefix}-{suffix}" is printed {h} time(s) elsewhere with its hyphen')
        allowed = dictionary_allows(joined, len(a))
        if allowed is False:
            return Decision(False, "the hyphenation dictionary allows no break there")
        if a in ALWAYS_HYPHENATED:
            return Decision(False, f'"{a}-" is always hyphenated')
        joined_freq = english_frequency(joined)
        halves = [self.words[w] > 0 or (english_frequency(w) or 0) > 0 for w in (a, b)]
        both_words = len(a) >= 2 and len(b) >= 2 and all(halves)
        if joined_freq is None:  # no word list: the document's words only
            if both_words:
                return Decision(False, f'"{prefix}" and "{suffix}" are both words', certain=False)
            return Decision(True, "automatic hyphenation (the hyphenation dictionary breaks there)")
        if 0 < joined_freq < RARE and both_words and min(len(a), len(b)) >= 3:
            return Decision(True, f'"{prefix}{suffix}" is an English word, and so are "{prefix}" and "{suffix}"',
                            certain=False)
        if joined_freq > 0:
            return Decision(True, f'"{prefix}{suffix}" is an English word')
        if both_words:
            return Decision(False, f'"{prefix}{suffix}" is not an English word; "{prefix}" and "{suffix}" are')
        return Decision(True, "automatic hyphenation (the hyphenation dictionary breaks there)")


def split_at_hyphen(before: str, after: str) -> tuple[str, str] | None:
    """``("provi", "sions")`` when ``before`` ends with letters and a hyphen and ``after`` starts
    with a letter; None otherwise."""
    if not before or before[-1] not in HYPHENS:
        return None
    m = re.search(r"([^\W\d_]+)$", before[:-1])
    n = re.match(r"([^\W\d_]+)", after)
    if not m or not n:
        return None
    return m.group(1), n.group(1)
