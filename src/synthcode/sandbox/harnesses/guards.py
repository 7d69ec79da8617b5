"""Guards on the tests themselves: what makes a passing test honest evidence (stdlib only).

Two halves, one file, because both sides need it:

* :func:`plan` and :func:`rewrite` run on the trusted host (and in the zygote when it cannot use
  the host's bytecode): like pytest, they rewrite the sample's ``assert`` statements, here so that
  each one reports to a :class:`Guard` when it runs. Inside an assertion, ``a == b`` and ``a != b``
  become the guard's trusted comparison. Every solution function reports its calls (and, for the
  calls a test made directly, its arguments and result).
* :class:`Guard` runs in the sandboxed child, beside the sample. Per test it counts the
  assertions that ran and those that checked a solution's result (an assertion that held, came
  after or during a call of a solution function, and is not a constant, a tautology or a check
  that says nothing about the value such as ``is not None`` or ``isinstance``). At every
  assertion it checks that the solution functions, the module's functions, classes and modules,
  and ``builtins`` are still the objects they were when the module loaded. After the tests it
  replays the calls the tests made in a fresh copy of the module, from this file's frame, and
  compares the results.

It lives in the sample's process, so it stops tricks written to fool a test run, not code that
sets out to find and disable it (see the runner's docstring for what the process shares).
"""

import ast
import builtins
import copy
import sys
import types
from time import process_time  # CPU time: a busy machine replays the same calls

REPLAY_FLOOR = 0.05
"""CPU seconds the replay may always spend."""
REPLAY_SHARE = 0.25
"""Of the CPU time the recorded calls took in the tests, what the replay may spend beyond that."""

# Bound when the zygote loads this module: a sample may replace them in its own copies.
_deepcopy, _getframe, _exec, _exc_info = copy.deepcopy, sys._getframe, exec, sys.exc_info

GUARD = "@synthcode_guard"
TOKEN = "@synthcode_call"
HELPER_PREFIXES = ("check", "test", "assert", "verify", "_check", "_test", "_assert", "_verify")
# Calls that only look at a value's kind, not its value: an assertion made of nothing else
# (``assert f(x) is not None``, ``assert isinstance(f(x), list)``) does not check the result.
KIND_ONLY_CALLS = {"isinstance", "callable", "hasattr", "type", "issubclass"}
MAX_RECORDED = 3  # calls recorded per test for the replay
MAX_REPLAYED = 8
MAX_FINDINGS = 6
WALK_LIMIT = 2000  # elements looked at per trusted comparison


# --------------------------------------------------------------------------- the host side


def _calls_a_parameter(node):
    params = {a.arg for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs}
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in params
               for n in ast.walk(node))


def _has_assert(node):
    stack = list(node.body)
    while stack:  # statements only (an assertion is one): cheaper than a walk of every expression
        child = stack.pop()
        if isinstance(child, ast.Assert):
            return True
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            children = getattr(child, field, None)
            if isinstance(children, list):
                stack.extend(children)
    return False


