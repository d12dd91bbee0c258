"""The history of each paragraph of a series: agreed language, edition by edition.

Built on :func:`drafter.engine.align.align_editions` (one lineage per paragraph, with a stable id). For
every paragraph of the latest edition, and for every paragraph dropped on the way, it records
the edition that introduced it, each edition that changed it (with a word-level diff against
the edition before), the editions that carried it unchanged, and the edition that dropped it.

Rendered as a terminal table, Markdown (CriticMarkup ``{--old--}{++new++}``), JSON, or one
self-contained HTML page (``templates/history.html.j2``, no network) for delegates.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from drafter.model.resolution import Resolution

Status = Literal["introduced", "changed", "unchanged", "dropped"]
Op = Literal["equal", "insert", "delete"]

# words (hyphenated and apostrophised ones kept whole) or one punctuation mark, each with the
# whitespace before it, so that joining the tokens gives back the text
_TOKEN = re.compile(r"\s*(?:\w+(?:[-'’]\w+)*|[^\w\s])")
_GLUE = frozenset(
    "a an and as at by for from in into its of on or the their to with".split()
)  # fmt: skip


@dataclass(frozen=True)
class DiffRun:
    op: Op
    text: str

    @property
    def lead(self) -> str:
        """The whitespace before the words (kept outside insertion and deletion marks)."""
        return self.text[: len(self.text) - len(self.text.lstrip())]

    @property
    def body(self) -> str:
        return self.text.lstrip()


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _key(token: str) -> str:
    return token.strip()


def word_diff(old: str, new: str) -> tuple[DiffRun, ...]:
    """Word-level diff of ``old`` -> ``new``: equal, delete and insert segments which, joined,
    give ``old`` (equal + delete) and ``new`` (equal + insert), spacing aside (an equal stretch
    has the new text's spacing, or a space that keeps a deleted word apart).

    A single word (or two small words such as "of the") left equal between two changes is
    folded into them, so that a rewritten clause reads as one deletion and one insertion.
    """
    a, b = tokens(old), tokens(new)
    sm = difflib.SequenceMatcher(None, [_key(t) for t in a], [_key(t) for t in b], autojunk=False)
    ops: list[tuple[str, list[str], list[str]]] = []  # (tag, old tokens, new tokens)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        ops.append((str(op), a[i1:i2], b[j1:j2]))
    # fold short equal runs sandwiched between changes
    merged: list[tuple[str, list[str], list[str]]] = []
    for k, (kind, ta, tb) in enumerate(ops):
        tag = kind
        short = len(ta) == 1 or (len(ta) == 2 and all(_key(t).lower() in _GLUE or not _key(t).isalnum() for t in ta))
        if tag == "equal" and short and 0 < k < len(ops) - 1 and merged and merged[-1][0] != "equal" and ops[k + 1][0] != "equal":
            tag = "replace"
        if merged and tag != "equal" and merged[-1][0] != "equal":
            _, pa, pb = merged[-1]
            merged[-1] = ("replace", pa + ta, pb + tb)
        else:
            merged.append((tag, list(ta), list(tb)))
    out: list[DiffRun] = []
    for what, ta, tb in merged:
        if what == "equal":
            text = "".join(tb)
            if out and ta and not tb[0][:1].isspace() and ta[0][:1].isspace():
                text = ta[0][: len(ta[0]) - len(ta[0].lstrip())] + text  # keep a deleted first word apart
            out.append(DiffRun("equal", text))
            continue
        if ta:
            out.append(DiffRun("delete", "".join(ta)))
        if tb:
            out.append(DiffRun("insert", "".join(tb)))
    return tuple(out)


def _words_only(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


# --- the model ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class EditionRef:
    index: int
    symbol: str | None
    session: int | None
    adopted: _dt.date | None

    @property
    def label(self) -> str:
        """``68/160`` for a resolution symbol, else the symbol, else ``session N``."""
        if self.symbol:
            m = re.match(r"^A/RES/(.+)$", self.symbol)
            return m.group(1) if m else self.symbol
        return f"session {self.session}" if self.session is not None else f"edition {self.index + 1}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "symbol": self.symbol,
            "label": self.label,
            "session": self.session,
            "adopted": self.adopted.isoformat() if self.adopted else None,
        }


@dataclass(frozen=True)
class Event:
    """What happened to one paragraph in one edition."""

    edition: EditionRef
    status: Status
    label: str | None = None  # "PP3", "OP11" in that edition (None when dropped)
    text: str | None = None  # the paragraph's words in that edition (None when dropped)
    diff: tuple[DiffRun, ...] = ()  # against the previous edition (changed only)
    minor: bool = False  # changed, but only in punctuation or capitals
    previous: EditionRef | None = None  # the edition it is compared with

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"edition": self.edition.symbol, "label": self.edition.label, "status": self.status}
        if self.label is not None:
            d["paragraph"] = self.label
        if self.text is not None:
            d["text"] = self.text
        if self.previous is not None:
            d["previous"] = self.previous.symbol
        if self.status == "changed":
            d["minor"] = self.minor
            d["diff"] = [{"op": s.op, "text": s.text} for s in self.diff]
        return d


@dataclass(frozen=True)
class ParagraphHistory:
    id: str  # the lineage id, e.g. "op8@66"
    kind: str  # "preamble" or "operative"
    events: tuple[Event, ...]  # one per edition from its introduction (dropped: last event)

    @property
    def introduced(self) -> EditionRef:
        return self.events[0].edition

    @property
    def dropped(self) -> EditionRef | None:
        last = self.events[-1]
        return last.edition if last.status == "dropped" else None

    @property
    def status(self) -> str:
        return "dropped" if self.dropped is not None else "current"

    @property
    def changes(self) -> tuple[Event, ...]:
        return tuple(e for e in self.events if e.status == "changed")

    @property
    def unchanged_in(self) -> tuple[EditionRef, ...]:
        return tuple(e.edition for e in self.events if e.status == "unchanged")

    @property
    def last(self) -> Event:
        """The last edition that carries the paragraph."""
        return next(e for e in reversed(self.events) if e.status != "dropped")

    @property
    def label(self) -> str:
        return self.last.label or "?"

    @property
    def text(self) -> str:
        return self.last.text or ""

    def event_at(self, index: int) -> Event | None:
        """Its event in the edition of that index (None: not yet there, or gone)."""
        for e in self.events:
            if e.edition.index == index:
                return e
        return None

    @property
    def kind_name(self) -> str:
        return "preambular" if self.kind == "preamble" else "operative"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind_name,
            "status": self.status,
            "paragraph": self.label,
            "text": self.text,
            "introduced": self.introduced.symbol,
            "changed": [e.edition.symbol for e in self.changes],
            "unchanged": [e.symbol for e in self.unchanged_in],
            "dropped": self.dropped.symbol if self.dropped else None,
            "events": [e.to_dict() for e in self.events],
        }


@dataclass(frozen=True)
class History:
    series: str
    title: str | None
    editions: tuple[EditionRef, ...]
    paragraphs: tuple[ParagraphHistory, ...]  # the latest edition's in order, then the dropped
    warnings: tuple[str, ...] = field(default=())

    @property
    def current(self) -> tuple[ParagraphHistory, ...]:
        return tuple(p for p in self.paragraphs if p.status == "current")

    @property
    def dropped(self) -> tuple[ParagraphHistory, ...]:
        return tuple(p for p in self.paragraphs if p.status == "dropped")

    def find(self, start: str) -> ParagraphHistory | None:
        """The paragraph whose latest words start with ``start`` (case and spacing ignored)."""
        want = " ".join(start.lower().split())
        for p in self.paragraphs:
            if " ".join(p.text.lower().split()).startswith(want):
                return p
        return None

    def counts(self, edition: EditionRef) -> dict[str, int]:
        """How many paragraphs each edition introduced, changed, carried and dropped."""
        out = {"introduced": 0, "changed": 0, "unchanged": 0, "dropped": 0}
        for p in self.paragraphs:
            for e in p.events:
                if e.edition.index == edition.index:
                    out[e.status] += 1
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "series": self.series,
            "title": self.title,
            "editions": [dict(e.to_dict(), counts=self.counts(e)) for e in self.editions],
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "warnings": list(self.warnings),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"


def _label(kind: str, index: int, res: Resolution) -> str:
    if kind == "preamble":
        return f"PP{index + 1}"
    number = res.operative[index].number
    return f"OP{number if number is not None else index + 1}"


def build_history(
    editions: Sequence[Resolution], *, series: str = "", title: str | None = None, warnings: Sequence[str] = ()
) -> History:
    """The history of every paragraph of ``editions`` (ordered oldest first)."""
    from drafter.engine.align import align_editions

    alignment = align_editions(editions)
    refs = tuple(EditionRef(i, r.symbol, r.session, r.adopted) for i, r in enumerate(alignment.editions))
    last_edition = len(refs) - 1
    items: list[tuple[tuple[int, int, int, int], ParagraphHistory]] = []
    for lin in alignment.lineages:
        events: list[Event] = []
        prev_text: str | None = None
        prev_ref: EditionRef | None = None
        for m in lin.members:
            res = alignment.editions[m.edition]
            para = alignment.paragraph(m)
            text = para.full_text()
            ref = refs[m.edition]
            label = _label(m.kind, m.index, res)
            if prev_text is None:
                events.append(Event(ref, "introduced", label, text))
            elif _key_text(prev_text) == _key_text(text):
                events.append(Event(ref, "unchanged", label, text, previous=prev_ref))
            else:
                minor = _words_only(prev_text) == _words_only(text)
                events.append(Event(ref, "changed", label, text, word_diff(prev_text, text), minor, prev_ref))
            prev_text, prev_ref = text, ref
        last = lin.members[-1]
        if last.edition < last_edition:
            events.append(Event(refs[last.edition + 1], "dropped", previous=refs[last.edition]))
            order = (1, last.edition, 0 if lin.kind == "preamble" else 1, last.index)
        else:
            order = (0, 0 if lin.kind == "preamble" else 1, last.index, 0)
        items.append((order, ParagraphHistory(lin.id, lin.kind, tuple(events))))
    items.sort(key=lambda kv: kv[0])
    return History(series, title, refs, tuple(p for _, p in items), tuple(warnings))


def _key_text(text: str) -> list[str]:
    return [_key(t) for t in tokens(text)]


def series_history(series: Any) -> History:
    """The history of a :class:`drafter.engine.series.Series` (editions of unknown session left out)."""
    warnings = list(series.warnings)
    eds = [ed for ed in series.editions if ed.session is not None]
    for ed in series.editions:
        if ed.session is None:
            warnings.append(f"{ed.path.name}: its session is unknown, so it is left out of the history")
    return build_history([ed.resolution for ed in eds], series=series.slug, title=series.title, warnings=warnings)


# --- rendering ---------------------------------------------------------------------------------


def _date(d: _dt.date | None) -> str:
    if d is None:
        return "date unknown"
    from drafter.citations.sessions import format_un_date

    return format_un_date(d)


def summary(p: ParagraphHistory, arrow: str = "->") -> str:
    """One line: entered, changed, carried unchanged, dropped."""
    parts = [f"entered in {p.introduced.label}"]
    if p.changes:
        parts.append("changed in " + ", ".join(
            f"{e.previous.label if e.previous else '?'} {arrow} {e.edition.label}" + (" (punctuation only)" if e.minor else "")
            for e in p.changes
        ))
    if p.unchanged_in:
        parts.append("unchanged in " + ", ".join(e.label for e in p.unchanged_in))
    if p.dropped is not None:
        parts.append(f"dropped in {p.dropped.label}")
    return "; ".join(parts)


def _critic(diff: Sequence[DiffRun]) -> str:
    out = []
    for s in diff:
        if s.op == "equal":
            out.append(s.text)
        else:
            mark = "++" if s.op == "insert" else "--"
            out.append(f"{s.lead}{{{mark}{s.body}{mark}}}")
    return "".join(out)


def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def render_markdown(h: History) -> str:
    out = [f"# Paragraph history: {h.title or h.series}", ""]
    out.append(f"Series `{h.series}`, {len(h.editions)} editions: " + ", ".join(
        f"{e.symbol or e.label} ({_date(e.adopted)})" for e in h.editions) + ".")
    out += ["", "Changes are shown against the edition before, in CriticMarkup: `{--deleted--}` and `{++inserted++}`.", ""]
    out += ["| edition | adopted | new | changed | unchanged | dropped |", "|---|---|---:|---:|---:|---:|"]
    for e in h.editions:
        c = h.counts(e)
        out.append(f"| {e.symbol or e.label} | {_date(e.adopted)} | {c['introduced']} | {c['changed']} | {c['unchanged']} | {c['dropped']} |")
    out.append("")
    for title, group in (("Preambular paragraphs", [p for p in h.current if p.kind == "preamble"]),
                         ("Operative paragraphs", [p for p in h.current if p.kind == "operative"]),
                         ("Dropped paragraphs", list(h.dropped))):
        if not group:
            continue
        out += [f"## {title}", ""]
        for p in group:
            where = f"{p.label} of {p.last.edition.label}" if p.dropped else p.label
            out += [f"### {where} ({p.id})", "", f"> {_md_escape(p.text)}", "", f"*{summary(p)}.*", ""]
            for ch in p.changes:
                prev = ch.previous.label if ch.previous else "?"
                out += [f"- **{prev} -> {ch.edition.label}** ({ch.label}): {_critic(ch.diff)}", ""]
    if h.warnings:
        out += ["## Warnings", ""] + [f"- {w}" for w in h.warnings] + [""]
    return "\n".join(out)


def _abridge(diff: Sequence[DiffRun], context: int = 6) -> list[DiffRun]:
    """The diff with long unchanged stretches cut to ``context`` words around each change."""
    out: list[DiffRun] = []
    for k, s in enumerate(diff):
        if s.op != "equal":
            out.append(s)
            continue
        toks = tokens(s.text)
        first, last = k == 0, k == len(diff) - 1
        keep_head = 0 if first else context
        keep_tail = 0 if last else context
        if len(toks) <= keep_head + keep_tail + 2:
            out.append(s)
            continue
        head = "".join(toks[:keep_head])
        tail = "".join(toks[len(toks) - keep_tail :]).lstrip() if keep_tail else ""
        if first:
            text = "... " + tail
        elif last:
            text = head + " ..."
        else:
            text = head + " ... " + tail
        out.append(DiffRun("equal", text))
    return out


def render_table(h: History, console: Any) -> None:
    """Rich output: the editions, then one row per paragraph with its word-level changes."""
    from rich.table import Table
    from rich.text import Text

    console.print(Text(f"Paragraph history: {h.title or h.series}", style="bold"))
    eds = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
    for col in ("edition", "adopted", "new", "changed", "unchanged", "dropped"):
        eds.add_column(col, justify="right" if col not in ("edition", "adopted") else "left", no_wrap=True)
    for e in h.editions:
        c = h.counts(e)
        eds.add_row(e.symbol or e.label, _date(e.adopted), str(c["introduced"]), str(c["changed"]), str(c["unchanged"]), str(c["dropped"]))
    console.print(eds)
    console.print()
    t = Table(show_lines=True, header_style="bold", expand=False)
    t.add_column("¶", no_wrap=True)
    plain = console.color_system is None  # no colours (a file, a pipe): mark the changes in words
    legend = "[-deleted-] {+inserted+}" if plain else "red: deleted, green: inserted"
    t.add_column(f"paragraph and its changes ({legend})", overflow="fold", ratio=3)
    t.add_column("history", overflow="fold", ratio=1)
    for p in h.paragraphs:
        head = Text(p.label, style="bold")
        head.append(f"\n{p.id}", style="dim")
        if p.dropped:
            head.append("\ndropped", style="red")
        body = Text()
        body.append(_shorten(p.text, 240), style="")
        for ch in p.changes:
            body.append(f"\n{ch.previous.label if ch.previous else '?'} -> {ch.edition.label}: ", style="bold")
            for s in _abridge(ch.diff):
                if s.op == "equal":
                    body.append(s.text)
                elif plain:
                    body.append(s.lead + ("[-" if s.op == "delete" else "{+") + s.body + ("-]" if s.op == "delete" else "+}"))
                elif s.op == "delete":
                    body.append(s.lead)
                    body.append(s.body, style="red strike")
                else:
                    body.append(s.lead)
                    body.append(s.body, style="green bold")
        hist = Text(f"entered {p.introduced.label}")
        if p.changes:
            hist.append("\nchanged " + ", ".join(e.edition.label for e in p.changes), style="yellow")
        if p.unchanged_in:
            hist.append("\nunchanged " + ", ".join(e.label for e in p.unchanged_in), style="dim")
        if p.dropped:
            hist.append(f"\ndropped {p.dropped.label}", style="red")
        t.add_row(head, body, hist)
    console.print(t)
    for w in h.warnings:
        console.print(Text(f"warning: {w}", style="yellow"))


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3].rsplit(" ", 1)[0] + " ..."


def template_dir() -> Path | None:
    """``templates/`` next to the package (checkout) or ``drafter/_bundled/templates``."""
    pkg = Path(__file__).resolve().parents[1]  # the drafter package
    for candidate in (pkg / "_bundled" / "templates", pkg.parent / "templates"):
        if (candidate / "history.html.j2").is_file():
            return candidate
    return None


def render_html(h: History, *, generated: str | None = None) -> str:
    """One self-contained page (inline CSS and JS, no network) from ``templates/history.html.j2``."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    from drafter.errors import DrafterError

    folder = template_dir()
    if folder is None:
        raise DrafterError("the HTML template history.html.j2 is missing from this installation", hint="reinstall drafter")
    # every template of templates/ renders in Jinja2's sandbox (issue 7)
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    tpl = env.get_template("history.html.j2")
    groups = [
        ("preamble", "Preambular paragraphs", [p for p in h.current if p.kind == "preamble"]),
        ("operative", "Operative paragraphs", [p for p in h.current if p.kind == "operative"]),
        ("dropped", "Dropped along the way", list(h.dropped)),
    ]
    return tpl.render(
        h=h,
        groups=groups,
        counts={e.index: h.counts(e) for e in h.editions},
        date=_date,
        summary=summary,
        generated=generated,
    )


__all__ = [
    "EditionRef",
    "Event",
    "History",
    "ParagraphHistory",
    "DiffRun",
    "build_history",
    "render_html",
    "render_markdown",
    "render_table",
    "series_history",
    "summary",
    "word_diff",
]
