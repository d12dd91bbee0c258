"""``drafter review``: what is still to do in a Word draft of a resolution, and what is wrong in it.

Works on any .docx draft (drafter's own or not), read by :mod:`drafter.editor.structure`.
Reported, each with the paragraph it sits in:

* **to do** (information; they make the exit code 1 only with ``strict``): pending tracked
  changes and open comments, by author; placeholders still open (``[date]``,
  ``A/C.3/69/L.__``, ``___``, and text still highlighted for an editor to confirm); and
  placeholders an editor has filled (typed over, as a tracked change) whose highlight is still
  there: removing the highlight (and resolving the comment on it) closes them.
* **problems** (exit code 1): the checks of :mod:`drafter.editor.checks` (numbering, footnotes,
  session ordinals, the recalled edition, impossible dates, end punctuation) and of
  :mod:`drafter.editor.references` (cross-references).

A filled placeholder is told from an open one by the text under its highlight: when the text an
editor sees (pending changes accepted) is not the text that was highlighted (pending changes
rejected), the placeholder was filled. Text typed over a placeholder without Track Changes
cannot be told from text highlighted for confirmation: it is listed as highlighted, with the
same way to close it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drafter.editor.checks import (
    all_texts,
    check_dates,
    check_ordinals,
    check_punctuation,
    check_recalled,
    draft_session,
    renumbering_problems,
)
from drafter.editor.structure import (
    BASE,
    CURRENT,
    FN,
    RE_GA_LINE,
    W14_NS,
    W15_NS,
    Atom,
    DraftDocument,
    Problem,
    _w,
    all_paragraphs,
    excerpt,
    open_draft,
)


@dataclass
class Todo:
    """Something left to do: a pending change, an open comment, a placeholder."""

    kind: str  # change | comment | placeholder | highlight | filled
    where: str
    paragraph: int | None
    text: str
    author: str = ""
    detail: str = ""
    part: str = "document"
    was: str = ""  # filled: the placeholder's text before it was typed over
    close: str = ""  # placeholders: what closes it

    def to_dict(self) -> dict[str, Any]:
        d = {"kind": self.kind, "where": self.where, "paragraph": self.paragraph,
             "text": self.text, "part": self.part}
        for key in ("author", "detail", "was", "close"):
            if getattr(self, key):
                d[key] = getattr(self, key)
        return d


@dataclass
class Review:
    file: str
    session: int | None
    session_evidence: str
    series: str | None
    period: int | None
    period_evidence: str
    problems: list[Problem]
    changes: list[Todo]
    comments: list[Todo]
    placeholders: list[Todo]  # open: still to fill in or to confirm
    notes: list[str]
    filled: list[Todo] = field(default_factory=list)  # filled, but still highlighted

    @property
    def todo_count(self) -> int:
        return len(self.changes) + len(self.comments) + len(self.placeholders) + len(self.filled)

    def exit_code(self, strict: bool = False) -> int:
        """0 when nothing is wrong; 1 when a problem is found (or, with `strict`, anything
        is left to do: pending changes, open comments, placeholders)."""
        if self.problems:
            return 1
        return 1 if strict and self.todo_count else 0

    def to_dict(self, strict: bool = False) -> dict[str, Any]:
        def by_author(items: list[Todo]) -> dict[str, int]:
            return dict(Counter(t.author or "(unknown)" for t in items))

        return {
            "file": self.file,
            "session": self.session,
            "session_evidence": self.session_evidence,
            "series": self.series,
            "period": self.period,
            "period_evidence": self.period_evidence,
            "problems": [p.to_dict() for p in self.problems],
            "pending_changes": [t.to_dict() for t in self.changes],
            "pending_changes_by_author": by_author(self.changes),
            "open_comments": [t.to_dict() for t in self.comments],
            "open_comments_by_author": by_author(self.comments),
            "placeholders": [t.to_dict() for t in self.placeholders],
            "filled_placeholders": [t.to_dict() for t in self.filled],
            "notes": list(self.notes),
            "summary": {"problems": len(self.problems), "pending_changes": len(self.changes),
                        "open_comments": len(self.comments),
                        "placeholders": len(self.placeholders),
                        "filled_placeholders": len(self.filled)},
            "strict": strict,
            "exit_code": self.exit_code(strict),
        }


# =============================================================================================
# to do: changes, comments, placeholders

RE_PLACEHOLDER = re.compile(r"\[[^\[\]\n]{0,80}\]|[^\s\[\]]*_{2,}[^\s\[\]]*")
RE_NOT_PLACEHOLDER = re.compile(r"^\[(?:on the report of|without reference to)", re.IGNORECASE)


def _note_where(d: DraftDocument, note_index: dict[int, str], index: int | None) -> str:
    if index is None:
        return "footnotes"
    fid = note_index.get(index)
    if fid is None:
        return "footnotes"
    for view in (CURRENT, BASE):
        n = d.note_numbers[view].get(fid)
        if n is not None:
            return f"footnote {n}" + ("" if view == CURRENT else " (deleted)")
    custom = fid in d.notes and any(a.ch == "*" for a in d.notes[fid].atoms[:3])
    return "the starred footnote" if custom else f"footnote (w:id {fid})"


def _footnote_paragraph_index(d: DraftDocument) -> dict[int, str]:
    from drafter.render.ooxml import notes_part

    part = notes_part(d.doc, "footnotes")
    out: dict[int, str] = {}
    if part is None:
        return out
    for i, p in enumerate(all_paragraphs(part.element)):
        fn = next((a for a in p.iterancestors(_w("footnote"))), None)
        if fn is not None:
            out[i] = fn.get(_w("id"), "")
    return out


def _done_comments(d: DraftDocument) -> set[str]:
    """Ids of comments marked done (resolved) in Word's commentsExtended part."""
    from drafter.render.ooxml import comments_root

    root = comments_root(d.doc)
    if root is None:
        return set()
    done_para: set[str] = set()
    for rel in d.doc.part.rels.values():
        if rel.is_external or not rel.reltype.endswith("/commentsExtended"):
            continue
        from lxml import etree

        part = rel.target_part
        el = getattr(part, "element", None)
        if el is None:
            try:
                el = etree.fromstring(part.blob)
            except etree.XMLSyntaxError:
                continue
        for ex in el.iter(f"{{{W15_NS}}}commentEx"):
            if ex.get(f"{{{W15_NS}}}done") in ("1", "true"):
                done_para.add(ex.get(f"{{{W15_NS}}}paraId", ""))
    if not done_para:
        return set()
    out = set()
    for c in root.findall(_w("comment")):
        ps = c.findall(_w("p"))
        if ps and ps[-1].get(f"{{{W14_NS}}}paraId") in done_para:
            out.add(c.get(_w("id"), ""))
    return out


