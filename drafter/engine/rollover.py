"""Roll a series' template forward to a target session: the :class:`~drafter.model.draft.Draft`.

Only slots change. Each change is recorded with its rule and evidence; each fact no corpus
holds (the L-document symbol, date, agenda item, sponsors, another body's latest act, a previous
edition missing from the corpus) becomes a highlighted :class:`Placeholder` that says what is
known and what the editor must confirm. ``--set KEY=VALUE`` facts fill placeholders.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from drafter.citations.recall import KnownEdition
from drafter.citations.sessions import (
    MONTHS,
    format_un_date,
    ordinal_word,
    parse_ordinal,
    parse_un_date,
    to_roman,
    year_of_session,
)
from drafter.engine.checks import find_checks
from drafter.engine.infer import Template, TemplateParagraph
from drafter.engine.slots import Slot
from drafter.errors import DrafterError
from drafter.model.draft import (
    Change,
    Draft,
    DraftFootnote,
    DraftParagraph,
    Masthead,
    Piece,
    Placeholder,
    explain_confidence,
)
from drafter.model.resolution import Resolution

COMMITTEES = {
    "First Committee": "C.1",
    "Second Committee": "C.2",
    "Third Committee": "C.3",
    "Fourth Committee": "C.4",
    "Special Political and Decolonization Committee": "C.4",
    "Fifth Committee": "C.5",
    "Sixth Committee": "C.6",
}

FACT_KEYS = {
    "symbol": "the L-document symbol, e.g. A/C.3/69/L.32",
    "date": "the date of the L-document, e.g. 16 October 2014",
    "agenda_item": 'the agenda item, e.g. "68 (b)"',
    "agenda_title": "the title of the agenda item",
    "sponsors": 'the sponsor line, e.g. "Cuba" or "Cuba and Egypt"',
    "on_behalf_of": 'the group a sponsor speaks for, e.g. "the Movement of Non-Aligned Countries"',
    "previous": 'the previous edition, e.g. "64/171 of 18 December 2009"',
    "hrc": 'the latest Human Rights Council resolution, e.g. "25/3 of 27 March 2014"',
    "chr": "the latest Commission on Human Rights resolution",
    "hrc_report": "the Official Records reference of the Council's report, as printed",
}
ALIASES = {"sponsor": "sponsors", "agenda": "agenda_item", "l_symbol": "symbol"}
RE_CITED = re.compile(r"^\s*(\d{1,4}/\d{1,4})\s+of\s+(\d{1,2} \w+ \d{4})\s*$")


_COMMITTEE_NAMES = (
    ("First", "C.1"), ("Second", "C.2"), ("Third", "C.3"), ("Fourth", "C.4"),
    ("Special Political and Decolonization", "C.4"), ("Fifth", "C.5"), ("Sixth", "C.6"),
)


def committee_of(base: Resolution) -> tuple[str, str | None, str]:
    """(committee line, symbol component, evidence) of the next draft, from the base edition:
    ``("Second Committee", "C.2", ...)``; ``("", "", ...)`` for a plenary item (adopted
    "without reference to a Main Committee": no committee line, symbol ``A/NN/L.x``);
    ``("", None, ...)`` when nothing says (never a default)."""
    from drafter.parse.parser import PLENARY

    name = (base.committee or "").strip()
    report = f" ({base.report_symbol})" if base.report_symbol else ""
    if name == PLENARY:
        return "", "", f"the base edition {base.symbol or ''} was adopted without reference to a Main Committee{report}"
    if name:
        for word, code in _COMMITTEE_NAMES:
            if re.search(rf"\b{word}\b", name, re.IGNORECASE):
                return name, code, f"the base edition {base.symbol or ''} came from the {name}{report}"
    return "", None, "nothing in the base edition names its committee"


_FURNITURE = re.compile(
    r"^(?:United Nations|General Assembly|Distr\.|Original:|Page \d+|\d+(?:/\d+)?|[A-Z]{1,4}/\S+|"
    r"(?:\d{1,2} )?(?:January|February|March|April|May|June|July|August|September|October|November|December)\b.*\d{4}|"
    r"[\w-]+ session|Agenda item.*|Resolution adopted by.*|\d+-\d+.*|\W*)$",
    re.IGNORECASE,
)


def plausible_title(title: str | None) -> bool:
    """Whether ``title`` reads as a resolution's title rather than a line of page furniture
    (the organ, a symbol, a date, a page number, the session, the agenda item)."""
    t = (title or "").strip()
    return bool(t) and not _FURNITURE.match(t) and any(c.isalpha() for c in t)


def normalise_facts(pairs: Mapping[str, str]) -> dict[str, str]:
    facts: dict[str, str] = {}
    for k, v in pairs.items():
        key = ALIASES.get(k.strip().lower(), k.strip().lower())
        if key not in FACT_KEYS:
            known = ", ".join(sorted(FACT_KEYS))
            raise DrafterError(f"--set {k}: unknown fact", hint=f"use one of {known}")
        value = v.strip()
        if not value:
            raise DrafterError(f"--set {k}: the value is empty", hint=f"give {FACT_KEYS[key]}")
        if key == "date":
            try:
                value = format_un_date(parse_un_date(value))
            except ValueError:
                raise DrafterError(f"--set date={v}: not a date", hint='write it as "16 October 2014"') from None
        if key in ("previous", "hrc", "chr") and not RE_CITED.match(value):
            raise DrafterError(f"--set {k}={v}: not a citation", hint=f"write it as {FACT_KEYS[key].split('e.g. ')[-1]}")
        facts[key] = value
    return facts


def _capitalised_like(old: str, new: str) -> str:
    return new[:1].upper() + new[1:] if old[:1].isupper() else new


def _cite_number(session: int, number: str = "___") -> str:
    return f"{session}/{number}" if session >= 31 else f"{number} ({to_roman(session)})"


def official_records(year: int, september: bool = False) -> str:
    """The Official Records reference of the Human Rights Council's report for ``year``."""
    n = year - 1945
    sess = ordinal_word(n, capital=True)
    if september:
        return f"Official Records of the General Assembly, {sess} Session, Supplement No. 53A (A/{n}/53/Add.1), chap. [__], sect. [__]"
    return f"Official Records of the General Assembly, {sess} Session, Supplement No. 53 (A/{n}/53), chap. [__], sect. [__]"


