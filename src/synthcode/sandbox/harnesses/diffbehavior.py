"""The ``diffbehavior`` harness: CrossHair's symbolic search for an input on which the sample's
function and its reference behave differently, inside the sandbox (both run).

Request: ``reference`` (the reference's source), ``entry_point`` (the function both define),
``lines`` (the first line of its definition in the sample, to check it is that function), and
``seconds`` (CPU seconds for the search, shared by both orders of comparison, as CrossHair's
``diff_behavior`` does), and ``paths`` (paths per order: the count that ends the search).

Behaviours are compared as CrossHair compares them (return values with its ``flexible_equal``,
arguments after the call, exceptions by type). Unlike ``crosshair diffbehavior``, every
difference found is kept (not only those that add coverage), and one on which the reference
raises is dropped: that input is outside the reference's domain, as in the differential stage.

Events: ``import`` (``import-error`` ends it); ``reference-error`` when the reference does not
load; ``skip`` (``reason``) when the function cannot be searched (missing, not a function,
parameters without type annotations); otherwise one ``diff`` per difference (``args``: parameter
-> repr; ``candidate`` and ``reference``: ``{"returns", "raises", "after"}``, ``after`` only for
arguments the two left in different states), at most
``MAX_DIFFS``, then ``searched`` (``paths``, ``exhausted``: both orders ran out of paths,
``seconds``, ``dropped``: differences where the reference raised), or ``crash`` when CrossHair
itself raised.
"""

import collections
import dataclasses
import inspect
import os
import sys
import time
import types

import synthcode_runner as runner
import crosshair.core_and_libs  # noqa: F401  (registers CrossHair's symbolic types and patches)
from crosshair.diff_behavior import ExceptionEquivalenceType, diff_behavior_with_signature
from crosshair.fnutil import FunctionInfo
from crosshair import statespace
from crosshair.options import DEFAULT_OPTIONS, AnalysisOptionSet

if hasattr(statespace, "CROSSHAIR_SMT_RLIMIT"):
    statespace.CROSSHAIR_SMT_RLIMIT = 20_000_000  # as the symbolic harness's SMT_RLIMIT

REFERENCE_MODULE = "__synthcode_reference__"
MAX_DIFFS = 5
TEXT_MAX = 300
NAMED = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD,
         inspect.Parameter.KEYWORD_ONLY)


def clip(text, limit=TEXT_MAX):
    text = str(text)
    return text if len(text) <= limit else text[:limit] + "..."


def load_reference(source, workdir):
    filename = os.path.join(workdir, "reference.py")
    with open(filename, "w", encoding="utf-8") as f:
        f.write(source)
    module = types.ModuleType(REFERENCE_MODULE)
    module.__file__ = filename
    sys.modules[REFERENCE_MODULE] = module
    exec(compile(source, filename, "exec"), module.__dict__)
    return module


def why_unsearchable(fn, name, filename, lines):
    target = inspect.unwrap(fn) if callable(fn) else fn
    code = getattr(target, "__code__", None)
    if code is None or code.co_name != name or code.co_filename != filename or (
            lines is not None and code.co_firstlineno not in lines):
        return f"{name} is not the function defined in the file"
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError) as exc:
        return f"{name} has no signature ({clip(exc, 160)})"
    for param in signature.parameters.values():
        if param.kind in NAMED and param.annotation is param.empty and param.default is param.empty:
            return f"parameter {param.name!r} of {name} has no type annotation"
    return None


def outcome(result, differing):
    out = {"returns": clip(result.return_repr)}
    if result.error is not None:
        out["raises"] = clip(result.error)
    if differing:  # arguments the two sides left in different states
        out["after"] = {k: clip(result.post_execution_args[k]) for k in sorted(differing)}
    return out


def run(request, report, workdir, problems):
    # Bound before the sample runs: it can reach these modules and patch their globals.
    clock, load, finish, search = time.process_time, runner.load_sample, runner.teardown, diff_behavior_with_signature
    started = clock()
    module, filename = load(request, report, workdir)
    if module is None:
        return
    name = request["entry_point"]
    try:
        reference = load_reference(request["reference"], workdir)
    except BaseException as exc:
        report("reference-error", error=type(exc).__name__, message=clip(exc))
        return
    candidate_fn, reference_fn = module.__dict__.get(name), reference.__dict__.get(name)
    why = why_unsearchable(candidate_fn, name, filename, request.get("lines"))
    if why is None:
        why = why_unsearchable(reference_fn, name, reference.__file__, None)
        why = why and f"the reference: {why}"
    if why is not None:
        report("skip", reason=clip(why, 600))
        finish(report, problems)
        return
    seconds = max(0.05, float(request["seconds"]) - (clock() - started))
    paths = int(request.get("paths", 100))
    # The path count ends the search (split between both orders); the CPU seconds only stop a
    # search whose paths are too slow. z3's work limit is the symbolic harness's SMT_RLIMIT.
    options = DEFAULT_OPTIONS.overlay(AnalysisOptionSet(per_condition_timeout=seconds, per_path_timeout=seconds,
                                                        max_iterations=2 * paths))
    options = dataclasses.replace(options, stats=collections.Counter())
    try:
        fn1, sig1 = FunctionInfo.from_fn(candidate_fn).callable()
        fn2, sig2 = FunctionInfo.from_fn(reference_fn).callable()
        half1, half2 = options.split_limits(0.5)
        found = list(search(fn1, fn2, sig1, half1, ExceptionEquivalenceType.SAME_TYPE))
        found += [d.reverse() for d in search(fn2, fn1, sig2, half2, ExceptionEquivalenceType.SAME_TYPE)]
    except Exception as exc:
        report("crash", error=type(exc).__name__, message=clip(exc))
        return
    kept = [d for d in found if d.result2.error is None]
    for diff in kept[:MAX_DIFFS]:
        differing = diff.result1.get_differing_arg_mutations(diff.result2)
        report("diff", args={k: clip(v) for k, v in diff.args.items()},
               candidate=outcome(diff.result1, differing), reference=outcome(diff.result2, differing))
    stats = options.stats
    report("searched", paths=stats.get("num_paths", 0), max_paths=2 * paths,
           exhausted=stats.get("exhaustion", 0) >= 2,
           seconds=round(clock() - started, 4), dropped=len(found) - len(kept))
    finish(report, problems)
