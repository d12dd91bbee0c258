"""Which series an edition belongs to: by title, else by content (issue 13.7).

Used by :func:`drafter.corpus.folder.add_edition` and by ``drafter add`` of a pile
(:mod:`drafter.corpus.pile`). Editions and the corpus are read through small protocols, so this
module imports nothing of :mod:`drafter.corpus.folder` (which re-exports :func:`match_series`).
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol, TypeVar

from drafter.model.resolution import Resolution

TITLE_MATCH = 90  # rapidfuzz token_sort_ratio for "same title"
PARAGRAPH_MATCH = 85  # rapidfuzz ratio for "same paragraph"
PARAGRAPH_SHARE = 0.5  # share of an edition's paragraphs that must match a series' edition
RETITLED_SHARE = 0.8  # the same when both titles exist and differ (a series renamed)


class _Edition(Protocol):
    @property
    def path(self) -> Path: ...
    @property
    def resolution(self) -> Resolution: ...
    @property
    def symbol(self) -> str | None: ...
    @property
    def session(self) -> int | None: ...


E = TypeVar("E", bound=_Edition)


class _Corpus(Protocol):
    def by_series(self) -> Mapping[str, Sequence[_Edition]]: ...


def most_common_title(editions: Sequence[_Edition]) -> str | None:
    titles = Counter(ed.resolution.title for ed in editions if ed.resolution.title)
    if not titles:
        return None
    return titles.most_common(1)[0][0]


def _latest(editions: Sequence[E]) -> E | None:
    dated = [ed for ed in editions if ed.session is not None]
    if not dated:
        return editions[-1] if editions else None
    return max(dated, key=lambda ed: (ed.session or 0, ed.resolution.adopted or _dt.date.min))


def match_series(corpus: _Corpus, res: Resolution) -> tuple[str | None, str]:
    """The series an edition belongs to, with the reason.

    By title (fuzzy) first. Else by content: the series whose edition nearest in session
    shares enough of its paragraphs (:data:`PARAGRAPH_SHARE` for an untitled edition or an
    untitled series; :data:`RETITLED_SHARE` when both have titles that differ, a series that
    changed its title). An untitled series that a titled edition joins takes its title (the
    series' title is its editions' most common title; the folder keeps its name)."""
    from rapidfuzz import fuzz

    groups = corpus.by_series()
    if res.title:
        best: tuple[float, str] | None = None
        for slug, eds in groups.items():
            title = most_common_title(eds)
            if not title:
                continue
            score = fuzz.token_sort_ratio(res.title.lower(), title.lower())
            if score >= TITLE_MATCH and (best is None or score > best[0]):
                best = (score, slug)
        if best:
            return best[1], f"its title matches the series' title ({best[0]:.0f}%)"
    found = match_by_content(groups, res)
    if found is not None:
        slug, share, other = found
        label = other.symbol or other.path.name
        why = f"{share:.0%} of its paragraphs match those of {label}"
        if res.title and not most_common_title(groups[slug]):
            why += "; the untitled series takes its title"
        elif res.title:
            why += f" (the series' title is {most_common_title(groups[slug])!r})"
        return slug, why
    if res.title:
        return None, "no series has a matching title or matching paragraphs"
    if not res.paragraphs:
        return None, "the text has no paragraphs"
    return None, "the text has no title and its paragraphs match no series"


def paragraph_share(res: Resolution, other: Resolution) -> float:
    """The share of ``res``'s paragraphs that match one of ``other``'s (rapidfuzz ratio at
    least :data:`PARAGRAPH_MATCH`)."""
    from rapidfuzz import fuzz, process

    texts = [p.full_text() for p in res.paragraphs]
    theirs = [p.full_text() for p in other.paragraphs]
    if not texts or not theirs:
        return 0.0
    hits = sum(
        1
        for t in texts
        if process.extractOne(t, theirs, scorer=fuzz.ratio, score_cutoff=PARAGRAPH_MATCH) is not None
    )
    return hits / len(texts)


def _nearest(eds: Sequence[E], session: int | None) -> E | None:
    if session is None:
        return _latest(eds)
    dated = [ed for ed in eds if ed.session is not None]
    if not dated:
        return _latest(eds)
    return min(dated, key=lambda ed: (abs((ed.session or 0) - session), -(ed.session or 0)))


def match_by_content(groups: Mapping[str, Sequence[E]], res: Resolution) -> tuple[str, float, E] | None:
    """(series, share, edition compared) for the series whose edition nearest in session shares
    the most of ``res``'s paragraphs, if enough (see :func:`match_series`); else None."""
    from rapidfuzz import fuzz

    best: tuple[float, str, E] | None = None
    for slug, eds in groups.items():
        other = _nearest(eds, res.session)
        if other is None:
            continue
        title = most_common_title(eds)
        need = PARAGRAPH_SHARE
        if res.title and title and fuzz.token_sort_ratio(res.title.lower(), title.lower()) < TITLE_MATCH:
            need = RETITLED_SHARE
        share = paragraph_share(res, other.resolution)
        if share >= need and (best is None or share > best[0]):
            best = (share, slug, other)
    return (best[1], best[0], best[2]) if best else None


__all__ = ["match_by_content", "match_series", "most_common_title", "paragraph_share"]