@dataclass(frozen=True)
class Act:
    """Another body's resolution found in the corpus: evidence for an external citation."""

    key: str  # "hrc"
    symbol: str  # "A/HRC/RES/25/3"
    number: str  # "25/3"
    adopted: _dt.date
    title: str
    path: str

    def cite(self) -> str:
        return f"{self.number} of {format_un_date(self.adopted)}"


@dataclass
class _State:
    template: Template
    target: int
    facts: dict[str, str]
    acts: tuple[Act, ...] = ()
    changes: list[Change] = field(default_factory=list)
    placeholders: list[Placeholder] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    missing_warned: bool = False
    suggested: dict[str, tuple[int, int]] = field(default_factory=dict)  # body key -> (year, month) suggested

    def placeholder(self, key: str, where: str, text: str, known: str, confirm: str, filled: bool = False) -> str:
        pid = f"p{len(self.placeholders) + 1}"
        self.placeholders.append(Placeholder(pid, key, where, text, known, confirm, filled))
        return pid

    def change(self, where: str, old: str, new: str, rule: str, evidence: str, confidence: float, placeholder: str | None = None) -> str:
        cid = f"c{len(self.changes) + 1}"
        words = explain_confidence(confidence, evidence, len(self.template.editions))
        self.changes.append(Change(cid, where, old, new, rule, evidence, confidence, placeholder, words))
        return cid


def _slot(st: _State, slot: Slot, where: str) -> tuple[Piece, ...]:
    if slot.kind == "recall":
        return _recall(st, slot, where)
    if slot.kind == "body_session":
        return (_body_session(st, slot, where),)
    if slot.kind == "records":
        return (_records(st, slot, where),)
    if slot.kind == "report":
        new = f"A/{st.target}/___" if st.target >= 31 else "A/____"
        known = (f"{slot.evidence}; the base edition cites {slot.old}, the report of its session; the draft for "
                 f"session {st.target} cites the report of session {st.target}, whose symbol is not yet known")
        pid = st.placeholder("report", where, new, known, f"the symbol of the report before the Assembly at session {st.target}")
        return (Piece(old=slot.old, new=new, change=st.change(where, slot.old, new, "session-linked", known, slot.confidence, pid), placeholder=pid),)
    return (_one_slot(st, slot, where),)


