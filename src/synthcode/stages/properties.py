"""The ``properties`` stage: property-based checks with Hypothesis, inside the sandbox.

It checks two things, in the sandbox's ``properties`` harness
(:mod:`synthcode.sandbox.harnesses.properties`):

1. the file's own ``@given`` tests: top-level ``def test_*`` with a ``given(...)`` decorator, which
   the ``tests`` stage leaves alone because they take parameters;
2. each top-level function's contract (:mod:`synthcode.contracts`: PEP 316 docstrings, leading
   asserts, icontract), tests (``test_*``) excepted: inputs drawn from the function's type hints
   (``st.from_type``), kept
   when every precondition holds, and every postcondition checked on the result, with
   ``__return__`` bound. Raising an exception the contract does not declare fails too.

Runs are reproducible: derandomized (the seed comes from the test's or function's source), no
example database, every phase but ``explain``, whatever settings the file chose. Each item runs
at most ``budget.examples`` examples, with no per-example deadline, and all items share
``budget.seconds`` of the sample's CPU time: budgets count work, so a busy machine gives the
same verdict as an idle one.

Verdicts:

* ``failed``: a falsifying example, with ``counterexample`` (parameter -> repr, and
  ``__return__``) and ``assertion`` (the postcondition, or the failing line of a test); also a
  module that does not load, a contract that does not parse, and everything the ``tests``
  stage rejects about how the run ended (a signal, a tampered result channel, an output flood).
* ``timeout``: the CPU budget ran out before every item finished.
* ``skipped``, naming why, when anything could not be checked: no ``@given`` tests and no
  contracts; a contracted function without usable type hints or without a strategy for a hint;
  a precondition that rejects (almost) every generated input (Hypothesis' ``Unsatisfiable`` or
  its ``filter_too_much`` health check). The sample's other items still run, and a failure
  among them still fails it.
* ``passed`` (``property-checked``) only when every item was checked and held.
"""

from __future__ import annotations

import ast
import importlib.metadata
import platform
from typing import Any

from synthcode.analysis import ModuleInfo, first_line
from synthcode.contracts import FunctionContract, ModuleContracts
from synthcode.sample import Level, Sample, Status
from synthcode.sandbox.base import RunRequest, RunResult
from synthcode.stages.base import Finding, ParsedStage, StageContext
from synthcode.stages.tests import SIGNAL_HINTS, channel_problem, failure_text, ran_out, signal_name

HARNESS_SHARE = 0.85
"""Of the stage's CPU seconds, what the harness plans to use; the rest covers starting and
reporting, before the kernel's CPU limit (:meth:`Budget.cpu_limit`) stops the run."""


