"""The command line: every command through typer's CliRunner, errors through ``run`` (what the
console script does) and once through a real subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import CORPUS, REPO, SEEDS, SERIES, seed_path
from typer.testing import CliRunner

import drafter.cli.main as cli
from drafter.cli.main import app, run

runner = CliRunner()


def invoke(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), env=env)


def one_error_line(stderr: str) -> str:
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got {lines!r}"
    assert "Traceback" not in stderr
    return lines[0]


# --- help and version --------------------------------------------------------------------------


def test_help_lists_commands() -> None:
    r = invoke("--help")
    assert r.exit_code == 0
    for name in ("parse", "series", "add"):
        assert name in r.stdout


def test_no_arguments_shows_help() -> None:
    r = invoke()
    assert "Usage" in r.output


def test_version() -> None:
    r = invoke("--version")
    assert r.exit_code == 0 and r.stdout.startswith("drafter ")


@pytest.mark.parametrize("command", ["parse", "series", "add"])
def test_command_help(command: str) -> None:
    r = invoke(command, "--help")
    assert r.exit_code == 0
    if command != "parse":
        assert "--corpus" in r.stdout


def test_help_does_not_import_heavy_modules() -> None:
    code = (
        "import sys\n"
        "from drafter.cli.main import run\n"
        "try:\n"
        "    run(['--help'])\n"
        "finally:\n"
        "    heavy = [m for m in ('docx', 'rapidfuzz', 'jinja2', 'rich', 'pypdfium2', 'lxml',\n"
        "             'drafter.parse.parser', 'drafter.readers') if m in sys.modules]\n"
        "    print('HEAVY:' + ','.join(heavy))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "HEAVY:", out.stdout


def test_next_writes_word_without_jinja2_or_rich(tmp_path: Path) -> None:
    """The draft is written with python-docx (issue 12: one Word layer); jinja2 only with a
    template file; rich only for progress bars. (Start-up time is measured by bench/run.py.)"""
    out = tmp_path / "d.docx"
    code = (
        "import sys\n"
        "from drafter.cli.main import run\n"
        "try:\n"
        f"    run(['next', '--session', '69', '--no-cache', '-q', '-o', {str(out)!r}])\n"
        "finally:\n"
        "    heavy = [m for m in ('jinja2', 'rich', 'pypdfium2', 'sqlite3')  # no store: --no-cache\n"
        "             if m in sys.modules]\n"
        "    print('HEAVY:' + ','.join(heavy))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert r.stdout.strip().splitlines()[-1] == "HEAVY:", r.stdout + r.stderr
    assert zipfile.ZipFile(out).testzip() is None


# --- parse -------------------------------------------------------------------------------------


@pytest.mark.parametrize("symbol", list(SEEDS))
def test_parse_json(symbol: str) -> None:
    r = invoke("parse", str(seed_path(symbol)))
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    pre, op, notes, adopted, meeting = SEEDS[symbol]
    assert data["symbol"] == symbol
    assert (len(data["preamble"]), len(data["operative"]), len(data["footnotes"])) == (
        pre,
        op,
        notes,
    )
    assert data["adopted"] == adopted and data["plenary_meeting"] == meeting
    assert [p["number"] for p in data["operative"]] == list(range(1, op + 1))
    assert all("text" in p for p in data["preamble"] + data["operative"] + data["footnotes"])


def test_parse_md_marks_inferred_fields() -> None:
    r = invoke("parse", str(seed_path("A/RES/60/156")), "--format", "md")
    assert r.exit_code == 0, r.output
    md = r.stdout
    assert "A/RES/60/156 (inferred: file name A-RES-60-156.txt)" in md
    assert "**Session:** 60 (inferred: the meeting line dates its adoption 16 December 2005" in md
    assert "PP1. *Reaffirming* its commitment" in md
    assert "10. *Decides* to continue its consideration" in md
    assert "25 June 1993,[^1] for enhancing" in md
    assert "[^4]: See E/CN.4/2001/2-E/CN.4/Sub.2/2000/46, chap. II, sect. A." in md
    assert "**Plenary meeting:** 64th" in md


def test_parse_md_printed_masthead() -> None:
    r = invoke("parse", str(seed_path("A/RES/68/160")), "-f", "md")
    assert r.exit_code == 0
    assert r.stdout.startswith(
        "# 68/160. Enhancement of international cooperation in the field of human rights"
    )
    assert "**Report:** A/68/456/Add.2" in r.stdout
    assert "(inferred" not in r.stdout
    assert "12. *Takes note* of the holding" in r.stdout


def test_parse_symbol_option(tmp_path: Path) -> None:
    plain = tmp_path / "edition.txt"
    shutil.copyfile(seed_path("A/RES/60/156"), plain)
    r = invoke("parse", str(plain))
    assert json.loads(r.stdout)["symbol"] is None  # a name that is not a symbol proves nothing
    r = invoke("parse", str(plain), "--symbol", "A/RES/60/156")
    data = json.loads(r.stdout)
    assert data["symbol"] == "A/RES/60/156"
    assert data["inferred"]["symbol"] == "given with --symbol"


def test_parse_bad_symbol_option() -> None:
    r = invoke("parse", str(seed_path("A/RES/60/156")), "--symbol", "sixty/156")
    assert r.exit_code == 2  # a usage error
    assert one_error_line(r.stderr).startswith("drafter: error: --symbol 'sixty/156'")


def test_parse_output_file_is_atomic_and_not_overwritten(tmp_path: Path) -> None:
    """The one overwrite policy: a file drafter wrote and nobody changed may be written again;
    a file changed since (or not drafter's) only with --force."""
    out = tmp_path / "out.json"
    r = invoke("parse", str(seed_path("A/RES/68/160")), "-o", str(out))
    assert r.exit_code == 0 and r.stdout == ""
    assert json.loads(out.read_text())["symbol"] == "A/RES/68/160"
    r = invoke("parse", str(seed_path("A/RES/66/152")), "-o", str(out))  # drafter's own file
    assert r.exit_code == 0, r.output
    assert json.loads(out.read_text())["symbol"] == "A/RES/66/152"
    out.write_text(out.read_text().replace("66/152", "66/999"))  # an editor changed it
    r = invoke("parse", str(seed_path("A/RES/68/160")), "-o", str(out))
    assert r.exit_code == 1
    assert one_error_line(r.stderr) == f"drafter: error: {out} exists; use --force to overwrite."
    assert "66/999" in out.read_text()
    r = invoke("parse", str(seed_path("A/RES/68/160")), "-o", str(out), "--force")
    assert r.exit_code == 0
    assert json.loads(out.read_text())["symbol"] == "A/RES/68/160"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".drafter-tmp-")]


