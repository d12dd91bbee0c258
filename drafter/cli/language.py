"""Agreed-language commands: ``history`` (each paragraph's life across a series' editions) and
``search`` (precedent language across every edition of every series). Registered on the main
typer app by :func:`register`; heavy modules are imported inside the commands."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from drafter.errors import DrafterError

CorpusOpt = Annotated[
    Path | None,
    typer.Option("--corpus", metavar="DIR", help="Corpus folder (default: $DRAFTER_CORPUS, ./corpus, or the bundled one).", show_default=False),
]
SeriesOpt = Annotated[str | None, typer.Option("--series", metavar="SLUG", help="Series slug (a unique prefix is enough).")]

HISTORY_FORMATS = ("table", "md", "html", "json")
SEARCH_FORMATS = ("table", "json")


def _warn(line: str) -> None:
    typer.echo("drafter: warning: " + " ".join(line.split()), err=True)


def _note(line: str) -> None:
    typer.echo("drafter: " + " ".join(line.split()), err=True)


def _check_format(fmt: str, allowed: tuple[str, ...]) -> str:
    f = fmt.strip().lower()
    if f not in allowed:
        raise DrafterError(f"--format {fmt!r} is not known", hint="use " + ", ".join(allowed[:-1]) + " or " + allowed[-1])
    return f


def _write(text: str, output: Path | None, force: bool) -> Path | None:
    """``text`` to ``output`` (atomically, never over a file drafter did not write unless
    --force) or to stdout; the path written, or None."""
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return None
    from drafter.fsutil import atomic_write_bytes

    output.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(output, text.encode("utf-8"), force=force, created_by_drafter_ok=True)
    return output


def _console(file: Any = None, *, record: bool = False) -> Any:
    from rich.console import Console

    if file is not None:
        return Console(file=file, width=132, highlight=False, color_system=None, record=record)
    width = None if sys.stdout.isatty() else 132
    return Console(highlight=False, width=width)


# --- search rendering --------------------------------------------------------------------------


def _context(text: str, start: int, end: int, around: int = 90) -> tuple[str, str, str]:
    """Before, matched, after: the words around the match, cut at word boundaries."""
    before = text[max(0, start - around) : start]
    after = text[end : end + around]
    if start - around > 0:
        cut = before.find(" ")
        before = "… " + (before[cut + 1 :] if cut >= 0 else before)
    if end + around < len(text):
        cut = after.rfind(" ")
        after = (after[:cut] if cut > 0 else after) + " …"
    return before, text[start:end], after


def search_table(result: Any, console: Any, root: Path) -> None:
    from rich.markup import escape
    from rich.table import Table

    hits = result.hits
    if not hits:
        console.print(f"No precedent for [bold]{escape(result.phrase)}[/bold] in {escape(str(root))} (score ≥ the minimum).")
        return
    plain = console.color_system is None
    t = Table(title=f"Precedents for “{escape(result.phrase)}”", header_style="bold", show_lines=True)
    t.add_column("#", justify="right", no_wrap=True)
    t.add_column("score", justify="right", no_wrap=True)
    t.add_column("edition", no_wrap=True)
    t.add_column("¶", no_wrap=True)
    t.add_column("precedent (matched words " + ("between » and «)" if plain else "highlighted)"), overflow="fold", ratio=4)
    t.add_column("same words in", overflow="fold", ratio=1)
    for i, h in enumerate(hits, 1):
        before, matched, after = _context(h.text, h.start, h.end)
        if plain:  # no colours (a file, a pipe): the matched words between » and «
            cell = f"{escape(before)}»{escape(matched)}«{escape(after)}"
        else:
            cell = f"{escape(before)}[bold black on yellow]{escape(matched)}[/]{escape(after)}"
        score = f"{h.score:.0f}" + (" [green]exact[/]" if h.exact else "")
        ed = f"{escape(h.symbol or '?')}\n[dim]{escape(h.adopted or 'date unknown')}[/]"
        kind = f"{h.paragraph}\n[dim]{h.kind}[/]"
        others = [o for o in h.editions if o.symbol != h.symbol]
        also = ", ".join(escape(f"{(o.symbol or '?').removeprefix('A/RES/')} {o.paragraph}") for o in others) or "[dim]-[/]"
        if len(h.editions) > 1:
            also = f"first in {escape((h.editions[0].symbol or '?').removeprefix('A/RES/'))}\n" + also
        t.add_row(str(i), score, ed, kind, cell, also)
    console.print(t)
    series = sorted({h.series for h in hits})
    console.print(f"[dim]{len(hits)} hit(s) from {len(series)} series; {result.candidates} candidate paragraph(s) scored in {result.seconds * 1000:.0f} ms.[/]")


def register(app: typer.Typer) -> None:
    @app.command("history")
    def history_cmd(
        series: SeriesOpt = None,
        corpus: CorpusOpt = None,
        fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="table (default), md, html or json.")] = "table",
        output: Annotated[Path | None, typer.Option("-o", "--output", metavar="FILE", help="Write to FILE instead of stdout.")] = None,
        force: Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")] = False,
    ) -> None:
        """Each paragraph's history: the edition that introduced it, every change word by word, the editions that carried it unchanged, and when it was dropped."""
        from drafter.corpus.folder import load_corpus, locate_corpus
        from drafter.engine.plan import choose_series
        from drafter.language.history import (
            render_html,
            render_markdown,
            render_table,
            series_history,
        )

        f = _check_format(fmt, HISTORY_FORMATS)
        c = load_corpus(locate_corpus(corpus))
        for w in c.warnings:
            _warn(w)
        s = choose_series(c, series)
        h = series_history(s)
        if not h.editions:
            raise DrafterError(f"the series {s.slug} has no edition of a known session", hint="check the files with 'drafter series'")
        for w in h.warnings:
            _warn(f"{s.slug}: {w}")
        if f == "json":
            text = h.to_json()
        elif f == "md":
            text = render_markdown(h)
        elif f == "html":
            import datetime as _dt

            text = render_html(h, generated=_dt.date.today().isoformat())
        else:
            if output is None or str(output) == "-":
                render_table(h, _console())
                return
            import io

            buf = io.StringIO()
            render_table(h, _console(buf))
            text = buf.getvalue()
        written = _write(text, output, force)
        if written is not None:
            _note(f"history of {s.slug} ({len(h.editions)} editions, {len(h.paragraphs)} paragraphs) written to {written}")

    @app.command("search")
    def search_cmd(
        phrase: Annotated[str, typer.Argument(help="The words to find, in quotes.", show_default=False)],
        corpus: CorpusOpt = None,
        limit: Annotated[int, typer.Option("--limit", "-k", metavar="K", help="At most K hits.")] = 10,
        fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="table (default) or json.")] = "table",
        min_score: Annotated[float, typer.Option("--min-score", metavar="N", help="Leave out matches scoring under N (0-100).")] = 60.0,
        rebuild: Annotated[bool, typer.Option("--rebuild", help="Build the search index again from the corpus files.")] = False,
    ) -> None:
        """Find precedent language: where every edition of every series already used a phrase, exactly or nearly (scored 0-100)."""
        from drafter.corpus.folder import locate_corpus
        from drafter.language.search import ensure_index, search

        f = _check_format(fmt, SEARCH_FORMATS)
        if limit < 1:
            raise DrafterError(f"--limit {limit}: must be at least 1")
        if not 0 <= min_score <= 100:
            raise DrafterError(f"--min-score {min_score:g}: must be between 0 and 100")
        if not phrase.strip():
            raise DrafterError("the phrase is empty", hint='give a few words in quotes, e.g. drafter search "agreed language"')
        root = locate_corpus(corpus)

        def on_build(action: str, n: int) -> None:
            what = "building the search index" if action == "built" else "updating the search index"
            _note(f"{what} for {root} ({n} file{'s' if n != 1 else ''} to parse)...")

        if rebuild:
            ensure_index(root, rebuild=True, on_build=on_build)
        result = search(root, phrase, limit=limit, min_score=min_score, on_build=on_build)
        for w in result.warnings:
            _warn(w)
        if f == "json":
            data = result.to_dict()
            data["corpus"] = str(root)
            import json

            sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
            return
        search_table(result, _console(), root)


__all__ = ["register", "search_table"]
