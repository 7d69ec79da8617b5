"""The differential stage and the call harness, on real sandboxes.

The corpus (``tests/corpus/diff_*.py``, each with its reference in ``diff_*.ref.py``) holds
functions with planted bugs that their own unit tests miss, and correct ones written differently
from their reference. No file has type hints: every input starts from the tests' own calls.
"""

from __future__ import annotations

import json
import math
import textwrap
from pathlib import Path

import pytest
from fakes.cli import run_synthcode as synthcode

from synthcode.domain import DifferentialConfig
from synthcode.mutation import parse_repr
from synthcode.sample import Level, Sample, Status
from synthcode.sandbox.base import Limits, RunRequest
from synthcode.sandbox.harnesses import literals
from synthcode.sandbox.process import ProcessSandbox
from synthcode.stages.base import Budget
from synthcode.stages.differential import DifferentialStage, values_agree
from synthcode.verify import Verifier, VerifyConfig

CORPUS = Path(__file__).parents[1] / "corpus"
# One second per run: the per-call limit is then 0.1 s (min(1, seconds / 10)).
BUDGET = Budget(seconds=1.0, examples=30)


@pytest.fixture
def verify(backend, verifier_for):
    """Verify a sample through tests + differential on ``backend`` (one shared worker)."""
    def run(code: str, reference: str | None, entry_point: str | None = None, budget: Budget = BUDGET,
            stages: tuple[str, ...] = ("tests", "differential"), domain: str = "inferred") -> Sample:
        verifier = verifier_for(VerifyConfig(stages=list(stages), sandbox=backend, workers=1,
                                             budgets={"differential": budget},
                                             differential=DifferentialConfig(domain=domain)))
        sample = Sample(id="s", code=textwrap.dedent(code), entry_point=entry_point,
                        reference=textwrap.dedent(reference) if reference is not None else None)
        return verifier.verify(sample)
    return run


def corpus(name: str) -> tuple[str, str | None]:
    reference = CORPUS / f"{name}.ref.py"
    return (CORPUS / f"{name}.py").read_text(), reference.read_text() if reference.exists() else None


def stage(sample: Sample, name: str = "differential"):
    return next(r for r in sample.stages if r.stage == name)


# file -> (verdict, words the differential stage's detail must contain), under ``domain: inferred``
CASES = {
    "diff_clip": ("rejected", "but the reference returned"),
    "diff_leap": ("rejected", "returned False, but the reference returned True"),
    "diff_median": ("rejected", "but the reference returned"),
    # The tests never pass an empty list, nor a count below 1: those inputs are outside the
    # inferred domain, and a difference there is recorded, not judged (under ``domain: any`` it is).
    "diff_average_raises": ("accepted", "average([]) raised ZeroDivisionError, the reference returned 0.0; "
                                        "outside as not len(xs) >= 1"),
    "diff_loop": ("accepted", "collatz_steps(0) timed out"),
    "diff_inplace": ("rejected", "left its arguments as"),
    "diff_mean_ok": ("accepted", "outside the reference's domain: raised on 1"),
    "diff_first_ok": ("accepted", "outside the reference's domain: raised on 1"),
    "diff_loop_ref": ("accepted", "outside the reference's domain: timed out on"),
    "diff_words_ok": ("accepted", "agrees with the reference on"),
}


# The same files judged on every input the reference answers (``domain: any``).
CASES_ANY = {
    "diff_average_raises": ("rejected", "average([]) raised ZeroDivisionError, but the reference returned 0.0"),
    "diff_loop": ("rejected", "timed out (per-call limit 0.1s"),
}


@pytest.mark.parametrize("name", sorted(CASES_ANY))
def test_corpus_on_any_input(verify, name):
    verdict, words = CASES_ANY[name]
    sample = verify(*corpus(name), domain="any")
    result = stage(sample)
    assert sample.status == verdict, sample.reason
    assert words in result.detail
    assert result.counterexample["inside_domain"] is False  # judged only because of domain: any


