"""The corpus commands: ``parse`` (one edition's model), ``series`` (what the corpus holds) and
``add`` (an edition into the corpus). Heavy modules are imported inside the commands."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from drafter.cli.common import (
    CorpusOption,
    ForceOption,
    NoCacheOption,
    OutputOption,
    ParseFormat,
    SeriesFormat,
    UsageError,
    date_text,
    emit,
    note,
    open_corpus,
    open_series,
    say,
    warn,
    width,
)

if TYPE_CHECKING:
    from drafter.corpus.folder import Corpus
    from drafter.engine.series import Series
    from drafter.model.resolution import Resolution

#: above this many editions, ``series`` lists one line per series unless --editions
EDITIONS_LISTED = 300

# --- parse -----------------------------------------------------------------------------------


def parse(
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="An edition: .txt, .docx, .pdf, .html, .odt, .doc or .rtf.", show_default=False, readable=False),
    ],
    fmt: Annotated[
        ParseFormat,
        typer.Option("--format", "-f", help="json (the model) or md (a readable rendering)."),
    ] = ParseFormat.json,
    symbol: Annotated[
        str | None,
        typer.Option(
            "--symbol",
            metavar="SYMBOL",
            help="The symbol, when the text does not print it (e.g. A/RES/60/156).",
        ),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Parse one edition and print its structured model."""
    from drafter.corpus.folder import is_symbol, normalize_symbol, parse_named_file
    from drafter.parse.parser import parse_file

    if symbol:
        given = normalize_symbol(symbol)
        if not is_symbol(given):
            raise UsageError(
                f"--symbol {symbol!r} is not a General Assembly symbol",
                hint="write it like A/RES/60/156",
            )
        res = parse_file(file, symbol=given, symbol_evidence="given with --symbol")
    else:
        res = parse_named_file(file)
    text = res.to_json() + "\n" if fmt is ParseFormat.json else resolution_markdown(res)
    written = emit(text, output, force=force)
    if written is not None:
        say(f"wrote {written}")
    for problem in res.problems():  # also on stderr: the JSON or a file written may go unread
        warn(f"{file.name}: {problem}")


def resolution_markdown(res: "Resolution") -> str:
    """A readable Markdown rendering of a parsed edition: masthead fields (inferred ones
    marked with their evidence), numbered paragraphs with their opening words in italics,
    footnotes, and the parser's warnings."""

    def mark(name: str, value: str) -> str:
        ev = res.evidence(name)
        return f"{value} (inferred: {ev})" if ev else value

    def para(p: Any, label: str) -> list[str]:
        text = p.marked_text()
        if p.opening and text.startswith(p.opening):
            text = f"*{p.opening}*{text[len(p.opening) :]}"
        lines = [f"{label} {text}".rstrip()]
        from drafter.model.resolution import iter_subparagraphs

        depth: dict[int, int] = {}
        for sub in p.subparagraphs:
            depth[id(sub)] = 1
            for child in iter_subparagraphs(sub.children):
                depth[id(child)] = 2
        for sub in iter_subparagraphs(p.subparagraphs):
            indent = "    " * depth.get(id(sub), 1)
            lines.append(f"{indent}({sub.label}) {sub.marked_text()}")
        return lines

    title = res.title or "(untitled)"
    head = f"{res.number}. {title}" if res.number and res.title else title
    out = [f"# {head}", ""]
    fields: list[tuple[str, str, str | None]] = [
        ("symbol", "Symbol", res.symbol),
        ("session", "Session", str(res.session) if res.session is not None else None),
        ("title", "Title", res.title),
        ("committee", "Committee", res.committee),
        ("agenda_item", "Agenda item", res.agenda_item),
        ("report_symbol", "Report", res.report_symbol),
        ("adopted", "Adopted", date_text(res.adopted) if res.adopted else None),
        (
            "plenary_meeting",
            "Plenary meeting",
            _meeting(res.plenary_meeting) if res.plenary_meeting else None,
        ),
        ("distributed", "Distributed", date_text(res.distributed) if res.distributed else None),
    ]
    for name, label, value in fields:
        shown = mark(name, value) if value is not None else "unknown"
        out.append(f"- **{label}:** {shown}")
    if res.path:
        out.append(f"- **Source:** {Path(res.path).name} ({res.format or 'unknown format'})")
    counts = f"{len(res.preamble)} preambular, {len(res.operative)} operative paragraphs, {len(res.footnotes)} footnotes"
    out += ["", f"_{counts}_", "", "*The General Assembly,*", ""]
    for i, p in enumerate(res.preamble, 1):
        out += para(p, f"PP{i}.")
        out.append("")
    for p in res.operative:
        out += para(p, f"{p.number}.")
        out.append("")
    if res.footnotes:
        out += ["## Footnotes", ""]
        for fn in res.footnotes:
            out.append(f"[^{fn.number}]: {fn.text}")
        out.append("")
    if res.furniture:
        out += ["## Set aside (masthead, page furniture, headings, meeting line)", ""]
        out += [f"- {kind}: {text}" for kind, text in res.furniture]
        out.append("")
    if res.audit is not None:
        verdict = "every word in one place" if res.audit.ok else "; ".join(res.audit.problems())
        out += [f"_Word audit: {res.audit.words} words of the source; {verdict}._", ""]
    if res.warnings:
        out += ["## Warnings", ""]
        out += [f"- {w}" for w in res.warnings]
        out.append("")
    return "\n".join(out)


