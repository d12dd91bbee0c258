"""The corpus and its store keep their promises under faults (issue 12, item 6): two `drafter add`
at once lose no PROVENANCE.md line; a stored record damaged inside the file (SQLite's own check
still passes) is parsed again with a warning, never used; a store that cannot be written is read
read-only, not ignored; ``cache=False`` is a parameter, not a process-wide flag."""

from __future__ import annotations

import json
import os
import select
import shutil
import sqlite3
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from conftest import CORPUS, REPO, SERIES

import drafter.corpus.db as ddb
import drafter.corpus.indexing as dix
from drafter.cli.main import run
from drafter.corpus.cache import cache_path, load_corpus, load_series
from drafter.corpus.lock import corpus_lock
from drafter.engine.plan import make_draft
from drafter.engine.series import build_series


@pytest.fixture(autouse=True)
def _store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "cache"
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(d))
    monkeypatch.delenv("DRAFTER_NO_CACHE", raising=False)
    return d


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*a, **k):  # type: ignore[no-untyped-def]
        raise AssertionError("parsed although the store holds the parse")

    monkeypatch.setattr(dix, "parse_one", boom)
    monkeypatch.setattr("drafter.corpus.folder.parse_edition", boom)


def _same(a, b) -> None:  # type: ignore[no-untyped-def]
    assert [(e.path, e.series, e.resolution) for e in a.editions] == [
        (e.path, e.series, e.resolution) for e in b.editions
    ]
    assert a.warnings == b.warnings


def _integrity(db: Path) -> str:
    con = sqlite3.connect(db)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


# --- two `drafter add` at once -------------------------------------------------------------------

# Runs `drafter add` (argv[2:]) saying "waiting" on the pipe argv[1] when the corpus lock is
# held by someone else and it has to wait for it.
ADD_LAUNCHER = r"""
import fcntl, os, sys

events = int(sys.argv[1])
real_flock = fcntl.flock


def flock(fd, op):
    if op == fcntl.LOCK_EX:
        try:
            return real_flock(fd, op | fcntl.LOCK_NB)
        except BlockingIOError:
            os.write(events, b"waiting\n")
    return real_flock(fd, op)


fcntl.flock = flock
sys.argv = ["drafter", *sys.argv[2:]]
from drafter.cli.main import main

main()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="fcntl")
def test_two_adds_at_once_lose_no_provenance_line(corpus_copy: Path, tmp_path: Path) -> None:
    """Both adds are made to wait on the corpus lock, then released together: each line of
    PROVENANCE.md is there, whole, and both editions are in the series."""
    folder = corpus_copy / SERIES
    names = ["A-RES-61-168.txt", "A-RES-63-180.txt"]
    for name in names:
        shutil.move(folder / name, tmp_path / name)
    before = (folder / "PROVENANCE.md").read_text(encoding="utf-8")
    launcher = tmp_path / "add.py"
    launcher.write_text(ADD_LAUNCHER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    r, w = os.pipe()
    procs = []
    with corpus_lock(corpus_copy):
        for name in names:
            procs.append(
                subprocess.Popen(
                    [sys.executable, str(launcher), str(w), "add", str(tmp_path / name), "--corpus", str(corpus_copy)],
                    env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, pass_fds=(w,),
                )  # fmt: skip
            )
        os.close(w)
        with os.fdopen(r, "rb", buffering=0) as events:  # unbuffered: select() sees every line
            for _ in names:  # both are at the lock
                ready, _, _ = select.select([events], [], [], 120)
                assert ready and events.readline() == b"waiting\n", [p.communicate() for p in procs]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    text = (folder / "PROVENANCE.md").read_text(encoding="utf-8")
    assert text.startswith(before.rstrip("\n"))
    added = [line for line in text.splitlines() if "added by drafter from" in line]
    assert sorted(line.split("`")[1] for line in added) == names
    assert all(line.endswith(".") and line.count("sha256") == 1 for line in added)
    assert all((folder / name).is_file() for name in names)
    assert sorted(p.name for p in corpus_copy.iterdir()) == [SERIES]  # nothing added beside the series


def test_provenance_lines_are_appended_whole(corpus_copy: Path, tmp_path: Path) -> None:
    from drafter.corpus.folder import add_edition

    folder = corpus_copy / SERIES
    for name in ("A-RES-61-168.txt", "A-RES-63-180.txt"):
        shutil.move(folder / name, tmp_path / name)
    add_edition(corpus_copy, tmp_path / "A-RES-61-168.txt")
    first = (folder / "PROVENANCE.md").read_bytes()
    add_edition(corpus_copy, tmp_path / "A-RES-63-180.txt")
    second = (folder / "PROVENANCE.md").read_bytes()
    assert second.startswith(first)  # appended, not rewritten
    assert second[len(first) :].decode().count("\n") == 1


# --- damaged records ------------------------------------------------------------------------------


def _swap_parse(db: Path, name_a: str, name_b: str) -> None:
    """Give edition ``name_a`` the stored parse of ``name_b`` (checksum and all): a record
    moved inside the file, which SQLite's own check cannot see."""
    con = sqlite3.connect(db)
    with con:
        (data, check) = con.execute("SELECT data, checksum FROM parses WHERE name = ?", (name_b,)).fetchone()
        con.execute("UPDATE parses SET data = ?, checksum = ? WHERE name = ?", (data, check, name_a))
    con.close()


