"""Interrupted runs leave nothing half-done: a process killed (SIGKILL) or interrupted (SIGINT,
as Ctrl-C sends it to the whole foreground process group) while it indexes the corpus or
writes a draft leaves neither a half-written output file, nor a damaged store, nor a worker
process alive, and the next run works.

No test here waits a fixed time or polls: drafter runs under a launcher that reports, on a
pipe, when it has reached the point where the test interrupts it (a series stored, a worker
holding an item, a file half written), and then blocks there until a signal ends it. That the
process and all its workers are gone is seen as end-of-file on their output pipes, which every
one of them holds: a worker left alive would keep them open (the orphans of issue 12).
"""

from __future__ import annotations

import os
import select
import signal
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import CORPUS, REPO

from drafter.corpus.cache import DB_NAME, load_corpus, load_series
from drafter.engine.series import build_series

sys.path.insert(0, str(REPO / "bench"))
from synth import make_corpus  # noqa: E402

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

EDITIONS = 60  # in series of 6: ten series, more than the two workers can hold at once
DEADLINE = 120.0  # seconds: only for a test that fails, so that it fails rather than hangs

# Runs a drafter command (argv[3:]) reporting events on the pipe whose write end is argv[1]:
# "index": the store is filled by two workers; after the first series is stored, every worker
#   that takes a new series says "busy" and blocks there;
# "write": the first write of each output file writes half the data, says "writing" and blocks.
# A block ends only with a signal (Ctrl-C: KeyboardInterrupt in the main process; the
# parent's stop signal in a worker).
LAUNCHER = r"""
import multiprocessing, os, sys, threading

events = int(sys.argv[1])
mode = sys.argv[2]


def say(what):
    os.write(events, f"{what} {os.getpid()}\n".encode())


def block():
    threading.Event().wait()


if mode == "index":
    import drafter.corpus.indexing as store
    import drafter.parallel as parallel

    parallel.cpus = lambda: 2
    parallel.GRACE_S = 0.5  # the blocked series never finish: no use waiting long
    store.PARALLEL_MIN = 1
    store.BATCH_PARAS = 1  # every series stored as it comes
    stored = multiprocessing.get_context("fork").Event()  # shared with the forked workers
    real_run, real_store = store.run_task, store._store

    def run_task(task):
        if stored.is_set():
            say("busy")
            block()
        return real_run(task)

    def store_(idx, results):
        real_store(idx, results)
        if results:
            say("stored")
            stored.set()

    store.run_task, store._store = run_task, store_
elif mode == "write":
    real_fdopen = os.fdopen

    class Slow:
        def __init__(self, f):
            self.f = f

        def write(self, data):
            self.f.write(data[: len(data) // 2])
            self.f.flush()
            say("writing")
            block()

        def __getattr__(self, name):
            return getattr(self.f, name)

        def __enter__(self):
            self.f.__enter__()
            return self

        def __exit__(self, *exc):
            return self.f.__exit__(*exc)

    os.fdopen = lambda fd, *a, **k: Slow(real_fdopen(fd, *a, **k))

sys.argv = ["drafter", *sys.argv[3:]]
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


@pytest.fixture(scope="module")
def synth_src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("synth") / "corpus"
    make_corpus(root, EDITIONS, seed=11, max_per_series=6)
    return root


class Drafter:
    """drafter under the launcher, in its own process group (as a shell job)."""

    def __init__(self, tmp_path: Path, env: dict[str, str], mode: str, args: list[str]) -> None:
        launcher = tmp_path / "launcher.py"
        launcher.write_text(LAUNCHER, encoding="utf-8")
        work = tmp_path / "work"
        work.mkdir(exist_ok=True)
        r, w = os.pipe()
        self.proc = subprocess.Popen(
            [sys.executable, str(launcher), str(w), mode, *args],
            env=env,
            cwd=work,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            pass_fds=(w,),
            start_new_session=True,
        )
        os.close(w)
        self.events = os.fdopen(r, "rb", buffering=0)  # unbuffered: select() sees every line

    def wait_for(self, *wanted: str) -> list[str]:
        """The events up to the first of each ``wanted`` kind; fails if drafter ends first."""
        seen: list[str] = []
        left = set(wanted)
        while left:
            ready, _, _ = select.select([self.events], [], [], DEADLINE)
            line = self.events.readline().decode() if ready else ""
            if not line:
                out, err = self.proc.communicate(timeout=DEADLINE)
                raise AssertionError(f"drafter ended before {sorted(left)}: {err[-2000:]}")
            seen.append(line.strip())
            left.discard(line.split()[0])
        return seen

    def finish(self) -> tuple[str, str]:
        """stdout and stderr, once every process holding them (drafter and any worker) is
        gone; then the event pipe is at its end too."""
        try:
            out, err = self.proc.communicate(timeout=DEADLINE)
        except subprocess.TimeoutExpired:
            raise AssertionError("a process of drafter was left running, holding its output") from None
        assert self.events.read() is not None  # end-of-file: no worker holds the pipe
        self.events.close()
        return out, err

    def kill_all(self) -> None:
        if self.proc.poll() is None or not self.events.closed:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        self.proc.wait()
        if not self.events.closed:
            self.events.close()


def _parses(db: Path) -> int:
    con = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    try:
        return con.execute("SELECT COUNT(*) FROM parses").fetchone()[0]
    finally:
        con.close()


def _check_store(db: Path) -> None:
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["kill-9-main", "ctrl-c"])
def test_index_interrupted_leaves_a_sound_store_and_no_worker(
    synth_src: Path,
    tmp_path: Path,
    env: dict[str, str],
    sig: signal.Signals,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = tmp_path / "cache" / DB_NAME
    d = Drafter(tmp_path, env, "index", ["series", "--corpus", str(synth_src), "--format", "json"])
    try:
        d.wait_for("stored", "busy")  # a series stored, a worker in the middle of another
        if sig == signal.SIGKILL:
            os.kill(d.proc.pid, signal.SIGKILL)  # the main process alone: its workers must follow
        else:
            os.killpg(d.proc.pid, signal.SIGINT)  # as the terminal sends Ctrl-C
        out, err = d.finish()
    finally:
        d.kill_all()
    if sig == signal.SIGINT:
        assert d.proc.returncode == 130, err
        assert err.strip().splitlines()[-1] == "drafter: interrupted"
        assert "Traceback" not in err
    else:
        assert d.proc.returncode == -signal.SIGKILL
    assert out == ""
    _check_store(db)
    assert 0 < _parses(db) < EDITIONS
    # the next run finishes the store and answers as parsing does
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("DRAFTER_NO_CACHE", raising=False)
    plain = load_corpus(synth_src, cache=False)
    cached = load_corpus(synth_src)
    assert [e.resolution for e in cached.editions] == [e.resolution for e in plain.editions]
    _, got = load_series(synth_src)
    assert [s.to_dict() for s in got] == [s.to_dict() for s in build_series(plain)]
    _check_store(db)
    assert _parses(db) == EDITIONS


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_next_killed_mid_write_leaves_no_half_file(
    tmp_path: Path, env: dict[str, str], sig: signal.Signals
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "draft.docx"
    args = ["next", "--session", "69", "--corpus", str(CORPUS), "-o", str(target), "-q"]
    d = Drafter(tmp_path, env, "write", args)
    try:
        d.wait_for("writing")
        os.killpg(d.proc.pid, sig)
        _, err = d.finish()
    finally:
        d.kill_all()
    assert not target.exists()
    left = _leftovers(out_dir)
    if sig == signal.SIGINT:
        assert d.proc.returncode == 130 and "drafter: interrupted" in err
        assert left == []  # the temporary file was removed
    else:
        # only drafter's temporary file can stay behind; it is never the output
        assert all(name.startswith(".drafter-tmp-draft.docx.") for name in left), left
    # the next run is not blocked and writes a whole file
    from drafter.cli.main import run

    assert run(args) == 0
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
    d = Drafter(tmp_path, env, "write", args)
    try:
        d.wait_for("writing")
        os.killpg(d.proc.pid, signal.SIGKILL)
        d.finish()
    finally:
        d.kill_all()
    assert target.read_text(encoding="utf-8") == "the editor's previous draft\n"


def test_next_all_main_killed_leaves_only_whole_drafts_and_no_worker(
    synth_src: Path, tmp_path: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out_dir = tmp_path / "drafts"
    args = ["next", "--all", "--session", "80", "--corpus", str(synth_src), "--format", "md", "-o", str(out_dir)]  # fmt: skip
    # a warm store first, so that the kill lands in the drafting (done by the workers)
    monkeypatch.setenv("DRAFTER_CACHE_DIR", env["DRAFTER_CACHE_DIR"])
    monkeypatch.delenv("DRAFTER_NO_CACHE", raising=False)
    _, all_series = load_series(synth_src)
    d = Drafter(tmp_path, env, "write", args)
    try:
        d.wait_for("writing")
        os.kill(d.proc.pid, signal.SIGKILL)  # the main process alone
        d.finish()
    finally:
        d.kill_all()
    for name in _leftovers(out_dir):
        assert name.startswith(".drafter-tmp-") or name == ".drafter-written.json", name
    from drafter.cli.main import run

    assert run(args) == 0
    drafts = list(out_dir.glob("*.md"))
    assert drafts and all(p.read_text(encoding="utf-8").strip() for p in drafts)