def _one_slot(st: _State, slot: Slot, where: str) -> Piece:
    t = st.template
    b = t.base.session or 0
    target = st.target
    delta = target - b
    if slot.kind == "session":
        new_n = target + slot.offset
        new = _capitalised_like(slot.old, ordinal_word(new_n))
        ev = f"{slot.evidence}; the base edition (session {b}) said {slot.old}, the draft is for session {target}"
        return Piece(old=slot.old, new=new, change=st.change(where, slot.old, new, "session-linked", ev, slot.confidence))
    if slot.kind == "year":
        new = str(int(slot.old) + delta)
        ev = f"{slot.evidence}; moved on {delta} year{'s' if delta != 1 else ''} with the session"
        return Piece(old=slot.old, new=new, change=st.change(where, slot.old, new, "session-linked", ev, slot.confidence))
    if slot.kind == "previous":
        return _previous(st, slot, where)
    if slot.kind == "template":
        return Piece(old=slot.old, new=slot.new, change=st.change(where, slot.old, slot.new, "template", slot.evidence, 1.0))
    return _external(st, slot, where)


def _nth(n: int) -> str:
    """``62nd``, ``70th``, ``111th``, as plenary meetings are numbered."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _sessions_phrase(sessions: list[int]) -> str:
    """``69-75`` for a run of consecutive sessions, else ``38, 43 and 48``."""
    if len(sessions) == 1:
        return str(sessions[0])
    if sessions == list(range(sessions[0], sessions[-1] + 1)):
        return f"{sessions[0]}-{sessions[-1]}"
    return ", ".join(map(str, sessions[:-1])) + f" and {sessions[-1]}"


def _recalled_session(st: _State) -> int:
    """The session of the edition the target's text recalls: target - period, or the base
    edition when nothing can stand between it and the target."""
    b = st.template.base.session or 0
    return max(b, st.target - st.template.period)


def _known(st: _State, session: int) -> KnownEdition | None:
    for k in st.template.known:
        if k.session == session:
            return k
    return None


def _missing_between(st: _State, upto: int) -> list[int]:
    """Sessions on the series' period after the base up to ``upto`` whose edition the corpus lacks."""
    b = st.template.base.session or 0
    p = max(1, st.template.period)
    in_corpus = {k.session for k in st.template.known if k.in_corpus}
    return [s for s in range(b + p, upto + 1, p) if s not in in_corpus]


def _warn_missing(st: _State) -> None:
    if st.missing_warned:
        return
    st.missing_warned = True
    missing = _missing_between(st, st.target - 1)
    if missing:
        st.warnings.append(
            f"the corpus lacks the edition{'s' if len(missing) > 1 else ''} of session{'s' if len(missing) > 1 else ''} "
            f"{_sessions_phrase(missing)} "
            f"(period {st.template.period}; {st.template.period_evidence or 'assumed'}): "
            f"add {'them' if len(missing) > 1 else 'it'} with 'drafter add' or confirm the placeholders"
        )


def _spacing_only(st: _State) -> bool:
    """The period was read from the spacing of the files alone, and an edition could stand
    between the base and the target."""
    b = st.template.base.session or 0
    return st.template.period_source != "text" and st.target - b > 1


def _cite(st: _State, session: int, dated: bool) -> tuple[str, str, float, bool]:
    """(text, evidence, confidence, placeholder?) of the series' edition of ``session``."""
    t = st.template
    base = t.base
    if session == base.session and base.number:
        if not dated:
            return base.number, f"the base edition {base.symbol} (session {session})", 1.0, False
        if base.adopted:
            meeting = f", {_nth(base.plenary_meeting)} plenary meeting" if base.plenary_meeting else ""
            return (f"{base.number} of {format_un_date(base.adopted)}",
                    f"previous edition in the corpus: {base.symbol}, adopted {format_un_date(base.adopted)}{meeting}", 1.0, False)
        return (f"{base.number} of [date]",
                f"the base edition {base.symbol} is in the corpus, but its text prints no date of adoption", 0.5, True)
    k = _known(st, session)
    if k is not None:
        text = k.cite(dated)
        return text, f"the edition of session {session}: {k.source}", (0.9 if k.date or not dated else 0.5), (dated and k.date is None)
    num = _cite_number(session)
    text = f"{num} of __ December {year_of_session(session)}" if dated else num
    return text, f"the corpus has no edition of session {session} (adopted in {year_of_session(session)})", 0.3, True


