"""Contracts of a module's top-level functions, read from the AST without running anything.

Three ways of writing a contract are recognised, and all end up as :class:`Condition` lists:

* PEP 316 docstring lines, in CrossHair's syntax: ``pre: EXPR``, ``post: EXPR`` (also
  ``post[x, y]: EXPR``, whose bracket, CrossHair's list of mutable arguments, is not kept, and a
  bare ``post:`` header followed by indented expressions, one per line), and
  ``raises: ValueError, KeyError``. ``__return__`` is the result and ``__old__.x`` the value of
  argument ``x`` on entry.
* Leading ``assert`` statements (right after the docstring) that mention only parameters and
  builtins: preconditions. Scanning stops at the first statement that is not one.
* icontract decorators, ``@icontract.require(lambda x: ...)`` and ``@icontract.ensure(lambda
  result, x: ...)``, also through ``import icontract as ic`` or ``from icontract import require``;
  ``result`` becomes ``__return__`` and ``OLD`` becomes ``__old__``; description strings are ignored.

Loop invariants are comment lines ``# invariant: EXPR`` at the very top of a ``while`` or ``for``
body (before its first statement), one boolean expression each; they are read from the source
lines (comments are not in the AST) into :attr:`FunctionContract.invariants`, keyed by the loop's
line, and only the ``proof`` stage uses them (:mod:`synthcode.proofs.nagini`).

::

    contracts = extract_contracts(ast.parse(source))
    for problem in contracts.problems:        # e.g. a ``pre:`` line that is not an expression
        print(problem)
    for name, contract in contracts.functions.items():
        print(name, [c.source for c in contract.pre], [c.source for c in contract.post])

Only functions with at least one precondition or postcondition appear in ``functions``; a function
defined twice is judged by its last definition, as Python would. Methods, nested and ``async``
functions are not read.
"""

from __future__ import annotations

import ast
import builtins
import copy
import re
from dataclasses import dataclass, field
from typing import Literal

from synthcode.analysis import parse

Origin = Literal["docstring", "assert", "icontract", "comment"]

RETURN = "__return__"
OLD = "__old__"

_BUILTINS = frozenset(dir(builtins))

# CrossHair's header syntax: optional leading colon, keyword, optional [mutable args], one or two colons.
_HEADER = re.compile(r"^(\s*):?(pre|post|raises|inv)(?:\[([\w\s,.]*)\])?::?\s*(.*?)\s*$")


@dataclass(frozen=True, slots=True)
class Condition:
    """One precondition or postcondition: an expression over the parameters (and ``__return__``)."""

    source: str
    expr: ast.expr
    """The parsed expression; its line numbers are the sample's own."""
    origin: Origin
    line: int

    def mentions(self, name: str) -> bool:
        return any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(self.expr))

    @property
    def uses_old(self) -> bool:
        """True when the condition reads ``__old__`` (argument values on entry)."""
        return self.mentions(OLD)


@dataclass(slots=True)
class FunctionContract:
    """The contract of one top-level function."""

    name: str
    params: list[str]
    """Named parameters in order (positional-only, regular, keyword-only); not ``*args``/``**kwargs``."""
    annotations: dict[str, str]
    """Parameter annotations as source text, for the parameters that have one."""
    returns: str | None
    pre: list[Condition] = field(default_factory=list)
    post: list[Condition] = field(default_factory=list)
    raises: list[str] = field(default_factory=list)
    """Exception names a ``raises:`` docstring line declares (the function may raise them)."""
    node: ast.FunctionDef | None = None
    other_decorators: list[ast.expr] = field(default_factory=list)
    """Decorators that are not contracts (they may change what the function does)."""
    invariants: dict[int, list[Condition]] = field(default_factory=dict)
    """``# invariant:`` lines by the line of the ``while``/``for`` loop whose body they open."""


@dataclass(frozen=True, slots=True)
class ContractProblem:
    """A contract that was written but cannot be read, e.g. a ``post:`` line that does not parse."""

    function: str
    line: int
    message: str
    invalid: bool = True
    """True when the contract itself is wrong (does not parse, or icontract would reject it); False
    when it is valid Python but not readable here (an icontract condition that is not a lambda)."""

    def __str__(self) -> str:
        return f"line {self.line}: {self.function}: {self.message}"


