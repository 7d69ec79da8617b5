"""First-order mutants of a sample's solution code, for measuring how strong its tests are.

Not to be confused with :mod:`synthcode.mutation`, which mutates *inputs* for differential
testing. Here the *code* changes: each mutant is the sample with exactly one small change in one
solution function (a top-level function that is neither a test nor a test helper, or a method of
a top-level class). Tests that pass on a mutant did not notice that change; a test suite that
notices few of them is weak, whatever it asserts.

Kinds of change (``Mutant.kind``):

* ``arithmetic``: ``+`` and ``-`` swapped, ``*`` to ``/`` (``/`` to ``*``), ``//`` to ``/``, ``%``
  to ``//``, ``**`` to ``*`` (also in augmented assignments); unary minus dropped;
* ``comparison``: ``<`` and ``<=``, ``>`` and ``>=`` (the boundary), ``==`` and ``!=``, ``in`` and
  ``not in``, ``is`` and ``is not``;
* ``boolean``: ``and`` and ``or`` swapped, a ``not`` dropped;
* ``constant``: an integer constant ±1, a float doubled, ``True`` and ``False`` swapped, a
  non-empty string emptied;
* ``range``: a bound of a ``range(...)`` call ±1;
* ``return``: a returned expression replaced by ``None``;
* ``statement``: an augmented assignment, an expression statement (say ``out.append(x)``), an
  assignment to an item or attribute, ``break`` or ``continue`` replaced by ``pass``;
* ``condition``: the condition of an ``if`` or a conditional expression made ``True``, then
  ``False`` (the branch always, or never, taken);
* ``arguments``: the first two positional arguments of a call swapped.

Generation is deterministic and capped: candidates are grouped by kind and the cap is shared out
round-robin over the kinds (in the order above), each kind's share spread evenly over its
candidates in source order; the mutants come interleaved by kind (one of each kind, then the
next of each), so any prefix of them is spread over the kinds too. A mutant is carried as the mutated source of the one top-level
statement it changes (``Mutant.statement``), which the sandbox executes over a fresh copy of the
module::

    for mutant in generate_mutants(info.tree, limit=30):
        print(mutant.describe())   # "line 4: comparison `i < n` -> `i <= n` in count"
"""

from __future__ import annotations

import ast
import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass


KINDS = ("arithmetic", "comparison", "boolean", "constant", "range", "return", "statement", "condition",
         "arguments")
MAX_MUTANTS = 30
"""Default cap on mutants per sample."""
SHOWN = 80

_BINARY: dict[type, type] = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult,
                             ast.FloorDiv: ast.Div, ast.Mod: ast.FloorDiv, ast.Pow: ast.Mult}
_COMPARE: dict[type, type] = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
                              ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In,
                              ast.Is: ast.IsNot, ast.IsNot: ast.Is}
_BOOL: dict[type, type] = {ast.And: ast.Or, ast.Or: ast.And}


@dataclass(frozen=True, slots=True)
class Mutant:
    """One first-order change to one top-level statement of the sample."""

    index: int
    kind: str
    function: str
    """The top-level function or class whose code changed."""
    line: int
    before: str
    """Source of the changed node before and after (clipped), for people."""
    after: str
    statement: str
    """The whole mutated top-level statement, as source, to execute over the original module."""

    def describe(self) -> str:
        return f"line {self.line}: {self.kind} `{self.before}` -> `{self.after}` in {self.function}"


_SYMBOLS: dict[type, str] = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//",
                             ast.Mod: "%", ast.Pow: "**", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
                             ast.Eq: "==", ast.NotEq: "!=", ast.In: "in", ast.NotIn: "not in", ast.Is: "is",
                             ast.IsNot: "is not", ast.And: "and", ast.Or: "or"}
_WORDS = {"in", "not in", "is", "is not", "and", "or"}


