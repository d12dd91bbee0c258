"""Compare two editions (or drafts) of a resolution: the model of a redline.

``compare(old, new)`` turns two parsed :class:`~drafter.model.resolution.Resolution`\\ s into a
:class:`Comparison` that every renderer (Word, Markdown, JSON) reads:

* **Paragraphs** are matched with drafter's own alignment (:func:`drafter.engine.align.align_pair`,
  kind by kind: preambular with preambular, operative with operative). A matched pair in the
  order-preserving part of the alignment is shown in place with the smallest word-level
  deletions and insertions; a pair matched out of order is a **move** (a ``moved-from`` block
  where the paragraph stood in OLD, a ``moved-to`` block where it stands in NEW, with the same
  ``move`` name); an unmatched paragraph is **inserted** or **deleted** as a whole.
  Sub-paragraphs are matched the same way inside a matched paragraph.
* **Numbering** is not text: operative numbers and sub-paragraph letters are drawn by the
  Word styles, so a paragraph that only changed its number carries no change; the renumbering
  is listed in :attr:`Comparison.renumbered`.
* **Footnotes** are matched by text (and by the paragraphs that refer to them); a marker in
  the text is written ``[^k]`` where ``k`` is the key of a :class:`NoteDiff`, the same key in
  OLD and NEW for a matched note, so a renumbered note is no change, and a matched note whose
  text changed is diffed word by word inside the note.
* **Masthead** lines (symbol, distribution, date, session, agenda item, adoption line, report,
  title, meeting line) are diffed line by line.
* **Causes**: each change whose reason the citation layer (:mod:`drafter.citations`) can
  read gets a ``cause``: a session ordinal moved by N sessions, the citation of the previous
  edition updated, another body's resolution or Official Records updated, a date moved by N
  years, a cross-reference that follows the renumbering.

The word level (spans and their causes) is :mod:`drafter.editor.spans`.

Invariant (checked by :meth:`Comparison.check` and the tests): joining the ``equal`` and
``delete`` spans of every block gives OLD's paragraphs; ``equal`` and ``insert`` give NEW's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from drafter.citations.sessions import format_un_date, ordinal_word
from drafter.editor.spans import (
    MARKER,
    Op,
    Span,
    groups,
    new_text,
    old_text,
    with_causes,
    word_diff,
)
from drafter.engine.align import align_editions, align_pair, normalise
from drafter.model.resolution import Paragraph, Resolution, SubParagraph

Status = Literal["same", "changed", "inserted", "deleted", "moved-from", "moved-to"]


# --- the model --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """One paragraph of the redline body.

    ``kind`` is ``preamble`` or ``operative`` (``depth`` 0) or ``sub`` (depth 1, 2 ...:
    (a), (i)). ``old`` and ``new`` are where it stands in each text (``pp3``, ``op7``,
    ``op7.b``; None when absent). ``opening_old``/``opening_new``: the italic opening words."""

    kind: str
    depth: int
    status: Status
    spans: tuple[Span, ...]
    old: str | None = None
    new: str | None = None
    lineage: str | None = None
    opening_old: str = ""
    opening_new: str = ""
    move: str | None = None  # shared by the moved-from and moved-to blocks of one move
    note: str = ""  # a comment on the paragraph as a whole ("moved from ...")

    def old_text(self) -> str:
        return old_text(self.spans)

    def new_text(self) -> str:
        return new_text(self.spans)

    @property
    def in_old(self) -> bool:
        return self.status not in ("inserted", "moved-to")

    @property
    def in_new(self) -> bool:
        return self.status not in ("deleted", "moved-from")


@dataclass(frozen=True)
class NoteDiff:
    """A footnote: ``old_number`` in OLD, ``new_number`` in NEW (None where absent)."""

    key: int
    old_number: int | None
    new_number: int | None
    spans: tuple[Span, ...]

    @property
    def status(self) -> str:
        if self.old_number is None:
            return "inserted"
        if self.new_number is None:
            return "deleted"
        return "same" if all(s.op == "equal" for s in self.spans) else "changed"


@dataclass(frozen=True)
class Line:
    """A masthead line (``name``: symbol, distribution, date, session, agenda_item, adoption,
    report, title, meeting); ``where``: ``head`` (before the body) or ``tail`` (after it)."""

    name: str
    where: str
    spans: tuple[Span, ...]

    def old_text(self) -> str:
        return old_text(self.spans)

    def new_text(self) -> str:
        return new_text(self.spans)


@dataclass(frozen=True)
class Side:
    """What a compared text was: file, symbol, session, and how it was read."""

    path: str | None
    symbol: str | None
    session: int | None
    adopted: str | None
    format: str | None

    @property
    def label(self) -> str:
        return self.symbol or (Path(self.path).name if self.path else "(text)")


@dataclass(frozen=True)
class Comparison:
    old: Side
    new: Side
    head: tuple[Line, ...]
    blocks: tuple[Block, ...]
    tail: tuple[Line, ...]
    notes: tuple[NoteDiff, ...]
    # (old id, new id) of paragraphs in place whose number (position) changed: no change shown
    renumbered: tuple[tuple[str, str], ...] = ()
    notices: tuple[str, ...] = ()
    # footnotes no paragraph refers to (the parser found no marker): (key, "old"|"new"|"both");
    # the redline keeps them at "The General Assembly," so that no note is lost
    loose: tuple[tuple[int, str], ...] = ()

    # -- views ----------------------------------------------------------------------------

    def note(self, key: int) -> NoteDiff | None:
        for n in self.notes:
            if n.key == key:
                return n
        return None

    def changes(self) -> int:
        """How many changes the redline shows (runs of deletions/insertions, whole paragraphs
        and moves counting once)."""
        n = 0
        for b in self.blocks:
            if b.status in ("inserted", "deleted", "moved-to"):
                n += 1
            elif b.status in ("changed",):
                n += len(groups(b.spans))
        n += sum(len(groups(ln.spans)) for ln in (*self.head, *self.tail))
        n += sum(len(groups(nd.spans)) for nd in self.notes if nd.status == "changed")
        return n

    def body(self, view: str) -> list[str]:
        """The body paragraphs (sub-paragraphs included) in the ``old`` or ``new`` view."""
        if view == "old":
            return [b.old_text() for b in self.blocks if b.in_old]
        return [b.new_text() for b in self.blocks if b.in_new]

    def check(self, old: Resolution, new: Resolution) -> None:
        """Raise RuntimeError unless the two views give back `old` and `new` word for word
        (footnote markers aside: they are keys here, numbers there). :func:`compare` checks
        every comparison it makes: a redline that would lose a word is never written."""
        for view, res in (("old", old), ("new", new)):
            got = [unmarked(t) for t in self.body(view)]
            want = [unmarked(t) for t in expected_paragraphs(res)]
            if got != want:
                raise RuntimeError(f"the {view} view of the comparison is not "
                                   f"{res.symbol or res.path} (a drafter bug: please report it)")

    # -- JSON -----------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        def spans(ss: Sequence[Span]) -> list[dict[str, str]]:
            return [{k: v for k, v in asdict(s).items() if v != ""} for s in ss]

        return {
            "old": asdict(self.old),
            "new": asdict(self.new),
            "notices": list(self.notices),
            "changes": self.changes(),
            "masthead": [{"name": ln.name, "old": ln.old_text(), "new": ln.new_text(),
                          "spans": spans(ln.spans)} for ln in (*self.head, *self.tail)],
            "paragraphs": [
                {k: v for k, v in {
                    "kind": b.kind, "depth": b.depth, "status": b.status, "old": b.old,
                    "new": b.new, "lineage": b.lineage, "move": b.move, "note": b.note,
                    "old_text": b.old_text() if b.in_old else None,
                    "new_text": b.new_text() if b.in_new else None,
                    "spans": spans(b.spans),
                }.items() if v not in (None, "")}
                for b in self.blocks
            ],
            "footnotes": [
                {"key": n.key, "old_number": n.old_number, "new_number": n.new_number,
                 "status": n.status, "old": old_text(n.spans) if n.old_number else None,
                 "new": new_text(n.spans) if n.new_number else None, "spans": spans(n.spans)}
                for n in self.notes
            ],
            "renumbered": [{"old": o, "new": n} for o, n in self.renumbered],
            "unreferenced_footnotes": [{"key": k, "in": side} for k, side in self.loose],
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


BODY_START = "The General Assembly,"


def unmarked(text: str) -> str:
    """`text` without footnote markers, white space runs as one space."""
    return " ".join(MARKER.sub("", text).split())


def expected_paragraphs(res: Resolution) -> list[str]:
    """The body paragraphs of `res` as the redline shows them: each paragraph's own text, then
    each sub-paragraph's (numbers and letters are drawn by Word, not text)."""
    out: list[str] = []
    for p in (*res.preamble, *res.operative):
        out.append(p.marked_text())
        out += [s.marked_text() for s, _d in _flat_subs(p.subparagraphs)]
    return out