@pytest.mark.parametrize("name", sorted(CASES))
def test_corpus(verify, name):
    verdict, words = CASES[name]
    sample = verify(*corpus(name))
    assert stage(sample, "tests").status is Status.PASSED  # its own tests never see the bug
    result = stage(sample)
    assert sample.status == verdict, sample.reason
    assert words in result.detail
    if verdict == "accepted":
        assert result.status is Status.PASSED and sample.level is Level.PROPERTY_CHECKED
    else:
        assert result.status is Status.FAILED
        example = result.counterexample
        assert example["seed"] is False  # found by mutating the tests' arguments, not by the tests
        assert isinstance(parse_repr(example["input"]), tuple)
        assert example["reference"]["outcome"] == "ok"


def test_counterexamples_replay_in_process():
    """Each reported input really separates the buggy file from its reference (our own corpus code,
    run here directly)."""
    config = VerifyConfig(stages=["tests", "differential"], workers=2, budgets={"differential": BUDGET},
                          differential=DifferentialConfig(domain="any"))
    names = [n for n, (verdict, _) in {**CASES, **CASES_ANY}.items() if verdict == "rejected" and n != "diff_loop"]
    samples = [Sample(id=n, code=corpus(n)[0], reference=corpus(n)[1]) for n in names]
    with Verifier(config) as verifier:
        done = {s.id: s for s in verifier.verify_many(samples)}
    def outcome(source: str, entry: str, text: str) -> tuple:
        namespace: dict = {}
        exec(source, namespace)
        args = parse_repr(text)  # fresh arguments: in-place functions change them
        try:
            return namespace[entry](*args), args
        except Exception as exc:
            return type(exc).__name__, args

    for name in names:
        example = stage(done[name]).counterexample
        code, reference = corpus(name)
        assert outcome(code, example["entry_point"], example["input"]) != \
            outcome(reference, example["entry_point"], example["input"]), name


def test_floats_within_tolerance_agree_and_outside_do_not():
    assert values_agree(0.1 + 0.2, 0.3)
    assert values_agree([1.0, (2.0, {"k": 1e-12})], [1.0000001, (2.0, {"k": 0.0})])
    assert values_agree(math.nan, math.nan) and values_agree([math.nan], [float("nan")])
    assert values_agree(math.inf, math.inf) and not values_agree(math.inf, -math.inf)
    assert values_agree(1, 1.0) and values_agree(True, 1)  # as == judges them
    assert values_agree(1 + 1e-9j, 1.0)
    assert not values_agree(1.0, 1.001)
    assert not values_agree([1, 2], (1, 2))  # list vs tuple differ, as == says
    assert not values_agree({"a": 1.0}, {"b": 1.0})
    assert not values_agree(10 ** 400, 1e308)


def test_float_rounding_difference_is_not_a_disagreement(verify):
    sample = verify("""
        def scaled_sum(xs, k):
            return sum(x * k for x in xs)

        def test_scaled_sum():
            assert abs(scaled_sum([0.1, 0.2], 3) - 0.9) < 1e-9
        """, """
        def scaled_sum(xs, k):
            return k * sum(xs)
        """)
    assert sample.status == "accepted", sample.reason


def test_relative_error_above_tolerance_is_a_disagreement(verify):
    sample = verify("""
        def area(r):
            return 3.1416 * r * r

        def test_area():
            assert round(area(1.0), 2) == 3.14
        """, """
        import math

        def area(r):
            return math.pi * r * r
        """)
    assert sample.status == "rejected" and stage(sample).status is Status.FAILED, sample.reason


