"""Lists of resolutions recalled in one breath, as a value object of the citation layer.

``its resolutions 58/17 of 3 December 2003, 61/23 of 6 December 2006 and 64/30 of
2 December 2009`` is a :class:`RecallList`: the keyword (``resolutions``), the items (number as
written, date or none) and the separators between them (``", "``, ``" and "``, ``", and "``).
``parse(x.format()) == x``; anything else is a ValueError saying what was expected.

A series that comes back every two, three or five years often recalls every earlier edition in
such a list; the next edition appends the edition just adopted in the list's own style (dated
or not) and moves the conjunction: :meth:`RecallList.appended`. Items are never rewritten: the
change to the text is the separator before the old last item (``" and "`` -> ``", "``) and the
words inserted after it.

Which items are the series' own editions is decided by :func:`own_items` from what the corpus
holds (the item is an edition of this series) or from the series' period (its session falls on
the series' sessions, counted back from the base edition by the period); items of other
bodies or other series are never touched.

:func:`find_recall_lists` finds the lists of two or more items in a paragraph, with the offsets
of every item, so the roll-over can insert after the last one and keep the rest byte for byte
(or, for a list whose history shows it sliding, "A and B" then "B and C", drop the first).
:func:`known_editions` says what is known of each edition of a series: from the corpus, or from
a later edition that recalls it with its date.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Self

from drafter.citations.sessions import format_un_date, parse_un_date
from drafter.citations.symbols import _ITEM, GAResolution

_SEPARATOR = re.compile(r"\s*,\s*and\s+|\s*,\s*|\s+and\s+")
_ITEM_RE = re.compile(_ITEM)
_HEAD = re.compile(r"\b(?P<kw>[Rr]esolutions)\s+")
_NEXT = re.compile(r"(?P<sep>\s*,\s*(?:and\s+)?|\s+and\s+)" + _ITEM)
# what stands before "resolutions" when the list is the Assembly's own ("its resolutions",
# "its previous resolutions", "General Assembly resolutions")
_OWNER_ITS = re.compile(r"\b(?:[Ii]ts|General\s+Assembly)\s+(?:(?:previous|relevant|earlier|own)\s+)*$")
# another body named just before: "Human Rights Council resolutions 7/1 and 10/2"
_OWNER_OTHER = re.compile(
    r"\b(?:Council|Commission|Sub-?[Cc]ommission|Committee|Conference|Board|Organization|Forum|Programme|Fund|Union)"
    r"(?:\s+on\s+[\w\s]+?)?\s+$"
)


def _squash(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class RecallItem:
    """One item of a list: ``58/17 of 3 December 2003`` or ``2625 (XXV)`` (``number`` as
    written, squashed; ``date`` None when the list gives none)."""

    number: str
    date: _dt.date | None = None

    def __post_init__(self) -> None:
        m = _ITEM_RE.fullmatch(self.number)
        if not m or m["date"]:
            raise ValueError(f"not a resolution number: {self.number!r} (expected e.g. '58/17')")

    @classmethod
    def parse(cls, text: str) -> Self:
        s = _squash(text)
        m = _ITEM_RE.fullmatch(s)
        if not m:
            raise ValueError(f"not a recalled resolution: {text!r} (expected e.g. '58/17 of 3 December 2003')")
        return cls(m["num"], parse_un_date(m["date"]) if m["date"] else None)

    def format(self) -> str:
        return self.number + (f" of {format_un_date(self.date)}" if self.date else "")

    @property
    def session(self) -> int | None:
        """The General Assembly session of the item (58 for ``58/17``, 25 for ``2625 (XXV)``);
        None when it is not a General Assembly number."""
        try:
            return GAResolution.parse(self.number).session
        except ValueError:
            return None

    def __str__(self) -> str:
        return self.format()


@dataclass(frozen=True)
class RecallList:
    """``resolutions 58/17 of 3 December 2003, 61/23 of 6 December 2006 and 64/30 of 2 December
    2009``: ``keyword``, ``items`` and the ``separators`` between consecutive items."""

    items: tuple[RecallItem, ...]
    separators: tuple[str, ...]
    keyword: str = "resolutions"

    def __post_init__(self) -> None:
        if len(self.items) < 1:
            raise ValueError("a recall list has at least one item")
        if len(self.separators) != len(self.items) - 1:
            raise ValueError(
                f"a list of {len(self.items)} items has {len(self.items) - 1} separators, "
                f"not {len(self.separators)}"
            )
        for sep in self.separators:
            if not _SEPARATOR.fullmatch(sep):
                raise ValueError(f"a separator is ', ', ' and ' or ', and', not {sep!r}")
        if self.keyword.lower() not in ("resolution", "resolutions"):
            raise ValueError(f"a recall list starts with 'resolutions', not {self.keyword!r}")

    @classmethod
    def parse(cls, text: str) -> Self:
        """``resolutions 58/17 of 3 December 2003 and 61/23 of 6 December 2006``; the keyword
        may be left out (``58/17 and 61/23``)."""
        s = _squash(text)
        keyword = "resolutions"
        if m := re.match(r"([Rr]esolutions?)\s+", s):
            keyword, s = m.group(1), s[m.end():]
        found = _match_items(s, 0)
        if found is None or found[-1][1] != len(s):
            raise ValueError(
                f"not a list of resolutions: {text!r} (expected e.g. 'resolutions 58/17 of "
                "3 December 2003 and 61/23 of 6 December 2006')"
            )
        return cls(*_build(s, found), keyword=keyword)

    def format(self) -> str:
        out = [self.keyword, " ", self.items[0].format()]
        for sep, item in zip(self.separators, self.items[1:], strict=True):
            out += [sep, item.format()]
        return "".join(out)

    def __str__(self) -> str:
        return self.format()

    @property
    def dated(self) -> bool:
        """Whether the list gives dates (all its items, or its last when it mixes)."""
        if all(i.date for i in self.items):
            return True
        if not any(i.date for i in self.items):
            return False
        return self.items[-1].date is not None

    @property
    def comma(self) -> str:
        """The separator between items that are not the last two (``", "`` unless written)."""
        return self.separators[0] if len(self.separators) > 1 else ", "

    @property
    def conjunction(self) -> str:
        """The separator before the last item (``" and "`` unless written otherwise)."""
        return self.separators[-1] if self.separators and "and" in self.separators[-1] else " and "

    def appended(self, *new: RecallItem) -> Self:
        """The list with ``new`` items after the last one, in the list's style: the old last
        separator becomes a comma, the conjunction stands before the new last item."""
        if not new:
            return self
        items = self.items + tuple(new)
        seps = list(self.separators[:-1]) + ([self.comma] if self.separators else [])
        seps += [self.comma] * (len(new) - 1) + [self.conjunction]
        keyword = self.keyword if self.keyword.endswith("s") else self.keyword + "s"
        return type(self)(items, tuple(seps), keyword)


def _match_items(s: str, pos: int) -> list[tuple[int, int, re.Match[str]]] | None:
    first = _ITEM_RE.match(s, pos)
    if not first:
        return None
    out = [(first.start(), first.end(), first)]
    cur = first.end()
    while nxt := _NEXT.match(s, cur):
        out.append((nxt.start("num"), nxt.end(), nxt))
        cur = nxt.end()
    return out


def _build(s: str, found: list[tuple[int, int, re.Match[str]]]) -> tuple[tuple[RecallItem, ...], tuple[str, ...]]:
    items = []
    seps = []
    for k, (_, _, m) in enumerate(found):
        items.append(RecallItem(_squash(m["num"]), parse_un_date(m["date"]) if m["date"] else None))
        if k:
            seps.append(m["sep"])
    return tuple(items), tuple(seps)


@dataclass(frozen=True)
class FoundList:
    """A list in a paragraph: ``text[start:end]`` is ``value.format()`` as written there.

    ``owner`` is ``its`` (the Assembly's own, ``its resolutions``), ``other`` (another body
    named before) or ``""`` (nothing said); ``spans`` the offsets of each item, ``seps`` those of
    each separator."""

    start: int
    end: int
    value: RecallList
    owner: str
    spans: tuple[tuple[int, int], ...]
    seps: tuple[tuple[int, int], ...]


def find_recall_lists(text: str) -> list[FoundList]:
    """Every list of two or more resolutions in ``text`` (``resolutions A, B and C``)."""
    out: list[FoundList] = []
    for h in _HEAD.finditer(text):
        found = _match_items(text, h.end())
        if not found or len(found) < 2:
            continue
        try:
            items, seps = _build(text, found)
            value = RecallList(items, seps, h["kw"])
        except ValueError:
            continue
        before = text[max(0, h.start() - 80) : h.start()]
        owner = "its" if _OWNER_ITS.search(before) else ("other" if _OWNER_OTHER.search(before) else "")
        spans = tuple((a, b) for a, b, _ in found)
        sep_spans = tuple((m.start("sep"), m.end("sep")) for _, _, m in found[1:])
        out.append(FoundList(h.start(), spans[-1][1], value, owner, spans, sep_spans))
    return out


def own_items(
    value: RecallList, *, numbers: Iterable[str], base_session: int, period: int
) -> tuple[int, ...]:
    """Indices of the items that are the series' own editions: in the corpus as editions of the
    series (``numbers`` like ``64/30``), or on the series' period: the latest item of a session
    the period leads back to from the base edition, and before it each item exactly one period
    earlier (``58/17, 61/23 and 64/30`` in a triennial series of base 67; ``2625 (XXV)`` forty
    sessions back is another question, even if 67 - 25 is a multiple of 3). Other bodies'
    numbers (no General Assembly session) are never own."""
    known = set(numbers)
    out = set()
    grid: dict[int, int] = {}
    for i, item in enumerate(value.items):
        s = item.session
        if s is None or s >= base_session:
            continue
        if item.number in known:
            out.add(i)
        elif period > 0 and (base_session - s) % period == 0:
            grid.setdefault(s, i)
    if grid:
        anchor = max(grid)
        if anchor == base_session - period or any(value.items[i].session == anchor + period for i in out):
            s = anchor
            while s in grid:
                out.add(grid[s])
                s -= period
    return tuple(sorted(out))


def complete_run(sessions: Iterable[int], period: int, upto: int) -> bool:
    """Whether ``sessions`` are every session of a series with ``period`` from the first of them
    up to ``upto`` (the list names every edition, none skipped)."""
    got = sorted(set(sessions))
    if len(got) < 2 or period < 1 or got[-1] != upto:
        return False
    return got == list(range(got[0], upto + 1, period))




@dataclass(frozen=True)
class KnownEdition:
    """An edition of the series whose number (and date) is known: from the corpus, or from a
    later edition that recalls it (``source`` says which, in words)."""

    session: int
    number: str
    date: _dt.date | None
    source: str
    in_corpus: bool

    def cite(self, dated: bool = True, missing_date: str = "[date]") -> str:
        if not dated:
            return self.number
        return f"{self.number} of {format_un_date(self.date) if self.date else missing_date}"


_OWN_CITE = re.compile(r"\b[Ii]ts\s+(?:(?:previous|relevant)\s+)?resolutions?\s+")


def known_editions(editions: Iterable[object]) -> dict[int, KnownEdition]:
    """Session -> what is known of the series' edition of that session: the editions themselves
    (``model.Resolution`` with ``session``, ``number``, ``adopted``, ``symbol``), then what they
    recall as "its resolution S/N of D" (with S the session of an edition adopted in the last
    months of year 1945 + S, when the Assembly adopts most of its resolutions: a resolution of
    another series adopted at the opening of a session is not taken for an edition)."""
    from drafter.citations.sessions import adopted_during

    out: dict[int, KnownEdition] = {}
    eds = list(editions)
    for r in eds:
        session, number = getattr(r, "session", None), getattr(r, "number", None)
        if session is not None and number:
            out[session] = KnownEdition(
                session, number, getattr(r, "adopted", None),
                f"{getattr(r, 'symbol', None) or number} is in the corpus", True,
            )
    for r in eds:
        rs = getattr(r, "session", None)
        if rs is None:
            continue
        for p in getattr(r, "paragraphs", ()):
            text = p.full_text()
            for h in _OWN_CITE.finditer(text):
                found = _match_items(text, h.end()) or []
                for _, _, m in found:
                    if not m["date"]:
                        continue
                    try:
                        item = RecallItem(_squash(m["num"]), parse_un_date(m["date"]))
                    except ValueError:
                        continue
                    s = item.session
                    if s is None or s >= rs or s in out or item.date is None:
                        continue
                    if not adopted_during(s, item.date):
                        continue
                    out[s] = KnownEdition(
                        s, item.number, item.date,
                        f"{getattr(r, 'symbol', None) or 'the edition of session ' + str(rs)} recalls it", False,
                    )
    return out


__all__ = [
    "FoundList", "KnownEdition", "RecallItem", "RecallList", "complete_run", "find_recall_lists", "known_editions",
    "own_items",
]
