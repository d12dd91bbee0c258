"""Write a :class:`~drafter.editor.compare.Comparison` as a Word redline (.docx).

The document is the reference document (``templates/reference.docx``, or ``reference``)
opened with python-docx (:func:`drafter.render.docx.open_reference`: its page, type, running
heads and numbering are the house style), its body replaced by the comparison, every
paragraph made with python-docx's ``add_paragraph`` in the UN styles (operative numbers and sub-paragraph letters
are drawn by the styles' numbering, so a renumbered paragraph carries no change). The tracked
changes, moves, footnotes and comments are built with the element helpers of
:mod:`drafter.render.ooxml`:

* a change inside a paragraph is ``w:del`` (OLD's words) + ``w:ins`` (NEW's words) on the
  smallest span, with a Word comment when its cause is known (consecutive changes with the same
  cause share one comment);
* a paragraph inserted or deleted as a whole has its paragraph mark inserted or deleted too,
  so accepting or rejecting leaves no empty paragraph;
* a moved paragraph is a move (``w:moveFrom`` where it stood, ``w:moveTo`` where it stands, in
  named move ranges, paragraph marks moved too), commented "moved from ... / moved to ...";
  words changed on the way are insertions in the moved-to paragraph, and its comment names the
  words they replaced (which stand in the moved-from text: Reject All must find them there).
  With ``moves=False`` it is written as a deletion and an insertion, with the same comments;
* footnotes are real Word footnotes: a note referenced in both texts holds the word-level
  changes of its text; a note whose reference is deleted (inserted) holds OLD's (NEW's) text
  and goes (comes) with its reference. Comments on changes inside a note are anchored on its
  reference mark in the body (LibreOffice 7.4 refuses a .docx whose footnotes hold comment
  references), their text saying "(in the footnote)".

LibreOffice 7.4 shows every tracked change, move and comment of the redline, but when a
comment follows a footnote reference in deleted or moved-away text it lays out every footnote
of the document without its text (pandoc, python-docx and openxml-audit read the file as it
is; the same file without its comments shows the notes in LibreOffice too; tracking the note's
text as deleted, or keeping the paragraph mark, does not help). The tests convert the redline with its
comments (it must convert without error) and a copy without comments (every note's text must
be on the page).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from drafter.editor.compare import BODY_START, MARKER, Block, Comparison, Line, Span, groups
from drafter.render.docx import STYLE_SYMBOL, SYMBOL_FIELD, open_reference
from drafter.render.ooxml import (
    Tracker,
    add_comment,
    add_footnote,
    document_bytes,
    el,
    footnote_reference_run,
    header_footer_roots,
    iso_date,
    make_run,
    qn,
    set_document_properties,
    set_rpr,
)
from drafter.render.wordxml import set_compatibility_mode, set_field_results

STYLES = {
    "preamble": "UN Preambular",
    "operative": "UN Operative",
    "sub1": "UN Subparagraph",
    "sub2": "UN Subparagraph 2",
    "body_start": "UN Body Start",
    "symbol": "UN Masthead",
    "distribution": "UN Distribution",
    "date": "UN Distribution",
    "session": "UN Session",
    "agenda_item": "UN Agenda",
    "report": "UN Agenda",
    "committee": "UN Session",
    "title": "UN Title",
}


_MARKS = frozenset(qn(t) for t in (
    "w:pPr", "w:commentRangeStart", "w:commentRangeEnd", "w:moveFromRangeStart",
    "w:moveFromRangeEnd", "w:moveToRangeStart", "w:moveToRangeEnd", "w:bookmarkStart",
    "w:bookmarkEnd"))


def _holds_reference(e: Any) -> bool:
    return e.tag == qn("w:footnoteReference") or next(
        e.iter(qn("w:footnoteReference")), None) is not None


class _Writer:
    def __init__(self, c: Comparison, doc: Any, *, author: str, date: datetime | None,
                 moves: bool) -> None:
        self.c = c
        self.doc = doc
        self.author = author
        self.date = date
        self.moves = moves
        self.tracker = Tracker(doc, author=author, date=date)
        self.initials = "".join(w[0] for w in author.split() if w).upper()[:4] or "D"
        self.styles = {s.name for s in doc.styles}
        self.move_ids: dict[tuple[str, str], str] = {}  # (move name, From|To) -> range id
        self.open_moves: dict[tuple[str, str], Any] = {}  # last paragraph of each move range
        self.parent_kind = ""  # kind of the last paragraph that is not a sub-paragraph
        self.restarts: dict[int, str] = {}  # depth -> w:numId of the current preamble group
        self.last_p: Any = None
        # comments made while a paragraph is written, anchored when it is complete:
        # (cause, first, last) on changes; (footnote reference, causes) for changes in notes
        self.deferred: list[tuple[str, Any, Any]] = []
        self.pending_note_comments: list[tuple[Any, list[str]]] = []

    # -- paragraphs ---------------------------------------------------------------------

    def paragraph(self, style: str | None) -> Any:
        name = STYLES.get(style or "", style or "")
        para = self.doc.add_paragraph(style=name if name in self.styles else None)
        return para._p  # noqa: SLF001 - python-docx has no public handle on the w:p element

    def comment(self, first: Any, last: Any, text: str) -> None:
        """Comment `first`..`last` (siblings). The range leaves out footnote references (a
        comment is on words; one that is all references is kept: a comment on a note's mark,
        as the draft writer makes them)."""
        span = [first]
        while span[-1] is not last and span[-1].getnext() is not None:
            span.append(span[-1].getnext())
        if span[-1] is not last:  # not siblings: as given
            span = [first, last]
        words = [e for e in span if e.tag not in _MARKS]
        refs = [i for i, e in enumerate(words) if _holds_reference(e)]
        if refs:
            keep = words[:refs[0]] or words[refs[-1] + 1:]
            if keep:
                first, last = keep[0], keep[-1]
        add_comment(self.doc, first, last, f"drafter: {text}", author=self.author,
                    initials=self.initials, date=self.date)

    # -- runs ----------------------------------------------------------------------------

    def runs(self, text: str, mode: str, italic_upto: int = 0) -> list[Any]:
        """Runs of `text` (``[^k]`` markers as footnote references). `mode` says which text a
        marker's note shows: ``diff`` (reference in both texts), ``old`` or ``new``."""
        out: list[Any] = []
        pos = 0

        def plain(seg: str, start: int) -> None:
            cut = min(max(italic_upto - start, 0), len(seg))
            if cut:
                out.append(make_run(seg[:cut], italic=True))
            if seg[cut:]:
                out.append(make_run(seg[cut:]))

        for m in MARKER.finditer(text):
            if m.start() > pos:
                plain(text[pos:m.start()], pos)
            ref = self.note(int(m.group(1)), mode)
            if ref is not None:
                out.append(ref)
            pos = m.end()
        if pos < len(text):
            plain(text[pos:], pos)
        return out

    def note(self, key: int, mode: str) -> Any | None:
        nd = self.c.note(key)
        if nd is None:
            return None
        content: list[Any] = []
        causes: list[str] = []
        if mode == "diff":
            content, causes = self.spans(nd.spans, notes=False, in_note=True)
        else:
            text = "".join(s.text for s in nd.spans if s.op != ("insert" if mode == "old" else
                                                                  "delete"))
            content = [make_run(text)] if text else []
        note_id = add_footnote(self.doc, content)
        ref = footnote_reference_run(note_id)
        self.pending_note_comments.append((ref, causes))
        return ref

    def spans(self, spans: Sequence[Span], *, opening_old: str = "", opening_new: str = "",
              notes: bool = True, in_note: bool = False, skip_deleted: bool = False,
              wrap_equal: str | None = None) -> tuple[list[Any], list[str]]:
        """Elements for `spans` (runs, ``w:del``, ``w:ins``), commented; returns them and the
        causes they could not anchor (inside a footnote)."""
        out: list[Any] = []
        left: list[str] = []
        po = pn = 0
        # one comment per run of changes with the same cause
        pending: tuple[str, Any, Any] | None = None
        index_groups = groups(spans)
        starts = {a: b for a, b in index_groups}
        k = 0
        while k < len(spans):
            s = spans[k]
            if s.op == "equal":
                runs = self.runs(s.text, "diff", len(opening_new) - pn) if notes else \
                    [make_run(s.text)]
                if wrap_equal:
                    out.extend(self.wrap(wrap_equal, runs))
                else:
                    out.extend(runs)
                po += len(s.text)
                pn += len(s.text)
                k += 1
                continue
            end = starts[k]
            made: list[Any] = []
            cause = ""
            for x in spans[k:end]:
                cause = cause or x.cause
                if x.op == "delete":
                    if not skip_deleted:
                        runs = self.runs(x.text, "old", len(opening_old) - po) if notes else \
                            [make_run(x.text)]
                        made.extend(self.wrap("del", runs))
                    po += len(x.text)
                else:
                    runs = self.runs(x.text, "new", len(opening_new) - pn) if notes else \
                        [make_run(x.text)]
                    made.extend(self.wrap("ins", runs))
                    pn += len(x.text)
            out.extend(made)
            if made and cause:
                if in_note:
                    if cause not in left:
                        left.append(cause)
                elif pending is not None and pending[0] == cause:
                    pending = (cause, pending[1], made[-1])
                else:
                    if pending is not None:
                        self.deferred.append(pending)
                    pending = (cause, made[0], made[-1])
            k = end
        if pending is not None:
            self.deferred.append(pending)
        return out, left

    # -- moves ---------------------------------------------------------------------------

    def wrap(self, kind: str, runs: list[Any]) -> list[Any]:
        """`runs` in ``w:ins``, ``w:del``, ``w:moveFrom`` or ``w:moveTo`` elements, a footnote
        reference in one of its own, so that a comment can be anchored on the words around
        it without holding the reference (see :meth:`comment`)."""
        out: list[Any] = []
        segment: list[Any] = []

        def flush() -> None:
            if not segment:
                return
            if kind == "del":
                out.append(self.tracker.delete(segment))
            elif kind == "ins":
                out.append(self.tracker.ins(segment))
            else:  # moved text keeps w:t (w:delText is for deletions only)
                w = el(f"w:{kind}", {"w:id": self.tracker.next_id(), "w:author": self.author,
                                     "w:date": iso_date(self.date)})
                for r in segment:
                    w.append(r)
                out.append(w)
            segment.clear()

        for r in runs:
            if _holds_reference(r):
                flush()
                segment.append(r)
                flush()
            else:
                segment.append(r)
        flush()
        return out

    def start_move(self, p: Any, name: str, kind: str) -> None:
        rid = self.tracker.next_id()
        self.move_ids[(name, kind)] = rid
        start = el(f"w:{kind}RangeStart", {"w:id": rid, "w:name": name, "w:author": self.author,
                                            "w:date": iso_date(self.date)})
        ppr = p.find(qn("w:pPr"))
        if ppr is not None:
            ppr.addnext(start)
        else:
            p.insert(0, start)

    def end_move(self, name: str, kind: str) -> None:
        p = self.open_moves.pop((name, kind), None)
        if p is not None:
            p.append(el(f"w:{kind}RangeEnd", {"w:id": self.move_ids[(name, kind)]}))

    # -- blocks --------------------------------------------------------------------------

    def block(self, b: Block) -> None:
        style = b.kind if b.kind != "sub" else f"sub{min(b.depth, 2)}"
        p = self.paragraph(style)
        self.last_p = p
        self.deferred = []
        self.pending_note_comments = []
        status = b.status
        moved = self.moves and status in ("moved-from", "moved-to") and b.move
        kind = "moveFrom" if status == "moved-from" else "moveTo"
        if moved and b.kind != "sub":
            self.start_move(p, b.move or "", kind)
        if status in ("inserted", "deleted") or (status in ("moved-from", "moved-to")
                                                   and not moved):
            # a whole paragraph: its words and its mark
            if status in ("deleted", "moved-from"):
                runs = self.runs(b.old_text(), "old", len(b.opening_old))
                elems = self.wrap("del", runs)
                mark = "del"
            else:
                runs = self.runs(b.new_text(), "new", len(b.opening_new))
                elems = self.wrap("ins", runs)
                mark = "ins"
            for e in elems:
                p.append(e)
            self.tracker.mark_paragraph(p, mark)
        elif moved and status == "moved-from":
            runs = self.runs(b.old_text(), "old", len(b.opening_old))
            for e in self.wrap("moveFrom", runs):
                p.append(e)
            self.tracker.mark_paragraph(p, "moveFrom")
        else:
            elems, _ = self.spans(b.spans, opening_old=b.opening_old, opening_new=b.opening_new,
                                  skip_deleted=status == "moved-to",
                                  wrap_equal="moveTo" if moved else None)
            for e in elems:
                p.append(e)
            if status == "moved-to":
                self.tracker.mark_paragraph(p, "moveTo" if moved else "ins")
        if moved:
            self.open_moves[(b.move or "", kind)] = p
        for cause, first, last in self.deferred:
            self.comment(first, last, cause)
        for ref, causes in self.pending_note_comments:
            for cause in causes:
                self.comment(ref, ref, f"{cause} (in the footnote)")
        if b.note:
            content = [c for c in p if c.tag not in _MARKS]
            if content:
                note = b.note
                if status == "moved-to":
                    dropped = [s.text.strip() for s in b.spans if s.op == "delete"]
                    if dropped:
                        note += "; words deleted on the way (shown where it stood): " + \
                            ", ".join(f'"{d}"' for d in dropped)
                self.comment(content[0], content[-1], note)

    def restart(self, p: Any, depth: int, first: bool) -> None:
        """Sub-paragraphs of a preambular paragraph: (a), (b) restarting at each paragraph
        (no operative paragraph above them restarts their level), as the draft writer does:
        each group gets its own ``w:num`` with a ``w:startOverride``."""
        try:
            numbering = self.doc.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        style_num = numbering.find(qn("w:num"))
        if style_num is None or style_num.find(qn("w:abstractNumId")) is None:
            return
        if first:
            abstract = style_num.find(qn("w:abstractNumId")).get(qn("w:val"))
            ids = [int(x) for x in numbering.xpath("./w:num/@w:numId")]
            num_id = str(max(ids) + 1)
            num = el("w:num", {"w:numId": num_id}, el("w:abstractNumId", {"w:val": abstract}))
            num.append(el("w:lvlOverride", {"w:ilvl": str(depth)},
                          el("w:startOverride", {"w:val": "1"})))
            numbering.append(num)
            self.restarts[depth] = num_id
        ppr = p.get_or_add_pPr()
        numpr = ppr.get_or_add_numPr()
        numpr.get_or_add_ilvl().val = depth
        numpr.get_or_add_numId().val = int(self.restarts[depth])

    def line(self, ln: Line) -> None:
        p = self.paragraph(ln.name)
        self.deferred = []
        self.pending_note_comments = []
        o, n = ln.old_text(), ln.new_text()
        if not n or not o:
            text = o or n
            runs = [make_run(text)]
            p.append(self.tracker.delete(runs) if not n else self.tracker.ins(runs))
            self.tracker.mark_paragraph(p, "del" if not n else "ins")
            if ln.name == "symbol":
                self.symbol_style(p)
            return
        elems, _ = self.spans(ln.spans, notes=False)
        for e in elems:
            p.append(e)
        if ln.name == "symbol":
            self.symbol_style(p)
        for cause, first, last in self.deferred:
            self.comment(first, last, cause)

    def symbol_style(self, p: Any) -> None:
        """The symbol's runs in the character style "UN Symbol", which the running heads of
        the reference document show (``STYLEREF "UN Symbol"``)."""
        style = next((s for s in self.doc.styles if s.name == STYLE_SYMBOL), None)
        if style is None:
            return
        for r in p.iter(qn("w:r")):
            set_rpr(r, "w:rStyle", {"w:val": style.style_id})

    def body_start(self) -> None:
        """"The General Assembly," with the footnotes no paragraph refers to (so that no note
        is lost), each commented; a note of one text only goes (comes) with its reference."""
        p = self.paragraph("body_start")
        p.append(make_run(BODY_START))
        self.pending_note_comments = []
        for key, side in self.c.loose:
            ref = self.note(key, "diff" if side == "both" else side)
            if ref is None:
                continue
            wrapped = ref if side == "both" else (
                self.tracker.delete([ref]) if side == "old" else self.tracker.ins([ref]))
            p.append(wrapped)
            where = {"both": "either text", "old": "OLD", "new": "NEW"}[side]
            self.comment(wrapped, wrapped, f"no paragraph of {where} refers to this footnote "
                         "(as drafter read the text); kept here so that it is not lost")
        for ref, causes in self.pending_note_comments:
            for cause in causes:
                self.comment(ref, ref, f"{cause} (in the footnote)")
        runs = [c for c in p if c.tag == qn("w:r")]
        if self.c.notices and runs:  # how the texts were read ("read in its accepted view")
            self.comment(runs[0], runs[0], "note: " + "\n".join(self.c.notices))

    def write(self) -> None:
        body = self.doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        for ln in self.c.head:
            self.line(ln)
        self.body_start()
        # a move range ends after its last paragraph (the paragraph and its sub-paragraphs)
        previous = ""
        for k, b in enumerate(self.c.blocks):
            self.block(b)
            if b.kind != "sub":
                self.parent_kind = b.kind
            elif self.parent_kind == "preamble":
                self.restart(self.last_p, b.depth,
                             previous != "sub" or b.depth not in self.restarts)
            previous = b.kind
            if self.moves and b.move and b.status in ("moved-from", "moved-to"):
                kind = "moveFrom" if b.status == "moved-from" else "moveTo"
                nxt = self.c.blocks[k + 1] if k + 1 < len(self.c.blocks) else None
                if nxt is None or nxt.kind != "sub" or nxt.move != b.move:
                    self.end_move(b.move, kind)
        for ln in self.c.tail:
            self.line(ln)
        stamp = self.date or datetime.now(UTC)
        if stamp.tzinfo is not None:
            stamp = stamp.astimezone(UTC).replace(tzinfo=None)
        # the running heads show the symbol (STYLEREF "UN Symbol"): NEW's, as LibreOffice
        # shows the fields' last result; Word finds it in the masthead
        for root in header_footer_roots(self.doc):
            set_field_results(root, SYMBOL_FIELD, self.c.new.symbol or self.c.new.label)
        set_document_properties(
            self.doc, title=f"Redline: {self.c.old.label} -> {self.c.new.label}",
            subject=f"{self.c.old.label} -> {self.c.new.label}", author=self.author,
            date=stamp, keywords="drafter compare",
            description=(f"Made by drafter compare: Reject All gives {self.c.old.label}, "
                         f"Accept All gives {self.c.new.label}."))
        set_compatibility_mode(self.doc.settings.element, 15)


def build_redline(c: Comparison, *, author: str = "drafter", date: datetime | None = None,
                  reference: Path | None = None, moves: bool = True) -> Any:
    """The redline as a python-docx ``Document``: the reference document (drafter's, or
    `reference`, refused in one line when it lacks the UN styles) with the comparison as body."""
    doc = open_reference(reference)
    _Writer(c, doc, author=author, date=date, moves=moves).write()
    return doc


def redline_bytes(c: Comparison, **options: Any) -> bytes:
    return bytes(document_bytes(build_redline(c, **options)))


def write_redline(c: Comparison, path: str | os.PathLike[str], *, force: bool = False,
                  **options: Any) -> Path:
    """Write the redline to `path` atomically; an existing file only with `force`."""
    from drafter.fsutil import atomic_write_bytes

    return atomic_write_bytes(path, redline_bytes(c, **options), force=force)


__all__ = ["build_redline", "redline_bytes", "write_redline"]
