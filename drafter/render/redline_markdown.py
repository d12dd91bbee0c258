"""A :class:`~drafter.editor.compare.Comparison` as Markdown with CriticMarkup, for the terminal
(``drafter compare --format md``), like the draft's Markdown (:mod:`drafter.render.markdown`):
``{--old--}``, ``{++new++}``, ``{~~old~>new~~}``, and ``{>>cause<<}`` after a change whose cause
is known (one comment for a run of changes with one cause). Footnote markers are ``[^k]``, ``k``
the comparison's key of the note; the notes follow the text, each with its numbers in OLD and
NEW."""

from __future__ import annotations

from collections.abc import Sequence

from drafter.editor.compare import BODY_START, Comparison, Span, groups, new_text, old_text


def _critic(spans: Sequence[Span], opening: str = "") -> str:
    """CriticMarkup: ``{--old--}``, ``{++new++}``, ``{~~old~>new~~}`` and ``{>>cause<<}``."""
    out: list[str] = []
    runs = groups(spans)
    causes = [next((x.cause for x in spans[a:b] if x.cause), "") for a, b in runs]
    later = {a: causes[n + 1] if n + 1 < len(causes) else None for n, (a, _b) in enumerate(runs)}
    k = 0
    while k < len(spans):
        s = spans[k]
        if s.op == "equal":
            out.append(s.text)
            k += 1
            continue
        j = k
        while j < len(spans) and spans[j].op != "equal":
            j += 1
        run = spans[k:j]
        d = "".join(x.text for x in run if x.op == "delete")
        i = "".join(x.text for x in run if x.op == "insert")
        if d and i:
            out.append("{~~" + d + "~>" + i + "~~}")
        elif d:
            out.append("{--" + d + "--}")
        else:
            out.append("{++" + i + "++}")
        cause = next((x.cause for x in run if x.cause), "")
        if cause and later.get(k) != cause:  # one comment for a run of changes with one cause
            out.append("{>>" + cause + "<<}")
        k = j
    text = "".join(out)
    if opening and text.startswith(opening):
        text = f"*{opening}*{text[len(opening):]}"
    return text


def render_markdown(c: Comparison) -> str:
    lines = [f"# Redline: {c.old.label} -> {c.new.label}", ""]
    for notice in c.notices:
        lines += [f"> note: {notice}", ""]
    for ln in c.head:
        lines += [_critic(ln.spans), ""]
    loose = "".join(f"[^{k}]" + ("" if side == "both" else "{>>only in " + side.upper() + "<<}")
                    for k, side in c.loose)
    if loose:
        loose += "{>>footnotes no paragraph refers to, kept here<<}"
    lines += [f"*{BODY_START}*{loose}", ""]
    for b in c.blocks:
        where = b.new or b.old or ""
        if b.kind == "operative":
            head = f"{where[2:]}. " if where.startswith("op") else ""
        elif b.kind == "sub":
            head = "    " * b.depth + f"({where.rsplit('.', 1)[-1]}) "
        else:
            head = ""
        body = _critic(b.spans, b.opening_new or b.opening_old)
        if b.status == "inserted":
            body = "{++" + new_text(b.spans) + "++}"
        elif b.status == "deleted":
            body = "{--" + old_text(b.spans) + "--}"
        elif b.status == "moved-from":
            body = "{--" + old_text(b.spans) + "--}"
        if b.note:
            body += "{>>" + b.note + "<<}"
        lines += [head + body, ""]
    for ln in c.tail:
        lines += [_critic(ln.spans), ""]
    for n in c.notes:
        label = n.new_number if n.new_number is not None else f"{n.old_number} (deleted)"
        lines += [f"[^{n.key}]: ({label}) " + _critic(n.spans), ""]
    if c.renumbered:
        lines.append("<!-- renumbered (numbering is automatic, no change shown): "
                     + ", ".join(f"{o} -> {n}" for o, n in c.renumbered) + " -->")
    lines.append(f"<!-- {c.changes()} changes -->")
    return "\n".join(lines) + "\n"



__all__ = ["render_markdown"]