def _flat_subs(subs: Sequence[SubParagraph], depth: int = 1) -> list[tuple[SubParagraph, int]]:
    out: list[tuple[SubParagraph, int]] = []
    for s in subs:
        out.append((s, depth))
        out += _flat_subs(s.children, depth + 1)
    return out


# --- masthead -----------------------------------------------------------------------------


def distribution(res: Resolution) -> str | None:
    """``Distr.: General`` for an adopted resolution, ``Distr.: Limited`` for an L-document
    (the distribution the symbol's kind always carries), else None."""
    sym = res.symbol or ""
    if "/RES/" in sym:
        return "Distr.: General"
    if re.search(r"/L\.", sym):
        return "Distr.: Limited"
    return None


def masthead_lines(res: Resolution) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(head, tail) lines of `res`'s masthead as (name, text), what the parser read only."""
    head: list[tuple[str, str]] = []
    tail: list[tuple[str, str]] = []
    if res.symbol:
        head.append(("symbol", res.symbol))
    if d := distribution(res):
        head.append(("distribution", d))
    if res.distributed:
        head.append(("date", format_un_date(res.distributed)))
    if res.session is not None:
        head.append(("session", f"{ordinal_word(res.session, capital=True)} session"))
    if res.agenda_item:
        head.append(("agenda_item", f"Agenda item {res.agenda_item}"))
    if res.report_symbol:
        origin = res.committee or "Main Committee"
        head.append(("report", f"[{origin} ({res.report_symbol})]"
                     if origin.lower().startswith("without reference")
                     else f"[on the report of the {origin} ({res.report_symbol})]"))
    elif res.committee:
        head.append(("committee", res.committee))
    if res.title:
        number = res.number
        head.append(("title", f"{number}. {res.title}" if number and "/RES/" in (res.symbol or "")
                     else res.title))
    if res.plenary_meeting:
        n = res.plenary_meeting
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        tail.append(("meeting", f"{n}{suffix} plenary meeting"))
    if res.adopted:
        tail.append(("adopted", format_un_date(res.adopted)))
    return head, tail


