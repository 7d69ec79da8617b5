"""The ``symbolic`` harness: CrossHair's symbolic execution of each contracted function, inside
the sandbox (CrossHair runs the code it analyses).

Request: ``items``, one per function, in order: ``{"name", "lines", "asserts": [{"source",
"line"}]}`` (``asserts`` are the leading ``assert`` statements that synthcode's contract reader
counts as preconditions; CrossHair's PEP 316 reader would run them as code); ``seconds``, the time
the harness may spend in all.

Conditions are read by CrossHair itself (PEP 316 docstrings and icontract, in that order), the
leading asserts added as preconditions; a function with no postcondition gets CrossHair's own
``True`` one, which checks that nothing undeclared is raised. Each postcondition is analysed
with ``ConditionCheckable`` (what ``analyze_function`` builds), its share of the time as
``per_condition_timeout`` (CPU seconds, as CrossHair counts them), and a statistics counter that
says how many paths were explored and whether the path tree was exhausted.

Time comes in two rounds: first every postcondition gets an equal share of a quarter of
``seconds``, which settles most confirmations and counterexamples; then what is still open (not
confirmed, or no input met the preconditions, without exhausting the paths) is analysed again
with an equal share of what is left, if that is markedly more than it had.

Events, in order: ``import`` (``import-error`` ends it), then per function ``start`` and ``skip``
(``reason``) or ``read`` (``conditions``: how many postconditions), or ``crash`` when CrossHair
itself raised; then one ``condition`` per postcondition, settled ones first (``item``;
``condition``: its source, ``line``; ``state``: CrossHair's message type, e.g. ``confirmed``,
``cannot_confirm``, ``post_fail``, ``pre_unsat``, or ``out-of-time`` when no time was left to
analyse it; ``message``; ``paths``; ``exhausted``; ``seconds`` of CPU used; ``budget``, its
``per_condition_timeout``; ``at``, the line CrossHair's message points at), or ``crash``. A
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
from crosshair.statespace import MessageType

KINDS = (AnalysisKind.PEP316, AnalysisKind.icontract)
REFUTING = {MessageType.POST_FAIL, MessageType.POST_ERR, MessageType.EXEC_ERR, MessageType.SYNTAX_ERR,
            MessageType.IMPORT_ERR}
MIN_CONDITION_SECONDS = 0.02
MESSAGE_MAX = 400
SHARE = 0.9
"""Of the time left, what the conditions still to analyse may plan on (CrossHair overshoots a
little: it checks its deadline between paths)."""
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


def analyse(conditions, post, seconds, name):
    """Run CrossHair on one postcondition; the worst message, and what the search covered."""
    options = DEFAULT_OPTIONS.overlay(AnalysisOptionSet(
        analysis_kind=KINDS,
        per_condition_timeout=seconds,
        # CrossHair checks its deadline between paths, so a path may overrun it by this much.
        per_path_timeout=min(seconds, max(0.05, seconds / 4)),
    ))
    options = dataclasses.replace(options, stats=collections.Counter())
    checkable = ConditionCheckable(FunctionInfo.from_fn(conditions.src_fn),
                                   options, dataclasses.replace(conditions, post=[post]))
    messages = list(checkable.analyze())
    worst = max(messages, key=lambda m: m.state, default=None)
    stats = options.stats
    return worst, stats.get("num_paths", 0), bool(stats.get("exhaustion", 0))


def settled(worst, exhausted):
    """Whether more time could change this result: a confirmation, a refutation or an exhausted
    search cannot; "not confirmed" or "no input met the preconditions" before that can."""
    if worst is None:
        return False
    return worst.state in REFUTING or worst.state is MessageType.CONFIRMED or exhausted


def run(request, report, workdir, problems):
    # Bound before the sample runs: it can reach these modules and patch their globals.
    clock, cpu, load, finish = time.monotonic, time.process_time, runner.load_sample, runner.teardown
    read, check, refuting, final = read_conditions, analyse, REFUTING, settled
    deadline = clock() + float(request["seconds"])
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

    # CrossHair's timeouts count CPU seconds; the budget is wall-clock. On a busy machine a CPU
    # second takes longer, so shares are scaled by the CPU/wall ratio seen so far.
    spent = {"cpu": 0.0, "wall": 0.0}

    def cpu_share(wall_seconds):
        ratio = spent["cpu"] / spent["wall"] if spent["wall"] > 0.05 else 1.0
        return wall_seconds * min(1.0, max(0.1, ratio))

    def attempt(name, conditions, post, seconds):
        started, started_wall = cpu(), clock()
        try:
            worst, paths, exhausted = check(conditions, post, seconds, name)
        except Exception as exc:
            report("crash", item=name, error=type(exc).__name__, message=clip(exc))
            return None
        spent["cpu"] += cpu() - started
        spent["wall"] += clock() - started_wall
        return {"item": name, "condition": clip(post.expr_source, 300), "line": post.line,
                "state": worst.state.value if worst is not None else "none",
                "message": clip(worst.message) if worst is not None else "", "paths": paths,
                "exhausted": exhausted, "seconds": round(cpu() - started, 4), "budget": round(seconds, 4),
                "at": worst.line if worst is not None else None, "refuted": worst is not None and worst.state in refuting,
                "settled": final(worst, exhausted)}

    def emit(result):
        fields = {k: v for k, v in result.items() if k not in ("refuted", "settled")}
        report("condition", **fields)
        return result["refuted"]

    # Two rounds: a quarter of the time, shared equally, settles what is quick to settle (most
    # confirmations and counterexamples); the rest goes to what is still open, shared equally again.
    first = SHARE * (deadline - clock()) / (4 * max(len(todo), 1))  # no ratio known yet
    unsettled = []
    for name, conditions, post in todo:
        if first < MIN_CONDITION_SECONDS:
            unsettled.append((name, conditions, post, None))
            continue
        result = attempt(name, conditions, post, first)
        if result is None:
            return
        if result["settled"]:
            if emit(result):
                finish(report, problems)
                return
        else:
            unsettled.append((name, conditions, post, result))
    for index, (name, conditions, post, earlier) in enumerate(unsettled):
        share = cpu_share(SHARE * (deadline - clock()) / (len(unsettled) - index))
        if earlier is not None and share <= 1.5 * earlier["budget"]:
            result = earlier  # not enough more time to be worth starting over
        elif share < MIN_CONDITION_SECONDS:
            result = {"item": name, "condition": clip(post.expr_source, 300), "line": post.line, "state": "out-of-time",
                      "message": "no time was left to analyse it", "paths": 0, "exhausted": False,
                      "seconds": 0.0, "budget": 0.0, "refuted": False, "settled": False}
        else:
            result = attempt(name, conditions, post, share)
            if result is None:
                return
        if emit(result):
            break
    finish(report, problems)
