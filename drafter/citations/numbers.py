"""Resolution and decision numbers as value objects: :class:`GAResolution` (``68/160``,
``1165 (XII)``), :class:`GADecision`, :class:`HRCResolution`, :class:`CHRResolution`,
:class:`SubCommissionResolution`, :class:`ECOSOCResolution`, and :class:`ResolutionNumber` for a
number whose body is unknown. Each is a frozen dataclass with ``parse(text)`` (ValueError saying
what was expected) and ``format()``, and ``parse(x.format()) == x``; :mod:`drafter.citations.symbols`
builds document symbols and citations in running text on them (and re-exports them).
"""


from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar, Self

from drafter.citations.sessions import (
    from_roman,
    to_roman,
)

#: a resolution number as running text writes it, with or without its symbol prefix
RESOLUTION_NUMBER = (
    r"(?:(?:A/HRC|A|E/CN\.4/Sub\.2|E/CN\.4|E)/RES/)?"
    r"(?:[0-9]{1,4}/[0-9]{1,5}(?:\s[A-Z](?=\s+of\s|\s+and\s|[,;.:)]|$))?"
    r"|[0-9]{1,5}(?:\s[A-Z])?\s?\([IVXLC]+\))"
)
_RESOLUTION_NUMBER_RE = re.compile(RESOLUTION_NUMBER)

FIRST_NEW_STYLE_SESSION = 31  # GA resolutions are numbered "session/number" from the 31st session


def squash(text: str) -> str:
    """Runs of whitespace (newlines, non-breaking spaces) to one space, ends stripped."""
    return " ".join(text.split())


def _number(s: str, what: str, text: str) -> int:
    if not (s.isascii() and s.isdigit()) or int(s) < 1:
        raise ValueError(f"{what} must be a positive number in {text!r}")
    return int(s)


def _pair(text: str, prefixes: tuple[str, ...], name: str, example: str, year: bool) -> tuple[int, int]:
    """Parse ``first/second`` after an optional symbol prefix (``A/HRC/RES/``).

    ``year`` says whether the first part is a four-digit year (Commission, ECOSOC) or a session.
    """
    s = squash(text)
    for prefix in prefixes:
        if s.upper().startswith(prefix.upper()):
            s = s[len(prefix):]
            break
    first, slash, second = s.partition("/")
    if not slash:
        raise ValueError(f"not a {name} number: {text!r} (expected e.g. {example!r})")
    a = _number(first, "the part before the slash", text)
    b = _number(second, "the part after the slash", text)
    if year and len(first) != 4:
        raise ValueError(f"a {name} number starts with a four-digit year: {text!r} (e.g. {example!r})")
    if not year and len(first) > 3:
        raise ValueError(
            f"{text!r} starts with a year, not a session: not a {name} number (e.g. {example!r})"
        )
    return a, b


def positive(obj: object, *names: str) -> None:
    for name in names:
        value = getattr(obj, name)
        if not isinstance(value, int) or value < 1:
            raise ValueError(f"{type(obj).__name__}.{name} must be a positive integer, not {value!r}")


class Formats:
    """``str(x)`` is ``x.format()``."""

    def __str__(self) -> str:
        return self.format()  # type: ignore[attr-defined]


# --- resolution and decision numbers ---------------------------------------------------------

_OLD_STYLE = re.compile(r"([0-9]+)(?: ([A-Z]))? ?\(([IVXLC]+)\)")
_NEW_STYLE_PART = re.compile(r"([0-9]+/[0-9]+)(?: ([A-Z]))?")


@dataclass(frozen=True, order=True)
class GAResolution(Formats):
    """A General Assembly resolution: ``68/160`` (from the 31st session on) or ``1165 (XII)``
    (before: the number, then the session in Roman numerals). ``part`` is the letter of a
    resolution adopted in parts (``2200 A (XXI)``, ``57/270 B``); the document symbol is the
    same for all parts. Ordered by (session, number, part)."""

    session: int
    number: int
    part: str = ""

    def __post_init__(self) -> None:
        positive(self, "session", "number")
        if self.part and not (len(self.part) == 1 and self.part.isascii() and self.part.isupper()):
            raise ValueError(f"a resolution part is one capital letter, not {self.part!r}")

    @property
    def old_style(self) -> bool:
        return self.session < FIRST_NEW_STYLE_SESSION

    @classmethod
    def parse(cls, text: str) -> Self:
        """``68/160``, ``A/RES/68/160``, ``1165 (XII)``, ``1165(XII)``, ``A/RES/3101(XXVIII)``,
        ``2200 A (XXI)``, ``57/270 B``."""
        s = squash(text)
        if s.upper().startswith("A/RES/"):
            s = s[len("A/RES/"):]
        if m := _OLD_STYLE.fullmatch(s):
            session = from_roman(m.group(3))
            if session >= FIRST_NEW_STYLE_SESSION:
                raise ValueError(
                    f"{text!r}: from the 31st session on, resolutions are numbered "
                    f"session/number (e.g. {session}/{m.group(1)})"
                )
            return cls(session, _number(m.group(1), "the resolution number", text), m.group(2) or "")
        if m := _NEW_STYLE_PART.fullmatch(s):
            session, number = _pair(m.group(1), (), "General Assembly resolution", "68/160", False)
            if session < FIRST_NEW_STYLE_SESSION:
                raise ValueError(
                    f"{text!r}: before the 31st session, General Assembly resolutions are numbered "
                    f"'number (session in Roman numerals)', e.g. '1165 (XII)'; "
                    f"a bare {session}/{number} may be another body's resolution"
                )
            return cls(session, number, m.group(2) or "")
        raise ValueError(
            f"not a General Assembly resolution number: {text!r} (expected e.g. '68/160', "
            f"'A/RES/68/160' or '1165 (XII)')"
        )

    def format(self) -> str:
        part = f" {self.part}" if self.part else ""
        if self.old_style:
            return f"{self.number}{part} ({to_roman(self.session)})"
        return f"{self.session}/{self.number}{part}"

    def symbol(self) -> str:
        """The document symbol: ``A/RES/68/160`` or ``A/RES/1165 (XII)`` (all parts share it)."""
        if self.old_style:
            return f"A/RES/{self.number} ({to_roman(self.session)})"
        return f"A/RES/{self.session}/{self.number}"


