"""Internal cross-references in a draft ("paragraph 5 above", "in paragraph 3 (b)",
"paragraphs 4 to 6"): where they are, which paragraph each means, and the edit that puts a
number that changed right.

Which paragraph a cross-reference means. A reference whose digits are in the base text was
written against the base numbering (negotiators refer to the paragraphs of the text on the table;
renumbering is done at the end), so its target is the paragraph with that number in the base
view, wherever that paragraph is now. A reference typed in a pending insertion is read in the
current numbering, unless that reading is impossible (no such paragraph, the paragraph itself,
the wrong way for "above"/"below") and the base numbering makes sense of it: then it was written
against the base numbering. Digits that ``drafter renumber`` wrote itself (tracked insertions by
``drafter``) are in the current numbering. A typed paragraph number is that paragraph's identity
(``paragraph 6`` means the paragraph typed ``6.``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafter.editor.structure import (
    BASE,
    CURRENT,
    RENUMBER_AUTHOR,
    DraftDocument,
    Edit,
    Problem,
    Structure,
    ViewParagraph,
    excerpt,
)

_NUM_ITEM = r"\d{1,3}(?:\s?\((?:[a-z]{1,2}|[ivxlc]{1,7})\))*"
RE_REF = re.compile(
    r"\b(?P<kw>[Pp]aragraphs?)\s+(?P<items>" + _NUM_ITEM
    + r"(?:(?:\s*,\s*|\s+and\s+|\s+or\s+|\s+to\s+|\s*[-\u2013]\s*)" + _NUM_ITEM + r")*)")
RE_ITEM = re.compile(r"(?P<num>\d{1,3})(?P<subs>(?:\s?\((?:[a-z]{1,2}|[ivxlc]{1,7})\))*)")
RE_SUB_LABEL = re.compile(r"\(([a-z]{1,2}|[ivxlc]{1,7})\)")
RE_AFTER_INTERNAL = re.compile(r"^\s*(?:above|below|of the present resolution|of this resolution)\b")
RE_AFTER_EXTERNAL = re.compile(r"^\s*(?:of\b|thereof\b|therein\b|in\s+(?:the\s+)?annex\b)")
RE_BEFORE_EXTERNAL = re.compile(
    r"(?:Article|[Rr]esolution|[Dd]ecision|[Aa]nnex|[Cc]hapter|[Ss]ection|[Pp]art|[Rr]ule|"
    r"[Pp]rinciple|[Aa]rticles)\s+[\w./()\u2013-]+\s*,\s*(?:in particular\s+)?$")


@dataclass
class RefItem:
    num: int
    num_span: tuple[int, int]
    subs: list[tuple[str, tuple[int, int]]]
    role: str  # single | start | end


@dataclass
class Ref:
    unit: ViewParagraph
    span: tuple[int, int]
    text: str
    items: list[RefItem]
    direction: str | None  # above | below | None


def find_refs(u: ViewParagraph) -> list[Ref]:
    """Internal cross-references in a unit's text (current view)."""
    text = u.text
    out: list[Ref] = []
    for m in RE_REF.finditer(text, u.body_start):
        after = text[m.end():m.end() + 40]
        before = text[max(0, m.start() - 60):m.start()]
        if not RE_AFTER_INTERNAL.match(after):
            if RE_AFTER_EXTERNAL.match(after) or RE_BEFORE_EXTERNAL.search(before):
                continue
        dm = re.match(r"^\s*(above|below)\b", after)
        items: list[RefItem] = []
        items_text = m.group("items")
        base = m.start("items")
        seps = []
        for im in RE_ITEM.finditer(items_text):
            subs = [(sm.group(1), (base + im.start("subs") + sm.start(1),
                                   base + im.start("subs") + sm.end(1)))
                    for sm in RE_SUB_LABEL.finditer(im.group("subs"))]
            items.append(RefItem(int(im.group("num")),
                                 (base + im.start("num"), base + im.end("num")), subs, "single"))
            seps.append(im.start())
        # ranges: "4 to 6", "4-6"
        for i in range(len(items) - 1):
            between = text[items[i].num_span[1]:items[i + 1].num_span[0]]
            between = RE_SUB_LABEL.sub("", between)
            if re.fullmatch(r"\s+to\s+|\s*[-\u2013]\s*", between):
                items[i].role = "start"
                items[i + 1].role = "end"
        out.append(Ref(u, m.span(), m.group(0), items, dm.group(1) if dm else None))
    return out


@dataclass
class Reading:
    ok: bool
    target: ViewParagraph | None  # the operative paragraph (current view) meant
    sub: ViewParagraph | None  # the sub-paragraph (current view) meant, when the reference names one
    reason: str  # why not ok
    deleted: ViewParagraph | None = None  # the base unit meant, when it was deleted


def _identity_candidates(st: Structure, num: int) -> list[ViewParagraph]:
    return [u for u in st.operative if u.shown == str(num)]


def _pick(cands: list[ViewParagraph]) -> tuple[ViewParagraph | None, bool]:
    """(the unit meant, ambiguous?) among paragraphs showing the same number: one that is in
    the base text wins over an inserted one."""
    if not cands:
        return None, False
    if len(cands) == 1:
        return cands[0], False
    old = [c for c in cands if not c.para.inserted]
    if len(old) == 1:
        return old[0], False
    return None, True