CLOSE_OPEN = "fill it in, then remove the highlight"
CLOSE_CONFIRM = "confirm it, then remove the highlight"
CLOSE_FILLED = "remove the highlight"


def _todos(d: DraftDocument) -> tuple[list[Todo], list[Todo], list[Todo], list[Todo]]:
    """Pending changes, open comments, open placeholders, filled placeholders still highlighted."""
    from drafter.render.revisions import list_comments, list_revisions

    note_index = _footnote_paragraph_index(d)

    def where(part: str, index: int | None) -> str:
        if part == "document":
            return d.where(index)
        if part == "footnotes":
            return _note_where(d, note_index, index)
        return part

    changes = [
        Todo("change", where(r.part, r.paragraph), r.paragraph if r.part == "document" else None,
             r.text, author=r.author,
             detail=f"{r.kind}{'' if r.scope == 'run' else ' (' + r.scope + ')'}", part=r.part)
        for r in list_revisions(d.doc)
    ]
    done = _done_comments(d)
    open_comments = [c for c in list_comments(d.doc) if c.id not in done]
    comments = [
        Todo("comment", where(c.part or "document", c.paragraph) if c.part else "not anchored",
             c.paragraph if c.part == "document" else None, c.text, author=c.author,
             detail=f"on \"{excerpt(c.anchor or c.anchor_deleted, 60)}\"", part=c.part or "")
        for c in open_comments
    ]

    def closing(how: str, part: str, index: int | None, *texts: str) -> str:
        """``how``, and the comment to resolve when one is anchored on the placeholder."""
        for c in open_comments:
            if c.part != part or c.paragraph != index:
                continue
            anchored = (c.anchor or "") + "\n" + (c.anchor_deleted or "")
            if any(t and (t in anchored or (c.anchor and c.anchor.strip() in t)) for t in texts):
                return f"{how}, and resolve or delete its comment"
        return how

    placeholders: list[Todo] = []
    filled: list[Todo] = []
    for where_, index, text, part in all_texts(d):
        plain = text.replace(FN, "\u2063")  # keep offsets; a footnote mark is no placeholder text
        covered: set[int] = set()
        for m in RE_PLACEHOLDER.finditer(plain):
            if RE_NOT_PLACEHOLDER.match(m.group(0)):
                continue
            placeholders.append(Todo("placeholder", where_, index, m.group(0), part=part,
                                     detail=excerpt(plain.replace("\u2063", ""), 70),
                                     close=closing(CLOSE_OPEN, part, index, m.group(0))))
            covered.update(range(m.start(), m.end()))
        atoms = None
        if part == "document" and index is not None:
            unit = d.current.by_para.get(index)
            atoms = unit.para.atoms if unit is not None else None
        elif part == "footnotes":
            fid = next((f for f, n in d.note_numbers[CURRENT].items()
                        if f"footnote {n}" == where_), None)
            if fid is not None and fid in d.notes:
                atoms = d.notes[fid].atoms
        if atoms is None:
            continue
        for now, before in highlighted(atoms, covered):
            if before and now != before:
                filled.append(Todo("filled", where_, index, now, part=part, was=before,
                                   detail=f"filled in (it was \"{excerpt(before, 60)}\"), "
                                          "still highlighted",
                                   close=closing(CLOSE_FILLED, part, index, now, before)))
            else:
                placeholders.append(Todo("highlight", where_, index, now, part=part,
                                         detail="highlighted for an editor to confirm",
                                         close=closing(CLOSE_CONFIRM, part, index, now)))
    return changes, comments, placeholders, filled


