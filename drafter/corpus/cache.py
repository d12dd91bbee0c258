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
- ``editions`` and ``paras``: what precedent search (:mod:`drafter.language.search`) queries:
  each edition's symbol, session, date and title (from its series' summary) and every
  paragraph of every parse, with an FTS5 full-text index (``paras_fts``) over their words.
  They are written with their series, in the same transaction: the index is always in step
  with the parses, updated in place.

Every parse, summary and paragraph carries a checksum of its key and content: an entry damaged
inside the file (which SQLite's own integrity check does not see) is parsed again (a paragraph:
left out of the search), with a warning, never used. Every parse, summary and paragraph is
dropped when drafter's own code changes (:func:`drafter.corpus.scan.fingerprint`), so a parser
fix never meets stale parses.

Safety: every write is a SQLite transaction in WAL mode; a process killed at any instant leaves
the database as it was after the last committed transaction. A store that cannot be opened or
is damaged is moved aside and rebuilt. A store that cannot be written (a read-only mount) is
read read-only: what it holds is used, what changed is parsed in memory. One that fails while
being written (disk full, locked for too long) is left alone with one warning, and the command
goes on. The store never changes what a command outputs, only how fast.

Cold indexing parses in worker processes (:func:`drafter.parallel.map_with_progress`: every
core, a progress bar, Ctrl-C stops it cleanly; each stored series is whole) and stores the
results as they come, a few series per transaction: memory stays bounded, whatever the size of
the corpus.
"""


from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.corpus.db import DB_NAME, ENV_DIR, cache_dir, cache_path, info, open_cache, warn
from drafter.corpus.indexing import (
    CachedSkip,
    Index,
    index,
    parse_one,
    repair,
    resolution_of,
    verified_parse,
)
from drafter.corpus.scan import loose_files, series_filter
from drafter.userdirs import cache_enabled as enabled

if TYPE_CHECKING:
    from drafter.corpus.folder import Corpus
    from drafter.engine.series import Series
    from drafter.model.resolution import Resolution


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
        warn(f"the parse cache cannot be read ({e}); going on without it")
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
            got = verified_parse(key, rows[key], f"{Path(path).parent.name}/{key[1]}")
        if got is None:  # damaged: parsed again, and stored again
            got = parse_one(os.fspath(path))
            repair(key, got)
        return resolution_of(path, *got)

    return parse


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


__all__ = [
    "DB_NAME",
    "ENV_DIR",
    "CachedSkip",
    "cache_dir",
    "cache_path",
    "cached_parse",
    "enabled",
    "index",
    "info",
    "load_corpus",
    "load_series",
    "open_cache",
    "series_filter",
]
