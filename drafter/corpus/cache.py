"""A parsed-corpus cache: SQLite in the user's cache folder, so that a corpus of 20,000 editions
is parsed once, not on every command.

Where: ``$DRAFTER_CACHE_DIR``, else platformdirs' ``user_cache_dir("drafter")``
(``$XDG_CACHE_HOME/drafter`` or ``~/.cache/drafter`` on Linux), file ``corpus-v1.sqlite``.
``--no-cache`` (or ``DRAFTER_NO_CACHE=1``) bypasses it entirely: nothing is read or written.

What is stored, for every edition file seen:

- ``files``: its absolute path, series folder and ``stat`` facts (size, mtime, ctime, inode) with
  the SHA-256 of its content. The stat facts are a fast pre-check: a file is rehashed only when
  one of them changed, and reparsed only when its hash changed. (A file modified less than two
  seconds before it was hashed is rehashed next time, whatever its stat says: same-second
  edits that keep the size cannot slip through.)
- ``parses``: keyed by (content hash, file name), the parsed
  :class:`~drafter.model.resolution.Resolution` as zlib-compressed JSON (``to_json``/``from_json``), or the
  one-line reason the file was skipped. The file name is part of the key because the symbol
  in the name is used when the text prints none.
- ``series``: per series folder, a summary keyed by the hashes of its editions: title, period
  (with evidence), gaps, warnings and the masthead facts of each edition (session, symbol,
  adoption date; no paragraphs). ``drafter series`` lists a warm corpus of 20,000 editions from
  these few hundred rows without deserialising a single edition.

The whole cache is dropped when drafter's own code changes (a fingerprint of the package's
source files), so a parser fix never meets stale parses.

Safety: every write is a SQLite transaction in WAL mode; a process killed at any instant leaves
the database as it was after the last committed transaction. A cache that cannot be opened or
is damaged is moved aside and rebuilt; a cache that cannot be written (read-only folder, disk
full, locked for too long) is skipped with one warning, and the command goes on uncached. The
cache never changes what a command outputs, only how fast.

Cold indexing parses in a process pool (every core, up to the work there is) and shows a
progress bar with a count and an ETA on stderr when stderr is a terminal or the work is large.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
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

from drafter.errors import DrafterError
from drafter.userdirs import NO_CACHE_ENV as ENV_OFF
from drafter.userdirs import cache_enabled as enabled
from drafter.userdirs import disable_cache as disable

if TYPE_CHECKING:
    import sqlite3

    from drafter.corpus.folder import Corpus
    from drafter.engine.series import Series
    from drafter.model.resolution import Resolution

ENV_DIR = "DRAFTER_CACHE_DIR"
DB_NAME = "corpus-v1.sqlite"
SCHEMA = "2"
RACY_NS = 2_000_000_000  # a file modified this recently is rehashed next time
PARALLEL_MIN = 48  # fewer files than this to parse: parse in this process, no pool
LARGE_WORK = 400  # at least this many files to parse: show progress even without a TTY
STOP_GRACE_S = 10.0  # on Ctrl-C, how long workers may take to finish the series in hand
_SUFFIXES = (".txt", ".docx", ".pdf", ".html", ".htm", ".odt", ".doc", ".rtf")  # drafter.corpus.folder.EDITION_SUFFIXES (not imported: speed)
_HEAVY = ("preamble", "operative", "footnotes")


# --- where, and whether ------------------------------------------------------------------------


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


# The code that decides what a parse or a series summary holds. Changing any of these files
# drops the cached parses; tests/test_cache.py checks that every drafter module the readers, the
# parser and make_series import is listed.
PARSE_PATH = (
    "__init__.py", "errors.py", "userdirs.py", "corpus/", "model/", "parse/", "readers/",
    "citations/", "engine/__init__.py", "engine/series.py",
)  # fmt: skip

_fingerprint: str | None = None


def fingerprint() -> str:
    """Identifies the code that produced the cached parses: the cache schema, drafter's
    version, Python's, and the size and modification time of each source file in
    :data:`PARSE_PATH`."""
    global _fingerprint
    if _fingerprint is not None:
        return _fingerprint
    from drafter import __version__

    h = hashlib.sha256(f"{SCHEMA}\0{__version__}\0{sys.version_info[:2]}".encode())
    pkg = Path(__file__).resolve().parents[1]  # the drafter package
    items: list[tuple[str, int, int]] = []
    for entry in PARSE_PATH:
        if entry.endswith("/"):
            try:
                names = sorted(n for n in os.listdir(pkg / entry) if n.endswith(".py"))
            except OSError:
                names = []
            paths = [pkg / entry / n for n in names]
        else:
            paths = [pkg / entry]
        for p in paths:
            try:
                st = p.stat()
            except OSError:
                continue
            items.append((p.relative_to(pkg).as_posix(), st.st_size, st.st_mtime_ns))
    for rel, size, mtime in items:
        h.update(f"{rel}\0{size}\0{mtime}\n".encode())
    _fingerprint = h.hexdigest()[:32]
    return _fingerprint


FACTS_SUFFIX = ".facts.json"  # drafter.corpus.folder.FACTS_SUFFIX (not imported: scanning stays light)

# --- scanning the corpus -----------------------------------------------------------------------


@dataclass
class FileState:
    path: str  # absolute
    name: str
    size: int
    mtime_ns: int
    ctime_ns: int
    ino: int
    sha256: str = ""


@dataclass
class FolderState:
    slug: str
    path: str  # absolute
    files: list[FileState] = field(default_factory=list)

    _key: str | None = None

    def key(self) -> str:
        """Identifies the folder's editions (names and contents) and drafter's code."""
        if self._key is None:
            h = hashlib.sha256(fingerprint().encode())
            for f in sorted(self.files, key=lambda f: f.name):
                h.update(f"{f.name}\0{f.sha256}\n".encode())
            self._key = h.hexdigest()
        return self._key


def _is_series_folder(entry: os.DirEntry[str]) -> bool:
    # drafter.corpus.folder.series_folders: folders not starting with "." or "_"
    if entry.name.startswith((".", "_")):
        return False
    try:
        return entry.is_dir()
    except OSError:
        return False


def _edition_entries(folder: str) -> list[os.DirEntry[str]]:
    # drafter.corpus.folder.edition_files: files (symlinks followed) with an edition suffix, not
    # hidden, not Word lock files, sorted by name
    out = []
    try:
        with os.scandir(folder) as it:
            for e in it:
                if e.name.startswith((".", "~$")):
                    continue
                if not e.name.lower().endswith(_SUFFIXES):
                    continue
                try:
                    if not e.is_file():
                        continue
                except OSError:
                    continue
                out.append(e)
    except OSError:
        return []
    out.sort(key=lambda e: e.name)
    return out


def scan(root: Path, series: Iterable[str] | None = None) -> list[FolderState]:
    """The series folders of ``root`` (only ``series`` when given) with the stat facts of their
    edition files, in the order :func:`drafter.corpus.folder.load_corpus` reads them."""
    wanted = set(series) if series is not None else None
    top = os.path.abspath(root)
    folders: list[FolderState] = []
    try:
        with os.scandir(top) as it:
            entries = sorted((e for e in it if _is_series_folder(e)), key=lambda e: e.name)
    except OSError:
        return []
    for d in entries:
        if wanted is not None and d.name not in wanted:
            continue
        fs = FolderState(slug=d.name, path=os.path.join(top, d.name))
        entries_ = _edition_entries(fs.path)
        sidecars = _sidecars(fs.path) if entries_ else set()
        for e in entries_:
            try:
                st = e.stat()
            except OSError:
                continue
            size, mtime, ctime = st.st_size, st.st_mtime_ns, st.st_ctime_ns
            if e.name + FACTS_SUFFIX in sidecars:  # a sidecar that appears or changes rehashes
                try:
                    fst = os.stat(e.path + FACTS_SUFFIX)
                    size, mtime, ctime = size + fst.st_size, max(mtime, fst.st_mtime_ns), max(ctime, fst.st_ctime_ns)
                except OSError:
                    pass
            fs.files.append(FileState(e.path, e.name, size, mtime, ctime, st.st_ino))
        folders.append(fs)
    return folders


def _sidecars(folder: str) -> set[str]:
    try:
        with os.scandir(folder) as it:
            return {e.name for e in it if e.name.endswith(FACTS_SUFFIX)}
    except OSError:
        return set()


def _hash_file(path: str) -> str | None:
    """The edition's content hash; the facts ``drafter add`` kept beside it (its sidecar
    ``<file>.facts.json``: symbol, date of adoption) are part of what the parse depends on."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return None
    try:
        with open(path + FACTS_SUFFIX, "rb") as f:
            h.update(b"\0facts\0" + f.read(1 << 16))
    except OSError:
        pass
    return h.hexdigest()


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
    PRIMARY KEY (sha256, name)
);
CREATE TABLE IF NOT EXISTS series (
    folder TEXT PRIMARY KEY,
    root TEXT NOT NULL,
    key TEXT NOT NULL,
    summary BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS series_root ON series (root);
"""


class Cache:
    """One connection to the cache database. Use :func:`open_cache`."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        import sqlite3

        self.path = path
        self.sqlite3 = sqlite3
        if readonly:
            uri = Path(path).resolve().as_uri() + "?mode=ro"
            self.db = sqlite3.connect(uri, uri=True, timeout=30, isolation_level=None)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(path), timeout=30, isolation_level=None)
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._setup()
        except BaseException:
            self.db.close()
            raise

    def _setup(self) -> None:
        db = self.db
        have = dict(db.execute("SELECT name, 1 FROM sqlite_master WHERE type='table'").fetchall())
        meta: dict[str, str] = {}
        if "meta" in have:
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        fp = fingerprint()
        if meta.get("schema") == SCHEMA and meta.get("fingerprint") == fp and len(have) >= 4:
            return
        with self.transaction():
            if meta.get("schema") not in (None, SCHEMA):
                for table in ("meta", "files", "parses", "series"):
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
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            with contextlib.suppress(Exception):
                self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.db.close()

    def reopen(self) -> None:
        self.db = self.sqlite3.connect(str(self.path), timeout=30, isolation_level=None)
        self.db.execute("PRAGMA synchronous=NORMAL")

    # reads -------------------------------------------------------------------------------
    def file_rows(self, root: str, folders: list[str] | None) -> dict[str, tuple]:
        if folders is None:
            cur = self.db.execute(
                "SELECT path, size, mtime_ns, ctime_ns, ino, sha256 FROM files WHERE root = ?",
                (root,),
            )
        else:
            rows: list[tuple] = []
            for chunk in _chunks(folders, 400):
                q = ",".join("?" * len(chunk))
                rows += self.db.execute(
                    "SELECT path, size, mtime_ns, ctime_ns, ino, sha256 FROM files "
                    f"WHERE folder IN ({q})",
                    chunk,
                ).fetchall()
            cur = rows  # type: ignore[assignment]
        return {r[0]: r[1:] for r in cur}

    def parsed_keys(self, keys: set[tuple[str, str]]) -> set[tuple[str, str]]:
        """Which of the (sha256, name) keys have a parse stored."""
        have: set[tuple[str, str]] = set()
        shas = sorted({k[0] for k in keys})
        for chunk in _chunks(shas, 400):
            q = ",".join("?" * len(chunk))
            for sha, name in self.db.execute(
                f"SELECT sha256, name FROM parses WHERE sha256 IN ({q})", chunk
            ):
                if (sha, name) in keys:
                    have.add((sha, name))
        return have

    def parses(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], tuple[int, bytes]]:
        want = set(keys)
        out: dict[tuple[str, str], tuple[int, bytes]] = {}
        for chunk in _chunks(sorted({k[0] for k in want}), 400):
            q = ",".join("?" * len(chunk))
            for sha, name, ok, data in self.db.execute(
                f"SELECT sha256, name, ok, data FROM parses WHERE sha256 IN ({q})", chunk
            ):
                if (sha, name) in want:
                    out[(sha, name)] = (ok, data)
        return out

    def summary_keys(self, folders: list[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for chunk in _chunks(folders, 400):
            q = ",".join("?" * len(chunk))
            out.update(
                self.db.execute(f"SELECT folder, key FROM series WHERE folder IN ({q})", chunk)
            )
        return out

    def summaries(self, folders: list[str]) -> dict[str, tuple[str, bytes]]:
        out: dict[str, tuple[str, bytes]] = {}
        for chunk in _chunks(folders, 400):
            q = ",".join("?" * len(chunk))
            for folder, key, summary in self.db.execute(
                f"SELECT folder, key, summary FROM series WHERE folder IN ({q})", chunk
            ):
                out[folder] = (key, summary)
        return out


def _chunks(items: list, n: int) -> Iterator[list]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def open_cache(path: Path | None = None) -> Cache | None:
    """The cache database, created if need be. A damaged file is moved aside and the cache
    rebuilt; when the cache cannot be opened at all, one warning and None."""
    path = path or cache_path()
    try:
        import sqlite3
    except ImportError:  # pragma: no cover - Python built without sqlite3
        return None
    for attempt in (1, 2):
        try:
            return Cache(path)
        except sqlite3.DatabaseError as e:
            msg = str(e).lower()
            if attempt == 1 and ("not a database" in msg or "malformed" in msg or "corrupt" in msg):
                _move_aside(path)
                continue
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


def _encode(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), 6)


def _decode(blob: bytes) -> str:
    return zlib.decompress(blob).decode("utf-8")


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
    """A file the cache remembers as unreadable; ``one_line`` is the stored reason, verbatim."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    def one_line(self) -> str:
        return self.reason


@dataclass
class Task:
    """One series folder to bring up to date: parse ``to_parse`` (paths), then summarise."""

    root: str
    slug: str
    folder: str
    key: str
    files: list[tuple[str, str, str]]  # (path, name, sha256) of every edition, in order
    to_parse: list[str]
    known: dict[str, tuple[int, str]] = field(default_factory=dict)  # path -> cached parse


@dataclass
class Result:
    folder: str
    slug: str
    key: str
    parses: list[tuple[str, str, int, bytes]]  # (sha256, name, ok, blob)
    summary: bytes
    parsed: int


def run_task(task: Task) -> Result:
    """Parse what the folder lacks, then build its series summary (as load_corpus and
    make_series would from scratch)."""
    from drafter.corpus.folder import load_corpus

    fresh: dict[str, tuple[int, str]] = {p: _parse_one(p) for p in task.to_parse}
    known = dict(task.known)
    known.update(fresh)

    def parse(path: Path) -> Resolution:
        from drafter.model.resolution import Resolution

        got = known.get(os.path.abspath(path))
        if got is None:  # appeared since the scan
            ok, text = _parse_one(os.fspath(path))
        else:
            ok, text = got
        if not ok:
            raise CachedSkip(text)
        return Resolution.from_json(text).with_(path=os.fspath(path))

    corpus = load_corpus(task.root, parse=parse, series=[task.slug], cache=False)
    summary = _summarise(task.slug, corpus)
    by_path = {p: (sha, name) for p, name, sha in task.files}
    rows = []
    for p, (ok, text) in fresh.items():
        sha, name = by_path[p]
        rows.append((sha, name, ok, _encode(text)))
    return Result(
        task.folder,
        task.slug,
        task.key,
        rows,
        _encode(json.dumps(summary, ensure_ascii=False)),
        len(fresh),
    )


def _summarise(slug: str, corpus: Corpus) -> dict[str, Any]:
    from drafter.engine.series import make_series

    prefix = slug + "/"
    out: dict[str, Any] = {
        "slug": slug,
        "warnings": [w for w in corpus.warnings if w.startswith(prefix)],
        "series": None,
    }
    eds = corpus.series_editions(slug)
    if not eds:
        return out
    s = make_series(slug, eds)
    out["series"] = {
        "title": s.title,
        "period": [s.period.sessions, s.period.evidence, s.period.source],
        "gaps": list(s.gaps),
        "cited_missing": [list(c) for c in s.cited_missing],
        "warnings": list(s.warnings),
        "editions": [[ed.path.name, _head(ed.resolution)] for ed in s.editions],
    }
    return out


def _worker_init() -> None:
    import signal

    # Ctrl-C is the parent's to handle: it stops the pool; workers must not print tracebacks
    signal.signal(signal.SIGINT, signal.SIG_IGN)


# --- progress ----------------------------------------------------------------------------------


class _Progress:
    """A rich progress bar (count, elapsed, ETA) on stderr when it is a terminal; plain lines
    every 10% when it is not and the work is large; nothing otherwise."""

    def __init__(self, total: int, what: str, *, show: bool | None = None) -> None:
        self.total = total
        self.done = 0
        self.what = what
        self.bar: Any = None
        self.task: Any = None
        self.start = time.monotonic()
        self.next_line = 0.1
        tty = _stderr_tty()
        if show is None:
            show = total > 0 and (tty or total >= LARGE_WORK)
        self.mode = ("bar" if tty else "lines") if show else "none"

    def __enter__(self) -> _Progress:
        if self.mode == "bar":
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("•"),
                TimeElapsedColumn(),
                TextColumn("• ETA"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=False,
            )
            self.bar.__enter__()
            self.task = self.bar.add_task(self.what, total=self.total)
        return self

    def advance(self, n: int) -> None:
        self.done += n
        if self.mode == "bar":
            self.bar.advance(self.task, n)
        elif self.mode == "lines" and self.total and self.done / self.total >= self.next_line:
            elapsed = time.monotonic() - self.start
            rate = self.done / elapsed if elapsed > 0 else 0
            left = (self.total - self.done) / rate if rate else 0
            _line(
                f"drafter: {self.what}: {self.done}/{self.total} "
                f"({self.done * 100 // self.total}%), {elapsed:.0f} s elapsed, "
                f"ETA {left:.0f} s"
            )
            while self.next_line <= self.done / self.total:
                self.next_line += 0.1

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


def _stderr_tty() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _line(text: str) -> None:
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(text + "\n")
        sys.stderr.flush()


# --- indexing ----------------------------------------------------------------------------------


@dataclass
class Index:
    """What :func:`index` found: the folders with their files' hashes, from an open cache."""

    cache: Cache
    root: str  # absolute
    folders: list[FolderState]
    parsed: int = 0  # files parsed by this run
    tasks: int = 0


def index(
    root: Path | str,
    series: Iterable[str] | None = None,
    *,
    cache: Cache | None = None,
    progress: bool | None = None,
    workers: int | None = None,
) -> Index | None:
    """Bring the cache up to date for ``root`` (only the ``series`` folders when given): hash
    what changed, parse what is new (in a process pool when there is much of it) and summarise
    every series whose editions changed. None when the cache cannot be used."""
    own = cache is None
    cache = cache or open_cache()
    if cache is None:
        return None
    try:
        return _index(cache, Path(root), series, progress=progress, workers=workers)
    except cache.sqlite3.OperationalError as e:  # locked for 30 s, disk full, read-only, ...
        _warn(f"the parse cache {cache.path} cannot be used ({e}); going on without it")
        if own:
            cache.close()
        return None
    except cache.sqlite3.DatabaseError as e:
        _warn(f"the parse cache {cache.path} cannot be read ({e}); going on without it")
        if own:
            cache.close()
            _move_aside(cache.path)
        return None


def _index(
    cache: Cache,
    root: Path,
    series: Iterable[str] | None,
    *,
    progress: bool | None,
    workers: int | None,
) -> Index:
    top = os.path.abspath(root)
    full = series is None
    with _no_gc():
        folders = scan(root, series)
        known = cache.file_rows(top, None if full else [f.path for f in folders])

    # 1. content hashes: trust the stored hash while the stat facts are unchanged
    now = time.time_ns()
    changed: list[tuple] = []
    seen: set[str] = set()
    for fs in folders:
        for f in fs.files:
            seen.add(f.path)
            row = known.get(f.path)
            if row is not None and row[:4] == (f.size, f.mtime_ns, f.ctime_ns, f.ino):
                f.sha256 = row[4]
                continue
            sha = _hash_file(f.path)
            if sha is None:  # unreadable: load_corpus will say why
                f.sha256 = "unreadable:" + f.path
                continue
            f.sha256 = sha
            mtime = f.mtime_ns if now - f.mtime_ns > RACY_NS else -1
            changed.append(
                (f.path, top, fs.path, f.name, f.size, mtime, f.ctime_ns, f.ino, f.sha256)
            )
    gone = [p for p in known if p not in seen] if full else []
    if changed or gone:
        with cache.transaction() as db:
            db.executemany("INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?,?,?)", changed)
            db.executemany("DELETE FROM files WHERE path = ?", [(p,) for p in gone])
            if full:
                db.execute(
                    "DELETE FROM series WHERE root = ? AND folder NOT IN "
                    "(SELECT DISTINCT folder FROM files WHERE root = ?)",
                    (top, top),
                )

    # 2. which series need a new summary, and what they need parsed. A summary is stored with
    # (or after) the parses of every edition it was made from, and a parse is deleted only
    # with the last file that has it: an up-to-date summary means nothing to parse.
    stored_keys = cache.summary_keys([fs.path for fs in folders])
    stale = [fs for fs in folders if stored_keys.get(fs.path) != fs.key()]
    have = cache.parsed_keys({(f.sha256, f.name) for fs in stale for f in fs.files})
    tasks: list[Task] = []
    for fs in stale:
        key = fs.key()
        missing = [f for f in fs.files if (f.sha256, f.name) not in have]
        tasks.append(
            Task(
                root=str(root),
                slug=fs.slug,
                folder=fs.path,
                key=key,
                files=[(f.path, f.name, f.sha256) for f in fs.files],
                to_parse=[f.path for f in missing],
            )
        )
    result = Index(cache, top, folders, tasks=len(tasks))
    if tasks:
        result.parsed = _run(cache, tasks, progress=progress, workers=workers)
    if gone:
        with contextlib.suppress(cache.sqlite3.Error), cache.transaction() as db:
            db.execute(
                "DELETE FROM parses WHERE NOT EXISTS (SELECT 1 FROM files f "
                "WHERE f.sha256 = parses.sha256 AND f.name = parses.name)"
            )
    return result


def _load_known(cache: Cache, task: Task) -> None:
    """The cached parses a task needs to summarise its series (the files it does not parse)."""
    need = {(sha, name): p for p, name, sha in task.files if p not in set(task.to_parse)}
    if not need:
        return
    for key, (ok, blob) in cache.parses(need).items():
        task.known[need[key]] = (ok, _decode(blob))


def _store(cache: Cache, r: Result) -> None:
    with cache.transaction() as db:
        db.executemany("INSERT OR REPLACE INTO parses VALUES (?,?,?,?)", r.parses)
        db.execute(
            "INSERT OR REPLACE INTO series VALUES (?,?,?,?)",
            (r.folder, os.path.dirname(r.folder), r.key, r.summary),
        )


def _run(cache: Cache, tasks: list[Task], *, progress: bool | None, workers: int | None) -> int:
    for t in tasks:
        _load_known(cache, t)
    n_parse = sum(len(t.to_parse) for t in tasks)
    n_cpu = workers or _cpus()
    parallel = n_cpu > 1 and n_parse >= PARALLEL_MIN and len(tasks) > 1 and pool_ok()
    # import what the workers need before forking, so that each starts ready
    import drafter.corpus.folder
    import drafter.engine.series  # noqa: F401

    what = "indexing the corpus" if n_parse else "summarising the series"
    total = n_parse or len(tasks)
    done = 0
    if not parallel:
        with _Progress(total, what, show=progress if n_parse >= PARALLEL_MIN else False) as bar:
            for t in tasks:
                r = run_task(t)
                _store(cache, r)
                done += r.parsed
                bar.advance(r.parsed or (0 if n_parse else 1))
        return done

    from concurrent.futures import ProcessPoolExecutor, as_completed, wait
    from concurrent.futures.process import BrokenProcessPool

    # biggest first: the pool stays busy to the end
    tasks = sorted(tasks, key=lambda t: -len(t.to_parse))
    pool = ProcessPoolExecutor(
        max_workers=min(n_cpu, len(tasks)), mp_context=_mp_context(), initializer=_worker_init
    )
    futures = {}
    try:
        # every worker is started by these submits, before the progress bar starts a thread,
        # and without the database connection (a forked SQLite connection must not be used)
        cache.close()
        try:
            for t in tasks:
                futures[pool.submit(run_task, t)] = t
        finally:
            cache.reopen()
        with _Progress(total, what, show=progress) as bar:
            leftover: list[Task] = []
            for fut in as_completed(futures):
                t = futures[fut]
                try:
                    r = fut.result()
                except BrokenProcessPool:
                    leftover.append(t)
                    continue
                _store(cache, r)
                done += r.parsed
                bar.advance(r.parsed or (0 if n_parse else 1))
            for t in leftover:  # a worker died (killed, out of memory): finish here
                r = run_task(t)
                _store(cache, r)
                done += r.parsed
                bar.advance(r.parsed or (0 if n_parse else 1))
    except BaseException:
        # Ctrl-C or an error here: drop the queued series and let each worker finish the one in
        # hand (what was stored is kept, every stored series is whole: one transaction each).
        # A worker terminated while it sends its result leaves half a message in the pool's
        # pipe, which the pool's manager thread then waits for forever, and the interpreter
        # with it at exit: only workers still busy after the grace period are terminated.
        procs = list((getattr(pool, "_processes", None) or {}).values())
        for f in futures:
            f.cancel()  # the queued series (here and now: wait() never counts a future the
            # pool cancels later as done)
        pool.shutdown(wait=False)
        wait([f for f in futures if not f.done()], timeout=STOP_GRACE_S)
        for proc in procs:
            with contextlib.suppress(Exception):
                proc.join(1)
                if proc.is_alive():
                    proc.terminate()
                    proc.join(5)
        raise
    pool.shutdown(wait=True)
    return done


def _cpus() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _mp_context() -> Any:
    import multiprocessing as mp

    # fork where there is one (workers start with drafter already imported); spawn elsewhere
    if "fork" in mp.get_all_start_methods() and sys.platform != "darwin":
        return mp.get_context("fork")
    return mp.get_context("spawn")


def pool_ok() -> bool:
    """Whether worker processes can be started. A spawned worker imports the main module
    again, and ``python -m drafter`` runs the command line at import (``drafter/__main__.py``
    has no ``if __name__ == "__main__"`` guard): there, without fork, work is done in this
    process. The ``drafter`` console script is guarded."""
    if _mp_context().get_start_method() == "fork":
        return True
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    return getattr(spec, "name", None) != "drafter.__main__"


# --- answering from the cache ------------------------------------------------------------------


def cached_parse(
    root: Path | str, series: Iterable[str] | None = None, *, use: bool | None = None
) -> Callable[[Path], Resolution] | None:
    """A parse function for :func:`drafter.corpus.folder.load_corpus` that answers from the cache,
    after bringing it up to date for ``root`` (only the ``series`` folders when given). None
    when the cache is off or cannot be used (the caller then parses)."""
    if not enabled(use):
        return None
    idx = index(root, series)
    if idx is None:
        return None
    try:
        by_path: dict[str, tuple[str, str]] = {
            f.path: (f.sha256, f.name) for fs in idx.folders for f in fs.files
        }
        rows = idx.cache.parses(by_path.values())
    except idx.cache.sqlite3.Error as e:
        _warn(f"the parse cache cannot be read ({e}); going on without it")
        return None
    finally:
        idx.cache.close()
    from drafter.corpus.folder import parse_edition
    from drafter.model.resolution import Resolution

    def parse(path: Path) -> Resolution:
        key = by_path.get(os.path.abspath(path))
        got = rows.get(key) if key else None
        if got is None:  # a file that appeared after the scan
            return parse_edition(path)
        ok, blob = got
        if not ok:
            raise CachedSkip(_decode(blob))
        res = Resolution.from_json(_decode(blob))
        return res.with_(path=os.fspath(path))

    return parse


# --- series overview ---------------------------------------------------------------------------


_STUB_FIELDS = (
    "symbol", "session", "title", "committee", "agenda_item", "report_symbol", "adopted",
    "plenary_meeting", "distributed", "inferred", "warnings", "format", "sha256",
)  # fmt: skip
_PLANS: dict[type, Any] = {}


def _head(res: Resolution) -> list[Any]:
    """The masthead facts of ``res`` (no paragraphs), compact, in :data:`_STUB_FIELDS` order."""
    out: list[Any] = []
    for name in _STUB_FIELDS:
        v = getattr(res, name)
        if name in ("adopted", "distributed"):
            v = v.isoformat() if v else None
        elif name in ("inferred", "warnings"):
            v = [list(x) for x in v] if name == "inferred" else list(v)
        out.append(v)
    return out


def _make(cls: type, values: dict[str, Any]) -> Any:
    """``cls(**values)`` for a frozen dataclass, several times faster for tens of thousands of
    objects: the generated ``__init__`` of a dataclass without ``__post_init__``, slots or
    default factories only assigns the fields, so the instance dictionary is filled directly."""
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _plan(cls)
        _PLANS[cls] = plan
    if plan is None or not (plan[1] <= values.keys() <= plan[2]):
        return cls(**values)
    obj: Any = object.__new__(cls)
    d = obj.__dict__
    d.update(plan[0])
    d.update(values)
    return obj


def _plan(cls: type) -> tuple[dict[str, Any], set[str], set[str]] | None:
    """(defaults, required fields, all fields) of a plain dataclass; None for any other."""
    from dataclasses import MISSING

    fields = getattr(cls, "__dataclass_fields__", None)
    if not fields or hasattr(cls, "__post_init__") or "__slots__" in vars(cls):
        return None
    defaults: dict[str, Any] = {}
    required: set[str] = set()
    for name, f in fields.items():
        if f.default_factory is not MISSING or not f.init:
            return None
        if f.default is MISSING:
            required.add(name)
        else:
            defaults[name] = f.default
    return defaults, required, set(fields)


def _stub(head: list[Any], path: str) -> Resolution:
    """A Resolution with the masthead facts of ``head`` (see :func:`_head`) and no paragraphs."""
    from drafter.model.resolution import Resolution

    (symbol, session, title, committee, agenda_item, report_symbol, adopted, meeting,
     distributed, inferred, warnings, fmt, sha) = head  # fmt: skip
    date = _dt.date.fromisoformat
    return _make(
        Resolution,
        {
            "symbol": symbol,
            "session": session,
            "title": title,
            "committee": committee,
            "agenda_item": agenda_item,
            "report_symbol": report_symbol,
            "adopted": date(adopted) if adopted else None,
            "plenary_meeting": meeting,
            "distributed": date(distributed) if distributed else None,
            "inferred": tuple(map(tuple, inferred)),
            "warnings": tuple(warnings),
            "path": path,
            "format": fmt,
            "sha256": sha,
        },
    )


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Tens of thousands of small objects are built at once, none of them in a cycle: the
    cyclic garbage collector would scan them again and again (a third of the time)."""
    import gc

    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _series_from_summary(root: Path, data: dict[str, Any]) -> Series | None:
    from drafter.corpus.folder import Edition
    from drafter.engine.series import Period, Series

    s = data.get("series")
    if not s:
        return None
    slug = data["slug"]
    folder = root / slug
    # ``folder / name`` parses ``name`` again for every edition; pathlib's own shortcut for a
    # plain child name (what ``iterdir`` uses) is three times faster, where it exists
    child = getattr(folder, "_make_child_relpath", folder.joinpath)
    eds = []
    for name, head in s["editions"]:
        p = child(name) if "/" not in name and name not in (".", "..") else folder / name
        res = _stub(head, str(p))
        eds.append(_make(Edition, {"path": p, "series": slug, "resolution": res}))
    return Series(
        slug=slug,
        title=s["title"],
        editions=tuple(eds),
        period=Period(*s["period"]),
        gaps=tuple(s["gaps"]),
        cited_missing=tuple(tuple(c) for c in s["cited_missing"]),
        warnings=tuple(s["warnings"]),
    )


def _loose_files(root: Path) -> list[str]:
    # as drafter.corpus.folder.load_corpus words them
    out: list[str] = []
    try:
        entries = sorted(root.iterdir())
    except OSError:
        return out
    for p in entries:
        if p.is_file() and p.suffix.lower() in _SUFFIXES and not p.name.startswith("."):
            out.append(f"{p.name} is not in a series folder and was left out")
    return out


def load_series(
    root: Path | str, *, use: bool | None = None, progress: bool | None = None
) -> tuple[Corpus, list[Series]]:
    """Every series of the corpus at ``root`` with its period, gaps and warnings, as
    ``build_series(load_corpus(root))`` gives them, and the corpus (its warnings, its root).

    From a warm cache this reads one summary per series: the editions of these Series and of
    the Corpus carry their masthead facts (session, symbol, title, dates, inferred fields) but
    **no paragraphs** — enough to list, and to tell which series are due; load a series with
    :func:`drafter.corpus.folder.load_corpus` to draft from it. Without the cache, everything is
    parsed and the editions are complete.
    """
    from drafter.corpus.folder import _check_folder, load_corpus
    from drafter.engine.series import build_series

    root = _check_folder(Path(root), "corpus")
    if enabled(use):
        for _ in range(2):  # a file changed between the scan and the reading: scan again
            idx = index(root, None, progress=progress)
            if idx is None:
                break
            try:
                got = _overview(idx, root)
            except idx.cache.sqlite3.Error as e:
                _warn(f"the parse cache cannot be read ({e}); going on without it")
                break
            finally:
                idx.cache.close()
            if got is not None:
                return got
    corpus = load_corpus(root, cache=False)
    return corpus, build_series(corpus)


def _overview(idx: Index, root: Path) -> tuple[Corpus, list[Series]] | None:

    with _no_gc():
        return _overview_rows(idx, root)


def _overview_rows(idx: Index, root: Path) -> tuple[Corpus, list[Series]] | None:
    from drafter.corpus.folder import Corpus

    rows = idx.cache.summaries([fs.path for fs in idx.folders])
    corpus = Corpus(root=root)
    out: list[Series] = []
    for fs in idx.folders:
        row = rows.get(fs.path)
        if row is None or row[0] != fs.key():  # changed under our feet: parse it all
            return None
        data = json.loads(_decode(row[1]))
        corpus.series_slugs.append(fs.slug)
        corpus.warnings.extend(data["warnings"])
        s = _series_from_summary(root, data)
        if s is not None:
            out.append(s)
            corpus.editions.extend(s.editions)
    corpus.warnings.extend(_loose_files(root))
    out.sort(key=lambda s: s.slug)
    return corpus, out


# --- which series a --series option means -------------------------------------------------------


def series_filter(root: Path | str, slug: str | None) -> list[str] | None:
    """The series folders ``load_corpus`` needs for ``--series slug``: the folder of that name,
    else the folders it is a prefix of; None (load all) without a slug or when none matches,
    so that the error names the series there are."""
    if not slug:
        return None
    try:
        with os.scandir(root) as it:
            names = [e.name for e in it if _is_series_folder(e)]
    except OSError:
        return None
    if slug in names:
        return [slug]
    hits = sorted(n for n in names if n.startswith(slug))
    return hits or None


def info(path: Path | None = None) -> dict[str, Any]:
    """Size and counts of the cache (for diagnostics and tests)."""
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
    "Cache",
    "CachedSkip",
    "cache_dir",
    "cache_path",
    "cached_parse",
    "disable",
    "enabled",
    "fingerprint",
    "index",
    "info",
    "load_series",
    "open_cache",
    "scan",
    "series_filter",
]
