"""Mutation analysis: the mutants made of a sample's solution, and the ``mutation`` stage's verdicts."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from synthcode.analysis import analyze
from synthcode.benchmarks import load_humaneval
from synthcode.errors import ConfigError
from synthcode.mutants import KINDS, generate_mutants
from synthcode.sample import Sample
from synthcode.verify import DEFAULT_MIN_MUTATION_SCORE, DEFAULT_STAGES, Verifier, VerifyConfig

EVERY_KIND = textwrap.dedent('''
    def summarize(values, limit):
        """Sum and count the values below a limit."""
        total, seen = 0, []
        for i in range(1, len(values)):
            if values[i] < limit and not values[i] == 3:
                total += values[i] * 2
                seen.append(-values[i])
            elif values[i] > 100 or limit is None:
                break
        label = "sum" if total else "none"
        return max(total, len(seen)), label, True
''')

VACUOUS = textwrap.dedent('''
    def median(values):
        ordered = sorted(values)
        middle = len(ordered) // 2
        if len(ordered) % 2 == 1:
            return ordered[middle]
        return (ordered[middle - 1] + ordered[middle]) / 2


    def test_median_runs():
        median([3, 1, 2])
        median([4, 1, 3, 2])
        assert median([5]) == 5  # one weak check (a test with none is rejected by the tests stage)
''')

STRONG = VACUOUS.split("\n\ndef test_")[0] + textwrap.dedent('''


    def test_median_odd():
        assert median([3, 1, 2]) == 2
        assert median([5]) == 5
        assert median([9, 7, 8, 1, 2]) == 7


    def test_median_even():
        assert median([4, 1, 3, 2]) == 2.5
        assert median([10, 20]) == 15
        assert median([1, 1, 3, 5]) == 2
''')

EQUIVALENT = textwrap.dedent('''
    def absolute(x):
        return x if x >= 0 else -x


    def test_absolute():
        assert absolute(-3) == 3
        assert absolute(-1) == 1
        assert absolute(4) == 4
        assert absolute(0) == 0
''')

HUMANEVAL_STYLE = textwrap.dedent('''
    from typing import List


    def below_zero(operations: List[int]) -> bool:
        """Does the balance, starting at zero, fall below zero at any point?"""
        balance = 0
        for op in operations:
            balance += op
            if balance < 0:
                return True
        return False


    def check(candidate):
        assert candidate([]) == False
        assert candidate([1, 2, -3, 1, 2, -3]) == False
        assert candidate([1, 2, -4, 5, 6]) == True
        assert candidate([1, -1, 2, -2, 5, -5, 4, -4]) == False
        assert candidate([1, -1, 2, -2, 5, -5, 4, -5]) == True


    def test_below_zero():
        check(below_zero)
''')


def mutants_of(code: str, limit: int = 30):
    info = analyze(code)
    return generate_mutants(code, info.tree, info.tests, limit=limit)


def verify(code: str, **config) -> Sample:
    settings = {"stages": ["tests", "mutation"], "workers": 1, **config}
    with Verifier(VerifyConfig(**settings)) as verifier:
        return verifier.verify(Sample(id="s", code=code))


def mutation_result(sample: Sample):
    return next(r for r in sample.stages if r.stage == "mutation")


# --------------------------------------------------------------------------- generating mutants


def test_every_kind_is_made_and_each_mutant_is_one_valid_change():
    mutants = mutants_of(EVERY_KIND, limit=200)
    assert {m.kind for m in mutants} == set(KINDS)
    changes = {(m.kind, m.before, m.after) for m in mutants}
    for expected in [("arithmetic", "*", "/"), ("comparison", "<", "<="), ("comparison", "==", "!="),
                     ("comparison", "is", "is not"), ("boolean", "values[i] < limit and not values[i] == 3",
                                                      "values[i] < limit or not values[i] == 3"),
                     ("constant", "100", "101"), ("constant", "True", "False"), ("constant", '"sum"', "''"),
                     ("range", "len(values)", "(len(values)) - 1"), ("statement", "break", "pass"),
                     ("statement", "seen.append(-values[i])", "pass"), ("arguments", "total, len(seen)", "len(seen), total"),
                     ("return", "max(total, len(seen)), label, True", "None"), ("condition", "total", "False")]:
        assert expected in changes
    original = analyze(EVERY_KIND).tree
    for mutant in mutants:
        tree = compile(mutant.statement, "sample.py", "exec", flags=0x400)  # ast.PyCF_ONLY_AST
        assert tree.body[0].lineno == original.body[0].lineno  # the sample's own line numbers
        assert mutant.statement.strip() != EVERY_KIND.strip()
    assert "Sum and count" in mutants[0].statement  # docstrings are left alone
    assert not any("Sum and count" in m.before for m in mutants)


def test_generation_is_deterministic_capped_and_spread_over_kinds():
    first, second = mutants_of(EVERY_KIND, limit=12), mutants_of(EVERY_KIND, limit=12)
    assert first == second
    assert len(first) == 12
    assert len({m.kind for m in first}) >= 9  # the cap is shared out round-robin over the kinds
    assert [m.index for m in first] == list(range(12))
    with pytest.raises(ValueError, match="limit must be a positive integer"):
        mutants_of(EVERY_KIND, limit=0)


def test_tests_and_test_helpers_are_not_mutated():
    mutants = mutants_of(HUMANEVAL_STYLE)
    assert mutants and {m.function for m in mutants} == {"below_zero"}


def test_a_solutions_leading_asserts_do_not_make_it_a_test_helper():
    code = "def half(n):\n    assert n >= 0\n    return n // 2\n\ndef test_half():\n    assert half(4) == 2\n"
    assert {m.function for m in mutants_of(code)} == {"half"}


def test_methods_of_classes_are_mutated():
    code = textwrap.dedent('''
        class Counter:
            def __init__(self):
                self.n = 0

            def add(self, k):
                self.n += k
                return self.n


        def test_counter():
            c = Counter()
            assert c.add(2) == 2
            assert c.add(3) == 5
    ''')
    assert {m.function for m in mutants_of(code)} == {"Counter"}


# --------------------------------------------------------------------------- the stage


def test_vacuous_tests_are_rejected_as_weak():
    sample = verify(VACUOUS)
    result = mutation_result(sample)
    assert sample.status == "rejected"
    assert sample.reason.startswith("mutation: weak-tests: mutation score ")
    evidence = result.evidence
    assert evidence["mutation_score"] < DEFAULT_MIN_MUTATION_SCORE
    assert evidence["killed"] + evidence["survived"] + evidence["equivalent"] == evidence["total"]
    assert f"({evidence['killed']} of {evidence['killed'] + evidence['survived']} mutants killed" in result.detail
    assert evidence["surviving"] and all(text.startswith("line ") for text in evidence["surviving"])
    assert sample.result_dict()["stages"][-1]["evidence"] == evidence  # the verdict JSON carries it


def test_weak_tests_do_not_reject_a_sample_compared_with_its_reference():
    """With a reference the differential stage is the oracle: the score is recorded, not judged;
    without the differential stage the same sample and reference are rejected as weak."""
    reference = VACUOUS.split("def test_")[0].replace("ordered", "xs")
    compared = Sample(id="s", code=VACUOUS, reference=reference)
    with Verifier(VerifyConfig(stages=["tests", "mutation", "differential"], workers=1)) as verifier:
        sample = verifier.verify(compared)
    assert sample.status == "accepted", sample.reason
    result = mutation_result(sample)
    assert result.status.value == "passed" and "but the sample is compared with its reference" in result.detail
    assert result.evidence["mutation_score"] < DEFAULT_MIN_MUTATION_SCORE
    with Verifier(VerifyConfig(stages=["tests", "mutation"], workers=1)) as verifier:
        alone = verifier.verify(Sample(id="s", code=VACUOUS, reference=reference))
    assert alone.reason.startswith("mutation: weak-tests: ")


def test_strong_tests_are_accepted_with_a_high_score():
    sample = verify(STRONG)
    result = mutation_result(sample)
    assert sample.status == "accepted", sample.reason
    assert result.status.value == "passed" and result.level is None  # it rejects; it earns no level
    assert result.evidence["mutation_score"] >= 0.9
    assert sample.level.label == "tested"


def test_a_zero_floor_only_measures():
    sample = verify(VACUOUS, min_mutation_score=0.0)
    assert sample.status == "accepted"
    assert mutation_result(sample).evidence["mutation_score"] < 0.5


def test_equivalent_mutants_are_left_out_of_the_score():
    result = mutation_result(verify(EQUIVALENT))
    # `x >= 0` -> `x > 0` and `0` -> `1` return the same for every int: no test can kill them.
    assert result.evidence["equivalent"] == 2, result.evidence
    assert result.evidence["survived"] == 0 and result.evidence["mutation_score"] == 1.0
    assert "2 likely equivalent left out" in result.detail


def test_survivors_that_differ_on_generated_inputs_are_not_equivalent():
    weak = EQUIVALENT.replace("    assert absolute(-1) == 1\n", "")
    assert weak != EQUIVALENT
    evidence = mutation_result(verify(weak, min_mutation_score=0.0)).evidence
    assert evidence["survived"] == 1  # `x >= -1`: absolute(-1) would be -1, which no test asks
    assert evidence["surviving"] == ["line 3: constant `0` -> `(-1)` in absolute"]


def test_mutants_in_endless_loops_or_that_kill_the_process_count_as_killed():
    code = textwrap.dedent('''
        import os


        def countdown(n):
            if n < 0:
                os._exit(3)
            steps = 0
            while n != 0:
                n -= 1
                steps += 1
            return steps


        def test_countdown():
            assert countdown(0) == 0
            assert countdown(3) == 3
    ''')
    changes = {m.describe() for m in mutants_of(code)}
    looping = "line 10: arithmetic `-=` -> `+=` in countdown"
    exiting = ["line 6: comparison `<` -> `<=` in countdown", "line 6: condition `n < 0` -> `True` in countdown"]
    assert looping in changes and set(exiting) <= changes
    sample = verify(code, min_mutation_score=0.0)
    evidence = mutation_result(sample).evidence
    assert sample.status == "accepted", sample.reason
    assert "not_run" not in evidence  # the run was sent again after each mutant that ended it
    assert evidence["killed"] + evidence["survived"] + evidence["equivalent"] == evidence["total"]
    assert len(evidence["surviving"]) == evidence["survived"] <= 5
    assert not {looping, *exiting} & set(evidence["surviving"])
    assert mutation_result(sample).seconds < 5


BURN = """import time


