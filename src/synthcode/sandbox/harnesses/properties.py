"""The ``properties`` harness: property-based checks with Hypothesis, inside the sandbox.

Two kinds of item, run in the order the host lists them (``items`` in the request):

* ``{"kind": "given", "name": ..., "lines": [...]}``: one of the file's own ``@given`` tests. Its
  settings are overridden (derandomized, no example database, the request's ``max_examples``, no
  deadline, every phase but ``explain``), whatever the file set.
* ``{"kind": "contract", "name": ..., "lines": [...], "pre": [...], "post": [...], "raises": [...],
  "old": bool}``: a property derived from a function's contract: inputs drawn with
  ``st.from_type`` from the function's type hints, kept only when every precondition holds, then
  the function is called and each postcondition evaluated with ``__return__`` (and ``_``) bound to
  the result, the arguments as they are after the call, and ``__old__`` holding deep copies of the
  arguments from before it. Raising an exception the contract declares (``raises:``) is allowed;
  any other exception is a failure, as is a precondition or postcondition that raises.

Events, in order: ``import`` (``import-error`` ends it), then per item ``start`` and one outcome:
``pass`` (``examples``: inputs that met the preconditions), ``fail`` (``error``, ``message``,
``line``, ``counterexample`` {parameter: repr}, ``condition``: the postcondition that does not
hold or raised, if that is the failure), ``skip`` (``reason``: the item
could not be checked), ``slow`` (only from a file that sets its own timing checks, e.g. a
``Flaky`` about timing), ``out-of-time`` (the overall ``seconds`` ran out; ``examples`` so far).
``fail``, ``slow`` and ``out-of-time`` end the run.

Time: what decides is work, never the wall clock. Hypothesis runs ``max_examples`` with no
per-example deadline (``deadline=None``; its ``too_slow`` health check is suppressed), and it has
no overall limit, so every example first checks this process's CPU time
(``time.process_time``) and raises a private ``BaseException``, which Hypothesis does not catch,
once ``seconds`` of CPU have been spent since the harness started. A failure found before that
is still reported (its example maybe not shrunk).
"""

import copy
import inspect
import json
import os
import time
import types
import typing

import synthcode_runner as runner
from hypothesis import HealthCheck, Phase, Verbosity, assume, given, settings
from hypothesis import strategies as st
from hypothesis.errors import (
    DeadlineExceeded,
    FailedHealthCheck,
    Flaky,
    HypothesisException,
    InvalidArgument,
    ResolutionFailed,
    Unsatisfiable,
)

# Events must stay well below the runner's EVENT_MAX (3500 bytes) as JSON.
REPR_MAX = 120
PARAMS_MAX = 8
MESSAGE_MAX = 300
# CO_GENERATOR, CO_COROUTINE, CO_ITERABLE_COROUTINE, CO_ASYNC_GENERATOR: a call runs nothing.
NOT_RUN_BY_A_CALL = 0x20 | 0x80 | 0x100 | 0x200
NAMED = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD,
         inspect.Parameter.KEYWORD_ONLY)
SUPPRESSED = (HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example,
              HealthCheck.differing_executors)


class OutOfTime(BaseException):
    """Raised between examples once the budget is spent; not an Exception, so Hypothesis lets it out."""


class ContractBroken(Exception):
    """Raised inside the property so that Hypothesis shrinks the input that broke the contract."""


class CannotCopy(BaseException):
    """The generated arguments cannot be deep-copied for ``__old__``: the item cannot be checked."""


# What Hypothesis counts as a test failing (its failure_exceptions_to_catch) plus KeyboardInterrupt,
# which it lets through; its own control flow (assume, StopTest) is not among them.
FAILURES = (Exception, SystemExit, GeneratorExit, KeyboardInterrupt)


