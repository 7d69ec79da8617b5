"""The import graph of ``src/synthcode``: no circles, and nothing imports a floor above its own.

Every ``import synthcode...`` counts, at module level and inside functions (a lazy import still
ties the two modules together); imports under ``if TYPE_CHECKING:`` never run and do not count.
"""

from __future__ import annotations

import ast
import functools
import sys
from pathlib import Path


SRC = Path(__file__).resolve().parents[1] / "src"

LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("base", ("synthcode", "synthcode.errors", "synthcode.records", "synthcode.config", "synthcode.paths",
              "synthcode.files", "synthcode.registry", "synthcode.allocator", "synthcode.sample",
              "synthcode.analysis", "synthcode.contracts", "synthcode.mutants", "synthcode.benchmarks",
              "synthcode.cliutil")),
    ("sandbox", ("synthcode.sandbox",)),
    ("checks", ("synthcode.mutation", "synthcode.domain")),
    ("stages", ("synthcode.stages",)),
    ("verifier", ("synthcode.verify.inputs", "synthcode.verify.verifier")),
    ("executors", ("synthcode.executors",)),
    ("batch", ("synthcode.verify", "synthcode.verify.batch")),
    ("products", ("synthcode.generate", "synthcode.export", "synthcode.mix", "synthcode.train",
                  "synthcode.evaluation", "synthcode.report")),
    ("commands", ("*.cli", "synthcode.mix.bpe")),
    ("top", ("synthcode.cli", "synthcode.__main__")),
]
"""Floors, lowest first; a module is on the floor of its longest matching prefix (``*.cli``:
any package's command module). A module may import its own floor and those below it."""


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def floor(module: str) -> int:
    if module.endswith(".cli") and module != "synthcode.cli":
        return next(i for i, (_, prefixes) in enumerate(LAYERS) if "*.cli" in prefixes)
    best: tuple[int, int] | None = None
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if module == prefix or module.startswith(prefix + "."):
                if best is None or len(prefix) > best[0]:
                    best = (len(prefix), index)
    if best is None:
        raise AssertionError(f"{module} is on no floor: add it to LAYERS")
    return best[1]


def _type_checking_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imports(path: Path, modules: set[str]) -> set[str]:
    """The synthcode modules ``path`` imports (``from pkg import mod`` names the module)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if _type_checking_only(node):
            for child in node.orelse:  # type: ignore[attr-defined]
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in modules)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target in modules:
                for alias in node.names:
                    child = f"{target}.{alias.name}"
                    found.add(child if child in modules else target)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    found.discard(name)
    return found


@functools.cache
def graph() -> dict[str, set[str]]:
    paths = {module_name(p): p for p in SRC.rglob("*.py")
             if module_name(p).split(".")[0] == "synthcode"}
    modules = set(paths)
    return {name: imports(path, modules) for name, path in paths.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One circle per strongly connected component of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            connect(node)
    return found


def test_the_graph_is_read_from_the_source():
    edges = graph()
    assert "synthcode.verify.batch" in edges["synthcode.verify"]
    assert "synthcode.executors" in edges["synthcode.verify.batch"]
    assert "synthcode.verify.verifier" in edges["synthcode.executors.local"]
    assert "synthcode.verify" not in edges["synthcode.executors.base"]  # only under TYPE_CHECKING


def test_the_cycle_finder_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_circles():
    assert cycles(graph()) == []


def test_nothing_imports_a_floor_above_its_own():
    upward = [f"{name} ({LAYERS[floor(name)][0]}) imports {target} ({LAYERS[floor(target)][0]})"
              for name, targets in sorted(graph().items()) for target in sorted(targets)
              if floor(target) > floor(name)]
    assert upward == []


def test_only_the_entry_point_imports_the_top_level_cli():
    """Every command's module takes what commands share from ``synthcode.cliutil``; the top-level
    ``cli`` loads them, so one of them importing it back would be a circle waiting to happen."""
    edges = graph()
    commands = [name for name in edges if name.endswith(".cli") and name != "synthcode.cli"]
    assert {"synthcode.verify.cli", "synthcode.generate.cli", "synthcode.mix.cli"} <= set(commands)
    assert sorted(name for name, targets in edges.items() if "synthcode.cli" in targets) == ["synthcode.__main__"]