@dataclass(slots=True)
class ModuleContracts:
    functions: dict[str, FunctionContract] = field(default_factory=dict)
    problems: list[ContractProblem] = field(default_factory=list)


def extract_contracts(tree: ast.Module, lines: list[str] | None = None) -> ModuleContracts:
    """Read the contracts of every top-level function in ``tree``; loop invariants too when the
    source ``lines`` are given (they are comments, which the tree does not keep)."""
    out = ModuleContracts()
    names = _IcontractNames.of(tree)
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        out.functions.pop(node.name, None)
        out.problems = [p for p in out.problems if p.function != node.name]
        contract, problems = _function_contract(node, names)
        if lines is not None:
            _read_invariants(node, lines, contract, problems)
        out.problems.extend(problems)
        if contract.pre or contract.post:
            out.functions[node.name] = contract
    return out


def _function_contract(
    node: ast.FunctionDef, names: _IcontractNames
) -> tuple[FunctionContract, list[ContractProblem]]:
    args = node.args
    params = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
    annotations = {a.arg: ast.unparse(a.annotation)
                   for a in (*args.posonlyargs, *args.args, *args.kwonlyargs) if a.annotation is not None}
    contract = FunctionContract(
        name=node.name, params=params, annotations=annotations,
        returns=ast.unparse(node.returns) if node.returns is not None else None, node=node,
    )
    problems: list[ContractProblem] = []
    _read_docstring(node, contract, problems)
    contract.pre.extend(_leading_asserts(node, set(params)))
    _read_icontract(node, contract, names, problems)
    return contract, problems


def _read_docstring(node: ast.FunctionDef, contract: FunctionContract, problems: list[ContractProblem]) -> None:
    if not (node.body and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant) and isinstance(node.body[0].value.value, str)):
        return
    first = node.body[0].value.lineno
    # Raw lines, not inspect.cleandoc: cleaning drops leading blank lines and would shift line numbers.
    section: tuple[str, int] | None = None
    for offset, text in enumerate(node.body[0].value.value.splitlines()):
        line = first + offset
        if not text.strip():
            continue
        if section is not None:
            indent = len(text) - len(text.lstrip())
            if indent > section[1]:
                if not text.strip().startswith("#"):
                    _add_docstring_item(section[0], text.strip(), line, contract, problems)
                continue
            section = None
        match = _HEADER.match(text)
        if match is None:
            continue
        indent, kind, _mutable, inline = match.groups()
        if kind == "inv":  # class invariants; a function has none
            continue
        if inline and not inline.startswith("#"):
            _add_docstring_item(kind, inline, line, contract, problems)
        else:
            section = (kind, len(indent))


def _add_docstring_item(kind: str, text: str, line: int, contract: FunctionContract,
                        problems: list[ContractProblem]) -> None:
    if kind == "raises":
        contract.raises.extend(n.strip() for n in text.split(",") if n.strip())
        return
    try:
        expr = parse(text, mode="eval").body
    except SyntaxError as exc:
        problems.append(ContractProblem(contract.name, line, f"{kind}: `{text}` does not parse ({exc.msg})"))
        return
    ast.increment_lineno(expr, line - 1)
    condition = Condition(source=text, expr=expr, origin="docstring", line=line)
    (contract.pre if kind == "pre" else contract.post).append(condition)


_INVARIANT = re.compile(r"^\s*#\s*invariant:\s*(.*?)\s*$")


def _read_invariants(node: ast.FunctionDef, lines: list[str], contract: FunctionContract,
                     problems: list[ContractProblem]) -> None:
    """The ``# invariant:`` comments between each loop's header and its first statement."""
    for loop in ast.walk(node):
        if not isinstance(loop, (ast.While, ast.For)) or not loop.body:
            continue
        found: list[Condition] = []
        line = loop.body[0].lineno - 1
        while line > loop.lineno:  # upward over the comment and blank lines right above the body
            text = lines[line - 1] if line <= len(lines) else ""
            if text.strip() and not text.strip().startswith("#"):
                break
            match = _INVARIANT.match(text)
            if match:
                try:
                    expr = parse(match.group(1), mode="eval").body
                except SyntaxError as exc:
                    problems.append(ContractProblem(contract.name, line,
                                                    f"invariant: `{match.group(1)}` does not parse ({exc.msg})"))
                else:
                    ast.increment_lineno(expr, line - 1)
                    found.append(Condition(source=match.group(1), expr=expr, origin="comment", line=line))
            line -= 1
        if found:
            contract.invariants[loop.lineno] = found[::-1]


