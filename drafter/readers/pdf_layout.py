"""The layout of a PDF edition, read from the geometry of its characters.

The PDF reader (:mod:`drafter.readers.pdf`) gives this module the characters of every page with
their position, font size and style (pypdfium2); it returns the edition as ``Family.MARKDOWN``
text, the shape the Word reader gives, so one parser reads both:

* **lines**: characters grouped by baseline; small characters raised above a line are its
  superscripts (footnote markers, written ``¹``); a horizontal gap of several ems splits a line
  into *cells* (masthead columns, a running head's symbol and title);
* **page furniture**: running heads and footers, page numbers ("2/3"), job numbers
  ("13-44711 (E)"), barcodes ("*1344711*") and "Please recycle", recognised by their place (a
  band at the top or foot of the page, apart from the text), by repeating at the same place on
  other pages, by smaller type, or by their form; they are kept, one a line, at the head of the
  text (before the masthead, where the parser reads them as furniture), never inside a paragraph;
* **footnotes**: the lines below the separator rule (or, without a rule, the block of smaller
  type at the foot of the body), each note starting with its number; a note continued on the
  next page is joined to it; the notes follow the body as ``¹ text`` blocks, in number order;
* **the masthead**: everything before "The General Assembly," (whether the PDF drew it in a
  first-page header or in the body) one printed line a line, a blank line where a gap is;
* **paragraphs**: from "The General Assembly," on, lines are joined into paragraphs by their
  geometry only: a new paragraph starts after a line that ends short of the right margin
  (justified text), at a first-line indent after a full line, after a vertical gap, or at a
  narrow right-aligned line (the meeting line); a paragraph split by a page break (footnotes
  between) is joined whatever its next line starts with;
* **line-end hyphens**: automatic hyphenation undone and real compounds kept, decided by
  :class:`~drafter.readers.hyphenation.Dehyphenator` from the document's own vocabulary and the
  hyphenation dictionary; undecidable cases are reported as warnings;
* italic runs as ``*...*`` (the opening words), a literal ``*`` in the body as ``\\*``.

Every character keeps its origin: ``segments`` say ``"page N"`` with the index of the
character in that page's text layer (pdfium's character index), so ``Source.locate`` points
back at the page.
"""

from __future__ import annotations

import bisect
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence

from drafter.citations.symbols import RE_ANY_SYMBOL
from drafter.readers.hyphenation import HYPHENS, Decision, Dehyphenator, split_at_hyphen
from drafter.readers.markup import Char, Out, join_blocks, render, segments, tidy
from drafter.readers.source import Segment

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_SUP = str.maketrans("0123456789", SUPERSCRIPTS)

RE_GA_LINE = re.compile(
    r"^\W*The (?:General Assembly|Human Rights Council|Economic and Social Council|Security Council|"
    r"Commission on Human Rights)\s*,\W*$"
)
# furniture by form (a whole cell)
_FURNITURE_CELL = [
    re.compile(r"^\d{1,4}$"),  # page number
    re.compile(r"^[-–—]\s*\d{1,4}\s*[-–—]$"),  # - 2 -
    re.compile(r"^\d{1,4}\s*/\s*\d{1,4}$"),  # 2/3
    re.compile(r"^(?:Page|page)\s+\d{1,4}(?:\s+of\s+\d{1,4})?$"),
    re.compile(r"^\d{2}-\d{5}\s*(?:\([A-Z]\))?(?:\s+\d{6})?(?:\s+\d{6})?$"),  # job number 13-44905 (E) 130114 130114
    re.compile(r"^\*\d{5,}\*$"),  # barcode
    re.compile(r"^Please recycle\W*$", re.IGNORECASE),
]
RE_CLAUSE_END = re.compile(r"[,;.:][" + "⁰¹²³⁴⁵⁶⁷⁸⁹" + r"\d]*\W*$")
RE_NUMBERED_TITLE = re.compile(r"^\d{1,4}(?:/\d{1,4}|\s?\([IVXL]+\))\.\s+(\S.*)$")
RE_TEXT_RULE = re.compile(r"^[_\-–—‒=]{5,}$")


