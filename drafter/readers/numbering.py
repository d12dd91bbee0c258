"""The labels Word shows before automatically numbered paragraphs ("1.", "(a)", "(iv)").

One resolver for every reader of Word numbering: the .docx edition reader
(:mod:`drafter.readers.docx`) and the tracked-changes reader
(:mod:`drafter.render.revisions`). It follows ``w:numPr`` on the paragraph or on its style
(and the styles it is based on), a numbering level linked to the style (``w:pStyle`` in the
level), ``w:numStyleLink``, start overrides (a ``w:num`` with overrides counts on its own,
as Word restarts such lists), ``w:isLgl`` and the level's suffix (tab, space or nothing).
Counters advance paragraph by paragraph, so :meth:`WordNumbering.label` is called once per
paragraph, in document order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from lxml import etree

from drafter.citations.sessions import to_roman

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def wtag(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


VAL = wtag("val")


def child_val(el: etree._Element | None, tag: str) -> str | None:
    if el is None:
        return None
    child = el.find(wtag(tag))
    return None if child is None else child.get(VAL)


def int_or(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def style_chain(styles: Mapping[str, etree._Element], style_id: str | None) -> Iterator[etree._Element]:
    """A Word style and the styles it is based on (``w:basedOn``), nearest first; a loop or a
    chain deeper than 32 ends the walk."""
    seen: set[str] = set()
    while style_id and style_id not in seen and len(seen) < 32:
        seen.add(style_id)
        style = styles.get(style_id)
        if style is None:
            return
        yield style
        style_id = child_val(style, "basedOn")


def _letters(n: int, upper: bool) -> str:
    if n < 1:
        return str(n)
    base = "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if upper else "abcdefghijklmnopqrstuvwxyz"
    return base[(n - 1) % 26] * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """A counter value in a Word ``numFmt`` (decimal, lowerLetter, upperRoman, ...)."""
    if fmt in ("lowerLetter", "upperLetter"):
        return _letters(n, fmt == "upperLetter")
    if fmt in ("lowerRoman", "upperRoman"):
        if not 1 <= n <= 3999:
            return str(n)
        roman = to_roman(n)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "bullet":
        return "\u2022"
    if fmt == "none":
        return ""
    return str(n)


@dataclass(frozen=True)
class Label:
    """A paragraph's label as Word shows it: ``text`` ("1."), what follows it (``suffix``:
    ``"\\t"``, ``" "`` or ``""``) and the number format of its level."""

    text: str
    suffix: str
    fmt: str

    @property
    def is_number(self) -> bool:
        """A numbered label (not a bullet, not an empty one)."""
        return bool(self.text) and self.fmt not in ("bullet", "none")


@dataclass
class _Level:
    fmt: str
    text: str
    start: int
    legal: bool
    suffix: str


class WordNumbering:
    """Computes the labels of automatically numbered paragraphs from ``numbering.xml`` and
    ``styles.xml`` (their root elements; either may be None)."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None) -> None:
        self.abstract: dict[str, etree._Element] = {}
        self.nums: dict[str, etree._Element] = {}
        self.counters: dict[tuple[str, str], dict[int, int]] = {}
        self.styles: dict[str, etree._Element] = {}
        if styles is not None:
            for style in styles.findall(wtag("style")):
                sid = style.get(wtag("styleId"))
                if sid is not None:
                    self.styles.setdefault(sid, style)
        if numbering is not None:
            for a in numbering.findall(wtag("abstractNum")):
                self.abstract.setdefault(a.get(wtag("abstractNumId"), ""), a)
            for n in numbering.findall(wtag("num")):
                self.nums.setdefault(n.get(wtag("numId"), ""), n)

    # -- styles -------------------------------------------------------------------------------

    def _chain(self, style_id: str | None) -> Iterator[etree._Element]:
        return style_chain(self.styles, style_id)

    def style_numbering(self, style_id: str | None) -> tuple[str, int | None] | None:
        """``(numId, ilvl or None)`` a paragraph style (or its ancestors) numbers with."""
        for style in self._chain(style_id):
            ppr = style.find(wtag("pPr"))
            numpr = ppr.find(wtag("numPr")) if ppr is not None else None
            if numpr is not None:
                num_id = child_val(numpr, "numId")
                if num_id is not None:
                    ilvl = child_val(numpr, "ilvl")
                    return num_id, (int_or(ilvl, 0) if ilvl is not None else None)
        return None

    # -- numbering ----------------------------------------------------------------------------

    def _abstract_for(self, num_id: str) -> tuple[str, etree._Element] | None:
        for _ in range(4):  # numStyleLink -> style -> numId -> abstractNum (styleLink)
            num = self.nums.get(num_id)
            if num is None:
                return None
            abs_id = child_val(num, "abstractNumId") or ""
            abstract = self.abstract.get(abs_id)
            if abstract is None:
                return None
            link = child_val(abstract, "numStyleLink")
            if link is None:
                return abs_id, abstract
            linked = self.style_numbering(link)
            if linked is None or linked[0] == num_id:
                return abs_id, abstract
            num_id = linked[0]
        return None

    def _level_for_style(self, num_id: str, style_id: str | None) -> int:
        found = self._abstract_for(num_id)
        if found is None or style_id is None:
            return 0
        for lvl in found[1].findall(wtag("lvl")):
            if child_val(lvl, "pStyle") == style_id:
                return int_or(lvl.get(wtag("ilvl")), 0)
        return 0

    def _level(self, num: etree._Element, abstract: etree._Element, ilvl: int) -> _Level | None:
        lvl = None
        start_override = None
        for ov in num.findall(wtag("lvlOverride")):
            if int_or(ov.get(wtag("ilvl")), -1) == ilvl:
                start_override = child_val(ov, "startOverride")
                lvl = ov.find(wtag("lvl"))
        if lvl is None:
            for candidate in abstract.findall(wtag("lvl")):
                if int_or(candidate.get(wtag("ilvl")), -1) == ilvl:
                    lvl = candidate
                    break
        if lvl is None:
            return None
        start = int_or(start_override if start_override is not None else child_val(lvl, "start"), 1)
        suffix = {"tab": "\t", "space": " "}.get(child_val(lvl, "suff") or "tab", "")
        return _Level(child_val(lvl, "numFmt") or "decimal", child_val(lvl, "lvlText") or "",
                      start, lvl.find(wtag("isLgl")) is not None, suffix)

    def number(self, num_id: str, ilvl: int) -> Label | None:
        """Advance list `num_id`'s counter at level `ilvl`; its label, or None."""
        num = self.nums.get(num_id)
        found = self._abstract_for(num_id)
        if num is None or found is None:
            return None
        abs_id, abstract = found
        level = self._level(num, abstract, ilvl)
        if level is None:
            return None
        restarts = any(ov.find(wtag("startOverride")) is not None
                       for ov in num.findall(wtag("lvlOverride")))
        key = ("num", num_id) if restarts else ("abstract", abs_id)
        counters = self.counters.setdefault(key, {})
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else level.start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def value(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lv = level if k == ilvl else self._level(num, abstract, k)
            if lv is None:
                return ""
            n = counters.get(k, lv.start)
            return format_number(n, "decimal" if level.legal else lv.fmt)

        if level.fmt == "bullet":
            text = format_number(1, "bullet")
        else:
            text = re.sub(r"%([1-9])", value, level.text).strip()
        return Label(text, level.suffix, level.fmt)

    def label(self, ppr: etree._Element | None, style: str | None) -> Label | None:
        """The label of the paragraph whose properties are `ppr` and style `style`
        (advancing the counters), or None when it is not numbered."""
        numpr = ppr.find(wtag("numPr")) if ppr is not None else None
        num_id = child_val(numpr, "numId")
        ilvl_text = child_val(numpr, "ilvl")
        ilvl = int_or(ilvl_text, 0) if ilvl_text is not None else None
        if num_id is None:
            from_style = self.style_numbering(style)
            if from_style is None:
                return None
            num_id = from_style[0]
            if ilvl is None:
                ilvl = from_style[1]
            if ilvl is None:
                ilvl = self._level_for_style(num_id, style)
        if num_id in ("0", ""):
            return None
        return self.number(num_id, ilvl or 0)

    def paragraph_label(self, p: etree._Element) -> Label | None:
        """The label of paragraph ``w:p`` `p` (its own properties and style)."""
        ppr = p.find(wtag("pPr"))
        return self.label(ppr, child_val(ppr, "pStyle"))


__all__ = ["Label", "WordNumbering", "format_number"]
