"""The text level of a comparison: word-level spans between two texts, and their causes.

:func:`word_diff` gives the smallest spans (``equal``, ``delete``, ``insert``) that turn one
text into the other, exactly (white space included); footnote markers ``[^k]`` are words of
their own. :func:`with_causes` gives each run of changes a ``cause`` when drafter's citation
layer (:mod:`drafter.citations`) can tell why: a session ordinal moved by N sessions, the
citation of the previous edition updated or added to a recall list, another body's act or an
Official Records reference updated, a date moved by N years, a cross-reference that follows
the renumbering of the operative paragraphs. Used by :mod:`drafter.editor.compare`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from drafter.citations.sessions import format_un_date, ordinal_word
from drafter.citations.symbols import (
    DateMention,
    Found,
    OfficialRecords,
    ResolutionCitation,
    SessionMention,
    find_citations,
)
from drafter.model.resolution import Resolution

Op = Literal["equal", "delete", "insert"]

MARKER = re.compile(r"\[\^(\d+)\]")

# a footnote marker, a word (hyphenated and apostrophised ones whole) or one other character,
# each with the white space before it; trailing white space last: joined, they give the text
_TOKEN = re.compile(r"\s*(?:\[\^\d+\]|\w+(?:[-'’]\w+)*|[^\w\s])|\s+$")
_GLUE = frozenset("a an and as at by for from in into its of on or the their to with".split())


# --- word diff --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """``equal`` text (in both), ``delete`` (OLD only) or ``insert`` (NEW only). ``cause`` is
    the comment on the change the span belongs to ("" when unknown or for equal text)."""

    op: Op
    text: str
    cause: str = ""


def tokens(text: str) -> list[str]:
    out = _TOKEN.findall(text)
    if "".join(out) != text:  # cannot happen with the pattern above; never lose a character
        return [text] if text else []
    return out


def word_diff(old: str, new: str) -> tuple[Span, ...]:
    """The smallest word-level spans turning `old` into `new`, exactly: joining ``equal`` and
    ``delete`` gives `old`, ``equal`` and ``insert`` gives `new` (white space included).

    A single word, or two small words ("of the"), left equal between two changes is folded
    into them, so that "67/169 of 20 December 2012" -> "68/160 of 18 December 2013" reads as one
    deletion and one insertion rather than five of each."""
    if old == new:
        return (Span("equal", old),) if old else ()
    a, b = tokens(old), tokens(new)
    sm = difflib.SequenceMatcher(None, [t.strip() for t in a], [t.strip() for t in b],
                                 autojunk=False)
    ops: list[tuple[str, list[str], list[str]]] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        ta, tb = a[i1:i2], b[j1:j2]
        if tag != "equal":
            ops.append(("replace", ta, tb))
            continue
        # equal words with different spacing before them: the spacing is the change
        for x, y in zip(ta, tb, strict=True):
            parts = [("equal", x, y)]
            if x != y:
                kx, ky = x.lstrip(), y.lstrip()
                parts = [("replace", x[:len(x) - len(kx)], y[:len(y) - len(ky)]),
                         ("equal", kx, ky)]
            for kind, px, py in parts:
                if ops and ops[-1][0] == kind:
                    ops[-1][1].append(px)
                    ops[-1][2].append(py)
                else:
                    ops.append((kind, [px], [py]))
    merged: list[tuple[str, list[str], list[str]]] = []
    for k, (kind, ta, tb) in enumerate(ops):
        keys = [t.strip() for t in ta]
        short = len(ta) == 1 or (len(ta) == 2 and all(x.lower() in _GLUE or not x.isalnum()
                                                       for x in keys))
        if (kind == "equal" and short and merged and merged[-1][0] != "equal"
                and k + 1 < len(ops) and ops[k + 1][0] != "equal"
                and not any(MARKER.fullmatch(x) for x in keys)):
            kind = "replace"
        if merged and kind != "equal" and merged[-1][0] != "equal":
            merged[-1][1].extend(ta)
            merged[-1][2].extend(tb)
        else:
            merged.append((kind, list(ta), list(tb)))
    out: list[Span] = []
    for kind, ta, tb in merged:
        if kind == "equal":
            out.append(Span("equal", "".join(ta)))
            continue
        d, i = "".join(ta), "".join(tb)
        lead = 0  # white space both sides start with stays outside the change
        while lead < min(len(d), len(i)) and d[lead] == i[lead] and d[lead].isspace():
            lead += 1
        if lead:
            out.append(Span("equal", d[:lead]))
        if d[lead:]:
            out.append(Span("delete", d[lead:]))
        if i[lead:]:
            out.append(Span("insert", i[lead:]))
    return tuple(_join_equal(out))


def _join_equal(spans: Iterable[Span]) -> list[Span]:
    out: list[Span] = []
    for s in spans:
        if not s.text:
            continue
        if out and out[-1].op == s.op and out[-1].cause == s.cause:
            out[-1] = Span(s.op, out[-1].text + s.text, s.cause)
        else:
            out.append(s)
    return out


def old_text(spans: Iterable[Span]) -> str:
    return "".join(s.text for s in spans if s.op != "insert")


def new_text(spans: Iterable[Span]) -> str:
    return "".join(s.text for s in spans if s.op != "delete")


def groups(spans: Sequence[Span]) -> list[tuple[int, int]]:
    """(start, end) indices of each run of changed spans (a change: deletion and/or insertion)."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        if spans[i].op == "equal":
            i += 1
            continue
        j = i
        while j < len(spans) and spans[j].op != "equal":
            j += 1
        out.append((i, j))
        i = j
    return out