LINE_ORDER = ("symbol", "distribution", "date", "session", "agenda_item", "report", "committee",
              "title", "meeting", "adopted")


def _diff_lines(old: list[tuple[str, str]], new: list[tuple[str, str]], where: str,
                old_res: Resolution, new_res: Resolution) -> tuple[Line, ...]:
    """The lines of both mastheads, matched by name, in the masthead's order."""
    old_map, new_map = dict(old), dict(new)
    lines = []
    for name in LINE_ORDER:
        o, n = old_map.get(name, ""), new_map.get(name, "")
        if not o and not n:
            continue
        spans = word_diff(o, n)
        if o and n and o != n:
            spans = with_causes(spans, o, n, old_res, new_res, {}, field_name=name)
        lines.append(Line(name, where, spans))
    return tuple(lines)


# --- footnotes ------------------------------------------------------------------------------


def _note_places(res: Resolution) -> dict[int, tuple[str, int]]:
    """Footnote number -> (kind, paragraph index) of its first reference."""
    out: dict[int, tuple[str, int]] = {}
    for kind, paras in (("preamble", res.preamble), ("operative", res.operative)):
        for i, p in enumerate(paras):
            for n in p.all_markers():
                out.setdefault(n, (kind, i))
    return out


def _note_ordinals(res: Resolution) -> dict[int, tuple[int, int]]:
    """Footnote number -> (its place among its paragraph's markers, how many there are)."""
    out: dict[int, tuple[int, int]] = {}
    for p in (*res.preamble, *res.operative):
        nums = p.all_markers()
        for k, n in enumerate(nums):
            out.setdefault(n, (k, len(nums)))
    return out


