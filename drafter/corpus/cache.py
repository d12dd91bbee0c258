"""The corpus store: one SQLite file in the user's cache folder holding what drafter knows about
a corpus, so that a corpus of 20,000 editions is parsed once, not on every command.

Where: ``$DRAFTER_CACHE_DIR``, else platformdirs' ``user_cache_dir("drafter")``
(``$XDG_CACHE_HOME/drafter`` or ``~/.cache/drafter`` on Linux), file ``corpus-v1.sqlite``.
``cache=False`` (``--no-cache``; or ``DRAFTER_NO_CACHE=1`` in the environment) bypasses it
entirely: nothing is read or written.

What is stored, for every edition file seen (the corpus is scanned by
:func:`drafter.corpus.scan.scan`, the one scanner):

- ``files``: its absolute path, series folder and ``stat`` facts (size, mtime, ctime, inode) with
  the SHA-256 of its content. The stat facts are a fast pre-check: a file is rehashed only when
  one of them changed, and reparsed only when its hash changed. (A file modified less than two
  seconds before it was hashed is rehashed next time, whatever its stat says: same-second
  edits that keep the size cannot slip through.)
- ``parses``: keyed by (content hash, file name), the parsed
  :class:`~drafter.model.resolution.Resolution` as zlib-compressed JSON, or the one-line reason
  the file was skipped. The file name is part of the key because the symbol in the name is used
  when the text prints none.
- ``series``: per series folder, its summary (:mod:`drafter.corpus.summary`) keyed by the
  hashes of its editions. ``drafter series`` lists a warm corpus of 20,000 editions from these
  few hundred rows without deserialising a single edition.

Every parse and summary carries a checksum of its key and content: an entry damaged inside the
file (which SQLite's own integrity check does not see) is parsed again, with a warning, never
used. The whole store is dropped when drafter's own code changes
(:func:`drafter.corpus.scan.fingerprint`), so a parser fix never meets stale parses.

Safety: every write is a SQLite transaction in WAL mode; a process killed at any instant leaves
the database as it was after the last committed transaction. A store that cannot be opened or
is damaged is moved aside and rebuilt. A store that cannot be written (a read-only mount) is
read read-only: what it holds is used, what changed is parsed in memory. One that fails while
being written (disk full, locked for too long) is left alone with one warning, and the command
goes on. The store never changes what a command outputs, only how fast.

Cold indexing parses in worker processes (:func:`drafter.parallel.map_with_progress`: every
core, a progress bar, Ctrl-C stops it cleanly; each stored series is whole).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drafter.corpus.scan import (
    PARSE_PATH,
    SCHEMA,
    FileStat,
    FolderScan,
    fingerprint,
    hash_file,
    loose_files,
    scan,
    series_filter,
)
from drafter.errors import DrafterError
from drafter.userdirs import NO_CACHE_ENV as ENV_OFF
from drafter.userdirs import cache_enabled as enabled

if TYPE_CHECKING:
    import sqlite3

    from drafter.corpus.folder import Corpus
    from drafter.engine.series import Series
    from drafter.model.resolution import Resolution

ENV_DIR = "DRAFTER_CACHE_DIR"
DB_NAME = "corpus-v1.sqlite"
RACY_NS = 2_000_000_000  # a file modified this recently is rehashed next time
PARALLEL_MIN = 48  # fewer files than this to parse: parse in this process, no pool


# --- where -------------------------------------------------------------------------------------


def cache_dir() -> Path:
    """``$DRAFTER_CACHE_DIR``, else the user's cache folder of drafter (``~/.cache/drafter`` on
    Linux, as platformdirs says)."""
    from drafter.userdirs import user_dir

    return user_dir("cache", ENV_DIR)


def cache_path() -> Path:
    return cache_dir() / DB_NAME


def _warn(message: str) -> None:
    try:
        sys.stderr.write(f"drafter: warning: {' '.join(message.split())}\n")
    except (OSError, ValueError):
        pass


def _checksum(*parts: str | bytes | int) -> str:
    """Of an entry's key and content: a record damaged or moved inside the file is told."""
    h = hashlib.blake2b(digest_size=16)
    for p in parts:
        h.update(p if isinstance(p, bytes) else str(p).encode("utf-8", "surrogateescape"))
        h.update(b"\0")
    return h.hexdigest()


