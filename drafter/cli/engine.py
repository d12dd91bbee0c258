"""The engine's commands: ``next``, ``template``, ``backtest``. Registered on the main typer app
by :func:`register`; heavy modules are imported inside the commands."""

from __future__ import annotations

import datetime as _dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from drafter.errors import DrafterError

if TYPE_CHECKING:
    from drafter.corpus.folder import Corpus
    from drafter.model.draft import Draft

CorpusOpt = Annotated[Path | None, typer.Option("--corpus", help="Corpus folder (default: $DRAFTER_CORPUS, ./corpus, or the bundled one).")]
SeriesOpt = Annotated[str | None, typer.Option("--series", help="Series slug (a unique prefix is enough).")]


def _no_cache(value: bool) -> bool:
    if value:
        from drafter.userdirs import disable_cache

        disable_cache()
    return value


NoCacheOpt = Annotated[bool, typer.Option("--no-cache", callback=_no_cache, is_eager=True, help="Parse every edition afresh; neither read nor write the parse cache.")]
TemplatesOpt = Annotated[Path | None, typer.Option("--templates", help="Folder of editors' templates (default: ./templates).")]


def _facts(pairs: list[str]) -> dict[str, str]:
    facts: dict[str, str] = {}
    for pair in pairs:
        if "=" not in pair:
            raise DrafterError(f"--set {pair!r}: expected KEY=VALUE", hint='e.g. --set agenda_item="68 (b)"')
        k, v = pair.split("=", 1)
        facts[k.strip()] = v.strip().strip('"')
    return facts


def _load(corpus: Path | None, series: str | None = None) -> Corpus:
    from drafter.corpus.folder import load_corpus, locate_corpus

    root = locate_corpus(corpus)
    wanted = None
    if series:
        from drafter.corpus.cache import series_filter

        wanted = series_filter(root, series)  # only --series' folder
    return load_corpus(root, series=wanted)


def review_lines(draft: Draft) -> list[str]:
    """The review table of a draft: every change (where, rule, old -> new, confidence) and every
    placeholder still open (what to confirm, what is known). Plain text: it prints in a few
    milliseconds, where laying it out with rich costs more than the whole roll-over."""
    import shutil
    import textwrap

    width = max(60, min(120, shutil.get_terminal_size((100, 24)).columns))

    def wrap(text: str, indent: str = "      ") -> list[str]:
        return textwrap.wrap(text, width=width, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False) or [indent]

    out = [f"Changes to {draft.base_symbol} for session {draft.target_session} ({len(draft.changes)}):"]
    for c in draft.changes:
        out.append(f"  {c.id:<4} {c.where:<20} {c.rule:<17} confidence {c.confidence:.2f}")
        out += wrap(f"{c.old} -> {c.new}")
        out += wrap(f"why: {c.evidence}")
        if c.confidence_words:
            out += wrap(f"confidence: {c.confidence_words}")
    open_ = [p for p in draft.placeholders if not p.filled]
    out.append(f"Placeholders an editor must confirm ({len(open_)}):")
    for ph in open_:
        out.append(f"  {ph.id:<4} {ph.where:<20} {ph.text}")
        out += wrap(f"confirm: {ph.confirm}")
        out += wrap(f"known: {ph.known}")
    if draft.checks:
        out.append(f"Things to check ({len(draft.checks)}; suggestions, the draft text is not changed):")
        for k in draft.checks:
            out.append(f"  {k.id:<4} {k.where:<20} {k.kind}: {k.text}")
            out += wrap(f"consider: {k.suggestion}")
            out += wrap(f"why: {k.evidence}")
    out += [f"warning: {w}" for w in draft.warnings]
    return out


def _default_output(draft: Draft, fmt: str) -> Path:
    slug = draft.series[:60].rstrip("-")
    return Path("drafts") / f"{slug}-session-{draft.target_session}.{ 'docx' if fmt == 'docx' else fmt}"


def _parse_date(date: str | None) -> _dt.datetime | None:
    if date is None:
        return None
    try:
        d = _dt.datetime.fromisoformat(date)
    except ValueError:
        raise DrafterError(f"--date {date!r}: not an ISO date", hint="write it as 2014-10-01 or 2014-10-01T09:00:00") from None
    return d if d.tzinfo else d.replace(tzinfo=_dt.UTC)


