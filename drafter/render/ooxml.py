"""The OOXML helpers of :mod:`drafter.render.wordxml` on a python-docx ``Document``.

The element builders (runs, tracked changes, footnote references ...) live in
:mod:`drafter.render.wordxml`, on plain lxml, and are re-exported here. This module adds what
needs python-docx's package model, for the commands that edit an existing document (review,
renumber, the revisions reader, the reference-document builder):

* :class:`NotesPart` is registered with python-docx's ``PartFactory`` for the footnotes and
  endnotes content types, so a document opened after this module is imported exposes those
  parts as XML (``part.element``) rather than as opaque bytes;
* :func:`footnotes_part` finds or creates ``/word/footnotes.xml`` with its two separator notes,
  relates it from the document part and lists the separators in the settings;
  :func:`add_footnote` appends a note and returns its id;
* :class:`Tracker` hands out revision ids unique across every part of the document;
* :func:`add_comment` makes the comment with python-docx's comments part and anchors it with
  :func:`~drafter.render.wordxml.anchor_comment` around any sibling elements;
* :func:`save_docx` writes the package deterministically and atomically.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import IO, Any

from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, PartFactory, XmlPart
from docx.oxml.parser import parse_xml

from drafter.render import wordxml
from drafter.render.wordxml import (
    CT_ENDNOTES,
    CT_FOOTNOTES,
    FIXED_ZIP_TIME,
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
    append_text,
    el,
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
    write_package,
    wtag,
    xpath,
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


def notes_part(doc: DocumentObject, kind: str = "footnotes") -> XmlPart | None:
    """The existing footnotes or endnotes part of `doc`, or None."""
    reltype = RT_FOOTNOTES if kind == "footnotes" else RT_ENDNOTES
    return xml_part(doc.part, reltype)


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
# tracked changes


class Tracker(wordxml.RevisionMarker):
    """Hands out revision ids unique across `doc` and wraps runs in ``w:ins`` / ``w:del``."""

    def __init__(self, doc: DocumentObject, author: str = "drafter",
                 date: datetime | None = None) -> None:
        super().__init__(max_revision_id(doc) + 1, author=author, date=date)
        self.doc = doc


def max_revision_id(doc: DocumentObject) -> int:
    """The largest revision ``w:id`` used in any part of `doc` (0 when there is none)."""
    return wordxml.max_revision_id(root for _name, root in story_roots(doc))


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
    anchor_comment(first, last, cid)
    return int(cid)


# ---------------------------------------------------------------------------------------------
# footnotes


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
# saving


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
    write_package(document_bytes(doc), path)


__all__: Sequence[str] = (
    "MC_NS", "R_NS", "REVISION_TAGS", "W_NS", "XML_SPACE", "qn", "CT_FOOTNOTES", "FOOTNOTE_REFERENCE_STYLE", "FOOTNOTE_TEXT_STYLE", "NotesPart",
    "RT_FOOTNOTES", "Tracker", "xml_part", "add_comment", "add_footnote", "append_text", "comments_root",
    "document_bytes", "el", "footnote_paragraph", "footnote_reference_run", "footnotes_part",
    "iso_date", "make_run", "max_revision_id", "notes_part", "to_deleted_form", "save_docx",
    "set_highlight", "set_italic", "set_rpr", "story_roots", "tostring", "wtag", "xpath",
)
