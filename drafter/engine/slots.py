"""The pieces of a template that the inference modules share: a :class:`Slot` (words of the base
edition that change with the session, the previous edition or another body's act), the
:class:`Span` of text it covers, and the :class:`SlotContext` a paragraph is analysed in.

:mod:`drafter.engine.infer` finds the slots of every paragraph; :mod:`drafter.engine.reports`
finds those of reports and Official Records; both build on these types, so neither imports the
other at module level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafter.model.resolution import Resolution

RE_MARKER = re.compile(r"\[\^(\d+)\]")


@dataclass(frozen=True)
class Slot:
    kind: str  # session | year | previous | external | template
    old: str  # the words in the base edition
    offset: int = 0  # session/year: distance from the edition's own session/year
    key: str = ""  # external: "hrc", "hrc_report", ... ; previous: "previous"
    evidence: str = ""
    confidence: float = 1.0
    body: str = ""  # external: the other body ("Human Rights Council")
    new: str = ""  # template: the words an editor wrote in the template file
    # recall: a growing list of the series' editions (old = its last separator + last item)
    sep: str = ""  # recall: the last separator as written (" and ")
    comma: str = ""  # recall: the separator between items (", ")
    conj: str = ""  # recall: the conjunction before the last item (" and ")
    dated: bool = False  # recall: the list gives dates
    complete: bool = False  # recall: the list names every edition; previous: grow or replace is unsure
    drop: str = ""  # recall: a list that slides, its first item and separator (dropped)
    doubt: str = ""  # previous: why the citation may not be the series' own edition (to confirm)

    def rule(self) -> str:
        return {
            "session": "session-linked",
            "year": "session-linked",
            "previous": "previous-edition",
            "external": "external",
            "template": "template",
            "recall": "recall-list",
            "report": "session-linked",
            "records": "session-linked",
            "body_session": "external",
        }[self.kind]


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    slot: Slot


def overlaps(spans: list[Span], s: int, e: int) -> bool:
    return any(not (e <= x.start or s >= x.end) for x in spans)


@dataclass
class SlotContext:
    base: Resolution
    series_symbols: set[str]  # "68/160" numbers of editions of the series
    history: list[tuple[Resolution, str]]  # the same paragraph in earlier editions (oldest first)
    period: int = 1
    requested: bool = False  # the base requests a report for a later session
