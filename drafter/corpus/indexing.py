"""Bringing the corpus store up to date: hash what changed, parse what is new (in worker
processes when there is much of it), summarise every series whose editions changed, and keep
the paragraphs of every parse for full-text search. See :mod:`drafter.corpus.cache` for what is
stored and how it is answered from.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.corpus.db import (
    Cache,
    checksum,
    decode,
    encode,
    insert_paras,
    move_aside,
    open_cache,
    warn,
)
from drafter.corpus.scan import FolderScan, hash_file, scan
from drafter.errors import DrafterError

if TYPE_CHECKING:
    from drafter.model.resolution import Resolution

RACY_NS = 2_000_000_000  # a file modified this recently is rehashed next time
PARALLEL_MIN = 48  # fewer files than this to parse: parse in this process, no pool

# --- parsing (in this process or in a worker) --------------------------------------------------


def parse_one(path: str) -> tuple[int, str]:
    """(1, Resolution JSON) or (0, the reason the file is skipped, as load_corpus words it)."""
    from drafter.corpus.folder import parse_edition

    try:
        res = parse_edition(Path(path))
    except DrafterError as e:
        return 0, e.one_line()
    except Exception as e:  # a bad file must not take the corpus down (as in load_corpus)
        return 0, f"{type(e).__name__}: {e}"
    return 1, res.to_json(indent=None)


class CachedSkip(DrafterError):
    """A file the store remembers as unreadable; ``one_line`` is the stored reason, verbatim."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    def one_line(self) -> str:
        return self.reason


def resolution_of(path: Path, ok: int, text: str) -> Resolution:
    from drafter.model.resolution import Resolution

    if not ok:
        raise CachedSkip(text)
    return Resolution.from_json(text).with_(path=os.fspath(path))


@dataclass
class Task:
    """One series folder to bring up to date: parse ``to_parse`` (paths), then summarise."""

    root: str
    slug: str
    folder: str
    key: str
    files: list[tuple[str, str, str]]  # (path, name, sha256) of every edition, in order
    to_parse: list[str]
    known: dict[str, tuple[int, str]] = field(default_factory=dict)  # path -> stored parse


@dataclass
class TaskResult:
    folder: str
    slug: str
    key: str
    parses: list[tuple[str, str, int, bytes, str]]  # (sha256, name, ok, JSON or reason zipped, checksum)
    summary: str  # JSON
    parsed: int
    paras: list[tuple[str, str, str, int | None, int, str, str]] = field(default_factory=list)  # Para + checksum
    shas: dict[str, str] = field(default_factory=dict)  # file name -> sha256, every edition


Para = tuple[str, str, str, int | None, int, str]  # (sha256, name, kind, number, position, text)


def paragraphs(key: tuple[str, str], res: Resolution) -> list[Para]:
    """The paragraphs of a parse, as full-text search finds them: preambular paragraphs by
    position, operative ones by number (sub-paragraphs and footnote markers folded in)."""
    out: list[Para] = [(*key, "preamble", None, i, p.full_text()) for i, p in enumerate(res.preamble, 1)]
    out += [(*key, "operative", p.number, i, p.full_text()) for i, p in enumerate(res.operative, 1)]
    return out


def run_task(task: Task) -> TaskResult:
    """Parse what the folder lacks, then build its series summary (as load_corpus and
    make_series would from scratch)."""
    from drafter.corpus.folder import load_corpus
    from drafter.corpus.summary import summarise

    fresh: dict[str, tuple[int, str]] = {p: parse_one(p) for p in task.to_parse}
    known = {**task.known, **fresh}

    def parse(path: Path) -> Resolution:
        got = known.get(os.path.abspath(path)) or parse_one(os.fspath(path))  # or: appeared since
        return resolution_of(path, *got)

    corpus = load_corpus(task.root, parse=parse, series=[task.slug])
    by_path = {p: (sha, name) for p, name, sha in task.files}
    # compressed and checksummed here, in the worker: the parent only stores
    rows = []
    for p, (ok, text) in fresh.items():
        sha, name = by_path[p]
        blob = encode(text)
        rows.append((sha, name, ok, blob, checksum(sha, name, ok, blob)))
    paras = []
    for ed in corpus.editions:
        path = os.path.abspath(ed.path)
        if path in fresh and path in by_path:
            paras += [(*para, checksum(*para)) for para in paragraphs(by_path[path], ed.resolution)]
    summary = json.dumps(summarise(task.slug, corpus), ensure_ascii=False)
    shas = {name: sha for _, name, sha in task.files}
    return TaskResult(task.folder, task.slug, task.key, rows, summary, len(fresh), paras, shas)


# --- indexing ----------------------------------------------------------------------------------


