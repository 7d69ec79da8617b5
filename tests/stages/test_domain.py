"""The input domain of the differential stage (issue 16): inference, inputs, verdicts, config.

Inference and generation are checked on the host; verdicts on real sandboxes, through tests +
differential, with the candidate and its reference written here.
"""

from __future__ import annotations

import ast
import json
import re
import textwrap
from collections import Counter

import pytest

from synthcode.config import load_config
from synthcode.domain import (WIDE, DifferentialConfig, Domain, domain_inputs, far_beyond, hinted_inputs, infer_domain,
                              magnitude_bound, reference_guards, string_constants, vocabulary)
from synthcode.errors import ConfigError
from synthcode.sample import Sample, Status
from synthcode.stages.base import Budget
from synthcode.stages.differential import reprs_agree, result_value, values_agree
from synthcode.verify import VerifyConfig

BUDGET = Budget(seconds=2.0, examples=60)


@pytest.fixture
def verify(backend, verifier_for):
    def run(code: str, reference: str, domain: str = "inferred", budget: Budget = BUDGET) -> Sample:
        verifier = verifier_for(VerifyConfig(stages=["tests", "differential"], sandbox=backend, workers=1,
                                             budgets={"differential": budget},
                                             differential=DifferentialConfig(domain=domain)))
        return verifier.verify(Sample(id="s", code=textwrap.dedent(code), reference=textwrap.dedent(reference)))
    return run


def stage(sample: Sample):
    return next(r for r in sample.stages if r.stage == "differential")


# --------------------------------------------------------------------------- inference


def test_numbers_sign_and_relations():
    seeds = [([1, 2, 4, 5], 3), ([1, 3, 5, 7, 9], 2), ([2, 4, 6], 3)]
    domain = infer_domain(seeds, params=["xs", "k"], text="in a sorted list")
    lines = domain.lines()
    for line in ("pre: isinstance(xs, list)", "pre: len(xs) >= 1", "pre: all(isinstance(e, int) for e in xs)",
                 "pre: list(xs) == sorted(xs)", "pre: isinstance(k, int)", "pre: k >= 1", "pre: k <= len(xs)"):
        assert line in lines, lines
    assert domain.violation(([1, 2, 3], 2)) is None
    assert domain.violation(([1, 2, 3], 0)) == "k >= 1"  # three positive seeds: a zero count is not meant
    assert domain.violation(([1, 2, 3], -1)) == "k >= 1"
    assert domain.violation(([3, 1, 2], 1)) == "list(xs) == sorted(xs)"
    assert domain.violation(([], 0)) == "len(xs) >= 1"
    assert domain.violation(([1, 2], 5)) == "k <= len(xs)"
    assert domain.violation(([1.5, 2], 1)) == "all(isinstance(e, int) for e in xs)"
    assert domain.violation(([1, 2, 3],)) == "called with 1 arguments"
    # Tests' lists are sorted by habit: without the statement's word, an unsorted one is a fair input.
    assert "pre: list(xs) == sorted(xs)" not in infer_domain(seeds, params=["xs", "k"]).lines()


def test_positive_only_when_the_statement_says_so_and_zero_seen_keeps_zero():
    assert "pre: n >= 0" in infer_domain([(2,), (3,)], ["n"]).lines()  # two seeds: too little support
    assert "pre: n >= 1" in infer_domain([(2,), (3,), (4,)], ["n"], "the first n positive integers").lines()
    assert "pre: n >= 0" in infer_domain([(0,), (3,), (4,)], ["n"]).lines()
    assert not any(">=" in line for line in infer_domain([(2,), (-3,)], ["n"]).lines())