class Glyph:
    """One character on a page. ``base`` is the baseline (y grows upwards, as in PDF)."""

    __slots__ = ("ch", "x0", "x1", "base", "top", "size", "italic", "index", "sup")

    def __init__(self, ch: str, x0: float, x1: float, base: float, top: float, size: float,
                 italic: bool, index: int) -> None:
        self.ch, self.x0, self.x1, self.base, self.top = ch, x0, x1, base, top
        self.size, self.italic, self.index = size, italic, index
        self.sup = False


class Page:
    """What the PDF library read of one page."""

    def __init__(self, number: int, width: float, height: float, glyphs: list[Glyph],
                 rules: Sequence[tuple[float, float, float, float]] = ()) -> None:
        self.number, self.width, self.height = number, width, height
        self.glyphs = glyphs
        self.rules = list(rules)  # (x0, y0, x1, y1) of thin horizontal paths


class Line:
    __slots__ = ("page", "glyphs", "base", "size", "x0", "x1", "cells", "kind", "text", "_cell_texts")

    def __init__(self, page: Page, glyphs: list[Glyph]) -> None:
        self.page = page
        self.glyphs = sorted(glyphs, key=lambda g: g.x0)
        self.kind = "body"
        self._measure()

    def _measure(self) -> None:
        normal = [g for g in self.glyphs if not g.sup and not g.ch.isspace()] or self.glyphs
        sizes = Counter(round(g.size * 2) / 2 for g in normal)
        self.size = max(sizes.items(), key=lambda kv: (kv[1], kv[0]))[0] if sizes else 0.0
        self.base = statistics.median(g.base for g in normal)
        ink = [g for g in self.glyphs if not g.ch.isspace()] or self.glyphs
        self.x0 = min(g.x0 for g in ink)
        self.x1 = max(g.x1 for g in ink)
        self.cells = _cells(self.glyphs, self.size)
        self._cell_texts = [_plain(c) for c in self.cells]
        self.text = "  ".join(self._cell_texts)

    def cell_texts(self) -> list[str]:
        return self._cell_texts

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"<Line p{self.page.number} {self.kind} y={self.base:.1f} x={self.x0:.1f}-{self.x1:.1f} s={self.size} {self.text!r}>"


def _cells(glyphs: list[Glyph], size: float) -> list[list[Glyph]]:
    """Split a line where a horizontal gap is wider than four ems (columns, tab stops)."""
    cells: list[list[Glyph]] = []
    last: Glyph | None = None
    for g in glyphs:
        if g.ch.isspace():
            if cells:
                cells[-1].append(g)
            continue
        if last is None or g.x0 - last.x1 > 4 * max(size, 1.0):
            cells.append([])
        cells[-1].append(g)
        last = g
    for c in cells:
        while c and c[-1].ch.isspace():
            c.pop()
    return [c for c in cells if c]


def _spaced(glyphs: list[Glyph], size: float) -> list[tuple[Glyph | None, str]]:
    """The glyphs of a cell with the spaces between words: ``(glyph, char)``, glyph None for a
    space drafter adds."""
    out: list[tuple[Glyph | None, str]] = []
    prev: Glyph | None = None
    last = next((g for g in reversed(glyphs) if not g.ch.isspace()), None)
    for g in glyphs:
        if g.ch.isspace():
            if out and out[-1][1] != " ":
                out.append((g, " "))
            continue
        if prev is not None and out and out[-1][1] != " ":
            gap = g.x0 - prev.x1
            if g.ch == "\x02" or (g is last and g.ch == "-"):
                pass  # a hyphen that ends the line belongs to its word, however far justified
            elif gap > 0.15 * max(size, g.size, 1.0) and not (g.sup and not prev.sup and gap < 0.4 * size):
                out.append((None, " "))
        out.append((g, _char(g)))
        prev = g
    return out


