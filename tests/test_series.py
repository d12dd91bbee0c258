"""Series: order, title, inferred symbols, period with its evidence, gaps."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import CORPUS, SERIES, seed_path

from drafter.corpus.folder import Edition, load_corpus
from drafter.engine.series import build_series, find_series, make_series, period_statement
from drafter.model.resolution import Paragraph, Resolution

TITLE = "Enhancement of international cooperation in the field of human rights"


@pytest.fixture(scope="module")
def seeds_series():
    (s,) = build_series(load_corpus(CORPUS))
    return s


def test_seed_series(seeds_series) -> None:
    s = seeds_series
    assert s.slug == SERIES
    assert s.title == TITLE
    assert s.sessions == (60, 61, 63, 66, 68)
    assert [ed.symbol for ed in s.editions] == [
        "A/RES/60/156",
        "A/RES/61/168",
        "A/RES/63/180",
        "A/RES/66/152",
        "A/RES/68/160",
    ]
    assert s.gaps == (62, 64, 65, 67)
    assert s.latest is not None and s.latest.symbol == "A/RES/68/160"
    assert s.next_due == 69
    assert s.warnings == ()
    assert s.edition(63) is not None and s.edition(62) is None


def test_seed_period_evidence(seeds_series) -> None:
    p = seeds_series.period
    assert p.sessions == 1 and p.source == "text"
    assert p.evidence == (
        'A/RES/68/160, operative paragraph 14: "Decides to continue its consideration of the '
        'question at its sixty-ninth session" (session 68 to 69)'
    )


def test_untitled_edition_gets_the_series_title(seeds_series) -> None:
    first = seeds_series.editions[0].resolution
    assert first.title == TITLE
    assert first.evidence("title") == "from the series' other editions"
    assert not seeds_series.editions[1].resolution.is_inferred("title")


def test_missing_editions_known_from_citations(seeds_series) -> None:
    assert seeds_series.cited_missing == (
        (62, "A/RES/62/160", "A/RES/63/180, preambular paragraph 2"),
        (64, "A/RES/64/171", "A/RES/66/152, preambular paragraph 2"),
        (67, "A/RES/67/169", "A/RES/68/160, preambular paragraph 2"),
    )


def test_symbol_inferred_from_a_later_edition(corpus_copy: Path) -> None:
    folder = corpus_copy / SERIES
    shutil.move(folder / "A-RES-60-156.txt", folder / "from-the-pdf.txt")
    c = load_corpus(corpus_copy)
    s = find_series(c, SERIES)
    assert s is not None
    first = s.editions[0].resolution
    assert first.symbol == "A/RES/60/156"
    assert first.evidence("symbol") == (
        "A/RES/61/168, preambular paragraph 2, recalls its resolution 60/156 of 16 December 2005"
    )
    assert s.gaps == (62, 64, 65, 67)


def test_wrong_symbol_is_reported(corpus_copy: Path) -> None:
    folder = corpus_copy / SERIES
    shutil.move(folder / "A-RES-60-156.txt", folder / "A-RES-60-999.txt")
    (s,) = build_series(load_corpus(corpus_copy))
    assert s.editions[0].symbol == "A/RES/60/999"
    assert any("recalls resolution 60/156 of 16 December 2005" in w for w in s.warnings)


# --- period and gaps from synthetic editions ---------------------------------------------------


def _res(session: int, last: str, symbol: str | None = None, title: str | None = "T") -> Resolution:
    return Resolution(
        symbol=symbol or f"A/RES/{session}/1",
        session=session,
        title=title,
        adopted=dt.date(1945 + session, 12, 10),
        preamble=(Paragraph("preamble", "Recalling its resolutions,", opening="Recalling"),),
        operative=(
            Paragraph("operative", "Takes note of the report;", 1, "Takes note"),
            Paragraph("operative", last, 2),
        ),
    )


def _series(*items: tuple[int, str]):
    eds = [Edition(Path(f"A-RES-{s}-1.txt"), "x", _res(s, last)) for s, last in items]
    return make_series("x", eds)


STATEMENTS = [
    ("Decides to continue its consideration of the question at its seventieth session.", 68, 2),
    ("Decides to include in the provisional agenda of its seventy-first session the item.", 68, 3),
    (
        "Requests the Secretary-General to report not later than at its seventy-third session.",
        68,
        5,
    ),
    ("Decides to renew the mandate for a further period of five years.", 68, 5),
    ("Decides to extend the mandate for a period of three years.", 68, 3),
    (
        "Decides to continue its consideration of the question at its one hundred and first session.",
        100,
        1,
    ),
]


@pytest.mark.parametrize(("last", "session", "period"), STATEMENTS)
def test_period_statements(last: str, session: int, period: int) -> None:
    stated = period_statement(_res(session, last))
    assert stated is not None and stated[0] == period
    assert "operative paragraph 2" in stated[1]


def test_no_statement() -> None:
    assert period_statement(_res(68, "Thanks the Secretary-General.")) is None


def test_period_falls_back_to_intervals() -> None:
    s = _series((60, "Ends."), (62, "Ends."), (64, "Ends."), (67, "Ends."), (69, "Ends."))
    assert s.period.sessions == 2 and s.period.source == "sessions"
    assert "60, 62, 64, 67, 69" in s.period.evidence and "(3 of 4)" in s.period.evidence
    assert s.gaps == (66,)


def test_latest_statement_wins_over_intervals() -> None:
    s = _series(
        (60, "Ends."),
        (61, "Ends."),
        (62, "Decides to continue its consideration of the question at its sixty-fifth session."),
    )
    assert s.period.sessions == 3 and s.period.source == "text"
    assert s.gaps == ()
    assert s.next_due == 65


def test_five_yearly_gaps() -> None:
    five = "Decides to renew the mandate for a further period of five years."
    s = _series((55, five), (60, five), (70, five))
    assert s.period.sessions == 5
    assert s.gaps == (65,)


def test_one_edition_without_statement() -> None:
    s = _series((68, "Ends."))
    assert s.period.sessions is None and s.period.source == "none"
    assert s.gaps == () and s.next_due is None


def test_titles_and_unknown_sessions() -> None:
    eds = [
        Edition(Path("a.txt"), "x", _res(60, "Ends.", title="Old title")),
        Edition(Path("b.txt"), "x", _res(61, "Ends.", title="New title")),
        Edition(Path("c.txt"), "x", _res(62, "Ends.", title="New title")),
        Edition(Path("d.txt"), "x", Resolution(title="New title")),
    ]
    s = make_series("x", eds)
    assert s.title == "New title"
    assert s.editions[-1].path.name == "d.txt"  # unknown session last
    assert any("different titles" in w for w in s.warnings)
    assert any("d.txt: its session is unknown" in w for w in s.warnings)
    assert s.latest is not None and s.latest.path.name == "c.txt"


def test_series_json_names(seeds_series) -> None:
    d = seeds_series.to_dict()
    assert set(d) >= {"slug", "title", "editions", "period", "gaps", "latest"}
    assert d["editions"][0] == {
        "symbol": "A/RES/60/156",
        "session": 60,
        "adopted": "2005-12-16",
        "file": "A-RES-60-156.txt",
        "format": "pdf-text",
        "inferred": {
            "symbol": "corpus file name A-RES-60-156.txt",
            "session": d["editions"][0]["inferred"]["session"],
            "title": "from the series' other editions",
        },
    }
    assert seed_path("A/RES/60/156").name == d["editions"][0]["file"]