def test_zero_is_outside_positive_seeds_with_support_unless_the_reference_singles_it_out():
    # Three positive seeds, two distinct: a zero count is an input the task does not mean
    # (issue 16: "negative or zero counts"); never the least seed as a bound (n >= 2).
    for seeds in ([(2,), (3,), (4,)], [(10,), (20,), (30,)], [(1,), (5,), (9,)]):
        lines = infer_domain(seeds, ["n"]).lines()
        assert "pre: n >= 1" in lines and not any("n >= 2" in line for line in lines)
    assert "pre: n >= 0" in infer_domain([(2,), (3,)], ["n"]).lines()  # two seeds: too little support
    assert "pre: n >= 0" in infer_domain([(2,), (3,), (4,)], ["n"], guards={0: 0}).lines()  # if n == 0:
    # A value the reference singles out stays inside: power's a == 0, 0! == 1, is_prime's n < 2.
    reference = ("def power(a, b):\n    if b == 0:\n        return 1\n    elif a == 0:\n        return 0\n"
                 "    return a * power(a, b - 1)\n")
    assert reference_guards(reference, "power") == {0: 0, 1: 0}
    assert reference_guards("def f(n):\n    if 2 > n:\n        return 0\n    return n\n", "f") == {0: 1}
    # A loop's own condition is how it ends, not a value singled out (count_Digit(0)).
    counting = "def count_digit(n):\n    count = 0\n    while n != 0:\n        n //= 10\n        count += 1\n    return count\n"
    assert reference_guards(counting, "count_digit") == {}
    assert "pre: a != 0" not in infer_domain([(3, -2), (-4, 5), (7, -1)], ["a", "b"], guards={0: 0}).lines()
    nonzero = infer_domain([(3, -2), (-4, 5), (7, -1)], ["a", "b"])
    assert "pre: a != 0" in nonzero.lines() and nonzero.violation((0, -2)) == "a != 0"
    assert nonzero.violation((-6, 8)) is None


def test_element_signs_need_enough_numbers_seen():
    many = infer_domain([([1, 5, 2, 8],), ([3, 0, 4, 9],)], ["xs"])
    repeated = infer_domain([([2, 4, 3, 5, 7], [3]), ([2, 4, 3, 5, 7], [4]), ([2, 4, 3, 5, 7], [1])], ["xs", "s"])
    assert repeated.violation(([-2, -3], [3])) is None  # fifteen numbers seen, five distinct: too little
    assert "pre: all(e >= 0 for e in xs)" in many.lines() and many.violation(([1, -2],)) == "all(e >= 0 for e in xs)"
    assert not any(">= 0 for" in line for line in infer_domain([([1, 5, 2],), ([3, 4],)], ["xs"]).lines())
    pairs = infer_domain([([(1, 2), (3, 4)],), ([(5, 6), (7, 8)],)], ["pairs"])
    assert pairs.violation(([(1, -2)],)) is not None and pairs.violation(([(1, 9)],)) is None
    counts = infer_domain([({"a": 100, "b": 200, "c": 300},), ({"a": 5, "d": 7, "e": 9},), ({"x": 1, "y": 2},)], ["d"])
    assert counts.violation(({"a": 0},)) == "all(v > 0 for v in d.values())" and counts.violation(({"a": 4},)) is None


def test_strings_of_separators_only_are_outside_when_the_seeds_hold_words():
    domain = infer_domain([("hello world",), ("a, b",)], ["s"])
    assert domain.violation((" , ",)) == "any(c.isalnum() for c in s)" and domain.violation(("x y",)) is None
    words = infer_domain([(["ab", "cd"],)], ["ws"])
    assert words.violation((["ab", "--"],)) == "all(any(c.isalnum() for c in e) for e in ws)"
    assert infer_domain([("()",), ("(())",)], ["s"]).violation(("(",)) is None  # no words seen


def test_a_bound_the_statement_writes_wins_over_the_inferred_sign():
    text = "Given a positive integer k, return the k largest. Note: 0 <= k <= len(arr)."
    assert "pre: k >= 0" in infer_domain([([1, 2], 3)], ["arr", "k"], text).lines()
    assert "pre: n >= 2" in infer_domain([(5,)], ["n"], "where n >= 2").lines()
    assert "pre: n >= 0" in infer_domain([(5,)], ["n"], "where m >= 2").lines()  # another name
    assert "pre: n >= 7" not in infer_domain([(5,)], ["n"], "n >= 7").lines()  # the tests break it


def test_sortedness_needs_the_statements_word():
    short = [([1, 2, 3],), ([4, 5, 6],)]
    assert "pre: list(xs) == sorted(xs)" not in infer_domain(short, ["xs"]).lines()
    # test_duplicate's tests: sorted by habit, and a check of neighbours only is wrong on [4, 1, 4]
    habit = [([1, 2, 3, 4, 5],), ([1, 2, 3, 4, 4],), ([1, 1, 2, 2, 3, 3, 4, 4, 5],)]
    assert "pre: list(xs) == sorted(xs)" not in infer_domain(habit, ["xs"], "contains any duplicate").lines()
    assert "pre: list(xs) == sorted(xs)" in infer_domain(short, ["xs"], "given a sorted list").lines()
    unsorted = [([1, 2, 3],), ([4, 5, 6],), ([9, 8, 7],)]
    assert "pre: list(xs) == sorted(xs)" not in infer_domain(unsorted, ["xs"], "sorted").lines()