def _previous(st: _State, slot: Slot, where: str) -> Piece:
    t = st.template
    base = t.base
    b = base.session or 0
    if "previous" in st.facts:
        new = st.facts["previous"]
        pid = st.placeholder("previous", where, new, f"the base edition recalls {slot.old}", "given with --set previous", filled=True)
        return Piece(old=slot.old, new=new, change=st.change(where, slot.old, new, "previous-edition", f"given with --set previous={new}", 1.0, pid))
    r = _recalled_session(st)
    dated = " of " in slot.old
    new, ev, conf, hole = _cite(st, r, dated)
    if r == b and not hole and _spacing_only(st):
        # the period comes from the spacing of the files alone: an edition may stand between
        known = (
            f"{ev}; but the period ({t.period} sessions) was read only from the spacing of the editions in the corpus "
            f"({t.period_evidence}): if the question came back sooner, the edition of session {st.target - 1} is recalled instead"
        )
        pid = st.placeholder("previous", where, new, known, "that no edition was adopted between the base edition and this session")
        return Piece(old=slot.old, new=new, change=st.change(where, slot.old, new, "previous-edition", known, 0.4, pid), placeholder=pid)
    if r == b and slot.doubt and not hole:
        # recorded by infer: the citation may not be what the next text recalls
        known = f"{ev} ({slot.evidence}); but {slot.doubt}"
        pid = st.placeholder("previous", where, new, known, f"that the draft recalls {new} here, and whether {slot.old} stays")
        return Piece(old=slot.old, new=new, change=st.change(where, slot.old, new, "previous-edition", known, 0.5, pid), placeholder=pid)
    if r == b:
        ev = f"{ev} ({slot.evidence})"
        if hole:
            pid = st.placeholder("previous", where, new, ev, "the date of adoption of the base edition (its text does not print it)")
            return Piece(old=slot.old, new=new, change=st.change(where, slot.old, new, "previous-edition", ev, conf, pid), placeholder=pid)
        return Piece(old=slot.old, new=new, change=st.change(where, slot.old, new, "previous-edition", ev, slot.confidence))
    # the recalled edition is of a session after the base: the corpus lacks it
    _warn_missing(st)
    known = (
        f"the draft for session {st.target} recalls the edition of session {r} (session {st.target} minus the period of "
        f"{t.period}: {t.period_evidence or 'assumed'}); {ev}"
    )
    if not hole:
        pid = st.placeholder("previous", where, new, known, "that this is the latest edition before this session", filled=False)
        return Piece(old=slot.old, new=new, change=st.change(where, slot.old, new, "previous-edition", known, conf, pid), placeholder=pid)
    pid = st.placeholder("previous", where, new, known, 'the symbol and date of the latest edition before this session; add it with "drafter add" or give --set previous="N/NNN of D Month YYYY"')
    return Piece(old=slot.old, new=new, change=st.change(where, slot.old, new, "previous-edition", known, conf, pid), placeholder=pid)


