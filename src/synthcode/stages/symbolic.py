"""The ``symbolic`` stage: CrossHair's symbolic execution of every contracted function, inside
the sandbox (CrossHair runs the code it analyses, so it runs in the ``symbolic`` harness,
:mod:`synthcode.sandbox.harnesses.symbolic`).

Contracts are what :mod:`synthcode.contracts` reads: CrossHair reads the PEP 316 docstrings (its
own format) and icontract decorators itself, and the leading ``assert`` statements are added as
preconditions, as synthcode reads them (CrossHair's PEP 316 mode would run them as code and
report the inputs they reject). Each postcondition is searched over at most ``budget.paths``
paths (CrossHair's ``max_iterations``), within an equal share of what is left of
``budget.seconds`` of CPU as its ``per_condition_timeout``; z3 checks get a deterministic work
limit. Work, not the wall clock, ends a search, so the verdict is the same on a busy machine.

Verdicts, per function and then for the sample, following CrossHair's own message types:

* ``failed``: ``post_fail`` (a postcondition returned False), ``post_err`` (it raised),
  ``exec_err`` (the function raised an exception its contract does not declare), with the call
  CrossHair found as ``counterexample`` (parameter -> source of the value, and ``__return__``);
  ``syntax_err`` (a condition does not parse); ``pre_unsat`` when CrossHair exhausted every path
  without meeting the preconditions (the contract is vacuous). Also a module that does not load,
  and a run the sample disrupted (a tampered result channel, an output flood).
* ``skipped``, naming why, when a function could not be settled: no contracts; a parameter
  without a type annotation; a condition synthcode cannot read; ``pre_unsat`` before the paths
  ran out (no input meeting the preconditions found within the budget, which is not evidence
  that there is none); ``cannot_confirm`` from a search that its CPU share (under ``MIN_SEARCH_SECONDS``)
  stopped before it explored ``budget.paths`` paths or ran out of them; no time left for a condition; the run
  stopped at its CPU limit while CrossHair was working. A solver running out of
  time is never evidence against the sample.
* ``error``: CrossHair itself raised, or the run died of a signal while CrossHair was working.
* ``passed`` at ``proved`` only when CrossHair said ``confirmed`` ("confirmed over all paths") for
  every postcondition of every function, and every function has a postcondition (a ``post:``,
  an icontract ``ensure``, or an ``assert`` in its body after the leading ones); otherwise, when
  no counterexample was found on the paths explored (``cannot_confirm``), ``passed`` at
  ``symbolic``. "Not disproved" is never promoted to "proved".

With a reference (``Sample.reference``), the stage also runs CrossHair's diffbehavior between the
entry point (chosen as the differential stage chooses it) and the reference's function of that
name, in the ``diffbehavior`` harness, with what the contracts leave of the budget (they get
``CONTRACT_SHARE`` of it): a difference rejects the sample, with the input and both behaviours;
one on which the reference raises is outside its domain and dropped; no difference over enough
search passes at ``symbolic`` (the contracts' level stands when they passed, since behaving as the
reference is not a proof). A parameter without a type hint takes the reference's hint for the
same position (``List[int]`` written as ``list[int]``, as the sample may not import ``typing``);
without either it skips the comparison. When the differential stage ran first with an inferred
domain, a difference on an input outside it is recorded in the detail, not judged (as there).

CrossHair only reads top-level functions here, tests (``test_*``) excepted (methods and class
invariants are not analysed),
and icontract contracts need icontract installed where the sample runs.
"""

from __future__ import annotations

import ast
import platform
from dataclasses import dataclass, field
from typing import Any

from synthcode.analysis import ModuleInfo, first_line
from synthcode.contracts import FunctionContract
from synthcode.mutation import parse_repr
from synthcode.sample import Level, Sample, Status
from synthcode.sandbox.base import RunRequest, RunResult
from synthcode.stages.base import Finding, ParsedStage, StageContext
from synthcode.stages.differential import DOMAIN, compared_function
from synthcode.stages.properties import (
    Events,
    contracted,
    ended_early,
    opening_problem,
    unreadable_functions,
    version,
)
from synthcode.stages.tests import signal_name

