"""Footnote markers: find them in text, take them out, remember where they were.

Markers come in two kinds of source:

* marked: Unicode superscripts (``1993,¹``) or ``[^1]`` — unambiguous;
* glued: plain digits stuck to a word, a year or punctuation, as PDF extraction and the UN
  document system's Word export give them: ``25 June 19931`` (1993 + marker 1),
  ``8 September 20002`` (2000 + marker 2), ``human rights,3``, ``1993, 1 for``.

Glued markers are resolved with what the document itself says: the footnotes it defines, and
that markers appear in increasing order of first appearance. For each footnote number in turn,
the first place after the previous marker where that number can stand as a marker is taken;
a year must stay a plausible year. What cannot be resolved is reported as a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafter.model.resolution import Marker

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = {c: str(i) for i, c in enumerate(SUPERSCRIPTS)}
_MARKED = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\[\^(\d+)\]")
_ABBREVIATIONS = {"no", "nos", "para", "paras", "chap", "sect", "art", "arts", "vol", "p", "pp", "op"}


def superscript(n: int) -> str:
    return "".join(SUPERSCRIPTS[int(d)] for d in str(n))


@dataclass(frozen=True)
class Unmarked:
    text: str
    markers: tuple[Marker, ...]


def strip_marked(text: str) -> Unmarked:
    """Remove superscript / ``[^n]`` markers, recording their offsets in the clean text."""
    out: list[str] = []
    markers: list[Marker] = []
    last = 0
    length = 0
    for m in _MARKED.finditer(text):
        chunk = text[last : m.start()]
        out.append(chunk)
        length += len(chunk)
        digits = m.group(1) or "".join(_SUP_TO_DIGIT[c] for c in m.group(0))
        markers.append(Marker(number=int(digits), offset=length))
        last = m.end()
    out.append(text[last:])
    return Unmarked("".join(out), tuple(markers))


def _token_around(text: str, i: int) -> str:
    s = i
    while s > 0 and not text[s - 1].isspace():
        s -= 1
    e = i
    while e < len(text) and not text[e].isspace():
        e += 1
    return text[s:e]


# Where a glued marker can stand, for any number (the caller keeps those of the number it
# wants): compiled once rather than once per marker number.
_AFTER_PUNCTUATION = re.compile(r"([,;:.)\]”’\"'])(\s?)(\d+)(?=\s|$|[,;.:])")
_AFTER_YEAR = re.compile(r"(?<![\d/])(1[89]\d\d|20\d\d)(\d{1,3})(?![\d/])")
_AFTER_WORD = re.compile(r"(?<=[a-z\)])(\d+)(?![\d/.])")


def _candidates(text: str, number: int, start: int) -> list[tuple[int, int, int]]:
    """Places where ``number`` can be a glued marker: (digits_start, digits_end, cut_start).

    ``cut_start``..``digits_end`` is what is removed (the digits, and a space before them when
    the marker stands apart after punctuation: ``1993, 1 for``).
    """
    d = str(number)
    rest = text[start:]
    found: list[tuple[int, int, int]] = []
    # 1. after punctuation, maybe with one space: "rights,3" "1993, 1 for" "Action,4 and"
    for m in _AFTER_PUNCTUATION.finditer(rest):
        if m.group(3) != d:
            continue
        ds, de = start + m.start(3), start + m.end(3)
        punct_at = start + m.start(1)
        if "/" in _token_around(text, punct_at):
            continue  # inside a document symbol: A/68/456/Add.2,
        before = text[:punct_at]
        word = re.search(r"([A-Za-z0-9]+)$", before)
        if word:
            w = word.group(1)
            if w.lower() in _ABBREVIATIONS:
                continue  # "No. 3"
            if w.isdigit() and len(w) <= 3:
                continue  # "paragraphs 3, 4 and 5"
        found.append((ds, de, ds - len(m.group(2))))
    # 2. glued to a year: "19931" = 1993 + 1
    for m in _AFTER_YEAR.finditer(rest):
        if m.group(2) != d:
            continue
        ds, de = start + m.start(2), start + m.end(2)
        found.append((ds, de, ds))
    # 3. glued to a word: "Declaration4"
    for m in _AFTER_WORD.finditer(rest):
        if m.group(1) != d:
            continue
        ds, de = start + m.start(1), start + m.end(1)
        if "/" in _token_around(text, ds):
            continue
        found.append((ds, de, ds))
    return sorted(set(found))


@dataclass(frozen=True)
class Resolved:
    texts: tuple[str, ...]
    markers: tuple[tuple[Marker, ...], ...]
    warnings: tuple[str, ...]


def resolve_glued(texts: list[str], numbers: list[int]) -> Resolved:
    """Find the markers of footnotes ``numbers`` (ascending) in ``texts`` (document order)."""
    work = list(texts)
    found: list[list[tuple[int, int]]] = [[] for _ in texts]  # (number, offset in clean text)
    warnings: list[str] = []
    unit, pos = 0, 0
    for number in sorted(numbers):
        hit = None
        u, p = unit, pos
        while u < len(work):
            cands = _candidates(work[u], number, p)
            if cands:
                hit = (u, cands[0])
                break
            u, p = u + 1, 0
        if hit is None:
            warnings.append(
                f"footnote {number}: no marker for it was found in the text after footnote "
                f"{number - 1}'s; it is kept, but its place in the text is unknown"
            )
            continue
        u, (ds, de, cut) = hit
        text = work[u]
        digits_len = de - cut
        work[u] = text[:cut] + text[de:]
        # earlier markers in this unit that sit after the cut move left
        found[u] = [(n, o - digits_len if o > cut else o) for n, o in found[u]]
        found[u].append((number, cut))
        unit, pos = u, cut
    markers = tuple(tuple(Marker(n, o) for n, o in sorted(f, key=lambda x: x[1])) for f in found)
    return Resolved(tuple(work), markers, tuple(warnings))


# Markers of the older styles: "Declaration 1/ and", "rights,1/", "rights, [1] and"; a number
# followed by "/" that is not part of a symbol (60/156, A/RES/1/) and is a footnote the text has.
_OLD_STYLE = re.compile(r"\s?(?<![\w/])(\d{1,3})/(?![\w/])|\s?\[(\d{1,3})\]")


def strip_old_style(text: str, numbers: set[int]) -> Unmarked:
    """Remove ``1/`` and ``[1]`` markers of footnotes ``numbers`` (with a space before them),
    recording their offsets in the clean text like :func:`strip_marked`."""
    out: list[str] = []
    markers: list[Marker] = []
    last = 0
    length = 0
    for m in _OLD_STYLE.finditer(text):
        n = int(m.group(1) or m.group(2))
        if n not in numbers:
            continue
        chunk = text[last : m.start()]
        out.append(chunk)
        length += len(chunk)
        markers.append(Marker(number=n, offset=length))
        last = m.end()
    out.append(text[last:])
    return Unmarked("".join(out), tuple(markers))
