"""Reading a model's completions: problems (tagged sections), solutions and tests (one code block).

Nothing here raises on bad model output: every parser returns a value or a :class:`Rejection`
with a category (a short, stable name counted in ``stats.json``) and a one-line detail::

    problem = parse_problem(text, finish_reason="stop")
    if isinstance(problem, Rejection):
        print(problem.category, problem.detail)       # e.g. "refusal", "truncated", "missing-section"
    solution = parse_solution(text, "stop", problem.entry_point)   # -> source code or Rejection

Categories: ``truncated`` (finish reason ``length``), ``empty``, ``refusal``, ``missing-section``,
``no-code-block``, ``several-code-blocks``, ``syntax-error``, ``wrong-name``, ``bad-signature``,
``bad-contract``, ``bad-strategy``, ``no-tests``.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from synthcode.analysis import first_line, parse, takes_no_arguments
from synthcode.errors import one_line

SECTIONS = ("statement", "signature", "contracts", "examples", "strategy")
REQUIRED = ("statement", "signature", "strategy")

_FENCE = re.compile(r"^[ \t]*```[ \t]*([\w+-]*)[ \t]*\n(.*?)^[ \t]*```[ \t]*$", re.S | re.M)
_REFUSAL = re.compile(
    r"^\s*(?:i'?m sorry|i am sorry|sorry,|i can(?:no|')t|i cannot|i won'?t|i'm unable|i am unable|"
    r"as an ai|unfortunately,? i)", re.I)
_CONTRACT_LINE = re.compile(r"^(pre|post|raises)\s*:\s*(.+)$")
# What ast.parse raises on text that is not Python: null bytes are a ValueError, absurdly deep
# nesting a RecursionError or MemoryError.
UNPARSABLE = (SyntaxError, ValueError, RecursionError, MemoryError)


@dataclass(frozen=True, slots=True)
class Rejection:
    """Why a completion was not usable."""

    category: str
    detail: str

    def __str__(self) -> str:
        return f"{self.category}: {self.detail}"


@dataclass(frozen=True, slots=True)
class Problem:
    statement: str
    signature: str
    """One line, ``def name(arg: type, ...) -> type:``."""
    entry_point: str
    params: tuple[str, ...]
    contracts: str
    """PEP 316 lines, ``pre: ...`` / ``post: ...`` / ``raises: ...``, newline-separated."""
    examples: str
    strategy: str
    """One expression over ``st`` that draws a tuple with one value per parameter."""


def _common(text: str | None, finish_reason: str) -> Rejection | None:
    if finish_reason == "length":
        return Rejection("truncated", "the completion hit max_tokens (finish_reason 'length')")
    if not text or not text.strip():
        return Rejection("empty", "the completion is empty")
    return None


def _quote(text: str) -> str:
    """A short quote of the model's text in a rejection reason."""
    return one_line(text, limit=60)


def _looks_like_refusal(text: str) -> bool:
    return bool(_REFUSAL.match(text))


def code_blocks(text: str) -> list[str]:
    """The bodies of the fenced code blocks in ``text``, in order."""
    return [m.group(2) for m in _FENCE.finditer(text)]


def _strip_fence(text: str) -> str:
    blocks = code_blocks(text)
    return blocks[0].strip() if len(blocks) == 1 else text.strip()


def _section(text: str, name: str) -> str | None:
    match = re.search(rf"<{name}>(.*?)</{name}>", text, re.S | re.I)
    return None if match is None else match.group(1).strip()


def _parse_expr(source: str) -> ast.expr | None:
    try:
        return parse(source, mode="eval").body  # type: ignore[attr-defined]
    except UNPARSABLE:
        return None