def plan(tree, tests):
    """What :func:`rewrite` needs: which top-level functions are tests, test helpers (functions
    with assertions that take the function under test as a parameter, HumanEval's
    ``check(candidate)``, or are named like ``check_*``), and solutions (the others, and the
    methods of top-level classes), with the source of each solution's return annotation."""
    tests = set(tests)
    helpers, solutions, returns = [], [], {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if node.name in tests:
                continue
            if _has_assert(node) and (_calls_a_parameter(node) or node.name.lower().startswith(HELPER_PREFIXES)):
                helpers.append(node.name)
            else:
                solutions.append(node.name)
                if node.returns is not None:
                    returns[node.name] = ast.unparse(node.returns)
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("Test"):
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and node.name + "." + item.name not in solutions:
                    solutions.append(node.name + "." + item.name)
    return {"tests": sorted(tests), "helpers": helpers, "solutions": solutions, "returns": returns}


def _at(node, where):
    """``node`` placed where ``where`` is (cheaper than ``ast.fix_missing_locations`` on the tree)."""
    node.lineno, node.col_offset = where.lineno, where.col_offset
    node.end_lineno, node.end_col_offset = where.end_lineno, where.end_col_offset
    return node


def _set(node, field, value, undo):
    """``setattr``, remembered in ``undo`` (when given) so that :func:`restore` can take it back."""
    if undo is not None:
        undo.append((node, field, getattr(node, field)))
    setattr(node, field, value)


def restore(undo):
    """Take back what :func:`rewrite` changed (its ``undo`` list), latest first."""
    for node, field, value in reversed(undo):
        setattr(node, field, value)
    undo.clear()


def _guard_call(method, args, where):
    guard = _at(ast.Name(id=GUARD, ctx=ast.Load()), where)
    return _at(ast.Call(func=_at(ast.Attribute(value=guard, attr=method, ctx=ast.Load()), where),
                        args=args, keywords=[]), where)


def _constant(value, where):
    return _at(ast.Constant(value), where)


def _same(a, b):
    return type(a) is type(b) and ast.dump(a) == ast.dump(b)


def _mentions_call_or_name(node):
    return any(isinstance(n, (ast.Call, ast.Name, ast.Attribute, ast.Subscript)) for n in ast.walk(node))


def assertion_kind(test):
    """How an assertion's expression is judged before it runs.

    ``value`` (it can check a result's value), ``constant`` (no name or call in it), ``tautology``
    (both sides of a comparison the same expression), ``kind-only`` (only ``is not None`` or
    ``isinstance``-like calls: says nothing about the value).
    """
    if not _mentions_call_or_name(test):
        return "constant"
    if isinstance(test, ast.BoolOp):
        kinds = [assertion_kind(v) for v in test.values]
        if isinstance(test.op, ast.Or):  # holds when its weakest part holds: ``x or True``
            return next((k for k in kinds if k != "value"), "value")
        return "value" if "value" in kinds else kinds[0]
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return assertion_kind(test.operand)
    if isinstance(test, ast.Compare):
        sides = [test.left, *test.comparators]
        if len(sides) == 2 and _same(sides[0], sides[1]) and not isinstance(test.ops[0], (ast.In, ast.NotIn)):
            return "tautology"
        if all(isinstance(op, ast.IsNot) for op in test.ops) and any(
                isinstance(s, ast.Constant) and s.value is None for s in sides):
            return "kind-only"  # (``is None`` does check a value: None)
        if any(isinstance(s, ast.Call) and isinstance(s.func, ast.Name) and s.func.id in KIND_ONLY_CALLS
               for s in sides) and not any(isinstance(op, (ast.In, ast.NotIn)) for op in test.ops):
            return "kind-only"  # ``type(f(x)) is list``
        return "value"
    if isinstance(test, ast.Call) and isinstance(test.func, ast.Name) and test.func.id in KIND_ONLY_CALLS:
        return "kind-only"
    return "value"


def _trusted_comparisons(node, undo):
    """``a == b`` -> ``GUARD.eq(a, b)`` (and ``!=``) inside an assertion's expression, in place;
    returns the node to use in place of ``node``."""
    if isinstance(node, (ast.Lambda, ast.Constant, ast.Name)):
        return node  # (an assertion's own lambdas are left as they are)
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)) and all(type(e) is ast.Constant for e in node.elts):
        return node
    for field, value in ast.iter_fields(node):
        if isinstance(value, ast.AST):
            new = _trusted_comparisons(value, undo)
            if new is not value:
                _set(node, field, new, undo)
        elif isinstance(value, list):
            new = [_trusted_comparisons(v, undo) if isinstance(v, ast.AST) else v for v in value]
            if any(a is not b for a, b in zip(new, value)):
                _set(node, field, new, undo)
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], (ast.Eq, ast.NotEq)):
        return _guard_call("eq" if isinstance(node.ops[0], ast.Eq) else "ne", [node.left, node.comparators[0]], node)
    return node


