"""The corpus: finding it, symbols and slugs, loading, adding editions; and the safe writes
(drafter.fsutil) everything that writes goes through."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import CORPUS, REPO, SEEDS, SERIES, seed_path

from drafter.corpus.folder import (
    EDITION_SUFFIXES,
    Corpus,
    add_edition,
    bundled_corpus,
    is_symbol,
    load_corpus,
    locate_corpus,
    normalize_symbol,
    parse_edition,
    session_of_symbol,
    slugify,
    symbol_from_slug,
    symbol_slug,
)
from drafter.errors import CorpusError, DrafterError, InputError, OutputExistsError
from drafter.fsutil import (
    STATE_ENV,
    TEMP_PREFIX,
    atomic_write_bytes,
    atomic_write_text,
    safe_copy,
    was_created_by_drafter,
)

# --- symbols and slugs -------------------------------------------------------------------------

SLUGS = [
    ("A/RES/68/160", "A-RES-68-160"),
    ("A/RES/60/156", "A-RES-60-156"),
    ("A/RES/1165 (XII)", "A-RES-1165(XII)"),
    ("A/RES/2957 (XXVII)", "A-RES-2957(XXVII)"),
    ("A/RES/ES-10/19", "A-RES-ES-10-19"),
    ("A/RES/S-26/2", "A-RES-S-26-2"),
    ("A/C.3/68/L.5/Rev.1", "A-C.3-68-L.5-Rev.1"),
    ("A/68/L.30/Add.1", "A-68-L.30-Add.1"),
]


@pytest.mark.parametrize(("symbol", "slug"), SLUGS)
def test_symbol_slug_round_trip(symbol: str, slug: str) -> None:
    assert symbol_slug(symbol) == slug
    assert symbol_from_slug(slug) == symbol
    for ext in EDITION_SUFFIXES:
        assert symbol_from_slug(slug + ext) == symbol
    assert is_symbol(symbol)


@pytest.mark.parametrize(
    "name",
    [
        "README",
        "PROVENANCE.md",
        "edition.txt",
        "A-RES-x-1.txt",
        "A-RES-68.txt",
        "A-RES-68-160-extra.txt",
        "",
    ],
)
def test_not_a_symbol_slug(name: str) -> None:
    assert symbol_from_slug(name) is None


def test_normalize_and_session_of_symbol() -> None:
    assert normalize_symbol("a/res/68/160") == "A/RES/68/160"
    assert normalize_symbol("A/RES/1165(XII)") == "A/RES/1165 (XII)"
    assert symbol_slug("A/RES/1165(XII)") == "A-RES-1165(XII)"
    assert session_of_symbol("A/RES/68/160") == 68
    assert session_of_symbol("A/C.3/69/L.5") == 69
    assert session_of_symbol("A/RES/1165 (XII)") == 12
    assert session_of_symbol(None) is None
    assert (
        slugify("Enhancement of international cooperation in the field of human rights") == SERIES
    )
    assert (
        slugify("Situation of human rights in Côte d’Ivoire")
        == "situation-of-human-rights-in-cote-d-ivoire"
    )


# --- finding the corpus ------------------------------------------------------------------------


def test_locate_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opt, env, cwd = tmp_path / "opt", tmp_path / "env", tmp_path / "work"
    for d in (opt, env, cwd / "corpus"):
        d.mkdir(parents=True)
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("DRAFTER_CORPUS", str(env))
    assert locate_corpus(opt) == opt
    assert locate_corpus(None) == env
    monkeypatch.setenv("DRAFTER_CORPUS", "")
    assert locate_corpus(None) == cwd / "corpus"
    (cwd / "corpus").rmdir()
    bundled = bundled_corpus()  # the repo's corpus in a checkout, the package's when installed
    assert bundled is not None
    assert locate_corpus(None).resolve() == bundled.resolve()


def test_locate_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CorpusError, match="does not exist"):
        locate_corpus(tmp_path / "missing")
    monkeypatch.setenv("DRAFTER_CORPUS", str(tmp_path / "gone"))
    with pytest.raises(CorpusError, match=r"\$DRAFTER_CORPUS"):
        locate_corpus(None)
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(CorpusError, match="is not a folder"):
        locate_corpus(f)


def _run_unprivileged(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a Python child for which file permissions apply: as root, with every
    capability dropped (``setpriv``), since root otherwise reads and writes everything."""
    cmd = [sys.executable, "-c", code]
    if os.name == "posix" and os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: permissions cannot be tested")
        cmd = [setpriv, "--inh-caps=-all", "--bounding-set=-all", "--", *cmd]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=REPO)