def first_line(exc):
    """The exception message's first line, or its type name when the message is empty."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def clip(text, limit=REPR_MAX):
    text = str(text)
    return text if len(text) <= limit else text[:limit] + "..."


def fit(fields, limit=2800):
    """Shorten the longest strings (counterexample values too) until the event's JSON fits: the
    runner cuts an event beyond its size limit, and a cut event reads as a forged one."""
    def size():
        return len(json.dumps(fields, default=str))

    while size() > limit:
        places = [(fields, k) for k, v in fields.items() if isinstance(v, str)]
        for value in fields.values():
            if isinstance(value, dict):
                places += [(value, k) for k, v in value.items() if isinstance(v, str)]
        if not places:
            break
        holder, key = max(places, key=lambda place: len(place[0][place[1]]))
        text = holder[key]
        if len(text) <= 20:
            break
        holder[key] = text[: len(text) // 2] + "..."
    return fields


def safe_repr(value):
    try:
        return clip(repr(value))
    except BaseException as exc:  # a sample's __repr__ may raise anything
        return f"<unrepresentable {type(value).__name__}: {type(exc).__name__}>"


def example_dict(args, kwargs):
    shown = {f"arg{i}": safe_repr(v) for i, v in enumerate(args)}
    shown.update((k, safe_repr(v)) for k, v in kwargs.items())
    return dict(list(shown.items())[:PARAMS_MAX])


class Run:
    """What one item's examples observed; the last failure is the one Hypothesis replayed last."""

    def __init__(self, deadline, clock):
        self.deadline = deadline
        self.clock = clock
        self.calls = 0
        self.valid = 0
        self.current = None
        self.failure = None
        self.slow = None
        """Kept for the events' shape: with no per-example deadline, no example is ever slow."""

    def tick(self):
        if self.clock() > self.deadline:
            raise OutOfTime()
        self.calls += 1

    def timed(self, started, args, kwargs):
        pass


def make_settings(request):
    return settings(
        max_examples=int(request["max_examples"]),
        derandomize=True,
        database=None,
        deadline=None,  # a wall-clock deadline would make verdicts depend on the machine's load
        phases=(Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink),
        suppress_health_check=SUPPRESSED,
        verbosity=Verbosity.quiet,
        report_multiple_bugs=False,
        print_blob=False,
        backend="hypothesis",
    )


def is_defined(fn, name, filename, lines):
    code = getattr(fn, "__code__", None)
    return (type(fn) is types.FunctionType and code.co_filename == filename and code.co_name == name
            and code.co_firstlineno in lines)


def given_item(module, filename, item, chosen, run, describe):
    """Run one of the file's ``@given`` tests under ``chosen`` settings."""
    name = item["name"]
    test = module.__dict__.get(name)
    handle = getattr(test, "hypothesis", None)
    inner = getattr(handle, "inner_test", None)
    if not (getattr(test, "is_hypothesis_test", False) and is_defined(inner, name, filename, item["lines"])):
        return "fail", {"error": "HarnessError", "message": f"{name} is not the @given test defined in the file"}
    if inner.__code__.co_flags & NOT_RUN_BY_A_CALL:
        return "fail", {"error": "HarnessError",
                        "message": f"{name} is a generator or coroutine function: calling it runs nothing"}

    def timed(*args, **kwargs):
        run.tick()
        run.current = (args, kwargs)
        started = run.clock()
        try:
            return inner(*args, **kwargs)
        except FAILURES as exc:
            if not isinstance(exc, HypothesisException):  # assume() and friends are control flow
                run.failure = (exc, example_dict(args, kwargs), None)
            raise
        finally:
            run.timed(started, args, kwargs)

    timed.__wrapped__ = inner  # derandomize seeds from the test's own source
    timed.__name__ = inner.__name__
    handle.inner_test = timed
    test._hypothesis_internal_use_settings = chosen
    return execute(test, run, describe, filename)


