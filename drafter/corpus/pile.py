"""``drafter add FILE...``: a pile of editions (many files, or a folder) sorted into series.

Each file is read and parsed (its symbol from the text, else from a file name like
``A-RES-60-156.txt``). The pile is then grouped, oldest first:

1. **citation chain**: an edition that recalls "its resolution X" where X is another edition of
   the pile joins that edition's group;
2. **title**: editions whose titles match (rapidfuzz, as :func:`drafter.corpus.folder.match_series`)
   are one group;
3. **content**: an edition still alone (untitled, or a title no other edition has) joins the
   group whose edition nearest in session shares enough of its paragraphs.

Each group goes to the corpus series its editions match (by title or content, the most votes),
else to a new series named after its title; a group without any title needs ``--series``. The
editions are then added one by one, oldest first, through :func:`drafter.corpus.folder.add_edition`
(with its guards), and every file gets a row: where it went and why, or why it was refused.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from drafter.corpus.folder import (
    EDITION_SUFFIXES,
    PARAGRAPH_SHARE,
    RETITLED_SHARE,
    TITLE_MATCH,
    Corpus,
    Edition,
    add_edition,
    match_series,
    paragraph_share,
    slugify,
)
from drafter.errors import DrafterError, InputError
from drafter.model.resolution import Resolution

PROGRESS_FROM = 20  # a pile of at least this many files shows a progress bar

RE_CITED = re.compile(r"\bits (?:previous |earlier )?resolutions?\b([^;]*)", re.IGNORECASE)
RE_NUMBER = re.compile(r"\b(\d{1,3}/\d{1,4}|\d{1,4}\s?\([IVXLC]+\))")


@dataclass(frozen=True)
class Row:
    """What happened to one file of the pile."""

    file: str
    symbol: str | None
    session: int | None
    series: str | None
    added: bool
    why: str


@dataclass
class _Item:
    path: Path
    res: Resolution
    group: int
    why: str = ""


def pile_files(args: Iterable[Path]) -> list[Path]:
    """The edition files named by ``args``: files as given, folders searched recursively for
    .txt/.docx/.pdf files (hidden files and folders, ``.facts.json`` sidecars left out)."""
    out: list[Path] = []
    for a in args:
        a = Path(a)
        if a.is_dir():
            for p in sorted(a.rglob("*")):
                rel = p.relative_to(a)
                if any(part.startswith((".", "~$")) for part in rel.parts):
                    continue
                if p.is_file() and p.suffix.lower() in EDITION_SUFFIXES:
                    out.append(p)
        else:
            out.append(a)
    seen: set[Path] = set()
    unique = []
    for p in out:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def _cited(res: Resolution) -> set[str]:
    """The resolution numbers ``res`` recalls as its own ("its resolution 68/160 ...")."""
    out: set[str] = set()
    for p in res.paragraphs:
        for m in RE_CITED.finditer(p.full_text()):
            for n in RE_NUMBER.finditer(m.group(1)):
                out.add(re.sub(r"\s?\(", " (", n.group(1)))
    return out


class _Groups:
    """Union-find over the pile's items, remembering why two groups were joined."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[max(ra, rb)] = min(ra, rb)
        return True


def _order_key(res: Resolution) -> tuple[int, str]:
    return (res.session if res.session is not None else 10_000, res.symbol or "")