def _match_notes(old: Resolution, new: Resolution,
                 para_pairs: dict[tuple[str, int], tuple[str, int]]
                 ) -> tuple[dict[int, int], dict[int, int], list[tuple[int | None, int | None]]]:
    """Keys for OLD's and NEW's notes (same key: the same note) and the (old, new) numbers of
    each key, in NEW's order then OLD-only ones."""
    from rapidfuzz import fuzz

    op, np_ = _note_places(old), _note_places(new)
    ao, an = _note_ordinals(old), _note_ordinals(new)
    cands = []
    for fa in old.footnotes:
        for fb in new.footnotes:
            ratio = fuzz.ratio(normalise(fa.text), normalise(fb.text))
            together = fa.number in op and fb.number in np_ and \
                para_pairs.get(op[fa.number]) == np_[fb.number]
            # the k-th note of a paragraph and the k-th note of the same paragraph in the
            # other text, each paragraph with as many notes: the same note, whatever its words
            same_place = together and ao.get(fa.number) == an.get(fb.number) is not None
            if ratio >= 85 or (together and ratio >= 40) or same_place:
                cands.append((ratio + (20 if together else 0) + (20 if same_place else 0),
                              fa.number, fb.number))
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _s, a, b in sorted(cands, key=lambda c: (-c[0], c[1], c[2])):
        if a in pairs or b in used:
            continue
        pairs[a] = b
        used.add(b)
    back = {b: a for a, b in pairs.items()}
    order: list[tuple[int | None, int | None]] = []
    for b in sorted(f.number for f in new.footnotes):
        order.append((back.get(b), b))
    for a in sorted(f.number for f in old.footnotes):
        if a not in pairs:
            order.append((a, None))
    old_keys = {a: k for k, (a, _b) in enumerate(order, 1) if a is not None}
    new_keys = {b: k for k, (_a, b) in enumerate(order, 1) if b is not None}
    return old_keys, new_keys, order


# --- paragraphs -----------------------------------------------------------------------------


def _lis(pairs: Sequence[tuple[int, int, float]]) -> set[int]:
    """Indices of the pairs (sorted by new index) in the heaviest chain increasing in the old
    index: those stay in place; the others moved."""
    n = len(pairs)
    best = [p[2] for p in pairs]
    prev = [-1] * n
    for k in range(n):
        for m in range(k):
            if pairs[m][0] < pairs[k][0] and best[m] + pairs[k][2] > best[k]:
                best[k], prev[k] = best[m] + pairs[k][2], m
    if not n:
        return set()
    k = max(range(n), key=lambda x: best[x])
    chain = set()
    while k != -1:
        chain.add(k)
        k = prev[k]
    return chain


def _pid(kind: str, index: int, res: Resolution) -> str:
    if kind == "preamble":
        return f"pp{index + 1}"
    num = res.operative[index].number
    return f"op{num if num is not None else index + 1}"


