"""The house rules of docs/ARCHITECTURE.md, checked on the source: layers import only downward,
no package imports itself in a circle (imports inside functions count: a lazy import hides a
circle, it does not remove it), no runtime module is over 600 lines, and `registry/` keeps its
stages in sub-packages."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUNTIME = ("parsers", "registry", "api", "dkkd", "corpora")
# Who may import whom: a package sees only the layers below it.
BELOW = {
    "parsers": set(),
    "registry": {"parsers"},
    "api": {"parsers", "registry"},
    "corpora": {"parsers", "registry"},
    "dkkd": {"parsers", "registry", "api", "corpora"},
}
MAX_LINES = 600
# Migrations are frozen history: a revision is never split or edited once released.
NOT_COUNTED = ("registry/store/migrations/",)


def _modules() -> dict[str, Path]:
    out: dict[str, Path] = {}
    for pkg in RUNTIME:
        for f in (ROOT / pkg).rglob("*.py"):
            rel = f.relative_to(ROOT)
            if rel.parts[:2] == ("corpora", "sample"):
                continue
            parts = rel.with_suffix("").parts
            out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = f
    return out


MODULES = _modules()


def _imports(path: Path) -> set[str]:
    """Project modules `path` imports, anywhere in it (`from a import b` names a.b when b is a module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            subs = {f"{node.module}.{a.name}" for a in node.names} & MODULES.keys()
            found |= subs
            # `from pkg import sub` needs only the submodule; any other name comes from pkg itself.
            if node.module in MODULES and len(subs) < len(node.names):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in MODULES)
    return found


GRAPH = {name: _imports(path) for name, path in MODULES.items()}


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(GRAPH):
        if root in index:
            continue
        work = [(root, iter(sorted(GRAPH[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(GRAPH[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    comp.append(top)
                    if top == node:
                        break
                if len(comp) > 1:
                    found.append(sorted(comp))
    return found


def test_no_import_circles() -> None:
    assert _cycles() == []


def test_layers_import_downward_only() -> None:
    wrong = defaultdict(list)
    for name, targets in GRAPH.items():
        layer = name.split(".")[0]
        for t in targets:
            other = t.split(".")[0]
            if other != layer and other not in BELOW[layer]:
                wrong[name].append(t)
    assert dict(wrong) == {}


def test_runtime_packages_hold_no_test_helpers() -> None:
    """Tests and benches use the runtime; nothing in it reaches back into tests/ or bench/."""
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert node.module.split(".")[0] not in {"tests", "bench", "pytest"}, name
            elif isinstance(node, ast.Import):
                for a in node.names:
                    assert a.name.split(".")[0] not in {"tests", "bench", "pytest"}, name


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_length(name: str) -> None:
    path = MODULES[name]
    rel = path.relative_to(ROOT).as_posix()
    if rel.startswith(NOT_COUNTED):
        return
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{rel}: {lines} lines"


def test_registry_keeps_its_stages_in_subpackages() -> None:
    top = sorted(p.name for p in (ROOT / "registry").glob("*.py"))
    assert len(top) <= 10, top
    stages = {p.name for p in (ROOT / "registry").iterdir() if (p / "__init__.py").exists()}
    assert {"store", "importers", "consolidation", "matching", "scan", "queries"} <= stages
