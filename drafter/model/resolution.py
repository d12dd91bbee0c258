"""The structured model of one edition of a resolution.

Frozen dataclasses, joined by plain tuples, serialised to JSON with the names used across the
project (``symbol``, ``session``, ``title``, ``adopted``, ``preamble``, ``operative`` with
``number`` and ``text``, ``footnotes`` with ``number`` and ``text``). ``from_json(to_json(r)) == r``.

Text is kept clean: footnote markers are not in ``text`` but listed in ``markers`` with the
character offset they follow, so a paragraph's words can be compared across editions whatever
format each edition came in. :meth:`Paragraph.marked_text` puts them back (``[^n]`` by default).
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields, replace
from typing import Any, Literal

Kind = Literal["preamble", "operative"]


@dataclass(frozen=True)
class Marker:
    """Footnote ``number`` is referenced right after character ``offset`` of the text."""

    number: int
    offset: int


def _insert_markers(text: str, markers: tuple[Marker, ...], fmt: Callable[[int], str]) -> str:
    out, last = [], 0
    for m in sorted(markers, key=lambda m: (m.offset, m.number)):
        out.append(text[last : m.offset])
        out.append(fmt(m.number))
        last = m.offset
    out.append(text[last:])
    return "".join(out)


def _default_marker(n: int) -> str:
    return f"[^{n}]"


@dataclass(frozen=True)
class SubParagraph:
    label: str  # "a", "b", ... or "i", "ii", ...
    text: str
    markers: tuple[Marker, ...] = ()
    children: tuple[SubParagraph, ...] = ()

    def marked_text(self, fmt: Callable[[int], str] = _default_marker) -> str:
        return _insert_markers(self.text, self.markers, fmt)


@dataclass(frozen=True)
class Paragraph:
    """A preambular or operative paragraph.

    ``text`` is the paragraph's own words (its chapeau when it has sub-paragraphs), without the
    number. ``opening`` is the italicised opening phrase, which ``text`` starts with.
    ``source`` is the ``(start, end)`` of the paragraph in the reader's ``Source.text``.
    """

    kind: Kind
    text: str
    number: int | None = None
    opening: str = ""
    markers: tuple[Marker, ...] = ()
    subparagraphs: tuple[SubParagraph, ...] = ()
    source: tuple[int, int] | None = None

    def marked_text(self, fmt: Callable[[int], str] = _default_marker) -> str:
        return _insert_markers(self.text, self.markers, fmt)

    def full_text(self) -> str:
        """The paragraph's words including its sub-paragraphs, markers left out."""
        parts = [self.text]
        for sub in iter_subparagraphs(self.subparagraphs):
            parts.append(f"({sub.label}) {sub.text}")
        return " ".join(p for p in parts if p)

    def all_markers(self) -> tuple[int, ...]:
        nums = [m.number for m in self.markers]
        for sub in iter_subparagraphs(self.subparagraphs):
            nums.extend(m.number for m in sub.markers)
        return tuple(nums)


def iter_subparagraphs(subs: tuple[SubParagraph, ...]) -> Iterator[SubParagraph]:
    for sub in subs:
        yield sub
        yield from iter_subparagraphs(sub.children)


@dataclass(frozen=True)
class Footnote:
    number: int
    text: str


@dataclass(frozen=True)
class Audit:
    """The word audit that ends every parse: each word of the source is in exactly one place of
    the model (a paragraph, a footnote, or a ``furniture`` line: masthead, page furniture,
    headings, the meeting line).

    ``words``: the words (runs of letters) the source holds. ``lost``: where words of the source
    are in no place of the model, or were set aside as masthead or furniture although they read
    like a paragraph (each entry says where and what). ``doubled``: words the model holds more
    often than the source. ``numbering``: what is wrong with the operative numbering (holes, not
    starting at 1), else None. ``opening``: the text has its ``The General Assembly,`` line.
    """

    words: int = 0
    lost: tuple[str, ...] = ()
    doubled: tuple[str, ...] = ()
    numbering: str | None = None
    opening: bool = True

    @property
    def ok(self) -> bool:
        return not (self.lost or self.doubled or self.numbering)

    def problems(self) -> tuple[str, ...]:
        """One line per problem, for warnings and errors."""
        out = [f"words lost: {w}" for w in self.lost]
        out += [f"words doubled: {w}" for w in self.doubled]
        if self.numbering:
            out.append(self.numbering)
        return tuple(out)


