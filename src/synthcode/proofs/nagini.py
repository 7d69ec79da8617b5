"""Translate contracted Python functions with loops into Nagini's contract language, and run Nagini.

The translation never runs the sample. From a function's ``pre:``/``post:`` lines and the
``# invariant:`` comments at the top of its loops (see :mod:`synthcode.contracts`) it writes a
Nagini module::

    def total(xs: List[int]) -> int:
        Requires(Acc(list_pred(xs), 1/2))      # added: permission to read a list argument
        Ensures(Acc(list_pred(xs), 1/2))
        Ensures(Result() == _sum(xs, 0, len(xs)))            # post: __return__ == sum(xs)
        t = 0
        i = 0
        while i < len(xs):                     # for i in range(len(xs)):
            Invariant(Acc(list_pred(xs), 1/4))
            Invariant(0 <= i and (i <= len(xs) or i == 0))   # added: the range's bounds
            Invariant(t == _sum(xs, 0, i + 0))               # invariant: t == sum(xs[:i])
            t += xs[i]
            i += 1

What the model writes stays plain Python; what Nagini needs besides is added here: permissions
(``Acc(list_pred(xs))``, a fraction for a list the function only reads, all of it for one it
changes or builds), ``Result()`` for ``__return__``, ``Old(x)`` for ``__old__.x``, ``Forall`` and
``Exists`` for ``all``/``any`` over a range or a list, and small recursive ``@Pure`` helpers for
what a specification calls (``sum``, ``min``/``max`` and ``count`` of a list or a slice,
``sum(range(a, b))``, ``math.gcd``, ``math.factorial``, ``pow``/``**``). Integer arguments of a
helper are re-boxed (``x + 0``): Nagini's ``int`` includes ``bool``, and a boxed sum is what the
helper's own recursive calls produce, so the two meet without an extra unboxing lemma.

An invariant holds each time the loop's condition is checked: before the first iteration, after
each one, and when the loop ends. ``for i in range(a, b)`` becomes a ``while`` loop over ``i``, so
``i`` runs from ``a`` up to ``b`` (``b`` when the loop ends: write ``i <= n``, not ``i < n``);
``for i, x in enumerate(xs)`` likewise over ``i``; ``for x in xs`` over a hidden index, so its
invariants cannot name the position (loop over ``range(len(xs))`` when they must).

Anything else raises :class:`Unsupported`, naming the construct and its line; the proof stage
then skips the sample, never passes it.
"""

from __future__ import annotations

import ast
import copy
import re
from dataclasses import dataclass, field

from synthcode.analysis import Unsupported
from synthcode.contracts import OLD, RETURN, Condition, FunctionContract, _free_names

HELPERS = {
    "_sum": """
@Pure
def _sum(xs: List[int], a: int, b: int) -> int:
    Requires(Rd(list_pred(xs)))
    Requires(0 <= a and a <= b and b <= len(xs))
    if a == b:
        return 0
    return _sum(xs, a, b - 1) + xs[b - 1]
""",
    "_prod": """
@Pure
def _prod(xs: List[int], a: int, b: int) -> int:
    Requires(Rd(list_pred(xs)))
    Requires(0 <= a and a <= b and b <= len(xs))
    if a == b:
        return 1
    return _prod(xs, a, b - 1) * xs[b - 1]
""",
    "_count": """
@Pure
def _count(xs: List[int], a: int, b: int, t: int) -> int:
    Requires(Rd(list_pred(xs)))
    Requires(0 <= a and a <= b and b <= len(xs))
    if a == b:
        return 0
    return _count(xs, a, b - 1, t) + (1 if xs[b - 1] == t else 0)
""",
    "_max": """
@Pure
def _max(xs: List[int], a: int, b: int) -> int:
    Requires(Rd(list_pred(xs)))
    Requires(0 <= a and a < b and b <= len(xs))
    if a + 1 == b:
        return xs[a]
    return xs[b - 1] if xs[b - 1] > _max(xs, a, b - 1) else _max(xs, a, b - 1)
""",
    "_min": """
@Pure
def _min(xs: List[int], a: int, b: int) -> int:
    Requires(Rd(list_pred(xs)))
    Requires(0 <= a and a < b and b <= len(xs))
    if a + 1 == b:
        return xs[a]
    return xs[b - 1] if xs[b - 1] < _min(xs, a, b - 1) else _min(xs, a, b - 1)
""",
    "_sum_range": """
@Pure
def _sum_range(a: int, b: int) -> int:
    if b <= a:
        return 0
    return _sum_range(a, b - 1) + (b - 1)
""",
    "_gcd": """
@Pure
def _gcd(a: int, b: int) -> int:
    if b == 0:
        return a if a >= 0 else -a
    return _gcd(b + 0, a % b)
""",
    "_factorial": """
@Pure
def _factorial(n: int) -> int:
    if n <= 1:
        return 1
    return n * _factorial(n - 1)
""",
    "_pow": """
@Pure
def _pow(a: int, b: int) -> int:
    Requires(b >= 0)
    if b == 0:
        return 1
    return a * _pow(a, b - 1)
""",
}
"""Nagini ``@Pure`` functions the translation calls, by name: only those used are written."""