def _recall(st: _State, slot: Slot, where: str) -> tuple[Piece, ...]:
    """A growing list of the series' editions: append, keep every older item byte for byte."""
    t = st.template
    b = t.base.session or 0
    p = max(1, t.period)
    r = _recalled_session(st)
    sessions = list(range(b, r + 1, p)) if slot.complete else [r]
    cites = [_cite(st, s, slot.dated) for s in sessions]
    if r > b:
        _warn_missing(st)
    added = "".join(st_comma + c[0] for st_comma, c in zip([slot.comma] * (len(cites) - 1), cites[:-1], strict=True))
    added += slot.conj + cites[-1][0]
    why_list = (
        f"{slot.evidence}; the list names every edition, so each edition after the base up to session {r} is appended"
        if slot.complete and len(sessions) > 1
        else slot.evidence
    )
    ev = f"{why_list}; appended: " + "; ".join(f"{c[0]} ({c[1]})" for c in cites)
    conf = min([slot.confidence] + [c[2] for c in cites])
    hole = any(c[3] for c in cites)
    if slot.dated is False and _spacing_only(st) and r == b:
        hole = True
    unsure = slot.confidence < 0.9  # no earlier edition shows how this list moves
    pid: str | None = None
    if hole or unsure or (r == b and _spacing_only(st)):
        confirm = "the editions appended to the list (symbols and dates of adoption)"
        if unsure:
            confirm = ("whether the list grows (every edition recalled) or recalls only the latest editions; "
                       + confirm)
        if r == b and _spacing_only(st):
            ev += (f"; the period ({t.period}) was read only from the spacing of the editions in the corpus "
                   f"({t.period_evidence}): an edition may stand between the base and this session")
            conf = min(conf, 0.4)
        pid = st.placeholder("previous", where, added, ev, confirm)
    pieces: list[Piece] = []
    lead = ""  # the items kept before the last separator
    if slot.drop:
        # a sliding list ("A and B" -> "B and C"): the oldest item and its separator go
        pieces.append(Piece(old=slot.drop, new="", change=st.change(
            where, slot.drop, "", "recall-list", f"the oldest edition leaves the list ({slot.evidence})", slot.confidence, pid),
            placeholder=pid))
        body = slot.old[len(slot.drop):]
        k = body.rfind(slot.sep)
        if k < 0:  # two items: the one kept, then the new one
            item, sep = body, ""
        else:
            lead, sep, item = body[:k], slot.sep, body[k + len(slot.sep):]
    else:
        sep, item = slot.sep, slot.old[len(slot.sep):]
    if lead:
        pieces.append(Piece(same=lead))
    if sep and sep != slot.comma:
        pieces.append(Piece(old=sep, new=slot.comma, change=st.change(
            where, sep, slot.comma, "recall-list", f"the conjunction moves to the item appended ({slot.evidence})",
            min(slot.confidence, conf), pid), placeholder=pid))
    elif sep:
        pieces.append(Piece(same=sep))
    pieces.append(Piece(same=item))
    pieces.append(Piece(old="", new=added, change=st.change(where, "", added, "recall-list", ev, conf, pid), placeholder=pid))
    return tuple(pieces)


def _records(st: _State, slot: Slot, where: str) -> Piece:
    """An Official Records reference moved with the session: the session in words and the
    session in the symbol (``Sixty-ninth Session ... (A/69/12/Add.1)`` -> ``Seventieth Session
    ... (A/70/12/Add.1)``); chapter and section, if any, are left for an editor."""
    from drafter.citations.sessions import session_phrase

    b = st.template.base.session or 0
    old_s = b + slot.offset
    new_s = st.target + slot.offset
    new = re.sub(re.escape(session_phrase(old_s, "records")), session_phrase(new_s, "records"), slot.old, flags=re.IGNORECASE)
    new = re.sub(rf"(?<=A/){old_s}(?=/)", str(new_s), new)
    ev = f"{slot.evidence}; session {old_s} -> {new_s}"
    if re.search(r"chap\.|sect\.", slot.old):
        pid = st.placeholder("records", where, new, ev, "the chapter and section of the report")
        return Piece(old=slot.old, new=new, change=st.change(where, slot.old, new, "session-linked", ev, 0.7, pid), placeholder=pid)
    return Piece(old=slot.old, new=new, change=st.change(where, slot.old, new, "session-linked", ev, slot.confidence))


def _body_session(st: _State, slot: Slot, where: str) -> Piece:
    """Another body's session cited in one edition only: suggest the next one, to confirm."""
    per_year = slot.offset or 1
    delta = st.target - (st.template.base.session or 0)
    try:
        n = parse_ordinal(slot.old)
    except ValueError:
        return Piece(same=slot.old)
    new = _capitalised_like(slot.old, ordinal_word(n + per_year * delta))
    if slot.complete:  # history shows it moving at that rate: a change, like any session-linked one
        ev = f"{slot.evidence}; {slot.old} -> {new} ({delta} year{'s' if delta != 1 else ''} on)"
        return Piece(old=slot.old, new=new, change=st.change(where, slot.old, new, "session-linked", ev, slot.confidence))
    known = (
        f"{slot.evidence}; if it meets {'once' if per_year == 1 else f'{per_year} times'} a year, the session "
        f"{delta} year{'s' if delta != 1 else ''} later is its {new} session"
    )
    pid = st.placeholder(f"{slot.key or 'body'}_session", where, new, known, f"the latest session of {slot.body or 'that body'} whose report is before the Assembly")
    return Piece(old=slot.old, new=new, change=st.change(where, slot.old, new, "external", known, 0.5, pid), placeholder=pid)


