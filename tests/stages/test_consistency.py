"""The consistency stage and the record harness, on real sandboxes.

Each ``tests/corpus/cons_*.py`` file passes its own tests; in some, a test's expected output (or a
test's input) contradicts the function's contract, which only the consistency stage sees.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from synthcode.sample import Sample, Status
from synthcode.sandbox.base import Limits, RunRequest
from synthcode.sandbox.process import ProcessSandbox
from synthcode.stages.consistency import ConsistencyStage
from synthcode.verify import VerifyConfig

CORPUS = Path(__file__).parents[1] / "corpus"


@pytest.fixture
def verify(backend, verifier_for):
    def run(code: str, stages: tuple[str, ...] = ("tests", "consistency")) -> Sample:
        verifier = verifier_for(VerifyConfig(stages=list(stages), sandbox=backend, workers=1))
        return verifier.verify(Sample(id="s", code=textwrap.dedent(code)))
    return run


def stage(sample: Sample, name: str = "consistency"):
    return next(r for r in sample.stages if r.stage == name)


# file -> (status of the consistency stage, kind of violation, condition, counterexample args)
CASES = {
    "cons_distance": (Status.FAILED, "post", "__return__ >= 0", "(3, 5)"),
    "cons_factorial_pre": (Status.FAILED, "pre", "n >= 0", "(-1,)"),
    "cons_dedupe_old": (Status.FAILED, "post", "set(__return__) == set(__old__.xs)", "([1, 1, 2],)"),
    "cons_sqrt_refuses": (Status.PASSED, None, None, None),
    "cons_ok": (Status.PASSED, None, None, None),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_corpus(verify, name):
    status, kind, condition, args = CASES[name]
    sample = verify((CORPUS / f"{name}.py").read_text())
    assert stage(sample, "tests").status is Status.PASSED  # the tests alone see nothing wrong
    result = stage(sample)
    assert result.status is status, result.detail
    assert result.level is None  # the stage only rejects; the tests stage earns the level
    if status is Status.FAILED:
        assert sample.status == "rejected" and result.detail.startswith("spec and tests disagree: ")
        assert result.assertion == condition
        assert result.counterexample["kind"] == kind and result.counterexample["args"] == args
        assert result.test and result.test.startswith("test_")
    else:
        assert sample.status == "accepted" and sample.level.label == "tested"


def test_details_name_the_calls_and_conditions(verify):
    result = stage(verify((CORPUS / "cons_ok.py").read_text()))
    # clamp's calls from inside total_clamped count too: a contract holds for every call.
    assert result.detail == ("the tests' 6 calls of clamp, 1 call of total_clamped, 1 call of drain "
                             "satisfy 5 contract conditions")
    result = stage(verify((CORPUS / "cons_factorial_pre.py").read_text()))
    assert result.detail == ("spec and tests disagree: test_factorial calls factorial(-1) although "
                             "precondition `n >= 0` does not hold, and the call returned 1")


def test_skips(verify):
    result = stage(verify("def f(x):\n    return x\n\ndef test_f():\n    assert f(1) == 1\n"))
    assert result.status is Status.SKIPPED and result.detail.startswith("no contracts")
    result = stage(verify('def f(x):\n    """post: __return__ > 0"""\n    return x\n'))
    assert result.status is Status.SKIPPED and result.detail == "no test functions to compare with the contracts"
    # (the tests stage rejects such a test as vacuous: the consistency stage alone is asked here)
    result = stage(verify('def f(x):\n    """post: __return__ > 0"""\n    return x\n\n'
                          'def test_other():\n    assert 1 + 1 == 2\n', stages=("consistency",)))
    assert result.status is Status.SKIPPED and result.detail == "the tests never call f, the functions with contracts"


def test_a_failing_test_is_judged_as_the_tests_stage_judges_it(verify):
    code = 'def f(x):\n    """post: __return__ > 0"""\n    return x\n\ndef test_f():\n    assert f(1) == 2\n'
    result = stage(verify(code, stages=("consistency",)))
    assert result.status is Status.FAILED
    assert result.detail == "while recording the tests' calls: test_f failed: AssertionError"
    assert result.assertion == "assert f(1) == 2"
    # A test replaced at run time fails under recording as it does under the tests harness.
    code = ('def f(x):\n    """post: __return__ > 0"""\n    return x\n\n'
            'def test_f():\n    assert f(1) == 2\n\ntest_f = lambda: None\n')
    assert "test_f is not the test function defined in the file" in stage(verify(code, stages=("consistency",))).detail


def test_a_postcondition_that_raises_is_violated(verify):
    code = '''
        def first(xs):
            """post: __return__ == xs[0]"""
            return xs[0] if xs else None

        def test_first():
            assert first([4]) == 4
            assert first([]) is None
        '''
    result = stage(verify(code))
    assert result.status is Status.FAILED
    assert result.counterexample["error"] == "IndexError: list index out of range"
    assert result.counterexample["args"] == "([],)"


# --------------------------------------------------------------------------- the record harness


@pytest.fixture(scope="module")
def worker():
    sandbox = ProcessSandbox(limits=Limits(), preload=ConsistencyStage.preload)
    sandbox.check()
    worker = sandbox.start_worker()
    yield worker
    worker.close()
    sandbox.close()


def record(worker, code: str, functions: list[str], tests: list[str], **extra) -> list[dict]:
    request = RunRequest(code=textwrap.dedent(code), harness="record", tests=tests, timeout=5.0,
                         extra={"functions": functions, **extra})
    result = worker.run(request)
    assert result.exit_code == 0 and not result.forged
    return [{k: v for k, v in e.items() if k not in ("nonce", "seconds")} for e in result.events]


def test_record_harness_records_outer_calls_positionally(worker):
    events = record(worker, """
        import functools

        def fact(n, step=1):
            return 1 if n <= 1 else n * fact(n - step, step=step)

        @functools.lru_cache(maxsize=None)
        def fib(n):
            return n if n < 2 else fib(n - 1) + fib(n - 2)

        def only_kw(*, n):
            return n

        def big(xs):
            return len(xs)

        print(fact(3))  # at import: not recorded

        def test_calls():
            assert fact(5) == 120 and fact(n=4, step=1) == 24
            assert fib(20) == 6765
            fib.cache_clear()  # the wrapper keeps the cache's methods
            assert only_kw(n=1) == 1 and big(list(range(5000))) == 5000
            assert fact.__name__ == "fact" and fact.__wrapped__.__name__ == "fact"
        """, ["fact", "fib", "only_kw", "big"], ["test_calls"])
    assert events == [
        {"event": "import"},
        {"event": "start", "test": "test_calls"},
        {"event": "call", "test": "test_calls", "function": "fact", "args": "(5,)"},
        {"event": "call", "test": "test_calls", "function": "fact", "args": "(4, 1)"},
        {"event": "call", "test": "test_calls", "function": "fib", "args": "(20,)"},
        {"event": "call", "test": "test_calls", "function": "only_kw", "args": None},
        {"event": "call", "test": "test_calls", "function": "big", "args": None},
        {"event": "pass", "test": "test_calls"},
        {"event": "done"},
    ]


def test_record_harness_caps_calls_and_checks_contracts(worker):
    events = record(worker, """
        def inc(x):
            return x + 1

        def test_many():
            for i in range(300):
                assert inc(i) == i + 1
            assert inc(-5) == -4
        """, ["inc"], ["test_many"], max_calls=10,
        contracts={"inc": {"params": ["x"], "pre": ["x >= 0"], "post": ["__return__ > x"]}})
    calls = [e for e in events if e["event"] == "call"]
    violations = [e for e in events if e["event"] == "contract"]
    assert len(calls) == 10 and calls[-1]["args"] == "(9,)"
    assert violations == [{"event": "contract", "test": "test_many", "function": "inc", "kind": "pre",
                           "condition": "x >= 0", "args": "(-5,)", "result": "-4"}]
    assert events[-2] == {"event": "pass", "test": "test_many"}
