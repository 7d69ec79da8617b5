"""The ``consistency`` stage: every example the tests exercise must satisfy the contracts.

Runs the file's tests in the sandbox under the ``record`` harness, which checks the contract (see
:mod:`synthcode.contracts`) of each top-level function on every call a test makes. A test whose
expected output violates a postcondition, or that calls a function outside its precondition and
uses the result, means the spec and the tests disagree: one of them is wrong, so the sample is
``failed``, with the call as the counterexample and the condition as the assertion.

Verdict rules:

* ``skipped`` when the file has no tests, or no function has a contract, or the tests never call
  a function that has one (nothing was checked).
* ``failed`` on the first contract violation: a postcondition that is false, or raises, on a call
  whose preconditions held and which returned; or a call that returned although a precondition
  was false (or raised). A call that *raises* on an input outside its precondition is the function
  refusing that input, as a test of input validation expects: not a violation.
* The tests are judged exactly as the ``tests`` stage judges them (same strict event order, same
  reasons); a test that fails or times out under recording is that verdict here.
* ``passed`` otherwise. It earns no level of its own (``level = None``): agreement between the
  tests and the contracts on the tests' own examples adds no evidence that the *code* is right
  beyond what the tests stage earned; the stage exists to reject. Only the first
  ``MAX_CHECKS`` calls of each function are checked (see the harness).

::

    config = VerifyConfig(stages=["tests", "consistency"])

:func:`record_calls` is shared with the differential stage, which takes its seed inputs from the
same recording (the result is kept in ``context.scratch`` for the sample's later stages).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from synthcode.analysis import ModuleInfo
from synthcode.sample import Sample, Status
from synthcode.sandbox.base import RunRequest
from synthcode.stages.base import Finding, ParsedStage, StageContext
from synthcode.stages.tests import TestsStage, _test_definitions

RECORD_HARNESS = "record"
MAX_CHECKS = 1000
"""Calls per function whose contract the harness checks (the ``max_checks`` request field)."""


@dataclass(slots=True)
class Recording:
    """What a ``record`` run of the file's tests saw."""

    finding: Finding
    """The tests' verdict, judged as the tests stage judges it (or why the run is unusable)."""
    functions: tuple[str, ...]
    calls: dict[str, list[str | None]] = field(default_factory=dict)
    """Per function, the ``repr`` of each recorded call's positional arguments (None when too
    large or keyword-only), in call order."""
    violations: list[dict[str, Any]] = field(default_factory=list)
    contracts: bool = False
    """True when the run checked contracts."""


def record_calls(sample: Sample, context: StageContext, functions: list[str],
                 contracts: dict[str, dict[str, Any]] | None = None) -> Recording:
    """Run the file's tests under the ``record`` harness, or reuse this sample's earlier recording
    when it covered ``functions`` (and checked contracts, if ``contracts`` are asked for)."""
    cached: Recording | None = context.scratch.get(RECORD_HARNESS)
    if cached is not None and set(functions) <= set(cached.functions) and (cached.contracts or not contracts):
        return cached
    info = context.info
    assert info is not None and context.worker is not None
    lines, decorated = _test_definitions(info.tree, info.tests)
    request = RunRequest(code=sample.code, harness=RECORD_HARNESS, tests=info.tests, **context.limits(),
                         extra={"test_lines": lines, "decorated_tests": decorated, "functions": functions,
                                "contracts": contracts or {}, "max_checks": MAX_CHECKS})
    result = context.run(request)
    recording = Recording(finding=Finding(Status.PASSED), functions=tuple(functions),
                          calls={name: [] for name in functions}, contracts=bool(contracts))
    kept: list[dict[str, Any]] = []
    current = None
    for event in result.events:
        kind = event.get("event")
        if kind in ("call", "contract"):
            name = event.get("function")
            if current is None or event.get("test") != current or name not in recording.calls:
                recording.finding = Finding(Status.FAILED, f"result channel tampered: {kind} event for "
                                                           f"{name!r} outside its test's run")
                return recording
            if kind == "call":
                args = event.get("args")
                recording.calls[name].append(args if isinstance(args, str) else None)
            else:
                recording.violations.append(event)
            continue
        if kind == "start":
            current = event.get("test")
        elif kind in ("pass", "fail"):
            current = None
        kept.append(event)
    recording.finding = TestsStage().judge(dataclasses.replace(result, events=kept), info.tests, context)
    if recording.finding.status is Status.PASSED:
        context.scratch[RECORD_HARNESS] = recording
    return recording


def _describe(violation: dict[str, Any]) -> str:
    call = f"{violation.get('function')}{_call_args(violation.get('args'))}"
    error = f" ({violation['error']})" if violation.get("error") else ""
    if violation.get("kind") == "pre":
        return (f"{violation.get('test')} calls {call} although precondition `{violation.get('condition')}` "
                f"does not hold{error}, and the call returned {violation.get('result')}")
    return (f"{violation.get('test')}: {call} returned {violation.get('result')}, which violates "
            f"postcondition `{violation.get('condition')}`{error}")


def _call_args(args: Any) -> str:
    if not isinstance(args, str):
        return "(...)"
    return args[:-2] + ")" if args.endswith(",)") else args


class ConsistencyStage(ParsedStage):
    name = "consistency"
    needs_tests = "no test functions to compare with the contracts"
    level = None
    preload = ("harnesses.record",)

    def judge_parsed(self, sample: Sample, context: StageContext, info: ModuleInfo) -> Finding:
        contracts = context.contracts()
        specs = {name: {"params": c.params, "pre": [p.source for p in c.pre], "post": [p.source for p in c.post]}
                 for name, c in contracts.functions.items() if name in info.functions}  # a test's asserts are not
        if not specs:
            return Finding(Status.SKIPPED, "no contracts (pre:/post: docstring lines, leading asserts, icontract)")
        recording = record_calls(sample, context, list(info.functions), specs)
        if recording.finding.status is not Status.PASSED:
            finding = recording.finding
            finding.detail = f"while recording the tests' calls: {finding.detail}"
            return finding
        if recording.violations:
            first = recording.violations[0]
            counterexample = {k: first.get(k) for k in ("function", "args", "result", "kind", "test", "error")
                              if first.get(k) is not None}
            more = len(recording.violations) - 1
            return Finding(Status.FAILED, "spec and tests disagree: " + _describe(first)
                           + (f" (and {more} more violation{'s' if more > 1 else ''})" if more else ""),
                           test=first.get("test"), assertion=first.get("condition"), counterexample=counterexample)
        called = {name: len(recording.calls.get(name, ())) for name in specs}
        if not any(called.values()):
            return Finding(Status.SKIPPED, f"the tests never call {', '.join(specs)}, the functions with contracts")
        checked = ", ".join(f"{n} call{'s' if n != 1 else ''} of {name}" for name, n in called.items() if n)
        conditions = sum(len(s["pre"]) + len(s["post"]) for name, s in specs.items() if called[name])
        unread = f"; {len(contracts.problems)} unreadable contract line(s) ignored" if contracts.problems else ""
        return Finding(Status.PASSED, f"the tests' {checked} satisfy {conditions} contract condition"
                                      f"{'s' if conditions != 1 else ''}{unread}")