@dataclass(slots=True)
class _Site:
    """One place a mutation applies: the source from ``start`` to ``end`` (line, UTF-8 byte
    column, as the AST counts them) becomes ``text``."""

    kind: str
    start: tuple[int, int]
    end: tuple[int, int]
    text: str


class _Source:
    """The sample's lines as UTF-8 bytes, since AST columns count bytes."""

    def __init__(self, code: str) -> None:
        self.lines = code.encode("utf-8", "surrogatepass").splitlines(keepends=True)

    def between(self, start: tuple[int, int], end: tuple[int, int]) -> str:
        (l1, c1), (l2, c2) = start, end
        if l1 == l2:
            return self.lines[l1 - 1][c1:c2].decode("utf-8", "replace")
        parts = [self.lines[l1 - 1][c1:], *self.lines[l1:l2 - 1], self.lines[l2 - 1][:c2]]
        return b"".join(parts).decode("utf-8", "replace")

    def of(self, node: ast.AST) -> str:
        return self.between(_start(node), _end(node))


def _start(node: ast.AST) -> tuple[int, int]:
    return node.lineno, node.col_offset  # type: ignore[attr-defined]


def _end(node: ast.AST) -> tuple[int, int]:
    return node.end_lineno, node.end_col_offset  # type: ignore[attr-defined]


def _swap_operator(text: str, old: type, new: type, augmented: bool = False) -> str | None:
    """``text`` (what lies between two operands) with its operator ``old`` written as ``new``
    (``-=`` as ``+=`` when ``augmented``)."""
    before, after = _SYMBOLS[old], _SYMBOLS[new]
    if augmented:
        changed = text.replace(before + "=", after + "=", 1)
        return changed if changed != text else None
    if before in _WORDS:
        pattern = r"\b" + before.replace(" ", r"\s+") + r"\b"
        changed, count = re.subn(pattern, after, text, count=1)
    else:
        # The longest operator containing the symbol must not match (`*` inside `**`, `<` in `<=`).
        pattern = re.escape(before) + r"(?![=*/<>])"
        changed, count = re.subn(r"(?<![*/<>=!])" + pattern, after, text, count=1)
    return changed if count else None


def _calls_a_function(node: ast.AST, callables: set[str]) -> bool:
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in callables
               for n in ast.walk(node))


def is_test_helper(node: ast.FunctionDef | ast.AsyncFunctionDef, solution_names: set[str]) -> bool:
    """True for test code that is not a test itself: a function with an ``assert`` on a call of
    one of its parameters (HumanEval's ``check(candidate)``) or of a top-level function, or on a
    name assigned from such a call (a property test: ``result = f(xs)``, ``assert result >= 0``).

    A solution's own leading asserts (``assert n >= 0``, ``assert isinstance(x, int)``) check
    neither, so the function stays a solution function.
    """
    a = node.args
    params = {p.arg for p in [*a.posonlyargs, *a.args, *a.kwonlyargs]}
    params |= {p.arg for p in (a.vararg, a.kwarg) if p is not None}
    callables = params | solution_names
    results = {target.id for n in ast.walk(node) if isinstance(n, (ast.Assign, ast.AnnAssign))
               and n.value is not None and _calls_a_function(n.value, callables)
               for target in (n.targets if isinstance(n, ast.Assign) else [n.target])
               if isinstance(target, ast.Name)}
    for n in ast.walk(node):
        if isinstance(n, ast.Assert) and (_calls_a_function(n.test, callables) or any(
                isinstance(name, ast.Name) and name.id in results for name in ast.walk(n.test))):
            return True
    return False


def solution_statements(tree: ast.Module, tests: list[str]) -> list[ast.stmt]:
    """The top-level functions and classes whose code is mutated: not tests, not test helpers."""
    tested = set(tests)
    defs = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            and n.name not in tested]
    names = {n.name for n in defs}
    return [n for n in defs if isinstance(n, ast.ClassDef) or not is_test_helper(n, names)]