def test_equal_lengths_and_length_argument():
    domain = infer_domain([([1, 2], [3, 4], 2), ([5, 6, 7], [8, 9, 0], 3)], ["a", "b", "n"])
    assert "pre: len(a) == len(b)" in domain.lines() and "pre: n == len(a)" in domain.lines()
    assert domain.violation(([4, 8], [2], 2)) == "len(a) == len(b)"
    assert "pre: len(a) == len(b)" not in infer_domain([([1, 2], [3]), ([4], [5])], ["a", "b"]).lines()


def test_character_classes_of_strings():
    digits = infer_domain([("112112",), ("111",)], ["s"])
    assert "pre: all(c.isdigit() for c in s)" in digits.lines()
    assert digits.violation(("a",)) == "all(c.isdigit() for c in s)"
    assert digits.violation(("907",)) is None
    words = infer_domain([("Hello world",), ("abc",)], ["s"])
    assert words.violation(("GOOD bye",)) is None  # letters of either case, and the space seen
    assert words.violation(("a-b",)) is not None


def test_dict_keys_and_values_and_digits():
    domain = infer_domain([({"a": 1, "b": 2},), ({"a": 5, "b": 0},)], ["d"])
    assert "pre: set(d) == {'a', 'b'}" in domain.lines()
    assert "pre: all(isinstance(v, int) for v in d.values())" in domain.lines()
    assert domain.violation(({"a": 1},)) == "set(d) == {'a', 'b'}"
    seeds = [([1, 2, 3],), ([4, 5, 6, 1],), ([1, 2, 3, 9],)]
    assert "pre: all(0 <= e <= 9 for e in arr)" in infer_domain(seeds, ["arr"], "the given digits").lines()
    assert not any("<= 9" in line for line in infer_domain(seeds, ["arr"]).lines())


def test_an_optional_argument_is_checked_only_where_given():
    domain = infer_domain([(5,), (7, 2)], ["n", "step"])
    assert domain.violation((6,)) is None and domain.violation((6, 3)) is None
    assert domain.violation((6, -3)) == "step >= 0"


def test_no_seeds_no_rules():
    domain = infer_domain([], ["x"])
    assert domain.source == "none" and domain.lines() == [] and domain.violation((1,)) is None


# --------------------------------------------------------------------------- inputs


def test_inputs_inside_first_and_a_tenth_outside_at_most():
    seeds = [(2,), (3,), (4,)]
    domain = infer_domain(seeds, ["n"])
    inputs = domain_inputs(seeds, domain, 40, boundary=[(0,), (-1,), (-2,)], seed=3)
    outside = [args for args in inputs if domain.violation(args)]
    assert len(inputs) == 40 and 0 < len(outside) <= 4
    assert all(domain.violation(args) is None for args in inputs[:len(inputs) - len(outside)])
    assert any(args[0] >= 1000 for args in inputs)  # wider magnitudes inside


def test_inputs_reach_the_vocabulary_and_case_variants():
    words = vocabulary(["Check whether the month name has 30 days: April, June, September and November.",
                        "February", "June"])
    assert "November" in words and "the" not in words
    seeds = [("February",), ("June",), ("April",)]
    inputs = domain_inputs(seeds, infer_domain(seeds, ["m"]), 30, boundary=[], seed=1, words=words)
    assert ("November",) in inputs and ("FEBRUARY",) in inputs


def test_hinted_inputs_follow_the_annotations():
    hints = [ast.parse(text, mode="eval").body for text in ("list[str]", "dict[str, int]", "Optional[int]")]
    drawn = hinted_inputs(hints, ["Mars"], 30, seed=0)
    assert len(drawn) == 30 and drawn == hinted_inputs(hints, ["Mars"], 30, seed=0)  # deterministic
    assert all(isinstance(a, list) and all(isinstance(s, str) for s in a) for a, _, _ in drawn)
    assert all(isinstance(d, dict) and all(type(v) is int for v in d.values()) for _, d, _ in drawn)
    assert any(c is None for _, _, c in drawn) and any(type(c) is int for _, _, c in drawn)
    assert any("Mars" in a for a, _, _ in drawn)
    assert hinted_inputs([ast.parse("Widget", mode="eval").body], [], 5, seed=0) == []


