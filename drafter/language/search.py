"""Precedent search: where has the Assembly already used this language?

Every paragraph of every edition of every series goes into a SQLite index with full-text search
(FTS5), kept in the cache directory (``$DRAFTER_CACHE_DIR``, else platformdirs'
``user_cache_dir("drafter")``), one index per corpus folder. A search

1. makes sure the index is fresh: each corpus file's size and mtime are compared with what the
   index recorded; a file whose size or mtime moved is hashed (SHA-256), and when its content
   did change, the series folders concerned are parsed again. Any change is written to a copy
   of the index that then replaces it with one ``os.replace``: an interrupted build or update
   never leaves a half-written index behind, and a reader never sees one;
2. narrows the candidates with FTS5: the phrase's rarer words (fewest paragraphs, by the
   index's own vocabulary), joined with OR, best ``bm25`` first;
3. scores each candidate with rapidfuzz ``fuzz.partial_ratio`` on normalised text (lower case,
   punctuation as spaces) and locates the matched words with ``partial_ratio_alignment``,
   widened to whole words and mapped back to offsets in the paragraph's own text.

Paragraphs with the same words in several editions of a series are one hit, shown at its
latest edition with every edition that carries it (oldest first: where the language entered).
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as _dt
import hashlib
import json
import os
import re
import secrets
import shutil
import sqlite3
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from drafter.errors import DrafterError

CACHE_ENV = "DRAFTER_CACHE_DIR"
INDEX_VERSION = "3"
CANDIDATES = 200  # FTS5 candidates scored with rapidfuzz
MAX_TERMS = 8  # rarer words of the phrase sent to FTS5
MIN_SCORE = 60.0
RARE_MIN = 500  # a word in at most this many paragraphs (or 1/RARE_SHARE of them) is rare
RARE_SHARE = 200
COMMON_TERMS = 4  # common words of the phrase, any all-but-one of which a candidate must have
RANK_BUDGET = 0.15  # seconds for ranking one FTS5 query by bm25; beyond it, unranked
STALE_TEMP_SECONDS = 3600
RECENT_NS = 2_000_000_000

STOPWORDS = frozenset(
    """a about above after again against all also an and any are as at be been before being
    between both but by can could did do does doing during each few for from further had has
    have having he her here hers him his how i if in into is it its itself may me more most
    must my no nor not of off on once only or other our ours out over own same shall she
    should so some such than that the their theirs them then there these they this those
    through to too under until up upon very was we were what when where which while who whom
    why will with would you your""".split()
)

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files(rel TEXT PRIMARY KEY, series TEXT NOT NULL, size INTEGER NOT NULL,
                   mtime_ns INTEGER NOT NULL, sha256 TEXT NOT NULL);
CREATE INDEX files_series ON files(series);
CREATE TABLE editions(id INTEGER PRIMARY KEY, series TEXT NOT NULL, file TEXT, symbol TEXT,
                      session INTEGER, adopted TEXT, title TEXT);
CREATE INDEX editions_series ON editions(series);
CREATE TABLE paras(id INTEGER PRIMARY KEY, edition INTEGER NOT NULL, kind TEXT NOT NULL,
                   number INTEGER, position INTEGER NOT NULL, text TEXT NOT NULL);
CREATE INDEX paras_edition ON paras(edition);
CREATE VIRTUAL TABLE paras_fts USING fts5(text, content='paras', content_rowid='id',
                                          tokenize='unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE paras_vocab USING fts5vocab(paras_fts, 'row');
CREATE TABLE terms(term TEXT PRIMARY KEY, doc INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE folders(series TEXT PRIMARY KEY, signature TEXT NOT NULL) WITHOUT ROWID;
"""


# --- where the index lives ---------------------------------------------------------------------


def cache_dir() -> Path:
    """``$DRAFTER_CACHE_DIR``, else the user cache directory of drafter (platformdirs)."""
    from drafter.userdirs import user_dir

    return user_dir("cache", CACHE_ENV)


def _root_key(root: Path) -> str:
    return str(Path(root).expanduser().resolve())


def index_path(root: Path, cache: Path | None = None) -> Path:
    """The index file of the corpus at ``root``: one per (resolved) corpus path."""
    digest = hashlib.sha256(_root_key(root).encode("utf-8")).hexdigest()[:16]
    return (cache or cache_dir()) / f"search-{digest}.sqlite3"


# the modules whose code decides what goes into the index (the parse and the series' inferences)
INDEXED_BY = (
    "__init__.py", "corpus/", "model/", "parse/", "readers/", "citations/", "engine/__init__.py",
    "engine/series.py",
    "language/search.py",
)  # fmt: skip
_versions: dict[str, str] = {}