def _external(st: _State, slot: Slot, where: str) -> Piece:
    target_year = year_of_session(st.target)
    key = slot.key
    owner = key[: -len("_report")] if key.endswith("_report") else key
    if key.endswith("_report"):
        if key in st.facts:
            new = st.facts[key]
        elif owner in st.facts:
            m = RE_CITED.match(st.facts[owner])
            assert m is not None
            d = parse_un_date(m.group(2))
            new = official_records(d.year, september=d.month >= 9)
        elif owner in st.suggested and owner == "hrc":
            year, month = st.suggested[owner]
            new = official_records(year, september=month >= 9)
            known = (
                f"cited: {slot.old}; the {slot.body} resolution suggested in the text is of {MONTHS[month - 1]} {year}, "
                f"so its report is the Council's report for {year}"
            )
            pid = st.placeholder(key, where, new, known, "which report holds the Council resolution finally cited, with its chapter and section")
            return Piece(old=slot.old, new=new, change=st.change(where, slot.old, new, "external", known, 0.4, pid), placeholder=pid)
        else:
            known = (
                f"cited: {slot.old}; the Council's report for {target_year} is Supplement No. 53 "
                f"(A/{st.target}/53) (its September session: Supplement No. 53A, A/{st.target}/53/Add.1)"
            )
            pid = st.placeholder(key, where, slot.old, known, f"which report holds the {slot.body} resolution cited, with its chapter and section")
            return Piece(same=slot.old, placeholder=pid)
        pid = st.placeholder(key, where, new, f"derived from --set {owner}" if key not in st.facts else "given with --set", "the chapter and section of the report", filled=key in st.facts)
        return Piece(old=slot.old, new=new, change=st.change(where, slot.old, new, "external", f"the report that holds the {slot.body} resolution given with --set {owner}", 0.7, pid))
    if key in st.facts:
        new = st.facts[key]
        pid = st.placeholder(key, where, new, f"the base edition cites {slot.body} resolution {slot.old}", "given with --set", filled=True)
        return Piece(old=slot.old, new=new, change=st.change(where, slot.old, new, "external", f"given with --set {key}={new}", 0.9, pid))
    m = RE_CITED.match(slot.old)
    cited = parse_un_date(m.group(2)) if m else None
    act = _latest_act(st, key, cited)
    if act is not None:
        new = act.cite()
        st.facts.setdefault(key, new)  # its report footnote follows from it
        ev = f"{act.symbol} in the corpus ({act.path}), adopted {format_un_date(act.adopted)}, is the latest {slot.body} resolution of this series"
        pid = st.placeholder(key, where, new, ev, "that no later resolution was adopted before the draft is submitted", filled=True)
        return Piece(old=slot.old, new=new, change=st.change(where, slot.old, new, "external", ev, 0.9, pid))
    cited_year = cited.year if cited else target_year - 1
    n = 3 * (target_year - 2007) + 4 + slot.offset  # the Council session in step with the target
    year = 2007 + (n - 4) // 3
    month = (3, 6, 9)[(n - 4) % 3]
    if key == "hrc" and slot.complete and cited is not None and n >= 4:
        # history shows the citation moving in step: the Council's resolution of the same
        # session for the target, numbered in the Council's own sessions, to confirm
        new = f"{n}/__ of __ {MONTHS[month - 1]} {year}"
        st.suggested[key] = (year, month)
        known = (
            f"cited: {slot.body} resolution {slot.old} ({slot.evidence}); the Council's {MONTHS[month - 1]} session of "
            f"{year} is its {ordinal_word(n)} session (the Council numbers its own sessions, three a year): "
            f"the resolution of that session on the subject is suggested"
        )
        pid = st.placeholder(key, where, new, known, f'the latest {slot.body} resolution on the subject, its number and date; give --set {key}="NN/NN of D Month YYYY"')
        return Piece(old=slot.old, new=new, change=st.change(where, slot.old, new, "external", known, 0.3, pid), placeholder=pid)
    known = (
        f"cited: {slot.body} resolution {slot.old} ({slot.evidence}); a later {slot.body} resolution would be "
        f"from its sessions of {cited_year + 1}-{target_year}; its report for {target_year} is Supplement No. 53 (A/{st.target}/53)"
    )
    pid = st.placeholder(key, where, slot.old, known, f'the latest {slot.body} resolution on the subject; give --set {key}="NN/NN of D Month YYYY"')
    return Piece(same=slot.old, placeholder=pid)


