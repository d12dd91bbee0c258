"""The draft as Markdown with CriticMarkup: ``{~~old~>new~~}`` for a change, ``{==text==}`` for a
placeholder, ``{>>...<<}`` for the comment that says why. Readable in a terminal and diffable."""

from __future__ import annotations

from drafter.model.draft import Draft, DraftParagraph, Piece


def _comment(draft: Draft, piece: Piece) -> str:
    parts = []
    if piece.change:
        c = draft.change(piece.change)
        words = f"; {c.confidence_words}" if c.confidence_words else ""
        parts.append(f"{c.id} {c.rule}: {c.evidence} (confidence {c.confidence:.2f}{words})")
    if piece.placeholder:
        p = draft.placeholder(piece.placeholder)
        if not p.filled:
            parts.append(f"{p.id} to confirm: {p.confirm}. Known: {p.known}")
    return "{>>" + " | ".join(parts) + "<<}" if parts else ""


def _pieces(draft: Draft, pieces: tuple[Piece, ...], opening: str = "", comments: bool = True) -> str:
    out: list[str] = []
    for i, piece in enumerate(pieces):
        if piece.is_change:
            text = "{~~" + piece.old + "~>" + piece.new + "~~}"
            if piece.placeholder and not draft.placeholder(piece.placeholder).filled:
                text = "{==" + text + "==}"
        elif piece.placeholder:
            text = "{==" + piece.same + "==}"
        else:
            text = piece.same
            if i == 0 and opening and text.startswith(opening):
                text = f"*{opening}*{text[len(opening):]}"
        out.append(text + (_comment(draft, piece) if comments else ""))
    return "".join(out)


def _para(draft: Draft, p: DraftParagraph, indent: str = "") -> list[str]:
    body = _pieces(draft, p.pieces, p.opening)
    if p.kind == "operative":
        head = f"{p.number}. "
    elif p.kind == "sub":
        head = f"{indent}({p.label}) "
    else:
        head = ""
    lines = [head + body, ""]
    for s in p.subparagraphs:
        lines.extend(_para(draft, s, indent + "    "))
    return lines


def _field(draft: Draft, name: str, value: str) -> str:
    for p in draft.placeholders:
        if p.where == f"masthead.{name}" and not p.filled:
            return "{==" + value + "==}{>>" + f"{p.id} to confirm: {p.confirm}. Known: {p.known}" + "<<}"
    return value


def render_markdown(draft: Draft) -> str:
    m = draft.masthead
    lines = [
        "United Nations | " + _field(draft, "symbol", m.symbol),
        "",
        "General Assembly | Distr.: " + m.distribution + " | " + _field(draft, "date", m.date) + " | Original: " + m.original,
        "",
        m.session,
        _field(draft, "committee", m.committee),
        _field(draft, "agenda_item", m.agenda_item),
        _field(draft, "agenda_title", m.agenda_title),
        "",
        _field(draft, "sponsors", m.sponsors),
        "",
        "## " + _field(draft, "title", m.title),
        "",
        "*The General Assembly*,",
        "",
    ]
    if m.sponsor_note:
        lines[10:10] = [m.sponsor_note, ""]
    for p in draft.preamble + draft.operative:
        lines.extend(_para(draft, p))
    for f in draft.footnotes:
        lines.append(f"[^{f.number}]: " + _pieces(draft, f.pieces))
        lines.append("")
    for k in draft.checks:
        lines.append(f"<!-- to check {k.id} ({k.where}, {k.kind}): {k.text}: {k.suggestion} ({k.evidence}) -->")
        lines.append("")
    lines.append(f"<!-- base edition: {draft.base_symbol}, adopted {draft.base_adopted}; {len(draft.changes)} changes, "
                 f"{sum(1 for p in draft.placeholders if not p.filled)} placeholders to confirm -->")
    return "\n".join(lines) + "\n"
