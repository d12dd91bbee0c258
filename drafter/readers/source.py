"""Text as a reader returns it, with the way back to the original file.

Every reader (plain text, Word, PDF) returns a :class:`Source`: one string of text in one of
the *families* the parser knows, plus a list of :class:`Segment`\\ s that say where each stretch
of that string came from in the original file (a character offset in a text file, a paragraph
or footnote of a Word document, a page of a PDF). Later stages keep offsets into ``Source.text``
and call :meth:`Source.locate` to point an editor back at the original.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from enum import StrEnum


class Family(StrEnum):
    """The layouts of text the parser understands."""

    PDF_TEXT = "pdf-text"  # hard-wrapped lines, glued digit markers, footnotes under ____ at page breaks
    MARKDOWN = "markdown"  # one line per paragraph, *italics*, Unicode superscript markers
    ODS = "ods"  # UN document system Word export: tabs, glued digit markers, <<ODS ...>> furniture
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Segment:
    """``text[start:end]`` came from ``where`` in the original (``offset`` into that place)."""

    start: int
    end: int
    where: str  # e.g. "char 1204", "paragraph 17", "footnote 3", "page 2"
    offset: int = 0


@dataclass(frozen=True)
class Source:
    text: str
    family: Family
    path: str | None = None
    kind: str = "txt"  # txt, docx, pdf
    sha256: str | None = None
    segments: tuple[Segment, ...] = field(default_factory=tuple)
    warnings: tuple[str, ...] = ()
    # what a Word file still holds for review (tracked changes, comments), on one line: the
    # text is their accepted view, which ``drafter add`` takes only with --accept-changes
    pending: str | None = None

    def locate(self, offset: int) -> str:
        """Where in the original file the character at ``offset`` of ``text`` came from."""
        if not self.segments:
            return f"char {offset}"
        starts = [s.start for s in self.segments]
        i = max(0, bisect.bisect_right(starts, offset) - 1)
        seg = self.segments[i]
        return f"{seg.where}, char {seg.offset + max(0, offset - seg.start)}"
