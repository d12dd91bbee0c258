"""Table-driven tests of the small stages: footnote markers, opening words, alignment, slot rules."""

from __future__ import annotations

import datetime as dt

import pytest

from drafter.engine.align import align_editions, align_pair
from drafter.engine.infer import infer_template
from drafter.engine.rollover import roll_over
from drafter.model.resolution import Marker, Paragraph, Resolution
from drafter.parse.markers import resolve_glued, strip_marked
from drafter.parse.openers import operative_opening, preamble_opening

# --- markers ---------------------------------------------------------------------------------
GLUED = [
    # (texts, footnote numbers, clean texts, markers per text)
    (["on 25 June 19931 for enhancing"], [1], ["on 25 June 1993 for enhancing"], [[(1, 15)]]),
    (["on 8 September 20002 and"], [2], ["on 8 September 2000 and"], [[(2, 19)]]),
    (["resolution 19/33 of 23 March 20123 and the"], [3], ["resolution 19/33 of 23 March 2012 and the"], [[(3, 33)]]),
    (["on 25 June 1993, 1 for enhancing"], [1], ["on 25 June 1993, for enhancing"], [[(1, 16)]]),
    (["in the field of human rights,3"], [3], ["in the field of human rights,"], [[(3, 29)]]),
    (["at its fifty-second session,5"], [5], ["at its fifty-second session,"], [[(5, 28)]]),
    (["Programme of Action,4 and their role"], [4], ["Programme of Action, and their role"], [[(4, 20)]]),
    # a list of paragraph numbers is not a marker; the report symbol's Add.2 is not either
    (["paragraphs 3, 4 and 5 (A/68/456/Add.2, 4) of 20 April 2005,1"], [1], ["paragraphs 3, 4 and 5 (A/68/456/Add.2, 4) of 20 April 2005,"], [[(1, 59)]]),
    # markers in order across paragraphs
    (["8 September 20002 and", "rights,3", "session,4"], [2, 3, 4], ["8 September 2000 and", "rights,", "session,"], [[(2, 16)], [(3, 7)], [(4, 8)]]),
    # the same text with the year alone: "Supplement No. 3" is not a marker
    (["Supplement No. 3 and 2005"], [3], ["Supplement No. 3 and 2005"], [[]]),
]


@pytest.mark.parametrize("texts, numbers, clean, markers", GLUED)
def test_glued_markers(texts: list[str], numbers: list[int], clean: list[str], markers: list[list[tuple[int, int]]]) -> None:
    r = resolve_glued(texts, numbers)
    assert list(r.texts) == clean
    assert [[(m.number, m.offset) for m in ms] for ms in r.markers] == markers


def test_unresolved_marker_is_a_warning() -> None:
    r = resolve_glued(["no marker here"], [1])
    assert r.texts == ("no marker here",)
    assert r.warnings and "footnote 1" in r.warnings[0]


@pytest.mark.parametrize(
    "text, clean, markers",
    [
        ("1993,¹ for", "1993, for", [(1, 5)]),
        ("session,⁴", "session,", [(4, 8)]),
        ("rights,¹² and", "rights, and", [(12, 7)]),
        ("text[^3] more", "text more", [(3, 4)]),
    ],
)
def test_superscript_markers(text: str, clean: str, markers: list[tuple[int, int]]) -> None:
    u = strip_marked(text)
    assert u.text == clean
    assert [(m.number, m.offset) for m in u.markers] == markers


# --- opening words ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, opening",
    [
        ("Reaffirming its commitment", "Reaffirming"),
        ("Recalling also the World Conference", "Recalling also"),
        ("Recalling further its resolution", "Recalling further"),
        ("Bearing in mind that", "Bearing in mind"),
        ("Taking into account the", "Taking into account"),
        ("Deeply concerned about", "Deeply concerned"),
        ("Noting with concern that", "Noting with concern"),
        ("Mindful of the", "Mindful"),
        ("Convinced that", "Convinced"),
        ("the Charter says", ""),
    ],
)
def test_preamble_opening(text: str, opening: str) -> None:
    assert preamble_opening(text) == opening


@pytest.mark.parametrize(
    "text, opening",
    [
        ("Reaffirms that it is", "Reaffirms"),
        ("Calls upon Member States", "Calls upon"),
        ("Takes note of the holding", "Takes note"),
        ("Also decides to", "Also decides"),
        ("Further decides to", "Further decides"),
        ("Requests also the Secretary-General", "Requests also"),
        ("Decides to continue", "Decides"),
        ("the Secretary-General", ""),
    ],
)
def test_operative_opening(text: str, opening: str) -> None:
    assert operative_opening(text) == opening


# --- alignment -------------------------------------------------------------------------------
A = ["Reaffirms that dialogue among cultures matters", "Urges all actors to build an order", "Invites States to pay attention", "Decides to continue at its sixtieth session"]


