"""The ``z3`` stage: prove a function's contracts for every input with the Z3 SMT solver.

Runs on the host and never executes the sample: it translates the AST of each top-level function
that has a contract (see :mod:`synthcode.contracts`) into Z3 formulas and asks, per function:

1. Can the preconditions hold at all? If not, the sample is ``failed`` as vacuous.
2. Does a postcondition hold for *every* value of ``__return__`` given the preconditions? Then it
   constrains nothing: it is named in the detail and never counts as proved.
3. Can the body raise for an input that meets the preconditions (``ZeroDivisionError``, an
   ``assert``, ``raise``, ``IndexError``, an unbound local) or fall off its end and return None?
   Can it return a value that breaks a postcondition? Either is ``failed``, with the inputs as
   the counterexample.
4. Otherwise every postcondition is proved for all inputs: ``passed`` at level ``proved``.

The sample passes only when every function with a contract is proved. A solver answer of
``unknown`` (nonlinear arithmetic, quantifiers) or a spent budget (``context.timeout`` seconds of
this thread's CPU time, shared by all solver calls on the sample, each check bounded by z3's
deterministic ``rlimit``, ``RLIMIT_PER_SECOND`` per second of it) is ``skipped``, as is a function with only
preconditions. A contract line that does not parse is ``failed``. An input for which a
precondition raises is not a valid input; a postcondition that raises does not hold. A
precondition outside the fragment is left out, which only widens the inputs: a proof still
stands, but a counterexample might break it, so that becomes a skip rather than a failure.

The fragment (everything else is ``skipped`` with the construct and its line named, never passed):
parameters annotated ``int``, ``bool`` or ``list[int]``; integer literals, ``True``/``False``;
``+ - *``, ``//`` and ``%`` with Python's floor semantics, ``**`` with a literal exponent,
``<< >>`` by a literal, unary ``- + ~ not``; comparisons, chained too, ``in``/``not in`` a list or
a literal tuple; ``and``/``or`` with Python's value semantics; ``x if c else y``; ``abs``,
``min``/``max`` of two or more arguments, ``len``, ``int``, ``bool``, ``isinstance`` of a
parameter; list literals, ``+`` on lists, indexing (negative indices too); ``__old__.x``. Bodies:
straight-line code with ``if``/``elif``/``else``, assignments to local names (tuple unpacking of
a literal tuple too), augmented assignments, ``assert``, ``raise``, ``return``. A ``raise`` of an
exception the docstring declares with ``raises:`` is allowed; any other reachable ``raise`` fails.
Types come from annotations, as in CrossHair: a parameter annotated ``int`` is assumed to be an int.

::

    config = VerifyConfig(stages=["tests", "z3"])
    with Verifier(config) as verifier:
        sample = verifier.verify(Sample(id="a", code=source))
"""

from __future__ import annotations

import ast
import platform
import time
from dataclasses import dataclass, field
from typing import Any

from synthcode.analysis import ModuleInfo, Unsupported, parse
from synthcode.contracts import OLD, RETURN, Condition, FunctionContract
from synthcode.sample import Level, Sample, Status
from synthcode.stages.base import Finding, ParsedStage, StageContext

_BUILTIN_CALLS = frozenset({"abs", "min", "max", "len", "int", "bool", "isinstance"})
_MAX_POWER = 8
"""Largest literal exponent expanded into multiplications (``x ** 8``)."""
_SMALL = (10, 1000)
"""Counterexamples are first searched for with every integer input within these bounds, in turn."""


def _z3() -> Any:
    try:
        import z3
    except ImportError:
        raise ImportError("the z3 stage needs z3: pip install z3-solver") from None
    return z3


def python_divmod(a: Any, b: Any) -> tuple[Any, Any, list[Any]]:
    """Python's ``(a // b, a % b)`` on Z3 integers, and the constraints that define them.

    Python floors (``-7 // 2 == -4``) and its remainder takes the sign of the divisor
    (``7 % -2 == -1``). Z3's own ``/`` and ``%`` are Euclidean (the remainder is never negative):
    the same for a positive divisor, different for a negative one (Euclidean ``-7 / -2`` is 4,
    Python's ``-7 // -2`` is 3). A literal divisor is folded into Z3's operators; a symbolic one
    gets fresh ``q, r`` with ``a == b*q + r`` and the remainder's range, which Z3's nonlinear
    solver handles far better than a case split over its ``div``. The constraints hold for some
    ``q, r`` whatever ``a`` and ``b`` are, so adding them never rules an input out; for ``b == 0``
    the result is unspecified, and callers add ``b != 0`` as an obligation.
    """
    z3 = _z3()
    if z3.is_int_value(b) and b.as_long() != 0:
        if b.as_long() > 0:
            return a / b, a % b, []
        return (-a) / (-b), -((-a) % (-b)), []
    q, r = z3.FreshInt("q", a.ctx), z3.FreshInt("r", a.ctx)
    return q, r, [a == b * q + r, z3.Implies(b > 0, z3.And(0 <= r, r < b)),
                  z3.Implies(b < 0, z3.And(b < r, r <= 0))]