@pytest.fixture
def shared_tmp():
    """A temporary folder that an unprivileged child can reach."""
    import tempfile

    d = Path(tempfile.mkdtemp(prefix="drafter-test-"))
    d.chmod(0o777)
    yield d
    for p in [d, *d.rglob("*")]:
        if p.is_dir():
            p.chmod(0o755)
    shutil.rmtree(d)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_unreadable_corpus_and_unwritable_output(shared_tmp: Path) -> None:
    locked = shared_tmp / "locked"
    locked.mkdir()
    locked.chmod(0)
    ro = shared_tmp / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    secret = shared_tmp / "secret.txt"
    shutil.copyfile(seed_path("A/RES/68/160"), secret)
    secret.chmod(0)
    code = textwrap.dedent(
        f"""
        from drafter.cli.main import run
        print(run(["series", "--corpus", {str(locked)!r}]))
        print(run(["parse", {str(seed_path("A/RES/68/160"))!r}, "-o", {str(ro / "out.json")!r}]))
        print(run(["parse", {str(secret)!r}]))
        """
    )
    p = _run_unprivileged(code)
    assert p.stdout.split() == ["1", "1", "1"], p.stderr
    lines = p.stderr.splitlines()
    assert len(lines) == 3 and "Traceback" not in p.stderr
    assert lines[2].startswith("drafter: error: ") and "secret.txt" in lines[2]
    assert lines[0] == (
        f"drafter: error: corpus folder {locked} (--corpus) cannot be read: Permission denied: "
        "check its permissions."
    )
    assert lines[1].startswith(f"drafter: error: cannot write {ro / 'out.json'}: Permission denied")
    assert list(ro.iterdir()) == []


