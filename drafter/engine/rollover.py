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

from drafter.citations.sessions import (
    format_un_date,
    ordinal_word,
    parse_un_date,
    to_roman,
    year_of_session,
)
from drafter.engine.infer import Slot, Template, TemplateParagraph
from drafter.errors import DrafterError
from drafter.model.draft import (
    Change,
    Draft,
    DraftFootnote,
    DraftParagraph,
    Masthead,
    Piece,
    Placeholder,
)

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

    def placeholder(self, key: str, where: str, text: str, known: str, confirm: str, filled: bool = False) -> str:
        pid = f"p{len(self.placeholders) + 1}"
        self.placeholders.append(Placeholder(pid, key, where, text, known, confirm, filled))
        return pid

    def change(self, where: str, old: str, new: str, rule: str, evidence: str, confidence: float, placeholder: str | None = None) -> str:
        cid = f"c{len(self.changes) + 1}"
        self.changes.append(Change(cid, where, old, new, rule, evidence, confidence, placeholder))
        return cid


def _base_cite(t: Template) -> str:
    b = t.base
    return f"{b.number} of {format_un_date(b.adopted)}" if b.number and b.adopted else ""


def _slot(st: _State, slot: Slot, where: str) -> Piece:
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


def _previous(st: _State, slot: Slot, where: str) -> Piece:
    t = st.template
    base = t.base
    b = base.session or 0
    if "previous" in st.facts:
        new = st.facts["previous"]
        pid = st.placeholder("previous", where, new, f"the base edition recalls {slot.old}", "given with --set previous", filled=True)
        return Piece(old=slot.old, new=new, change=st.change(where, slot.old, new, "previous-edition", f"given with --set previous={new}", 1.0, pid))
    expected = b + t.period
    if expected >= st.target and _base_cite(t):
        new = _base_cite(t)
        meeting = f", {base.plenary_meeting}th plenary meeting" if base.plenary_meeting else ""
        ev = f"previous edition in the corpus: {base.symbol}, adopted {format_un_date(base.adopted)}{meeting} ({slot.evidence})" if base.adopted else slot.evidence
        return Piece(old=slot.old, new=new, change=st.change(where, slot.old, new, "previous-edition", ev, slot.confidence))
    # the corpus lacks the edition that came after the base: say so, invent nothing
    miss = expected if expected < st.target else b
    new = f"{_cite_number(miss)} of __ December {year_of_session(miss)}"
    known = (
        f"the base edition {base.symbol or ''} (session {b}) decided to take the question up again at session "
        f"{expected}; the corpus has no edition of session {miss}, adopted in {year_of_session(miss)}"
        + (f" (nor of any session from {miss} to {st.target - 1})" if st.target - 1 > miss else "")
    )
    st.warnings.append(f"the corpus lacks the edition of session {miss}: the previous edition is a placeholder ({new})")
    pid = st.placeholder("previous", where, new, known, 'the symbol and date of the latest edition before this session; add it with "drafter add" or give --set previous="N/NNN of D Month YYYY"')
    return Piece(old=slot.old, new=new, change=st.change(where, slot.old, new, "previous-edition", known, 0.3, pid))


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
        piece = Piece(same=seg) if isinstance(seg, str) else _slot(st, seg, tp.id)
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
    committee = t.base.committee or "Third Committee"
    code = COMMITTEES.get(committee)
    if "symbol" in f:
        symbol = f["symbol"]
        st.placeholder("symbol", "masthead.symbol", symbol, "given with --set symbol", "", filled=True)
    else:
        symbol = f"A/{code}/{target}/L.__" if code else f"A/{target}/L.__"
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
        title=t.title,
    )


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
        st.warnings.append(
            f"the base edition is from session {base.session}; with a period of {template.period} the corpus should hold "
            f"editions up to session {target - template.period}: check for editions missing from the corpus"
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
    )