def _char(g: Glyph) -> str:
    if g.sup and g.ch.isdigit():
        return g.ch.translate(_TO_SUP)
    if g.ch == "\x02":
        return "-"
    return g.ch


def _plain(cell: list[Glyph]) -> str:
    size = max((g.size for g in cell if not g.sup), default=10.0)
    return "".join(ch for _g, ch in _spaced(cell, size)).strip()


# --- lines -----------------------------------------------------------------------------------------
def page_lines(page: Page) -> list[Line]:
    """The page's lines, top to bottom, superscripts attached to the line they sit on."""
    glyphs = [g for g in page.glyphs if not g.ch.isspace() or g.ch == " "]
    ink = sorted((g for g in glyphs if not g.ch.isspace()), key=lambda g: (-g.base, g.x0))
    groups: list[list[Glyph]] = []
    bases: list[float] = []
    sizes: list[float] = []
    for g in ink:
        if groups and abs(g.base - bases[-1]) <= 0.2 * max(g.size, sizes[-1], 1.0):
            groups[-1].append(g)
            sizes[-1] = max(sizes[-1], g.size)
            continue
        groups.append([g])
        bases.append(g.base)
        sizes.append(g.size)
    # a group of small glyphs raised a little above the next line down: its superscripts
    merged: list[list[Glyph]] = []
    for i, grp in enumerate(groups):
        target = _superscript_target(grp, groups, i)
        if target is not None:
            for g in grp:
                g.sup = True
            groups[target].extend(grp)
            continue
        merged.append(grp)
    bases_sizes: list[tuple[float, float]] = []
    for grp in merged:
        line_size = Counter(round(g.size * 2) / 2 for g in grp).most_common(1)[0][0]
        main = [g.base for g in grp if abs(g.size - line_size) < 0.6]
        base = statistics.median(main) if main else statistics.median(g.base for g in grp)
        for g in grp:  # raised smaller characters inside a line
            if g.size <= 0.8 * line_size and g.base - base > 0.15 * line_size:
                g.sup = True
        bases_sizes.append((base, line_size))
    # spaces go to the line whose baseline they share
    order = sorted(range(len(merged)), key=lambda k: bases_sizes[k][0])
    keys = [bases_sizes[k][0] for k in order]
    for sp in (g for g in glyphs if g.ch == " "):
        i = bisect.bisect_left(keys, sp.base)
        near = [order[j] for j in (i - 1, i) if 0 <= j < len(order)]
        if not near:
            continue
        k = min(near, key=lambda j: abs(bases_sizes[j][0] - sp.base))
        if abs(bases_sizes[k][0] - sp.base) <= 0.5 * max(bases_sizes[k][1], 1.0):
            merged[k].append(sp)
    lines = [Line(page, grp) for grp in merged]
    lines.sort(key=lambda ln: -ln.base)
    return lines


def _superscript_target(grp: list[Glyph], groups: list[list[Glyph]], i: int) -> int | None:
    """The line a group of glyphs are the superscripts of: smaller type, raised a little above
    a neighbouring line's baseline, within its width; None when the group is a line itself."""
    small = max(g.size for g in grp)
    base = grp[0].base
    x0, x1 = min(g.x0 for g in grp), max(g.x1 for g in grp)
    for j in (i + 1, i - 1):  # the line just below (or, in odd orders, above)
        if j < 0 or j >= len(groups) or j == i:
            continue
        other = groups[j]
        size = Counter(round(g.size * 2) / 2 for g in other).most_common(1)[0][0]
        if small > 0.8 * size:
            continue
        other_base = statistics.median(g.base for g in other)
        rise = base - other_base
        if not 0.1 * size < rise < 0.7 * size:
            continue
        ox0, ox1 = min(g.x0 for g in other), max(g.x1 for g in other)
        if x1 < ox0 - 2 * size or x0 > ox1 + 2 * size:
            continue
        return j
    return None