def test_exceptions_are_named_by_type_and_reference_errors_are_outside_the_domain(verify):
    # The reference raises ValueError below zero, the candidate TypeError: both refuse the input,
    # and an input the reference refuses is never a disagreement, whatever the candidate does.
    sample = verify("""
        import math

        def root(n):
            if n < 0:
                raise TypeError("negative")
            return math.isqrt(n)

        def test_root():
            assert root(16) == 4
        """, """
        import math

        def root(n):
            if n < 0:
                raise ValueError("negative")
            return math.isqrt(n)
        """)
    assert sample.status == "accepted", sample.reason
    assert "raised on" in stage(sample).detail
    # Where the reference returns, an exception is a disagreement, reported by its type (judged
    # on any input: the tests never pass an empty list, so [] is outside the inferred domain).
    head = ("""
        def head(xs):
            return xs[0]

        def test_head():
            assert head([7, 8]) == 7
        """, """
        def head(xs):
            return xs[0] if xs else None
        """)
    sample = verify(*head, domain="any")
    result = stage(sample)
    assert result.status is Status.FAILED
    assert result.counterexample["candidate"] == {"outcome": "raised", "detail": "IndexError",
                                                  "seconds": result.counterexample["candidate"]["seconds"]}
    assert "head([]) raised IndexError, but the reference returned None" in result.detail
    sample = verify(*head)
    assert sample.status == "accepted", sample.reason
    edge = stage(sample).evidence["edge_disagreements"][0]
    assert edge["input"] == "([],)" and edge["outside"] == "len(xs) >= 1"
    assert edge["candidate"]["detail"] == "IndexError"


def test_a_swallowed_per_call_timeout_is_still_a_timeout(verify):
    """A candidate that catches the harness's timer exception and keeps looping: the run's own
    deadline ends it, and the call it died in counts as timed out (the reference returned)."""
    sample = verify("""
        def steps(n):
            while n != 1:
                try:
                    n = n // 2 if n % 2 == 0 else 3 * n + 1
                except BaseException:
                    pass
            return 0

        def test_steps():
            assert steps(4) == 0
        """, """
        def steps(n):
            return 0
        """, domain="any")  # steps(0) loops, and 0 is below every test's n
    result = stage(sample)
    assert result.status is Status.FAILED, result.detail
    assert result.counterexample["candidate"]["outcome"] == "timeout"
    assert result.seconds < 3 * BUDGET.seconds


@pytest.mark.slow
def test_a_candidate_too_slow_for_its_budget_is_a_timeout_not_a_pass(verify):
    """Each call takes 50 ms of CPU, half its per-call limit (0.1 s: CPU timers are charged in
    scheduler ticks, so a busy machine needs the margin), but all of them do not fit in the
    stage's CPU budget (the request's CPU limit: the budget and a second's margin), with 100 inputs."""
    sample = verify("""
        import time

        def double(n):
            started = time.process_time()
            while time.process_time() - started < 0.05:
                pass
            return 2 * n

        def test_double():
            assert double(2) == 4
        """, """
        def double(n):
            return n + n
        """, budget=Budget(seconds=1.0, examples=100))
    result = stage(sample)
    assert result.status is Status.TIMEOUT, result.detail
    assert "ran out of its 1s CPU budget" in result.detail and "no disagreement so far" in result.detail


def test_a_crash_is_charged_to_its_input_and_the_run_resumes(verify):
    # The reference kills its own process on negative inputs: those are outside its domain, and
    # the inputs after each crash are still compared. The candidate is correct.
    sample = verify("""
        def triple(n):
            return 3 * n

        def test_triple():
            assert triple(2) == 6
            assert triple(5) == 15
        """, """
        import os

        def triple(n):
            if n < 0:
                os._exit(3)
            return n * 3
        """)
    result = stage(sample)
    assert result.status is Status.PASSED, result.detail
    assert "crashed on" in result.detail
    # A candidate that crashes where the reference returns disagrees.
    sample = verify("""
        import os

        def triple(n):
            if n == 0:
                os._exit(0)
            return 3 * n

        def test_triple():
            assert triple(2) == 6
        """, "def triple(n):\n    return 3 * n\n", domain="any")  # 0 is outside the tests' n >= 1
    result = stage(sample)
    assert result.status is Status.FAILED
    assert "triple(0) exited with code 0 during the call" in result.detail


