"""Verdicts do not depend on how busy the machine is (issue 15, item 4).

The same batch, verified on an idle machine and again with three CPU-bound processes per core
competing with the sandbox, must give every sample the same status, level and mutation score:
every budget that decides a verdict counts work (CPU seconds of the sample, examples, CrossHair
paths, z3 work, mutants), and the wall-clock limits are only a safety net, hit by a request that
is then run again alone before it is judged.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from synthcode.sample import Level, Sample
from synthcode.stages.base import Budget
from synthcode.verify import VerifyConfig, Verifier

CORPUS = Path(__file__).parents[1] / "corpus"

TESTS_ONLY = '''
def add(a, b):
    return a + b


def test_add():
    assert add(1, 2) == 3
    assert add(-1, 1) == 0
    assert add(0, 0) == 0
'''

GIVEN = '''
from hypothesis import given, strategies as st


def rev(xs):
    return xs[::-1]


def test_rev():
    assert rev([1, 2, 3]) == [3, 2, 1]


@given(st.lists(st.integers()))
def test_rev_twice(xs):
    assert rev(rev(xs)) == xs
'''

IS_PRIME = '''
def is_prime(n: int) -> bool:
    """Correct, and slow-ish to check: the postcondition tries every divisor below n.

    pre: 0 <= n < 60000
    post: __return__ == (n > 1 and all(n % d for d in range(2, n)))
    """
    if n < 2:
        return False
    d = 2
    while d * d <= n:
        if n % d == 0:
            return False
        d += 1
    return True


def test_is_prime():
    assert [n for n in range(20) if is_prime(n)] == [2, 3, 5, 7, 11, 13, 17, 19]
    assert not is_prime(49)
'''

WRONG = '''
def absolute(x: int) -> int:
    """post: __return__ >= 0"""
    return x if x > 1 else -x


def test_absolute():
    assert absolute(-3) == 3
    assert absolute(5) == 5
'''

LOOPS = '''
def spin(n):
    while True:
        n += 1


def test_spin():
    assert spin(1) is None
'''

BATCH = {
    "tests-only": TESTS_ONLY,
    "given": GIVEN,
    "is-prime": IS_PRIME,
    "symbolic": (CORPUS / "sym_loop_symbolic.py").read_text(),
    "proved": (CORPUS / "sym_clamp_proved.py").read_text(),
    "wrong": WRONG,
    "loops": LOOPS,
}

# What each sample reaches on any machine (the idle run must already give these).
EXPECTED = {
    "tests-only": ("accepted", Level.TESTED),
    "given": ("accepted", Level.PROPERTY_CHECKED),
    "is-prime": ("accepted", None),  # property-checked or beyond, the same under load
    "symbolic": ("accepted", Level.SYMBOLIC),
    "proved": ("accepted", Level.PROVED),
    "wrong": ("rejected", Level.REJECTED),
    "loops": ("rejected", Level.REJECTED),
}


def config(backend: str) -> VerifyConfig:
    # Budgets far from what the samples need, so nothing is decided near a threshold; the
    # loop's is small, since it spends all of it (twice, when the safety net sends it again).
    return VerifyConfig(
        stages=["tests", "mutation", "properties", "symbolic", "z3"], sandbox=backend, workers=2,
        min_mutation_score=0.0,  # measured and compared, not a reason to stop
        budgets={"tests": Budget(seconds=1.0), "mutation": Budget(seconds=10.0),
                 "properties": Budget(seconds=20.0, examples=100),
                 "symbolic": Budget(seconds=20.0, paths=40), "z3": Budget(seconds=5.0)})


def verdicts(backend: str) -> dict[str, tuple]:
    samples = [Sample(id=name, code=textwrap.dedent(code)) for name, code in BATCH.items()]
    with Verifier(config(backend)) as verifier:
        done = {s.id: s for s in verifier.verify_many(samples)}
    out = {}
    for name, sample in done.items():
        mutation = next((r for r in sample.stages if r.stage == "mutation"), None)
        out[name] = (sample.status, sample.level, [(r.stage, r.status) for r in sample.stages],
                     mutation.evidence.get("mutation_score") if mutation is not None else None)
    return out


@contextmanager
def cpu_load(per_core: int = 3) -> Iterator[list[subprocess.Popen]]:
    """``per_core`` CPU-bound processes per core, each in its own session, killed afterwards."""
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"], start_new_session=True,
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
               for _ in range(per_core * (os.cpu_count() or 1))]
    try:
        yield burners
    finally:
        for burner in burners:
            try:
                os.killpg(burner.pid, 9)
            except ProcessLookupError:
                pass
            burner.wait()


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_same_verdicts_idle_and_under_heavy_load():
    # One backend: both run the same zygote and count the same CPU time, and under this load the
    # batch takes minutes (the docker backend's budgets and records are checked below).
    backend = "process"
    idle = verdicts(backend)
    for name, (status, level) in EXPECTED.items():
        got = idle[name]
        assert got[0] == status, (name, got)
        if level is not None:
            assert got[1] is level, (name, got)
    assert idle["is-prime"][1] >= Level.PROPERTY_CHECKED, idle["is-prime"]
    assert idle["loops"][2][-1] == ("tests", idle["loops"][2][-1][1]) and idle["loops"][2][-1][1].value == "timeout"
    assert idle["tests-only"][3] is not None  # a mutation score to compare
    with cpu_load() as burners:
        loaded = verdicts(backend)
        assert all(b.poll() is None for b in burners)  # the load lasted the whole run
    for name in BATCH:
        assert loaded[name] == idle[name], (name, idle[name], loaded[name])


@pytest.mark.slow
def test_a_budget_beyond_the_sandbox_cpu_limit_is_no_error(tmp_path):
    """``--timeout 120`` once let the symbolic stage outlast the sandbox's 20 s CPU limit (SIGXCPU,
    ``error`` verdicts): a budget above the limit now raises it for the stage's requests, says so,
    and a search that ends by its path count uses little of it."""
    from fakes.cli import run_synthcode

    source = tmp_path / "clamp.py"
    source.write_text((CORPUS / "sym_clamp_proved.py").read_text())
    result = run_synthcode("verify", str(source), "--json", "--timeout", "120", "--stages", "tests,properties,symbolic")
    assert result.returncode == 0, result.stderr
    verdict = json.loads(result.stdout)
    assert [s["status"] for s in verdict["stages"]] == ["passed"] * 4 and verdict["level"] == "proved", verdict
    assert "more than limits.cpu_seconds=20: raised for its requests" in result.stderr
    symbolic = verdict["stages"][-1]
    assert symbolic["tools"]["budget_cpu_seconds"] == "120" and symbolic["tools"]["budget_paths"] == "100"
    assert symbolic["tools"]["cpu"]  # the CPU model the budget was counted on


def test_budgets_and_cpu_model_are_recorded(verifier_for, backend):
    sample = verifier_for(VerifyConfig(stages=["tests", "properties"], sandbox=backend, workers=1, budgets={
        "properties": Budget(seconds=7.0, examples=12)})).verify(
        Sample(id="s", code=textwrap.dedent(IS_PRIME)))
    properties = sample.stages[-1]
    assert properties.status.value == "passed" and "12 examples" in properties.detail, properties
    assert properties.tools["budget_cpu_seconds"] == "7" and properties.tools["budget_examples"] == "12"
    assert properties.tools["cpu"] and "budget_cpu_seconds" not in sample.stages[0].tools  # parse spends none


# ------------------------------------------------------------------ the wall-clock safety net

SLEEPS = '''
import time


def nap(seconds):
    time.sleep(seconds)
    return seconds


def test_nap():
    assert nap({seconds}) == {seconds}
'''


@pytest.mark.slow
def test_a_request_past_the_safety_net_is_judged_by_its_rerun_alone(backend, tmp_path):
    """Sleeping is no work, so only the wall-clock net (here 1 x the 3 s CPU limit + 2 s) stops it:
    the stage runs again alone, under twice the factor (2 x 3 s + 2 s), and that run's verdict
    stands."""
    from synthcode.verify.batch import ResultsFile, count_key

    config = VerifyConfig(stages=["tests"], sandbox=backend, workers=2, wall_factor=1.0,
                          budgets={"tests": Budget(seconds=1.5)})
    samples = [Sample(id="slow-but-done", code=SLEEPS.format(seconds=3)),  # twice: the guards replay the call
               Sample(id="asleep", code=SLEEPS.format(seconds=60)),
               Sample(id="quick", code=SLEEPS.format(seconds=0))]
    with Verifier(config) as verifier:
        done = {s.id: s for s in verifier.verify_many(samples)}
    finished = done["slow-but-done"].stages[-1]
    assert done["slow-but-done"].status == "accepted", finished
    assert "ran past the wall-clock limit of 5s" in finished.evidence["rerun"]
    asleep = done["asleep"].stages[-1]
    assert asleep.status.value == "timeout" and "wall-clock limit of 8s" in asleep.detail, asleep
    assert done["quick"].status == "accepted" and "rerun" not in done["quick"].stages[-1].evidence
    assert [count_key(done[i].result_dict()) for i in ("slow-but-done", "asleep", "quick")] == \
        ["accepted", "timeout", "accepted"]
    results = ResultsFile(tmp_path / "out.jsonl")
    for sample in done.values():
        results.write(sample.result_dict())
    results.close()
    assert ResultsFile(tmp_path / "out.jsonl").counts == {"accepted": 2, "rejected": 0, "error": 0, "timeout": 1}


def test_gate_runs_a_rerun_alone():
    """A re-run waits for the requests in flight (one sent ahead included) and holds new ones back."""
    import threading

    from synthcode.verify import Gate

    class Ahead:
        def send_ahead(self, request) -> bool:
            return True

    gate, order = Gate(), []
    in_flight, release = threading.Event(), threading.Event()
    ahead_request = object()

    def other() -> None:
        assert gate.send_ahead(Ahead(), ahead_request)  # type: ignore[arg-type]
        in_flight.set()
        release.wait()
        with gate.request(ahead_request):  # type: ignore[arg-type]
            order.append("ahead collected")

    def later() -> None:
        with gate.request(object()):  # type: ignore[arg-type]
            order.append("later request")

    first = threading.Thread(target=other)
    first.start()
    in_flight.wait()
    threading.Timer(0.2, release.set).start()
    with gate.alone():  # waits until the request sent ahead is collected
        order.append("rerun")
        assert order == ["ahead collected", "rerun"]
        second = threading.Thread(target=later)
        second.start()
        second.join(0.2)
        assert second.is_alive() and order == ["ahead collected", "rerun"]  # held back
        assert not gate.send_ahead(Ahead(), object())  # type: ignore[arg-type]  # nothing new goes ahead
    second.join()
    first.join()
    assert order == ["ahead collected", "rerun", "later request"]


BUSY_AT_IMPORT = '''
TOTAL = 0
for i in range(6_000_000):
    TOTAL += i


def test_total():
    assert TOTAL == 6_000_000 * 5_999_999 // 2
'''


@pytest.mark.slow
def test_time_waiting_for_a_cpu_is_not_the_samples(tmp_path):
    """A sample kept off the CPU by other work is not stopped by the wall-clock safety net: the
    zygote leaves out the time it spent runnable but waiting (``run_delay``). The worker is pinned
    to one core with six CPU burners (each in its own session), so under half a CPU second takes
    longer than the net (1 x the 2 s CPU limit + 2 s), and before this rule also its re-run's (6 s)."""
    core = min(os.sched_getaffinity(0))
    mask = os.sched_getaffinity(0)
    burners = []
    try:
        os.sched_setaffinity(0, {core})  # the verifier's workers inherit it (process backend)
        config = VerifyConfig(stages=["tests"], sandbox="process", workers=1, wall_factor=1.0,
                              budgets={"tests": Budget(seconds=1.0)})
        with Verifier(config) as verifier:
            verifier.verify(Sample(id="warm", code=TESTS_ONLY))  # the worker started before the load
            burners = [subprocess.Popen(
                [sys.executable, "-c", f"import os\nos.sched_setaffinity(0, {{{core}}})\nwhile True: pass"],
                start_new_session=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                for _ in range(6)]
            sample = verifier.verify(Sample(id="starved", code=BUSY_AT_IMPORT))
            assert all(b.poll() is None for b in burners)  # the load lasted the whole run
    finally:
        os.sched_setaffinity(0, mask)
        for burner in burners:
            os.killpg(burner.pid, 9)
            burner.wait()
    tests = sample.stages[-1]
    assert sample.status == "accepted", tests
    assert "rerun" not in tests.evidence, tests.evidence
