"""A next-session draft: the base edition's text, the changes made to it, and the open facts.

A :class:`Draft` is what the roll-over stage produces and every renderer (Markdown, JSON, Word)
consumes. Each paragraph is a sequence of :class:`Piece`\\ s: unchanged text, or a change (old
words of the base edition replaced by new words), or a placeholder (text shown highlighted for
an editor to confirm). Footnote markers appear inside piece text as ``[^n]``.

    base text  = the concatenation of ``same`` and ``old``   (rejecting every change)
    draft text = the concatenation of ``same`` and ``new``   (accepting every change)

Every change has a :class:`Change` record (where, old, new, rule, evidence, confidence) and
every placeholder a :class:`Placeholder` record (what is known, what an editor must confirm).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from drafter.engine.checks import Check, check_dict

MARKER_RE = re.compile(r"\[\^(\d+)\]")


@dataclass(frozen=True)
class Change:
    id: str  # "c1", "c2", ... in document order
    where: str  # paragraph id ("pp2", "op14", "op3.a"), footnote ("fn3") or "masthead.<field>"
    old: str
    new: str
    rule: str  # constant | session-linked | previous-edition | external | period | template | set
    evidence: str
    confidence: float  # 0..1; below 1 means an editor should look
    placeholder: str | None = None  # id of the Placeholder the new text is, if any
    confidence_words: str = ""  # the confidence explained: what evidence, how many editions


def _first_clause(text: str) -> str:
    """The text up to its first "; " outside parentheses."""
    depth = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0 and text[i + 1 : i + 2] == " ":
            return text[:i].strip()
    return text.strip()


def explain_confidence(confidence: float, evidence: str, editions: int) -> str:
    """The confidence of a change in words: its level, the evidence it rests on and how many
    editions of the series were read (``high: moved with the session in 4 earlier editions;
    5 editions of the series read``)."""
    if confidence >= 0.95:
        level = "high"
    elif confidence >= 0.8:
        level = "good"
    elif confidence >= 0.5:
        level = "medium, check it"
    else:
        level = "low, an editor must confirm it"
    basis = _first_clause(evidence)
    if len(basis) > 160:
        basis = basis[:157].rstrip() + "..."
    read = f"{editions} edition{'s' if editions != 1 else ''} of the series read"
    if editions == 1:
        read += " (no history: rules about what the words mean)"
    return f"{level}: {basis}; {read}" if basis else f"{level}; {read}"


@dataclass(frozen=True)
class Placeholder:
    id: str  # "p1", ...
    key: str  # symbol | date | agenda_item | agenda_title | sponsors | previous_edition | hrc ...
    where: str  # "masthead.<field>", a paragraph id or "fn<n>"
    text: str  # as shown in the draft, e.g. "[agenda item]" or the kept citation under review
    known: str  # what drafter knows
    confirm: str  # what the editor must confirm or supply
    filled: bool = False  # True when --set supplied the value


@dataclass(frozen=True)
class Piece:
    """``same`` text, or a change ``old`` -> ``new`` (``change`` id), maybe a placeholder."""

    same: str = ""
    old: str = ""
    new: str = ""
    change: str | None = None
    placeholder: str | None = None

    @property
    def is_change(self) -> bool:
        return self.change is not None

    @property
    def base(self) -> str:
        return self.old if self.change else self.same

    @property
    def text(self) -> str:
        return self.new if self.change else self.same


@dataclass(frozen=True)
class DraftParagraph:
    id: str  # stable paragraph id across editions: "pp1".."ppN", "op1".."opN"; subs "op3.a"
    kind: str  # preamble | operative | sub
    pieces: tuple[Piece, ...]
    number: int | None = None  # operative number in the draft
    label: str | None = None  # sub-paragraph label ("a", "ii")
    opening: str = ""  # italic opening words (the draft text starts with them)
    subparagraphs: tuple[DraftParagraph, ...] = ()
    lineage: str | None = None  # stable id of this paragraph's lineage across editions

    def text(self) -> str:
        return "".join(p.text for p in self.pieces)

    def base_text(self) -> str:
        return "".join(p.base for p in self.pieces)

    def walk(self) -> Iterator[DraftParagraph]:
        yield self
        for sub in self.subparagraphs:
            yield from sub.walk()


@dataclass(frozen=True)
class DraftFootnote:
    number: int
    pieces: tuple[Piece, ...]

    def text(self) -> str:
        return "".join(p.text for p in self.pieces)

    def base_text(self) -> str:
        return "".join(p.base for p in self.pieces)


@dataclass(frozen=True)
class Masthead:
    """Header of a Main Committee draft (L-document), per the UN conventions."""

    symbol: str  # "A/C.3/69/L.__" until known
    distribution: str  # "Limited"
    date: str  # "[date]" until known
    original: str  # "English"
    session: str  # "Sixty-ninth session"
    committee: str  # "Third Committee"
    agenda_item: str  # "Agenda item [..]"
    agenda_title: str
    sponsors: str  # "[sponsors]: draft resolution"
    sponsor_note: str  # "* ..." starred footnote, may be ""
    title: str


@dataclass(frozen=True)
class Draft:
    series: str
    series_title: str
    target_session: int
    base_symbol: str | None
    base_adopted: str | None  # "18 December 2013"
    masthead: Masthead
    preamble: tuple[DraftParagraph, ...]
    operative: tuple[DraftParagraph, ...]
    footnotes: tuple[DraftFootnote, ...]
    changes: tuple[Change, ...]
    placeholders: tuple[Placeholder, ...]
    warnings: tuple[str, ...] = ()
    facts: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # --set KEY=VALUE
    checks: tuple[Check, ...] = ()  # things an editor should check (suggestions, not changes)

    def paragraphs(self) -> Iterator[DraftParagraph]:
        for p in self.preamble + self.operative:
            yield from p.walk()

    def change(self, cid: str) -> Change:
        for c in self.changes:
            if c.id == cid:
                return c
        raise KeyError(cid)

    def placeholder(self, pid: str) -> Placeholder:
        for p in self.placeholders:
            if p.id == pid:
                return p
        raise KeyError(pid)

    def to_dict(self) -> dict[str, Any]:
        def para(p: DraftParagraph) -> dict[str, Any]:
            d: dict[str, Any] = {"id": p.id}
            if p.number is not None:
                d["number"] = p.number
            if p.label is not None:
                d["label"] = p.label
            d["opening"] = p.opening
            d["text"] = p.text()
            d["base_text"] = p.base_text()
            if p.subparagraphs:
                d["subparagraphs"] = [para(s) for s in p.subparagraphs]
            if p.lineage:
                d["lineage"] = p.lineage
            return d

        return {
            "series": self.series,
            "series_title": self.series_title,
            "target_session": self.target_session,
            "base": self.base_symbol,
            "base_adopted": self.base_adopted,
            "masthead": asdict(self.masthead),
            "preamble": [para(p) for p in self.preamble],
            "operative": [para(p) for p in self.operative],
            "footnotes": [
                {"number": f.number, "text": f.text(), "base_text": f.base_text()}
                for f in self.footnotes
            ],
            "changes": [asdict(c) for c in self.changes],
            "placeholders": [asdict(p) for p in self.placeholders],
            "warnings": list(self.warnings),
            "facts": {k: v for k, v in self.facts},
            "checks": [check_dict(c) for c in self.checks],
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)
