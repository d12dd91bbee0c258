"""Read and resolve tracked changes and comments in any Word (.docx) file.

* :func:`accept_all` / :func:`reject_all` resolve every tracked change in every part (body,
  footnotes, endnotes, headers, footers, comments): inserted and deleted runs, moves, inserted
  and deleted paragraph marks (the paragraph joins the next one), inserted and deleted table
  rows, and formatting changes (``w:rPrChange``, ``w:pPrChange`` ...). Footnotes whose
  reference went away and comments whose anchor went away are removed, as Word does.
* :func:`body_paragraph_texts` / :func:`document_text` read the text of a document as Word
  shows it, in the "accepted" view (insertions shown, deletions hidden) or the "rejected"
  view, with list numbers ("1.", "(a)") resolved from ``numbering.xml`` and footnote
  references written as ``[^n]`` (n is the number Word displays).
* :func:`list_revisions` and :func:`list_comments` describe what an editor would review.

All functions take a python-docx ``Document`` or a path. Nothing here is specific to drafter's
own output, so a later ``drafter review`` can read an editor's file with it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from drafter.readers.numbering import WordNumbering
from drafter.render.ooxml import (
    comments_root,
    notes_part,
    open_docx,
    save_docx,
    story_roots,
    to_deleted_form,
    wtag,
    xml_part,
)

MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
ACCEPTED = "accepted"
REJECTED = "rejected"

DocLike = DocumentObject | str | os.PathLike[str]


def open_document(doc: DocLike) -> DocumentObject:
    """`doc` itself, or the document at that path."""
    if isinstance(doc, DocumentObject):
        return doc
    return open_docx(doc)


# ---------------------------------------------------------------------------------------------
# walking text


@dataclass(frozen=True)
class _Event:
    kind: str  # text | fnref | enref | noteref | crs | cre
    value: str = ""
    deleted: bool = False
    inserted: bool = False
    custom: bool = False  # footnote reference with a custom mark


_SKIP = {"w:pPr", "w:rPr", "w:sdtPr", "w:sdtEndPr", "w:instrText", "w:delInstrText",
         "w:fldData", "w:annotationRef", "w:p", "w:tbl", "w:txbxContent", "w:drawing",
         "w:pict", "w:object"}


def _walk(node: Any, deleted: bool = False, inserted: bool = False) -> Iterator[_Event]:
    """Events of the paragraph content under `node` in document order (not nested paragraphs)."""
    for child in node:
        if not isinstance(child.tag, str):
            continue
        if child.tag == f"{{{MC_NS}}}Fallback":
            continue
        tag = wtag(child)
        if tag in _SKIP:
            continue
        if tag in ("w:del", "w:moveFrom"):
            yield from _walk(child, True, inserted)
        elif tag in ("w:ins", "w:moveTo"):
            yield from _walk(child, deleted, True)
        elif tag == "w:r":
            yield from _run_events(child, deleted, inserted)
        elif tag == "w:commentRangeStart":
            yield _Event("crs", child.get(qn("w:id"), ""))
        elif tag == "w:commentRangeEnd":
            yield _Event("cre", child.get(qn("w:id"), ""))
        else:  # hyperlink, smartTag, customXml, sdt/sdtContent, fldSimple, bdo, dir, mc:*
            yield from _walk(child, deleted, inserted)


def _run_events(run: Any, deleted: bool, inserted: bool) -> Iterator[_Event]:
    for child in run:
        tag = wtag(child)
        if tag in ("w:t", "w:delText"):
            yield _Event("text", child.text or "", deleted or tag == "w:delText", inserted)
        elif tag in ("w:tab", "w:ptab"):
            yield _Event("text", "\t", deleted, inserted)
        elif tag in ("w:br", "w:cr"):
            yield _Event("text", "\n", deleted, inserted)
        elif tag == "w:noBreakHyphen":
            yield _Event("text", "\u2011", deleted, inserted)
        elif tag == "w:sym":
            code = child.get(qn("w:char"), "")
            try:
                yield _Event("text", chr(int(code, 16)), deleted, inserted)
            except ValueError:
                continue
        elif tag in ("w:footnoteReference", "w:endnoteReference"):
            custom = child.get(qn("w:customMarkFollows")) in ("1", "true", "on")
            kind = "fnref" if tag == "w:footnoteReference" else "enref"
            yield _Event(kind, child.get(qn("w:id"), ""), deleted, inserted, custom)
        elif tag in ("w:footnoteRef", "w:endnoteRef"):
            yield _Event("noteref", "", deleted, inserted)
        elif child.tag == f"{{{MC_NS}}}AlternateContent":
            yield from _walk(child, deleted, inserted)


def _visible(ev: _Event, view: str) -> bool:
    if view == ACCEPTED:
        return not ev.deleted
    if view == REJECTED:
        return not ev.inserted
    raise ValueError(f"view must be {ACCEPTED!r} or {REJECTED!r}, not {view!r}")


def _paragraphs(root: Any) -> list[Any]:
    """Every ``w:p`` under `root` in document order, except markup-compatibility fallbacks."""
    fallback = f"{{{MC_NS}}}Fallback"
    out = []
    for p in root.iter(qn("w:p")):
        if any(a.tag == fallback for a in p.iterancestors()):
            continue
        out.append(p)
    return out


# ---------------------------------------------------------------------------------------------
# numbering (list labels as Word displays them)


def _numbering(doc: DocumentObject) -> WordNumbering:
    """drafter's one resolver of Word numbering, on `doc`'s numbering and styles parts."""
    part = xml_part(doc.part, RT.NUMBERING)
    return WordNumbering(part.element if part is not None else None, doc.styles.element)


def _label(numbering: WordNumbering, p: Any) -> str:
    """The label Word shows before paragraph `p` ("1.\\t", "(a)\\t"), advancing counters."""
    label = numbering.paragraph_label(p)
    return label.text + label.suffix if label is not None and label.text else ""


# ---------------------------------------------------------------------------------------------
# text


def _note_numbers(doc: DocumentObject, view: str) -> tuple[dict[str, int], dict[str, int]]:
    """Display numbers of footnotes and endnotes: order of their (visible) references."""
    fn: dict[str, int] = {}
    en: dict[str, int] = {}
    for p in _paragraphs(doc.element.body):
        for ev in _walk(p):
            if ev.kind in ("fnref", "enref") and not ev.custom and _visible(ev, view):
                target = fn if ev.kind == "fnref" else en
                if ev.value not in target:
                    target[ev.value] = len(target) + 1
    return fn, en


def _paragraph_text(p: Any, view: str, fn: dict[str, int], en: dict[str, int],
                    footnote_marker: str, endnote_marker: str, own_mark: str = "") -> str:
    out: list[str] = []
    for ev in _walk(p):
        if not _visible(ev, view):
            continue
        if ev.kind == "text":
            out.append(ev.value)
        elif ev.kind == "fnref" and not ev.custom:
            out.append(footnote_marker.format(n=fn.get(ev.value, "?")))
        elif ev.kind == "enref" and not ev.custom:
            out.append(endnote_marker.format(n=en.get(ev.value, "?")))
        elif ev.kind == "noteref":
            out.append(own_mark)
    return "".join(out)


def body_paragraph_texts(
    doc: DocLike,
    *,
    view: str = ACCEPTED,
    numbers: bool = True,
    footnote_marker: str = "[^{n}]",
    endnote_marker: str = "[^e{n}]",
) -> list[str]:
    """The text of each body paragraph (tables included, in document order).

    One string per ``w:p``, so indexes match :func:`list_revisions`' ``paragraph``. With
    ``view="accepted"`` insertions are shown and deletions hidden; ``"rejected"`` the reverse.
    List labels computed from the numbering definitions prefix numbered paragraphs
    (``"1.\\tReaffirms ..."``) unless ``numbers=False``; footnote references become
    `footnote_marker` with the number Word displays (custom marks such as "*" are text).
    """
    d = open_document(doc)
    fn, en = _note_numbers(d, view)
    numbering = _numbering(d) if numbers else None
    out = []
    for p in _paragraphs(d.element.body):
        label = _label(numbering, p) if numbering is not None else ""
        out.append(label + _paragraph_text(p, view, fn, en, footnote_marker, endnote_marker))
    return out


@dataclass(frozen=True)
class Note:
    """A footnote or endnote as displayed: its mark ("1", "*") and its text."""

    id: str
    mark: str
    text: str
    kind: str = "footnote"


def notes(doc: DocLike, kind: str = "footnotes", *, view: str = ACCEPTED,
          footnote_marker: str = "[^{n}]") -> list[Note]:
    """The footnotes (or endnotes) referenced from the body, in the order Word numbers them.

    A note's text is its paragraphs joined by a newline, without its own mark and the space or
    tab after it. Notes whose only reference is hidden in the chosen `view` are left out.
    """
    d = open_document(doc)
    part = notes_part(d, kind)
    if part is None:
        return []
    fn, en = _note_numbers(d, view)
    numbers = fn if kind == "footnotes" else en
    ref_kind = "fnref" if kind == "footnotes" else "enref"
    custom_marks: dict[str, str] = {}
    order: list[str] = []
    for p in _paragraphs(d.element.body):
        events = list(_walk(p))
        for i, ev in enumerate(events):
            if ev.kind != ref_kind or not _visible(ev, view) or ev.value in order:
                continue
            order.append(ev.value)
            if ev.custom:
                nxt = next((e for e in events[i + 1:] if e.kind == "text"), None)
                custom_marks[ev.value] = nxt.value if nxt is not None else ""
    tag = "w:footnote" if kind == "footnotes" else "w:endnote"
    by_id = {n.get(qn("w:id")): n for n in part.element.findall(qn(tag))}
    out = []
    for nid in order:
        note = by_id.get(nid)
        if note is None:
            continue
        mark = custom_marks.get(nid) or str(numbers.get(nid, ""))
        paras = [_paragraph_text(p, view, fn, en, footnote_marker, "[^e{n}]")
                 for p in _paragraphs(note)]
        text = "\n".join(paras)
        if nid in custom_marks and text.startswith(mark):
            text = text[len(mark):]
        out.append(Note(nid, mark, text.lstrip(" \t"), kind.rstrip("s")))
    return out


def document_text(doc: DocLike, include_footnotes: bool = True, *, view: str = ACCEPTED,
                  numbers: bool = True) -> str:
    """The body text, one paragraph a line, then (when asked) the footnotes as
    ``[^1]: text`` lines (``* text`` for a note with a custom mark), after a blank line."""
    d = open_document(doc)
    text = "\n".join(body_paragraph_texts(d, view=view, numbers=numbers))
    if include_footnotes:
        lines = []
        for n in notes(d, "footnotes", view=view):
            lines.append(f"[^{n.mark}]: {n.text}" if n.mark.isdigit() else f"{n.mark} {n.text}")
        for n in notes(d, "endnotes", view=view):
            lines.append(f"[^e{n.mark}]: {n.text}")
        if lines:
            text += "\n\n" + "\n".join(lines)
    return text


# ---------------------------------------------------------------------------------------------
# listing revisions and comments


@dataclass(frozen=True)
class Revision:
    kind: str  # ins | del | moveFrom | moveTo | rPrChange | pPrChange | ... | cellIns | cellDel
    id: str
    author: str
    date: str
    text: str  # inserted or deleted text ("\n" for a paragraph mark, "" for formatting)
    paragraph: int | None  # index among the part's paragraphs (body: body_paragraph_texts)
    part: str = "document"  # document | footnotes | endnotes | comments | header | footer
    scope: str = "run"  # run | paragraph-mark | formatting | row | cell


_RUN_REVS = ("w:ins", "w:del", "w:moveFrom", "w:moveTo")
_PROP_REVS = ("w:rPrChange", "w:pPrChange", "w:sectPrChange", "w:tblPrChange",
              "w:tblPrExChange", "w:tblGridChange", "w:trPrChange", "w:tcPrChange",
              "w:numberingChange")


def _rev_text(e: Any) -> str:
    parts = []
    for t in e.iter(qn("w:t"), qn("w:delText"), qn("w:tab"), qn("w:br")):
        tag = wtag(t)
        parts.append(t.text or "" if tag in ("w:t", "w:delText") else
                     "\t" if tag == "w:tab" else "\n")
    return "".join(parts)


def list_revisions(doc: DocLike) -> list[Revision]:
    """Every tracked change in every part, in document order within each part."""
    d = open_document(doc)
    out: list[Revision] = []
    for part_name, root in story_roots(d):
        paras = _paragraphs(root)
        index = {id(p): i for i, p in enumerate(paras)}
        tags = {qn(t) for t in _RUN_REVS + _PROP_REVS + ("w:cellIns", "w:cellDel", "w:cellMerge")}
        for e in root.iter(*tags):
            tag = wtag(e)
            parent = e.getparent()
            ptag = wtag(parent) if parent is not None else ""
            p = next((a for a in e.iterancestors(qn("w:p"))), None)
            if tag in _PROP_REVS:
                scope, text = "formatting", ""
            elif ptag == "w:rPr" and parent.getparent() is not None \
                    and wtag(parent.getparent()) == "w:pPr":
                scope, text = "paragraph-mark", "\n"
            elif ptag == "w:trPr":
                scope, text = "row", _rev_text(parent.getparent())
                p = None
            elif ptag == "w:tcPr" or tag.startswith("w:cell"):
                scope, text = "cell", ""
            elif ptag == "w:rPr":
                continue  # not a revision of its own (only w:pPr/w:rPr carries marks)
            else:
                scope, text = "run", _rev_text(e)
            out.append(Revision(
                kind=tag[2:], id=e.get(qn("w:id"), ""), author=e.get(qn("w:author"), ""),
                date=e.get(qn("w:date"), ""), text=text,
                paragraph=index.get(id(p)) if p is not None else None,
                part=part_name, scope=scope))
    return out


@dataclass(frozen=True)
class CommentInfo:
    id: str
    author: str
    initials: str
    date: str
    text: str  # the comment's own text, paragraphs joined by "\n"
    anchor: str  # the commented text, accepted view (insertions in, deletions out)
    anchor_deleted: str  # the deleted text inside the commented range
    part: str | None  # where the anchor is: document | footnotes | ... (None: not anchored)
    paragraph: int | None  # index of the paragraph where the anchor starts in that part


def list_comments(doc: DocLike) -> list[CommentInfo]:
    """Every comment of the document with its author, text and anchored text."""
    d = open_document(doc)
    root = comments_root(d)
    if root is None:
        return []
    anchors: dict[str, list[str]] = {}
    deleted: dict[str, list[str]] = {}
    where: dict[str, tuple[str, int]] = {}
    fn, _en = _note_numbers(d, ACCEPTED)
    for part_name, story in story_roots(d):
        if part_name == "comments":
            continue
        open_ids: list[str] = []
        for i, p in enumerate(_paragraphs(story)):
            for cid in open_ids:
                anchors[cid].append("\n")
            for ev in _walk(p):
                if ev.kind == "crs":
                    open_ids.append(ev.value)
                    anchors.setdefault(ev.value, [])
                    deleted.setdefault(ev.value, [])
                    where.setdefault(ev.value, (part_name, i))
                elif ev.kind == "cre":
                    if ev.value in open_ids:
                        open_ids.remove(ev.value)
                elif ev.kind in ("text", "fnref"):
                    if ev.kind == "fnref":
                        value = "" if ev.custom else f"[^{fn.get(ev.value, '?')}]"
                    else:
                        value = ev.value
                    for cid in open_ids:
                        (deleted if ev.deleted else anchors)[cid].append(value)
    out = []
    for c in root.findall(qn("w:comment")):
        cid = c.get(qn("w:id"), "")
        paras = []
        for p in _paragraphs(c):
            paras.append("".join(ev.value for ev in _walk(p) if ev.kind == "text"))
        part, para = where.get(cid, (None, None))
        out.append(CommentInfo(
            id=cid, author=c.get(qn("w:author"), ""), initials=c.get(qn("w:initials"), ""),
            date=c.get(qn("w:date"), ""), text="\n".join(paras),
            anchor="".join(anchors.get(cid, [])).strip("\n"),
            anchor_deleted="".join(deleted.get(cid, [])), part=part, paragraph=para))
    return out


# ---------------------------------------------------------------------------------------------
# accept / reject


def _unwrap(e: Any) -> None:
    parent = e.getparent()
    if parent is None:
        return
    i = parent.index(e)
    for child in list(e):
        parent.insert(i, child)
        i += 1
    _drop(e)


def _drop(e: Any) -> None:
    parent = e.getparent()
    if parent is None:
        return
    # keep the text that follows the element (lxml stores it on the element)
    if e.tail:
        prev = e.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + e.tail
        else:
            parent.text = (parent.text or "") + e.tail
    parent.remove(e)


def _restore_properties(change: Any) -> None:
    """Reject a formatting change: the properties go back to those recorded in it."""
    props = change.getparent()
    old = next(iter(change), None)  # the recorded w:rPr / w:pPr / w:sectPr ...
    if wtag(change) == "w:numberingChange":  # records the old number text only
        _drop(change)
        return
    keep = {
        "w:pPr": {"w:rPr", "w:sectPr", "w:pPrChange"},
        "w:sectPr": {"w:headerReference", "w:footerReference"},
    }.get(wtag(props), set())
    for child in list(props):
        if child is change:
            continue
        if wtag(child) not in keep:
            props.remove(child)
    insert_at = 0
    while insert_at < len(props) and wtag(props[insert_at]) in (
            "w:headerReference", "w:footerReference"):
        insert_at += 1
    if old is not None:
        for child in list(old):
            props.insert(insert_at, child)
            insert_at += 1
    _drop(change)


def _merge_with_next(p: Any) -> None:
    """Join paragraph `p` with the paragraph that follows (its mark was removed)."""
    nxt = p.getnext()
    while nxt is not None and not isinstance(nxt.tag, str):
        nxt = nxt.getnext()
    if nxt is None or wtag(nxt) != "w:p":
        return  # last paragraph of its container: it keeps its mark
    ppr_next = nxt.find(qn("w:pPr"))
    at = 1 if ppr_next is not None else 0
    for child in list(p):
        if wtag(child) == "w:pPr":
            continue
        nxt.insert(at, child)
        at += 1
    _drop(p)


def _resolve(root: Any, accept: bool) -> None:
    keep_tags = ("w:ins", "w:moveTo") if accept else ("w:del", "w:moveFrom")
    drop_tags = ("w:del", "w:moveFrom") if accept else ("w:ins", "w:moveTo")
    merge: list[Any] = []
    rows_to_drop: list[Any] = []
    for e in list(root.iter(*(qn(t) for t in _RUN_REVS + ("w:cellIns", "w:cellDel")))):
        if e.getparent() is None:
            continue
        tag = wtag(e)
        parent = e.getparent()
        ptag = wtag(parent)
        if ptag == "w:rPr" and wtag(parent.getparent()) == "w:pPr":  # paragraph mark
            if tag in drop_tags:
                merge.append(parent.getparent().getparent())
            _drop(e)
            if len(parent) == 0 and not parent.attrib:
                _drop(parent)
        elif ptag == "w:trPr":  # table row
            if tag in drop_tags:
                rows_to_drop.append(parent.getparent())
            _drop(e)
        elif tag in ("w:cellIns", "w:cellDel"):
            _drop(e)
        elif ptag == "w:rPr":
            _drop(e)
        elif tag in keep_tags:
            if not accept:
                to_deleted_form(e, deleted=False)
            _unwrap(e)
        else:
            _drop(e)
    for tag in ("w:moveFromRangeStart", "w:moveFromRangeEnd", "w:moveToRangeStart",
                "w:moveToRangeEnd"):
        for e in list(root.iter(qn(tag))):
            _drop(e)
    for e in list(root.iter(*(qn(t) for t in _PROP_REVS))):
        if e.getparent() is None:
            continue
        if accept:
            _drop(e)
        else:
            _restore_properties(e)
    if not accept:  # text deleted outside any w:del (malformed, but seen): make it text again
        to_deleted_form(root, deleted=False)
    for row in rows_to_drop:
        _drop(row)
    for p in merge:
        if p.getparent() is not None:
            _merge_with_next(p)


def _prune(d: DocumentObject) -> None:
    """Remove notes and comments whose reference went away, and dangling comment ranges."""
    body_roots = [root for name, root in story_roots(d) if name != "comments"]
    for kind, ref_tag, note_tag in (("footnotes", "w:footnoteReference", "w:footnote"),
                                    ("endnotes", "w:endnoteReference", "w:endnote")):
        part = notes_part(d, kind)
        if part is None:
            continue
        refs = {e.get(qn("w:id")) for r in body_roots for e in r.iter(qn(ref_tag))}
        for note in list(part.element.findall(qn(note_tag))):
            if note.get(qn("w:type")) in ("separator", "continuationSeparator",
                                          "continuationNotice"):
                continue
            if note.get(qn("w:id")) not in refs:
                _drop(note)
    croot = comments_root(d)
    if croot is None:
        return
    body_roots = [root for name, root in story_roots(d) if name != "comments"]
    referenced = {e.get(qn("w:id")) for r in body_roots for e in r.iter(qn("w:commentReference"))}
    for c in list(croot.findall(qn("w:comment"))):
        if c.get(qn("w:id")) not in referenced:
            _drop(c)
    for r in body_roots:
        for tag in ("w:commentRangeStart", "w:commentRangeEnd"):
            for e in list(r.iter(qn(tag))):
                if e.get(qn("w:id")) not in referenced:
                    _drop(e)


def _transform(doc: DocLike, accept: bool, save_to: str | os.PathLike[str] | None) -> Any:
    d = open_document(doc)
    for _name, root in list(story_roots(d)):
        _resolve(root, accept)
    _prune(d)
    if save_to is not None:
        save_docx(d, Path(save_to))
    return d


def accept_all(doc: DocLike, save_to: str | os.PathLike[str] | None = None) -> DocumentObject:
    """Accept every tracked change (in place for a Document); return the document.

    Insertions are kept (``w:ins`` unwrapped), deletions dropped, deleted paragraph marks join
    their paragraph to the next, formatting changes keep the new formatting. Given a path, the
    file is read and left untouched unless `save_to` names where to write the result.
    """
    return _transform(doc, True, save_to)


def reject_all(doc: DocLike, save_to: str | os.PathLike[str] | None = None) -> DocumentObject:
    """Reject every tracked change (in place for a Document); return the document.

    Insertions are dropped; deletions come back (``w:delText`` becomes ``w:t``); inserted
    paragraph marks join their paragraph to the next; formatting changes restore the old
    formatting.
    """
    return _transform(doc, False, save_to)




def remove_comments(doc: DocLike, save_to: str | os.PathLike[str] | None = None) -> DocumentObject:
    """Remove every comment (anchors, reference runs and the comments themselves)."""
    d = open_document(doc)
    for name, root in story_roots(d):
        if name == "comments":
            continue
        for tag in ("w:commentRangeStart", "w:commentRangeEnd"):
            for e in list(root.iter(qn(tag))):
                _drop(e)
        for ref in list(root.iter(qn("w:commentReference"))):
            run = ref.getparent()
            _drop(ref)
            if run is not None and wtag(run) == "w:r" and not [
                    c for c in run if wtag(c) != "w:rPr"]:
                _drop(run)
    croot = comments_root(d)
    if croot is not None:
        for c in list(croot.findall(qn("w:comment"))):
            _drop(c)
    if save_to is not None:
        save_docx(d, Path(save_to))
    return d


__all__ = [
    "ACCEPTED", "REJECTED", "CommentInfo", "Note", "Revision", "accept_all",
    "body_paragraph_texts", "document_text", "list_comments", "list_revisions", "notes",
    "open_document", "reject_all", "remove_comments",
]