@dataclass
class _Builder:
    old: Resolution
    new: Resolution
    old_keys: dict[int, int]
    new_keys: dict[int, int]
    renumber: dict[int, int] = field(default_factory=dict)
    lineages: dict[tuple[str, str, int], str] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    renumbered: list[tuple[str, str]] = field(default_factory=list)
    moves: int = 0

    def marked(self, p: Paragraph | SubParagraph, side: str) -> str:
        keys = self.old_keys if side == "old" else self.new_keys
        # a marker whose note the text does not hold is no footnote (the parser warns of it)
        return p.marked_text(lambda n: f"[^{keys[n]}]" if n in keys else "")

    def diff(self, a: str, b: str) -> tuple[Span, ...]:
        spans = word_diff(a, b)
        if a and b and a != b:
            spans = with_causes(spans, a, b, self.old, self.new, self.renumber)
        return spans

    def whole(self, p: Paragraph, side: str, kind: str, pid: str, status: Status,
              move: str | None = None, note: str = "", lineage: str | None = None) -> None:
        op: Op = "delete" if side == "old" else "insert"
        text = self.marked(p, side)
        where = {"old": pid} if side == "old" else {"new": pid}
        opening = {"opening_old": p.opening} if side == "old" else {"opening_new": p.opening}
        self.blocks.append(Block(kind, 0, status, (Span(op, text),) if text else (),
                                 move=move, note=note, lineage=lineage, **where, **opening))
        for sub, depth in _flat_subs(p.subparagraphs):
            t = self.marked(sub, side)
            sid = f"{pid}.{sub.label}"
            where = {"old": sid} if side == "old" else {"new": sid}
            self.blocks.append(Block("sub", depth, status, (Span(op, t),) if t else (),
                                     move=move, **where))

    def pair(self, a: Paragraph, b: Paragraph, kind: str, oid: str, nid: str,
             status: Status, move: str | None = None, note: str = "",
             lineage: str | None = None) -> None:
        spans = self.diff(self.marked(a, "old"), self.marked(b, "new"))
        st: Status = status
        if status == "same" and any(s.op != "equal" for s in spans):
            st = "changed"
        self.blocks.append(Block(kind, 0, st, spans, old=oid, new=nid, opening_old=a.opening,
                                 opening_new=b.opening, move=move, note=note, lineage=lineage))
        if oid != nid and status in ("same", "changed"):
            self.renumbered.append((oid, nid))
        # sub-paragraphs: in-order matches diffed, the rest deleted / inserted
        sa, sb = _flat_subs(a.subparagraphs), _flat_subs(b.subparagraphs)
        pairs = align_pair([s.text for s, _ in sa], [s.text for s, _ in sb])
        keep = _lis(pairs)
        matched = {pairs[k][0]: pairs[k][1] for k in keep}
        back = {v: k for k, v in matched.items()}
        i = 0
        sub_status: Status = "moved-to" if status == "moved-to" else "same"
        moved = status == "moved-to"  # OLD's sub-paragraphs stand with the moved-from block
        for j, (sub_b, depth_b) in enumerate(sb):
            if j in back:
                while i < back[j]:
                    if not moved:
                        self._sub_whole(sa[i], "old", oid, status, move)
                    i += 1
                sub_a, _ = sa[i]
                sp = self.diff(self.marked(sub_a, "old"), self.marked(sub_b, "new"))
                s_st: Status = sub_status
                if s_st == "same" and any(s.op != "equal" for s in sp):
                    s_st = "changed"
                self.blocks.append(Block("sub", depth_b, s_st, sp, old=f"{oid}.{sub_a.label}",
                                         new=f"{nid}.{sub_b.label}", move=move))
                i += 1
            else:
                self._sub_whole((sub_b, depth_b), "new", nid, status, move)
        while i < len(sa) and not moved:
            self._sub_whole(sa[i], "old", oid, status, move)
            i += 1

    def _sub_whole(self, item: tuple[SubParagraph, int], side: str, pid: str, status: Status,
                   move: str | None) -> None:
        sub, depth = item
        op: Op = "delete" if side == "old" else "insert"
        st: Status = "deleted" if side == "old" else "inserted"
        if status == "moved-to" and side == "new":
            st = "moved-to"  # goes with its paragraph: its inserted text is marked as such
        t = self.marked(sub, side)
        where = {"old": f"{pid}.{sub.label}"} if side == "old" else {"new": f"{pid}.{sub.label}"}
        self.blocks.append(Block("sub", depth, st, (Span(op, t),) if t else (), move=move,
                                 **where))

    def kind(self, kind: str, alignment: list[tuple[int, int, float]]) -> None:
        a = self.old.preamble if kind == "preamble" else self.old.operative
        b = self.new.preamble if kind == "preamble" else self.new.operative
        keep = _lis(alignment)
        in_place = {alignment[k][1]: alignment[k][0] for k in keep}
        moved_new = {p[1]: p[0] for k, p in enumerate(alignment) if k not in keep}
        moved_old = {v: k for k, v in moved_new.items()}
        names: dict[int, str] = {}
        for j in sorted(moved_new):
            self.moves += 1
            names[j] = f"move{self.moves}"
        what = "preambular paragraph" if kind == "preamble" else "operative paragraph"

        def number(res: Resolution, i: int) -> int:
            if kind == "preamble":
                return i + 1
            n = res.operative[i].number
            return n if n is not None else i + 1

        i = 0
        done_old: set[int] = set()

        def flush_old(upto: int) -> None:
            nonlocal i
            while i < upto:
                if i not in done_old:
                    oid = _pid(kind, i, self.old)
                    if i in moved_old:
                        j = moved_old[i]
                        self.whole(a[i], "old", kind, oid, "moved-from", move=names[j],
                                   lineage=self.lineages.get(("old", kind, i)),
                                   note=f"moved to {what} {number(self.new, j)}")
                    else:
                        self.whole(a[i], "old", kind, oid, "deleted",
                                   lineage=self.lineages.get(("old", kind, i)))
                    done_old.add(i)
                i += 1

        for j in range(len(b)):
            nid = _pid(kind, j, self.new)
            if j in in_place:
                flush_old(in_place[j])
                oi = in_place[j]
                self.pair(a[oi], b[j], kind, _pid(kind, oi, self.old), nid, "same",
                          lineage=self.lineages.get(("new", kind, j)))
                done_old.add(oi)
                i = max(i, oi + 1)
            elif j in moved_new:
                oi = moved_new[j]
                self.pair(a[oi], b[j], kind, _pid(kind, oi, self.old), nid, "moved-to",
                          lineage=self.lineages.get(("new", kind, j)),
                          move=names[j],
                          note=f"moved from {what} {number(self.old, oi)}")
            else:
                self.whole(b[j], "new", kind, nid, "inserted",
                           lineage=self.lineages.get(("new", kind, j)))
        flush_old(len(a))