def parse_problem(text: str | None, finish_reason: str = "stop") -> Problem | Rejection:
    """A problem from the tagged sections of ``prompts/problem/*.j2``'s answer."""
    common = _common(text, finish_reason)
    if common is not None:
        return common
    assert text is not None
    found = {name: _section(text, name) for name in SECTIONS}
    missing = [name for name in REQUIRED if not found[name]]
    if missing:
        if all(found[name] is None for name in SECTIONS) and _looks_like_refusal(text):
            return Rejection("refusal", f"the model declined: {_quote(text)!r}")
        return Rejection("missing-section", f"no <{missing[0]}> section")
    statement = found["statement"] or ""

    signature = _strip_fence(found["signature"] or "")
    lines = [line for line in signature.splitlines() if line.strip()]
    if len(lines) != 1:
        return Rejection("bad-signature", f"expected one line, got {len(lines)}")
    signature = lines[0].strip()
    if not signature.endswith(":"):
        signature += ":"
    try:
        tree = parse(signature + "\n    ...\n")
    except UNPARSABLE as exc:
        return Rejection("bad-signature", f"not a Python def: {getattr(exc, 'msg', None) or type(exc).__name__}")
    node = tree.body[0] if len(tree.body) == 1 else None  # type: ignore[attr-defined]
    if not isinstance(node, ast.FunctionDef):
        return Rejection("bad-signature", f"not a function definition: {_quote(signature)!r}")
    args = node.args
    if args.vararg or args.kwarg or args.kwonlyargs or args.posonlyargs:
        return Rejection("bad-signature", "only plain positional parameters are supported")
    if not args.args:
        return Rejection("bad-signature", "the function takes no arguments")
    unhinted = [a.arg for a in args.args if a.annotation is None]
    if unhinted or node.returns is None:
        return Rejection("bad-signature", f"missing type hints ({', '.join(unhinted) or 'return'})")
    if node.name.startswith("test_"):
        return Rejection("bad-signature", f"a function named {node.name!r} would be taken for a test")
    params = tuple(a.arg for a in args.args)

    contracts = []
    for raw in _strip_fence(found["contracts"] or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        match = _CONTRACT_LINE.match(line)
        if match is None:
            return Rejection("bad-contract", f"not a 'pre:'/'post:' line: {_quote(line)!r}")
        kind, expr = match.groups()
        if kind != "raises" and _parse_expr(expr) is None:
            return Rejection("bad-contract", f"{kind}: not a Python expression: {_quote(expr)!r}")
        contracts.append(f"{kind}: {expr.strip()}")

    strategy = _strip_fence(found["strategy"] or "")
    expr = _parse_expr(strategy)
    if expr is None:
        return Rejection("bad-strategy", f"not a Python expression: {_quote(strategy)!r}")
    if not any(isinstance(n, ast.Name) and n.id == "st" for n in ast.walk(expr)):
        return Rejection("bad-strategy", "the strategy does not use st (hypothesis.strategies)")
    return Problem(statement=statement, signature=signature, entry_point=node.name, params=params,
                   contracts="\n".join(contracts), examples=_strip_fence(found["examples"] or ""),
                   strategy=" ".join(strategy.split()) if "\n" in strategy else strategy)


def _one_block(text: str | None, finish_reason: str) -> str | Rejection:
    common = _common(text, finish_reason)
    if common is not None:
        return common
    assert text is not None
    blocks = [b for b in code_blocks(text) if b.strip()]
    if not blocks:
        if _looks_like_refusal(text):
            return Rejection("refusal", f"the model declined: {_quote(text)!r}")
        return Rejection("no-code-block", f"no fenced code block in {_quote(text)!r}")
    if len(blocks) > 1:
        return Rejection("several-code-blocks", f"{len(blocks)} code blocks, expected one")
    code = blocks[0].strip("\n")
    try:
        parse(code)
    except SyntaxError as exc:
        return Rejection("syntax-error", f"line {exc.lineno}: {exc.msg}")
    except (ValueError, RecursionError, MemoryError) as exc:
        return Rejection("syntax-error", str(exc) or type(exc).__name__)
    return code + "\n"


def parse_solution(text: str | None, finish_reason: str, entry_point: str) -> str | Rejection:
    """The code of a solution that defines ``entry_point`` at the top level and no tests."""
    code = _one_block(text, finish_reason)
    if isinstance(code, Rejection):
        return code
    tree = parse(code)
    names = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]  # type: ignore[attr-defined]
    if entry_point not in names:
        got = ", ".join(names) or "no function"
        return Rejection("wrong-name", f"defines {got}, not {entry_point!r}")
    if any(name.startswith("test_") for name in names):
        return Rejection("several-code-blocks", "the solution defines tests")
    return code


def parse_tests(text: str | None, finish_reason: str, entry_point: str) -> str | Rejection:
    """Pytest-style test functions that call ``entry_point`` (and do not redefine it)."""
    code = _one_block(text, finish_reason)
    if isinstance(code, Rejection):
        return code
    tree = parse(code)
    body = tree.body  # type: ignore[attr-defined]
    tests = [n for n in body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")
             and takes_no_arguments(n)]  # the verifier's own definition of a test
    if not tests:
        return Rejection("no-tests", "no test_* functions without arguments")
    if any(isinstance(n, (ast.FunctionDef, ast.ClassDef)) and n.name == entry_point for n in body):
        return Rejection("no-tests", f"the tests redefine {entry_point!r}")
    if not any(isinstance(n, ast.Name) and n.id == entry_point for t in tests for n in ast.walk(t)):
        return Rejection("no-tests", f"no test calls {entry_point!r}")
    # Keep only the tests and the imports they need; anything else the model added is dropped.
    keep = [n for n in body if n in tests or isinstance(n, (ast.Import, ast.ImportFrom))
            and all((a.asname or a.name) != entry_point for a in n.names)]
    lines = code.splitlines()
    parts = []
    for node in keep:
        start = first_line(node) if isinstance(node, ast.FunctionDef) else node.lineno
        parts.append("\n".join(lines[start - 1: node.end_lineno]))
    return "\n\n\n".join(parts) + "\n"
