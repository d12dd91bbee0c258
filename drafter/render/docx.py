"""Render a :class:`~drafter.model.draft.Draft` as a Word draft (L-document) with tracked changes.

The document is the reference document ``templates/reference.docx`` (see
``templates/build_reference.py``; ``reference=`` gives an organisation's own), opened with
python-docx, its body replaced by the draft: every layout decision (page, type, indents,
running heads and feet, the masthead's rules, numbering) is a style of the reference. The
draft is laid out as a Third Committee draft:

* masthead, rendered plain (it is the frame of the document, not a change to the base text):
  "United Nations" and the symbol over a rule, then a table (style "UN Masthead Table", whose
  bottom border is the second rule) with "General Assembly" beside "Distr.: Limited", the
  date and "Original: English"; the session, the committee, the agenda item and its title,
  the sponsor line ("Cuba:* draft resolution") whose "*" is a Word footnote with a custom
  mark (``w:customMarkFollows``), the title and "The General Assembly,";
* the running heads of the pages after the first show the symbol through a
  ``STYLEREF "UN Symbol"`` field (Word finds the masthead's symbol, so an editor who types the
  L-document number there changes every page); drafter writes the symbol as the fields' result,
  which is what LibreOffice shows; it is also the core property ``subject``;
* preambular paragraphs (style "UN Preambular"), their opening words in italics;
* operative paragraphs (style "UN Operative") and sub-paragraphs ("UN Subparagraph",
  "UN Subparagraph 2"), the opening verb in italics.

**Numbering.** Operative paragraphs are numbered only by the numbering attached to the
"UN Operative" style; the number is *not* repeated as literal text. So every reader sees
"1." exactly once: Word and LibreOffice draw it (and renumber when an editor inserts or deletes
a paragraph), pandoc reads an ordered list, and python-docx based readers get it from
:func:`drafter.render.revisions.body_paragraph_texts`, which resolves list labels from
``numbering.xml``. (A literal "1.\\t" run in addition to the style numbering would show the
number twice in Word, LibreOffice and pandoc; a literal number alone would not renumber.)
python-docx's bare ``Paragraph.text`` does not include list labels, nor inserted text.

**Changes.** Every change piece becomes ``w:del`` (old words) + ``w:ins`` (new words) on exactly
that span, with a Word comment anchored on the pair giving the change id, its rule, confidence
and evidence. A placeholder (``Piece.placeholder``, or a masthead field with an unfilled
``Placeholder`` whose ``where`` is ``masthead.<field>``) is highlighted yellow and commented
with what is known and what an editor must confirm; a change that is also a placeholder has a
single comment with both. Comments on what changes inside a footnote are anchored on the
footnote's reference mark in the body (their text ends "In footnote 3."): LibreOffice 7.4
cannot open a .docx whose footnotes hold comment references, and an editor sees the note's
mark next to it. ``footnote_comments="inline"`` anchors them on the span inside the note
instead (Word only). A paragraph that is new as a whole also has its paragraph mark
inserted, and one deleted as a whole its mark deleted, so accepting or rejecting in Word leaves
no empty paragraph.

**Footnotes.** ``[^n]`` markers in piece text become Word footnote references; footnote ``n``
(``draft.footnotes``, whose own pieces may hold tracked changes) is written when it is first
referenced, so Word numbers the notes in the draft's order. A marker repeated later, or found
only in deleted text when the note is referenced elsewhere, is shown as a superscript number
(Word cannot point two references at one note). A footnote no paragraph refers to is not
written.

**Italics.** Opening words, and the titles of Official Records ("*Official Records of the
General Assembly, Sixty-eighth Session, Supplement No. 53* (A/68/53)") wherever they stand,
footnotes included.

**Placeholders are never hidden.** Every open placeholder is highlighted: the pieces and
masthead fields it is attached to, and every blank (``[__]``, ``[date]``, ``L.__``) in the
draft's text wherever it stands. ``clean=True`` gives the text with every change accepted,
without comments; it refuses (:class:`OpenPlaceholdersError`) while placeholders are open,
unless ``allow_open=True``, which writes them still highlighted.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from drafter.errors import DrafterError
from drafter.model.draft import (
    MARKER_RE,
    Change,
    Draft,
    DraftParagraph,
    Masthead,
    Piece,
    Placeholder,
)
from drafter.render.ooxml import (
    FOOTNOTE_REFERENCE_STYLE,
    Tracker,
    add_comment,
    document_bytes,
    el,
    footnote_reference_run,
    footnotes_part,
    header_footer_roots,
    make_run,
    open_docx,
    qn,
    set_document_properties,
    write_bytes,
    xpath,
)
from drafter.render.wordxml import (
    PPR_ORDER,
    append_footnote,
    get_or_add,
    set_compatibility_mode,
    set_field_results,
    set_rpr,
    set_track_revisions,
)

HIGHLIGHT = "yellow"

STYLE_MASTHEAD = "UN Masthead"
STYLE_SYMBOL = "UN Symbol"  # character style
STYLE_MASTHEAD_TABLE = "UN Masthead Table"  # table style
STYLE_ORGAN = "UN Organ"
STYLE_DISTRIBUTION = "UN Distribution"
STYLE_SESSION = "UN Session"
STYLE_AGENDA = "UN Agenda"
STYLE_SPONSORS = "UN Sponsors"
STYLE_TITLE = "UN Title"
STYLE_BODY_START = "UN Body Start"
STYLE_PREAMBULAR = "UN Preambular"
STYLE_OPERATIVE = "UN Operative"
STYLE_SUB = ("UN Subparagraph", "UN Subparagraph 2")
REQUIRED_STYLES = (STYLE_MASTHEAD, STYLE_SYMBOL, STYLE_MASTHEAD_TABLE, STYLE_ORGAN,
                   STYLE_DISTRIBUTION, STYLE_SESSION, STYLE_AGENDA, STYLE_SPONSORS, STYLE_TITLE,
                   STYLE_BODY_START, STYLE_PREAMBULAR, STYLE_OPERATIVE, *STYLE_SUB)

BODY_START = "The General Assembly,"
NUMPR_ORDER = ("w:ilvl", "w:numId", "w:numberingChange", "w:ins")
#: the field of the running heads that shows the symbol: the text in the "UN Symbol" style
SYMBOL_FIELD = 'STYLEREF "UN Symbol"'
#: share of the text width taken by "General Assembly" beside the distribution block
ORGAN_SHARE = 0.62
TEXT_WIDTH = 9360  # twips (6.5 in), when the reference document gives no page size

#: a blank an editor must fill: "[__]", "[date]", "[sponsors]", "L.__" (not a "[^3]" marker)
BLANK_RE = re.compile(r"\[(?!\^)[^\]\n]*\]|_{2,}")
#: the italic title of an Official Records citation, up to its supplement number
OFFICIAL_RECORDS_RE = re.compile(r"Official Records of the [^,.;]+(?:, [^,.;()]+?)*?, "
                                 r"Supplement No\. ?\d+[A-Z]?")


class OpenPlaceholdersError(DrafterError):
    """A clean copy was asked for while placeholders are still open."""


class ReferenceDocumentError(DrafterError):
    """The reference document cannot be used."""


def reference_docx_path() -> Path:
    """The reference document: ``drafter/_bundled/templates/reference.docx`` in an installed
    wheel, ``templates/reference.docx`` in a source checkout."""
    package = Path(__file__).resolve().parents[1]  # .../drafter
    candidates = (
        package / "_bundled" / "templates" / "reference.docx",
        package.parent / "templates" / "reference.docx",
    )
    for c in candidates:
        if c.is_file():
            return c
    raise FileNotFoundError(
        "reference.docx not found (looked in "
        + ", ".join(str(c) for c in candidates)
        + "); build it with: python templates/build_reference.py"
    )


_REFERENCE_HINT = ("give a Word .docx built like templates/reference.docx "
                   "(its styles, page and running heads are the house style)")


def open_reference(path: str | os.PathLike[str] | None = None) -> Any:
    """The reference document as a python-docx Document; a one-line error for anything that
    is not a readable Word .docx with the UN styles (``--reference``)."""
    if path is None:
        return open_docx(reference_docx_path())
    path = Path(path)
    if path.suffix.lower() != ".docx":
        raise ReferenceDocumentError(f"--reference {path}: not a .docx file", hint=_REFERENCE_HINT)
    if not path.is_file():
        raise ReferenceDocumentError(f"--reference {path}: no such file", hint=_REFERENCE_HINT)
    try:
        doc = open_docx(path)
    except Exception as e:  # python-docx raises many kinds on a damaged package
        raise ReferenceDocumentError(f"--reference {path}: not a readable Word document "
                              f"({type(e).__name__})", hint=_REFERENCE_HINT) from None
    names = {s.name for s in doc.styles}
    missing = [name for name in REQUIRED_STYLES if name not in names]
    if missing:
        raise ReferenceDocumentError(
            f"--reference {path}: no style " + ", ".join(repr(m) for m in missing),
            hint=_REFERENCE_HINT)
    return doc


def check_reference(path: str | os.PathLike[str] | None) -> None:
    """Refuse a ``--reference`` that cannot be used, before any work is done."""
    if path is not None:
        open_reference(path)


def open_placeholders(draft: Draft) -> list[Placeholder]:
    """The placeholders of `draft` no ``--set`` has filled."""
    return [ph for ph in draft.placeholders if not ph.filled]


def check_clean(draft: Draft) -> None:
    """Refuse a clean copy while placeholders are open, naming them."""
    found = open_placeholders(draft)
    if not found:
        return
    def name(ph: Placeholder) -> str:
        text = ph.text if len(ph.text) <= 40 else ph.text[:37] + "..."
        return f"{ph.id} {ph.key} ({text!r})" if text else f"{ph.id} {ph.key}"

    names = ", ".join(name(ph) for ph in found)
    raise OpenPlaceholdersError(
        f"--clean would circulate a draft with {len(found)} open placeholder(s): {names}",
        hint="fill them with --set KEY=VALUE, or give --force to write them still highlighted")


def render_docx(
    draft: Draft,
    path: str | os.PathLike[str],
    *,
    author: str = "drafter",
    date: datetime | None = None,
    clean: bool = False,
    reference: str | os.PathLike[str] | None = None,
    footnote_comments: str = "reference",
    allow_open: bool = False,
) -> Path:
    """Write `draft` as a .docx at `path` (atomically) and return the path.

    `author` and `date` stamp every tracked change and comment (and the core properties);
    give a fixed `date` for byte-reproducible output. `reference` is the reference document
    whose styles, page and running heads the draft takes (default: drafter's own, UN New
    York). `clean` accepts every change and leaves out comments; it refuses while
    placeholders are open unless `allow_open` (they stay highlighted). `footnote_comments`
    says where the comments on changes and placeholders inside footnotes go: ``"reference"``
    (default) anchors them on the note's reference mark in the body, ``"inline"`` on the
    changed span inside the note (exact, but LibreOffice 7.4 then refuses to open the file:
    it cannot load a comment whose reference is in a footnote).
    """
    out = Path(path)
    write_bytes(docx_bytes(draft, author=author, date=date, clean=clean, reference=reference,
                           footnote_comments=footnote_comments, allow_open=allow_open), out)
    return out


def docx_bytes(draft: Draft, **options: Any) -> bytes:
    """The .docx :func:`render_docx` writes, as bytes (same keyword options)."""
    return document_bytes(build_document(draft, **options))


def build_document(
    draft: Draft,
    *,
    author: str = "drafter",
    date: datetime | None = None,
    clean: bool = False,
    reference: str | os.PathLike[str] | None = None,
    footnote_comments: str = "reference",
    allow_open: bool = False,
) -> Any:
    """The python-docx Document :func:`render_docx` saves: the reference document with the
    draft as body.

    Track Changes is switched on (unless `clean`), so the editors' own amendments are tracked
    too: the Assembly's submission guidelines ask for every change to the base text to be
    shown.
    """
    if footnote_comments not in ("reference", "inline"):
        raise ValueError(f"footnote_comments must be 'reference' or 'inline', "
                         f"not {footnote_comments!r}")
    if clean and not allow_open:
        check_clean(draft)
    doc = open_reference(reference)
    _Renderer(draft, doc, author=author, date=date, clean=clean,
              footnote_comments=footnote_comments).render()
    settings = doc.settings.element
    set_compatibility_mode(settings, 15)
    if not clean:
        set_track_revisions(settings)
    return doc


def comment_text(change: Change | None, placeholders: Sequence[Placeholder],
                 change_id: str | None = None) -> str:
    """The text of the comment on a change and/or placeholder (one line per fact)."""
    lines: list[str] = []
    if change is not None:
        lines.append(f"drafter {change.id}: rule {change.rule}, confidence {change.confidence:.2f}")
        if change.evidence:
            lines.append(f"Evidence: {change.evidence}")
        if change.confidence_words:
            lines.append(f"Confidence: {change.confidence_words}")
    elif change_id is not None:
        lines.append(f"drafter {change_id}: no record of this change in the draft")
    for ph in placeholders:
        lines.append(f"drafter {ph.id} ({ph.key}): to confirm: {ph.confirm}")
        if ph.known:
            lines.append(f"Known: {ph.known}")
    return "\n".join(lines)


Span = tuple[int, int]


def italic_spans(text: str, opening: str = "") -> list[Span]:
    """Where `text` is italic: its opening words, and the titles of Official Records."""
    spans = [(0, len(opening))] if opening and text.startswith(opening) else []
    spans += [m.span() for m in OFFICIAL_RECORDS_RE.finditer(text)]
    return spans


def blank_spans(text: str) -> list[Span]:
    """The blanks of `text` an editor must fill (``[__]``, ``[date]``, ``L.__``)."""
    return [m.span() for m in BLANK_RE.finditer(text)]


def _segments(text: str, offset: int, italic: Sequence[Span], marked: Sequence[Span]
              ) -> Iterator[tuple[str, bool, bool]]:
    """`text` (at `offset` in its paragraph) cut where italics or highlights begin or end:
    (segment, italic, highlighted)."""
    cuts = {0, len(text)}
    for a, b in (*italic, *marked):
        for x in (a - offset, b - offset):
            if 0 < x < len(text):
                cuts.add(x)
    bounds = sorted(cuts)
    for a, b in zip(bounds, bounds[1:], strict=False):
        mid = offset + a
        yield (text[a:b], any(s <= mid < e for s, e in italic),
               any(s <= mid < e for s, e in marked))


class _Renderer:
    def __init__(self, draft: Draft, doc: Any, *, author: str,
                 date: datetime | None, clean: bool, footnote_comments: str = "reference"
                 ) -> None:
        self.draft = draft
        self.doc = doc
        self.author = author
        self.date = date
        self.clean = clean
        self.tracker = Tracker(doc, author=author, date=date)
        self.initials = "".join(w[0] for w in author.split() if w).upper()[:4] or "D"
        self.changes = {c.id: c for c in draft.changes}
        self.placeholders = {p.id: p for p in draft.placeholders}
        self.notes = {f.number: f for f in draft.footnotes}
        self.note_ids: dict[int, int] = {}  # draft footnote number -> w:id
        self.live_markers = {
            int(m.group(1))
            for para in draft.paragraphs()
            for piece in para.pieces
            for m in MARKER_RE.finditer(piece.text)
        }
        self.restart_nums: dict[int, str] = {}
        self._style_ids = {s.name: s.style_id for s in doc.styles}
        missing = [name for name in REQUIRED_STYLES if name not in self._style_ids]
        if missing:
            raise ReferenceDocumentError(
                "the reference document has no style " + ", ".join(repr(m) for m in missing),
                hint="start from templates/reference.docx (python templates/build_reference.py)")
        self.body = doc.element.body
        self.section = self.body.find(qn("w:sectPr"))  # paragraphs go before it
        self.footnote_comments = footnote_comments
        self._note_label: str | None = None  # "footnote 3" while a note is being written
        self._note_buffer: list[str] = []
        self._pending: list[tuple[Any, list[str]]] = []  # (reference run, comment texts)
        self.shown_placeholders: set[str] = set()
        self.paragraph_elements: dict[str, Any] = {}  # draft paragraph id -> w:p
        self.note_refs: dict[int, Any] = {}  # draft footnote number -> reference run
        self.title_p: Any = None
        self._footnotes: Any = None

    # -- document -------------------------------------------------------------------------

    def render(self) -> None:
        for child in list(self.body):
            if child is not self.section:
                self.body.remove(child)
        self._properties()
        self._masthead()
        for para in self.draft.preamble:
            self._paragraph(para, STYLE_PREAMBULAR, 0, in_preamble=True)
        for para in self.draft.operative:
            self._paragraph(para, STYLE_OPERATIVE, 0, in_preamble=False)
        for ref, texts in self._pending:  # comments on footnote content, on the note's mark
            for text in texts:
                self._add_comment(ref, ref, text)
        if not self.clean:
            self._stray_placeholders()
            self._checks()

    def _checks(self) -> None:
        """Each thing to check as a comment on its paragraph (else on the title): a suggestion,
        never a tracked change."""
        for k in self.draft.checks:
            target = self.paragraph_elements.get(k.where)
            if target is None:
                target = self.title_p
            if target is None:
                continue
            content = [c for c in target if c.tag != qn("w:pPr")]
            if not content:
                continue
            text = (f"drafter {k.id} (to check, {k.kind}): {k.suggestion}\nAbout: {k.text}\n"
                    f"Why: {k.evidence}")
            self._add_comment(content[0], content[-1], text)

    def footnotes(self) -> Any:
        if self._footnotes is None:
            part = footnotes_part(self.doc)
            assert part is not None
            self._footnotes = part.element
        return self._footnotes

    def _stray_placeholders(self) -> None:
        """Comment the open placeholders no piece or masthead field showed: on the paragraph
        (or footnote mark) named by their ``where``, else on the title."""
        for ph in self.draft.placeholders:
            if ph.filled or ph.id in self.shown_placeholders:
                continue
            first = last = None
            where = ph.where
            if where in self.paragraph_elements:
                content = [c for c in self.paragraph_elements[where]
                           if c.tag != qn("w:pPr")]
                if content:
                    first, last = content[0], content[-1]
            elif where.startswith("fn") and where[2:].isdigit() and int(where[2:]) in \
                    self.note_refs:
                first = last = self.note_refs[int(where[2:])]
            if first is None and self.title_p is not None:
                content = [c for c in self.title_p if c.tag != qn("w:pPr")]
                if content:
                    first, last = content[0], content[-1]
            if first is not None:
                self._add_comment(first, last, comment_text(None, [ph]) + f"\n(at {where})")
                self.shown_placeholders.add(ph.id)

    def _properties(self) -> None:
        """Core properties from the draft; the symbol in the running heads."""
        m = self.draft.masthead
        stamp = self.date or datetime.now(UTC)
        if stamp.tzinfo is not None:
            stamp = stamp.astimezone(UTC).replace(tzinfo=None)
        base = f" from {self.draft.base_symbol}" if self.draft.base_symbol else ""
        set_document_properties(
            self.doc, title=m.title or self.draft.series_title, subject=m.symbol,
            author=self.author, date=stamp,
            description=f"Draft for session {self.draft.target_session} made by drafter{base}.")
        open_symbol = any(ph.where == "masthead.symbol" and not ph.filled
                          for ph in self.draft.placeholders)
        for root in header_footer_roots(self.doc):
            set_field_results(root, SYMBOL_FIELD, m.symbol,
                              highlight=HIGHLIGHT if open_symbol else None)

    # -- runs -----------------------------------------------------------------------------

    def _runs(self, text: str, *, offset: int = 0, italic: Sequence[Span] = (),
              highlight: bool = False, context: str = "same", notes: bool = True
              ) -> list[Any]:
        """Runs for `text`, which stands at `offset` in its paragraph's text (new or base
        view): italic within the `italic` spans, highlighted as a whole (`highlight`) or
        where it holds a blank (not in deleted text), ``[^n]`` markers as footnote
        references. `context` is "same", "new" (text of the draft) or "old" (base only)."""
        out: list[Any] = []
        marked: list[Span] = []
        if highlight:
            marked = [(offset, offset + len(text))]
        elif context != "old":
            marked = [(offset + a, offset + b) for a, b in blank_spans(text)]

        def plain(segment: str, start: int) -> None:
            for piece, it, hl in _segments(segment, offset + start, italic, marked):
                out.append(make_run(piece, italic=it, highlight=HIGHLIGHT if hl else None))

        if not notes:
            if text:
                plain(text, 0)
            return out
        pos = 0
        for m in MARKER_RE.finditer(text):
            if m.start() > pos:
                plain(text[pos:m.start()], pos)
            out.append(self._note_reference(int(m.group(1)), context))
            pos = m.end()
        if pos < len(text):
            plain(text[pos:], pos)
        return out

    def _note_reference(self, n: int, context: str) -> Any:
        real = (
            n in self.notes
            and n not in self.note_ids
            and (context != "old" or n not in self.live_markers)
        )
        if not real:
            return make_run(str(n), style=FOOTNOTE_REFERENCE_STYLE, superscript=True)
        note_id, fp = append_footnote(self.footnotes())
        self.note_ids[n] = note_id
        with self._in_note(f"footnote {n}") as texts:
            self._pieces(fp, self.notes[n].pieces, notes=False)
        ref = footnote_reference_run(note_id)
        self.note_refs[n] = ref
        if texts:
            self._pending.append((ref, texts))
        return ref

    @contextmanager
    def _in_note(self, label: str) -> Iterator[list[str]]:
        """While a note is written, collect its comments when they go on the reference."""
        texts: list[str] = []
        self._note_label, self._note_buffer = label, texts
        try:
            yield texts
        finally:
            self._note_label, self._note_buffer = None, []

    # -- pieces ---------------------------------------------------------------------------

    def _pieces(self, p: Any, pieces: Iterable[Piece], *, opening: str = "",
                notes: bool = True) -> None:
        """Append `pieces` to paragraph `p` (tracked changes, highlights, comments)."""
        pieces = tuple(pieces)
        text = "".join(pc.text for pc in pieces)
        base = "".join(pc.base for pc in pieces)
        new_italic = italic_spans(text, opening)
        old_italic = italic_spans(base)
        opening_len = len(opening) if opening and text.startswith(opening) else 0
        pos = old_pos = 0  # positions in the draft text and in the base text
        for piece in pieces:
            ph = self.placeholders.get(piece.placeholder) if piece.placeholder else None
            # a placeholder filled by --set is settled: its change stays tracked, unmarked
            highlight = piece.placeholder is not None and not (ph is not None and ph.filled)
            open_phs = [ph] if ph is not None and highlight else []
            if piece.placeholder and highlight:
                self.shown_placeholders.add(piece.placeholder)
            if not piece.is_change:
                runs = self._runs(piece.same, offset=pos, italic=new_italic,
                                  highlight=highlight, notes=notes)
                for r in runs:
                    p.append(r)
                if open_phs and runs and not self.clean:
                    self._comment(runs[0], runs[-1], comment_text(None, open_phs))
                elif highlight and runs and not self.clean:
                    self._comment(runs[0], runs[-1],
                                  f"drafter {piece.placeholder}: placeholder to confirm")
                pos += len(piece.same)
                old_pos += len(piece.same)
                continue
            if self.clean:
                for r in self._runs(piece.new, offset=pos, italic=new_italic,
                                    highlight=highlight, notes=notes, context="new"):
                    p.append(r)
                pos += len(piece.new)
                old_pos += len(piece.old)
                continue
            change = self.changes.get(piece.change or "")
            if not open_phs and change is not None and change.placeholder:
                # a change that is itself to confirm (a citation derived from --set): its
                # comment says so; its blanks are highlighted
                cph = self.placeholders.get(change.placeholder)
                if cph is not None and not cph.filled:
                    open_phs = [cph]
                    self.shown_placeholders.add(cph.id)
            wrapped = []
            if piece.old:
                # a changed opening: the old words were the opening too
                old_spans = [*old_italic, (old_pos, old_pos + len(piece.old))] \
                    if pos < opening_len else old_italic
                old_runs = self._runs(piece.old, offset=old_pos, italic=old_spans,
                                      context="old", notes=notes)
                wrapped.append(self.tracker.delete(old_runs))
            if piece.new:
                new_runs = self._runs(piece.new, offset=pos, italic=new_italic,
                                      highlight=highlight, context="new", notes=notes)
                wrapped.append(self.tracker.ins(new_runs))
            for w in wrapped:
                p.append(w)
            if wrapped:
                text_ = comment_text(change, open_phs, piece.change)
                self._comment(wrapped[0], wrapped[-1], text_)
            pos += len(piece.new)
            old_pos += len(piece.old)

    def _comment(self, first: Any, last: Any, text: str) -> None:
        if self.clean:
            return
        if self._note_label is not None and self.footnote_comments == "reference":
            self._note_buffer.append(f"{text}\nIn {self._note_label}.")
            return
        self._add_comment(first, last, text)

    def _add_comment(self, first: Any, last: Any, text: str) -> None:
        add_comment(self.doc, first, last, text, author=self.author, initials=self.initials,
                    date=self.date)

    # -- paragraphs -----------------------------------------------------------------------

    def _new_paragraph(self, style: str, container: Any = None) -> Any:
        p = el("w:p", None, el("w:pPr", None, el("w:pStyle", {"w:val": self._style_ids[style]})))
        if container is not None:
            container.append(p)
        elif self.section is not None:
            self.section.addprevious(p)
        else:
            self.body.append(p)
        return p

    def _paragraph(self, para: DraftParagraph, style: str, depth: int, *,
                   in_preamble: bool, first_sub: bool = False) -> None:
        text, base = para.text(), para.base_text()
        if self.clean and not text.strip():
            return  # deleted as a whole
        p = self._new_paragraph(style)
        self.paragraph_elements[para.id] = p
        if in_preamble and depth > 0:
            self._restart_numbering(p, depth, first_sub)
        self._pieces(p, para.pieces, opening=para.opening)
        if not self.clean:
            if not base.strip() and text.strip():
                self.tracker.mark_paragraph(p, "ins")
            elif not text.strip() and base.strip():
                self.tracker.mark_paragraph(p, "del")
        sub_style = STYLE_SUB[min(depth, len(STYLE_SUB) - 1)]
        for i, sub in enumerate(para.subparagraphs):
            self._paragraph(sub, sub_style, depth + 1, in_preamble=in_preamble,
                            first_sub=i == 0)

    def _restart_numbering(self, p: Any, depth: int, first: bool) -> None:
        """Sub-paragraphs of a preambular paragraph: (a), (b) restarting at each paragraph.

        They have no operative paragraph above them to restart their level, so each group
        gets its own ``w:num`` with a ``w:startOverride`` (same abstract numbering).
        """
        try:
            numbering = self.doc.part.numbering_part.element
        except NotImplementedError:  # python-docx cannot create a numbering part
            return
        style_num = numbering.find(qn("w:num"))
        if style_num is None:
            return
        if first or depth not in self.restart_nums:
            abstract = style_num.find(qn("w:abstractNumId")).get(qn("w:val"))
            ids = [int(x) for x in xpath(numbering, "./w:num/@w:numId")]
            num_id = str(max(ids) + 1)
            num = el("w:num", {"w:numId": num_id}, el("w:abstractNumId", {"w:val": abstract}))
            override = el("w:lvlOverride", {"w:ilvl": str(depth)},
                          el("w:startOverride", {"w:val": "1"}))
            num.append(override)
            numbering.append(num)
            self.restart_nums[depth] = num_id
        ppr = p.find(qn("w:pPr"))
        numpr = get_or_add(ppr, "w:numPr", PPR_ORDER)
        get_or_add(numpr, "w:ilvl", NUMPR_ORDER).set(qn("w:val"), str(depth))
        get_or_add(numpr, "w:numId", NUMPR_ORDER).set(qn("w:val"), self.restart_nums[depth])

    # -- masthead -------------------------------------------------------------------------

    def _field_placeholders(self, name: str) -> list[Placeholder]:
        found = [ph for ph in self.draft.placeholders
                 if ph.where == f"masthead.{name}" and not ph.filled]
        self.shown_placeholders.update(ph.id for ph in found)
        return found

    def _field(self, p: Any, name: str, text: str, *, style: str | None = None,
               bold: bool = False) -> list[Any]:
        """Append masthead field `name` (plain runs); highlight and comment it if open (its
        blanks are highlighted in any case)."""
        open_phs = self._field_placeholders(name)
        runs = self._runs(text, highlight=bool(open_phs), notes=False) if text else []
        for r in runs:
            if style:
                set_rpr(r, "w:rStyle", {"w:val": style})
            if bold:
                set_rpr(r, "w:b")
                set_rpr(r, "w:bCs")
            p.append(r)
        if open_phs and runs:
            self._comment(runs[0], runs[-1], comment_text(None, open_phs))
        return runs

    def _line(self, style: str, name: str, text: str, container: Any = None, *,
              bold: bool = False) -> Any:
        p = self._new_paragraph(style, container)
        self._field(p, name, text, bold=bold)
        return p

    def _masthead(self) -> None:
        m: Masthead = self.draft.masthead
        p = self._new_paragraph(STYLE_MASTHEAD)
        p.append(make_run("United Nations\t"))
        self._field(p, "symbol", m.symbol, style=self._style_ids[STYLE_SYMBOL])
        left, right = self._masthead_table()
        self._new_paragraph(STYLE_ORGAN, left).append(make_run("General Assembly"))
        dist = m.distribution if m.distribution.startswith("Distr") else (
            f"Distr.: {m.distribution}")
        self._line(STYLE_DISTRIBUTION, "distribution", dist, right)
        self._line(STYLE_DISTRIBUTION, "date", m.date, right)
        original = m.original if m.original.startswith("Original") else (
            f"Original: {m.original}")
        self._line(STYLE_DISTRIBUTION, "original", original, right)
        self._line(STYLE_SESSION, "session", m.session)
        if m.committee:  # a plenary draft has no committee line
            self._line(STYLE_SESSION, "committee", m.committee)
        self._line(STYLE_AGENDA, "agenda_item", m.agenda_item)
        self._line(STYLE_AGENDA, "agenda_title", m.agenda_title, bold=True)
        self._sponsors(m)
        self.title_p = self._line(STYLE_TITLE, "title", m.title or self.draft.series_title)
        self._new_paragraph(STYLE_BODY_START).append(make_run(BODY_START))

    def _masthead_table(self) -> tuple[Any, Any]:
        """The masthead table (one row, two cells) before the section's end; its cells."""
        section = self.doc.sections[-1]
        sizes = (section.page_width, section.left_margin, section.right_margin)
        width = TEXT_WIDTH
        if all(x is not None for x in sizes):  # a reference without page size: 6.5 in
            width = (sizes[0] - sizes[1] - sizes[2]) // 635  # EMU to twips
        widths = (round(width * ORGAN_SHARE), width - round(width * ORGAN_SHARE))
        tbl = el("w:tbl", None, el(
            "w:tblPr", None,
            el("w:tblStyle", {"w:val": self._style_ids[STYLE_MASTHEAD_TABLE]}),
            el("w:tblW", {"w:w": str(width), "w:type": "dxa"}),
            el("w:tblLayout", {"w:type": "fixed"}),
            el("w:tblLook", {"w:val": "0000", "w:firstRow": "0", "w:lastRow": "0",
                             "w:firstColumn": "0", "w:lastColumn": "0", "w:noHBand": "1",
                             "w:noVBand": "1"})))
        tbl.append(el("w:tblGrid", None, *(el("w:gridCol", {"w:w": str(w)}) for w in widths)))
        row = el("w:tr")
        cells = []
        for w, align in zip(widths, ("bottom", "top"), strict=True):
            tc = el("w:tc", None, el("w:tcPr", None, el("w:tcW", {"w:w": str(w), "w:type": "dxa"}),
                                     el("w:vAlign", {"w:val": align})))
            row.append(tc)
            cells.append(tc)
        tbl.append(row)
        if self.section is not None:
            self.section.addprevious(tbl)
        else:
            self.body.append(tbl)
        return cells[0], cells[1]

    def _sponsors(self, m: Masthead) -> None:
        p = self._new_paragraph(STYLE_SPONSORS)
        note = m.sponsor_note.strip()
        if not note:
            self._field(p, "sponsors", m.sponsors)
            return
        note_text = note[1:].lstrip() if note.startswith("*") else note
        if "*" in m.sponsors:
            before, after = m.sponsors.split("*", 1)
        elif ":" in m.sponsors:
            head, tail = m.sponsors.split(":", 1)
            before, after = head + ":", tail
        else:
            before, after = m.sponsors, ""
        note_id, fp = append_footnote(self.footnotes(), custom_mark="*")
        with self._in_note("the footnote *") as texts:
            self._field(fp, "sponsor_note", note_text)
        ref = footnote_reference_run(note_id, custom_mark="*")
        if texts:
            self._pending.append((ref, texts))
        open_phs = self._field_placeholders("sponsors")
        color = HIGHLIGHT if open_phs else None
        runs = [make_run(before, highlight=color)] if before else []
        runs.append(ref)
        if after:
            runs.append(make_run(after, highlight=color))
        for r in runs:
            p.append(r)
        if open_phs:
            self._comment(runs[0], runs[-1], comment_text(None, open_phs))


__all__ = ["OpenPlaceholdersError", "ReferenceDocumentError", "build_document", "check_clean", "check_reference",
           "comment_text",
           "docx_bytes", "open_placeholders", "open_reference", "reference_docx_path",
           "render_docx"]
