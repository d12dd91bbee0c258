"""Interrupted runs leave nothing half-done: a process killed (SIGKILL) or interrupted (SIGINT,
as Ctrl-C sends it to the whole foreground process group) while it indexes the corpus or
writes a draft leaves neither a half-written output file nor a damaged parse cache, and the
next run works."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import CORPUS, REPO

from drafter.corpus.cache import DB_NAME
from drafter.corpus.folder import load_corpus
from drafter.engine.series import build_series

sys.path.insert(0, str(REPO / "bench"))
from synth import make_corpus  # noqa: E402

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

# Runs drafter with its writes slowed down: the first write of each output file writes half the
# data, flushes, says so in a marker file, and sleeps; the test kills it there.
LAUNCHER = r"""
import os, sys, time
from pathlib import Path

marker = Path(sys.argv[1])
real_fdopen = os.fdopen


class Slow:
    def __init__(self, f):
        self.f = f

    def write(self, data):
        half = len(data) // 2
        self.f.write(data[:half])
        self.f.flush()
        marker.write_text(str(os.getpid()))
        time.sleep(120)
        return self.f.write(data[half:]) + half

    def __getattr__(self, name):
        return getattr(self.f, name)

    def __enter__(self):
        self.f.__enter__()
        return self

    def __exit__(self, *exc):
        return self.f.__exit__(*exc)


def fdopen(fd, *a, **k):
    return Slow(real_fdopen(fd, *a, **k))


os.fdopen = fdopen
sys.argv = ["drafter", *sys.argv[2:]]
from drafter.cli.main import main

main()
"""


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = str(REPO)
    e["DRAFTER_CACHE_DIR"] = str(tmp_path / "cache")
    e.pop("DRAFTER_NO_CACHE", None)
    return e


def _start(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, *args],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a shell job
    )


def _wait_for(predicate, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError("timed out")


def _group_gone(pgid: int, timeout: float = 20.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def _parses(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT COUNT(*) FROM parses").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def _check_cache(db: Path) -> None:
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        con.close()


@pytest.fixture(scope="module")
def big_src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("big") / "corpus"
    make_corpus(root, 600, seed=11)
    return root


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_index_interrupted_leaves_a_sound_cache(
    big_src: Path,
    tmp_path: Path,
    env: dict[str, str],
    sig: signal.Signals,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = tmp_path / "cache" / DB_NAME
    p = _start(
        ["-m", "drafter", "series", "--corpus", str(big_src), "--format", "json"], env, tmp_path
    )
    try:
        _wait_for(lambda: _parses(db) > 0 or p.poll() is not None)
        assert p.poll() is None, "finished before it could be interrupted"
        os.killpg(p.pid, sig)
        out, err = p.communicate(timeout=60)
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
    assert _group_gone(p.pid), "worker processes were left running"
    if sig == signal.SIGINT:
        assert p.returncode == 130, err
        assert err.strip().splitlines()[-1] == "drafter: interrupted"
        assert "Traceback" not in err
    else:
        assert p.returncode == -signal.SIGKILL
    assert out == ""
    _check_cache(db)
    done = _parses(db)
    assert 0 < done < 600
    # the next run finishes the index and answers as parsing does
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("DRAFTER_NO_CACHE", raising=False)
    plain = load_corpus(big_src, cache=False)
    cached = load_corpus(big_src)
    assert [e.resolution for e in cached.editions] == [e.resolution for e in plain.editions]
    from drafter.corpus.cache import load_series

    _, got = load_series(big_src)
    assert [s.to_dict() for s in got] == [s.to_dict() for s in build_series(plain)]
    _check_cache(db)


def _launch(
    tmp_path: Path, env: dict[str, str], args: list[str]
) -> tuple[subprocess.Popen[str], Path]:
    launcher = tmp_path / "slow_writes.py"
    launcher.write_text(LAUNCHER, encoding="utf-8")
    marker = tmp_path / "writing"
    marker.unlink(missing_ok=True)
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    return _start([str(launcher), str(marker), *args], env, work), marker


def _kill_mid_write(p: subprocess.Popen[str], marker: Path, sig: signal.Signals = signal.SIGKILL) -> str:
    """Wait until ``p`` is in the middle of writing (its marker exists), send ``sig`` to its
    process group, and return what it wrote on stderr; never leave it running."""
    try:
        _wait_for(lambda: marker.exists() or p.poll() is not None)
        assert p.poll() is None, p.communicate()
        os.killpg(p.pid, sig)
        _, err = p.communicate(timeout=60)
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
    return err


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_next_killed_mid_write_leaves_no_half_file(
    tmp_path: Path, env: dict[str, str], sig: signal.Signals
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "draft.docx"
    args = ["next", "--session", "69", "--corpus", str(CORPUS), "-o", str(target), "-q"]
    p, marker = _launch(tmp_path, env, args)
    err = _kill_mid_write(p, marker, sig)
    assert not target.exists()
    left = _leftovers(out_dir)
    if sig == signal.SIGINT:
        assert p.returncode == 130 and "drafter: interrupted" in err
        assert left == []  # the temporary file was removed
    else:
        # only drafter's temporary file can stay behind; it is never the output
        assert all(name.startswith(".drafter-tmp-draft.docx.") for name in left), left
    # the next run is not blocked and writes a whole file
    r = subprocess.run(
        [sys.executable, "-m", "drafter", *args], env=env, cwd=tmp_path / "work",
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    with zipfile.ZipFile(target) as z:
        assert z.testzip() is None


def test_forced_overwrite_killed_mid_write_keeps_the_old_file(
    tmp_path: Path, env: dict[str, str]
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "draft.md"
    target.write_text("the editor's previous draft\n", encoding="utf-8")
    args = ["next", "--session", "69", "--corpus", str(CORPUS), "--format", "md", "-o", str(target), "--force", "-q"]  # fmt: skip
    p, marker = _launch(tmp_path, env, args)
    _kill_mid_write(p, marker)
    assert target.read_text(encoding="utf-8") == "the editor's previous draft\n"


def test_next_all_killed_leaves_only_whole_drafts(
    big_src: Path, tmp_path: Path, env: dict[str, str]
) -> None:
    out_dir = tmp_path / "drafts"
    args = ["next", "--all", "--session", "80", "--corpus", str(big_src), "--format", "md", "-o", str(out_dir)]  # fmt: skip
    # a warm cache first, so that the kill lands in the drafting
    r = subprocess.run(
        [sys.executable, "-m", "drafter", "series", "--corpus", str(big_src), "--format", "json"],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    p, marker = _launch(tmp_path, env, args)
    _kill_mid_write(p, marker)
    assert _group_gone(p.pid)
    for name in _leftovers(out_dir):
        assert name.startswith(".drafter-tmp-") or name == ".drafter-written.json", name
    r = subprocess.run(
        [sys.executable, "-m", "drafter", *args], env=env, cwd=tmp_path,
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    drafts = [p for p in out_dir.glob("*.md")]
    assert drafts and all(d.read_text(encoding="utf-8").strip() for d in drafts)
