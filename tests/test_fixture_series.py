"""The invented fixture series (tests/fixtures/corpora, each with a PROVENANCE.md saying it is
invented): ``drafter next`` gives what an editor expects (tests/fixtures/expected/*.json), and
the backtest over every series makes no wrong change, misses no update and keeps every item of
every recall list intact."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from drafter.corpus.folder import load_corpus
from drafter.engine.backtest import backtest, corpus_roots
from drafter.engine.plan import make_draft
from drafter.engine.series import build_series

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPORA = FIXTURES / "corpora"
EXPECTED = FIXTURES / "expected"


def _expectations() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for path in sorted(EXPECTED.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        out.extend(data if isinstance(data, list) else [data])
    return out


EXPECTATIONS = _expectations()


def _draft_text(d: dict[str, Any]) -> str:
    lines = [p["text"] for p in d["preamble"]]
    for p in d["operative"]:
        lines.append(p["text"])
        lines.extend(s["text"] for s in p.get("subparagraphs", []))
    lines.extend(f["text"] for f in d["footnotes"])
    return re.sub(r"\[\^\d+\]", "", "\n".join(lines))


@pytest.mark.parametrize(
    "exp", EXPECTATIONS, ids=[f"{e['corpus']}-{e['series'][:30]}-{e['session']}" for e in EXPECTATIONS]
)
def test_next_gives_what_an_editor_expects(exp: dict[str, Any]) -> None:
    corpus = load_corpus(CORPORA / exp["corpus"])
    draft = make_draft(corpus, exp["session"], series=exp["series"], templates_dir=CORPORA / "no-templates")
    d = draft.to_dict()
    text = _draft_text(d)
    assert d["base"] == exp["base"]
    for s in exp.get("must_contain", []):
        assert s in text, f"missing: {s}"
    for s in exp.get("must_not_contain", []):
        assert s not in text, f"present: {s}"
    want = exp.get("committee_symbol", "")
    sym = d["masthead"]["symbol"]
    if want is None:  # nothing says which committee: a placeholder, never a guessed one
        assert not re.match(r"A/C\.\d", sym)
        assert any(p["where"] == "masthead.symbol" and not p["filled"] for p in d["placeholders"])
    elif want:
        assert sym == want
    # every change is on record, and rejecting every change gives the base back
    for p in draft.paragraphs():
        assert "".join(pc.base for pc in p.pieces) == p.base_text()


SERIES = [(root, s.slug) for root in corpus_roots([CORPORA]) for s in build_series(load_corpus(root))]


@pytest.mark.parametrize(("root", "slug"), SERIES, ids=[f"{r.name}-{s[:30]}" for r, s in SERIES])
def test_backtest_is_clean(root: Path, slug: str) -> None:
    series = next(s for s in build_series(load_corpus(root)) if s.slug == slug)
    rows = backtest(series)
    for r in rows:
        assert r.wrong == 0, r.notes
        assert r.missed == 0, r.notes
        assert r.items_broken == 0, r.notes


def test_every_fixture_series_is_marked_invented() -> None:
    for root in corpus_roots([CORPORA]):
        for folder in (d for d in root.iterdir() if d.is_dir()):
            prov = folder / "PROVENANCE.md"
            assert prov.is_file(), folder
            assert re.search(r"invented|not a real series|fictional", prov.read_text(encoding="utf-8"), re.IGNORECASE), prov


def test_the_triennial_list_grows_by_the_smallest_span() -> None:
    """Issue 11's example: the base 67/41 appended with its date, the 'and' moved, every older
    item kept byte for byte; two tracked spans (the conjunction, the insertion), nothing else."""
    corpus = load_corpus(CORPORA / "triennial-recall-list")
    draft = make_draft(corpus, 70, templates_dir=CORPORA / "no-templates")
    pp1 = draft.preamble[0]
    changed = [pc for pc in pp1.pieces if pc.is_change]
    assert [(pc.old, pc.new) for pc in changed] == [(" and ", ", "), ("", " and 67/41 of 3 December 2012")]
    assert "58/17 of 3 December 2003, 61/23 of 6 December 2006" in pp1.pieces[0].same
    assert all(draft.change(pc.change or "").rule == "recall-list" for pc in changed)


def test_backtest_command_over_a_folder_of_corpora_and_repeated_corpus() -> None:
    from typer.testing import CliRunner

    from drafter.cli.main import app

    runner = CliRunner()
    res = runner.invoke(app, ["backtest", "--corpus", str(CORPORA), "--format", "md", "--no-cache"])
    assert res.exit_code == 0, res.output
    assert "# Backtest over every series" in res.stdout
    assert f"| **total** | {len(SERIES)} series |" in res.stdout
    two = [str(CORPORA / "triennial-recall-list"), str(CORPORA / "short-form-list")]
    res = runner.invoke(app, ["backtest", "--corpus", two[0], "--corpus", two[1], "--format", "json", "--no-cache"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert sorted(d["corpus"] for d in data) == ["short-form-list", "short-form-list", "triennial-recall-list"]
    assert all(r["wrong"] == 0 and r["items_broken"] == 0 for d in data for r in d["rows"])


@pytest.mark.parametrize("case", ["triennial-recall-list", "other-body-session", "sg-report", "five-yearly-mandate"])
def test_the_template_file_gives_the_same_draft(case: str, tmp_path: Path) -> None:
    """Every kind of slot (recall lists, reports, Official Records, Council citations) survives
    the editable template: next with the written template gives the same text as without."""
    from drafter.engine.plan import choose_series, plan
    from drafter.engine.template_io import write_template

    exp = next(e for e in EXPECTATIONS if e["corpus"] == case)
    corpus = load_corpus(CORPORA / case)
    s = choose_series(corpus, exp["series"])
    p = plan(s, exp["session"], templates_dir=tmp_path, use_file=False)
    (tmp_path / f"{s.slug}.md.j2").write_text(write_template(p.template), encoding="utf-8")
    inferred = make_draft(corpus, exp["session"], series=exp["series"], templates_dir=tmp_path / "none")
    templated = make_draft(corpus, exp["session"], series=exp["series"], templates_dir=tmp_path)
    assert _draft_text(templated.to_dict()) == _draft_text(inferred.to_dict())