def _meeting(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# --- series ----------------------------------------------------------------------------------


def series(
    corpus: CorpusOption = None,
    fmt: Annotated[
        SeriesFormat, typer.Option("--format", "-f", help="table or json.")
    ] = SeriesFormat.table,
    editions: Annotated[
        bool | None,
        typer.Option(
            "--editions/--no-editions",
            help="List every edition under its series (default: when the corpus holds at most "
            f"{EDITIONS_LISTED} editions; else one line per series).",
        ),
    ] = None,
    no_cache: NoCacheOption = False,
) -> None:
    """List the series in the corpus: editions, gaps, period, latest edition."""
    c, all_series = open_series(corpus, cache=not no_cache)  # from the cache's summaries
    if fmt is SeriesFormat.json:
        import json

        data = {
            "corpus": str(c.root),
            "series": [s.to_dict() for s in all_series],
            "warnings": list(c.warnings),
        }
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return
    n_editions = sum(len(s.editions) for s in all_series)
    if editions or (editions is None and n_editions <= EDITIONS_LISTED):
        _series_table(all_series, c)
    else:
        _series_summary(all_series, c, hint=editions is None)


def _series_summary(all_series: list["Series"], corpus: "Corpus", *, hint: bool) -> None:
    """One line per series, for a corpus too large to list every edition (plain columns: a rich
    table of a thousand rows takes seconds to lay out)."""
    n_ed = sum(len(s.editions) for s in all_series)
    rows = [("series", "editions", "period", "gaps", "latest", "next")]
    for s in all_series:
        sessions = s.sessions
        span = f"{len(s.editions)} ({sessions[0]}-{sessions[-1]})" if sessions else str(len(s.editions))
        gaps = ",".join(str(g) for g in s.gaps[:4]) + (f",+{len(s.gaps) - 4}" if len(s.gaps) > 4 else "")
        latest = s.latest
        period = "?" if s.period.sessions is None else str(s.period.sessions)
        rows.append(
            (
                s.slug,
                span,
                period,
                gaps or "-",
                (latest.symbol or latest.path.name) if latest else "-",
                str(s.next_due) if s.next_due is not None else "?",
            )
        )
    widths = [max(len(r[k]) for r in rows) for k in range(1, 6)]
    room = max(20, width() - sum(widths) - 2 * 5)
    out = [f"{len(all_series)} series, {n_ed} editions in {corpus.root} (period in sessions)"]
    for r in rows:
        name = r[0] if len(r[0]) <= room else r[0][: room - 1] + "~"
        cells = [name.ljust(room)] + [c.ljust(w) for c, w in zip(r[1:], widths, strict=True)]
        out.append("  ".join(cells).rstrip())
    if hint:
        out.append("--editions lists every edition with its session and date; --format json gives everything")
    sys.stdout.write("\n".join(out) + "\n")


def _period_text(s: "Series") -> str:
    n = s.period.sessions
    if n is None:
        return "unknown"
    return "every session" if n == 1 else f"every {n} sessions"


def _series_table(all_series: list["Series"], corpus: "Corpus") -> None:
    """One block per series: its facts (slug, period with evidence, gaps, latest) above a
    table of its editions."""
    from rich.console import Console, Group
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False, width=width())
    if not all_series:
        console.print(
            f"No series in {corpus.root} (one sub-folder per series, one file per edition)."
        )
        return
    n_ed = sum(len(s.editions) for s in all_series)
    console.print(Text(f"{len(all_series)} series, {n_ed} editions in {corpus.root}", style="bold"))
    any_inferred = False
    for s in all_series:
        facts = Table.grid(padding=(0, 2))
        facts.add_column(style="dim", no_wrap=True)
        facts.add_column(overflow="fold")
        facts.add_row("series", s.slug)
        period = Text(_period_text(s))
        period.append(f" ({s.period.evidence})", style="dim")
        facts.add_row("period", period)
        gaps = Text("none" if not s.gaps else "")
        cited = {sess: (sym, by) for sess, sym, by in s.cited_missing}
        for i, g in enumerate(s.gaps):
            gaps.append(("; " if i else "") + str(g))
            if g in cited:
                gaps.append(f" ({cited[g][0]}, cited by {cited[g][1]})", style="dim")
        facts.add_row("gaps", gaps)
        latest = s.latest
        last = Text(latest.symbol or latest.path.name if latest else "none")
        if latest is not None and latest.session is not None:
            last.append(f", session {latest.session}")
        if s.next_due is not None:
            last.append(f"; next due at session {s.next_due}")
        facts.add_row("latest", last)
        eds = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
        eds.add_column("session", justify="right", no_wrap=True)
        eds.add_column("adopted", no_wrap=True)
        eds.add_column("symbol", no_wrap=True)
        eds.add_column("file", overflow="fold")
        for ed in s.editions:
            r = ed.resolution
            sym = r.symbol or "unknown"
            if r.is_inferred("symbol"):
                sym += "*"
                any_inferred = True
            eds.add_row(
                str(r.session) if r.session is not None else "?",
                date_text(r.adopted) if r.adopted else "unknown",
                sym,
                ed.path.name,
            )
        console.print()
        console.print(Text(s.title or "(untitled)", style="bold"))
        console.print(Padding(Group(facts, Text(""), eds), (0, 0, 0, 2)))
    if any_inferred:
        console.print()
        console.print("* symbol not printed in the text; inferred (see drafter parse)", style="dim")