def _encode(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), 6)


def _decode(blob: bytes) -> str:
    return zlib.decompress(blob).decode("utf-8")


# --- the database ------------------------------------------------------------------------------

_DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    root TEXT NOT NULL,
    folder TEXT NOT NULL,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL,
    ino INTEGER NOT NULL,
    sha256 TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS files_root ON files (root);
CREATE INDEX IF NOT EXISTS files_folder ON files (folder);
CREATE TABLE IF NOT EXISTS parses (
    sha256 TEXT NOT NULL,
    name TEXT NOT NULL,
    ok INTEGER NOT NULL,
    data BLOB NOT NULL,
    checksum TEXT NOT NULL,
    PRIMARY KEY (sha256, name)
);
CREATE TABLE IF NOT EXISTS series (
    folder TEXT PRIMARY KEY,
    root TEXT NOT NULL,
    key TEXT NOT NULL,
    summary BLOB NOT NULL,
    checksum TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS series_root ON series (root);
"""
_TABLES = ("meta", "files", "parses", "series")


class StoreUnusable(Exception):
    """A read-only store written by other code (or not a store at all): it cannot be used."""


def _writable(path: Path) -> bool:
    """Whether the store file at ``path`` can be written (False on a read-only mount)."""
    return os.access(path.parent, os.W_OK) and os.access(path, os.W_OK)


class Cache:
    """One connection to the store. Use :func:`open_cache`."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        import sqlite3

        self.path = path
        self.sqlite3 = sqlite3
        self.readonly = readonly
        self._db: sqlite3.Connection | None = None
        if readonly:
            self._db = self._connect_ro()
            try:
                meta = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
            except sqlite3.Error as e:
                self.close()
                raise StoreUnusable(str(e)) from None
            if meta.get("schema") != SCHEMA or meta.get("fingerprint") != fingerprint():
                self.close()
                raise StoreUnusable("it was written by another version of drafter")
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), timeout=30, isolation_level=None)
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._setup()
        except BaseException:
            self.close()
            raise

    def _connect_ro(self) -> sqlite3.Connection:
        uri = Path(self.path).resolve().as_uri()
        try:
            db = self.sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=30, isolation_level=None)
            db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
            return db
        except self.sqlite3.OperationalError:
            # a WAL database on a read-only mount, without its -shm file: nobody can be
            # writing it there
            return self.sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None)

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:  # closed before workers were forked: open again
            self._db = (
                self._connect_ro()
                if self.readonly
                else self.sqlite3.connect(str(self.path), timeout=30, isolation_level=None)
            )
            if not self.readonly:
                self._db.execute("PRAGMA synchronous=NORMAL")
        return self._db

    def _setup(self) -> None:
        db = self.db
        have = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        meta: dict[str, str] = {}
        if "meta" in have:
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        fp = fingerprint()
        if meta.get("schema") == SCHEMA and meta.get("fingerprint") == fp and have >= set(_TABLES):
            return
        with self.transaction():
            if meta.get("schema") != SCHEMA:
                for table in _TABLES:
                    db.execute(f"DROP TABLE IF EXISTS {table}")
            for stmt in _DDL.split(";"):
                if stmt.strip():
                    db.execute(stmt)
            if meta.get("fingerprint") not in (None, fp):
                # drafter changed: every parse and summary may differ now
                db.execute("DELETE FROM parses")
                db.execute("DELETE FROM series")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA,))
            db.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (fp,))

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT``; rolled back on any exception (Ctrl-C included)."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            with contextlib.suppress(Exception):
                db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(Exception):
                self._db.close()
            self._db = None

    # reads -------------------------------------------------------------------------------
    def file_rows(self, root: str, folders: list[str] | None) -> dict[str, tuple]:
        cols = "path, size, mtime_ns, ctime_ns, ino, sha256"
        if folders is None:
            rows = self.db.execute(f"SELECT {cols} FROM files WHERE root = ?", (root,)).fetchall()
        else:
            rows = []
            for chunk in _chunks(folders, 400):
                q = ",".join("?" * len(chunk))
                rows += self.db.execute(
                    f"SELECT {cols} FROM files WHERE folder IN ({q})", chunk
                ).fetchall()
        return {r[0]: r[1:] for r in rows}

    def parses(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], tuple[int, bytes, str]]:
        """(ok, data, checksum) of the stored parses of these (sha256, name) keys."""
        want = set(keys)
        out: dict[tuple[str, str], tuple[int, bytes, str]] = {}
        for chunk in _chunks(sorted({k[0] for k in want}), 400):
            q = ",".join("?" * len(chunk))
            for sha, name, ok, data, check in self.db.execute(
                f"SELECT sha256, name, ok, data, checksum FROM parses WHERE sha256 IN ({q})", chunk
            ):
                if (sha, name) in want:
                    out[(sha, name)] = (ok, data, check)
        return out

    def summaries(self, folders: list[str]) -> dict[str, tuple[str, bytes, str]]:
        """(key, summary, checksum) of the stored summaries of these series folders."""
        out: dict[str, tuple[str, bytes, str]] = {}
        for chunk in _chunks(folders, 400):
            q = ",".join("?" * len(chunk))
            for folder, key, summary, check in self.db.execute(
                f"SELECT folder, key, summary, checksum FROM series WHERE folder IN ({q})", chunk
            ):
                out[folder] = (key, summary, check)
        return out


