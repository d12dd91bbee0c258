"""A series: the editions of one recurring resolution, in session order, and what they say
about each other.

Built from a :class:`~drafter.corpus.folder.Corpus` by :func:`build_series`:

- **title**: the most common title among the editions; an untitled edition (a PDF extraction
  without masthead, like A/RES/60/156) gets it as an inferred field;
- **symbols**: an edition without a symbol, of session S adopted on D, gets ``A/RES/S/N`` when a
  later edition recalls "its resolution S/N of D";
- **period**: how many sessions pass between editions, from what the latest edition says
  ("decides to continue its consideration ... at its Nth session", "not later than at its Nth
  session", "to include in the provisional agenda of its Nth session", "for a further period of
  five years"), else the most common difference between consecutive sessions; with the evidence;
- **gaps**: sessions between consecutive editions at which, by the period, an edition was due
  but none is in the corpus (and, where a later edition cites it, the symbol it had).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from drafter.citations.sessions import (
    DATE_PATTERN,
    ORDINAL_PATTERN,
    format_un_date,
    parse_ordinal,
    parse_un_date,
)
from drafter.corpus.folder import Corpus, Edition, normalize_symbol, session_of_symbol
from drafter.model.resolution import Resolution

_ORD = r"(" + ORDINAL_PATTERN + r")"
# (pattern, how the Nth session is named in the evidence)
_NEXT_SESSION = (
    re.compile(
        r"\b(?:decides|decided)\b[^.;]*?\bcontinue\b[^.;]*?\bat its " + _ORD + r" session",
        re.IGNORECASE,
    ),
    re.compile(r"\bnot later than at its " + _ORD + r" session", re.IGNORECASE),
    re.compile(r"\bprovisional agenda of its " + _ORD + r" session", re.IGNORECASE),
    # "Decides to consider the question at its seventy-first session", "to review ... at its ..."
    re.compile(
        r"\b(?:decides|decided)\s+(?:also\s+|further\s+)?to\s+(?:consider|examine|review|take\s+up|resume|keep|include)\b"
        r"[^.;]*?\bat its " + _ORD + r" session",
        re.IGNORECASE,
    ),
)
# "Decides to consider the question biennially / on a triennial basis / every five years"
_BASIS = re.compile(
    r"\b(?:decides|decided)\b[^.;]*?\b(?:consider|examine|review|take\s+up|address)\b[^.;]*?"
    r"\b(?:on\s+an?\s+(annual|biennial|triennial|quadrennial|quinquennial)\s+basis"
    r"|(annually|biennially|triennially)|every\s+(two|three|four|five)\s+years)\b",
    re.IGNORECASE,
)
_BASIS_SESSIONS = {
    "annual": 1, "biennial": 2, "triennial": 3, "quadrennial": 4, "quinquennial": 5,
    "annually": 1, "biennially": 2, "triennially": 3, "two": 2, "three": 3, "four": 4, "five": 5,
}  # fmt: skip
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10,
}  # fmt: skip
_FURTHER_PERIOD = re.compile(
    r"\bfor a(?: further)? period of (one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2}) years?\b",
    re.IGNORECASE,
)
_RECALLED = re.compile(
    r"\bresolutions?\s+(\d{1,3})/(\d{1,4})\s+of\s+(" + DATE_PATTERN + r")", re.IGNORECASE
)


@dataclass(frozen=True)
class Period:
    sessions: int | None
    evidence: str
    source: str  # "text", "sessions" or "none"


@dataclass(frozen=True)
class Series:
    slug: str
    title: str | None
    editions: tuple[Edition, ...]  # by session; editions of unknown session last
    period: Period
    gaps: tuple[int, ...]
    cited_missing: tuple[tuple[int, str, str], ...] = ()  # (session, symbol, cited by)
    warnings: tuple[str, ...] = field(default=())

    @property
    def latest(self) -> Edition | None:
        dated = [ed for ed in self.editions if ed.session is not None]
        return dated[-1] if dated else (self.editions[-1] if self.editions else None)

    @property
    def sessions(self) -> tuple[int, ...]:
        return tuple(ed.session for ed in self.editions if ed.session is not None)

    @property
    def next_due(self) -> int | None:
        """The session at which the next edition is due, by the period."""
        latest = self.latest
        if latest is None or latest.session is None or not self.period.sessions:
            return None
        return latest.session + self.period.sessions

    def edition(self, session: int) -> Edition | None:
        for ed in self.editions:
            if ed.session == session:
                return ed
        return None

    def to_dict(self) -> dict[str, Any]:
        latest = self.latest
        return {
            "slug": self.slug,
            "title": self.title,
            "editions": [_edition_dict(ed) for ed in self.editions],
            "period": {
                "sessions": self.period.sessions,
                "evidence": self.period.evidence,
                "source": self.period.source,
            },
            "gaps": list(self.gaps),
            "cited_missing": [
                {"session": s, "symbol": sym, "cited_by": by} for s, sym, by in self.cited_missing
            ],
            "latest": latest.symbol if latest else None,
            "next_due": self.next_due,
            "warnings": list(self.warnings),
        }


def _edition_dict(ed: Edition) -> dict[str, Any]:
    r = ed.resolution
    return {
        "symbol": r.symbol,
        "session": r.session,
        "adopted": r.adopted.isoformat() if r.adopted else None,
        "file": ed.path.name,
        "format": r.format,
        "inferred": {k: v for k, v in r.inferred},
    }


def _add_inferred(res: Resolution, name: str, evidence: str, **changes: Any) -> Resolution:
    inferred = tuple((k, v) for k, v in res.inferred if k != name) + ((name, evidence),)
    return replace(res, inferred=inferred, **changes)


def _order(editions: list[Edition]) -> list[Edition]:
    return sorted(
        editions,
        key=lambda ed: (
            ed.session is None,
            ed.session or 0,
            ed.resolution.adopted or _dt.date.min,
            ed.path.name,
        ),
    )


def _label(ed: Edition) -> str:
    return ed.symbol or ed.path.name


def _infer_symbols(editions: list[Edition], warnings: list[str]) -> list[Edition]:
    """Give a symbol to an edition that has none when a later edition recalls it by session
    and date of adoption; check the others against what later editions say."""
    out = list(editions)
    for i, ed in enumerate(out):
        r = ed.resolution
        if r.session is None or r.adopted is None:
            continue
        for later in out[i + 1 :]:
            if later.session is None or later.session <= r.session:
                continue
            hit = _recalled(later.resolution, r.session, r.adopted)
            if hit is None:
                continue
            number, where = hit
            symbol = f"A/RES/{r.session}/{number}"
            if r.symbol is None:
                evidence = (
                    f"{_label(later)}, {where}, recalls its resolution {r.session}/{number} "
                    f"of {format_un_date(r.adopted)}"
                )
                out[i] = replace(ed, resolution=_add_inferred(r, "symbol", evidence, symbol=symbol))
            elif normalize_symbol(r.symbol) != symbol:
                warnings.append(
                    f"{ed.path.name} has the symbol {r.symbol}, but {_label(later)} recalls "
                    f"resolution {r.session}/{number} of {format_un_date(r.adopted)}"
                )
            break
    return out


def _recalled(res: Resolution, session: int, adopted: _dt.date) -> tuple[int, str] | None:
    for p, where in _paragraphs(res):
        for m in _RECALLED.finditer(p):
            if int(m.group(1)) != session:
                continue
            try:
                if parse_un_date(m.group(3)) != adopted:
                    continue
            except ValueError:
                continue
            return int(m.group(2)), where
    return None


def _paragraphs(res: Resolution) -> list[tuple[str, str]]:
    out = [(p.full_text(), f"preambular paragraph {i}") for i, p in enumerate(res.preamble, 1)]
    out += [(p.full_text(), f"operative paragraph {p.number}") for p in res.operative]
    return out


def _infer_titles(editions: list[Edition], title: str | None) -> list[Edition]:
    if not title:
        return editions
    out = []
    for ed in editions:
        if not ed.resolution.title:
            res = _add_inferred(
                ed.resolution, "title", "from the series' other editions", title=title
            )
            ed = replace(ed, resolution=res)
        out.append(ed)
    return out


def period_statement(res: Resolution) -> tuple[int, str] | None:
    """What an edition says about when the question comes back: (sessions, evidence)."""
    if res.session is not None:
        for p in reversed(res.operative):
            text = p.full_text()
            for pattern in _NEXT_SESSION:
                m = pattern.search(text)
                if not m:
                    continue
                try:
                    nth = parse_ordinal(m.group(1))
                except ValueError:
                    continue
                if nth <= res.session:
                    continue
                quote = _quote(text, m.start(), m.end())
                return nth - res.session, (
                    f'{_who(res)}, operative paragraph {p.number}: "{quote}" '
                    f"(session {res.session} to {nth})"
                )
    for p in reversed(res.operative):
        text = p.full_text()
        m = _BASIS.search(text)
        if m:
            word = next(g for g in m.groups() if g).lower()
            quote = _quote(text, m.start(), m.end())
            return _BASIS_SESSIONS[word], f'{_who(res)}, operative paragraph {p.number}: "{quote}"'
    for p in reversed(res.operative):
        text = p.full_text()
        m = _FURTHER_PERIOD.search(text)
        if m:
            word = m.group(1).lower()
            years = _NUMBER_WORDS.get(word) or int(word)
            quote = _quote(text, m.start(), m.end())
            return years, f'{_who(res)}, operative paragraph {p.number}: "{quote}"'
    return None


def _who(res: Resolution) -> str:
    return res.symbol or (f"the edition of session {res.session}" if res.session else "an edition")


def _quote(text: str, start: int, end: int, limit: int = 90) -> str:
    """The sentence-ish stretch around a match, shortened with an ellipsis."""
    s = max(text.rfind(";", 0, start), text.rfind(":", 0, start)) + 1
    piece = text[s:end].strip()
    if len(piece) > limit:
        piece = "... " + text[max(s, end - limit) : end].strip()
    return piece


def recall_period(res: Resolution) -> tuple[int, str] | None:
    """What an edition's recall of its own earlier editions says about the period: the session
    of the series' edition it recalls ("Reaffirms its resolution 68/12" in the session-69 text:
    1), or the spacing of the editions a list of its resolutions names ("its resolutions 58/17,
    61/23 and 64/30" in the session-67 text: 3). Only resolutions adopted in the last months of
    their session's year count (the series' editions), and only the nearest one."""
    from drafter.citations.recall import find_recall_lists
    from drafter.citations.sessions import adopted_during

    s = res.session
    if s is None:
        return None
    for text, where in _paragraphs(res):
        for fl in find_recall_lists(text):
            if fl.owner == "other":
                continue
            every = [i.session for i in fl.value.items if i.session is not None and i.session < s]
            if len(every) < 2 or not 0 < s - every[-1] <= 6:
                continue
            k = s - every[-1]
            sessions = [every[-1]]  # the run of items one period apart, back from the latest
            for prev in reversed(every[:-1]):
                if sessions[0] - prev != k:
                    break
                sessions.insert(0, prev)
            if len(sessions) >= 2:
                quote = text[fl.start : fl.end]
                return k, (
                    f'{_who(res)}, {where}: "{quote[:90]}" (editions of sessions '
                    f"{', '.join(map(str, sessions))}, then {s}: one every {k})"
                )
    best: tuple[int, str] | None = None
    for text, where in _paragraphs(res):
        for m in _OWN_RECALL.finditer(text):
            cited, adopted = int(m.group(1)), m.group(3)
            try:
                d = parse_un_date(adopted)
            except ValueError:
                continue
            if not (s - 6 < cited < s) or not adopted_during(cited, d):
                continue
            k = s - cited
            if best is None or k < best[0]:
                best = (k, f'{_who(res)}, {where}: "{m.group(0)}" (an edition of session {cited}, recalled at session {s})')
    return best


_OWN_RECALL = re.compile(
    r"\b(?:[Rr]eaffirm\w*|[Rr]ecall\w*)\s+(?:also\s+|further\s+)?its\s+resolution\s+(\d{1,3})/(\d{1,4})\s+of\s+("
    + DATE_PATTERN + r")"
)


def _spacing(dated: list[Edition]) -> Period | None:
    diffs = [b.session - a.session for a, b in zip(dated, dated[1:], strict=False)]  # type: ignore[operator]
    diffs = [d for d in diffs if d > 0]
    if not diffs:
        return None
    counts = Counter(diffs)
    best = max(counts.items(), key=lambda kv: (kv[1], -kv[0]))[0]
    return Period(
        best,
        f"the most common interval between the sessions of the editions "
        f"({', '.join(str(ed.session) for ed in dated)}): {best} ({counts[best]} of {len(diffs)})",
        "sessions",
    )


def _period(editions: list[Edition], warnings: list[str] | None = None) -> Period:
    """The period from the texts first (what the latest edition that says so decides, then what
    its recall of earlier editions shows), the spacing of the editions in the corpus only as a
    last resort; when the texts and the spacing disagree, a warning names both."""
    dated = [ed for ed in editions if ed.session is not None]
    text: Period | None = None
    for k, ed in enumerate(reversed(dated)):
        stated = period_statement(ed.resolution)
        if stated:
            later = " (an earlier edition; the latest says nothing)" if k else ""
            text = Period(stated[0], stated[1] + later, "text")
            break
    if text is None:
        for k, ed in enumerate(reversed(dated)):
            recalled = recall_period(ed.resolution)
            if recalled:
                later = " (an earlier edition; the latest says nothing)" if k else ""
                text = Period(recalled[0], recalled[1] + later, "text")
                break
    spacing = _spacing(dated)
    if text is not None:
        diffs = {b.session - a.session for a, b in zip(dated, dated[1:], strict=False)}  # type: ignore[operator]
        # irregular spacing that includes the stated period is gaps, not a conflict
        if spacing is not None and text.sessions not in diffs and warnings is not None:
            warnings.append(
                f"the texts give a period of {text.sessions} session{'s' if text.sessions != 1 else ''} "
                f"({text.evidence}), the spacing of the editions in the corpus {spacing.sessions} "
                f"({spacing.evidence}): the texts are followed; editions may be missing from the corpus"
            )
        return text
    if spacing is not None:
        return spacing
    if dated:
        return Period(None, "one edition, which does not say when the question comes back", "none")
    return Period(None, "no edition with a known session", "none")


def _gaps(editions: list[Edition], period: int | None) -> tuple[int, ...]:
    if not period or period < 1:
        return ()
    sessions = sorted({ed.session for ed in editions if ed.session is not None})
    gaps: list[int] = []
    for a, b in zip(sessions, sessions[1:], strict=False):
        s = a + period
        while s < b:
            gaps.append(s)
            s += period
    return tuple(gaps)


def _cited_missing(
    editions: list[Edition], gaps: tuple[int, ...]
) -> tuple[tuple[int, str, str], ...]:
    """For each gap, the symbol of the missing edition when a later edition recalls
    "its resolution S/N" of that session (the series' own earlier resolution)."""
    out: list[tuple[int, str, str]] = []
    for gap in gaps:
        for ed in editions:
            if ed.session is None or ed.session <= gap:
                continue
            found = None
            for text, where in _paragraphs(ed.resolution):
                for m in re.finditer(r"\bits resolutions?\s+(\d{1,3})/(\d{1,4})\b", text):
                    if int(m.group(1)) == gap:
                        found = (gap, f"A/RES/{gap}/{m.group(2)}", f"{_label(ed)}, {where}")
                        break
                if found:
                    break
            if found:
                out.append(found)
                break
    return tuple(out)


def make_series(slug: str, editions: list[Edition]) -> Series:
    warnings: list[str] = []
    ordered = _order(editions)
    titles = Counter(ed.resolution.title for ed in ordered if ed.resolution.title)
    title = titles.most_common(1)[0][0] if titles else None
    if len(titles) > 1:
        others = ", ".join(repr(t) for t in titles if t != title)
        warnings.append(
            f"editions carry different titles; the most common is used (others: {others})"
        )
    ordered = _infer_titles(ordered, title)
    ordered = _infer_symbols(ordered, warnings)
    for ed in ordered:
        # what the word audit found wrong in an edition is said by every command that reads it
        for problem in ed.resolution.problems():
            warnings.append(f"{ed.path.name}: {problem} (drafter parse shows where)")
        if ed.session is None:
            warnings.append(
                f"{ed.path.name}: its session is unknown, so it is left out of gaps and period"
            )
        elif (s := session_of_symbol(ed.symbol)) is not None and s != ed.session:
            warnings.append(
                f"{ed.path.name}: the symbol {ed.symbol} is of session {s}, the text of {ed.session}"
            )
    seen = Counter(ed.session for ed in ordered if ed.session is not None)
    for session, n in sorted(seen.items()):
        if n > 1:
            warnings.append(f"{n} editions of session {session}")
    period = _period(ordered, warnings)
    gaps = _gaps(ordered, period.sessions)
    return Series(
        slug=slug,
        title=title,
        editions=tuple(ordered),
        period=period,
        gaps=gaps,
        cited_missing=_cited_missing(ordered, gaps),
        warnings=tuple(warnings),
    )


def build_series(corpus: Corpus) -> list[Series]:
    """Every series of the corpus (folders without editions are left out), by slug."""
    return [make_series(slug, eds) for slug, eds in sorted(corpus.by_series().items()) if eds]


def find_series(corpus: Corpus, slug: str) -> Series | None:
    eds = corpus.series_editions(slug)
    return make_series(slug, eds) if eds else None


__all__ = [
    "Period",
    "Series",
    "build_series",
    "find_series",
    "make_series",
    "period_statement",
]