# --- bad input: one line, exit 1, no traceback -------------------------------------------------


def _truncated_docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph("The General Assembly,")
    d.add_paragraph("1. Decides to continue its consideration of the question.")
    full = path.with_suffix(".full.docx")
    d.save(str(full))
    data = full.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


BAD = {
    "empty": lambda p: (p / "empty.txt").write_bytes(b"") and None or p / "empty.txt",
    "binary": lambda p: (
        (p / "image.txt").write_bytes(bytes(range(256)) * 40) and None or p / "image.txt"
    ),
    "truncated-docx": lambda p: _truncated_docx(p / "truncated.docx"),
    "not-a-resolution": lambda p: (
        (p / "letter.txt").write_text(
            "Dear colleagues,\n\nPlease find the agenda attached.\n\nRegards\n"
        )
        and None
        or p / "letter.txt"
    ),
    "missing": lambda p: p / "does-not-exist.txt",
    "directory": lambda p: p,
    "docx-not-zip": lambda p: (p / "fake.docx").write_text("not a zip") and None or p / "fake.docx",
    "pdf-not-pdf": lambda p: (
        (p / "fake.pdf").write_text("The General Assembly,") and None or p / "fake.pdf"
    ),
}


@pytest.mark.parametrize("kind", list(BAD))
def test_bad_input_parse(tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = BAD[kind](tmp_path)
    code = run(["parse", str(path)])
    out, err = capsys.readouterr()
    assert code == 1, err
    assert out == ""
    line = one_error_line(err)
    assert line.startswith("drafter: error: ")
    r = invoke("parse", str(path))  # the same through CliRunner
    assert r.exit_code == 1
    assert one_error_line(r.stderr) == line


@pytest.mark.parametrize(
    "kind", ["empty", "binary", "truncated-docx", "not-a-resolution", "missing"]
)
def test_bad_input_add(tmp_path: Path, corpus_copy: Path, kind: str) -> None:
    src = tmp_path / "in"
    src.mkdir()
    path = BAD[kind](src)
    before = sorted(p.relative_to(corpus_copy) for p in corpus_copy.rglob("*"))
    r = invoke("add", str(path), "--corpus", str(corpus_copy))
    assert r.exit_code == 1
    assert one_error_line(r.stderr).startswith("drafter: error: ")
    assert sorted(p.relative_to(corpus_copy) for p in corpus_copy.rglob("*")) == before


def test_real_process_one_line_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    p = subprocess.run(
        [sys.executable, "-m", "drafter", "parse", str(empty)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert p.returncode == 1
    assert p.stdout == ""
    assert one_error_line(p.stderr).startswith("drafter: error: ")


def test_interrupt_and_internal_error(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    import drafter.corpus.folder

    def interrupted(path: Path, **kw: object) -> None:
        raise KeyboardInterrupt

    def broken(path: Path, **kw: object) -> None:
        raise RuntimeError("something\nunexpected")

    monkeypatch.setattr(drafter.corpus.folder, "parse_named_file", interrupted)
    assert run(["parse", str(seed_path("A/RES/68/160"))]) == 130
    assert one_error_line(capsys.readouterr().err) == "drafter: interrupted"

    monkeypatch.setattr(drafter.corpus.folder, "parse_named_file", broken)
    assert run(["parse", str(seed_path("A/RES/68/160"))]) == 1
    assert one_error_line(capsys.readouterr().err) == (
        "drafter: internal error: RuntimeError: something unexpected "
        "(run with --debug for the traceback)"
    )
    try:
        assert run(["--debug", "parse", str(seed_path("A/RES/68/160"))]) == 1
    finally:
        cli._state["debug"] = False
    err = capsys.readouterr().err
    assert "Traceback" in err and err.rstrip().endswith("(run with --debug for the traceback)")


def test_usage_error_exit_2() -> None:
    r = invoke("parse", str(seed_path("A/RES/68/160")), "--format", "xml")
    assert r.exit_code == 2


# --- series ------------------------------------------------------------------------------------


def test_series_table() -> None:
    r = invoke("series", "--corpus", str(CORPUS))
    assert r.exit_code == 0, r.output
    out = " ".join(r.stdout.split())  # the table wraps at the terminal's width
    assert "Enhancement of international cooperation in the field of human rights" in out
    assert SERIES in out
    assert "gaps 62 (A/RES/62/160, cited by A/RES/63/180" in out and "; 65; 67 (" in out
    assert "every session" in out and "sixty-ninth session" in out
    for session, date in (("60", "16 December 2005"), ("68", "18 December 2013")):
        assert session in out and date in out
    assert "A/RES/60/156*" in out  # symbol not printed in the text
    assert "next due at session 69" in out


def test_series_one_line_per_series_on_a_large_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    import drafter.cli.corpus

    monkeypatch.setattr(drafter.cli.corpus, "EDITIONS_LISTED", 2)  # as if the corpus were large
    r = invoke("series", "--corpus", str(CORPUS))
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0].startswith("1 series, 5 editions in")
    row = " ".join(lines[2].split())
    assert row.startswith(SERIES[:20]) and "5 (60-68) 1 62,64,65,67 A/RES/68/160 69" in row
    assert "--editions" in lines[-1]
    r = invoke("series", "--corpus", str(CORPUS), "--editions")
    assert "16 December 2005" in r.stdout


def test_series_json() -> None:
    r = invoke("series", "--corpus", str(CORPUS), "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    (s,) = data["series"]
    assert s["slug"] == SERIES
    assert [e["session"] for e in s["editions"]] == [60, 61, 63, 66, 68]
    assert [e["adopted"] for e in s["editions"]] == [v[3] for v in SEEDS.values()]
    assert s["gaps"] == [62, 64, 65, 67]
    assert s["period"]["sessions"] == 1 and s["period"]["source"] == "text"
    assert "A/RES/68/160, operative paragraph 14" in s["period"]["evidence"]
    assert s["latest"] == "A/RES/68/160" and s["next_due"] == 69
    assert s["editions"][0]["inferred"]["title"] == "from the series' other editions"
    assert {c["symbol"] for c in s["cited_missing"]} == {
        "A/RES/62/160",
        "A/RES/64/171",
        "A/RES/67/169",
    }


def test_series_corpus_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--corpus beats $DRAFTER_CORPUS beats ./corpus beats the bundled corpus."""
    empty = tmp_path / "empty-corpus"
    empty.mkdir()
    monkeypatch.chdir(tmp_path)
    r = invoke("series", "-f", "json", env={"DRAFTER_CORPUS": ""})
    from drafter.corpus.folder import bundled_corpus

    bundled = bundled_corpus()
    assert bundled is not None
    assert Path(json.loads(r.stdout)["corpus"]).resolve() == bundled.resolve()
    r = invoke("series", "-f", "json", env={"DRAFTER_CORPUS": str(empty)})
    assert json.loads(r.stdout) == {"corpus": str(empty), "series": [], "warnings": []}
    r = invoke("series", "-f", "json", "--corpus", str(CORPUS), env={"DRAFTER_CORPUS": str(empty)})
    assert len(json.loads(r.stdout)["series"]) == 1
    r = invoke("series", env={"DRAFTER_CORPUS": str(empty)})
    assert r.exit_code == 0 and "No series in" in r.stdout


@pytest.mark.parametrize("how", ["option", "env"])
def test_series_missing_corpus(tmp_path: Path, how: str) -> None:
    missing = tmp_path / "nowhere"
    if how == "option":
        r = invoke("series", "--corpus", str(missing))
    else:
        r = invoke("series", env={"DRAFTER_CORPUS": str(missing)})
    assert r.exit_code == 1
    line = one_error_line(r.stderr)
    assert line.startswith(f"drafter: error: corpus folder {missing}") and "does not exist" in line


def test_series_reports_a_bad_file_and_goes_on(corpus_copy: Path) -> None:
    (corpus_copy / SERIES / "A-RES-69-999.txt").write_bytes(b"")
    r = invoke("series", "--corpus", str(corpus_copy), "-f", "json")
    assert r.exit_code == 0
    assert len(json.loads(r.stdout)["series"][0]["editions"]) == 5
    assert "A-RES-69-999.txt was skipped" in r.stderr
    assert r.stderr.startswith("drafter: warning: ")


# --- add ---------------------------------------------------------------------------------------


def _corpus_without(corpus_copy: Path, symbol: str, tmp_path: Path) -> Path:
    """Take one edition out of the corpus copy; return where it now is."""
    name = symbol.replace("/", "-") + ".txt"
    out = tmp_path / "incoming" / name
    out.parent.mkdir(exist_ok=True)
    shutil.move(corpus_copy / SERIES / name, out)
    return out


def test_add_by_title(corpus_copy: Path, tmp_path: Path) -> None:
    src = _corpus_without(corpus_copy, "A/RES/66/152", tmp_path)
    r = invoke("add", str(src), "--corpus", str(corpus_copy), "--adopted", "19 December 2011")
    assert r.exit_code == 0, r.output
    dest = corpus_copy / SERIES / "A-RES-66-152.txt"
    assert r.stdout.strip() == f"added {SERIES}/A-RES-66-152.txt to {corpus_copy}"
    assert dest.read_bytes() == seed_path("A/RES/66/152").read_bytes()
    prov = (corpus_copy / SERIES / "PROVENANCE.md").read_text()
    assert prov.startswith((CORPUS / SERIES / "PROVENANCE.md").read_text().rstrip("\n"))
    last = prov.rstrip("\n").splitlines()[-1]
    assert "`A-RES-66-152.txt` added by drafter from `A-RES-66-152.txt`" in last
    import hashlib

    assert hashlib.sha256(dest.read_bytes()).hexdigest() in last
    assert "adopted 19 December 2011" in last
    assert "title matches" in last
    # the same file again: refused, nothing changes
    r = invoke("add", str(src), "--corpus", str(corpus_copy))
    assert r.exit_code == 1
    assert "already in the corpus" in one_error_line(r.stderr)
    assert (corpus_copy / SERIES / "PROVENANCE.md").read_text() == prov


def test_add_same_session_needs_replace(corpus_copy: Path, tmp_path: Path) -> None:
    edited = tmp_path / "A-RES-68-160.txt"
    data = (
        seed_path("A/RES/68/160")
        .read_bytes()
        .replace(b"sixty-ninth session", b"sixty-ninth  session")
    )
    edited.write_bytes(data)
    r = invoke("add", str(edited), "--corpus", str(corpus_copy))
    assert r.exit_code == 1
    line = one_error_line(r.stderr)
    assert "already has an edition for session 68: A-RES-68-160.txt" in line
    assert "--replace" in line
    r = invoke("add", str(edited), "--corpus", str(corpus_copy), "--replace")
    assert r.exit_code == 0, r.output
    assert (corpus_copy / SERIES / "A-RES-68-160.txt").read_bytes() == data
    assert (corpus_copy / SERIES / ".replaced" / "A-RES-68-160.txt").read_bytes() == seed_path(
        "A/RES/68/160"
    ).read_bytes()
    prov = (corpus_copy / SERIES / "PROVENANCE.md").read_text()
    assert "replaces `A-RES-68-160.txt` moved to `.replaced/A-RES-68-160.txt`" in prov
    r = invoke("series", "--corpus", str(corpus_copy), "-f", "json")
    assert len(json.loads(r.stdout)["series"][0]["editions"]) == 5  # .replaced/ is not read


def test_add_untitled_needs_symbol_then_matches_by_paragraphs(
    corpus_copy: Path, tmp_path: Path
) -> None:
    _corpus_without(corpus_copy, "A/RES/60/156", tmp_path)
    untitled = tmp_path / "from-the-pdf.txt"
    shutil.copyfile(seed_path("A/RES/60/156"), untitled)
    r = invoke("add", str(untitled), "--corpus", str(corpus_copy))
    assert r.exit_code == 1
    assert one_error_line(r.stderr) == (
        "drafter: error: from-the-pdf.txt prints no symbol: give --symbol (e.g. --symbol A/RES/69/123)."
    )
    r = invoke("add", str(untitled), "--corpus", str(corpus_copy), "--symbol", "A/RES/60/156")
    assert r.exit_code == 0, r.output
    assert (corpus_copy / SERIES / "A-RES-60-156.txt").read_bytes() == untitled.read_bytes()
    prov = (corpus_copy / SERIES / "PROVENANCE.md").read_text()
    # compared with the series' edition nearest in session (issue 13.7), here 61/168
    assert "100% of its paragraphs match those of A/RES/61/168" in prov


def test_add_wrong_symbol_refused(corpus_copy: Path, tmp_path: Path) -> None:
    src = _corpus_without(corpus_copy, "A/RES/63/180", tmp_path)
    r = invoke("add", str(src), "--corpus", str(corpus_copy), "--symbol", "A/RES/63/181")
    assert r.exit_code == 1
    assert "prints the symbol A/RES/63/180, not A/RES/63/181" in one_error_line(r.stderr)


def test_add_new_series_and_given_series(corpus_copy: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text(
        "General Assembly\n\nSixty-ninth session\n\n"
        "69/999. Questions relating to a wholly invented subject\n\n"
        "The General Assembly,\n\n"
        "*Recalling* its previous resolutions on the subject,\n\n"
        "1. *Decides* to include in the provisional agenda of its seventy-first session the item.\n\n"
        "*75th plenary meeting\n18 December 2014*\n",
        encoding="utf-8",
    )
    r = invoke("add", str(other), "--corpus", str(corpus_copy))
    assert r.exit_code == 0, r.output
    slug = "questions-relating-to-a-wholly-invented-subject"
    assert (corpus_copy / slug / "A-RES-69-999.txt").read_bytes() == other.read_bytes()
    assert (
        (corpus_copy / slug / "PROVENANCE.md")
        .read_text()
        .startswith("# Provenance: Questions relating to a wholly invented subject")
    )
    assert "note: new series" in r.stderr
    r = invoke("series", "--corpus", str(corpus_copy), "-f", "json")
    invented = next(s for s in json.loads(r.stdout)["series"] if s["slug"] == slug)
    assert invented["period"]["sessions"] == 2
    # --series puts it where it is told, even against the title
    r = invoke(
        "add", str(seed_path("A/RES/68/160")), "--corpus", str(corpus_copy), "--series", "elsewhere"
    )
    assert r.exit_code == 0
    assert (corpus_copy / "elsewhere" / "A-RES-68-160.txt").exists()
    r = invoke("add", str(other), "--corpus", str(corpus_copy), "--series", "../escape")
    assert r.exit_code == 1
    assert not (corpus_copy.parent / "escape").exists()


def test_add_bad_adopted_date(corpus_copy: Path, tmp_path: Path) -> None:
    src = _corpus_without(corpus_copy, "A/RES/61/168", tmp_path)
    r = invoke("add", str(src), "--corpus", str(corpus_copy), "--adopted", "December 19, 2006")
    assert r.exit_code == 1
    assert "--adopted 'December 19, 2006'" in one_error_line(r.stderr)


def test_add_missing_corpus(tmp_path: Path) -> None:
    r = invoke("add", str(seed_path("A/RES/68/160")), "--corpus", str(tmp_path / "none"))
    assert r.exit_code == 1
    assert "does not exist" in one_error_line(r.stderr)


# --- usage errors --------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [["next", "--session", "abc"], ["nope"], ["parse"], ["next", "--bogus"]])
def test_usage_errors_are_one_line(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    from drafter.cli.main import run

    assert run(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("drafter: error: ") and "--help)" in err


@pytest.mark.parametrize(
    "name, content, why",
    [
        ("A-RES-68-160.txt", b"", "is empty"),
        ("A-RES-68-160.docx", b"\x00\x01binary" * 100, "not a valid .docx"),
        ("A-RES-68-160.txt", b"\x00\xff\xfe" * 400, "binary"),
    ],
)
def test_next_on_a_corpus_of_unreadable_files_says_why(tmp_path: Path, name, content, why):
    (tmp_path / "series").mkdir()
    (tmp_path / "series" / name).write_bytes(content)
    r = invoke("next", "--session", "69", "--corpus", str(tmp_path))
    assert r.exit_code == 1
    line = one_error_line(r.stderr)
    assert "holds no readable edition" in line and why in line and "Traceback" not in r.output


def test_next_on_an_empty_corpus_says_how_to_add(tmp_path: Path):
    r = invoke("next", "--session", "69", "--corpus", str(tmp_path))
    assert r.exit_code == 1
    assert "holds no editions" in one_error_line(r.stderr) and "drafter add" in r.stderr
