"""The shape of the package: no import cycle between drafter's modules, and no module over
800 lines.

The imports are read with ``ast`` from every ``drafter/**/*.py``: all of them, those inside
functions included (a cycle that only a deferred import hides is still a cycle of design), with
``if TYPE_CHECKING:`` blocks left out. ``import a.b.c`` and ``from a.b import c``
also import the packages ``a`` and ``a.b`` (their ``__init__``), and ``c`` when it is a module.
Each test reports every offender, not only the first.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "drafter"
MAX_LINES = 800


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(node: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement under ``node``, deferred ones included, except in ``if
    TYPE_CHECKING:`` blocks (never run)."""
    if isinstance(node, ast.Import | ast.ImportFrom):
        return [node]
    if isinstance(node, ast.If) and _is_type_checking(node.test):
        return [n for stmt in node.orelse for n in _imports(stmt)]
    return [n for child in ast.iter_child_nodes(node) for n in _imports(child)]


def _with_packages(name: str, known: dict[str, Path], importer: str) -> set[str]:
    """``a.b.c`` -> {a, a.b, a.b.c}, those of them that are drafter's modules; the packages the
    importer is itself in are left out as parents (they are imported before it), not as
    ``name`` itself (``from drafter.readers import read`` in a reader is a cycle)."""
    parts = name.split(".")
    mine = importer.split(".")
    ancestors = {".".join(mine[:i]) for i in range(1, len(mine))}
    parents = {".".join(parts[:i]) for i in range(1, len(parts))} - ancestors
    return (parents | {name}) & known.keys()


def import_graph() -> dict[str, set[str]]:
    known = modules()
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        targets: set[str] = set()
        for node in _imports(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    targets |= _with_packages(alias.name, known, name)
                continue
            if node.level:  # relative: from the module's package
                package = name.split(".") if is_package else name.split(".")[:-1]
                base = package[: len(package) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            targets |= _with_packages(source, known, name)
            for alias in node.names:
                if f"{source}.{alias.name}" in known:
                    targets.add(f"{source}.{alias.name}")
        targets.discard(name)
        graph[name] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = 0

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(out)


def _path_in(component: list[str], graph: dict[str, set[str]]) -> str:
    """One cycle through the component, as ``a -> b -> a``, for the message."""
    members = set(component)
    start = component[0]
    path, seen, v = [start], {start}, start
    while True:
        nxt = sorted(graph[v] & members)
        back = [w for w in nxt if w == start]
        if back and len(path) > 1:
            return " -> ".join(path + [start])
        fresh = [w for w in nxt if w not in seen]
        if not fresh:
            return " -> ".join(path + [nxt[0]]) if nxt else start
        v = fresh[0]
        seen.add(v)
        path.append(v)


def test_the_graph_sees_imports() -> None:
    """The walker finds real edges (a test that cannot fail proves nothing)."""
    graph = import_graph()
    assert "drafter.errors" in graph["drafter.cli.main"]
    assert "drafter.cli.common" in graph["drafter.cli.engine"]
    assert "drafter.editor.structure" in graph["drafter.editor.checks"]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycle() -> None:
    graph = import_graph()
    found = cycles(graph)
    if found:
        lines = [f"{len(found)} import cycle(s) among drafter's modules (deferred imports included):"]
        lines += [f"  {_path_in(c, graph)}   (modules: {', '.join(c)})" for c in found]
        pytest.fail("\n".join(lines), pytrace=False)


def test_the_library_does_not_import_the_command_line() -> None:
    """drafter/cli/ is the front door: nothing else imports it, not even inside a function
    (``python -m drafter`` is the one exception)."""
    offenders = []
    for name, path in modules().items():
        if name.startswith("drafter.cli") or name == "drafter.__main__":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                hits = [a.name for a in node.names if a.name.startswith("drafter.cli")]
            elif isinstance(node, ast.ImportFrom):
                hits = [node.module] if (node.module or "").startswith("drafter.cli") else []
            else:
                continue
            offenders += [f"  {path.relative_to(PACKAGE.parent)}:{node.lineno} imports {h}" for h in hits]
    if offenders:
        pytest.fail("the library imports the command line:\n" + "\n".join(offenders), pytrace=False)


def test_no_module_over_800_lines() -> None:
    long = sorted(
        (n, name)
        for name, path in modules().items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    )
    if long:
        lines = [f"{len(long)} module(s) over {MAX_LINES} lines:"]
        lines += [f"  {modules()[name].relative_to(PACKAGE.parent)}: {n} lines" for n, name in reversed(long)]
        pytest.fail("\n".join(lines), pytrace=False)
