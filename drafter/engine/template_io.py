"""The inferred template as a Jinja2 file an editor can read and correct.

``drafter template --series SLUG`` writes ``templates/<slug>.md.j2``; when that file exists,
``drafter next`` reads it instead of inferring again, so a person corrects the inference once.
One line per paragraph, ``<id> | <text>``; what moves is a call:

    op14 | Decides to continue its consideration of the question at its {{ session(1, "sixty-ninth") }} session.

``session(offset, old)``    a session ordinal: the target session plus ``offset``
``year(offset, old)``       the year of a date: the target session's year plus ``offset``
``previous(old)``           the series' own previous edition, number and date
``external(key, old[, lag, in_step])``  another body's latest act (``hrc``, ``chr``) or its report
                            (``hrc_report``): a placeholder unless ``--set key=...`` is given
``recall(old, sep, comma, conj, dated, complete[, drop])``  a list of the series' editions:
                            ``old`` is its last separator and item (the whole list when it slides
                            and ``drop`` is its first item, dropped); the draft appends after it
``report(old)``             the report of the base's own session cited in a footnote
``records(old, offset)``    an Official Records reference that moves with the session
``body_session(old, per_year, body[, in_step])``  another body's session: moved when history
                            shows it moving at that rate, else suggested to confirm

Text outside the calls is kept as written; where it differs from the base edition, the draft
shows the difference as a tracked change (rule ``template``). The file is rendered in Jinja2's
sandbox with ``StrictUndefined``: it can call only these functions.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import replace
from pathlib import Path

from drafter.engine.infer import BODY_NAMES, Template, TemplateParagraph, TemplatePart
from drafter.engine.slots import Slot
from drafter.errors import DrafterError

HEADER = """{#- drafter template for the series "%(title)s" (%(series)s).
    Base edition: %(base)s. Evidence: %(editions)s.
    Period: %(period)d session(s) (%(period_evidence)s).
    One line per paragraph: "<id> | <text>". What moves is a call:
      session(offset, old)  the target session plus offset, as an ordinal
      year(offset, old)     the target session's year plus offset
      previous(old)         the series' previous edition, number and date
      external(key, old)    another body's latest act or its report: a placeholder unless --set key=...
    Edit the words, or add/remove a call, to correct the inference; drafter next uses this file. -#}
{%% set base = %(base_json)s %%}
{%% set period = %(period)d %%}
"""

RE_LINE = re.compile(r"^(?P<id>(?:pp|op|fn)\d+(?:\.[a-z]+)*)\s\|\s?(?P<text>.*)$")
_SENTINEL = re.compile("\x00(\\d+)\x00")


def _literal(text: str) -> str:
    if "{" in text or "}" in text:
        return "{% raw %}" + text + "{% endraw %}"
    return text


def _call(slot: Slot) -> str:
    old = json.dumps(slot.old, ensure_ascii=False)
    if slot.kind == "session":
        return "{{ session(" + f"{slot.offset}, {old}" + ") }}"
    if slot.kind == "year":
        return "{{ year(" + f"{slot.offset}, {old}" + ") }}"
    if slot.kind == "previous":
        return "{{ previous(" + old + ") }}"
    if slot.kind == "external":
        if slot.complete:  # a Council citation in step with the sessions
            return "{{ external(" + f"{json.dumps(slot.key)}, {old}, {slot.offset}, {str(slot.complete).lower()}" + ") }}"
        return "{{ external(" + f"{json.dumps(slot.key)}, {old}" + ") }}"
    if slot.kind == "recall":
        args = ", ".join(json.dumps(v) for v in (slot.sep, slot.comma, slot.conj))
        drop = f", {json.dumps(slot.drop, ensure_ascii=False)}" if slot.drop else ""
        return "{{ recall(" + f"{old}, {args}, {str(slot.dated).lower()}, {str(slot.complete).lower()}{drop}" + ") }}"
    if slot.kind == "report":
        return "{{ report(" + old + ") }}"
    if slot.kind == "records":
        return "{{ records(" + f"{old}, {slot.offset}" + ") }}"
    if slot.kind == "body_session":
        step = ", true" if slot.complete else ""
        return "{{ body_session(" + f"{old}, {slot.offset}, {json.dumps(slot.body)}{step}" + ") }}"
    return _literal(slot.old)


def _line(p: TemplateParagraph) -> list[str]:
    about = f"{p.id}: {p.klass}{(', ' + p.note) if p.note else ''}"
    about += "".join(f"; {s.rule()} ({s.evidence})" for s in p.slots())
    text = "".join(_literal(s) if isinstance(s, str) else _call(s) for s in p.segments)
    out = ["{# " + about.replace("#}", "# }") + " #}", f"{p.id} | {text}"]
    for sub in p.subparagraphs:
        out.extend(_line(sub))
    return out


def write_template(t: Template) -> str:
    lines = [
        HEADER
        % {
            "title": t.title,
            "series": t.series,
            "base": t.base.symbol or f"session {t.base.session}",
            "base_json": json.dumps(t.base.symbol or ""),
            "editions": ", ".join(t.editions),
            "period": t.period,
            "period_evidence": t.period_evidence or "assumed",
        }
    ]
    for title, paras in (("Preamble", t.preamble), ("Operative paragraphs", t.operative), ("Footnotes", t.footnotes)):
        lines.append(f"{{# ---- {title} ---- #}}")
        for p in paras:
            lines.extend(_line(p))
    return "\n".join(lines) + "\n"


def _render(source: str, path: Path) -> tuple[str, list[Slot], dict[str, object]]:
    from jinja2 import StrictUndefined, TemplateError
    from jinja2.sandbox import SandboxedEnvironment

    slots: list[Slot] = []

    def reg(slot: Slot) -> str:
        slots.append(slot)
        return f"\x00{len(slots) - 1}\x00"

    def session(offset: int, old: str) -> str:
        return reg(Slot("session", str(old), offset=int(offset), evidence=f"{path.name}: session({offset})", confidence=1.0))

    def year(offset: int, old: str) -> str:
        return reg(Slot("year", str(old), offset=int(offset), evidence=f"{path.name}: year({offset})", confidence=1.0))

    def previous(old: str) -> str:
        return reg(Slot("previous", str(old), key="previous", evidence=f"{path.name}: previous()", confidence=1.0))

    def external(key: str, old: str, lag: int = 0, in_step: bool = False) -> str:
        names = {k.lower(): v for k, v in BODY_NAMES.items()}
        body = names.get(str(key).removesuffix("_report"), "other body")
        return reg(Slot("external", str(old), key=str(key), body=body, evidence=f"{path.name}: external({key!r})",
                        confidence=0.5, offset=int(lag), complete=bool(in_step)))

    def recall(old: str, sep: str, comma: str, conj: str, dated: bool, complete: bool, drop: str = "") -> str:
        return reg(Slot("recall", str(old), key="previous", evidence=f"{path.name}: recall()", confidence=1.0,
                        sep=str(sep), comma=str(comma), conj=str(conj), dated=bool(dated), complete=bool(complete),
                        drop=str(drop)))

    def records(old: str, offset: int = 0) -> str:
        return reg(Slot("records", str(old), offset=int(offset), key="records", evidence=f"{path.name}: records()", confidence=0.9))

    def report(old: str) -> str:
        return reg(Slot("report", str(old), key="report", evidence=f"{path.name}: report()", confidence=0.5))

    def body_session(old: str, per_year: int, body: str, in_step: bool = False) -> str:
        return reg(Slot("body_session", str(old), offset=int(per_year), key="body", body=str(body),
                        evidence=f"{path.name}: body_session()", confidence=0.85 if in_step else 0.5,
                        complete=bool(in_step)))

    functions = {"session": session, "year": year, "previous": previous, "external": external,
                 "recall": recall, "report": report, "body_session": body_session, "records": records}
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)
    try:
        tpl = env.from_string(source)
        text = tpl.render(**functions)
        module = tpl.make_module(vars=dict(functions))
        meta = {"base": getattr(module, "base", None), "period": getattr(module, "period", None)}
    except TemplateError as e:
        line = getattr(e, "lineno", None)
        where = f" line {line}" if line else ""
        raise DrafterError(f"{path}{where}: {e.message or e}", hint="fix the template or delete it to infer again") from None
    return text, slots, meta


def _segments(text: str, slots: list[Slot]) -> tuple[TemplatePart, ...]:
    out: list[TemplatePart] = []
    last = 0
    for m in _SENTINEL.finditer(text):
        if m.start() > last:
            out.append(text[last : m.start()])
        out.append(slots[int(m.group(1))])
        last = m.end()
    if last < len(text):
        out.append(text[last:])
    return tuple(out)


def _reconcile(segs: tuple[TemplatePart, ...], base_text: str, pid: str, path: Path) -> tuple[TemplatePart, ...]:
    """Where the template's words differ from the base edition, make the difference a
    ``template`` slot, so the draft shows it as a tracked change and rejecting it gives the
    base edition back."""
    if "".join(s if isinstance(s, str) else s.old for s in segs) == base_text:
        return segs
    slots = [s for s in segs if isinstance(s, Slot)]
    # literal runs of the template between the calls
    tpl_runs: list[str] = [""]
    for s in segs:
        if isinstance(s, Slot):
            tpl_runs.append("")
        else:
            tpl_runs[-1] += s
    # the same runs of the base edition, found around each call's old words
    base_runs: list[str] = []
    pos = 0
    for slot in slots:
        i = base_text.find(slot.old, pos)
        if i < 0:
            raise DrafterError(
                f"{path}: paragraph {pid}: the call with {slot.old!r} does not match the base edition",
                hint="keep the old words of each call as they are in the base edition",
            )
        base_runs.append(base_text[pos:i])
        pos = i + len(slot.old)
    base_runs.append(base_text[pos:])
    out: list[TemplatePart] = []
    for k, (b, t) in enumerate(zip(base_runs, tpl_runs, strict=True)):
        out.extend(_diff(b, t, path))
        if k < len(slots):
            out.append(slots[k])
    return tuple(out)


def _diff(base: str, new: str, path: Path) -> list[TemplatePart]:
    if base == new:
        return [base] if base else []
    a = re.findall(r"\s+|[^\s]+", base)
    b = re.findall(r"\s+|[^\s]+", new)
    out: list[TemplatePart] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append("".join(a[i1:i2]))
        else:
            out.append(Slot("template", "".join(a[i1:i2]), new="".join(b[j1:j2]), evidence=f"edited in {path.name}", confidence=1.0))
    return out


def read_template(path: Path, inferred: Template) -> Template:
    """Load an editor's template over the inferred one (same base edition)."""
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise DrafterError(f"{path}: cannot read the template ({e})", hint="fix or delete it") from None
    text, slots, meta = _render(source, path)
    base = inferred.base.symbol or ""
    if meta.get("base") and meta["base"] != base:
        raise DrafterError(
            f"{path} was made from {meta['base']}, but the base edition is now {base}",
            hint=f"rerun 'drafter template --series {inferred.series} --force' or delete the file",
        )
    lines: dict[str, tuple[TemplatePart, ...]] = {}
    for raw in text.splitlines():
        if not raw.strip():
            continue
        m = RE_LINE.match(raw)
        if not m:
            raise DrafterError(f"{path}: cannot read the line {raw[:60]!r}", hint='each paragraph is one line "<id> | <text>"')
        lines[m.group("id")] = _segments(m.group("text"), slots)
    period = meta.get("period")

    def apply(p: TemplateParagraph) -> TemplateParagraph:
        if p.id not in lines:
            raise DrafterError(f"{path}: paragraph {p.id} of the base edition is missing", hint="keep one line per paragraph; delete paragraphs in the Word draft instead")
        segs = _reconcile(lines.pop(p.id), p.base_text(), p.id, path)
        return replace(p, segments=segs, subparagraphs=tuple(apply(s) for s in p.subparagraphs))

    out = replace(
        inferred,
        preamble=tuple(apply(p) for p in inferred.preamble),
        operative=tuple(apply(p) for p in inferred.operative),
        footnotes=tuple(apply(p) for p in inferred.footnotes),
        period=int(period) if isinstance(period, int) else inferred.period,
        period_evidence=f"{path.name}" if isinstance(period, int) else inferred.period_evidence,
    )
    if lines:
        extra = ", ".join(sorted(lines))
        raise DrafterError(f"{path}: paragraphs {extra} are not in the base edition", hint="add paragraphs in the Word draft instead")
    return out
