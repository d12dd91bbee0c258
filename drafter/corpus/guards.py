"""What ``drafter add`` checks before an edition enters the corpus (issue 13.5, 13.6).

Each refusal is one line saying why and how to proceed:

* the parse is not sound: words lost or doubled, operative numbering with holes or not starting
  at 1 (``--force`` takes it anyway; every command that reads it then warns);
* the text is no resolution: no ``The General Assembly,`` line, or no numbered operative
  paragraph (the minutes of a meeting, a letter, a report);
* a draft given an ``A/RES`` symbol: an L-document masthead (``A/C.3/69/L.32``), ``Distr.:
  Limited``, or placeholders still open (``A/C.3/69/L.__``, ``[date]``);
* a printed symbol or session that contradicts ``--symbol`` or the masthead itself.
"""

from __future__ import annotations

import re

from drafter.citations.symbols import RE_DRAFT_SYMBOL
from drafter.errors import InputError, NotAResolutionError
from drafter.model.resolution import Resolution

RE_LIMITED = re.compile(r"Distr\.:?\s*Limited", re.IGNORECASE)
RE_PLACEHOLDER = re.compile(
    r"L\.\s*_{2,}|/_{2,}|\[(?:date|\.\.\.|…|number|symbol|x+|insert[^\]]*|agenda item[^\]]*)\]|\bx{3,}\b",
    re.IGNORECASE,
)
RE_HEADING = re.compile(r"^\W*(\d{1,3}/\d{1,4}|\d{1,4}\s?\([IVXL]+\))\.\s")


def _placeholders(res: Resolution) -> list[str]:
    texts = [p.full_text() for p in res.paragraphs] + [f.text for f in res.footnotes]
    texts += [t for kind, t in res.furniture if kind != "page"]
    found: list[str] = []
    for t in texts:
        for m in RE_PLACEHOLDER.finditer(t):
            if m.group(0) not in found:
                found.append(m.group(0))
    return found


def check_is_resolution(name: str, res: Resolution) -> None:
    """Refuse a text that is no resolution: no ``The General Assembly,`` line, or no numbered
    operative paragraph (minutes, letters, reports, a text cut after its preamble)."""
    if res.audit is not None and not res.audit.opening:
        raise NotAResolutionError(
            f"{name} has no 'The General Assembly,' line: it is not the text of a resolution",
            hint="add the text of an adopted resolution (or of its draft) as printed",
        )
    if not res.operative:
        raise NotAResolutionError(
            f"{name} has no numbered operative paragraph ('1. Decides ...'): it is not the text of a resolution",
            hint="add the text of an adopted resolution (or of its draft) as printed",
        )


def check_edition(
    name: str,
    text: str,
    printed: Resolution,
    res: Resolution,
    symbol: str,
    *,
    given: bool,
    force: bool,
    notes: list[str],
    sessions: tuple[int | None, int | None],
) -> None:
    """Refuse (InputError) what must not enter the corpus as edition ``symbol``.

    ``printed``: the parse without ``--symbol`` (what the text itself prints); ``res``: the
    parse that will be kept; ``given``: the symbol came from ``--symbol``; ``sessions``: the
    sessions of ``symbol`` and of the printed symbol (None when a symbol has none)."""
    how_parse = f"'drafter parse {name} --format md' shows where"
    check_is_resolution(name, res)

    # symbol and sessions
    sym_session, p_session = sessions
    if printed.symbol and given and printed.symbol != symbol:
        if p_session is not None and sym_session is not None and p_session != sym_session:
            raise InputError(
                f"{name} prints the symbol {printed.symbol} (session {p_session}), not one of session {sym_session} like {symbol}",
                hint="check --symbol",
            )
    masthead_session = printed.session if not printed.is_inferred("session") else None
    if masthead_session is not None and sym_session is not None and masthead_session != sym_session:
        whose = "--symbol" if given else "its symbol"
        raise InputError(
            f"{name}: the masthead says session {masthead_session}, but {whose} {symbol} is of session {sym_session}",
            hint="check --symbol" if given else "check the file: its masthead contradicts itself",
        )
    number = res.number
    for kind, line in printed.furniture:
        m = RE_HEADING.match(line) if kind in ("masthead", "heading") else None
        if m and number and " ".join(m.group(1).replace("(", " (").split()) != number:
            raise InputError(
                f"{name}: the heading {m.group(1)!r} is not resolution {number} ({symbol})",
                hint="check --symbol" if given else "check the file: its masthead contradicts itself",
            )
    # a draft is not the adopted resolution
    if symbol.startswith("A/RES/"):
        signs: list[str] = []
        if printed.symbol and RE_DRAFT_SYMBOL.match(printed.symbol):
            signs.append(f"it prints the draft symbol {printed.symbol}")
        if RE_LIMITED.search(text):
            signs.append("'Distr.: Limited'")
        open_ = _placeholders(res)
        if open_:
            signs.append("open placeholders " + ", ".join(repr(p) for p in open_[:4]))
        if signs:
            if not force:
                raise InputError(
                    f"{name} is a draft ({'; '.join(signs)}), not the adopted resolution {symbol}",
                    hint="add the adopted text as printed, or --force if this draft was adopted word for word",
                )
            notes.append(f"{name} is a draft ({'; '.join(signs)}); added as {symbol} because of --force")
    # the parse itself
    problems = res.problems()
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        if not force:
            raise InputError(
                f"{name}: the parse is not sound: {problems[0]}{more}",
                hint=f"{how_parse}; fix the file, or add it anyway with --force",
            )
        notes.append(f"{name}: the parse is not sound ({problems[0]}{more}); added because of --force, and every command that reads it will say so")


__all__ = ["check_edition", "check_is_resolution"]