def _fails(statement):
    """``raise ...``, ``assert False``, or a call of ``fail(...)``/``pytest.fail(...)``."""
    if isinstance(statement, ast.Raise):
        return True
    if isinstance(statement, ast.Assert):
        return isinstance(statement.test, ast.Constant) and not statement.test.value
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
        func = statement.value.func
        return (isinstance(func, ast.Name) and func.id == "fail") or (isinstance(func, ast.Attribute) and func.attr == "fail")
    return False


def _expects_an_exception(node):
    """A ``try`` whose test fails unless its body raises: its ``else`` fails, or its body ends failing."""
    return bool(node.handlers) and (any(_fails(s) for s in node.orelse) or (node.body and _fails(node.body[-1])))


def _rewrite_asserts(function, solutions, undo):
    """Every ``assert T, M`` in ``function`` (nested code included) -> ``assert GUARD.check(line,
    kind, GUARD.enter(), T'), M``, with ``T'`` using the trusted comparisons."""
    asserts, params, expecting = [], set(), []
    stack = [function]
    while stack:  # statements only: an assertion is one, and expressions (long literals) are skipped
        node = stack.pop()
        if isinstance(node, ast.Assert):
            asserts.append(node)
            continue
        if isinstance(node, ast.Try) and _expects_an_exception(node):
            expecting.append(node)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            params.update(a.arg for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs)
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            children = getattr(node, field, None)
            if isinstance(children, list):
                stack.extend(children)
    for number, node in enumerate(expecting):
        # ``try: f(-1) / except ValueError: ... / else: raise AssertionError``: reaching the handler
        # is the test's check (counted by ``GUARD.raised`` when a solution ran in the ``try``).
        mark = f"{TOKEN}_try{number}"
        enter = _at(ast.Assign(targets=[_at(ast.Name(id=mark, ctx=ast.Store()), node)],
                               value=_guard_call("enter", [], node)), node)
        _set(node, "body", [enter, *node.body], undo)
        for handler in node.handlers:
            if handler.type is None:
                continue
            raised = _at(ast.Expr(_guard_call("raised", [_constant(handler.lineno, handler),
                                                         _at(ast.Name(id=mark, ctx=ast.Load()), handler)],
                                              handler)), handler)
            _set(handler, "body", [raised, *handler.body], undo)
    for node in asserts:
        kind = assertion_kind(node.test)
        if kind == "value" and any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
                                   and (n.func.id in params or n.func.id in solutions)
                                   for n in ast.walk(node.test)):
            kind = "direct"  # it calls what it tests: only a solution call during it counts
        if kind in ("value", "direct") and not isinstance(node.test, (ast.Compare, ast.BoolOp, ast.UnaryOp)):
            kind = "bare-" + kind  # ``assert f(x)``: checks a value only when that value is a bool
        test = node.test
        _set(node, "test", _guard_call("check", [_constant(node.lineno, test), _constant(kind, test),
                                                 _guard_call("enter", [], test), _trusted_comparisons(test, undo)],
                                       test), undo)


def _own_statements(function):
    """The statements of ``function``'s body, however nested, but not those of functions or
    classes defined in it (expressions are not walked: that is where the time would go)."""
    stack = list(function.body)
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            children = getattr(node, field, None)
            if isinstance(children, list):
                stack.extend(children)


def _returned(value, where):
    """``value if TOKEN is None else GUARD.ret(TOKEN, value)``: an unrecorded call (most of them,
    a recursion's inner calls for one) returns without calling the guard."""
    token = _at(ast.Name(id=TOKEN, ctx=ast.Load()), where)
    test = _at(ast.Compare(left=token, ops=[ast.Is()], comparators=[_constant(None, where)]), where)
    return _at(ast.IfExp(test=test, body=value,
                         orelse=_guard_call("ret", [_at(ast.Name(id=TOKEN, ctx=ast.Load()), where), value], where)),
               where)


