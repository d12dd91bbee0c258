"""Agreed-language commands: ``history`` (each paragraph's life across a series' editions) and
``search`` (precedent language across every edition of every series). Heavy modules are imported
inside the commands."""

from pathlib import Path
from typing import Annotated, Any

import typer

from drafter.cli.common import (
    CorpusOption,
    ForceOption,
    HistoryFormat,
    NoCacheOption,
    OutputOption,
    SearchFormat,
    SeriesOption,
    UsageError,
    cache_switch,
    emit,
    open_corpus,
    say,
    warn,
)
from drafter.errors import DrafterError


def _console(file: Any = None) -> Any:
    """The console the tables of history and search are drawn on: the terminal's width, 132
    columns in a file or a pipe (their matched words are not folded)."""
    import sys

    from rich.console import Console

    if file is not None:
        return Console(file=file, width=132, highlight=False, color_system=None)
    return Console(highlight=False, width=None if sys.stdout.isatty() else 132)


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


def history(
    series: SeriesOption = None,
    corpus: CorpusOption = None,
    fmt: Annotated[HistoryFormat, typer.Option("--format", "-f", help="table, md, html (one page with a timeline and filters) or json.")] = HistoryFormat.table,
    output: OutputOption = None,
    force: ForceOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Each paragraph's history: the edition that introduced it, every change word by word, the editions that carried it unchanged, and when it was dropped."""
    from drafter.engine.plan import choose_series
    from drafter.language.history import (
        render_html,
        render_markdown,
        render_table,
        series_history,
    )

    s = choose_series(open_corpus(corpus, cache=not no_cache, series=series), series)
    h = series_history(s)
    if not h.editions:
        raise DrafterError(f"the series {s.slug} has no edition of a known session", hint="check the files with 'drafter series'")
    for w in h.warnings:
        warn(f"{s.slug}: {w}")
    if fmt is HistoryFormat.json:
        text = h.to_json()
    elif fmt is HistoryFormat.md:
        text = render_markdown(h)
    elif fmt is HistoryFormat.html:
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
    written = emit(text, output, force=force)
    if written is not None:
        say(f"history of {s.slug} ({len(h.editions)} editions, {len(h.paragraphs)} paragraphs) written to {written}")


def search(
    phrase: Annotated[str, typer.Argument(metavar="PHRASE", help="The words to find, in quotes.", show_default=False)],
    corpus: CorpusOption = None,
    limit: Annotated[int, typer.Option("--limit", "-k", metavar="K", help="At most K hits.")] = 10,
    fmt: Annotated[SearchFormat, typer.Option("--format", "-f", help="table or json.")] = SearchFormat.table,
    min_score: Annotated[float, typer.Option("--min-score", metavar="N", help="Leave out matches scoring under N (0-100).")] = 60.0,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Build the search index again from the corpus files.")] = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Find precedent language: where every edition of every series already used a phrase, exactly or nearly (scored 0-100)."""
    import contextlib
    import tempfile

    from drafter.corpus.folder import locate_corpus
    from drafter.language.search import ensure_index
    from drafter.language.search import search as find

    if limit < 1:
        raise UsageError(f"--limit {limit}: must be at least 1")
    if not 0 <= min_score <= 100:
        raise UsageError(f"--min-score {min_score:g}: must be between 0 and 100")
    if not phrase.strip():
        raise UsageError("the phrase is empty", hint='give a few words in quotes, e.g. drafter search "agreed language"')
    root = locate_corpus(corpus)
    cache_switch(not no_cache)

    def on_build(action: str, n: int) -> None:
        what = "building the search index" if action == "built" else "updating the search index"
        say(f"{what} for {root} ({n} file{'s' if n != 1 else ''} to parse)...")

    with contextlib.ExitStack() as stack:
        # --no-cache: an index of this run only, in a folder removed at the end
        where = None if not no_cache else Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="drafter-search-")))
        if rebuild:
            ensure_index(root, cache=where, rebuild=True, on_build=on_build)
        result = find(root, phrase, limit=limit, min_score=min_score, on_build=on_build, cache=where)
    for w in result.warnings:
        warn(w)
    if fmt is SearchFormat.json:
        import json

        data = result.to_dict()
        data["corpus"] = str(root)
        emit(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return
    search_table(result, _console(), root)


__all__ = ["history", "search", "search_table"]
