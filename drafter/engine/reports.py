"""Slots for what a series cites of its own session's documents and of other bodies' sessions.

Split from :mod:`drafter.engine.infer` (which calls these lazily):

- the report of the base edition's own session, in the text ("Having considered the report of
  the Secretary-General (A/68/312)") or in a footnote ("A/65/226."), moves to a placeholder for
  the target's report when the history shows each edition citing the report of its own session,
  or when the base requests a new report (:func:`requests_report`);
- an Official Records reference (another body's annual report, "Supplement No. 12A
  (A/69/12/Add.1)") that moved in step with the session in the same footnote moves;
- :func:`other_body_before` tells whose session an ordinal names ("the report of the Executive
  Committee ... on the work of its sixty-fourth session": the Executive Committee's).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from drafter.citations.sessions import ORDINAL_PATTERN, parse_ordinal
from drafter.citations.symbols import RE_OLD_REPORT_SYMBOL, RE_REPORT_SYMBOL
from drafter.engine.slots import RE_MARKER, Slot, SlotContext, Span, overlaps
from drafter.model.resolution import Resolution

_BODY_BEFORE = re.compile(
    r"\b(?:the\s+)?(?P<body>(?:[A-Z][\w-]*\s+)*(?:Committee|Commission|Council|Board|Conference|Forum|Meeting|Working\s+Group|Subcommittee)\b"
    r"(?:\s+(?:of|on|for)\s+(?:the\s+)?[A-Z][\w-]*(?:\s+(?:of|on|for|and|the|[A-Z][\w-]*))*)?)"
    r"(?=[^;]*?\bits\s+$)"
)


def other_body_before(text: str, start: int) -> str | None:
    """The body whose session an ordinal at ``start`` names, when it is not the Assembly:
    "the report of the Executive Committee of the Programme of the United Nations High
    Commissioner for Refugees on the work of its sixty-fourth session" -> the Executive Committee
    ...; None when "its" is the Assembly (no other body named in the clause)."""
    clause_start = max(text.rfind(";", 0, start), text.rfind(". ", 0, start)) + 1
    clause = text[clause_start:start]
    # the later ordinals of a list: "on its eighty-second and eighty-third sessions"
    clause = re.sub(r"(?:\b(?:" + ORDINAL_PATTERN + r")\s*(?:,\s*and|,|and)\s+)+$", "", clause, flags=re.IGNORECASE)
    if not re.search(r"\bits\s+$", clause):
        return None
    last = None
    for m in _BODY_BEFORE.finditer(clause):
        last = m
    if last is None:
        return None
    body = re.sub(r"(?:\s+(?:of|on|for|and|the))+$", "", " ".join(last.group("body").split()))
    if body.startswith(("General Assembly", "Assembly")) or body in ("Main Committee",):
        return None
    # the body must be the subject "its" refers to: nothing but its own words up to "its"
    between = clause[last.end() :]
    if re.search(r"\b(?:General Assembly|the Assembly)\b", between):
        return None
    return body




def _report_shape(text: str) -> str:
    return RE_REPORT_SYMBOL.sub("A/#/#", " ".join(text.split()))




def requests_report(base: Resolution) -> bool:
    """Whether the base edition requests a report for a later session ("Requests the
    Secretary-General to submit to it at its seventieth session a report ...")."""
    from drafter.engine.checks import _REPORT_RE

    b = base.session
    if b is None:
        return False
    for p in base.operative:
        text = p.full_text()
        for m in _REPORT_RE.finditer(text):
            try:
                n = parse_ordinal(m["ord"])
            except ValueError:
                continue
            end = text.find(";", m.end())
            if n > b and "report" in text[m.start() : end if end >= 0 else None].lower():
                return True
    return False


def requested_report_notes(base: Resolution) -> set[int]:
    """Footnotes that give the symbol of a report the base edition notes or considers ("the report
    of the Secretary-General ...,[^1]"), when the base also requests a report for a later
    session: the next edition considers the new report, not this one."""
    if not requests_report(base):
        return set()
    out: set[int] = set()
    for p in base.preamble + base.operative:
        text = p.marked_text()
        for m in RE_MARKER.finditer(text):
            if re.search(r"\breport\b", text[max(0, m.start() - 160) : m.start()], re.IGNORECASE):
                out.add(int(m.group(1)))
    return out


def find_inline_reports(text: str, ctx: SlotContext, taken: list[Span]) -> list[Span]:
    """A report of the base's own session cited in the text itself ("Having considered the
    report of the Secretary-General (A/68/312)"): it moves to the report of the target's session
    (a placeholder) when the earlier editions cited the report of *their* session there, or when
    the base requests a new report."""
    b = ctx.base.session
    out: list[Span] = []
    if b is None:
        return out
    for m in RE_REPORT_SYMBOL.finditer(text):
        if int(m.group(1)) != b or overlaps(taken, m.start(), m.end()):
            continue
        if not re.search(r"\breports?\b", text[max(0, m.start() - 160) : m.start()], re.IGNORECASE):
            continue
        linked = sum(
            1 for r, ht in ctx.history
            if r.session is not None and any(int(h.group(1)) == r.session for h in RE_REPORT_SYMBOL.finditer(ht))
        )
        if linked:
            why = f"in {linked} earlier edition{'s' if linked > 1 else ''} this paragraph cited the report of that edition's own session"
        elif ctx.requested:
            why = "the base edition considers this report and requests a new one for a later session: the next edition considers the new report"
        else:
            continue
        out.append(Span(m.start(), m.end(), Slot("report", m.group(0), key="report", evidence=why, confidence=0.5)))
    return out


def find_reports(text: str, base: Resolution, earlier: Sequence[Resolution], requested: bool = False) -> list[Span]:
    """A report of the base edition's own session cited in a footnote ("A/65/226."), where the
    earlier editions cited, in the same footnote, the report of *their* session: each edition
    cites the report it requested, so the draft cites the report of its session (to confirm)."""
    b = base.session
    out: list[Span] = []
    if b is None:
        return out
    shape = _report_shape(text)
    if requested:
        hits = [m for m in RE_REPORT_SYMBOL.finditer(text) if int(m.group(1)) == b]
        if b < 31:  # before the 31st session, documents were numbered A/4213
            hits += list(RE_OLD_REPORT_SYMBOL.finditer(text))
        for m in hits:
            why = ("the base edition notes this report and requests a new one for a later session: the next "
                   "edition notes the new report")
            out.append(Span(m.start(), m.end(), Slot("report", m.group(0), key="report", evidence=why, confidence=0.5)))
        if out:
            return out
    for m in RE_REPORT_SYMBOL.finditer(text):
        if int(m.group(1)) != b:
            continue
        linked = 0
        for r in earlier:
            if r.session is None or r is base:
                continue
            for fn in r.footnotes:
                if _report_shape(fn.text) != shape:
                    continue
                if any(int(h.group(1)) == r.session for h in RE_REPORT_SYMBOL.finditer(fn.text)):
                    linked += 1
                    break
        if not linked:
            continue
        why = (
            f"in {linked} earlier edition{'s' if linked > 1 else ''} this footnote cited the report of that edition's "
            f"own session"
        )
        out.append(Span(m.start(), m.end(), Slot("report", m.group(0), offset=0, key="report", evidence=why, confidence=0.5)))
    return out


def _shape(text: str) -> str:
    """A footnote with its session ordinals and numbers blanked, to find it in other editions."""
    return re.sub(r"\d+", "#", RE_ORDINAL_WORDS.sub("#", " ".join(text.split()))).rstrip(". ")


RE_ORDINAL_WORDS = re.compile(ORDINAL_PATTERN, re.IGNORECASE)


def find_records(text: str, base: Resolution, earlier: Sequence[Resolution]) -> list[Span]:
    """An Official Records reference (a body's annual report: "Supplement No. 12A
    (A/69/12/Add.1)") that moved in step with the session in the earlier editions' same
    footnote: it moves with the series."""
    from drafter.citations.symbols import OfficialRecords, find_citations

    b = base.session
    out: list[Span] = []
    if b is None:
        return out
    shape = _shape(text)
    for f in find_citations(text):
        if f.kind != "records" or not isinstance(f.value, OfficialRecords) or f.value.session is None:
            continue
        offset = f.value.session - b
        linked = other = 0
        for r in earlier:
            if r.session is None or r is base:
                continue
            for fn in r.footnotes:
                if _shape(fn.text) != shape:
                    continue
                got = [g.value.session for g in find_citations(fn.text)
                       if g.kind == "records" and isinstance(g.value, OfficialRecords) and g.value.session]
                if got and got[0] - r.session == offset:
                    linked += 1
                elif got:
                    other += 1
                break
        if linked and not other:
            why = f"moved with the session in {linked} earlier edition{'s' if linked > 1 else ''} (the same footnote)"
            out.append(Span(f.start, f.end, Slot("records", f.text, offset=offset, key="records", evidence=why, confidence=0.9)))
    return out


__all__ = [
    "find_inline_reports",
    "find_records",
    "find_reports",
    "other_body_before",
    "requested_report_notes",
    "requests_report",
]
