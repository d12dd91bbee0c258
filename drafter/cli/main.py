"""The ``drafter`` command line.

Errors: a :class:`~drafter.errors.DrafterError` becomes one line on stderr,
``drafter: error: <message>``, and exit code 1 (or the error's ``exit_code``); Ctrl-C becomes
``drafter: interrupted`` and 130; anything unexpected one line ``drafter: internal error: ...``
and 2. ``--debug`` (before the command) adds the traceback.

Speed: ``drafter --help`` must cost little more than ``import typer``. Only typer and light
drafter modules are imported here at the top; everything heavy (python-docx, rapidfuzz,
jinja2, rich, pypdfium2, lxml, and the parser, which pulls in the readers) is imported inside the
command that needs it.
"""

from __future__ import annotations

import enum
import inspect
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from drafter import __version__
from drafter.errors import DrafterError, InputError

if TYPE_CHECKING:
    from drafter.corpus.folder import Corpus
    from drafter.engine.series import Series
    from drafter.model.resolution import Resolution

PROG = "drafter"
_state: dict[str, Any] = {"debug": False}

# ClickException from whichever click typer uses (vendored in recent typer, click before).
_ClickException: type[BaseException] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"
)


def _err(line: str) -> None:
    """One line on stderr."""
    typer.echo(" ".join(line.split()), err=True)


def _debug() -> bool:
    return bool(_state["debug"]) or os.environ.get("DRAFTER_DEBUG", "") not in ("", "0")


def _traceback(exc: BaseException) -> None:
    import traceback

    traceback.print_exception(exc, file=sys.stderr)


def report_error(exc: BaseException) -> int:
    """Print ``exc`` the way drafter reports errors; return the exit code."""
    if isinstance(exc, DrafterError):
        if _debug():
            _traceback(exc)
        _err(f"{PROG}: error: {exc.one_line()}")
        return int(getattr(exc, "exit_code", 1) or 1)
    if isinstance(exc, KeyboardInterrupt):
        if _debug():
            _traceback(exc)
        _err(f"{PROG}: interrupted")
        _state["interrupted"] = True
        return 130
    if _debug():
        _traceback(exc)
    what = " ".join(str(exc).split())
    if len(what) > 300:
        what = what[:300] + "..."
    detail = f"{type(exc).__name__}: {what}" if what else type(exc).__name__
    _err(f"{PROG}: internal error: {detail} (run with --debug for the traceback)")
    return 2