def _instrument(node, qualname, undo):
    """Make a solution function report its calls (and results) to the guard:
    ``TOKEN = GUARD.called(name, record)`` first, and ``return GUARD.ret(TOKEN, X)``. (A generator's
    calls are counted, not recorded: :meth:`Guard.called` tells by its code's flags.)"""
    body = node.body
    start = 1 if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
        and isinstance(body[0].value.value, str) else 0
    anchor = body[start] if start < len(body) else body[0]
    # ``GUARD.calls += 1`` inline: most calls (a recursion's inner ones) cost no call of the guard.
    guard = _at(ast.Name(id=GUARD, ctx=ast.Load()), anchor)
    count = _at(ast.AugAssign(target=_at(ast.Attribute(value=guard, attr="calls", ctx=ast.Store()), anchor),
                              op=ast.Add(), value=_constant(1, anchor)), anchor)
    if isinstance(node, ast.AsyncFunctionDef):
        _set(node, "body", body[:start] + [count] + body[start:], undo)
        return
    for child in _own_statements(node):
        if isinstance(child, ast.Return):
            value = child.value if child.value is not None else _constant(None, child)
            _set(child, "value", _returned(value, child), undo)
    opened = _at(ast.Attribute(value=_at(ast.Name(id=GUARD, ctx=ast.Load()), anchor), attr="open", ctx=ast.Load()), anchor)
    assign = _at(ast.Assign(targets=[_at(ast.Name(id=TOKEN, ctx=ast.Store()), anchor)],
                            value=_at(ast.IfExp(test=opened, body=_guard_call("called", [_constant(qualname, anchor),
                                                                                         _constant(True, anchor)], anchor),
                                                orelse=_constant(None, anchor)), anchor)),
                 anchor)
    last = body[-1]
    end = _at(ast.Return(value=_returned(_constant(None, last), last)), last)
    _set(node, "body", body[:start] + [count, assign] + body[start:] + [end], undo)


def rewrite(tree, the_plan, undo=None):
    """Rewrite ``tree`` in place as :func:`plan` says; returns it. With an ``undo`` list, every
    change is recorded there, and :func:`restore` gives back the tree as it was (cheaper than
    parsing again when the caller's tree is needed afterwards)."""
    asserting = set(the_plan["tests"]) | set(the_plan["helpers"])
    solutions = set(the_plan["solutions"])
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if node.name in asserting:
                _rewrite_asserts(node, solutions, undo)
            elif node.name in solutions:
                _instrument(node, node.name, undo)
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and node.name + "." + item.name in solutions:
                    _instrument(item, node.name + "." + item.name, undo)
    return tree


# --------------------------------------------------------------------------- the sandbox side


def _generated_eq(klass, function):
    """True for the ``__eq__`` that ``@dataclass`` writes (it compares the fields as tuples)."""
    params = klass.__dict__.get("__dataclass_params__")
    code = getattr(function, "__code__", None)
    return params is not None and params.eq and code is not None and code.co_filename == "<string>"


