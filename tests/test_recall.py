"""RecallList: lists of recalled resolutions parsed, formatted and grown in their own style
(invented strings in the forms of General Assembly practice)."""

from __future__ import annotations

import datetime as dt

import pytest

from drafter.citations.recall import (
    RecallItem,
    RecallList,
    complete_run,
    find_recall_lists,
    own_items,
)

ROUND_TRIP = [
    "resolutions 58/17 of 3 December 2003, 61/23 of 6 December 2006 and 64/30 of 2 December 2009",
    "resolutions 61/23 and 64/30",
    "resolutions 2625 (XXV) of 24 October 1970 and 64/30 of 2 December 2009",
    "resolutions 1514 (XV), 2625 (XXV), and 50/6",
    "resolution 64/30 of 2 December 2009",
]


@pytest.mark.parametrize("text", ROUND_TRIP)
def test_round_trip(text: str) -> None:
    value = RecallList.parse(text)
    assert value.format() == text
    assert RecallList.parse(value.format()) == value


@pytest.mark.parametrize(
    "bad",
    ["", "resolutions", "resolutions 58/17 of 31 February 2003", "resolutions 58/17 and the Charter",
     "decisions 58/17 and 61/23", "resolutions 58/17,, 61/23"],
)
def test_bad_input_is_a_value_error(bad: str) -> None:
    with pytest.raises(ValueError):
        RecallList.parse(bad)


def test_bad_construction_is_a_value_error() -> None:
    item = RecallItem("58/17")
    with pytest.raises(ValueError):
        RecallList((item, item), ())
    with pytest.raises(ValueError):
        RecallList((item, item), (" or ",))
    with pytest.raises(ValueError):
        RecallItem("the Charter")


APPEND = [
    # (list, appended items, expected)
    ("resolutions 58/17 of 3 December 2003, 61/23 of 6 December 2006 and 64/30 of 2 December 2009",
     ["67/41 of 3 December 2012"],
     "resolutions 58/17 of 3 December 2003, 61/23 of 6 December 2006, 64/30 of 2 December 2009 and 67/41 of 3 December 2012"),
    ("resolutions 61/23 and 64/30", ["67/41"], "resolutions 61/23, 64/30 and 67/41"),
    ("resolutions 61/23 and 64/30", ["67/41", "70/12"], "resolutions 61/23, 64/30, 67/41 and 70/12"),
    ("resolutions 1514 (XV), 2625 (XXV), and 50/6", ["55/2"], "resolutions 1514 (XV), 2625 (XXV), 50/6, and 55/2"),
    ("resolution 64/30", ["67/41"], "resolutions 64/30 and 67/41"),
]


@pytest.mark.parametrize(("text", "new", "expected"), APPEND)
def test_append_in_the_lists_own_style(text: str, new: list[str], expected: str) -> None:
    value = RecallList.parse(text)
    grown = value.appended(*(RecallItem.parse(n) for n in new))
    assert grown.format() == expected
    # every older item is kept as it was
    assert grown.items[: len(value.items)] == value.items


def test_dated_and_undated() -> None:
    assert RecallList.parse("resolutions 61/23 of 6 December 2006 and 64/30 of 2 December 2009").dated
    assert not RecallList.parse("resolutions 61/23 and 64/30").dated
    assert RecallList.parse("resolutions 2625 (XXV) and 64/30 of 2 December 2009").dated


def test_item_sessions() -> None:
    assert RecallItem.parse("58/17 of 3 December 2003") == RecallItem("58/17", dt.date(2003, 12, 3))
    assert RecallItem("2625 (XXV)").session == 25
    assert RecallItem("58/17").session == 58


def test_find_lists_and_their_owner() -> None:
    text = (
        "Recalling its resolutions 2625 (XXV) of 24 October 1970 and 64/30 of 2 December 2009, "
        "and Human Rights Council resolutions 7/1 and 10/2,"
    )
    found = find_recall_lists(text)
    assert [f.owner for f in found] == ["its", "other"]
    assert [text[a:b] for a, b in found[0].spans] == ["2625 (XXV) of 24 October 1970", "64/30 of 2 December 2009"]
    assert [text[a:b] for a, b in found[0].seps] == [" and "]
    assert text[found[1].start : found[1].end] == "resolutions 7/1 and 10/2"


OWN = [
    # (list, corpus numbers, base session, period, own indices)
    ("resolutions 58/17, 61/23 and 64/30", set(), 67, 3, (0, 1, 2)),
    ("resolutions 2625 (XXV) and 64/30", set(), 67, 3, (1,)),
    ("resolutions 2625 (XXV) and 64/30", set(), 67, 2, ()),
    ("resolutions 2625 (XXV) and 64/30", {"64/30"}, 67, 2, (1,)),
    ("resolutions 7/1 and 10/2", set(), 67, 3, ()),
]


@pytest.mark.parametrize(("text", "numbers", "base", "period", "expected"), OWN)
def test_own_items(text: str, numbers: set[str], base: int, period: int, expected: tuple[int, ...]) -> None:
    assert own_items(RecallList.parse(text), numbers=numbers, base_session=base, period=period) == expected


@pytest.mark.parametrize(
    ("sessions", "period", "upto", "expected"),
    [([58, 61, 64], 3, 64, True), ([58, 64], 3, 64, False), ([58, 61], 3, 64, False), ([64], 3, 64, False),
     ([60, 65, 70], 5, 70, True)],
)
def test_complete_run(sessions: list[int], period: int, upto: int, expected: bool) -> None:
    assert complete_run(sessions, period, upto) is expected