_EXPR_NAMES = {
    ast.ListComp: "list comprehension", ast.SetComp: "set comprehension", ast.DictComp: "dict comprehension",
    ast.GeneratorExp: "generator expression", ast.Lambda: "lambda", ast.Dict: "dict literal",
    ast.Set: "set literal", ast.Tuple: "tuple", ast.JoinedStr: "f-string", ast.NamedExpr: "`:=` expression",
    ast.Starred: "starred expression", ast.Await: "`await`", ast.Yield: "`yield`", ast.YieldFrom: "`yield from`",
    ast.Slice: "slice",
}
_STMT_NAMES = {
    ast.For: "`for` loop", ast.AsyncFor: "`async for` loop", ast.While: "`while` loop", ast.Try: "`try` statement",
    ast.With: "`with` statement", ast.AsyncWith: "`async with` statement", ast.FunctionDef: "nested function",
    ast.AsyncFunctionDef: "nested function", ast.ClassDef: "class definition", ast.Import: "`import`",
    ast.ImportFrom: "`import`", ast.Global: "`global` statement", ast.Nonlocal: "`nonlocal` statement",
    ast.Delete: "`del` statement", ast.Match: "`match` statement", ast.Break: "`break`", ast.Continue: "`continue`",
}
_OP_SYMBOLS = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%", ast.Pow: "**",
    ast.LShift: "<<", ast.RShift: ">>", ast.BitOr: "|", ast.BitXor: "^", ast.BitAnd: "&", ast.MatMult: "@",
}


def _describe(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute):
        return f"attribute access `{ast.unparse(node)}`"
    if isinstance(node, ast.Call):
        return f"call to `{ast.unparse(node.func)}`"
    if isinstance(node, ast.Subscript):
        return f"subscript `{ast.unparse(node)}`"
    if isinstance(node, ast.stmt):
        return _STMT_NAMES.get(type(node), f"`{type(node).__name__}` statement")
    return _EXPR_NAMES.get(type(node), f"`{ast.unparse(node)}`")


def _kind(annotation: ast.expr | None) -> str | None:
    """``int``, ``bool`` or ``list[int]`` for the annotations the fragment models, else None."""
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        try:
            annotation = parse(annotation.value, mode="eval").body
        except SyntaxError:
            return None
    if isinstance(annotation, ast.Name) and annotation.id in ("int", "bool"):
        return annotation.id
    if isinstance(annotation, ast.Subscript) and ast.unparse(annotation.value) in ("list", "List", "typing.List") \
            and isinstance(annotation.slice, ast.Name) and annotation.slice.id == "int":
        return "list[int]"
    return None