class Guard:
    """The child's side; its methods are called by the rewritten sample (see the module doc)."""

    def __init__(self, the_plan, filename, report):
        self.plan = the_plan
        self.filename = filename
        self.report = report
        self.solutions = set(the_plan["solutions"])
        self.busy = True  # while the module loads and during the guard's own work
        self.calls = 0
        self.mark = 0
        self.open = self.test_running = False
        """``open``: whether a solution's call asks :meth:`called` to be recorded (see ``_instrument``)."""
        self.entered = 0
        self.failed_at = -1
        self.test = None
        self.executed = self.checking = 0
        self.kinds = {}
        self.findings = []
        self.records = []
        self.recorded_in_test = 0
        self.module = None
        self.declared = set()

    # ------------------------------------------------------------- set-up

    def loaded(self, module, code):
        """Called once the module ran: remember the originals every assertion compares with.

        Of ``builtins`` and of the modules the sample imported, only the names its code uses:
        reading an object the zygote froze writes its reference count, which copies its page
        into the child (the whole of ``builtins`` would add over a hundred page faults per sample).
        """
        self.module = module
        namespace = module.__dict__
        used, codes = set(), [code]
        while codes:
            current = codes.pop()
            used.update(current.co_names)
            codes.extend(c for c in current.co_consts if isinstance(c, types.CodeType))
        self.originals = {}
        for name, value in namespace.items():
            if isinstance(value, (types.FunctionType, types.BuiltinFunctionType, type, types.ModuleType)) \
                    and not name.startswith("@"):
                self.originals[name] = value
        self.names = list(self.originals)
        self.values = list(self.originals.values())
        # The functions and classes of the modules the sample imported (``math.sqrt``, ...).
        self.attributes = []
        for value in self.values:
            if isinstance(value, types.ModuleType) and value is not builtins:
                space = vars(value)
                names = [k for k in used if k in space]
                self.attributes.append((value, names, [space[k] for k in names]))
        space = builtins.__dict__
        self.builtin_names = [k for k in used if k in space]
        self.builtin_values = [space[k] for k in self.builtin_names]
        for name, source in self.plan.get("returns", {}).items():
            try:
                declared = eval(source, namespace)  # an annotation the host parsed: a name or a subscript
            except Exception:
                continue
            for candidate in (declared, getattr(declared, "__origin__", None), *getattr(declared, "__args__", ())):
                if isinstance(candidate, type):
                    self.declared.add(candidate)

    def start(self, test):
        self.test = test
        self.executed = self.checking = 0
        self.kinds = {}
        self.recorded_in_test = 0
        self.mark = self.calls
        self.failed_at = -1
        self.test_running = True
        self.open = len(self.records) < MAX_REPLAYED
        self.busy = False

    def stop(self):
        self.busy = True
        self.open = self.test_running = False
        return {"asserts": self.executed, "checking": self.checking,
                "unchecked": ",".join(f"{k}:{v}" for k, v in sorted(self.kinds.items()))}

    def findings_text(self):
        """The findings as JSON text ('' when none: the common case encodes nothing)."""
        if not self.findings:
            return ""
        import json

        return json.dumps(self.findings)

    def find(self, kind, message):
        if len(self.findings) < MAX_FINDINGS:
            self.findings.append({"guard": kind, "test": self.test, "message": message[:240]})

    # ------------------------------------------------------------- called by the sample

    def called(self, name, record):
        """Asked only while :attr:`open` (the call is already counted): record a test's call."""
        if self.busy or not record or self.recorded_in_test >= MAX_RECORDED or len(self.records) >= MAX_REPLAYED \
                or "." in name:  # (a method needs its instance, which is not replayed)
            return None
        frame = _getframe(1)
        if frame.f_code.co_flags & 0x2A0:  # a generator (or async one): its result is not a value
            return None
        caller = frame.f_back
        if caller is None or caller.f_code.co_filename != self.filename or caller.f_code.co_name in self.solutions \
                or caller.f_code.co_qualname in self.solutions:
            return None
        self.busy = True
        try:
            code = frame.f_code
            names = code.co_varnames
            n = code.co_argcount
            k = code.co_kwonlyargcount
            local = frame.f_locals
            args = [local[a] for a in names[:n]]
            kwargs = {a: local[a] for a in names[n:n + k]}
            # Arguments left at their defaults are left out, so the replay gets fresh defaults.
            function = self.module.__dict__.get(name) if self.module is not None else None
            defaults = getattr(function, "__defaults__", None) or ()
            first = n - len(defaults)
            while not code.co_flags & 0x04 and len(args) > max(first, 0) and args[-1] is defaults[len(args) - 1 - first]:
                args.pop()
            for key, value in (getattr(function, "__kwdefaults__", None) or {}).items():
                if kwargs.get(key, self) is value:
                    del kwargs[key]
            index = n + k
            if code.co_flags & 0x04:  # CO_VARARGS
                args += list(local[names[index]])
                index += 1
            if code.co_flags & 0x08:  # CO_VARKEYWORDS
                kwargs.update(local[names[index]])
            entry = [name, _snapshot((args, kwargs)), None, False, self.test, None, self.calls, process_time()]
        except Exception:
            return None
        finally:
            self.busy = False
        self.recorded_in_test += 1
        self.records.append(entry)
        self.open = False  # until it returns: the calls it makes are the solution's own
        return entry

    def ret(self, token, value):
        if token is not None and not token[3]:
            self.open = self.test_running and self.recorded_in_test < MAX_RECORDED and len(self.records) < MAX_REPLAYED
            busy, self.busy = self.busy, True
            try:
                token[7] = process_time() - token[7]  # how long the call took
                token[2] = _snapshot(value)
                token[3] = True
                token[5] = value  # the object itself: an assertion comparing two such results is told
            except Exception:
                token[3] = None
            finally:
                self.busy = busy
        return value

    def enter(self):
        self.entered = self.calls
        return self.calls

    def check(self, line, kind, entered, value):
        if self.busy:
            return value
        self.busy = True
        try:
            self.executed += 1
            self._originals(line)
            held = bool(value) if kind[-6:] not in ("-value", "direct") and kind != "value" or type(value) is bool \
                else self._truth(value, line)
            if kind[:5] == "bare-":
                kind = kind[5:] if type(value) is bool else "truthiness"  # a non-empty list, a non-zero count
            if kind == "direct":
                kind = "value" if self.calls > entered else "no-call"
            if kind == "value" and held and self.calls > self.mark:
                self.checking += 1
                self.mark = self.calls  # the next assertion checks something only with a new call
            else:
                why = kind if kind != "value" else ("failed" if not held else "no-call")
                self.kinds[why] = self.kinds.get(why, 0) + 1
                if why == "failed":
                    self.failed_at = self.calls
                if why in ("constant", "tautology", "failed"):
                    self.mark = self.calls  # its calls were used up by it (an ``is None`` check's are not)
        finally:
            self.busy = False
        return value

    def raised(self, line, entered):
        """An expected exception was caught: a check of the solution when one ran in the ``try``
        and no assertion of the test's own failed there (that would be a swallowed failure)."""
        if self.busy:
            return
        self.executed += 1
        exc = _exc_info()[1]
        inside = exc is not None and exc.__traceback__ is not None and exc.__traceback__.tb_next is not None
        if self.calls > entered and self.failed_at < entered and inside:  # (raised in a callee, not by the test)
            self.checking += 1
            self.mark = self.calls
        else:
            why = "failed" if self.failed_at >= entered else "no-call"
            self.kinds[why] = self.kinds.get(why, 0) + 1

    def _truth(self, value, line):
        self._trusted(value, f"line {line}: asserted value")
        return bool(value)

    def eq(self, a, b):
        if self.busy:
            return a == b
        self.busy = True
        try:
            self._trusted(a, "==")
            self._trusted(b, "==")
            self._aliased(a, b)
        finally:
            self.busy = False
        return a == b

    def ne(self, a, b):
        if self.busy:
            return a != b
        self.busy = True
        try:
            self._trusted(a, "!=")
            self._trusted(b, "!=")
            self._aliased(a, b)
        finally:
            self.busy = False
        return a != b

    # ------------------------------------------------------------- the checks

    def _untrusted(self, kind):
        """The class that gives ``kind`` an ``__eq__``/``__ne__``/``__bool__`` of the sample's own,
        unless it is a declared return type or a plain dataclass; None when trusted."""
        if kind in self.declared:
            return None
        for klass in kind.__mro__:
            for method in ("__eq__", "__ne__", "__bool__", "__len__"):
                function = klass.__dict__.get(method)
                if function is None:
                    continue
                if method == "__eq__" and _generated_eq(klass, function):
                    continue
                code = getattr(function, "__code__", None)
                if klass.__module__ == "__synthcode_sample__" or (code is not None and code.co_filename == self.filename):
                    return klass
        return None

    def _trusted(self, value, where):
        stack, seen = [value], 0
        while stack and seen < WALK_LIMIT:
            item = stack.pop()
            seen += 1
            kind = type(item)
            if kind in (int, float, str, bool, bytes, type(None), complex):
                continue
            bad = self._untrusted(kind)
            if bad is not None:
                self.find("untrusted-eq", f"{where} compares a {kind.__name__}, whose class {bad.__name__} "
                                          "defines its own __eq__/__ne__/__bool__ and is not the declared return type")
                return
            if isinstance(item, dict):
                stack.extend(item.keys())
                stack.extend(item.values())
            elif isinstance(item, (list, tuple, set, frozenset)):
                stack.extend(item)
            elif "__dataclass_fields__" in dir(kind):
                stack.extend(getattr(item, "__dict__", {}).values())

    def _aliased(self, a, b):
        """``a is b`` for a mutable value: comparing an object with itself checks nothing (a
        mutable default returned and compared with itself, say). And two results of the same
        function on equal arguments compared with each other (``expected = f(x)``, then
        ``f(x) == expected``; ``g = f``, then ``f(3) == g(3)``): a tautology. Told by identity with
        the recorded results; for immutable values (which Python shares) only calls made during
        this assertion count."""
        if a is b and not isinstance(a, (int, float, str, bytes, bool, complex, tuple, frozenset, type(None))):
            self.find("aliased", f"an assertion compares a {type(a).__name__} with itself (the same object "
                                 "on both sides: a shared mutable default?)")
            return
        if isinstance(a, (list, dict, set, bytearray)) or hasattr(a, "__dict__"):
            records = self.records  # a mutable result is a new object per call, unless aliased
        else:  # immutable values are shared (constants, small ints, ()): only calls in this assertion
            records = [r for r in self.records if r[6] > self.entered]
        left = [r for r in records if r[5] is a and r[3]]
        right = [r for r in records if r[5] is b and r[3]]
        for r1 in left:
            for r2 in right:
                if r1 is not r2 and r1[0] == r2[0] and _equal(r1[1], r2[1]):
                    self.find("tautology", f"an assertion compares {r1[0]}({_short(r1[1][0])[1:-1]}) with the result "
                                           "of the same call: it holds whatever the function returns")
                    return

    def _originals(self, line):
        namespace = self.module.__dict__
        if list(map(namespace.get, self.names)) != self.values:
            for name, value in zip(self.names, self.values):
                if namespace.get(name) is not value:
                    self.find("replaced", f"line {line}: the module's {name!r} was replaced before an assertion ran")
                    break
        for module, names, values in self.attributes:
            space = vars(module)
            if list(map(space.get, names)) != values:
                for name, value in zip(names, values):
                    if space.get(name) is not value:
                        self.find("replaced", f"line {line}: {module.__name__}.{name} was replaced before an assertion ran")
                        break
        if list(map(builtins.__dict__.get, self.builtin_names)) != self.builtin_values:
            for name, value in zip(self.builtin_names, self.builtin_values):
                if builtins.__dict__.get(name) is not value:
                    self.find("replaced", f"line {line}: builtins.{name} was replaced before an assertion ran")
                    break

    # ------------------------------------------------------------- after the tests

    def replay(self, code, module_name, budget):
        """Call again, in a fresh copy of the module and from this frame, what the tests called.

        Work decides what is replayed, never the wall clock: at most ``MAX_REPLAYED`` calls, each
        made again only while the CPU time it took in the tests fits in what is left of
        ``REPLAY_FLOOR`` or ``REPLAY_SHARE`` of the recorded calls' CPU time, whichever is more
        (``budget``, the runner's share of the tests' wall-clock time, is not used: it grows with
        the machine's load)."""
        spent = sum(r[7] for r in self.records if r[3] is True)
        deadline = process_time() + max(REPLAY_FLOOR, REPLAY_SHARE * spent)
        self.busy = True
        wanted = [r for r in self.records if r[3] is True]
        if not wanted:
            return 0
        replayed = 0
        # A fresh copy of the module: nothing the tests changed (a primed default, a global) is in
        # it; the calls replay in the order the tests made them, so the solution's own state
        # evolves as it did.
        fresh = types.ModuleType(module_name)
        fresh.__file__ = self.filename
        fresh.__dict__[GUARD] = self
        try:
            _exec(code, fresh.__dict__)
        except BaseException as exc:
            self.find("replay", f"the module failed to load again for the replay: {type(exc).__name__}: {exc}")
            return replayed
        for name, (args, kwargs), expected, test, took in ((r[0], r[1], r[2], r[4], r[7]) for r in wanted):
            if process_time() + took > deadline or "." in name:  # (methods need their instance)
                continue  # a call that would run past the budget is not made again
            target = fresh
            for part in name.split("."):
                target = getattr(target, part, None)
            if target is None:
                continue
            self.test = test
            try:
                got = _neutral(target, *_snapshot((args, kwargs)))
                outcome = None
            except BaseException as exc:
                got, outcome = None, f"raised {type(exc).__name__}"
            replayed += 1
            if outcome is None and _equal(got, expected):
                continue
            shown = ", ".join([_short(a) for a in args] + [f"{k}={_short(v)}" for k, v in kwargs.items()])
            self.find("replay", f"{name}({shown}) returned {_short(expected)} in {test} but "
                                f"{outcome or _short(got)} when called again from outside the tests")
        return replayed