def contract_item(module, filename, item, chosen, run, describe):
    """Check a function's contract on inputs generated from its type hints."""
    name = item["name"]
    fn = module.__dict__.get(name)
    target = inspect.unwrap(fn) if callable(fn) else fn
    if not is_defined(target, name, filename, item["lines"]):
        return "fail", {"error": "HarnessError", "message": f"{name} is not the function defined in the file"}
    if target.__code__.co_flags & NOT_RUN_BY_A_CALL:
        return "skip", {"reason": f"{name} is a generator or coroutine function"}
    try:
        hints = typing.get_type_hints(target)
    except Exception as exc:
        return "skip", {"reason": f"the type hints of {name} cannot be resolved "
                                  f"({type(exc).__name__}: {clip(exc, 120)})"}
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError) as exc:
        return "skip", {"reason": f"no signature for {name}: {clip(exc, 120)}"}
    strategies, positional = {}, []
    for param in signature.parameters.values():
        if param.kind not in NAMED:
            continue  # *args and **kwargs are left empty
        if param.name not in hints:
            if param.default is param.empty:
                return "skip", {"reason": f"parameter {param.name!r} of {name} has no type hint"}
            continue  # left to its default
        try:
            strategies[param.name] = st.from_type(hints[param.name])
        except Exception as exc:
            return "skip", {"reason": f"no strategy for {param.name}: {hints[param.name]!r} "
                                      f"({type(exc).__name__}: {clip(exc, 120)})"}
        if param.kind is inspect.Parameter.POSITIONAL_ONLY:
            positional.append(param.name)
    try:
        pre = [(c["source"], compile(c["source"], filename, "eval")) for c in item["pre"]]
        post = [(c["source"], compile(c["source"], filename, "eval")) for c in item["post"]]
    except SyntaxError as exc:
        return "fail", {"error": "SyntaxError", "message": f"a condition does not compile: {exc.msg}"}
    declared = set(item["raises"])
    wants_old = item["old"]
    namespace = module.__dict__

    def holds(code, bindings):
        return bool(eval(code, {**namespace, **bindings}))

    def prop(args):
        run.tick()
        run.current = ((), args)
        for _source, code in pre:
            try:
                ok = holds(code, args)
            except Exception:
                ok = False  # an input for which a precondition raises is not a valid input
            assume(ok)
        run.valid += 1
        shown = example_dict((), args)
        old = None
        if wants_old:
            try:
                old = types.SimpleNamespace(**copy.deepcopy(args))
            except Exception as exc:
                raise CannotCopy(f"{type(exc).__name__}: {clip(exc, 120)}") from None
        call_args = [args[p] for p in positional]
        call_kwargs = {k: v for k, v in args.items() if k not in positional}
        started = run.clock()
        try:
            result = fn(*call_args, **call_kwargs)
        except FAILURES as exc:
            if isinstance(exc, HypothesisException):
                raise
            if any(c.__name__ in declared for c in type(exc).__mro__):
                return  # the contract allows it (``raises:``)
            run.failure = (exc, shown, None)
            raise
        finally:
            run.timed(started, (), args)
        bindings = {**args, "__return__": result, "_": result, "__old__": old}
        for source, code in post:
            try:
                ok = holds(code, bindings)
            except Exception as exc:
                run.failure = (exc, {**shown, "__return__": safe_repr(result)}, source)
                raise ContractBroken(source) from None
            if not ok:
                run.failure = (None, {**shown, "__return__": safe_repr(result)}, source)
                raise ContractBroken(source)

    prop.__name__ = f"contract_of_{name}"
    # Derandomized runs seed from the test's digest: make it the function's, not this closure's.
    try:
        prop._hypothesis_internal_add_digest = (name + "\n" + inspect.getsource(target)).encode()
    except (OSError, TypeError):
        prop._hypothesis_internal_add_digest = name.encode()
    test = settings(chosen)(given(st.fixed_dictionaries(strategies))(prop))
    return execute(test, run, describe, filename, contract=True)


def execute(test, run, describe, filename, contract=False):
    """Run a Hypothesis test and turn how it ended into an outcome event."""
    try:
        test()
    except OutOfTime:
        if run.failure is not None:
            return failure_event(run, describe, filename, note="time ran out while shrinking")
        if run.slow is not None:
            return "slow", {"message": "time ran out while shrinking", "counterexample": run.slow}
        return "out-of-time", {"examples": run.valid if contract else run.calls}
    except CannotCopy as exc:
        return "skip", {"reason": f"the arguments cannot be deep-copied for __old__ ({exc})"}
    except (Unsatisfiable, FailedHealthCheck) as exc:
        if isinstance(exc, Unsatisfiable) or "filter" in str(exc):
            return "skip", {"reason": f"precondition rejects almost every generated input "
                                      f"({run.valid} of {run.calls} met it)" if contract else
                                      f"the test rejects almost every generated input ({type(exc).__name__})"}
        return "skip", {"reason": f"health check failed: {clip(first_line(exc), MESSAGE_MAX)}"}
    except DeadlineExceeded as exc:
        return slow_event(run, exc)
    except Flaky as exc:
        inner = getattr(exc, "exceptions", ())
        if any(isinstance(e, DeadlineExceeded) for e in inner) or "timing" in str(exc):
            return slow_event(run, exc)
        if run.failure is not None:
            return failure_event(run, describe, filename, note="failed only on some runs (nondeterministic)")
        return "fail", {"error": type(exc).__name__, "message": clip(first_line(exc), MESSAGE_MAX)}
    except ResolutionFailed as exc:
        return "skip", {"reason": f"cannot generate the inputs: {clip(first_line(exc), MESSAGE_MAX)}"}
    except InvalidArgument as exc:
        if run.failure is not None:
            return failure_event(run, describe, filename)
        message = clip(first_line(exc), MESSAGE_MAX)
        if contract:
            return "skip", {"reason": f"cannot generate the inputs: {message}"}
        return "fail", {"error": "InvalidArgument", "message": message}
    except BaseException as exc:
        if run.failure is None:
            run.failure = (exc, example_dict(*run.current) if run.current else None, None)
        return failure_event(run, describe, filename)
    if contract and run.valid == 0:
        return "skip", {"reason": f"precondition rejects every generated input (0 of {run.calls} met it)"}
    return "pass", {"examples": run.valid if contract else run.calls}


