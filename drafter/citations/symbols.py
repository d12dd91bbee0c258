"""Citations in resolution text, as value objects that parse and format themselves.

Every citation class is a frozen dataclass with ``parse(text)`` (a classmethod; ValueError with
a message that says what was expected) and ``format()``, and ``parse(x.format()) == x``:

- resolution numbers: :class:`GAResolution` (``68/160``, ``1165 (XII)``), :class:`GADecision`,
  :class:`HRCResolution`, :class:`CHRResolution`, :class:`SubCommissionResolution`,
  :class:`ECOSOCResolution`, and :class:`ResolutionNumber` for a number whose body is unknown
  (defined in :mod:`drafter.citations.numbers`, imported here);
- :class:`DocumentSymbol` (``A/C.3/69/L.32/Rev.1``) and :class:`JointSymbol`;
- :class:`OfficialRecords` (``Official Records of the General Assembly, Sixty-seventh Session,
  Supplement No. 53 (A/67/53), chap. III, sect. A``);
- :class:`SessionMention`, :class:`DateMention`, :class:`DateRange`;
- :class:`ResolutionCitation` (``its resolution 67/169 of 20 December 2012``), whose body
  (General Assembly, Human Rights Council ...) is decided from the words around it.

:func:`find_citations` finds all of them in a text and returns :class:`Found` items, sorted by
start and never overlapping: a date inside a resolution citation, a symbol or session inside an
Official Records reference, is reported through the larger item's value (and its spans).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Self

from drafter.citations.numbers import (
    FIRST_NEW_STYLE_SESSION,
    RESOLUTION_NUMBER,
    AnyResolution,
    CHRResolution,
    ECOSOCResolution,
    Formats,
    GADecision,
    GAResolution,
    HRCResolution,
    ResolutionNumber,
    SubCommissionResolution,
    positive,
    squash,
)
from drafter.citations.sessions import (
    DATE_PATTERN,
    MONTHS,
    ORDINAL_PATTERN,
    SessionStyle,
    format_un_date,
    from_roman,
    parse_ordinal,
    parse_un_date,
    session_phrase,
)

# --- document symbols ------------------------------------------------------------------------

# A component ("CN.4", "Sub.2", "L.32", "2005", "S-26"): segments of letters then digits, or of
# digits and at most one capital, joined by "." or by "-" when no new symbol starts after it.
_SEGMENT = r"(?:[A-Za-z]+[0-9]*|[0-9]+[A-Z]?)"
_COMPONENT = rf"{_SEGMENT}(?:(?:\.|-(?![A-Z]{{1,10}}/)){_SEGMENT})*"
_SYMBOL_CORE = rf"[A-Z]{{1,10}}(?:/{_COMPONENT})+"
_QUALIFIER = r"Part [IVX]+|Vol\. [IVX0-9]+|[IVXLC]+|[0-9]{4}"
_QUALIFIER_IN_TEXT = _QUALIFIER.replace(" ", r"\s")
_JOINT_SPLIT = re.compile(r"-(?=[A-Z]{1,10}/)")
_CORRIGENDA = re.compile(r"((?: and Corr\.[0-9]+)+)$")
_COMPONENT_RE = re.compile(_COMPONENT)
SYMBOL_PATTERN = (
    rf"(?<![\w/.\-]){_SYMBOL_CORE}(?:-{_SYMBOL_CORE})*"
    rf"(?:\s?\((?:{_QUALIFIER_IN_TEXT})\))?(?:\s+and\s+Corr\.[0-9]+)*(?![\w/])"
)
"""A document symbol or joint symbol in running text, no capturing groups."""

# Components after which a number is the General Assembly session: A/69/..., A/C.3/69/...
_GA_SERIES = re.compile(r"C\.[1-6]|RES|INF|BUR|DEC|SPC")


@dataclass(frozen=True)
class DocumentSymbol(Formats):
    """A UN document symbol kept as its components, so :meth:`format` is exact.

    ``A/C.3/69/L.32/Rev.1`` is ``parts=("A", "C.3", "69", "L.32", "Rev.1")``;
    ``A/CONF.157/24 (Part I)`` has ``qualifier="Part I"``; ``A/67/53 and Corr.1`` has
    ``corrigenda=("Corr.1",)``. ``body`` is the first component (``A``, ``E``);
    ``session`` the General Assembly session where the symbol has one.
    """

    parts: tuple[str, ...]
    qualifier: str | None = None
    corrigenda: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        parts = self.parts
        if len(parts) < 2 or not (parts[0].isascii() and parts[0].isalpha() and parts[0].isupper()):
            raise ValueError(f"a document symbol starts with an organ letter and a slash: {parts!r}")
        if not all(_COMPONENT_RE.fullmatch(p) for p in parts[1:]):
            raise ValueError(f"bad component in document symbol {'/'.join(parts)!r}")
        if not any(c.isdigit() for p in parts[1:] for c in p):
            raise ValueError(f"a document symbol has a number in it: {'/'.join(parts)!r}")
        if _JOINT_SPLIT.search("/".join(parts)):
            raise ValueError(f"{'/'.join(parts)!r} is a joint symbol; use JointSymbol")
        if self.qualifier is not None and not re.fullmatch(_QUALIFIER, self.qualifier):
            raise ValueError(f"unknown symbol qualifier {self.qualifier!r} (e.g. 'Part I', 'XII')")
        if not all(re.fullmatch(r"Corr\.[0-9]+", c) for c in self.corrigenda):
            raise ValueError(f"corrigenda are written 'Corr.1': {self.corrigenda!r}")

    @classmethod
    def parse(cls, text: str) -> Self:
        """``A/68/456/Add.2``, ``A/CONF.157/24 (Part I)``, ``A/67/53 and Corr.1``."""
        s = squash(text)
        corrigenda: tuple[str, ...] = ()
        if m := _CORRIGENDA.search(s):
            corrigenda = tuple(c.strip() for c in m.group(1).split(" and ") if c.strip())
            s = s[: m.start()]
        qualifier = None
        if s.endswith(")") and "(" in s:
            s, _, qualifier = s[:-1].rpartition("(")
            s = s.rstrip()
        if _JOINT_SPLIT.search(s):
            raise ValueError(f"{text!r} is a joint symbol; use JointSymbol.parse or parse_symbol")
        if " " in s:
            raise ValueError(f"not a document symbol: {text!r} (expected e.g. 'A/C.3/69/L.32')")
        return cls(tuple(s.split("/")), qualifier, corrigenda)

    def format(self) -> str:
        out = "/".join(self.parts)
        if self.qualifier:
            out += f" ({self.qualifier})"
        return "".join([out, *(f" and {c}" for c in self.corrigenda)])

    @property
    def body(self) -> str:
        return self.parts[0]

    @property
    def session(self) -> int | None:
        """The General Assembly session: 69 for ``A/69/L.27``, ``A/C.3/69/L.32``,
        ``A/RES/69/1``; 12 for ``A/RES/1165 (XII)``; None for ``A/HRC/...``, ``A/CONF.157/...``
        and symbols of other organs."""
        p = self.parts
        if p[0] != "A":
            return None
        if len(p) >= 3 and p[1].isdigit() and len(p[1]) <= 3:
            return int(p[1])
        if len(p) >= 4 and _GA_SERIES.fullmatch(p[1]) and p[2].isdigit() and len(p[2]) <= 3:
            return int(p[2])
        if p[1] == "RES" and len(p) == 3 and self.qualifier:
            try:
                return from_roman(self.qualifier)
            except ValueError:
                return None
        return None


@dataclass(frozen=True)
class JointSymbol(Formats):
    """A document issued under two symbols: ``E/CN.4/2001/2-E/CN.4/Sub.2/2000/46``."""

    symbols: tuple[DocumentSymbol, ...]

    def __post_init__(self) -> None:
        if len(self.symbols) < 2:
            raise ValueError("a joint symbol joins two or more symbols")

    @classmethod
    def parse(cls, text: str) -> Self:
        pieces = _JOINT_SPLIT.split(squash(text))
        if len(pieces) < 2:
            raise ValueError(f"not a joint symbol: {text!r} (expected e.g. 'E/CN.4/2001/2-E/CN.4/Sub.2/2000/46')")
        return cls(tuple(DocumentSymbol.parse(p) for p in pieces))

    def format(self) -> str:
        return "-".join(s.format() for s in self.symbols)

    @property
    def body(self) -> str:
        return self.symbols[0].body

    @property
    def session(self) -> int | None:
        return self.symbols[0].session


def parse_symbol(text: str) -> DocumentSymbol | JointSymbol:
    """A :class:`JointSymbol` if ``text`` joins symbols with ``-``, else a :class:`DocumentSymbol`."""
    if _JOINT_SPLIT.search(squash(text)):
        return JointSymbol.parse(text)
    return DocumentSymbol.parse(text)


# --- Official Records --------------------------------------------------------------------------

_OR_PATTERN = (
    r"Official\s+Records\s+of\s+the\s+"
    rf"(?:General\s+Assembly,\s+(?P<session>{ORDINAL_PATTERN})\s+Session"
    r"|Economic\s+and\s+Social\s+Council,\s+(?P<year>[0-9]{4})),"
    r"\s+Supplement\s+No\.\s*(?P<supplement>[0-9]+[A-Z]?)"
    r"(?:\s+and\s+(?P<corr>corrigend(?:um|a)))?"
    r"\s+\((?P<symbol>[^()]+)\)"
    r"(?:,\s+chap\.\s+(?P<chapter>[IVXLC]+))?"
    r"(?:,\s+sect\.\s+(?P<section>[A-Z](?:\.[0-9]+)?))?"
)
_OR_RE = re.compile(_OR_PATTERN, re.IGNORECASE)


@dataclass(frozen=True, kw_only=True)
class OfficialRecords(Formats):
    """``Official Records of the General Assembly, Sixty-seventh Session, Supplement No. 53 and
    corrigendum (A/67/53 and Corr.1), chap. III, sect. A`` (body ``GA``, ``session`` set) or
    ``Official Records of the Economic and Social Council, 2005, Supplement No. 3 ...`` (body
    ``ECOSOC``, ``year`` set). ``supplement`` is ``"53"`` or ``"53A"``; ``chapter`` a Roman
    numeral; ``section`` a letter. A leading ``See`` is not part of the reference."""

    body: str
    session: int | None = None
    year: int | None = None
    supplement: str
    corrigendum: bool = False
    symbol: DocumentSymbol
    chapter: str | None = None
    section: str | None = None

    def __post_init__(self) -> None:
        if self.body == "GA" and (self.session is None or self.year is not None):
            raise ValueError("General Assembly Official Records are cited by session, not year")
        if self.body == "ECOSOC" and (self.year is None or self.session is not None):
            raise ValueError("Economic and Social Council Official Records are cited by year")
        if self.body not in ("GA", "ECOSOC"):
            raise ValueError(f"Official Records body is 'GA' or 'ECOSOC', not {self.body!r}")
        if not re.fullmatch(r"[0-9]+[A-Z]?", self.supplement):
            raise ValueError(f"a supplement is numbered like '53' or '53A', not {self.supplement!r}")

    @classmethod
    def parse(cls, text: str) -> Self:
        s = squash(text)
        if s.startswith("See "):
            s = s[len("See "):]
        m = _OR_RE.fullmatch(s.rstrip("."))
        if not m:
            raise ValueError(
                f"not an Official Records reference: {text!r} (expected e.g. 'Official Records of "
                "the General Assembly, Sixty-seventh Session, Supplement No. 53 (A/67/53), "
                "chap. III, sect. A')"
            )
        return cls._from_match(m)

    @classmethod
    def _from_match(cls, m: re.Match[str]) -> Self:
        symbol = DocumentSymbol.parse(m["symbol"])
        return cls(
            body="GA" if m["session"] else "ECOSOC",
            supplement=m["supplement"].upper(),
            symbol=symbol,
            session=parse_ordinal(m["session"]) if m["session"] else None,
            year=int(m["year"]) if m["year"] else None,
            corrigendum=bool(m["corr"]),
            chapter=m["chapter"].upper() if m["chapter"] else None,
            section=m["section"].upper() if m["section"] else None,
        )

    def format(self) -> str:
        if self.body == "GA":
            assert self.session is not None
            head = f"Official Records of the General Assembly, {session_phrase(self.session, 'records')}"
        else:
            head = f"Official Records of the Economic and Social Council, {self.year}"
        corr = ""
        if self.corrigendum:
            corr = " and corrigenda" if len(self.symbol.corrigenda) > 1 else " and corrigendum"
        out = f"{head}, Supplement No. {self.supplement}{corr} ({self.symbol.format()})"
        if self.chapter:
            out += f", chap. {self.chapter}"
        if self.section:
            out += f", sect. {self.section}"
        return out


# --- sessions and dates --------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionMention(Formats):
    """``sixty-first session`` (style ``running``), ``Sixty-ninth session`` (``masthead``),
    ``Sixty-seventh Session`` (``records``). Which body's session it is, the text around says."""

    session: int
    style: SessionStyle = "running"

    def __post_init__(self) -> None:
        positive(self, "session")
        session_phrase(self.session, self.style)  # validates range and style

    @classmethod
    def parse(cls, text: str) -> Self:
        words = squash(text)
        ordinal, _, last = words.rpartition(" ")
        if last.lower() != "session" or not ordinal:
            raise ValueError(f"not a session: {text!r} (expected e.g. 'sixty-ninth session')")
        if last[0].isupper():
            style: SessionStyle = "records"
        elif ordinal[0].isupper():
            style = "masthead"
        else:
            style = "running"
        return cls(parse_ordinal(ordinal), style)

    def format(self) -> str:
        return session_phrase(self.session, self.style)


