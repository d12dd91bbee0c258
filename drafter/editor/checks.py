r"""The checks of ``drafter review`` on a draft's structure (:mod:`drafter.editor.structure`):
operative numbers and sub-paragraph letters that do not run on; footnote references without a
footnote, typed footnote numbers out of order; "decides to continue ... at its Nth session" (and
reporting requests) whose session is not the draft's session plus the series' period; a recalled
resolution of the series that is not the latest edition in the corpus, or whose date is not the
corpus'; impossible dates (31 February); end punctuation. Cross-references are checked by
:mod:`drafter.editor.references`.

Each finding is a :class:`~drafter.editor.structure.Problem`; those ``drafter renumber`` can
settle are marked ``fixable`` and carry their :class:`~drafter.editor.structure.Edit`\ s, so
review and renumber never disagree (:func:`renumbering_problems`, :func:`fixes`).
"""

from __future__ import annotations

import re
from typing import Any

from drafter.citations.sessions import ORDINAL_PATTERN, ordinal_word, parse_ordinal, parse_un_date
from drafter.citations.symbols import RE_SYMBOL_SESSION
from drafter.editor.references import check_ref, find_refs, frame_of
from drafter.editor.structure import (
    BASE,
    CURRENT,
    FN,
    SUPERSCRIPT_DIGITS,
    DraftDocument,
    Edit,
    Problem,
    ViewParagraph,
    digits,
    excerpt,
)


def _edit(u: ViewParagraph, old: str, new: str, why: str) -> Edit:
    """The edit of a unit's typed label."""
    start, end = u.literal_span or (0, 0)
    return Edit(u.para.index, start, end, old, new, why)


def check_numbering(d: DraftDocument, problems: list[Problem]) -> None:
    st = d.current
    ops = st.operative
    n_auto = sum(1 for u in ops if u.auto)
    n_lit = sum(1 for u in ops if u.literal is not None)
    for u in ops:
        want = str(u.number)
        if u.literal is not None and n_auto and n_auto >= n_lit:
            problems.append(Problem(
                "numbering", u.where(), u.para.index,
                f"the number {u.literal}. is typed, in a list Word numbers automatically "
                "(Word numbers the paragraphs after it as if it were not there): remove the typed "
                "number and give the paragraph the operative paragraph style", False))
            continue
        if u.shown != want:
            if u.literal is not None:
                problems.append(Problem(
                    "numbering", u.where(), u.para.index,
                    f"numbered {u.literal}. but it is operative paragraph {want} "
                    f"(\"{excerpt(u.words(), 50)}\")", True,
                    [_edit(u, u.literal, want, f"operative paragraph {u.literal} is now {want}")]))
            else:
                problems.append(Problem(
                    "numbering", u.where(), u.para.index,
                    f"Word numbers it {u.shown}. but it is operative paragraph {want}: a typed "
                    "number above it breaks the automatic numbering", False))
    if n_lit > n_auto:
        for u in ops:
            if u.auto:
                problems.append(Problem(
                    "numbering", u.where(), u.para.index,
                    "numbered automatically by Word among paragraphs with typed numbers "
                    f"(Word shows it as {u.shown}.; it is operative paragraph {u.number})", False))
    for u in st.subs:
        want = u.expected_label()
        if u.literal is not None and u.literal != want:
            problems.append(Problem(
                "numbering", u.where(), u.para.index,
                f"lettered ({u.literal}) but it is sub-paragraph ({want}) of "
                f"{u.parent.where() if u.parent else 'its paragraph'}", True,
                [_edit(u, u.literal, want, f"sub-paragraph ({u.literal}) is now ({want})")]))
    for u in st.others:
        problems.append(Problem(
            "numbering", u.where(), u.para.index,
            f"a paragraph without a number among the operative paragraphs "
            f"(\"{excerpt(u.words(), 50)}\"): number it or join it to the paragraph above", False))


