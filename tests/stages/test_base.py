"""The preamble ``ParsedStage`` runs for the contract and test-driven stages, before any sandbox."""

from __future__ import annotations

import pytest

from synthcode.analysis import analyze
from synthcode.registry import STAGES
from synthcode.sample import Sample, Status
from synthcode.stages.base import Budget, Finding, ParsedStage, StageContext

BROKEN_CONTRACT = 'def f(x: int) -> int:\n    """post: __return__ >"""\n    return x\n\n\ndef test_f():\n    assert f(1) == 1\n'
NO_TESTS = 'def f(x: int) -> int:\n    """post: __return__ == x"""\n    return x\n'


def judge(name: str, code: str):
    """The stage's verdict with no sandbox worker: only its preamble may answer."""
    context = StageContext(worker=None, budget=Budget(seconds=1.0), info=analyze(code))
    return STAGES.load(name)().run(Sample(id="s", code=code), context)


@pytest.mark.parametrize("name", ["properties", "z3", "symbolic", "proof"])
def test_a_stage_that_reads_contracts_rejects_one_that_does_not_parse(name):
    result = judge(name, BROKEN_CONTRACT)
    assert result.status is Status.FAILED
    assert result.detail.startswith("contract does not parse: line 2: f: post:")


@pytest.mark.parametrize("name, reason", [
    ("mutation", "no test functions to run against mutants"),
    ("consistency", "no test functions to compare with the contracts"),
])
def test_a_stage_that_needs_tests_skips_a_sample_without_them(name, reason):
    result = judge(name, NO_TESTS)
    assert (result.status, result.detail) == (Status.SKIPPED, reason)


def test_the_preamble_lets_a_sample_through_to_the_stage_with_its_analysis():
    seen = []

    class Probe(ParsedStage):
        name = "probe"
        reads_contracts = True
        needs_tests = "no tests"

        def judge_parsed(self, sample, context, info):
            seen.append(info)
            return Finding(Status.PASSED, "judged")

    code = NO_TESTS + "\n\ndef test_f():\n    assert f(1) == 1\n"
    context = StageContext(worker=None, info=analyze(code))
    assert Probe().run(Sample(id="s", code=code), context).detail == "judged"
    assert seen == [context.info]
    assert Probe().run(Sample(id="s", code=NO_TESTS), StageContext(worker=None, info=analyze(NO_TESTS))).detail == "no tests"


def test_a_sub_second_budget_gets_one_kernel_second_and_others_a_margin():
    # The kernel's CPU limit counts whole seconds; a screening budget of 0.5 s would otherwise let a
    # looping candidate spend 2 s.
    assert Budget(seconds=0.5).cpu_limit() == 1 and Budget(seconds=0.2).cpu_limit() == 1
    assert Budget(seconds=0.6).cpu_limit() == 2 and Budget(seconds=5.0).cpu_limit() == 6
    assert Budget(seconds=5.0).cpu_limit(0.5) == 1 and Budget(seconds=5.0).cpu_limit(2.5) == 4


def test_a_candidate_looping_past_a_sub_second_budget_is_a_timeout_not_wrong_code(verify_source):
    code = "def spin(n):\n    while True:\n        n += 1\n\n\ndef test_spin():\n    assert spin(1) is None\n"
    sample = verify_source(code, timeout=0.5)
    assert sample.failure is not None and sample.failure.status is Status.TIMEOUT, sample.reason
    assert "ran out of its CPU budget of 0.5s (SIGXCPU)" in sample.reason