# --- the document --------------------------------------------------------------------------------
class Layout:
    """Reads the lines of all pages into masthead, body paragraphs, footnotes and furniture."""

    def __init__(self, pages: list[Page], name: str) -> None:
        self.pages = pages
        self.name = name
        self.warnings: list[str] = []
        self.lines: list[list[Line]] = [page_lines(p) for p in pages]
        all_lines = [ln for page in self.lines for ln in page]
        sizes: Counter[float] = Counter()
        for ln in all_lines:
            sizes[ln.size] += len(ln.glyphs)
        self.body_size = sizes.most_common(1)[0][0] if sizes else 10.0
        self.pitch = self._pitch(self.body_size)
        self.hyph = Dehyphenator()  # the document's vocabulary, filled by text()
        self.justified = True  # whether full lines end at the right margin (set by _paragraphs)
        self.first_base: float | None = None  # where the text of most pages starts

    def _pitch(self, size: float) -> float:
        diffs = []
        for page in self.lines:
            for a, b in zip(page, page[1:], strict=False):
                if abs(a.size - size) < 0.6 and abs(b.size - size) < 0.6:
                    d = a.base - b.base
                    if 0.9 * size <= d <= 1.6 * size:
                        diffs.append(d)
        return statistics.median(diffs) if diffs else 1.2 * size

    # -- furniture and footnote areas --
    def classify(self) -> None:
        repeats = self._repeats()
        titles = {_words(m.group(1)) for ln in (self.lines[0] if self.lines else [])
                  for m in [RE_NUMBERED_TITLE.match(ln.text)] if m}
        for page, lines in zip(self.pages, self.lines, strict=True):
            if not lines:
                continue
            for ln in lines:  # a separator typed as a line of underscores
                if RE_TEXT_RULE.match(ln.text):
                    ln.kind = "furniture"
                    page.rules.append((ln.x0, ln.base, ln.x1, ln.base + 0.5))
            rule = self._rule(page, lines)
            top_band = self._band(lines, page, top=True)
            bottom_band = self._band(lines, page, top=False)
            for k, ln in enumerate(lines):
                in_top, in_bottom = k in top_band, k in bottom_band
                cells = ln.cell_texts()
                by_form = all(any(p.match(c) for p in _FURNITURE_CELL) for c in cells)
                edge = ln.base > page.height * 0.85 or ln.base < page.height * 0.15
                if (in_top or in_bottom or edge) and by_form:
                    ln.kind = "furniture"
                elif (in_top or in_bottom) and _key(ln) in repeats:
                    ln.kind = "furniture"
                elif in_top and page.number > 1 and (
                    ln.size < self.body_size - 0.4 or _symbol_and_title(ln.text, titles)
                ):
                    ln.kind = "furniture"
                elif in_bottom and ln.size < self.body_size - 0.4 and rule is None and not _starts_note(ln):
                    ln.kind = "furniture"
                elif in_bottom and rule is not None and ln.base < rule and not _starts_note(ln) and any(
                    j not in bottom_band and ln.base < other.base < rule for j, other in enumerate(lines)
                ):
                    ln.kind = "furniture"  # a footer set apart under the page's footnotes
            body = [ln for ln in lines if ln.kind == "body"]
            if rule is not None:
                for ln in body:
                    if ln.base < rule:
                        ln.kind = "note"
            else:
                # no rule: the block of smaller type at the foot of the page that starts with a
                # footnote number
                k = len(body)
                while k > 0 and body[k - 1].size < self.body_size - 0.4:
                    k -= 1
                tail = body[k:]
                if tail and _starts_note(tail[0]) and k > 0:
                    for ln in tail:
                        ln.kind = "note"

    def _rule(self, page: Page, lines: list[Line]) -> float | None:
        """The y of the footnote separator: a short thin horizontal rule with smaller type
        below it."""
        best = None
        for x0, y0, x1, y1 in page.rules:
            width, height = x1 - x0, y1 - y0
            if height > 2 or width < 20 or width > 0.6 * page.width:
                continue
            below = [ln for ln in lines if ln.base < y0 and ln.kind == "body"]
            above = [ln for ln in lines if ln.base > y1]
            if not below or not above:
                continue
            smaller = below[0].size < self.body_size - 0.4  # a note continued from the page before
            if not smaller and not any(_starts_note(ln) for ln in below[:2]):
                continue
            if best is None or y0 > best:
                best = y0
        return best

    def _band(self, lines: list[Line], page: Page, *, top: bool) -> set[int]:
        """Indexes of the lines set apart at the top (or foot) of the page: at most three,
        separated from the rest by a gap of two lines or more, near the page's edge."""
        order = list(range(len(lines))) if top else list(range(len(lines) - 1, -1, -1))
        band: set[int] = set()
        for n, k in enumerate(order[:4]):
            ln = lines[k]
            near_edge = ln.base > page.height * 0.8 if top else ln.base < page.height * 0.2
            if not near_edge:
                break
            band.add(k)
            if n + 1 >= len(order):
                break
            nxt = lines[order[n + 1]]
            gap = abs(ln.base - nxt.base)
            smaller = ln.size < self.body_size - 0.4 and nxt.size >= self.body_size - 0.4
            if gap >= 1.8 * self.pitch or (smaller and gap >= 1.3 * self.pitch):
                return band
        return set()

    def _repeats(self) -> set[tuple[str, ...]]:
        """Lines printed (digits aside, cells in any order) near the same height on two pages."""
        seen: dict[tuple[str, ...], list[tuple[int, float]]] = defaultdict(list)
        for page_lines_ in self.lines:
            for ln in page_lines_:
                seen[_key(ln)].append((ln.page.number, ln.base))
        out: set[tuple[str, ...]] = set()
        for key, where in seen.items():
            pages = {p for p, _ in where}
            if len(pages) < 2:
                continue
            ys = sorted(y for _, y in where)
            if ys[-1] - ys[0] < 8 or any(b - a < 4 for a, b in zip(ys, ys[1:], strict=False)):
                out.add(key)
        return out

    # -- text --
    def text(self) -> tuple[str, list[Segment], list[str]]:
        self.classify()
        furniture = [ln for page in self.lines for ln in page if ln.kind == "furniture"]
        flow = [ln for page in self.lines for ln in page if ln.kind == "body"]
        notes = [ln for page in self.lines for ln in page if ln.kind == "note"]
        ga = next((i for i, ln in enumerate(flow) if RE_GA_LINE.match(ln.text.replace("*", ""))), None)
        head, body = (flow[:ga], flow[ga:]) if ga is not None else (self._head_without_ga(flow))
        self.hyph = Dehyphenator()
        for group in (body, notes):
            for i, ln in enumerate(group):
                self.hyph.add(_inner_words(ln.text, i > 0 and _ends_hyphen(group[i - 1].text)))
        # furniture as printed (no italics, no escapes: the parser knows it by its form)
        blocks: list[list[Out]] = [_as_printed(self._line_chars(ln, escape=False)) for ln in furniture]
        for chars in [*self._masthead(head), *self._paragraphs(body), *self._footnotes(notes)]:
            blocks.append(render(tidy(chars)))
        out = join_blocks(blocks)
        return "".join(c[0] for c in out), segments(out), self.warnings

    def _head_without_ga(self, flow: list[Line]) -> tuple[list[Line], list[Line]]:
        """No "The General Assembly," line: every line is joined into paragraphs by the same
        geometry (short masthead lines stay apart), and the parser finds where the body
        starts, as it does in a text without that line."""
        return [], flow

    def _line_chars(self, ln: Line, *, escape: bool = True, sep: str = "\n") -> list[Char]:
        where = f"page {ln.page.number}"
        chars: list[Char] = []
        for c, cell in enumerate(ln.cells):
            if c:
                chars.append((sep, False, -1, where))
            for g, ch in _spaced(cell, ln.size):
                if g is None:
                    chars.append((" ", False, -1, where))
                elif escape and ch == "*":
                    chars.append(("\\", False, -1, where))
                    chars.append(("*", False, g.index, where))
                else:
                    chars.append((ch, escape and g.italic and not g.sup, g.index, where))
        return chars

    def _masthead(self, head: list[Line]) -> list[list[Char]]:
        """One printed line (or cell) a line; a blank line at a vertical gap."""
        blocks: list[list[Char]] = []
        cur: list[Char] = []
        prev: Line | None = None
        for ln in head:
            gap = prev is not None and (prev.page is not ln.page or prev.base - ln.base > 1.35 * self.pitch)
            if cur and gap:
                blocks.append(cur)
                cur = []
            piece = self._line_chars(ln)
            if cur:
                split = split_at_hyphen("".join(c[0] for c in cur[-40:]).rstrip("*"),
                                        "".join(c[0] for c in piece[:40]).lstrip("*"))
                if split is not None and split[1][:1].islower():
                    # a masthead line (a long title) hyphenated at its end: one line again
                    if self._decide(split, ln).join:
                        _drop_hyphen(cur)
                else:
                    cur.append(("\n", False, -1, f"page {ln.page.number}"))
            cur.extend(piece)
            prev = ln
        if cur:
            blocks.append(cur)
        return blocks

    def _edges(self, lines: list[Line]) -> dict[int, tuple[float, float]]:
        """Left and right edge of the text on each page (the full lines' ends)."""
        by_page: dict[int, list[Line]] = defaultdict(list)
        for ln in lines:
            by_page[ln.page.number].append(ln)
        edges: dict[int, tuple[float, float]] = {}
        for number, lns in by_page.items():
            common = Counter(round(ln.x0) for ln in lns).most_common(1)[0][0]
            left = min([ln.x0 for ln in lns if abs(ln.x0 - common) < 2] + [float(common)])
            right = max(ln.x1 for ln in lns)
            edges[number] = (left, right)
        return edges

    def _paragraphs(self, body: list[Line]) -> list[list[Char]]:
        if not body:
            return []
        edges = self._edges(body)
        full = sum(1 for ln in body if ln.x1 >= edges[ln.page.number][1] - 1.5)
        self.justified = full >= 0.4 * len(body)
        firsts = Counter(round(min(ln.base for ln in body if ln.page.number == n)) for n in edges)
        self.first_base = float(firsts.most_common(1)[0][0]) if firsts else None
        paras: list[list[Line]] = [[body[0]]]
        for a, b in zip(body, body[1:], strict=False):
            if self._starts_paragraph(a, b, edges):
                paras.append([b])
            else:
                paras[-1].append(b)
        return [self._join(p) for p in paras]

    def _starts_paragraph(self, a: Line, b: Line, edges: dict[int, tuple[float, float]]) -> bool:
        la, ra = edges[a.page.number]
        lb, rb = edges[b.page.number]
        em = max(self.body_size, 1.0)
        width_a, width_b = ra - la, rb - lb
        if _right_aligned(a, ra, width_a) or _right_aligned(b, rb, width_b):
            return True
        if a.page is b.page and a.base - b.base > 1.35 * self.pitch:
            return True
        if a.page is not b.page and self.first_base is not None and b.base < self.first_base - 0.8 * self.pitch:
            return True  # the page starts a line lower than the others: a blank line at its top
        a_flush = a.x0 <= la + 0.3 * em
        b_indented = b.x0 > lb + 0.7 * em
        hanging = _hanging_text_x(a)
        if hanging is not None and a.page is b.page and abs(b.x0 - hanging) < 2:
            return False  # "1.  Decides ..." with its next line under the text, not the number
        if a_flush and b_indented:
            return True
        if self.justified:
            return a.x1 < ra - 1.5 * em  # the line before ends short: it ended its paragraph
        # ragged right: only a line that ends a clause and is well short of the margin
        return a.x1 < ra - 0.15 * width_a and bool(RE_CLAUSE_END.search(a.text))

    def _join(self, lines: list[Line]) -> list[Char]:
        chars: list[Char] = []
        for i, ln in enumerate(lines):
            piece = self._line_chars(ln, sep=" ")
            if i:
                prev_text = "".join(c[0] for c in chars[-40:])
                here = "".join(c[0] for c in piece[:40])
                split = split_at_hyphen(prev_text.rstrip("*"), here.lstrip("*"))
                if split is not None:
                    if self._decide(split, ln).join:
                        _drop_hyphen(chars)
                elif prev_text and prev_text[-1] in HYPHENS + "–—/" and not prev_text[-2:-1].isspace():
                    pass  # a hyphen, dash or slash that ends the line joins without a space
                else:
                    chars.append((" ", False, -1, f"page {ln.page.number}"))
            chars.extend(piece)
        return chars

    def _decide(self, split: tuple[str, str], ln: Line) -> Decision:
        decision = self.hyph.decide(*split)
        if not decision.certain:
            done = "dropped" if decision.join else "kept"
            self.warnings.append(
                f'{self.name}: page {ln.page.number}: the line-end hyphen in "{split[0]}-{split[1]}" was {done} '
                f"({decision.reason}); check the word")
        return decision

    def _footnotes(self, lines: list[Line]) -> list[list[Char]]:
        notes: dict[str, list[Line]] = {}
        order: list[str] = []
        current: str | None = None
        expected = 1
        left: dict[int, float] = {}
        for ln in lines:
            left[ln.page.number] = min(left.get(ln.page.number, ln.x0), ln.x0)
        for ln in lines:
            label = _note_label(ln)
            if label is not None and label.isdigit():
                raised = bool(ln.glyphs) and ln.cells[0][0].sup
                number = int(label)
                in_order = number == expected or (raised and expected <= number <= expected + 2)
                at_margin = raised or ln.x0 <= left[ln.page.number] + 0.5 * self.body_size
                if current is not None and not (in_order and at_margin):
                    label = None  # "53 and corrigendum ...": a note's next line starting with a number
            if label is not None:
                current = label
                if label.isdigit():
                    expected = int(label) + 1
                if label in notes:
                    self.warnings.append(f"{self.name}: footnote {label} is printed twice")
                    label = f"{label}#{len(order)}"
                    current = label
                notes[label] = [ln]
                order.append(label)
            elif current is not None:
                notes[current].append(ln)
            else:
                self.warnings.append(f"{self.name}: page {ln.page.number}: text under the footnote rule "
                                     f"without a footnote number was kept as a footnote: {ln.text[:40]!r}")
                current = "?"
                notes[current] = [ln]
                order.append(current)

        def key(label: str) -> tuple[int, int]:
            head = label.split("#")[0]
            return (0, 0) if head == "*" else (1, int(head)) if head.isdigit() else (2, 0)

        out = []
        for label in sorted(order, key=key):
            chars = self._join(notes[label])
            out.append(_strip_label(chars, label.split("#")[0]))
        return out