def test_a_parse_moved_inside_the_store_is_parsed_again(corpus_copy: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    load_corpus(corpus_copy)
    _swap_parse(cache_path(), "A-RES-68-160.txt", "A-RES-60-156.txt")
    assert _integrity(cache_path()) == "ok"
    capsys.readouterr()
    got = load_corpus(corpus_copy)
    assert "the cached parse of " + SERIES + "/A-RES-68-160.txt was damaged" in capsys.readouterr().err
    _same(load_corpus(corpus_copy, cache=False), got)
    assert make_draft(load_corpus(corpus_copy), 69).base_symbol == "A/RES/68/160"
    load_corpus(corpus_copy)  # repaired: no warning any more
    assert "damaged" not in capsys.readouterr().err


@pytest.mark.parametrize("how", ["bytes", "other-summary"])
def test_a_damaged_summary_is_made_again(corpus_copy: Path, capsys, how: str) -> None:  # type: ignore[no-untyped-def]
    load_series(corpus_copy)
    con = sqlite3.connect(cache_path())
    with con:
        (blob,) = con.execute("SELECT summary FROM series").fetchone()
        if how == "bytes":
            damaged = blob[:20] + bytes(b ^ 0x55 for b in blob[20:40]) + blob[40:]
        else:  # a well-formed summary saying something else (the latest edition left out)
            data = json.loads(zlib.decompress(blob))
            data["series"]["editions"] = data["series"]["editions"][:-1]
            damaged = zlib.compress(json.dumps(data).encode())
        con.execute("UPDATE series SET summary = ?", (damaged,))
    con.close()
    assert _integrity(cache_path()) == "ok"
    capsys.readouterr()
    assert run(["series", "--corpus", str(corpus_copy), "--format", "json"]) == 0
    warm = capsys.readouterr()
    assert f"the cached summary of series {SERIES} was damaged" in warm.err
    assert "internal error" not in warm.err
    assert run(["series", "--corpus", str(corpus_copy), "--format", "json", "--no-cache"]) == 0
    assert json.loads(warm.out) == json.loads(capsys.readouterr().out)
    assert "DRAFTER_NO_CACHE" not in os.environ  # --no-cache is passed down, not set for the process
    _, again = load_series(corpus_copy)  # made again and stored: no warning
    assert "damaged" not in capsys.readouterr().err
    assert [s.to_dict() for s in again] == [s.to_dict() for s in build_series(load_corpus(corpus_copy, cache=False))]


# --- a store that cannot be written ---------------------------------------------------------------


def _read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a read-only mount (the tests may run as root, whom permissions do not stop)."""
    monkeypatch.setattr(ddb, "_writable", lambda path: False)


def test_a_read_only_store_is_read(corpus_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    plain = load_corpus(corpus_copy, cache=False)
    load_series(corpus_copy)
    load_corpus(corpus_copy)
    stamp = cache_path().read_bytes()
    _read_only(monkeypatch)
    with monkeypatch.context() as m:
        _no_parsing(m)
        _same(plain, load_corpus(corpus_copy))
        _, got = load_series(corpus_copy)
    assert [s.to_dict() for s in got] == [s.to_dict() for s in build_series(plain)]
    # an edition changed since: parsed in memory, the store untouched
    f = corpus_copy / SERIES / "A-RES-68-160.txt"
    f.write_text(f.read_text(encoding="utf-8").replace("seminar", "workshop"), encoding="utf-8")
    _same(load_corpus(corpus_copy, cache=False), load_corpus(corpus_copy))
    _, got = load_series(corpus_copy)
    assert [s.to_dict() for s in got] == [s.to_dict() for s in build_series(load_corpus(corpus_copy, cache=False))]
    assert cache_path().read_bytes() == stamp
    assert "cannot be used" not in capsys.readouterr().err


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_store_in_a_read_only_folder_is_read(corpus_copy: Path, _store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = load_corpus(corpus_copy, cache=False)
    load_corpus(corpus_copy)
    cache_path().chmod(0o444)
    _store.chmod(0o555)
    try:
        _no_parsing(monkeypatch)
        _same(plain, load_corpus(corpus_copy))
    finally:
        _store.chmod(0o755)


# --- cache=False is a parameter -------------------------------------------------------------------


def test_cache_false_is_passed_down(tmp_path: Path) -> None:
    from drafter.engine.batch import next_all

    load_corpus(CORPUS, cache=False)
    load_series(CORPUS, cache=False)
    from io import StringIO

    from rich.console import Console

    outcomes = next_all(CORPUS, 69, fmt="md", output=tmp_path / "d", cache=False, console=Console(file=StringIO()))
    assert [o.output for o in outcomes if o.output]
    assert not cache_path().exists()
    assert "DRAFTER_NO_CACHE" not in os.environ
    load_series(CORPUS)
    assert cache_path().exists()


def _can_mount_read_only(tmp: Path) -> bool:
    if not sys.platform.startswith("linux") or shutil.which("unshare") is None:
        return False
    d = tmp / "probe"
    d.mkdir()
    r = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
         f"mount --bind {d} {d} && mount -o remount,bind,ro {d} && ! touch {d}/x"],
        capture_output=True,
    )  # fmt: skip
    return r.returncode == 0


# Under a read-only bind mount of the store's folder: parsing is forbidden, the corpus and its
# series must come from the store.
READ_ONLY_CHECK = r"""
import json, sys
import drafter.corpus.indexing as ix
import drafter.corpus.folder as folder

def boom(*a, **k):
    raise SystemExit("parsed although the store holds the parse")

ix.parse_one = boom
folder.parse_edition = boom
from drafter.corpus.cache import load_corpus, load_series

c = load_corpus(sys.argv[1])
_, series = load_series(sys.argv[1])
print(json.dumps([len(c.editions), [s.to_dict() for s in series]]))
"""


def test_a_store_on_a_read_only_mount_is_read(corpus_copy: Path, _store: Path, tmp_path: Path) -> None:
    """The store's folder mounted read-only (a user namespace's bind mount): the store is
    opened read-only (immutable: its WAL index cannot be created there) and answers."""
    if not _can_mount_read_only(tmp_path):
        pytest.skip("no user namespaces to mount a folder read-only")
    plain = load_corpus(corpus_copy, cache=False)
    load_series(corpus_copy)
    load_corpus(corpus_copy)
    before = sorted(p.name for p in _store.iterdir())
    script = tmp_path / "check.py"
    script.write_text(READ_ONLY_CHECK, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO), "DRAFTER_CACHE_DIR": str(_store)}
    r = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
         f'mount --bind "{_store}" "{_store}" && mount -o remount,bind,ro "{_store}" && '
         f'exec "{sys.executable}" "{script}" "{corpus_copy}"'],
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "warning" not in r.stderr, r.stderr
    n, got = json.loads(r.stdout)
    assert n == len(plain.editions) == 5
    assert got == [s.to_dict() for s in build_series(plain)]
    assert sorted(p.name for p in _store.iterdir()) == before
