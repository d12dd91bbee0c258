"""The word audit passes on every reader's output of the seed editions (issue 13.5): a sound
edition is never refused by ``add`` nor warned about, whatever format it came in. (Web pages:
tests/test_html.py checks that their parses carry no warning at all, audit included.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEEDS, seed_path
from fixtures import make_fixtures as mf
from fixtures import un_layout as ul

from drafter.corpus.folder import parse_edition
from drafter.model.resolution import Resolution
from drafter.parse.parser import parse_file


def _sound(res: Resolution) -> None:
    assert res.audit is not None and res.audit.ok, res.problems()
    assert res.audit.words > 500
    assert not [w for w in res.warnings if w.startswith("word audit")]


@pytest.mark.parametrize("symbol", list(SEEDS))
def test_audit_of_the_text_seeds(symbol: str) -> None:
    _sound(parse_edition(seed_path(symbol)))


@pytest.mark.parametrize("symbol", list(SEEDS))
@pytest.mark.parametrize("how", ["pandoc-docx", "python-docx", "pdf"])
def test_audit_of_word_and_pdf_editions(tmp_path: Path, symbol: str, how: str) -> None:
    text = mf.seed_text(seed_path(symbol).stem)
    stem = seed_path(symbol).stem
    if how == "pandoc-docx":
        path = mf.docx_via_pandoc(text, tmp_path / f"{stem}.docx")
    elif how == "python-docx":
        path = mf.docx_via_python(text, tmp_path / f"{stem}.docx")
    else:
        path = mf.pdf_of_seed(text, tmp_path, stem)
    _sound(parse_edition(path))


def test_audit_of_un_like_word_and_pdf_files(tmp_path: Path) -> None:
    """UN-like files (masthead in a first-page header, running heads, job number, footnotes at
    the foot of each page, a page break before a capital): the audit passes on the .docx and on
    the PDF LibreOffice makes of it."""
    if mf.soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: .ci/run installs libreoffice-writer-nogui")
    docs = []
    for symbol, words in (("A/RES/66/152", "Member States to comply"), ("A/RES/68/160", "Member States to promote")):
        ref = parse_file(seed_path(symbol), symbol=symbol)
        docs.append(ul.un_docx(ref, tmp_path / f"{ul.slug(symbol)}.docx", font_size=10.0, margin_cm=2.5, break_before=words))
    for path in docs + ul.render_pdfs(docs, tmp_path):
        _sound(parse_file(path))