_LABEL = re.compile(r"^(?:\d{1,3}\.|\([a-z]{1,3}\)|\([ivxl]{1,6}\)|[a-z]\))$")


def _hanging_text_x(ln: Line) -> float | None:
    """Where the text after a paragraph's label ("1.", "(a)") starts on its first line: the
    x its next lines align to when the paragraph hangs; None without a label."""
    ink = [g for g in ln.glyphs if not g.ch.isspace()]
    for k in range(1, min(len(ink), 8)):
        gap = ink[k].x0 - ink[k - 1].x1
        if gap > 0.15 * max(ln.size, 1.0):
            label = "".join(g.ch for g in ink[:k])
            return ink[k].x0 if _LABEL.match(label) else None
    return None


def _as_printed(chars: list[Char]) -> list[Out]:
    """Characters as they stand (no italics marked, nothing escaped); an added space points
    at the character before it."""
    out: list[Out] = []
    last = 0
    for ch, _italic, pos, where in chars:
        if pos >= 0:
            last = pos
        out.append((ch, where, pos if pos >= 0 else last, pos < 0))
    return out


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w/().-]+", " ", text).lower().split())


def _symbol_and_title(text: str, titles: set[str]) -> bool:
    """A running head: the document's symbol, alone or with the title printed on page 1
    ("68/160. Title"), nothing else (a paragraph's line that cites a symbol has other words)."""
    m = RE_ANY_SYMBOL.search(text)
    if not m:
        return False
    rest = _words(text[: m.start()] + " " + text[m.end():])
    return not rest or rest in titles


