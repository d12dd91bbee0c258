"""``drafter renumber``: bring a draft whose paragraphs were inserted, deleted or moved back into order.

What it changes, and nothing else: typed operative paragraph numbers (``5.``), typed
sub-paragraph letters (``(b)``), typed footnote numbers (Word's own footnote references number
themselves), and the numbers and letters of internal cross-references ("paragraph 5 above",
"in paragraph 3 (b)", "paragraphs 4 to 6"), each moved with the paragraph it points at. The
edits are exactly the fixes of the problems :mod:`drafter.editor.checks` marks ``fixable``; a problem
it cannot settle (a reference to a deleted paragraph, an ambiguous one) is left and reported.

Every edit replaces the characters of a number or letter inside the runs that hold them: the
run is split where needed and keeps its formatting, every other run of the document is left as
it was. With ``track=True`` each edit is a tracked change (``w:del`` of the old number,
``w:ins`` of the new, author ``drafter``). An edit to base text is tracked even without
``track`` when the draft has pending insertions or deletions of paragraphs: otherwise rejecting
all changes would no longer give back the base text.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from drafter.editor.checks import fixes, renumbering_problems
from drafter.editor.structure import (
    RENUMBER_AUTHOR,
    W_DELTEXT,
    W_INS,
    W_R,
    W_RPR,
    W_T,
    Atom,
    Edit,
    Problem,
    open_draft,
)

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
W_ID = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}id"


@dataclass
class Applied:
    edit: Edit
    where: str
    tracked: bool


@dataclass
class Result:
    applied: list[Applied] = field(default_factory=list)
    left: list[Problem] = field(default_factory=list)  # problems renumber does not settle
    notes: list[str] = field(default_factory=list)
    moved_notes: bool = False  # typed footnote texts were put in order

    @property
    def changed(self) -> bool:
        return bool(self.applied) or self.moved_notes


def renumber_document(doc: Any, *, track: bool = False, date: datetime | None = None) -> Result:
    """Renumber the python-docx Document `doc` in place; return what was done and what is left."""
    from drafter.render.ooxml import Tracker

    d = open_draft(doc)
    problems = renumbering_problems(d)
    edits = fixes(d, problems)
    result = Result(left=[p for p in problems if not p.fixable])
    forced = False
    tracker = Tracker(doc, author=RENUMBER_AUTHOR, date=date)
    structural = d.structural_changes
    by_para: dict[int, list[Edit]] = {}
    for e in edits:
        by_para.setdefault(e.para, []).append(e)
    for index, group in by_para.items():
        unit = d.current.by_para.get(index)
        if unit is None:
            continue
        for e in sorted(group, key=lambda e: e.start, reverse=True):
            atoms = unit.atoms[e.start:e.end]
            if not atoms or any(a.t is None for a in atoms):
                result.notes.append(f"{unit.where()}: could not edit {e.old!r} (not plain text)")
                continue
            in_base = any(a.ins is None for a in atoms)
            track_this = track or (structural and in_base)
            if track_this and not track:
                forced = True
            if track_this:
                _replace_tracked(atoms, e.new, tracker)
            else:
                _replace_plain(atoms, e.new)
            result.applied.append(Applied(e, unit.where(), track_this))
    _order_footnote_texts(doc, track, result)
    if forced:
        result.notes.append(
            "the draft has pending insertions or deletions of paragraphs: the renumbering of base "
            "text is tracked, so that rejecting all changes still gives the base text back")
    if result.changed:
        again = renumbering_problems(open_draft(doc))
        still = [p for p in again if p.fixable]
        if still:
            result.notes.append(
                f"{len(still)} renumbering problem(s) remain after one pass: "
                + "; ".join(f"{p.where}: {p.message}" for p in still[:3]))
        result.left = [p for p in again if not p.fixable]
    result.applied.sort(key=lambda a: (a.edit.para, a.edit.start))
    return result


def _order_footnote_texts(doc: Any, track: bool, result: Result) -> None:
    """Typed footnote texts after the operative part, put in the order of their numbers."""
    d = open_draft(doc)
    notes = [u for u in d.current.notes if u.literal and u.literal.isdigit()]
    labels = [int(u.literal or 0) for u in notes]
    if len(notes) < 2 or labels == sorted(labels):
        return
    elements = [u.para.p for u in notes]
    parent = elements[0].getparent()
    positions = [parent.index(e) if e.getparent() is parent else -1 for e in elements]
    contiguous = positions == list(range(positions[0], positions[0] + len(positions)))
    if track or not contiguous:
        why = "--track cannot move paragraphs" if track else "they are not together"
        result.notes.append(f"the footnote texts are not in order ({', '.join(map(str, labels))}); "
                            f"move them by hand ({why})")
        return
    ordered = [e for _n, e in sorted(zip(labels, elements, strict=True), key=lambda x: x[0])]
    for e in elements:
        parent.remove(e)
    for k, e in enumerate(ordered):
        parent.insert(positions[0] + k, e)
    result.moved_notes = True


# ---------------------------------------------------------------------------------------------
# editing runs


def _groups(atoms: list[Atom]) -> list[tuple[Any, int, int]]:
    """(w:t, start, end) stretches of consecutive characters of one text element."""
    out: list[tuple[Any, int, int]] = []
    for a in atoms:
        if out and out[-1][0] is a.t and out[-1][2] == a.off:
            t, s, _e = out[-1]
            out[-1] = (t, s, a.off + 1)
        else:
            out.append((a.t, a.off, a.off + 1))
    return out


def _replace_plain(atoms: list[Atom], new: str) -> None:
    groups = _groups(atoms)
    for k in range(len(groups) - 1, -1, -1):
        t, s, e = groups[k]
        text = t.text or ""
        t.text = text[:s] + (new if k == 0 else "") + text[e:]
        t.set(XML_SPACE, "preserve")


def _new_like(el: Any) -> Any:
    out = el.makeelement(el.tag, dict(el.attrib))
    return out


def _split_at(run: Any, t: Any, off: int) -> tuple[Any, Any]:
    """Split `run` before character `off` of its text element `t`. Returns (t2, run2): the
    element now holding t.text[off:] and the new run after `run` holding it and everything
    that followed. `run` keeps what came before (and is removed if nothing is left in it)."""
    run2 = _new_like(run)
    rpr = run.find(W_RPR)
    if rpr is not None:
        run2.append(copy.deepcopy(rpr))
    text = t.text or ""
    t2 = t.makeelement(t.tag, dict(t.attrib))
    t2.text = text[off:]
    t2.set(XML_SPACE, "preserve")
    run2.append(t2)
    children = list(run)
    for c in children[children.index(t) + 1:]:
        run2.append(c)
    if off == 0:
        run.remove(t)
    else:
        t.text = text[:off]
        t.set(XML_SPACE, "preserve")
    run.addnext(run2)
    if not [c for c in run if c.tag != W_RPR]:
        run.getparent().remove(run)
    return t2, run2


def _isolate(t: Any, s: int, e: int) -> Any:
    """The run that holds exactly t.text[s:e] (split out of its run)."""
    run = t.getparent()
    assert run.tag == W_R
    t_mid, mid = _split_at(run, t, s)
    if e - s < len(t_mid.text or ""):
        _split_at(mid, t_mid, e - s)
    return mid


def _replace_tracked(atoms: list[Atom], new: str, tracker: Any) -> None:
    from drafter.render.ooxml import to_deleted_form

    groups = _groups(atoms)
    mids = [_isolate(t, s, e) for t, s, e in reversed(groups)]
    mids.reverse()
    dels = []
    for run in mids:
        wrapper = tracker.delete([])
        run.addprevious(wrapper)
        wrapper.append(to_deleted_form(run))
        dels.append(wrapper)
    new_run = _new_like(mids[0])
    rpr = mids[0].find(W_RPR)
    if rpr is not None:
        new_run.append(copy.deepcopy(rpr))
    t = new_run.makeelement(W_T, {})
    t.text = new
    t.set(XML_SPACE, "preserve")
    new_run.append(t)
    ins = tracker.ins([new_run])
    last = dels[-1]
    parent = last.getparent()
    if parent is not None and parent.tag == W_INS:
        # an insertion of ours cannot sit inside someone else's: split theirs around it
        rest = list(parent)[list(parent).index(last) + 1:]
        parent.addnext(ins)
        if rest:
            tail = _new_like(parent)
            tail.set(W_ID, tracker.next_id())
            for c in rest:
                tail.append(c)
            ins.addnext(tail)
    else:
        last.addnext(ins)
    for d in dels:  # deleted text keeps no w:t
        for x in d.iter(W_T):
            x.tag = W_DELTEXT


# ---------------------------------------------------------------------------------------------
# files


def backup_path(path: Path) -> Path:
    """``DRAFT.docx.bak``, or ``DRAFT.docx.bak.2``, ``.bak.3`` ... when that exists."""
    cand = path.with_name(path.name + ".bak")
    k = 2
    while cand.exists() or cand.is_symlink():
        cand = path.with_name(f"{path.name}.bak.{k}")
        k += 1
    return cand


def default_output(path: Path) -> Path:
    return path.with_name(f"{path.stem}.renumbered{path.suffix}")


def renumber_file(
    path: str | os.PathLike[str],
    output: str | os.PathLike[str] | None = None,
    *,
    in_place: bool = False,
    track: bool = False,
    force: bool = False,
    date: datetime | None = None,
) -> tuple[Result, Path | None, Path | None]:
    """Renumber the draft at `path`. Returns (result, file written or None, backup or None).

    Without `in_place` the result goes to `output` (default ``DRAFT.renumbered.docx``), over
    an existing file only when drafter wrote it and nobody changed it since, or with `force`.
    With `in_place` the draft is copied to a backup (``DRAFT.docx.bak``) and then replaced
    atomically. When nothing needs renumbering, nothing is written (no output, no backup).
    """
    from drafter.errors import DrafterError, InputError
    from drafter.fsutil import atomic_write_bytes, safe_copy
    from drafter.render.ooxml import document_bytes, open_docx

    src = Path(path)
    if in_place and output is not None:
        raise DrafterError("give either -o or --in-place, not both")
    if not src.is_file():
        raise InputError(f"{src}: no such file")
    try:
        doc = open_docx(src)
    except Exception as e:  # python-docx raises several kinds on a damaged or foreign file
        raise InputError(f"{src.name} cannot be opened as a Word .docx ({type(e).__name__}: {e})",
                         hint="open it in Word and save it again as .docx") from None
    out = Path(output) if output is not None else default_output(src)
    if not in_place and out.resolve() == src.resolve():
        raise DrafterError(f"-o {out} is the draft itself", hint="use --in-place to replace it")
    result = renumber_document(doc, track=track, date=date)
    if not result.changed:
        return result, None, None
    if in_place:
        bak = backup_path(src)
        safe_copy(src, bak)
        atomic_write_bytes(src, document_bytes(doc), force=True, record=False)
        return result, src, bak
    atomic_write_bytes(out, document_bytes(doc), force=force, created_by_drafter_ok=True)
    return result, out, None


__all__ = ["Applied", "Result", "backup_path", "default_output", "renumber_document",
           "renumber_file"]
