"""The front door: what the command line checks before any work, the exit codes the README
states (1 error, 2 usage), one overwrite policy for every command that writes, --no-cache on
every command that reads the corpus, and output that fits 80 columns in a pipe."""

from __future__ import annotations

import datetime as _dt
import json
import shutil
from pathlib import Path

import pytest
from conftest import CORPUS, REPO, SERIES
from typer.testing import CliRunner

from drafter.cli.main import app, run

runner = CliRunner()


def one_line(err: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, lines
    assert "Traceback" not in err and "internal error" not in err
    return lines[0]


# --- --set ------------------------------------------------------------------------------------

BAD_FACTS = [
    # every key gets the same date check: a date that does not exist is one line, exit 2
    ("date=31 February 2014", "31 February 2014 is not a date (no such day in that month)"),
    ("hrc=25/3 of 31 February 2014", "31 February 2014 is not a date"),
    ("previous=68/160 of 30 February 2013", "30 February 2013 is not a date"),
    ("chr=2005/1 of 31 April 2005", "31 April 2005 is not a date"),
    ("sponsors=Cuba, as of 31 June 2014", "31 June 2014 is not a date"),
    ("hrc=25/3 of 27 Marc 2014", "27 Marc 2014 is not a date (unknown month 'Marc')"),
    ("date=16 Octobre 2014", "unknown month 'Octobre'"),
    ("hrc=25/3", "not a citation"),
    ("colour=blue", "colour: unknown fact: use one of"),
    ("agenda_item", "'agenda_item' is not KEY=VALUE"),
    ("sponsors=", "sponsors: the value is empty"),
]


@pytest.mark.parametrize("pair, message", BAD_FACTS)
def test_set_is_checked_before_any_work(pair: str, message: str, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    # the corpus does not exist: the --set error comes first, so no work was done
    code = run(["next", "--session", "69", "--set", pair, "--corpus", str(tmp_path / "none")])
    line = one_line(capsys.readouterr().err)
    assert code == 2
    assert line.startswith("drafter: error: Invalid value for '--set': ") and message in line
    assert line.endswith("(see drafter next --help)")


def test_set_help_lists_every_key() -> None:
    from drafter.cli.common import FACT_KEY_NAMES
    from drafter.engine.rollover import ALIASES, FACT_KEYS

    assert FACT_KEY_NAMES == tuple(FACT_KEYS)  # the help's list is the roll-over's table
    r = runner.invoke(app, ["next", "--help"], env={"COLUMNS": "200"})
    helptext = " ".join(r.stdout.split())
    for key in FACT_KEYS:
        assert f" {key}," in helptext or f" {key}." in helptext, key
    assert not set(ALIASES) & set(FACT_KEYS)


def test_good_facts_still_fill_the_draft() -> None:
    r = runner.invoke(app, ["next", "--session", "69", "--corpus", str(CORPUS), "-f", "json", "-q",
                            "--set", "date=16 October 2014", "--set", "hrc=25/3 of 27 March 2014"])
    assert r.exit_code == 0, r.output
    draft = json.loads(r.stdout)
    assert draft["masthead"]["date"] == "16 October 2014"


# --- --session ----------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [["next"], ["next", "--all"], ["template"], ["review", "x.docx"]])
@pytest.mark.parametrize("session", ["0", "-3"])
def test_session_zero_or_negative_is_a_usage_error(command: list[str], session: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert run([*command, "--session", session, "--corpus", str(CORPUS)]) == 2
    line = one_line(capsys.readouterr().err)
    assert f"{session} is not a session (sessions are numbered from 1" in line


def test_session_far_in_the_future_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["next", "--session", "690", "--corpus", str(CORPUS)]) == 2
    assert "session 690 would open in September 2635" in one_line(capsys.readouterr().err)
    soon = _dt.date.today().year + 5 - 1945  # five years ahead: a five-yearly series, say
    assert run(["next", "--session", str(soon), "--corpus", str(CORPUS), "-f", "json", "-q"]) == 0


def test_session_beyond_the_next_due_one_is_said_plainly(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["next", "--session", "72", "--corpus", str(CORPUS), "-f", "json", "-q"]) == 0
    err = capsys.readouterr().err
    assert (f"drafter: note: {SERIES} is next due at session 69 (every session, latest edition "
            "A/RES/68/160); the corpus has no edition of the sessions from 69 to 71") in err


def test_session_the_corpus_holds_is_said_plainly(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["next", "--session", "68", "--corpus", str(CORPUS), "-f", "json", "-q"]) == 0
    captured = capsys.readouterr()
    assert ("drafter: note: the corpus already holds the session-68 edition (A/RES/68/160); this "
            "draft is rolled forward from the latest edition before it (A/RES/66/152)") in captured.err
    assert json.loads(captured.out)["base"] == "A/RES/66/152"


def test_next_all_with_series_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["next", "--all", "--session", "69", "--series", SERIES, "--corpus", str(CORPUS)]) == 2
    assert "not both" in one_line(capsys.readouterr().err)


def test_next_without_session_and_bad_date_are_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["next", "--corpus", str(CORPUS)]) == 2
    assert "--session is required" in one_line(capsys.readouterr().err)
    assert run(["next", "--session", "69", "--date", "2014-13-01"]) == 2
    assert "'2014-13-01' is not an ISO date" in one_line(capsys.readouterr().err)


