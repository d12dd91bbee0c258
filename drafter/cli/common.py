"""What every command shares: options (defined once, as ``typer`` ``Annotated`` aliases), the
formats (Enums), the one output helper, the corpus loaders with ``--no-cache``, and the checks
the front door makes before any work (``--session``, ``--set``, ``--date``).

Light to import: only typer and the standard library at the top; everything else is imported
inside the functions that need it, so that ``drafter --help`` costs little more than importing
typer.

Exit codes: 0 done; 1 an error (a :class:`~drafter.errors.DrafterError`: bad input, a file
that exists, a problem ``review`` or ``backtest`` found, an unexpected internal error); 2 a
usage error (an unknown option or command, an option value that cannot be right: raised as
:class:`UsageError` or ``typer.BadParameter``); 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import datetime as _dt
import enum
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from drafter.errors import DrafterError

if TYPE_CHECKING:
    from drafter.corpus.folder import Corpus
    from drafter.engine.series import Series

PROG = "drafter"


class UsageError(DrafterError):
    """An option value that cannot be right (exit code 2, like an unknown option)."""

    exit_code = 2


# --- the output helper ---------------------------------------------------------------------


def say(line: str, *, kind: str = "") -> None:
    """One line on stderr: ``drafter: <kind>: line`` (kind: warning, note; "" for none)."""
    head = f"{PROG}: {kind}: " if kind else f"{PROG}: "
    typer.echo(head + " ".join(line.split()), err=True)


def warn(line: str) -> None:
    say(line, kind="warning")


def note(line: str) -> None:
    say(line, kind="note")


def emit(data: str | bytes, output: Path | None = None, *, force: bool = False) -> Path | None:
    """Write ``data`` to stdout (``output`` None or ``-``), or to the file ``output``: atomically,
    and over an existing file only when drafter wrote that file and nobody changed it since, or
    with ``--force`` (the one overwrite policy of every command). Returns the path written."""
    if output is None or str(output) == "-":
        if isinstance(data, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        sys.stdout.flush()
        return None
    return write_file(output, data, force=force)


def write_file(path: Path, data: str | bytes, *, force: bool = False) -> Path:
    """:func:`emit` to a file (the overwrite policy: drafter's own unchanged file, or --force)."""
    from drafter.fsutil import atomic_write_bytes

    raw = data.encode("utf-8") if isinstance(data, str) else data
    return atomic_write_bytes(path, raw, force=force, created_by_drafter_ok=True)


def width() -> int:
    """The width to lay tables out in: the terminal's (at least 60), else 80 (a pipe, a file)."""
    import shutil

    if sys.stdout.isatty():
        return max(60, shutil.get_terminal_size((80, 24)).columns)
    return 80


# --- formats -------------------------------------------------------------------------------


class ParseFormat(enum.StrEnum):
    json = "json"
    md = "md"


class SeriesFormat(enum.StrEnum):
    table = "table"
    json = "json"


class DraftFormat(enum.StrEnum):
    docx = "docx"
    md = "md"
    json = "json"


class ReportFormat(enum.StrEnum):
    """backtest"""

    table = "table"
    md = "md"
    json = "json"


class ReviewFormat(enum.StrEnum):
    table = "table"
    json = "json"


class HistoryFormat(enum.StrEnum):
    table = "table"
    md = "md"
    html = "html"
    json = "json"


SearchFormat = SeriesFormat  # table or json


# --- the front door: checks made before any work ---------------------------------------------

#: how many years ahead of this one a session may open (a five-yearly series drafted early)
YEARS_AHEAD = 10


def check_session(value: int | None) -> int | None:
    """``--session``: a session that exists or may soon (from 1 to the session opening
    :data:`YEARS_AHEAD` years from now)."""
    if value is None:
        return None
    from drafter.citations.sessions import session_of_year, year_of_session

    if value < 1:
        raise typer.BadParameter(
            f"{value} is not a session (sessions are numbered from 1; the 69th opened in 2014)"
        )
    last = session_of_year(_dt.date.today().year + YEARS_AHEAD)
    if value > last:
        raise typer.BadParameter(
            f"session {value} would open in September {year_of_session(value)}; "
            f"drafter drafts up to session {last} ({YEARS_AHEAD} years ahead)"
        )
    return value


def check_facts(pairs: list[str] | None) -> list[str] | None:
    """``--set KEY=VALUE``: known keys, non-empty values, dates that exist (for every key)."""
    if pairs:
        try:
            parse_facts(pairs)
        except DrafterError as e:
            raise typer.BadParameter(e.one_line().rstrip(".").removeprefix("--set ")) from None
    return pairs


def parse_facts(pairs: list[str]) -> dict[str, str]:
    """``["agenda_item=68 (b)", ...]`` -> the facts, normalised; a DrafterError says what is
    wrong with the first bad one."""
    import re

    from drafter.citations.sessions import parse_un_date
    from drafter.engine.rollover import normalise_facts

    given: dict[str, str] = {}
    for pair in pairs:
        if "=" not in pair:
            raise DrafterError(
                f"{pair!r} is not KEY=VALUE", hint=f'e.g. --set agenda_item="68 (b)"; keys: {fact_keys()}'
            )
        k, v = pair.split("=", 1)
        value = v.strip().strip('"')
        dated = k.strip().lower() in DATED_KEYS
        # every date in every value must exist: "31 February 2014" is said here, for any key
        # (in the keys that are dates or cite one, "27 Marc 2014" too)
        for m in re.finditer(r"\b(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})\b", value):
            try:
                parse_un_date(m.group(0))
            except ValueError as e:
                if dated or m.group(2).lower() in _MONTHS:
                    raise DrafterError(
                        f"{k.strip()}={value}: {m.group(0)} is not a date ({_why(e)})",
                        hint='write dates as "16 October 2014"',
                    ) from None
        given[k.strip()] = value
    return normalise_facts(given)


#: the --set keys whose value is a date or cites one ("25/3 of 27 March 2014")
DATED_KEYS = ("date", "previous", "hrc", "chr")

_MONTHS = {
    m.lower()
    for m in (
        "January February March April May June July August September October November December"
    ).split()
}


def _why(e: ValueError) -> str:
    text = str(e)
    if "day is out of range" in text:
        return "no such day in that month"
    if text.startswith("unknown month"):
        return text.split(" in ", 1)[0]
    return text.split(":", 1)[0]


def fact_keys() -> str:
    """The keys --set takes, for help and messages (kept in step with the roll-over's table)."""
    return ", ".join(FACT_KEY_NAMES)


#: the keys of drafter.engine.rollover.FACT_KEYS, in its order (its import is not light); a test
#: checks that the two agree
FACT_KEY_NAMES = (
    "symbol", "date", "agenda_item", "agenda_title", "sponsors", "on_behalf_of", "previous",
    "hrc", "chr", "hrc_report",
)


def check_date(value: str | None) -> str | None:
    """``--date``: an ISO date or date and time."""
    if value is not None:
        parse_iso(value)
    return value


def parse_iso(value: str | None) -> _dt.datetime | None:
    """``--date`` as a datetime (UTC unless it says otherwise)."""
    if value is None:
        return None
    try:
        d = _dt.datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not an ISO date: write it as 2014-10-01 or 2014-10-01T09:00:00"
        ) from None
    return d if d.tzinfo else d.replace(tzinfo=_dt.UTC)