def _chunks(items: list, n: int) -> Iterator[list]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def open_cache(path: Path | None = None) -> Cache | None:
    """The store, created if need be; read-only when it cannot be written (a read-only mount).
    A damaged file is moved aside and the store rebuilt; when the store cannot be opened at
    all, one warning and None."""
    path = path or cache_path()
    try:
        import sqlite3
    except ImportError:  # pragma: no cover - Python built without sqlite3
        return None
    if path.is_file() and not _writable(path):
        try:
            return Cache(path, readonly=True)
        except (StoreUnusable, sqlite3.Error) as e:
            _warn(f"the parse cache {path} is read-only and cannot be used ({e}); going on without it")
            return None
    for attempt in (1, 2):
        try:
            return Cache(path)
        except sqlite3.DatabaseError as e:
            msg = str(e).lower()
            if attempt == 1 and ("not a database" in msg or "malformed" in msg or "corrupt" in msg):
                _move_aside(path)
                continue
            if path.is_file() and ("readonly" in msg or "read-only" in msg or "unable to open" in msg):
                try:
                    return Cache(path, readonly=True)
                except (StoreUnusable, sqlite3.Error):
                    pass
            _warn(f"the parse cache {path} cannot be used ({e}); going on without it")
            return None
        except OSError as e:
            _warn(
                f"the parse cache {path} cannot be used ({e.strerror or e}); going on without "
                f"it (set {ENV_DIR} to a writable folder, or use --no-cache)"
            )
            return None
    return None  # pragma: no cover


def _move_aside(path: Path) -> None:
    stamp = time.strftime("%Y%m%dT%H%M%S")
    for suffix in ("", "-wal", "-shm"):
        p = Path(str(path) + suffix)
        if p.exists():
            with contextlib.suppress(OSError):
                os.replace(p, p.with_name(f"{p.name}.damaged-{stamp}"))
    _warn(f"the parse cache {path} was damaged; it was moved aside and is rebuilt")


# --- parsing (in this process or in a worker) --------------------------------------------------


def _parse_one(path: str) -> tuple[int, str]:
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


def _resolution(path: Path, ok: int, text: str) -> Resolution:
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
    parses: list[tuple[str, str, int, str]]  # (sha256, name, ok, JSON or reason)
    summary: str  # JSON
    parsed: int