# --- exit codes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [
    ["parse", "README.md", "--format", "xml"],
    ["series", "--format", "xml"],
    ["next", "--session", "69", "--format", "pdf"],
    ["backtest", "--format", "pdf"],
    ["review", "x.docx", "--format", "md"],
    ["history", "--format", "pdf"],
    ["search", "x", "--format", "xml"],
    ["search", "x", "--limit", "0"],
    ["compare", "a.txt", "b.txt", "--format", "pdf"],
    ["compare", "a.txt", "b.txt", "--date", "yesterday"],
])
def test_bad_option_values_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(argv) == 2
    assert one_line(capsys.readouterr().err).startswith("drafter: error: ")


def test_readme_states_the_exit_codes() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "| 1 | an error:" in readme and "| 2 | a usage error:" in readme
    assert "| 130 | interrupted" in readme


@pytest.mark.parametrize("command", ["series", "add", "next", "template", "backtest", "review",
                                     "history", "search"])
def test_every_command_reading_the_corpus_takes_corpus_and_no_cache(command: str) -> None:
    r = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert r.exit_code == 0 and "--corpus" in r.stdout and "--no-cache" in r.stdout


# --- one overwrite policy -----------------------------------------------------------------------


def _commands_writing(tmp_path: Path) -> dict[str, list[str]]:
    from test_review import OPS, PRE, build_docx

    src = build_docx(tmp_path / "d.docx", PRE + OPS[:4] + ["6.\t*Urges* States to cooperate;"] + OPS[5:])
    return {
        "parse": ["parse", str(CORPUS / SERIES / "A-RES-68-160.txt"), "-o"],
        "next": ["next", "--session", "69", "--corpus", str(CORPUS), "-q", "--date", "2014-10-01", "-o"],
        "next-md": ["next", "--session", "69", "--corpus", str(CORPUS), "-q", "-f", "md", "-o"],
        "template": ["template", "--corpus", str(CORPUS), "-o"],
        "backtest": ["backtest", "--corpus", str(CORPUS), "-f", "md", "-o"],
        "history": ["history", "--corpus", str(CORPUS), "-f", "md", "-o"],
        "renumber": ["renumber", str(src), "-o"],
        "compare": ["compare", str(CORPUS / SERIES / "A-RES-66-152.txt"),
                    str(CORPUS / SERIES / "A-RES-68-160.txt"), "--date", "2014-10-01", "-o"],
    }


@pytest.mark.parametrize("name", ["parse", "next", "next-md", "template", "backtest", "history", "renumber",
                                  "compare"])
def test_one_overwrite_policy(name: str, tmp_path: Path) -> None:
    """Every command that writes: a second run may replace the file drafter wrote (nobody changed
    it); a file changed since, or not drafter's, only with --force."""
    argv = _commands_writing(tmp_path)[name]
    out = tmp_path / f"out-{name}"
    first = runner.invoke(app, [*argv, str(out)])
    assert first.exit_code == 0, first.output
    written = out.read_bytes()
    again = runner.invoke(app, [*argv, str(out)])
    assert again.exit_code == 0, again.output
    out.write_bytes(written + b"\n<!-- an editor's change -->")
    refused = runner.invoke(app, [*argv, str(out)])
    assert refused.exit_code == 1 and "exists; use --force to overwrite" in refused.stderr
    assert out.read_bytes().endswith(b"an editor's change -->")
    forced = runner.invoke(app, [*argv, str(out), "--force"])
    assert forced.exit_code == 0, forced.output
    assert not out.read_bytes().endswith(b"an editor's change -->")