@dataclass
class Index:
    """What :func:`index` found: the folders with their files' hashes and every folder's
    summary (JSON), from an open store. Parses made but not stored (a read-only store, a failed
    write) are kept in ``parses``."""

    cache: Cache
    root: str  # absolute
    folders: list[FolderScan]
    summaries: dict[str, str] = field(default_factory=dict)  # folder -> summary JSON
    parses: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)
    writable: bool = True
    parsed: int = 0  # files parsed by this run
    tasks: int = 0
    summarised: list[str] = field(default_factory=list)  # series made again by this run
    had_summaries: bool = False  # the store held a summary for one of the folders

    def stop_writing(self, e: Exception) -> None:
        if self.writable:
            warn(f"the parse cache {self.cache.path} cannot be used for writing ({e}); going on without storing")
        self.writable = False


def index(
    root: Path | str,
    series: Iterable[str] | None = None,
    *,
    cache: Cache | None = None,
    progress: bool | None = None,
    workers: int | None = None,
    on_work: Callable[[str, int], None] | None = None,
) -> Index | None:
    """Bring the store up to date for ``root`` (only the ``series`` folders when given): hash
    what changed, parse what is new (in worker processes when there is much of it) and
    summarise every series whose editions changed. None when the store cannot be used.
    ``on_work("built" or "updated", files to parse)`` is called before any parsing."""
    own = cache is None
    cache = cache or open_cache()
    if cache is None:
        return None
    try:
        return _index(cache, Path(root), series, progress=progress, workers=workers, on_work=on_work)
    except cache.sqlite3.OperationalError as e:  # locked for 30 s, disk full, ...
        warn(f"the parse cache {cache.path} cannot be used ({e}); going on without it")
    except cache.sqlite3.DatabaseError as e:
        warn(f"the parse cache {cache.path} cannot be read ({e}); going on without it")
        if own and not cache.readonly:
            cache.close()
            move_aside(cache.path)
    if own:
        cache.close()
    return None


def _hashes(idx: Index, full: bool) -> None:
    """Every file's content hash: the stored one while the stat facts are unchanged."""
    cache, top = idx.cache, idx.root
    known = cache.file_rows(top, None if full else [f.path for f in idx.folders])
    now = time.time_ns()
    changed: list[tuple] = []
    seen: set[str] = set()
    for fs in idx.folders:
        for f in fs.files:
            seen.add(f.path)
            row = known.get(f.path)
            if row is not None and row[:4] == (f.size, f.mtime_ns, f.ctime_ns, f.ino):
                f.sha256 = row[4]
                continue
            sha = hash_file(f.path)
            if sha is None:  # unreadable: load_corpus will say why
                f.sha256 = "unreadable:" + f.path
                continue
            f.sha256 = sha
            mtime = f.mtime_ns if now - f.mtime_ns > RACY_NS else -1
            changed.append((f.path, top, fs.path, f.name, f.size, mtime, f.ctime_ns, f.ino, sha))
    gone = [p for p in known if p not in seen] if full else []
    if not (changed or gone) or not idx.writable:
        return
    try:
        with cache.transaction() as db:
            db.executemany("INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?,?,?)", changed)
            db.executemany("DELETE FROM files WHERE path = ?", [(p,) for p in gone])
            if full:
                for table in ("series", "editions"):
                    db.execute(
                        f"DELETE FROM {table} WHERE root = ? AND folder NOT IN "
                        "(SELECT DISTINCT folder FROM files WHERE root = ?)",
                        (top, top),
                    )
            if gone:  # a parse (and its paragraphs) goes with the last file that has it
                for table in ("parses", "paras"):
                    db.execute(
                        f"DELETE FROM {table} WHERE NOT EXISTS (SELECT 1 FROM files f "
                        f"WHERE f.sha256 = {table}.sha256 AND f.name = {table}.name)"
                    )
    except cache.sqlite3.OperationalError as e:
        idx.stop_writing(e)


def verified_parse(key: tuple[str, str], row: tuple[int, bytes, str], where: str) -> tuple[int, str] | None:
    """A stored parse whose checksum holds, decoded; None (with a warning) when damaged."""
    ok, blob, check = row
    if check == checksum(key[0], key[1], ok, blob):
        try:
            return ok, decode(blob)
        except (zlib.error, UnicodeDecodeError):
            pass
    warn(f"the cached parse of {where} was damaged; it is parsed again")
    return None