def _literal_markers(u: ViewParagraph) -> list[tuple[tuple[int, int], int]]:
    """Typed footnote numbers in a unit: superscript digits (formatting or Unicode)."""
    out = []
    i = u.body_start
    text = u.text
    while i < len(text):
        a = u.atoms[i]
        is_sup = (a.ch.isdigit() and a.sup and a.fnref is None) or a.ch in SUPERSCRIPT_DIGITS
        if not is_sup:
            i += 1
            continue
        j = i
        while j < len(text) and ((u.atoms[j].ch.isdigit() and u.atoms[j].sup
                                  and u.atoms[j].fnref is None)
                                 or u.atoms[j].ch in SUPERSCRIPT_DIGITS):
            j += 1
        out.append(((i, j), int(digits(text[i:j]))))
        i = j
    return out


def check_footnotes(d: DraftDocument, problems: list[Problem]) -> None:
    body = [u for u in d.current.units if u.kind in ("preamble", "operative", "sub", "other")]
    shown = d.note_numbers[CURRENT]
    base_shown = d.note_numbers[BASE]
    word_refs = False
    for u in d.current.units:
        for a in u.atoms:
            if a.fnref is None:
                continue
            if a.fnref not in d.notes:
                problems.append(Problem("footnotes", u.where(), u.para.index,
                                        "a footnote reference points at a footnote that does "
                                        f"not exist (w:id {a.fnref})", False))
            elif not a.custom:
                word_refs = True
                note = d.notes[a.fnref]
                if not note.text(CURRENT).replace(FN, "").strip():
                    problems.append(Problem("footnotes", u.where(), u.para.index,
                                            f"footnote {shown.get(a.fnref)} is empty", False))
    typed = [(u, span, n) for u in body for span, n in _literal_markers(u)]
    notes_by_label: dict[str, list[ViewParagraph]] = {}
    for nu in d.current.notes:
        notes_by_label.setdefault(nu.literal or "", []).append(nu)
    if word_refs and d.current.notes:
        problems.append(Problem("footnotes", d.current.notes[0].where(),
                                d.current.notes[0].para.index,
                                "the draft has both Word footnotes and typed footnote texts; "
                                "make the typed ones Word footnotes", False))
        return
    if word_refs or (not typed and not d.current.notes):
        # typed numbers that repeat a Word footnote (drafter writes a repeated marker so)
        by_number = {n: fid for fid, n in shown.items()}
        by_base = {n: fid for fid, n in base_shown.items()}
        for u, span, n in typed:
            frame = frame_of(u, span)
            fid = by_base.get(n) if frame == BASE else by_number.get(n)
            if frame == "either" and fid is None:
                fid = by_base.get(n)
            if fid is None or fid not in shown:
                problems.append(Problem("footnotes", u.where(), u.para.index,
                                        f"the typed footnote number {n} has no footnote", False))
                continue
            if shown[fid] != n:
                problems.append(Problem(
                    "footnotes", u.where(), u.para.index,
                    f"the typed footnote number {n} repeats a footnote that Word now numbers "
                    f"{shown[fid]}", True,
                    [Edit(u.para.index, *span, u.text[span[0]:span[1]],
                          _same_style_digits(u.text[span[0]:span[1]], shown[fid]),
                          f"footnote {n} is now {shown[fid]}")]))
        return
    # typed footnotes throughout: numbers in order of first appearance, each with its text
    order: list[int] = []
    for _u, _span, n in typed:
        if n not in order:
            order.append(n)
    mapping = {old: i + 1 for i, old in enumerate(order)}
    for u, _span, n in typed:
        if str(n) not in notes_by_label:
            problems.append(Problem("footnotes", u.where(), u.para.index,
                                    f"the footnote number {n} has no footnote text", False))
    wrong = [n for n in order if mapping[n] != n]
    if wrong:
        seq = ", ".join(str(n) for n in order)
        edits: list[Edit] = []
        for u, span, n in typed:
            if mapping[n] != n:
                edits.append(Edit(u.para.index, *span, u.text[span[0]:span[1]],
                                  _same_style_digits(u.text[span[0]:span[1]], mapping[n]),
                                  f"footnote {n} is now {mapping[n]}"))
        for label, units in notes_by_label.items():
            if label.isdigit() and int(label) in mapping and mapping[int(label)] != int(label):
                for nu in units:
                    start, end = nu.literal_span or (0, 0)
                    old = nu.text[start:end]
                    edits.append(_edit(nu, old, _same_style_digits(old, mapping[int(label)]),
                                       f"footnote text {label} is now {mapping[int(label)]}"))
        first = next(u for u, _s, n in typed if n == wrong[0])
        problems.append(Problem("footnotes", first.where(), first.para.index,
                                f"footnote numbers are not in order of first appearance ({seq})",
                                True, edits))
    final = [mapping.get(int(nu.literal), int(nu.literal)) for nu in d.current.notes
             if nu.literal and nu.literal.isdigit()]
    if not wrong and final != sorted(final):
        nu = d.current.notes[0]
        problems.append(Problem("footnotes", nu.where(), nu.para.index,
                                "the footnote texts are not in order ("
                                + ", ".join(str(n) for n in final) + ")", True))
    for label, units in notes_by_label.items():
        if label.isdigit() and int(label) not in mapping:
            problems.append(Problem("footnotes", units[0].where(), units[0].para.index,
                                    f"footnote text {label} is never referenced", False))
        if len(units) > 1:
            problems.append(Problem("footnotes", units[1].where(), units[1].para.index,
                                    f"{len(units)} footnote texts are numbered {label}", False))


