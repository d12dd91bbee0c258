"""Series summaries: what the store keeps per series folder so that ``drafter series`` lists a
warm corpus of 20,000 editions without deserialising a single edition.

A summary holds the series' title, period (with evidence), gaps, warnings and the masthead
facts of each edition (session, symbol, adoption date; no paragraphs), as
:func:`drafter.engine.series.make_series` found them; :func:`series_from_summary` turns it back
into a :class:`~drafter.engine.series.Series` whose editions carry those facts and no paragraphs.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from drafter.corpus.folder import Corpus
    from drafter.engine.series import Series
    from drafter.model.resolution import Resolution

_STUB_FIELDS = (
    "symbol", "session", "title", "committee", "agenda_item", "report_symbol", "adopted",
    "plenary_meeting", "distributed", "inferred", "warnings", "format", "sha256",
)  # fmt: skip
_PLANS: dict[type, Any] = {}


def summarise(slug: str, corpus: Corpus) -> dict[str, Any]:
    """The summary of series folder ``slug`` of ``corpus`` (loaded with that folder)."""
    from drafter.engine.series import make_series

    prefix = slug + "/"
    out: dict[str, Any] = {
        "slug": slug,
        "warnings": [w for w in corpus.warnings if w.startswith(prefix)],
        "series": None,
    }
    eds = corpus.series_editions(slug)
    if not eds:
        return out
    s = make_series(slug, eds)
    out["series"] = {
        "title": s.title,
        "period": [s.period.sessions, s.period.evidence, s.period.source],
        "gaps": list(s.gaps),
        "cited_missing": [list(c) for c in s.cited_missing],
        "warnings": list(s.warnings),
        "editions": [[ed.path.name, _head(ed.resolution)] for ed in s.editions],
    }
    return out


def edition_facts(data: dict[str, Any]) -> list[tuple[str, str | None, int | None, str | None, str | None]]:
    """(file name, symbol, session, adoption date ISO, title) of each edition of a summary."""
    s = data.get("series")
    if not s:
        return []
    at = {name: i for i, name in enumerate(_STUB_FIELDS)}
    return [
        (name, head[at["symbol"]], head[at["session"]], head[at["adopted"]], head[at["title"]])
        for name, head in s["editions"]
    ]


def _head(res: Resolution) -> list[Any]:
    """The masthead facts of ``res`` (no paragraphs), compact, in :data:`_STUB_FIELDS` order."""
    out: list[Any] = []
    for name in _STUB_FIELDS:
        v = getattr(res, name)
        if name in ("adopted", "distributed"):
            v = v.isoformat() if v else None
        elif name in ("inferred", "warnings"):
            v = [list(x) for x in v] if name == "inferred" else list(v)
        out.append(v)
    return out


def _make(cls: type, values: dict[str, Any]) -> Any:
    """``cls(**values)`` for a frozen dataclass, several times faster for tens of thousands of
    objects: the generated ``__init__`` of a dataclass without ``__post_init__``, slots or
    default factories only assigns the fields, so the instance dictionary is filled directly."""
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _plan(cls)
        _PLANS[cls] = plan
    if plan is None or not (plan[1] <= values.keys() <= plan[2]):
        return cls(**values)
    obj: Any = object.__new__(cls)
    d = obj.__dict__
    d.update(plan[0])
    d.update(values)
    return obj


def _plan(cls: type) -> tuple[dict[str, Any], set[str], set[str]] | None:
    """(defaults, required fields, all fields) of a plain dataclass; None for any other."""
    from dataclasses import MISSING

    fields = getattr(cls, "__dataclass_fields__", None)
    if not fields or hasattr(cls, "__post_init__") or "__slots__" in vars(cls):
        return None
    defaults: dict[str, Any] = {}
    required: set[str] = set()
    for name, f in fields.items():
        if f.default_factory is not MISSING or not f.init:
            return None
        if f.default is MISSING:
            required.add(name)
        else:
            defaults[name] = f.default
    return defaults, required, set(fields)


def _stub(head: list[Any], path: str) -> Resolution:
    """A Resolution with the masthead facts of ``head`` (see :func:`_head`) and no paragraphs."""
    from drafter.model.resolution import Resolution

    (symbol, session, title, committee, agenda_item, report_symbol, adopted, meeting,
     distributed, inferred, warnings, fmt, sha) = head  # fmt: skip
    date = _dt.date.fromisoformat
    return _make(
        Resolution,
        {
            "symbol": symbol,
            "session": session,
            "title": title,
            "committee": committee,
            "agenda_item": agenda_item,
            "report_symbol": report_symbol,
            "adopted": date(adopted) if adopted else None,
            "plenary_meeting": meeting,
            "distributed": date(distributed) if distributed else None,
            "inferred": tuple(map(tuple, inferred)),
            "warnings": tuple(warnings),
            "path": path,
            "format": fmt,
            "sha256": sha,
        },
    )


@contextlib.contextmanager
def no_gc() -> Iterator[None]:
    """Tens of thousands of small objects are built at once, none of them in a cycle: the
    cyclic garbage collector would scan them again and again (a third of the time)."""
    import gc

    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def series_from_summary(root: Path, data: dict[str, Any]) -> Series | None:
    """The Series of a summary (editions with their masthead facts, no paragraphs); None for
    a folder without editions."""
    from drafter.corpus.folder import Edition
    from drafter.engine.series import Period, Series

    s = data.get("series")
    if not s:
        return None
    slug = data["slug"]
    folder = root / slug
    # ``folder / name`` parses ``name`` again for every edition; pathlib's own shortcut for a
    # plain child name (what ``iterdir`` uses) is three times faster, where it exists
    child = getattr(folder, "_make_child_relpath", folder.joinpath)
    eds = []
    for name, head in s["editions"]:
        p = child(name) if "/" not in name and name not in (".", "..") else folder / name
        res = _stub(head, str(p))
        eds.append(_make(Edition, {"path": p, "series": slug, "resolution": res}))
    return Series(
        slug=slug,
        title=s["title"],
        editions=tuple(eds),
        period=Period(*s["period"]),
        gaps=tuple(s["gaps"]),
        cited_missing=tuple(tuple(c) for c in s["cited_missing"]),
        warnings=tuple(s["warnings"]),
    )


__all__ = ["edition_facts", "no_gc", "series_from_summary", "summarise"]
