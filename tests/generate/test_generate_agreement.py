"""Agreement between a problem's candidates (synthcode.generate.agreement): the input set, the
clusters and the evidence that decides between them. Host-side only: outcomes are built here as the
``outputs`` stage returns them, so these tests are cheap (the job's tests run the sandbox)."""

from __future__ import annotations

import pytest
from fakes.scripted_model import problem_text

from synthcode.generate import agreement
from synthcode.generate.agreement import Candidate, InputSet, decide
from synthcode.generate.parse import parse_problem
from synthcode.sample import Level, Status
from synthcode.stages.differential import Outcome

PROBLEM = parse_problem(problem_text(
    "Count the words of s that occur more than once.", "def repeated(s: str, k: int) -> int:",
    "pre: k >= 0", ">>> repeated('a b a', 1)\n1", "st.tuples(st.text(alphabet='ab ', max_size=8), "
    "st.integers(min_value=0, max_value=3))"), "stop")
TESTS = "def test_repeated():\n    assert repeated('a a', 1) == 1\n    assert repeated('', 0) == 0\n"


def ok(value: str) -> Outcome:
    return Outcome("ok", value=value)


def candidate(index: int, values: list[Outcome | None], level: Level = Level.TESTED, score: float = 0.0) -> Candidate:
    return Candidate(index=index, outcomes=values, level=int(level), mutation_score=score, tests_fraction=1.0,
                     key=f"k{index}")


def inputs(n: int, expected: dict[int, str] | None = None) -> InputSet:
    return InputSet(inputs=[repr((i,)) for i in range(n)], domain=agreement.Domain(source="none"),
                    expected=expected or {}, generated_from=n)


def test_the_input_set_takes_the_tests_examples_strategy_and_contracts():
    assert PROBLEM is not None and not hasattr(PROBLEM, "category")
    found = agreement.input_set(PROBLEM, TESTS, count=20, seed=1)
    assert found.inputs[:3] == [repr(("a a", 1)), repr(("", 0)), repr(("a b a", 1))]
    assert found.generated_from == 3 and found.expected == {2: "1"}  # the example, with its value
    assert found.domain.source == "contracts" and found.domain.pre == ["k >= 0"]
    assert len(found.inputs) > 10 and len(set(found.inputs)) == len(found.inputs)
    # Strategy draws use only its alphabet; the same seed gives the same set.
    assert found.inputs == agreement.input_set(PROBLEM, TESTS, count=20, seed=1).inputs


def test_near_inputs_step_one_from_the_tests_and_take_search_keys_from_the_seeds_collections():
    majority = '''
def is_majority(arr: list[int], n: int, x: int) -> bool:
    assert is_majority([1, 2, 3, 3, 3, 3, 10], 7, 3) == True
    assert is_majority([1, 1, 1, 2, 2], 5, 1) == True
'''
    problem = parse_problem(problem_text("Is x the majority element of the sorted arr of length n?",
                                         majority.splitlines()[1], "", "", "st.tuples()"), "stop")
    near = agreement.near_inputs([([1, 1, 1, 2, 2], 5, 1)], 20)
    assert ([1, 1, 1, 2, 2], 5, 0) in near and ([1, 1, 1, 2, 2], 5, 2) in near  # one apart; a key from arr
    assert ([1, 1, 1, 2, 2], 1, 1) in near and ([1, 1, 1, 2, 2], 5, 1) not in near  # never the seed itself
    assert agreement.near_inputs([("abc", "b")], 20) == [("abc", "a"), ("abc", "c")]  # a character of the text
    # The key 2 first stands in the list's last half (index 3 of 5): where `i + n // 2 <= n` and
    # `<= n - 1` differ. The inferred domain (n == len(arr), ...) keeps it.
    found = agreement.input_set(problem, majority, count=30, seed=0)
    assert repr(([1, 1, 1, 2, 2], 5, 2)) in found.inputs


def test_a_strategy_is_drawn_only_when_it_is_plain_st_calls_over_literals():
    assert agreement.safe_strategy("st.tuples(st.integers(min_value=0, max_value=3), st.lists(st.text()))") is not None
    for unsafe in ("st.integers().map(lambda x: __import__('os').system('true'))",
                   "st.builds(open, st.just('/etc/passwd'))", "st.tuples(st.integers(), os.getcwd())",
                   "(lambda: 1)()", "st.__class__"):
        assert agreement.safe_strategy(unsafe) is None, unsafe
    assert agreement.strategy_inputs("st.integers()", 5, seed=0) == []  # not a tuple: no arguments
    drawn = agreement.strategy_inputs("st.tuples(st.integers(min_value=7, max_value=9))", 5, seed=0)
    assert drawn and all(7 <= args[0] <= 9 for args in drawn)