def run_task(task: Task) -> TaskResult:
    """Parse what the folder lacks, then build its series summary (as load_corpus and
    make_series would from scratch)."""
    from drafter.corpus.folder import load_corpus
    from drafter.corpus.summary import summarise

    fresh: dict[str, tuple[int, str]] = {p: _parse_one(p) for p in task.to_parse}
    known = {**task.known, **fresh}

    def parse(path: Path) -> Resolution:
        got = known.get(os.path.abspath(path)) or _parse_one(os.fspath(path))  # or: appeared since
        return _resolution(path, *got)

    corpus = load_corpus(task.root, parse=parse, series=[task.slug])
    by_path = {p: (sha, name) for p, name, sha in task.files}
    rows = [(*by_path[p], ok, text) for p, (ok, text) in fresh.items()]
    summary = json.dumps(summarise(task.slug, corpus), ensure_ascii=False)
    return TaskResult(task.folder, task.slug, task.key, rows, summary, len(fresh))


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

    def stop_writing(self, e: Exception) -> None:
        if self.writable:
            _warn(f"the parse cache {self.cache.path} cannot be used for writing ({e}); going on without storing")
        self.writable = False


def index(
    root: Path | str,
    series: Iterable[str] | None = None,
    *,
    cache: Cache | None = None,
    progress: bool | None = None,
    workers: int | None = None,
) -> Index | None:
    """Bring the store up to date for ``root`` (only the ``series`` folders when given): hash
    what changed, parse what is new (in worker processes when there is much of it) and
    summarise every series whose editions changed. None when the store cannot be used."""
    own = cache is None
    cache = cache or open_cache()
    if cache is None:
        return None
    try:
        return _index(cache, Path(root), series, progress=progress, workers=workers)
    except cache.sqlite3.OperationalError as e:  # locked for 30 s, disk full, ...
        _warn(f"the parse cache {cache.path} cannot be used ({e}); going on without it")
    except cache.sqlite3.DatabaseError as e:
        _warn(f"the parse cache {cache.path} cannot be read ({e}); going on without it")
        if own and not cache.readonly:
            cache.close()
            _move_aside(cache.path)
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
                db.execute(
                    "DELETE FROM series WHERE root = ? AND folder NOT IN "
                    "(SELECT DISTINCT folder FROM files WHERE root = ?)",
                    (top, top),
                )
            if gone:
                db.execute(
                    "DELETE FROM parses WHERE NOT EXISTS (SELECT 1 FROM files f "
                    "WHERE f.sha256 = parses.sha256 AND f.name = parses.name)"
                )
    except cache.sqlite3.OperationalError as e:
        idx.stop_writing(e)


def _verified_parse(key: tuple[str, str], row: tuple[int, bytes, str], where: str) -> tuple[int, str] | None:
    """A stored parse whose checksum holds, decoded; None (with a warning) when damaged."""
    ok, blob, check = row
    if check == _checksum(key[0], key[1], ok, blob):
        try:
            return ok, _decode(blob)
        except (zlib.error, UnicodeDecodeError):
            pass
    _warn(f"the cached parse of {where} was damaged; it is parsed again")
    return None