def _read(d: DraftDocument, item: RefItem, own: ViewParagraph, direction: str | None, frame: str) -> Reading:
    st = d.current if frame == CURRENT else d.base
    cands = _identity_candidates(st, item.num)
    unit, ambiguous = _pick(cands)
    if ambiguous:
        return Reading(False, None, None, f"{len(cands)} paragraphs are numbered {item.num}")
    if unit is None:
        return Reading(False, None, None, f"there is no operative paragraph {item.num}")
    target = unit if frame == CURRENT else d.now(unit)
    if target is None or target.kind != "operative":
        return Reading(False, None, None, f"operative paragraph {item.num} was deleted",
                       deleted=unit)
    sub_cur: ViewParagraph | None = None
    if item.subs:
        parent_in_frame = unit
        sub_in_frame: ViewParagraph | None = None
        for label, _span in item.subs:
            kids = [c for c in parent_in_frame.children if c.shown == label]
            if not kids:
                sub_in_frame = None
                break
            sub_in_frame = kids[0]
            parent_in_frame = sub_in_frame
        if sub_in_frame is None:
            labels = " ".join(f"({s})" for s, _ in item.subs)
            return Reading(False, target, None,
                           f"operative paragraph {item.num} has no sub-paragraph {labels}")
        sub_cur = sub_in_frame if frame == CURRENT else d.now(sub_in_frame)
        if sub_cur is None:
            labels = " ".join(f"({s})" for s, _ in item.subs)
            return Reading(False, target, None, f"sub-paragraph {item.num} {labels} was deleted")
    own_top = own
    while own_top.parent is not None and own_top.kind == "sub":
        own_top = own_top.parent
    if own_top.kind == "operative":
        if target is own_top and sub_cur is None:
            return Reading(False, target, sub_cur, "it points at its own paragraph")
        if direction == "above" and (target.number or 0) > (own_top.number or 0):
            return Reading(False, target, sub_cur, f"paragraph {target.number} is below it")
        if direction == "below" and (target.number or 0) < (own_top.number or 0):
            return Reading(False, target, sub_cur, f"paragraph {target.number} is above it")
    elif own_top.kind == "preamble" and direction == "above":
        return Reading(False, target, sub_cur, "operative paragraphs are below the preamble")
    return Reading(True, target, sub_cur, "")


def frame_of(u: ViewParagraph, span: tuple[int, int]) -> str:
    atoms = u.atoms[span[0]:span[1]]
    if any(a.ins is None for a in atoms):
        return BASE
    if all(a.author == RENUMBER_AUTHOR for a in atoms):
        return CURRENT
    return "either"


def check_ref(d: DraftDocument, ref: Ref, problems: list[Problem]) -> None:
    u = ref.unit
    where = u.where()
    edits: list[Edit] = []
    messages: list[str] = []
    unfixable: list[str] = []
    for item in ref.items:
        frame = frame_of(u, item.num_span)
        if frame == "either":
            # typed in a pending insertion: read as the text now stands, unless that reading
            # is impossible and the numbering before the pending changes makes sense of it
            reading = _read(d, item, u, ref.direction, CURRENT)
            if not reading.ok:
                old = _read(d, item, u, ref.direction, BASE)
                if old.ok:
                    reading = old
        else:
            reading = _read(d, item, u, ref.direction, frame)
        if not reading.ok:
            if reading.deleted is not None and item.role in ("start", "end"):
                moved = _range_end(d, reading.deleted, item.role)
                if moved is not None and moved.number == item.num:
                    continue  # the range still reads right without it
                if moved is not None:
                    edits.append(Edit(u.para.index, *item.num_span, str(item.num),
                                      str(moved.number), f"paragraph {item.num} was deleted; "
                                      f"the range now {'starts' if item.role == 'start' else 'ends'} "
                                      f"at paragraph {moved.number}"))
                    messages.append(f"{item.num} was deleted; the range now "
                                    f"{'starts' if item.role == 'start' else 'ends'} at {moved.number}")
                    continue
            unfixable.append(f"{item.num}: {reading.reason}")
            continue
        assert reading.target is not None
        if reading.target.number != item.num:
            edits.append(Edit(u.para.index, *item.num_span, str(item.num),
                              str(reading.target.number),
                              f"paragraph {item.num} is now paragraph {reading.target.number}"))
            messages.append(f"{item.num} (\"{excerpt(reading.target.words(), 50)}\") "
                            f"is now paragraph {reading.target.number}")
        if item.subs and reading.sub is not None:
            chain: list[ViewParagraph] = []
            s: ViewParagraph | None = reading.sub
            while s is not None and s.kind == "sub":
                chain.append(s)
                s = s.parent
            chain.reverse()
            for (label, span), sub in zip(item.subs, chain, strict=False):
                want = sub.expected_label()
                if label != want:
                    edits.append(Edit(u.para.index, *span, label, want,
                                      f"sub-paragraph ({label}) is now ({want})"))
                    messages.append(f"({label}) is now ({want})")
    quoted = f"\"{excerpt(ref.text + (' ' + ref.direction if ref.direction else ''), 60)}\""
    if unfixable:
        problems.append(Problem("cross-reference", where, u.para.index,
                                f"{quoted}: " + "; ".join(unfixable + messages), False, []))
    elif edits:
        problems.append(Problem("cross-reference", where, u.para.index,
                                f"{quoted} points at a paragraph whose number changed: "
                                + "; ".join(messages), True, edits))


def _range_end(d: DraftDocument, deleted: ViewParagraph, role: str) -> ViewParagraph | None:
    """The nearest paragraph still there after (range start) or before (range end) a deleted
    base paragraph."""
    ops = d.base.operative
    i = ops.index(deleted)
    seq = ops[i + 1:] if role == "start" else list(reversed(ops[:i]))
    for b in seq:
        cur = d.now(b)
        if cur is not None and cur.kind == "operative":
            return cur
    return None

