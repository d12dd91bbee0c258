"""Infer the recurring template of a series: what stays, what moves with the session, what
points at the previous edition, and what only a person can confirm.

The template is the base edition (the latest before the target session) cut into literal text
and *slots*. Each slot records the words it covers in the base, its rule, and the evidence:

``session``           a session ordinal that moves with the session ("at its sixty-ninth session"):
                      ``offset`` is its distance from the edition's own session.
``year``              the year of a date that moves with the session (mandate periods:
                      "beyond 31 December 1979"), ``offset`` from the edition's year.
``previous``          the series' own previous edition, number and date ("67/169 of 20 December
                      2012").
``external``          another body's latest act ("Human Rights Council resolution 19/33 of 23
                      March 2012") or its Official Records footnote: updated only from evidence.
Everything else is literal: constant (the same in every edition) or free (negotiated wording
that changed at some point), kept exactly as in the base edition.

Evidence comes first from history (the same paragraph in earlier editions: did this ordinal
move in step with the session, or stay put?), and, where there is no history (a single
edition, a new paragraph), from rules about what such phrases mean (a session still to come is
forward-looking; a clause recalling what the previous edition decided moves with the series).
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from drafter.citations.recall import KnownEdition
from drafter.citations.sessions import (
    DATE_PATTERN,
    ORDINAL_PATTERN,
    adopted_during,
    format_un_date,
    parse_ordinal,
    parse_un_date,
    year_of_session,
)
from drafter.engine.align import Alignment, align_editions
from drafter.engine.slots import RE_MARKER, Slot, SlotContext, Span, overlaps
from drafter.model.resolution import Paragraph, Resolution, SubParagraph

# a session ordinal: "at its sixty-ninth session", and each of a list: "at its sixty-ninth and
# seventieth sessions", "at its seventieth, seventy-first and seventy-second sessions"
_LIST_SEP = r"(?:\s*,\s*and\s+|\s*,\s*|\s+and\s+)"
RE_SESSION = re.compile(
    r"\b(" + ORDINAL_PATTERN + r")(?=(?:" + _LIST_SEP + ORDINAL_PATTERN + r")*\s+sessions?\b)",
    re.IGNORECASE,
)
RE_DATE = re.compile(DATE_PATTERN)
# "Recalling all its previous resolutions on the subject, the most recent of which was resolution
# 61/170 of ...", "its previous resolutions ..., including resolution 72/158 of ..."
RE_OWN_CHAIN = re.compile(r"(?:its (?:previous |relevant )?resolutions\b[^;]*?(?:most recent of which (?:was|is)|including|in particular)|most recent of which (?:was|is))\s+(?:its\s+)?resolution\s+$")
# The bodies whose latest act a series may recall, by the key of ``citations.BODIES``.
BODY_NAMES = {
    "HRC": "Human Rights Council",
    "CHR": "Commission on Human Rights",
    "SubCommission": "Sub-Commission on the Promotion and Protection of Human Rights",
    "ECOSOC": "Economic and Social Council",
}
FORWARD_CONTEXT = re.compile(
    r"(from|until|till|beyond|to|ending|through|by|before|after|period)\s+$", re.IGNORECASE
)


TemplatePart = str | Slot


@dataclass(frozen=True)
class TemplateParagraph:
    id: str  # pp1, op3, op3.a, fn2
    kind: str  # preamble | operative | sub | footnote
    segments: tuple[TemplatePart, ...]
    number: int | None = None
    label: str | None = None
    opening: str = ""
    lineage: str | None = None
    klass: str = "constant"  # constant | free | new
    note: str = ""
    subparagraphs: tuple[TemplateParagraph, ...] = ()

    def base_text(self) -> str:
        return "".join(s if isinstance(s, str) else s.old for s in self.segments)

    def slots(self) -> list[Slot]:
        return [s for s in self.segments if isinstance(s, Slot)]


@dataclass(frozen=True)
class Template:
    series: str
    title: str
    base: Resolution
    editions: tuple[str, ...]  # symbols used as evidence
    period: int
    period_evidence: str
    preamble: tuple[TemplateParagraph, ...]
    operative: tuple[TemplateParagraph, ...]
    footnotes: tuple[TemplateParagraph, ...]
    warnings: tuple[str, ...] = field(default_factory=tuple)
    period_source: str = "text"  # text | sessions | none: where the period was read
    known: tuple[KnownEdition, ...] = ()  # editions of the series whose number is known

    def paragraphs(self) -> list[TemplateParagraph]:
        out: list[TemplateParagraph] = []
        for p in self.preamble + self.operative:
            out.append(p)
            out.extend(p.subparagraphs)
        return out + list(self.footnotes)


# --- spans -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Cite:
    """A dated resolution citation found in a text: who adopted it, its session (GA) and where
    its number and date stand."""

    body: str  # GA, HRC, CHR, SubCommission, ECOSOC, unknown
    session: int | None  # GA session of a GA resolution
    start: int  # start of the number
    end: int  # end of the date
    text: str  # the whole citation ("its resolution 67/169 of 20 December 2012")
    date: _dt.date


@functools.lru_cache(maxsize=4096)
def resolution_citations(text: str) -> tuple[Cite, ...]:
    """Dated resolution citations of ``text`` (see :func:`drafter.citations.symbols.find_citations`).
    Memoised: the same paragraph is read once per edition that carries it."""
    from drafter.citations.symbols import GAResolution, ResolutionCitation, find_citations

    out = []
    for f in find_citations(text):
        value = f.value
        if not isinstance(value, ResolutionCitation) or f.number_span is None or f.date_span is None or value.date is None:
            continue
        res = value.resolution
        session = res.session if isinstance(res, GAResolution) else None
        out.append(Cite(value.body, session, f.number_span[0], f.date_span[1], f.text, value.date))
    return tuple(out)


def _ctx_before(text: str, start: int, n: int = 30) -> str:
    return text[max(0, start - n) : start]


def _history_lists(ctx: SlotContext) -> list[tuple[Resolution, list[tuple[str, ...]]]]:
    """For each earlier version of the paragraph: the items (numbers) of each list of
    resolutions it holds, a single "its resolution X" counting as a list of one."""
    from drafter.citations.recall import find_recall_lists

    out = []
    for r, ht in ctx.history:
        lists = [tuple(i.number for i in fl.value.items) for fl in find_recall_lists(ht)]
        taken = {n for lst in lists for n in lst}
        for m in _RE_SINGLE.finditer(ht):
            if m.group(1) not in taken:
                lists.append((" ".join(m.group(1).split()),))
        out.append((r, lists))
    return out


_RE_SINGLE = re.compile(r"\bresolution\s+([0-9]{1,3}/[0-9]{1,5}|[0-9]{1,5}\s?\([IVXLC]+\))")


def _find_recall(text: str, ctx: SlotContext) -> tuple[list[Span], list[Span]]:
    """Growing lists of the series' editions ("its resolutions 58/17 of 3 December 2003,
    61/23 of 6 December 2006 and 64/30 of 2 December 2009"): a ``recall`` slot over the last
    separator and item, after which the roll-over appends. Also returns the spans of every list
    item no slot may touch (older items stay byte for byte; other bodies' items stay)."""
    from drafter.citations.recall import complete_run, find_recall_lists, own_items

    b = ctx.base.session
    slots: list[Span] = []
    protected: list[Span] = []
    keep = Slot("template", "")  # marker of a protected span (never rendered)
    if b is None:
        return slots, protected
    hist = None
    for fl in find_recall_lists(text):
        items = fl.value.items
        nums = tuple(i.number for i in items)
        own = own_items(fl.value, numbers=ctx.series_symbols, base_session=b, period=ctx.period)
        last_own = bool(own) and own[-1] == len(items) - 1 and fl.owner != "other"
        growing = False
        evidence = ""
        confidence = 0.0
        if last_own:
            if hist is None:
                hist = _history_lists(ctx)
            grew = replaced = slid = 0
            for _r, lists in hist:
                for lst in lists:
                    if not set(lst) & set(nums):
                        continue
                    if len(lst) < len(nums) and nums[: len(lst)] == lst:
                        grew += 1
                    elif len(lst) == len(nums) and lst[:-1] == nums[:-1] and lst[-1] != nums[-1]:
                        replaced += 1
                    elif len(lst) == len(nums) >= 2 and lst[1:] == nums[:-1]:
                        slid += 1  # "A and B", then "B and C": the list keeps its length
            own_sessions = [items[i].session or 0 for i in own]
            if slid and not grew and not replaced and len(own) == len(items):
                # every item is an edition and the oldest drops out as the newest comes in
                start0, _ = fl.spans[0]
                next0, _ = fl.spans[1]
                start, end = fl.spans[-1]
                sep_start, _ = fl.seps[-1]
                why = (f"the list kept its length in {slid} earlier edition{'s' if slid > 1 else ''}: its oldest "
                       f"edition dropped out as the newest came in")
                slots.append(Span(start0, end, Slot(
                    "recall", text[start0:end], key="previous", evidence=why, confidence=0.9,
                    sep=text[sep_start:start], comma=fl.value.comma, conj=fl.value.conjunction, dated=fl.value.dated,
                    drop=text[start0:next0],
                )))
                continue
            if grew and not replaced:
                growing = True
                evidence = (
                    f"the list grew by the edition just adopted in {grew} earlier edition"
                    f"{'s' if grew > 1 else ''}; its older items never changed"
                )
                confidence = 0.95
            elif not replaced and len(own) >= 2 and complete_run(own_sessions, ctx.period, own_sessions[-1]):
                growing = True
                evidence = (
                    f"the list names the series' editions of sessions {', '.join(map(str, own_sessions))}, "
                    f"one every {ctx.period} session{'s' if ctx.period > 1 else ''} (rule: such a list grows by the latest edition)"
                )
                confidence = 0.85
            elif not replaced and not grew and ctx.period >= 2:
                growing = True
                evidence = (
                    f"a list of resolutions ending with the series' edition {nums[-1]} in a series that comes back every "
                    f"{ctx.period} sessions (rule: such lists recall every edition; no earlier edition to confirm it)"
                )
                confidence = 0.7
        if growing:
            own_sessions = [items[i].session or 0 for i in own]
            complete = complete_run(own_sessions, ctx.period, own_sessions[-1]) and own_sessions[-1] == b - ctx.period
            sep_start, _ = fl.seps[-1]
            start, end = fl.spans[-1]
            sep = text[sep_start:start]
            slot = Slot(
                "recall", text[sep_start:end], key="previous", evidence=evidence, confidence=confidence,
                sep=sep, comma=fl.value.comma, conj=fl.value.conjunction, dated=fl.value.dated, complete=complete,
            )
            slots.append(Span(sep_start, end, slot))
            protected += [Span(s, e, keep) for s, e in fl.spans[:-1]]
        else:
            # only the last of the series' own items may be replaced (by the previous-edition rule);
            # every other item stays, and other bodies' lists are history
            upto = len(items) - 1 if last_own else len(items)
            if fl.owner == "other":
                upto = len(items) - 1  # another body's latest act may be flagged, never its older ones
            protected += [Span(s, e, keep) for s, e in fl.spans[:upto]]
    return slots, protected


def _own_citations(text: str) -> list[tuple[int, int, str, int, _dt.date | None]]:
    """General Assembly resolutions cited in ``text``, dated or not: (start of the citation's
    words, end of the number or date, the words, session, date)."""
    from drafter.citations.symbols import GAResolution, ResolutionCitation, find_citations

    out = []
    for f in find_citations(text):
        v = f.value
        if not isinstance(v, ResolutionCitation) or v.body != "GA" or f.number_span is None:
            continue
        if not isinstance(v.resolution, GAResolution):
            continue
        end = f.date_span[1] if f.date_span else f.number_span[1]
        out.append((f.number_span[0], end, f.text, v.resolution.session, v.date))
    return out


def _find_previous(text: str, ctx: SlotContext, taken: list[Span] | None = None) -> list[Span]:
    """The series' own previous edition: 'its resolution 67/169 of 20 December 2012', or
    without its date, 'its resolution 67/169'."""
    b = ctx.base.session or 0
    out: list[Span] = []
    history = [(r, _own_citations(ht), ht) for r, ht in ctx.history]
    cites = [c for c in _own_citations(text) if b - 5 <= c[3] < b and not (taken and overlaps(taken, c[0], c[1]))]
    latest = max((c[3] for c in cites), default=None)
    for start, end, words, session, date in cites:
        if session != latest:
            continue  # "its resolution 66/150 ... and its resolution 67/169": only the latest moves
        if taken and overlaps(taken, start, end):
            continue
        old = text[start:end]
        num = old.split(" of ")[0]
        in_series = num in ctx.series_symbols
        # history: the paragraph in earlier editions cited the edition before *them*
        moved = any(
            r.session is not None and r.session - 5 <= hs < r.session and hs != session
            for r, hcites, _ in history
            for _, _, _, hs, _ in hcites
        )
        before = text[max(0, start - 80) : start]
        own = words.startswith("its ") or bool(RE_OWN_CHAIN.search(before))
        if not (in_series or moved or own):
            continue
        if not (in_series or moved) and any(old in ht for _, _, ht in history):
            continue  # the same resolution in earlier editions too: a fixed reference, not the last edition
        evid = []
        if in_series:
            evid.append(f"{num} is an edition of this series in the corpus")
        if moved:
            evid.append("earlier editions cited their own previous edition here")
        if not evid:
            evid.append(f'"its resolution {num}" of a recent session (rule: a series recalls its last edition)')
        conf = 1.0 if (in_series or moved) else 0.8
        doubt = ""
        after = text[end : end + 40]
        if (
            ctx.period >= 2 and not moved and words.startswith("its resolution ")
            and not any(hcites for _, hcites, _ in history)
            and not re.match(r"\s*,?\s*(?:in|by|through) which\b", after)
        ):
            # one edition of history, a series that comes back every two sessions or more, a
            # bare "its resolution X": the next text may recall X and the new edition (a growing
            # list) or the new edition alone; nothing says which
            doubt = (
                f"no earlier edition shows whether this series, which comes back every {ctx.period} sessions, "
                f"then recalls both {num} and the new edition (a growing list) or the latest alone"
            )
        elif not (in_series or moved) and date is not None and not adopted_during(session, date):
            doubt = (
                f"{num} was adopted on {format_un_date(date)}, in the opening weeks of session {session}, not when the "
                f"Assembly adopts the editions of a recurring series: it may be another resolution"
            )
        out.append(Span(start, end, Slot("previous", old, key="previous", evidence="; ".join(evid), confidence=conf, doubt=doubt)))
    return out


def _council_lag(cited: str, session: int | None) -> int | None:
    """The Council session of a cited Council resolution ("26/7") less the first Council session
    of the year of the Assembly's ``session`` (three a year since 2007: March 2014 is 25)."""
    m = re.search(r"\b(\d{1,2})/\d{1,3}\b", cited)
    if m is None or session is None or year_of_session(session) < 2007:
        return None
    return int(m.group(1)) - (3 * (year_of_session(session) - 2007) + 4)


def _find_external(text: str, ctx: SlotContext, taken: list[Span]) -> list[Span]:
    """Another body's latest act, cited with its date: updated only from evidence."""
    out: list[Span] = []
    adopted = ctx.base.adopted
    for c in resolution_citations(text):
        if c.body not in BODY_NAMES or overlaps(taken, c.start, c.end):
            continue
        old = text[c.start : c.end]
        body = BODY_NAMES[c.body]
        # history: did the citation change between editions?
        others = [ht for _, ht in ctx.history if any(h.body == c.body for h in resolution_citations(ht))]
        changed = any(old not in ht for ht in others)
        same_everywhere = bool(ctx.history) and all(old in ht for _, ht in ctx.history)
        recent = bool(adopted and (adopted - c.date).days <= 3 * 366)
        if same_everywhere and len(ctx.history) >= 2 and not recent:
            continue  # a fixed historical reference
        if not (changed or recent):
            continue
        why = (
            "earlier editions cited a later act of this body each time"
            if changed
            else f"a recent act of the {body}, adopted {format_un_date(c.date)}"
        )
        # in step: every edition cited the Council's resolution of the same session of its year
        # (the June session: 20/5 in 2012, 23/4 in 2013, 26/7 in 2014), the Council holding
        # three sessions a year since 2007
        lag = _council_lag(c.text, ctx.base.session) if c.body == "HRC" else None
        lags = [
            _council_lag(h.text, r.session)
            for r, ht in ctx.history if r.session is not None
            for h in resolution_citations(ht) if h.body == c.body
        ]
        in_step = lag is not None and len(lags) >= 2 and all(x == lag for x in lags) and changed
        if in_step:
            why += (f"; in step with the sessions: each of {len(lags)} earlier editions cited the Council's resolution "
                    f"of the same session of its year")
        out.append(Span(c.start, c.end, Slot("external", old, key=c.body.lower(), body=body, evidence=why, confidence=0.5, offset=(lag or 0) if in_step else 0, complete=in_step)))
    return out


def _steady_rate(rates: list[tuple[int, int]]) -> int | None:
    """The one whole number of sessions a year that every (moved, years) pair shows, if any."""
    per = {k // g if g > 0 and k % g == 0 else 0 for k, g in rates}
    return per.pop() if len(per) == 1 and rates and min(per | {1}) > 0 else None


def _other_body(text: str, start: int) -> str | None:
    from drafter.engine.reports import other_body_before

    return other_body_before(text, start)


def _find_sessions(text: str, ctx: SlotContext, taken: list[Span], clause: tuple[int, int] | None) -> list[Span]:
    b = ctx.base.session
    out: list[Span] = []
    if b is None:
        return out
    for m in RE_SESSION.finditer(text):
        s, e = m.start(1), m.end(1)
        if overlaps(taken, s, e):
            continue
        try:
            n = parse_ordinal(m.group(1))
        except ValueError:
            continue
        offset = n - b
        # history: same ordinal phrase in earlier editions
        ctx_words = _ctx_before(text, s, 25).split()[-3:]
        verdicts = []
        rates: list[tuple[int, int]] = []  # (sessions moved, Assembly sessions between) per earlier edition
        for r, ht in ctx.history:
            if r.session is None:
                continue
            for hm in RE_SESSION.finditer(ht):
                hwords = _ctx_before(ht, hm.start(1), 25).split()[-3:]
                if hwords != ctx_words:
                    continue
                try:
                    hn = parse_ordinal(hm.group(1))
                except ValueError:
                    continue
                verdicts.append("linked" if hn - r.session == offset else ("constant" if hn == n else "other"))
                rates.append((n - hn, b - r.session))
                break
        in_clause = clause is not None and clause[0] <= s < clause[1]
        all_linked = bool(verdicts) and all(v == "linked" for v in verdicts)
        any_constant = any(v == "constant" for v in verdicts)
        if all_linked:
            n_ed = len(verdicts)
            why = f"moved with the session in {n_ed} earlier edition{'s' if n_ed > 1 else ''}"
            conf = 0.95
        elif any_constant and not in_clause:
            continue  # the same ordinal in earlier editions: a fixed, historical session
        elif (
            verdicts and all(v == "other" for v in verdicts) and (per_year := _steady_rate(rates))
            and (body := _other_body(text, s)) is not None
        ):
            # another body's session that moved in step with its own calendar (the Human Rights
            # Council's three sessions a year): it moves at that rate
            why = (f"a session of the {body}, which moved by {per_year} a year in {len(rates)} earlier "
                   f"edition{'s' if len(rates) > 1 else ''}")
            out.append(Span(s, e, Slot("body_session", text[s:e], offset=per_year, key="body", body=body,
                                       evidence=why, confidence=0.85, complete=True)))
            continue
        elif not verdicts and (body := _other_body(text, s)) is not None and offset <= 0:
            # another body's session ("the report of the Executive Committee ... on the work of
            # its sixty-fourth session"), with no history to say whether it moves: suggest, to confirm
            per_year = 3 if "Human Rights Council" in body else 1
            why = (
                f"a session of the {body}, not of the Assembly, cited in one edition only: nothing shows it moving "
                f"with the Assembly's sessions"
            )
            out.append(Span(s, e, Slot("body_session", text[s:e], offset=per_year, key="body", body=body, evidence=why, confidence=0.5)))
            continue
        elif in_clause:
            why = "in the clause recalling what the previous edition decided (rule: it moves with the series)"
            conf = 0.85
        elif offset > 0:
            why = f"a session still to come when the base edition was adopted at session {b} (rule: forward-looking)"
            conf = 0.85
        else:
            continue
        out.append(Span(s, e, Slot("session", text[s:e], offset=offset, evidence=why, confidence=conf)))
    return out


def _find_years(text: str, ctx: SlotContext, taken: list[Span], clause: tuple[int, int] | None) -> list[Span]:
    b = ctx.base.session
    adopted = ctx.base.adopted
    out: list[Span] = []
    if b is None:
        return out
    base_year = year_of_session(b)
    for m in RE_DATE.finditer(text):
        if overlaps(taken, m.start(), m.end()):
            continue
        try:
            d = parse_un_date(m.group(0))
        except ValueError:
            continue
        ys = m.end() - 4
        offset = d.year - base_year
        in_clause = clause is not None and clause[0] <= m.start() < clause[1]
        before = _ctx_before(text, m.start(), 30)
        verdicts = []
        for r, ht in ctx.history:
            if r.session is None:
                continue
            for hm in RE_DATE.finditer(ht):
                if _ctx_before(ht, hm.start(), 30).split()[-2:] != before.split()[-2:]:
                    continue
                hd = parse_un_date(hm.group(0))
                if hd == d:
                    verdicts.append("constant")
                elif hd.year - year_of_session(r.session) == offset and (hd.month, hd.day) == (d.month, d.day):
                    verdicts.append("linked")
                else:
                    verdicts.append("other")
                break
        future = adopted is not None and d > adopted
        if verdicts and all(v == "linked" for v in verdicts):
            out.append(Span(ys, m.end(), Slot("year", str(d.year), offset=offset, evidence=f"moved with the session in {len(verdicts)} earlier edition(s)", confidence=0.95)))
        elif verdicts and any(v == "constant" for v in verdicts) and not in_clause:
            continue
        elif in_clause or (future and FORWARD_CONTEXT.search(before)):
            why = (
                "in the clause recalling what the previous edition decided (rule: it moves with the series)"
                if in_clause
                else "a date of a period still to come when the base edition was adopted (rule: mandate periods move with the series)"
            )
            out.append(Span(ys, m.end(), Slot("year", str(d.year), offset=offset, evidence=why, confidence=0.8)))
    return out


def _segments(text: str, spans: list[Span]) -> tuple[TemplatePart, ...]:
    segs: list[TemplatePart] = []
    last = 0
    for sp in sorted(spans, key=lambda x: x.start):
        if sp.start > last:
            segs.append(text[last : sp.start])
        segs.append(sp.slot)
        last = sp.end
    if last < len(text):
        segs.append(text[last:])
    return tuple(segs)


def _analyse(text: str, ctx: SlotContext) -> tuple[tuple[TemplatePart, ...], list[tuple[int, Slot]]]:
    """Slots of one paragraph text (with ``[^n]`` markers). Also returns the footnote numbers
    that follow an external citation (their Official Records reference is external too)."""
    recall, protected = _find_recall(text, ctx)
    spans = recall + _find_previous(text, ctx, recall + protected)
    clause = None
    previous = [sp for sp in spans if sp.slot.kind in ("previous", "recall")]
    if previous:
        first = min(previous, key=lambda sp: sp.start)
        end = text.find(";", first.end)
        clause = (first.end, end if end >= 0 else len(text))
    spans += _find_external(text, ctx, spans + protected)
    spans += _find_sessions(text, ctx, spans + protected, clause)
    spans += _find_years(text, ctx, spans + protected, clause)
    from drafter.engine.reports import find_inline_reports

    spans += find_inline_reports(text, ctx, spans + protected)
    linked_notes: list[tuple[int, Slot]] = []
    for sp in spans:
        if sp.slot.kind != "external":
            continue
        m = RE_MARKER.search(text, sp.end)
        if m:
            between = text[sp.end : m.start()]
            if not resolution_citations(between):
                linked_notes.append((int(m.group(1)), sp.slot))
    return _segments(text, spans), linked_notes


def _footnote_segments(text: str, owner: Slot | None, base: Resolution | None = None, earlier: Sequence[Resolution] = (),
                       requested: bool = False) -> tuple[TemplatePart, ...]:
    if owner is None:
        if base is not None:
            from drafter.engine.reports import find_records, find_reports

            spans = find_reports(text, base, earlier, requested)
            spans += [sp for sp in find_records(text, base, earlier) if not overlaps(spans, sp.start, sp.end)]
            if spans:
                return _segments(text, spans)
        return (text,)
    from drafter.citations.symbols import find_citations

    m = next((f for f in find_citations(text) if f.kind == "records"), None)
    if m is None:
        return (text,)
    slot = Slot(
        "external",
        m.text,
        key=owner.key + "_report",
        body=owner.body,
        evidence=f"the Official Records reference of the {owner.body} act cited in the text ({owner.old})",
        confidence=0.5,
    )
    return _segments(text, [Span(m.start, m.end, slot)])


def _texts(p: Paragraph) -> str:
    return p.marked_text()


def _klass(history: list[tuple[Resolution, Paragraph]], current: Paragraph) -> tuple[str, str]:
    from drafter.engine.align import normalise

    if len(history) <= 1:
        return ("new" if history and history[0][1] is current and len(history) == 1 else "constant", "")
    first = history[0][0]
    changed = [r for (r, p), (_, q) in zip(history[1:], history[:-1], strict=True) if normalise(p.full_text()) != normalise(q.full_text())]
    if not changed:
        return "constant", f"unchanged since {first.symbol or first.session}"
    return "free", f"in the series since {first.symbol or first.session}; last changed in {changed[-1].symbol or changed[-1].session}"


def infer_template(
    editions: Sequence[Resolution],
    *,
    series: str,
    title: str | None = None,
    target: int | None = None,
    period: int = 1,
    period_evidence: str = "",
    period_source: str = "text",
    alignment: Alignment | None = None,
) -> Template:
    """The template of a series from its editions (ordered by session). The base edition is the
    latest edition before ``target`` (or the latest of all)."""
    from drafter.citations.recall import known_editions

    eds = [e for e in editions if e.session is not None]
    eds.sort(key=lambda r: r.session or 0)
    known = tuple(sorted(known_editions(eds).values(), key=lambda k: k.session))
    if target is not None:
        eds = [e for e in eds if (e.session or 0) < target]
    if not eds:
        from drafter.errors import CorpusError

        raise CorpusError(
            f"series {series!r} has no edition before session {target}",
            hint="add an earlier edition with 'drafter add', or choose a later --session",
        )
    align = alignment or align_editions(eds)
    bi = len(eds) - 1
    base = eds[bi]
    numbers = {e.number for e in eds if e.number}
    from drafter.engine.reports import requested_report_notes, requests_report

    requested = requests_report(base)
    linked_notes: dict[int, Slot] = {}

    def build(kind: str, idx: int, p: Paragraph, pid: str) -> TemplateParagraph:
        hist = align.history(bi, kind, idx)
        earlier = [(r, q.marked_text()) for r, q in hist if r is not base]
        ctx = SlotContext(base, numbers, earlier, period, requested)
        segs, notes = _analyse(p.marked_text(), ctx)
        for n, slot in notes:
            linked_notes.setdefault(n, slot)
        subs = tuple(_sub(s, f"{pid}.{s.label}", ctx) for s in p.subparagraphs)
        lin = align.lineage_of(bi, kind, idx)
        klass, note = _klass(hist, p) if hist else ("constant", "")
        if lin is not None and lin.first().edition == bi and bi > 0:
            klass, note = "new", f"new in {base.symbol or base.session}"
        return TemplateParagraph(
            pid, kind, segs, number=p.number, opening=p.opening, lineage=lin.id if lin else None, klass=klass, note=note, subparagraphs=subs
        )

    def _sub(s: SubParagraph, pid: str, ctx: SlotContext) -> TemplateParagraph:
        segs, notes = _analyse(s.marked_text(), ctx)
        for n, slot in notes:
            linked_notes.setdefault(n, slot)
        kids = tuple(_sub(c, f"{pid}.{c.label}", ctx) for c in s.children)
        return TemplateParagraph(pid, "sub", segs, label=s.label, subparagraphs=kids)

    pre = tuple(build("preamble", i, p, f"pp{i + 1}") for i, p in enumerate(base.preamble))
    ops = tuple(build("operative", i, p, f"op{i + 1}") for i, p in enumerate(base.operative))
    report_notes = requested_report_notes(base) if requested else set()
    notes = tuple(
        TemplateParagraph(f"fn{fn.number}", "footnote", _footnote_segments(fn.text, linked_notes.get(fn.number), base, eds, fn.number in report_notes), number=fn.number)
        for fn in base.footnotes
    )
    return Template(
        series=series,
        title=title or base.title or "",
        base=base,
        editions=tuple(e.symbol or f"session {e.session}" for e in eds),
        period=period,
        period_evidence=period_evidence,
        preamble=pre,
        operative=ops,
        footnotes=notes,
        period_source=period_source,
        known=known,
    )

