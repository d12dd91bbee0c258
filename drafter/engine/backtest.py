"""Replay a series' history: draft each edition from the editions before it and compare the draft
with the text the Assembly actually adopted.

For each edition after the first:

* the mechanical updates the real text made (session ordinals, the previous edition, another
  body's latest act) — found by comparing the base edition with the real one, paragraph by
  paragraph — and how many drafter got right, got wrong, flagged for review, or missed;
* every change drafter made that the real text did not make is *wrong*;
* the word-level distance from the draft to the real text, against the distance from the
  unchanged base ("copy last year") to the real text, and their ratio.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from drafter.engine.align import align_pair
from drafter.engine.infer import RE_SESSION, resolution_citations
from drafter.engine.series import Series
from drafter.model.draft import Draft, DraftParagraph
from drafter.model.resolution import Paragraph, Resolution, iter_subparagraphs

RE_MARK = re.compile(r"\[\^\d+\]")


def _clean(text: str) -> str:
    return " ".join(RE_MARK.sub("", text).split())


def _words(text: str) -> list[str]:
    return re.findall(r"[\w/()-]+|[^\w\s]", _clean(text))


@dataclass(frozen=True)
class Row:
    edition: str
    base: str
    session: int
    expected: int  # mechanical updates the real text made
    right: int
    wrong: int
    flagged: int
    missed: int
    changes: int  # changes drafter made
    dist_draft: int
    dist_copy: int
    notes: tuple[str, ...] = ()

    @property
    def ratio(self) -> float:
        return self.dist_draft / self.dist_copy if self.dist_copy else 0.0


def _mechanical(base: str, real: str) -> list[tuple[str, str, str]]:
    """(kind, old, new) updates between two versions of one paragraph."""
    out: list[tuple[str, str, str]] = []

    def ctx(text: str, i: int) -> tuple[str, ...]:
        return tuple(text[max(0, i - 30) : i].split()[-3:])

    bs = {ctx(base, m.start()): m.group(1) for m in RE_SESSION.finditer(base)}
    for m in RE_SESSION.finditer(real):
        k = ctx(real, m.start())
        if k in bs and bs[k].lower() != m.group(1).lower():
            out.append(("session", bs[k], m.group(1)))
    rc = resolution_citations(real)
    for c in resolution_citations(base):
        old = base[c.start : c.end]
        same_body = [r for r in rc if r.body == c.body]
        if not same_body or any(real[r.start : r.end] == old for r in same_body):
            continue
        kind = "previous" if c.body == "GA" else "external"
        r = same_body[0]
        out.append((kind, old, real[r.start : r.end]))
    return out


def _whole(p: Paragraph) -> str:
    """A paragraph's text with its markers and sub-paragraphs, as compared across editions."""
    return " ".join([p.marked_text()] + [f"({s.label}) {s.marked_text()}" for s in iter_subparagraphs(p.subparagraphs)])


def _pairs(base: Resolution, real: Resolution) -> dict[str, str]:
    """Base paragraph id (pp1, op3) -> the real edition's text of the same paragraph."""
    out: dict[str, str] = {}
    for kind, prefix in (("preamble", "pp"), ("operative", "op")):
        a = base.preamble if kind == "preamble" else base.operative
        b = real.preamble if kind == "preamble" else real.operative
        for i, j, _ in align_pair([p.full_text() for p in a], [p.full_text() for p in b]):
            out[f"{prefix}{i + 1}"] = _whole(b[j])
    return out


def _draft_text(paras: list[DraftParagraph], accepted: bool) -> str:
    parts = []
    for p in paras:
        for q in p.walk():
            parts.append(q.text() if accepted else q.base_text())
    return " ".join(parts)