def failure_event(run, describe, filename, note=None):
    exc, example, condition = run.failure
    fields = {"counterexample": example, "condition": condition}
    if exc is not None:
        fields.update(describe(exc, filename))
        fields["message"] = clip(fields.get("message") or "", MESSAGE_MAX)
    else:
        fields.update(error="ContractBroken", message="postcondition does not hold", line=None)
    if note:
        fields["note"] = note
    return "fail", fields


def slow_event(run, exc):
    example = run.slow or (example_dict(*run.current) if run.current else None)
    return "slow", {"message": clip(first_line(exc), MESSAGE_MAX), "counterexample": example}


ITEMS = {"given": given_item, "contract": contract_item}


def scan_for_constants(module):
    """Make Hypothesis read the sample's literals on its next draw, as it does for a freshly
    imported local module (it tries them as inputs). Hypothesis notices new modules by the length
    of sys.modules and the ids of modules it has seen, both remembered from the zygote's warm-up:
    a sample module reusing a freed module's id would go unread, and the run would depend on
    memory layout rather than on the sample."""
    try:
        from hypothesis.internal.conjecture import providers

        providers._seen_modules.discard(id(module))
        providers._sys_modules_len = None
    except Exception:
        pass  # another Hypothesis: it finds the module its own way


def seed_unicode_tables():
    """Put the Unicode tables behind Hypothesis' text strategies where it looks for them first.

    Hypothesis computes its table of Unicode categories and the set of UTF-8 encodable characters
    (over a second together, a pass over every code point each) when its storage directory lacks
    them, and a sandbox's is always empty (``.hypothesis`` in a fresh ``/tmp``): every new worker
    paid that before its first verdict on a sample with contracts. The runner ships the tables for
    each Python's Unicode version (``unicode/VERSION/``, computed by Hypothesis itself and kept in
    the order it computed them, by ``scripts/build_unicode_tables.py``: the same tables, so the
    same draws; ``tests/test_properties.py`` checks them). Without them (another
    Unicode version, or a docker image built before they were shipped) Hypothesis computes them
    as before."""
    import shutil
    import unicodedata

    shipped = os.path.join(os.path.dirname(os.path.abspath(runner.__file__)), "unicode",
                           unicodedata.unidata_version)
    try:
        from hypothesis.internal import charmap

        target = charmap.charmap_file().parent
        for name in os.listdir(shipped):
            if not (target / name).exists():
                target.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(os.path.join(shipped, name), target / name)
    except Exception:
        pass  # none shipped, another Hypothesis, or nowhere to write: it computes them itself


def warm_up():
    """Fill Hypothesis' lazy caches once, in the zygote that imports this module, instead of in
    every sample: the character tables behind text strategies alone take about a second."""
    @settings(max_examples=3, database=None, derandomize=True, deadline=None)
    @given(st.text(), st.integers(), st.floats(), st.lists(st.integers()), st.binary())
    def exercise(a, b, c, d, e):
        pass

    try:
        exercise()
    except Exception:
        pass  # only a slower first run in each sample


seed_unicode_tables()
warm_up()


def run(request, report, workdir, problems):
    # Bound before the sample runs: it can reach these modules and patch their globals.
    # CPU seconds of this process: a busy machine slows the wall clock, not the work.
    clock, load, finish, describe = time.process_time, runner.load_sample, runner.teardown, runner.describe_failure
    items, make, scan, shorten = ITEMS, make_settings, scan_for_constants, fit
    started = clock()
    deadline = started + float(request["seconds"])
    chosen = make(request)
    module, filename = load(request, report, workdir)
    if module is None:
        return
    scan(module)
    for item in request["items"]:
        report("start", item=item["name"])
        state = Run(deadline, clock)
        try:
            outcome, fields = items[item["kind"]](module, filename, item, chosen, state, describe)
        except OutOfTime:
            outcome, fields = "out-of-time", {"examples": state.valid}
        report(outcome, item=item["name"], seconds=round(clock() - started, 4), **shorten(fields))
        if outcome in ("fail", "slow", "out-of-time"):
            break
    finish(report, problems)