def _latest_act(st: _State, key: str, cited: _dt.date | None) -> Act | None:
    """The latest act of the body in the corpus adopted after the cited one and before the end of
    the target session's year."""
    limit = _dt.date(year_of_session(st.target), 12, 31)
    acts = [a for a in st.acts if a.key == key and (cited is None or a.adopted > cited) and a.adopted <= limit]
    return max(acts, key=lambda a: a.adopted, default=None)


def _pieces(st: _State, tp: TemplateParagraph) -> tuple[Piece, ...]:
    out: list[Piece] = []
    for seg in tp.segments:
        new_pieces = (Piece(same=seg),) if isinstance(seg, str) else _slot(st, seg, tp.id)
        for piece in new_pieces:
            if out and not piece.is_change and not piece.placeholder and not out[-1].is_change and not out[-1].placeholder:
                out[-1] = Piece(same=out[-1].same + piece.same)
            else:
                out.append(piece)
    return tuple(out)


def _paragraph(st: _State, tp: TemplateParagraph) -> DraftParagraph:
    pieces = _pieces(st, tp)
    subs = tuple(_paragraph(st, s) for s in tp.subparagraphs)
    return DraftParagraph(
        id=tp.id, kind=tp.kind, pieces=pieces, number=tp.number, label=tp.label, opening=tp.opening, subparagraphs=subs, lineage=tp.lineage
    )


def _masthead(st: _State, agenda_history: list[tuple[int, str]]) -> Masthead:
    t = st.template
    target = st.target
    f = st.facts
    committee, code, source = committee_of(t.base)
    sess = f"{target}/" if target >= 31 else ""  # before the 31st session draft symbols had no session: A/C.2/L.123
    if "symbol" in f:
        symbol = f["symbol"]
        st.placeholder("symbol", "masthead.symbol", symbol, "given with --set symbol", "", filled=True)
    elif code is None:
        symbol = f"A/[C._/]{sess}L.__"
        committee = "[Main Committee, or none for a plenary draft]"
        st.placeholder(
            "symbol", "masthead.symbol", symbol,
            f"the base edition {t.base.symbol or ''} does not say where it came from (no committee on its masthead, "
            "no 'on the report of the ... Committee' line)",
            "the L-document symbol: A/C.n/NN/L.x for a Main Committee draft, A/NN/L.x for a plenary draft",
        )
        st.placeholder("committee", "masthead.committee", committee, "nothing in the base edition names the committee", "the Main Committee the draft goes to (none for a plenary draft)")
    elif code == "":
        symbol = f"A/{sess}L.__"
        st.placeholder("symbol", "masthead.symbol", symbol, f"a plenary draft of session {target} ({source})", "the L-document number, given by the Secretariat when the draft is submitted")
    else:
        symbol = f"A/{code}/{sess}L.__"
        st.placeholder("symbol", "masthead.symbol", symbol, f"a {committee} draft of session {target}", "the L-document number, given by the Secretariat when the draft is submitted")
    if "date" in f:
        date = f["date"]
    else:
        date = "[date]"
        st.placeholder("date", "masthead.date", date, f"session {target} opens in September {year_of_session(target)}", "the date of issue of the L-document")
    if "agenda_item" in f:
        agenda = f"Agenda item {f['agenda_item']}"
    else:
        agenda = "Agenda item [__ (_)]"
        hist = "; ".join(f"{item} at session {s}" for s, item in agenda_history) or "no earlier agenda item is known"
        st.placeholder("agenda_item", "masthead.agenda_item", agenda, f"earlier editions: {hist}; the number changes from session to session", "the agenda item of this session (never copied forward)")
    if "agenda_title" in f:
        agenda_title = f["agenda_title"]
    else:
        agenda_title = "[title of the agenda item]"
        st.placeholder("agenda_title", "masthead.agenda_title", agenda_title, "not printed in the adopted editions", "the agenda item's title (main item, colon, sub-item in lower case)")
    star = ":*" if "on_behalf_of" in f else ":"
    if "sponsors" in f:
        sponsors = f"{f['sponsors']}{star} draft resolution"
    else:
        sponsors = f"[sponsors]{star} draft resolution"
        st.placeholder("sponsors", "masthead.sponsors", sponsors, "no corpus holds the sponsors of a draft", "the main sponsors (several: 'A, B and C: draft resolution')")
    note = f"* On behalf of {f['on_behalf_of']}." if "on_behalf_of" in f else ""
    title = t.title if plausible_title(t.title) else ""
    if not title:
        title = "[title of the resolution]"
        st.placeholder(
            "title", "masthead.title", title,
            "no edition of the series prints a title" + (f" (the line read as one, {t.title!r}, is page furniture)" if t.title else ""),
            "the title of the resolution, as in the previous editions",
        )
    return Masthead(
        symbol=symbol,
        distribution="Limited",
        date=date,
        original="English",
        session=f"{ordinal_word(target, capital=True)} session",
        committee=committee,
        agenda_item=agenda,
        agenda_title=agenda_title,
        sponsors=sponsors,
        sponsor_note=note,
        title=title,
    )