def _version() -> str:
    """The index format, drafter's version, and the size and mtime of each module in
    :data:`INDEXED_BY`: a parser fix makes every index be built again."""
    if "v" in _versions:
        return _versions["v"]
    from drafter import __version__

    pkg = Path(__file__).resolve().parents[1]  # the drafter package
    h = hashlib.sha256()
    for entry in INDEXED_BY:
        paths = sorted((pkg / entry).glob("*.py")) if entry.endswith("/") else [pkg / entry]
        for p in paths:
            try:
                st = p.stat()
            except OSError:
                continue
            h.update(f"{p.relative_to(pkg)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    _versions["v"] = f"{INDEX_VERSION}/{__version__}/{h.hexdigest()[:16]}"
    return _versions["v"]


# --- what goes into the index ------------------------------------------------------------------


@dataclass(frozen=True)
class IndexedParagraph:
    kind: str  # "preamble" or "operative"
    number: int | None
    position: int  # 1-based within its kind
    text: str


@dataclass(frozen=True)
class IndexedEdition:
    series: str
    file: str | None
    symbol: str | None
    session: int | None
    adopted: _dt.date | None
    title: str | None
    paragraphs: tuple[IndexedParagraph, ...]

    @classmethod
    def of(cls, series: str, res: Any, file: str | None = None) -> IndexedEdition:
        """From a :class:`drafter.model.resolution.Resolution`."""
        paras = [IndexedParagraph("preamble", None, i, p.full_text()) for i, p in enumerate(res.preamble, 1)]
        paras += [IndexedParagraph("operative", p.number, i, p.full_text()) for i, p in enumerate(res.operative, 1)]
        return cls(series, file, res.symbol, res.session, res.adopted, res.title, tuple(paras))


@dataclass(frozen=True)
class FileState:
    rel: str  # "<series>/<file name>"
    series: str
    size: int
    mtime_ns: int
    sha256: str = ""


@dataclass(frozen=True)
class IndexInfo:
    path: Path
    action: str  # "fresh", "built", "updated"
    seconds: float
    files: int
    reparsed_series: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


# --- building ----------------------------------------------------------------------------------


def _connect_new(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA journal_mode=OFF")  # a temporary file: thrown away if anything fails
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-65536")
    return conn


def _insert_editions(conn: sqlite3.Connection, editions: Iterable[IndexedEdition]) -> tuple[int, int]:
    n_ed = n_par = 0
    ed_sql = "INSERT INTO editions(series, file, symbol, session, adopted, title) VALUES (?,?,?,?,?,?)"
    next_id = (conn.execute("SELECT coalesce(max(id), 0) FROM paras").fetchone()[0] or 0) + 1
    rows: list[tuple[Any, ...]] = []
    fts: list[tuple[int, str]] = []

    def flush() -> None:
        conn.executemany("INSERT INTO paras(id, edition, kind, number, position, text) VALUES (?,?,?,?,?,?)", rows)
        conn.executemany("INSERT INTO paras_fts(rowid, text) VALUES (?,?)", fts)
        rows.clear()
        fts.clear()

    for ed in editions:
        cur = conn.execute(ed_sql, (ed.series, ed.file, ed.symbol, ed.session, ed.adopted.isoformat() if ed.adopted else None, ed.title))
        eid = cur.lastrowid
        n_ed += 1
        for p in ed.paragraphs:
            rows.append((next_id, eid, p.kind, p.number, p.position, p.text))
            fts.append((next_id, p.text))
            next_id += 1
            n_par += 1
        if len(rows) >= 20000:
            flush()
    flush()
    return n_ed, n_par


def _fsync(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _temp_for(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}")


def _remove(path: Path) -> None:
    for p in (path, path.with_name(path.name + "-journal"), path.with_name(path.name + "-wal")):
        with contextlib.suppress(OSError):
            p.unlink()


def _clean_stale_temps(path: Path) -> None:
    """Temporary files of builds that were killed (older than an hour: not a build running now)."""
    now = time.time()
    for p in path.parent.glob(f".{path.name}.tmp-*"):
        with contextlib.suppress(OSError):
            if now - p.stat().st_mtime > STALE_TEMP_SECONDS:
                p.unlink()


def _atomic_db(path: Path, fill: Callable[[sqlite3.Connection], None], *, copy_from: Path | None = None) -> None:
    """Write a database at a temporary name next to ``path`` (a copy of ``copy_from``, or a new
    one with the schema), let ``fill`` write into it, then move it over ``path`` in one step.
    On any failure (Ctrl-C included) the temporary file is removed and ``path`` is untouched."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise _unwritable(path, e) from None
    _clean_stale_temps(path)
    tmp = _temp_for(path)
    try:
        if copy_from is not None:
            shutil.copyfile(copy_from, tmp)
        conn = _connect_new(tmp)
        try:
            if copy_from is None:
                conn.executescript(_SCHEMA)
            conn.execute("BEGIN")
            fill(conn)
            _refresh_stats(conn)
            conn.execute("COMMIT")
            if copy_from is None:
                conn.execute("INSERT INTO paras_fts(paras_fts) VALUES('optimize')")
        finally:
            conn.close()
        _fsync(tmp)
        os.replace(tmp, path)
        _fsync(path.parent)
    except (OSError, sqlite3.OperationalError) as e:
        _remove(tmp)
        raise _unwritable(path, e) from None
    except BaseException:
        _remove(tmp)
        raise


def _unwritable(path: Path, e: BaseException) -> DrafterError:
    reason = getattr(e, "strerror", None) or str(e)
    return DrafterError(
        f"cannot write the search index {path}: {reason}",
        hint=f"set {CACHE_ENV} to a writable folder with free space",
    )


def _refresh_stats(conn: sqlite3.Connection) -> None:
    """How many paragraphs have each word (read at query time to pick the rarer words), and
    how many paragraphs there are."""
    conn.execute("DELETE FROM terms")
    conn.execute("INSERT INTO terms(term, doc) SELECT term, doc FROM paras_vocab")
    n = conn.execute("SELECT count(*) FROM paras").fetchone()[0]
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('paragraphs', ?)", (str(n),))


def _set_meta(conn: sqlite3.Connection, root: str) -> None:
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('version', ?)", (_version(),))
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('root', ?)", (root,))
    conn.execute(
        "INSERT OR REPLACE INTO meta(key, value) VALUES ('updated', ?)",
        (_dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),),
    )


def write_index(path: Path, editions: Iterable[IndexedEdition], *, root: str = "", files: Sequence[FileState] = ()) -> tuple[int, int]:
    """Build a new index at ``path`` from ``editions`` (atomically). Returns (editions, paragraphs).

    Used for a corpus folder by :func:`ensure_index`, and directly by the benchmark."""
    counts = [0, 0]

    def fill(conn: sqlite3.Connection) -> None:
        _set_meta(conn, root)
        _record_files(conn, files)
        counts[0], counts[1] = _insert_editions(conn, editions)

    _atomic_db(path, fill)
    return counts[0], counts[1]


# --- the corpus side ---------------------------------------------------------------------------


Listing = dict[str, list[tuple[str, int, int]]]  # series -> [(file name, size, mtime_ns)]


def scan_corpus(root: Path) -> Listing:
    """Every file the corpus' parses depend on, with its size and mtime (no hashing), by series
    folder: the edition files (as :func:`drafter.corpus.folder.edition_files` lists them) and their
    ``.facts.json`` sidecars. One ``stat`` per file."""
    from drafter.corpus.folder import EDITION_SUFFIXES, FACTS_SUFFIX

    suffixes = (*EDITION_SUFFIXES, FACTS_SUFFIX)
    out: Listing = {}
    try:
        folders = [d for d in os.scandir(root) if not d.name.startswith((".", "_")) and d.is_dir()]
    except OSError as err:
        raise DrafterError(f"corpus folder {root} cannot be read: {err.strerror or err}") from None
    for folder in folders:
        files: list[tuple[str, int, int]] = []
        try:
            with os.scandir(folder.path) as it:
                for e in it:
                    name = e.name
                    if name.startswith((".", "~$")) or not name.lower().endswith(suffixes):
                        continue
                    try:
                        if e.is_file():
                            st = e.stat()
                            files.append((name, st.st_size, st.st_mtime_ns))
                    except OSError:
                        continue
        except OSError:
            continue
        files.sort()
        out[folder.name] = files
    return out


def _signature(files: list[tuple[str, int, int]]) -> str:
    """One digest for a folder's listing: equal digests, nothing to check file by file."""
    h = hashlib.sha256()
    for name, size, mtime in files:
        h.update(f"{name}\t{size}\t{mtime}\n".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def _record_files(conn: sqlite3.Connection, files: Sequence[FileState], listing: Listing | None = None) -> None:
    """Record ``files``, and the signature of each of their folders: the folder as scanned
    (``listing``, when given) with what is recorded for ``files``, else ``files`` alone."""
    conn.executemany(
        "INSERT OR REPLACE INTO files(rel, series, size, mtime_ns, sha256) VALUES (?,?,?,?,?)",
        [(f.rel, f.series, f.size, f.mtime_ns, f.sha256) for f in files],
    )
    recorded: dict[str, dict[str, tuple[int, int]]] = {}
    for f in files:
        recorded.setdefault(f.series, {})[f.rel.split("/", 1)[1]] = (f.size, f.mtime_ns)
    rows = []
    for series, mine in recorded.items():
        base = listing.get(series, []) if listing is not None else []
        entries = {name: (size, mtime) for name, size, mtime in base} | mine
        rows.append((series, _signature(sorted((n, sz, mt) for n, (sz, mt) in entries.items()))))
    conn.executemany("INSERT OR REPLACE INTO folders(series, signature) VALUES (?, ?)", rows)


def _sha256(path: Path) -> str:
    from drafter.fsutil import sha256_file

    try:
        return sha256_file(path)
    except OSError:
        return ""


def _parse_series(root: Path, slugs: Iterable[str], warnings: list[str]) -> list[IndexedEdition]:
    """Parse the series folders ``slugs`` (symbols and titles inferred across each series)."""
    from drafter.corpus.folder import load_corpus
    from drafter.engine.series import make_series

    wanted = sorted(set(slugs))
    if not wanted:
        return []
    corpus = load_corpus(root, series=wanted)
    warnings.extend(w for w in corpus.warnings if "/" in w.split(" ", 1)[0])
    out: list[IndexedEdition] = []
    for slug, eds in sorted(corpus.by_series().items()):
        if not eds:
            continue
        for ed in make_series(slug, eds).editions:
            out.append(IndexedEdition.of(slug, ed.resolution, ed.path.name))
    return out


def _open_ro(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    conn.execute("PRAGMA query_only=1")
    return conn


def _changes(path: Path, root: Path, key: str, current: Listing) -> tuple[set[str], list[FileState]] | None:
    """What changed since the index at ``path`` was written: the series folders to parse again
    and the files whose stat moved but whose content did not. None: no usable index."""
    if not path.is_file():
        return None
    try:
        conn = _open_ro(path)
        try:
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            if meta.get("version") != _version() or meta.get("root") != key:
                return None
            signatures = dict(conn.execute("SELECT series, signature FROM folders").fetchall())
            changed = {s for s in signatures if s not in current}  # folders gone
            touched: list[FileState] = []
            for series, files in current.items():
                if signatures.get(series) == _signature(files):
                    continue
                if not files and series not in signatures:
                    continue  # an empty folder, before and now
                stored = {
                    rel: (size, mtime, sha)
                    for rel, size, mtime, sha in conn.execute(
                        "SELECT rel, size, mtime_ns, sha256 FROM files WHERE series = ?", (series,)
                    )
                }
                now = {f"{series}/{name}": (size, mtime) for name, size, mtime in files}
                if stored.keys() != now.keys():
                    changed.add(series)
                    continue
                for rel, (size, mtime) in now.items():
                    old = stored[rel]
                    if (old[0], old[1]) == (size, mtime):
                        continue
                    digest = _sha256(root / rel)
                    if digest and digest == old[2]:
                        recent = mtime >= time.time_ns() - RECENT_NS
                        touched.append(FileState(rel, series, size, -1 if recent else mtime, digest))
                    else:
                        changed.add(series)
                        break
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return changed, [f for f in touched if f.series not in changed]


def _hashed(root: Path, current: Listing, series: Iterable[str]) -> list[FileState]:
    """The files of ``series`` with their SHA-256. A file modified in the last two seconds is
    recorded with an impossible mtime, so that the next check hashes it again: an edit in the
    same clock tick that keeps the size cannot slip through."""
    recent = time.time_ns() - RECENT_NS
    out = []
    for s in sorted(series):
        for name, size, mtime in current.get(s, []):
            rel = f"{s}/{name}"
            out.append(FileState(rel, s, size, mtime if mtime < recent else -1, _sha256(root / rel)))
    return out


def _touch(path: Path, touched: Sequence[FileState], current: Listing) -> None:
    """Record new stat facts for files whose content did not change: a small SQLite
    transaction on the index itself (atomic by SQLite's journal; no parse, nothing else
    changes). When the index cannot be written, the files are simply hashed again next time."""
    try:
        conn = sqlite3.connect(str(path), timeout=2)
        try:
            with conn:
                _record_files(conn, touched, current)
        finally:
            conn.close()
    except sqlite3.Error:
        pass


def ensure_index(
    root: Path,
    *,
    cache: Path | None = None,
    rebuild: bool = False,
    on_build: Callable[[str, int], None] | None = None,
) -> IndexInfo:
    """Make the index of the corpus at ``root`` fresh (build, update or leave it) and say which.

    Freshness costs one ``stat`` per file: a folder whose listing (names, sizes, mtimes) is the
    one recorded is not looked at further; in another, a file whose size or mtime moved is
    hashed, and only a changed hash (or a file added or removed) has the folder parsed again
    ("updated"); same content under a new mtime is only recorded ("fresh").
    ``on_build(action, n_files)`` is called before any parsing (for a progress line)."""
    t0 = time.perf_counter()
    root = Path(root)
    key = _root_key(root)
    path = index_path(root, cache)
    current = scan_corpus(root)
    n_files = sum(len(v) for v in current.values())
    found = None if rebuild else _changes(path, root, key, current)
    warnings: list[str] = []
    if found is None:
        if on_build:
            on_build("built", n_files)
        files = _hashed(root, current, current)
        series = {f.series for f in files}
        editions = _parse_series(root, series, warnings)
        write_index(path, editions, root=key, files=files)
        return IndexInfo(path, "built", time.perf_counter() - t0, n_files, tuple(sorted(series)), tuple(warnings))
    changed, touched = found
    if not changed:
        if touched:
            _touch(path, touched, current)
        return IndexInfo(path, "fresh", time.perf_counter() - t0, n_files)
    if on_build and changed:
        on_build("updated", sum(len(current.get(s, [])) for s in changed))

    def fill(conn: sqlite3.Connection) -> None:
        _set_meta(conn, key)
        _record_files(conn, touched, current)
        slugs = sorted(changed)
        marks = ",".join("?" * len(slugs))
        conn.execute(
            "INSERT INTO paras_fts(paras_fts, rowid, text) SELECT 'delete', p.id, p.text FROM paras p "
            f"JOIN editions e ON p.edition = e.id WHERE e.series IN ({marks})",
            slugs,
        )
        conn.execute(f"DELETE FROM paras WHERE edition IN (SELECT id FROM editions WHERE series IN ({marks}))", slugs)
        conn.execute(f"DELETE FROM editions WHERE series IN ({marks})", slugs)
        conn.execute(f"DELETE FROM files WHERE series IN ({marks})", slugs)
        conn.execute(f"DELETE FROM folders WHERE series IN ({marks})", slugs)
        files = _hashed(root, current, changed)
        _record_files(conn, files, current)
        _insert_editions(conn, _parse_series(root, {f.series for f in files}, warnings))

    _atomic_db(path, fill, copy_from=path)
    return IndexInfo(path, "updated", time.perf_counter() - t0, n_files, tuple(sorted(changed)), tuple(warnings))


# --- searching ---------------------------------------------------------------------------------


_WORD = re.compile(r"[^\W_]+")


def _fold(word: str) -> str:
    """Lower case without diacritics, as FTS5's unicode61 tokenizer (remove_diacritics 2)."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise(text: str) -> str:
    """Lower case, punctuation as single spaces (the text of :class:`Normalised`, faster)."""
    joined = " ".join(_WORD.findall(text))
    low = joined.lower()
    if len(low) == len(joined):
        return low
    return Normalised.of(text).text  # a letter whose lower case is longer (rare): word by word


def words_of(text: str) -> list[str]:
    return [_fold(w) for w in re.findall(r"[^\W_]+", text)]


@dataclass(frozen=True)
class Normalised:
    """``text`` lower-cased with punctuation as single spaces, and the way back to offsets in
    the original."""

    text: str
    norm_starts: tuple[int, ...]  # start of each word in the normalised text
    orig_spans: tuple[tuple[int, int], ...]  # (start, end) of each word in the original

    @classmethod
    def of(cls, original: str) -> Normalised:
        parts: list[str] = []
        starts: list[int] = []
        spans: list[tuple[int, int]] = []
        pos = 0
        for m in re.finditer(r"[^\W_]+", original):
            w = m.group().lower()
            if len(w) != len(m.group()):
                w = m.group()
            starts.append(pos)
            spans.append((m.start(), m.end()))
            parts.append(w)
            pos += len(w) + 1
        return cls(" ".join(parts), tuple(starts), tuple(spans))

    def word_at(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.norm_starts, offset) - 1)

    def word_end(self, k: int) -> int:
        """End of word ``k`` in the normalised text."""
        return self.norm_starts[k + 1] - 1 if k + 1 < len(self.norm_starts) else len(self.text)

    def words_span(self, start: int, end: int) -> tuple[int, int]:
        """Normalised offsets [start, end) widened to whole words: (first word, last word)."""
        if not self.norm_starts:
            return 0, -1
        return self.word_at(start), self.word_at(max(start, end - 1))


@dataclass(frozen=True)
class Occurrence:
    symbol: str | None
    session: int | None
    adopted: str | None
    paragraph: str  # "PP3", "OP11"

    def to_dict(self) -> dict[str, Any]:
        return {"symbol": self.symbol, "session": self.session, "adopted": self.adopted, "paragraph": self.paragraph}


@dataclass(frozen=True)
class Hit:
    score: float  # partial_ratio, 0-100
    exact: bool  # the phrase's words appear as they are (case and punctuation aside)
    series: str
    symbol: str | None
    session: int | None
    adopted: str | None  # ISO date
    title: str | None
    kind: str  # "preambular" or "operative"
    number: int  # operative paragraph number, or preambular paragraph position
    text: str
    start: int  # the matched words: text[start:end]
    end: int
    closeness: float = 0.0  # fuzz.ratio of the phrase with the matched words
    editions: tuple[Occurrence, ...] = ()  # every edition of the series with these words

    @property
    def paragraph(self) -> str:
        return f"{'PP' if self.kind == 'preambular' else 'OP'}{self.number}"

    @property
    def matched(self) -> str:
        return self.text[self.start : self.end]

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": round(self.score, 1),
            "exact": self.exact,
            "series": self.series,
            "symbol": self.symbol,
            "session": self.session,
            "adopted": self.adopted,
            "kind": self.kind,
            "number": self.number,
            "paragraph": self.paragraph,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "matched": self.matched,
            "first_used": self.editions[0].symbol if self.editions else self.symbol,
            "editions": [o.to_dict() for o in self.editions],
        }


@dataclass(frozen=True)
class SearchResult:
    phrase: str
    hits: tuple[Hit, ...]
    index: IndexInfo | None
    terms: tuple[str, ...]  # the words sent to FTS5
    candidates: int  # paragraphs scored
    seconds: float
    warnings: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "phrase": self.phrase,
            "hits": [h.to_dict() for h in self.hits],
            "terms": list(self.terms),
            "candidates": self.candidates,
            "seconds": round(self.seconds, 4),
        }
        if self.index is not None:
            d["index"] = {
                "path": str(self.index.path),
                "action": self.index.action,
                "seconds": round(self.index.seconds, 3),
                "files": self.index.files,
            }
        d["warnings"] = list(self.warnings)
        return d

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"


def _fts_quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


@dataclass(frozen=True)
class QueryPlan:
    """The FTS5 queries for a phrase.

    ``rare``: its words that few paragraphs have (and a prefix, ``"cooperat"*``, for a long
    word the index does not know: another inflection, a typo), joined with OR;
    ``common``: when it has words that many paragraphs have, paragraphs with all but one of
    the rarest four of them (so that one changed word does not hide the source)."""

    rare: tuple[str, ...]
    common: tuple[str, ...]

    @property
    def terms(self) -> tuple[str, ...]:
        return self.rare + self.common


def plan_query(conn: sqlite3.Connection, phrase: str, max_terms: int = MAX_TERMS) -> QueryPlan:
    import itertools

    words = list(dict.fromkeys(words_of(phrase)))
    if not words:
        return QueryPlan((), ())
    marks = ",".join("?" * len(words))
    freq = dict(conn.execute(f"SELECT term, doc FROM terms WHERE term IN ({marks})", words).fetchall())
    row = conn.execute("SELECT value FROM meta WHERE key = 'paragraphs'").fetchone()
    total = int(row[0]) if row else 0
    cap = max(RARE_MIN, total // RARE_SHARE)
    known = [w for w in words if freq.get(w)]
    content = sorted([w for w in known if w not in STOPWORDS] or known, key=lambda w: (freq[w], w))
    rare = [_fts_quote(w) for w in content if freq[w] <= cap][:max_terms]
    for w in words:
        if w not in freq and len(w) >= 6 and not w.isdigit():
            rare.append(_fts_quote(w[: max(5, len(w) - 3)]) + "*")
    common = [_fts_quote(w) for w in content if freq[w] > cap][:COMMON_TERMS]
    if len(common) >= 3:
        clauses = tuple("(" + " AND ".join(c) + ")" for c in itertools.combinations(common, len(common) - 1))
    elif common:
        clauses = ("(" + " AND ".join(common) + ")",)
    else:
        clauses = ()
    return QueryPlan(tuple(rare), clauses)


def query_terms(conn: sqlite3.Connection, phrase: str, max_terms: int = MAX_TERMS) -> list[str]:
    """The FTS5 terms and clauses the phrase is narrowed with."""
    return list(plan_query(conn, phrase, max_terms).terms)


def _fts(conn: sqlite3.Connection, clauses: Sequence[str], n: int, budget: float) -> list[tuple[int, float]]:
    """Paragraphs matching any of ``clauses``, best ``bm25`` first; when ranking them all would
    take more than ``budget`` seconds (clauses of common words), ``n`` of them unranked."""
    if not clauses:
        return []
    q = " OR ".join(clauses)
    deadline = time.perf_counter() + budget
    conn.set_progress_handler(lambda: 1 if time.perf_counter() > deadline else 0, 2000)
    try:
        return conn.execute(
            "SELECT rowid, bm25(paras_fts) AS r FROM paras_fts WHERE paras_fts MATCH ? ORDER BY r LIMIT ?", (q, n)
        ).fetchall()
    except sqlite3.OperationalError as e:
        if "interrupt" not in str(e):
            raise
    finally:
        conn.set_progress_handler(None, 0)
    rows = conn.execute("SELECT rowid FROM paras_fts WHERE paras_fts MATCH ? ORDER BY rowid DESC LIMIT ?", (q, n)).fetchall()
    return [(r[0], 0.0) for r in rows]


def _candidates(conn: sqlite3.Connection, plan: QueryPlan, n: int) -> list[tuple[int, float]]:
    """The union of the rare-word and the common-word candidates (best bm25 kept)."""
    out: dict[int, float] = {}
    for clauses in (plan.rare, plan.common):
        for rowid, r in _fts(conn, clauses, n, RANK_BUDGET):
            out[rowid] = min(r, out.get(rowid, r))
    return sorted(out.items(), key=lambda kv: kv[1])


def _locate(phrase_n: str, para: str) -> tuple[float, bool, int, int, float]:
    """(score, exact, start, end, closeness) of ``phrase_n`` (normalised) in ``para``."""
    from rapidfuzz import fuzz

    norm = Normalised.of(para)
    if not norm.text:
        return 0.0, False, 0, 0, 0.0
    padded = f" {norm.text} "
    at = padded.find(f" {phrase_n} ")
    if at >= 0:
        first, last = norm.words_span(at, at + len(phrase_n))
        return 100.0, True, norm.orig_spans[first][0], norm.orig_spans[last][1], 100.0
    al = fuzz.partial_ratio_alignment(phrase_n, norm.text)
    if al is None:
        return 0.0, False, 0, 0, 0.0
    first, last = norm.words_span(al.dest_start, al.dest_end)
    spans = {(first, last), _word_blocks(phrase_n, norm.text)}
    first, last, closeness = max((_refine(phrase_n, norm, a, b) for a, b in spans if 0 <= a <= b), key=lambda t: t[2])
    first, last = _cover_ends(phrase_n, norm, first, last)
    start, end = norm.orig_spans[first][0], norm.orig_spans[last][1]
    return float(al.score), False, start, end, closeness


def _cover_ends(phrase_n: str, norm: Normalised, first: int, last: int, most: int = 3) -> tuple[int, int]:
    """Widen the matched words over the precedent's counterparts of the phrase's first or last
    words when those were replaced ("the holding of the seminar" for "... of the workshop"):
    as many words as the phrase has unmatched at that end, up to ``most``."""
    import difflib

    pw = phrase_n.split()
    sw = norm.text[norm.norm_starts[first] : norm.word_end(last)].split()
    blocks = [b for b in difflib.SequenceMatcher(None, pw, sw, autojunk=False).get_matching_blocks() if b.size]
    if not blocks:
        return first, last
    lead = min(blocks[0].a, most) - blocks[0].b
    tail = min(len(pw) - (blocks[-1].a + blocks[-1].size), most) - (len(sw) - (blocks[-1].b + blocks[-1].size))
    n = len(norm.norm_starts)
    return max(0, first - max(0, lead)), min(n - 1, last + max(0, tail))


def _word_blocks(phrase_n: str, text_n: str) -> tuple[int, int]:
    """The words of ``text_n`` from the first to the last one matched, in order, with the
    phrase's words (lone small words far from the rest left out): (first word, last word)."""
    import difflib

    pw, tw = phrase_n.split(), text_n.split()
    sm = difflib.SequenceMatcher(None, pw, tw, autojunk=False)
    blocks = [b for b in sm.get_matching_blocks() if b.size]
    while len(blocks) > 1 and blocks[0].size == 1 and tw[blocks[0].b] in STOPWORDS and blocks[1].b - blocks[0].b > 3:
        blocks.pop(0)
    while len(blocks) > 1 and blocks[-1].size == 1 and tw[blocks[-1].b] in STOPWORDS and blocks[-1].b - (blocks[-2].b + blocks[-2].size) > 3:
        blocks.pop()
    if not blocks:
        return 0, -1
    return blocks[0].b, blocks[-1].b + blocks[-1].size - 1


def _hit(row: tuple[Any, ...], score: float) -> Hit:
    _pid, kind, number, position, text, series, symbol, session, adopted, title = row
    kind_name = "preambular" if kind == "preamble" else "operative"
    num = position if kind == "preamble" or number is None else number
    return Hit(score, False, series, symbol, session, adopted, title, kind_name, int(num), text, 0, 0)


def _refine(phrase_n: str, norm: Normalised, first: int, last: int) -> tuple[int, int, float]:
    """Widen or narrow the matched words one at a time while the whole-span similarity
    (``fuzz.ratio``) with the phrase improves: partial_ratio's window has the phrase's length,
    so words inserted into (or left out of) the precedent would otherwise be cut off."""
    from rapidfuzz import fuzz

    n = len(norm.norm_starts)

    def sim(a: int, b: int) -> float:
        return float(fuzz.ratio(phrase_n, norm.text[norm.norm_starts[a] : norm.word_end(b)]))

    best = sim(first, last)
    for _ in range(2 * n):
        moves = [(first - 1, last), (first, last + 1), (first + 1, last), (first, last - 1)]
        scored = [(sim(a, b), a, b) for a, b in moves if 0 <= a <= b < n]
        if not scored:
            break
        top = max(scored)
        if top[0] <= best:
            break
        best, first, last = top
    return first, last, best


def search_index(
    path: Path,
    phrase: str,
    *,
    limit: int = 10,
    candidates: int = CANDIDATES,
    min_score: float = MIN_SCORE,
) -> tuple[list[Hit], list[str], int]:
    """Search an index file: (hits, FTS5 terms, number of candidates scored)."""
    phrase_n = Normalised.of(phrase).text
    if not phrase_n:
        raise DrafterError(f"the phrase {phrase!r} has no words to search for", hint="give a few words in quotes")
    conn = _open_ro(path)
    try:
        plan = plan_query(conn, phrase)
        terms = list(plan.terms)
        cands = _candidates(conn, plan, candidates)
        if not cands:
            return [], terms, 0
        rank = {rowid: r for rowid, r in cands}
        ids = list(rank)
        rows = conn.execute(
            "SELECT p.id, p.kind, p.number, p.position, p.text, e.series, e.symbol, e.session, e.adopted, e.title "
            f"FROM paras p JOIN editions e ON p.edition = e.id WHERE p.id IN ({','.join('?' * len(ids))})",
            ids,
        ).fetchall()
    finally:
        conn.close()
    from rapidfuzz import fuzz

    # one hit per wording: the same words in several editions of a series are scored once
    groups: dict[tuple[str, str, str], list[tuple[Any, ...]]] = {}
    for row in rows:
        groups.setdefault((row[5], row[1], normalise(row[4])), []).append(row)
    padded = f" {phrase_n} "
    ranked: list[tuple[float, float, tuple[str, str, str]]] = []
    for key, members in groups.items():
        text_n = key[2]
        score = 100.0 if padded in f" {text_n} " else float(fuzz.partial_ratio(phrase_n, text_n, score_cutoff=min_score))
        if score >= min_score and score > 0:
            ranked.append((score, min(rank[m[0]] for m in members), key))
    ranked.sort(key=lambda t: (-t[0], t[1]))
    # the finalists: matched words located (and the whole-span similarity as a tie-breaker)
    finals: list[tuple[tuple[Any, ...], Hit]] = []
    for score, best_rank, key in ranked[: max(3 * limit, 20)]:
        chrono = sorted(groups[key], key=lambda r: (r[7] is None, r[7] or 0, r[8] or "", r[6] or ""))
        hits_of = [_hit(r, score) for r in chrono]
        latest = chrono[-1]  # the same words, so the same score: shown at its latest edition
        _, exact, start, end, closeness = _locate(phrase_n, latest[4])
        occ = tuple(Occurrence(h.symbol, h.session, h.adopted, h.paragraph) for h in hits_of)
        hit = replace(hits_of[-1], exact=exact, start=start, end=end, closeness=closeness, editions=occ)
        finals.append(((-score, -closeness, best_rank, -(latest[7] or 0), latest[6] or ""), hit))
    finals.sort(key=lambda kv: kv[0])
    hits = [h for _, h in finals[:limit]]
    return hits, terms, len(rows)


def search(
    root: Path,
    phrase: str,
    *,
    limit: int = 10,
    cache: Path | None = None,
    candidates: int = CANDIDATES,
    min_score: float = MIN_SCORE,
    on_build: Callable[[str, int], None] | None = None,
) -> SearchResult:
    """Search every edition of every series of the corpus at ``root`` for ``phrase``."""
    if limit < 1:
        raise DrafterError(f"--limit {limit}: must be at least 1")
    t0 = time.perf_counter()
    info = ensure_index(root, cache=cache, on_build=on_build)
    try:
        hits, terms, n = search_index(info.path, phrase, limit=limit, candidates=candidates, min_score=min_score)
    except sqlite3.DatabaseError:
        # the index file was damaged behind our back: build it again, once
        info = ensure_index(root, cache=cache, rebuild=True, on_build=on_build)
        hits, terms, n = search_index(info.path, phrase, limit=limit, candidates=candidates, min_score=min_score)
    return SearchResult(phrase, tuple(hits), info, tuple(terms), n, time.perf_counter() - t0, info.warnings)


__all__ = [
    "CACHE_ENV",
    "FileState",
    "Hit",
    "IndexInfo",
    "IndexedEdition",
    "IndexedParagraph",
    "SearchResult",
    "cache_dir",
    "ensure_index",
    "index_path",
    "query_terms",
    "scan_corpus",
    "search",
    "search_index",
    "write_index",
]
