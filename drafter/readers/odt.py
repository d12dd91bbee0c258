"""OpenDocument text (.odt) editions, read directly from their XML into the MARKDOWN family.

The same shape of text the Word reader gives (:mod:`drafter.readers.docx`): one line per
paragraph (``text:p``, ``text:h``, list items, table cells row by row), blank lines between,
italic runs as ``*...*`` (automatic and named styles with ``fo:font-style="italic"``, their
parents followed), footnote citations as ``¹`` with the notes after the body, ``text:s`` and
``text:tab`` as spaces, ``text:line-break`` a line break. Tracked changes read as accepted (the
inserted text is in the body; the deleted text only in ``text:tracked-changes``, left out) and,
with comments (``office:annotation``), counted in ``Source.pending`` as for Word; the first
page's own header (the master page of the first paragraph when it is a first-page style, or
its ``style:header-first``) read before the body like a masthead.

The archive is checked like a .docx (zip bombs, unsafe names, encryption, DOCTYPEs) before
any part is parsed. ``segments`` say ``"paragraph N"`` (every ``text:p``/``text:h`` of the
body in order, from 1), ``"footnote N"`` or ``"first-page header, paragraph N"``.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Iterator
from typing import Any

from drafter.readers.markup import (
    Char,
    Out,
    excerpt,
    join_blocks,
    pending_summary,
    render,
    segments,
    tidy,
)
from drafter.readers.safety import fail, open_zip_safely, parse_xml, reader_errors
from drafter.readers.source import Family, Source

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
}
ODT_MIME = b"application/vnd.oasis.opendocument.text"
_ACTION = "open it in LibreOffice or Word and save it again, or give the .docx, .txt or .pdf"
_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " "})
MAX_PART_BYTES = 50 * 1024 * 1024


def _q(prefix: str, tag: str) -> str:
    return f"{{{NS[prefix]}}}{tag}"


T_P, T_H, T_SPAN, T_A, T_S, T_TAB, T_BR = (_q("text", t) for t in ("p", "h", "span", "a", "s", "tab", "line-break"))
T_NOTE, T_CITATION, T_BODY = _q("text", "note"), _q("text", "note-citation"), _q("text", "note-body")
T_LIST, T_ITEM, T_HEADER_ITEM = _q("text", "list"), _q("text", "list-item"), _q("text", "list-header")
T_SECTION, T_TRACKED, T_CHANGE_START, T_CHANGE = (_q("text", t) for t in ("section", "tracked-changes", "change-start", "change"))
T_CHANGED_REGION = _q("text", "changed-region")
TABLE, ROW, CELL = _q("table", "table"), _q("table", "table-row"), _q("table", "table-cell")
ANNOTATION = _q("office", "annotation")
STYLE_NAME, TEXT_STYLE = _q("text", "style-name"), _q("style", "name")


def sniff_odt(head: bytes) -> bool:
    """An OpenDocument file starts with its uncompressed ``mimetype`` member."""
    return head.startswith(b"PK\x03\x04") and head[30:38] == b"mimetype" and b"opendocument" in head[38:120]


def odt_source(data: bytes, *, name: str = "document.odt", path: str | None = None) -> Source:
    if ODT_MIME not in data[30:120]:
        kind = data[38:120].split(b"PK")[0].decode("ascii", "replace")
        raise fail(name, f"is an OpenDocument file but not a text document ({kind})",
                   "give the resolution as .odt, .docx, .txt or .pdf")
    zf = open_zip_safely(data, name=name, required="content.xml")
    with zf, reader_errors(name, "an OpenDocument text", _ACTION):
        content = parse_xml(_member(zf, "content.xml", name), name=name, part="content.xml")
        styles_xml = _member(zf, "styles.xml", name) if "styles.xml" in zf.namelist() else None
        styles = parse_xml(styles_xml, name=name, part="styles.xml") if styles_xml else None
        reader = _OdtReader(content, styles, name)
        blocks = reader.run()
    out = join_blocks(blocks)
    text = "".join(c[0] for c in out)
    if not text.strip():
        raise fail(name, "contains no text", "give the .odt of a resolution, or its .docx, .txt or .pdf")
    pending = reader.pending()
    warnings = list(reader.warnings)
    if pending:
        warnings.append(f"{name}: {pending}; read as if every change were accepted and the comments deleted")
    return Source(text=text, family=Family.MARKDOWN, path=path, kind="odt",
                  sha256=hashlib.sha256(data).hexdigest(), segments=tuple(segments(out)),
                  warnings=tuple(warnings), pending=pending)


def _member(zf: zipfile.ZipFile, member: str, name: str) -> bytes:
    with zf.open(member) as f:
        blob = f.read(MAX_PART_BYTES + 1)
    if len(blob) > MAX_PART_BYTES:
        raise fail(name, f"has a {member} larger than {MAX_PART_BYTES // (1024 * 1024)} MB", "refusing to open it")
    return blob


class _OdtReader:
    def __init__(self, content: Any, styles: Any, name: str) -> None:
        self.content, self.styles, self.name = content, styles, name
        self.warnings: list[str] = []
        self.style_el: dict[str, Any] = {}
        for root in (styles, content):
            if root is None:
                continue
            for el in root.iter(_q("style", "style")):
                self.style_el[el.get(TEXT_STYLE, "")] = el
        self._italic: dict[str, bool] = {}
        self.paragraph_no = 0
        self.place = ""
        self.notes: list[list[Char]] = []
        self.revisions: list[tuple[str, str]] = []
        self.comments: list[str] = []
        self.excerpts: dict[str, str] = {}
        self.changes: dict[str, str] = {}  # changed-region id -> kind
        for region in content.iter(T_CHANGED_REGION):
            kind = "change"
            for child in region:
                local = child.tag.rsplit("}", 1)[-1]
                kind = {"insertion": "insertion", "deletion": "deletion", "format-change": "format change"}.get(local, kind)
            self.changes[region.get(_q("text", "id"), "") or region.get("{http://www.w3.org/XML/1998/namespace}id", "")] = kind

    # -- styles --
    def italic(self, style: str | None) -> bool | None:
        seen = 0
        while style and seen < 32:
            if style in self._italic:
                return self._italic[style]
            el = self.style_el.get(style)
            if el is None:
                return None
            props = el.find(_q("style", "text-properties"))
            if props is not None and props.get(_q("fo", "font-style")) is not None:
                value = props.get(_q("fo", "font-style")) in ("italic", "oblique")
                self._italic[style] = value
                return value
            style = el.get(_q("style", "parent-style-name"))
            seen += 1
        return None

    # -- document --
    def run(self) -> list[list[Out]]:
        body = self.content.find(f"{_q('office', 'body')}/{_q('office', 'text')}")
        if body is None:
            raise fail(self.name, "has no text body (content.xml without office:text)", _ACTION)
        blocks: list[list[Out]] = []
        first = next((el for el in body.iter(T_P, T_H)), None)
        header = self._first_page_header(first)
        if header is not None:
            self.place = "first-page header, "
            blocks.extend(self._blocks(header))
            self.place, self.paragraph_no = "", 0
        blocks.extend(self._blocks(body))
        for note in self.notes:
            blocks.append(render(tidy(note)))
        if any(True for _ in body.iter(_q("draw", "text-box"))):
            self.warnings.append(f"{self.name}: text in text boxes was not read")
        return blocks

    def _first_page_header(self, first: Any) -> Any:
        if first is None or self.styles is None:
            return None
        style = self.style_el.get(first.get(STYLE_NAME, ""))
        master_name = style.get(_q("style", "master-page-name")) if style is not None else None
        if not master_name:
            return None
        for master in self.styles.iter(_q("style", "master-page")):
            if master.get(TEXT_STYLE) != master_name:
                continue
            first_header = master.find(_q("style", "header-first"))
            if first_header is not None:
                return first_header
            following = master.get(_q("style", "next-style-name"))
            if following and following != master_name:
                return master.find(_q("style", "header"))
        return None

    def _blocks(self, container: Any) -> Iterator[list[Out]]:
        for child in container:
            tag = child.tag
            if tag in (T_P, T_H):
                yield render(tidy(self._paragraph(child)))
            elif tag in (T_LIST, T_ITEM, T_HEADER_ITEM, T_SECTION, _q("text", "index-body")):
                yield from self._blocks(child)
            elif tag == TABLE:
                for row in child.iter(ROW):
                    for cell in row.iter(CELL):
                        lines: list[Out] = []
                        for block in self._blocks(cell):
                            if block:
                                if lines:
                                    lines.append(("\n", block[0][1], block[0][2], True))
                                lines.extend(block)
                        if lines:
                            yield lines
            # text:tracked-changes (deleted text), sequence declarations, forms: no text

    def _paragraph(self, p: Any) -> list[Char]:
        self.paragraph_no += 1
        where = f"{self.place}paragraph {self.paragraph_no}"
        chars: list[Char] = []
        pos = [0]
        italic = bool(self.italic(p.get(STYLE_NAME)))
        self._inline(p, chars, where, italic, pos)
        self.excerpts[where] = excerpt("".join(c[0] for c in chars if c[3] == where))
        return chars

    def _inline(self, el: Any, chars: list[Char], where: str, italic: bool, pos: list[int], in_note: bool = False) -> None:
        def put(text: str | None, it: bool) -> None:
            for ch in (text or "").translate(_SPACES):
                chars.append((ch, it, pos[0], where))
                pos[0] += 1

        put(el.text if el.tag not in (T_NOTE,) else None, italic)
        for child in el:
            tag = child.tag
            if tag in (T_SPAN, T_A, _q("text", "meta"), _q("text", "ruby"), _q("text", "ruby-base")):
                own = self.italic(child.get(STYLE_NAME))
                self._inline(child, chars, where, italic if own is None else own, pos, in_note)
            elif tag == T_S:
                try:
                    count = max(1, min(1000, int(child.get(_q("text", "c"), "1"))))
                except ValueError:
                    count = 1
                put(" " * count, italic)
            elif tag == T_TAB:
                put(" ", italic)
            elif tag == T_BR:
                put("\n", False)
            elif tag == T_NOTE and not in_note:
                self._note(child, chars, where)
            elif tag == ANNOTATION:
                self.comments.append(where)
            elif tag in (T_CHANGE_START, T_CHANGE):
                kind = self.changes.get(child.get(_q("text", "change-id"), ""), "change")
                if kind != "format change":
                    self.revisions.append((kind, where))
            elif tag in (_q("text", "bookmark"), _q("text", "bookmark-start"), _q("text", "bookmark-end"),
                         _q("text", "soft-page-break"), _q("text", "change-end"), _q("office", "annotation-end"),
                         _q("text", "reference-mark"), _q("text", "hidden-text")):
                pass
            else:  # fields (page numbers, dates, sequences) and anything unknown: their text
                self._inline(child, chars, where, italic, pos, in_note)
            put(child.tail, italic)

    def _note(self, note: Any, chars: list[Char], where: str) -> None:
        citation = note.find(T_CITATION)
        label = (citation.get(_q("text", "label")) or citation.text or "").strip() if citation is not None else ""
        if note.get(_q("text", "note-class")) == "endnote":
            self.warnings.append(f"{self.name}: the document has endnotes; drafter does not read them")
            return
        if not label:
            label = str(len(self.notes) + 1)
        mark = label.translate(_SUP) if label.isdigit() else "\\*" if label == "*" else label
        chars.extend((ch, False, -1, where) for ch in mark)
        note_where = f"footnote {label}"
        body = note.find(T_BODY)
        text: list[Char] = [(ch, False, -1, note_where) for ch in mark + " "]
        pos = [0]
        if body is not None:
            for p in body.iter(T_P, T_H):
                if len(text) > len(mark) + 1:
                    text.append((" ", False, -1, note_where))
                self._inline(p, text, note_where, bool(self.italic(p.get(STYLE_NAME))), pos, in_note=True)
        self.notes.append(text)

    def pending(self) -> str | None:
        return pending_summary(self.revisions, self.comments, self.excerpts)