@dataclass(frozen=True)
class DateMention(Formats):
    """A date as written in resolutions: ``18 December 2013``."""

    date: _dt.date

    @classmethod
    def parse(cls, text: str) -> Self:
        return cls(parse_un_date(text))

    def format(self) -> str:
        return format_un_date(self.date)


_MONTH_ALT = "|".join(MONTHS)
_RANGE_PATTERN = (
    rf"\b[Ff]rom\s+(?P<d1>[0-9]{{1,2}})(?:\s+(?P<m1>{_MONTH_ALT})(?:\s+(?P<y1>[0-9]{{4}}))?)?"
    rf"\s+to\s+(?P<end>{DATE_PATTERN})"
)
_RANGE_RE = re.compile(_RANGE_PATTERN)


@dataclass(frozen=True)
class DateRange(Formats):
    """``from 20 to 24 April 2009``, ``from 31 August to 8 September 2001``,
    ``from 31 December 2012 to 1 January 2013``; format() writes the shortest of these."""

    start: _dt.date
    end: _dt.date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(f"a date range cannot end ({self.end}) before it starts ({self.start})")

    @classmethod
    def parse(cls, text: str) -> Self:
        m = _RANGE_RE.fullmatch(squash(text))
        if not m:
            raise ValueError(f"not a date range: {text!r} (expected e.g. 'from 20 to 24 April 2009')")
        return cls._from_match(m)

    @classmethod
    def _from_match(cls, m: re.Match[str]) -> Self:
        end = parse_un_date(m["end"])
        month = m["m1"] or MONTHS[end.month - 1]
        start = parse_un_date(f"{m['d1']} {month} {m['y1'] or end.year}")
        return cls(start, end)

    def format(self) -> str:
        s, e = self.start, self.end
        if (s.year, s.month) == (e.year, e.month):
            first = str(s.day)
        elif s.year == e.year:
            first = f"{s.day} {MONTHS[s.month - 1]}"
        else:
            first = format_un_date(s)
        return f"from {first} to {format_un_date(e)}"


