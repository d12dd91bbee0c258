"""The parse cache (drafter/cache.py): same answers as parsing, invalidated by any change to a
file, bypassed by --no-cache, robust to a damaged or unwritable cache, parallel when cold."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CORPUS, REPO, SERIES

import drafter.corpus.cache as dc
import drafter.corpus.db as ddb
import drafter.corpus.indexing as dix
import drafter.corpus.scan as dscan
import drafter.parallel as par
from drafter.cli.main import run
from drafter.corpus.cache import cache_dir, cache_path, info, load_corpus, load_series
from drafter.corpus.scan import series_filter
from drafter.engine.series import build_series

sys.path.insert(0, str(REPO / "bench"))
from synth import make_corpus  # noqa: E402


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "cache"
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(d))
    monkeypatch.delenv("DRAFTER_NO_CACHE", raising=False)
    return d


@pytest.fixture(scope="module")
def synth_src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic corpus of 70 editions (three text families and one .docx), plus the odd
    cases: a file that is not an edition, a file named otherwise than by its symbol, an empty
    series folder and a loose file at the top."""
    root = tmp_path_factory.mktemp("synth") / "corpus"
    make_corpus(root, 70, seed=3, docx_every=35)
    first = sorted(p for p in root.iterdir() if p.is_dir())[0]
    (first / "A-RES-99-999.txt").write_text("not a resolution at all\n", encoding="utf-8")
    (first / "draft-copy.txt").write_bytes(next(first.glob("A-RES-*.txt")).read_bytes())
    (root / "empty-series").mkdir()
    (root / "A-RES-70-1.txt").write_text("loose\n", encoding="utf-8")
    return root


@pytest.fixture
def synth(synth_src: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "synth"
    shutil.copytree(synth_src, dst)
    return dst


def _same(a, b) -> None:  # type: ignore[no-untyped-def]
    assert [(e.path, e.series, e.resolution) for e in a.editions] == [
        (e.path, e.series, e.resolution) for e in b.editions
    ]
    assert a.warnings == b.warnings
    assert a.series_slugs == b.series_slugs


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*a, **k):  # type: ignore[no-untyped-def]
        raise AssertionError("parsed although the cache is warm")

    monkeypatch.setattr(dix, "parse_one", boom)
    monkeypatch.setattr("drafter.corpus.folder.parse_edition", boom)


# --- where ---------------------------------------------------------------------------------------


def test_cache_dir_from_the_environment(_cache: Path) -> None:
    assert cache_dir() == _cache
    assert cache_path() == _cache / ddb.DB_NAME


