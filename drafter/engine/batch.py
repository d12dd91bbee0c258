"""``drafter next --all --session N``: draft every series that is due at session N, in parallel.

A series is due at N when its latest edition's session plus a whole number of periods is N
(``latest + k * period == N``, ``k >= 1``; ``k > 1`` means editions were skipped, and the
table says so). Series whose period is unknown, or whose latest edition is at or after N, or
which fall due at other sessions, are listed as not due, with the reason.

Which series are due is read from the parse cache's series summaries (no edition is
deserialised for that); each due series is then loaded alone and rolled over in a worker
process (every core), with a progress bar on stderr and one summary table at the end: series,
base edition, changes, placeholders, and the file written or the error. One series' failure
does not stop the others; :func:`next_all` raises a :class:`~drafter.errors.DrafterError`
(exit code 1) after the table when any failed.

Files are written as ``drafter next`` writes them (atomic, never over a file drafter did not
write without ``--force``) into the ``--output`` folder (default ``./drafts``). Ctrl-C stops
the run: drafts being written are finished (each is written atomically), the rest are not
started, and nothing half-written is left.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drafter.errors import DrafterError
from drafter.render.write import DRAFT_FORMATS

if TYPE_CHECKING:
    from drafter.engine.series import Series

FORMATS = DRAFT_FORMATS


@dataclass
class Outcome:
    """What happened to one series."""

    slug: str
    due: bool
    reason: str  # why it is due, or why not
    base: str | None = None
    changes: int = 0
    placeholders: int = 0  # open placeholders (not filled by --set)
    output: str | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.due and self.error is not None


def due_at(s: Series, session: int) -> tuple[bool, str]:
    """Whether series ``s`` is due at ``session``, and why (or why not)."""
    latest = s.latest
    if latest is None or latest.session is None:
        return False, "no edition with a known session"
    last = latest.session
    p = s.period.sessions
    if not p or p < 1:
        return False, (
            f"period unknown ({s.period.evidence}); "
            f"draft it alone with drafter next --series {s.slug}"
        )
    every = "every session" if p == 1 else f"every {p} sessions"
    if session <= last:
        return False, f"its latest edition ({_label(latest)}) is of session {last}"
    k, r = divmod(session - last, p)
    if r:
        before, after = last + k * p, last + (k + 1) * p
        due = f"due at {after}" if k == 0 else f"due at {before} and {after}"
        return False, f"{every} from session {last}: {due}, not at {session}"
    why = f"{every}, latest edition {_label(latest)} (session {last})"
    if k > 1:
        missed = ", ".join(str(last + i * p) for i in range(1, k))
        why += f"; no edition for session {missed}"
    return True, why


def _label(ed: Any) -> str:
    return ed.symbol or ed.path.name


@dataclass(frozen=True)
class Job:
    root: str
    slug: str
    session: int
    fmt: str
    outdir: str
    name: str | None  # file name, when the default one is shared by two due series
    facts: tuple[tuple[str, str], ...]
    author: str
    date: datetime | None
    clean: bool
    force: bool
    templates: str | None
    use_template_file: bool
    cache: bool = True
    reference: str | None = None  # --reference: the house style of the .docx


def roll(job: Job, reason: str = "") -> Outcome:
    """Load one series (from the cache), roll it over, write the draft. Never raises (but for
    Ctrl-C): a failure is the outcome's ``error``."""
    from drafter.corpus.folder import load_corpus
    from drafter.engine.plan import make_draft
    from drafter.render.write import default_output, write_draft

    out = Outcome(job.slug, True, reason)
    try:
        corpus = load_corpus(job.root, series=[job.slug], cache=job.cache)
        draft = make_draft(
            corpus,
            job.session,
            series=job.slug,
            facts=dict(job.facts),
            templates_dir=Path(job.templates) if job.templates else None,
            use_template_file=job.use_template_file,
        )
        out.base = draft.base_symbol
        out.changes = len(draft.changes)
        out.placeholders = sum(1 for p in draft.placeholders if not p.filled)
        out.warnings = list(draft.warnings)
        name = job.name or default_output(draft, job.fmt).name
        path = Path(job.outdir) / name
        written = write_draft(
            draft,
            job.fmt,
            path,
            force=job.force,
            author=job.author,
            date=job.date,
            clean=job.clean,
            reference=Path(job.reference) if job.reference else None,
        )
        out.output = str(written or path)
    except DrafterError as e:
        out.error = e.one_line()
    except Exception as e:  # one series' bug must not stop the others
        what = " ".join(str(e).split())[:300]
        out.error = f"internal error: {type(e).__name__}: {what}" if what else type(e).__name__
    return out