def _index(
    cache: Cache,
    root: Path,
    series: Iterable[str] | None,
    *,
    progress: bool | None,
    workers: int | None,
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
    stale: list[FolderScan] = []
    for fs in idx.folders:
        row = stored.get(fs.path)
        if row is None or row[0] != fs.key():
            stale.append(fs)
            continue
        key, blob, check = row
        text = None
        if check == _checksum(fs.path, key, blob):
            with contextlib.suppress(zlib.error, UnicodeDecodeError):
                text = _decode(blob)
        if text is None:
            _warn(f"the cached summary of series {fs.slug} was damaged; it is made again")
            stale.append(fs)
        else:
            idx.summaries[fs.path] = text
    tasks: list[Task] = []
    for fs in stale:
        rows = cache.parses({(f.sha256, f.name) for f in fs.files})
        task = Task(str(root), fs.slug, fs.path, fs.key(), [(f.path, f.name, f.sha256) for f in fs.files], [])
        for f in fs.files:
            pk = (f.sha256, f.name)
            got = _verified_parse(pk, rows[pk], f"{fs.slug}/{f.name}") if pk in rows else None
            if got is None:
                task.to_parse.append(f.path)
            else:
                task.known[f.path] = got
        tasks.append(task)
    idx.tasks = len(tasks)
    if tasks:
        idx.parsed = _run(idx, tasks, progress=progress, workers=workers)
    return idx


def _store(idx: Index, r: TaskResult) -> None:
    idx.summaries[r.folder] = r.summary
    if idx.writable:
        rows = []
        for sha, name, ok, text in r.parses:
            blob = _encode(text)
            rows.append((sha, name, ok, blob, _checksum(sha, name, ok, blob)))
        blob = _encode(r.summary)
        try:
            with idx.cache.transaction() as db:
                db.executemany("INSERT OR REPLACE INTO parses VALUES (?,?,?,?,?)", rows)
                db.execute(
                    "INSERT OR REPLACE INTO series VALUES (?,?,?,?,?)",
                    (r.folder, os.path.dirname(r.folder), r.key, blob, _checksum(r.folder, r.key, blob)),
                )
            return
        except idx.cache.sqlite3.OperationalError as e:
            idx.stop_writing(e)
    for sha, name, ok, text in r.parses:  # not stored: kept for this run
        idx.parses[(sha, name)] = (ok, text)


def _run(idx: Index, tasks: list[Task], *, progress: bool | None, workers: int | None) -> int:
    from drafter.parallel import WorkerDied, map_with_progress

    n_parse = sum(len(t.to_parse) for t in tasks)
    parallel = n_parse >= PARALLEL_MIN and len(tasks) > 1
    # import what the workers need before forking, so that each starts ready
    import drafter.corpus.folder
    import drafter.corpus.summary
    import drafter.engine.series  # noqa: F401

    done = 0

    def stored(i: int, r: TaskResult | WorkerDied) -> None:
        nonlocal done
        if isinstance(r, WorkerDied):  # the worker died twice on it: here, then
            r = run_task(tasks[i])
        _store(idx, r)
        done += r.parsed

    # biggest first: the pool stays busy to the end
    tasks = sorted(tasks, key=lambda t: -len(t.to_parse))
    idx.cache.close()  # a SQLite connection must not be carried across fork(); it reopens
    map_with_progress(
        run_task,
        tasks,
        workers=workers if parallel else 1,
        what="indexing the corpus" if n_parse else "summarising the series",
        show=progress if parallel or n_parse >= PARALLEL_MIN else False,
        weight=(lambda t: len(t.to_parse)) if n_parse else None,
        on_result=stored,
    )
    return done


# --- answering from the store ------------------------------------------------------------------


def cached_parse(
    root: Path | str, series: Iterable[str] | None = None, *, cache: bool | None = None
) -> Callable[[Path], Resolution] | None:
    """A parse function for :func:`drafter.corpus.folder.load_corpus` that answers from the
    store, after bringing it up to date for ``root`` (only the ``series`` folders when given).
    None when the store is off (``cache=False``, or ``None`` and ``DRAFTER_NO_CACHE`` set) or
    cannot be used (the caller then parses)."""
    if not enabled(cache):
        return None
    idx = index(root, series)
    if idx is None:
        return None
    by_path = {f.path: (f.sha256, f.name) for fs in idx.folders for f in fs.files}
    try:
        rows = idx.cache.parses(set(by_path.values()) - idx.parses.keys())
    except idx.cache.sqlite3.Error as e:
        _warn(f"the parse cache cannot be read ({e}); going on without it")
        return None
    finally:
        idx.cache.close()
    from drafter.corpus.folder import parse_edition

    def parse(path: Path) -> Resolution:
        key = by_path.get(os.path.abspath(path))
        if key is None:  # a file that appeared after the scan
            return parse_edition(path)
        got = idx.parses.get(key)
        if got is None and key in rows:
            got = _verified_parse(key, rows[key], f"{Path(path).parent.name}/{key[1]}")
        if got is None:  # damaged: parsed again, and stored again
            got = _parse_one(os.fspath(path))
            _repair(key, got)
        return _resolution(path, *got)

    return parse


def _repair(key: tuple[str, str], got: tuple[int, str]) -> None:
    """Store a parse made again in place of a damaged one (best effort)."""
    cache = open_cache()
    if cache is None or cache.readonly:
        return
    blob = _encode(got[1])
    try:
        with cache.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO parses VALUES (?,?,?,?,?)",
                (*key, got[0], blob, _checksum(*key, got[0], blob)),
            )
    except cache.sqlite3.Error:
        pass
    finally:
        cache.close()