def _drop_hyphen(chars: list[Char]) -> None:
    """Remove the hyphen that ends ``chars`` (italic asterisks aside)."""
    k = len(chars) - 1
    while k >= 0 and chars[k][0] in "* ":
        k -= 1
    if k >= 0 and chars[k][0] in HYPHENS:
        del chars[k]


def _right_aligned(ln: Line, right: float, width: float) -> bool:
    return ln.x1 >= right - 1.5 and (ln.x1 - ln.x0) < 0.6 * width and ln.x0 > right - 0.6 * width


def _key(ln: Line) -> tuple[str, ...]:
    """The line's words, digits as ``#``, in any order (even and odd pages swap a running
    head's symbol and title)."""
    return tuple(sorted(re.sub(r"\d+", "#", w) for w in ln.text.split()))


def _note_label(ln: Line) -> str | None:
    """The footnote number (or ``*``) a footnote line starts with, if any."""
    first = ln.cells[0] if ln.cells else []
    if not first:
        return None
    text = _plain(first)
    m = re.match(r"^([" + SUPERSCRIPTS + r"]+)\s*\S?", text)
    if m:
        return "".join(str(SUPERSCRIPTS.index(c)) for c in m.group(1))
    m = re.match(r"^(\d{1,3})(?:\s+\S|$)", text)
    if m and (len(ln.cells) > 1 or text != m.group(1)):
        return m.group(1)
    if text.startswith("*") and (len(text) == 1 or text[1].isspace()):
        return "*"
    return None