def test_entry_point_choice(verify):
    code = """
        def helper(x):
            return x + 1

        def solve(x):
            return helper(x) * 2

        def test_solve():
            assert solve(1) == 4
        """
    reference = "def helper(x):\n    return x + 1\n\ndef solve(x):\n    return (x + 1) * 2\n"
    # Two functions in common; only one is mentioned by the tests.
    assert "solve agrees" in stage(verify(code, reference)).detail
    # Nothing in common.
    result = stage(verify(code, "def other(x):\n    return x\n"))
    assert result.status is Status.SKIPPED and "no top-level function in common" in result.detail
    # Ambiguous: both mentioned by the tests.
    both = textwrap.dedent(code) + "\ndef test_helper():\n    assert helper(1) == 2\n"
    result = stage(verify(both, reference))
    assert result.status is Status.SKIPPED and "helper, solve" in result.detail
    # An explicit entry point settles it.
    assert stage(verify(both, reference, entry_point="helper")).status is Status.PASSED


def test_skips_and_errors(verify):
    code = "def f(x):\n    return x\n\ndef test_f():\n    assert f(1) == 1\n"
    result = stage(verify(code, None))
    assert result.status is Status.SKIPPED and "no reference solution" in result.detail
    # (the tests stage rejects such a test as vacuous: the differential stage alone is asked here)
    result = stage(verify("def f(x):\n    return x\n\ndef test_nothing():\n    assert True\n", "def f(x):\n    return x\n",
                          stages=("differential",)))
    assert result.status is Status.SKIPPED and result.detail == "the tests never call f"
    result = stage(verify("class P:\n    pass\n\ndef f(p):\n    return 1\n\ndef test_f():\n    assert f(P()) == 1\n",
                          "def f(p):\n    return 1\n"))
    assert result.status is Status.SKIPPED and result.detail == "the tests never call f with literal arguments"
    sample = verify(code, "def f(x):\n    return x\nraise RuntimeError('broken reference')\n")
    assert sample.status == "error" and "reference run failed: failed to load: RuntimeError" in stage(sample).detail
    sample = verify(code, "def g(x):\n    return x\n", entry_point="f")
    assert sample.status == "error" and "f is not a function of the module" in stage(sample).detail
    sample = verify(code, "def f(:\n")
    assert sample.status == "error" and "does not parse" in stage(sample).detail


def test_failing_tests_under_recording_are_judged_as_the_tests_stage_does(verify):
    code = "def f(x):\n    return x\n\ndef test_f():\n    assert f(1) == 2\n"
    sample = verify(code, "def f(x):\n    return x\n", stages=("differential",))
    result = stage(sample)
    assert result.status is Status.FAILED
    assert result.detail == "while recording the tests' calls: test_f failed: AssertionError"
    assert result.assertion == "assert f(1) == 2"


# --------------------------------------------------------------------------- the call harness


@pytest.fixture(scope="module")
def worker():
    sandbox = ProcessSandbox(limits=Limits(), preload=DifferentialStage.preload)
    sandbox.check()
    worker = sandbox.start_worker()
    yield worker
    worker.close()
    sandbox.close()


def call(worker, code: str, inputs: list[str], **extra) -> list[dict]:
    request = RunRequest(code=textwrap.dedent(code), harness="call", timeout=5.0,
                         extra={"entry_point": "f", "inputs": inputs, "call_timeout": 0.2, **extra})
    return worker.run(request)


def test_call_harness_rebuilds_arguments_for_every_call(worker):
    result = call(worker, """
        def f(xs):
            xs.append(len(xs))
            return xs
        """, ["([1],)", "([1],)", "(['a'], )", "(1, 2)", "(__import__('os'),)"])
    events = result.events
    assert [e["event"] for e in events] == ["import"] + ["result"] * 5 + ["done"]
    first, second, third, wrong_arity, code = events[1:6]
    assert first["ok"] == second["ok"] == "[1, 1]" and first["after"] == "([1, 1],)"  # no state leaks
    assert third["ok"] == "['a', 1]"
    assert wrong_arity["raised"] == "TypeError"
    assert "not a literal value" in code["bad_input"]  # never evaluated


def test_call_harness_streams_results_so_a_crash_tells_where(worker):
    result = call(worker, """
        import os

        def f(n):
            if n == 2:
                os._exit(7)
            while n < 0:
                pass
            return n
        """, ["(1,)", "(-1,)", "(2,)", "(3,)"])
    assert result.exit_code == 7
    assert [(e["event"], e.get("index")) for e in result.events] == [("import", None), ("result", 0), ("result", 1)]
    assert result.events[1]["ok"] == "1" and result.events[2]["timeout"] is True
    assert 0.1 <= result.events[2]["seconds"] < 1.0  # about its 0.2 s CPU limit (timers are charged in ticks)


