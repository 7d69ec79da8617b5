"""Static facts about a verify file, read on the trusted side without running it.

A verify file is an ordinary module: solution functions plus pytest-style tests. A *test* is a
top-level ``def test_*()`` that takes no parameters; a function that takes parameters is never a
test, whatever its name (real solutions are called ``test_duplicate``).
"""

from __future__ import annotations

import ast
import threading
from dataclasses import dataclass, field

# CPython 3.11's AST constructor keeps per-interpreter recursion state; a finalizer that parses
# while another thread parses corrupts it ("AST constructor recursion depth mismatch").
_PARSE_LOCK = threading.RLock()


def parse(code: str, mode: str = "exec") -> ast.AST:
    """``ast.parse``, safe to call from several verification threads."""
    with _PARSE_LOCK:
        return ast.parse(code, mode=mode)


def compile_tree(tree: ast.Module, filename: str):
    """``tree`` compiled as its source would be on its own (no flags of ours, asserts kept).

    Cheaper than compiling the source again: the parse is done. Under the parse lock, because
    turning the tree back into the compiler's own nodes uses the same recursion state.
    """
    with _PARSE_LOCK:
        return compile(tree, filename, "exec", dont_inherit=True, optimize=0)


class AnalysisError(ValueError):
    """The source cannot be verified at all (syntax error, empty module)."""


@dataclass(slots=True)
class ModuleInfo:
    tree: ast.Module
    lines: list[str]
    tests: list[str] = field(default_factory=list)
    functions: list[str] = field(default_factory=list)
    """Top-level functions that are not tests (the solution's candidates for an entry point)."""
    skipped_tests: dict[str, str] = field(default_factory=dict)
    """``test_*`` definitions that are not run as tests, with why."""

    def line(self, lineno: int | None) -> str | None:
        if lineno is None or not 1 <= lineno <= len(self.lines):
            return None
        return self.lines[lineno - 1].strip() or None


def first_line(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Where CPython says a function starts (``co_firstlineno``): its first decorator, if any."""
    return min([node.lineno] + [d.lineno for d in node.decorator_list])


def takes_no_arguments(node: ast.FunctionDef) -> bool:
    """What makes a ``def test_*`` a test: it takes no parameters of any kind."""
    a = node.args
    return not (a.posonlyargs or a.args or a.vararg or a.kwonlyargs or a.kwarg)


def analyze(code: str) -> ModuleInfo:
    """Parse ``code`` and find its tests; raise :class:`AnalysisError` with a one-line reason."""
    if not code.strip():
        raise AnalysisError("the module is empty")
    try:
        tree = parse(code)
    except SyntaxError as exc:
        where = f"line {exc.lineno}: " if exc.lineno else ""
        raise AnalysisError(f"syntax error: {where}{exc.msg}") from None
    except ValueError as exc:  # e.g. source with NUL bytes
        raise AnalysisError(f"cannot parse: {exc}") from None
    if not tree.body:
        raise AnalysisError("the module is empty (only comments)")
    info = ModuleInfo(tree=tree, lines=code.splitlines())
    seen: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.AsyncFunctionDef) and node.name.startswith("test_"):
            info.skipped_tests[node.name] = "async tests are not supported"
        if not isinstance(node, ast.FunctionDef):
            continue
        if node.name.startswith("test_") and takes_no_arguments(node):
            if node.name in seen:
                # A later definition replaces the earlier one; run the name once.
                continue
            seen.add(node.name)
            info.tests.append(node.name)
        else:
            if node.name.startswith("test_"):
                info.skipped_tests[node.name] = "takes parameters, so it is not a test"
            info.functions.append(node.name)
    return info


class Unsupported(Exception):
    """A construct outside what a translation of the code handles (the ``z3`` stage's encoding,
    the ``proof`` stage's Nagini translation): the stage skips, naming it and its line."""

    def __init__(self, what: str, node: ast.AST | None = None) -> None:
        super().__init__(what)
        self.what = what
        self.line: int | None = getattr(node, "lineno", None)

    def __str__(self) -> str:
        return f"{self.what} at line {self.line}" if self.line else self.what