def _same_style_digits(old: str, n: int) -> str:
    if old and all(c in SUPERSCRIPT_DIGITS for c in old):
        return "".join(SUPERSCRIPT_DIGITS[int(c)] for c in str(n))
    return str(n)


# =============================================================================================
# punctuation

def _ending(u: ViewParagraph) -> str:
    """The paragraph's words without footnote marks (Word's or typed) and trailing space."""
    text = "".join(a.ch for a in u.atoms[u.body_start:] if not (a.sup and a.ch.isdigit()))
    return text.replace(FN, "").rstrip(" \t\n\u00a0" + SUPERSCRIPT_DIGITS)


def check_punctuation(d: DraftDocument, problems: list[Problem]) -> None:
    st = d.current
    ops = st.operative

    def check(u: ViewParagraph, allowed: tuple[str, ...], what: str) -> None:
        end = _ending(u)
        if not end:
            return
        if end.endswith(allowed):
            return
        if ";" in allowed and re.search(r";\s+(?:and|or)$", end):
            return
        shown = end[-1]
        problems.append(Problem("punctuation", u.where(), u.para.index,
                                f"{what} ends with {shown!r} (\"...{excerpt(end[-40:], 40)}\")",
                                False))

    def walk_subs(parent: ViewParagraph, terminal: tuple[str, ...], terminal_word: str, other: tuple[str, ...]) -> None:
        kids = parent.children
        for k, s in enumerate(kids):
            last = k == len(kids) - 1
            if s.children:
                check(s, (":", ",", ";"), "a sub-paragraph with sub-paragraphs")
                walk_subs(s, terminal if last else other, terminal_word if last else "a semicolon", other)
                continue
            if last:
                check(s, terminal, f"the last sub-paragraph should end with {terminal_word}; it")
            else:
                check(s, other, "a sub-paragraph should end with a semicolon; it")

    for u in st.preamble:
        if u.children:
            check(u, (":", ","), "a preambular paragraph with sub-paragraphs should introduce them with a colon; it")
            walk_subs(u, (",",), "a comma", (";", ","))
        else:
            check(u, (",",), "a preambular paragraph should end with a comma; it")
    for i, u in enumerate(ops):
        last = i == len(ops) - 1
        terminal = (".",) if last else (";",)
        word = "a full stop" if last else "a semicolon"
        if u.children:
            check(u, (":",), "an operative paragraph with sub-paragraphs should introduce them with a colon; it")
            walk_subs(u, terminal, word, (";",))
        else:
            what = ("the last operative paragraph should end with a full stop; it" if last
                    else "an operative paragraph should end with a semicolon; it")
            check(u, terminal, what)


# =============================================================================================
# sessions, recalled resolutions, dates

