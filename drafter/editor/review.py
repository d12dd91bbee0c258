"""``drafter review``: what is still to do in a Word draft of a resolution, and what is wrong in it.

Works on any .docx draft (drafter's own or not). The document is read twice, in the two views
an editor can ask Word for: *current* (every pending tracked change accepted) and *base* (every
change rejected). Each view is cut into the parts of a resolution: masthead (everything before
``The General Assembly,``), preambular paragraphs, operative paragraphs (numbered by Word's
automatic numbering or by a typed ``5.``), their sub-paragraphs (``(a)``, ``(i)``), and after the
operative part the meeting line and any typed footnote texts.

Reported, each with the paragraph it sits in:

* **to do** (information; they make the exit code 1 only with ``strict``): pending tracked
  changes and open comments, by author; unfilled placeholders (``[date]``, ``A/C.3/69/L.__``,
  ``___``; and text still highlighted for an editor to confirm).
* **problems** (exit code 1): operative numbers or sub-paragraph letters that do not run on;
  footnote references without a footnote, typed footnote numbers out of order; "decides to
  continue ... at its Nth session" (and reporting requests) whose session is not the draft's
  session plus the series' period; a recalled resolution of the series that is not the latest
  edition in the corpus, or whose date is not the corpus'; impossible dates (31 February);
  cross-references ("paragraph 5 above", "in paragraph 3 (b)", "paragraphs 4 to 6") that point
  at no paragraph, at a deleted one, at themselves, the wrong way, or at a paragraph whose number
  changed; preambular paragraphs not ending with a comma, operative paragraphs not ending with a
  semicolon (the last with a full stop).

Which paragraph a cross-reference means. A reference whose digits are in the base text was
written against the base numbering (negotiators refer to the paragraphs of the text on the table;
renumbering is done at the end), so its target is the paragraph with that number in the base
view, wherever that paragraph is now. A reference typed in a pending insertion is read in the
current numbering, unless that reading is impossible (no such paragraph, the paragraph itself,
the wrong way for "above"/"below") and the base numbering makes sense of it: then it was written
against the base numbering. Digits that ``drafter renumber`` wrote itself (tracked insertions by
``drafter``) are in the current numbering. A typed paragraph number is that paragraph's identity
(``paragraph 6`` means the paragraph typed ``6.``). :mod:`drafter.editor.renumber` applies the fixes
this module computes (every problem marked ``fixable``), so review and renumber never disagree.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drafter.citations.sessions import ORDINAL_PATTERN, ordinal_word, parse_ordinal, parse_un_date

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
W15_NS = "http://schemas.microsoft.com/office/word/2012/wordml"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"

#: author of the tracked changes drafter renumber makes; its insertions are in the current numbering
RENUMBER_AUTHOR = "drafter"
#: stands for a Word footnote reference in a view's text (one character, so offsets map to atoms)
FN = "\ue000"
SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


W_P, W_R, W_T, W_DELTEXT = _w("p"), _w("r"), _w("t"), _w("delText")
W_INS, W_DEL, W_MOVETO, W_MOVEFROM = _w("ins"), _w("del"), _w("moveTo"), _w("moveFrom")
W_PPR, W_RPR = _w("pPr"), _w("rPr")
_MC_FALLBACK = f"{{{MC_NS}}}Fallback"
_SKIP = {_w(t) for t in ("pPr", "rPr", "sdtPr", "sdtEndPr", "p", "tbl", "txbxContent",
                         "drawing", "pict", "object", "commentRangeStart", "commentRangeEnd",
                         "bookmarkStart", "bookmarkEnd", "proofErr", "permStart", "permEnd")}

CURRENT = "current"
BASE = "base"


# =============================================================================================
# atoms: the characters of a paragraph, each tied to the XML that holds it


@dataclass(eq=False)
class Atom:
    ch: str  # one character; FN for a Word footnote reference
    t: Any | None  # the w:t / w:delText holding it (None: tab, break, reference ...)
    off: int  # offset of ch in t.text
    run: Any | None
    ins: Any | None  # the enclosing w:ins / w:moveTo, None in base text
    deleted: bool  # inside w:del / w:moveFrom
    fnref: str | None = None  # w:id of the footnote a reference points at
    custom: bool = False  # a footnote reference with a custom mark ("*")
    sup: bool = False  # the run is superscript
    highlight: bool = False

    def visible(self, view: str) -> bool:
        return not self.deleted if view == CURRENT else self.ins is None

    @property
    def author(self) -> str:
        return "" if self.ins is None else self.ins.get(_w("author"), "")


def _run_flags(run: Any) -> tuple[bool, bool]:
    rpr = run.find(W_RPR)
    if rpr is None:
        return False, False
    va = rpr.find(_w("vertAlign"))
    style = rpr.find(_w("rStyle"))
    sup = (va is not None and va.get(_w("val")) == "superscript") or (
        style is not None and "footnotereference" in (style.get(_w("val")) or "").lower())
    hl = rpr.find(_w("highlight"))
    highlight = hl is not None and (hl.get(_w("val")) or "none") != "none"
    return sup, highlight


def paragraph_atoms(p: Any) -> list[Atom]:
    """The characters of paragraph `p` in document order, deleted ones included (marked)."""
    out: list[Atom] = []

    def run(r: Any, ins: Any | None, deleted: bool) -> None:
        sup, highlight = _run_flags(r)
        for c in r:
            tag = c.tag
            if tag in (W_T, W_DELTEXT):
                gone = deleted or tag == W_DELTEXT
                for i, ch in enumerate(c.text or ""):
                    out.append(Atom(ch, c, i, r, ins, gone, sup=sup, highlight=highlight))
            elif tag in (_w("tab"), _w("ptab")):
                out.append(Atom("\t", None, 0, r, ins, deleted, sup=sup, highlight=highlight))
            elif tag in (_w("br"), _w("cr")):
                out.append(Atom("\n", None, 0, r, ins, deleted))
            elif tag == _w("noBreakHyphen"):
                out.append(Atom("-", None, 0, r, ins, deleted, sup=sup, highlight=highlight))
            elif tag == _w("sym"):
                try:
                    ch = chr(int(c.get(_w("char"), ""), 16))
                except ValueError:
                    continue
                out.append(Atom(ch, None, 0, r, ins, deleted, sup=sup, highlight=highlight))
            elif tag == _w("footnoteReference"):
                custom = c.get(_w("customMarkFollows")) in ("1", "true", "on")
                out.append(Atom(FN, None, 0, r, ins, deleted, fnref=c.get(_w("id"), ""),
                                custom=custom, sup=True))
            elif c.tag == f"{{{MC_NS}}}AlternateContent":
                walk(c, ins, deleted)

    def walk(node: Any, ins: Any | None, deleted: bool) -> None:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag == _MC_FALLBACK or tag in _SKIP:
                continue
            if tag in (W_DEL, W_MOVEFROM):
                walk(child, ins, True)
            elif tag in (W_INS, W_MOVETO):
                walk(child, child, deleted)
            elif tag == W_R:
                run(child, ins, deleted)
            else:  # hyperlink, smartTag, customXml, sdt, fldSimple, bdo, dir, mc:Choice
                walk(child, ins, deleted)

    walk(p, None, False)
    return out


def all_paragraphs(root: Any) -> list[Any]:
    """Every ``w:p`` under `root` in document order, markup-compatibility fallbacks left out
    (the same order as :func:`drafter.render.revisions.list_revisions` counts them)."""
    return [p for p in root.iter(W_P)
            if not any(a.tag == _MC_FALLBACK for a in p.iterancestors())]


def _mark(p: Any, kind: str) -> bool:
    ppr = p.find(W_PPR)
    rpr = ppr.find(W_RPR) if ppr is not None else None
    return rpr is not None and rpr.find(_w(kind)) is not None


@dataclass(eq=False)
class Para:
    """One ``w:p`` of the body."""

    index: int  # among all_paragraphs(document), from 0
    p: Any
    atoms: list[Atom]
    auto: str  # automatic list label kind: "", "number", "letter", "roman", "other"
    mark_ins: bool = False
    mark_del: bool = False
    auto_label: str = ""  # the automatic label's number or letters ("3", "b", "ii")

    def visible(self, view: str) -> list[Atom]:
        return [a for a in self.atoms if a.visible(view)]

    def text(self, view: str) -> str:
        return "".join(a.ch for a in self.atoms if a.visible(view))

    @property
    def inserted(self) -> bool:
        """New as a whole: nothing of it is in the base text."""
        return not self.text(BASE).strip()


def _label_kind(label: str) -> str:
    core = label.strip().strip(".()").strip()
    if not core:
        return ""
    if core.isdigit():
        return "number"
    if re.fullmatch(r"[ivxlc]+", core):
        return "roman"
    if re.fullmatch(r"[a-z]{1,3}", core):
        return "letter"
    return "other"


# =============================================================================================
# the structure of one view


@dataclass(eq=False)
class Unit:
    """A paragraph of the resolution as one view shows it."""

    para: Para
    view: str
    kind: str  # masthead | preamble | operative | sub | other | end | note
    text: str
    atoms: list[Atom]  # visible atoms, aligned with text
    literal: str | None = None  # a typed label: "5" (operative), "b" (sub)
    literal_span: tuple[int, int] | None = None  # where the typed number or letters are
    body_start: int = 0  # where the paragraph's own words start
    number: int | None = None  # operative: position 1..n; sub: position among siblings
    shown: str | None = None  # the label a reader sees (typed, or Word's counter)
    parent: Unit | None = None
    level: int = 0  # 1: (a), 2: (i)
    children: list[Unit] = field(default_factory=list)
    ordinal: int | None = None  # preambular: position 1..n

    @property
    def auto(self) -> bool:
        return self.literal is None and self.para.auto != ""

    def expected_label(self) -> str:
        if self.kind == "operative":
            return str(self.number)
        return roman(self.number or 1) if self.level == 2 else letters(self.number or 1)

    def where(self) -> str:
        if self.kind == "masthead":
            return "masthead"
        if self.kind == "preamble":
            return f"preambular paragraph {self.ordinal}"
        if self.kind == "operative":
            return f"operative paragraph {self.number}"
        if self.kind == "sub":
            chain = []
            u: Unit | None = self
            while u is not None and u.kind == "sub":
                chain.append(f"({u.expected_label()})")
                u = u.parent
            head = u.where() if u is not None else "paragraph"
            return f"{head} {' '.join(reversed(chain))}"
        if self.kind == "note":
            return f"footnote text {self.literal or ''}".strip()
        return f"paragraph {self.para.index + 1} of the document"

    def words(self) -> str:
        """The paragraph's text without its label and footnote marks (for messages)."""
        return " ".join(self.text[self.body_start:].replace(FN, "").split())


def letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def roman(n: int) -> str:
    out = ""
    for v, s in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                 (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= v:
            out += s
            n -= v
    return out


RE_GA_LINE = re.compile(
    r"^\s*The (?:General Assembly|Human Rights Council|Economic and Social Council|"
    r"Security Council)\s*,?\s*$")
RE_LIT_OPERATIVE = re.compile(r"^\s*(\d{1,3})\.(?=[\s\u00a0])")
RE_LIT_SUB = re.compile(r"^\s*\(([a-z]{1,2}|[ivxlc]{1,7})\)(?=[\s\u00a0])")
RE_MEETING = re.compile(r"^\s*\d+(?:st|nd|rd|th)\s+plenary\s+meeting\b", re.IGNORECASE)
RE_DATE_LINE = re.compile(r"^\s*\d{1,2}\s+[A-Z][a-z]+\s+\d{4}\s*$")
RE_SEPARATOR = re.compile(r"^[\s_\-\u2013\u2014]{3,}$")
RE_NOTE_TEXT = re.compile(r"^\s*([" + SUPERSCRIPT_DIGITS + r"]+|\d{1,3})[\s\u00a0]+\S")


@dataclass
class Structure:
    view: str
    units: list[Unit]  # every visible paragraph, in order
    masthead: list[Unit]
    preamble: list[Unit]
    operative: list[Unit]
    subs: list[Unit]
    others: list[Unit]  # unnumbered paragraphs among the operative ones
    notes: list[Unit]  # typed footnote texts after the operative part
    by_para: dict[int, Unit]
    body_found: bool  # a "The General Assembly," line or numbered paragraphs were found


def _is_roman_sub(label: str, prev_letter: str | None, after_roman: bool) -> bool:
    """Is ``(label)`` a second-level sub-paragraph (``(i)``, ``(ii)``)? ``(i)`` starts one
    unless it is the letter after ``(h)``; a roman numeral continues one after ``(i)``."""
    if not re.fullmatch(r"[ivxlc]+", label):
        return False
    nxt = letters(ord(prev_letter[-1]) - ord("a") + 2) if prev_letter else "a"
    if label == nxt and not after_roman:
        return False
    return label == "i" or after_roman


def build_structure(paras: list[Para], view: str) -> Structure:
    units: list[Unit] = []
    for para in paras:
        vis = para.visible(view)
        text = "".join(a.ch for a in vis)
        if not text.strip():
            continue
        units.append(Unit(para, view, "other", text, vis))
    ga = next((i for i, u in enumerate(units) if RE_GA_LINE.match(u.text.replace(FN, ""))), None)
    if ga is None:
        from drafter.parse.openers import preamble_opening

        ga_start = next((i for i, u in enumerate(units)
                         if u.para.auto or RE_LIT_OPERATIVE.match(u.text)
                         or preamble_opening(u.text.strip().replace(FN, ""))), None)
        body_found = ga_start is not None
        start = ga_start if ga_start is not None else len(units)
        masthead = units[:start]
    else:
        body_found = True
        start = ga + 1
        masthead = units[: ga + 1]
    for u in masthead:
        u.kind = "masthead"
    st = Structure(view, units, masthead, [], [], [], [], [], {}, body_found)
    in_operative = False
    ended = False
    last_top: Unit | None = None  # the operative or preambular paragraph subs belong to
    last_l1: Unit | None = None
    auto_ops = 0
    for u in units[start:]:
        text = u.text
        om = RE_LIT_OPERATIVE.match(text)
        sm = RE_LIT_SUB.match(text)
        auto = u.para.auto
        if om or (not sm and auto == "number"):
            in_operative, ended = True, False
            u.kind = "operative"
            if om:
                u.literal = om.group(1)
                u.literal_span = om.span(1)
                u.body_start = _skip_space(text, om.end())
            else:
                auto_ops += 1
                u.shown = str(auto_ops)
                u.body_start = _skip_space(text, 0)
            st.operative.append(u)
            u.number = len(st.operative)
            if u.literal is not None:
                u.shown = u.literal
            last_top, last_l1 = u, None
            continue
        if (sm or auto in ("letter", "roman")) and last_top is not None and not ended:
            label = sm.group(1) if sm else u.para.auto_label
            prev = last_l1.shown if last_l1 is not None else None
            after_roman = last_l1 is not None and bool(last_l1.children)
            is_l2 = last_l1 is not None and _is_roman_sub(label, prev, after_roman)
            u.kind = "sub"
            if sm:
                u.literal = label
                u.literal_span = sm.span(1)
                u.body_start = _skip_space(text, sm.end())
            else:
                u.body_start = _skip_space(text, 0)
            if is_l2 and last_l1 is not None:
                u.parent, u.level = last_l1, 2
            else:
                u.parent, u.level = last_top, 1
            u.parent.children.append(u)
            u.number = len(u.parent.children)
            u.shown = u.literal if u.literal is not None else u.expected_label()
            if u.level == 1:
                last_l1 = u
            st.subs.append(u)
            continue
        plain = text.replace(FN, "").strip()
        if not in_operative:
            u.kind = "preamble"
            st.preamble.append(u)
            u.ordinal = len(st.preamble)
            u.body_start = _skip_space(text, 0)
            last_top, last_l1 = u, None
            continue
        if RE_MEETING.match(plain) or RE_SEPARATOR.match(plain) or (
                ended and RE_DATE_LINE.match(plain)):
            u.kind = "end"
            ended = True
            continue
        nm = RE_NOTE_TEXT.match(text)
        if nm and (ended or st.notes or u.atoms[nm.start(1)].sup
                   or nm.group(1)[0] in SUPERSCRIPT_DIGITS):
            u.kind = "note"
            raw = nm.group(1)
            u.literal = _digits(raw)
            u.literal_span = nm.span(1)
            u.body_start = _skip_space(text, nm.end(1))
            st.notes.append(u)
            ended = True
            continue
        if ended:
            u.kind = "end"
            continue
        u.kind = "other"
        st.others.append(u)
    st.by_para = {u.para.index: u for u in units}
    return st


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\u00a0":
        i += 1
    return i


def _digits(s: str) -> str:
    return "".join(str(SUPERSCRIPT_DIGITS.index(c)) if c in SUPERSCRIPT_DIGITS else c for c in s)


# =============================================================================================
# the document


@dataclass(eq=False)
class Note:
    """A Word footnote (``w:footnote``) with its paragraphs' atoms."""

    id: str
    element: Any
    atoms: list[Atom]
    paragraphs: list[Any]

    def text(self, view: str) -> str:
        return "".join(a.ch for a in self.atoms if a.visible(view))


@dataclass(eq=False)
class DraftDocument:
    """A .docx draft read for review: paragraphs, both views, footnotes."""

    doc: Any  # python-docx Document
    path: Path | None
    paras: list[Para]
    current: Structure
    base: Structure
    notes: dict[str, Note]  # Word footnotes by w:id (separators left out)
    note_numbers: dict[str, dict[str, int]]  # view -> w:id -> number Word shows
    moved: dict[int, int] = field(default_factory=dict)  # moved-from paragraph -> moved-to

    def unit(self, index: int, view: str = CURRENT) -> Unit | None:
        return (self.current if view == CURRENT else self.base).by_para.get(index)

    def now(self, base_unit: Unit) -> Unit | None:
        """Where a paragraph of the base text is in the current text (None: deleted)."""
        index = base_unit.para.index
        return self.current.by_para.get(self.moved.get(index, index))

    def where(self, index: int | None) -> str:
        if index is None:
            return "document"
        u = self.current.by_para.get(index)
        if u is not None:
            return u.where()
        b = self.base.by_para.get(index)
        if b is not None:
            to = self.current.by_para.get(self.moved.get(index, -1))
            if to is not None:
                return f"{b.where()} (moved; now {to.where()})"
            return f"{b.where()} (deleted; numbered as before the pending changes)"
        return f"paragraph {index + 1} of the document"

    @property
    def structural_changes(self) -> bool:
        """Pending tracked changes that insert or delete whole paragraphs of the resolution,
        or footnotes: the numbering of the base text and of the current text differ."""
        kinds = ("operative", "sub", "preamble")
        cur = {u.para.index for u in self.current.units if u.kind in kinds}
        old = {u.para.index for u in self.base.units if u.kind in kinds}
        return cur != old or self.note_numbers[CURRENT] != self.note_numbers[BASE]


def open_draft(source: Any) -> DraftDocument:
    """Read a .docx (path or python-docx Document) for review."""
    from drafter.render.ooxml import notes_part, open_docx

    if isinstance(source, str | Path):
        path: Path | None = Path(source)
        doc = open_docx(source)
    else:
        path, doc = None, source
    paras_xml = all_paragraphs(doc.element)
    labels = _auto_labels(doc, len(paras_xml))
    paras = [Para(i, p, paragraph_atoms(p), _label_kind(labels[i]), _mark(p, "ins"),
                  _mark(p, "del"), labels[i].strip().strip(".()").strip())
             for i, p in enumerate(paras_xml)]
    current = build_structure(paras, CURRENT)
    base = build_structure(paras, BASE)
    notes: dict[str, Note] = {}
    part = notes_part(doc, "footnotes")
    if part is not None:
        for fn in part.element.findall(_w("footnote")):
            if fn.get(_w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            ps = all_paragraphs(fn)
            atoms: list[Atom] = []
            for i, p in enumerate(ps):
                if i:
                    atoms.append(Atom(" ", None, 0, None, None, False))
                atoms.extend(paragraph_atoms(p))
            notes[fn.get(_w("id"), "")] = Note(fn.get(_w("id"), ""), fn, atoms, ps)
    numbers: dict[str, dict[str, int]] = {}
    for view, st in ((CURRENT, current), (BASE, base)):
        seen: dict[str, int] = {}
        for u in st.units:
            for a in u.atoms:
                if a.fnref is not None and not a.custom and a.fnref not in seen:
                    seen[a.fnref] = len(seen) + 1
        numbers[view] = seen
    return DraftDocument(doc, path, paras, current, base, notes, numbers, _moves(paras_xml))


def _moves(paras: list[Any]) -> dict[int, int]:
    """Tracked moves: each paragraph moved away (``w:moveFrom``) paired with the paragraph it
    became (``w:moveTo``), by the name of the move and order within it."""
    sides: dict[str, dict[str, list[int]]] = {"from": {}, "to": {}}
    open_ranges: dict[str, dict[str, str]] = {"from": {}, "to": {}}  # w:id -> name
    for i, p in enumerate(paras):
        for e in p.iter(_w("moveFromRangeStart"), _w("moveToRangeStart"),
                        _w("moveFromRangeEnd"), _w("moveToRangeEnd"),
                        _w("moveFrom"), _w("moveTo")):
            local = e.tag.split("}", 1)[1]
            side = "from" if local.startswith("moveFrom") else "to"
            if local.endswith("RangeStart"):
                open_ranges[side][e.get(_w("id"), "")] = e.get(_w("name"), "")
            elif local.endswith("RangeEnd"):
                open_ranges[side].pop(e.get(_w("id"), ""), None)
            else:
                names = list(open_ranges[side].values()) or [""]
                seen = sides[side].setdefault(names[-1], [])
                if not seen or seen[-1] != i:
                    seen.append(i)
    out: dict[int, int] = {}
    for name, froms in sides["from"].items():
        tos = sides["to"].get(name, [])
        for a, b in zip(froms, tos, strict=False):
            out[a] = b
    return out


def _auto_labels(doc: Any, n: int) -> list[str]:
    """For each body paragraph, the label Word's automatic numbering gives it ("" if none)."""
    from drafter.render.revisions import body_paragraph_texts

    with_labels = body_paragraph_texts(doc, numbers=True)
    without = body_paragraph_texts(doc, numbers=False)
    out = []
    for a, b in zip(with_labels, without, strict=True):
        out.append(a[: len(a) - len(b)] if a.endswith(b) else "")
    out += [""] * (n - len(out))
    return out[:n]


# =============================================================================================
# findings


@dataclass
class Edit:
    """Replace ``unit.text[start:end]`` (current view) by ``new``; what renumber applies."""

    para: int
    start: int
    end: int
    old: str
    new: str
    why: str


@dataclass
class Problem:
    check: str  # numbering | footnotes | session | recalled | date | cross-reference | punctuation
    where: str
    paragraph: int | None
    message: str
    fixable: bool = False
    edits: list[Edit] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"check": self.check, "where": self.where, "paragraph": self.paragraph,
                "message": self.message, "fixable": self.fixable}


@dataclass
class Todo:
    kind: str  # change | comment | placeholder | highlight
    where: str
    paragraph: int | None
    text: str
    author: str = ""
    detail: str = ""
    part: str = "document"

    def to_dict(self) -> dict[str, Any]:
        d = {"kind": self.kind, "where": self.where, "paragraph": self.paragraph,
             "text": self.text, "part": self.part}
        if self.author:
            d["author"] = self.author
        if self.detail:
            d["detail"] = self.detail
        return d


@dataclass
class Review:
    file: str
    session: int | None
    session_evidence: str
    series: str | None
    period: int | None
    period_evidence: str
    problems: list[Problem]
    changes: list[Todo]
    comments: list[Todo]
    placeholders: list[Todo]
    notes: list[str]

    @property
    def todo_count(self) -> int:
        return len(self.changes) + len(self.comments) + len(self.placeholders)

    def exit_code(self, strict: bool = False) -> int:
        """0 when nothing is wrong; 1 when a problem is found (or, with `strict`, anything
        is left to do: pending changes, open comments, placeholders)."""
        if self.problems:
            return 1
        return 1 if strict and self.todo_count else 0

    def to_dict(self, strict: bool = False) -> dict[str, Any]:
        def by_author(items: list[Todo]) -> dict[str, int]:
            return dict(Counter(t.author or "(unknown)" for t in items))

        return {
            "file": self.file,
            "session": self.session,
            "session_evidence": self.session_evidence,
            "series": self.series,
            "period": self.period,
            "period_evidence": self.period_evidence,
            "problems": [p.to_dict() for p in self.problems],
            "pending_changes": [t.to_dict() for t in self.changes],
            "pending_changes_by_author": by_author(self.changes),
            "open_comments": [t.to_dict() for t in self.comments],
            "open_comments_by_author": by_author(self.comments),
            "placeholders": [t.to_dict() for t in self.placeholders],
            "notes": list(self.notes),
            "summary": {"problems": len(self.problems), "pending_changes": len(self.changes),
                        "open_comments": len(self.comments),
                        "placeholders": len(self.placeholders)},
            "strict": strict,
            "exit_code": self.exit_code(strict),
        }


def _excerpt(text: str, limit: int = 70) -> str:
    s = " ".join(text.replace(FN, "").split())
    return s if len(s) <= limit else s[: limit - 3].rstrip() + "..."


# =============================================================================================
# cross-references

_NUM_ITEM = r"\d{1,3}(?:\s?\((?:[a-z]{1,2}|[ivxlc]{1,7})\))*"
RE_REF = re.compile(
    r"\b(?P<kw>[Pp]aragraphs?)\s+(?P<items>" + _NUM_ITEM
    + r"(?:(?:\s*,\s*|\s+and\s+|\s+or\s+|\s+to\s+|\s*[-\u2013]\s*)" + _NUM_ITEM + r")*)")
RE_ITEM = re.compile(r"(?P<num>\d{1,3})(?P<subs>(?:\s?\((?:[a-z]{1,2}|[ivxlc]{1,7})\))*)")
RE_SUB_LABEL = re.compile(r"\(([a-z]{1,2}|[ivxlc]{1,7})\)")
RE_AFTER_INTERNAL = re.compile(r"^\s*(?:above|below|of the present resolution|of this resolution)\b")
RE_AFTER_EXTERNAL = re.compile(r"^\s*(?:of\b|thereof\b|therein\b|in\s+(?:the\s+)?annex\b)")
RE_BEFORE_EXTERNAL = re.compile(
    r"(?:Article|[Rr]esolution|[Dd]ecision|[Aa]nnex|[Cc]hapter|[Ss]ection|[Pp]art|[Rr]ule|"
    r"[Pp]rinciple|[Aa]rticles)\s+[\w./()\u2013-]+\s*,\s*(?:in particular\s+)?$")


@dataclass
class RefItem:
    num: int
    num_span: tuple[int, int]
    subs: list[tuple[str, tuple[int, int]]]
    role: str  # single | start | end


@dataclass
class Ref:
    unit: Unit
    span: tuple[int, int]
    text: str
    items: list[RefItem]
    direction: str | None  # above | below | None


def find_refs(u: Unit) -> list[Ref]:
    """Internal cross-references in a unit's text (current view)."""
    text = u.text
    out: list[Ref] = []
    for m in RE_REF.finditer(text, u.body_start):
        after = text[m.end():m.end() + 40]
        before = text[max(0, m.start() - 60):m.start()]
        if not RE_AFTER_INTERNAL.match(after):
            if RE_AFTER_EXTERNAL.match(after) or RE_BEFORE_EXTERNAL.search(before):
                continue
        dm = re.match(r"^\s*(above|below)\b", after)
        items: list[RefItem] = []
        items_text = m.group("items")
        base = m.start("items")
        seps = []
        for im in RE_ITEM.finditer(items_text):
            subs = [(sm.group(1), (base + im.start("subs") + sm.start(1),
                                   base + im.start("subs") + sm.end(1)))
                    for sm in RE_SUB_LABEL.finditer(im.group("subs"))]
            items.append(RefItem(int(im.group("num")),
                                 (base + im.start("num"), base + im.end("num")), subs, "single"))
            seps.append(im.start())
        # ranges: "4 to 6", "4-6"
        for i in range(len(items) - 1):
            between = text[items[i].num_span[1]:items[i + 1].num_span[0]]
            between = RE_SUB_LABEL.sub("", between)
            if re.fullmatch(r"\s+to\s+|\s*[-\u2013]\s*", between):
                items[i].role = "start"
                items[i + 1].role = "end"
        out.append(Ref(u, m.span(), m.group(0), items, dm.group(1) if dm else None))
    return out


@dataclass
class Reading:
    ok: bool
    target: Unit | None  # the operative paragraph (current view) meant
    sub: Unit | None  # the sub-paragraph (current view) meant, when the reference names one
    reason: str  # why not ok
    deleted: Unit | None = None  # the base unit meant, when it was deleted


def _identity_candidates(st: Structure, num: int) -> list[Unit]:
    return [u for u in st.operative if u.shown == str(num)]


def _pick(cands: list[Unit]) -> tuple[Unit | None, bool]:
    """(the unit meant, ambiguous?) among paragraphs showing the same number: one that is in
    the base text wins over an inserted one."""
    if not cands:
        return None, False
    if len(cands) == 1:
        return cands[0], False
    old = [c for c in cands if not c.para.inserted]
    if len(old) == 1:
        return old[0], False
    return None, True


def _read(d: DraftDocument, item: RefItem, own: Unit, direction: str | None, frame: str) -> Reading:
    st = d.current if frame == CURRENT else d.base
    cands = _identity_candidates(st, item.num)
    unit, ambiguous = _pick(cands)
    if ambiguous:
        return Reading(False, None, None, f"{len(cands)} paragraphs are numbered {item.num}")
    if unit is None:
        return Reading(False, None, None, f"there is no operative paragraph {item.num}")
    target = unit if frame == CURRENT else d.now(unit)
    if target is None or target.kind != "operative":
        return Reading(False, None, None, f"operative paragraph {item.num} was deleted",
                       deleted=unit)
    sub_cur: Unit | None = None
    if item.subs:
        parent_in_frame = unit
        sub_in_frame: Unit | None = None
        for label, _span in item.subs:
            kids = [c for c in parent_in_frame.children if c.shown == label]
            if not kids:
                sub_in_frame = None
                break
            sub_in_frame = kids[0]
            parent_in_frame = sub_in_frame
        if sub_in_frame is None:
            labels = " ".join(f"({s})" for s, _ in item.subs)
            return Reading(False, target, None,
                           f"operative paragraph {item.num} has no sub-paragraph {labels}")
        sub_cur = sub_in_frame if frame == CURRENT else d.now(sub_in_frame)
        if sub_cur is None:
            labels = " ".join(f"({s})" for s, _ in item.subs)
            return Reading(False, target, None, f"sub-paragraph {item.num} {labels} was deleted")
    own_top = own
    while own_top.parent is not None and own_top.kind == "sub":
        own_top = own_top.parent
    if own_top.kind == "operative":
        if target is own_top and sub_cur is None:
            return Reading(False, target, sub_cur, "it points at its own paragraph")
        if direction == "above" and (target.number or 0) > (own_top.number or 0):
            return Reading(False, target, sub_cur, f"paragraph {target.number} is below it")
        if direction == "below" and (target.number or 0) < (own_top.number or 0):
            return Reading(False, target, sub_cur, f"paragraph {target.number} is above it")
    elif own_top.kind == "preamble" and direction == "above":
        return Reading(False, target, sub_cur, "operative paragraphs are below the preamble")
    return Reading(True, target, sub_cur, "")


def _frame_of(u: Unit, span: tuple[int, int]) -> str:
    atoms = u.atoms[span[0]:span[1]]
    if any(a.ins is None for a in atoms):
        return BASE
    if all(a.author == RENUMBER_AUTHOR for a in atoms):
        return CURRENT
    return "either"


def _check_ref(d: DraftDocument, ref: Ref, problems: list[Problem]) -> None:
    u = ref.unit
    where = u.where()
    edits: list[Edit] = []
    messages: list[str] = []
    unfixable: list[str] = []
    for item in ref.items:
        frame = _frame_of(u, item.num_span)
        if frame == "either":
            # typed in a pending insertion: read as the text now stands, unless that reading
            # is impossible and the numbering before the pending changes makes sense of it
            reading = _read(d, item, u, ref.direction, CURRENT)
            if not reading.ok:
                old = _read(d, item, u, ref.direction, BASE)
                if old.ok:
                    reading = old
        else:
            reading = _read(d, item, u, ref.direction, frame)
        if not reading.ok:
            if reading.deleted is not None and item.role in ("start", "end"):
                moved = _range_end(d, reading.deleted, item.role)
                if moved is not None and moved.number == item.num:
                    continue  # the range still reads right without it
                if moved is not None:
                    edits.append(Edit(u.para.index, *item.num_span, str(item.num),
                                      str(moved.number), f"paragraph {item.num} was deleted; "
                                      f"the range now {'starts' if item.role == 'start' else 'ends'} "
                                      f"at paragraph {moved.number}"))
                    messages.append(f"{item.num} was deleted; the range now "
                                    f"{'starts' if item.role == 'start' else 'ends'} at {moved.number}")
                    continue
            unfixable.append(f"{item.num}: {reading.reason}")
            continue
        assert reading.target is not None
        if reading.target.number != item.num:
            edits.append(Edit(u.para.index, *item.num_span, str(item.num),
                              str(reading.target.number),
                              f"paragraph {item.num} is now paragraph {reading.target.number}"))
            messages.append(f"{item.num} (\"{_excerpt(reading.target.words(), 50)}\") "
                            f"is now paragraph {reading.target.number}")
        if item.subs and reading.sub is not None:
            chain: list[Unit] = []
            s: Unit | None = reading.sub
            while s is not None and s.kind == "sub":
                chain.append(s)
                s = s.parent
            chain.reverse()
            for (label, span), sub in zip(item.subs, chain, strict=False):
                want = sub.expected_label()
                if label != want:
                    edits.append(Edit(u.para.index, *span, label, want,
                                      f"sub-paragraph ({label}) is now ({want})"))
                    messages.append(f"({label}) is now ({want})")
    quoted = f"\"{_excerpt(ref.text + (' ' + ref.direction if ref.direction else ''), 60)}\""
    if unfixable:
        problems.append(Problem("cross-reference", where, u.para.index,
                                f"{quoted}: " + "; ".join(unfixable + messages), False, []))
    elif edits:
        problems.append(Problem("cross-reference", where, u.para.index,
                                f"{quoted} points at a paragraph whose number changed: "
                                + "; ".join(messages), True, edits))


def _range_end(d: DraftDocument, deleted: Unit, role: str) -> Unit | None:
    """The nearest paragraph still there after (range start) or before (range end) a deleted
    base paragraph."""
    ops = d.base.operative
    i = ops.index(deleted)
    seq = ops[i + 1:] if role == "start" else list(reversed(ops[:i]))
    for b in seq:
        cur = d.now(b)
        if cur is not None and cur.kind == "operative":
            return cur
    return None


# =============================================================================================
# numbering and footnotes


def _edit(u: Unit, old: str, new: str, why: str) -> Edit:
    """The edit of a unit's typed label."""
    start, end = u.literal_span or (0, 0)
    return Edit(u.para.index, start, end, old, new, why)


def _check_numbering(d: DraftDocument, problems: list[Problem]) -> None:
    st = d.current
    ops = st.operative
    n_auto = sum(1 for u in ops if u.auto)
    n_lit = sum(1 for u in ops if u.literal is not None)
    for u in ops:
        want = str(u.number)
        if u.literal is not None and n_auto and n_auto >= n_lit:
            problems.append(Problem(
                "numbering", u.where(), u.para.index,
                f"the number {u.literal}. is typed, in a list Word numbers automatically "
                "(Word numbers the paragraphs after it as if it were not there): remove the typed "
                "number and give the paragraph the operative paragraph style", False))
            continue
        if u.shown != want:
            if u.literal is not None:
                problems.append(Problem(
                    "numbering", u.where(), u.para.index,
                    f"numbered {u.literal}. but it is operative paragraph {want} "
                    f"(\"{_excerpt(u.words(), 50)}\")", True,
                    [_edit(u, u.literal, want, f"operative paragraph {u.literal} is now {want}")]))
            else:
                problems.append(Problem(
                    "numbering", u.where(), u.para.index,
                    f"Word numbers it {u.shown}. but it is operative paragraph {want}: a typed "
                    "number above it breaks the automatic numbering", False))
    if n_lit > n_auto:
        for u in ops:
            if u.auto:
                problems.append(Problem(
                    "numbering", u.where(), u.para.index,
                    "numbered automatically by Word among paragraphs with typed numbers "
                    f"(Word shows it as {u.shown}.; it is operative paragraph {u.number})", False))
    for u in st.subs:
        want = u.expected_label()
        if u.literal is not None and u.literal != want:
            problems.append(Problem(
                "numbering", u.where(), u.para.index,
                f"lettered ({u.literal}) but it is sub-paragraph ({want}) of "
                f"{u.parent.where() if u.parent else 'its paragraph'}", True,
                [_edit(u, u.literal, want, f"sub-paragraph ({u.literal}) is now ({want})")]))
    for u in st.others:
        problems.append(Problem(
            "numbering", u.where(), u.para.index,
            f"a paragraph without a number among the operative paragraphs "
            f"(\"{_excerpt(u.words(), 50)}\"): number it or join it to the paragraph above", False))


def _literal_markers(u: Unit) -> list[tuple[tuple[int, int], int]]:
    """Typed footnote numbers in a unit: superscript digits (formatting or Unicode)."""
    out = []
    i = u.body_start
    text = u.text
    while i < len(text):
        a = u.atoms[i]
        is_sup = (a.ch.isdigit() and a.sup and a.fnref is None) or a.ch in SUPERSCRIPT_DIGITS
        if not is_sup:
            i += 1
            continue
        j = i
        while j < len(text) and ((u.atoms[j].ch.isdigit() and u.atoms[j].sup
                                  and u.atoms[j].fnref is None)
                                 or u.atoms[j].ch in SUPERSCRIPT_DIGITS):
            j += 1
        out.append(((i, j), int(_digits(text[i:j]))))
        i = j
    return out


def _check_footnotes(d: DraftDocument, problems: list[Problem]) -> None:
    body = [u for u in d.current.units if u.kind in ("preamble", "operative", "sub", "other")]
    shown = d.note_numbers[CURRENT]
    base_shown = d.note_numbers[BASE]
    word_refs = False
    for u in d.current.units:
        for a in u.atoms:
            if a.fnref is None:
                continue
            if a.fnref not in d.notes:
                problems.append(Problem("footnotes", u.where(), u.para.index,
                                        "a footnote reference points at a footnote that does "
                                        f"not exist (w:id {a.fnref})", False))
            elif not a.custom:
                word_refs = True
                note = d.notes[a.fnref]
                if not note.text(CURRENT).replace(FN, "").strip():
                    problems.append(Problem("footnotes", u.where(), u.para.index,
                                            f"footnote {shown.get(a.fnref)} is empty", False))
    typed = [(u, span, n) for u in body for span, n in _literal_markers(u)]
    notes_by_label: dict[str, list[Unit]] = {}
    for nu in d.current.notes:
        notes_by_label.setdefault(nu.literal or "", []).append(nu)
    if word_refs and d.current.notes:
        problems.append(Problem("footnotes", d.current.notes[0].where(),
                                d.current.notes[0].para.index,
                                "the draft has both Word footnotes and typed footnote texts; "
                                "make the typed ones Word footnotes", False))
        return
    if word_refs or (not typed and not d.current.notes):
        # typed numbers that repeat a Word footnote (drafter writes a repeated marker so)
        by_number = {n: fid for fid, n in shown.items()}
        by_base = {n: fid for fid, n in base_shown.items()}
        for u, span, n in typed:
            frame = _frame_of(u, span)
            fid = by_base.get(n) if frame == BASE else by_number.get(n)
            if frame == "either" and fid is None:
                fid = by_base.get(n)
            if fid is None or fid not in shown:
                problems.append(Problem("footnotes", u.where(), u.para.index,
                                        f"the typed footnote number {n} has no footnote", False))
                continue
            if shown[fid] != n:
                problems.append(Problem(
                    "footnotes", u.where(), u.para.index,
                    f"the typed footnote number {n} repeats a footnote that Word now numbers "
                    f"{shown[fid]}", True,
                    [Edit(u.para.index, *span, u.text[span[0]:span[1]],
                          _same_style_digits(u.text[span[0]:span[1]], shown[fid]),
                          f"footnote {n} is now {shown[fid]}")]))
        return
    # typed footnotes throughout: numbers in order of first appearance, each with its text
    order: list[int] = []
    for _u, _span, n in typed:
        if n not in order:
            order.append(n)
    mapping = {old: i + 1 for i, old in enumerate(order)}
    for u, _span, n in typed:
        if str(n) not in notes_by_label:
            problems.append(Problem("footnotes", u.where(), u.para.index,
                                    f"the footnote number {n} has no footnote text", False))
    wrong = [n for n in order if mapping[n] != n]
    if wrong:
        seq = ", ".join(str(n) for n in order)
        edits: list[Edit] = []
        for u, span, n in typed:
            if mapping[n] != n:
                edits.append(Edit(u.para.index, *span, u.text[span[0]:span[1]],
                                  _same_style_digits(u.text[span[0]:span[1]], mapping[n]),
                                  f"footnote {n} is now {mapping[n]}"))
        for label, units in notes_by_label.items():
            if label.isdigit() and int(label) in mapping and mapping[int(label)] != int(label):
                for nu in units:
                    start, end = nu.literal_span or (0, 0)
                    old = nu.text[start:end]
                    edits.append(_edit(nu, old, _same_style_digits(old, mapping[int(label)]),
                                       f"footnote text {label} is now {mapping[int(label)]}"))
        first = next(u for u, _s, n in typed if n == wrong[0])
        problems.append(Problem("footnotes", first.where(), first.para.index,
                                f"footnote numbers are not in order of first appearance ({seq})",
                                True, edits))
    final = [mapping.get(int(nu.literal), int(nu.literal)) for nu in d.current.notes
             if nu.literal and nu.literal.isdigit()]
    if not wrong and final != sorted(final):
        nu = d.current.notes[0]
        problems.append(Problem("footnotes", nu.where(), nu.para.index,
                                "the footnote texts are not in order ("
                                + ", ".join(str(n) for n in final) + ")", True))
    for label, units in notes_by_label.items():
        if label.isdigit() and int(label) not in mapping:
            problems.append(Problem("footnotes", units[0].where(), units[0].para.index,
                                    f"footnote text {label} is never referenced", False))
        if len(units) > 1:
            problems.append(Problem("footnotes", units[1].where(), units[1].para.index,
                                    f"{len(units)} footnote texts are numbered {label}", False))


def _same_style_digits(old: str, n: int) -> str:
    if old and all(c in SUPERSCRIPT_DIGITS for c in old):
        return "".join(SUPERSCRIPT_DIGITS[int(c)] for c in str(n))
    return str(n)


# =============================================================================================
# punctuation

def _ending(u: Unit) -> str:
    """The paragraph's words without footnote marks (Word's or typed) and trailing space."""
    text = "".join(a.ch for a in u.atoms[u.body_start:] if not (a.sup and a.ch.isdigit()))
    return text.replace(FN, "").rstrip(" \t\n\u00a0" + SUPERSCRIPT_DIGITS)


def _check_punctuation(d: DraftDocument, problems: list[Problem]) -> None:
    st = d.current
    ops = st.operative

    def check(u: Unit, allowed: tuple[str, ...], what: str) -> None:
        end = _ending(u)
        if not end:
            return
        if end.endswith(allowed):
            return
        if ";" in allowed and re.search(r";\s+(?:and|or)$", end):
            return
        shown = end[-1]
        problems.append(Problem("punctuation", u.where(), u.para.index,
                                f"{what} ends with {shown!r} (\"...{_excerpt(end[-40:], 40)}\")",
                                False))

    def walk_subs(parent: Unit, terminal: tuple[str, ...], terminal_word: str, other: tuple[str, ...]) -> None:
        kids = parent.children
        for k, s in enumerate(kids):
            last = k == len(kids) - 1
            if s.children:
                check(s, (":", ",", ";"), "a sub-paragraph with sub-paragraphs")
                walk_subs(s, terminal if last else other, terminal_word if last else "a semicolon", other)
                continue
            if last:
                check(s, terminal, f"the last sub-paragraph should end with {terminal_word}; it")
            else:
                check(s, other, "a sub-paragraph should end with a semicolon; it")

    for u in st.preamble:
        if u.children:
            check(u, (":", ","), "a preambular paragraph with sub-paragraphs should introduce them with a colon; it")
            walk_subs(u, (",",), "a comma", (";", ","))
        else:
            check(u, (",",), "a preambular paragraph should end with a comma; it")
    for i, u in enumerate(ops):
        last = i == len(ops) - 1
        terminal = (".",) if last else (";",)
        word = "a full stop" if last else "a semicolon"
        if u.children:
            check(u, (":",), "an operative paragraph with sub-paragraphs should introduce them with a colon; it")
            walk_subs(u, terminal, word, (";",))
        else:
            what = ("the last operative paragraph should end with a full stop; it" if last
                    else "an operative paragraph should end with a semicolon; it")
            check(u, terminal, what)


# =============================================================================================
# sessions, recalled resolutions, dates

RE_SESSION_LINE = re.compile(r"^\s*(" + ORDINAL_PATTERN + r")\s+session\s*$", re.IGNORECASE)
RE_SYMBOL_SESSION = re.compile(r"\bA/(?:C\.\d/|RES/|SPC/)?(\d{1,3})/(?:L\.|\d)")
RE_ADOPTED = re.compile(r"Resolution adopted by the General Assembly on (\d{1,2} \w+ \d{4})")
RE_DECIDES = re.compile(
    r"\b(?:[Dd]ecides|[Dd]ecide)\b[^.;]*?\b(?:at|of|to) its\s+(" + ORDINAL_PATTERN + r")\s+session",
    re.IGNORECASE)
RE_REPORTS = re.compile(
    r"\b(?:report|submit|present|transmit)\w*\b[^.;]*?\b(?:at|to) its\s+("
    + ORDINAL_PATTERN + r")\s+session", re.IGNORECASE)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
RE_ANY_DATE = re.compile(r"(?<![\d/])(\d{1,2})\s+(" + _MONTHS + r")\b(?:\s+(\d{4}))?(?!\d)")


def draft_session(d: DraftDocument, given: int | None) -> tuple[int | None, str, list[Problem]]:
    problems: list[Problem] = []
    masthead = d.current.masthead
    line_session: tuple[int, Unit] | None = None
    symbol_session: tuple[int, Unit, str] | None = None
    adopted: tuple[int, Unit, str] | None = None
    for u in masthead:
        plain = u.text.replace(FN, "")
        m = RE_SESSION_LINE.match(plain)
        if m and line_session is None:
            try:
                line_session = (parse_ordinal(m.group(1)), u)
            except ValueError:
                pass
        m2 = RE_SYMBOL_SESSION.search(plain)
        if m2 and symbol_session is None:
            symbol_session = (int(m2.group(1)), u, m2.group(0).rstrip("L.0123456789/"))
        m3 = RE_ADOPTED.search(plain)
        if m3 and adopted is None:
            try:
                dt = parse_un_date(m3.group(1))
                adopted = (dt.year - 1945 if dt.month >= 9 else dt.year - 1946, u, m3.group(1))
            except ValueError:
                pass
    if given is not None:
        session, evidence = given, "given with --session"
    elif line_session is not None:
        session = line_session[0]
        evidence = f"the masthead says \"{ordinal_word(session, capital=True)} session\""
    elif symbol_session is not None:
        session, evidence = symbol_session[0], "the symbol on the masthead"
    elif adopted is not None:
        session, evidence = adopted[0], f"adopted on {adopted[2]}"
    else:
        return None, "unknown (no --session, no session line or symbol on the masthead)", problems
    if line_session is not None and line_session[0] != session:
        u = line_session[1]
        problems.append(Problem("session", "masthead", u.para.index,
                                f"the masthead says \"{_excerpt(u.text)}\" but the draft is for "
                                f"session {session} ({evidence})"))
    if symbol_session is not None and symbol_session[0] != session:
        u = symbol_session[1]
        problems.append(Problem("session", "masthead", u.para.index,
                                f"the symbol on the masthead is of session {symbol_session[0]}, "
                                f"the draft is for session {session} ({evidence})"))
    return session, evidence, problems


def _check_ordinals(d: DraftDocument, session: int, period: int, period_evidence: str,
                    problems: list[Problem]) -> None:
    want = session + period
    every = "every session" if period == 1 else f"every {period} sessions"
    for u in d.current.operative + [s for s in d.current.subs if _top(s).kind == "operative"]:
        text = u.text.replace(FN, " ")
        seen: set[int] = set()
        for rx, what in ((RE_DECIDES, "decides"), (RE_REPORTS, "asks for a report")):
            for m in rx.finditer(text):
                if m.start(1) in seen:
                    continue
                seen.add(m.start(1))
                try:
                    n = parse_ordinal(m.group(1))
                except ValueError:
                    continue
                if n != want:
                    problems.append(Problem(
                        "session", u.where(), u.para.index,
                        f"\"at its {m.group(1)} session\" ({what}): a session-{session} draft of a "
                        f"series that comes back {every} should say \"{ordinal_word(want)}\" "
                        f"(period: {period_evidence})"))


def _top(u: Unit) -> Unit:
    while u.parent is not None:
        u = u.parent
    return u


def _check_recalled(d: DraftDocument, session: int, series: Any, problems: list[Problem]) -> None:
    from drafter.citations.sessions import format_un_date
    from drafter.citations.symbols import ResolutionCitation, find_citations

    members: dict[str, Any] = {}  # "68/160" -> Edition or None (cited by the series, not held)
    for ed in series.editions:
        num = ed.resolution.number
        if num:
            members[num] = ed
    for _sess, sym, _by in series.cited_missing:
        num = sym.replace("A/RES/", "")
        members.setdefault(num, None)
    earlier = [ed for ed in series.editions if ed.session is not None and ed.session < session
               and ed.resolution.number]
    if not earlier:
        return
    latest = max(earlier, key=lambda ed: ed.session)
    latest_num = latest.resolution.number
    cited: list[tuple[Unit, str, Any]] = []
    for u in d.current.preamble + d.current.operative + d.current.subs:
        text = u.text.replace(FN, "")
        for f in find_citations(text):
            v = f.value
            if f.kind != "resolution" or not isinstance(v, ResolutionCitation) or v.body != "GA":
                continue
            num = v.resolution.format()
            if num in members:
                cited.append((u, num, v.date))
    if not cited:
        return
    nums = {num for _u, num, _d in cited}
    for u, num, date in cited:
        ed = members.get(num)
        if latest_num not in nums and num != latest_num:
            ed_session = ed.session if ed is not None else None
            if ed_session is None:
                m = re.match(r"(\d{1,3})/", num)
                ed_session = int(m.group(1)) if m else None
            if ed_session is not None and ed_session < latest.session:
                when = f" of {format_un_date(latest.resolution.adopted)}" if latest.resolution.adopted else ""
                problems.append(Problem(
                    "recalled", u.where(), u.para.index,
                    f"recalls resolution {num} of the series, but the latest edition in the corpus "
                    f"is resolution {latest_num}{when} ({latest.path.name})"))
                continue
        if ed is not None and date is not None and ed.resolution.adopted and date != ed.resolution.adopted:
            problems.append(Problem(
                "recalled", u.where(), u.para.index,
                f"dates resolution {num} {format_un_date(date)}; the corpus has it adopted on "
                f"{format_un_date(ed.resolution.adopted)} ({ed.path.name})"))


def _all_texts(d: DraftDocument) -> list[tuple[str, int | None, str, str]]:
    """(where, paragraph, text, part) of every visible paragraph and every footnote."""
    out: list[tuple[str, int | None, str, str]] = [
        (u.where(), u.para.index, u.text, "document") for u in d.current.units]
    shown = d.note_numbers[CURRENT]
    for fid, note in d.notes.items():
        if fid not in shown:
            continue
        out.append((f"footnote {shown[fid]}", None, note.text(CURRENT), "footnotes"))
    return out


def _check_dates(d: DraftDocument, problems: list[Problem]) -> None:
    for where, index, text, _part in _all_texts(d):
        plain = text.replace(FN, "")
        for m in RE_ANY_DATE.finditer(plain):
            day, month, year = m.group(1), m.group(2), m.group(3)
            if year is None:
                ahead = re.search(r"\b(\d{4})\b", plain[m.end():m.end() + 60])
                if ahead is None:
                    continue
                year = ahead.group(1)
            try:
                parse_un_date(f"{int(day)} {month} {year}")
            except ValueError:
                problems.append(Problem("date", where, index,
                                        f"no such date: {int(day)} {month} {year}"))


# =============================================================================================
# to do: changes, comments, placeholders

RE_PLACEHOLDER = re.compile(r"\[[^\[\]\n]{0,80}\]|[^\s\[\]]*_{2,}[^\s\[\]]*")
RE_NOT_PLACEHOLDER = re.compile(r"^\[(?:on the report of|without reference to)", re.IGNORECASE)


def _note_where(d: DraftDocument, note_index: dict[int, str], index: int | None) -> str:
    if index is None:
        return "footnotes"
    fid = note_index.get(index)
    if fid is None:
        return "footnotes"
    for view in (CURRENT, BASE):
        n = d.note_numbers[view].get(fid)
        if n is not None:
            return f"footnote {n}" + ("" if view == CURRENT else " (deleted)")
    custom = fid in d.notes and any(a.ch == "*" for a in d.notes[fid].atoms[:3])
    return "the starred footnote" if custom else f"footnote (w:id {fid})"


def _footnote_paragraph_index(d: DraftDocument) -> dict[int, str]:
    from drafter.render.ooxml import notes_part

    part = notes_part(d.doc, "footnotes")
    out: dict[int, str] = {}
    if part is None:
        return out
    for i, p in enumerate(all_paragraphs(part.element)):
        fn = next((a for a in p.iterancestors(_w("footnote"))), None)
        if fn is not None:
            out[i] = fn.get(_w("id"), "")
    return out


def _done_comments(d: DraftDocument) -> set[str]:
    """Ids of comments marked done (resolved) in Word's commentsExtended part."""
    from drafter.render.ooxml import comments_root

    root = comments_root(d.doc)
    if root is None:
        return set()
    done_para: set[str] = set()
    for rel in d.doc.part.rels.values():
        if rel.is_external or not rel.reltype.endswith("/commentsExtended"):
            continue
        from lxml import etree

        part = rel.target_part
        el = getattr(part, "element", None)
        if el is None:
            try:
                el = etree.fromstring(part.blob)
            except etree.XMLSyntaxError:
                continue
        for ex in el.iter(f"{{{W15_NS}}}commentEx"):
            if ex.get(f"{{{W15_NS}}}done") in ("1", "true"):
                done_para.add(ex.get(f"{{{W15_NS}}}paraId", ""))
    if not done_para:
        return set()
    out = set()
    for c in root.findall(_w("comment")):
        ps = c.findall(_w("p"))
        if ps and ps[-1].get(f"{{{W14_NS}}}paraId") in done_para:
            out.add(c.get(_w("id"), ""))
    return out


def _todos(d: DraftDocument) -> tuple[list[Todo], list[Todo], list[Todo]]:
    from drafter.render.revisions import list_comments, list_revisions

    note_index = _footnote_paragraph_index(d)

    def where(part: str, index: int | None) -> str:
        if part == "document":
            return d.where(index)
        if part == "footnotes":
            return _note_where(d, note_index, index)
        return part

    changes = [
        Todo("change", where(r.part, r.paragraph), r.paragraph if r.part == "document" else None,
             r.text, author=r.author,
             detail=f"{r.kind}{'' if r.scope == 'run' else ' (' + r.scope + ')'}", part=r.part)
        for r in list_revisions(d.doc)
    ]
    done = _done_comments(d)
    comments = [
        Todo("comment", where(c.part or "document", c.paragraph) if c.part else "not anchored",
             c.paragraph if c.part == "document" else None, c.text, author=c.author,
             detail=f"on \"{_excerpt(c.anchor or c.anchor_deleted, 60)}\"", part=c.part or "")
        for c in list_comments(d.doc) if c.id not in done
    ]
    placeholders: list[Todo] = []
    for where_, index, text, part in _all_texts(d):
        plain = text.replace(FN, "\u2063")  # keep offsets; a footnote mark is no placeholder text
        covered: set[int] = set()
        for m in RE_PLACEHOLDER.finditer(plain):
            if RE_NOT_PLACEHOLDER.match(m.group(0)):
                continue
            placeholders.append(Todo("placeholder", where_, index, m.group(0), part=part,
                                     detail=_excerpt(plain.replace("\u2063", ""), 70)))
            covered.update(range(m.start(), m.end()))
        atoms = None
        if part == "document" and index is not None:
            unit = d.current.by_para.get(index)
            atoms = unit.atoms if unit is not None else None
        elif part == "footnotes":
            fid = next((f for f, n in d.note_numbers[CURRENT].items()
                        if f"footnote {n}" == where_), None)
            if fid is not None and fid in d.notes:
                atoms = [a for a in d.notes[fid].atoms if a.visible(CURRENT)]
        if atoms is None:
            continue
        i = 0
        while i < len(atoms):
            if not atoms[i].highlight or atoms[i].ch.isspace():
                i += 1
                continue
            j = i
            while j < len(atoms) and atoms[j].highlight:
                j += 1
            stretch = "".join(a.ch for a in atoms[i:j]).replace(FN, "").strip()
            if stretch and not covered.intersection(range(i, j)):
                placeholders.append(Todo("highlight", where_, index, stretch, part=part,
                                         detail="highlighted for an editor to confirm"))
            i = j
    return changes, comments, placeholders


# =============================================================================================
# the review


def _title(d: DraftDocument) -> str | None:
    m = d.current.masthead
    for u in m:
        tm = re.match(r"^\s*\d{1,3}/\d{1,4}\.\s+(\S.*)$", u.text.replace(FN, ""))
        if tm:
            return " ".join(tm.group(1).split())
    if len(m) >= 2 and RE_GA_LINE.match(m[-1].text.replace(FN, "")):
        cand = " ".join(m[-2].text.replace(FN, "").replace("*", "").split())
        if cand and "draft resolution" not in cand.lower():
            return cand
    return None


def _as_resolution(d: DraftDocument) -> Any:
    from drafter.model.resolution import Paragraph, Resolution

    pre = tuple(Paragraph("preamble", u.words()) for u in d.current.preamble)
    ops = tuple(Paragraph("operative", u.words(), number=u.number) for u in d.current.operative)
    return Resolution(title=_title(d), preamble=pre, operative=ops)


def review(
    source: Any,
    *,
    session: int | None = None,
    corpus: Any = None,
    corpus_dir: Path | str | None = None,
    use_corpus: bool = True,
) -> Review:
    """Review the draft at `source` (path or python-docx Document).

    `corpus` (a :class:`~drafter.corpus.folder.Corpus`) or `corpus_dir` gives the series' editions
    and period; by default the corpus is found as every command finds it. Without a corpus the
    checks that need one are skipped, and a note says so.
    """
    d = source if isinstance(source, DraftDocument) else open_draft(source)
    name = str(d.path) if d.path is not None else "document"
    notes: list[str] = []
    problems: list[Problem] = []
    if not d.current.body_found:
        notes.append("no 'The General Assembly,' line and no numbered paragraphs: is this a "
                     "resolution?")
    s, s_evidence, sp = draft_session(d, session)
    problems += sp
    series = None
    period, p_evidence = None, "unknown"
    if use_corpus:
        try:
            if corpus is None:
                from drafter.corpus.folder import load_corpus, locate_corpus

                corpus = load_corpus(locate_corpus(corpus_dir))
            from drafter.corpus.folder import match_series
            from drafter.engine.series import find_series

            slug, why = match_series(corpus, _as_resolution(d))
            if slug is not None:
                series = find_series(corpus, slug)
            if series is None:
                notes.append(f"no series in the corpus {corpus.root} matches this draft ({why}): "
                             "recalled resolutions not checked; period assumed annual")
        except Exception as e:  # the review goes on without the corpus, and says so
            from drafter.errors import DrafterError

            msg = e.one_line() if isinstance(e, DrafterError) else f"{type(e).__name__}: {e}"
            notes.append(f"corpus not used: {msg}")
    if series is not None:
        from drafter.engine.plan import period_of

        period, p_evidence = period_of(series)
    elif s is not None:
        period, p_evidence = 1, "no series found; assumed annual"
    _check_numbering(d, problems)
    for u in d.current.preamble + d.current.operative + d.current.subs:
        for ref in find_refs(u):
            _check_ref(d, ref, problems)
    _check_footnotes(d, problems)
    if s is not None and period is not None:
        _check_ordinals(d, s, period, p_evidence, problems)
    else:
        notes.append("the draft's session is unknown: session ordinals not checked "
                     "(give --session)")
    if s is not None and series is not None:
        _check_recalled(d, s, series, problems)
    _check_dates(d, problems)
    _check_punctuation(d, problems)
    changes, comments, placeholders = _todos(d)
    order = {u.para.index: i for i, u in enumerate(d.current.units)}
    problems.sort(key=lambda p: (order.get(p.paragraph, 10**6) if p.paragraph is not None else 10**6))
    return Review(name, s, s_evidence, series.slug if series is not None else None, period,
                  p_evidence, problems, changes, comments, placeholders, notes)


def fixes(d: DraftDocument, problems: list[Problem]) -> list[Edit]:
    """Every edit of the fixable problems, one per span."""
    seen: set[tuple[int, int, int]] = set()
    out: list[Edit] = []
    for p in problems:
        if not p.fixable:
            continue
        for e in p.edits:
            key = (e.para, e.start, e.end)
            if key not in seen:
                seen.add(key)
                out.append(e)
    return out


def renumbering_problems(d: DraftDocument) -> list[Problem]:
    """The problems renumber deals with: numbering, footnote order, cross-references."""
    problems: list[Problem] = []
    _check_numbering(d, problems)
    for u in d.current.preamble + d.current.operative + d.current.subs:
        for ref in find_refs(u):
            _check_ref(d, ref, problems)
    _check_footnotes(d, problems)
    return problems


__all__ = [
    "BASE", "CURRENT", "DraftDocument", "Edit", "Problem", "RENUMBER_AUTHOR", "Review", "Todo",
    "find_refs", "fixes", "open_draft", "renumbering_problems", "review",
]
