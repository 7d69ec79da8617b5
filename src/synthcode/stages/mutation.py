"""The ``mutation`` stage: would the sample's tests have failed had its code been wrong?

Tests that pass prove little when they would also pass on wrong code (a test that only calls the
function, ``assert result is not None``, one lucky example). This stage measures it: it makes up
``budget.mutants`` first-order mutants of the solution functions (see :mod:`synthcode.mutants`),
runs the file's own tests against every one of them, and counts the mutants the tests *kill*
(some test fails, raises or runs past the mutant's time limit).

1. **Kill run**: one sandbox request under the ``mutants`` harness runs the tests on the original
   (the baseline, which also records the arguments of the tests' calls of each solution function),
   then on each mutant in a fresh copy of the module, with a per-mutant limit of
   ``MUTANT_SECONDS`` or ``TIME_FACTOR`` times the baseline, whichever is more, CPU seconds both
   (so a busy machine kills no more mutants than an idle one); no fork per mutant. A mutant that kills the process counts as killed, and the rest are sent again.
2. **Equivalence run**, only when mutants survive: a survivor may be *equivalent* (``i < n`` to
   ``i != n`` in a loop that counts up, say), and no test could kill it. The recorded arguments
   seed inputs (the differential stage's boundary values and :func:`synthcode.mutation.generate_inputs`,
   ``EQUIVALENCE_INPUTS`` per function); a surviving mutant of a top-level function that returns
   the same values and leaves its arguments the same as the original on every input inside the
   original's domain, and whose mutated function ran on them, counts as likely equivalent and is
   left out of the score.
3. **Score**: ``killed / (killed + survived)``; mutants whose statement does not execute
   (``invalid``) or that were not run within the CPU budget (``KILL_SHARE`` of it) are left out too. Below
   ``VerifyConfig.min_mutation_score``: ``failed``, ``weak-tests: mutation score 0.12 (3 of 25
   mutants killed; ...)``, unless the sample has a reference that the differential stage compares
   it with (the reference is then the oracle, and the score is only recorded). Otherwise ``passed`` with no level of its own (like ``consistency``,
   the stage exists to reject). ``skipped`` when the file has no tests, nothing to mutate, or no
   mutant that is not equivalent.

The numbers go into the result's ``evidence``: ``mutation_score``, ``killed``, ``survived``,
``equivalent``, ``total`` (mutants made), ``invalid`` and ``not_run`` when not zero, and
``surviving``, a few surviving mutants as text (``line 4: comparison `<` -> `<=` in count``).

::

    config = VerifyConfig(stages=["tests", "mutation"], min_mutation_score=0.3)
"""

from __future__ import annotations

import ast
from typing import Any

from synthcode.mutants import Mutant, generate_mutants, solution_statements
from synthcode.mutation import generate_inputs, parse_repr
from synthcode.analysis import ModuleInfo
from synthcode.sample import Sample, Status
from synthcode.sandbox.base import RunRequest, RunResult
from synthcode.stages.base import Finding, ParsedStage, StageContext
from synthcode.stages.tests import (
    SIGNAL_HINTS,
    _test_definitions,
    channel_problem,
    failure_text,
    ran_out,
    signal_name,
)

HARNESS = "mutants"
MUTANT_SECONDS = 0.1
"""The least CPU time a mutant's test run may take before it counts as killed (a mutant in an
endless loop costs this much)."""
TIME_FACTOR = 4.0
"""A mutant may take this many times the original's CPU time (the baseline run of the tests)."""
KILL_SHARE = 0.5
"""Of the stage's CPU budget, what the kill run may spend; the equivalence run gets the rest.
Every one of ``budget.mutants`` mutants is run (a count decides, not the clock) unless a
sample's tests are so slow that this share of CPU runs out first: the mutants left are then
``not_run`` and left out of the score. Mutants come interleaved by kind, so those run are spread
over the kinds."""
HARNESS_SHARE = 0.8
"""Of a request's CPU seconds, after which the harness starts no further mutant; the rest is
headroom for the mutant then running, before the kernel's CPU limit."""
EQUIVALENCE_INPUTS = 30
"""Generated inputs per function for the equivalence check, besides the tests' own."""
EQUIVALENCE_CALL_SECONDS = 0.05
"""Per-call limit of the original on a generated input; slower inputs are left out."""
SURVIVORS_SHOWN = 5