def burn(seconds):
    started = time.process_time()
    while time.process_time() - started < seconds:
        pass

"""


@pytest.mark.slow
def test_slow_tests_run_the_mutants_that_fit_in_the_stages_cpu_budget():
    slow = STRONG.replace("def test_median_odd():\n", "def test_median_odd():\n    burn(0.3)\n")
    sample = verify(BURN + slow, timeout=2.0)
    result = mutation_result(sample)
    assert sample.status == "accepted", sample.reason
    evidence = result.evidence
    assert 0 < evidence["not_run"] < evidence["total"]
    assert evidence["killed"] + evidence["survived"] + evidence["equivalent"] + evidence["not_run"] == evidence["total"]
    assert f"{evidence['not_run']} not run within the CPU budget" in result.detail


def test_a_sleeping_test_costs_no_mutants():
    """Sleeping is no work: every mutant runs (a count decides, not the wall clock)."""
    slow = STRONG.replace("def test_median_odd():\n", "def test_median_odd():\n    time.sleep(0.05)\n")
    sample = verify("import time\n" + slow)
    evidence = mutation_result(sample).evidence
    assert sample.status == "accepted", sample.reason
    assert "not_run" not in evidence and evidence["total"] > 5


def test_nothing_to_mutate_is_skipped():
    code = "def noop(x):\n    pass\n\ndef test_noop():\n    assert noop(1) is None\n"
    result = mutation_result(verify(code))
    assert result.status.value == "skipped" and "nothing to mutate" in result.detail


def test_humaneval_style_sample_is_accepted():
    sample = verify(HUMANEVAL_STYLE)
    assert sample.status == "accepted", sample.reason
    assert mutation_result(sample).evidence["mutation_score"] >= 0.8


def test_the_stage_runs_by_default_after_tests_and_consistency():
    assert DEFAULT_STAGES.index("mutation") == DEFAULT_STAGES.index("consistency") + 1
    with pytest.raises(ConfigError, match="min_mutation_score must be between 0 and 1, got 1.5"):
        VerifyConfig(min_mutation_score=1.5)


@pytest.mark.slow
def test_cli_flag(tmp_path):
    path = tmp_path / "weak.py"
    path.write_text(VACUOUS)
    run = [sys.executable, "-m", "synthcode", "verify", str(path), "--stages", "tests,mutation"]
    rejected = subprocess.run([*run, "--json"], capture_output=True, text=True)
    assert rejected.returncode == 1, rejected.stderr
    verdict = json.loads(rejected.stdout)
    assert verdict["reason"].startswith("mutation: weak-tests")
    assert verdict["stages"][-1]["evidence"]["total"] >= 5
    accepted = subprocess.run([*run, "--min-mutation-score", "0"], capture_output=True, text=True)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    bad = subprocess.run([*run, "--min-mutation-score", "2"], capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.startswith("error: ") and "min_mutation_score" in bad.stderr
    assert "Traceback" not in bad.stderr


@pytest.mark.slow
def test_every_humaneval_canonical_solution_stays_accepted():
    samples = [Sample(id=p.task_id, code=p.verify_file()) for p in load_humaneval()]
    with Verifier(VerifyConfig(stages=["tests", "mutation"], workers=2)) as verifier:
        done = list(verifier.verify_many(samples))
    rejected = {s.id: s.reason for s in done if s.status != "accepted"}
    assert not rejected
    scores = [next(r for r in s.stages if r.stage == "mutation").evidence["mutation_score"] for s in done]
    assert min(scores) >= DEFAULT_MIN_MUTATION_SCORE