def _index(
    cache: Cache,
    root: Path,
    series: Iterable[str] | None,
    *,
    progress: bool | None,
    workers: int | None,
    on_work: Callable[[str, int], None] | None = None,
) -> Index:
    from drafter.corpus.summary import no_gc

    full = series is None
    with no_gc():
        idx = Index(cache, os.path.abspath(root), scan(root, series), writable=not cache.readonly)
        _hashes(idx, full)

    # Which series need a new summary, and what they need parsed. A summary is stored with (or
    # after) the parses of every edition it was made from, and a parse is deleted only with the
    # last file that has it: an up-to-date summary means nothing to parse.
    stored = cache.summaries([fs.path for fs in idx.folders])
    idx.had_summaries = bool(stored)
    stale: list[FolderScan] = []
    for fs in idx.folders:
        row = stored.get(fs.path)
        if row is None or row[0] != fs.key():
            stale.append(fs)
            continue
        key, blob, check = row
        text = None
        if check == checksum(fs.path, key, blob):
            with contextlib.suppress(zlib.error, UnicodeDecodeError):
                text = decode(blob)
        if text is None:
            warn(f"the cached summary of series {fs.slug} was damaged; it is made again")
            stale.append(fs)
        else:
            idx.summaries[fs.path] = text
    tasks: list[Task] = []
    for fs in stale:
        rows = cache.parses({(f.sha256, f.name) for f in fs.files})
        task = Task(str(root), fs.slug, fs.path, fs.key(), [(f.path, f.name, f.sha256) for f in fs.files], [])
        for f in fs.files:
            pk = (f.sha256, f.name)
            got = verified_parse(pk, rows[pk], f"{fs.slug}/{f.name}") if pk in rows else None
            if got is None:
                task.to_parse.append(f.path)
            else:
                task.known[f.path] = got
        tasks.append(task)
    idx.tasks = len(tasks)
    idx.summarised = [t.slug for t in tasks]
    if tasks and on_work is not None:
        on_work("updated" if idx.had_summaries else "built", sum(len(t.to_parse) for t in tasks))
    if tasks:
        idx.parsed = _run(idx, tasks, progress=progress, workers=workers)
    return idx


BATCH_PARAS = 20_000  # results are stored in one transaction once they hold this many paragraphs


def _store(idx: Index, results: list[TaskResult]) -> None:
    """Whole series, in one transaction: their new parses with their paragraphs, their
    summaries, and their editions' facts for search. (Several series per transaction: the
    full-text index writes one segment per transaction.)"""
    from drafter.corpus.summary import edition_facts

    for r in results:
        idx.summaries[r.folder] = r.summary
    if idx.writable and results:
        try:
            with idx.cache.transaction() as db:
                for r in results:
                    blob = encode(r.summary)
                    root = os.path.dirname(r.folder)
                    editions = [
                        (r.folder, root, name, r.shas.get(name, ""), r.slug, *facts)
                        for name, *facts in edition_facts(json.loads(r.summary))
                    ]
                    db.executemany("INSERT OR REPLACE INTO parses VALUES (?,?,?,?,?)", r.parses)
                    db.executemany("DELETE FROM paras WHERE sha256 = ? AND name = ?", [row[:2] for row in r.parses])
                    insert_paras(db, r.paras)
                    db.execute(
                        "INSERT OR REPLACE INTO series VALUES (?,?,?,?,?)",
                        (r.folder, root, r.key, blob, checksum(r.folder, r.key, blob)),
                    )
                    db.execute("DELETE FROM editions WHERE folder = ?", (r.folder,))
                    db.executemany("INSERT INTO editions VALUES (?,?,?,?,?,?,?,?,?)", editions)
            return
        except idx.cache.sqlite3.OperationalError as e:
            idx.stop_writing(e)
    for r in results:
        for sha, name, ok, blob, _ in r.parses:  # not stored: kept for this run
            idx.parses[(sha, name)] = (ok, decode(blob))


def _run(idx: Index, tasks: list[Task], *, progress: bool | None, workers: int | None) -> int:
    from drafter.parallel import WorkerDied, map_with_progress

    n_parse = sum(len(t.to_parse) for t in tasks)
    parallel = n_parse >= PARALLEL_MIN and len(tasks) > 1
    # import what the workers need before forking, so that each starts ready
    import drafter.corpus.folder
    import drafter.corpus.summary
    import drafter.engine.series  # noqa: F401

    done = 0
    pending: list[TaskResult] = []

    def flush() -> None:
        _store(idx, pending)
        pending.clear()

    def stored(i: int, r: TaskResult | WorkerDied) -> None:
        nonlocal done
        if isinstance(r, WorkerDied):  # the worker died twice on it: here, then
            r = run_task(tasks[i])
        pending.append(r)
        done += r.parsed
        if sum(len(p.paras) for p in pending) >= BATCH_PARAS:
            flush()

    # biggest first: the pool stays busy to the end
    tasks = sorted(tasks, key=lambda t: -len(t.to_parse))
    idx.cache.release()  # a SQLite connection must not be carried across fork(); it reopens
    try:
        map_with_progress(
            run_task,
            tasks,
            workers=workers if parallel else 1,
            what="indexing the corpus" if n_parse else "summarising the series",
            show=progress if parallel or n_parse >= PARALLEL_MIN else False,
            weight=(lambda t: len(t.to_parse)) if n_parse else None,
            on_result=stored,
            keep=False,  # stored as they come: memory bounded by a batch and the series in hand
        )
    finally:  # interrupted too: what was done is kept
        flush()
    return done


def repair(key: tuple[str, str], got: tuple[int, str]) -> None:
    """Store a parse made again in place of a damaged one (best effort)."""
    cache = open_cache()
    if cache is None or cache.readonly:
        return
    blob = encode(got[1])
    try:
        with cache.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO parses VALUES (?,?,?,?,?)",
                (*key, got[0], blob, checksum(*key, got[0], blob)),
            )
    except cache.sqlite3.Error:
        pass
    finally:
        cache.close()


__all__ = ["CachedSkip", "Index", "Task", "TaskResult", "index", "run_task"]