def _check_inputs(
    tps: tuple[TemplateParagraph, ...], dps: tuple[DraftParagraph, ...]
) -> list[tuple[str, str, str, list[tuple[int, int]]]]:
    """(id, base text, draft text, spans of the base text that slots change) of every paragraph
    and sub-paragraph, for :func:`drafter.engine.checks.find_checks`."""
    out: list[tuple[str, str, str, list[tuple[int, int]]]] = []
    for tp, dp in zip(tps, dps, strict=False):
        spans = []
        pos = 0
        for seg in tp.segments:
            n = len(seg) if isinstance(seg, str) else len(seg.old)
            if not isinstance(seg, str):
                spans.append((pos, pos + n))
            pos += n
        out.append((tp.id, tp.base_text(), dp.text(), spans))
        out += _check_inputs(tp.subparagraphs, dp.subparagraphs)
    return out


def roll_over(
    template: Template,
    target: int,
    *,
    facts: Mapping[str, str] | None = None,
    agenda_history: list[tuple[int, str]] | None = None,
    warnings: list[str] | None = None,
    acts: tuple[Act, ...] = (),
) -> Draft:
    base = template.base
    if base.session is None:
        raise DrafterError("the base edition's session is unknown", hint="add the edition with --symbol")
    if target <= base.session:
        raise DrafterError(f"session {target} is not after the base edition's session {base.session}", hint="choose a later --session")
    st = _State(template, target, normalise_facts(facts or {}), acts=acts, warnings=list(template.warnings) + list(warnings or []))
    masthead = _masthead(st, agenda_history or [])
    pre = tuple(_paragraph(st, p) for p in template.preamble)
    ops = tuple(_paragraph(st, p) for p in template.operative)
    notes = tuple(DraftFootnote(int(f.number or 0), _pieces(st, f)) for f in template.footnotes)
    if target - base.session > template.period:
        _warn_missing(st)
    checks = find_checks(
        _check_inputs(template.preamble + template.operative, pre + ops),
        base_session=base.session, base_adopted=base.adopted, target=target, period=template.period,
    )
    return Draft(
        series=template.series,
        series_title=template.title,
        target_session=target,
        base_symbol=base.symbol,
        base_adopted=format_un_date(base.adopted) if base.adopted else None,
        masthead=masthead,
        preamble=pre,
        operative=ops,
        footnotes=notes,
        changes=tuple(st.changes),
        placeholders=tuple(st.placeholders),
        warnings=tuple(st.warnings),
        facts=tuple(sorted(st.facts.items())),
        checks=checks,
    )
