"""Older layouts: paragraphs that run together on one line, as old web pages print them.

``The General Assembly, Recalling its resolution 1165 (XII) of ..., Noting ..., 1. Decides ...``
is cut into its paragraphs before the parser reads it. A line is cut only where a paragraph
must begin, never at a word that may open a paragraph but stands inside a sentence:

* after ``The General Assembly,`` (and before it, when a heading ``728 (VIII). Title`` runs on
  into it);
* at a known preambular opening word (:data:`drafter.parse.openers.PREAMBLE_OPENERS`,
  capitalised) right after a comma or semicolon (a footnote marker may stand between:
  ``rights, 1/ Recalling``), before the first operative paragraph only;
* at an operative number ``N.`` after ``,;:.``, when N is the next number (1 first, then 2 ...),
  followed by a capitalised word;
* at a sub-paragraph ``(a)`` after a colon, then ``(b)``, ``(c)`` ... after ``;`` or ``,``;
* before the meeting line ``54th plenary meeting``;
* before the notes printed after the text in the older styles (``1/ Resolution 217 A (III).``,
  ``[1] ...``): the last ``1/`` that stands after the end of a sentence, then ``2/`` ...

The cuts are character offsets into the line; the parser turns each piece into a line of its
own, so every word keeps its place in the source.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from drafter.parse.openers import opens_preamble, operative_opening

_MARK = r"(?:\d{1,3}/|\[\d{1,3}\]|[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\d{1,3})"
RE_GA_INLINE = re.compile(
    r"\bThe (?:General Assembly|Human Rights Council|Economic and Social Council|Commission on Human Rights)\s*,"
)
RE_GA_ANY = re.compile(
    r"(?m)^\W*The (?:General Assembly|Human Rights Council|Economic and Social Council|Commission on Human Rights)\b"
    r"|" + RE_GA_INLINE.pattern
)
_RE_GA_START = re.compile(
    r"^\W*The (?:General Assembly|Human Rights Council|Economic and Social Council|Commission on Human Rights)\b\W*"
)
# where a paragraph may begin inside a line: after punctuation (and maybe a footnote marker),
# an operative number, a sub-paragraph letter, the meeting line, or a capitalised word (a
# preambular opening word is checked in code)
_RE_EVENT = re.compile(
    r"(?P<punct>[,;:.])(?:\s*" + _MARK + r")?\s+"
    r"(?:(?P<op>\d{1,3})\.(?:\s+(?=[*_]?[A-Z])|\s*$)"
    r"|\((?P<sub>[a-z])\)(?:\s+(?=\S)|\s*$)"
    r"|(?P<meet>(?=\d{1,3}(?:st|nd|rd|th)\s+(?i:plenary\s+meeting)\b))"
    r"|(?=[*_]?[A-Z]))"
)
_RE_LEAD = re.compile(r"[\s*_]*(?:(?P<op>\d{1,3})\.\s|\((?P<sub>[a-z])\)\s)")
_RE_HEADING = re.compile(r"(?<=\S)\s+(?=(?:\d{1,4}\s?\([IVXL]+\)|\d{1,3}/\d{1,4})\.\s+[A-Z])")
_RE_NOTE = re.compile(r"(?<![\w/])(\d{1,3})/(?=\s|$)|\[(\d{1,3})\](?=\s|$)")


@dataclass
class State:
    """What the cutting has seen so far, in document order."""

    ga_seen: bool = False  # "The General Assembly," has been read (or the text has none)
    last_op: int = 0  # the last operative number cut or read at a line start
    last_sub: str | None = None
    after_meeting: bool = False
    last_note: int = 0  # the last note ("1/ ...") cut or read at a line start


def has_opening_line(text: str) -> bool:
    """Does the text hold a ``The General Assembly,`` line (or one run together with more)?"""
    return bool(RE_GA_ANY.search(text))


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def cuts(text: str, st: State) -> list[int]:
    """Offsets in ``text`` (one line) where a new paragraph, heading or note begins."""
    out: set[int] = set()
    body_from = 0
    if not st.ga_seen:
        m = RE_GA_INLINE.search(text) or _RE_GA_START.match(text)
        if m is None:
            for h in _RE_HEADING.finditer(text):
                out.add(h.end())
            return sorted(out)
        if text[: m.start()].strip():
            for h in _RE_HEADING.finditer(text, 0, m.start()):
                out.add(h.end())
            out.add(m.start())
        if text[m.end() :].strip():
            out.add(m.end())
        st.ga_seen = True
        body_from = m.end()
    # a paragraph or sub-paragraph that starts the line (or follows "The General Assembly,")
    lead = _RE_LEAD.match(text, body_from)
    if lead and lead.group("op") and int(lead.group("op")) == st.last_op + 1:
        st.last_op += 1
        st.last_sub = None
    elif lead and lead.group("sub") and st.last_op:
        want = "a" if st.last_sub is None else chr(ord(st.last_sub) + 1)
        if lead.group("sub") == want:
            st.last_sub = want
    last_cut = body_from
    for m in _RE_EVENT.finditer(text, body_from):
        if st.after_meeting:
            break
        punct = m.group("punct")
        if m.group("op") is not None:
            n = int(m.group("op"))
            rest = text[m.end() :]
            # "N." ends a wrapped line: its opening word is on the next line
            if n == st.last_op + 1 and (not rest.strip() or operative_opening(rest.lstrip("*_"))):
                pos = m.start("op")
                out.add(pos)
                st.last_op, st.last_sub, last_cut = n, None, pos
        elif m.group("sub") is not None:
            letter = m.group("sub")
            want = "a" if st.last_sub is None else chr(ord(st.last_sub) + 1)
            if punct != "." and st.last_op and letter == want and (punct == ":" or st.last_sub is not None):
                pos = m.start("sub") - 1
                out.add(pos)
                st.last_sub, last_cut = letter, pos
        elif m.group("meet") is not None:
            if punct != ":":
                out.add(m.end())
                last_cut = m.end()
                st.after_meeting = True
        elif punct in ",;" and st.last_op == 0 and opens_preamble(text[m.end() :].lstrip("*_")):
            out.add(m.end())
            last_cut = m.end()
    if st.last_op or st.after_meeting:
        notes = _note_cuts(text, last_cut, st.last_note + 1, line_end_ok=st.after_meeting)
        st.last_note += len(notes)
        out.update(notes)
    return sorted(p for p in out if 0 < p < len(text))


def _note_cuts(text: str, start: int, first: int = 1, *, line_end_ok: bool = False) -> list[int]:
    """Where the notes printed after the text begin (``1/ ...``, ``2/ ...``): the last ``1/``
    (or note ``first``, when earlier lines had notes) after ``start`` that follows the end of a
    sentence or starts the line, then each next number after it."""
    found: dict[int, list[int]] = {}
    for m in _RE_NOTE.finditer(text, start):
        n = int(m.group(1) or m.group(2))
        found.setdefault(n, []).append(m.start())
    if first not in found:
        return []

    def after_sentence(pos: int) -> bool:
        """The token at ``pos`` stands after the end of a sentence (or a date) and before a
        capital, a digit or a quote: a note, not a marker inside a sentence."""
        before = text[:pos].rstrip()
        after = re.match(r"\S+\s+(\S)", text[pos:])
        # the token ends the line (its note on the next line): only after the meeting line, where
        # nothing but notes stands; before it, "... Nations; [2]" is a marker ending a paragraph
        at_end = line_end_ok and not text[pos:].split(None, 1)[1:]
        if pos == 0:
            return after is not None or at_end
        return (
            len(before) < pos
            and (not before or before[-1] in '.)]"”’' or before[-1].isdigit())
            and (at_end or (after is not None and (after.group(1).isupper() or after.group(1).isdigit() or after.group(1) in "\"“'‘(")))
        )

    ones = [p for p in found[first] if after_sentence(p)]
    if not ones:
        return []
    out = [ones[-1]]
    n = first + 1
    while n in found:
        nxt = [p for p in found[n] if p > out[-1] and after_sentence(p)]
        if not nxt:
            break
        out.append(nxt[-1] if n + 1 not in found else min(nxt))
        n += 1
    return out


class _Line(Protocol):
    text: str
    start: int
    end: int


L = TypeVar("L", bound=_Line)


RE_GA_WRAPPED = re.compile(
    r"\bThe\s+(?:General\s+Assembly|Human\s+Rights\s+Council|Economic\s+and\s+Social\s+Council)\s*,"
)


def mend_wrapped_opening(lines: list[L], text: str, make: Callable[[str, int, int], L]) -> tuple[list[L], bool]:
    """A hard-wrapped text whose paragraphs run together can break the opening line itself
    ("... waterways The General" / "Assembly, Recalling ..."). Then the lines it spans become:
    the words before it, the opening line whole ("The General Assembly,", its source range
    spanning the line break), the words after it, each on a line of its own; (lines, True) when
    so mended; the word audit reads the source's own lines, so nothing is counted twice.
    ``make(text, start, end)`` builds a line of the caller's kind."""
    if has_opening_line(text):
        return lines, False
    m = next((x for x in RE_GA_WRAPPED.finditer(text) if "\n" in x.group(0)), None)
    if m is None:
        return lines, False
    out: list[L] = []
    placed = False
    for ln in lines:
        if ln.end < m.start() or ln.start > m.end():
            out.append(ln)
            continue
        if ln.start <= m.start():
            before = text[ln.start : m.start()].rstrip()
            if before.strip():
                out += [make(before, ln.start, ln.start + len(before)), make("", m.start(), m.start())]
        if not placed:
            out.append(make(" ".join(m.group(0).split()), m.start(), m.end()))
            placed = True
        if ln.end >= m.end():
            after = text[m.end() : ln.end]
            lead = len(after) - len(after.lstrip())
            if after.strip():
                out += [make("", m.end(), m.end()), make(after.strip(), m.end() + lead, m.end() + lead + len(after.strip()))]
    return out, True



def pieces(text: str, st: State) -> list[tuple[int, int]]:
    """``text`` cut at :func:`cuts`, as (start, end) spans without surrounding white space."""
    points = cuts(text, st)
    if not points:
        return [(0, len(text))]
    spans = []
    bounds = [0, *points, len(text)]
    for a, b in zip(bounds, bounds[1:], strict=False):
        a2, b2 = _strip(text, a, b)
        if a2 < b2:
            spans.append((a2, b2))
    return spans or [(0, len(text))]