def test_hints_give_type_rules_that_empty_seeds_cannot():
    hints = [ast.parse(text, mode="eval").body for text in ("List[str]", "Optional[int]", "Any")]
    domain = infer_domain([([], None, 3), (["b"], 2, 4)], ["xs", "k", "v"], annotations=hints)
    assert "pre: isinstance(xs, List[str])" in domain.lines() and "pre: isinstance(k, Optional[int])" in domain.lines()
    assert not any("isinstance(v, Any)" in line for line in domain.lines())
    assert domain.violation(([0], None, 3)) == "isinstance(xs, List[str])"
    assert domain.violation((["a"], 5, 3)) is None
    # A hint the tests break is no rule (the tests say what is meant).
    assert not any("List" in line for line in infer_domain([([1],)], ["xs"], annotations=hints[:1]).lines())


def test_vocabulary_takes_quoted_values_and_the_references_constants_whole():
    reference = 'def parse(s):\n    """Notes: \'o\' whole."""\n    m = {"o": 4, "o|": 2, ".|": 1}\n    return m\n'
    constants = string_constants(reference)
    assert constants == ["o", "o|", ".|"]  # the docstring is no constant
    words = vocabulary(["a half note is 'o|'"], constants)
    assert words[:3] == ["o|", "o", ".|"] and "half" in words


def test_phrases_of_words_fill_an_empty_string_and_words_replace_list_items():
    words = ["zero", "one", "two", "three"]
    inputs = domain_inputs([("",)], infer_domain([("",)], ["s"]), 80, boundary=[], seed=2, words=words)
    assert any(" " in s and set(s.split()) <= set(words) for (s,) in inputs)  # joined by spaces
    seeds = [([3.0, 5.0, "+"],)]
    inputs = domain_inputs(seeds, infer_domain(seeds, ["tokens"]), 60, boundary=[], seed=2, words=["-", "/"])
    assert ([3.0, 5.0, "-"],) in inputs and ([3.0, 5.0, "/"],) in inputs


def test_digit_runs_are_redrawn_keeping_the_shape():
    seeds = [("03-11-2000",)]
    inputs = domain_inputs(seeds, infer_domain(seeds, ["date"]), 60, boundary=[], seed=5)
    shaped = [s for (s,) in inputs if re.fullmatch(r"\d\d-\d\d-\d{4}", s) and s != seeds[0][0]]
    assert len(shaped) >= 3 and any(int(s[3:5]) > 12 for s in shaped)  # a day past the months


def test_magnitude_bound_is_far_past_the_tests():
    assert magnitude_bound([(3, [2])]) == 1000 and magnitude_bound([(10,)]) == 1000
    assert magnitude_bound([(-300, [1])]) == 30_000
    # tests with n <= 10 do not ask a loop to n = 10,000 to answer in the reference's time
    assert far_beyond((10 ** 4,), magnitude_bound([(10,)])) and not far_beyond((1000,), magnitude_bound([(10,)]))
    assert far_beyond(([1, -(10 ** 6)],), WIDE) and not far_beyond((9999,), WIDE)


# --------------------------------------------------------------------------- comparing as tests do


def test_counter_defaultdict_and_ordered_dict_equal_dicts():
    assert reprs_agree("{}", None, "Counter()", None)
    assert reprs_agree("{'a': 2, 'b': 1}", None, repr(Counter("aab")), None)
    assert reprs_agree("defaultdict(<class 'int'>, {'a': 2})", None, "{'a': 2}", None)
    assert reprs_agree("OrderedDict([('a', 1)])", None, "{'a': 1}", None)
    assert reprs_agree("[Counter({1: 2})]", None, "[{1: 2}]", None)
    assert not reprs_agree("{'a': 2}", None, "Counter({'a': 3})", None)
    assert not reprs_agree("[1]", None, "(1,)", None)
    assert result_value("Counter({'x': 1.0})") == {"x": 1.0}
    assert values_agree(result_value("{'x': 0.30000000000000004}"), {"x": 0.3})
    with pytest.raises(ValueError):
        result_value("Widget(3)")