# --- --no-cache ----------------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [
    ["series"], ["next", "--session", "69", "-q", "-f", "json"], ["next", "--all", "--session", "69", "-f", "json", "-o", "ALL"],
    ["template", "-o", "-"],
    ["backtest", "-f", "json"], ["history", "-f", "json"], ["search", "human rights"],
    ["review", "DRAFT"],
])
def test_no_cache_reads_and_writes_no_cache(argv: list[str], tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """--no-cache on every command that reads the corpus: nothing is read from or written to
    the cache folder."""
    from test_review import OPS, PRE, build_docx

    cache = tmp_path / "cache"
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(cache))
    monkeypatch.setenv("DRAFTER_NO_CACHE", "0")  # restored after the test: the helper sets it
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    if argv == ["review", "DRAFT"]:
        argv = ["review", str(build_docx(tmp_path / "d.docx", PRE + OPS))]
    argv = [str(tmp_path / "all") if a == "ALL" else a for a in argv]
    r = runner.invoke(app, [*argv, "--corpus", str(corpus), "--no-cache"])
    assert r.exit_code in (0, 1), r.output
    assert not cache.exists() or not any(cache.rglob("*")), sorted(cache.rglob("*"))


# --- 80 columns ----------------------------------------------------------------------------------


def test_piped_output_fits_80_columns(tmp_path: Path) -> None:
    """backtest, review and next (its review table, and --all's summary) wrap at 80 columns in a
    pipe and never cut a symbol."""
    from test_review import OPS, PRE, build_docx

    bad = list(OPS)
    bad[4] = "4.\t*Urges* States to cooperate;"
    draft = build_docx(tmp_path / "d.docx", PRE + bad)
    outputs = {
        "backtest": runner.invoke(app, ["backtest", "--corpus", str(CORPUS)]).stdout,
        "review": runner.invoke(app, ["review", str(draft), "--corpus", str(CORPUS), "--verbose"]).stdout,
        "next": runner.invoke(app, ["next", "--session", "69", "--corpus", str(CORPUS), "-f", "md",
                                    "-o", str(tmp_path / "d.md")]).stdout,
        "next --all": runner.invoke(app, ["next", "--all", "--session", "69", "--corpus", str(CORPUS),
                                          "-o", str(tmp_path / "all")]).stdout,
    }
    for name, text in outputs.items():
        assert text.strip(), name
        wide = [ln for ln in text.splitlines() if len(ln) > 80 and str(tmp_path) not in ln]
        assert not wide, (name, wide)
        assert "..." not in text.replace("...\")", "").replace("confirm: ...", "") or name != "backtest"
        assert "A/RE…" not in text and "A/RE..." not in text, name
    assert "A/RES/68/160" in outputs["backtest"] and "A/RES/66/152" in outputs["backtest"]
    assert SERIES[:30] in " ".join(outputs["next --all"].split())


def test_review_is_short_unless_verbose(tmp_path: Path) -> None:
    from test_review import MASTHEAD, OPS, PRE, build_docx

    mast = list(MASTHEAD)
    mast[3] = "[date]"
    path = build_docx(tmp_path / "d.docx", PRE + OPS, masthead=mast,
                      comments=[(1, "drafter", "previous edition"), (6, "Cuba", "agreed ad ref")])
    short = runner.invoke(app, ["review", str(path), "--corpus", str(CORPUS)])
    full = runner.invoke(app, ["review", str(path), "--corpus", str(CORPUS), "--verbose"])
    assert short.exit_code == full.exit_code == 0
    assert "2 open comments, 1 open placeholder" in " ".join(short.stdout.split())
    assert "open comments by author: drafter 1, Cuba 1" in short.stdout
    assert "--verbose lists each of them" in short.stdout and "agreed ad ref" not in short.stdout
    assert "agreed ad ref" in full.stdout and "[date]" in full.stdout
    assert len(short.stdout.splitlines()) < len(full.stdout.splitlines())


def test_backtest_tables_fit_80_columns_and_keep_symbols_whole() -> None:
    from types import SimpleNamespace as NS

    from drafter.cli.engine import backtest_lines, summary_lines

    row = NS(edition="A/RES/1165 (XII)", base="A/RES/1050 (XI)", expected=12, right=10, wrong=0,
             flagged=2, missed=0, dist_draft=12345, dist_copy=23456, ratio=0.526, notes=[])
    for cols in (60, 80):
        lines = backtest_lines("A title " * 12, [row, row], columns=cols)
        assert all(len(ln) <= cols for ln in lines), lines
        assert any("A/RES/1165 (XII)" in ln and "A/RES/1050 (XI)" in ln for ln in lines)
    slug = "international-cooperation-in-the-use-of-space-technology-for-glacier-monitoring"
    res = NS(corpus="fourth-committee", series=NS(slug=slug), rows=(row,),
             total=lambda k: {"items": 7, "items_broken": 0}.get(k, 1))
    lines = summary_lines([res, res], columns=80)
    assert all(len(ln) <= 80 for ln in lines), lines
    assert slug in lines  # wrapped onto its own line, whole