def version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def given_tests(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    """Top-level ``test_*`` functions decorated with ``given(...)`` (``hypothesis.given`` too),
    each by its last definition, as Python would bind it."""
    last: dict[str, ast.FunctionDef] = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test_"):
            last[node.name] = node  # type: ignore[assignment]
    return {name: node for name, node in last.items()
            if isinstance(node, ast.FunctionDef) and any(_is_given(d) for d in node.decorator_list)}


def _is_given(decorator: ast.expr) -> bool:
    func = decorator.func if isinstance(decorator, ast.Call) else None
    return (isinstance(func, ast.Name) and func.id == "given") or (
        isinstance(func, ast.Attribute) and func.attr == "given")


def unreadable_functions(contracts: ModuleContracts) -> dict[str, str]:
    """Functions with a contract condition that is valid but cannot be read here, and why."""
    out: dict[str, str] = {}
    for problem in contracts.problems:
        if not problem.invalid and not problem.function.startswith("test_"):
            out.setdefault(problem.function, str(problem))
    return out


def contracted(contracts: ModuleContracts) -> dict[str, FunctionContract]:
    """Functions whose contracts are checked: not tests, whose leading asserts are the test itself."""
    return {name: c for name, c in contracts.functions.items() if not name.startswith("test_")}


def contract_items(contracts: ModuleContracts) -> list[dict[str, Any]]:
    items = []
    for name, contract in contracted(contracts).items():
        assert contract.node is not None
        items.append({
            "kind": "contract", "name": name, "lines": [first_line(contract.node)],
            "pre": [{"source": c.source, "line": c.line} for c in contract.pre],
            "post": [{"source": c.source, "line": c.line} for c in contract.post],
            "raises": contract.raises,
            "old": any(c.uses_old for c in contract.post),
        })
    return items


class Events:
    """Reads a harness's events strictly in order; anything unexpected ends the reading."""

    def __init__(self, result: RunResult) -> None:
        self.result = result
        self.events = result.events
        self.position = 0
        self.teardown: dict[str, Any] | None = None

    def take(self, *kinds: str, item: str | None = None) -> dict[str, Any] | None:
        if self.position < len(self.events):
            event = self.events[self.position]
            if event.get("event") in kinds and (item is None or event.get("item") == item):
                self.position += 1
                return event
        return None

    def finished(self) -> bool:
        """The run ended as a real one does: optional teardown error, ``done``, nothing else, exit 0."""
        self.teardown = self.take("teardown-error")
        return self.take("done") is not None and self.position == len(self.events) \
            and self.result.exit_code == 0

    def unexpected(self) -> str | None:
        if self.position < len(self.events):
            event = self.events[self.position]
            return " ".join(str(event[k]) for k in ("event", "item") if event.get(k))
        return None


def ended_early(events: Events, context: StageContext, where: str, item: str | None) -> Finding:
    """Why a run stopped before its harness said ``done`` (the ``tests`` stage's rules)."""
    result = events.result
    out = ran_out(result, context, where, item)
    if out is not None:
        return out
    if result.signal is not None:
        name = signal_name(result.signal)
        return Finding(Status.FAILED, f"killed by {name}{SIGNAL_HINTS.get(name, '')}{where}", test=item)
    if events.position < len(events.events):
        event = events.events[events.position]
        if event.get("event") == "harness-error":
            return Finding(Status.FAILED, f"harness broken by the sample{where}: "
                                          f"{event.get('error')}: {event.get('message')}", test=item)
        return Finding(Status.FAILED, f"result channel tampered: unexpected {events.unexpected()!r} event{where}",
                       test=item)
    return Finding(Status.FAILED, f"exited with code {result.exit_code} before the harness finished{where} "
                                  "(sys.exit/os._exit or a killed harness?)", test=item)


def harness_seconds(seconds: float) -> float:
    """The CPU seconds the harness may plan on, of a stage budget of ``seconds``."""
    return seconds * HARNESS_SHARE


class PropertiesStage(ParsedStage):
    name = "properties"
    reads_contracts = True
    level = Level.PROPERTY_CHECKED
    preload = ("hypothesis", "harnesses.properties")

    def tools(self) -> dict[str, str]:
        return {"python": platform.python_version(), "hypothesis": version("hypothesis")}

    def judge_parsed(self, sample: Sample, context: StageContext, info: ModuleInfo) -> Finding:
        contracts = context.contracts()
        unreadable = unreadable_functions(contracts)
        given = given_tests(info.tree)
        items = [{"kind": "given", "name": name, "lines": [first_line(node)]} for name, node in given.items()]
        items += [i for i in contract_items(contracts) if i["name"] not in unreadable]
        if not items:
            why = "; ".join(unreadable.values())
            return Finding(Status.SKIPPED, "no @given tests and no contracts" + (f" that can be read ({why})" if why else ""))
        assert context.worker is not None
        budget = context.budget
        request = RunRequest(code=sample.code, harness="properties", **context.limits(), extra={
            "items": items,
            "seconds": harness_seconds(budget.cpu_seconds),
            "max_examples": budget.examples,
        })
        result = context.run(request)
        return self.judge(result, items, unreadable, context)

    def judge(self, result: RunResult, items: list[dict[str, Any]], unreadable: dict[str, str],
              context: StageContext) -> Finding:
        events = Events(result)
        problem = opening_problem(events, context)
        if problem is not None:
            return problem
        passed: list[str] = []
        skipped = [f"{name}: {why}" for name, why in unreadable.items()]
        for index, item in enumerate(items):
            name = item["name"]
            if events.take("start", item=name) is None:
                return ended_early(events, context, f" before {name}" if index else " while loading the module", None)
            outcome = events.take("pass", "fail", "skip", "slow", "out-of-time", item=name)
            if outcome is None:
                return ended_early(events, context, f" in {name}", name)
            kind = outcome["event"]
            if kind == "pass":
                passed.append(f"{name} ({outcome.get('examples', 0)} examples)")
            elif kind == "skip":
                skipped.append(f"{name}: {outcome.get('reason')}")
            else:
                if not events.finished():
                    return ended_early(events, context, f" after {name}", name)
                return self.verdict(outcome, item, context)
        if not events.finished():
            return ended_early(events, context, " in teardown", None)
        if events.teardown is not None:
            return Finding(Status.FAILED, f"error in teardown: {events.teardown.get('message')}")
        held = f"held: {', '.join(passed)}" if passed else ""
        if skipped:
            return Finding(Status.SKIPPED, "; ".join(["not checked: " + "; ".join(skipped)] + ([held] if held else [])))
        return Finding(Status.PASSED, held)

    def verdict(self, outcome: dict[str, Any], item: dict[str, Any], context: StageContext) -> Finding:
        info = context.info
        assert info is not None
        name = item["name"]
        kind = outcome["event"]
        example = outcome.get("counterexample") or None
        if kind == "out-of-time":
            return Finding(Status.TIMEOUT, f"{name}: the {context.budget.cpu_seconds:g}s CPU budget ran out after "
                                           f"{outcome.get('examples', 0)} examples", test=name)
        if kind == "slow":
            return Finding(Status.TIMEOUT, f"{name}: the test's own timing check failed ({outcome.get('message')})",
                           test=name, counterexample=example)
        condition = outcome.get("condition")
        note = f" ({outcome['note']})" if outcome.get("note") else ""
        if condition and outcome.get("error") == "ContractBroken":
            what = f"postcondition `{condition}` does not hold"
        elif condition:
            what = f"postcondition `{condition}` raised {failure_text(outcome)}"
        elif item["kind"] == "contract":
            what = f"raised {failure_text(outcome)}"
        else:
            what = f"failed: {failure_text(outcome)}"
        return Finding(Status.FAILED, f"{name} {what}{note}" + (f" for {_show(example)}" if example else ""),
                       test=name, assertion=condition or info.line(outcome.get("line")), counterexample=example)


def opening_problem(events: Events, context: StageContext, where: str = "") -> Finding | None:
    """What went wrong before a harness's own events: a disrupted channel, no ``import`` event, or
    a module that failed to load (the events after ``import-error``/``import`` are then the harness's)."""
    problem = channel_problem(events.result, context)
    if problem is not None:
        return problem
    if events.take("import") is None:
        return ended_early(events, context, where, None)
    error = events.take("import-error")
    if error is not None:
        assert context.info is not None
        return Finding(Status.FAILED, f"module failed to load: {failure_text(error)}",
                       assertion=context.info.line(error.get("line")))
    return None


def _show(example: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in example.items() if k != "__return__")