def test_clusters_compare_as_the_tests_would():
    # A Counter equals the dict with the same items; floats within tolerance; a different value splits.
    a = candidate(0, [ok("{'a': 2}"), ok("0.1")])
    b = candidate(1, [ok("Counter({'a': 2})"), ok("0.10000000001")])
    c = candidate(2, [ok("{'a': 1}"), ok("0.1")])
    decision = decide(inputs(2), [a, b, c], min_agreement=0)
    assert [sorted(m.index for m in g) for g in decision.clusters] == [[0, 1], [2]]
    assert decision.result.status is Status.PASSED and decision.result.evidence["decided_by"] == "largest"
    assert decision.canonical is not None and decision.canonical.index in (0, 1)


def test_timeouts_and_inputs_every_candidate_refuses_are_not_judged_but_one_refusal_is():
    slow = candidate(0, [Outcome("timeout"), ok("1"), Outcome("raised", detail="IndexError")])
    fast = candidate(1, [ok("5"), ok("1"), Outcome("raised", detail="ValueError")])
    assert len(decide(inputs(3), [slow, fast], 0).clusters) == 1
    raising = candidate(2, [ok("5"), Outcome("raised", detail="ZeroDivisionError"), Outcome("timeout")])
    assert len(decide(inputs(3), [fast, raising], 0).clusters) == 2


def test_inputs_outside_the_contracted_domain_are_not_judged():
    outside = Outcome("ok", value="1", outside="k >= 0")
    a = candidate(0, [ok("1"), outside])
    b = candidate(1, [ok("1"), Outcome("ok", value="2", outside="k >= 0")])
    found = InputSet(inputs=[repr((1,)), repr((-1,))], domain=agreement.Domain(source="contracts", pre=["k >= 0"]),
                     generated_from=1)
    decision = decide(found, [a, b], 0)
    assert len(decision.clusters) == 1 and decision.result.evidence["judged"] == 1


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_a_tie_is_decided_by_the_examples_never_by_candidate_order(order):
    right = candidate(0, [ok("3"), ok("1")])
    wrong = candidate(1, [ok("3"), ok("2")])
    listed = [[right, wrong][i] for i in order]
    decision = decide(inputs(2, expected={1: "1"}), listed, min_agreement=0)
    assert decision.canonical is right and decision.result.evidence["decided_by"] == "evidence"
    assert decision.result.status is Status.PASSED


def test_a_tie_is_decided_by_level_then_mutation_score_and_else_rejected_as_undecided():
    a = candidate(0, [ok("1")], level=Level.PROPERTY_CHECKED)
    b = candidate(1, [ok("2")])
    assert decide(inputs(1), [b, a], 0).canonical is a
    a = candidate(0, [ok("1")], score=0.9)
    b = candidate(1, [ok("2")], score=0.6)
    assert decide(inputs(1), [b, a], 0).canonical is a
    a, b = candidate(0, [ok("1")]), candidate(1, [ok("2")])
    decision = decide(inputs(1), [a, b], 0)
    assert decision.canonical is None and decision.result.status is Status.FAILED
    assert decision.result.evidence["decided_by"] == "undecided"
    assert "cannot decide" in decision.result.detail


def test_min_agreement_is_a_stage_result_with_its_evidence():
    a, b, c = candidate(0, [ok("1")]), candidate(1, [ok("1")]), candidate(2, [ok("2")])
    decision = decide(inputs(1), [a, b, c], min_agreement=2)
    assert decision.result.stage == "agreement" and decision.result.status is Status.FAILED
    assert decision.result.detail.endswith("min_agreement is 2")
    assert decision.result.evidence["clusters"][0]["candidates"] == [0, 1]
    assert decide(inputs(1), [a, b, c], min_agreement=1).result.status is Status.PASSED


def test_candidates_are_annotated_from_the_signature_only_when_they_wrote_no_hints():
    plain = "def repeated(s, k):\n    return k\n"
    assert agreement.annotate(plain, PROBLEM).startswith("def repeated(s: str, k: int) -> int:\n    return k")
    for kept in ("def repeated(s: str, k):\n    return k\n", "def repeated(text, k):\n    return k\n",
                 "def repeated(s, k=1):\n    return k\n", "def repeated(s, k): return k\n",
                 "def repeated(s,\n             k):\n    return k\n"):
        assert agreement.annotate(kept, PROBLEM) == kept
