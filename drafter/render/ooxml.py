"""drafter's one Word layer: every .docx is opened, edited and saved through python-docx.

The element builders (runs, tracked changes, comments, footnotes, fields) live in
:mod:`drafter.render.wordxml`, on plain lxml, and are re-exported here. This module adds what
needs python-docx's package model:

* :func:`open_docx` opens a .docx (or the bytes of one) as a python-docx ``Document``; it is
  the one place that registers :class:`NotesPart` with python-docx's ``PartFactory`` for the
  footnotes and endnotes content types (python-docx itself has classes for the document,
  styles, numbering, settings, comments, headers and footers), so those parts are XML
  (``part.element``) rather than opaque bytes;
* :func:`xml_part` finds a related part as an ``XmlPart`` (a part loaded as bytes by a
  Document opened elsewhere is replaced by its XML twin with python-docx's ``drop_rel`` and
  ``relate_to``); :func:`footnotes_part` finds or creates ``/word/footnotes.xml`` with its two
  separator notes; :func:`comments_element` the ``w:comments`` root (python-docx creates the
  part);
* :func:`add_comment` and :func:`add_footnote` put a comment or a footnote into a Document
  with the builders of :mod:`~drafter.render.wordxml`; :class:`Tracker` hands out revision
  ids unique across every part;
* :func:`set_document_properties` writes the core properties (title, subject, author, dates)
  and replaces the application properties with drafter's own (no template leftovers);
* :func:`document_bytes` saves with ``Document.save`` and :func:`normalise_docx` rewrites the
  zip with one fixed timestamp and a fixed member order, so that equal documents give equal
  bytes; :func:`save_docx` writes them atomically.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import docx
from docx.document import Document as DocumentObject
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, PartFactory, XmlPart
from docx.oxml.parser import parse_xml

from drafter.render import wordxml
from drafter.render.wordxml import (
    CT_ENDNOTES,
    CT_FOOTNOTES,
    FOOTNOTE_REFERENCE_STYLE,
    FOOTNOTE_TEXT_STYLE,
    MC_NS,
    R_NS,
    REVISION_TAGS,
    RT_ENDNOTES,
    RT_FOOTNOTES,
    W_NS,
    XML_SPACE,
    anchor_comment,
    append_comment,
    append_text,
    el,
    field_runs,
    footnote_reference_run,
    iso_date,
    make_run,
    new_footnotes_root,
    qn,
    set_footnote_pr,
    set_highlight,
    set_italic,
    set_rpr,
    to_deleted_form,
    tostring,
    wtag,
    xpath,
)

# ---------------------------------------------------------------------------------------------
# opening


class NotesPart(XmlPart):
    """The footnotes (or endnotes) part: ``w:footnotes`` / ``w:endnotes`` as an lxml element."""


def register_part_types() -> None:
    """Tell python-docx to load footnotes and endnotes as :class:`NotesPart` (idempotent).

    Called by :func:`open_docx`; the only place drafter changes python-docx's registry."""
    PartFactory.part_type_for.setdefault(CT_FOOTNOTES, NotesPart)
    PartFactory.part_type_for.setdefault(CT_ENDNOTES, NotesPart)


def open_docx(source: str | os.PathLike[str] | bytes | IO[bytes]) -> DocumentObject:
    """The python-docx ``Document`` of a .docx path, file object or bytes."""
    register_part_types()
    if isinstance(source, bytes):
        return docx.Document(io.BytesIO(source))
    if isinstance(source, str | os.PathLike):
        return docx.Document(os.fspath(source))
    return docx.Document(source)


# ---------------------------------------------------------------------------------------------
# parts