def test_a_dict_for_a_counter_is_accepted(verify):
    sample = verify("""
        def freq(xs):
            counts = {}
            for x in xs:
                counts[x] = counts.get(x, 0) + 1
            return counts

        def test_freq():
            assert freq([1, 1, 2]) == {1: 2, 2: 1}
        """, """
        from collections import Counter

        def freq(xs):
            return Counter(xs)
        """)
    assert sample.status == "accepted", sample.reason
    # The same dict with one count off is caught.
    sample = verify("""
        def freq(xs):
            counts = {}
            for x in xs[1:]:
                counts[x] = counts.get(x, 0) + 1
            counts[xs[0]] = counts.get(xs[0], 0) + 1 if len(xs) < 4 else 0
            return counts

        def test_freq():
            assert freq([1, 1, 2]) == {1: 2, 2: 1}
        """, "from collections import Counter\n\ndef freq(xs):\n    return Counter(xs)\n")
    assert sample.status == "rejected" and "but the reference returned Counter(" in stage(sample).detail


# --------------------------------------------------------------------------- verdicts

CUBES = """
def cube_sum(n):
    return (n * (n + 1) // 2) ** 2

def test_cube_sum():
    assert cube_sum(2) == 9
    assert cube_sum(3) == 36
    assert cube_sum(4) == 100
"""
CUBES_REFERENCE = "def cube_sum(n):\n    return sum(i ** 3 for i in range(1, n + 1))\n"


@pytest.mark.slow
def test_a_disagreement_outside_the_domain_is_recorded_not_judged(verify):
    sample = verify(CUBES, CUBES_REFERENCE)  # the formula differs only below zero
    result = stage(sample)
    assert sample.status == "accepted", sample.reason
    evidence = result.evidence
    assert evidence["domain_source"] == "tests" and evidence["domain_mode"] == "inferred"
    assert "pre: n >= 1" in evidence["domain"] and "pre: isinstance(n, int)" in evidence["domain"]
    assert evidence["edge_disagreement_count"] >= 1
    edge = evidence["edge_disagreements"][0]
    assert edge["outside"] == "n >= 1" and edge["input"].startswith("(-")
    assert edge["candidate"]["outcome"] == "ok" and edge["reference"]["value"] == "0"
    assert evidence["inputs"]["from_tests"] == 3 and evidence["inputs"]["inside"] > 20
    assert "differs on" in result.detail and "outside it, not judged" in result.detail


@pytest.mark.slow
def test_domain_any_judges_every_input(verify):
    sample = verify(CUBES, CUBES_REFERENCE, domain="any")
    result = stage(sample)
    assert sample.status == "rejected"
    assert result.counterexample["inside_domain"] is False
    assert "outside the inferred domain (n >= 1), judged as domain: any" in result.detail


@pytest.mark.slow
def test_a_disagreement_inside_the_domain_rejects_naming_the_input(verify):
    sample = verify("""
        def cube_sum(n):
            if n > 50:
                return n ** 4 // 4
            return (n * (n + 1) // 2) ** 2

        def test_cube_sum():
            assert cube_sum(2) == 9
            assert cube_sum(3) == 36
        """, CUBES_REFERENCE)
    result = stage(sample)
    assert sample.status == "rejected" and result.status is Status.FAILED
    example = result.counterexample
    assert example["inside_domain"] is True and eval(example["input"])[0] > 50
    assert f"cube_sum({eval(example['input'])[0]}) returned" in result.detail
    assert "a generated input inside the domain" in result.detail
    assert result.evidence["domain"]  # the domain travels with a rejection too


def test_contracts_give_the_domain(verify):
    sample = verify('''
        def cube_sum(n):
            """pre: n >= 2"""
            return (n * (n + 1) // 2) ** 2

        def test_cube_sum():
            assert cube_sum(2) == 9
        ''', "def cube_sum(n):\n    return 1 if n < 2 else sum(i ** 3 for i in range(1, n + 1))\n")
    result = stage(sample)
    assert sample.status == "accepted", sample.reason
    assert result.evidence["domain_source"] == "contracts" and result.evidence["domain"] == ["pre: n >= 2"]
    edges = result.evidence["edge_disagreements"]
    assert edges and all(e["outside"] == "n >= 2" for e in edges)
    assert all(eval(e["input"])[0] < 2 for e in edges)


def test_a_contract_naming_a_helper_the_reference_lacks_is_not_judged(verify):
    sample = verify('''
        def small(n):
            return n < 100

        def double(n):
            """
            pre: small(n)
            pre: n >= 0
            """
            return 2 * n if n < 20 else 2 * n + 1

        def test_double():
            assert double(3) == 6
        ''', "def double(n):\n    return 2 * n\n")
    result = stage(sample)
    assert result.evidence["domain"] == ["pre: small(n)", "pre: n >= 0"]
    assert sample.status == "rejected", sample.reason  # n >= 20 is inside: small() is not judged
    assert result.counterexample["inside_domain"] is True and eval(result.counterexample["input"])[0] >= 20