def group_pile(items: list[tuple[Path, Resolution]]) -> list[list[tuple[Path, Resolution, str]]]:
    """The pile's editions in groups (each a future series), oldest first, each edition with the
    reason it is in its group (empty for the first of a group)."""
    from rapidfuzz import fuzz

    items = sorted(items, key=lambda pr: _order_key(pr[1]))
    n = len(items)
    g = _Groups(n)
    why = [""] * n
    # 1. the citation chain
    by_number = {res.number: i for i, (_, res) in enumerate(items) if res.number}

    def other_titles(a: Resolution, b: Resolution) -> bool:
        return bool(a.title and b.title and fuzz.token_sort_ratio(a.title.lower(), b.title.lower()) < TITLE_MATCH)

    for i, (_, res) in enumerate(items):
        for num in sorted(_cited(res)):
            j = by_number.get(num)
            # a mixed recall list cites other series too ("its resolutions 2625 (XXV) ... and
            # 64/30"): two editions with different titles are not joined by a citation
            if j is None or j == i or other_titles(res, items[j][1]):
                continue
            if g.union(i, j):
                why[i] = why[i] or f"recalls its resolution {num} ({items[j][0].name}, in the pile)"
    # 2. titles
    titles: list[tuple[str, int]] = []
    for i, (_, res) in enumerate(items):
        if not res.title:
            continue
        t = res.title.lower()
        for seen, j in titles:
            if fuzz.token_sort_ratio(t, seen) >= TITLE_MATCH:
                if g.union(i, j):
                    why[i] = why[i] or f"same title as {items[j][0].name}"
                break
        else:
            titles.append((t, i))
    # 3. content, for what is still alone
    groups: dict[int, list[int]] = {}
    for k in range(n):
        groups.setdefault(g.find(k), []).append(k)
    for i, (_, res) in enumerate(items):
        mine = g.find(i)
        if len(groups[mine]) > 1:
            continue
        best: tuple[float, int] | None = None
        for root, ms in groups.items():
            if root == mine:
                continue
            j = min(ms, key=lambda k: abs((items[k][1].session or 0) - (res.session or 0)))
            need = PARAGRAPH_SHARE
            ot = next((items[k][1].title for k in ms if items[k][1].title), None)
            if res.title and ot and fuzz.token_sort_ratio(res.title.lower(), ot.lower()) < TITLE_MATCH:
                need = RETITLED_SHARE
            share = paragraph_share(res, items[j][1])
            if share >= need and (best is None or share > best[0]):
                best = (share, j)
        if best is not None:
            other = g.find(best[1])
            g.union(i, best[1])
            merged = groups.pop(mine) + groups.pop(other)
            groups[g.find(i)] = sorted(merged)
            why[i] = f"{best[0]:.0%} of its paragraphs match those of {items[best[1]][0].name}"
    out: dict[int, list[tuple[Path, Resolution, str]]] = {}
    for i, (path, res) in enumerate(items):
        out.setdefault(g.find(i), []).append((path, res, why[i]))
    return list(out.values())


def add_pile(
    corpus: Corpus,
    files: list[Path],
    *,
    series: str | None = None,
    replace: bool = False,
    force: bool = False,
    accept_changes: bool = False,
    on_file: Callable[[str], None] | None = None,
    notes: list[str] | None = None,
) -> list[Row]:
    """Sort ``files`` into series and add them; one :class:`Row` per file (see the module)."""
    from drafter.corpus.folder import parse_named_file
    from drafter.corpus.guards import check_is_resolution

    notes = notes if notes is not None else []
    rows: list[Row] = []
    parsed: list[tuple[Path, Resolution]] = []
    for path in files:
        if on_file is not None:
            on_file(f"reading {path.name}")
        try:
            if not path.is_file():
                raise InputError(f"{path}: no such file" if not path.exists() else f"{path} is not a file")
            res = parse_named_file(path)
            check_is_resolution(path.name, res)
            parsed.append((path, res))
        except DrafterError as e:
            rows.append(Row(path.name, None, None, None, False, e.one_line()))
    for group in group_pile(parsed):
        slug, group_why = _series_for(corpus, group, series)
        for k, (path, res, why) in enumerate(group):
            if on_file is not None:
                on_file(f"adding {path.name}")
            # the group's reason on its first edition (and where an edition has none of its own)
            reason = group_why if k == 0 or not why else why
            if slug is None:
                rows.append(Row(path.name, res.symbol, res.session, None, False, group_why))
                continue
            symbol = res.symbol if res.is_inferred("symbol") else None
            try:
                dest = add_edition(
                    corpus, path, symbol=symbol, series=slug, replace=replace, force=force, notes=notes,
                    series_reason=reason or None, accept_changes=accept_changes,
                )
            except DrafterError as e:
                rows.append(Row(path.name, res.symbol, res.session, slug, False, e.one_line()))
                continue
            if slug not in corpus.series_slugs:
                corpus.series_slugs.append(slug)
            corpus.editions.append(Edition(path=dest, series=slug, resolution=res.with_(path=str(dest))))
            rows.append(Row(path.name, res.symbol, res.session, slug, True, reason))
    order = {p.name: k for k, p in enumerate(files)}
    return sorted(rows, key=lambda r: (r.session if r.session is not None else 10_000, order.get(r.file, 0)))