# --- options, defined once -------------------------------------------------------------------

CorpusOption = Annotated[
    Path | None,
    typer.Option(
        "--corpus",
        metavar="DIR",
        readable=False,  # drafter checks the folder itself and says what is wrong in one line
        help="The corpus folder (one sub-folder per series). Default: $DRAFTER_CORPUS, "
        "else ./corpus, else the corpus bundled with drafter.",
        show_default=False,
    ),
]
SeriesOption = Annotated[
    str | None,
    typer.Option("--series", metavar="SLUG", help="The series (a unique prefix of its slug is enough).", show_default=False),
]
NoCacheOption = Annotated[
    bool,
    typer.Option("--no-cache", help="Parse every edition afresh; neither read nor write drafter's caches."),
]
ForceOption = Annotated[
    bool,
    typer.Option("--force", help="Overwrite the output file even if drafter did not write it (or it was changed since)."),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", readable=False, help="Write to FILE instead of stdout (- for stdout).", show_default=False),
]


def session_option(help: str) -> Any:
    """``--session N``, checked at the front door (:func:`check_session`), with ``help``."""
    return typer.Option("--session", metavar="N", callback=check_session, help=help, show_default=False)


SessionOption = Annotated[int | None, session_option("The session to draft for, e.g. 69.")]
TemplatesOption = Annotated[
    Path | None,
    typer.Option("--templates", metavar="DIR", readable=False, help="Folder of editors' templates (default: ./templates).", show_default=False),
]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Show everything, not only the summary.")]


# --- the corpus, with --no-cache --------------------------------------------------------------


def cache_switch(cache: bool) -> None:
    """The one place that passes ``--no-cache`` on by the process-wide ``DRAFTER_NO_CACHE``
    variable, for the loaders that do not take ``cache=`` yet (the search index builds its own
    corpus; worker processes inherit the variable). Commands pass ``cache`` down as a parameter;
    once drafter.corpus' loaders all take it, this function goes."""
    if not cache:
        from drafter.userdirs import disable_cache

        disable_cache()


def open_corpus(
    option: Path | None, *, cache: bool = True, series: str | None = None, for_writing: bool = False, warnings: bool = True
) -> Corpus:
    """The corpus ``--corpus`` names (or the one found), its warnings said on stderr (unless
    ``warnings=False``: the engine's commands report them with the draft); with ``series``, only
    that series' folder is loaded."""
    from drafter.corpus.folder import load_corpus, locate_corpus

    cache_switch(cache)
    root = locate_corpus(option, for_writing=for_writing)
    wanted = None
    if series:
        from drafter.corpus.cache import series_filter

        wanted = series_filter(root, series)
    corpus = load_corpus(root, series=wanted, cache=cache)
    for w in corpus.warnings if warnings else ():
        warn(w)
    return corpus


def open_series(option: Path | None, *, cache: bool = True) -> tuple[Corpus, list[Series]]:
    """Every series of the corpus (from the cache's summaries when it is warm), warnings said."""
    from drafter.corpus.cache import load_series
    from drafter.corpus.folder import locate_corpus

    cache_switch(cache)
    corpus, all_series = load_series(locate_corpus(option), use=cache)
    for w in corpus.warnings:
        warn(w)
    for s in all_series:
        for w in s.warnings:
            warn(f"{s.slug}: {w}")
    return corpus, all_series


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def date_text(d: Any) -> str:
    from drafter.citations.sessions import format_un_date

    return format_un_date(d)


__all__ = [
    "CorpusOption", "DraftFormat", "ForceOption", "HistoryFormat", "NoCacheOption", "OutputOption",
    "ParseFormat", "ReportFormat", "ReviewFormat", "SearchFormat", "SeriesFormat", "SeriesOption",
    "SessionOption", "TemplatesOption", "UsageError", "VerboseOption", "emit", "note", "open_corpus",
    "open_series", "parse_facts", "say", "warn", "write_file",
]