def _roll_job(args: tuple[Job, str]) -> Outcome:
    return roll(*args)


def _worker_init() -> None:
    import signal

    # Ctrl-C is for the parent: it lets running drafts finish and starts no more
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def next_all(
    corpus: Path | str | None,
    session: int,
    *,
    fmt: str = "docx",
    output: Path | str | None = None,
    facts: Mapping[str, str] | None = None,
    author: str = "drafter",
    date: datetime | None = None,
    clean: bool = False,
    force: bool = False,
    templates: Path | str | None = None,
    use_template_file: bool = True,
    cache: bool = True,
    reference: Path | str | None = None,
    workers: int | None = None,
    progress: bool | None = None,
    console: Any = None,
) -> list[Outcome]:
    """Draft every series of ``corpus`` (a folder, or None to locate it as every command
    does) that is due at ``session``; print the summary table; return every series' outcome.
    ``cache=False`` parses every edition afresh. Raises DrafterError after the table when any
    due series failed."""
    from drafter.corpus.cache import load_series
    from drafter.corpus.folder import locate_corpus

    if fmt not in FORMATS:
        raise DrafterError(f"--format {fmt!r} is not known", hint="use docx, md or json")
    outdir = Path(output) if output is not None and str(output) != "-" else Path("drafts")
    if output is not None and str(output) == "-":
        raise DrafterError("with --all, drafts cannot go to stdout", hint="give -o FOLDER")
    if outdir.exists() and not outdir.is_dir():
        raise DrafterError(f"{outdir} is a file", hint="with --all, -o names a folder")
    if not outdir.exists() and outdir.suffix.lower() in (".docx", ".md", ".json"):
        raise DrafterError(
            f"-o {outdir} looks like a file name", hint="with --all, -o names a folder"
        )
    root = locate_corpus(corpus)
    c, all_series = load_series(root, use=cache)
    for w in c.warnings:
        _stderr(f"drafter: warning: {w}")

    outcomes: list[Outcome] = []
    due: list[tuple[Series, str]] = []
    for s in all_series:
        ok, why = due_at(s, session)
        if ok:
            due.append((s, why))
        else:
            outcomes.append(Outcome(s.slug, False, why))
    names = _file_names([s.slug for s, _ in due], session, fmt)
    jobs = [
        (
            Job(
                root=str(root),
                slug=s.slug,
                session=session,
                fmt=fmt,
                outdir=str(outdir),
                name=names.get(s.slug),
                facts=tuple((facts or {}).items()),
                author=author,
                date=date,
                clean=clean,
                force=force,
                templates=str(templates) if templates is not None else None,
                use_template_file=use_template_file,
                cache=cache,
                reference=str(reference) if reference is not None else None,
            ),
            why,
        )
        for s, why in due
    ]
    if jobs:
        outdir.mkdir(parents=True, exist_ok=True)
        outcomes += _run(jobs, workers=workers, progress=progress)
    _report(outcomes, session, outdir, console)
    failed = [o for o in outcomes if o.failed]
    if failed:
        raise DrafterError(
            f"{len(failed)} of {len(jobs)} series due at session {session} failed "
            f"({', '.join(o.slug for o in failed[:5])}{' ...' if len(failed) > 5 else ''})",
            hint="see the table above",
        )
    return outcomes


def _file_names(slugs: list[str], session: int, fmt: str) -> dict[str, str]:
    """Names for the series whose default draft name (the slug cut to 60 characters) is
    shared with another due series: the whole slug instead."""
    ext = "docx" if fmt == "docx" else fmt
    short: dict[str, list[str]] = {}
    for slug in slugs:
        short.setdefault(slug[:60].rstrip("-"), []).append(slug)
    out = {}
    for group in short.values():
        if len(group) > 1:
            for slug in group:
                out[slug] = f"{slug}-session-{session}.{ext}"
    return out


