"""The one scanner of the corpus folders and the one fingerprint of drafter's parsing code.

:func:`scan` lists the series folders of a corpus and the stat facts of their edition files
(one ``stat`` per file, no reading), in the order :func:`drafter.corpus.folder.load_corpus`
reads them; :func:`hash_file` gives the content hash an edition's parse depends on (the file
and its ``.facts.json`` sidecar). :func:`fingerprint` identifies the code that produced a
parse: the store (:mod:`drafter.corpus.cache`) drops every parse when it changes.

This module is light on purpose (no parser, no model): ``drafter series`` on a warm store
imports it and little else.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

EDITION_SUFFIXES = (".txt", ".docx", ".pdf", ".html", ".htm", ".odt", ".doc", ".rtf")
FACTS_SUFFIX = ".facts.json"  # what ``drafter add --symbol/--adopted`` kept beside an edition
SCHEMA = "5"  # of the store; part of the fingerprint

# The code that decides what a parse or a series summary holds. Changing any of these files
# drops the stored parses; tests/test_cache.py checks that every drafter module the readers,
# the parser and make_series import is listed.
PARSE_PATH = (
    "__init__.py", "errors.py", "userdirs.py", "corpus/", "model/", "parse/", "readers/",
    "citations/", "engine/__init__.py", "engine/series.py",
)  # fmt: skip

_fingerprint: str | None = None


def fingerprint() -> str:
    """Identifies the code that produced the stored parses: the store's schema, drafter's
    version, Python's, and the size and modification time of each source file in
    :data:`PARSE_PATH`."""
    global _fingerprint
    if _fingerprint is not None:
        return _fingerprint
    from drafter import __version__

    h = hashlib.sha256(f"{SCHEMA}\0{__version__}\0{sys.version_info[:2]}".encode())
    pkg = Path(__file__).resolve().parents[1]  # the drafter package
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
            h.update(f"{p.relative_to(pkg).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    _fingerprint = h.hexdigest()[:32]
    return _fingerprint


@dataclass
class FileStat:
    """One edition file as scanned: its stat facts (the sidecar's folded in), and its content
    hash once known."""

    path: str  # absolute
    name: str
    size: int
    mtime_ns: int
    ctime_ns: int
    ino: int
    sha256: str = ""


@dataclass
class FolderScan:
    """One series folder as scanned."""

    slug: str
    path: str  # absolute
    files: list[FileStat] = field(default_factory=list)

    _key: str | None = None

    def key(self) -> str:
        """Identifies the folder's editions (names and contents) and drafter's code: a series
        summary stored under this key is up to date. Only once every file's hash is known."""
        if self._key is None:
            h = hashlib.sha256(fingerprint().encode())
            for f in sorted(self.files, key=lambda f: f.name):
                h.update(f"{f.name}\0{f.sha256}\n".encode())
            self._key = h.hexdigest()
        return self._key


def is_series_name(name: str) -> bool:
    """Series folders are the folders of the corpus not starting with "." or "_"."""
    return not name.startswith((".", "_"))


def is_edition_name(name: str) -> bool:
    """Edition files: an edition suffix, not hidden, not a Word lock file (``~$...``)."""
    return not name.startswith((".", "~$")) and name.lower().endswith(EDITION_SUFFIXES)


def _is_series_folder(entry: os.DirEntry[str]) -> bool:
    if not is_series_name(entry.name):
        return False
    try:
        return entry.is_dir()
    except OSError:
        return False


def _edition_entries(folder: str) -> list[os.DirEntry[str]]:
    out = []
    try:
        with os.scandir(folder) as it:
            for e in it:
                if not is_edition_name(e.name):
                    continue
                try:
                    if not e.is_file():  # symlinks followed
                        continue
                except OSError:
                    continue
                out.append(e)
    except OSError:
        return []
    out.sort(key=lambda e: e.name)
    return out


def _sidecars(folder: str) -> set[str]:
    try:
        with os.scandir(folder) as it:
            return {e.name for e in it if e.name.endswith(FACTS_SUFFIX)}
    except OSError:
        return set()


def scan(root: Path | str, series: Iterable[str] | None = None) -> list[FolderScan]:
    """The series folders of ``root`` (only ``series`` when given) with the stat facts of
    their edition files, in the order :func:`drafter.corpus.folder.load_corpus` reads them.
    A sidecar's stat facts are folded into its edition's: a sidecar that appears or changes
    makes the edition be hashed again."""
    wanted = set(series) if series is not None else None
    top = os.path.abspath(root)
    folders: list[FolderScan] = []
    try:
        with os.scandir(top) as it:
            entries = sorted((e for e in it if _is_series_folder(e)), key=lambda e: e.name)
    except OSError:
        return []
    for d in entries:
        if wanted is not None and d.name not in wanted:
            continue
        fs = FolderScan(slug=d.name, path=os.path.join(top, d.name))
        found = _edition_entries(fs.path)
        sidecars = _sidecars(fs.path) if found else set()
        for e in found:
            try:
                st = e.stat()
            except OSError:
                continue
            size, mtime, ctime = st.st_size, st.st_mtime_ns, st.st_ctime_ns
            if e.name + FACTS_SUFFIX in sidecars:
                try:
                    fst = os.stat(e.path + FACTS_SUFFIX)
                    size += fst.st_size
                    mtime, ctime = max(mtime, fst.st_mtime_ns), max(ctime, fst.st_ctime_ns)
                except OSError:
                    pass
            fs.files.append(FileStat(e.path, e.name, size, mtime, ctime, st.st_ino))
        folders.append(fs)
    return folders


def hash_file(path: str) -> str | None:
    """The edition's content hash, with the facts ``drafter add`` kept beside it (its sidecar
    ``<file>.facts.json``: symbol, date of adoption), which the parse depends on too. None
    when the file cannot be read."""
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


def loose_files(root: Path | str) -> list[str]:
    """The warnings for edition files at the top of the corpus, outside any series folder."""
    out: list[str] = []
    try:
        with os.scandir(root) as it:
            names = sorted(e.name for e in it if e.is_file() and not e.name.startswith("."))
    except OSError:
        return out
    for name in names:
        if name.lower().endswith(EDITION_SUFFIXES):
            out.append(f"{name} is not in a series folder and was left out")
    return out


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


__all__ = [
    "EDITION_SUFFIXES",
    "FACTS_SUFFIX",
    "PARSE_PATH",
    "FileStat",
    "FolderScan",
    "fingerprint",
    "hash_file",
    "is_edition_name",
    "is_series_name",
    "loose_files",
    "scan",
    "series_filter",
]