def load_corpus(
    root: Path | str,
    *,
    series: Iterable[str] | None = None,
    cache: bool | None = None,
) -> Corpus:
    """:func:`drafter.corpus.folder.load_corpus` with its parses from the store (``cache=False``:
    parsed afresh, the store neither read nor written; ``None``: unless ``DRAFTER_NO_CACHE``)."""
    from drafter.corpus.folder import _check_folder, parse_edition
    from drafter.corpus.folder import load_corpus as load

    root = _check_folder(Path(root), "corpus")
    wanted = set(series) if series is not None else None
    parse = cached_parse(root, wanted, cache=cache)
    return load(root, parse=parse or parse_edition, series=wanted)


def load_series(
    root: Path | str, *, cache: bool | None = None, progress: bool | None = None
) -> tuple[Corpus, list[Series]]:
    """Every series of the corpus at ``root`` with its period, gaps and warnings, as
    ``build_series(load_corpus(root))`` gives them, and the corpus (its warnings, its root).

    From the store this reads one summary per series: the editions of these Series and of the
    Corpus carry their masthead facts (session, symbol, title, dates, inferred fields) but
    **no paragraphs** — enough to list, and to tell which series are due; load a series with
    :func:`load_corpus` to draft from it. Without the store (``cache=False``), everything is
    parsed and the editions are complete.
    """
    from drafter.corpus.folder import _check_folder
    from drafter.corpus.folder import load_corpus as load
    from drafter.engine.series import build_series

    root = _check_folder(Path(root), "corpus")
    if enabled(cache):
        idx = index(root, None, progress=progress)
        if idx is not None:
            idx.cache.close()
            return _overview(idx, root)
    corpus = load(root)
    return corpus, build_series(corpus)


def _overview(idx: Index, root: Path) -> tuple[Corpus, list[Series]]:
    from drafter.corpus.folder import Corpus
    from drafter.corpus.summary import no_gc, series_from_summary

    corpus = Corpus(root=root)
    out: list[Series] = []
    with no_gc():
        for fs in idx.folders:
            data = json.loads(idx.summaries[fs.path])
            corpus.series_slugs.append(fs.slug)
            corpus.warnings.extend(data["warnings"])
            s = series_from_summary(root, data)
            if s is not None:
                out.append(s)
                corpus.editions.extend(s.editions)
    corpus.warnings.extend(loose_files(root))
    out.sort(key=lambda s: s.slug)
    return corpus, out


def info(path: Path | None = None) -> dict[str, Any]:
    """Size and counts of the store (for diagnostics and tests)."""
    path = path or cache_path()
    out: dict[str, Any] = {"path": str(path), "exists": path.exists()}
    if not path.exists():
        return out
    c = Cache(path, readonly=True)
    try:
        for table in ("files", "parses", "series"):
            out[table] = c.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        out["integrity"] = c.db.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        c.close()
    out["bytes"] = sum(
        Path(str(path) + s).stat().st_size for s in ("", "-wal") if Path(str(path) + s).exists()
    )
    return out


__all__ = [
    "DB_NAME",
    "ENV_DIR",
    "ENV_OFF",
    "PARSE_PATH",
    "Cache",
    "CachedSkip",
    "FileStat",
    "cache_dir",
    "cache_path",
    "cached_parse",
    "enabled",
    "fingerprint",
    "index",
    "info",
    "load_corpus",
    "load_series",
    "open_cache",
    "scan",
    "series_filter",
]