# --- resolution citations in running text --------------------------------------------------------

_SYMBOL_PREFIXES = {
    "A/RES/": "GA",
    "A/HRC/RES/": "HRC",
    "E/CN.4/RES/": "CHR",
    "E/CN.4/Sub.2/RES/": "SubCommission",
    "E/RES/": "ECOSOC",
}
_ITEM = rf"(?P<num>{RESOLUTION_NUMBER})(?![\w/])(?:\s+of\s+(?P<date>{DATE_PATTERN}))?"
_HEAD_RE = re.compile(rf"\b(?P<kw>[Rr]esolution(?P<plural>s)?)\s+{_ITEM}")
_NEXT_RE = re.compile(rf"(?:\s*,\s*(?:and\s+)?|\s+and\s+){_ITEM}")

# Words just before "resolution" that name its body (matched against the text before it),
# and whether they are part of the citation.
_SUBCOMMISSION_NAME = r"Sub-?[Cc]ommission(?:\s+on\s+the\s+Promotion\s+and\s+Protection\s+of\s+Human\s+Rights|\s+on\s+Prevention\s+of\s+Discrimination\s+and\s+Protection\s+of\s+Minorities)?"
_BODY_NAMES = [
    (_SUBCOMMISSION_NAME, "SubCommission"),
    (r"Human\s+Rights\s+Council", "HRC"),
    (r"Commission\s+on\s+Human\s+Rights", "CHR"),
    (r"Economic\s+and\s+Social\s+Council", "ECOSOC"),
    (r"General\s+Assembly", "GA"),
]
_PREFIXES = [
    *((re.compile(rf"\b{name}\s+$"), body, True) for name, body in _BODY_NAMES),
    # "the Human Rights Council, in its resolution 22/10": the body named, then "its".
    *((re.compile(rf"\b{name},?\s+(?:in|by|through)\s+its\s+$"), body, False)
      for name, body in _BODY_NAMES),
    (re.compile(r"\b[Ii]ts\s+$"), "its", True),
    # Any other body named just before: "Security Council", "Commission on the Status of Women".
    (re.compile(r"\b(?:Council|Commission|Committee|Conference|Board|Assembly|Women|Organization"
                r"|Forum|Rights|Programme|Fund|Union)\s+$"), "unknown", False),
]
# Words after a year-numbered resolution, in the same clause, that name its body.
_AFTER = [
    (re.compile(r"\b(?:by|of)\s+the\s+Sub-?[Cc]ommission\b"), "SubCommission"),
    (re.compile(r"\b(?:by|of)\s+the\s+Commission\s+on\s+Human\s+Rights\b"), "CHR"),
    (re.compile(r"\b(?:by|of)\s+the\s+Economic\s+and\s+Social\s+Council\b"), "ECOSOC"),
]
_BEFORE = [
    (re.compile(r"\bSub-?[Cc]ommission\b"), "SubCommission"),
    (re.compile(r"\bCommission\s+on\s+Human\s+Rights\b"), "CHR"),
    (re.compile(r"\bEconomic\s+and\s+Social\s+Council\b"), "ECOSOC"),
]
_PARSERS: dict[str, Callable[[str], AnyResolution]] = {
    "GA": GAResolution.parse,
    "HRC": HRCResolution.parse,
    "CHR": CHRResolution.parse,
    "SubCommission": SubCommissionResolution.parse,
    "ECOSOC": ECOSOCResolution.parse,
}
_FORMAT_PREFIX = {
    "GA": "General Assembly ",
    "HRC": "Human Rights Council ",
    "CHR": "Commission on Human Rights ",
    "SubCommission": "Subcommission on the Promotion and Protection of Human Rights ",
    "ECOSOC": "Economic and Social Council ",
    "unknown": "",
}
BODIES = tuple(_FORMAT_PREFIX)
_WINDOW = 250


