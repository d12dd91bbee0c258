"""The session-69 Word draft against its golden JSON, and read back by drafter's own reader.

* Accepting every change gives the golden draft text, paragraph by paragraph and footnote by
  footnote; rejecting every change gives the base edition A/RES/68/160.
* drafter's own parser reads the draft back (changes accepted) to the same paragraphs,
  opening words, footnote markers and footnotes: the draft can go back into the corpus.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drafter.corpus.folder import load_corpus
from drafter.engine.plan import make_draft
from drafter.parse.parser import parse_file
from drafter.render import revisions
from drafter.render.docx import render_docx

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden" / "draft-session-69.json"


@pytest.fixture(scope="module")
def draft(corpus_dir: Path):  # type: ignore[no-untyped-def]
    return make_draft(load_corpus(corpus_dir), 69, templates_dir=HERE / "none")


@pytest.fixture(scope="module")
def docx_path(draft, tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    import datetime as dt

    out = tmp_path_factory.mktemp("d") / "draft.docx"
    return render_docx(draft, out, date=dt.datetime(2014, 10, 1, tzinfo=dt.UTC))


def _golden_texts(view: str) -> tuple[list[str], list[str]]:
    g = json.loads(GOLDEN.read_text(encoding="utf-8"))
    key = "text" if view == "accepted" else "base_text"
    paras = [p[key] for p in g["preamble"] + g["operative"]]
    notes = [f[key] for f in g["footnotes"]]
    return paras, notes


@pytest.mark.parametrize("view", ["accepted", "rejected"])
def test_word_text_matches_the_golden_json(docx_path: Path, view: str) -> None:
    paras, notes = _golden_texts(view)
    body = revisions.body_paragraph_texts(docx_path, view=view, numbers=False)
    # the body's last paragraphs are the resolution's: masthead, title and "The General Assembly," come first
    assert body[-len(paras) :] == paras
    got_notes = [n.text for n in revisions.notes(docx_path, view=view) if n.mark is None or n.mark.isdigit()]
    assert got_notes[-len(notes) :] == notes


def test_drafter_reads_its_own_draft_back(draft, docx_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    accepted = tmp_path / "accepted.docx"
    revisions.accept_all(docx_path, save_to=accepted)
    res = parse_file(accepted)
    assert res.session == 69
    assert res.symbol == "A/C.3/69/L.__"
    assert res.title == draft.series_title
    assert [p.marked_text() for p in res.preamble] == [p.text() for p in draft.preamble]
    assert [(p.number, p.marked_text()) for p in res.operative] == [(p.number, p.text()) for p in draft.operative]
    assert [p.opening for p in res.paragraphs] == [p.opening for p in draft.preamble + draft.operative]
    assert [(f.number, f.text) for f in res.footnotes] == [(f.number, f.text()) for f in draft.footnotes]