def _walk(node: ast.AST) -> Iterator[ast.AST]:
    """``ast.walk`` in source order, not entering f-strings (their parts' positions are not
    their own in CPython 3.11)."""
    yield node
    for child in ast.iter_child_nodes(node):
        if not isinstance(child, ast.JoinedStr):
            yield from _walk(child)


def _sites(statement: ast.stmt, source: _Source) -> Iterator[_Site]:
    """Every place one mutation applies inside ``statement``, in source order."""
    docstrings = {id(scope.body[0].value) for scope in _walk(statement)
                  if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                  and scope.body and isinstance(scope.body[0], ast.Expr)}
    for node in _walk(statement):
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            text = _swap_operator(source.between(_end(node.left), _start(node.right)), type(node.op),
                                  _BINARY[type(node.op)])
            if text is not None:
                yield _Site("arithmetic", _end(node.left), _start(node.right), text)
        elif isinstance(node, ast.AugAssign) and type(node.op) in _BINARY:
            text = _swap_operator(source.between(_end(node.target), _start(node.value)), type(node.op),
                                  _BINARY[type(node.op)], augmented=True)
            if text is not None:
                yield _Site("arithmetic", _end(node.target), _start(node.value), text)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.Not)):
            kind = "arithmetic" if isinstance(node.op, ast.USub) else "boolean"
            yield _Site(kind, _start(node), _end(node), f"({source.of(node.operand)})")
        elif isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            for i, op in enumerate(node.ops):
                if type(op) in _COMPARE:
                    start, end = _end(operands[i]), _start(operands[i + 1])
                    text = _swap_operator(source.between(start, end), type(op), _COMPARE[type(op)])
                    if text is not None:
                        yield _Site("comparison", start, end, f" {text.strip()} ")
        elif isinstance(node, ast.BoolOp):
            old, new = type(node.op), _BOOL[type(node.op)]
            parts = [source.of(node.values[0])]
            for left, right in zip(node.values, node.values[1:]):
                text = _swap_operator(source.between(_end(left), _start(right)), old, new)
                if text is None:
                    break
                parts += [text, source.of(right)]
            else:
                yield _Site("boolean", _start(node.values[0]), _end(node.values[-1]), "".join(parts))
        elif isinstance(node, ast.Constant) and id(node) not in docstrings:
            value = node.value
            if type(value) is bool:
                yield _Site("constant", _start(node), _end(node), repr(not value))
            elif type(value) is int:
                yield _Site("constant", _start(node), _end(node), repr(value + 1))
                yield _Site("constant", _start(node), _end(node), f"({value - 1})")
            elif type(value) is float:
                yield _Site("constant", _start(node), _end(node), f"({value * 2 if value else 1.0!r})")
            elif type(value) is str and value:
                yield _Site("constant", _start(node), _end(node), "''")
        elif isinstance(node, ast.Return) and node.value is not None and not (
                isinstance(node.value, ast.Constant) and node.value.value is None):
            yield _Site("return", _start(node.value), _end(node.value), "None")
        elif isinstance(node, (ast.If, ast.IfExp)):
            yield _Site("condition", _start(node.test), _end(node.test), "True")
            yield _Site("condition", _start(node.test), _end(node.test), "False")
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name) and node.func.id == "range" and not node.keywords \
                    and 1 <= len(node.args) <= 3 and not any(isinstance(a, ast.Starred) for a in node.args):
                for bound in node.args[:2]:
                    if not (isinstance(bound, ast.Constant) and type(bound.value) is int):  # constants: above
                        text = source.of(bound)
                        yield _Site("range", _start(bound), _end(bound), f"({text}) + 1")
                        yield _Site("range", _start(bound), _end(bound), f"({text}) - 1")
            if len(node.args) >= 2 and not any(isinstance(a, ast.Starred) for a in node.args[:2]):
                first, second = source.of(node.args[0]), source.of(node.args[1])
                if first != second:
                    middle = source.between(_end(node.args[0]), _start(node.args[1]))
                    yield _Site("arguments", _start(node.args[0]), _end(node.args[1]), second + middle + first)
        for field in ("body", "orelse", "finalbody"):
            body = getattr(node, field, None)
            if not isinstance(body, list) or isinstance(node, ast.ClassDef):
                continue
            for stmt in body:
                if isinstance(stmt, (ast.Break, ast.Continue)) or (len(body) > 1 and _droppable(stmt)):
                    yield _Site("statement", _start(stmt), _end(stmt), "pass")