@dataclass(frozen=True, order=True)
class GADecision(Formats):
    """A General Assembly decision: ``decision 68/555`` or ``68/555``; formats as ``68/555``."""

    session: int
    number: int

    def __post_init__(self) -> None:
        positive(self, "session", "number")

    @classmethod
    def parse(cls, text: str) -> Self:
        s = squash(text)
        if s.lower().startswith("decision "):
            s = s[len("decision "):]
        return cls(*_pair(s, ("A/DEC/",), "General Assembly decision", "decision 68/555", False))

    def format(self) -> str:
        return f"{self.session}/{self.number}"


@dataclass(frozen=True, order=True)
class _SessionNumbered(Formats):
    """Shared behaviour of ``session/number`` resolutions of bodies other than the Assembly."""

    session: int
    number: int

    name: ClassVar[str] = ""
    prefix: ClassVar[str] = ""
    example: ClassVar[str] = ""

    def __post_init__(self) -> None:
        positive(self, "session", "number")

    @classmethod
    def parse(cls, text: str) -> Self:
        return cls(*_pair(text, (cls.prefix,), cls.name, cls.example, False))

    def format(self) -> str:
        return f"{self.session}/{self.number}"

    def symbol(self) -> str:
        return f"{self.prefix}{self.format()}"


@dataclass(frozen=True, order=True)
class _YearNumbered(Formats):
    """Shared behaviour of ``year/number`` resolutions (Commission, Sub-Commission, ECOSOC)."""

    year: int
    number: int

    name: ClassVar[str] = ""
    prefixes: ClassVar[tuple[str, ...]] = ()
    example: ClassVar[str] = ""

    def __post_init__(self) -> None:
        positive(self, "year", "number")
        if not 1000 <= self.year <= 9999:
            raise ValueError(f"{type(self).__name__}.year must have four digits, not {self.year}")

    @classmethod
    def parse(cls, text: str) -> Self:
        return cls(*_pair(text, cls.prefixes, cls.name, cls.example, True))

    def format(self) -> str:
        return f"{self.year}/{self.number}"

    def symbol(self) -> str:
        return f"{self.prefixes[0]}{self.format()}"


@dataclass(frozen=True, order=True)
class HRCResolution(_SessionNumbered):
    """Human Rights Council resolution ``19/33`` (symbol ``A/HRC/RES/19/33``)."""

    name: ClassVar[str] = "Human Rights Council resolution"
    prefix: ClassVar[str] = "A/HRC/RES/"
    example: ClassVar[str] = "19/33"


@dataclass(frozen=True, order=True)
class CHRResolution(_YearNumbered):
    """Commission on Human Rights resolution ``2005/54`` (symbol ``E/CN.4/RES/2005/54``)."""

    name: ClassVar[str] = "Commission on Human Rights resolution"
    prefixes: ClassVar[tuple[str, ...]] = ("E/CN.4/RES/",)
    example: ClassVar[str] = "2005/54"


@dataclass(frozen=True, order=True)
class SubCommissionResolution(_YearNumbered):
    """Sub-Commission resolution ``2000/22`` (symbol ``E/CN.4/Sub.2/RES/2000/22``)."""

    name: ClassVar[str] = "Sub-Commission resolution"
    prefixes: ClassVar[tuple[str, ...]] = ("E/CN.4/Sub.2/RES/",)
    example: ClassVar[str] = "2000/22"


@dataclass(frozen=True, order=True)
class ECOSOCResolution(_YearNumbered):
    """Economic and Social Council resolution ``2004/27`` (symbol ``E/RES/2004/27``)."""

    name: ClassVar[str] = "Economic and Social Council resolution"
    prefixes: ClassVar[tuple[str, ...]] = ("E/RES/",)
    example: ClassVar[str] = "2004/27"


@dataclass(frozen=True)
class ResolutionNumber(Formats):
    """A resolution number whose body is not known (``19/33`` without context, or a number that
    does not fit the body named, like ECOSOC's old ``1503 (XLVIII)``). ``text`` as written."""

    text: str

    def __post_init__(self) -> None:
        if not _RESOLUTION_NUMBER_RE.fullmatch(self.text):
            raise ValueError(f"not a resolution number: {self.text!r} (expected e.g. '19/33')")

    @classmethod
    def parse(cls, text: str) -> Self:
        return cls(squash(text))

    def format(self) -> str:
        return self.text

    @property
    def parts(self) -> tuple[int, int] | None:
        """``(19, 33)`` for ``19/33``; None for other shapes."""
        first, slash, second = self.text.partition("/")
        if slash and first.isdigit() and second.isdigit():
            return int(first), int(second)
        return None


AnyResolution = (
    GAResolution | HRCResolution | CHRResolution | SubCommissionResolution | ECOSOCResolution
    | ResolutionNumber
)