RE_SESSION_LINE = re.compile(r"^\s*(" + ORDINAL_PATTERN + r")\s+session\s*$", re.IGNORECASE)
RE_ADOPTED = re.compile(r"Resolution adopted by the General Assembly on (\d{1,2} \w+ \d{4})")
RE_DECIDES = re.compile(
    r"\b(?:[Dd]ecides|[Dd]ecide)\b[^.;]*?\b(?:at|of|to) its\s+(" + ORDINAL_PATTERN + r")\s+session",
    re.IGNORECASE)
RE_REPORTS = re.compile(
    r"\b(?:report|submit|present|transmit)\w*\b[^.;]*?\b(?:at|to) its\s+("
    + ORDINAL_PATTERN + r")\s+session", re.IGNORECASE)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
RE_ANY_DATE = re.compile(r"(?<![\d/])(\d{1,2})\s+(" + _MONTHS + r")\b(?:\s+(\d{4}))?(?!\d)")


def draft_session(d: DraftDocument, given: int | None) -> tuple[int | None, str, list[Problem]]:
    problems: list[Problem] = []
    masthead = d.current.masthead
    line_session: tuple[int, ViewParagraph] | None = None
    symbol_session: tuple[int, ViewParagraph, str] | None = None
    adopted: tuple[int, ViewParagraph, str] | None = None
    for u in masthead:
        plain = u.text.replace(FN, "")
        m = RE_SESSION_LINE.match(plain)
        if m and line_session is None:
            try:
                line_session = (parse_ordinal(m.group(1)), u)
            except ValueError:
                pass
        m2 = RE_SYMBOL_SESSION.search(plain)
        if m2 and symbol_session is None:
            symbol_session = (int(m2.group(1)), u, m2.group(0).rstrip("L.0123456789/"))
        m3 = RE_ADOPTED.search(plain)
        if m3 and adopted is None:
            try:
                dt = parse_un_date(m3.group(1))
                adopted = (dt.year - 1945 if dt.month >= 9 else dt.year - 1946, u, m3.group(1))
            except ValueError:
                pass
    if given is not None:
        session, evidence = given, "given with --session"
    elif line_session is not None:
        session = line_session[0]
        evidence = f"the masthead says \"{ordinal_word(session, capital=True)} session\""
    elif symbol_session is not None:
        session, evidence = symbol_session[0], "the symbol on the masthead"
    elif adopted is not None:
        session, evidence = adopted[0], f"adopted on {adopted[2]}"
    else:
        return None, "unknown (no --session, no session line or symbol on the masthead)", problems
    if line_session is not None and line_session[0] != session:
        u = line_session[1]
        problems.append(Problem("session", "masthead", u.para.index,
                                f"the masthead says \"{excerpt(u.text)}\" but the draft is for "
                                f"session {session} ({evidence})"))
    if symbol_session is not None and symbol_session[0] != session:
        u = symbol_session[1]
        problems.append(Problem("session", "masthead", u.para.index,
                                f"the symbol on the masthead is of session {symbol_session[0]}, "
                                f"the draft is for session {session} ({evidence})"))
    return session, evidence, problems


def check_ordinals(d: DraftDocument, session: int, period: int, period_evidence: str,
                    problems: list[Problem]) -> None:
    want = session + period
    every = "every session" if period == 1 else f"every {period} sessions"
    for u in d.current.operative + [s for s in d.current.subs if _top(s).kind == "operative"]:
        text = u.text.replace(FN, " ")
        seen: set[int] = set()
        for rx, what in ((RE_DECIDES, "decides"), (RE_REPORTS, "asks for a report")):
            for m in rx.finditer(text):
                if m.start(1) in seen:
                    continue
                seen.add(m.start(1))
                try:
                    n = parse_ordinal(m.group(1))
                except ValueError:
                    continue
                if n != want:
                    problems.append(Problem(
                        "session", u.where(), u.para.index,
                        f"\"at its {m.group(1)} session\" ({what}): a session-{session} draft of a "
                        f"series that comes back {every} should say \"{ordinal_word(want)}\" "
                        f"(period: {period_evidence})"))


def _top(u: ViewParagraph) -> ViewParagraph:
    while u.parent is not None:
        u = u.parent
    return u


