"""``drafter add`` guards the corpus (issue 13.5, 13.6), and an edition whose parse is not sound
is said by every command that reads it.

Inputs: tests/fixtures/guards (invented, see PROVENANCE.md) and variants of the seeds.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SERIES, seed_path
from typer.testing import CliRunner

from drafter.cli.main import app

runner = CliRunner()
GUARDS = Path(__file__).resolve().parent / "fixtures" / "guards"


def invoke(*args: str):
    return runner.invoke(app, list(args))


def one_error_line(stderr: str) -> str:
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got {lines!r}"
    assert "Traceback" not in stderr
    return lines[0]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# (file, extra options, what the one error line says, what it says to do)
# fmt: off
REFUSED = [
    ("minutes.txt", ["--symbol", "A/RES/69/180"], "has no 'The General Assembly,' line", "add the text of an adopted resolution"),
    ("no-operative.txt", ["--symbol", "A/RES/69/180"], "has no numbered operative paragraph", "add the text of an adopted resolution"),
    ("draft-L.txt", ["--symbol", "A/RES/69/179"], "is a draft (it prints the draft symbol A/C.3/69/L.__; 'Distr.: Limited'; open placeholders 'L.__', '[date]'), not the adopted resolution A/RES/69/179", "--force"),
    ("session-mismatch.txt", ["--symbol", "A/RES/68/179"], "the masthead says session 69, but --symbol A/RES/68/179 is of session 68", "check --symbol"),
]
# fmt: on


@pytest.mark.parametrize(("name", "opts", "says", "todo"), REFUSED)
def test_add_refuses(corpus_copy: Path, name: str, opts: list[str], says: str, todo: str) -> None:
    before = _files(corpus_copy)
    r = invoke("add", str(GUARDS / name), "--corpus", str(corpus_copy), *opts)
    assert r.exit_code == 1
    line = one_error_line(r.stderr)
    assert says in line and todo in line, line
    assert _files(corpus_copy) == before  # nothing written


def test_printed_symbol_of_another_session_is_refused(corpus_copy: Path) -> None:
    r = invoke("add", str(seed_path("A/RES/68/160")), "--corpus", str(corpus_copy), "--symbol", "A/RES/69/160")
    assert r.exit_code == 1
    assert "prints the symbol A/RES/68/160" in one_error_line(r.stderr)


def test_heading_that_contradicts_the_symbol_is_refused(corpus_copy: Path, tmp_path: Path) -> None:
    """A/RES/68/160 prints its symbol in the masthead furniture; a heading "68/161." contradicts it."""
    text = seed_path("A/RES/68/160").read_text(encoding="utf-8").replace("68/160.\tEnhancement", "68/161.\tEnhancement")
    src = tmp_path / "A-RES-68-160.txt"
    src.write_text(text, encoding="utf-8")
    r = invoke("add", str(src), "--corpus", str(corpus_copy), "--replace")
    assert r.exit_code == 1
    assert "the heading '68/161' is not resolution 68/160" in one_error_line(r.stderr)


def test_a_complete_draft_with_force_is_added_and_noted(corpus_copy: Path) -> None:
    r = invoke("add", str(GUARDS / "draft-L.txt"), "--corpus", str(corpus_copy), "--symbol", "A/RES/69/179", "--force")
    assert r.exit_code == 0, r.output
    assert "is a draft" in r.stderr and "because of --force" in r.stderr
    assert (corpus_copy / SERIES / "A-RES-69-179.txt").read_bytes() == (GUARDS / "draft-L.txt").read_bytes()


# --- a parse that is not sound: refused by add, said by every reader ---------------------------


def _numbering_hole(tmp_path: Path) -> Path:
    """A-RES-68-160 moved on a session, with operative paragraph 13 left out (1-12, 14)."""
    text = seed_path("A/RES/68/160").read_text(encoding="utf-8")
    text = re.sub(r"\t13\.\tRequests[^\n]*\n", "", text)
    for old, new in (("68/160", "69/179"), ("Sixty-eighth", "Sixty-ninth"), ("sixty-ninth session", "seventieth session"),
                     ("18 December 2013", "18 December 2014"), ("67/169 of 20 December 2012", "68/160 of 18 December 2013")):
        text = text.replace(old, new)
    path = tmp_path / "A-RES-69-179.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_unsound_parse_refused_then_forced_then_warned_everywhere(corpus_copy: Path, tmp_path: Path) -> None:
    src = _numbering_hole(tmp_path)
    say = "operative paragraphs are numbered 1-12, 14, not 1..13"
    r = invoke("parse", str(src), "--format", "md")
    assert r.exit_code == 0 and say in r.stdout and say in r.stderr
    before = _files(corpus_copy)
    r = invoke("add", str(src), "--corpus", str(corpus_copy))
    assert r.exit_code == 1
    line = one_error_line(r.stderr)
    assert "the parse is not sound" in line and say in line and "--force" in line
    assert _files(corpus_copy) == before
    r = invoke("add", str(src), "--corpus", str(corpus_copy), "--force")
    assert r.exit_code == 0, r.output
    assert "because of --force" in r.stderr
    # every command that reads the corpus says so (series from its cached summary too)
    for args in (["series"], ["series"], ["next", "--session", "70", "--format", "md"], ["backtest"], ["history"]):
        r = invoke(*args, "--corpus", str(corpus_copy))
        assert f"A-RES-69-179.txt: {say}" in r.output, (args, r.output[-2000:])


def test_a_sound_corpus_says_nothing(corpus_copy: Path) -> None:
    r = invoke("series", "--corpus", str(corpus_copy))
    assert r.exit_code == 0 and "warning" not in r.output
