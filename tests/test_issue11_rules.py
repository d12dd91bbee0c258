"""The rules of issue 11 one by one, on invented strings and tiny invented corpora written at
test time (none of these texts is a real resolution)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.corpus.folder import load_corpus, session_of_symbol
from drafter.engine.checks import find_checks
from drafter.engine.plan import make_draft
from drafter.engine.reports import other_body_before
from drafter.engine.rollover import committee_of, plausible_title
from drafter.engine.series import recall_period
from drafter.model.resolution import Resolution
from drafter.parse.parser import parse_text
from drafter.readers.source import Family

# --- checks: suggestions, never changes -------------------------------------------------------

CHECKS = [
    # (paragraph, base text, base session, adopted, target, period, expected kinds)
    ("op1", "Takes note of the holding of the seminar on the question in Lisbon on 15 February 2013;",
     67, dt.date(2012, 12, 3), 68, 1, ["past-event"]),
    ("op2", "Requests the Secretary-General to submit to it at its sixty-ninth session a report on the "
     "implementation of the present resolution;", 68, dt.date(2013, 12, 18), 69, 1, ["report-due"]),
    ("op3", "Invites the Special Rapporteur to report to the General Assembly at its seventy-first session;",
     69, dt.date(2014, 12, 18), 70, 1, []),  # due at the session after the target
    ("op4", "Decides to extend the mandate of the expert group until 31 December 2015;",
     68, dt.date(2013, 12, 18), 70, 2, ["deadline"]),
    ("op5", "Decides to extend the mandate of the expert group until 31 December 2030;",
     68, dt.date(2013, 12, 18), 70, 2, []),
    ("pp1", "Recalling its resolution 67/41 of 3 December 2012,", 68, dt.date(2013, 12, 18), 69, 1, []),
    # history long before the base: neither an event to update nor a deadline
    ("pp2", "Recalling the Conference held in Durban from 31 August to 8 September 2001,", 68,
     dt.date(2013, 12, 18), 69, 1, []),
    # a recalled decision is history, not a deadline of the draft
    ("pp3", "Recalling its resolution 65/213 of 21 December 2010, in which it decided to review the mandate "
     "with a view to determining whether it should be continued beyond 31 December 2016,",
     65, dt.date(2010, 12, 21), 70, 5, []),
    # a mandate given for a period that ends before the question comes back
    ("op6", "Decides to extend the mandate of the Special Rapporteur for a period of three years from 1 January 2013;",
     68, dt.date(2013, 12, 18), 70, 2, ["deadline"]),
    ("op7", "Decides to extend the mandate of the Special Rapporteur for a further period of five years from 1 January 2013;",
     68, dt.date(2013, 12, 18), 70, 2, []),
    # a date of the base's year that names no event
    ("pp4", "Welcoming the adoption by the Commission of its report on 12 March 2013,", 68,
     dt.date(2013, 12, 18), 69, 1, []),
]


@pytest.mark.parametrize(("where", "base", "session", "adopted", "target", "period", "kinds"), CHECKS)
def test_checks(where: str, base: str, session: int, adopted: dt.date, target: int, period: int,
                kinds: list[str]) -> None:
    found = find_checks([(where, base, base, [])], base_session=session, base_adopted=adopted,
                        target=target, period=period)
    assert [c.kind for c in found] == kinds
    for c in found:
        assert c.where == where and c.suggestion and c.evidence


def test_report_due_suggests_the_citation() -> None:
    [c] = find_checks([("op9", CHECKS[1][1], CHECKS[1][1], [])], base_session=68,
                      base_adopted=dt.date(2013, 12, 18), target=69, period=1)
    assert "Taking note of the report of the Secretary-General (A/69/___)" in c.suggestion


def test_a_moved_date_is_no_past_event() -> None:
    text = "Takes note of the holding of the seminar in Lisbon on 15 February 2013;"
    start = text.index("2013")
    assert find_checks([("op1", text, text.replace("2013", "2016"), [(start, start + 4)])], base_session=67,
                       base_adopted=dt.date(2012, 12, 3), target=70, period=3) == ()


# --- masthead facts from the base edition -------------------------------------------------------

COMMITTEES = [
    ("Second Committee", "A/58/481/Add.1", ("Second Committee", "C.2")),
    ("Special Political and Decolonization Committee (Fourth Committee)", "A/70/501",
     ("Special Political and Decolonization Committee (Fourth Committee)", "C.4")),
    ("Sixth Committee", "A/66/480", ("Sixth Committee", "C.6")),
    ("without reference to a Main Committee", "A/50/L.12 and Add.1", ("", "")),
    (None, None, ("", None)),
]


@pytest.mark.parametrize(("committee", "report", "expected"), COMMITTEES)
def test_committee_of_the_base(committee: str | None, report: str | None, expected: tuple[str, str | None]) -> None:
    base = Resolution(symbol="A/RES/58/1", session=58, committee=committee, report_symbol=report)
    line, code, evidence = committee_of(base)
    assert (line, code) == expected
    assert evidence


@pytest.mark.parametrize(
    ("title", "ok"),
    [("Cooperation on ocean observation", True), ("United Nations", False), ("A/RES/68/160", False),
     ("13-44455", False), ("Sixty-eighth session", False), ("18 December 2013", False), ("", False),
     ("Page 2", False), (None, False)],
)
def test_titles_and_page_furniture(title: str | None, ok: bool) -> None:
    assert plausible_title(title) is ok


# --- Council symbols and other bodies' sessions -----------------------------------------------


@pytest.mark.parametrize(
    ("symbol", "session"),
    [("A/HRC/RES/38/3", 38), ("A/RES/68/160", 68), ("A/C.3/69/L.32", 69), ("A/RES/1165 (XII)", 12), ("E/RES/2004/21", None)],
)
def test_session_of_symbol(symbol: str, session: int | None) -> None:
    assert session_of_symbol(symbol) == session


def test_a_council_text_gets_the_councils_session_not_the_assemblys() -> None:
    text = ("Resolution adopted by the Human Rights Council on 5 July 2018\n\nThe Human Rights Council,\n\n"
            "Recalling its resolution 35/4,\n\n1. *Decides* to continue its work on the question.\n")
    res = parse_text(text, symbol="A/HRC/RES/38/3")
    assert res.session == 38


BODIES = [
    ("Takes note of the report of the Executive Committee of the Programme of the United Nations High "
     "Commissioner for Refugees on the work of its sixty-fourth session",
     "Executive Committee of the Programme of the United Nations High Commissioner for Refugees"),
    ("Welcomes the report of the Human Rights Council on its twenty-fifth session", "Human Rights Council"),
    ("Decides to continue its consideration of the question at its sixty-ninth session", None),
    ("Requests the Secretary-General to submit to it at its seventieth session", None),
    ("Takes note of the reports of the Committee on the Elimination of Racial Discrimination on its "
     "eighty-second and eighty-third sessions", "Committee on the Elimination of Racial Discrimination"),
]


@pytest.mark.parametrize(("text", "body"), BODIES)
def test_other_body_before_a_session(text: str, body: str | None) -> None:
    assert other_body_before(text, text.rfind("its ") + 4) == body


# --- period from the texts --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("operative", "session", "period"),
    [
        ("Decides to consider the question at its seventy-first session.", 69, 2),
        ("Decides to include in the provisional agenda of its seventy-second session the item.", 69, 3),
        ("Decides to continue its consideration of the question at its seventieth session.", 69, 1),
        ("Decides to consider the question biennially.", 69, 2),
        ("Decides to consider the question on a triennial basis.", 69, 3),
        ("Decides to review the question every five years.", 69, 5),
        ("Requests the Secretary-General to submit to it at its seventy-first session a report.", 69, None),
    ],
)
def test_period_statement(operative: str, session: int, period: int | None) -> None:
    from drafter.engine.series import period_statement

    res = parse_text(f"The General Assembly,\n\nRecalling the Charter,\n\n1. *Welcomes* the work done;\n\n2. {operative}\n",
                     symbol=f"A/RES/{session}/5")
    got = period_statement(res)
    assert (got[0] if got else None) == period


@pytest.mark.parametrize(
    ("text", "session", "period"),
    [
        ("Recalling its resolutions 58/17 of 3 December 2003, 61/23 of 6 December 2006 and 64/30 of 2 December 2009,", 67, 3),
        ("Reaffirms its resolution 68/12 of 2 December 2013;", 69, 1),
        ("Recalling its resolution 67/12 of 2 December 2012,", 69, 2),
        # another series' resolution of the opening of the session is no edition of this one
        ("Recalling its resolution 70/1 of 25 September 2015,", 71, None),
    ],
)
def test_recall_period(text: str, session: int, period: int | None) -> None:
    body = f"The General Assembly,\n\n{text}\n\n1. *Decides* to remain seized of the matter.\n"
    res = parse_text(body, symbol=f"A/RES/{session}/5")
    got = recall_period(res)
    assert (got[0] if got else None) == period


# --- old web copies ---------------------------------------------------------------------------


def test_old_web_footnotes_become_footnotes() -> None:
    text = ("The General Assembly,\n\nNoting the report of the Secretary-General, 1/\n\n"
            "1. Decides to continue consideration of this question at its fifteenth session.\n\n"
            "1/ Document A/4213.\n")
    # (the older layouts are read by drafter/parse/runtogether.py and markers.strip_old_style,
    # which the parsing branch built for issue 13.4; these tests now go through the parser)
    res = parse_text(text, family=Family.UNKNOWN)
    assert res.footnotes and res.footnotes[0].text == "Document A/4213."
    assert "1/" not in res.preamble[0].text
    assert [m.number for m in res.preamble[0].markers] == [1]


def test_a_fraction_that_is_no_marker_stays() -> None:
    text = "The General Assembly,\n\n1. Welcomes the 3/ 4 majority;\n\n2. Decides to continue.\n"
    res = parse_text(text, family=Family.UNKNOWN)
    assert res.operative[0].text == "Welcomes the 3/ 4 majority;" and res.footnotes == ()


def test_run_on_paragraphs_are_split_without_changing_a_word() -> None:
    line = ("The General Assembly, Recalling its resolution 1165 (XII) of 26 November 1957, Noting with "
            "satisfaction the report of the Secretary-General, Considering that charts are essential to the "
            "safety of navigation, 1. Decides to continue the programme; 2. Requests the Secretary-General to "
            "report to it at its fourteenth session. 770th plenary meeting, 14 November 1958.")
    res = parse_text(line)
    assert [p.opening for p in res.preamble] == ["Recalling", "Noting with satisfaction", "Considering"]
    assert [p.number for p in res.operative] == [1, 2]
    assert res.plenary_meeting == 770 and res.audit is not None and res.audit.ok
    from drafter.parse.audit import WORDS

    words = WORDS.findall(" ".join([p.full_text() for p in res.paragraphs] + [t for _, t in res.furniture]))
    assert sorted(words) == sorted(WORDS.findall(line))


# --- drafts on tiny invented corpora ------------------------------------------------------------


def _edition(folder: Path, session: int, number: int, day: str | None, body: str, report: str) -> None:
    year = 1945 + session
    date_line = f"\n\n70th plenary meeting\n{day} {year}\n" if day else "\n"
    folder.joinpath(f"A-RES-{session}-{number}.txt").write_text(
        f"General Assembly\n\nResolution adopted by the General Assembly\n\n{report}\n\n"
        f"{session}/{number}. Cooperation on invented matters\n\nThe General Assembly,\n\n{body}{date_line}",
        encoding="utf-8")


def test_an_edition_without_date_keeps_its_symbol(tmp_path: Path) -> None:
    folder = tmp_path / "corpus" / "cooperation-on-invented-matters"
    folder.mkdir(parents=True)
    _edition(folder, 49, 21, "2 December", "Recalling its resolution 48/188 of 21 December 1993,\n\n"
             "1. *Decides* to continue its consideration of the question at its fiftieth session.",
             "[on the report of the Second Committee (A/49/500)]")
    _edition(folder, 50, 35, None, "Recalling its resolution 49/21 of 2 December 1994,\n\n"
             "1. *Decides* to continue its consideration of the question at its fifty-first session.",
             "[on the report of the Second Committee (A/50/500)]")
    draft = make_draft(load_corpus(tmp_path / "corpus"), 51, templates_dir=tmp_path / "none")
    text = draft.preamble[0].text()
    assert "50/35 of [date]" in text and "50/___" not in text
    assert draft.masthead.symbol == "A/C.2/51/L.__"


def test_add_warns_that_adopted_is_missing(tmp_path: Path) -> None:
    from drafter.cli.main import app

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    src = tmp_path / "A-RES-50-35.txt"
    src.write_text("General Assembly\n\nResolution adopted by the General Assembly\n\n50/35. Cooperation on "
                   "invented matters\n\nThe General Assembly,\n\nRecalling its resolution 49/21 of 2 December 1994,"
                   "\n\n1. *Decides* to continue its consideration of the question at its fifty-first session.\n",
                   encoding="utf-8")
    res = CliRunner().invoke(app, ["add", str(src), "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    assert "--adopted is missing" in res.output


def test_spacing_alone_never_states_a_recall_as_fact(tmp_path: Path) -> None:
    """Two editions three sessions apart, nothing in the texts about the period: the recall of
    the base is a low-confidence placeholder that says why."""
    folder = tmp_path / "corpus" / "cooperation-on-invented-matters"
    folder.mkdir(parents=True)
    for session, number, prev in ((60, 12, "57/5 of 20 September 2002"), (63, 14, "60/5 of 20 September 2005")):
        _edition(folder, session, number, "16 December", f"Recalling its resolution {prev},\n\n"
                 "1. *Welcomes* the work done.", "[on the report of the Sixth Committee (A/60/500)]")
    draft = make_draft(load_corpus(tmp_path / "corpus"), 66, templates_dir=tmp_path / "none")
    [c] = [c for c in draft.changes if c.rule == "previous-edition"]
    assert c.placeholder is not None and c.confidence < 0.5
    assert "spacing" in c.evidence and "low" in c.confidence_words


def test_a_sliding_list_drops_its_oldest_edition(tmp_path: Path) -> None:
    """'A and B', then 'B and C' in the history: the next text recalls 'C and D' (the base
    appended, the oldest dropped); older items are never rewritten."""
    folder = tmp_path / "corpus" / "cooperation-on-invented-matters"
    folder.mkdir(parents=True)
    words = {65: "sixty-sixth", 66: "sixty-seventh", 67: "sixty-eighth"}
    for session, number, (a, b) in ((65, 10, ("63/5", "64/7")), (66, 11, ("64/7", "65/10")), (67, 12, ("65/10", "66/11"))):
        ya, yb = 1945 + int(a.split("/")[0]), 1945 + int(b.split("/")[0])
        _edition(folder, session, number, "10 December",
                 f"Recalling its resolutions {a} of 10 December {ya} and {b} of 10 December {yb},\n\n"
                 f"1. *Decides* to continue its consideration of the question at its {words[session]} session.",
                 "[on the report of the Third Committee (A/65/400)]")
    draft = make_draft(load_corpus(tmp_path / "corpus"), 68, templates_dir=tmp_path / "none")
    pp1 = draft.preamble[0]
    assert pp1.text() == "Recalling its resolutions 66/11 of 10 December 2011 and 67/12 of 10 December 2012,"
    assert [(p.old, p.new) for p in pp1.pieces if p.is_change] == [
        ("65/10 of 10 December 2010 and ", ""), ("", " and 67/12 of 10 December 2012")]


def test_the_bundled_series_drafted_several_sessions_on() -> None:
    """Issue 11's example: next --session 76 on the bundled corpus (last edition 68/160) recalls
    the session-75 edition, not the first missing one, and warns of the sessions the corpus lacks."""
    corpus = Path(__file__).resolve().parents[1] / "corpus"
    draft = make_draft(load_corpus(corpus), 76, templates_dir=corpus.parent / "no-templates")
    assert "its resolution 75/___ of __ December 2020" in draft.preamble[1].text()
    assert "69/___" not in draft.preamble[1].text()
    assert any("lacks the editions of sessions 69-75" in w for w in draft.warnings)


@pytest.mark.parametrize(
    ("confidence", "evidence", "editions", "expected"),
    [
        (0.95, "moved with the session in 4 earlier editions; the base said x", 5,
         "high: moved with the session in 4 earlier editions; 5 editions of the series read"),
        (1.0, "in the corpus: A/RES/68/172 (66/165 is an edition; earlier editions cited it); more", 3,
         "high: in the corpus: A/RES/68/172 (66/165 is an edition; earlier editions cited it); 3 editions of the series read"),
        (0.3, "the corpus has no edition of session 75", 1,
         "low, an editor must confirm it: the corpus has no edition of session 75; 1 edition of the series read "
         "(no history: rules about what the words mean)"),
        (0.6, "", 2, "medium, check it; 2 editions of the series read"),
    ],
)
def test_confidence_in_words(confidence: float, evidence: str, editions: int, expected: str) -> None:
    from drafter.model.draft import explain_confidence

    assert explain_confidence(confidence, evidence, editions) == expected


def _two_editions(tmp_path: Path, first: str, second: str) -> Path:
    folder = tmp_path / "corpus" / "cooperation-on-invented-matters"
    folder.mkdir(parents=True)
    for session, number, body in ((70, 12, first), (71, 14, second)):
        word = {70: "seventy-first", 71: "seventy-second"}[session]
        _edition(folder, session, number, "10 December",
                 f"{body}\n\n1. *Decides* to continue its consideration of the question at its {word} session.",
                 "[on the report of the Third Committee (A/71/400)]")
    return tmp_path / "corpus"


def test_an_undated_recall_moves_without_a_date(tmp_path: Path) -> None:
    corpus = _two_editions(tmp_path, "Recalling its resolution 69/8,", "Recalling its resolution 70/12,")
    draft = make_draft(load_corpus(corpus), 72, templates_dir=tmp_path / "none")
    assert draft.preamble[0].text() == "Recalling its resolution 71/14,"


def test_a_fixed_resolution_of_a_recent_session_stays(tmp_path: Path) -> None:
    """'its resolution 70/1 of 25 September 2015' in every edition is the 2030 Agenda, not the
    series' last edition: never replaced."""
    text = 'Recalling its resolution 70/1 of 25 September 2015, entitled "Transforming our world",'
    corpus = _two_editions(tmp_path, text, text)
    draft = make_draft(load_corpus(corpus), 72, templates_dir=tmp_path / "none")
    assert draft.preamble[0].text() == text
    assert not [c for c in draft.changes if c.where == "pp1"]


