"""Word .docx editions, read into the MARKDOWN text family so the same parser reads them.

The text has the shape of the Markdown-like seed editions:

* one line per paragraph, a blank line between paragraphs (a manual line break inside a
  paragraph stays a single ``\\n``); empty paragraphs are left out;
* table cells (mastheads are often tables) in reading order, row by row, one cell per block:
  the cell's paragraphs on consecutive lines;
* italic runs as ``*...*``: adjacent italic runs merged, spaces kept outside the asterisks,
  italic runs without a letter or digit (a lone comma) left plain; a literal ``*`` in the
  document is written ``\\*``;
* footnote references as Unicode superscript digits (``¹``, ``¹⁰``), numbered in order of
  reference as Word shows them; a custom-mark footnote keeps its mark (``\\*``);
* the footnotes after the body, each a line ``¹ text`` (custom mark: ``\\* text``) with blank
  lines between; separator footnotes are skipped; the footnotes part is found through the
  document's relationships;
* automatic numbering (``numPr`` on the paragraph or its style; decimal, letter and roman
  formats) becomes its literal label (``1. ``, ``(a) ``) unless the text already starts with
  it; leading white space is dropped and tabs become a single space;
* tracked changes read as accepted (inserted and moved-to text kept; deleted and moved-from
  text dropped), and every pending change and comment counted with its place:
  ``Source.pending`` says what the document still holds for review (``drafter add`` refuses
  it without ``--accept-changes``), and a warning says the text is the accepted view;
* the first page's own header (``w:titlePg`` with a ``headerReference type="first"``), where
  the masthead often is, read before the body like body text (``"first-page header,
  paragraph N"``); comments, hidden text, field codes, other headers, footers and text boxes
  ignored;
* no-break spaces become plain spaces.

``segments`` say ``"paragraph N"`` (N counts every ``w:p`` of the body in order, table cells
included, from 1) or ``"footnote N"``, with the character offset inside that paragraph or
footnote's own text, so ``source.locate(i)`` points back into the document.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from drafter.readers.markup import Char, Out, excerpt, join_blocks, pending_summary
from drafter.readers.markup import render as _render
from drafter.readers.markup import segments as _segments
from drafter.readers.markup import tidy as _tidy
from drafter.readers.numbering import WordNumbering, style_chain
from drafter.readers.numbering import child_val as _val
from drafter.readers.safety import (
    MAX_DOCX_BYTES,
    display_name,
    fail,
    open_zip_safely,
    parse_xml,
    read_limited,
    reader_errors,
)
from drafter.readers.source import Family, Segment, Source

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_ACTION = "open it in Word and save it again as .docx, or give the .txt or .pdf"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


VAL = _w("val")
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W_INS, W_DEL, W_MOVE_FROM, W_MOVE_TO = _w("ins"), _w("del"), _w("moveFrom"), _w("moveTo")
W_COMMENT_START, W_COMMENT_REF = _w("commentRangeStart"), _w("commentReference")
W_P, W_R, W_T, W_TBL, W_TR, W_TC = _w("p"), _w("r"), _w("t"), _w("tbl"), _w("tr"), _w("tc")
W_PPR, W_RPR, W_SDT, W_SDT_CONTENT = _w("pPr"), _w("rPr"), _w("sdt"), _w("sdtContent")
_INLINE_CONTAINERS = {_w(t) for t in ("ins", "moveTo", "hyperlink", "smartTag", "customXml", "fldSimple", "bdo", "dir")}
_BLOCK_CONTAINERS = {_w(t) for t in ("customXml", "ins", "moveTo")}
_ROW_CONTAINERS = {_w(t) for t in ("customXml", "ins", "moveTo")}
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " "})


def superscript(n: int | str) -> str:
    """``12`` -> ``"¹²"``."""
    return "".join(SUPERSCRIPTS[int(d)] for d in str(n))


def read_docx(path: str | os.PathLike[str]) -> Source:
    """Read a Word .docx edition from ``path``."""
    name = display_name(path)
    data = read_limited(path, MAX_DOCX_BYTES, what="a Word document")
    return docx_source(data, name=name, path=os.fspath(path))


def docx_source(data: bytes, *, name: str = "document", path: str | None = None) -> Source:
    """A MARKDOWN-family :class:`Source` from the bytes of a .docx file."""
    open_zip_safely(data, name=name).close()
    with reader_errors(name, "a Word document", _ACTION):
        import docx  # python-docx; imported here so text-only use does not pay for it

        try:
            document = docx.Document(io.BytesIO(data))
        except ValueError as e:
            if "not a Word file" in str(e):
                ctype = re.search(r"content type is '([^']*)'", str(e))
                what = f" (it is {ctype.group(1)})" if ctype else ""
                raise fail(name, f"is a zip archive but not a Word .docx document{what}",
                           "give a .docx, .txt or .pdf") from None
            raise
        except KeyError as e:
            raise fail(name, f"is a damaged .docx (missing part {e})", _ACTION) from None
        reader = _DocxReader(document, name)
        text, segments, warnings = reader.run()
        pending = reader.pending()
        if pending:
            warnings.append(f"{name}: {pending}; read as if every change were accepted and the comments deleted")
    if not text.strip():
        raise fail(name, "contains no text", "give the .docx of a resolution, or its .txt or .pdf")
    return Source(
        text=text,
        family=Family.MARKDOWN,
        path=path,
        kind="docx",
        sha256=hashlib.sha256(data).hexdigest(),
        segments=tuple(segments),
        warnings=tuple(warnings),
        pending=pending,
    )


# --- small XML helpers ---------------------------------------------------------------------------
def _toggle(rpr: etree._Element | None, tag: str) -> bool | None:
    """A boolean run property (``<w:i/>``, ``<w:i w:val="0"/>``): True, False or None (unset)."""
    if rpr is None:
        return None
    el = rpr.find(_w(tag))
    if el is None:
        return None
    val = el.get(VAL)
    return val is None or val.lower() not in ("0", "false", "off")


# --- styles ------------------------------------------------------------------------------------
class _Styles:
    def __init__(self, root: etree._Element | None) -> None:
        self.by_id: dict[str, etree._Element] = {}
        self.default_paragraph: str | None = None
        self.default_italic: bool | None = None
        self._italic_cache: dict[tuple[str | None, str | None], bool] = {}
        if root is None:
            return
        for style in root.findall(_w("style")):
            sid = style.get(_w("styleId"))
            if sid is None:
                continue
            self.by_id.setdefault(sid, style)
            if style.get(_w("type")) == "paragraph" and style.get(_w("default")) in ("1", "true", "on"):
                self.default_paragraph = sid
        defaults = root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}")
        self.default_italic = _toggle(defaults, "i")

    def chain(self, style_id: str | None) -> Iterator[etree._Element]:
        return style_chain(self.by_id, style_id)

    def _style_italic(self, style_id: str | None) -> bool | None:
        for style in self.chain(style_id):
            v = _toggle(style.find(W_RPR), "i")
            if v is not None:
                return v
        return None

    def italic(self, rpr: etree._Element | None, para_style: str | None) -> bool:
        direct = _toggle(rpr, "i")
        if direct is not None:
            return direct
        char_style = _val(rpr, "rStyle")
        key = (char_style, para_style)
        if key not in self._italic_cache:
            v = self._style_italic(char_style) if char_style else None
            if v is None:
                v = self._style_italic(para_style or self.default_paragraph)
            if v is None:
                v = self.default_italic
            self._italic_cache[key] = bool(v)
        return self._italic_cache[key]


# --- reading ---------------------------------------------------------------------------------------
# a character of a paragraph while it is being built, and of the output (drafter.readers.markup)
_Char = Char
_Out = Out


@dataclass
class _Para:
    chars: list[_Char]
    where: str
    pos: int = 0
    style: str | None = None
    in_note: bool = False


class _DocxReader:
    def __init__(self, document: object, name: str) -> None:
        self.document = document
        self.name = name
        self.warnings: list[str] = []
        part = document.part  # type: ignore[attr-defined]
        styles = self._related_xml(part, RT.STYLES, "styles")
        self.styles = _Styles(styles)
        self.numbering = WordNumbering(self._related_xml(part, RT.NUMBERING, "numbering"), styles)
        notes_root = self._related_xml(part, RT.FOOTNOTES, "footnotes")
        self.notes: dict[str, etree._Element] = {}
        if notes_root is not None:
            for note in notes_root.findall(_w("footnote")):
                if note.get(_w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                self.notes.setdefault(note.get(_w("id"), ""), note)
        self.note_labels: dict[str, str] = {}
        self.note_order: list[str] = []
        self.note_counter = 0
        self.paragraph_no = 0
        self.place = ""  # "" for the body; "first-page header, " while reading that header
        self.endnotes = False
        self.carry: list[_Char] = []  # a paragraph whose mark is a tracked deletion
        self.revisions: list[tuple[str, str]] = []  # (kind, where) of pending tracked changes
        self.comments: dict[str, str] = {}  # comment id -> where its range or reference is
        self.excerpts: dict[str, str] = {}  # "paragraph N" -> its first words, to name it

    def _related_xml(self, part: object, reltype: str, what: str) -> etree._Element | None:
        """The XML of the part related to the document by ``reltype`` (its own path, any)."""
        for rel in part.rels.values():  # type: ignore[attr-defined]
            if rel.reltype == reltype and not rel.is_external:
                target = rel.target_part
                element = getattr(target, "element", None)  # python-docx parsed it already
                if element is not None:
                    return element
                return parse_xml(target.blob, name=self.name, part=str(target.partname))
        return None

    # -- the whole document --
    def run(self) -> tuple[str, list[Segment], list[str]]:
        body = self.document.element.body  # type: ignore[attr-defined]
        blocks = [chars for chars in self._first_page_header(body) if chars]
        blocks += [chars for chars in self._blocks(body) if chars]
        if self.carry:
            blocks.append(_render(_tidy(self.carry)))
            self.carry = []
        for fid in self.note_order:
            note = self._footnote(fid)
            if note:
                blocks.append(note)
        unused = [fid for fid in self.notes if fid not in self.note_labels]
        if unused:
            self.warnings.append(f"{self.name}: {len(unused)} footnote(s) are never referenced in the text; left out")
        if self.endnotes:
            self.warnings.append(f"{self.name}: the document has endnotes; drafter does not read them")
        if any(True for _ in body.iter(_w("txbxContent"))):
            self.warnings.append(f"{self.name}: text in text boxes was not read")
        out = join_blocks(blocks)
        return "".join(c[0] for c in out), _segments(out), self.warnings

    def _first_page_header(self, body: etree._Element) -> Iterator[list[_Out]]:
        """The first page's own header (``w:titlePg`` and a ``headerReference type="first"``
        in the first section), where UN documents often keep the masthead: read like body
        text, its paragraphs located as ``first-page header, paragraph N``."""
        sect = next(body.iter(_w("sectPr")), None)
        if sect is None or not _toggle(sect, "titlePg"):
            return
        ref = next((r for r in sect.findall(_w("headerReference")) if r.get(_w("type")) == "first"), None)
        rid = ref.get(f"{{{R_NS}}}id") if ref is not None else None
        part = self.document.part.related_parts.get(rid) if rid else None  # type: ignore[attr-defined]
        if part is None:
            return
        root = getattr(part, "element", None)
        if root is None:
            root = parse_xml(part.blob, name=self.name, part=str(part.partname))
        saved = self.paragraph_no
        self.place, self.paragraph_no = "first-page header, ", 0
        try:
            yield from self._blocks(root)
        finally:
            self.place, self.paragraph_no = "", saved

    def _revision(self, kind: str, where: str) -> None:
        self.revisions.append((kind, where))

    def pending(self) -> str | None:
        """What is still pending review in the document, on one line; None when nothing is."""
        return pending_summary(self.revisions, list(self.comments.values()), self.excerpts)

    def _blocks(self, container: etree._Element) -> Iterator[list[_Out]]:
        for child in container:
            tag = child.tag
            if tag in (W_INS, W_MOVE_TO):
                self._revision("insertion" if tag == W_INS else "move", f"{self.place}paragraph {self.paragraph_no + 1}")
            if tag == W_P:
                yield self._paragraph(child)
            elif tag == W_TBL:
                yield from self._table(child)
            elif tag == W_SDT:
                content = child.find(W_SDT_CONTENT)
                if content is not None:
                    yield from self._blocks(content)
            elif tag in _BLOCK_CONTAINERS:
                yield from self._blocks(child)
            elif tag == _w("altChunk"):
                self.warnings.append(f"{self.name}: an embedded document (altChunk) was not read")

    def _table(self, tbl: etree._Element) -> Iterator[list[_Out]]:
        for tr in self._children(tbl, W_TR, _ROW_CONTAINERS):
            trpr = tr.find(_w("trPr"))
            if trpr is not None and trpr.find(W_INS) is not None:
                self._revision("insertion", f"{self.place}paragraph {self.paragraph_no + 1}")
            if trpr is not None and trpr.find(W_DEL) is not None:
                self._revision("deletion", f"{self.place}paragraph {self.paragraph_no + 1}")
                continue  # a deleted row
            for tc in self._children(tr, W_TC, _ROW_CONTAINERS):
                cell: list[_Out] = []
                for chars in self._blocks(tc):
                    if chars:
                        if cell:
                            cell.append(("\n", "", 0, True))
                        cell.extend(chars)
                if cell:
                    yield cell

    def _children(self, el: etree._Element, tag: str, containers: set[str]) -> Iterator[etree._Element]:
        for child in el:
            if child.tag == tag:
                yield child
            elif child.tag == W_SDT:
                content = child.find(W_SDT_CONTENT)
                if content is not None:
                    yield from self._children(content, tag, containers)
            elif child.tag in containers:
                yield from self._children(child, tag, containers)

    # -- one paragraph --
    def _paragraph(self, p: etree._Element) -> list[_Out]:
        self.paragraph_no += 1
        where = f"{self.place}paragraph {self.paragraph_no}"
        ppr = p.find(W_PPR)
        style = _val(ppr, "pStyle") or self.styles.default_paragraph
        para = _Para(self.carry, where, style=style)
        self.carry = []
        self._inline(p, para)
        label = self._label(ppr, style)
        rpr = ppr.find(W_RPR) if ppr is not None else None
        if rpr is not None and rpr.find(W_INS) is not None:
            self._revision("insertion", where)  # an inserted paragraph mark
        if rpr is not None and rpr.find(W_DEL) is not None:
            self._revision("deletion", where)
            # the paragraph mark is a tracked deletion: accepted, this paragraph runs on into the next
            self.carry = para.chars
            self.excerpts[where] = excerpt("".join(c[0] for c in para.chars if c[3] == where))
            return []
        chars = _tidy(para.chars)
        if label and chars and not _starts_with_label(chars, label):
            chars = [(ch, False, -1, where) for ch in label + " "] + chars
        self.excerpts[where] = excerpt("".join(c[0] for c in chars))
        return _render(chars)

    def _label(self, ppr: etree._Element | None, style: str | None) -> str | None:
        label = self.numbering.label(ppr, style)
        return label.text if label is not None and label.is_number else None

    def _inline(self, el: etree._Element, para: _Para) -> None:
        for child in el:
            tag = child.tag
            if tag == W_R:
                self._run(child, para)
            elif tag in _INLINE_CONTAINERS:
                if tag in (W_INS, W_MOVE_TO):
                    self._revision("insertion" if tag == W_INS else "move", para.where)
                self._inline(child, para)
            elif tag in (W_DEL, W_MOVE_FROM):
                if tag == W_DEL:
                    self._revision("deletion", para.where)
            elif tag in (W_COMMENT_START, W_COMMENT_REF):
                self.comments.setdefault(child.get(_w("id"), ""), para.where)
            elif tag == W_SDT:
                content = child.find(W_SDT_CONTENT)
                if content is not None:
                    self._inline(content, para)
            # w:del, w:moveFrom (tracked deletions), w:pPr, comment and bookmark marks,
            # proofing marks, math and anything unknown: no text

    def _run(self, r: etree._Element, para: _Para) -> None:
        rpr = r.find(W_RPR)
        if _toggle(rpr, "vanish") or _toggle(rpr, "webHidden"):
            return
        italic = self.styles.italic(rpr, para.style)
        custom_mark = False
        out = para.chars
        for c in r:
            tag = c.tag
            if tag == W_T:
                for ch in (c.text or "").translate(_SPACES):
                    out.append((ch, italic and not custom_mark, para.pos, para.where))
                    para.pos += 1
            elif tag in (_w("tab"), _w("ptab")):
                out.append(("\t", False, para.pos, para.where))
                para.pos += 1
            elif tag in (_w("br"), _w("cr")):
                if c.get(_w("type")) in ("page", "column"):
                    continue
                out.append(("\n", False, para.pos, para.where))
                para.pos += 1
            elif tag == _w("noBreakHyphen"):
                out.append(("-", italic, para.pos, para.where))
                para.pos += 1
            elif tag == _w("sym"):
                code = _int_hex(c.get(_w("char")))
                if code is not None and not 0xE000 <= code <= 0xF8FF and code >= 0x20:
                    out.append((chr(code), italic, para.pos, para.where))
                    para.pos += 1
            elif tag == _w("footnoteReference"):
                if para.in_note:
                    continue
                fid = c.get(_w("id"), "")
                if c.get(_w("customMarkFollows")) in ("1", "true", "on"):
                    custom_mark = True
                    mark = "".join(t.text or "" for t in r.iter(W_T)).strip() or "*"
                    self._note_label(fid, mark)
                else:
                    label = self._note_label(fid, None)
                    out.extend((ch, False, -1, para.where) for ch in superscript(label))
            elif tag == _w("endnoteReference"):
                self.endnotes = True
            elif tag == W_COMMENT_REF:
                self.comments.setdefault(c.get(_w("id"), ""), para.where)
            # w:footnoteRef (the number inside a footnote: drafter writes its own), w:delText,
            # w:instrText (field codes), w:fldChar, w:softHyphen, drawings, pictures: no text

    def _note_label(self, fid: str, custom: str | None) -> str:
        if fid in self.note_labels:
            return self.note_labels[fid]
        if custom is not None:
            label = custom
        else:
            self.note_counter += 1
            label = str(self.note_counter)
        self.note_labels[fid] = label
        self.note_order.append(fid)
        return label

    def _footnote(self, fid: str) -> list[_Out]:
        label = self.note_labels[fid]
        note = self.notes.get(fid)
        if note is None:
            self.warnings.append(f"{self.name}: footnote {label} is referenced but has no text")
            return []
        where = f"footnote {label}"
        para = _Para([], where, in_note=True)
        for p in note.iter(W_P):
            if para.chars:
                para.chars.append((" ", False, -1, where))
            ppr = p.find(W_PPR)
            para.style = _val(ppr, "pStyle") or self.styles.default_paragraph
            self._inline(p, para)
        chars = _tidy(para.chars)
        if label.isdigit():
            mark = superscript(label)
        else:
            mark = label
            if "".join(c[0] for c in chars[: len(label)]) == label:
                chars = chars[len(label):]
                while chars and chars[0][0].isspace():
                    chars = chars[1:]
        prefix: list[_Char] = [(ch, False, -1, where) for ch in mark + " "]
        return _render(prefix + chars)


def _int_hex(text: str | None) -> int | None:
    try:
        return int(text, 16) if text else None
    except ValueError:
        return None


def _starts_with_label(chars: list[_Char], label: str) -> bool:
    head = "".join(c[0] for c in chars[: len(label) + 1])
    return head.startswith(label) and (len(head) == len(label) or not head[len(label)].isalnum())
