"""The ``record`` harness: run the file's tests as the ``tests`` harness does, and watch the calls.

The tests run through the runner's own ``run_tests`` (same loading, same checks that each test is
the function defined in the file, same events, same teardown). When the first test starts, the
module-level callables named in ``request["functions"]`` are replaced by thin wrappers that, for
every call a test makes (not nested calls, not calls at import or in teardown):

* report ``call`` with ``args``, the ``repr`` of the positional argument tuple taken before the
  call (keyword arguments are bound to their positions), or null for a call that passes
  keyword-only arguments or whose arguments are too large to repr cheaply, for the first
  ``max_calls`` (default 200) calls of each function;
* when ``request["contracts"]`` has ``{name: {"params": [...], "pre": [src, ...], "post": [src,
  ...]}}``, evaluate each precondition on the bound arguments before the call and, when they all
  hold and the call returns, each postcondition with ``__return__`` (and ``__old__``, the
  arguments as deep-copied on entry) bound, for the first ``max_checks`` (default 1000) calls of
  each function. A call that returns although a precondition was false (or raised), or a
  postcondition that is false (or raises), is reported as ``contract`` with ``function``, ``kind``
  (pre or post), ``condition``, ``args``, and ``result`` or ``error``. A call that raises after a
  precondition failed is the function refusing an input outside its domain: not reported.

Both events carry ``test``, the test running, and only ever come between that test's ``start``
and its outcome; the host checks that and then judges the remaining events exactly as the tests
stage does. The wrappers copy the wrapped callable's name, docstring, ``__dict__`` and public
attributes (``cache_clear`` of an ``lru_cache``) and set ``__wrapped__``.
"""

import copy
import json
import sys
import types

import synthcode_runner

MAX_CALLS = 200
MAX_CHECKS = 1000
MAX_VIOLATIONS = 10
MAX_NODES = 2000  # values with more elements than this are not repr'd
FIELD_MAX = 2800  # JSON-encoded length of a reported repr; the runner's event limit is 3500 bytes
SHOWN = 300  # characters of args/result kept in a contract event (for people, not for parsing)


def small(value, budget=MAX_NODES):
    """True when ``value`` has at most ``budget`` elements, counted through containers."""
    stack, seen = [value], 0
    while stack:
        item = stack.pop()
        seen += 1
        if seen > budget:
            return False
        kind = type(item)
        if kind in (list, tuple, set, frozenset):
            stack.extend(item)
        elif kind is dict:
            stack.extend(item.keys())
            stack.extend(item.values())
        elif kind in (str, bytes):
            seen += len(item) // 64
    return True


def bind(fn, args, kwargs, function=types.FunctionType):
    """Parameter name -> value as Python would bind this call, or None (not a plain function, or
    a call Python would refuse). Also returns the positional parameter names and the ``*args`` name."""
    while type(fn) is not function and hasattr(fn, "__wrapped__"):
        fn = fn.__wrapped__
    if type(fn) is not function:
        return None
    code = fn.__code__
    n, k, posonly = code.co_argcount, code.co_kwonlyargcount, code.co_posonlyargcount
    names = code.co_varnames
    positional, keyword_only = names[:n], names[n:n + k]
    at = n + k
    varargs = varkw = None
    if code.co_flags & 0x04:
        varargs, at = names[at], at + 1
    if code.co_flags & 0x08:
        varkw = names[at]
    if len(args) > n and varargs is None:
        return None
    bound = dict(zip(positional, args))
    if varargs is not None:
        bound[varargs] = tuple(args[n:])
    extra = {}
    for key, value in kwargs.items():
        if key in bound or (key in positional[:posonly] and varkw is None):
            return None
        if key in positional[posonly:] or key in keyword_only:
            bound[key] = value
        elif varkw is not None:
            extra[key] = value
        else:
            return None
    if varkw is not None:
        bound[varkw] = extra
    defaults = fn.__defaults__ or ()
    first_default = n - len(defaults)
    for i, name in enumerate(positional):
        if name not in bound:
            if i < first_default:
                return None
            bound[name] = defaults[i - first_default]
    kwdefaults = fn.__kwdefaults__ or {}
    for name in keyword_only:
        if name not in bound:
            if name not in kwdefaults:
                return None
            bound[name] = kwdefaults[name]
    return bound, positional, varargs, keyword_only, varkw