# --- add -------------------------------------------------------------------------------------


def add(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE...",
            help="The edition to add: .txt, .docx, .pdf, .html, .odt, .doc or .rtf; or several, or a folder "
            "(a pile sorted into series by title, content and the citation chain).",
            show_default=False,
            readable=False,
        ),
    ],
    symbol: Annotated[
        str | None,
        typer.Option(
            "--symbol", metavar="SYMBOL", help="Its symbol, if the text does not print it."
        ),
    ] = None,
    series: Annotated[
        str | None,
        typer.Option(
            "--series",
            metavar="SLUG",
            help="The series folder (default: the series whose title matches).",
        ),
    ] = None,
    adopted: Annotated[
        str | None,
        typer.Option(
            "--adopted", metavar="DATE", help='Date of adoption, e.g. "18 December 2014".'
        ),
    ] = None,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Replace the series' edition of the same session (moved to .replaced/).",
        ),
    ] = False,
    accept_changes: Annotated[
        bool,
        typer.Option(
            "--accept-changes",
            help="Add a Word file that still holds tracked changes or comments, read as if every change were accepted.",
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Add it even if its parse lost words or its numbering has holes, or if it is "
            "a draft given an A/RES symbol (each command that reads it will then say so).",
        ),
    ] = False,
    corpus: CorpusOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Copy an edition into the corpus under its series, byte-identical."""
    from drafter.corpus.folder import add_edition
    from drafter.readers import read

    if len(files) > 1 or files[0].is_dir():
        if symbol or adopted:
            raise UsageError("--symbol and --adopted are for one file", hint="add that file on its own")
        from drafter.corpus import pile

        c = open_corpus(corpus, cache=not no_cache, for_writing=True)
        raise typer.Exit(pile.run(c, files, series=series, replace=replace, force=force, accept_changes=accept_changes))
    file = files[0]
    source = read(file)  # a file that cannot be read is refused before the corpus is loaded
    c = open_corpus(corpus, cache=not no_cache, for_writing=True)
    notes: list[str] = []
    dest = add_edition(
        c, file, symbol=symbol, series=series, adopted=adopted, replace=replace, notes=notes,
        accept_changes=accept_changes, source=source, force=force,
    )
    for n in notes:
        note(n)
    try:
        shown = dest.relative_to(c.root)
    except ValueError:
        shown = dest
    typer.echo(f"added {shown} to {c.root}")