def _starts_note(ln: Line) -> bool:
    return _note_label(ln) is not None


def _strip_label(chars: list[Char], label: str) -> list[Char]:
    """``¹ text`` for a numbered note, ``\\* text`` for a starred one, whatever the PDF printed."""
    text = "".join(c[0] for c in chars)
    m = re.match(r"^\s*(?:[" + SUPERSCRIPTS + r"]+|\d{1,3}|\\?\*)\s*", text)
    where = chars[0][3] if chars else "page 1"
    rest = chars[m.end():] if m else chars
    mark = label.translate(_TO_SUP) if label.isdigit() else "\\*" if label == "*" else label
    return [(ch, False, -1, where) for ch in mark + " "] + rest


def _ends_hyphen(text: str) -> bool:
    return bool(text) and text[-1] in HYPHENS


def _inner_words(text: str, starts_broken: bool) -> str:
    """The line's text without the pieces of words broken at its ends."""
    if _ends_hyphen(text):
        text = re.sub(r"[^\W\d_]+[" + re.escape(HYPHENS) + r"]$", "", text)
    if starts_broken:
        text = re.sub(r"^\W*[^\W\d_]+", "", text)
    return text


def layout_text(pages: list[Page], name: str) -> tuple[str, list[Segment], list[str]]:
    """The edition's text (MARKDOWN family), its segments and the reader's warnings."""
    return Layout(pages, name).text()