# --- causes ---------------------------------------------------------------------------------


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if abs(n) == 1 else 's'}"


def _overlapping(found: Sequence[Found], start: int, end: int) -> list[Found]:
    if start == end:  # an insertion point: what it touches
        return [f for f in found if f.start <= start <= f.end]
    return [f for f in found if f.start < end and start < f.end]


def _cause(o: Found | None, n: Found | None, old_res: Resolution, new_res: Resolution,
           renumber: dict[int, int]) -> str:
    """Why citation `o` (in OLD) became `n` (in NEW), when the citation layer can tell."""
    if o is None or n is None or o.kind != n.kind:
        if n is not None and n.kind == "resolution" and isinstance(n.value, ResolutionCitation):
            return _cites_previous(n.value, old_res) or ""
        return ""
    ov, nv = o.value, n.value
    if isinstance(ov, SessionMention) and isinstance(nv, SessionMention):
        k = nv.session - ov.session
        if not k:
            return ""
        gap = ((new_res.session - old_res.session)
               if new_res.session is not None and old_res.session is not None else None)
        step = " (as the editions did)" if gap == k else ""
        return (f"session moved by {_plural(k, 'session')}{step}: "
                f"{ordinal_word(ov.session)} -> {ordinal_word(nv.session)}")
    if isinstance(ov, ResolutionCitation) and isinstance(nv, ResolutionCitation):
        prev = _cites_previous(nv, old_res)
        if prev:
            return prev
        if ov.body == nv.body and ov.resolution != nv.resolution:
            body = {"GA": "General Assembly", "HRC": "Human Rights Council",
                    "CHR": "Commission on Human Rights", "ECOSOC": "Economic and Social Council",
                    "SubCommission": "Sub-Commission"}.get(ov.body, "")
            what = f"{body} resolution" if body else "resolution"
            if ov.body == "GA":
                return f"citation of a General Assembly resolution updated: {ov.format()} -> {nv.format()}"
            return f"another body's act updated ({what}): {ov.format()} -> {nv.format()}"
        if ov.resolution == nv.resolution and ov.date != nv.date:
            return "date of the cited resolution corrected"
        return ""
    if isinstance(ov, OfficialRecords) and isinstance(nv, OfficialRecords):
        if ov.session is not None and nv.session is not None and ov.session != nv.session:
            return (f"Official Records reference updated by "
                    f"{_plural(nv.session - ov.session, 'session')}: {nv.symbol.format()}")
        return "Official Records reference updated"
    if isinstance(ov, DateMention) and isinstance(nv, DateMention):
        years = nv.date.year - ov.date.year
        if years and (nv.date.month, nv.date.day) == (ov.date.month, ov.date.day):
            return f"date moved by {_plural(years, 'year')}"
        return ""
    if o.kind == "symbol" and n.kind == "symbol":
        return f"document symbol updated: {o.text} -> {n.text}"
    return ""