CONTRACT_SHARE = 0.5
"""With a reference, the share of the budget the contracts get; comparing with the reference
gets what they leave."""
HARNESS_SHARE = 0.85
"""Of the stage's CPU seconds, what the harness plans to use; the rest covers starting, loading and
CrossHair's overshoot, before the kernel's CPU limit stops the run."""
REFUTING = {"post_fail", "post_err", "exec_err", "syntax_err", "import_err"}
MIN_SEARCH_SECONDS = 0.5
"""A postcondition (or comparison) CrossHair could neither confirm nor refute counts (as
``symbolic``) only when its search ran out its paths, explored all ``budget.paths`` paths, or was
given at least this many CPU seconds (paths that are slow to solve, nonlinear arithmetic say,
may not all fit); a shorter search is too little evidence, and is ``skipped`` instead, so a
tiny budget never passes a sample."""


@dataclass(slots=True)
class FunctionVerdict:
    function: str
    status: Status
    detail: str
    level: Level | None = None
    assertion: str | None = None
    counterexample: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)


def has_postcondition(contract: FunctionContract) -> bool:
    """A ``post:``/``ensure``, or an ``assert`` in the body beyond the leading ones (CrossHair
    checks those on every path); otherwise confirming the contract only shows nothing raises."""
    if contract.post:
        return True
    node = contract.node
    assert node is not None
    leading = {c.line for c in contract.pre if c.origin == "assert"}
    for child in ast.walk(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)) and child is not node:
            continue
        if isinstance(child, ast.Assert) and child.lineno not in leading:
            return True
    return False


def counterexample(message: str, params: list[str]) -> dict[str, Any] | None:
    """Parameter -> value source from CrossHair's "... when calling f(1, b=2) (which returns 3)"."""
    _, found, call = message.partition("when calling ")
    if not found:
        return None
    returns = None
    if call.endswith(")") and " (which returns " in call:
        call, returns = call.rsplit(" (which returns ", 1)
        returns = returns[:-1]
    out: dict[str, Any] = {}
    try:
        node = ast.parse(call.strip(), mode="eval").body
    except SyntaxError:
        node = None
    if isinstance(node, ast.Call):
        source = call.strip()
        for index, arg in enumerate(node.args):
            key = params[index] if index < len(params) else f"arg{index}"
            out[key] = ast.get_source_segment(source, arg)
        for keyword in node.keywords:
            out[keyword.arg or "**"] = ast.get_source_segment(source, keyword.value)
    else:
        out["call"] = call.strip()
    if returns is not None:
        out["__return__"] = returns
    return out


def _show(example: dict[str, Any] | None) -> str:
    if not example:
        return ""
    shown = ", ".join(f"{k}={v}" for k, v in example.items() if k != "__return__")
    return f" for {shown}" if shown else ""