def _series_for(corpus: Corpus, group: list[tuple[Path, Resolution, str]], given: str | None) -> tuple[str | None, str]:
    """The series a group goes to, and why (or None and why not)."""
    if given:
        return given, "given with --series"
    votes: Counter[str] = Counter()
    reasons: dict[str, str] = {}
    for path, res, _ in group:
        found, why = match_series(corpus, res)
        if found:
            votes[found] += 1
            reasons.setdefault(found, f"{path.name}: {why}")
    if votes:
        slug, n = votes.most_common(1)[0]
        return slug, f"series {slug} ({reasons[slug]})" if n == 1 else f"series {slug} ({n} of its editions match it)"
    titles = Counter(res.title for _, res, _ in group if res.title)
    if not titles:
        return None, "cannot tell which series: no edition of its group has a title or matches a series (give --series SLUG)"
    title = titles.most_common(1)[0][0]
    slug = slugify(title)
    return slug, f"new series {slug} (no series has its title or its paragraphs)"


def rows_table(rows: list[Row]) -> object:
    """The rows as a rich Table (imported here: rich is heavy for a plain ``add``)."""
    from rich.table import Table

    t = Table(show_lines=False, header_style="bold", box=None, padding=(0, 1))
    for col in ("file", "symbol", "session", "series", "", "why"):
        t.add_column(col, overflow="fold")
    for r in rows:
        t.add_row(
            r.file,
            r.symbol or "?",
            str(r.session) if r.session is not None else "?",
            r.series or "-",
            "added" if r.added else "REFUSED",
            r.why,
        )
    return t


__all__ = ["PROGRESS_FROM", "Row", "add_pile", "group_pile", "pile_files", "rows_table"]


def run(
    corpus: Corpus, args: list[Path], *, series: str | None, replace: bool, force: bool, accept_changes: bool = False
) -> int:
    """``drafter add`` of a pile: add, show a progress bar on a long pile (stderr), print the
    table of what went where and why (stdout) and the notes; 1 if any file was refused."""
    import sys

    from rich.console import Console

    files = pile_files(args)
    if not files:
        raise InputError(
            "no edition files (.txt, .docx, .pdf) in " + ", ".join(str(a) for a in args),
            hint="give edition files or a folder that holds them",
        )
    notes: list[str] = []
    err = Console(stderr=True, highlight=False)
    if len(files) >= PROGRESS_FROM:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        with Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            console=err, transient=True,
        ) as bar:
            task = bar.add_task("reading", total=2 * len(files))

            def step(what: str) -> None:
                bar.update(task, advance=1, description=what[:40])

            rows = add_pile(
                corpus, files, series=series, replace=replace, force=force, accept_changes=accept_changes,
                on_file=step, notes=notes,
            )
    else:
        rows = add_pile(
            corpus, files, series=series, replace=replace, force=force, accept_changes=accept_changes, notes=notes
        )
    out = Console(highlight=False)
    if not out.is_terminal:
        out = Console(highlight=False, width=200)  # a log or a pipe: long lines, no folding
    out.print(rows_table(rows))
    added = sum(r.added for r in rows)
    out.print(f"{added} of {len(rows)} files added to {corpus.root}" + (f"; {len(rows) - added} refused" if added < len(rows) else ""))
    for n in notes:
        sys.stderr.write(f"drafter: note: {' '.join(n.split())}\n")
    return 0 if added == len(rows) else 1