@dataclass(frozen=True)
class ResolutionCitation(Formats):
    """A resolution cited in running text: ``its resolution 67/169 of 20 December 2012``,
    ``Human Rights Council resolution 19/33 of 23 March 2012``.

    ``body`` is one of ``GA``, ``HRC``, ``CHR``, ``SubCommission``, ``ECOSOC``, ``unknown``;
    ``resolution`` is that body's class when the number fits it, else :class:`ResolutionNumber`.
    format() names the body before ``resolution`` except for the Assembly's own resolutions
    (``resolution 67/169 of 20 December 2012``); an ``unknown`` citation round-trips only when
    its number cannot be the Assembly's."""

    body: str
    resolution: AnyResolution
    date: _dt.date | None = None

    def __post_init__(self) -> None:
        if self.body not in BODIES:
            raise ValueError(f"unknown body {self.body!r}; use one of {', '.join(BODIES)}")

    @classmethod
    def parse(cls, text: str) -> Self:
        """One citation, with or without the body's name and ``resolution``:
        ``its resolution 67/169 of 20 December 2012``, ``resolution 1165 (XII)``, ``19/33``."""
        s = squash(text)
        if not re.search(r"\b[Rr]esolutions?\b", s):
            s = f"resolution {s}"
        found = [f for f in _resolution_candidates(s) if (f.start, f.end) == (0, len(s))]
        if not found:
            raise ValueError(
                f"not a resolution citation: {text!r} (expected e.g. "
                "'its resolution 67/169 of 20 December 2012')"
            )
        value = found[0].value
        assert isinstance(value, cls)
        return value

    def format(self) -> str:
        prefix = _FORMAT_PREFIX[self.body]
        if self.body == "GA" and isinstance(self.resolution, GAResolution):
            prefix = ""
        date = f" of {format_un_date(self.date)}" if self.date else ""
        return f"{prefix}resolution {self.resolution.format()}{date}"