def _leading_asserts(node: ast.FunctionDef, params: set[str]) -> list[Condition]:
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        body = body[1:]
    found: list[Condition] = []
    for stmt in body:
        if not isinstance(stmt, ast.Assert) or any(isinstance(n, ast.NamedExpr) for n in ast.walk(stmt.test)):
            break
        if not _free_names(stmt.test) <= params | _BUILTINS:
            break  # an assert about a global or a local is a check, not a precondition
        found.append(Condition(source=ast.unparse(stmt.test), expr=stmt.test, origin="assert", line=stmt.lineno))
    return found


def _free_names(expr: ast.expr) -> set[str]:
    """Names read by ``expr``, less those its comprehensions and lambdas bind."""
    loaded: set[str] = set()
    bound: set[str] = set()
    for n in ast.walk(expr):
        if isinstance(n, ast.Name):
            (loaded if isinstance(n.ctx, ast.Load) else bound).add(n.id)
        elif isinstance(n, ast.arg):
            bound.add(n.arg)
    return loaded - bound


@dataclass(slots=True)
class _IcontractNames:
    """How the module can refer to icontract's ``require`` and ``ensure``."""

    modules: set[str]
    functions: dict[str, str]
    """Local name -> ``require`` or ``ensure``."""

    @classmethod
    def of(cls, tree: ast.Module) -> _IcontractNames:
        names = cls(modules={"icontract"}, functions={})
        for stmt in tree.body:
            if isinstance(stmt, ast.Import):
                names.modules.update(a.asname or a.name for a in stmt.names if a.name == "icontract")
            elif isinstance(stmt, ast.ImportFrom) and stmt.module == "icontract":
                for a in stmt.names:
                    if a.name == "*":
                        names.functions.update(require="require", ensure="ensure")
                    elif a.name in ("require", "ensure"):
                        names.functions[a.asname or a.name] = a.name
        return names

    def kind(self, decorator: ast.expr) -> str | None:
        func = decorator.func if isinstance(decorator, ast.Call) else None
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
                and func.value.id in self.modules and func.attr in ("require", "ensure"):
            return func.attr
        if isinstance(func, ast.Name):
            return self.functions.get(func.id)
        return None


class _Rename(ast.NodeTransformer):
    def __init__(self, mapping: dict[str, str]) -> None:
        self.mapping = mapping

    def visit_Name(self, node: ast.Name) -> ast.Name:
        return ast.copy_location(ast.Name(id=self.mapping.get(node.id, node.id), ctx=node.ctx), node)


def _read_icontract(node: ast.FunctionDef, contract: FunctionContract, names: _IcontractNames,
                    problems: list[ContractProblem]) -> None:
    params = set(contract.params)
    # Decorators apply bottom-up; icontract checks them in that order, and a conjunction does not care.
    for decorator in reversed(node.decorator_list):
        kind = names.kind(decorator)
        if kind is None:
            contract.other_decorators.insert(0, decorator)
            continue
        assert isinstance(decorator, ast.Call)
        condition = decorator.args[0] if decorator.args else next(
            (k.value for k in decorator.keywords if k.arg == "condition"), None)
        if not isinstance(condition, ast.Lambda):
            problems.append(ContractProblem(contract.name, decorator.lineno,
                                            f"icontract.{kind} condition is not a lambda", invalid=False))
            continue
        arg_names = [a.arg for a in (*condition.args.posonlyargs, *condition.args.args)]
        allowed = params | ({"result", "OLD"} if kind == "ensure" else set())
        unknown = [a for a in arg_names if a not in allowed]
        if unknown:
            problems.append(ContractProblem(contract.name, decorator.lineno,
                                            f"icontract.{kind} lambda takes {unknown[0]!r}, "
                                            f"which is not a parameter of {contract.name}"))
            continue
        mapping = {"result": RETURN, "OLD": OLD} if kind == "ensure" else {}
        expr = _Rename(mapping).visit(copy.deepcopy(condition.body))
        cond = Condition(source=ast.unparse(expr), expr=expr, origin="icontract", line=condition.lineno)
        (contract.pre if kind == "require" else contract.post).append(cond)