def write_draft(draft: Draft, fmt: str, output: Path | None, *, force: bool, author: str, date: str | None, clean: bool, reference: Path | None = None) -> Path | None:
    """Render ``draft``; return the path written, or None when it went to stdout. A clean
    .docx refuses while placeholders are open, unless ``force`` (they stay highlighted)."""
    from drafter.fsutil import atomic_write_bytes

    if fmt == "docx":
        from drafter.render.docx import docx_bytes

        out = output or _default_output(draft, fmt)
        out.parent.mkdir(parents=True, exist_ok=True)
        data = docx_bytes(draft, author=author, date=_parse_date(date), clean=clean, reference=reference, allow_open=force)
        atomic_write_bytes(out, data, force=force, created_by_drafter_ok=True)
        return out
    if fmt == "md":
        from drafter.render.markdown import render_markdown

        text = render_markdown(draft)
    elif fmt == "json":
        text = draft.to_json() + "\n"
    else:
        raise DrafterError(f"--format {fmt!r} is not known", hint="use docx, md or json")
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return None
    atomic_write_bytes(output, text.encode("utf-8"), force=force, created_by_drafter_ok=True)
    return output


def register(app: typer.Typer) -> None:
    @app.command("next")
    def next_(
        session: Annotated[int | None, typer.Option("--session", help="The session to draft for, e.g. 69.")] = None,
        series: SeriesOpt = None,
        corpus: CorpusOpt = None,
        fmt: Annotated[str, typer.Option("--format", help="docx (default), md or json.")] = "docx",
        output: Annotated[Path | None, typer.Option("-o", "--output", help="Output file (default: ./drafts/<series>-session-<N>.docx; md/json go to stdout).")] = None,
        set_: Annotated[list[str] | None, typer.Option("--set", help='A fact no corpus holds: KEY=VALUE (agenda_item, sponsors, symbol, date, hrc, previous, ...).')] = None,
        author: Annotated[str, typer.Option("--author", help="Author of the tracked changes.")] = "drafter",
        date: Annotated[str | None, typer.Option("--date", help="Date of the tracked changes (ISO), for reproducible output.")] = None,
        clean: Annotated[bool, typer.Option("--clean", help="Changes accepted, no comments: for circulation. Refused while placeholders are open (--force writes them still highlighted).")] = False,
        reference: Annotated[Path | None, typer.Option("--reference", help="Word .docx whose styles, page and running heads the draft takes (default: UN New York documents; see templates/build_reference.py).")] = None,
        force: Annotated[bool, typer.Option("--force", help="Overwrite an existing output file; with --clean, write open placeholders still highlighted.")] = False,
        no_template: Annotated[bool, typer.Option("--no-template", help="Ignore templates/<series>.md.j2 and infer again.")] = False,
        templates: TemplatesOpt = None,
        all_: Annotated[bool, typer.Option("--all", help="Every series due at --session.")] = False,
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No review table.")] = False,
        no_cache: NoCacheOpt = False,
    ) -> None:
        """Draft the next edition: the latest adopted text, rolled forward to --session, every change tracked and explained."""
        from drafter.engine.plan import make_draft

        if session is None:
            raise DrafterError("--session is required", hint="e.g. drafter next --session 69")
        facts = _facts(set_ or [])
        if reference is not None and fmt == "docx":
            from drafter.render.docx import check_reference

            check_reference(reference)
        if all_:
            from drafter.engine.batch import next_all

            next_all(corpus, session, fmt=fmt, output=output, facts=facts, author=author, date=date, clean=clean, force=force, templates=templates, reference=reference)
            return
        draft = make_draft(_load(corpus, series), session, series=series, facts=facts, templates_dir=templates, use_template_file=not no_template)
        to_stdout = fmt != "docx" and (output is None or str(output) == "-")
        stream = sys.stderr if to_stdout else sys.stdout
        written = write_draft(draft, fmt, output, force=force, author=author, date=date, clean=clean, reference=reference)
        if not quiet:
            stream.write("\n".join(review_lines(draft)) + "\n")
        if written is not None:
            stream.write(f"Draft for session {session} written to {written}\n")

    @app.command("template")
    def template(
        series: SeriesOpt = None,
        session: Annotated[int | None, typer.Option("--session", help="Infer for this target session (default: the next one due).")] = None,
        corpus: CorpusOpt = None,
        templates: TemplatesOpt = None,
        output: Annotated[Path | None, typer.Option("-o", "--output", help="Where to write (default: templates/<series>.md.j2; - for stdout).")] = None,
        force: Annotated[bool, typer.Option("--force", help="Overwrite an existing template.")] = False,
        no_cache: NoCacheOpt = False,
    ) -> None:
        """Write the inferred template of a series as an editable Jinja2 file; 'next' then uses it."""
        from drafter.engine.plan import choose_series, plan, template_path
        from drafter.engine.template_io import write_template
        from drafter.fsutil import atomic_write_bytes

        s = choose_series(_load(corpus, series), series)
        target = session or s.next_due
        p = plan(s, target, templates_dir=templates, use_file=False)
        text = write_template(p.template)
        if output is not None and str(output) == "-":
            sys.stdout.write(text)
            return
        out = output or template_path(templates, s.slug)
        out.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(out, text.encode("utf-8"), force=force, created_by_drafter_ok=True)
        typer.echo(f"Template of {s.slug} (base {p.template.base.symbol}) written to {out}; 'drafter next' will use it.")

    @app.command("backtest")
    def backtest_cmd(
        series: SeriesOpt = None,
        corpus: Annotated[list[Path] | None, typer.Option("--corpus", help="Corpus folder, or a folder of corpora; repeat for several (default: $DRAFTER_CORPUS, ./corpus, or the bundled one).")] = None,
        fmt: Annotated[str, typer.Option("--format", help="table (default), md or json.")] = "table",
        output: Annotated[Path | None, typer.Option("-o", "--output", help="Write the report to a file.")] = None,
        force: Annotated[bool, typer.Option("--force")] = False,
        no_cache: NoCacheOpt = False,
    ) -> None:
        """Replay history: draft each edition from the earlier ones and compare with the adopted text (every series of every corpus given)."""
        import json

        from drafter.engine.backtest import (
            SeriesResult,
            backtest,
            corpus_roots,
            rows_to_dicts,
            rows_to_markdown,
            summary_markdown,
        )
        from drafter.engine.plan import choose_series
        from drafter.engine.series import build_series
        from drafter.fsutil import atomic_write_bytes

        if fmt not in ("md", "table", "json"):
            raise DrafterError(f"--format {fmt!r} is not known", hint="use table, md or json")
        results: list[SeriesResult] = []
        if not corpus:
            c = _load(None, series)
            chosen = [choose_series(c, series)] if series or len(build_series(c)) <= 1 else build_series(c)
            results = [SeriesResult(c.root.name, s, tuple(backtest(s))) for s in chosen]
        else:
            from drafter.corpus.folder import load_corpus

            for root in corpus_roots(list(corpus)):
                c = load_corpus(root)
                every = build_series(c)
                chosen = [s for s in every if series is None or s.slug.startswith(series)]
                results += [SeriesResult(root.name, s, tuple(backtest(s))) for s in chosen]
            if not results:
                raise DrafterError(f"no series{' ' + repr(series) if series else ''} in the corpora given", hint="list them with 'drafter series --corpus DIR'")
        for r in results:  # e.g. an edition whose parse lost words: its backtest is suspect
            for w in r.series.warnings:
                typer.echo(f"drafter: warning: {r.series.slug}: {' '.join(w.split())}", err=True)
        if fmt == "json":
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
        if output is not None:
            atomic_write_bytes(output, text.encode("utf-8"), force=force, created_by_drafter_ok=True)
            typer.echo(f"Backtest of {len(results)} series written to {output}")
        elif fmt == "table":
            from rich.console import Console
            from rich.table import Table

            console = Console()
            if len(results) > 1:
                t = Table(title="Backtest over every series")
                for col in ("corpus", "series", "drafted", "expected", "right", "wrong", "flagged", "missed", "items intact"):
                    t.add_column(col)
                for r in results:
                    t.add_row(r.corpus, r.series.slug, str(len(r.rows)), *(str(r.total(k)) for k in ("expected", "right", "wrong", "flagged", "missed")),
                              f"{r.total('items') - r.total('items_broken')}/{r.total('items')}")
                console.print(t)
            else:
                s, rows = results[0].series, results[0].rows
                t = Table(title=f"Backtest: {s.title}")
                for col in ("edition", "base", "expected", "right", "wrong", "flagged", "missed", "dist draft", "dist copy", "ratio"):
                    t.add_column(col)
                for row in rows:
                    t.add_row(row.edition, row.base, str(row.expected), str(row.right), str(row.wrong), str(row.flagged), str(row.missed), str(row.dist_draft), str(row.dist_copy), f"{row.ratio:.3f}")
                console.print(t)
            for r in results:
                for row in r.rows:
                    for n in row.notes:
                        typer.echo(f"{r.series.slug}: {row.edition}: {n}")
        else:
            sys.stdout.write(text)
        if any(row.wrong or row.missed for r in results for row in r.rows):
            raise typer.Exit(1)