def _cpus() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _run(
    jobs: list[tuple[Job, str]], *, workers: int | None, progress: bool | None
) -> list[Outcome]:
    from drafter.corpus.cache import _mp_context, _Progress, pool_ok

    n = min(workers or _cpus(), len(jobs)) if pool_ok() else 1
    # load what every worker needs once, before forking
    import drafter.engine.plan
    import drafter.engine.rollover
    import drafter.render.write  # noqa: F401

    show = progress if progress is not None else None
    results: list[Outcome] = []
    if n <= 1:
        with _Progress(len(jobs), "drafting", show=_show(show, len(jobs))) as bar:
            for queued in jobs:
                results.append(roll(*queued))
                bar.advance(1)
        return results

    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(max_workers=n, mp_context=_mp_context(), initializer=_worker_init)
    futures = {}
    broken: list[tuple[Job, str]] = []
    try:
        for queued in jobs:  # every worker is started here, before the progress bar's thread
            futures[pool.submit(_roll_job, queued)] = queued
        with _Progress(len(jobs), "drafting", show=_show(show, len(jobs))) as bar:
            for fut in as_completed(futures):
                job, why = futures[fut]
                try:
                    results.append(fut.result())
                except BrokenProcessPool:
                    broken.append((job, why))  # retried below, one by one
                    continue
                except Exception as e:  # pragma: no cover - roll() catches everything
                    results.append(Outcome(job.slug, True, why, error=f"{type(e).__name__}: {e}"))
                bar.advance(1)
            # a worker died (killed, out of memory, a crash in a library): every job it left
            # is retried alone, so that only the series that kills its process fails
            for job, why in broken:
                results.append(_isolated(job, why))
                bar.advance(1)
    except KeyboardInterrupt:
        # drafts being written finish (atomically); no more are started
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    order = {job.slug: i for i, (job, _) in enumerate(jobs)}
    results.sort(key=lambda o: order[o.slug])
    return results


def _isolated(job: Job, why: str) -> Outcome:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from drafter.corpus.cache import _mp_context

    with ProcessPoolExecutor(1, mp_context=_mp_context(), initializer=_worker_init) as one:
        try:
            return one.submit(_roll_job, (job, why)).result()
        except BrokenProcessPool:
            return Outcome(job.slug, True, why, error="the process drafting it died (killed?)")


def _show(flag: bool | None, n: int) -> bool | None:
    if flag is not None:
        return flag
    from drafter.corpus.cache import _stderr_tty

    return n > 0 and (_stderr_tty() or n >= 50)


def _stderr(line: str) -> None:
    try:
        sys.stderr.write(" ".join(line.split()) + "\n")
    except (OSError, ValueError):
        pass


def _report(outcomes: list[Outcome], session: int, outdir: Path, console: Any) -> None:
    """The summary of the series due (and a short list of those that are not), one block per
    series, wrapped to the console's width (80 columns in a pipe): a slug, a symbol or a path
    is never cut short."""
    import textwrap

    from rich.console import Console
    from rich.text import Text

    console = console or Console(highlight=False)
    cols = max(40, console.width)

    def lines(text: str, indent: str, style: str = "") -> None:
        for ln in textwrap.wrap(text, width=cols, initial_indent=indent, subsequent_indent=indent,
                                break_on_hyphens=False) or [indent]:
            console.print(Text(ln, style=style), soft_wrap=True)

    def block(head: str, body: str = "", error: str = "") -> None:
        lines(head, "  ")
        if body:
            lines(body, "      ")
        if error:
            lines(f"error: {error}", "      ", style="red")

    due = [o for o in outcomes if o.due]
    idle = [o for o in outcomes if not o.due]
    if due:
        console.print(f"Drafts for session {session} ({len(due)}):")
        for o in due:
            facts = ""
            if o.base:
                facts = (f"base {o.base}, {o.changes} change{'s' if o.changes != 1 else ''}, "
                         f"{o.placeholders} placeholder{'s' if o.placeholders != 1 else ''}")
            if not o.error:
                facts = f"{facts}: {o.output}" if facts else o.output or ""
            block(o.slug, facts, o.error or "")
    else:
        console.print(f"No series is due at session {session}.")
    if idle:
        console.print(f"Not due at session {session} ({len(idle)}):")
        for o in idle:
            block(o.slug, o.reason)
    ok = sum(1 for o in due if not o.error)
    bad = len(due) - ok
    parts = [f"{ok} draft{'s' if ok != 1 else ''} written to {outdir}"]
    if bad:
        parts.append(f"{bad} failed")
    parts.append(f"{len(idle)} series not due")
    lines("; ".join(parts) + ".", "")


__all__ = ["FORMATS", "Job", "Outcome", "due_at", "next_all", "roll"]