_LIST_HELPERS = {"sum": "_sum", "max": "_max", "min": "_min"}
_MATH = {"gcd": "_gcd", "factorial": "_factorial", "prod": "_prod"}
_COMPARE = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
_MAX_POWER = 8
_SPEC_NAMES = frozenset({"len", "sum", "min", "max", "abs", "all", "any", "range", "math", "pow", "enumerate"})
_MUTATORS = frozenset({"append", "pop", "extend", "insert", "sort", "reverse", "remove", "clear"})
_STMT_NAMES = {
    ast.Try: "`try` statement", ast.With: "`with` statement", ast.FunctionDef: "nested function",
    ast.AsyncFunctionDef: "nested function", ast.ClassDef: "class definition", ast.Import: "`import`",
    ast.ImportFrom: "`import`", ast.Global: "`global` statement", ast.Nonlocal: "`nonlocal` statement",
    ast.Delete: "`del` statement", ast.Match: "`match` statement", ast.Raise: "`raise`",
    ast.AsyncFor: "`async for` loop", ast.AsyncWith: "`async with` statement",
}


@dataclass(slots=True)
class Translation:
    """A Nagini module and where its checked lines came from."""

    source: str
    functions: list[str]
    origins: dict[int, str] = field(default_factory=dict)
    """Line of the module -> what it checks, in the sample's terms (``line 5: invariant `i <= n```)."""


def loops(node: ast.FunctionDef) -> list[ast.While | ast.For]:
    return [n for n in ast.walk(node) if isinstance(n, (ast.While, ast.For))]


def missing_invariant(contract: FunctionContract) -> str | None:
    """Why the function cannot be attempted (no ``post:``, a loop with no invariant), or None."""
    if not contract.post:
        return "no `post:` lines"
    assert contract.node is not None
    for loop in loops(contract.node):
        if loop.lineno not in contract.invariants:
            return f"the loop at line {loop.lineno} has no `# invariant:` line"
    return None


def _annotation(node: ast.expr | None, what: str, where: ast.AST) -> str:
    if node is None:
        raise Unsupported(f"{what} without a type annotation", where)
    text = ast.unparse(node).replace(" ", "")
    if text in ("int", "bool"):
        return text
    match = re.fullmatch(r"(?:list|List|typing\.List)\[(int|bool)\]", text)
    if match:
        return f"List[{match.group(1)}]"
    raise Unsupported(f"{what} of type `{ast.unparse(node)}`", where)


def _name(node: ast.AST) -> str | None:
    return node.id if isinstance(node, ast.Name) else None


def _call(func: str, *args: ast.expr) -> ast.Call:
    return ast.Call(func=ast.Name(func, ast.Load()), args=list(args), keywords=[])


def _rebox(node: ast.expr) -> ast.expr:
    if isinstance(node, ast.Constant):
        return node
    return ast.BinOp(node, ast.Add(), ast.Constant(0))


def _and(*terms: ast.expr) -> ast.expr:
    terms = tuple(t for t in terms if t is not None)
    return terms[0] if len(terms) == 1 else ast.BoolOp(ast.And(), list(terms))


def _cmp(a: ast.expr, op: ast.cmpop, b: ast.expr) -> ast.Compare:
    return ast.Compare(a, [op], [b])


class _Substitute(ast.NodeTransformer):
    def __init__(self, mapping: dict[str, ast.expr]) -> None:
        self.mapping = mapping

    def visit_Name(self, node: ast.Name) -> ast.expr:
        if isinstance(node.ctx, ast.Load) and node.id in self.mapping:
            return copy.deepcopy(self.mapping[node.id])
        return node