def test_call_harness_drains_iterators_and_hashes_long_values(worker):
    result = call(worker, """
        def f(n):
            if n == 0:
                return "x" * 5000
            return (i * i for i in range(n))
        """, ["(3,)", "(0,)"])
    short, long = result.events[1:3]
    assert short["ok"] == "[0, 1, 4]" and short["iterator"] is True
    assert long["ok_length"] == 5002 and len(long["ok_sha256"]) == 64 and "ok" not in long


def test_call_harness_stops_after_a_timeout_when_asked(worker):
    result = call(worker, "def f(n):\n    while n:\n        pass\n    return n\n", ["(1,)", "(0,)"],
                  stop_on_timeout=True)
    assert [e["event"] for e in result.events] == ["import", "result", "done"]
    assert result.events[1]["timeout"] is True


@pytest.mark.parametrize("value", [
    0, -3, 2.5, -0.0, math.inf, "it's", b"\x00", None, True, (1, "a", [None]), {"a": [1.0]},
    {1, 2}, set(), frozenset({3}), 1 + 2j, -1 - 2j, [[], {}], ((),),
])
def test_literals_round_trip_on_host_and_in_harness_and_code_is_refused(value):
    text = repr((value,))
    assert repr(literals.parse_repr(text)) == repr(parse_repr(text)) == text
    for bad in ("__import__('os')", "x", "[i for i in ()]", "f(1)", "{**{}}"):
        for parser in (literals.parse_repr, parse_repr):
            with pytest.raises(ValueError):
                parser(bad)


# --------------------------------------------------------------------------- command line


