"""The ``tests`` stage: run the file's own test functions inside the sandbox.

A test counts as passed only when the runner's result channel carries an explicit ``pass`` for it,
tagged with this run's nonce, in the one order a real run produces (import, then start/outcome for
each test, then done) and the child then exited normally. Everything else (an early exit with code
0, SystemExit, a crash, a timeout, an output flood, stray or out-of-order messages) rejects the
sample with the reason.

The runner is also told where each test is defined, so a test function replaced at run time (by a
lambda, another function, a callable object) fails instead of running in the test's place.
"""

from __future__ import annotations

import ast
import json
import signal as signals

from synthcode.analysis import first_line
from synthcode.sandbox.harnesses import guards
from synthcode.sample import Level, Sample, Status
from synthcode.sandbox.base import RunRequest, RunResult
from synthcode.stages.base import Finding, Stage, StageContext


def signal_name(number: int) -> str:
    try:
        return signals.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _test_definitions(tree: ast.Module, tests: list[str]) -> tuple[dict[str, list[int]], list[str]]:
    """First line of each top-level ``def`` of a test (its first decorator's, as CPython counts
    ``co_firstlineno``), and the tests that have decorators."""
    wanted = set(tests)
    lines: dict[str, list[int]] = {}
    decorated: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in wanted:
            lines.setdefault(node.name, []).append(first_line(node))
            if node.decorator_list:
                decorated.add(node.name)
    return lines, sorted(decorated)


def failure_text(event: dict) -> str:
    """``Type: message`` of a failure event, naming the memory limit behind a MemoryError."""
    kind = f"{event.get('error')}" + (" (memory limit)" if event.get("error") == "MemoryError" else "")
    message = event.get("message") or ""
    return kind + (f": {message}" if message else "")


def channel_problem(result: RunResult, context: StageContext) -> Finding | None:
    """A run the sample disrupted as a whole, before any of its events can be trusted."""
    if result.worker_died:
        return Finding(Status.FAILED, result.worker_died)
    if result.forged:
        return Finding(Status.FAILED, f"result channel tampered: {result.forged} message(s) "
                                      "not written by this run's harness")
    if result.result_overflow:
        return Finding(Status.FAILED, "result channel flooded")
    if result.flood:
        limit = context.worker.limits.output_kb if context.worker is not None else "?"
        return Finding(Status.FAILED, f"output limit exceeded: more than {limit} KiB on stdout/stderr")
    return None


SIGNAL_HINTS = {
    "SIGKILL": " (memory limit, or the sample killed itself)",
    "SIGXCPU": " (CPU time limit)",
    "SIGSEGV": " (segmentation fault)",
    "SIGXFSZ": " (file size limit)",
}


def ran_out(result: RunResult, context: StageContext, where: str = "", test: str | None = None) -> Finding | None:
    """A ``timeout`` when the run ended at a limit rather than by the sample's own doing: the
    kernel's CPU limit (SIGXCPU: the stage's CPU budget, :meth:`Budget.cpu_limit`), or the
    wall-clock safety net (hit twice: the verifier re-runs the stage alone first). Running out is
    not a failure of the code, and is counted apart from rejections."""
    if result.timed_out:
        net = context.limits()["timeout"]
        return Finding(Status.TIMEOUT, f"ran past the wall-clock limit of {net:g}s (the CPU budget is "
                                       f"{context.budget.cpu_seconds:g}s){where}", test=test)
    if result.signal is not None and (signal_name(result.signal) == "SIGXCPU" or result.cpu_limit):
        how = "SIGXCPU" if signal_name(result.signal) == "SIGXCPU" else "SIGXCPU ignored: killed at the hard limit"
        return Finding(Status.TIMEOUT, f"ran out of its CPU budget of {context.budget.cpu_seconds:g}s "
                                       f"({how}){where}", test=test)
    return None


