"""Beyond the seeds: the latest edition of every invented fixture series (other committees,
periods, Roman-numeral symbols, plenary items, recall lists...) written as a UN-like Word file,
rendered to PDF by LibreOffice, parses to the same paragraphs, markers, footnotes and masthead
as its plain text."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures import make_fixtures as mf
from fixtures import un_layout as ul

from drafter.model.resolution import Resolution
from drafter.parse.parser import parse_file

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "corpora"


def latest_editions() -> dict[str, Resolution]:
    """Per series folder, its latest edition that parses without a warning and prints its
    resolution number (the layout writes "48/15. Title")."""
    out: dict[str, Resolution] = {}
    for folder in sorted(p for p in FIXTURES.glob("*/*") if p.is_dir()):
        best: Resolution | None = None
        for path in sorted(folder.glob("*.txt")):
            try:
                res = parse_file(path)
            except Exception:  # noqa: BLE001 - editions the parser refuses are not this test's subject
                continue
            if res.warnings or not res.operative or not res.number or res.session is None:
                continue
            if best is None or res.session > (best.session or 0):
                best = res
        if best is not None:
            out[folder.name] = best
    return out


EDITIONS = latest_editions()


@pytest.fixture(scope="module")
def series_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if mf.soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: .ci/run installs libreoffice-writer-nogui")
    out = tmp_path_factory.mktemp("series-pdfs")
    docs = {name: ul.un_docx(res, out / f"{name}.docx", font_size=10.5, margin_cm=2.4) for name, res in EDITIONS.items()}
    return dict(zip(docs, ul.render_pdfs(list(docs.values()), out), strict=True))


def test_enough_series() -> None:
    assert len(EDITIONS) >= 12


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EDITIONS))
def test_series_edition_as_pdf(series_pdfs: dict[str, Path], name: str) -> None:
    ref = EDITIONS[name]
    got = parse_file(series_pdfs[name])
    assert [(p.number, p.full_text()) for p in got.paragraphs] == [(p.number, p.full_text()) for p in ref.paragraphs]
    assert [p.markers for p in got.paragraphs] == [p.markers for p in ref.paragraphs]
    assert got.footnotes == ref.footnotes
    assert (got.symbol, got.session, got.title, got.adopted) == (ref.symbol, ref.session, ref.title, ref.adopted)