class SymbolicStage(ParsedStage):
    name = "symbolic"
    level = Level.SYMBOLIC
    reads_contracts = True
    preload = ("crosshair.core_and_libs", "harnesses.symbolic", "harnesses.diffbehavior")

    def tools(self) -> dict[str, str]:
        return {"python": platform.python_version(), "crosshair": version("crosshair-tool"),
                "z3": version("z3-solver")}

    def judge_parsed(self, sample: Sample, context: StageContext, info: ModuleInfo) -> Finding:
        if sample.reference is None:
            return self.check_contracts(sample, context, context.budget.cpu_seconds)
        contracts = self.check_contracts(sample, context, context.budget.cpu_seconds * CONTRACT_SHARE)
        if contracts.status not in (Status.PASSED, Status.SKIPPED):
            return contracts
        behaviour = self.check_reference(sample, context, info, context.budget.cpu_seconds * (1 - CONTRACT_SHARE))
        return merge(contracts, behaviour)

    def check_contracts(self, sample: Sample, context: StageContext, seconds: float) -> Finding:
        contracts = context.contracts()
        unreadable = unreadable_functions(contracts)
        functions = {n: c for n, c in contracted(contracts).items() if n not in unreadable}
        if not functions:
            why = "; ".join(unreadable.values())
            return Finding(Status.SKIPPED, "no contracts" + (f" that can be read ({why})" if why else ""))
        assert context.worker is not None
        items = [{
            "name": name,
            "lines": [first_line(contract.node)],  # type: ignore[arg-type]
            "asserts": [{"source": c.source, "line": c.line} for c in contract.pre if c.origin == "assert"],
        } for name, contract in functions.items()]
        request = RunRequest(code=sample.code, harness="symbolic", **context.limits(seconds), extra={
            "items": items,
            "seconds": seconds * HARNESS_SHARE,
            "paths": context.budget.paths,
        })
        result = context.run(request)
        skipped = [FunctionVerdict(name, Status.SKIPPED, f"cannot read its contract: {why}")
                   for name, why in unreadable.items()]
        return self.judge(result, functions, skipped, context, seconds)

    def judge(self, result: RunResult, functions: dict[str, FunctionContract],
              verdicts: list[FunctionVerdict], context: StageContext, seconds: float) -> Finding:
        events = Events(result)
        problem = opening_problem(events, context)
        if problem is not None:
            return problem
        expected: dict[str, int] = {}
        for index, name in enumerate(functions):
            if events.take("start", item=name) is None:
                return ended_early(events, context, f" before {name}" if index else " while loading the module", None)
            event = events.take("skip", "read", "crash", item=name)
            if event is None:
                return self.interrupted(events, context, name, verdicts, seconds)
            if event["event"] == "crash":
                return Finding(Status.ERROR, f"CrossHair crashed reading {name}: {event.get('error')}: "
                                             f"{event.get('message')}", test=name)
            if event["event"] == "skip":
                verdicts.append(FunctionVerdict(name, Status.SKIPPED, str(event.get("reason"))))
            else:
                expected[name] = int(event.get("conditions", 0))
        reported: dict[str, list[dict[str, Any]]] = {name: [] for name in expected}
        while (event := events.take("condition")) is not None:
            name = event.get("item")
            if name not in expected or len(reported[name]) >= expected[name]:
                return Finding(Status.FAILED, f"result channel tampered: unexpected condition event for {name!r}")
            reported[name].append(event)
        crash = events.take("crash")
        if crash is not None:
            return Finding(Status.ERROR, f"CrossHair crashed analysing {crash.get('item')}: {crash.get('error')}: "
                                         f"{crash.get('message')}", test=crash.get("item"))
        verdicts += [self.function_verdict(name, functions[name], reported[name], context)
                     for name in expected if len(reported[name]) == expected[name]]
        complete = all(len(reported[name]) == expected[name] for name in expected)
        partial = [self.function_verdict(name, functions[name], reported[name], context)
                   for name in expected if 0 < len(reported[name]) < expected[name]]
        failed = next((v for v in verdicts + partial if v.status is Status.FAILED), None)
        if failed is not None:
            return combine([failed])  # a counterexample stands, however the run ended after it
        if not events.finished() or not complete:
            busy = next((name for name in expected if len(reported[name]) < expected[name]), None)
            if busy is None and out_of_budget_in_teardown(events):
                found = "; ".join(f"{v.function}: {v.detail}" for v in verdicts)
                return Finding(Status.SKIPPED, f"the {seconds:g}s budget ran out in teardown, after CrossHair "
                                               f"finished ({found})")
            if busy is None or events.position < len(events.events):
                return ended_early(events, context, " in teardown" if busy is None else f" in {busy}", busy)
            return self.interrupted(events, context, busy, verdicts + partial, seconds)
        if events.teardown is not None:
            return Finding(Status.FAILED, f"error in teardown: {events.teardown.get('message')}")
        return combine(verdicts)

    def interrupted(self, events: Events, context: StageContext, name: str,
                    verdicts: list[FunctionVerdict], seconds: float) -> Finding:
        """The run ended while CrossHair was working on ``name`` (the module had loaded)."""
        result = events.result
        failed = next((v for v in verdicts if v.status is Status.FAILED), None)
        if failed is not None:
            return combine([failed])
        if out_of_budget(result):
            done = "; ".join(f"{v.function}: {v.detail}" for v in verdicts if v.function != name)
            return Finding(Status.SKIPPED, f"the {seconds:g}s budget ran out while CrossHair "
                                           f"analysed {name}" + (f" ({done})" if done else ""), test=name)
        if result.signal is not None:
            return Finding(Status.ERROR, f"killed by {signal_name(result.signal)} while CrossHair analysed {name}",
                           test=name)
        return ended_early(events, context, f" in {name}", name)

    def check_reference(self, sample: Sample, context: StageContext, info: ModuleInfo, seconds: float) -> Finding:
        """CrossHair's diffbehavior between the entry point and the reference's function."""
        assert sample.reference is not None
        entry_point, problem = compared_function(sample, context)
        if problem is not None:
            return problem if problem.status is Status.ERROR else Finding(Status.SKIPPED, f"reference: {problem.detail}")
        if seconds < MIN_SEARCH_SECONDS:
            return Finding(Status.SKIPPED, "no CPU budget left to compare with the reference")
        defined = [n for n in info.tree.body if isinstance(n, ast.FunctionDef) and n.name == entry_point]
        code = with_reference_hints(sample.code, defined[-1], sample.reference, entry_point) if defined else sample.code
        if code != sample.code:
            defined = [n for n in ast.parse(code).body if isinstance(n, ast.FunctionDef) and n.name == entry_point]
        unannotated = unannotated_parameter(defined[-1]) if defined else None
        if unannotated:  # CrossHair needs a type for every argument; say so without starting a search
            return Finding(Status.SKIPPED, f"reference comparison: parameter {unannotated!r} of {entry_point} "
                                           "has no type annotation")
        assert context.worker is not None
        request = RunRequest(code=code, harness="diffbehavior", **context.limits(seconds), extra={
            "reference": sample.reference,
            "entry_point": entry_point,
            "lines": [first_line(defined[-1])] if defined else None,
            "seconds": seconds * HARNESS_SHARE,
            "paths": context.budget.paths,
        })
        return self.judge_reference(context.run(request), entry_point, context, seconds)

    def judge_reference(self, result: RunResult, name: str, context: StageContext, seconds: float) -> Finding:
        events = Events(result)
        problem = opening_problem(events, context, " while loading the module")
        if problem is not None:
            return problem
        error = events.take("reference-error")
        if error is not None:
            return Finding(Status.ERROR, f"the reference failed to load: {error.get('error')}: {error.get('message')}")
        skip = events.take("skip")
        if skip is not None:
            return Finding(Status.SKIPPED, f"reference comparison: {skip.get('reason')}")
        crash = events.take("crash")
        if crash is not None:
            return Finding(Status.ERROR, f"CrossHair crashed comparing {name} with the reference: "
                                         f"{crash.get('error')}: {crash.get('message')}", test=name)
        diffs = []
        while (event := events.take("diff")) is not None:
            diffs.append(event)
        edges = [d for d in diffs if outside_domain(d, context)]
        diffs = [d for d in diffs if d not in edges]
        if diffs:  # a difference stands, however the run ended after it
            return behaviour_difference(name, diffs[0], len(diffs))
        finding = self.judge_search(result, events, name, context, seconds)
        if edges:
            args = edges[0].get("args") or {}
            finding.detail += (f"; differs from the reference on {len(edges)} input(s) outside the inferred domain, "
                               f"not judged (e.g. {name}({', '.join(f'{k}={v}' for k, v in args.items())}))")
        return finding

    def judge_search(self, result: RunResult, events: Events, name: str, context: StageContext,
                     seconds: float) -> Finding:
        """The verdict of a search that found no difference inside the domain."""
        searched = events.take("searched")
        if searched is None:
            if out_of_budget(result):
                return Finding(Status.SKIPPED, f"the {seconds:g}s budget ran out while CrossHair compared "
                                               f"{name} with the reference", test=name)
            if result.signal is not None:
                return Finding(Status.ERROR, f"killed by {signal_name(result.signal)} while CrossHair compared "
                                             f"{name} with the reference", test=name)
            return ended_early(events, context, f" comparing {name} with the reference", name)
        if not events.finished():
            if out_of_budget_in_teardown(events):
                return Finding(Status.SKIPPED, f"the {seconds:g}s budget ran out in teardown, after CrossHair "
                                               "compared with the reference")
            return ended_early(events, context, " in teardown", None)
        if events.teardown is not None:
            return Finding(Status.FAILED, f"error in teardown: {events.teardown.get('message')}")
        paths, exhausted = int(searched.get("paths", 0)), bool(searched.get("exhausted"))
        wanted = int(searched.get("max_paths") or 0)
        if paths < 1 or (not exhausted and paths < wanted and float(searched.get("seconds", 0)) < MIN_SEARCH_SECONDS):
            return Finding(Status.SKIPPED, f"reference comparison: too little search ({paths} of {wanted} paths "
                                           f"in {float(searched.get('seconds', 0)):g} CPU seconds) to count")
        how = "every path" if exhausted else "not every path"
        return Finding(Status.PASSED, f"{name}: behaves as the reference on {paths} paths ({how})",
                       level=Level.SYMBOLIC)

    def function_verdict(self, name: str, contract: FunctionContract, conditions: list[dict[str, Any]],
                         context: StageContext) -> FunctionVerdict:
        info = context.info
        assert info is not None
        if not conditions:
            return FunctionVerdict(name, Status.SKIPPED, "CrossHair reported nothing")
        levels: list[Level] = []
        skips: list[str] = []
        for event in conditions:
            state = event.get("state")
            source = event.get("condition") or ""
            shown = f"`{source}`" if source else "(nothing raises)"
            paths = event.get("paths", 0)
            message = str(event.get("message") or "")
            if state in REFUTING:
                example = counterexample(message, contract.params)
                if state == "post_fail":
                    what = f"postcondition {shown} does not hold{_show(example)}"
                elif state == "post_err":
                    what = f"postcondition {shown} raised {message.split(' when calling ')[0]}{_show(example)}"
                elif state == "exec_err":
                    what = f"raised {message.split(' when calling ')[0].rstrip(': ')}{_show(example)}"
                else:
                    what = f"contract does not parse: {message}"
                assertion = source or info.line(event.get("at"))
                if state == "exec_err":
                    assertion = info.line(event.get("at")) or source or None
                return FunctionVerdict(name, Status.FAILED, what, assertion=assertion, counterexample=example)
            if state == "pre_unsat":
                if event.get("exhausted"):
                    return FunctionVerdict(name, Status.FAILED, "precondition can never be met: CrossHair exhausted "
                                                                f"every path ({paths}) without meeting it (vacuous contract)")
                skips.append(f"no input meeting the precondition found in {paths} paths within the budget")
            elif state == "confirmed":
                levels.append(Level.PROVED)
            elif state == "cannot_confirm":
                wanted = int(event.get("max_paths") or 0)
                if paths < 1:
                    skips.append(f"{shown}: the budget ran out before a path was explored")
                elif not event.get("exhausted") and paths < wanted and event.get("budget", 0) < MIN_SEARCH_SECONDS:
                    skips.append(f"{shown}: not confirmed, and {event.get('budget', 0):g} CPU seconds of search "
                                 f"({paths} of {wanted} paths) is less than the {MIN_SEARCH_SECONDS:g}s that counts")
                else:
                    levels.append(Level.SYMBOLIC)
            elif state == "out-of-time":
                skips.append(f"{shown}: no time was left to analyse it")
            else:
                skips.append(f"{shown}: CrossHair reported {state!r}")
        if skips:
            return FunctionVerdict(name, Status.SKIPPED, "; ".join(skips))
        total = sum(e.get("paths", 0) for e in conditions)
        if all(level is Level.PROVED for level in levels):
            if has_postcondition(contract):
                return FunctionVerdict(name, Status.PASSED, f"confirmed over all paths ({total} paths)", Level.PROVED)
            return FunctionVerdict(name, Status.PASSED, "confirmed that nothing undeclared is raised (no "
                                                        "postcondition to prove)", Level.SYMBOLIC)
        return FunctionVerdict(name, Status.PASSED, f"no counterexample in {total} paths (not confirmed)",
                               Level.SYMBOLIC)


