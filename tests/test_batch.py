"""drafter next --all (drafter/batch.py): which series are due, drafted in parallel, one summary
table, one failure does not stop the others."""

from __future__ import annotations

import io
import os
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import REPO

import drafter.engine.batch as batch
from drafter.cli.main import run
from drafter.corpus.folder import Edition
from drafter.engine.batch import Outcome, due_at, next_all
from drafter.engine.series import Period, Series
from drafter.errors import DrafterError
from drafter.model.resolution import Resolution

sys.path.insert(0, str(REPO / "bench"))
from synth import write_series  # noqa: E402

# (period, first, last): due at 80?
PLAN = {
    "annual": (1, 74, 79, True),
    "biennial": (2, 70, 78, True),
    "triennial": (3, 70, 79, False),  # due at 82
    "quinquennial": (5, 60, 75, True),
    "late": (1, 72, 77, True),  # 78 and 79 missing
    "ahead": (1, 75, 80, False),  # already has session 80
}


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("DRAFTER_NO_CACHE", raising=False)


@pytest.fixture(scope="module")
def corpus_src(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("batch") / "corpus"
    slugs = {}
    for i, (name, (period, first, last, _)) in enumerate(PLAN.items()):
        spec = write_series(root, 100 + i, period=period, first=first, last=last)
        slugs[name] = spec.slug
    return root, slugs


@pytest.fixture
def corpus(corpus_src: tuple[Path, dict[str, str]], tmp_path: Path) -> tuple[Path, dict[str, str]]:
    import shutil

    root, slugs = corpus_src
    dst = tmp_path / "corpus"
    shutil.copytree(root, dst)
    return dst, slugs


def _series(sessions: list[int], period: int | None) -> Series:
    eds = tuple(
        Edition(Path(f"A-RES-{s}-1.txt"), "x", Resolution(symbol=f"A/RES/{s}/1", session=s))
        for s in sessions
    )
    return Series("x", "X", eds, Period(period, "because", "text"), ())


@pytest.mark.parametrize(
    "sessions, period, session, due, words",
    [
        ([68], 1, 69, True, "every session, latest edition A/RES/68/1 (session 68)"),
        ([66, 68], 2, 70, True, "every 2 sessions"),
        ([66, 68], 2, 69, False, "every 2 sessions from session 68: due at 70, not at 69"),
        ([60], 5, 70, True, "no edition for session 65"),
        ([60], 5, 72, False, "due at 70 and 75, not at 72"),
        ([60, 68], 1, 68, False, "its latest edition (A/RES/68/1) is of session 68"),
        ([60, 68], 1, 61, False, "is of session 68"),
        ([68], None, 69, False, "period unknown (because); draft it alone with drafter next"),
        ([], 1, 69, False, "no edition with a known session"),
    ],
)
def test_due_at(
    sessions: list[int], period: int | None, session: int, due: bool, words: str
) -> None:
    ok, why = due_at(_series(sessions, period), session)
    assert ok is due
    assert words in why


def test_next_all(corpus: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    root, slugs = corpus
    out = io.StringIO()
    from rich.console import Console

    outcomes = next_all(
        root, 80, fmt="md", output=tmp_path / "drafts", console=Console(file=out, width=200)
    )
    by = {o.slug: o for o in outcomes}
    for name, (*_, due) in PLAN.items():
        o = by[slugs[name]]
        assert o.due is due, (name, o.reason)
        if due:
            assert o.error is None, o.error
            assert o.output and Path(o.output).is_file()
            assert Path(o.output).parent == tmp_path / "drafts"
            assert o.base and o.changes >= 1 and o.placeholders >= 1
    assert "no edition for session 78, 79" in by[slugs["late"]].reason
    table = out.getvalue()
    assert "Drafts for session 80" in table and "Not due at session 80" in table
    assert "4 drafts written to" in table and "2 series not due" in table
    # the drafts are those 'drafter next' writes for each series alone
    one = by[slugs["annual"]]
    assert run(["next", "--corpus", str(root), "--series", slugs["annual"], "--session", "80",
                "--format", "md", "-o", str(tmp_path / "alone.md")]) == 0  # fmt: skip
    assert Path(one.output).read_text() == (tmp_path / "alone.md").read_text()  # type: ignore[arg-type]


def test_next_all_docx_in_parallel(corpus: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    root, _ = corpus
    outcomes = next_all(root, 80, output=tmp_path / "d", workers=2, console=_quiet())
    written = [Path(o.output) for o in outcomes if o.output]
    assert len(written) == 4
    for p in written:
        assert p.suffix == ".docx"
        with zipfile.ZipFile(p) as z:
            assert z.testzip() is None


def _quiet():  # type: ignore[no-untyped-def]
    from rich.console import Console

    return Console(file=io.StringIO(), width=200)


def test_one_failure_does_not_stop_the_others(
    corpus: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    root, slugs = corpus
    out = tmp_path / "drafts"
    out.mkdir()
    # a file drafter did not write stands where one draft goes
    blocked = out / f"{slugs['biennial'][:60].rstrip('-')}-session-80.md"
    blocked.write_text("an editor's own file\n")
    console = _quiet()
    with pytest.raises(DrafterError) as e:
        next_all(root, 80, fmt="md", output=out, console=console)
    assert "1 of 4 series due at session 80 failed" in e.value.one_line()
    assert blocked.read_text() == "an editor's own file\n"
    assert len(list(out.glob("*.md"))) == 4  # three drafts and the editor's file
    table = console.file.getvalue()
    assert "exists; use --force" in table and "3 drafts written" in table and "1 failed" in table


def test_a_worker_that_dies_fails_only_its_series(
    corpus: tuple[Path, dict[str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, slugs = corpus
    victim = slugs["quinquennial"]
    real = batch.roll

    def roll(job, reason=""):  # type: ignore[no-untyped-def]
        if job.slug == victim:
            os._exit(9)  # as if killed, in the worker process (forked: it has this patch)
        return real(job, reason)

    monkeypatch.setattr(batch, "roll", roll)
    from drafter.corpus.cache import _mp_context

    if _mp_context().get_start_method() != "fork":
        pytest.skip("needs fork workers to carry the patch")
    with pytest.raises(DrafterError, match="1 of 4"):
        next_all(root, 80, fmt="json", output=tmp_path / "d", workers=2, console=_quiet())
    files = sorted(p.name for p in (tmp_path / "d").iterdir())
    assert len(files) == 3 and not any(f.startswith(".drafter-tmp") for f in files)


def test_cli_next_all_exit_codes(
    corpus: tuple[Path, dict[str, str]], tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    root, _ = corpus
    args = ["next", "--all", "--session", "80", "--corpus", str(root), "--format", "md"]
    assert run([*args, "-o", str(tmp_path / "a")]) == 0
    assert "4 drafts written" in capsys.readouterr().out
    assert run([*args, "-o", str(tmp_path / "a")]) == 0  # drafter's own files: rewritten
    capsys.readouterr()
    for f in (tmp_path / "a").glob("*.md"):
        f.write_text("changed by an editor\n")
    assert run([*args, "-o", str(tmp_path / "a")]) == 1
    captured = capsys.readouterr()
    assert "drafter: error: 4 of 4 series due at session 80 failed" in captured.err
    assert run([*args, "-o", str(tmp_path / "a"), "--force"]) == 0
    capsys.readouterr()
    assert (
        run(["next", "--all", "--session", "70", "--corpus", str(root), "-o", str(tmp_path / "b")])
        == 0
    )
    assert "No series is due at session 70" in capsys.readouterr().out
    assert not (tmp_path / "b").exists()


@pytest.mark.parametrize(
    "output, fmt, message",
    [
        ("-", "md", "with --all, drafts cannot go to stdout"),
        ("draft.docx", "docx", "looks like a file name"),
        ("a-file", "md", "is a file"),
        ("d", "pdf", "--format 'pdf' is not known"),
    ],
)
def test_output_must_be_a_folder(
    corpus: tuple[Path, dict[str, str]], tmp_path: Path, output: str, fmt: str, message: str
) -> None:
    root, _ = corpus
    (tmp_path / "a-file").write_text("x")
    target = output if output == "-" else str(tmp_path / output)
    with pytest.raises(DrafterError, match=message):
        next_all(root, 80, fmt=fmt, output=target, console=_quiet())


def test_names_of_series_sharing_the_short_name() -> None:
    a = "situation-of-human-rights-in-the-democratic-people-s-republic-of-korea"
    b = "situation-of-human-rights-in-the-democratic-people-s-republic-of-the-congo"
    c = "a-short-one"
    assert batch._file_names([a, b, c], 70, "md") == {
        a: f"{a}-session-70.md",
        b: f"{b}-session-70.md",
    }


def test_report_lists_failures_in_red() -> None:
    console = _quiet()
    batch._report(
        [
            Outcome("s1", True, "", "A/RES/1/1", 2, 3, "d/s1.md"),
            Outcome("s2", True, "", error="boom"),
        ],
        80,
        Path("d"),
        console,
    )
    text = console.file.getvalue()
    assert "boom" in text and "d/s1.md" in text and "1 draft written to d; 1 failed" in text