def test_bundled_corpus_is_not_written_in_an_installed_package(monkeypatch, tmp_path) -> None:
    import drafter.corpus.folder as dc

    pkg = tmp_path / "site-packages" / "drafter"
    (pkg / "_bundled" / "corpus").mkdir(parents=True)
    monkeypatch.setattr(dc, "__file__", str(pkg / "corpus" / "folder.py"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DRAFTER_CORPUS", raising=False)
    assert locate_corpus(None) == (pkg / "_bundled" / "corpus").resolve()
    with pytest.raises(CorpusError, match="not written to"):
        locate_corpus(None, for_writing=True)


# --- loading -----------------------------------------------------------------------------------


def test_load_seed_corpus() -> None:
    c = load_corpus(CORPUS)
    assert c.warnings == []
    assert sorted(ed.symbol or "" for ed in c.editions) == sorted(SEEDS)
    assert {ed.series for ed in c.editions} == {SERIES}
    assert list(c.by_series()) == [SERIES]


def test_load_skips_bad_files_and_warns(corpus_copy: Path) -> None:
    folder = corpus_copy / SERIES
    (folder / "A-RES-69-1.txt").write_bytes(b"")
    (folder / "A-RES-69-2.docx").write_bytes(b"not a zip")
    (folder / "notes.md").write_text("# notes\n")
    (folder / ".A-RES-69-3.txt").write_text("hidden")
    (folder / f"{TEMP_PREFIX}A-RES-69-4.txt.abcd").write_text("half")
    shutil.copyfile(seed_path("A/RES/68/160"), folder / "A-RES-68-161.txt")
    shutil.copyfile(seed_path("A/RES/66/152"), folder / "edition.txt")
    shutil.copyfile(seed_path("A/RES/61/168"), corpus_copy / "A-RES-61-168.txt")
    c = load_corpus(corpus_copy)
    assert len(c.editions) == 7
    text = "\n".join(c.warnings)
    assert "A-RES-69-1.txt was skipped" in text and "is empty" in text
    assert "A-RES-69-2.docx was skipped" in text
    assert "the text prints A/RES/68/160 but the file name says A/RES/68/161" in text
    assert "edition.txt: the file name is not a symbol" in text
    assert "A-RES-61-168.txt is not in a series folder" in text
    assert len(c.warnings) == 5


def test_file_name_gives_the_symbol_only_when_the_text_prints_none(tmp_path: Path) -> None:
    res = parse_edition(seed_path("A/RES/60/156"))
    assert res.symbol == "A/RES/60/156"
    assert res.evidence("symbol") == "corpus file name A-RES-60-156.txt"
    assert "meeting line" in (res.evidence("session") or "")  # the text's own evidence is kept
    named = tmp_path / "A-RES-60-999.txt"
    shutil.copyfile(seed_path("A/RES/68/160"), named)
    printed = parse_edition(named)
    assert printed.symbol == "A/RES/68/160" and not printed.is_inferred("symbol")


def test_parse_seam(corpus_copy: Path) -> None:
    seen: list[str] = []

    def fake(path: Path):
        seen.append(path.name)
        return parse_edition(path)

    c = load_corpus(corpus_copy, parse=fake)
    assert sorted(seen) == sorted(symbol_slug(s) + ".txt" for s in SEEDS)
    assert len(c.editions) == 5


# --- add_edition -------------------------------------------------------------------------------


def _tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_add_edition_api(corpus_copy: Path, tmp_path: Path) -> None:
    src = tmp_path / "new.txt"
    shutil.move(corpus_copy / SERIES / "A-RES-63-180.txt", src)
    before = _tree(corpus_copy)
    notes: list[str] = []
    dest = add_edition(load_corpus(corpus_copy), src, adopted="18 December 2008", notes=notes)
    assert dest == corpus_copy / SERIES / "A-RES-63-180.txt"
    assert dest.read_bytes() == src.read_bytes()
    after = _tree(corpus_copy)
    changed = {k for k in after if before.get(k) != after[k]}
    assert changed == {f"{SERIES}/A-RES-63-180.txt", f"{SERIES}/PROVENANCE.md"}
    assert notes == []
    assert sorted(_tree(corpus_copy)) == sorted(after)  # nothing but the edition and its note


def test_add_edition_refusals(corpus_copy: Path, tmp_path: Path) -> None:
    c = load_corpus(corpus_copy)
    with pytest.raises(InputError, match="no such file"):
        add_edition(c, tmp_path / "missing.txt")
    odd = tmp_path / "edition.csv"
    odd.write_text("x")
    with pytest.raises(InputError, match="not .csv"):
        add_edition(c, odd)
    with pytest.raises(DrafterError, match="already in the corpus"):
        add_edition(c, seed_path("A/RES/66/152"))
    with pytest.raises(InputError, match="not a General Assembly symbol"):
        add_edition(c, seed_path("A/RES/66/152"), symbol="66/152")


def test_add_edition_adopted_date_mismatch_is_noted(corpus_copy: Path, tmp_path: Path) -> None:
    src = tmp_path / "A-RES-61-168.txt"
    shutil.move(corpus_copy / SERIES / src.name, src)
    notes: list[str] = []
    add_edition(corpus_copy, src, adopted="20 December 2006", notes=notes)
    assert notes == ["the text dates its adoption 2006-12-19, --adopted says 2006-12-20"]


def test_add_replace_keeps_the_old_file(corpus_copy: Path, tmp_path: Path) -> None:
    new = tmp_path / "A-RES-68-160.txt"
    new.write_bytes(seed_path("A/RES/68/160").read_bytes() + b"\n")
    add_edition(corpus_copy, new, replace=True)
    add_edition(corpus_copy, seed_path("A/RES/68/160"), replace=True)  # and back again
    aside = sorted((corpus_copy / SERIES / ".replaced").iterdir())
    assert len(aside) == 2  # the first replaced file is never overwritten by the second
    assert (corpus_copy / SERIES / "A-RES-68-160.txt").read_bytes() == seed_path(
        "A/RES/68/160"
    ).read_bytes()
    assert {p.read_bytes() for p in aside} == {
        new.read_bytes(),
        seed_path("A/RES/68/160").read_bytes(),
    }


# --- fsutil: atomic writes ---------------------------------------------------------------------


def test_atomic_write_refuses_overwrite(tmp_path: Path) -> None:
    p = tmp_path / "sub" / "out.txt"
    atomic_write_text(p, "one")
    assert p.read_text() == "one"
    with pytest.raises(OutputExistsError) as e:
        atomic_write_text(p, "two")
    assert e.value.one_line() == f"{p} exists; use --force to overwrite."
    assert p.read_text() == "one"
    atomic_write_text(p, "two", force=True)
    assert p.read_text() == "two"
    assert [x.name for x in p.parent.iterdir()] == ["out.txt"]  # no bookkeeping files here


def test_created_by_drafter_ok(tmp_path: Path) -> None:
    p = tmp_path / "draft.md"
    atomic_write_text(p, "v1")
    assert was_created_by_drafter(p)
    assert os.environ[STATE_ENV]  # tests keep their records out of the user's state folder
    assert [x.name for x in tmp_path.iterdir()] == ["draft.md"]
    atomic_write_text(p, "v2", created_by_drafter_ok=True)
    assert p.read_text() == "v2"
    p.write_text("edited by hand")
    assert not was_created_by_drafter(p)
    with pytest.raises(OutputExistsError):
        atomic_write_text(p, "v3", created_by_drafter_ok=True)
    assert p.read_text() == "edited by hand"
    other = tmp_path / "theirs.md"
    other.write_text("not ours")
    with pytest.raises(OutputExistsError):
        atomic_write_bytes(other, b"x", created_by_drafter_ok=True)


@pytest.mark.parametrize("exc", [KeyboardInterrupt, RuntimeError, OSError])
def test_no_temp_file_left_on_exception(tmp_path: Path, monkeypatch, exc) -> None:
    p = tmp_path / "out.bin"
    p.write_bytes(b"old")

    def failing_fsync(fd: int) -> None:
        raise exc("stop")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises((exc, DrafterError)):
        atomic_write_bytes(p, b"new" * 1000, force=True)
    assert p.read_bytes() == b"old"
    assert [x.name for x in tmp_path.iterdir()] == ["out.bin"]


def test_safe_copy(tmp_path: Path) -> None:
    src = seed_path("A/RES/68/160")
    dst = tmp_path / "copy.txt"
    safe_copy(src, dst)
    assert dst.read_bytes() == src.read_bytes()
    with pytest.raises(OutputExistsError):
        safe_copy(seed_path("A/RES/66/152"), dst)
    assert dst.read_bytes() == src.read_bytes()
    assert sorted(x.name for x in tmp_path.iterdir()) == ["copy.txt"]


def test_killed_mid_write_leaves_no_partial_file(tmp_path: Path) -> None:
    """A process killed while writing leaves the old file (or none), never half a file."""
    target = tmp_path / "big.bin"
    target.write_bytes(b"old content")
    script = textwrap.dedent(
        f"""
        import os, sys, time
        sys.path.insert(0, {str(REPO)!r})
        from drafter import fsutil
        real = os.fsync
        def slow_fsync(fd):
            print("writing", flush=True)
            time.sleep(30)
            real(fd)
        os.fsync = slow_fsync
        fsutil.atomic_write_bytes({str(target)!r}, b"x" * 5_000_000, force=True)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "writing"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert target.read_bytes() == b"old content"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "big.bin"]
    assert all(n.startswith(TEMP_PREFIX) for n in leftovers)  # ignored by the corpus loader
    time.sleep(0)  # nothing else to wait for


def test_corpus_type_is_plain_data() -> None:
    c = Corpus(root=CORPUS)
    assert c.by_series() == {} and c.series_editions(SERIES) == []
