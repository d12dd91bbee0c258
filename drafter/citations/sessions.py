"""Sessions, ordinals, Roman numerals and dates as the General Assembly writes them.

Pure functions, no dependencies beyond the standard library:

- session N of the General Assembly opens (in September) in year ``1945 + N``;
- ordinals in words, both ways, 1 to 999 (``sixty-ninth``, ``one hundred and first``);
- the three capitalisations of a session (``sixty-ninth session`` in running text,
  ``Sixty-ninth session`` on the masthead, ``Sixty-ninth Session`` in Official Records);
- Roman numerals (old resolution numbers ``2957 (XXVII)``), strict both ways;
- dates as day, month, year with no comma and no ordinal (``18 December 2013``).

``ORDINAL_PATTERN`` and ``DATE_PATTERN`` are regex strings without capturing groups, so callers
can wrap them in groups of their own; compile ``ORDINAL_PATTERN`` with ``re.IGNORECASE``.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Literal

SessionStyle = Literal["running", "masthead", "records"]
SESSION_STYLES: tuple[SessionStyle, ...] = ("running", "masthead", "records")

FIRST_YEAR = 1945  # session N opens in FIRST_YEAR + N

# --- sessions and years ----------------------------------------------------------------------


def year_of_session(n: int) -> int:
    """The year in which session ``n`` opens (it runs from September to September)."""
    if n < 1:
        raise ValueError(f"session must be 1 or more, not {n}")
    return FIRST_YEAR + n


def adopted_during(session: int, d: _dt.date) -> bool:
    """Whether a resolution dated ``d`` can be one the Assembly adopted at ``session`` after its
    opening weeks: from October of year 1945 + session to the next September (a resolution of the
    opening days, like 70/1 of 25 September 2015, is seldom an edition of a recurring series)."""
    start = _dt.date(FIRST_YEAR + session, 10, 1)
    return start <= d < start.replace(year=start.year + 1)


def session_of_year(y: int) -> int:
    """The session that opens in September of year ``y`` (and adopts its resolutions in December)."""
    if y <= FIRST_YEAR:
        raise ValueError(f"no General Assembly session opened in {y}; the first opened in 1946")
    return y - FIRST_YEAR


# --- ordinals in words ------------------------------------------------------------------------

_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_UNIT_ORD = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_TEEN_ORD = (
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth",
    "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
)
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_TENS_ORD = (
    "twentieth", "thirtieth", "fortieth", "fiftieth",
    "sixtieth", "seventieth", "eightieth", "ninetieth",
)
MAX_ORDINAL = 999


def _below_100(n: int) -> str:
    if n < 10:
        return _UNIT_ORD[n - 1]
    if n < 20:
        return _TEEN_ORD[n - 10]
    tens, unit = divmod(n, 10)
    if unit == 0:
        return _TENS_ORD[tens - 2]
    return f"{_TENS[tens - 2]}-{_UNIT_ORD[unit - 1]}"


def ordinal_word(n: int, capital: bool = False) -> str:
    """``69`` -> ``sixty-ninth``; ``101`` -> ``one hundred and first``; ``capital`` capitalises
    the first letter only (``Sixty-ninth``). Defined for 1 to 999."""
    if not 1 <= n <= MAX_ORDINAL:
        raise ValueError(f"ordinal words are defined for 1 to {MAX_ORDINAL}, not {n}")
    hundreds, rest = divmod(n, 100)
    if hundreds and rest:
        word = f"{_UNITS[hundreds - 1]} hundred and {_below_100(rest)}"
    elif hundreds:
        word = f"{_UNITS[hundreds - 1]} hundredth"
    else:
        word = _below_100(rest)
    return word[0].upper() + word[1:] if capital else word


_ORDINAL_VALUES = {ordinal_word(n): n for n in range(1, MAX_ORDINAL + 1)}


def parse_ordinal(word: str) -> int:
    """``Sixty-Ninth`` -> ``69``, ``one hundred and first`` -> ``101``; case and runs of
    whitespace do not matter. ValueError on anything else (``61st``, ``sixty first``)."""
    key = " ".join(word.split()).lower()
    try:
        return _ORDINAL_VALUES[key]
    except KeyError:
        raise ValueError(f"not an ordinal in words: {word!r}") from None


def _alt(words: tuple[str, ...]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_BELOW_100_PATTERN = (
    rf"(?:(?:{_alt(_TENS)})-(?:{_alt(_UNIT_ORD)})"
    rf"|{_alt(_TENS_ORD)}|{_alt(_TEEN_ORD)}|{_alt(_UNIT_ORD)})"
)
ORDINAL_PATTERN = (
    rf"(?<![\w-])(?:(?:{_alt(_UNITS)})\s+hundredth"
    rf"|(?:(?:{_alt(_UNITS)})\s+hundred\s+and\s+)?{_BELOW_100_PATTERN})\b"
)
"""Any ordinal word 1..999, longest forms first, between word boundaries (and not after a hyphen:
``-eighth`` in ``2014Sixty-eighth`` is no ordinal), no capturing groups. The below-100 forms are
written once (a pattern that embeds this one is compiled at import: size is start-up time).
Compile with ``re.IGNORECASE``; pass what it matches to :func:`parse_ordinal`."""

ORDINAL_RE = re.compile(ORDINAL_PATTERN, re.IGNORECASE)


def session_phrase(n: int, style: SessionStyle = "running") -> str:
    """``sixty-ninth session`` (running text), ``Sixty-ninth session`` (masthead) or
    ``Sixty-ninth Session`` (inside an Official Records citation)."""
    if style == "running":
        return f"{ordinal_word(n)} session"
    if style == "masthead":
        return f"{ordinal_word(n, capital=True)} session"
    if style == "records":
        return f"{ordinal_word(n, capital=True)} Session"
    raise ValueError(f"unknown session style {style!r}; use one of {', '.join(SESSION_STYLES)}")


# --- Roman numerals ---------------------------------------------------------------------------

_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)
_ROMAN_DIGITS = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def to_roman(n: int) -> str:
    """``27`` -> ``XXVII`` (1 to 3999)."""
    if not 1 <= n <= 3999:
        raise ValueError(f"Roman numerals are written for 1 to 3999, not {n}")
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def from_roman(s: str) -> int:
    """``XXVII`` -> ``27``. Strict: only the canonical form is accepted (not ``IIII``, ``VX``,
    ``IC`` or the empty string); all upper case or all lower case (``xxvii``)."""
    upper = s.upper()
    if not s or (s != upper and s != s.lower()) or any(c not in _ROMAN_DIGITS for c in upper):
        raise ValueError(f"not a Roman numeral: {s!r}")
    values = [_ROMAN_DIGITS[c] for c in upper]
    total = sum(-v if v < nxt else v for v, nxt in zip(values, values[1:] + [0], strict=True))
    if total < 1 or total > 3999 or to_roman(total) != upper:
        raise ValueError(f"not a Roman numeral in canonical form: {s!r}")
    return total


# --- dates ------------------------------------------------------------------------------------

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_MONTH_NUMBERS = {name.lower(): i for i, name in enumerate(MONTHS, start=1)}

DATE_PATTERN = rf"(?<![0-9])(?:3[01]|[12][0-9]|[1-9])\s+(?:{'|'.join(MONTHS)})\s+[0-9]{{4}}(?![0-9])"
"""``D Month YYYY`` (``18 December 2013``), no capturing groups; parse with :func:`parse_un_date`.
Not inside a longer number (``20123`` is a year with a glued footnote marker, not a year), but
letters may touch it, as in the masthead furniture of Word exports (``21 February 2014Sixty-``)."""

DATE_RE = re.compile(DATE_PATTERN)


def _ascii_number(s: str) -> bool:
    return s.isascii() and s.isdigit()


def parse_un_date(text: str) -> _dt.date:
    """``18 December 2013`` -> ``date(2013, 12, 18)``.

    Extra or non-breaking spaces are tolerated and the month's case does not matter; a comma,
    an ordinal (``18th``), a leading zero, the American order or an impossible day is a
    ValueError."""
    parts = text.split()
    if len(parts) != 3:
        raise ValueError(f"not a date written as day, month, year: {text!r}")
    day, month, year = parts
    if not (_ascii_number(day) and len(day) <= 2 and not day.startswith("0")):
        raise ValueError(f"the day must be a number without ordinal or leading zero: {text!r}")
    if month.lower() not in _MONTH_NUMBERS:
        raise ValueError(f"unknown month {month!r} in {text!r}")
    if not (_ascii_number(year) and len(year) == 4):
        raise ValueError(f"the year must have four digits: {text!r}")
    try:
        return _dt.date(int(year), _MONTH_NUMBERS[month.lower()], int(day))
    except ValueError as exc:
        raise ValueError(f"no such day: {text!r} ({exc})") from None


def format_un_date(d: _dt.date) -> str:
    """``date(2013, 12, 18)`` -> ``18 December 2013`` (no leading zero)."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def add_years(d: _dt.date, k: int) -> _dt.date:
    """``d`` moved by ``k`` years, keeping day and month; 29 February becomes 28 February in a
    year that is not a leap year."""
    try:
        return d.replace(year=d.year + k)
    except ValueError:
        if d.month == 2 and d.day == 29:
            return d.replace(year=d.year + k, day=28)
        raise


__all__ = [
    "DATE_PATTERN",
    "adopted_during",
    "DATE_RE",
    "FIRST_YEAR",
    "MAX_ORDINAL",
    "MONTHS",
    "ORDINAL_PATTERN",
    "ORDINAL_RE",
    "SESSION_STYLES",
    "SessionStyle",
    "add_years",
    "format_un_date",
    "from_roman",
    "ordinal_word",
    "parse_ordinal",
    "parse_un_date",
    "session_of_year",
    "session_phrase",
    "to_roman",
    "year_of_session",
]