@pytest.mark.parametrize("xdg", ["", "/somewhere/else"])
def test_default_cache_dir_is_platformdirs(monkeypatch: pytest.MonkeyPatch, xdg: str) -> None:
    from platformdirs import user_cache_dir

    monkeypatch.delenv("DRAFTER_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert cache_dir() == Path(user_cache_dir("drafter"))


# --- same answers ----------------------------------------------------------------------------------


def test_seeds_cold_and_warm_equal_uncached(monkeypatch: pytest.MonkeyPatch) -> None:
    plain = load_corpus(CORPUS, cache=False)
    assert not cache_path().exists()
    cold = load_corpus(CORPUS)
    assert cache_path().exists()
    _same(plain, cold)
    _no_parsing(monkeypatch)
    warm = load_corpus(CORPUS)
    _same(plain, warm)
    got = info()
    assert (got["files"], got["parses"], got["series"], got["integrity"]) == (5, 5, 1, "ok")


def test_synthetic_corpus_equal_uncached(synth: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = load_corpus(synth, cache=False)
    assert any("was skipped" in w for w in plain.warnings)
    assert any("not in a series folder" in w for w in plain.warnings)
    assert any("is not a symbol" in w for w in plain.warnings)
    _same(plain, load_corpus(synth))
    one = sorted(p.name for p in synth.iterdir() if p.is_dir())[1]
    alone = load_corpus(synth, series=[one], cache=False)
    _no_parsing(monkeypatch)
    _same(plain, load_corpus(synth))
    _same(alone, load_corpus(synth, series=[one]))


def test_relative_root_gives_relative_paths(synth: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(synth.parent)
    plain = load_corpus(Path(synth.name), cache=False)
    load_corpus(Path(synth.name))
    _same(plain, load_corpus(Path(synth.name)))
    assert not plain.editions[0].resolution.path.startswith("/")


def test_series_overview_equals_build_series(synth: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = load_corpus(synth, cache=False)
    full = build_series(plain)
    corpus, cold = load_series(synth)
    _no_parsing(monkeypatch)
    corpus2, warm = load_series(synth)
    for got in (cold, warm):
        assert [s.to_dict() for s in got] == [s.to_dict() for s in full]
        assert [s.title for s in got] == [s.title for s in full]
    for c in (corpus, corpus2):
        assert c.warnings == plain.warnings
        assert c.series_slugs == plain.series_slugs
        assert c.root == plain.root
    # the editions carry the masthead facts, not the paragraphs
    stub = warm[0].editions[-1].resolution
    real = full[0].editions[-1].resolution
    # (nor the furniture list and the word audit: their verdict is in the series' warnings)
    assert stub == real.with_(preamble=(), operative=(), footnotes=(), furniture=(), audit=None)
    assert real.operative and not stub.operative


def test_series_overview_without_cache(synth: Path) -> None:
    corpus, got = load_series(synth, cache=False)
    assert not cache_path().exists()
    assert got[0].editions[-1].resolution.operative  # complete editions


# --- invalidation --------------------------------------------------------------------------------


def _edition(root: Path) -> Path:
    return sorted((root / SERIES).glob("A-RES-68-160.txt"))[0]


def test_changed_content_is_reparsed(corpus_copy: Path) -> None:
    load_corpus(corpus_copy)
    f = _edition(corpus_copy)
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace("sixty-ninth session", "seventieth session"), encoding="utf-8")
    assert load_corpus(corpus_copy).editions == load_corpus(corpus_copy, cache=False).editions
    latest = load_corpus(corpus_copy).editions[-1].resolution
    assert "seventieth session" in latest.operative[-1].text


def test_same_size_same_mtime_edit_is_seen(corpus_copy: Path) -> None:
    """A fresh file's stat is not trusted; an old one's ctime still moves on an edit."""
    f = _edition(corpus_copy)
    old = f.stat()
    os.utime(f, ns=(old.st_atime_ns, old.st_mtime_ns - 10**10))  # not racy any more
    old = f.stat()
    load_corpus(corpus_copy)
    data = f.read_bytes()
    f.write_bytes(data.replace(b"sixty-ninth", b"sixty-sixth"))  # same length
    os.utime(f, ns=(old.st_atime_ns, old.st_mtime_ns))
    assert f.stat().st_size == old.st_size and f.stat().st_mtime_ns == old.st_mtime_ns
    assert "sixty-sixth" in load_corpus(corpus_copy).editions[-1].resolution.operative[-1].text


def test_racy_file_is_rehashed(corpus_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for f in (corpus_copy / SERIES).glob("*.txt"):
        os.utime(f, None)  # modified just now
    load_corpus(corpus_copy)  # stored as racy
    db = sqlite3.connect(cache_path())
    assert db.execute("SELECT COUNT(*) FROM files WHERE mtime_ns = -1").fetchone()[0] == 5
    db.close()
    hashed: list[str] = []
    real = dix.hash_file
    monkeypatch.setattr(dix, "hash_file", lambda p: hashed.append(p) or real(p))
    monkeypatch.setattr(dix, "RACY_NS", 0)
    load_corpus(corpus_copy)
    assert len(hashed) == 5  # rehashed once, now trusted
    load_corpus(corpus_copy)
    assert len(hashed) == 5


def test_touch_rehashes_but_does_not_reparse(
    corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_corpus(corpus_copy)
    f = _edition(corpus_copy)
    os.utime(f, None)
    _no_parsing(monkeypatch)
    assert len(load_corpus(corpus_copy).editions) == 5


def test_added_removed_and_renamed_files(corpus_copy: Path) -> None:
    load_series(corpus_copy)
    folder = corpus_copy / SERIES
    (folder / "A-RES-60-156.txt").unlink()
    shutil.copy(folder / "A-RES-61-168.txt", folder / "A-RES-62-1.txt")
    (folder / "A-RES-63-180.txt").rename(folder / "A-RES-63-181.txt")
    plain = load_corpus(corpus_copy, cache=False)
    _same(plain, load_corpus(corpus_copy))
    _, got = load_series(corpus_copy)
    assert [s.to_dict() for s in got] == [s.to_dict() for s in build_series(plain)]
    assert info()["files"] == 5


def test_parser_change_drops_the_cache(corpus_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_corpus(corpus_copy)
    monkeypatch.setattr(dscan, "_fingerprint", "another parser")
    parsed: list[str] = []
    real = dix.parse_one
    monkeypatch.setattr(dix, "parse_one", lambda p: parsed.append(p) or real(p))
    load_corpus(corpus_copy)
    assert len(parsed) == 5


def test_fingerprint_covers_the_parse_path() -> None:
    """Every drafter module that reading, parsing and summarising a series imports is in
    PARSE_PATH: changing one drops the cached parses."""
    code = (
        "import sys; from pathlib import Path\n"
        "import drafter.corpus.folder as c, drafter.engine.series, drafter.readers.docx, drafter.readers.pdf\n"
        f"c.parse_edition(Path({str(CORPUS / SERIES / 'A-RES-68-160.txt')!r}))\n"
        "print('\\n'.join(m.__file__ for n, m in sys.modules.items() "
        "if n.startswith('drafter') and getattr(m, '__file__', None)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
    ).stdout.split()  # fmt: skip
    pkg = REPO / "drafter"
    listed = set(dscan.PARSE_PATH)
    for f in out:
        rel = Path(f).resolve().relative_to(pkg.resolve()).as_posix()
        assert rel in listed or rel.split("/")[0] + "/" in listed, rel


# --- bypass, damage, no permission ---------------------------------------------------------------


def test_no_cache_env_and_option(
    corpus_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DRAFTER_NO_CACHE", "1")
    load_corpus(corpus_copy)
    load_series(corpus_copy)
    assert not cache_path().exists()
    monkeypatch.delenv("DRAFTER_NO_CACHE")
    assert run(["series", "--corpus", str(corpus_copy), "--no-cache", "--format", "json"]) == 0
    assert not cache_path().exists()
    assert "DRAFTER_NO_CACHE" not in os.environ  # passed down as a parameter, not a process-wide flag
    assert run(["series", "--corpus", str(corpus_copy), "--format", "json"]) == 0
    assert cache_path().exists()
    capsys.readouterr()


def test_damaged_cache_is_moved_aside_and_rebuilt(corpus_copy: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    cache_path().parent.mkdir(parents=True)
    cache_path().write_bytes(b"this is not a database, " * 200)
    plain = load_corpus(corpus_copy, cache=False)
    _same(plain, load_corpus(corpus_copy))
    err = capsys.readouterr().err
    assert "was damaged; it was moved aside and is rebuilt" in err
    assert list(cache_path().parent.glob(f"{ddb.DB_NAME}.damaged-*"))
    assert info()["integrity"] == "ok"
    _same(plain, load_corpus(corpus_copy))


def test_unusable_cache_dir_warns_once_and_goes_on(
    corpus_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(blocker / "cache"))
    plain = load_corpus(corpus_copy, cache=False)
    _same(plain, load_corpus(corpus_copy))
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot be used" in err[0] and "--no-cache" in err[0]


def test_locked_cache_goes_on_uncached(
    corpus_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    load_corpus(corpus_copy)
    (corpus_copy / SERIES / "A-RES-60-156.txt").write_text("changed\n", encoding="utf-8")
    other = sqlite3.connect(cache_path(), timeout=0)
    other.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr(ddb.Cache, "transaction", _quick_lock(ddb.Cache.transaction))
    try:
        got = load_corpus(corpus_copy)
    finally:
        other.rollback()
        other.close()
    _same(load_corpus(corpus_copy, cache=False), got)
    assert "cannot be used" in capsys.readouterr().err


def _quick_lock(real):  # type: ignore[no-untyped-def]
    import contextlib

    @contextlib.contextmanager
    def transaction(self):  # type: ignore[no-untyped-def]
        self.db.execute("PRAGMA busy_timeout = 50")
        with real(self) as db:
            yield db

    return transaction


# --- parallel, progress --------------------------------------------------------------------------


def test_parallel_index_equals_serial(synth: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dix, "PARALLEL_MIN", 1)
    idx = dc.index(synth, workers=2, progress=False)
    assert idx is not None and idx.parsed == 72 and idx.tasks > 2
    idx.cache.close()
    plain = load_corpus(synth, cache=False)
    _same(plain, load_corpus(synth))
    _, got = load_series(synth)
    assert [s.to_dict() for s in got] == [s.to_dict() for s in build_series(plain)]


def test_progress_lines_without_a_terminal(capsys) -> None:  # type: ignore[no-untyped-def]
    with par.Progress(40, "indexing the corpus", show=True) as bar:
        assert bar.mode == "lines"
        for _ in range(40):
            bar.advance(1)
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 10
    assert lines[-1].startswith("drafter: indexing the corpus: 40/40 (100%)")
    assert "ETA" in lines[0]


def test_progress_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(par, "stderr_tty", lambda: True)
    with par.Progress(7, "indexing the corpus") as bar:
        assert bar.mode == "bar"
        bar.advance(7)
    err = capsys.readouterr().err
    assert "indexing the corpus" in err and "7/7" in err


def test_progress_hidden_for_small_work_off_a_terminal() -> None:
    assert par.Progress(par.LARGE_WORK - 1, "x").mode == "none"
    assert par.Progress(par.LARGE_WORK, "x").mode == "lines"


def test_two_processes_index_at_once(synth: Path) -> None:
    code = (
        "import sys; from drafter.corpus.cache import load_series; print(len(load_series(sys.argv[1])[1]))"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(synth)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=env)
        for _ in range(2)
    ]  # fmt: skip
    outs = [p.communicate(timeout=120) for p in procs]
    want = str(len(build_series(load_corpus(synth, cache=False))))
    for p, (out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
        assert out.strip() == want
    assert info()["integrity"] == "ok"


# --- --series ------------------------------------------------------------------------------------


def test_series_filter(synth: Path) -> None:
    names = sorted(p.name for p in synth.iterdir() if p.is_dir())
    assert series_filter(synth, None) is None
    assert series_filter(synth, names[0]) == [names[0]]
    assert series_filter(synth, names[0][:-3]) == [n for n in names if n.startswith(names[0][:-3])]
    assert series_filter(synth, "no-such-series") is None
    assert series_filter(synth / "nowhere", "x") is None


def test_next_for_one_series_loads_only_it(synth: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from drafter.cli.common import open_corpus

    names = sorted(p.name for p in synth.iterdir() if p.is_dir() and p.name != "empty-series")
    seen: list[str] = []
    real = dix.scan
    monkeypatch.setattr(
        dix, "scan", lambda root, series=None: seen.append(series) or real(root, series)
    )
    c = open_corpus(synth, series=names[1])
    assert {e.series for e in c.editions} == {names[1]}
    assert seen == [{names[1]}]


def test_cli_series_json_from_warm_cache(
    synth: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    import json

    assert run(["series", "--corpus", str(synth), "--format", "json", "--no-cache"]) == 0
    plain = capsys.readouterr()
    assert run(["series", "--corpus", str(synth), "--format", "json"]) == 0
    cold = capsys.readouterr()
    _no_parsing(monkeypatch)
    t = time.perf_counter()
    assert run(["series", "--corpus", str(synth), "--format", "json"]) == 0
    assert time.perf_counter() - t < 5
    warm = capsys.readouterr()
    assert json.loads(plain.out) == json.loads(cold.out) == json.loads(warm.out)
    assert plain.err == cold.err == warm.err


def test_a_facts_sidecar_is_part_of_the_key(tmp_path: Path) -> None:
    """What 'drafter add --symbol/--adopted' kept beside an edition changes its parse: a sidecar
    that appears after the edition was cached is seen on the next load."""
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS, root)
    before = {e.path.name: e.resolution for e in load_corpus(root).editions}
    assert before["A-RES-60-156.txt"].symbol == "A/RES/60/156"
    (root / SERIES / "A-RES-60-156.txt.facts.json").write_text('{"symbol": "A/RES/60/999"}\n', encoding="utf-8")
    after = {e.path.name: e.resolution for e in load_corpus(root).editions}
    assert after["A-RES-60-156.txt"].symbol == "A/RES/60/999"
    assert after["A-RES-68-160.txt"] == before["A-RES-68-160.txt"]


@pytest.mark.parametrize("xdg_state", ["", "/tmp/xdg-state", "relative/ignored"])
def test_state_dir_is_platformdirs(monkeypatch: pytest.MonkeyPatch, xdg_state: str) -> None:
    """The state folder (record of written files) is the one platformdirs gives, XDG_STATE_HOME
    honoured on Linux."""
    import platformdirs

    from drafter.fsutil import state_dir

    monkeypatch.delenv("DRAFTER_STATE_DIR", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", xdg_state)
    assert state_dir() == Path(platformdirs.user_state_dir("drafter", appauthor=False))