class TestsStage(Stage):
    name = "tests"
    level = Level.TESTED
    one_request = True
    compiles_plainly = False

    def check(self, sample: Sample, context: StageContext) -> Finding:
        info = context.info
        assert info is not None, "the parse stage runs first"
        if not info.tests:
            why = "; ".join(f"{k} {v}" for k, v in info.skipped_tests.items())
            return Finding(Status.SKIPPED, "no test functions (def test_*() with no parameters)"
                           + (f"; {why}" if why else ""))
        assert context.worker is not None
        request = context.scratch.pop("tests-request", None) or self._request(sample, context)
        result = context.run(request)
        return self.judge(result, info.tests, context)

    def request_ahead(self, sample: Sample, context: StageContext) -> RunRequest | None:
        if context.info is None or not context.info.tests:
            return None
        request = context.scratch["tests-request"] = self._request(sample, context)
        return request

    @staticmethod
    def _request(sample: Sample, context: StageContext) -> RunRequest:
        assert context.info is not None
        lines, decorated = _test_definitions(context.info.tree, context.info.tests)
        # The worker sends the rewrite compiled (Worker._guarded_bytecode), or the zygote makes it.
        plan = context.scratch["guard-plan"] = guards.plan(context.info.tree, context.info.tests)
        return RunRequest(code=sample.code, tests=context.info.tests, tree=context.info.tree, **context.limits(),
                          extra={"test_lines": lines, "decorated_tests": decorated, "guard": plan})

    def judge(self, result: RunResult, tests: list[str], context: StageContext) -> Finding:
        info = context.info
        problem = channel_problem(result, context)
        if problem is not None:
            return problem

        events = result.events
        current = None  # the test running when things ended
        finished = 0  # tests that reported an outcome
        position = 0

        def expect(kind: str, test: str | None = None) -> dict | None:
            nonlocal position
            if position < len(events):
                event = events[position]
                if event.get("event") == kind and (test is None or event.get("test") == test):
                    position += 1
                    return event
            return None

        def ended_early() -> Finding:
            if current:
                where = f" in {current}"
            elif finished:
                where = " in teardown" if finished == len(tests) else f" after {tests[finished - 1]}"
            else:
                where = " while loading the module" if position else ""
            out = ran_out(result, context, where, current)
            if out is not None:
                return out
            if result.signal is not None:
                name = signal_name(result.signal)
                hint = SIGNAL_HINTS.get(name, "")
                return Finding(Status.FAILED, f"killed by {name}{hint}{where}", test=current)
            if position < len(events):
                event = events[position]
                if event.get("event") == "harness-error":
                    return Finding(Status.FAILED, f"harness broken by the sample{where}: "
                                                  f"{event.get('error')}: {event.get('message')}", test=current)
                unexpected = " ".join(str(event[k]) for k in ("event", "test") if event.get(k))
                return Finding(Status.FAILED, f"result channel tampered: unexpected {unexpected!r} event{where}",
                               test=current)
            return Finding(Status.FAILED, f"exited with code {result.exit_code} before the tests finished{where} "
                                          "(sys.exit/os._exit or a killed harness?)", test=current)

        if expect("import") is None:
            return ended_early()
        error = expect("import-error")
        if error is not None:
            return Finding(Status.FAILED, f"module failed to load: {failure_text(error)}",
                           assertion=info.line(error.get("line")))
        first_failure = None
        assertions: dict[str, dict] = {}
        for name in tests:
            if expect("start", name) is None:
                return ended_early()
            current = name
            outcome = expect("pass", name) or expect("fail", name)
            if outcome is None:
                return ended_early()
            if outcome["event"] == "fail" and first_failure is None:
                first_failure = outcome
            assertions[name] = outcome
            current = None
            finished += 1
        guard_event = expect("guards")
        teardown = expect("teardown-error")
        if expect("done") is None or position != len(events) or result.exit_code != 0:
            return ended_early()
        if first_failure is not None:
            passed_count = sum(1 for o in assertions.values() if o["event"] == "pass")
            return Finding(
                Status.FAILED,
                f"{first_failure['test']} failed: {failure_text(first_failure)}",
                test=first_failure["test"],
                assertion=info.line(first_failure.get("line")),
                # the share of test functions that passed: generation's per-candidate calibration data
                evidence={"tests_passed": passed_count, "tests_total": len(tests)},
            )
        if teardown is not None:
            return Finding(Status.FAILED, f"error in teardown: {teardown.get('message')}")
        return self.judge_guards(assertions, guard_event, tests, context)

    @staticmethod
    def judge_guards(outcomes: dict[str, dict], guard_event: dict | None, tests: list[str],
                     context: StageContext) -> Finding:
        """Passed tests are evidence only when the guards found nothing (see ``harnesses/guards.py``):
        no untrusted ``__eq__``, no replaced function or builtin, replayed calls returning what the
        tests saw, and in every test an assertion that checked a solution function's result."""
        passed = f"{len(tests)} test{'s' if len(tests) != 1 else ''} passed"
        if guard_event is None:  # a run without guards (a request built elsewhere)
            return Finding(Status.PASSED, passed)
        assertions = {}
        for name, event in outcomes.items():
            unchecked = dict(part.split(":") for part in str(event.get("unchecked") or "").split(",") if ":" in part)
            assertions[name] = {"executed": event.get("asserts"), "checking": event.get("checking"),
                                "unchecked": {k: int(v) for k, v in unchecked.items() if v.isdigit()}}
        try:
            findings = json.loads(guard_event.get("findings") or "[]")
        except ValueError:
            findings = [{"guard": "channel", "message": "the guards' findings do not parse"}]
        findings = [f for f in findings if isinstance(f, dict)] if isinstance(findings, list) else []
        evidence = {"assertions": assertions, "guards": findings, "replayed": guard_event.get("replayed")}
        if findings:
            first = findings[0]
            return Finding(Status.FAILED, f"guard {first.get('guard')}: {first.get('message')}"
                           + (f" (in {first.get('test')})" if first.get("test") else ""),
                           test=first.get("test"), evidence=evidence)
        assert context.info is not None
        plan = context.scratch.get("guard-plan") or guards.plan(context.info.tree, tests)
        if plan["solutions"]:
            for name, counts in assertions.items():
                if not counts["checking"]:
                    why = ", ".join(f"{v} {k}" for k, v in counts["unchecked"].items())
                    return Finding(Status.FAILED, f"vacuous test: {name} ran {counts['executed']} assertion(s), none "
                                                  "checking the result of a solution function" + (f" ({why})" if why else ""),
                                   test=name, evidence=evidence)
        return Finding(Status.PASSED, passed, evidence=evidence)