def combine(verdicts: list[FunctionVerdict]) -> Finding:
    failed = next((v for v in verdicts if v.status is Status.FAILED), None)
    if failed is not None:
        return Finding(Status.FAILED, f"{failed.function}: {failed.detail}", test=failed.function,
                       assertion=failed.assertion, counterexample=failed.counterexample)
    ordered = sorted(verdicts, key=lambda v: v.status is Status.PASSED)  # the reasons for a skip first
    detail = "; ".join(f"{v.function}: {v.detail}" for v in ordered)
    if not verdicts or any(v.status is not Status.PASSED for v in verdicts):
        return Finding(Status.SKIPPED, detail or "nothing was analysed")
    level = min(v.level or Level.SYMBOLIC for v in verdicts)
    return Finding(Status.PASSED, detail, level=level)


def out_of_budget_in_teardown(events: Events) -> bool:
    """The run was killed at the budget after the harness's last event, with nothing unexpected written.

    The tests stage runs the same teardown under its own budget, so a teardown that really hangs
    is rejected there; here it only means the budget was too small to finish."""
    return out_of_budget(events.result) and events.teardown is None and events.position == len(events.events)


def out_of_budget(result: RunResult) -> bool:
    """The run was stopped at its CPU limit (SIGXCPU) or, twice, at its wall-clock safety net:
    for a prover, a search that did not finish, never evidence against the sample."""
    return result.timed_out or (result.signal is not None and signal_name(result.signal) == "SIGXCPU")