def highlighted(atoms: list[Atom], covered: set[int]) -> list[tuple[str, str]]:
    """Each highlighted stretch of a paragraph (``atoms``: all of them, deleted ones included)
    as (its text now, its text before the pending changes), leaving out the stretches that touch
    ``covered`` (positions in the text now: placeholders found by their pattern) and those of
    which nothing is left now."""
    now_at: list[int | None] = []
    pos = 0
    for a in atoms:
        if a.visible(CURRENT):
            now_at.append(pos)
            pos += 1
        else:
            now_at.append(None)
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(atoms):
        if not atoms[i].highlight or atoms[i].ch.isspace():
            i += 1
            continue
        j = i
        while j < len(atoms) and atoms[j].highlight:
            j += 1
        stretch = atoms[i:j]
        now = "".join(a.ch for a in stretch if a.visible(CURRENT)).replace(FN, "").strip()
        before = "".join(a.ch for a in stretch if a.visible(BASE)).replace(FN, "").strip()
        positions = {p for p in now_at[i:j] if p is not None}
        if now and not covered.intersection(positions):
            out.append((now, before))
        i = j
    return out


# =============================================================================================
# the review


def _title(d: DraftDocument) -> str | None:
    m = d.current.masthead
    for u in m:
        tm = re.match(r"^\s*\d{1,3}/\d{1,4}\.\s+(\S.*)$", u.text.replace(FN, ""))
        if tm:
            return " ".join(tm.group(1).split())
    if len(m) >= 2 and RE_GA_LINE.match(m[-1].text.replace(FN, "")):
        cand = " ".join(m[-2].text.replace(FN, "").replace("*", "").split())
        if cand and "draft resolution" not in cand.lower():
            return cand
    return None


def _as_resolution(d: DraftDocument) -> Any:
    from drafter.model.resolution import Paragraph, Resolution

    pre = tuple(Paragraph("preamble", u.words()) for u in d.current.preamble)
    ops = tuple(Paragraph("operative", u.words(), number=u.number) for u in d.current.operative)
    return Resolution(title=_title(d), preamble=pre, operative=ops)


def review(
    source: Any,
    *,
    session: int | None = None,
    corpus: Any = None,
    corpus_dir: Path | str | None = None,
    use_corpus: bool = True,
    cache: bool = True,
) -> Review:
    """Review the draft at `source` (path or python-docx Document).

    `corpus` (a :class:`~drafter.corpus.folder.Corpus`) or `corpus_dir` gives the series' editions
    and period; by default the corpus is found as every command finds it. Without a corpus the
    checks that need one are skipped, and a note says so. ``cache=False`` parses the corpus'
    editions afresh (``--no-cache``).
    """
    d = source if isinstance(source, DraftDocument) else open_draft(source)
    name = str(d.path) if d.path is not None else "document"
    notes: list[str] = []
    problems: list[Problem] = []
    if not d.current.body_found:
        notes.append("no 'The General Assembly,' line and no numbered paragraphs: is this a "
                     "resolution?")
    s, s_evidence, sp = draft_session(d, session)
    problems += sp
    series = None
    period, p_evidence = None, "unknown"
    if use_corpus:
        try:
            if corpus is None:
                from drafter.corpus.folder import load_corpus, locate_corpus

                corpus = load_corpus(locate_corpus(corpus_dir), cache=cache)
            from drafter.corpus.folder import match_series
            from drafter.engine.series import find_series

            slug, why = match_series(corpus, _as_resolution(d))
            if slug is not None:
                series = find_series(corpus, slug)
            if series is None:
                notes.append(f"no series in the corpus {corpus.root} matches this draft ({why}): "
                             "recalled resolutions not checked; period assumed annual")
        except Exception as e:  # the review goes on without the corpus, and says so
            from drafter.errors import DrafterError

            msg = e.one_line() if isinstance(e, DrafterError) else f"{type(e).__name__}: {e}"
            notes.append(f"corpus not used: {msg}")
    if series is not None:
        from drafter.engine.plan import period_of

        period, p_evidence = period_of(series)
    elif s is not None:
        period, p_evidence = 1, "no series found; assumed annual"
    problems += renumbering_problems(d)  # numbering, cross-references, footnotes
    if s is not None and period is not None:
        check_ordinals(d, s, period, p_evidence, problems)
    else:
        notes.append("the draft's session is unknown: session ordinals not checked "
                     "(give --session)")
    if s is not None and series is not None:
        check_recalled(d, s, series, problems)
    check_dates(d, problems)
    check_punctuation(d, problems)
    changes, comments, placeholders, filled = _todos(d)
    order = {u.para.index: i for i, u in enumerate(d.current.units)}
    problems.sort(key=lambda p: (order.get(p.paragraph, 10**6) if p.paragraph is not None else 10**6))
    return Review(name, s, s_evidence, series.slug if series is not None else None, period,
                  p_evidence, problems, changes, comments, placeholders, notes, filled)


