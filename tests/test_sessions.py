"""Sessions, ordinals, Roman numerals and UN dates (drafter.citations.sessions)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drafter.citations.sessions import (
    DATE_PATTERN,
    ORDINAL_PATTERN,
    add_years,
    format_un_date,
    from_roman,
    ordinal_word,
    parse_ordinal,
    parse_un_date,
    session_of_year,
    session_phrase,
    to_roman,
    year_of_session,
)

# --- sessions and years ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "session, year",
    [(1, 1946), (31, 1976), (60, 2005), (68, 2013), (69, 2014), (100, 2045)],
)
def test_year_of_session_and_back(session, year):
    assert year_of_session(session) == year
    assert session_of_year(year) == session


@pytest.mark.parametrize("bad", [0, -1])
def test_year_of_session_rejects_non_positive(bad):
    with pytest.raises(ValueError):
        year_of_session(bad)


@pytest.mark.parametrize("bad", [1945, 1900])
def test_session_of_year_rejects_years_before_the_first_session(bad):
    with pytest.raises(ValueError):
        session_of_year(bad)


# --- ordinals ---------------------------------------------------------------------------------

ORDINALS = [
    (1, "first"),
    (2, "second"),
    (3, "third"),
    (5, "fifth"),
    (8, "eighth"),
    (9, "ninth"),
    (10, "tenth"),
    (11, "eleventh"),
    (12, "twelfth"),
    (19, "nineteenth"),
    (20, "twentieth"),
    (21, "twenty-first"),
    (27, "twenty-seventh"),
    (33, "thirty-third"),
    (40, "fortieth"),
    (52, "fifty-second"),
    (61, "sixty-first"),
    (69, "sixty-ninth"),
    (70, "seventieth"),
    (71, "seventy-first"),
    (80, "eightieth"),
    (99, "ninety-ninth"),
    (100, "one hundredth"),
    (101, "one hundred and first"),
    (110, "one hundred and tenth"),
    (112, "one hundred and twelfth"),
    (120, "one hundred and twentieth"),
    (121, "one hundred and twenty-first"),
    (199, "one hundred and ninety-ninth"),
    (200, "two hundredth"),
    (999, "nine hundred and ninety-ninth"),
]


@pytest.mark.parametrize("n, word", ORDINALS)
def test_ordinal_word(n, word):
    assert ordinal_word(n) == word
    assert parse_ordinal(word) == n


@pytest.mark.parametrize(
    "n, word",
    [(69, "Sixty-ninth"), (70, "Seventieth"), (101, "One hundred and first"), (1, "First")],
)
def test_ordinal_word_capital_first_letter_only(n, word):
    assert ordinal_word(n, capital=True) == word


@pytest.mark.parametrize(
    "word, n",
    [
        ("Sixty-Ninth", 69),
        ("SIXTY-NINTH", 69),
        ("One Hundred and First", 101),
        ("one  hundred\nand first", 101),
        ("  seventieth ", 70),
        ("One hundredth", 100),
    ],
)
def test_parse_ordinal_is_case_and_space_insensitive(word, n):
    assert parse_ordinal(word) == n


@pytest.mark.parametrize(
    "bad",
    ["", "sixty", "61st", "sixty first", "sixtyninth", "one hundred first", "zeroth",
     "one hundred", "thousandth", "sixty-ninth session"],
)
def test_parse_ordinal_rejects(bad):
    with pytest.raises(ValueError):
        parse_ordinal(bad)


@pytest.mark.parametrize("bad", [0, -3, 1000])
def test_ordinal_word_out_of_range(bad):
    with pytest.raises(ValueError):
        ordinal_word(bad)


@given(st.integers(min_value=1, max_value=999), st.booleans())
def test_ordinal_round_trip(n, capital):
    assert parse_ordinal(ordinal_word(n, capital=capital)) == n


@given(st.integers(min_value=1, max_value=999))
def test_ordinal_pattern_matches_every_ordinal_whole(n):
    word = ordinal_word(n)
    assert re.fullmatch(ORDINAL_PATTERN, word, re.IGNORECASE)
    assert re.fullmatch(ORDINAL_PATTERN, word.upper(), re.IGNORECASE)


SESSION_SENTENCES = [
    ("Decides to continue its consideration at its sixty-first session.", "sixty-first"),
    ("not later than at its thirty-third session, the question", "thirty-third"),
    ("Official Records of the General Assembly, Sixty-seventh Session, Supplement", "Sixty-seventh"),
    ("at its one hundred and first session", "one hundred and first"),
    ("at its one hundredth session", "one hundredth"),
    ("at its seventieth session", "seventieth"),
    ("at its twenty-first session", "twenty-first"),
]


@pytest.mark.parametrize("text, ordinal", SESSION_SENTENCES)
def test_ordinal_pattern_finds_longest_form(text, ordinal):
    m = re.search(r"(" + ORDINAL_PATTERN + r")\s+session", text, re.IGNORECASE)
    assert m and m.group(1) == ordinal


@pytest.mark.parametrize("text", ["a sixtyfirst session", "the one hundred session", "firstly"])
def test_ordinal_pattern_needs_a_whole_word(text):
    assert not re.search(ORDINAL_PATTERN + r"\s+session", text, re.IGNORECASE)
    assert re.compile(ORDINAL_PATTERN).groups == 0


@pytest.mark.parametrize(
    "n, style, phrase",
    [
        (69, "running", "sixty-ninth session"),
        (69, "masthead", "Sixty-ninth session"),
        (69, "records", "Sixty-ninth Session"),
        (101, "records", "One hundred and first Session"),
    ],
)
def test_session_phrase(n, style, phrase):
    assert session_phrase(n, style) == phrase


def test_session_phrase_rejects_unknown_style():
    with pytest.raises(ValueError):
        session_phrase(69, "title")


# --- Roman numerals ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "n, roman",
    [(1, "I"), (4, "IV"), (9, "IX"), (12, "XII"), (14, "XIV"), (27, "XXVII"), (28, "XXVIII"),
     (30, "XXX"), (40, "XL"), (49, "XLIX"), (90, "XC"), (400, "CD"), (1994, "MCMXCIV"),
     (3999, "MMMCMXCIX")],
)
def test_roman(n, roman):
    assert to_roman(n) == roman
    assert from_roman(roman) == n


def test_from_roman_accepts_lower_case():
    assert from_roman("xxvii") == 27


@pytest.mark.parametrize(
    "bad", ["", "IIII", "VX", "IC", "IL", "XXXX", "VV", "MMMM", "ABC", "X I", "Xii", "12"]
)
def test_from_roman_is_strict(bad):
    with pytest.raises(ValueError):
        from_roman(bad)


@pytest.mark.parametrize("bad", [0, -1, 4000])
def test_to_roman_range(bad):
    with pytest.raises(ValueError):
        to_roman(bad)


@given(st.integers(min_value=1, max_value=3999))
def test_roman_round_trip(n):
    assert from_roman(to_roman(n)) == n


# --- dates ------------------------------------------------------------------------------------

DATES = [
    ("18 December 2013", dt.date(2013, 12, 18)),
    ("1 January 2000", dt.date(2000, 1, 1)),
    ("8 September 2001", dt.date(2001, 9, 8)),
    ("29 February 2012", dt.date(2012, 2, 29)),
    ("31 May 1993", dt.date(1993, 5, 31)),
]


@pytest.mark.parametrize("text, date", DATES)
def test_un_dates(text, date):
    assert parse_un_date(text) == date
    assert format_un_date(date) == text


@pytest.mark.parametrize(
    "text, date",
    [
        ("18  December   2013", dt.date(2013, 12, 18)),
        ("18\u00a0December\u00a02013", dt.date(2013, 12, 18)),
        (" 18 December 2013\n", dt.date(2013, 12, 18)),
        ("18 december 2013", dt.date(2013, 12, 18)),
    ],
)
def test_parse_un_date_tolerates_spacing(text, date):
    assert parse_un_date(text) == date


@pytest.mark.parametrize(
    "bad",
    [
        "December 18, 2013",
        "18 December, 2013",
        "31 February 2013",
        "29 February 2013",
        "18th December 2013",
        "08 December 2013",
        "18 Dec 2013",
        "18 December 13",
        "18 December 20123",
        "18 December",
        "",
        "\u0661\u0668 December 2013",
        "18 December 2013 2014",
    ],
)
def test_parse_un_date_rejects(bad):
    with pytest.raises(ValueError):
        parse_un_date(bad)


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_un_date_round_trip(d):
    assert parse_un_date(format_un_date(d)) == d


@pytest.mark.parametrize(
    "text, found",
    [
        ("adopted on 18 December 2013 at", "18 December 2013"),
        ("held from 31 August to 8 September 2001,", "8 September 2001"),
        ("on 25 June 1993, for", "25 June 1993"),
        ("on 25 June 19931 for", None),  # a glued footnote marker: not a date
        ("on 125 June 1993", None),
        ("on 32 June 1993", None),
        ("18th December 2013", None),
    ],
)
def test_date_pattern(text, found):
    m = re.search(DATE_PATTERN, text)
    assert (m.group(0) if m else None) == found
    assert re.compile(DATE_PATTERN).groups == 0


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_date_pattern_matches_every_formatted_date(d):
    assert re.fullmatch(DATE_PATTERN, format_un_date(d))


@pytest.mark.parametrize(
    "date, k, expected",
    [
        (dt.date(2013, 12, 18), 1, dt.date(2014, 12, 18)),
        (dt.date(2013, 12, 18), -2, dt.date(2011, 12, 18)),
        (dt.date(2012, 2, 29), 1, dt.date(2013, 2, 28)),
        (dt.date(2012, 2, 29), 4, dt.date(2016, 2, 29)),
        (dt.date(2013, 12, 31), 0, dt.date(2013, 12, 31)),
    ],
)
def test_add_years(date, k, expected):
    assert add_years(date, k) == expected


@given(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(8999, 12, 31)),
       st.integers(min_value=-999, max_value=999))
def test_add_years_keeps_month_and_day_where_it_can(d, k):
    moved = add_years(d, k)
    assert moved.year == d.year + k and moved.month == d.month
    assert moved.day == d.day or (d.month, d.day, moved.day) == (2, 29, 28)