def _shadowed(tree: ast.Module) -> set[str]:
    """Builtins the module rebinds anywhere; a call to one of them is not the builtin."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            names.update(node.names)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
    return names & _BUILTIN_CALLS


@dataclass(slots=True)
class _Obligation:
    """Something that must hold whenever ``guard`` does, or the function raises (or returns None)."""

    guard: Any
    cond: Any
    what: str
    """What goes wrong otherwise, after "can": ``raise ZeroDivisionError``."""
    line: int
    source: str


@dataclass(slots=True)
class _State:
    """One point of the body: the path condition and the local variables (value, bound-ness)."""

    guard: Any
    env: dict[str, Any]
    bound: dict[str, Any]

    def fork(self, guard: Any) -> _State:
        return _State(guard, dict(self.env), dict(self.bound))


@dataclass(slots=True)
class _Body:
    value: Any
    """The returned value, as one expression over the inputs."""
    returned: Any
    """When the function returns normally (rather than raising a declared exception)."""
    obligations: list[_Obligation]


class _Translator:
    """Python expressions and statements over int/bool/list[int] values -> Z3 terms."""

    def __init__(self, z3: Any, ctx: Any, inputs: dict[str, Any], bad_params: dict[str, str],
                 shadowed: set[str], raises: list[str]) -> None:
        self.z3 = z3
        self.ctx = ctx
        self.inputs = inputs
        self.bad_params = bad_params
        self.shadowed = shadowed
        self.raises = raises
        self.obligations: list[_Obligation] = []
        self.definitions: list[Any] = []
        """Constraints that define helper constants (quotients, remainders); true for every input."""
        self._divmods: dict[tuple[int, int], tuple[Any, Any]] = {}
        self.returns: list[tuple[Any, Any]] = []
        """``(path condition, value)`` of each ``return`` reached while translating the body."""
        self.ret: Any = None
        """The value ``__return__`` stands for in a postcondition; None outside postconditions."""
        self.state: _State | None = None
        """The current body state; None while translating a contract."""
        self.true = z3.BoolVal(True, ctx)
        self.false = z3.BoolVal(False, ctx)
        self.int_sort = z3.IntSort(ctx)
        self.seq_sort = z3.SeqSort(self.int_sort)

    # -- values ---------------------------------------------------------------------------------

    def num(self, value: int) -> Any:
        return self.z3.IntVal(value, self.ctx)

    def conj(self, *terms: Any) -> Any:
        terms = tuple(t for t in terms if not self.z3.is_true(t))
        return self.true if not terms else terms[0] if len(terms) == 1 else self.z3.And(*terms)

    def disj(self, terms: list[Any]) -> Any:
        return self.false if not terms else terms[0] if len(terms) == 1 else self.z3.Or(*terms)

    def as_int(self, v: Any, node: ast.AST) -> Any:
        if self.z3.is_bool(v):
            return self.z3.If(v, self.num(1), self.num(0))
        if self.z3.is_int(v):
            return v
        raise Unsupported("a list used as a number", node)

    def truth(self, v: Any) -> Any:
        if self.z3.is_bool(v):
            return v
        if self.z3.is_int(v):
            return v != 0
        return self.z3.Length(v) > 0

    def unify(self, a: Any, b: Any, node: ast.AST) -> tuple[Any, Any]:
        if a.sort() == b.sort():
            return a, b
        if self.z3.is_seq(a) or self.z3.is_seq(b):
            raise Unsupported("a value that is a list on one path and a number on another", node)
        return self.as_int(a, node), self.as_int(b, node)  # Python: True == 1, so bools join as ints

    def ite(self, cond: Any, a: Any, b: Any, node: ast.AST) -> Any:
        if a.eq(b):
            return a
        a, b = self.unify(a, b, node)
        return self.z3.If(cond, a, b)

    def oblige(self, guard: Any, cond: Any, what: str, node: ast.AST) -> None:
        self.obligations.append(_Obligation(guard, cond, what, getattr(node, "lineno", 0), ast.unparse(node)))

    # -- contracts ------------------------------------------------------------------------------

    def condition(self, expr: ast.expr, ret: Any = None) -> Any:
        """The formula "evaluating ``expr`` does not raise and gives a truthy value"."""
        saved, self.obligations, self.ret, self.state = self.obligations, [], ret, None
        try:
            value = self.truth(self.expr(expr, self.true))
            defined = [self.z3.Implies(o.guard, o.cond) if not self.z3.is_true(o.guard) else o.cond
                       for o in self.obligations]
        finally:
            self.obligations, self.ret = saved, None
        return self.conj(*defined, value)

    # -- expressions ----------------------------------------------------------------------------

    def expr(self, node: ast.expr, guard: Any) -> Any:
        method = getattr(self, f"_{type(node).__name__}", None)
        if method is None:
            raise Unsupported(_describe(node), node)
        return method(node, guard)

    def _Constant(self, node: ast.Constant, guard: Any) -> Any:
        if isinstance(node.value, bool):
            return self.z3.BoolVal(node.value, self.ctx)
        if isinstance(node.value, int):
            return self.num(node.value)
        kind = {float: "float", str: "string", complex: "complex", bytes: "bytes"}.get(type(node.value))
        raise Unsupported(f"{kind} literal" if kind else f"`{node.value!r}`", node)

    def _Name(self, node: ast.Name, guard: Any) -> Any:
        name = node.id
        if self.state is None:
            if name == RETURN:
                if self.ret is None:
                    raise Unsupported("`__return__` here (a precondition, or a result of unknown type)", node)
                return self.ret
            if name in self.inputs:
                return self.inputs[name]
        elif name in self.state.env:
            value, bound = self.state.env[name], self.state.bound[name]
            if not self.z3.is_true(bound):
                self.oblige(guard, bound, "raise UnboundLocalError", node)
            return value if value is not None else self.z3.FreshInt("unbound", self.ctx)
        if name in self.bad_params:
            raise Unsupported(self.bad_params[name], node)
        raise Unsupported(f"global name `{name}`", node)

    def _Attribute(self, node: ast.Attribute, guard: Any) -> Any:
        # Arguments in the fragment are never mutated, so their value on entry is their value.
        if self.state is None and isinstance(node.value, ast.Name) and node.value.id == OLD \
                and node.attr in self.inputs:
            return self.inputs[node.attr]
        raise Unsupported(_describe(node), node)

    def _UnaryOp(self, node: ast.UnaryOp, guard: Any) -> Any:
        v = self.expr(node.operand, guard)
        if isinstance(node.op, ast.Not):
            return self.z3.Not(self.truth(v))
        v = self.as_int(v, node)
        if isinstance(node.op, ast.USub):
            return -v
        if isinstance(node.op, ast.Invert):
            return -v - 1
        return v

    def _BinOp(self, node: ast.BinOp, guard: Any) -> Any:
        left = self.expr(node.left, guard)
        return self.binop(node.op, left, node.right, guard, node)

    def binop(self, op: ast.operator, left: Any, right_node: ast.expr, guard: Any, node: ast.AST) -> Any:
        z3 = self.z3
        symbol = _OP_SYMBOLS.get(type(op), type(op).__name__)
        if isinstance(op, (ast.Pow, ast.LShift, ast.RShift)):
            k = right_node.value if isinstance(right_node, ast.Constant) else None
            if not isinstance(k, int) or isinstance(k, bool) or k < 0:
                raise Unsupported(f"`{symbol}` with a right operand that is not a non-negative int literal", node)
            base = self.as_int(left, node)
            if isinstance(op, ast.LShift):
                return base * self.num(2 ** k)
            if isinstance(op, ast.RShift):
                return self.divmod(base, self.num(2 ** k))[0]
            if z3.is_int_value(base) and k <= 256:
                return self.num(base.as_long() ** k)
            if k > _MAX_POWER:
                raise Unsupported(f"`**` with exponent {k} (at most {_MAX_POWER} unless the base is a literal)", node)
            result = self.num(1)
            for _ in range(k):
                result = result * base
            return z3.simplify(result) if k == 0 else result
        right = self.expr(right_node, guard)
        if isinstance(op, ast.Add) and z3.is_seq(left) and z3.is_seq(right):
            return z3.Concat(left, right)
        if isinstance(op, ast.Div):
            raise Unsupported("true division `/` (float result)", node)
        if not isinstance(op, (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv, ast.Mod)):
            raise Unsupported(f"operator `{symbol}`", node)
        if z3.is_seq(left) or z3.is_seq(right):
            raise Unsupported(f"`{symbol}` on a list", node)
        a, b = self.as_int(left, node), self.as_int(right, node)
        if isinstance(op, ast.Add):
            return a + b
        if isinstance(op, ast.Sub):
            return a - b
        if isinstance(op, ast.Mult):
            return a * b
        self.oblige(guard, b != 0, "raise ZeroDivisionError", node)
        return self.divmod(a, b)[0 if isinstance(op, ast.FloorDiv) else 1]

    def divmod(self, a: Any, b: Any) -> tuple[Any, Any]:
        key = (a.get_id(), b.get_id())
        if key not in self._divmods:  # `a // b` and `a % b` share one quotient and remainder
            q, r, definitions = python_divmod(a, b)
            self.definitions.extend(definitions)
            self._divmods[key] = (q, r)
        return self._divmods[key]

    def _BoolOp(self, node: ast.BoolOp, guard: Any) -> Any:
        is_and = isinstance(node.op, ast.And)
        values = []
        for operand in node.values:
            v = self.expr(operand, guard)
            values.append(v)
            t = self.truth(v)
            guard = self.conj(guard, t if is_and else self.z3.Not(t))  # short-circuit
        if all(self.z3.is_bool(v) for v in values):
            return self.z3.And(*values) if is_and else self.z3.Or(*values)
        # Python returns an operand, not a bool: `a and b` is `b if a else a`.
        result = values[-1]
        for v in reversed(values[:-1]):
            result = self.ite(self.truth(v), result, v, node) if is_and else self.ite(self.truth(v), v, result, node)
        return result

    def _Compare(self, node: ast.Compare, guard: Any) -> Any:
        left = self.expr(node.left, guard)
        results = []
        for op, right_node in zip(node.ops, node.comparators):
            if left is None:
                raise Unsupported("a comparison chained after `in`", node)
            if isinstance(op, (ast.In, ast.NotIn)):
                found = self.member(left, right_node, guard, node)
                result = found if isinstance(op, ast.In) else self.z3.Not(found)
                right = None
            else:
                right = self.expr(right_node, guard)
                result = self.compare(op, left, right, node)
            results.append(result)
            guard = self.conj(guard, result)
            left = right
        return self.conj(*results) if len(results) > 1 else results[0]

    def compare(self, op: ast.cmpop, a: Any, b: Any, node: ast.AST) -> Any:
        if isinstance(op, (ast.Is, ast.IsNot)):
            raise Unsupported("`is` comparison", node)
        if isinstance(op, (ast.Eq, ast.NotEq)):
            if self.z3.is_seq(a) != self.z3.is_seq(b):
                raise Unsupported("comparing a list with a number", node)
            a, b = self.unify(a, b, node)
            return a == b if isinstance(op, ast.Eq) else a != b
        if self.z3.is_seq(a) or self.z3.is_seq(b):
            raise Unsupported("ordering comparison of lists", node)
        a, b = self.as_int(a, node), self.as_int(b, node)
        return {ast.Lt: a < b, ast.LtE: a <= b, ast.Gt: a > b, ast.GtE: a >= b}[type(op)]

    def member(self, item: Any, container: ast.expr, guard: Any, node: ast.AST) -> Any:
        if isinstance(container, (ast.Tuple, ast.List, ast.Set)):
            elements = [self.expr(e, guard) for e in container.elts]
            return self.disj([self.compare(ast.Eq(), item, e, node) for e in elements])
        seq = self.expr(container, guard)
        if not self.z3.is_seq(seq):
            raise Unsupported("`in` on something that is not a list", node)
        # An index witness rather than seq.contains, on which z3 answers unknown even for `xs[-1] in xs`.
        i = self.z3.FreshInt("i", self.ctx)
        return self.z3.Exists([i], self.z3.And(0 <= i, i < self.z3.Length(seq), seq[i] == self.as_int(item, node)))

    def _IfExp(self, node: ast.IfExp, guard: Any) -> Any:
        c = self.truth(self.expr(node.test, guard))
        a = self.expr(node.body, self.conj(guard, c))
        b = self.expr(node.orelse, self.conj(guard, self.z3.Not(c)))
        return self.ite(c, a, b, node)

    def _List(self, node: ast.List, guard: Any) -> Any:
        units = [self.z3.Unit(self.as_int(self.expr(e, guard), node)) for e in node.elts]
        if not units:
            return self.z3.Empty(self.seq_sort)
        return units[0] if len(units) == 1 else self.z3.Concat(*units)

    def _Subscript(self, node: ast.Subscript, guard: Any) -> Any:
        seq = self.expr(node.value, guard)
        if not self.z3.is_seq(seq) or isinstance(node.slice, ast.Slice):
            raise Unsupported(_describe(node), node)
        i = self.as_int(self.expr(node.slice, guard), node)
        n = self.z3.Length(seq)
        self.oblige(guard, self.z3.And(-n <= i, i < n), "raise IndexError", node)
        return seq[self.z3.If(i < 0, i + n, i)]

    def _Call(self, node: ast.Call, guard: Any) -> Any:
        func = node.func
        local = self.state is not None and isinstance(func, ast.Name) and func.id in self.state.env
        if not isinstance(func, ast.Name) or func.id not in _BUILTIN_CALLS or func.id in self.shadowed or local:
            raise Unsupported(_describe(node), node)
        name = func.id
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise Unsupported(f"call to `{name}` with keyword or starred arguments", node)
        if name == "isinstance":
            return self.instance_check(node)
        args = [self.expr(a, guard) for a in node.args]
        z3 = self.z3
        if name in ("min", "max") and len(args) >= 2:
            if any(z3.is_seq(v) for v in args):
                raise Unsupported(f"`{name}` of lists", node)
            ints = [self.as_int(v, node) for v in args]  # equal values are == whatever their type
            result = ints[0]
            for v in ints[1:]:
                # Python keeps the first extreme value: it replaces only on strict < (or >).
                result = z3.If(v < result if name == "min" else v > result, v, result)
            return result
        if len(args) != 1:
            raise Unsupported(f"`{name}` with {len(args)} arguments", node)
        (v,) = args
        if name == "len":
            if not z3.is_seq(v):
                raise Unsupported("`len` of something that is not a list", node)
            return z3.Length(v)
        if name == "bool":
            return self.truth(v)
        if name == "int":
            return self.as_int(v, node)
        if name == "abs":
            v = self.as_int(v, node)
            return z3.If(v < 0, -v, v)
        raise Unsupported(f"`{name}` of one argument (an iterable)", node)

    def instance_check(self, node: ast.Call) -> Any:
        # Only for a parameter still holding its argument, whose type the annotation gives.
        subject, types = node.args if len(node.args) == 2 else (None, None)
        if not isinstance(subject, ast.Name) or subject.id not in self.inputs:
            raise Unsupported("`isinstance` of something other than a parameter", node)
        value = self.inputs[subject.id]
        if self.state is not None and not (self.state.env.get(subject.id) is not None
                                           and self.state.env[subject.id].eq(value)):
            raise Unsupported("`isinstance` of a reassigned parameter", node)
        names = types.elts if isinstance(types, ast.Tuple) else [types]
        kind = "bool" if self.z3.is_bool(value) else "int" if self.z3.is_int(value) else "list"
        accepted = {"bool": {"bool", "int"}, "int": {"int"}, "list": {"list"}}[kind]
        if any(isinstance(t, ast.Name) and t.id in accepted and t.id not in self.shadowed for t in names):
            return self.true
        raise Unsupported(f"`{ast.unparse(node)}` (only a parameter's own annotated type is known)", node)

    # -- statements -----------------------------------------------------------------------------

    def body(self, contract: FunctionContract) -> _Body:
        node = contract.node
        assert node is not None
        if contract.other_decorators:
            decorator = contract.other_decorators[0]
            raise Unsupported(f"decorator `@{ast.unparse(decorator)}`", decorator)
        if node.args.vararg or node.args.kwarg:
            raise Unsupported("`*args`/`**kwargs` parameter", node)
        if not any(isinstance(n, ast.Return) and not _is_none(n.value) for n in ast.walk(node)):
            raise Unsupported("a function that returns no value", node)
        local_names = {n.id for stmt in node.body for n in ast.walk(stmt)
                       if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
        env: dict[str, Any] = {name: None for name in local_names}
        bound: dict[str, Any] = {name: self.false for name in local_names}
        for name in contract.params:
            if name in self.inputs:
                env[name], bound[name] = self.inputs[name], self.true
            elif any(isinstance(n, ast.Name) and n.id == name for stmt in node.body for n in ast.walk(stmt)):
                raise Unsupported(self.bad_params[name], node)
        self.obligations, self.returns = [], []
        end = self.block(node.body, _State(self.true, env, bound))
        if end is not None:
            last = node.body[-1]
            self.obligations.append(_Obligation(end.guard, self.false, "return None (it falls off the end)",
                                                getattr(last, "end_lineno", None) or last.lineno, ""))
        if not self.returns:
            return _Body(self.num(0), self.false, self.obligations)
        value = self.returns[-1][1]
        for guard, v in reversed(self.returns[:-1]):
            value = self.ite(guard, v, value, node)
        return _Body(value, self.disj([g for g, _ in self.returns]), self.obligations)

    def block(self, stmts: list[ast.stmt], state: _State) -> _State | None:
        for stmt in stmts:
            state = self.stmt(stmt, state)
            if state is None:
                return None  # the rest is unreachable
        return state

    def stmt(self, stmt: ast.stmt, state: _State) -> _State | None:
        self.state = state
        guard = state.guard
        if isinstance(stmt, ast.Pass):
            return state
        if isinstance(stmt, ast.Expr):
            if isinstance(stmt.value, ast.Constant):
                return state  # a docstring or a bare literal
            raise Unsupported(_describe(stmt.value), stmt.value)
        if isinstance(stmt, ast.Assign):
            return self.assign(stmt, state)
        if isinstance(stmt, ast.AnnAssign):
            if stmt.value is not None:
                if not isinstance(stmt.target, ast.Name):
                    raise Unsupported(f"assignment to `{ast.unparse(stmt.target)}`", stmt)
                self.bind(state, stmt.target.id, self.expr(stmt.value, guard))
            return state
        if isinstance(stmt, ast.AugAssign):
            if not isinstance(stmt.target, ast.Name):
                raise Unsupported(f"assignment to `{ast.unparse(stmt.target)}`", stmt)
            current = self._Name(ast.copy_location(ast.Name(stmt.target.id, ast.Load()), stmt), guard)
            if self.z3.is_seq(current):
                raise Unsupported("augmented assignment to a list (it mutates the list in place)", stmt)
            self.bind(state, stmt.target.id, self.binop(stmt.op, current, stmt.value, guard, stmt))
            return state
        if isinstance(stmt, ast.If):
            c = self.truth(self.expr(stmt.test, guard))
            then = self.block(stmt.body, state.fork(self.conj(guard, c)))
            orelse = self.block(stmt.orelse, state.fork(self.conj(guard, self.z3.Not(c))))
            return self.merge(c, guard, then, orelse, stmt)
        if isinstance(stmt, ast.Return):
            if _is_none(stmt.value):
                self.oblige(guard, self.false, "return None", stmt)
            else:
                self.returns.append((guard, self.expr(stmt.value, guard)))
            return None
        if isinstance(stmt, ast.Raise):
            exc = stmt.exc.func if isinstance(stmt.exc, ast.Call) else stmt.exc
            name = ast.unparse(exc) if exc is not None else "RuntimeError"
            if name not in self.raises:
                self.oblige(guard, self.false, f"raise {name}", stmt)
            return None
        if isinstance(stmt, ast.Assert):
            c = self.truth(self.expr(stmt.test, guard))
            self.oblige(guard, c, "raise AssertionError", stmt)
            state.guard = self.conj(guard, c)
            return state
        raise Unsupported(_describe(stmt), stmt)

    def assign(self, stmt: ast.Assign, state: _State) -> _State:
        guard = state.guard
        if all(isinstance(t, ast.Name) for t in stmt.targets):
            value = self.expr(stmt.value, guard)
            for target in stmt.targets:
                self.bind(state, target.id, value)
            return state
        (target,) = stmt.targets if len(stmt.targets) == 1 else (None,)
        if isinstance(target, (ast.Tuple, ast.List)) and isinstance(stmt.value, (ast.Tuple, ast.List)) \
                and len(target.elts) == len(stmt.value.elts) and all(isinstance(t, ast.Name) for t in target.elts):
            values = [self.expr(v, guard) for v in stmt.value.elts]  # all evaluated before any is bound
            for t, v in zip(target.elts, values):
                self.bind(state, t.id, v)
            return state
        raise Unsupported(f"assignment to `{ast.unparse(stmt.targets[-1])}`", stmt)

    def bind(self, state: _State, name: str, value: Any) -> None:
        state.env[name], state.bound[name] = value, self.true

    def merge(self, c: Any, guard: Any, then: _State | None, orelse: _State | None, node: ast.AST) -> _State | None:
        if then is None or orelse is None:
            return then if orelse is None else orelse
        # A branch's guard is narrower than it was at the fork when it returned on some paths inside.
        untouched = then.guard.eq(self.conj(guard, c)) and orelse.guard.eq(self.conj(guard, self.z3.Not(c)))
        merged = _State(guard if untouched else self.disj([then.guard, orelse.guard]), {}, {})
        for name in then.env:
            a, b = then.env[name], orelse.env[name]
            merged.env[name] = b if a is None else a if b is None else self.ite(c, a, b, node)
            ba, bb = then.bound[name], orelse.bound[name]
            merged.bound[name] = ba if ba.eq(bb) else self.z3.If(c, ba, bb)
        return merged


def _is_none(node: ast.expr | None) -> bool:
    return node is None or (isinstance(node, ast.Constant) and node.value is None)


@dataclass(slots=True)
class FunctionVerdict:
    """The z3 stage's verdict on one function."""

    function: str
    status: Status
    detail: str
    counterexample: dict[str, Any] | None = None
    assertion: str | None = None
    notes: list[str] = field(default_factory=list)
    """Remarks that do not change the status, e.g. a postcondition that constrains nothing."""