def _fits(body: str, number: str) -> AnyResolution | None:
    parse = _PARSERS.get(body)
    if parse is None:
        return None
    try:
        return parse(number)
    except ValueError:
        return None


def _decide(text: str, hint: str | None, number: str, start: int, end: int) -> tuple[str, AnyResolution]:
    """The body and value of the resolution ``number`` cited at ``text[start:end]``.

    ``hint`` is what the words before ``resolution`` said (a body, ``its``, or None)."""
    number = squash(number)
    if hint and hint not in ("its", "unknown"):
        return hint, _fits(hint, number) or ResolutionNumber(number)
    if hint == "its" and (value := _fits("GA", number)):
        return "GA", value
    if hint == "unknown":
        return "unknown", ResolutionNumber(number)
    for prefix, body in _SYMBOL_PREFIXES.items():
        if number.startswith(prefix):
            return body, _fits(body, number) or ResolutionNumber(number)
    if "(" in number or len(number.partition("/")[0]) <= 3:
        value = _fits("GA", number)
        return ("GA", value) if value else ("unknown", ResolutionNumber(number))
    # A year first: the Commission, the Sub-Commission or ECOSOC, if the clause says which.
    after = re.split(r";|\n\s*\n|\bresolutions?\b", text[end : end + _WINDOW])[0]
    before = re.split(r";|\n\s*\n|\.\s|,\s*\n", text[max(0, start - _WINDOW) : start])[-1]
    for patterns, window in ((_AFTER, after), (_BEFORE, before)):
        for pattern, body in patterns:
            if pattern.search(window) and (value := _fits(body, number)):
                return body, value
    return "unknown", ResolutionNumber(number)