SCALARS = (int, float, str, bool, bytes, type(None), complex)


def _snapshot(value, depth=0):
    """A copy of ``value`` that later changes to it do not reach: built by hand for the usual
    arguments and results (scalars and containers of them), ``copy.deepcopy`` otherwise, which
    touches far more of the zygote's frozen pages (each one copied into the child)."""
    kind = type(value)
    if kind in SCALARS:
        return value
    if depth < 8:
        if kind is list:
            return [_snapshot(v, depth + 1) for v in value]
        if kind is tuple:
            return tuple(_snapshot(v, depth + 1) for v in value)
        if kind is dict:
            return {_snapshot(k, depth + 1): _snapshot(v, depth + 1) for k, v in value.items()}
        if kind is set and all(type(v) in SCALARS for v in value):
            return set(value)
    return _deepcopy(value)


def _neutral(function, args, kwargs):
    """The frame a replayed call sees as its caller: not a test, nothing of the tests' in it."""
    return function(*args, **kwargs)


def _short(value):
    try:
        text = repr(value)
    except Exception:
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 60 else text[:57] + "..."


def _equal(a, b, depth=0):
    """Equal values of the same types, compared structurally: NaN equals NaN, and objects without
    an ``__eq__`` of their own compare by their attributes (not by identity)."""
    if a is b:
        return True
    if depth > 50 or (type(a) is not type(b) and type(a).__qualname__ != type(b).__qualname__):
        return False  # (a class of the sample's is another class in the replay's fresh module)
    try:
        if isinstance(a, float) and a != a:
            return b != b
        if isinstance(a, (list, tuple)):
            return len(a) == len(b) and all(_equal(x, y, depth + 1) for x, y in zip(a, b))
        if isinstance(a, dict):
            return a.keys() == b.keys() and all(_equal(a[k], b[k], depth + 1) for k in a)
        if type(a) is type(b) and a == b:
            return True
        if hasattr(a, "__dict__") and hasattr(b, "__dict__"):
            return _equal(vars(a), vars(b), depth + 1)
    except Exception:
        pass
    return False
