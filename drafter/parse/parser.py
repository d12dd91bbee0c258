"""Parse the text of an edition (any reader family) into a :class:`~drafter.model.resolution.Resolution`.

The stages, each a small function:

1. ``_lines``: the text as lines with offsets; page furniture (job numbers, "Please recycle",
   running heads, page numbers, separator lines, ``<<ODS ...>>`` metadata) is marked, never
   deleted, so offsets stay true and the masthead can still be read from it.
2. ``_masthead``: symbol, session, agenda item, dates, report, title — from whatever header or
   trailing furniture the edition has.
3. ``_blocks``: the body between ``The General Assembly,`` and the meeting line, cut into
   paragraph blocks and footnote blocks; paragraphs split by a page break are joined.
4. markers: superscripts taken out, or glued digit markers resolved against the footnote list.
5. paragraphs: preambular, operative (number), sub-paragraphs ((a), (i)), opening words.
6. ``_infer``: what the text proves when the masthead is missing (session from the meeting date
   and from "decides to continue ... at its Nth session"), marked as inferred with evidence.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import drafter.parse.markers as mk
import drafter.parse.runtogether as rt
from drafter.citations.sessions import DATE_PATTERN, ORDINAL_PATTERN, parse_ordinal, parse_un_date
from drafter.citations.symbols import RE_DRAFT_SYMBOL, RE_RES_SYMBOL
from drafter.errors import NotAResolutionError
from drafter.model.resolution import (
    Footnote,
    Marker,
    Paragraph,
    Resolution,
    SubParagraph,
)
from drafter.parse.audit import audit_words, cut_short
from drafter.parse.openers import (
    operative_opening,
    preamble_opening,
    starts_like_preamble,
)
from drafter.parse.placement import (
    RE_OPERATIVE,
    RE_PARA_END,
    number_ranges,
    run_on_paragraphs,
    set_aside_paragraphs,
    swallowed_by_notes,
)
from drafter.readers.source import Family, Source

_SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹"
RE_DATE = re.compile(DATE_PATTERN)
RE_MASTHEAD_SESSION = re.compile(r"^\s*(" + ORDINAL_PATTERN + r")\s+session\s*$", re.MULTILINE | re.IGNORECASE)
RE_MEETING = re.compile(r"^\W*(\d+)(?:st|nd|rd|th)\s+(?:plenary\s+)?meeting\b", re.IGNORECASE)
# the line that opens the body: "The General Assembly," (or the Human Rights Council's, for the
# Council resolutions a series recalls, kept in the corpus as evidence)
RE_GA_LINE = re.compile(
    r"^\W*The (?:General Assembly|Human Rights Council|Economic and Social Council|Commission on Human Rights)\s*,?\W*$"
)
RE_HRC = re.compile(r"^\W*(?:The Human Rights Council\s*,|Resolution adopted by the Human Rights Council|Human Rights Council\s*$)", re.MULTILINE)
RE_SUB = re.compile(r"^\(([a-z]{1,2}|[ivxl]{1,6})\)\s*(?=\S)")
# a footnote line: superscript number, or the starred note "\* On behalf of ..." / "* On ..." (a
# star followed by a space: "*Reaffirming* ..." is an italic opening, not a note)
RE_FOOTNOTE_SUP = re.compile(r"^([" + _SUP + r"]+|\\\*|\*(?=\s))\s*(\S.*)$")
RE_FOOTNOTE_DIGIT = re.compile(r"^(\d{1,3})\s+(\S.*)$")
# notes in the older styles, printed after the text: "1/ Resolution 217 A (III)." "[1] ..."
RE_FOOTNOTE_OLD = re.compile(r"^(?:(\d{1,3})/|\[(\d{1,3})\])(?:\s+(\S.*))?$")
RE_DATE_START = re.compile(r"^\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\b")
RE_SEPARATOR = re.compile(r"^[\s_\-–—=]{3,}$")
RE_TITLE_LINE = re.compile(r"^\W*(\d{1,3}/\d{1,4}|\d{1,4}\s?\([IVXL]+\))\.\s*(\S.*)$")
RE_AGENDA = re.compile(r"Agenda items?\s+([\w\s(),and]+?)\s*$", re.IGNORECASE)
# "[on the report of the Second Committee (A/58/481/Add.1)]"; the report is the last bracket
# (which may hold one of its own: "(A/65/456/Add.2 (Part I))"), so "the Special Political and
# Decolonization Committee (Fourth Committee) (A/70/487)" keeps the committee's whole name.
# "[without reference to a Main Committee (A/50/L.12 and Add.1)]" is a plenary draft: the
# committee is that phrase, the "report" the draft's symbol.
RE_REPORT = re.compile(r"\[on the report of the ([^\[\]]+?) \(([^()\[\]]*/(?:[^()\[\]]|\([^()\[\]]*\))*)\)\]", re.IGNORECASE)
RE_PLENARY = re.compile(r"\[(without reference to a Main Committee)(?: \(([^()\[\]]+)\))?\]", re.IGNORECASE)
PLENARY = "without reference to a Main Committee"
RE_ADOPTED_LINE = re.compile(r"Resolution adopted by the (?:General Assembly|Human Rights Council)(?: on (" + DATE_PATTERN + r"))?", re.IGNORECASE)
RE_CONTINUE = re.compile(
    r"\b(?:decides|decided)\b[^.;]*?\bat its (" + ORDINAL_PATTERN + r") session", re.IGNORECASE
)

_FURNITURE = [
    re.compile(r"<<ODS[^>]*>>"),
    re.compile(r"^\s*\d{1,4}\s*$"),  # page number
    re.compile(r"^\s*\d{1,3}\s*/\s*\d{1,3}\s*$"),  # 3/3
    re.compile(r"^\s*\d{2}-\d{5}\s*(\([A-Z]\))?.*$"),  # job number 13-44905 (E)
    re.compile(r"^\s*\*\d{5,}\*"),  # barcode *1344905*
    re.compile(r"Please recycle", re.IGNORECASE),
    re.compile(r"^\s*\[DU\d+\]\s*$"),
]


@dataclass
class Line:
    text: str  # the line as printed, "[DU1]" prefix removed
    start: int  # offset of text[0] in Source.text
    end: int
    furniture: bool = False
    blank: bool = False
    indented: bool = False


@dataclass
class Block:
    kind: str  # para | footnote
    text: str
    start: int
    end: int
    number: int | None = None  # footnote number
    lines: list[Line] = field(default_factory=list)
    old_style: bool = False  # a note printed "1/ ..." or "[1] ..." (markers in the same style)


# --- 1. lines --------------------------------------------------------------------------------
def _line(t: str, start: int, end: int) -> Line:
    line = Line(text=t, start=start, end=end)
    line.blank = not t.strip()
    line.indented = bool(t[:1].isspace()) and not line.blank
    line.furniture = (not line.blank) and any(p.search(t) for p in _FURNITURE)
    return line


def _lines(text: str) -> list[Line]:
    out: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        t = raw
        m = re.match(r"^\s*\[DU\d+\]", t)
        if m:
            t = t[m.end() :]
            start += m.end()
        out.append(_line(t, start, end))
    return out


def _cut_run_together(lines: list[Line], text: str) -> list[Line]:
    """Lines that hold several paragraphs (older web texts) cut into one line per paragraph,
    with a blank line between (see :mod:`drafter.parse.runtogether`); other lines as they are."""
    lines, mended = rt.mend_wrapped_opening(lines, text, _line)
    st = rt.State(ga_seen=not (mended or rt.has_opening_line(text)))
    out: list[Line] = []
    for ln in lines:
        if ln.blank or ln.furniture:
            out.append(ln)
            continue
        spans = rt.pieces(ln.text, st)
        if len(spans) == 1:
            out.append(ln)
            continue
        for k, (a, b) in enumerate(spans):
            if k:
                out.append(_line("", ln.start + a, ln.start + a))
            out.append(_line(ln.text[a:b], ln.start + a, ln.start + b))
    return out


def _running_head(line: str, symbol: str | None, title: str | None) -> bool:
    """A line that is the symbol and/or the title, nothing else (a running head)."""
    s = line.strip()
    if not s or s.endswith((",", ";", ".", ":")):
        return False
    rest = RE_RES_SYMBOL.sub("", s).strip()
    if rest == s:
        return False
    return not rest or (title is not None and _norm(rest) == _norm(title))


def _norm(s: str) -> str:
    return " ".join(s.replace("*", "").split()).strip().lower()


# --- 2. masthead -----------------------------------------------------------------------------
@dataclass
class Head:
    symbol: str | None = None
    session: int | None = None
    title: str | None = None
    committee: str | None = None
    agenda_item: str | None = None
    report_symbol: str | None = None
    adopted: _dt.date | None = None
    distributed: _dt.date | None = None


def _date(s: str) -> _dt.date | None:
    try:
        return parse_un_date(s)
    except ValueError:
        return None


def _masthead(lines: list[Line], body_start: int, body_end: int) -> Head:
    """Read masthead facts from lines outside the body (header and trailing furniture)."""
    h = Head()
    outside = [ln for i, ln in enumerate(lines) if i < body_start or i >= body_end]
    text = "\n".join(ln.text.replace("*", "") for ln in outside)
    council = bool(RE_HRC.search(text)) or any(
        "Human Rights Council" in ln.text and RE_GA_LINE.match(ln.text) for ln in lines[max(0, body_start - 1) : body_start]
    )
    # furniture exported without separators: "2014Sixty-eighth session", "NationsA/RES/68/160"
    text = re.sub(r"(?<=\d)(?=[A-Z])|(?<=[a-z])(?=A/)|(?<=\d)(?=General Assembly)", "\n", text)
    m = re.search(r"<<ODS DOC SYMBOL1>>\s*([^<\s]+)", text)
    if m and m.group(1).strip():
        h.symbol = m.group(1).strip()
    if not h.symbol:
        m = RE_RES_SYMBOL.search(text)
        if m:
            h.symbol = m.group(0).replace(" (", "(").replace("(", " (")
    if not h.symbol:
        m = RE_DRAFT_SYMBOL.search(text)
        if m:
            h.symbol = m.group(0)
    for k, ln in enumerate(outside):
        t = ln.text.replace("*", "").strip()
        tm = RE_TITLE_LINE.match(t)
        if tm and h.title is None:
            title = tm.group(2)
            # a title wrapped over several lines (PDF text) runs on until a blank line
            for nxt in outside[k + 1 :]:
                nt = nxt.text.replace("*", "").strip()
                if not nt or nxt.furniture or RE_GA_LINE.match(nt) or _is_masthead_line(nt):
                    break
                title += " " + nt
            h.title = " ".join(title.split())
            num = tm.group(1)
            if not h.symbol:
                prefix = "A/HRC/RES/" if council else "A/RES/"
                h.symbol = prefix + num.replace("(", " (").replace("  ", " ")
    if h.title is None:
        h.title = _draft_title(lines, body_start)
    # "Distr.: General" + date; older web copies print "Distr. GENERAL", a blank line, the date
    m = re.search(r"Distr\.:?\s*(?:General|Limited)\s*(" + DATE_PATTERN + ")", text, re.IGNORECASE)
    if m:
        h.distributed = _date(m.group(1))
    for m in RE_MASTHEAD_SESSION.finditer(text):
        try:
            h.session = parse_ordinal(m.group(1))
            break
        except ValueError:
            continue
    for ln in outside:
        am = RE_AGENDA.search(ln.text.replace("*", ""))
        if am:
            h.agenda_item = " ".join(am.group(1).split())
            break
    m = RE_REPORT.search(" ".join(text.split())) or RE_PLENARY.search(" ".join(text.split()))
    if m:
        h.committee = m.group(1).strip()
        h.report_symbol = (m.group(2) or "").strip() or None
    m = RE_ADOPTED_LINE.search(" ".join(text.split()))
    if m and m.group(1):
        h.adopted = _date(m.group(1))
    if h.committee is None:
        m = re.search(r"^\s*(First|Second|Third|Fourth|Fifth|Sixth|Special Political and Decolonization) Committee\s*$", text, re.MULTILINE)
        if m:
            h.committee = m.group(0).strip()
    return h


def _draft_title(lines: list[Line], body_start: int) -> str | None:
    """The title of a draft (L-document): the paragraph just above "The General Assembly,",
    under the sponsor line ("Cuba: draft resolution")."""
    if body_start < 2:
        return None
    parts: list[str] = []
    for ln in reversed(lines[: body_start - 1]):
        t = ln.text.replace("*", "").strip()
        if ln.furniture:
            continue
        if not t:
            if parts:
                break
            continue
        if _is_masthead_line(t) or RE_DATE.search(t) or t.lower().endswith("draft resolution") or t.startswith("["):
            break
        parts.insert(0, t)
    title = " ".join(" ".join(parts).split())
    return title or None


# --- 3. blocks -------------------------------------------------------------------------------
def _body_bounds(lines: list[Line]) -> tuple[int, int, int | None]:
    """(first body line, end of body, meeting line index)."""
    start = None
    for i, ln in enumerate(lines):
        if RE_GA_LINE.match(ln.text.replace("*", "")):
            start = i + 1
            break
    meeting = None
    for i in range(len(lines) - 1, -1, -1):
        if RE_MEETING.match(lines[i].text):
            meeting = i
            break
    if start is None:
        # No "The General Assembly," line: the body starts at the first paragraph that opens
        # like a preambular or operative paragraph.
        for i, ln in enumerate(lines):
            t = ln.text.strip().replace("*", "")
            if ln.furniture or not t:
                continue
            if RE_OPERATIVE.match(t) or preamble_opening(t):
                start = i
                break
    if start is None:
        return -1, -1, meeting
    end = len(lines)
    if meeting is not None and meeting >= start:
        end = meeting
    return start, end, meeting


def _is_footnote_start(t: str, family: Family) -> re.Match[str] | None:
    if family in (Family.MARKDOWN, Family.UNKNOWN):
        m = RE_FOOTNOTE_SUP.match(t)
        if m:
            return m
    return RE_FOOTNOTE_DIGIT.match(t) if family != Family.MARKDOWN else None


def _footnote_number(tok: str) -> int:
    if tok in ("*", "\\*"):
        return 0
    if tok[0] in _SUP:
        return int("".join(str(_SUP.index(c)) for c in tok))
    return int(tok)


def _blocks(
    lines: list[Line],
    family: Family,
    head: Head,
    *,
    tail: bool = False,
    expected_note: int = 1,
    aside: list[tuple[str, Line]] | None = None,
) -> list[Block]:
    """Cut body lines into paragraph and footnote blocks (document order).

    ``tail``: the lines after the meeting line, where only footnotes (and furniture) stand.
    ``aside`` collects the lines that are neither (page furniture, running heads, headings),
    with their kind, for the model's furniture list.
    """
    aside = aside if aside is not None else []
    blocks: list[Block] = []
    cur: Block | None = None
    in_notes = tail  # inside a footnote block (after a separator line, or a footnote line)

    def close() -> None:
        nonlocal cur
        if cur is not None:
            blocks.append(cur)
        cur = None

    for ln in lines:
        raw = ln.text
        t = raw.strip()
        if ln.furniture or _running_head(t, head.symbol, head.title):
            aside.append(("page", ln))
            continue
        if ln.blank:
            close()
            in_notes = tail
            continue
        if RE_SEPARATOR.match(raw):
            close()
            in_notes = True
            aside.append(("page", ln))
            continue
        if RE_TITLE_LINE.match(t.replace("*", "")) and (cur is None or cur.kind != "para" or RE_PARA_END.search(cur.text)):
            # a heading "728 (VIII). Title" inside the text (older web pages): not a paragraph
            close()
            aside.append(("heading", ln))
            continue
        old = RE_FOOTNOTE_OLD.match(t)
        if old is not None and not (old.group(3) or "")[:1].islower() and (tail or old.group(3)):
            # (a note starts with a capital or a symbol; "[1] which states ..." is a marker that a
            # wrapped line put first; a bare "[2]" before the meeting line is a marker wrapped
            # onto a line of its own, after it a note whose text follows on the next line)
            close()
            num = int(old.group(1) or old.group(2))
            expected_note = num + 1
            cur = Block("footnote", (old.group(3) or "").strip(), ln.start, ln.end, number=num, lines=[ln], old_style=True)
            in_notes = True
            continue
        fm = _is_footnote_start(t, family)
        starts_note = False
        if fm is not None:
            num = _footnote_number(fm.group(1))
            if family == Family.MARKDOWN:
                starts_note = not ln.indented
            else:
                # plain digits: a footnote when we are in a footnote block, or when the number
                # is the next footnote expected and the line is not indented like a paragraph
                starts_note = (in_notes or num == expected_note) and not RE_OPERATIVE.match(t) and not RE_DATE_START.match(t)
                starts_note = starts_note and (tail or not ln.indented)
        if starts_note and fm is not None:
            close()
            num = _footnote_number(fm.group(1))
            if num:
                expected_note = num + 1
            cur = Block("footnote", fm.group(2).strip(), ln.start, ln.end, number=num, lines=[ln])
            in_notes = True
            continue
        new_para = (
            cur is None
            or ln.indented
            or (family in (Family.MARKDOWN, Family.ODS))
            or (cur.kind == "para" and _starts_paragraph(t, cur.text))
        )
        if cur is not None and cur.kind == "footnote":
            # (a note in the older style runs on even over "Official Records of the General
            # Assembly": its notes stand after the text, where no masthead follows)
            if tail and not ln.indented and (cur.old_style or not _is_masthead_line(t)):
                cur.text = _join(cur.text, t)
                cur.end = ln.end
                cur.lines.append(ln)
                continue
            # PDF text without separators: a footnote that ended with a full stop is followed by
            # the body again (a new paragraph, or the rest of one split by the page break)
            body_again = cur.text.rstrip().endswith(".") and (
                t[:1].islower() or _starts_paragraph(t.replace("*", ""), ",")
            )
            if ln.indented or family != Family.PDF_TEXT or body_again:
                in_notes = False
                new_para = True
            else:
                # continuation of a hard-wrapped footnote
                cur.text = _join(cur.text, t)
                cur.end = ln.end
                cur.lines.append(ln)
                continue
        if new_para:
            close()
            in_notes = False
            cur = Block("para", t, ln.start, ln.end, lines=[ln])
        else:
            assert cur is not None
            cur.text = _join(cur.text, t)
            cur.end = ln.end
            cur.lines.append(ln)
    close()
    return blocks


def _is_masthead_line(t: str) -> bool:
    """A line of the masthead: "United Nations" or "General Assembly" as the whole line (a title
    may name them: "Cooperation between the United Nations and ..."), the distribution, the
    agenda item, a resolution symbol, "Sixty-ninth session"."""
    return bool(
        re.fullmatch(r"\W*(?:United Nations|General Assembly)\W*", t)
        or re.search(r"Distr\.:|Agenda item|A/RES/|session\s*$", t)
    )


def _join(a: str, b: str) -> str:
    if a.endswith("-") and b[:1].islower() and not a.endswith(" -"):
        return a + b
    return a + " " + b


def _starts_paragraph(t: str, prev: str) -> bool:
    """In hard-wrapped text without indentation: does this line start a new paragraph?"""
    clean = t.replace("*", "")
    if not RE_PARA_END.search(prev):
        return False
    # not any -ed word: "United Nations bodies" after a wrapped comma is no paragraph
    return bool(RE_OPERATIVE.match(clean) or RE_SUB.match(clean) or starts_like_preamble(clean))


def _join_page_splits(blocks: list[Block]) -> list[Block]:
    """A paragraph block that starts in lower case continues the previous paragraph block
    (a page break, often with a footnote block between, split it)."""
    out: list[Block] = []
    for b in blocks:
        if b.kind == "para" and b.text[:1].islower() and not RE_SUB.match(b.text):
            prev = next((x for x in reversed(out) if x.kind == "para"), None)
            if prev is not None:
                prev.text = _join(prev.text, b.text)
                prev.end = b.end
                prev.lines.extend(b.lines)
                continue
        out.append(b)
    return out


# --- 4/5. paragraphs -------------------------------------------------------------------------
_ITALIC_OPEN = re.compile(r"^\*([^*]+)\*")


def _clean_italics(text: str) -> tuple[str, str | None]:
    """Remove Markdown ``*`` italics; return the text and the italic opening words, if any."""
    m = _ITALIC_OPEN.match(text)
    opening = m.group(1).strip() if m else None
    return re.sub(r"(?<!\\)\*", "", text).replace("\\*", "*"), opening


@dataclass
class Unit:
    """A piece of text that carries markers: a preambular paragraph, a chapeau, a sub-paragraph."""

    kind: str  # preamble | operative | sub
    text: str
    number: int | None = None
    label: str | None = None
    level: int = 0
    italic: str | None = None
    source: tuple[int, int] | None = None
    markers: tuple[Marker, ...] = ()


def _units(blocks: list[Block]) -> tuple[list[Unit], list[str]]:
    units: list[Unit] = []
    warnings: list[str] = []
    seen_operative = False
    last_letter: str | None = None
    for b in blocks:
        if b.kind != "para":
            continue
        text, italic = _clean_italics(b.text)
        text = " ".join(text.replace("\t", " ").split())
        if not text:
            continue
        om = RE_OPERATIVE.match(text)
        sm = RE_SUB.match(text)
        if om:
            seen_operative = True
            last_letter = None
            body = text[om.end() :]
            body_italic = _clean_italics(b.text.split(".", 1)[1].strip())[1] if "*" in b.text else None
            units.append(Unit("operative", body, number=int(om.group(1)), italic=body_italic, source=(b.start, b.end)))
        elif sm and units:
            label = sm.group(1)
            is_roman = bool(re.fullmatch(r"[ivxl]+", label))
            letter_next = chr(ord(last_letter) + 1) if last_letter else "a"
            if is_roman and not (label == letter_next):
                level = 2
            else:
                level = 1
                last_letter = label[-1] if len(label) == 1 else last_letter
            units.append(Unit("sub", text[sm.end() :], label=label, level=level, source=(b.start, b.end)))
        elif not seen_operative:
            units.append(Unit("preamble", text, italic=italic, source=(b.start, b.end)))
        else:
            # unnumbered text after the operative part began: keep it, attached to the last
            # paragraph, and say so (drafter never drops words)
            prev = units[-1]
            prev.text = prev.text + " " + text
            warnings.append(f"unnumbered text after operative paragraph {_last_number(units)} was joined to it: {text[:60]!r}")
    return units, warnings


def _last_number(units: list[Unit]) -> int | None:
    for u in reversed(units):
        if u.number is not None:
            return u.number
    return None


def _assemble(units: list[Unit]) -> tuple[tuple[Paragraph, ...], tuple[Paragraph, ...]]:
    preamble: list[Paragraph] = []
    operative: list[Paragraph] = []
    i = 0
    while i < len(units):
        u = units[i]
        subs: list[SubParagraph] = []
        j = i + 1
        while j < len(units) and units[j].kind == "sub":
            s = units[j]
            if s.level == 2 and subs:
                parent = subs[-1]
                subs[-1] = replace(parent, children=parent.children + (SubParagraph(s.label or "", s.text, s.markers),))
            else:
                subs.append(SubParagraph(s.label or "", s.text, s.markers))
            j += 1
        if u.kind == "operative":
            opening = u.italic if u.italic and u.text.startswith(u.italic) else operative_opening(u.text)
            operative.append(Paragraph("operative", u.text, u.number, opening, u.markers, tuple(subs), u.source))
        elif u.kind == "preamble":
            opening = u.italic if u.italic and u.text.startswith(u.italic) else preamble_opening(u.text)
            preamble.append(Paragraph("preamble", u.text, None, opening, u.markers, tuple(subs), u.source))
        i = j
    return tuple(preamble), tuple(operative)


# --- 6. inference ----------------------------------------------------------------------------
def session_of_date(d: _dt.date) -> int:
    """The session in which a resolution adopted on ``d`` was adopted (sessions open in September)."""
    return d.year - 1945 if d.month >= 9 else d.year - 1946


def _infer(res: Resolution, meeting_date: _dt.date | None) -> Resolution:
    inferred = list(res.inferred)
    session = res.session
    council = bool(res.symbol and res.symbol.startswith("A/HRC/"))
    if session is None and council:
        m = re.match(r"A/HRC/(?:RES/)?(\d{1,3})/", res.symbol or "")
        if m:  # the Council's own session, not the Assembly's of the year it was adopted
            session = int(m.group(1))
            inferred.append(("session", f"the Human Rights Council's session, from the symbol {res.symbol}"))
    if session is None and res.symbol and not council:
        m = re.search(r"(?<![\w/])A/(?:RES/|C\.\d/)?(\d{1,3})/", res.symbol)
        if m:
            session = int(m.group(1))
            inferred.append(("session", f"from the symbol {res.symbol}"))
        else:
            m = re.search(r"\(([IVXL]+)\)", res.symbol)
            if m:
                from drafter.citations.sessions import from_roman

                session = from_roman(m.group(1))
                inferred.append(("session", f"from the symbol {res.symbol}"))
    if session is None and not council:
        evidence = []
        by_date = session_of_date(meeting_date) if meeting_date else None
        if by_date is not None:
            evidence.append(f"the meeting line dates its adoption {meeting_date:%d %B %Y}".replace(" 0", " "))
        nxt = None
        for p in reversed(res.operative):
            m = RE_CONTINUE.search(p.full_text())
            if m:
                try:
                    nxt = parse_ordinal(m.group(1))
                except ValueError:
                    nxt = None
                if nxt:
                    evidence.append(f'operative paragraph {p.number} reads "at its {m.group(1)} session"')
                break
        if by_date is not None:
            session = by_date
        elif nxt is not None:
            session = nxt - 1
            evidence.append("assuming the question comes back every year")
        if session is not None:
            inferred.append(("session", "; ".join(evidence)))
    return replace(res, session=session, inferred=tuple(inferred))


# --- the parser ------------------------------------------------------------------------------
def parse_source(src: Source, *, symbol: str | None = None, symbol_evidence: str = "given by the user") -> Resolution:
    text = src.text
    name = Path(src.path).name if src.path else "input"
    raw_lines = _lines(text)
    lines = _cut_run_together(raw_lines, text)
    start, end, meeting_idx = _body_bounds(lines)
    if start < 0:
        raise NotAResolutionError(
            f"{name}: no 'The General Assembly,' line and no preambular or numbered operative "
            "paragraphs were found",
            hint="give the text of a General Assembly resolution or draft resolution",
        )
    head = _masthead(lines, start, end if meeting_idx is None else meeting_idx)
    family = src.family
    body_lines = lines[start:]
    # what is not a paragraph or a footnote, with its kind (the model's furniture list)
    aside: list[tuple[str, Line]] = [
        ("page" if ln.furniture else "masthead", ln) for ln in lines[:start] if not ln.blank
    ]
    # the meeting line and its date are not paragraphs
    meeting_no: int | None = None
    meeting_date: _dt.date | None = None
    if meeting_idx is not None:
        mm = RE_MEETING.match(lines[meeting_idx].text)
        meeting_no = int(mm.group(1)) if mm else None
        tail = " ".join(ln.text.replace("*", "") for ln in lines[meeting_idx : meeting_idx + 3])
        dm = RE_DATE.search(tail)
        if dm:
            meeting_date = _date(dm.group(0))
        skip = {meeting_idx}
        for k in range(meeting_idx + 1, min(len(lines), meeting_idx + 3)):
            if RE_DATE.fullmatch(lines[k].text.replace("*", "").strip() or "x"):
                skip.add(k)
                break
        aside += [("meeting", lines[k]) for k in sorted(skip)]
        body_lines = lines[start:meeting_idx]
        tail_lines = [ln for i, ln in enumerate(lines) if i > meeting_idx and i not in skip]
    else:
        tail_lines = []
    blocks = _blocks(body_lines, family, head, aside=aside)
    last_note = max((b.number or 0 for b in blocks if b.kind == "footnote"), default=0)
    tail_blocks = _blocks(tail_lines, family, head, tail=True, expected_note=last_note + 1, aside=aside)
    # what stands after the meeting line and is not a footnote is trailing masthead furniture
    aside += [("masthead", ln) for b in tail_blocks if b.kind != "footnote" for ln in b.lines]
    blocks = _join_page_splits(blocks) + [b for b in tail_blocks if b.kind == "footnote"]
    # footnotes are the footnote blocks (anywhere after the body start)
    notes: dict[int, str] = {}
    warnings: list[str] = list(src.warnings)
    for b in blocks:
        if b.kind == "footnote" and not b.number:
            aside += [("note", ln) for ln in b.lines]  # "* On behalf of ...": a draft's starred note
        if b.kind == "footnote" and b.number:
            body = " ".join(re.sub(r"(?<!\\)\*", "", b.text).replace("\\*", "*").split())
            if b.number in notes:
                warnings.append(f"footnote {b.number} is printed twice; the first text is kept")
                continue
            notes[b.number] = body
    units, uw = _units(blocks)
    warnings.extend(uw)
    if not units:
        raise NotAResolutionError(f"{name}: the text has no paragraphs", hint="give the text of a General Assembly resolution")
    # markers
    old_style = any(b.old_style for b in blocks if b.kind == "footnote")
    if old_style:
        for u in units:
            r = mk.strip_old_style(u.text, set(notes))
            u.text, u.markers = r.text, r.markers
    elif family in (Family.MARKDOWN,) or any(ch in text for ch in _SUP) or "[^" in text:
        for u in units:
            r = mk.strip_marked(u.text)
            u.text, u.markers = r.text, r.markers
    else:
        res_m = mk.resolve_glued([u.text for u in units], sorted(notes))
        for u, t, m in zip(units, res_m.texts, res_m.markers, strict=True):
            u.text, u.markers = t, m
        warnings.extend(res_m.warnings)
    used = {m.number for u in units for m in u.markers}
    for n in sorted(notes):
        if n not in used and not any(f"footnote {n}:" in w for w in warnings):
            warnings.append(f"footnote {n} has no marker in the text")
    for u in units:
        for mark in u.markers:
            if mark.number not in notes:
                warnings.append(f"marker {mark.number} has no footnote text")
    preamble, operative = _assemble(units)
    numbers = [p.number for p in operative]
    numbering = None
    if numbers and numbers != list(range(1, len(numbers) + 1)):
        numbering = f"operative paragraphs are numbered {number_ranges(numbers)}, not 1..{len(numbers)}"
        warnings.append(numbering)
    cut = cut_short(operative)  # the audit's verdict on the operative part, beside its numbering
    if cut:
        warnings.append(cut)
        numbering = f"{numbering}; {cut}" if numbering else cut
    aside.sort(key=lambda kl: kl[1].start)
    furniture = tuple((k, ln.text.strip()) for k, ln in aside if ln.text.strip())
    footnotes = tuple(Footnote(n, t) for n, t in sorted(notes.items()))
    the_audit = audit_words(
        raw_lines,
        preamble + operative,
        footnotes,
        furniture,
        suspects=set_aside_paragraphs(aside, body_start=lines[start].start if start < len(lines) else len(text))
        + swallowed_by_notes(blocks, len(operative))
        + run_on_paragraphs(preamble, operative),
        locate=src.locate,
        numbering=numbering,
        opening=start > 0 and bool(RE_GA_LINE.match(lines[start - 1].text.replace("*", ""))),
    )
    warnings.extend(f"word audit: {w}" for w in the_audit.lost + the_audit.doubled)
    res = Resolution(
        symbol=symbol or head.symbol,
        session=head.session,
        title=head.title,
        committee=head.committee,
        agenda_item=head.agenda_item,
        report_symbol=head.report_symbol,
        adopted=head.adopted or meeting_date,
        plenary_meeting=meeting_no,
        distributed=head.distributed,
        preamble=preamble,
        operative=operative,
        footnotes=footnotes,
        inferred=(("symbol", symbol_evidence),) if symbol and symbol != head.symbol else (),
        warnings=tuple(warnings),
        path=src.path,
        format=src.family.value if src.kind == "txt" else src.kind,
        sha256=src.sha256,
        furniture=furniture,
        audit=the_audit,
    )
    return _infer(res, meeting_date or head.adopted)


def parse_text(text: str, family: Family | None = None, **kw: object) -> Resolution:
    """Parse a string (tests, stdin). The family is detected when not given."""
    from drafter.readers.text import detect_family

    fam = family or detect_family(text)
    return parse_source(Source(text=text, family=fam), **kw)  # type: ignore[arg-type]


def parse_file(path: str | Path, *, symbol: str | None = None, symbol_evidence: str = "given by the user") -> Resolution:
    from drafter.readers import read

    return parse_source(read(Path(path)), symbol=symbol, symbol_evidence=symbol_evidence)