def run(request, report, workdir, problems):
    dumps, modules, deepcopy, namespace = json.dumps, sys.modules, copy.deepcopy, types.SimpleNamespace
    wanted = list(request.get("functions") or ())
    contracts = request.get("contracts") or {}
    max_calls = int(request.get("max_calls", MAX_CALLS))
    max_checks = int(request.get("max_checks", MAX_CHECKS))
    state = {"test": None, "installed": False, "violations": 0}

    def text_of(value):
        """``repr(value)`` when it is small and fits an event, else None."""
        if not small(value):
            return None
        try:
            text = repr(value)
        except Exception:
            return None
        return text if len(text) <= FIELD_MAX and len(dumps(text)) <= FIELD_MAX else None

    def shown(text):
        return text if text is None or len(text) <= SHOWN else text[:SHOWN] + "..."

    def violation(test, name, kind, condition, args_text, **more):
        if state["violations"] >= MAX_VIOLATIONS:
            return
        state["violations"] += 1
        report("contract", test=test, function=name, kind=kind, condition=condition[:500],
               args=shown(args_text), **more)

    def holds(code, env):
        """(True, None) when the condition is truthy; (False, None) or (False, "Type: message")."""
        try:
            return bool(eval(code, env)), None
        except Exception as exc:
            return False, f"{type(exc).__name__}: {str(exc)[:200]}"

    def wrap(name, original, spec):
        calls = [0, 0]  # recorded, checked
        depth = [0]
        compiled = None
        if spec:
            compiled = ([(src, compile(src, "<contract>", "eval")) for src in spec.get("pre", ())],
                        [(src, compile(src, "<contract>", "eval")) for src in spec.get("post", ())],
                        set(spec.get("params", ())),
                        any("__old__" in src for src in spec.get("post", ())))

        def observe(test, args, kwargs):
            args_text = None
            binding = None
            if calls[0] < max_calls:
                calls[0] += 1
                if kwargs:
                    binding = bind(original, args, kwargs)
                    if binding is not None and not binding[3] and binding[4] is None:
                        bound, positional, varargs = binding[:3]
                        args_text = text_of(tuple(bound[p] for p in positional) + tuple(bound.get(varargs, ())))
                else:
                    args_text = text_of(args)
                report("call", test=test, function=name, args=args_text)
            if compiled is None or calls[1] >= max_checks:
                return original(*args, **kwargs)
            if binding is None:
                binding = bind(original, args, kwargs)
            if binding is None or not compiled[2] <= binding[0].keys():
                return original(*args, **kwargs)
            calls[1] += 1
            if args_text is None:
                args_text = text_of(args) or "<not shown>"
            env = dict(getattr(original, "__globals__", None) or vars(modules.get(
                synthcode_runner.SAMPLE_MODULE) or namespace()))
            env.update(binding[0])
            broken = None
            for src, code in compiled[0]:
                ok, error = holds(code, env)
                if not ok:
                    broken = (src, error)
                    break
            old = None
            if broken is None and compiled[3]:
                try:
                    old = namespace(**deepcopy(binding[0]))
                except Exception:
                    old = None
            result = original(*args, **kwargs)  # an exception propagates to the test, unchecked
            if broken is not None:
                fields = {"error": broken[1]} if broken[1] else {}
                violation(test, name, "pre", broken[0], args_text, result=shown(text_of(result)), **fields)
                return result
            env["__return__"] = result
            if old is not None:
                env["__old__"] = old
            for src, code in compiled[1]:
                if "__old__" in src and old is None:
                    continue  # the arguments could not be copied on entry
                ok, error = holds(code, env)
                if not ok:
                    fields = {"error": error} if error else {}
                    violation(test, name, "post", src, args_text, result=shown(text_of(result)), **fields)
            return result

        def wrapper(*args, **kwargs):
            test = state["test"]
            if depth[0] or test is None:
                return original(*args, **kwargs)
            depth[0] += 1
            try:
                return observe(test, args, kwargs)
            finally:
                depth[0] -= 1

        for attribute in ("__module__", "__name__", "__qualname__", "__doc__"):
            try:
                setattr(wrapper, attribute, getattr(original, attribute))
            except (AttributeError, TypeError):
                pass
        try:
            wrapper.__dict__.update(getattr(original, "__dict__", {}))
        except TypeError:
            pass
        for attribute in dir(original):
            if not attribute.startswith("_") and not hasattr(wrapper, attribute):
                try:
                    setattr(wrapper, attribute, getattr(original, attribute))
                except Exception:
                    pass
        wrapper.__wrapped__ = original
        return wrapper

    def install():
        state["installed"] = True
        module = modules.get(synthcode_runner.SAMPLE_MODULE)
        if module is None:
            return
        scope = vars(module)
        tests = set(request.get("tests") or ())
        for name in wanted:
            if name in tests:
                continue  # a test stays the function defined in the file
            original = scope.get(name)
            if callable(original) and not isinstance(original, type):
                scope[name] = wrap(name, original, contracts.get(name))

    def tracking(event, **fields):
        if event == "start":
            if not state["installed"]:
                install()
            state["test"] = fields.get("test")
        elif event in ("pass", "fail"):
            state["test"] = None
        report(event, **fields)

    synthcode_runner.run_tests(request, tracking, workdir, problems)