def test_type_hints_give_inputs_when_the_tests_pass_only_empty_values(verify):
    sample = verify("""
        def total_length(words: list[str]) -> int:
            return sum(len(w) for w in words[1:])

        def test_total_length():
            assert total_length([]) == 0
        """, "def total_length(words: list[str]) -> int:\n    return sum(len(w) for w in words)\n")
    assert sample.status == "rejected", sample.reason
    assert "a generated input inside the domain" in stage(sample).detail


def test_a_vocabulary_of_the_reference_reaches_a_bug_behind_empty_tests(verify):
    """The tests pass only ``''``; the note symbols are the reference's dict keys, and a second
    round grows phrases from the words the reference took."""
    reference = ("def parse_music(music: str) -> list:\n    note_map = {'o': 4, 'o|': 2, '.|': 1}\n"
                 "    return [note_map[x] for x in music.split(' ') if x]\n")
    test = "\n\ndef test_parse_music():\n    assert parse_music('') == []\n"
    sample = verify(reference.replace("'o|': 2", "'o|': 3") + test, reference)
    assert sample.status == "rejected", sample.reason
    assert "o|" in stage(sample).detail
    assert verify(reference + test, reference).status == "accepted"


def test_a_slow_loop_far_beyond_the_tests_is_recorded_not_judged(verify):
    sample = verify("""
        def triangle(n):
            return sum(range(n + 1))

        def test_triangle():
            assert triangle(4) == 10
            assert triangle(7) == 28
            assert triangle(10) == 55
        """, "def triangle(n):\n    return n * (n + 1) // 2\n")
    assert sample.status == "accepted", sample.reason
    # Recorded, or (on a loaded machine the run's budget may end during that call) not run.
    assert "timed out" in json.dumps(stage(sample).evidence) or "far beyond" in stage(sample).detail


def test_a_copy_where_the_reference_changes_its_argument_is_recorded(verify):
    sample = verify("""
        def smallest(xs):
            return sorted(xs)[0]

        def test_smallest():
            assert smallest([3, 1, 2]) == 1
        """, "def smallest(xs):\n    xs.sort()\n    return xs[0]\n")
    result = stage(sample)
    assert sample.status == "accepted", sample.reason
    assert result.evidence["arguments_differ"]["count"] >= 1
    assert result.evidence["arguments_differ"]["inputs"][0].startswith("([")


# --------------------------------------------------------------------------- config


def test_the_config_key(tmp_path):
    path = tmp_path / "verify.yaml"
    path.write_text("stages: [tests, differential]\ndifferential:\n  domain: any\n")
    assert load_config(VerifyConfig, path).differential.domain == "any"
    assert VerifyConfig(stages=["tests"]).differential.domain == "inferred"
    assert VerifyConfig(stages=["tests"]).settings("differential").domain == "inferred"
    assert VerifyConfig(stages=["tests"]).settings("tests") is None
    path.write_text("differential:\n  domain: everywhere\n")
    with pytest.raises(ConfigError, match="differential.domain must be one of inferred, any, got 'everywhere'"):
        load_config(VerifyConfig, path)
    path.write_text("differential:\n  domian: any\n")
    with pytest.raises(ConfigError, match="did you mean 'domain'"):
        load_config(VerifyConfig, path)


def test_domain_lines_read_as_pre_lines():
    domain = Domain(source="contracts", pre=["n >= 2"])
    assert domain.lines() == ["pre: n >= 2"] and domain.violation((0,)) is None  # checked in the sandbox


def test_inference_survives_any_literal_arguments():
    """Rules are built from whatever the tests pass: braces in strings, nested and mixed values."""
    from synthcode.mutation import generate_inputs

    seeds = [("{a}", [1, "x", None], {"k": (1, 2.5)}, -3), ("(b)", [[1], []], {}, 0), ("", [], {2: "v"}, 7)]
    for args in [*seeds, *generate_inputs(seeds, 300, seed=4)]:
        domain = infer_domain([*seeds, args], ["s", "xs", "d", "n"], "sorted digits")
        assert all(line.startswith("pre: ") for line in domain.lines())
        domain.violation(args)
    assert "pre: all(c.isalpha() or c in '(){}' for c in s)" in infer_domain([("{a}",), ("(b)",)], ["s"]).lines()
