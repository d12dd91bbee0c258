"""Small helpers on python-docx's lxml tree: runs, tracked changes, comments, footnotes.

Everything here builds elements with :func:`OxmlElement` and :func:`qn`; nothing edits XML as
text. python-docx (1.2) has no footnote API, so this module adds one:

* :class:`NotesPart` is registered with python-docx's ``PartFactory`` for the footnotes and
  endnotes content types, so a document opened after this module is imported exposes those
  parts as XML (``part.element``) rather than as opaque bytes;
* :func:`footnotes_part` finds or creates ``/word/footnotes.xml`` with the two separator notes
  (``w:id="-1"`` separator, ``w:id="0"`` continuation separator) that Word and LibreOffice
  expect, relates it from the document part and lists the separators in the settings'
  ``w:footnotePr``;
* :func:`add_footnote` appends a note and returns its id; :func:`footnote_reference_run` is the
  body run that points at it.

Tracked changes are ``w:ins`` / ``w:del`` wrappers around runs (the text of a deleted run is
``w:delText``); :class:`Tracker` hands out ``w:id`` values that are unique across every part of
the document, with a fixed author and (settable, for reproducible output) date.

Comments use python-docx's comments part (``document.comments.add_comment``) for the comment
itself; the anchor (``w:commentRangeStart`` / ``w:commentRangeEnd`` and the
``w:commentReference`` run) is placed by :func:`add_comment` around any sibling elements, so a
comment can span a ``w:del`` + ``w:ins`` pair, which python-docx's run-based API cannot do.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from docx.document import Document as DocumentObject
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, PartFactory, XmlPart
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

CT_FOOTNOTES = CT.WML_FOOTNOTES
CT_ENDNOTES = CT.WML_ENDNOTES
RT_FOOTNOTES = RT.FOOTNOTES
RT_ENDNOTES = RT.ENDNOTES

# Style ids of the reference document (templates/build_reference.py). Word resolves styles by
# id; the names an editor sees are "UN Footnote Reference" etc.
FOOTNOTE_TEXT_STYLE = "UNFootnoteText"
FOOTNOTE_REFERENCE_STYLE = "UNFootnoteReference"

#: elements whose ``w:id`` belongs to the revision id space
REVISION_TAGS = (
    "w:ins",
    "w:del",
    "w:moveFrom",
    "w:moveTo",
    "w:rPrChange",
    "w:pPrChange",
    "w:sectPrChange",
    "w:tblPrChange",
    "w:tblPrExChange",
    "w:tblGridChange",
    "w:trPrChange",
    "w:tcPrChange",
    "w:numberingChange",
    "w:cellIns",
    "w:cellDel",
    "w:cellMerge",
)


# ---------------------------------------------------------------------------------------------
# parts


class NotesPart(XmlPart):
    """The footnotes (or endnotes) part: ``w:footnotes`` / ``w:endnotes`` as an lxml element."""


PartFactory.part_type_for[CT_FOOTNOTES] = NotesPart
PartFactory.part_type_for[CT_ENDNOTES] = NotesPart


def xml_part(source: Part, reltype: str) -> XmlPart | None:
    """The part related to `source` by `reltype`, as an :class:`XmlPart` (None if absent).

    python-docx loads parts it has no class for (footnotes in a document opened before this
    module was imported, the font table ...) as plain :class:`Part` bytes; such a part is
    replaced in place by an equivalent XML part, so that edits to ``.element`` are saved.
    """
    for rel in source.rels.values():
        if rel.is_external or rel.reltype != reltype:
            continue
        part = rel.target_part
        if isinstance(part, XmlPart):
            return part
        cls = NotesPart if part.content_type in (CT_FOOTNOTES, CT_ENDNOTES) else XmlPart
        new = cls.load(part.partname, part.content_type, part.blob, part.package)
        rel._target = new  # noqa: SLF001 - python-docx has no public way to swap a target
        return new
    return None


def document_of(doc: Any) -> DocumentObject:
    if isinstance(doc, DocumentObject):
        return doc
    raise TypeError(f"expected a python-docx Document, got {type(doc).__name__}")


def notes_part(doc: DocumentObject, kind: str = "footnotes") -> XmlPart | None:
    """The existing footnotes or endnotes part of `doc`, or None."""
    reltype = RT_FOOTNOTES if kind == "footnotes" else RT_ENDNOTES
    return xml_part(doc.part, reltype)


def footnotes_part(doc: DocumentObject, create: bool = True) -> XmlPart | None:
    """The footnotes part of `doc`; created (with its separator notes) when absent."""
    part = notes_part(doc, "footnotes")
    if part is not None or not create:
        return part
    root = OxmlElement("w:footnotes", nsdecls={"w": W_NS, "r": R_NS})
    for note_id, kind, mark in (("-1", "separator", "w:separator"),
                                ("0", "continuationSeparator", "w:continuationSeparator")):
        fn = _sub(root, "w:footnote", {"w:type": kind, "w:id": note_id})
        p = _sub(fn, "w:p")
        ppr = _sub(p, "w:pPr")
        _sub(ppr, "w:spacing", {"w:after": "0", "w:line": "240", "w:lineRule": "auto"})
        r = _sub(p, "w:r")
        _sub(r, mark)
    part = NotesPart(PackURI("/word/footnotes.xml"), CT_FOOTNOTES, root, doc.part.package)
    doc.part.relate_to(part, RT_FOOTNOTES)
    _settings_footnote_pr(doc)
    return part


def _settings_footnote_pr(doc: DocumentObject) -> None:
    """List the separator notes in ``w:settings/w:footnotePr`` as Word does."""
    settings = doc.settings.element
    if settings.find(qn("w:footnotePr")) is not None:
        return
    pr = OxmlElement("w:footnotePr")
    for note_id in ("-1", "0"):
        _sub(pr, "w:footnote", {"w:id": note_id})
    # CT_Settings knows the schema order of its children
    settings.insert_element_before(pr, *_SETTINGS_AFTER_FOOTNOTEPR)


_SETTINGS_AFTER_FOOTNOTEPR = (
    "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
    "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown",
    "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags",
    "w:decimalSymbol", "w:listSeparator",
)


def story_roots(doc: DocumentObject) -> Iterator[tuple[str, Any]]:
    """(name, root element) of every part that holds text: document, footnotes, endnotes,
    comments, headers and footers."""
    yield "document", doc.element
    for kind in ("footnotes", "endnotes"):
        part = notes_part(doc, kind)
        if part is not None:
            yield kind, part.element
    comments = comments_root(doc)
    if comments is not None:
        yield "comments", comments
    for rel in doc.part.rels.values():
        if rel.is_external or rel.reltype not in (RT.HEADER, RT.FOOTER):
            continue
        part = rel.target_part
        if isinstance(part, XmlPart):
            yield ("header" if rel.reltype == RT.HEADER else "footer"), part.element


def comments_root(doc: DocumentObject) -> Any | None:
    """The ``w:comments`` element of `doc`, or None when the document has no comments part."""
    for rel in doc.part.rels.values():
        if not rel.is_external and rel.reltype == RT.COMMENTS:
            part = rel.target_part
            if isinstance(part, XmlPart):
                return part.element
            return parse_xml(part.blob)
    return None


# ---------------------------------------------------------------------------------------------
# elements


def xpath(e: Any, expr: str) -> Any:
    """`e.xpath(expr)` with the ``w``, ``r`` and ``mc`` prefixes bound, on any lxml element."""
    return etree.XPath(expr, namespaces={"w": W_NS, "r": R_NS, "mc": MC_NS})(e)


def _sub(parent: Any, tag: str, attrs: dict[str, str] | None = None) -> Any:
    el = OxmlElement(tag, attrs={qn(k): v for k, v in (attrs or {}).items()})
    parent.append(el)
    return el


def el(tag: str, attrs: dict[str, str] | None = None, *children: Any) -> Any:
    """A new element ``tag`` (prefixed, e.g. ``"w:r"``) with ``w:``-prefixed `attrs`."""
    e = OxmlElement(tag, attrs={qn(k): v for k, v in (attrs or {}).items()})
    for c in children:
        e.append(c)
    return e


_RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
    "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof",
    "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern",
    "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd",
    "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath",
)


def set_rpr(run: Any, tag: str, attrs: dict[str, str] | None = None) -> Any:
    """Set (replace) the run property ``tag`` on `run`, keeping the schema order of ``w:rPr``."""
    rpr = run.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        run.insert(0, rpr)
    old = rpr.find(qn(tag))
    if old is not None:
        rpr.remove(old)
    new = el(tag, attrs)
    rank = _RPR_ORDER.index(tag)
    for i, child in enumerate(rpr):
        name = _prefixed(child)
        if name in _RPR_ORDER and _RPR_ORDER.index(name) > rank:
            rpr.insert(i, new)
            break
    else:
        rpr.append(new)
    return new


def _prefixed(e: Any) -> str:
    tag = e.tag if isinstance(e.tag, str) else ""
    if tag.startswith("{" + W_NS + "}"):
        return "w:" + tag.split("}", 1)[1]
    return tag


def set_italic(run: Any, on: bool = True) -> Any:
    set_rpr(run, "w:i", None if on else {"w:val": "0"})
    set_rpr(run, "w:iCs", None if on else {"w:val": "0"})
    return run


def set_highlight(run: Any, color: str = "yellow") -> Any:
    set_rpr(run, "w:highlight", {"w:val": color})
    return run


def make_run(
    text: str = "",
    *,
    italic: bool = False,
    bold: bool = False,
    highlight: str | None = None,
    style: str | None = None,
    superscript: bool = False,
    deleted: bool = False,
) -> Any:
    """A ``w:r`` holding `text`; tabs become ``w:tab`` and newlines ``w:br``.

    With ``deleted=True`` the text goes in ``w:delText`` (the form runs take inside ``w:del``).
    """
    r = OxmlElement("w:r")
    if style:
        set_rpr(r, "w:rStyle", {"w:val": style})
    if bold:
        set_rpr(r, "w:b")
        set_rpr(r, "w:bCs")
    if italic:
        set_italic(r)
    if highlight:
        set_highlight(r, highlight)
    if superscript:
        set_rpr(r, "w:vertAlign", {"w:val": "superscript"})
    append_text(r, text, deleted=deleted)
    return r


def append_text(run: Any, text: str, *, deleted: bool = False) -> Any:
    tag = "w:delText" if deleted else "w:t"
    buf = ""

    def flush() -> None:
        nonlocal buf
        if buf:
            t = _sub(run, tag)
            t.text = buf
            t.set(XML_SPACE, "preserve")
            buf = ""

    for ch in text:
        if ch == "\t":
            flush()
            _sub(run, "w:tab")
        elif ch == "\n":
            flush()
            _sub(run, "w:br")
        else:
            buf += ch
    flush()
    return run


def to_deleted_form(run: Any, deleted: bool = True) -> Any:
    """Turn ``w:t`` into ``w:delText`` (``deleted=True``) or back, in `run` and its children."""
    src, dst = ("w:t", "w:delText") if deleted else ("w:delText", "w:t")
    src2, dst2 = ("w:instrText", "w:delInstrText") if deleted else ("w:delInstrText", "w:instrText")
    for old_tag, new_tag in ((src, dst), (src2, dst2)):
        for t in run.iter(qn(old_tag)):
            t.tag = qn(new_tag)
            if new_tag in ("w:t", "w:delText", "w:instrText", "w:delInstrText"):
                t.set(XML_SPACE, "preserve")
    return run


# ---------------------------------------------------------------------------------------------
# tracked changes


def iso_date(date: datetime | None) -> str:
    """``2014-10-30T00:00:00Z``: the form Word writes in ``w:date`` (UTC, no fraction)."""
    d = date or datetime.now(UTC)
    if d.tzinfo is not None:
        d = d.astimezone(UTC)
    return d.replace(microsecond=0, tzinfo=None).isoformat() + "Z"


class Tracker:
    """Hands out revision ids unique across `doc` and wraps runs in ``w:ins`` / ``w:del``."""

    def __init__(self, doc: DocumentObject, author: str = "drafter",
                 date: datetime | None = None) -> None:
        self.doc = doc
        self.author = author
        self.date = iso_date(date)
        self._next = max_revision_id(doc) + 1

    def next_id(self) -> str:
        rid = self._next
        self._next += 1
        return str(rid)

    def _wrap(self, tag: str, runs: Iterable[Any]) -> Any:
        w = el(tag, {"w:id": self.next_id(), "w:author": self.author, "w:date": self.date})
        for r in runs:
            w.append(r)
        return w

    def ins(self, runs: Iterable[Any]) -> Any:
        """``w:ins`` around `runs`."""
        return self._wrap("w:ins", runs)

    def delete(self, runs: Iterable[Any]) -> Any:
        """``w:del`` around `runs`; their ``w:t`` become ``w:delText``."""
        return self._wrap("w:del", (to_deleted_form(r) for r in runs))

    def mark_paragraph(self, p: Any, kind: str) -> Any:
        """Mark the paragraph mark of `p` as inserted (``"ins"``) or deleted (``"del"``)."""
        ppr = p.get_or_add_pPr() if hasattr(p, "get_or_add_pPr") else _get_or_add(p, "w:pPr", 0)
        rpr = ppr.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            # w:rPr comes after everything but w:sectPr and w:pPrChange
            tail = [c for c in ppr if _prefixed(c) in ("w:sectPr", "w:pPrChange")]
            if tail:
                tail[0].addprevious(rpr)
            else:
                ppr.append(rpr)
        mark = el("w:" + kind, {"w:id": self.next_id(), "w:author": self.author,
                               "w:date": self.date})
        rpr.insert(0, mark)
        return mark


def _get_or_add(parent: Any, tag: str, index: int) -> Any:
    e = parent.find(qn(tag))
    if e is None:
        e = OxmlElement(tag)
        parent.insert(index, e)
    return e


def max_revision_id(doc: DocumentObject) -> int:
    """The largest revision ``w:id`` used in any part of `doc` (0 when there is none)."""
    best = 0
    for _name, root in story_roots(doc):
        for tag in REVISION_TAGS:
            for e in root.iter(qn(tag)):
                try:
                    best = max(best, int(e.get(qn("w:id"), "0")))
                except ValueError:
                    continue
    return best


# ---------------------------------------------------------------------------------------------
# comments


def add_comment(
    doc: DocumentObject,
    first: Any,
    last: Any | None = None,
    text: str = "",
    *,
    author: str = "drafter",
    initials: str = "",
    date: datetime | None = None,
) -> int:
    """Add a comment to `doc` anchored from `first` to `last` (sibling elements, inclusive).

    `first` and `last` can be any paragraph-content elements (``w:r``, ``w:ins``, ``w:del``,
    ``w:hyperlink``), in the body or in a footnote; they need not be siblings but `last` must
    not come before `first`. The comment itself is made by python-docx (``w:comments`` part,
    ``CommentText`` style); lines of `text` become paragraphs. Returns the comment id.
    """
    last = first if last is None else last
    comment = doc.comments.add_comment(text=text, author=author, initials=initials)
    cid = str(comment.comment_id)
    cel = comment._comment_elm  # noqa: SLF001 - the date has no public setter
    cel.set(qn("w:date"), iso_date(date))
    first.addprevious(el("w:commentRangeStart", {"w:id": cid}))
    end = el("w:commentRangeEnd", {"w:id": cid})
    last.addnext(end)
    ref = el("w:r")
    set_rpr(ref, "w:rStyle", {"w:val": "CommentReference"})
    _sub(ref, "w:commentReference", {"w:id": cid})
    end.addnext(ref)
    return int(cid)


# ---------------------------------------------------------------------------------------------
# footnotes


def footnote_reference_run(
    footnote_id: int,
    *,
    custom_mark: str | None = None,
    style: str = FOOTNOTE_REFERENCE_STYLE,
) -> Any:
    """The body run ``<w:r><w:rPr>..superscript..</w:rPr><w:footnoteReference/></w:r>``.

    With `custom_mark` ("*"), the reference has ``w:customMarkFollows="1"`` and the mark
    follows as text in the same run: Word and LibreOffice then show that mark instead of a
    number, and the note does not take a number from the automatic sequence.
    """
    r = OxmlElement("w:r")
    set_rpr(r, "w:rStyle", {"w:val": style})
    set_rpr(r, "w:vertAlign", {"w:val": "superscript"})
    attrs = {"w:id": str(footnote_id)}
    if custom_mark:
        attrs = {"w:customMarkFollows": "1", **attrs}
    _sub(r, "w:footnoteReference", attrs)
    if custom_mark:
        append_text(r, custom_mark)
    return r


def add_footnote(
    doc: DocumentObject,
    content: Iterable[Any] = (),
    *,
    custom_mark: str | None = None,
    paragraph_style: str = FOOTNOTE_TEXT_STYLE,
    reference_style: str = FOOTNOTE_REFERENCE_STYLE,
) -> int:
    """Append a footnote holding one paragraph of `content` (runs, ``w:ins``, ``w:del`` ...).

    The paragraph starts with the note's own mark (a ``w:footnoteRef`` run, or the custom mark
    as text) and a tab. Returns the new note's ``w:id``; put :func:`footnote_reference_run`
    with that id in the body.
    """
    part = footnotes_part(doc)
    assert part is not None
    root = part.element
    ids = [int(x) for x in xpath(root, "./w:footnote/@w:id")]
    note_id = max([0, *ids]) + 1
    fn = _sub(root, "w:footnote", {"w:id": str(note_id)})
    p = _sub(fn, "w:p")
    ppr = _sub(p, "w:pPr")
    _sub(ppr, "w:pStyle", {"w:val": paragraph_style})
    mark = _sub(p, "w:r")
    set_rpr(mark, "w:rStyle", {"w:val": reference_style})
    set_rpr(mark, "w:vertAlign", {"w:val": "superscript"})
    if custom_mark:
        append_text(mark, custom_mark)
    else:
        _sub(mark, "w:footnoteRef")
    p.append(make_run("\t"))
    for c in content:
        p.append(c)
    return note_id


def footnote_paragraph(doc: DocumentObject, note_id: int) -> Any:
    """The (first) ``w:p`` of footnote `note_id`."""
    part = footnotes_part(doc, create=False)
    if part is None:
        raise KeyError(note_id)
    found = xpath(part.element, f"./w:footnote[@w:id='{int(note_id)}']/w:p")
    if not found:
        raise KeyError(note_id)
    return found[0]


# ---------------------------------------------------------------------------------------------
# saving


FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def document_bytes(doc: DocumentObject) -> bytes:
    """`doc` as .docx bytes with fixed zip timestamps, so equal documents give equal bytes."""
    from docx.opc.pkgwriter import PackageWriter

    class _FixedTimeWriter:
        """python-docx's zip writer, with one fixed timestamp for every member (its own stamps
        the time of writing), so the package is written once, not saved and rezipped."""

        def __init__(self, f: IO[bytes]) -> None:
            self._zip = zipfile.ZipFile(f, "w", compression=zipfile.ZIP_DEFLATED)

        def write(self, pack_uri: Any, blob: bytes) -> None:
            zi = zipfile.ZipInfo(pack_uri.membername, date_time=FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            self._zip.writestr(zi, blob)

        def close(self) -> None:
            self._zip.close()

    package = doc.part.package
    for part in package.parts:
        part.before_marshal()
    out = io.BytesIO()
    writer = _FixedTimeWriter(out)
    # the steps of PackageWriter.write, with the writer above
    PackageWriter._write_content_types_stream(writer, package.parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, package.parts)  # type: ignore[arg-type]
    writer.close()
    return out.getvalue()


def save_docx(doc: DocumentObject, path: str | os.PathLike[str] | IO[bytes]) -> None:
    """Save `doc` deterministically; to a path, atomically (temp file + ``os.replace``)."""
    data = document_bytes(doc)
    if not isinstance(path, str | os.PathLike):
        path.write(data)
        return
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="." + target.name + ".", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def tostring(e: Any) -> str:
    """Pretty XML of `e`, for tests and debugging."""
    return etree.tostring(e, pretty_print=True, encoding="unicode")


def wtag(e: Any) -> str:
    """``"w:ins"`` for a ``{W_NS}ins`` element ("" for comments and processing instructions)."""
    return _prefixed(e)


__all__: Sequence[str] = (
    "CT_FOOTNOTES", "FOOTNOTE_REFERENCE_STYLE", "FOOTNOTE_TEXT_STYLE", "NotesPart",
    "RT_FOOTNOTES", "Tracker", "xml_part", "add_comment", "add_footnote", "append_text", "comments_root",
    "document_bytes", "el", "footnote_paragraph", "footnote_reference_run", "footnotes_part",
    "iso_date", "make_run", "max_revision_id", "notes_part", "to_deleted_form", "save_docx",
    "set_highlight", "set_italic", "set_rpr", "story_roots", "tostring", "wtag", "xpath",
)