_BUILTIN_HINTS = {"List": "list", "Dict": "dict", "Tuple": "tuple", "Set": "set", "list": "list", "dict": "dict",
                  "tuple": "tuple", "set": "set", "int": "int", "float": "float", "str": "str", "bool": "bool"}


def builtin_hint(node: ast.expr | None) -> str | None:
    """An annotation written with builtins only (``List[int]`` as ``list[int]``, ``Optional[str]``
    as ``str | None``), or None when it names anything else."""
    if isinstance(node, ast.Constant) and node.value is None:
        return "None"
    if isinstance(node, ast.Name):
        return _BUILTIN_HINTS.get(node.id)
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "typing":
        return _BUILTIN_HINTS.get(node.attr)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        left, right = builtin_hint(node.left), builtin_hint(node.right)
        return f"{left} | {right}" if left and right else None
    if isinstance(node, ast.Subscript):
        head = node.value.id if isinstance(node.value, ast.Name) else (
            node.value.attr if isinstance(node.value, ast.Attribute) else None)
        items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        parts = ["..." if isinstance(i, ast.Constant) and i.value is Ellipsis else builtin_hint(i) for i in items]
        if any(p is None for p in parts):
            return None
        if head == "Optional" and len(parts) == 1:
            return f"{parts[0]} | None"
        if head == "Union":
            return " | ".join(parts)
        base = _BUILTIN_HINTS.get(head or "")
        return f"{base}[{', '.join(parts)}]" if base in ("list", "dict", "tuple", "set") else None
    return None