def evaluate(draft: Draft, base: Resolution, real: Resolution) -> Row:
    pairs = _pairs(base, real)
    notes: list[str] = []
    right = wrong = flagged = 0
    covered: set[tuple[str, str]] = set()
    for c in draft.changes:
        if c.where.startswith(("masthead", "fn")):
            continue
        pid = c.where.split(".")[0]
        real_text = _clean(pairs.get(pid, ""))
        if not real_text:
            notes.append(f"{c.id} ({c.where}): the paragraph is not in {real.symbol}; not judged")
            continue
        covered.add((pid, c.old))
        placeholder = c.placeholder is not None and not any(p.id == c.placeholder and p.filled for p in draft.placeholders)
        if placeholder:
            flagged += 1
            continue
        if c.new in real_text and (c.old not in real_text or real_text.count(c.old) < _clean(base_text_of(base, pid)).count(c.old)):
            right += 1
        else:
            wrong += 1
            notes.append(f"{c.id} ({c.where}): drafter wrote {c.new!r}, {real.symbol} has no such change")
    placeholders_at = {(p.where, p.text) for p in draft.placeholders if not p.filled}
    expected = missed = 0
    for pid, real_text in pairs.items():
        for kind, old, new in _mechanical(_clean(base_text_of(base, pid)), _clean(real_text)):
            expected += 1
            made = any(c.where.split(".")[0] == pid and (c.old in old or old in c.old) for c in draft.changes)
            held = any(w == pid and (t in old or old in t) for w, t in placeholders_at)
            if made:
                continue
            if held:
                flagged += 1
                continue
            missed += 1
            notes.append(f"{pid}: {real.symbol} changed {old!r} to {new!r} ({kind}); drafter did not")
    real_words = _words(" ".join(p.marked_text() + " " + " ".join(s.text for s in p.subparagraphs) for p in real.paragraphs))
    d_words = _words(_draft_text(list(draft.preamble + draft.operative), True))
    b_words = _words(_draft_text(list(draft.preamble + draft.operative), False))
    from rapidfuzz.distance import Levenshtein

    return Row(
        edition=real.symbol or f"session {real.session}",
        base=base.symbol or f"session {base.session}",
        session=real.session or 0,
        expected=expected,
        right=right,
        wrong=wrong,
        flagged=flagged,
        missed=missed,
        changes=len([c for c in draft.changes if not c.where.startswith("masthead")]),
        dist_draft=Levenshtein.distance(d_words, real_words),
        dist_copy=Levenshtein.distance(b_words, real_words),
        notes=tuple(notes),
    )


def base_text_of(res: Resolution, pid: str) -> str:
    idx = int(pid[2:]) - 1
    paras = res.preamble if pid.startswith("pp") else res.operative
    if not 0 <= idx < len(paras):
        return ""
    return _whole(paras[idx])


def backtest(series: Series) -> list[Row]:
    from drafter.engine.infer import infer_template
    from drafter.engine.plan import editions_of, period_of
    from drafter.engine.rollover import roll_over

    eds = editions_of(series)
    period, evidence = period_of(series)
    rows: list[Row] = []
    for i in range(1, len(eds)):
        real = eds[i]
        history = eds[:i]
        assert real.session is not None
        tpl = infer_template(history, series=series.slug, title=series.title, target=real.session, period=period, period_evidence=evidence)
        draft = roll_over(tpl, real.session)
        rows.append(evaluate(draft, history[-1], real))
    return rows


def rows_to_markdown(series: Series, rows: list[Row]) -> str:
    lines = [
        f"# Backtest: {series.title or series.slug}",
        "",
        "Each edition drafted by `drafter next` from the editions before it only, then compared with",
        "the adopted text. *Expected*: mechanical updates the adopted text made (session ordinals,",
        "previous edition, another body's latest act). *Right*/*wrong*: changes drafter made that the",
        "adopted text made / did not make. *Flagged*: left as a placeholder for an editor. *Missed*:",
        "mechanical updates drafter neither made nor flagged. Distances are word-level Levenshtein",
        "distances to the adopted text (preamble and operative paragraphs); *copy* is last year's",
        "text unchanged.",
        "",
        "| edition | base | expected | right | wrong | flagged | missed | distance (draft) | distance (copy) | ratio |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.edition} | {r.base} | {r.expected} | {r.right} | {r.wrong} | {r.flagged} | {r.missed} | "
            f"{r.dist_draft} | {r.dist_copy} | {r.ratio:.3f} |"
        )
    tot = [sum(getattr(r, k) for r in rows) for k in ("expected", "right", "wrong", "flagged", "missed")]
    lines.append(f"| **total** | | {tot[0]} | {tot[1]} | {tot[2]} | {tot[3]} | {tot[4]} | | | |")
    notes = [f"- {r.edition}: {n}" for r in rows for n in r.notes]
    if notes:
        lines += ["", "Notes:", ""] + notes
    return "\n".join(lines) + "\n"


def rows_to_dicts(rows: list[Row]) -> list[dict[str, object]]:
    return [asdict(r) | {"ratio": round(r.ratio, 4)} for r in rows]
