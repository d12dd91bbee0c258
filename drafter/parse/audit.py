"""The word audit that ends every parse: nothing of the source is lost, nothing doubled.

The words of the source (runs of letters: digits, footnote markers, punctuation and ``*``
italics do not count, so glued markers and numbering do not disturb it) must be, as a
multiset, exactly the words of the model's places: its paragraphs (with their sub-paragraph
labels), its footnotes and its furniture list (masthead, page furniture, headings, the meeting
line). A line set aside as masthead or furniture that reads like a paragraph counts as lost,
so a preamble taken for masthead cannot pass.

It costs two ``Counter``\\ s over the words of one edition (a few hundred microseconds); the
result is part of the parse, so the parse cache keeps it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from drafter.model.resolution import Audit, Footnote, Paragraph, iter_subparagraphs

# letters only: not digits, not superscript digits (markers), not "_". ASCII runs first (the
# fast path: most of an English text); other letters in runs of their own ("Côte" is "C", "ô",
# "te" on both sides alike, which is all a comparison needs)
WORDS = re.compile(r"[A-Za-z]+|[^\W\d_\x00-\x7f⁰¹²³⁴⁵⁶⁷⁸⁹]+")


class _Line(Protocol):
    text: str
    start: int


def _snippet(text: str, width: int = 70) -> str:
    t = " ".join(text.replace("*", "").split())
    return t if len(t) <= width else t[: width - 3] + "..."


def audit_words(
    source_lines: Sequence[_Line],
    paragraphs: Iterable[Paragraph],
    footnotes: Iterable[Footnote],
    furniture: Iterable[tuple[str, str]],
    *,
    suspects: Sequence[tuple[int, str, str]] = (),
    locate: Callable[[int], str] | None = None,
    numbering: str | None = None,
    opening: bool = True,
) -> Audit:
    """Audit a parse: ``source_lines`` are the source's lines as read; the rest is the model.
    ``suspects``: (offset in the source, text, why) of text the model holds in the wrong place
    (a paragraph read as masthead, operative paragraphs inside a footnote): counted as lost."""
    where = locate or (lambda off: f"char {off}")
    # one findall over each side, joined: the cost of the audit is two passes of a regex
    source = Counter(WORDS.findall("\n".join([ln.text for ln in source_lines])))
    parts = [p.full_text() for p in paragraphs]
    parts += [fn.text for fn in footnotes]
    parts += [text for _kind, text in furniture]
    model = Counter(WORDS.findall("\n".join(parts)))
    lost: list[str] = []
    same = source == model  # the usual case, compared in C
    missing = Counter() if same else source - model
    if missing:
        lost.append(_describe(missing, source, source_lines, where, "are in no paragraph, footnote or furniture line"))
    for offset, text, why in suspects:
        n = len(WORDS.findall(text))
        lost.append(f"{where(offset)}: {n} words {why}: {_snippet(text)!r}")
    doubled: list[str] = []
    extra = Counter() if same else model - source
    if extra:
        words = sorted(extra, key=lambda w: (-extra[w], w))[:8]
        doubled.append(
            f"{sum(extra.values())} words are in the model more often than in the source "
            f"({', '.join(repr(w) for w in words)})"
        )
    return Audit(
        words=sum(source.values()),
        lost=tuple(lost),
        doubled=tuple(doubled),
        numbering=numbering,
        opening=opening,
    )


def _describe(
    missing: Counter[str],
    source: Counter[str],
    lines: Sequence[_Line],
    where: Callable[[int], str],
    what: str,
) -> str:
    """``N words of the source <what> (first at <where>: '<line>')``: the place is the first line
    holding a word every occurrence of which is missing (else the first with a missing word)."""
    whole = {w for w, n in missing.items() if n == source[w]}
    first = None
    for ln in lines:
        ws = set(WORDS.findall(ln.text))
        if ws & whole:
            first = ln
            break
    if first is None:
        first = next((ln for ln in lines if set(WORDS.findall(ln.text)) & set(missing)), None)
    sample = ", ".join(repr(w) for w in sorted(missing, key=lambda w: (-missing[w], w))[:6])
    at = f"; first at {where(first.start)}: {_snippet(first.text)!r}" if first is not None else ""
    return f"{sum(missing.values())} words of the source {what} ({sample}{at})"


__all__ = ["WORDS", "audit_words"]


def cut_short(operative: Sequence[Paragraph]) -> str | None:
    """What is wrong when the text stops inside its last operative paragraph (a resolution ends
    with a full stop, not mid-sentence: a truncated download), else None."""
    if not operative:
        return None
    last = operative[-1]
    subs = list(iter_subparagraphs(last.subparagraphs))
    closing = (subs[-1].text if subs else last.text).rstrip().rstrip("\"'”’)]*")
    if not closing or not closing[-1].isalnum():
        return None
    # a word or two after the last full stop is an addition ("... session. Rev"), not a cut
    if len(re.split(r"[.;]\s", closing)[-1].split()) < 3 and re.search(r"[.;]\s", closing):
        return None
    return (
        f"the text stops inside operative paragraph {last.number or len(operative)} "
        f"(... {closing[-40:]!r}, no closing full stop): the file may be cut short; give the whole text"
    )