def _side(res: Resolution) -> Side:
    return Side(res.path, res.symbol, res.session,
                format_un_date(res.adopted) if res.adopted else None, res.format)


def compare(old: Resolution, new: Resolution, *, notices: Sequence[str] = ()) -> Comparison:
    """The redline turning `old` into `new`."""
    # drafter's own alignment: one lineage per paragraph, with its stable id
    alignment = align_editions((old, new))
    aligned: dict[str, list[tuple[int, int, float]]] = {"preamble": [], "operative": []}
    lineages: dict[tuple[str, str, int], str] = {}
    for lin in alignment.lineages:
        ends = {m.edition: m for m in lin.members}
        for e, m in ends.items():
            lineages[("old" if e == 0 else "new", m.kind, m.index)] = lin.id
        if 0 in ends and 1 in ends:
            aligned[lin.kind].append((ends[0].index, ends[1].index, ends[1].score))
    for pairs in aligned.values():
        pairs.sort(key=lambda p: p[1])
    para_pairs = {(kind, i): (kind, j) for kind, al in aligned.items() for i, j, _s in al}
    old_keys, new_keys, order = _match_notes(old, new, para_pairs)
    renumber: dict[int, int] = {}
    for i, j, _s in aligned["operative"]:
        a, b = old.operative[i].number, new.operative[j].number
        if a is not None and b is not None:
            renumber[a] = b
    bld = _Builder(old, new, old_keys, new_keys, renumber, lineages)
    for kind in ("preamble", "operative"):
        bld.kind(kind, aligned[kind])
    notes: list[NoteDiff] = []
    for key, (a, b) in enumerate(order, 1):
        ta = old.footnote(a).text if a is not None and old.footnote(a) else ""  # type: ignore[union-attr]
        tb = new.footnote(b).text if b is not None and new.footnote(b) else ""  # type: ignore[union-attr]
        spans = word_diff(ta, tb)
        if ta and tb and ta != tb:
            spans = with_causes(spans, ta, tb, old, new, renumber)
        notes.append(NoteDiff(key, a, b, spans))
    oh, ot = masthead_lines(old)
    nh, nt = masthead_lines(new)
    head = _diff_lines(oh, nh, "head", old, new)
    tail = _diff_lines(ot, nt, "tail", old, new)
    notices = list(notices)
    unreferenced: dict[str, set[int]] = {}
    for res, side, keys in ((old, "old", old_keys), (new, "new", new_keys)):
        referenced = set(_note_places(res))
        unreferenced[side] = {keys[fn.number] for fn in res.footnotes
                              if fn.number not in referenced}
        for fn in res.footnotes:
            if fn.number not in referenced:
                notices.append(f"{side.upper()} ({_side(res).label}): footnote {fn.number} is "
                               "referenced by no paragraph as drafter read the text; its note "
                               "is kept at 'The General Assembly,'")
    loose = tuple(
        (n.key, "both" if n.key in unreferenced["old"] and n.key in unreferenced["new"]
         else "old" if n.key in unreferenced["old"] else "new")
        for n in notes if n.key in unreferenced["old"] | unreferenced["new"])
    c = Comparison(_side(old), _side(new), head, tuple(bld.blocks), tail, tuple(notes),
                   tuple(bld.renumbered), tuple(notices), loose)
    c.check(old, new)
    return c


