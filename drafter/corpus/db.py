"""The corpus store's SQLite file: where it is, its tables, one connection to it.

What the tables hold and why is told in :mod:`drafter.corpus.cache`; filling them is
:mod:`drafter.corpus.indexing`'s work. Every parse, summary and paragraph set carries a
checksum of its key and content (:func:`checksum`), so that a record damaged or moved inside
the file, which SQLite's own integrity check does not see, is told and never used.

A store that cannot be written (a read-only mount) is opened read-only (``mode=ro``; or
``immutable=1`` when even that needs a file the mount cannot hold).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import time
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drafter.corpus.scan import SCHEMA, fingerprint

if TYPE_CHECKING:
    import sqlite3

ENV_DIR = "DRAFTER_CACHE_DIR"
DB_NAME = "corpus-v1.sqlite"
MEMORY = ":memory:"
CACHE_KIB = 16384  # SQLite page cache of a connection (KiB): the full-text index merges its segments in it


# --- where -------------------------------------------------------------------------------------


def cache_dir() -> Path:
    """``$DRAFTER_CACHE_DIR``, else the user's cache folder of drafter (``~/.cache/drafter`` on
    Linux, as platformdirs says)."""
    from drafter.userdirs import user_dir

    return user_dir("cache", ENV_DIR)


def cache_path() -> Path:
    return cache_dir() / DB_NAME


def warn(message: str) -> None:
    try:
        sys.stderr.write(f"drafter: warning: {' '.join(message.split())}\n")
    except (OSError, ValueError):
        pass


def checksum(*parts: str | bytes | int | None) -> str:
    """Of an entry's key and content: a record damaged or moved inside the file is told."""
    h = hashlib.blake2b(digest_size=16)
    for p in parts:
        h.update(p if isinstance(p, bytes) else str(p).encode("utf-8", "surrogateescape"))
        h.update(b"\0")
    return h.hexdigest()


def encode(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), 6)


def decode(blob: bytes) -> str:
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
CREATE TABLE IF NOT EXISTS editions (
    folder TEXT NOT NULL,
    root TEXT NOT NULL,
    name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    series TEXT NOT NULL,
    symbol TEXT,
    session INTEGER,
    adopted TEXT,
    title TEXT,
    PRIMARY KEY (folder, name)
);
CREATE INDEX IF NOT EXISTS editions_parse ON editions (sha256, name);
CREATE INDEX IF NOT EXISTS editions_root ON editions (root);
CREATE TABLE IF NOT EXISTS paras (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    number INTEGER,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    checksum TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS paras_parse ON paras (sha256, name);
CREATE VIRTUAL TABLE IF NOT EXISTS paras_fts USING fts5(
    text, content='paras', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS paras_vocab USING fts5vocab(paras_fts, 'row');
CREATE TRIGGER IF NOT EXISTS paras_removed AFTER DELETE ON paras BEGIN INSERT INTO paras_fts(paras_fts, rowid, text) VALUES ('delete', old.id, old.text); END;
"""
_TABLES = ("meta", "files", "parses", "series", "editions", "paras", "paras_fts", "paras_vocab")
_DERIVED = ("parses", "series", "editions", "paras", "paras_fts", "paras_vocab")  # by drafter's code


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
        if str(path) != MEMORY:
            path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), timeout=30, isolation_level=None)
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
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
            self._db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
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
            # another schema: everything goes; drafter changed: every parse, summary and
            # paragraph may differ now (the files' hashes stay good)
            stale = _TABLES if meta.get("schema") != SCHEMA else _DERIVED
            if meta.get("schema") != SCHEMA or meta.get("fingerprint") not in (None, fp):
                for table in reversed(stale):
                    db.execute(f"DROP TABLE IF EXISTS {table}")
            for stmt in _DDL.split(";\n"):
                if stmt.strip():
                    db.execute(stmt)
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

    @classmethod
    def in_memory(cls) -> Cache:
        """A store in memory, for one command run without a store on disk."""
        return cls(Path(MEMORY))

    @property
    def memory(self) -> bool:
        return str(self.path) == MEMORY

    def release(self) -> None:
        """Close the connection before workers are forked (it reopens when next used); a store
        in memory stays open (the workers never touch it)."""
        if not self.memory:
            self.close()

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
            for chunk in chunks(folders, 400):
                q = ",".join("?" * len(chunk))
                rows += self.db.execute(
                    f"SELECT {cols} FROM files WHERE folder IN ({q})", chunk
                ).fetchall()
        return {r[0]: r[1:] for r in rows}

    def parses(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], tuple[int, bytes, str]]:
        """(ok, data, checksum) of the stored parses of these (sha256, name) keys."""
        want = set(keys)
        out: dict[tuple[str, str], tuple[int, bytes, str]] = {}
        for chunk in chunks(sorted({k[0] for k in want}), 400):
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
        for chunk in chunks(folders, 400):
            q = ",".join("?" * len(chunk))
            for folder, key, summary, check in self.db.execute(
                f"SELECT folder, key, summary, checksum FROM series WHERE folder IN ({q})", chunk
            ):
                out[folder] = (key, summary, check)
        return out


def insert_paras(db: sqlite3.Connection, rows: Iterable[tuple[Any, ...]]) -> None:
    """Add paragraphs (sha256, name, kind, number, position, text, checksum) and index their
    words, in the caller's transaction. (All at once, not row by row in a trigger: three times
    faster. Deleted rows leave the index by the trigger ``paras_removed``.)"""
    last = db.execute("SELECT coalesce(max(id), 0) FROM paras").fetchone()[0]
    db.executemany(
        "INSERT INTO paras (sha256, name, kind, number, position, text, checksum) VALUES (?,?,?,?,?,?,?)", rows
    )
    db.execute("INSERT INTO paras_fts(rowid, text) SELECT id, text FROM paras WHERE id > ?", (last,))


def chunks(items: list, n: int) -> Iterator[list]:
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
            warn(f"the parse cache {path} is read-only and cannot be used ({e}); going on without it")
            return None
    for attempt in (1, 2):
        try:
            return Cache(path)
        except sqlite3.DatabaseError as e:
            msg = str(e).lower()
            if attempt == 1 and ("not a database" in msg or "malformed" in msg or "corrupt" in msg):
                move_aside(path)
                continue
            if path.is_file() and ("readonly" in msg or "read-only" in msg or "unable to open" in msg):
                try:
                    return Cache(path, readonly=True)
                except (StoreUnusable, sqlite3.Error):
                    pass
            warn(f"the parse cache {path} cannot be used ({e}); going on without it")
            return None
        except OSError as e:
            warn(
                f"the parse cache {path} cannot be used ({e.strerror or e}); going on without "
                f"it (set {ENV_DIR} to a writable folder, or use --no-cache)"
            )
            return None
    return None  # pragma: no cover


def move_aside(path: Path) -> None:
    stamp = time.strftime("%Y%m%dT%H%M%S")
    for suffix in ("", "-wal", "-shm"):
        p = Path(str(path) + suffix)
        if p.exists():
            with contextlib.suppress(OSError):
                os.replace(p, p.with_name(f"{p.name}.damaged-{stamp}"))
    warn(f"the parse cache {path} was damaged; it was moved aside and is rebuilt")



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
    "Cache",
    "StoreUnusable",
    "cache_dir",
    "cache_path",
    "checksum",
    "decode",
    "encode",
    "info",
    "insert_paras",
    "move_aside",
    "open_cache",
    "warn",
]