def _cites_previous(nv: ResolutionCitation, old_res: Resolution) -> str:
    """NEW cites OLD itself: the citation of the previous edition was updated."""
    if nv.body != "GA" or old_res.number is None:
        return ""
    try:
        same = nv.resolution.format() == ResolutionCitation.parse(old_res.number).resolution.format()
    except ValueError:
        return ""
    if not same:
        return ""
    date = ""
    if old_res.adopted is not None:
        date = f", adopted {format_un_date(old_res.adopted)}"
        if nv.date is not None and nv.date != old_res.adopted:
            date += f" (NEW says {format_un_date(nv.date)})"
    return f"{_PREVIOUS}: {old_res.symbol or old_res.number}{date}"


_PREVIOUS = "citation of the previous edition updated"


_PARA_REF = re.compile(r"\bparagraphs?\s+(\d+)")


def with_causes(spans: Sequence[Span], old: str, new: str, old_res: Resolution,
                 new_res: Resolution, renumber: dict[int, int], *,
                 field_name: str | None = None) -> tuple[Span, ...]:
    """`spans` with a ``cause`` on each change the citation layer can explain."""
    fo, fn = find_citations(old), find_citations(new)
    out = list(spans)
    positions = []  # (old offset, new offset) at the start of each span
    po = pn = 0
    for s in spans:
        positions.append((po, pn))
        if s.op != "insert":
            po += len(s.text)
        if s.op != "delete":
            pn += len(s.text)
    positions.append((po, pn))
    for i, j in groups(spans):
        (so, sn), (eo, en) = positions[i], positions[j]
        cause = ""
        if field_name == "symbol":
            cause = f"symbol: {old_res.symbol} -> {new_res.symbol}"
        elif field_name in ("date", "adopted"):
            cause = "date of the edition"
        elif field_name == "distribution":
            cause = ("distribution follows the kind of document (L-document: Limited; "
                     "adopted resolution: General)")
        elif field_name == "title" and old_res.number != new_res.number and (
                (old_res.number or "") in old[so:eo] or (new_res.number or "") in new[sn:en]):
            cause = f"resolution number: {old_res.number or '(none)'} -> {new_res.number or '(none)'}"
        if not cause:
            olds: list[Found | None] = [*_overlapping(fo, so, eo)] or [None]
            news: list[Found | None] = [*_overlapping(fn, sn, en)] or [None]
            for o in olds:
                for n in news:
                    cause = _cause(o, n, old_res, new_res, renumber)
                    if cause:
                        break
                if cause:
                    break
        if not cause and renumber:
            cause = _renumbered_reference(old[max(0, so - 12):eo + 6], new[max(0, sn - 12):en + 6],
                                          renumber)
        if cause.startswith(_PREVIOUS) and eo == so:  # nothing deleted: a recall list grew
            cause = "previous edition added to the resolutions recalled" + cause[len(_PREVIOUS):]
        if cause:
            for k in range(i, j):
                out[k] = Span(out[k].op, out[k].text, cause)
    return tuple(out)


def _renumbered_reference(old: str, new: str, renumber: dict[int, int]) -> str:
    a = [int(x) for x in _PARA_REF.findall(old)]
    b = [int(x) for x in _PARA_REF.findall(new)]
    if a and len(a) == len(b) and all(renumber.get(x) == y for x, y in zip(a, b, strict=True)) \
            and a != b:
        return "cross-reference follows the renumbering of the operative paragraphs"
    return ""



__all__ = ["MARKER", "Op", "Span", "groups", "new_text", "old_text", "tokens", "with_causes",
           "word_diff"]
