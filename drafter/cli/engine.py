"""The engine's commands: ``next`` (draft the next edition), ``template`` (write a series'
inferred template) and ``backtest`` (replay history). Heavy modules are imported inside the
commands."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from drafter.cli.common import (
    CorpusOption,
    DraftFormat,
    ForceOption,
    NoCacheOption,
    ReportFormat,
    SeriesOption,
    SessionOption,
    TemplatesOption,
    UsageError,
    check_date,
    check_facts,
    emit,
    fact_keys,
    note,
    open_corpus,
    parse_facts,
    parse_iso,
    session_option,
    warn,
    width,
)
from drafter.errors import DrafterError

if TYPE_CHECKING:
    from drafter.engine.series import Series
    from drafter.model.draft import Draft


def review_lines(draft: "Draft", *, columns: int | None = None) -> list[str]:
    """The review table of a draft: every change (where, rule, old -> new, confidence) and every
    placeholder still open (what to confirm, what is known), wrapped to ``columns`` (default: the
    terminal's width, 80 in a pipe). Plain text: it prints in a few milliseconds, where laying it
    out with rich costs more than the whole roll-over."""
    import textwrap

    cols = columns or width()

    def wrap(text: str, indent: str = "      ") -> list[str]:
        return textwrap.wrap(text, width=cols, initial_indent=indent, subsequent_indent=indent,
                             break_on_hyphens=False, break_long_words=False) or [indent]

    out = [f"Changes to {draft.base_symbol} for session {draft.target_session} ({len(draft.changes)}):"]
    for c in draft.changes:
        out += wrap(f"{c.id:<4} {c.where:<20} {c.rule:<17} confidence {c.confidence:.2f}", "  ")
        out += wrap(f"{c.old} -> {c.new}")
        out += wrap(f"why: {c.evidence}")
        if c.confidence_words:
            out += wrap(f"confidence: {c.confidence_words}")
    open_ = [p for p in draft.placeholders if not p.filled]
    out.append(f"Placeholders an editor must confirm ({len(open_)}):")
    for ph in open_:
        out += wrap(f"{ph.id:<4} {ph.where:<20} {ph.text}", "  ")
        out += wrap(f"confirm: {ph.confirm}")
        out += wrap(f"known: {ph.known}")
    if draft.checks:
        out.append(f"Things to check ({len(draft.checks)}; suggestions, the draft text is not changed):")
        for k in draft.checks:
            out += wrap(f"{k.id:<4} {k.where:<20} {k.kind}: {k.text}", "  ")
            out += wrap(f"consider: {k.suggestion}")
            out += wrap(f"why: {k.evidence}")
    out += [f"warning: {w}" for w in draft.warnings]
    return out


def session_notes(s: "Series", session: int) -> list[str]:
    """What an editor should know about drafting ``s`` for ``session`` before reading the draft:
    that the corpus already holds that session's edition, or that the session is beyond the
    one the series is next due at."""
    out = []
    held = [ed for ed in s.editions if ed.session == session]
    if held:
        ed = held[-1]
        earlier = [e for e in s.editions if e.session is not None and e.session < session]
        base = max(earlier, key=lambda e: e.session or 0) if earlier else None
        out.append(
            f"the corpus already holds the session-{session} edition "
            f"({ed.symbol or ed.path.name}); this draft is rolled forward from the latest edition "
            f"before it ({(base.symbol or base.path.name) if base else 'none'}), as a backtest would"
        )
    elif s.next_due is not None and session > s.next_due:
        latest = s.latest
        every = "every session" if s.period.sessions == 1 else f"every {s.period.sessions} sessions"
        out.append(
            f"{s.slug} is next due at session {s.next_due} ({every}, latest edition "
            f"{(latest.symbol or latest.path.name) if latest else 'none'}); the corpus has no edition "
            f"of the sessions from {s.next_due} to {session - 1}, so the draft for {session} skips them"
        )
    return out


def next_(
    session: SessionOption = None,
    series: SeriesOption = None,
    corpus: CorpusOption = None,
    fmt: Annotated[DraftFormat, typer.Option("--format", "-f", help="docx (a Word draft), md or json.")] = DraftFormat.docx,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", readable=False, show_default=False, help="Output file (default: ./drafts/<series>-session-<N>.docx; md and json go to stdout; - for stdout). With --all, a folder.")] = None,
    set_: Annotated[list[str] | None, typer.Option("--set", metavar="KEY=VALUE", callback=check_facts, show_default=False, help=f"A fact no corpus holds. Keys: {fact_keys()}. Dates as 16 October 2014; previous, hrc and chr as \"25/3 of 27 March 2014\".")] = None,
    author: Annotated[str, typer.Option("--author", metavar="NAME", help="Author of the tracked changes.")] = "drafter",
    date: Annotated[str | None, typer.Option("--date", metavar="DATE", callback=check_date, show_default=False, help="Date of the tracked changes (ISO, e.g. 2014-10-01), for reproducible output.")] = None,
    clean: Annotated[bool, typer.Option("--clean", help="Changes accepted, no comments: for circulation. Refused while placeholders are open (--force writes them still highlighted).")] = False,
    reference: Annotated[Path | None, typer.Option("--reference", metavar="FILE.docx", readable=False, show_default=False, help="Word .docx whose styles, page and running heads the draft takes (default: UN New York documents; see templates/build_reference.py).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the output file even if drafter did not write it (or it was changed since); with --clean, write open placeholders still highlighted.")] = False,
    no_template: Annotated[bool, typer.Option("--no-template", help="Ignore templates/<series>.md.j2 and infer again.")] = False,
    templates: TemplatesOption = None,
    all_: Annotated[bool, typer.Option("--all", help="Every series due at --session.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No review table.")] = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Draft the next edition: the latest adopted text, rolled forward to --session, every change tracked and explained."""
    from drafter.engine.plan import choose_series, make_draft
    from drafter.render.write import write_draft

    if session is None:
        raise UsageError("--session is required", hint="e.g. drafter next --session 69")
    facts = parse_facts(set_ or [])
    when = parse_iso(date)
    if reference is not None and fmt is DraftFormat.docx:
        from drafter.render.docx import check_reference

        check_reference(reference)
    if all_:
        if series:
            raise UsageError("give --all (every series due) or --series (one series), not both")
        from drafter.engine.batch import next_all

        next_all(corpus, session, fmt=str(fmt), output=output, facts=facts, author=author, date=when,
                 clean=clean, force=force, templates=templates, use_template_file=not no_template,
                 cache=not no_cache, reference=reference)
        return
    c = open_corpus(corpus, cache=not no_cache, series=series, warnings=False)
    s = choose_series(c, series)
    for line in session_notes(s, session):
        note(line)
    draft = make_draft(c, session, series=s.slug, facts=facts, templates_dir=templates, use_template_file=not no_template)
    to_stdout = output is not None and str(output) == "-" or (fmt is not DraftFormat.docx and output is None)
    stream = sys.stderr if to_stdout else sys.stdout
    written = write_draft(draft, str(fmt), output, force=force, author=author, date=when, clean=clean, reference=reference)
    if not quiet:
        stream.write("\n".join(review_lines(draft)) + "\n")
    if written is not None:
        stream.write(f"Draft for session {session} written to {written}\n")


def template(
    series: SeriesOption = None,
    session: Annotated[int | None, session_option("Infer for this target session (default: the next one due).")] = None,
    corpus: CorpusOption = None,
    templates: TemplatesOption = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", readable=False, show_default=False, help="Where to write (default: templates/<series>.md.j2; - for stdout).")] = None,
    force: ForceOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Write the inferred template of a series as an editable Jinja2 file; 'next' then uses it."""
    from drafter.engine.plan import choose_series, plan, template_path
    from drafter.engine.template_io import write_template

    s = choose_series(open_corpus(corpus, cache=not no_cache, series=series, warnings=False), series)
    target = session or s.next_due
    p = plan(s, target, templates_dir=templates, use_file=False)
    text = write_template(p.template)
    if output is not None and str(output) == "-":
        emit(text)
        return
    out = emit(text, output or template_path(templates, s.slug), force=force)
    typer.echo(f"Template of {s.slug} (base {p.template.base.symbol}) written to {out}; 'drafter next' will use it.")


CorporaOption = Annotated[
    list[Path] | None,
    typer.Option("--corpus", metavar="DIR", readable=False, show_default=False,
                 help="A corpus folder, or a folder of corpora; repeat for several (default: $DRAFTER_CORPUS, else ./corpus, else the corpus bundled with drafter)."),
]


def backtest(
    series: SeriesOption = None,
    corpus: CorporaOption = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="table, md or json.")] = ReportFormat.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", readable=False, show_default=False, help="Write the report to FILE.")] = None,
    force: ForceOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Replay history: draft each edition from the earlier ones and compare with the adopted text (every series of every corpus given). Exit 1 if any change was wrong or any update missed."""
    import json

    from drafter.engine.backtest import (
        SeriesResult,
        corpus_roots,
        rows_to_dicts,
        rows_to_markdown,
        summary_markdown,
    )
    from drafter.engine.backtest import backtest as replay
    from drafter.engine.plan import choose_series
    from drafter.engine.series import build_series

    results: list[SeriesResult] = []
    if not corpus:
        c = open_corpus(None, cache=not no_cache, series=series, warnings=False)
        every = build_series(c)
        chosen = [choose_series(c, series)] if series or len(every) <= 1 else every
        results = [SeriesResult(c.root.name, s, tuple(replay(s))) for s in chosen]
    else:
        for root in corpus_roots(list(corpus)):
            c = open_corpus(root, cache=not no_cache, warnings=False)
            chosen = [s for s in build_series(c) if series is None or s.slug.startswith(series)]
            results += [SeriesResult(root.name, s, tuple(replay(s))) for s in chosen]
        if not results:
            raise DrafterError(f"no series{' ' + repr(series) if series else ''} in the corpora given", hint="list them with 'drafter series --corpus DIR'")
    for r in results:  # e.g. an edition whose parse lost words: its backtest is suspect
        for w in r.series.warnings:
            warn(f"{r.series.slug}: {w}")
    if fmt is ReportFormat.json:
        payload: object = (
            rows_to_dicts(list(results[0].rows)) if len(results) == 1
            else [{"corpus": r.corpus, "series": r.series.slug, "rows": rows_to_dicts(list(r.rows))} for r in results]
        )
        text = json.dumps(payload, indent=2) + "\n"
    elif len(results) == 1:
        text = rows_to_markdown(results[0].series, list(results[0].rows))
    else:
        text = "# Backtest over every series\n\n" + summary_markdown(results) + "\n" + "\n".join(
            rows_to_markdown(r.series, list(r.rows)).replace("# Backtest:", f"## Backtest ({r.corpus}):", 1) for r in results)
    if output is not None and str(output) != "-":
        written = emit(text, output, force=force)
        typer.echo(f"Backtest of {len(results)} series written to {written}")
    elif fmt is ReportFormat.table:
        _backtest_table(results)
    else:
        emit(text)
    if any(row.wrong or row.missed for r in results for row in r.rows):
        raise typer.Exit(1)


def backtest_lines(title: str, rows: list[Any], *, columns: int | None = None) -> list[str]:
    """The backtest as a plain table that fits ``columns`` (default: the terminal's width, 80 in
    a pipe). Symbols are never cut: when a row does not fit on one line, its two symbols go on a
    line of their own and its figures on the next."""
    import textwrap

    cols = columns or width()
    heads = ("edition", "base", "expected", "right", "wrong", "flagged", "missed", "draft", "copy", "ratio")
    table = [[r.edition, r.base, str(r.expected), str(r.right), str(r.wrong), str(r.flagged),
              str(r.missed), str(r.dist_draft), str(r.dist_copy), f"{r.ratio:.3f}"] for r in rows]
    widths = [max(len(x) for x in col) for col in zip(heads, *table, strict=True)]
    out = textwrap.wrap(f"Backtest: {title}", width=cols, break_on_hyphens=False)

    def fmt(cells: list[str], ws: list[int]) -> str:
        return " ".join(c.ljust(w) if i < 2 and len(ws) == len(widths) else c.rjust(w)
                        for i, (c, w) in enumerate(zip(cells, ws, strict=True))).rstrip()

    if sum(widths) + len(widths) - 1 <= cols:
        out.append(fmt(list(heads), widths))
        out += [fmt(row, widths) for row in table]
    else:  # symbols on one line, figures indented on the next
        out.append("edition from base")
        out.append("    " + fmt(list(heads[2:]), widths[2:]))
        for row in table:
            out.append(f"{row[0]} from {row[1]}")
            out.append("    " + fmt(row[2:], widths[2:]))
    out += textwrap.wrap("draft, copy: word-level distance to the adopted text of drafter's draft and "
                         "of the base edition copied unchanged; ratio: draft / copy (docs/backtest.md)",
                         width=cols, break_on_hyphens=False)
    return out


def _backtest_table(results: list[Any]) -> None:
    if len(results) == 1:
        res = results[0]
        typer.echo("\n".join(backtest_lines(res.series.title or res.series.slug, list(res.rows))))
    else:
        typer.echo("\n".join(summary_lines(results)))
    for res in results:
        for row in res.rows:
            for n in row.notes:
                typer.echo(f"{res.series.slug}: {row.edition}: {n}")


def summary_lines(results: list[Any], *, columns: int | None = None) -> list[str]:
    """The backtest of several series, one block each (corpus and series on a line, wrapped;
    their totals under it), fitting ``columns`` (default: the terminal's, 80 in a pipe)."""
    import textwrap

    cols = columns or width()
    heads = ("drafted", "expected", "right", "wrong", "flagged", "missed", "items intact")
    rows = [[str(len(r.rows)), *(str(r.total(k)) for k in ("expected", "right", "wrong", "flagged", "missed")),
             f"{r.total('items') - r.total('items_broken')}/{r.total('items')}"] for r in results]
    widths = [max(len(x) for x in col) for col in zip(heads, *rows, strict=True)]
    out = [f"Backtest over every series ({len(results)}):", "    " + " ".join(h.rjust(w) for h, w in zip(heads, widths, strict=True))]
    for r, row in zip(results, rows, strict=True):
        out += textwrap.wrap(f"{r.corpus}: {r.series.slug}", width=cols, break_on_hyphens=False)
        out.append("    " + " ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)))
    return out


__all__ = ["backtest", "backtest_lines", "next_", "review_lines", "session_notes", "summary_lines", "template"]