# --- reading the inputs -----------------------------------------------------------------------


def read_input(path: str | Path) -> tuple[Resolution, list[str]]:
    """Parse OLD or NEW (any file drafter reads) and return it with the parser's warnings,
    which say what a reader of the redline should know about how the text was read (a Word
    or OpenDocument file with pending tracked changes is read as if every change were
    accepted and its comments deleted, and the warning says so)."""
    from drafter.corpus.folder import parse_named_file

    p = Path(path)
    res = parse_named_file(p)
    return res, [w if w.startswith(p.name) else f"{p.name}: {w}" for w in res.warnings]


def find_input(given: str | Path, corpus: str | Path | None = None) -> Path:
    """OLD or NEW as a file: the path itself when it exists, else a symbol (``A/RES/66/152``)
    looked up in the corpus (``--corpus``, ``$DRAFTER_CORPUS``, ``./corpus`` or the bundled
    one) by its file name (``A-RES-66-152.txt``)."""
    from drafter.corpus.folder import (
        edition_files,
        is_symbol,
        locate_corpus,
        normalize_symbol,
        series_folders,
        symbol_slug,
    )
    from drafter.errors import InputError

    path = Path(given)
    symbol = normalize_symbol(str(given))
    if path.exists() or not is_symbol(symbol):
        return path  # the reader says what is wrong with a path
    root = locate_corpus(corpus)
    slug = symbol_slug(symbol)
    found = [f for folder in series_folders(root) for f in edition_files(folder)
             if f.name.split(".")[0] == slug]
    if not found:
        raise InputError(f"{symbol} is neither a file nor an edition in the corpus {root}",
                         hint="give the file's path, or the corpus with --corpus")
    if len(found) > 1:
        raise InputError(f"{symbol} is in the corpus {root} more than once "
                         f"({', '.join(str(f.relative_to(root)) for f in found)})",
                         hint="give the file's path")
    return found[0]


def compare_files(old: str | Path, new: str | Path, *,
                  corpus: str | Path | None = None) -> Comparison:
    """Compare two files (or symbols of editions in the corpus)."""
    ro, no = read_input(find_input(old, corpus))
    rn, nn = read_input(find_input(new, corpus))
    return compare(ro, rn, notices=[*no, *nn])


__all__ = [  # Span, word_diff, groups, old_text, new_text: from drafter.editor.spans
    "BODY_START",
    "MARKER",
    "Block",
    "Comparison",
    "Line",
    "NoteDiff",
    "Side",
    "Span",
    "compare",
    "compare_files",
    "expected_paragraphs",
    "find_input",
    "groups",
    "masthead_lines",
    "new_text",
    "old_text",
    "read_input",
    "unmarked",
    "word_diff",
]