RLIMIT_PER_SECOND = 5_000_000
"""z3 resource units (its deterministic ``rlimit``) per second of the stage's budget: about what
z3 does in a CPU second (7.7 million measured on a 2026 Xeon), so a query stops at the same
point on any machine, however busy."""
WALL_FACTOR = 10.0
WALL_SLACK = 2.0
"""z3's wall-clock ``timeout`` is ``WALL_FACTOR`` times a check's budget plus ``WALL_SLACK``
seconds: a safety net the ``rlimit`` reaches long before on an idle machine or a busy one."""
clock = time.thread_time
"""The budget counts this thread's CPU time (the prover runs on the host, beside other threads)."""


class _Prover:
    """Checks one function's contract; every solver call shares one deadline."""

    def __init__(self, contract: FunctionContract, tree: ast.Module, deadline: float) -> None:
        self.z3 = z3 = _z3()
        self.ctx = z3.Context()  # one context per proof: z3's default context is not thread-safe
        self.contract = contract
        self.deadline = deadline
        self.inputs: dict[str, Any] = {}
        self.kinds: dict[str, str] = {}
        bad: dict[str, str] = {}
        node = contract.node
        assert node is not None
        args = {a.arg: a for a in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs)}
        for name in contract.params:
            kind = _kind(args[name].annotation)
            if kind is None:
                annotation = contract.annotations.get(name)
                bad[name] = (f"parameter `{name}: {annotation}` (not int, bool or list[int])" if annotation
                             else f"parameter `{name}` has no int/bool annotation")
                continue
            self.kinds[name] = kind
            self.inputs[name] = z3.Const(name, self.sort(kind))
        self.translator = _Translator(z3, self.ctx, self.inputs, bad, _shadowed(tree), contract.raises)
        self.undecided: list[str] = []

    def sort(self, kind: str) -> Any:
        if kind == "int":
            return self.z3.IntSort(self.ctx)
        if kind == "bool":
            return self.z3.BoolSort(self.ctx)
        return self.z3.SeqSort(self.z3.IntSort(self.ctx))

    def solver(self, seconds: float, *, tactic: bool = False) -> Any:
        """A solver for checks that may spend ``seconds`` of the budget: z3's deterministic work
        limit (``rlimit``) decides, the wall-clock ``timeout`` is only a safety net."""
        z3 = self.z3
        solver = z3.Then("simplify", "smt", ctx=self.ctx).solver() if tactic else z3.Solver(ctx=self.ctx)
        solver.set("rlimit", max(1, int(seconds * RLIMIT_PER_SECOND)))
        solver.set("timeout", max(1, int((WALL_FACTOR * seconds + WALL_SLACK) * 1000)))
        solver.add(*self.translator.definitions)
        return solver

    def solve(self, formulas: list[Any], *, small: bool = False) -> tuple[Any, Any]:
        """``(sat | unsat | unknown, model or unsat core or reason)``; ``small`` prefers inputs near 0."""
        z3 = self.z3
        left = self.deadline - clock()
        if left <= 0:
            return z3.unknown, "the time budget is used up"
        ints = [v for v in self.inputs.values() if z3.is_int(v)]
        seqs = [v for v in self.inputs.values() if z3.is_seq(v)]
        for bound in _SMALL if small and (ints or seqs) else ():
            # A counterexample near zero reads better than one near 10**9; this is only a preference.
            bounds = [z3.And(-bound <= v, v <= bound) for v in ints] + [z3.Length(v) <= min(bound, 8) for v in seqs]
            solver = self.solver(min(left / 4, 1.0))
            solver.add(*formulas, *bounds)
            if solver.check() == z3.sat:
                return z3.sat, self.concrete_model(solver.model(), [*formulas, *bounds])
            left = self.deadline - clock()
            if left <= 0:
                return z3.unknown, "the time budget is used up"
        solver = self.solver(left)
        tracks = []
        for i, f in enumerate(formulas):
            track = z3.Bool(f"!track{i}", self.ctx)  # not a Python identifier: cannot clash with a parameter
            tracks.append(track)
            solver.assert_and_track(f, track)
        result = solver.check()
        if result == z3.sat:
            return result, self.concrete_model(solver.model(), formulas) if small else solver.model()
        if result == z3.unsat:
            core = {str(t) for t in solver.unsat_core()}
            return result, [i for i, t in enumerate(tracks) if str(t) in core]
        return result, solver.reason_unknown()

    def concrete_model(self, model: Any, formulas: list[Any]) -> Any:
        """``model``, or one whose inputs are all values when ``model`` defines some by a quantifier."""
        z3 = self.z3
        if all(_concrete(z3, model.eval(v, model_completion=True)) for v in self.inputs.values()):
            return model
        solver = self.solver(max(0.001, min(self.deadline - clock(), 1.0)), tactic=True)
        solver.add(*formulas)
        return solver.model() if solver.check() == z3.sat else model

    def value(self, model: Any, term: Any) -> Any:
        """The Python value of ``term`` in ``model``, or ``"?"`` when the model does not fix it."""
        z3 = self.z3
        if z3.is_seq(term):
            n = self.value(model, z3.Length(term))
            return [self.value(model, term[i]) for i in range(n)] if isinstance(n, int) else "?"
        result = model.eval(term, model_completion=True)
        if not _concrete(z3, result):
            # The default solver may leave a term defined by a quantifier (from `in`) in its model;
            # with the inputs pinned, a tactic solver evaluates it.
            solver = self.solver(1.0, tactic=True)
            pinned = z3.FreshConst(term.sort(), "value")
            solver.add(pinned == term, *[v == model.eval(v, model_completion=True) for v in self.inputs.values()])
            if solver.check() != z3.sat:
                return "?"
            result = solver.model().eval(pinned, model_completion=True)
        if z3.is_int_value(result):
            return result.as_long()
        if z3.is_true(result) or z3.is_false(result):
            return z3.is_true(result)
        return "?"

    def inputs_of(self, model: Any) -> dict[str, Any]:
        return {name: self.value(model, term) for name, term in self.inputs.items()}

    def run(self) -> FunctionVerdict:
        z3, t, c = self.z3, self.translator, self.contract
        name = c.name

        def verdict(status: Status, detail: str, **kw: Any) -> FunctionVerdict:
            return FunctionVerdict(name, status, detail, notes=notes, **kw)

        notes: list[str] = []
        pre: list[tuple[Condition, Any]] = []
        missing_pre: list[str] = []
        for cond in c.pre:
            try:
                pre.append((cond, t.condition(cond.expr)))
            except Unsupported as exc:
                missing_pre.append(f"precondition `{cond.source}` is outside the Z3 fragment: {exc}")
        assume = [f for _, f in pre]
        if pre:
            result, info = self.solve(assume)
            if result == z3.unsat:
                culprits = [pre[i][0].source for i in info] or [cond.source for cond, _ in pre]
                if len(culprits) == 1:
                    return verdict(Status.FAILED, f"vacuous precondition `{culprits[0]}` can never hold",
                                   assertion=culprits[0])
                joined = " and ".join(f"`{s}`" for s in culprits)
                return verdict(Status.FAILED, f"vacuous preconditions: {joined} can never hold together",
                               assertion=" and ".join(culprits))
            if result != z3.sat:
                return verdict(Status.SKIPPED, f"z3 could not decide whether the preconditions can hold ({info})")
        # A missing precondition only widens the inputs: an unsat answer still stands, a sat one may not.
        unsure = f", but that input may break {missing_pre[0]}" if missing_pre else ""

        body: _Body | None = None
        try:
            body = t.body(c)
        except Unsupported as exc:
            # Keep the text, not the exception: its traceback would tie this frame's z3 objects
            # into a cycle, and z3's __del__ run by the cycle collector inside another thread's
            # ast.parse trips CPython 3.11's "AST constructor recursion depth mismatch".
            body_error = str(exc)

        # "Constrains nothing" must mean: for any value the body can return. So the body's type
        # wins over the annotation, which Python does not enforce.
        ret_kind = _kind(c.node.returns if c.node is not None else None)
        if body is not None:
            free_return = z3.Const("!return", body.value.sort())
        elif ret_kind is not None:
            free_return = z3.Const("!return", self.sort(ret_kind))
        else:
            free_return = None

        meaningful: list[Condition] = []
        missing_post: list[str] = []
        for cond in c.post:
            try:
                ok = t.condition(cond.expr, ret=free_return)
            except Unsupported as exc:
                missing_post.append(f"postcondition `{cond.source}` is outside the Z3 fragment: {exc}")
                continue
            result, _ = self.solve([*assume, z3.Not(ok)])
            if result == z3.unsat:
                notes.append(f"postcondition `{cond.source}` constrains nothing (it holds for any return value)")
            else:
                meaningful.append(cond)

        if body is None:
            return verdict(Status.SKIPPED, f"outside the Z3 fragment: {body_error}")

        for ob in body.obligations:
            result, info = self.solve([*assume, ob.guard, z3.Not(ob.cond)], small=True)
            if result == z3.sat:
                inputs = self.inputs_of(info)
                where = f" at line {ob.line} (`{ob.source}`)" if ob.source else f" at line {ob.line}"
                found = f"can {ob.what}{where} for {_show(inputs)}"
                if missing_pre:
                    return verdict(Status.SKIPPED, found + unsure)
                return verdict(Status.FAILED, found, counterexample=inputs, assertion=ob.source or None)
            if result != z3.unsat:
                self.undecided.append(f"whether line {ob.line} can {ob.what} ({info})")

        if c.raises and c.post:
            result, _ = self.solve([*assume, body.returned])
            if result == z3.unsat:
                return verdict(Status.SKIPPED, "the function never returns a value under its preconditions")

        proved = 0
        for cond in meaningful:
            try:
                ok = t.condition(cond.expr, ret=body.value)
            except Unsupported as exc:
                missing_post.append(f"postcondition `{cond.source}` is outside the Z3 fragment: {exc}")
                continue
            result, info = self.solve([*assume, body.returned, z3.Not(ok)], small=True)
            if result == z3.sat:
                inputs = self.inputs_of(info)
                returned = self.value(info, body.value)
                found = f"postcondition `{cond.source}` fails for {_show(inputs)} (returns {returned!r})"
                if missing_pre:
                    return verdict(Status.SKIPPED, found + unsure)
                return verdict(Status.FAILED, found, counterexample=inputs, assertion=cond.source)
            if result == z3.unsat:
                proved += 1
            else:
                self.undecided.append(f"postcondition `{cond.source}` ({info})")

        if missing_post:
            return verdict(Status.SKIPPED, missing_post[0])
        if self.undecided:
            return verdict(Status.SKIPPED, f"z3 could not decide {self.undecided[0]}")
        if not c.post:
            return verdict(Status.SKIPPED, "only preconditions, no postcondition to prove")
        if not proved:
            return verdict(Status.SKIPPED, "every postcondition constrains nothing")
        detail = f"proved {proved} postcondition{'s' if proved != 1 else ''} for all inputs"
        if missing_pre:
            detail += f" (without {missing_pre[0]}; the proof holds all the more)"
        return verdict(Status.PASSED, detail)


