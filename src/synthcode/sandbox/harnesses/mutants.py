"""The ``mutants`` harness: run the file's tests against many mutants of it in one process.

Mutants of one sample need isolation from other samples and from the host, not from each other,
so they share this one forked child: each mutant runs in a fresh module object (the sample's
compiled code executed again, then the mutant's one changed top-level statement executed over
it), under a per-mutant time limit, with no fork of its own.

Request fields: the ``tests`` harness's (``code``, ``tests``, ``test_lines``,
``decorated_tests``); ``mutants``, a list of ``{"index": i, "statement": source}``;
``mutant_seconds`` (the least per-mutant limit) and ``time_factor`` (a mutant may take this many
times the original's time), CPU seconds both; ``stop_after``: CPU seconds since the request
began after which no further mutant (or input of the original) is started (an ``out-of-time`` event with the next mutant's
``index`` says so); ``mode``:

* ``kill``: the tests run once on the original (the *baseline*), recording the positional
  arguments of each call a test makes of a function named in ``functions`` (a ``seed``, at most
  ``max_seeds`` distinct ones per function). Then, for each mutant, the tests run in order until
  one fails. Events: ``import`` (``import-error``), ``baseline-fail`` (``test`` and the failure,
  then nothing more) or ``seed``\\ s and ``baseline`` (``seconds``), then per mutant
  ``mutant-start`` (``index``) and ``mutant`` (``index``, ``outcome``: ``killed``, ``survived`` or
  ``invalid`` when its statement does not execute; with ``test`` and ``error`` when killed,
  ``error`` being ``Timeout`` when it ran past its limit).
* ``equivalence``: ``inputs`` maps a function name to argument tuples (each a ``repr``, rebuilt
  with :func:`literals.parse_repr` for every call). The original is called on each, with
  ``call_seconds`` per call; inputs it raises on or cannot answer in time are outside its domain
  and dropped. Each mutant is then called on the rest and must return a value with the same
  ``repr`` (memory addresses removed) and leave its arguments with the same ``repr``. Events:
  ``import``, ``domain`` (``count``), then per mutant ``mutant-start`` and ``equivalence``
  (``index``, ``equivalent``, ``calls``: how often the mutated function ran; a mutant whose
  function never ran is not equivalent, only untested, and with ``input`` when one differs).

The time limit is ``setitimer(ITIMER_PROF)`` (CPU time, so a busy machine kills no more mutants
than an idle one) with a handler that raises a private ``BaseException``, again every 10 ms of
CPU until the mutant ends (a mutant that sleeps instead is stopped by the request's wall-clock
safety net) (a mutant caught in a loop that
swallows one still gets out). A mutant that kills the process ends the run after its
``mutant-start``: the host counts it killed and sends the rest again. While mutants run, their
output goes to /dev/null (a printing test would otherwise print once per mutant).
"""

import os
import random
import re
import signal
import sys
import time
import types

import synthcode_runner as runner
from harnesses.literals import parse_repr
from harnesses.record import bind, small

MAX_SEEDS = 20
SHOWN = 200
ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


class _Timeout(BaseException):
    """Raised by SIGPROF in a mutant past its CPU limit (not an Exception: fewer samples catch it)."""


def _alarm(signum, frame):
    raise _Timeout()


def clip(text, limit=SHOWN):
    text = str(text)
    return text if len(text) <= limit else text[:limit] + "..."


def fresh_module(code, filename, statement=None):
    """The sample executed again into a new module object, then ``statement`` over it."""
    module = types.ModuleType(runner.SAMPLE_MODULE)
    module.__file__ = filename
    sys.modules[runner.SAMPLE_MODULE] = module
    exec(code, module.__dict__)
    if statement is not None:
        exec(compile(statement, filename, "exec", dont_inherit=True), module.__dict__)
    return module


def outcome_of(fn, text, parse=parse_repr, modules=sys.modules):
    """``(repr of the result, repr of the arguments after)`` of a call, addresses removed."""
    args = parse(text)
    if "random" in modules:
        random.seed(text)
    result = fn(*args)
    return ADDRESS.sub("", repr(result)), ADDRESS.sub("", repr(args))