def xml_part(source: Part, reltype: str) -> XmlPart | None:
    """The part related to `source` by `reltype`, as an :class:`XmlPart` (None if absent).

    A part python-docx loaded as plain bytes (footnotes in a Document not opened by
    :func:`open_docx`, the font table ...) is replaced by an XML part of the same name and
    content, related in its place, so that edits to ``.element`` are saved.
    """
    for rid, rel in list(source.rels.items()):
        if rel.is_external or rel.reltype != reltype:
            continue
        part = rel.target_part
        if isinstance(part, XmlPart):
            return part
        cls = NotesPart if part.content_type in (CT_FOOTNOTES, CT_ENDNOTES) else XmlPart
        new = cls.load(part.partname, part.content_type, part.blob, part.package)
        source.drop_rel(rid)
        source.relate_to(new, reltype)
        return new
    return None


def notes_part(doc: DocumentObject, kind: str = "footnotes") -> XmlPart | None:
    """The existing footnotes or endnotes part of `doc`, or None."""
    return xml_part(doc.part, RT_FOOTNOTES if kind == "footnotes" else RT_ENDNOTES)


def footnotes_part(doc: DocumentObject, create: bool = True) -> XmlPart | None:
    """The footnotes part of `doc`; created (with its separator notes) when absent."""
    part = notes_part(doc, "footnotes")
    if part is not None or not create:
        return part
    part = NotesPart(PackURI("/word/footnotes.xml"), CT_FOOTNOTES, new_footnotes_root(),
                     doc.part.package)
    doc.part.relate_to(part, RT_FOOTNOTES)
    set_footnote_pr(doc.settings.element)
    return part


def comments_root(doc: DocumentObject) -> Any | None:
    """The ``w:comments`` element of `doc`, or None when the document has no comments part."""
    for rel in doc.part.rels.values():
        if not rel.is_external and rel.reltype == RT.COMMENTS:
            part = rel.target_part
            if isinstance(part, XmlPart):
                return part.element
            return parse_xml(part.blob)
    return None


def comments_element(doc: DocumentObject) -> Any:
    """The ``w:comments`` element of `doc`; python-docx creates the part when absent."""
    root = comments_root(doc)
    if root is None:
        len(doc.comments)  # python-docx creates and relates the comments part
        root = comments_root(doc)
    return root


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


def header_footer_roots(doc: DocumentObject) -> Iterator[Any]:
    """The ``w:hdr`` / ``w:ftr`` root of every header and footer part of `doc`."""
    for name, root in story_roots(doc):
        if name in ("header", "footer"):
            yield root


# ---------------------------------------------------------------------------------------------
# tracked changes, comments, footnotes


class Tracker(wordxml.RevisionMarker):
    """Hands out revision ids unique across `doc` and wraps runs in ``w:ins`` / ``w:del``."""

    def __init__(self, doc: DocumentObject, author: str = "drafter",
                 date: datetime | None = None) -> None:
        super().__init__(max_revision_id(doc) + 1, author=author, date=date)
        self.doc = doc