def test_two_recent_recalls_in_one_paragraph_only_the_latest_moves(tmp_path: Path) -> None:
    corpus = _two_editions(
        tmp_path,
        "Recalling its resolution 68/150 of 18 December 2013 and its resolution 69/8 of 10 December 2014,",
        "Recalling its resolution 68/150 of 18 December 2013 and its resolution 70/12 of 10 December 2015,",
    )
    draft = make_draft(load_corpus(corpus), 72, templates_dir=tmp_path / "none")
    assert draft.preamble[0].text() == (
        "Recalling its resolution 68/150 of 18 December 2013 and its resolution 71/14 of 10 December 2016,")


def test_a_report_cited_in_the_text_moves_to_the_targets(tmp_path: Path) -> None:
    corpus = _two_editions(
        tmp_path,
        "Having considered the report of the Secretary-General (A/70/210),",
        "Having considered the report of the Secretary-General (A/71/305),",
    )
    draft = make_draft(load_corpus(corpus), 72, templates_dir=tmp_path / "none")
    assert draft.preamble[0].text() == "Having considered the report of the Secretary-General (A/72/___),"
    [c] = [c for c in draft.changes if c.where == "pp1"]
    assert c.placeholder is not None


def test_backtest_counts_an_undated_recall(tmp_path: Path) -> None:
    from drafter.engine.backtest import backtest
    from drafter.engine.series import build_series

    corpus = _two_editions(tmp_path, "Recalling its resolution 69/8,", "Recalling its resolution 70/12,")
    [series] = build_series(load_corpus(corpus))
    [row] = backtest(series)
    assert row.expected == 2 and row.right == 2 and row.wrong == 0 and row.missed == 0, row.notes


def test_another_bodys_session_moves_at_its_own_rate(tmp_path: Path) -> None:
    """The Council meets three times a year: its session moved 19 -> 22 between two editions,
    so the draft moves it 22 -> 25 (never by the Assembly's one a year)."""
    corpus = _two_editions(
        tmp_path,
        "Welcoming the report of the Human Rights Council on its nineteenth session,",
        "Welcoming the report of the Human Rights Council on its twenty-second session,",
    )
    draft = make_draft(load_corpus(corpus), 72, templates_dir=tmp_path / "none")
    assert draft.preamble[0].text() == "Welcoming the report of the Human Rights Council on its twenty-fifth session,"