def _concrete(z3: Any, value: Any) -> bool:
    if z3.is_int_value(value) or z3.is_true(value) or z3.is_false(value):
        return True
    if z3.is_app(value) and value.decl().kind() in (z3.Z3_OP_SEQ_EMPTY, z3.Z3_OP_SEQ_UNIT, z3.Z3_OP_SEQ_CONCAT):
        return all(_concrete(z3, c) for c in value.children())
    return False


def _show(inputs: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in inputs.items()) or "any input"


class Z3Stage(ParsedStage):
    name = "z3"
    reads_contracts = True
    level = Level.PROVED
    needs_sandbox = False

    def tools(self) -> dict[str, str]:
        return {"python": platform.python_version(), "z3": _z3().get_version_string()}

    def judge_parsed(self, sample: Sample, context: StageContext, info: ModuleInfo) -> Finding:
        contracts = context.contracts()
        if not contracts.functions:
            unreadable = "; ".join(str(p) for p in contracts.problems)
            return Finding(Status.SKIPPED, "no contracts" + (f" that can be read ({unreadable})" if unreadable else ""))
        deadline = clock() + context.timeout
        verdicts = []
        for contract in contracts.functions.values():
            verdict = _Prover(contract, info.tree, deadline).run()
            if any(p.function == contract.name for p in contracts.problems):
                problem = next(p for p in contracts.problems if p.function == contract.name)
                if verdict.status is not Status.FAILED:
                    verdict = FunctionVerdict(contract.name, Status.SKIPPED, f"cannot read its contract: {problem}",
                                              notes=verdict.notes)
            verdicts.append(verdict)
        return _combine(verdicts)


def _combine(verdicts: list[FunctionVerdict]) -> Finding:
    def line(v: FunctionVerdict) -> str:
        return "; ".join([f"{v.function}: {v.detail}", *(f"{v.function}: {n}" for n in v.notes)])

    failed = next((v for v in verdicts if v.status is Status.FAILED), None)
    if failed is not None:
        return Finding(Status.FAILED, f"{failed.function}: {failed.detail}",
                       assertion=failed.assertion, counterexample=failed.counterexample)
    status = Status.SKIPPED if any(v.status is not Status.PASSED for v in verdicts) else Status.PASSED
    ordered = sorted(verdicts, key=lambda v: v.status is Status.PASSED)  # the reasons for a skip first
    return Finding(status, "; ".join(line(v) for v in ordered))