def max_revision_id(doc: DocumentObject) -> int:
    """The largest revision ``w:id`` used in any part of `doc` (0 when there is none)."""
    return wordxml.max_revision_id(root for _name, root in story_roots(doc))


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
    not come before `first`. Lines of `text` become paragraphs. Returns the comment id.
    """
    cid = append_comment(comments_element(doc), text, author=author, initials=initials,
                         date=date)
    anchor_comment(first, first if last is None else last, cid)
    return cid


def add_footnote(
    doc: DocumentObject,
    content: Sequence[Any] = (),
    *,
    custom_mark: str | None = None,
    paragraph_style: str = FOOTNOTE_TEXT_STYLE,
    reference_style: str = FOOTNOTE_REFERENCE_STYLE,
) -> int:
    """Append a footnote holding one paragraph of `content` (runs, ``w:ins``, ``w:del`` ...).

    Returns the new note's ``w:id``; put :func:`footnote_reference_run` with that id in the
    body, and find the note's paragraph with :func:`footnote_paragraph`.
    """
    part = footnotes_part(doc)
    assert part is not None
    note_id, _p = wordxml.append_footnote(part.element, content, custom_mark=custom_mark,
                                          paragraph_style=paragraph_style,
                                          reference_style=reference_style)
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
# properties

APP_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'docPropsVTypes"><Application>drafter</Application><DocSecurity>0</DocSecurity>'
    b'</Properties>'
)
CP_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"


def set_document_properties(doc: DocumentObject, *, title: str, subject: str, author: str,
                            date: datetime, description: str = "",
                            keywords: str = "drafter") -> None:
    """Core properties from the draft, and drafter's own application properties.

    Whatever the reference document said is replaced: title, subject, author, last modified
    by, dates, revision, description, keywords; its last-printed date, category and comments
    are dropped, and ``docProps/app.xml`` (application name, template, page and word counts
    of the reference) is replaced by one naming drafter.
    """
    cp = doc.core_properties
    cp.title, cp.subject, cp.author, cp.last_modified_by = title, subject, author, author
    cp.created = cp.modified = date
    cp.revision = 1
    cp.keywords = keywords
    cp.comments = description
    cp.category = ""
    package = doc.part.package
    core = package.part_related_by(RT.CORE_PROPERTIES)
    if isinstance(core, XmlPart):
        for stale in core.element.findall(f"{{{CP_NS}}}lastPrinted"):
            core.element.remove(stale)
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            del package.rels[rid]
    app = Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, APP_XML, package)
    package.relate_to(app, RT.EXTENDED_PROPERTIES)


# ---------------------------------------------------------------------------------------------
# saving

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def normalise_docx(data: bytes) -> bytes:
    """The .docx `data` rewritten with every member stamped :data:`FIXED_ZIP_TIME` and in a
    fixed order (``[Content_Types].xml``, then by name), so equal documents give equal bytes
    (python-docx stamps each member with the time of saving)."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        members = {i.filename: src.read(i) for i in src.infolist() if not i.is_dir()}
    first = "[Content_Types].xml"
    names = sorted(members, key=lambda n: (n != first, n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name in names:
            zi = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, members[name])
    return out.getvalue()


def document_bytes(doc: DocumentObject) -> bytes:
    """`doc` as .docx bytes, saved by python-docx and normalised (:func:`normalise_docx`)."""
    out = io.BytesIO()
    doc.save(out)
    return normalise_docx(out.getvalue())


def write_bytes(data: bytes, path: str | os.PathLike[str] | IO[bytes]) -> None:
    """Write `data` to a file object, or to a path atomically, replacing what is there
    (:func:`drafter.fsutil.atomic_write_bytes`: an interrupted run leaves the old file or the
    new one)."""
    if not isinstance(path, str | os.PathLike):
        path.write(data)
        return
    from drafter.fsutil import atomic_write_bytes

    atomic_write_bytes(Path(path), data, force=True, record=False)


def save_docx(doc: DocumentObject, path: str | os.PathLike[str] | IO[bytes]) -> None:
    """Save `doc` deterministically; to a path, atomically."""
    write_bytes(document_bytes(doc), path)


__all__: Sequence[str] = (
    "CT_FOOTNOTES", "FOOTNOTE_REFERENCE_STYLE", "FOOTNOTE_TEXT_STYLE", "MC_NS", "NotesPart",
    "REVISION_TAGS", "RT_FOOTNOTES", "R_NS", "Tracker", "W_NS", "XML_SPACE", "add_comment",
    "add_footnote", "anchor_comment", "append_comment", "append_text", "comments_element",
    "comments_root", "document_bytes", "el", "field_runs", "footnote_paragraph",
    "footnote_reference_run", "footnotes_part", "header_footer_roots", "iso_date",
    "make_run", "max_revision_id", "normalise_docx", "notes_part", "open_docx", "qn",
    "register_part_types", "save_docx", "set_document_properties", "set_highlight",
    "set_italic", "set_rpr", "story_roots", "to_deleted_form", "tostring", "write_bytes",
    "wtag", "xpath",
)
