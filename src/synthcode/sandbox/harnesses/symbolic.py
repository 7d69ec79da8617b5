"""The ``symbolic`` harness: CrossHair's symbolic execution of each contracted function, inside
the sandbox (CrossHair runs the code it analyses).

Request: ``items``, one per function, in order: ``{"name", "lines", "asserts": [{"source",
"line"}]}`` (``asserts`` are the leading ``assert`` statements that synthcode's contract reader
counts as preconditions; CrossHair's PEP 316 reader would run them as code); ``seconds``, the CPU
seconds the harness may spend in all; ``paths``, the most paths CrossHair explores per
postcondition (its ``max_iterations``).

Conditions are read by CrossHair itself (PEP 316 docstrings and icontract, in that order), the
leading asserts added as preconditions; a function with no postcondition gets CrossHair's own
``True`` one, which checks that nothing undeclared is raised. Each postcondition is analysed
with ``ConditionCheckable`` (what ``analyze_function`` builds), ``paths`` as its
``max_iterations``, an equal share of the CPU seconds left as its ``per_condition_timeout`` (CPU
seconds, as CrossHair counts them: ``time.process_time``), and a statistics counter that says how
many paths were explored and whether the path tree was exhausted.

Work, not wall-clock time, ends a search: the path count (or the tree running out of paths).
The CPU share only stops a search whose paths are too slow, and z3 gets a deterministic work
limit per check (``SMT_RLIMIT``), so the same sample explores the same paths on a busy machine
as on an idle one.

Events, in order: ``import`` (``import-error`` ends it), then per function ``start`` and ``skip``
(``reason``) or ``read`` (``conditions``: how many postconditions), or ``crash`` when CrossHair
itself raised; then one ``condition`` per postcondition, in order (``item``;
``condition``: its source, ``line``; ``state``: CrossHair's message type, e.g. ``confirmed``,
``cannot_confirm``, ``post_fail``, ``pre_unsat``, or ``out-of-time`` when no time was left to
analyse it; ``message``; ``paths`` explored, of at most ``max_paths``; ``exhausted``; ``seconds``
of CPU used; ``budget``, its ``per_condition_timeout``; ``at``, the line CrossHair's message points at), or ``crash``. A
condition that refutes the contract ends the run.
"""

import collections
import dataclasses
import inspect
import time

import synthcode_runner as runner
import crosshair.core_and_libs  # noqa: F401  (registers CrossHair's symbolic types and patches)
from crosshair.condition_parser import (
    ConditionExpr,
    ConditionExprType,
    condition_from_source_text,
    condition_parser,
)
from crosshair.core import ConditionCheckable
from crosshair.fnutil import FunctionInfo, fn_globals, resolve_signature
from crosshair.options import DEFAULT_OPTIONS, AnalysisKind, AnalysisOptionSet
from crosshair import statespace
from crosshair.statespace import MessageType

KINDS = (AnalysisKind.PEP316, AnalysisKind.icontract)
REFUTING = {MessageType.POST_FAIL, MessageType.POST_ERR, MessageType.EXEC_ERR, MessageType.SYNTAX_ERR,
            MessageType.IMPORT_ERR}
MIN_CONDITION_SECONDS = 0.02
MESSAGE_MAX = 400
SHARE = 0.9
"""Of the CPU time left, what the conditions still to analyse may plan on (CrossHair overshoots a
little: it checks its deadline between paths)."""
SMT_RLIMIT = 20_000_000
"""z3's deterministic work limit per solver check (its ``rlimit``), instead of its wall-clock
``timeout`` alone: a query stops at the same point on any machine, however busy. CrossHair reads
it from ``CROSSHAIR_SMT_RLIMIT`` at import; set here on its module, before any search."""
if hasattr(statespace, "CROSSHAIR_SMT_RLIMIT"):
    statespace.CROSSHAIR_SMT_RLIMIT = SMT_RLIMIT
NAMED = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD,
         inspect.Parameter.KEYWORD_ONLY)


def clip(text, limit=MESSAGE_MAX):
    text = str(text)
    return text if len(text) <= limit else text[:limit] + "..."


def is_defined(fn, name, filename, lines):
    code = getattr(fn, "__code__", None)
    return (code is not None and code.co_filename == filename and code.co_name == name
            and code.co_firstlineno in lines)


