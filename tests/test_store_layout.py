"""The store's modules form no import cycle with the rest of drafter (issue 12: "corpus <-> cache
<-> series" was one), and none of them is over 800 lines. Imports inside functions count: a
cycle that only a lazy import hides is still a cycle. (corpus/folder.py is listed again: the
add guards no longer import it back; series matching lives in corpus/matching.py.)"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "drafter"
OWN = (
    "drafter.corpus.cache", "drafter.corpus.db", "drafter.corpus.folder", "drafter.corpus.indexing",
    "drafter.corpus.lock", "drafter.corpus.scan", "drafter.corpus.summary", "drafter.parallel", "drafter.language.search",
    "drafter.fsutil", "drafter.userdirs",
)  # fmt: skip


def _modules() -> dict[str, Path]:
    out = {}
    for p in PKG.rglob("*.py"):
        parts = p.relative_to(PKG.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = p
    return out


def _imports(path: Path, known: set[str]) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{a.name}" for a in node.names] + [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        for n in names:
            if n in known:
                out.add(n)
                break
    out.discard("drafter")  # the package itself: its __init__ holds the version
    return out


def _graph() -> dict[str, set[str]]:
    mods = _modules()
    known = set(mods)
    return {m: _imports(p, known) for m, p in mods.items()}


@pytest.mark.parametrize("start", OWN)
def test_no_import_cycle_through(start: str) -> None:
    graph = _graph()
    path: list[str] = []
    seen: set[str] = set()

    def visit(m: str) -> list[str] | None:
        for n in sorted(graph.get(m, ())):
            if n == start:
                return [*path, n]
            if n not in seen:
                seen.add(n)
                path.append(n)
                found = visit(n)
                if found:
                    return found
                path.pop()
        return None

    cycle = visit(start)
    assert cycle is None, " -> ".join([start, *cycle])


@pytest.mark.parametrize("name", OWN)
def test_no_module_over_800_lines(name: str) -> None:
    path = _modules()[name]
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 800, path