class _Function:
    """The translation of one function."""

    def __init__(self, contract: FunctionContract, callable_names: set[str], helpers: set[str]) -> None:
        assert contract.node is not None
        self.contract = contract
        self.node = contract.node
        self.callable = callable_names
        self.helpers = helpers
        self.fresh_count = 0
        self.origins: dict[str, str] = {}
        """Unparsed contract statement -> what it checks in the sample's terms."""
        args = self.node.args
        if args.vararg or args.kwarg or args.posonlyargs or args.kwonlyargs or args.defaults:
            raise Unsupported("parameters other than plain positional ones", self.node)
        if contract.other_decorators:
            raise Unsupported("a decorator", contract.other_decorators[0])
        self.types = {a.arg: _annotation(a.annotation, f"parameter `{a.arg}`", a) for a in args.args}
        self.returns = _annotation(self.node.returns, "return value", self.node)
        self.lists = {n for n, t in self.types.items() if t.startswith("List")}
        self.reassigned = {n.id for n in ast.walk(self.node) if isinstance(n, ast.Name)
                           and isinstance(n.ctx, ast.Store) and n.id in self.types and n.id not in self.lists}
        """Integer parameters the body assigns: a copy does the work (Nagini reads a parameter in a
        postcondition at its final value; Python's contracts mean the argument)."""
        self.in_body = False
        self.mutated = self._mutated_lists()
        self.local_lists = self._local_lists()
        for name in self.local_lists & self.lists:
            raise Unsupported(f"list parameter `{name}` reassigned", self.node)

    def fresh(self, stem: str) -> str:
        self.fresh_count += 1
        return f"_{stem}{self.fresh_count}"

    # ---- what the body does to lists

    def _mutated_lists(self) -> set[str]:
        out: set[str] = set()
        for n in ast.walk(self.node):
            if isinstance(n, ast.Subscript) and isinstance(n.ctx, (ast.Store, ast.Del)) and _name(n.value):
                out.add(n.value.id)
            elif isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in _MUTATORS \
                    and _name(n.func.value):
                out.add(n.func.value.id)
        return out

    def _local_lists(self) -> set[str]:
        out: set[str] = set()
        for n in ast.walk(self.node):
            if isinstance(n, ast.Assign) and isinstance(n.value, ast.List):
                out.update(t.id for t in n.targets if isinstance(t, ast.Name))
        return out

    def list_type(self, name: str) -> str:
        returned = any(isinstance(n, ast.Return) and _name(n.value) == name for n in ast.walk(self.node))
        return self.returns if returned and self.returns.startswith("List") else "List[int]"

    def is_list(self, node: ast.expr) -> bool:
        return (_name(node) in self.lists or _name(node) in self.local_lists
                or (_name(node) == RETURN and self.returns.startswith("List")))

    # ---- expressions

    def expr(self, node: ast.expr, spec: bool) -> ast.expr:
        method = getattr(self, f"_e_{type(node).__name__}", None)
        if method is None:
            raise Unsupported(_describe(node), node)
        return ast.copy_location(method(node, spec), node)

    def _e_Constant(self, node: ast.Constant, spec: bool) -> ast.expr:
        if isinstance(node.value, (bool, int)):
            return ast.Constant(node.value)
        raise Unsupported(f"constant `{ast.unparse(node)}`", node)

    def _e_Name(self, node: ast.Name, spec: bool) -> ast.expr:
        if node.id == RETURN:
            if not spec:
                raise Unsupported("`__return__` in code", node)
            return _call("Result")
        if node.id == OLD:
            raise Unsupported("`__old__` on its own", node)
        return ast.Name(self.local(node.id), ast.Load())

    def local(self, name: str) -> str:
        return f"{name}_v" if self.in_body and name in self.reassigned else name

    def _e_Attribute(self, node: ast.Attribute, spec: bool) -> ast.expr:
        if spec and _name(node.value) == OLD:
            if node.attr in self.types and node.attr not in self.lists:
                return ast.Name(node.attr, ast.Load())
            return _call("Old", ast.Name(node.attr, ast.Load()))
        raise Unsupported(f"attribute `{ast.unparse(node)}`", node)

    def _e_BoolOp(self, node: ast.BoolOp, spec: bool) -> ast.expr:
        return ast.BoolOp(node.op, [self.expr(v, spec) for v in node.values])

    def _e_UnaryOp(self, node: ast.UnaryOp, spec: bool) -> ast.expr:
        if isinstance(node.op, ast.Invert):
            raise Unsupported("`~`", node)
        return ast.UnaryOp(node.op, self.expr(node.operand, spec))

    def _e_IfExp(self, node: ast.IfExp, spec: bool) -> ast.expr:
        return ast.IfExp(self.expr(node.test, spec), self.expr(node.body, spec), self.expr(node.orelse, spec))

    def _e_BinOp(self, node: ast.BinOp, spec: bool) -> ast.expr:
        if isinstance(node.op, ast.Pow):
            base = self.expr(node.left, spec)
            if isinstance(node.right, ast.Constant) and type(node.right.value) is int \
                    and 0 <= node.right.value <= _MAX_POWER:
                if node.right.value == 0:
                    return ast.Constant(1)
                out: ast.expr = base
                for _ in range(node.right.value - 1):
                    out = ast.BinOp(out, ast.Mult(), copy.deepcopy(base))
                return out
            self.helpers.add("_pow")
            return _call("_pow", _rebox(base), _rebox(self.expr(node.right, spec)))
        if not isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv, ast.Mod)):
            raise Unsupported(f"operator `{ast.unparse(node)}`", node)
        if self.is_list(node.left) or self.is_list(node.right):
            raise Unsupported(f"list arithmetic `{ast.unparse(node)}`", node)
        return ast.BinOp(self.expr(node.left, spec), node.op, self.expr(node.right, spec))

    def _e_Compare(self, node: ast.Compare, spec: bool) -> ast.expr:
        terms: list[ast.expr] = []
        left = node.left
        for op, right in zip(node.ops, node.comparators):
            if type(op) in _COMPARE:
                terms.append(_cmp(self.expr(left, spec), op, self.expr(right, spec)))
            elif isinstance(op, (ast.In, ast.NotIn)):
                found = self.membership(left, right, spec)
                terms.append(found if isinstance(op, ast.In) else ast.UnaryOp(ast.Not(), found))
            else:
                raise Unsupported(f"comparison `{ast.unparse(node)}`", node)
            left = right
        return _and(*terms)

    def membership(self, item: ast.expr, container: ast.expr, spec: bool) -> ast.expr:
        if not spec:
            if self.is_list(container):  # Nagini's own list membership
                return ast.Compare(self.expr(item, spec), [ast.In()], [self.expr(container, spec)])
            raise Unsupported(f"`in` in code: `{ast.unparse(container)}`", container)
        if isinstance(container, ast.Subscript) or self.is_list(container):
            base, lo, hi = self.span(container)
            j = self.fresh("j")
            body = _and(_cmp(lo, ast.LtE(), ast.Name(j, ast.Load())), _cmp(ast.Name(j, ast.Load()), ast.Lt(), hi),
                        _cmp(ast.Subscript(base, ast.Name(j, ast.Load()), ast.Load()), ast.Eq(),
                             self.expr(item, spec)))
            return _call("Exists", ast.Name("int", ast.Load()), _lambda(j, body))
        raise Unsupported(f"`in` over `{ast.unparse(container)}`", container)

    def span(self, node: ast.expr) -> tuple[ast.expr, ast.expr, ast.expr]:
        """A list or a slice of one as (list, start, stop), Python's negative literals resolved."""
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
            if not self.is_list(node.value):
                raise Unsupported(f"slice of `{ast.unparse(node.value)}`", node)
            if node.slice.step is not None:
                raise Unsupported(f"slice with a step `{ast.unparse(node)}`", node)
            base = self.expr(node.value, True)
            length = _call("len", copy.deepcopy(base))

            def bound(value: ast.expr | None, default: ast.expr) -> ast.expr:
                if value is None:
                    return default
                if isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.USub) \
                        and isinstance(value.operand, ast.Constant):
                    return ast.BinOp(copy.deepcopy(length), ast.Sub(), ast.Constant(value.operand.value))
                return self.expr(value, True)

            return base, bound(node.slice.lower, ast.Constant(0)), bound(node.slice.upper, length)
        if self.is_list(node):
            base = self.expr(node, True)
            return base, ast.Constant(0), _call("len", copy.deepcopy(base))
        raise Unsupported(f"`{ast.unparse(node)}` (not a list or a slice of one)", node)

    def _e_Subscript(self, node: ast.Subscript, spec: bool) -> ast.expr:
        if isinstance(node.slice, ast.Slice):
            raise Unsupported(f"slice `{ast.unparse(node)}`", node)
        if not self.is_list(node.value):
            raise Unsupported(f"subscript `{ast.unparse(node)}`", node)
        base = self.expr(node.value, spec)
        index = node.slice
        if isinstance(index, ast.UnaryOp) and isinstance(index.op, ast.USub) \
                and isinstance(index.operand, ast.Constant):
            return ast.Subscript(base, ast.BinOp(_call("len", copy.deepcopy(base)), ast.Sub(),
                                                 ast.Constant(index.operand.value)), ast.Load())
        return ast.Subscript(base, self.expr(index, spec), ast.Load())

    def _e_List(self, node: ast.List, spec: bool) -> ast.expr:
        if spec:
            raise Unsupported("list literal in a contract", node)
        return ast.List([self.expr(e, spec) for e in node.elts], ast.Load())

    def _e_Call(self, node: ast.Call, spec: bool) -> ast.expr:
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise Unsupported(f"call `{ast.unparse(node)}` with keyword or starred arguments", node)
        func, args = node.func, node.args
        if isinstance(func, ast.Attribute):
            if _name(func.value) == "math" and func.attr == "prod" and len(args) == 1:
                base, lo, hi = self.span(args[0])
                self.helpers.add("_prod")
                return _call("_prod", base, _rebox(lo), _rebox(hi))
            arity = 1 if func.attr == "factorial" else 2
            if _name(func.value) == "math" and func.attr in _MATH and len(args) == arity:
                self.helpers.add(_MATH[func.attr])
                return _call(_MATH[func.attr], *(_rebox(self.expr(a, spec)) for a in args))
            if func.attr == "count" and len(args) == 1 \
                    and (self.is_list(func.value) or isinstance(func.value, ast.Subscript)):
                base, lo, hi = self.span(func.value)
                self.helpers.add("_count")
                return _call("_count", base, _rebox(lo), _rebox(hi), _rebox(self.expr(args[0], spec)))
            raise Unsupported(f"call to `{ast.unparse(func)}`", node)
        name = _name(func)
        if name == "len" and len(args) == 1 and self.is_list(args[0]):
            return _call("len", self.expr(args[0], spec))
        if name == "abs" and len(args) == 1:
            x = self.expr(args[0], spec)
            return ast.IfExp(_cmp(x, ast.GtE(), ast.Constant(0)), copy.deepcopy(x),
                             ast.UnaryOp(ast.USub(), copy.deepcopy(x)))
        if name in ("min", "max") and len(args) >= 2:
            out = self.expr(args[0], spec)
            for arg in args[1:]:
                y = self.expr(arg, spec)
                op = ast.LtE() if name == "min" else ast.GtE()
                out = ast.IfExp(_cmp(out, op, y), copy.deepcopy(out), copy.deepcopy(y))
            return out
        if name == "pow" and len(args) == 2:
            self.helpers.add("_pow")
            return _call("_pow", _rebox(self.expr(args[0], spec)), _rebox(self.expr(args[1], spec)))
        if name in ("sum", "min", "max") and len(args) == 1:
            arg = args[0]
            if name == "sum" and isinstance(arg, ast.Call) and _name(arg.func) == "range" and 1 <= len(arg.args) <= 2 \
                    and not arg.keywords:
                lo = self.expr(arg.args[0], spec) if len(arg.args) == 2 else ast.Constant(0)
                hi = self.expr(arg.args[-1], spec)
                self.helpers.add("_sum_range")
                return _call("_sum_range", _rebox(lo), _rebox(hi))
            if self.is_list(arg) or isinstance(arg, ast.Subscript):
                base, lo, hi = self.span(arg)
                helper = _LIST_HELPERS[name]
                self.helpers.add(helper)
                return _call(helper, base, _rebox(lo), _rebox(hi))
            raise Unsupported(f"`{name}` of `{ast.unparse(arg)}`", node)
        if name in ("all", "any") and len(args) == 1 and isinstance(args[0], ast.GeneratorExp):
            if not spec:
                raise Unsupported(f"`{name}(...)` in code", node)
            return self.quantifier(name, args[0].elt, args[0].generators)
        if name in self.callable and not spec:
            return _call(name, *(self.expr(a, spec) for a in args))
        raise Unsupported(f"call to `{ast.unparse(func)}`", node)

    def quantifier(self, kind: str, elt: ast.expr, generators: list[ast.comprehension]) -> ast.expr:
        gen, rest = generators[0], generators[1:]
        if gen.is_async:
            raise Unsupported("async comprehension", gen.iter)
        iterable, target = gen.iter, gen.target
        mapping: dict[str, ast.expr] = {}
        if isinstance(iterable, ast.Call) and _name(iterable.func) == "range" and _name(target) \
                and 1 <= len(iterable.args) <= 2 and not iterable.keywords:
            var = target.id
            lo = self.expr(iterable.args[0], True) if len(iterable.args) == 2 else ast.Constant(0)
            hi = self.expr(iterable.args[-1], True)
        elif isinstance(iterable, ast.Call) and _name(iterable.func) == "enumerate" and len(iterable.args) == 1 \
                and isinstance(target, ast.Tuple) and len(target.elts) == 2 and all(_name(t) for t in target.elts):
            var = target.elts[0].id
            base, lo, hi = self.span(iterable.args[0])
            mapping[target.elts[1].id] = ast.Subscript(iterable.args[0] if self.is_list(iterable.args[0]) else
                                                       iterable.args[0].value, ast.Name(var, ast.Load()), ast.Load())
            if not self.is_list(iterable.args[0]):
                raise Unsupported(f"`enumerate` of a slice `{ast.unparse(iterable)}`", iterable)
        elif _name(target) and (self.is_list(iterable) or isinstance(iterable, ast.Subscript)):
            var = self.fresh("j")
            base, lo, hi = self.span(iterable)
            source = iterable.value if isinstance(iterable, ast.Subscript) else iterable
            mapping[target.id] = ast.Subscript(copy.deepcopy(source), ast.Name(var, ast.Load()), ast.Load())
        else:
            raise Unsupported(f"`{kind}` over `{ast.unparse(iterable)}`", iterable)
        substitute = _Substitute(mapping)
        conds = [self.expr(substitute.visit(copy.deepcopy(c)), True) for c in gen.ifs]
        inner_src = substitute.visit(copy.deepcopy(elt))
        if rest:
            rest = [ast.comprehension(substitute.visit(copy.deepcopy(g.target)),
                                      substitute.visit(copy.deepcopy(g.iter)),
                                      [substitute.visit(copy.deepcopy(c)) for c in g.ifs], g.is_async) for g in rest]
            inner = self.quantifier(kind, inner_src, rest)
        else:
            inner = self.expr(inner_src, True)
        v = ast.Name(var, ast.Load())
        bounds = [_cmp(lo, ast.LtE(), v), _cmp(copy.deepcopy(v), ast.Lt(), hi), *conds]
        if kind == "all":
            body: ast.expr = _call("Implies", _and(*bounds), inner)
            return _call("Forall", ast.Name("int", ast.Load()), _lambda(var, body))
        return _call("Exists", ast.Name("int", ast.Load()), _lambda(var, _and(*bounds, inner)))

    # ---- statements

    def condition(self, kind: str, condition: Condition) -> ast.stmt:
        stmt = ast.Expr(_call(kind, self.expr(condition.expr, True)))
        self.origins[ast.unparse(stmt)] = f"line {condition.line}: {kind_word(kind)} `{condition.source}`"
        return stmt

    def translate(self) -> ast.FunctionDef:
        node = self.node
        body = node.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str):
            body = body[1:]
        head: list[ast.stmt] = []
        for name in self.types:
            if name in self.lists:
                head.append(ast.Expr(_call("Requires", self.permission(name, 0))))
        head += [self.condition("Requires", c) for c in self.contract.pre]
        for name in self.types:
            if name in self.lists:
                head.append(ast.Expr(_call("Ensures", self.permission(name, 0))))
        if self.returns.startswith("List"):
            head.append(ast.Expr(_call("Ensures", _call("Acc", _call("list_pred", _call("Result"))))))
        # Viper checks that a postcondition is well defined from the conjuncts before it alone, so
        # what the preconditions say about unchanged arguments is restated (as for loops).
        head += [ast.Expr(_call("Ensures", stmt.value.args[0])) for stmt in self.stable_pre()]
        head += [self.condition("Ensures", c) for c in self.contract.post]
        self.in_body = True
        copies = [ast.Assign([ast.Name(self.local(n), ast.Store())], ast.Name(n, ast.Load()), lineno=node.lineno)
                  for n in self.types if n in self.reassigned]
        new_body = head + copies + self.block(body, depth=0, in_for=False)
        args = ast.arguments(posonlyargs=[], args=[
            ast.arg(a, ast.parse(t, mode="eval").body) for a, t in self.types.items()], kwonlyargs=[],
            kw_defaults=[], defaults=[])
        return ast.FunctionDef(node.name, args, new_body or [ast.Pass()], [], ast.parse(self.returns, mode="eval").body,
                               None, lineno=node.lineno)

    def permission(self, name: str, depth: int, param: bool = True) -> ast.expr:
        pred = _call("list_pred", ast.Name(name, ast.Load()))
        if not param or name in self.mutated:
            return _call("Acc", pred)
        return _call("Acc", pred, ast.BinOp(ast.Constant(1), ast.Div(), ast.Constant(2 ** (depth + 1))))

    def block(self, stmts: list[ast.stmt], depth: int, in_for: bool) -> list[ast.stmt]:
        out: list[ast.stmt] = []
        for stmt in stmts:
            out.extend(self.statement(stmt, depth, in_for))
        return out

    def statement(self, stmt: ast.stmt, depth: int, in_for: bool) -> list[ast.stmt]:
        if type(stmt) in _STMT_NAMES:
            raise Unsupported(_STMT_NAMES[type(stmt)], stmt)
        if isinstance(stmt, ast.Pass | ast.Break):
            return [stmt]
        if isinstance(stmt, ast.Continue):
            if in_for:
                raise Unsupported("`continue` in a `for` loop", stmt)
            return [stmt]
        if isinstance(stmt, ast.Return):
            return [ast.Return(self.expr(stmt.value, False) if stmt.value is not None else None)]
        if isinstance(stmt, ast.Assert):
            return [ast.Assert(self.expr(stmt.test, False), None)]
        if isinstance(stmt, ast.Assign):
            return self.assign(stmt)
        if isinstance(stmt, ast.AnnAssign):
            if stmt.value is None or not _name(stmt.target):
                raise Unsupported("annotation without a value", stmt)
            return self.assign(ast.Assign([stmt.target], stmt.value, lineno=stmt.lineno))
        if isinstance(stmt, ast.AugAssign):
            if not isinstance(stmt.op, (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv, ast.Mod)):
                raise Unsupported(f"operator `{ast.unparse(stmt)}`", stmt)
            target = self.target(stmt.target)
            return [ast.AugAssign(target, stmt.op, self.expr(stmt.value, False))]
        if isinstance(stmt, ast.If):
            return [ast.If(self.expr(stmt.test, False), self.block(stmt.body, depth, in_for),
                           self.block(stmt.orelse, depth, in_for))]
        if isinstance(stmt, ast.Expr):
            call = stmt.value
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "append" \
                    and _name(call.func.value) in self.local_lists and len(call.args) == 1 and not call.keywords:
                return [ast.Expr(ast.Call(call.func, [self.expr(call.args[0], False)], []))]
            raise Unsupported(f"expression statement `{ast.unparse(stmt)}`", stmt)
        if isinstance(stmt, ast.While):
            return self.while_loop(stmt, depth)
        if isinstance(stmt, ast.For):
            return self.for_loop(stmt, depth)
        raise Unsupported(f"`{type(stmt).__name__}` statement", stmt)

    def target(self, node: ast.expr) -> ast.expr:
        if _name(node):
            if node.id in self.types and node.id in self.lists:
                raise Unsupported(f"list parameter `{node.id}` reassigned", node)
            return ast.Name(self.local(node.id), ast.Store())
        if isinstance(node, ast.Subscript) and self.is_list(node.value) and not isinstance(node.slice, ast.Slice):
            return ast.Subscript(ast.Name(node.value.id, ast.Load()), self.expr(node.slice, False), ast.Store())
        raise Unsupported(f"assignment to `{ast.unparse(node)}`", node)

    def assign(self, stmt: ast.Assign) -> list[ast.stmt]:
        if len(stmt.targets) != 1:
            targets = stmt.targets
            first = self.assign(ast.Assign([targets[-1]], stmt.value, lineno=stmt.lineno))
            rest = [ast.Assign([self.target(t)], ast.Name(targets[-1].id, ast.Load()), lineno=stmt.lineno)
                    for t in targets[:-1] if _name(targets[-1])]
            if len(rest) != len(targets) - 1:
                raise Unsupported(f"chained assignment `{ast.unparse(stmt)}`", stmt)
            return first + rest
        target = stmt.targets[0]
        if isinstance(target, ast.Tuple):
            if not isinstance(stmt.value, ast.Tuple) or len(stmt.value.elts) != len(target.elts):
                raise Unsupported(f"unpacking `{ast.unparse(stmt)}`", stmt)
            temps = [self.fresh("t") for _ in target.elts]
            out: list[ast.stmt] = [ast.Assign([ast.Name(t, ast.Store())], self.expr(v, False), lineno=stmt.lineno)
                                   for t, v in zip(temps, stmt.value.elts)]
            out += [ast.Assign([self.target(tg)], ast.Name(t, ast.Load()), lineno=stmt.lineno)
                    for tg, t in zip(target.elts, temps)]
            return out
        if _name(target) and isinstance(stmt.value, ast.List):
            annotation = ast.parse(self.list_type(target.id), mode="eval").body
            return [ast.AnnAssign(ast.Name(target.id, ast.Store()), annotation, self.expr(stmt.value, False), 1)]
        if _name(target) and _name(stmt.value) and self.is_list(stmt.value):
            raise Unsupported(f"list alias `{ast.unparse(stmt)}`", stmt)
        return [ast.Assign([self.target(target)], self.expr(stmt.value, False), lineno=stmt.lineno)]

    def loop_head(self, loop: ast.While | ast.For, depth: int) -> list[ast.stmt]:
        """The invariants every loop needs besides the model's: permissions to the lists in use."""
        out: list[ast.stmt] = []
        for name in self.types:
            if name in self.lists:
                out.append(ast.Expr(_call("Invariant", self.permission(name, depth + 1))))
        for name in sorted(self.local_lists):
            first = min((n.lineno for n in ast.walk(self.node) if isinstance(n, ast.Assign)
                         and any(_name(t) == name for t in n.targets)), default=None)
            if first is not None and first < loop.lineno:
                out.append(ast.Expr(_call("Invariant", self.permission(name, depth + 1, param=False))))
        return out

    def stable_pre(self) -> list[ast.stmt]:
        """Preconditions over arguments the function never changes, restated as invariants: a loop
        body starts from its invariants alone, so a fact like ``len(xs) > 0`` is lost otherwise."""
        stable = {n for n in self.types if n not in self.reassigned and n not in self.mutated}
        out = []
        for c in self.contract.pre:
            reads = _free_names(c.expr)
            if reads & set(self.types) and reads <= stable | _SPEC_NAMES:
                out.append(ast.Expr(_call("Invariant", self.expr(c.expr, True))))
        return out

    def model_invariants(self, loop: ast.While | ast.For) -> list[ast.stmt]:
        return [self.condition("Invariant", c) for c in self.contract.invariants.get(loop.lineno, [])]

    def while_loop(self, loop: ast.While, depth: int) -> list[ast.stmt]:
        if loop.orelse:
            raise Unsupported("`while ... else`", loop)
        body = (self.loop_head(loop, depth) + self.stable_pre() + self.model_invariants(loop)
                + self.block(loop.body, depth + 1, False))
        return [ast.While(self.expr(loop.test, False), body, [])]

    def modified(self, loop: ast.For | ast.While) -> set[str]:
        names: set[str] = set(self.mutated)
        for n in ast.walk(loop):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                names.add(n.id)
        return names

    def for_loop(self, loop: ast.For, depth: int) -> list[ast.stmt]:
        if loop.orelse:
            raise Unsupported("`for ... else`", loop)
        it, target = loop.iter, loop.target
        modified = self.modified(loop)
        pre: list[ast.stmt] = []
        first: list[ast.stmt] = []

        def fixed(expr: ast.expr, stem: str) -> ast.expr:
            reads = {n.id for n in ast.walk(expr) if isinstance(n, ast.Name)}
            value = self.expr(expr, False)
            if not reads & modified:
                return value
            var = self.fresh(stem)
            pre.append(ast.Assign([ast.Name(var, ast.Store())], value, lineno=loop.lineno))
            return ast.Name(var, ast.Load())

        if isinstance(it, ast.Call) and _name(it.func) == "range" and _name(target) and not it.keywords:
            if len(it.args) == 3:
                raise Unsupported("`range` with a step", it)
            if not 1 <= len(it.args) <= 2:
                raise Unsupported(f"`{ast.unparse(it)}`", it)
            index = self.local(target.id)
            lo = fixed(it.args[0], "start") if len(it.args) == 2 else ast.Constant(0)
            hi = fixed(it.args[-1], "stop")
        elif isinstance(it, ast.Call) and _name(it.func) == "enumerate" and len(it.args) == 1 \
                and self.is_list(it.args[0]) and isinstance(target, ast.Tuple) and len(target.elts) == 2 \
                and all(_name(t) for t in target.elts):
            index = self.local(target.elts[0].id)
            lo, hi = ast.Constant(0), _call("len", ast.Name(it.args[0].id, ast.Load()))
            element = ast.Subscript(ast.Name(it.args[0].id, ast.Load()), ast.Name(index, ast.Load()), ast.Load())
            first.append(ast.Assign([self.target(target.elts[1])], element, lineno=loop.lineno))
            if it.args[0].id in modified:
                raise Unsupported(f"`{it.args[0].id}` changed while looping over it", loop)
        elif _name(target) and self.is_list(it):
            if it.id in modified:
                raise Unsupported(f"`{it.id}` changed while looping over it", loop)
            index = self.fresh("k")
            lo, hi = ast.Constant(0), _call("len", ast.Name(it.id, ast.Load()))
            first.append(ast.Assign([self.target(target)],
                                    ast.Subscript(ast.Name(it.id, ast.Load()), ast.Name(index, ast.Load()), ast.Load()),
                                    lineno=loop.lineno))
        else:
            raise Unsupported(f"`for` over `{ast.unparse(it)}`", it)
        if not index.startswith("_"):
            if any(isinstance(n, ast.Name) and n.id == index and isinstance(n.ctx, ast.Store) for s in loop.body
                   for n in ast.walk(s)):
                raise Unsupported(f"loop variable `{index}` assigned in the loop", loop)
            self.check_not_read_after(loop, index)
        i = ast.Name(index, ast.Load())
        pre.append(ast.Assign([ast.Name(index, ast.Store())], copy.deepcopy(lo), lineno=loop.lineno))
        bounds = ast.Expr(_call("Invariant", _and(
            _cmp(copy.deepcopy(lo), ast.LtE(), copy.deepcopy(i)),
            ast.BoolOp(ast.Or(), [_cmp(copy.deepcopy(i), ast.LtE(), copy.deepcopy(hi)),
                                  _cmp(copy.deepcopy(i), ast.Eq(), copy.deepcopy(lo))]))))
        body = (self.loop_head(loop, depth) + self.stable_pre() + [bounds] + self.model_invariants(loop) + first
                + self.block(loop.body, depth + 1, True)
                + [ast.AugAssign(ast.Name(index, ast.Store()), ast.Add(), ast.Constant(1))])
        return pre + [ast.While(_cmp(copy.deepcopy(i), ast.Lt(), copy.deepcopy(hi)), body, [])]

    def check_not_read_after(self, loop: ast.For, index: str) -> None:
        """Python leaves a ``for`` loop's variable at its last value; the translated loop's index
        ends one past it, so code that reads it after the loop is not translated."""
        inside = {id(n) for other in ast.walk(self.node) if isinstance(other, ast.For)
                  and _name(other.target) == index for n in ast.walk(other)}
        for n in ast.walk(self.node):
            if isinstance(n, ast.Name) and n.id == index and isinstance(n.ctx, ast.Load) and id(n) not in inside \
                    and n.lineno > loop.lineno:
                raise Unsupported(f"loop variable `{index}` read after the loop", n)


