"""The structure of a Word draft of a resolution, as ``drafter review`` and ``drafter renumber``
read it.

The document is read twice, in the two views an editor can ask Word for: *current* (every
pending tracked change accepted) and *base* (every change rejected). Each paragraph is a list of
:class:`Atom` (one character each, tied to the XML that holds it, so that an edit can be made in
place); each view is cut into the parts of a resolution (:class:`Structure`): masthead
(everything before ``The General Assembly,``), preambular paragraphs, operative paragraphs
(numbered by Word's automatic numbering or by a typed ``5.``), their sub-paragraphs (``(a)``,
``(i)``), and after the operative part the meeting line and any typed footnote texts.
:class:`DraftDocument` holds both views and the Word footnotes; :class:`Problem` and
:class:`Edit` are what the checks (:mod:`drafter.editor.checks`,
:mod:`drafter.editor.references`) find in it and what renumber applies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drafter.citations.sessions import to_roman

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
class ViewParagraph:
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
    parent: ViewParagraph | None = None
    level: int = 0  # 1: (a), 2: (i)
    children: list[ViewParagraph] = field(default_factory=list)
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
            u: ViewParagraph | None = self
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
    """A second-level sub-paragraph label: ``4`` -> ``iv``."""
    return to_roman(n).lower()


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
    units: list[ViewParagraph]  # every visible paragraph, in order
    masthead: list[ViewParagraph]
    preamble: list[ViewParagraph]
    operative: list[ViewParagraph]
    subs: list[ViewParagraph]
    others: list[ViewParagraph]  # unnumbered paragraphs among the operative ones
    notes: list[ViewParagraph]  # typed footnote texts after the operative part
    by_para: dict[int, ViewParagraph]
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
    units: list[ViewParagraph] = []
    for para in paras:
        vis = para.visible(view)
        text = "".join(a.ch for a in vis)
        if not text.strip():
            continue
        units.append(ViewParagraph(para, view, "other", text, vis))
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
    last_top: ViewParagraph | None = None  # the operative or preambular paragraph subs belong to
    last_l1: ViewParagraph | None = None
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
            u.literal = digits(raw)
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


def digits(s: str) -> str:
    return "".join(str(SUPERSCRIPT_DIGITS.index(c)) if c in SUPERSCRIPT_DIGITS else c for c in s)


# =============================================================================================
# the document


@dataclass(eq=False)
class WordFootnote:
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
    notes: dict[str, WordFootnote]  # Word footnotes by w:id (separators left out)
    note_numbers: dict[str, dict[str, int]]  # view -> w:id -> number Word shows
    moved: dict[int, int] = field(default_factory=dict)  # moved-from paragraph -> moved-to

    def unit(self, index: int, view: str = CURRENT) -> ViewParagraph | None:
        return (self.current if view == CURRENT else self.base).by_para.get(index)

    def now(self, base_unit: ViewParagraph) -> ViewParagraph | None:
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
    notes: dict[str, WordFootnote] = {}
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
            notes[fn.get(_w("id"), "")] = WordFootnote(fn.get(_w("id"), ""), fn, atoms, ps)
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



def excerpt(text: str, limit: int = 70) -> str:
    s = " ".join(text.replace(FN, "").split())
    return s if len(s) <= limit else s[: limit - 3].rstrip() + "..."

