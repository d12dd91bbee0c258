"""Things an editor should check in a next-session draft: suggestions, never changes.

The base edition was written for its own session; some of what it says is out of date by the
target session although no rule may change it:

- ``past-event``: a dated event the base looked forward to or had just seen ("Takes note of the
  holding of the seminar ... on 15 February 2013") that is past by the target session (a date
  of the base's year counts only when its clause names an event: held, seminar, meeting ...);
- ``report-due``: a report the base requested for a session up to the target ("Requests the
  Secretary-General to submit to it at its sixty-ninth session a report ...") is due now: the
  draft usually cites it ("Taking note of the report of the Secretary-General (A/69/___)");
- ``deadline``: a date in an operative paragraph of the draft that ends a mandate or period
  ("until", "beyond", "not later than", "expire") and falls before the next session after the
  target (a preambular one recalls what was decided then).

Each :class:`Check` names the paragraph, the words, what to consider and why. They are shown
in the review table, the JSON and as Word comments on the paragraph (never tracked changes).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from drafter.citations.sessions import (
    DATE_PATTERN,
    ORDINAL_PATTERN,
    format_un_date,
    parse_ordinal,
    parse_un_date,
    year_of_session,
)


@dataclass(frozen=True)
class Check:
    id: str  # "k1", ...
    kind: str  # past-event | report-due | deadline
    where: str  # paragraph id ("pp3", "op7", "op2.a")
    text: str  # the words of the base (or draft) the check is about
    suggestion: str  # what an editor should consider
    evidence: str  # why drafter raises it


_DATE_RE = re.compile(DATE_PATTERN)
# a resolution cited with its date: its date is no event
_CITED_DATE = re.compile(r"\b[0-9]{1,4}(?:/[0-9]{1,5}|\s?\([IVXLC]+\))(?:\s[A-Z])?\s+of\s+$")
_DEADLINE_BEFORE = re.compile(
    r"\b(?:until|till|up to|beyond|expir\w*|ending|ends?|not later than|no later than|by|before)\s+(?:on\s+)?$",
    re.IGNORECASE,
)
# words that make a date an event an editor may want to update once it is past
_EVENT = re.compile(
    r"\b(?:hold|held|holding|convene[ds]?|convening|took place|to take place|will take place|organized|organization of|"
    r"seminar|workshop|conference|meeting|summit|forum|dialogue|symposium|event|celebrat\w*|commemorat\w*|launch\w*)\b",
    re.IGNORECASE,
)
_REPORT_RE = re.compile(
    r"\b(?P<verb>[Rr]equests|[Ii]nvites|[Ee]ncourages|[Cc]alls upon)\s+(?:also\s+|further\s+)?"
    r"(?P<who>the\s+[A-Z][^,;:]*?|its\s+[A-Z][^,;:]*?)\s+to\s+(?:submit|report|present|transmit|prepare|provide)\b"
    r"(?P<rest>[^;]*?)\bat\s+its\s+(?P<ord>" + ORDINAL_PATTERN + r")\s+session",
    re.IGNORECASE,
)


def _owner(who: str) -> str:
    who = " ".join(who.split())
    return "the " + who[4:] if who.lower().startswith("its ") else who


def find_checks(
    paragraphs: Iterable[tuple[str, str, str, list[tuple[int, int]]]],
    *,
    base_session: int,
    base_adopted: _dt.date | None,
    target: int,
    period: int,
) -> tuple[Check, ...]:
    """Checks over ``(id, base text, draft text, spans of the base text that drafter changes)``
    of every paragraph, in order."""
    out: list[Check] = []
    opening = _dt.date(year_of_session(target), 9, 1)  # the target session opens in September
    next_opening = _dt.date(year_of_session(target + max(1, period)), 9, 1)
    base_year_start = _dt.date(year_of_session(base_session), 1, 1)

    def add(kind: str, where: str, text: str, suggestion: str, evidence: str) -> None:
        out.append(Check(f"k{len(out) + 1}", kind, where, text, suggestion, evidence))

    for pid, base, draft, moved in paragraphs:
        # a report requested for a session up to the target is due now
        for m in _REPORT_RE.finditer(base):
            try:
                n = parse_ordinal(m["ord"])
            except ValueError:
                continue
            if not base_session < n <= target:
                continue
            who = _owner(m["who"])
            end = base.find(";", m.end())
            clause = base[m.start() : end if end >= 0 else len(base)]
            if "report" not in clause.lower():
                continue
            symbol = f"A/{n}/___" if n >= 31 else "A/____"  # before the 31st session: A/4213
            add(
                "report-due", pid, " ".join(m[0].split()),
                f"the report is due now: cite it, e.g. 'Taking note of the report of {who} ({symbol})'",
                f"the base edition requested a report from {who} for its {_ordinal(n)} session; "
                f"the draft is for session {target}",
            )
        # dated events of the base that are past by the target session
        for m in _DATE_RE.finditer(base):
            if any(s <= m.start() < e or s < m.end() <= e for s, e in moved):
                continue
            if _CITED_DATE.search(base[max(0, m.start() - 30) : m.start()]):
                continue
            try:
                d = parse_un_date(m[0])
            except ValueError:
                continue
            before = base[max(0, m.start() - 40) : m.start()]
            if _DEADLINE_BEFORE.search(before):
                continue  # a deadline, checked on the draft below
            if d < base_year_start or d >= opening:
                continue
            looked_forward = base_adopted is not None and d > base_adopted
            clause = base[max(base.rfind(";", 0, m.start()), base.rfind(":", 0, m.start()), 0) : m.start()]
            if not looked_forward and not _EVENT.search(clause[-200:]):
                continue  # a date of the base's year that names no event (an adoption, a report)
            add(
                "past-event", pid, m[0],
                "the event is past by this session: update the paragraph (e.g. 'Takes note of the holding of ...', "
                "its outcome) or drop it",
                f"dated {format_un_date(d)}"
                + (f", after the base edition was adopted ({format_un_date(base_adopted)})" if looked_forward and base_adopted else
                   f", in the year of the base edition's session {base_session}")
                + f"; session {target} opens in September {opening.year}",
            )
        # deadlines in the draft that end before the next session (decided in operative
        # paragraphs: a preambular one recalls what was decided then)
        for m in _DATE_RE.finditer(draft if pid.startswith("op") else ""):
            before = draft[max(0, m.start() - 40) : m.start()]
            if not _DEADLINE_BEFORE.search(before) or _CITED_DATE.search(draft[max(0, m.start() - 30) : m.start()]):
                continue
            try:
                d = parse_un_date(m[0])
            except ValueError:
                continue
            if d >= next_opening or d < base_year_start:
                continue  # beyond the next session, or history long before the base edition
            if d < opening:
                why = f"the date {format_un_date(d)} is already past when session {target} opens (September {opening.year})"
            else:
                why = (f"the date {format_un_date(d)} falls before the next session at which the question comes back "
                       f"(session {target + max(1, period)}, September {next_opening.year})")
            add(
                "deadline", pid, " ".join(before.split()[-1:] or [""]) + " " + m[0],
                "a deadline or mandate that ends before the question comes back: extend it, or confirm that it ends",
                why,
            )
        # a mandate "for a period of three years from 1 January 2013" ends on the day before the
        # same date three years on
        for m in _PERIOD_FROM.finditer(draft if pid.startswith("op") else ""):
            word = m["n"].lower()
            years = _YEARS.get(word) or (int(word) if word.isdigit() else 0)
            try:
                start = parse_un_date(m["date"])
            except ValueError:
                continue
            if not years:
                continue
            try:
                ends = start.replace(year=start.year + years) - _dt.timedelta(days=1)
            except ValueError:  # 29 February
                ends = start.replace(year=start.year + years, day=28)
            if ends >= next_opening or ends < base_year_start:
                continue
            add(
                "deadline", pid, " ".join(m[0].split()),
                "a mandate that ends before the question comes back: renew or extend it, or confirm that it ends",
                f"it runs to {format_un_date(ends)}; the next session at which the question comes back is session "
                f"{target + max(1, period)} (September {next_opening.year})",
            )
    return tuple(out)


_YEARS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_PERIOD_FROM = re.compile(
    r"\bfor a(?:\s+further)?\s+period\s+of\s+(?P<n>one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+years?,?\s+"
    r"(?:from|starting|beginning(?:\s+on)?|with\s+effect\s+from|as\s+from)\s+(?P<date>" + DATE_PATTERN + r")",
    re.IGNORECASE,
)


def _ordinal(n: int) -> str:
    from drafter.citations.sessions import ordinal_word

    return ordinal_word(n)


def check_dict(c: Check) -> dict[str, str]:
    return {"id": c.id, "kind": c.kind, "where": c.where, "text": c.text, "suggestion": c.suggestion, "evidence": c.evidence}


__all__ = ["Check", "check_dict", "find_checks"]