class DrafterGroup(TyperGroup):
    """Runs a command and turns its errors into drafter's one-line reports (also under
    ``typer.testing.CliRunner``, which calls the group directly)."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, _ClickException):
            raise
        except (Exception, KeyboardInterrupt) as exc:
            raise typer.Exit(report_error(exc)) from exc


app = typer.Typer(
    name=PROG,
    cls=DrafterGroup,
    help=(
        "Roll recurring UN General Assembly resolutions forward to the next session. "
        "drafter reads the past editions of each resolution in a corpus folder, "
        "parses them, and shows what each series looks like."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,  # plain help: rich is not imported for --help
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"{PROG} {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[
        bool, typer.Option("--debug", help="On an error, show the Python traceback too.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    _state["debug"] = debug


# --- shared options --------------------------------------------------------------------------

CorpusOption = Annotated[
    Path | None,
    typer.Option(
        "--corpus",
        metavar="DIR",
        readable=False,  # drafter checks the folder itself and says what is wrong in one line
        help=(
            "The corpus folder (one sub-folder per series). Default: $DRAFTER_CORPUS, "
            "else ./corpus, else the corpus bundled with drafter."
        ),
        show_default=False,
    ),
]


def _no_cache(value: bool) -> bool:
    if value:
        os.environ["DRAFTER_NO_CACHE"] = "1"  # read by drafter.corpus.cache, here and in workers
    return value


NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        callback=_no_cache,
        is_eager=True,
        help="Parse every edition afresh; neither read nor write the parse cache.",
    ),
]


class ParseFormat(enum.StrEnum):
    json = "json"
    md = "md"


class SeriesFormat(enum.StrEnum):
    table = "table"
    json = "json"


def _emit(text: str, output: Path | None, force: bool) -> None:
    """Write ``text`` to ``output`` (atomically, never over an existing file without --force)
    or to stdout."""
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from drafter.fsutil import atomic_write_text

    atomic_write_text(output, text, force=force)
    _err(f"{PROG}: wrote {output}")


def _load(corpus_option: Path | None, *, for_writing: bool = False) -> Corpus:
    from drafter.corpus.folder import load_corpus, locate_corpus

    root = locate_corpus(corpus_option, for_writing=for_writing)
    corpus = load_corpus(root)
    for w in corpus.warnings:
        _err(f"{PROG}: warning: {w}")
    return corpus


# --- parse -----------------------------------------------------------------------------------


@app.command("parse")
def parse_cmd(
    file: Annotated[
        Path,
        typer.Argument(help="An edition: .txt, .docx, .pdf, .html, .odt, .doc or .rtf.", show_default=False, readable=False),
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
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE instead of stdout.",
            readable=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")] = False,
) -> None:
    """Parse one edition and print its structured model."""
    from drafter.corpus.folder import is_symbol, normalize_symbol, parse_named_file
    from drafter.parse.parser import parse_file

    if symbol:
        given = normalize_symbol(symbol)
        if not is_symbol(given):
            raise InputError(
                f"--symbol {symbol!r} is not a General Assembly symbol",
                hint="write it like A/RES/60/156",
            )
        res = parse_file(file, symbol=given, symbol_evidence="given with --symbol")
    else:
        res = parse_named_file(file)
    text = res.to_json() + "\n" if fmt is ParseFormat.json else resolution_markdown(res)
    _emit(text, output, force)
    for problem in res.problems():  # also on stderr: the JSON or a file written may go unread
        _err(f"{PROG}: warning: {file.name}: {problem}")


def _date(d: Any) -> str:
    from drafter.citations.sessions import format_un_date

    return format_un_date(d)


def resolution_markdown(res: Resolution) -> str:
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
        ("adopted", "Adopted", _date(res.adopted) if res.adopted else None),
        (
            "plenary_meeting",
            "Plenary meeting",
            _meeting(res.plenary_meeting) if res.plenary_meeting else None,
        ),
        ("distributed", "Distributed", _date(res.distributed) if res.distributed else None),
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


@app.command("series")
def series_cmd(
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
    from drafter.corpus.cache import load_series
    from drafter.corpus.folder import locate_corpus

    c, all_series = load_series(locate_corpus(corpus))  # from the cache's series summaries
    for w in c.warnings:
        _err(f"{PROG}: warning: {w}")
    for s in all_series:
        for w in s.warnings:
            _err(f"{PROG}: warning: {s.slug}: {w}")
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


EDITIONS_LISTED = 300


def _series_summary(all_series: list[Series], corpus: Corpus, *, hint: bool) -> None:
    """One line per series, for a corpus too large to list every edition (plain columns: a rich
    table of a thousand rows takes seconds to lay out)."""
    import shutil

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
    room = max(20, shutil.get_terminal_size((100, 24)).columns - sum(widths) - 2 * 5)
    out = [f"{len(all_series)} series, {n_ed} editions in {corpus.root} (period in sessions)"]
    for r in rows:
        name = r[0] if len(r[0]) <= room else r[0][: room - 1] + "~"
        cells = [name.ljust(room)] + [c.ljust(w) for c, w in zip(r[1:], widths, strict=True)]
        out.append("  ".join(cells).rstrip())
    if hint:
        out.append("--editions lists every edition with its session and date; --format json gives everything")
    sys.stdout.write("\n".join(out) + "\n")


def _period_text(s: Series) -> str:
    n = s.period.sessions
    if n is None:
        return "unknown"
    return "every session" if n == 1 else f"every {n} sessions"


def _series_table(all_series: list[Series], corpus: Corpus) -> None:
    """One block per series: its facts (slug, period with evidence, gaps, latest) above a
    table of its editions."""
    from rich.console import Console, Group
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False)
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
                _date(r.adopted) if r.adopted else "unknown",
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


@app.command("add")
def add_cmd(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="The edition to add: .txt, .docx, .pdf, .html, .odt, .doc or .rtf; or several, "
            "or a folder (a pile sorted into series by title, content and the citation chain).",
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
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Add it even if its parse lost words or its numbering has holes, or if it is "
            "a draft given an A/RES symbol (each command that reads it will then say so).",
        ),
    ] = False,
    accept_changes: Annotated[
        bool,
        typer.Option(
            "--accept-changes",
            help="Add a Word file that still holds tracked changes or comments, read as if every change were accepted.",
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
            raise InputError("--symbol and --adopted are for one file", hint="add that file on its own")
        from drafter.corpus import pile

        raise typer.Exit(
            pile.run(
                _load(corpus, for_writing=True), files, series=series, replace=replace, force=force,
                accept_changes=accept_changes,
            )
        )
    file = files[0]
    source = read(file)  # a file that cannot be read is refused before the corpus is loaded
    c = _load(corpus, for_writing=True)
    notes: list[str] = []
    dest = add_edition(
        c, file, symbol=symbol, series=series, adopted=adopted, replace=replace, notes=notes,
        force=force,
        accept_changes=accept_changes, source=source,
    )
    for n in notes:
        _err(f"{PROG}: note: {n}")
    try:
        shown = dest.relative_to(c.root)
    except ValueError:
        shown = dest
    typer.echo(f"added {shown} to {c.root}")


# --- commands from other modules -------------------------------------------------------------
#
# Registration points. Each module below, when it exists, defines
#
#     def register(app: typer.Typer) -> None
#
# adding its commands to ``app``. It must be light to import (heavy libraries are imported
# inside the command functions) so that ``drafter --help`` stays fast. A module that does not
# exist is skipped silently; one that fails to import is reported in one line and skipped, and
# the other commands keep working.
EXTENSIONS: tuple[str, ...] = (
    "drafter.cli.engine",  # next, template, backtest (the roll-over engine)
    "drafter.cli.editor",  # review, renumber
    "drafter.cli.language",  # history, search (agreed language)
    "drafter.cli.compare",  # compare (a redline between two texts)
)


def _register_extensions(target: typer.Typer) -> None:
    import importlib

    for name in EXTENSIONS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as e:
            if e.name == name:
                continue
            _err(f"{PROG}: warning: commands from {name} are unavailable: {e}")
            continue
        except Exception as e:  # a broken extension must not take the other commands down
            _err(f"{PROG}: warning: commands from {name} are unavailable: {type(e).__name__}: {e}")
            continue
        register = getattr(module, "register", None)
        if callable(register):
            register(target)


_register_extensions(app)


# --- entry points ----------------------------------------------------------------------------


def _app_for(args: list[str]) -> typer.Typer:
    """The app with only what ``args`` needs built: typer turns every command's signature into
    click options before it runs one (about a millisecond a command), so a run builds only its
    own command, and the root help lists the others from their names and docstrings."""
    words = [a for a in args if not a.startswith("-")]
    commands = {(c.name or (c.callback.__name__ if c.callback else "")): c for c in app.registered_commands}
    light = typer.Typer(
        name=app.info.name, cls=DrafterGroup, help=app.info.help, no_args_is_help=True, add_completion=False,
        rich_markup_mode=None, pretty_exceptions_enable=False, context_settings=app.info.context_settings,
    )
    light.registered_callback = app.registered_callback
    if words and words[0] in commands:
        light.registered_commands = [commands[words[0]]]
        return light
    if words:  # an unknown command: let click say so, with the full list
        return app

    from typer.models import CommandInfo

    light.registered_commands = [
        CommandInfo(name=name, help=c.help or inspect.getdoc(c.callback) or "", callback=_listed_only)
        for name, c in commands.items()
    ]
    return light


def _listed_only() -> None:
    """A command shown in the root help; :func:`_app_for` builds the real one to run it."""


def run(argv: list[str] | None = None) -> int:
    """Run drafter with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if "--debug" in args[: args.index("--") if "--" in args else len(args)]:
        _state["debug"] = True
    try:
        rv = _app_for(args)(args=args, prog_name=PROG, standalone_mode=False)
    except _ClickException as e:  # usage errors: click's message, on one line
        if type(e).__name__ == "NoArgsIsHelpError":  # plain "drafter": the help, as it is
            e.show()  # type: ignore[attr-defined]
            return int(getattr(e, "exit_code", 2))
        message = " ".join(str(e.format_message()).split())  # type: ignore[attr-defined]
        ctx = getattr(e, "ctx", None)
        where = f"{ctx.command_path} --help" if ctx is not None else f"{PROG} --help"
        _err(f"{PROG}: error: {message} (see {where})")
        return int(getattr(e, "exit_code", 2))
    except typer.Abort:
        _err(f"{PROG}: aborted")
        return 1
    except typer.Exit as e:
        return int(getattr(e, "exit_code", 0) or 0)
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except (Exception, KeyboardInterrupt) as e:
        return report_error(e)
    if isinstance(rv, int) and not isinstance(rv, bool):
        if rv == 130 and not _state.get("interrupted"):
            _err(f"{PROG}: interrupted")  # typer turns Ctrl-C outside a command into Exit(130)
        return rv
    return 0


def main(argv: list[str] | None = None) -> None:
    """The ``drafter`` console script."""
    code = run(argv)
    try:
        sys.stdout.flush()
    except (BrokenPipeError, OSError):
        # the reader went away (drafter ... | head): do not print a second error at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = code or 1
    sys.exit(code)


__all__ = ["EXTENSIONS", "app", "main", "report_error", "resolution_markdown", "run"]