def _resolution_candidates(text: str) -> list[Found]:
    out: list[Found] = []
    for m in _HEAD_RE.finditer(text):
        before = text[max(0, m.start() - 120) : m.start()]
        hint, start = None, m.start()
        for pattern, name, included in _PREFIXES:
            if p := pattern.search(before):
                hint = name
                if included:
                    start = m.start() - len(before) + p.start()
                break
        items = [m]
        if m["plural"]:
            pos = m.end()
            while nxt := _NEXT_RE.match(text, pos):
                items.append(nxt)
                pos = nxt.end()
        for i, item in enumerate(items):
            try:
                body, value = _decide(text, hint, item["num"], item.start("num"), item.end())
                date = parse_un_date(item["date"]) if item["date"] else None
                citation = ResolutionCitation(body, value, date)
            except ValueError:
                continue
            if i:
                s = item.start("num")
            elif hint != "its" or body == "GA":
                s = start  # from the body's name (or "its") when they belong to the citation
            else:
                s = m.start()
            out.append(
                Found(
                    "resolution", s, item.end(), text[s : item.end()], citation,
                    number_span=item.span("num"),
                    date_span=item.span("date") if item["date"] else None,
                )
            )
    return out


# --- finding everything ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    """A citation found at ``text[start:end]`` (== ``self.text``).

    ``kind`` is ``records``, ``resolution``, ``date_range``, ``symbol``, ``session`` or ``date``;
    ``value`` the parsed object (:class:`OfficialRecords`, :class:`ResolutionCitation`,
    :class:`DateRange`, :class:`DocumentSymbol` or :class:`JointSymbol`,
    :class:`SessionMention`, :class:`DateMention`). For a resolution, ``number_span`` and
    ``date_span`` are the offsets of the number and of the date (None when no date follows)."""

    kind: str
    start: int
    end: int
    text: str
    value: object
    number_span: tuple[int, int] | None = None
    date_span: tuple[int, int] | None = None


_SYMBOL_RE = re.compile(SYMBOL_PATTERN)
_SESSION_RE = re.compile(rf"(?:{ORDINAL_PATTERN})\s+session\b", re.IGNORECASE)
_DATE_RE = re.compile(DATE_PATTERN)

KINDS = ("records", "resolution", "date_range", "symbol", "session", "date")


def _candidates(text: str, kind: str) -> list[Found]:
    """Everything of one kind in ``text``; what does not parse is left out."""
    if kind == "resolution":
        return _resolution_candidates(text)
    regex, parse = {
        "records": (_OR_RE, OfficialRecords._from_match),
        "date_range": (_RANGE_RE, DateRange._from_match),
        "symbol": (_SYMBOL_RE, lambda m: parse_symbol(m[0])),
        "session": (_SESSION_RE, lambda m: SessionMention.parse(m[0])),
        "date": (_DATE_RE, lambda m: DateMention.parse(m[0])),
    }[kind]
    out = []
    for m in regex.finditer(text):
        try:
            value = parse(m)
        except ValueError:
            continue
        out.append(Found(kind, m.start(), m.end(), m[0], value))
    return out


def find_citations(text: str) -> list[Found]:
    """Every citation in ``text``, sorted by start, none overlapping another.

    Kinds are taken in the order of :data:`KINDS`; an item that overlaps one already taken
    (the date of a resolution citation, the symbol of an Official Records reference) is left
    out, since the larger item's value holds it. Never raises."""
    taken: list[Found] = []
    for kind in KINDS:
        for found in _candidates(text, kind):
            if not any(found.start < t.end and t.start < found.end for t in taken):
                taken.append(found)
    return sorted(taken, key=lambda f: (f.start, f.end))

