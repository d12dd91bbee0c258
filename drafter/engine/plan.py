"""Glue between the corpus and the roll-over: pick the series, infer (or load) the template for a
target session, and build the draft. Used by ``drafter next``, ``template`` and ``backtest``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.corpus.folder import Corpus
from drafter.engine.infer import Template, infer_template
from drafter.engine.series import Series, build_series, find_series
from drafter.errors import CorpusError, DrafterError
from drafter.model.draft import Draft
from drafter.model.resolution import Resolution

if TYPE_CHECKING:
    from drafter.engine.rollover import Act


def choose_series(corpus: Corpus, slug: str | None) -> Series:
    """The series named by ``slug`` (a unique prefix is enough), or the corpus' only series."""
    every = build_series(corpus)
    if not every:
        skipped = [w for w in corpus.warnings if " was skipped: " in w]
        if skipped:  # files there, none readable: say why, not "no editions"
            more = f" (and {len(skipped) - 1} more skipped)" if len(skipped) > 1 else ""
            raise CorpusError(f"the corpus {corpus.root} holds no readable edition: {skipped[0]}{more}")
        raise CorpusError(f"the corpus {corpus.root} holds no editions", hint="add one with 'drafter add FILE --symbol A/RES/N/NNN'")
    if slug is None:
        if len(every) == 1:
            return every[0]
        names = ", ".join(s.slug for s in every[:8]) + (" ..." if len(every) > 8 else "")
        raise DrafterError(f"the corpus holds {len(every)} series", hint=f"choose one with --series ({names})")
    exact = find_series(corpus, slug)
    if exact is not None:
        return exact
    matches = [s for s in every if s.slug.startswith(slug)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise DrafterError(f"no series {slug!r} in {corpus.root}", hint="list them with 'drafter series'")
    names = ", ".join(s.slug for s in matches[:8])
    raise DrafterError(f"--series {slug!r} matches {len(matches)} series", hint=f"be more specific ({names})")


def period_of(series: Series) -> tuple[int, str]:
    p = series.period
    if p.sessions and p.sessions > 0:
        return p.sessions, p.evidence
    return 1, "no evidence in the texts; assumed annual"


def editions_of(series: Series) -> list[Resolution]:
    return [ed.resolution for ed in series.editions if ed.session is not None]


def template_path(templates_dir: Path | None, slug: str) -> Path:
    return (templates_dir or Path("templates")) / f"{slug}.md.j2"


@dataclass(frozen=True)
class Plan:
    series: Series
    template: Template
    template_file: Path | None  # the editor's template that was used, if any


def plan(series: Series, target: int | None, *, templates_dir: Path | None = None, use_file: bool = True, editions: list[Resolution] | None = None) -> Plan:
    period, evidence = period_of(series)
    eds = editions if editions is not None else editions_of(series)
    tpl = infer_template(eds, series=series.slug, title=series.title, target=target, period=period, period_evidence=evidence, period_source=series.period.source)
    path = template_path(templates_dir, series.slug)
    if use_file and path.is_file():
        from drafter.engine.template_io import read_template

        return Plan(series, read_template(path, tpl), path)
    return Plan(series, tpl, None)


def make_draft(
    corpus: Corpus,
    session: int,
    *,
    series: str | None = None,
    facts: Mapping[str, str] | None = None,
    templates_dir: Path | None = None,
    use_template_file: bool = True,
    editions: list[Resolution] | None = None,
) -> Draft:
    from drafter.engine.rollover import roll_over

    s = choose_series(corpus, series)
    p = plan(s, session, templates_dir=templates_dir, use_file=use_template_file, editions=editions)
    eds = editions if editions is not None else editions_of(s)
    agenda = [(r.session, r.agenda_item) for r in eds if r.session is not None and r.agenda_item and r.session < session]
    warnings = [w for w in s.warnings]
    if p.template_file is not None:
        warnings.append(f"the template {p.template_file} was used (delete it to infer the template again)")
    return roll_over(
        p.template, session, facts=facts, agenda_history=sorted(agenda, reverse=True), warnings=warnings, acts=council_acts(corpus, s)
    )


def council_acts(corpus: Corpus, series: Series) -> tuple[Act, ...]:
    """Human Rights Council resolutions in the corpus on the series' subject (same title, fuzzily):
    the evidence that lets drafter update the Council citation instead of flagging it."""
    from rapidfuzz import fuzz

    from drafter.engine.rollover import Act

    out = []
    for ed in corpus.editions:
        r = ed.resolution
        if r.body != "HRC" or not r.number or r.adopted is None or not r.title or not series.title:
            continue
        if fuzz.token_set_ratio(r.title.lower(), series.title.lower()) < 90:
            continue
        out.append(Act("hrc", r.symbol or "", r.number, r.adopted, r.title, f"{ed.series}/{ed.path.name}"))
    return tuple(out)
