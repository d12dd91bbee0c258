"""The ``drafter`` command line: the typer app, its commands, and how errors are reported.

Every command is a top-level function in a module of this package (:mod:`~drafter.cli.corpus`:
parse, series, add; :mod:`~drafter.cli.engine`: next, template, backtest;
:mod:`~drafter.cli.editor`: review, renumber; :mod:`~drafter.cli.language`: history, search;
:mod:`~drafter.cli.compare`: compare),
registered below. Options shared by several commands are defined once in
:mod:`drafter.cli.common`. A new command is a function in its own module and one line below.

Errors: a :class:`~drafter.errors.DrafterError` becomes one line on stderr,
``drafter: error: <message>``, and its exit code (1; 2 for a usage error); a usage error from
typer (an unknown option, a value that is not a number) one line and 2; Ctrl-C
``drafter: interrupted`` and 130; anything unexpected one line ``drafter: internal error: ...``
and 1. ``--debug`` (before the command) adds the traceback.

Speed: the command modules import only typer and light drafter modules at the top; everything
heavy (python-docx, rapidfuzz, jinja2, rich, pypdfium2, lxml, the parser) is imported inside the
command that needs it, so ``drafter --help`` costs little more than ``import typer``.
"""

import os
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from drafter import __version__
from drafter.cli import compare, corpus, editor, engine, language
from drafter.cli.common import PROG, say
from drafter.errors import DrafterError

_state: dict[str, Any] = {"debug": False}

# ClickException from whichever click typer uses (vendored in recent typer, click before).
_ClickException: type[BaseException] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"
)


def _debug() -> bool:
    return bool(_state["debug"]) or os.environ.get("DRAFTER_DEBUG", "") not in ("", "0")


def _traceback(exc: BaseException) -> None:
    import traceback

    traceback.print_exception(exc, file=sys.stderr)


def report_error(exc: BaseException) -> int:
    """Print ``exc`` the way drafter reports errors; return the exit code."""
    if _debug():
        _traceback(exc)
    if isinstance(exc, DrafterError):
        say(f"error: {exc.one_line()}")
        return int(getattr(exc, "exit_code", 1) or 1)
    if isinstance(exc, KeyboardInterrupt):
        say("interrupted")
        _state["interrupted"] = True
        return 130
    what = " ".join(str(exc).split())
    if len(what) > 300:
        what = what[:300] + "..."
    detail = f"{type(exc).__name__}: {what}" if what else type(exc).__name__
    say(f"internal error: {detail} (run with --debug for the traceback)")
    return 1


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
        "parses them, and drafts the next edition with every change tracked and explained."
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


# --- the commands, in the order the help lists them -------------------------------------------

app.command("parse")(corpus.parse)
app.command("series")(corpus.series)
app.command("add")(corpus.add)
app.command("next")(engine.next_)
app.command("template")(engine.template)
app.command("backtest")(engine.backtest)
app.command("review")(editor.review)
app.command("renumber")(editor.renumber)
app.command("history")(language.history)
app.command("search")(language.search)
app.command("compare")(compare.compare)


# --- entry points ----------------------------------------------------------------------------


def run(argv: list[str] | None = None) -> int:
    """Run drafter with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if "--debug" in args[: args.index("--") if "--" in args else len(args)]:
        _state["debug"] = True
    try:
        rv = app(args=args, prog_name=PROG, standalone_mode=False)
    except _ClickException as e:  # usage errors: click's message, on one line
        if type(e).__name__ == "NoArgsIsHelpError":  # plain "drafter": the help, as it is
            e.show()  # type: ignore[attr-defined]
            return int(getattr(e, "exit_code", 2))
        message = " ".join(str(e.format_message()).split())  # type: ignore[attr-defined]
        ctx = getattr(e, "ctx", None)
        where = f"{ctx.command_path} --help" if ctx is not None else f"{PROG} --help"
        say(f"error: {message} (see {where})")
        return int(getattr(e, "exit_code", 2))
    except typer.Abort:
        say("aborted")
        return 1
    except typer.Exit as e:
        return int(getattr(e, "exit_code", 0) or 0)
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except (Exception, KeyboardInterrupt) as e:
        return report_error(e)
    if isinstance(rv, int) and not isinstance(rv, bool):
        if rv == 130 and not _state.get("interrupted"):
            say("interrupted")  # typer turns Ctrl-C outside a command into Exit(130)
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


__all__ = ["app", "main", "report_error", "run"]