# --- symbols as they stand in running text (one home for every pattern drafter searches with) ---
# a resolution symbol: A/RES/68/160, A/RES/1165 (XII), A/HRC/RES/19/33
RE_RES_SYMBOL = re.compile(r"A/HRC/RES/\d{1,2}/\d{1,3}|A/RES/(\d{1,3})/(\d{1,4})|A/RES/(\d{1,4})\s?\(([IVXL]+)\)")
# an L-document: A/C.3/69/L.32, A/51/L.__, with /Rev.1 or /Add.1
RE_DRAFT_SYMBOL = re.compile(r"\bA/(?:C\.\d/)?\d{1,3}/L\.[\d_]+(?:/Rev\.\d+)?(?:/Add\.\d+)?")
# a report of the Assembly: A/69/456/Add.2 (session, number)
RE_REPORT_SYMBOL = re.compile(r"(?<![\w/.])A/(\d{2,3})/(\d{1,4})(?:/(?:Add|Rev|Corr)\.\d+)*(?![\w/])")
# a document before the 31st session, when symbols carried no session: A/4213
RE_OLD_REPORT_SYMBOL = re.compile(r"(?<![\w/.])A/(\d{3,5})(?![\w/])")
# the session a General Assembly symbol names: A/C.3/69/L.32, A/RES/68/160, A/69/53
RE_SYMBOL_SESSION = re.compile(r"\bA/(?:C\.\d/|RES/|SPC/)?(\d{1,3})/(?:L\.|\d)")
# any United Nations document symbol, for page furniture (A/..., E/..., S/..., A/HRC/...)
RE_ANY_SYMBOL = re.compile(r"\b(?:A|E|S|A/HRC)/(?:[A-Z0-9.]+/)*[A-Z0-9.]+(?:\s?\([IVXL]+\))?")


__all__ = [
    "RE_ANY_SYMBOL",
    "RE_DRAFT_SYMBOL",
    "RE_OLD_REPORT_SYMBOL",
    "RE_REPORT_SYMBOL",
    "RE_RES_SYMBOL",
    "RE_SYMBOL_SESSION",
    "BODIES",
    "CHRResolution",
    "DateMention",
    "DateRange",
    "DocumentSymbol",
    "ECOSOCResolution",
    "FIRST_NEW_STYLE_SESSION",
    "Found",
    "GADecision",
    "GAResolution",
    "HRCResolution",
    "JointSymbol",
    "KINDS",
    "OfficialRecords",
    "ResolutionCitation",
    "ResolutionNumber",
    "SYMBOL_PATTERN",
    "SessionMention",
    "SubCommissionResolution",
    "find_citations",
    "parse_symbol",
]