def kind_word(kind: str) -> str:
    return {"Requires": "pre", "Ensures": "post", "Invariant": "invariant"}[kind]


def _lambda(var: str, body: ast.expr) -> ast.Lambda:
    return ast.Lambda(ast.arguments(posonlyargs=[], args=[ast.arg(var)], kwonlyargs=[], kw_defaults=[], defaults=[]),
                      body)


def _describe(node: ast.AST) -> str:
    names = {ast.ListComp: "list comprehension", ast.SetComp: "set comprehension", ast.DictComp: "dict comprehension",
             ast.GeneratorExp: "generator expression", ast.Lambda: "lambda", ast.Dict: "dict literal",
             ast.Set: "set literal", ast.Tuple: "tuple", ast.JoinedStr: "f-string", ast.NamedExpr: "`:=` expression",
             ast.Starred: "starred expression", ast.Slice: "slice"}
    return names.get(type(node), f"`{ast.unparse(node)}`")


def translate(contracts: list[FunctionContract]) -> Translation:
    """One Nagini module proving every function in ``contracts``; raises :class:`Unsupported`."""
    helpers: set[str] = set()
    names = {c.name for c in contracts}
    functions = []
    origins: dict[str, str] = {}
    for contract in contracts:
        function = _Function(contract, names, helpers)
        functions.append(function.translate())
        origins.update(function.origins)
    module = ast.Module(body=functions, type_ignores=[])
    ast.fix_missing_locations(module)
    code = ast.unparse(module)
    parts = ["from nagini_contracts.contracts import *", "from typing import List", ""]
    parts += [HELPERS[h].strip() + "\n" for h in sorted(helpers)]
    source = "\n".join(parts) + "\n" + code + "\n"
    line_origins = {}
    for number, text in enumerate(source.splitlines(), start=1):
        if text.strip() in origins:
            line_origins[number] = origins[text.strip()]
    return Translation(source=source, functions=[c.name for c in contracts], origins=line_origins)