def read_conditions(module, filename, item):
    """CrossHair's conditions of one function plus the leading asserts; (conditions, None) or
    (None, why it cannot be analysed)."""
    name = item["name"]
    fn = module.__dict__.get(name)
    target = inspect.unwrap(fn) if callable(fn) else fn
    if not is_defined(target, name, filename, item["lines"]):
        return None, f"{name} is not the function defined in the file"
    try:
        written = inspect.signature(fn)
    except (TypeError, ValueError) as exc:
        return None, f"no signature ({clip(exc, 160)})"
    for param in written.parameters.values():
        if param.kind in NAMED and param.annotation is param.empty and param.default is param.empty:
            return None, f"parameter {param.name!r} has no type annotation"
    resolved = resolve_signature(fn)
    if isinstance(resolved, str):
        return None, f"its type annotations cannot be resolved ({clip(resolved, 160)})"
    with condition_parser(KINDS) as parser:
        conditions = parser.get_fn_conditions(FunctionInfo.from_module(module, name))
    if conditions is None:
        return None, "CrossHair cannot read its conditions"
    pre = list(conditions.pre)
    for check in item["asserts"]:
        pre.append(condition_from_source_text(ConditionExprType.PRECONDITION, filename, check["line"],
                                              check["source"], fn_globals(fn)))
    post = list(conditions.post)
    if not post:
        line = target.__code__.co_firstlineno
        post = [ConditionExpr(ConditionExprType.POSTCONDITION, lambda _: True, filename, line, "")]
    return dataclasses.replace(conditions, pre=pre, post=post), None


def analyse(conditions, post, seconds, paths):
    """Run CrossHair on one postcondition, exploring at most ``paths`` paths within ``seconds`` of
    CPU; the worst message, and what the search covered."""
    options = DEFAULT_OPTIONS.overlay(AnalysisOptionSet(
        analysis_kind=KINDS,
        max_iterations=paths,
        per_condition_timeout=seconds,
        # As wide as the condition's share: the path count decides, and a path that hits this
        # CPU limit stops as unknown. z3's wall-clock timeout is half of it (see SMT_RLIMIT).
        per_path_timeout=seconds,
    ))
    options = dataclasses.replace(options, stats=collections.Counter())
    checkable = ConditionCheckable(FunctionInfo.from_fn(conditions.src_fn),
                                   options, dataclasses.replace(conditions, post=[post]))
    messages = list(checkable.analyze())
    worst = max(messages, key=lambda m: m.state, default=None)
    stats = options.stats
    return worst, stats.get("num_paths", 0), bool(stats.get("exhaustion", 0))


def run(request, report, workdir, problems):
    # Bound before the sample runs: it can reach these modules and patch their globals.
    cpu, load, finish = time.process_time, runner.load_sample, runner.teardown
    read, check, refuting = read_conditions, analyse, REFUTING
    deadline = cpu() + float(request["seconds"])
    module, filename = load(request, report, workdir)
    if module is None:
        return
    todo = []  # (function, its conditions, one postcondition), in the file's order
    for item in request["items"]:
        name = item["name"]
        report("start", item=name)
        try:
            conditions, why = read(module, filename, item)
        except Exception as exc:
            report("crash", item=name, error=type(exc).__name__, message=clip(exc))
            return
        if conditions is None:
            report("skip", item=name, reason=clip(why, 600))
        else:
            report("read", item=name, conditions=len(conditions.post))
            todo += [(name, conditions, post) for post in conditions.post]

    paths = int(request.get("paths", 100))

    def attempt(name, conditions, post, seconds):
        started = cpu()
        try:
            worst, searched, exhausted = check(conditions, post, seconds, paths)
        except Exception as exc:
            report("crash", item=name, error=type(exc).__name__, message=clip(exc))
            return None
        return {"item": name, "condition": clip(post.expr_source, 300), "line": post.line,
                "state": worst.state.value if worst is not None else "none",
                "message": clip(worst.message) if worst is not None else "", "paths": searched,
                "max_paths": paths, "exhausted": exhausted, "seconds": round(cpu() - started, 4),
                "budget": round(seconds, 4), "at": worst.line if worst is not None else None,
                "refuted": worst is not None and worst.state in refuting}

    # Each postcondition in turn gets an equal share of the CPU seconds left, and at most
    # ``paths`` paths: the path count is what normally ends a search; the CPU share only stops
    # one that is too slow per path (the stage then does not count it).
    for index, (name, conditions, post) in enumerate(todo):
        share = SHARE * (deadline - cpu()) / (len(todo) - index)
        if share < MIN_CONDITION_SECONDS:
            result = {"item": name, "condition": clip(post.expr_source, 300), "line": post.line,
                      "state": "out-of-time", "message": "no CPU time was left to analyse it", "paths": 0,
                      "max_paths": paths, "exhausted": False, "seconds": 0.0, "budget": 0.0, "refuted": False}
        else:
            result = attempt(name, conditions, post, share)
            if result is None:
                return
        report("condition", **{k: v for k, v in result.items() if k != "refuted"})
        if result["refuted"]:
            break
    finish(report, problems)
