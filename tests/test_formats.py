"""Every seed, converted to Word (by pandoc, and by python-docx) and to PDF (LibreOffice from that
Word file), parses to the same paragraphs, footnotes and marker positions as its text."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from drafter.model.resolution import Resolution
from drafter.parse.markers import superscript
from drafter.parse.parser import parse_file

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "fixtures"))
import make_fixtures as mf  # noqa: E402

SERIES = (
    HERE.parent / "corpus" / "enhancement-of-international-cooperation-in-the-field-of-human-rights"
)
SEEDS = ["A/RES/60/156", "A/RES/61/168", "A/RES/63/180", "A/RES/66/152", "A/RES/68/160"]


def reference(symbol: str) -> Resolution:
    return parse_file(SERIES / (symbol.replace("/", "-") + ".txt"), symbol=symbol)


def as_markdown_like(res: Resolution) -> str:
    """The seed written out as the UN's Markdown-like text (one line per paragraph, superscript
    markers, footnotes after the body), whatever family it was received in — the input the
    converters below take. Built from the model, so the 60/156 PDF extraction and the 68/160
    Word export convert as well as the others."""
    head = [
        "General Assembly",
        "",
        "Distr.: General",
        "",
        f"{res.number}. {res.title or 'Untitled'}",
        "",
        "The General Assembly,",
        "",
    ]
    body = []
    for p in res.paragraphs:
        text = p.marked_text(superscript)
        if p.number is not None:
            text = (
                f"{p.number}. *{p.opening}*{text[len(p.opening) :]}"
                if p.opening
                else f"{p.number}. {text}"
            )
        body += [text, ""]
    notes = []
    for f in res.footnotes:
        notes += [f"{superscript(f.number)} {f.text}", ""]
    return "\n".join(head + body + notes)


def same(a: Resolution, b: Resolution) -> None:
    assert [p.full_text() for p in a.preamble] == [p.full_text() for p in b.preamble]
    assert [(p.number, p.full_text()) for p in a.operative] == [
        (p.number, p.full_text()) for p in b.operative
    ]
    assert [(f.number, f.text) for f in a.footnotes] == [(f.number, f.text) for f in b.footnotes]
    assert [p.markers for p in a.paragraphs] == [p.markers for p in b.paragraphs]
    assert [p.opening for p in a.operative] == [p.opening for p in b.operative]


@pytest.mark.parametrize("symbol", SEEDS)
@pytest.mark.parametrize("how", ["pandoc", "python-docx"])
def test_seed_as_docx_parses_the_same(symbol: str, how: str, tmp_path: Path) -> None:
    ref = reference(symbol)
    text = as_markdown_like(ref)
    out = tmp_path / "seed.docx"
    if how == "pandoc":
        mf.docx_via_pandoc(text, out)
    else:
        mf.docx_via_python(text, out)
    got = parse_file(out, symbol=symbol)
    same(got, ref)
    assert got.title == ref.title or ref.title is None


@pytest.mark.slow
@pytest.mark.parametrize("symbol", SEEDS)
def test_seed_as_pdf_parses_the_same(symbol: str, tmp_path: Path) -> None:
    if mf.soffice() is None or shutil.which("pdftotext") is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed: .ci/run installs libreoffice-writer-nogui"
        )
    ref = reference(symbol)
    docx = mf.docx_via_python(as_markdown_like(ref), tmp_path / "seed.docx")
    pdf = mf.pdf_via_soffice(docx, tmp_path)
    got = parse_file(pdf, symbol=symbol)
    same(got, ref)
    assert got.title == ref.title or ref.title is None
