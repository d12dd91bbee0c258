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
from pathlib import Path

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
    items: int = 0  # list items of the base kept by the adopted text, checked in the draft
    items_broken: int = 0  # of which the draft altered or dropped (each also counts as wrong)

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
    # the series' own edition recalled without a date ("its resolution 70/12,")
    undated = re.compile(r"\bits resolution (\d{1,3}/\d{1,5})(?! of \d)(?=[\s,;.])")
    real_undated = [m.group(1) for m in undated.finditer(real)]
    for m in undated.finditer(base):
        if real_undated and m.group(1) not in real_undated:
            out.append(("previous", m.group(1), real_undated[0]))
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


def _windows(draft: Draft, width: int = 24) -> dict[str, str]:
    """Change id -> the draft's accepted text around it (``width`` characters each side), to
    judge a change by where it stands (an item appended to a list, a conjunction moved)."""
    out: dict[str, str] = {}
    for p in draft.paragraphs():
        text = p.text()
        pos = 0
        for piece in p.pieces:
            n = len(piece.text)
            if piece.change:
                out[piece.change] = text[max(0, pos - width) : pos + n + width]
            pos += n
    return out


def _list_items(text: str) -> list[str]:
    """Every item, as written, of every list of resolutions in a paragraph."""
    from drafter.citations.recall import find_recall_lists

    return [" ".join(text[a:b].split()) for fl in find_recall_lists(text) for a, b in fl.spans]


def _grown_lists(base: str, real: str) -> list[tuple[str, str]]:
    """(old list, new list) where the adopted text's list holds every item of the base's, in
    order, and more: the list grew."""
    from drafter.citations.recall import find_recall_lists

    out = []
    real_lists = find_recall_lists(real)
    for fl in find_recall_lists(base):
        nums = [i.number for i in fl.value.items]
        for rl in real_lists:
            rnums = [i.number for i in rl.value.items]
            if len(rnums) > len(nums) and rnums[: len(nums)] == nums:
                out.append((fl.value.format(), rl.value.format()))
                break
    return out


def evaluate(draft: Draft, base: Resolution, real: Resolution) -> Row:
    pairs = _pairs(base, real)
    notes: list[str] = []
    right = wrong = flagged = 0
    covered: set[tuple[str, str]] = set()
    windows = _windows(draft)
    drafted = {p.id: _clean(p.text()) for p in draft.paragraphs()}
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
        if c.rule == "recall-list":
            if _clean(windows.get(c.id, c.new)) in real_text:
                right += 1
            else:
                wrong += 1
                notes.append(f"{c.id} ({c.where}): drafter wrote {c.new!r} into a list, {real.symbol} has no such list")
        elif c.new in real_text and (c.old not in real_text or real_text.count(c.old) < _clean(base_text_of(base, pid)).count(c.old)):
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
    # lists that grew, and the items of every list kept intact
    items = broken = 0
    for pid, real_text in pairs.items():
        base_text = _clean(base_text_of(base, pid))
        for old, new in _grown_lists(base_text, _clean(real_text)):
            expected += 1
            if any(c.where.split(".")[0] == pid and c.rule == "recall-list" for c in draft.changes):
                continue
            if any(w == pid for w, _ in placeholders_at):
                flagged += 1
                continue
            missed += 1
            notes.append(f"{pid}: {real.symbol} grew the list {old!r} to {new!r}; drafter did not")
        draft_text = drafted.get(pid, "")
        for item in _list_items(base_text):
            if item not in _clean(real_text):
                continue  # the adopted text dropped or changed it itself
            items += 1
            if item not in draft_text:
                broken += 1
                wrong += 1
                notes.append(f"{pid}: the list item {item!r}, kept by {real.symbol}, is altered or dropped in the draft")
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
        items=items,
        items_broken=broken,
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
        tpl = infer_template(history, series=series.slug, title=series.title, target=real.session, period=period, period_evidence=evidence, period_source=series.period.source)
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


def corpus_roots(paths: list[Path]) -> list[Path]:
    """The corpora named by ``paths``: a corpus (a folder of series folders holding editions),
    or a folder of corpora (each sub-folder a corpus), in name order."""
    from drafter.corpus.folder import edition_files

    def is_corpus(p: Path) -> bool:
        return any(d.is_dir() and edition_files(d) for d in p.iterdir() if not d.name.startswith("."))

    out: list[Path] = []
    for p in paths:
        if not p.is_dir():
            from drafter.errors import InputError

            raise InputError(f"--corpus {p}: not a folder", hint="give a corpus folder or a folder of corpora")
        if is_corpus(p):
            out.append(p)
            continue
        subs = sorted(d for d in p.iterdir() if d.is_dir() and not d.name.startswith(".") and is_corpus(d))
        if not subs:
            from drafter.errors import InputError

            raise InputError(f"--corpus {p}: holds no series folders with editions, nor corpora that do",
                             hint="a corpus is a folder of series folders, each holding editions")
        out.extend(subs)
    return out


@dataclass(frozen=True)
class SeriesResult:
    corpus: str
    series: Series
    rows: tuple[Row, ...]

    def total(self, name: str) -> int:
        return sum(getattr(r, name) for r in self.rows)


def summary_markdown(results: list[SeriesResult]) -> str:
    """One row per series: editions drafted and the totals of the backtest, list items checked."""
    lines = [
        "| corpus | series | period | editions drafted | expected | right | wrong | flagged | missed | list items intact |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for res in results:
        intact = res.total("items") - res.total("items_broken")
        lines.append(
            f"| {res.corpus} | {res.series.slug} | {res.series.period.sessions or '?'} | {len(res.rows)} | "
            f"{res.total('expected')} | {res.total('right')} | {res.total('wrong')} | {res.total('flagged')} | "
            f"{res.total('missed')} | {intact} of {res.total('items')} |"
        )
    tot = {k: sum(r.total(k) for r in results) for k in ("expected", "right", "wrong", "flagged", "missed", "items", "items_broken")}
    lines.append(
        f"| **total** | {len(results)} series | | {sum(len(r.rows) for r in results)} | {tot['expected']} | {tot['right']} | "
        f"{tot['wrong']} | {tot['flagged']} | {tot['missed']} | {tot['items'] - tot['items_broken']} of {tot['items']} |"
    )
    return "\n".join(lines) + "\n"