def with_reference_hints(code: str, node: ast.FunctionDef, reference: str, name: str) -> str:
    """``code`` with each unannotated positional parameter of ``node`` given the reference's hint
    for the same position (written in place, so line numbers stay), when the reference's
    function has one that :func:`builtin_hint` can write."""
    try:
        found = [n for n in ast.parse(reference).body if isinstance(n, ast.FunctionDef) and n.name == name]
    except (SyntaxError, ValueError):
        return code
    if not found:
        return code
    hinted = [*found[-1].args.posonlyargs, *found[-1].args.args]
    edits = []
    for mine, other in zip([*node.args.posonlyargs, *node.args.args], hinted):
        hint = builtin_hint(other.annotation) if mine.annotation is None else None
        if hint and mine.end_lineno == mine.lineno and mine.end_col_offset is not None:
            edits.append((mine.lineno, mine.end_col_offset, f": {hint}"))
    lines = code.splitlines(keepends=True)
    for lineno, column, text in sorted(edits, reverse=True):
        raw = lines[lineno - 1].encode()  # AST columns count UTF-8 bytes
        lines[lineno - 1] = (raw[:column] + text.encode() + raw[column:]).decode()
    return "".join(lines)


def outside_domain(diff: dict[str, Any], context: StageContext) -> bool:
    """Whether a CrossHair difference's input breaks the domain the differential stage inferred
    (only with ``differential.domain: inferred`` and a domain inferred from the tests)."""
    known = context.scratch.get(DOMAIN)
    if known is None:
        return False
    domain, params, mode = known
    args = diff.get("args") or {}
    if mode != "inferred" or domain.source != "tests" or not isinstance(args, dict) or set(args) - set(params):
        return False
    try:
        values = tuple(parse_repr(str(args[p])) for p in params if p in args)
    except (ValueError, TypeError, RecursionError, SyntaxError):
        return False
    if len(values) != len(params):
        return False
    return domain.violation(values) is not None