def check_recalled(d: DraftDocument, session: int, series: Any, problems: list[Problem]) -> None:
    from drafter.citations.sessions import format_un_date
    from drafter.citations.symbols import ResolutionCitation, find_citations

    members: dict[str, Any] = {}  # "68/160" -> Edition or None (cited by the series, not held)
    for ed in series.editions:
        num = ed.resolution.number
        if num:
            members[num] = ed
    for _sess, sym, _by in series.cited_missing:
        num = sym.replace("A/RES/", "")
        members.setdefault(num, None)
    earlier = [ed for ed in series.editions if ed.session is not None and ed.session < session
               and ed.resolution.number]
    if not earlier:
        return
    latest = max(earlier, key=lambda ed: ed.session)
    latest_num = latest.resolution.number
    cited: list[tuple[ViewParagraph, str, Any]] = []
    for u in d.current.preamble + d.current.operative + d.current.subs:
        text = u.text.replace(FN, "")
        for f in find_citations(text):
            v = f.value
            if f.kind != "resolution" or not isinstance(v, ResolutionCitation) or v.body != "GA":
                continue
            num = v.resolution.format()
            if num in members:
                cited.append((u, num, v.date))
    if not cited:
        return
    nums = {num for _u, num, _d in cited}
    for u, num, date in cited:
        ed = members.get(num)
        if latest_num not in nums and num != latest_num:
            ed_session = ed.session if ed is not None else None
            if ed_session is None:
                m = re.match(r"(\d{1,3})/", num)
                ed_session = int(m.group(1)) if m else None
            if ed_session is not None and ed_session < latest.session:
                when = f" of {format_un_date(latest.resolution.adopted)}" if latest.resolution.adopted else ""
                problems.append(Problem(
                    "recalled", u.where(), u.para.index,
                    f"recalls resolution {num} of the series, but the latest edition in the corpus "
                    f"is resolution {latest_num}{when} ({latest.path.name})"))
                continue
        if ed is not None and date is not None and ed.resolution.adopted and date != ed.resolution.adopted:
            problems.append(Problem(
                "recalled", u.where(), u.para.index,
                f"dates resolution {num} {format_un_date(date)}; the corpus has it adopted on "
                f"{format_un_date(ed.resolution.adopted)} ({ed.path.name})"))


def all_texts(d: DraftDocument) -> list[tuple[str, int | None, str, str]]:
    """(where, paragraph, text, part) of every visible paragraph and every footnote."""
    out: list[tuple[str, int | None, str, str]] = [
        (u.where(), u.para.index, u.text, "document") for u in d.current.units]
    shown = d.note_numbers[CURRENT]
    for fid, note in d.notes.items():
        if fid not in shown:
            continue
        out.append((f"footnote {shown[fid]}", None, note.text(CURRENT), "footnotes"))
    return out


def check_dates(d: DraftDocument, problems: list[Problem]) -> None:
    for where, index, text, _part in all_texts(d):
        plain = text.replace(FN, "")
        for m in RE_ANY_DATE.finditer(plain):
            day, month, year = m.group(1), m.group(2), m.group(3)
            if year is None:
                ahead = re.search(r"\b(\d{4})\b", plain[m.end():m.end() + 60])
                if ahead is None:
                    continue
                year = ahead.group(1)
            try:
                parse_un_date(f"{int(day)} {month} {year}")
            except ValueError:
                problems.append(Problem("date", where, index,
                                        f"no such date: {int(day)} {month} {year}"))



def fixes(d: DraftDocument, problems: list[Problem]) -> list[Edit]:
    """Every edit of the fixable problems, one per span."""
    seen: set[tuple[int, int, int]] = set()
    out: list[Edit] = []
    for p in problems:
        if not p.fixable:
            continue
        for e in p.edits:
            key = (e.para, e.start, e.end)
            if key not in seen:
                seen.add(key)
                out.append(e)
    return out


def renumbering_problems(d: DraftDocument) -> list[Problem]:
    """The problems renumber deals with: numbering, footnote order, cross-references."""
    problems: list[Problem] = []
    check_numbering(d, problems)
    for u in d.current.preamble + d.current.operative + d.current.subs:
        for ref in find_refs(u):
            check_ref(d, ref, problems)
    check_footnotes(d, problems)
    return problems