def _droppable(stmt: ast.stmt) -> bool:
    if isinstance(stmt, ast.AugAssign):
        return True
    if isinstance(stmt, ast.Expr):
        return isinstance(stmt.value, ast.Call)
    if isinstance(stmt, ast.Assign):
        return all(isinstance(t, (ast.Subscript, ast.Attribute)) for t in stmt.targets)
    return False


def _spread(count: int, take: int) -> list[int]:
    """``take`` positions out of ``range(count)``, evenly spread (the first, then every step)."""
    if take >= count:
        return list(range(count))
    return sorted({(i * count) // take for i in range(take)})


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHOWN else text[:SHOWN - 3] + "..."


def _first_line(statement: ast.stmt) -> int:
    decorators = getattr(statement, "decorator_list", [])
    return min([statement.lineno] + [d.lineno for d in decorators])


def generate_mutants(code: str, tree: ast.Module, tests: list[str] | None = None,
                     limit: int = MAX_MUTANTS) -> list[Mutant]:
    """Up to ``limit`` distinct first-order mutants of the solution code in ``code`` (``tree`` is
    its parse, which is not changed).

    Each mutant's ``statement`` is the source of its top-level statement with one span of text
    replaced, preceded by blank lines so that its line numbers are the sample's own. Built by
    editing text rather than unparsing trees: a few microseconds a mutant instead of a fraction
    of a millisecond.
    """
    if not isinstance(limit, int) or limit < 1:
        raise ValueError(f"limit must be a positive integer, got {limit!r}")
    source = _Source(code)
    found: dict[str, list[tuple[ast.stmt, _Site]]] = {kind: [] for kind in KINDS}
    for statement in solution_statements(tree, tests or []):
        for site in _sites(statement, source):
            found[site.kind].append((statement, site))
    quota = {kind: 0 for kind in KINDS}
    left = limit
    while left > 0 and any(quota[k] < len(found[k]) for k in KINDS):
        for kind in KINDS:
            if left and quota[kind] < len(found[kind]):
                quota[kind] += 1
                left -= 1
    chosen: dict[str, list[Mutant]] = {kind: [] for kind in KINDS}
    seen: set[tuple[int, tuple[int, int], tuple[int, int], str]] = set()
    for kind in KINDS:
        for position in _spread(len(found[kind]), quota[kind]):
            statement, site = found[kind][position]
            before = source.between(site.start, site.end)
            key = (id(statement), site.start, site.end, site.text)
            if before == site.text or key in seen:
                continue
            seen.add(key)
            first, last = _first_line(statement), statement.end_lineno or statement.lineno
            head = source.between((first, 0), site.start)
            tail = source.between(site.end, (last, len(source.lines[last - 1])))
            text = site.text
            if head[-1:].isalnum() or head[-1:] == "_":  # `if(x)` made `ifTrue`
                text = " " + text
            if tail[:1].isalnum() or tail[:1] == "_":
                text += " "
            chosen[kind].append(Mutant(index=0, kind=kind, function=statement.name,  # type: ignore[attr-defined]
                                       line=site.start[0], before=_clip(before), after=_clip(site.text),
                                       statement="\n" * (first - 1) + head + text + tail))
    # Interleaved by kind, so that the mutants a time budget lets run (a prefix) are spread too.
    rounds = max((len(m) for m in chosen.values()), default=0)
    ordered = [chosen[kind][r] for r in range(rounds) for kind in KINDS if r < len(chosen[kind])]
    return [dataclasses.replace(mutant, index=i) for i, mutant in enumerate(ordered)]