@dataclass(frozen=True)
class Resolution:
    """One edition. Every masthead field may be unknown (None).

    ``inferred`` maps a field name to the evidence for a value the text did not print but
    proves (e.g. ``session``: "decides to continue ... at its sixty-first session").
    """

    symbol: str | None = None
    session: int | None = None
    title: str | None = None
    committee: str | None = None
    agenda_item: str | None = None
    report_symbol: str | None = None
    adopted: _dt.date | None = None
    plenary_meeting: int | None = None
    distributed: _dt.date | None = None
    preamble: tuple[Paragraph, ...] = ()
    operative: tuple[Paragraph, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    inferred: tuple[tuple[str, str], ...] = ()
    warnings: tuple[str, ...] = ()
    path: str | None = None
    format: str | None = None  # reader family: pdf-text, markdown, ods, docx, pdf
    sha256: str | None = None
    # what the parser set aside, in document order: (kind, text) with kind "masthead", "page"
    # (page furniture: page numbers, job numbers, running heads, separators), "heading",
    # "meeting", "note" (a starred note "* On behalf of ...")
    furniture: tuple[tuple[str, str], ...] = ()
    audit: Audit | None = None

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return self.preamble + self.operative

    def problems(self) -> tuple[str, ...]:
        """What the word audit found wrong (lost or doubled words, operative numbering); empty
        when the audit passed or was not run."""
        return self.audit.problems() if self.audit is not None else ()

    def footnote(self, number: int) -> Footnote | None:
        for fn in self.footnotes:
            if fn.number == number:
                return fn
        return None

    def is_inferred(self, name: str) -> bool:
        return any(k == name for k, _ in self.inferred)

    def evidence(self, name: str) -> str | None:
        for k, v in self.inferred:
            if k == name:
                return v
        return None

    @property
    def number(self) -> str | None:
        """The resolution number as cited in running text: ``68/160`` or ``1165 (XII)``."""
        if not self.symbol:
            return None
        m = re.match(r"^A/(?:HRC/)?RES/(\d{1,3}/\d{1,4}|\d{1,4}\s?\([IVXLC]+\))$", self.symbol.strip())
        if not m:
            return None
        return re.sub(r"\s?\(", " (", m.group(1))

    @property
    def body(self) -> str:
        """Who adopted it: ``GA`` (the General Assembly) or ``HRC`` (the Human Rights Council)."""
        return "HRC" if (self.symbol or "").startswith("A/HRC/") else "GA"

    # --- JSON ---------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return _to_jsonable(self)

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Resolution:
        return _from_jsonable(cls, data)

    @classmethod
    def from_json(cls, text: str) -> Resolution:
        return cls.from_dict(json.loads(text))

    def with_(self, **changes: Any) -> Resolution:
        return replace(self, **changes)


# --- generic (de)serialisation of the frozen dataclasses above ------------------------------

def _to_jsonable(obj: Any) -> Any:
    if hasattr(obj, "__dataclass_fields__"):
        out: dict[str, Any] = {}
        for f in fields(obj):
            value = getattr(obj, f.name)
            if f.name == "inferred":
                out[f.name] = {k: v for k, v in value}
            elif f.name == "markers":
                out[f.name] = [[m.number, m.offset] for m in value]
            elif f.name == "source":
                out[f.name] = list(value) if value else None
            elif f.name == "furniture":
                out[f.name] = [[k, t] for k, t in value]
            else:
                out[f.name] = _to_jsonable(value)
        return out
    if isinstance(obj, tuple | list):
        return [_to_jsonable(x) for x in obj]
    if isinstance(obj, _dt.date):
        return obj.isoformat()
    return obj


def _from_jsonable(cls: type, data: dict[str, Any]) -> Any:
    kwargs: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in data:
            continue
        v = data[f.name]
        name = f.name
        if name in ("preamble", "operative"):
            v = tuple(_from_jsonable(Paragraph, p) for p in v)
        elif name == "subparagraphs" or name == "children":
            v = tuple(_from_jsonable(SubParagraph, p) for p in v)
        elif name == "footnotes":
            v = tuple(Footnote(number=int(x["number"]), text=x["text"]) for x in v)
        elif name == "markers":
            v = tuple(Marker(number=int(n), offset=int(o)) for n, o in v)
        elif name == "source":
            v = (int(v[0]), int(v[1])) if v else None
        elif name == "inferred":
            v = tuple((str(k), str(x)) for k, x in v.items())
        elif name in ("adopted", "distributed"):
            v = _dt.date.fromisoformat(v) if v else None
        elif name == "warnings":
            v = tuple(v)
        elif name == "furniture":
            v = tuple((str(k), str(t)) for k, t in v)
        elif name == "audit":
            v = (
                Audit(
                    words=int(v.get("words", 0)),
                    lost=tuple(v.get("lost", ())),
                    doubled=tuple(v.get("doubled", ())),
                    numbering=v.get("numbering"),
                    opening=bool(v.get("opening", True)),
                )
                if v
                else None
            )
        kwargs[name] = v
    return cls(**kwargs)


__all__ = [
    "Audit",
    "Footnote",
    "Kind",
    "Marker",
    "Paragraph",
    "Resolution",
    "SubParagraph",
    "iter_subparagraphs",
]