@pytest.mark.parametrize(
    "b, pairs",
    [
        (A, [(0, 0), (1, 1), (2, 2), (3, 3)]),
        # a paragraph inserted
        ([A[0], "Emphasizes the role of cooperation in support of national efforts", A[1], A[2], A[3]], [(0, 0), (1, 2), (2, 3), (3, 4)]),
        # a paragraph dropped
        ([A[0], A[2], A[3]], [(0, 0), (2, 1), (3, 2)]),
        # two paragraphs swapped
        ([A[0], A[2], A[1], A[3]], [(0, 0), (2, 1), (1, 2), (3, 3)]),
        # a paragraph lightly amended
        ([A[0], A[1], A[2], "Decides to continue at its sixty-first session"], [(0, 0), (1, 1), (2, 2), (3, 3)]),
    ],
)
def test_align_pair(b: list[str], pairs: list[tuple[int, int]]) -> None:
    got = [(i, j) for i, j, _ in align_pair(A, b)]
    assert sorted(got, key=lambda p: p[1]) == sorted(pairs, key=lambda p: p[1])


def _res(session: int, ops: list[str], adopted: dt.date | None = None, pre: list[str] | None = None) -> Resolution:
    return Resolution(
        symbol=f"A/RES/{session}/1{session}",
        session=session,
        adopted=adopted or dt.date(1945 + session, 12, 18),
        preamble=tuple(Paragraph("preamble", t, opening=preamble_opening(t)) for t in (pre or ["Recalling its resolutions,"])),
        operative=tuple(Paragraph("operative", t, i + 1, operative_opening(t)) for i, t in enumerate(ops)),
    )


def test_lineage_ids_are_stable_across_insertions() -> None:
    e1 = _res(60, [A[0], A[1], A[3]])
    e2 = _res(61, [A[0], "Emphasizes the role of cooperation in support of national efforts", A[1], A[3]])
    e3 = _res(62, [A[0], "Emphasizes the role of cooperation in support of national efforts", A[3]])
    al = align_editions([e1, e2, e3])
    assert al.lineage_of(2, "operative", 1).id == "op2@61"  # type: ignore[union-attr]
    assert al.lineage_of(2, "operative", 2).id == "op3@60"  # type: ignore[union-attr]
    assert al.lineage_of(1, "operative", 2).id == "op2@60"  # type: ignore[union-attr]


# --- slot rules without history (a single edition) ---------------------------------------------
RULES = [
    # (operative text of a session-70 edition, expected (old, new) changes for session 71)
    ("Decides to include in the provisional agenda of its seventy-first session the item", [("seventy-first", "seventy-second")]),
    ("Requests the Secretary-General to report to it at its seventy-second session", [("seventy-second", "seventy-third")]),
    ("Recalls the decision taken at its fifty-second session", []),
    ("Decides to extend the mandate for a period of one year from 1 January 2016", [("2016", "2017")]),
    ("Welcomes the seminar held on 15 February 2015", []),
    ("Reaffirms the commitment to the 2030 Agenda by 2030", []),
    ("Commemorates the seventieth anniversary of the United Nations", []),
]


@pytest.mark.parametrize("text, changes", RULES)
def test_single_edition_rules(text: str, changes: list[tuple[str, str]]) -> None:
    ed = _res(70, [text], adopted=dt.date(2015, 12, 17))
    d = roll_over(infer_template([ed], series="s", target=71), 71)
    assert [(c.old, c.new) for c in d.changes] == changes


def test_history_overrides_rules() -> None:
    # a session ordinal that stayed the same in every edition is historical, even if in the future
    t = "Decides to hold a summit at its seventy-fifth session"
    eds = [_res(s, [t]) for s in (70, 71, 72)]
    d = roll_over(infer_template(eds, series="s", target=73), 73)
    assert d.changes == ()


def test_marker_positions_survive_json_round_trip() -> None:
    r = _res(70, ["Decides so;"])
    r = r.with_(operative=(Paragraph("operative", "Decides so;", 1, "Decides", (Marker(1, 7),)),))
    assert Resolution.from_json(r.to_json()) == r


@pytest.mark.parametrize(
    "pre, old, new",
    [
        (
            "Recalling all its previous resolutions on the subject, the most recent of which was resolution 69/170 of 18 December 2014,",
            "69/170 of 18 December 2014",
            "70/170 of 18 December 2015",
        ),
        (
            "Recalling its previous resolutions on the question, including resolution 69/170 of 18 December 2014,",
            "69/170 of 18 December 2014",
            "70/170 of 18 December 2015",
        ),
        ("Recalling its resolution 69/170 of 18 December 2014,", "69/170 of 18 December 2014", "70/170 of 18 December 2015"),
        # another resolution of the Assembly, not this series: untouched
        ("Recalling the 2030 Agenda, adopted in resolution 70/1 of 25 September 2015,", None, None),
    ],
)
def test_previous_edition_forms(pre: str, old: str | None, new: str | None) -> None:
    ed = _res(70, ["Decides to remain seized of the matter."], adopted=dt.date(2015, 12, 18), pre=[pre])
    d = roll_over(infer_template([ed], series="s", target=71), 71)
    got = [(c.old, c.new) for c in d.changes if c.rule == "previous-edition"]
    assert got == ([(old, new)] if old else [])


def test_each_session_of_a_list_moves() -> None:
    ed = _res(70, ["Decides to consider the question at its seventy-first and seventy-second sessions."], adopted=dt.date(2015, 12, 17))
    d = roll_over(infer_template([ed], series="s", target=72), 72)
    assert [(c.old, c.new) for c in d.changes] == [("seventy-first", "seventy-third"), ("seventy-second", "seventy-fourth")]
    assert d.operative[0].text() == "Decides to consider the question at its seventy-third and seventy-fourth sessions."
