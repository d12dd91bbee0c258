"""Checks that text was put where it belongs, for the word audit (:mod:`drafter.parse.audit`).

The audit proves that every word of the source is somewhere in the model; these find words that
are in the wrong place: a masthead or page-furniture line that reads like a paragraph, operative
paragraphs inside a footnote (a page break taken for more footnote text), a paragraph still
holding the next operative paragraph. Each finding is ``(offset in the source, text, why)``.
Also here: the line patterns the parser and these checks share.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from drafter.model.resolution import Paragraph
from drafter.parse.audit import WORDS
from drafter.parse.openers import opens_preamble, operative_opening

RE_OPERATIVE = re.compile(r"^(\d{1,3})\.\s*(?=\S)")
# a paragraph's end, maybe with a marker
RE_PARA_END = re.compile(r"[,;.:](?:\s?\d{1,3}/?|\s?\[\d{1,3}\])?\s*$")


class _Line(Protocol):
    text: str
    start: int
    furniture: bool


class _Block(Protocol):
    kind: str
    text: str
    start: int
    number: int | None


def number_ranges(numbers: list[int | None]) -> str:
    """``[1, 2, 3, 5, 6]`` -> ``1-3, 5-6`` (short, for long resolutions)."""
    out: list[str] = []
    run: list[int] = []
    for n in numbers:
        if n is not None and run and n == run[-1] + 1:
            run.append(n)
            continue
        if run:
            out.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
        run = [n] if n is not None else []
    if run:
        out.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
    return ", ".join(out)


RE_SWALLOWED = re.compile(r"(?:^|[.;:,]\s+)(\d{1,3})\.\s+(?=[A-Z])")


def swallowed_by_notes(blocks: Sequence[_Block], n_operative: int) -> list[tuple[int, str, str]]:
    """Footnotes that hold what reads like a numbered operative paragraph ("...; 9. Invites
    States ..."): a page break taken for more footnote text swallowed the rest of the body."""
    out: list[tuple[int, str, str]] = []
    for b in blocks:
        if b.kind != "footnote":
            continue
        text = b.text.replace("*", "")
        found = False
        for m in RE_SWALLOWED.finditer(text):
            # the next number the body lacks, then an operative verb ("Supplement No. 3. Reports"
            # is no paragraph)
            if int(m.group(1)) == n_operative + 1 and operative_opening(text[m.end() :]):
                out.append((b.start, text[m.start(1) :], f"in footnote {b.number} read like operative paragraph {m.group(1)} (the text has {n_operative})"))
                found = True
                break
        tail = re.search(r"\.\s+([^.]*[;,])\s*$", text)
        if not found and tail and len(WORDS.findall(tail.group(1))) >= 5:
            # a note ends with a full stop; one that runs on after it and ends like a paragraph
            # (";" ",") holds the body's text from the next page
            out.append((b.start, tail.group(1), f"at the end of footnote {b.number} read like the end of a paragraph"))
    return out


def run_on_paragraphs(preamble: tuple[Paragraph, ...], operative: tuple[Paragraph, ...]) -> list[tuple[int, str, str]]:
    """Paragraphs that hold the next operative paragraph ("...; 4. Decides ..."), which a line
    break or an unusual layout kept from being cut: the words are there, the paragraph is not."""
    out: list[tuple[int, str, str]] = []
    checks = [(p, "operative paragraph", p.number) for p in operative if p.number is not None]
    if preamble:
        checks.append((preamble[-1], "the last preambular paragraph", 0))
    for p, what, n in checks:
        text = p.full_text()
        for m in RE_SWALLOWED.finditer(text):
            if m.start() > 0 and int(m.group(1)) == n + 1 and operative_opening(text[m.end() :]):
                label = f"{what} {n}" if n else what
                out.append(((p.source or (0, 0))[0], text[m.start(1) :], f"in {label} read like operative paragraph {n + 1}"))
                break
    return out


def set_aside_paragraphs(aside: Sequence[tuple[str, _Line]], *, body_start: int) -> list[tuple[int, str, str]]:
    """Lines set aside (masthead, page furniture) that read like a paragraph: their words are
    counted as lost, not as furniture."""
    out: list[tuple[int, str, str]] = []
    for kind, ln in aside:
        t = ln.text.replace("*", "").strip()
        n = len(WORDS.findall(t))
        if kind in ("masthead", "heading"):
            om = RE_OPERATIVE.match(t)
            if (om and n >= 5 and operative_opening(t[om.end() :])) or (
                n >= 6 and opens_preamble(t) and RE_PARA_END.search(t)
            ):
                where = "before the text" if ln.start < body_start else "after the meeting line"
                out.append((ln.start, ln.text, f"were read as masthead {where} but read like a paragraph"))
        elif kind == "page" and ln.furniture and n > 12 and "<<ODS" not in t and t.endswith((",", ";", ".")):
            # a body line caught by a furniture pattern (a job number at its start, "Please
            # recycle" inside it); running heads (symbol + title) end without punctuation
            out.append((ln.start, ln.text, "were read as page furniture but make a sentence"))
    return out