@pytest.mark.slow
def test_cli_jsonl_reference_and_reference_option(tmp_path):
    clip, clip_ref = corpus("diff_clip")
    words, words_ref = corpus("diff_words_ok")
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps(r) + "\n" for r in [
        {"id": "clip", "code": clip, "reference": clip_ref},
        {"id": "words", "code": words, "reference": words_ref, "entry_point": "count_vowels"},
        {"id": "no-reference", "code": words},
    ]))
    result = synthcode("verify", str(batch), "--stages", "tests,differential", "--json", "--workers", "2")
    assert result.returncode == 0, result.stderr
    verdicts = {r["id"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert verdicts["clip"]["status"] == "rejected" and verdicts["clip"]["reason"].startswith("differential: clip(")
    assert verdicts["words"]["level"] == "property-checked"
    assert verdicts["no-reference"]["level"] == "tested"  # differential skipped: nothing to compare with

    # --reference fills in the reference of samples that have none, for a file or a batch.
    reference = tmp_path / "ref.py"
    reference.write_text(words_ref)
    (tmp_path / "words.py").write_text(words)
    result = synthcode("verify", str(tmp_path / "words.py"), "--stages", "tests,differential",
                       "--reference", str(reference))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ACCEPTED (property-checked) words.py: verified (property-checked) by tests, differential")
    result = synthcode("verify", str(batch), "--stages", "tests,differential", "--reference", str(reference),
                       "--workers", "1")
    assert "REJECTED (rejected) clip: differential: clip(" in result.stdout  # its own reference wins
    assert "ACCEPTED (property-checked) no-reference: " in result.stdout
    result = synthcode("verify", str(batch), "--reference", str(tmp_path / "missing.py"))
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: --reference {tmp_path / 'missing.py'}: cannot read it: No such file or directory"


# --------------------------------------------------------------------------- wrong only where the tests do not look


@pytest.mark.parametrize("code, reference, words", [
    pytest.param(  # the same return value as the reference, but the input list is sorted in place
        "def largest(xs):\n    xs.sort()\n    return xs[-1]\n\n"
        "def test_largest():\n    assert largest([3, 9, 4]) == 9\n    assert largest([-1]) == -1\n",
        "def largest(xs):\n    return max(xs)\n",
        "left its arguments as", id="mutates-its-input"),
    pytest.param(  # case-sensitive where the reference is not, tests all lower case
        "def count_vowels(text):\n    return sum(c in 'aeiou' for c in text)\n\n"
        "def test_count_vowels():\n    assert count_vowels('banana') == 3\n    assert count_vowels('sky') == 0\n",
        "def count_vowels(text):\n    return sum(c in 'aeiou' for c in text.lower())\n",
        "count_vowels(", id="case-sensitive"),
    pytest.param(  # exact only while the float holds the integer: the tests stay small
        "import math\n\ndef isqrt(n):\n    return int(math.sqrt(n))\n\n"
        "def test_isqrt():\n    assert isqrt(16) == 4\n    assert isqrt(17) == 4\n    assert isqrt(0) == 0\n",
        "import math\n\ndef isqrt(n):\n    return math.isqrt(n)\n",
        "isqrt(", id="large-integers"),
    pytest.param(  # a table that ends past the tests' inputs
        "TABLE = [1]\nfor i in range(1, 57):\n    TABLE.append(TABLE[-1] * i)\n\n"
        "def factorial(n):\n    return TABLE[n] if n < len(TABLE) else 0\n\n"
        "def test_factorial():\n    assert factorial(5) == 120\n    assert factorial(0) == 1\n",
        "import math\n\ndef factorial(n):\n    return math.factorial(n)\n",
        "factorial(", id="table-too-short"),
    pytest.param(  # a rule that changes at round numbers (centuries) the tests' years never reach
        "def is_leap(year):\n    return year % 4 == 0\n\n"
        "def test_is_leap():\n    assert is_leap(2024)\n    assert not is_leap(2023)\n",
        "def is_leap(year):\n    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)\n",
        "is_leap(", id="round-numbers"),
])
def test_wrong_only_beyond_the_tests_is_found(verify, code, reference, words):
    sample = verify(code, reference)
    result = stage(sample)
    assert sample.status == "rejected" and result.status is Status.FAILED, sample.reason
    assert words in result.detail, result.detail


def test_beyond_inputs_grow_integers_and_vary_case():
    from synthcode.stages.differential import beyond_inputs

    out = beyond_inputs([(5, "abc"), (-3, "")], 40)
    assert (10 ** 30 + 3, "abc") in out and (-(10 ** 30 + 3), "") in out and (11, "abc") in out
    assert (5, "ABC") in out and (5, "Abc") in out
    assert all(text != "" or n != -3 for n, text in out)  # the seeds themselves are not repeated
    assert out[:2] == [(11, "abc"), (-11, "")]  # every seed gets its first variant before any its second


def test_round_neighbours_are_the_round_numbers_around_a_value():
    from synthcode.stages.differential import round_neighbours

    assert round_neighbours(2024) == [2000, 3000, 2100, 2020, 2030]
    assert round_neighbours(-57) == [-50, -60]
    assert round_neighbours(7) == [] and round_neighbours(100) == [200, 110]


@pytest.mark.slow
def test_wrong_solutions_with_honest_tests_are_caught_given_a_reference():
    """Twelve wrong solutions whose own tests are honest and pass (a mutated input, case, floats on
    large integers, a short table, a leap rule without centuries, set order, a shared default, ...),
    each with a correct reference: at least 11 rejected. ``negative_mod`` (``n % 10`` for the last
    digit, the tests all positive) differs only outside the domain inferred from the tests, where a
    difference is recorded and does not reject."""
    from synthcode.verify.inputs import load_samples

    corpus = Path(__file__).parents[1] / "corpus" / "wrong_with_reference.jsonl"
    samples = list(load_samples(corpus))
    assert len(samples) == 12
    with Verifier(VerifyConfig(workers=2, stages=["tests", "mutation", "differential"])) as verifier:
        verdicts = {s.id: s for s in verifier.verify_many(iter(samples))}
    accepted = sorted(name for name, s in verdicts.items() if s.status == "accepted")
    assert accepted == ["negative_mod"], {n: verdicts[n].reason for n in accepted}
    edges = next(r for r in verdicts["negative_mod"].stages if r.stage == "differential").evidence
    assert edges["edge_disagreement_count"] >= 1