class MutationStage(ParsedStage):
    name = "mutation"
    needs_tests = "no test functions to run against mutants"
    level = None
    preload = ("harnesses.literals", "harnesses.record", "harnesses.mutants")

    def judge_parsed(self, sample: Sample, context: StageContext, info: ModuleInfo) -> Finding:
        mutants = generate_mutants(sample.code, info.tree, info.tests, limit=context.budget.mutants)
        if not mutants:
            return Finding(Status.SKIPPED, "nothing to mutate (no operator, constant, condition or call "
                                           "in a solution function)")
        assert context.worker is not None
        functions = [n.name for n in solution_statements(info.tree, info.tests) if isinstance(n, ast.FunctionDef)]
        seconds = KILL_SHARE * context.budget.cpu_seconds
        outcomes: dict[int, str] = {}
        seeds: dict[str, list[str]] = {}
        first = True
        while len(outcomes) < len(mutants):
            todo = [m for m in mutants if m.index not in outcomes]
            result = context.run(self._request(sample, context, "kill", todo, seconds, functions=functions))
            problem = self._read(result, context, outcomes, "mutant", seeds if first else None, first)
            if problem is not None:
                return problem
            first = False
            if result.find("out-of-time") or all(m.index not in outcomes for m in todo):
                break
        survivors = [m for m in mutants if outcomes.get(m.index) == "survived"]
        equivalent = self._equivalent(sample, context, survivors, seeds,
                                      context.budget.cpu_seconds - seconds)
        return self._verdict(mutants, outcomes, equivalent, context)

    # ----------------------------------------------------------------------------- requests

    def _request(self, sample: Sample, context: StageContext, mode: str, mutants: list[Mutant],
                 seconds: float, **extra: Any) -> RunRequest:
        """A request that may spend ``seconds`` of the sample's CPU; no mutant is started after
        ``HARNESS_SHARE`` of them."""
        info = context.info
        assert info is not None
        lines, decorated = _test_definitions(info.tree, info.tests)
        return RunRequest(code=sample.code, harness=HARNESS, tests=info.tests, **context.limits(seconds),
                          extra={"test_lines": lines, "decorated_tests": decorated, "mode": mode,
                                 "stop_after": HARNESS_SHARE * seconds,
                                 "mutants": [{"index": m.index, "statement": m.statement, "function": m.function}
                                             for m in mutants],
                                 "mutant_seconds": MUTANT_SECONDS, "time_factor": TIME_FACTOR, **extra})

    def _read(self, result: RunResult, context: StageContext, outcomes: dict[int, str], kind: str,
              seeds: dict[str, list[str]] | None, first: bool) -> Finding | None:
        """Record each mutant's outcome; a finding when the run cannot be used at all."""
        problem = channel_problem(result, context)
        if problem is not None:
            return problem
        events = result.events
        if not events or events[0].get("event") != "import":
            return self._ended(result, context, "before loading the module")
        current = None
        for event in events[1:]:
            name = event.get("event")
            if name == "import-error":
                return Finding(Status.FAILED, f"module failed to load: {failure_text(event)}")
            if name == "baseline-fail":
                return Finding(Status.FAILED, f"{event.get('test')} failed when run again for mutation "
                                              f"analysis: {failure_text(event)}", test=event.get("test"))
            if name == "seed" and seeds is not None:
                seeds.setdefault(str(event.get("function")), []).append(str(event.get("args")))
            elif name == "mutant-start":
                current = event.get("index")
            elif name == kind and event.get("index") == current:
                outcomes[current] = str(event.get("outcome", ""))
                current = None
            elif name == "harness-error":
                return Finding(Status.ERROR, f"mutation harness broken: {event.get('error')}: {event.get('message')}")
        if current is not None:  # this mutant ended the run: it behaves differently, whatever the tests say
            outcomes[current] = "killed" if kind == "mutant" else "differs"
        elif first and not any(e.get("event") == "baseline" for e in events) and kind == "mutant":
            return self._ended(result, context, "while running the tests on the original")
        return None

    @staticmethod
    def _ended(result: RunResult, context: StageContext, where: str) -> Finding:
        out = ran_out(result, context, f" {where}")
        if out is not None:
            return out
        if result.signal is not None:
            name = signal_name(result.signal)
            return Finding(Status.FAILED, f"killed by {name}{SIGNAL_HINTS.get(name, '')} {where}")
        return Finding(Status.FAILED, f"exited with code {result.exit_code} {where}")

    def _equivalent(self, sample: Sample, context: StageContext, survivors: list[Mutant],
                    seeds: dict[str, list[str]], seconds: float) -> set[int]:
        """The survivors that agree with the original on generated inputs (runs that may spend
        ``seconds`` of CPU each)."""
        candidates = [m for m in survivors if m.function in seeds]
        if not candidates:
            return set()
        from synthcode.stages.differential import boundary_inputs, stable_seed

        inputs: dict[str, list[str]] = {}
        for function, texts in seeds.items():
            parsed = {}
            for text in texts:
                try:
                    args = parse_repr(text)
                except (ValueError, TypeError, RecursionError):
                    continue
                if isinstance(args, tuple):
                    parsed.setdefault(repr(args), args)
            if not parsed:
                continue
            boundary = boundary_inputs(list(parsed.values()), EQUIVALENCE_INPUTS // 2)
            generated = generate_inputs([*parsed.values(), *boundary], EQUIVALENCE_INPUTS - len(boundary),
                                        seed=stable_seed(f"{sample.id}/{function}"))
            inputs[function] = [*parsed, *(repr(args) for args in [*boundary, *generated])]
        if not inputs:
            return set()
        equivalent: set[int] = set()
        answered: dict[int, str] = {}
        todo = candidates
        while todo:
            result = context.run(self._request(sample, context, "equivalence", todo, seconds, inputs=inputs,
                                               call_seconds=EQUIVALENCE_CALL_SECONDS))
            if channel_problem(result, context) is not None:
                break
            before = len(answered)
            current = None
            for event in result.events:
                if event.get("event") == "mutant-start":
                    current = event.get("index")
                elif event.get("event") == "equivalence" and event.get("index") == current:
                    answered[current] = "yes" if event.get("equivalent") is True else "no"
                    current = None
            if current is not None:
                answered[current] = "no"
            if len(answered) == before or result.find("out-of-time"):
                break
            todo = [m for m in todo if m.index not in answered]
        equivalent = {index for index, answer in answered.items() if answer == "yes"}
        return equivalent

    # ----------------------------------------------------------------------------- the verdict

    @staticmethod
    def _verdict(mutants: list[Mutant], outcomes: dict[int, str], equivalent: set[int],
                 context: StageContext) -> Finding:
        killed = [m for m in mutants if outcomes.get(m.index) == "killed"]
        survived = [m for m in mutants if outcomes.get(m.index) == "survived" and m.index not in equivalent]
        invalid = sum(1 for m in mutants if outcomes.get(m.index) == "invalid")
        not_run = sum(1 for m in mutants if m.index not in outcomes)
        counted = len(killed) + len(survived)
        evidence: dict[str, Any] = {"mutation_score": round(len(killed) / counted, 4) if counted else None,
                                    "killed": len(killed), "survived": len(survived),
                                    "equivalent": len(equivalent), "total": len(mutants)}
        if invalid:
            evidence["invalid"] = invalid
        if not_run:
            evidence["not_run"] = not_run
        if survived:
            evidence["surviving"] = [m.describe() for m in survived[:SURVIVORS_SHOWN]]
        if not counted:
            why = ("every mutant is likely equivalent to the original" if equivalent and not not_run
                   else "no mutant was run within the CPU budget" if not_run else "no mutant could be run")
            return Finding(Status.SKIPPED, f"{why} ({len(mutants)} made)", evidence=evidence)
        score = len(killed) / counted
        summary = f"mutation score {score:.2f} ({len(killed)} of {counted} mutants killed"
        extra = "".join([f", {len(equivalent)} likely equivalent left out" if equivalent else "",
                         f", {not_run} not run within the CPU budget" if not_run else ""])
        minimum = context.min_mutation_score
        if score < minimum and context.compares_reference:
            # Weak tests are not weak evidence here: the differential stage compares the sample with
            # its reference on inputs inside the task's domain, which is what kills these mutants.
            return Finding(Status.PASSED, f"{summary}{extra}; below {minimum:g}, but the sample is "
                                          "compared with its reference)", evidence=evidence)
        if score < minimum:
            shown = f"; survived: {survived[0].describe()}" if survived else ""
            return Finding(Status.FAILED, f"weak-tests: {summary}{extra}{shown}; at least {minimum:g} needed)",
                           evidence=evidence)
        return Finding(Status.PASSED, f"{summary}{extra})", evidence=evidence)