def run(request, report, workdir, problems):
    # Bound before the sample runs: it can reach these modules and patch their globals.
    # CPU time (user and system) of this process: limits count work, however busy the machine.
    clock, setitimer, real, describe = time.process_time, signal.setitimer, signal.ITIMER_PROF, runner.describe_failure
    is_test, finish, function_type, fresh = runner.is_defined_test, runner.teardown, types.FunctionType, fresh_module
    handle, alarm = signal.signal, signal.SIGPROF
    begun = clock()
    stop_after = float(request.get("stop_after", 1e9))
    module, filename = runner.load_sample(request, report, workdir)
    if module is None:
        return
    compiled = runner.PREPARED.get("compiled")
    if not isinstance(compiled, types.CodeType):
        compiled = compile(request["code"], filename, "exec", dont_inherit=True)
    floor = float(request.get("mutant_seconds", 0.1))
    factor = float(request.get("time_factor", 10.0))
    mutants = request.get("mutants") or []
    tests = request.get("tests") or []
    handle(alarm, _alarm)

    def arm(seconds):
        setitimer(real, seconds, 0.01)

    def disarm():
        setitimer(real, 0)

    def guarded(body, names, seconds):
        """``body(names)`` under the limit: its answer, or ``(what, "Timeout")`` past the limit."""
        what = ["?"]
        try:
            try:
                arm(seconds)
                return body(names, what)
            except _Timeout:
                return what[0], "Timeout"
            finally:
                disarm()
        except _Timeout:  # the interval timer fired again on the way out
            disarm()
            return what[0], "Timeout"

    def mutant_modules(invalid):
        """Each mutant and its fresh module, in order, with the sample's output silenced, until the
        time to start one is up; a module that cannot be built goes to ``invalid(index, exc)``.
        Ends the request (unraisable errors of the mutants are not the sample's)."""
        known_problems = len(problems)
        sys.stdout = sys.stderr = open(os.devnull, "w")
        for mutant in mutants:
            index = mutant["index"]
            if clock() - begun > stop_after:
                report("out-of-time", index=index)
                break
            report("mutant-start", index=index)
            try:
                copy = fresh(compiled, filename, mutant["statement"])
            except BaseException as exc:
                invalid(index, exc)
                continue
            yield mutant, copy
        del problems[known_problems:]
        finish(report, problems)

    def kill(names, what):
        """The first test that fails, and how, or ``(None, None)``."""
        for name in tests:
            what[0] = name
            try:
                names[name]()
            except _Timeout:
                raise
            except BaseException as exc:
                return name, type(exc).__name__
        return None, None

    def compare(names, what):
        """The first input on which ``names``' functions differ from the original, or None."""
        what[0] = "timeout"
        for name, text, expected in domain:
            try:
                got = outcome_of(names[name], text)
            except _Timeout:
                raise
            except BaseException as exc:
                got = ("raised", type(exc).__name__)
            if got != expected:
                return f"{name}{clip(text)}", None
        return None, None

    domain = []
    if request.get("mode") == "equivalence":
        original_seconds = 0.0
        call_seconds = float(request.get("call_seconds", 0.05))
        for name, inputs in (request.get("inputs") or {}).items():
            fn = module.__dict__.get(name)
            if not callable(fn):
                continue
            for text in inputs:
                if clock() - begun > stop_after:
                    break
                started = clock()
                try:
                    arm(call_seconds)
                    try:
                        expected = outcome_of(fn, text)
                    finally:
                        disarm()
                except BaseException:
                    continue  # outside the original's domain (or too slow to tell)
                original_seconds += clock() - started
                domain.append((name, text, expected))
        report("domain", count=len(domain))
        limit = max(floor, factor * original_seconds)
        def invalid(index, exc):
            report("equivalence", index=index, equivalent=False, calls=0, error=type(exc).__name__)

        for mutant, copy in mutant_modules(invalid):
            index = mutant["index"]
            names = copy.__dict__
            target = mutant.get("function")
            calls = [0]
            inner = names.get(target)
            if type(inner) is function_type:
                def counted(*args, _inner=inner, **kwargs):
                    calls[0] += 1
                    return _inner(*args, **kwargs)
                names[target] = counted
            differs, _ = guarded(compare, names, limit)
            report("equivalence", index=index, equivalent=differs is None and calls[0] > 0 and bool(domain),
                   calls=calls[0], input=differs)
        return

    # --------------------------------------------------------------- kill mode: the baseline first
    wanted = [n for n in request.get("functions") or () if type(module.__dict__.get(n)) is function_type]
    max_seeds = int(request.get("max_seeds", MAX_SEEDS))
    seeds = {name: [] for name in wanted}
    depth = [0]

    def recorder(name, fn):
        def wrapper(*args, **kwargs):
            if depth[0] == 0 and len(seeds[name]) < max_seeds:
                bound = bind(fn, args, kwargs)
                if bound is not None and small(args):
                    values, positional, varargs = bound[0], bound[1], bound[2]
                    if not bound[3] and bound[4] is None:  # no keyword-only, no **kwargs
                        row = tuple(values[p] for p in positional) + tuple(values[varargs] if varargs else ())
                        try:
                            text = repr(row)
                        except BaseException:
                            text = None
                        if text is not None and len(text) <= 2000 and text not in seeds[name]:
                            seeds[name].append(text)
            depth[0] += 1
            try:
                return fn(*args, **kwargs)
            finally:
                depth[0] -= 1
        return wrapper

    originals = {name: module.__dict__[name] for name in wanted}
    for name, fn in originals.items():
        module.__dict__[name] = recorder(name, fn)
    lines = request.get("test_lines") or {}
    decorated = set(request.get("decorated_tests") or ())
    started = clock()
    for name in tests:
        fn = module.__dict__.get(name)
        if not is_test(fn, name, filename, lines.get(name), name in decorated):
            report("baseline-fail", test=name, error="HarnessError",
                   message=f"{name} is not the test function defined in the file", line=None)
            return
        try:
            fn()
        except BaseException as exc:
            report("baseline-fail", test=name, **describe(exc, filename))
            return
    baseline = clock() - started
    module.__dict__.update(originals)
    for name, texts in seeds.items():
        for text in texts:
            report("seed", function=name, args=text)
    report("baseline", seconds=round(baseline, 6))
    limit = max(floor, factor * baseline)

    def invalid(index, exc):
        report("mutant", index=index, outcome="invalid", error=type(exc).__name__)

    for mutant, copy in mutant_modules(invalid):
        index = mutant["index"]
        killer, error = guarded(kill, copy.__dict__, limit)
        if error is None:
            report("mutant", index=index, outcome="survived")
        else:
            report("mutant", index=index, outcome="killed", test=killer, error=error)