def unannotated_parameter(node: ast.FunctionDef) -> str | None:
    """The first parameter without an annotation or a default, as the harness would refuse it."""
    args = node.args
    positional = args.posonlyargs + args.args
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    for arg, default in [*zip(positional, defaults), *zip(args.kwonlyargs, args.kw_defaults)]:
        if arg.annotation is None and default is None:
            return arg.arg
    return None


def behaviour_difference(name: str, diff: dict[str, Any], found: int) -> Finding:
    args = diff.get("args") or {}
    call = f"{name}({', '.join(f'{k}={v}' for k, v in args.items())})"

    def describe(side: dict[str, Any]) -> str:
        text = f"raises {side['raises']}" if side.get("raises") else f"returns {side.get('returns')}"
        after = side.get("after")
        return text + (f" leaving {', '.join(f'{k}={v}' for k, v in after.items())}" if after else "")

    candidate, reference = diff.get("candidate") or {}, diff.get("reference") or {}
    more = f"; {found} differences found" if found > 1 else ""
    example = {**args, "__return__": candidate.get("raises") or candidate.get("returns"),
               "reference": reference.get("returns")}
    return Finding(Status.FAILED, f"differs from the reference: {call} {describe(candidate)}, the reference "
                                  f"{describe(reference)} (CrossHair diffbehavior{more})",
                   test=name, counterexample=example)


def merge(contracts: Finding, behaviour: Finding) -> Finding:
    """The contracts' verdict and the reference comparison's, as one (neither has failed the other)."""
    if behaviour.status not in (Status.PASSED, Status.SKIPPED):
        return behaviour
    detail = "; ".join(f.detail for f in (contracts, behaviour) if f.detail)
    if contracts.status is Status.PASSED:  # the contracts' level stands; the comparison adds evidence
        return Finding(Status.PASSED, detail, level=contracts.level)
    if behaviour.status is Status.PASSED:
        return Finding(Status.PASSED, detail, level=behaviour.level)
    return Finding(Status.SKIPPED, detail)
