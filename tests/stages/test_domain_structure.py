"""Structural invariants of the input domain and the shapes generated for them (issue 16, fourth round).

Daikon-style templates over the tests' arguments (distinct elements, a range with gaps, exactly
one odd count, fixed-length pairs, binary digits, words joined by single separators, shared dict
keys, a list's last index), each kept only with enough support; repairs that put a generated
input back inside; structural variants that reach bugs the tests' shapes hide; and, on real
sandboxes, the verdicts these give.
"""

from __future__ import annotations

import random
import textwrap

import pytest

from synthcode.domain import Sizes, domain_inputs, infer_domain
from synthcode.domain.inputs import _structural_variants
from synthcode.sample import Sample
from synthcode.stages.base import Budget
from synthcode.stages.differential import DifferentialConfig, uses_floats
from synthcode.verify import VerifyConfig

BUDGET = Budget(seconds=2.0, examples=60)


@pytest.fixture
def verify(backend, verifier_for):
    def run(code: str, reference: str, budget: Budget = BUDGET) -> Sample:
        verifier = verifier_for(VerifyConfig(stages=["tests", "differential"], sandbox=backend, workers=1,
                                             budgets={"differential": budget},
                                             differential=DifferentialConfig(domain="inferred")))
        return verifier.verify(Sample(id="s", code=textwrap.dedent(code), reference=textwrap.dedent(reference)))
    return run


def stage(sample: Sample):
    return next(r for r in sample.stages if r.stage == "differential")


# --------------------------------------------------------------------------- inference


def test_distinct_elements_need_lists_unlikely_to_be_distinct_by_chance():
    dense = infer_domain([([4, 1, 3, 2, 5],), ([2, 6, 3, 5, 4],)], ["xs"])
    assert "pre: len(set(xs)) == len(xs)" in dense.lines()
    assert dense.violation(([1, 2, 1],)) == "len(set(xs)) == len(xs)"
    # Sparse lists are distinct by chance; one list every test repeats is one observation.
    assert "pre: len(set(xs)) == len(xs)" not in infer_domain([([10, 40, 25],), ([7, 90, 3],)], ["xs"]).lines()
    repeated = [([2, 4, 3, 5, 7], [3, 7]), ([2, 4, 3, 5, 7], [4, 3]), ([2, 4, 3, 5, 7], [1, 6])]
    assert "pre: len(set(l)) == len(l)" not in infer_domain(repeated, ["l", "s"]).lines()


def test_a_range_with_one_gap_and_a_whole_list_by_its_indices():
    missing = infer_domain([([1, 2, 3, 5], 4), ([1, 3, 4, 5], 4), ([1, 2, 3, 5, 6, 7], 6)], ["ar", "n"])
    assert "pre: max(ar) - min(ar) + 1 - len(ar) == 1" in missing.lines()
    assert missing.violation(([1, 2, 3, 4], 4)) == "max(ar) - min(ar) + 1 - len(ar) == 1"
    bounds = infer_domain([([0, 1, 2, 3], 0, 3), ([0, 1, 2, 6, 9], 0, 4), ([2, 3, 5, 8, 9], 0, 4)],
                          ["a", "start", "end"])
    assert {"pre: end == len(a) - 1", "pre: start == 0"} <= set(bounds.lines())
    # A mutant that broke the relation is put back inside rather than wasted outside.
    assert bounds.repaired(([0, 1, 3, 3, 7], 2, 1)) == ([0, 1, 3, 7], 0, 3)
    assert bounds.repaired(([0, 1], 0, 1)) == ([0, 1], 0, 1)


def test_exactly_one_odd_count_fixed_pairs_and_rectangular_rows():
    odd = infer_domain([([1, 2, 3, 1, 2, 3, 1], 7), ([5, 7, 2, 7, 5, 2, 5], 7)], ["arr", "n"])
    line = "pre: sum(c % 2 for c in Counter(arr).values()) == 1"
    assert line in odd.lines() and odd.violation(([1, 2, 3], 3)) == line[5:]
    assert line not in infer_domain([([1, 2, 3, 4, 4],), ([1, 1, 2],)], ["arr"]).lines()  # 3 odd counts
    pairs = infer_domain([([(1, 2), (3, 4)],), ([(5, 6), (7, 8), (1, 1)],)], ["xs"])
    assert pairs.violation(([(1, 2), (3,)],)) == "all(len(e) == 2 for e in xs)"
    rows = infer_domain([([[1, 2], [3, 4]],), ([[1, 2, 3], [4, 5, 6]],)], ["m"])
    assert rows.violation(([[1, 2], [3]],)) == "len({len(e) for e in m}) <= 1"
    assert rows.violation(([[1, 2, 3, 4]],)) is None


def test_binary_digits_from_the_statement_or_many_digits():
    bits = infer_domain([((1, 1, 0, 1, 0, 0, 1),), ((0, 1, 1, 0, 0, 1, 0, 1),)], ["test_tup"],
                        "Convert the given binary tuple to integer.")
    assert bits.violation(((0, 1, 0, 1, 10, 1),)) == "all(e in (0, 1) for e in test_tup)"
    assert infer_domain([((1, 1, 0, 1, 0, 0, 1),)], ["t"], "Sum the tuple.").violation(((2, 1),)) is None
    strings = infer_domain([("011001", 6), ("11011", 5), ("1010", 4)], ["s", "n"])
    assert strings.violation(("120", 3)) == "set(s) <= {'0', '1'}"
    assert "pre: set(s) <= {'0', '1'}" in infer_domain([("10",), ("01",)], ["s"], "a binary string").lines()
    # Few digits, a 2 among them: any digit is meant (count_Substrings('112112')).
    assert infer_domain([("112112",), ("111",)], ["s"]).violation(("907",)) is None
    numbers = infer_domain([(100,), (1011,), (1101101,)], ["b"], "convert the binary number to decimal")
    assert numbers.violation((2,)) == "max(str(b)) <= '1'" and numbers.violation((110,)) is None
    octal = infer_domain([(25,), (30,), (40,)], ["n"], "convert an octal number")
    assert octal.violation((8,)) == "max(str(n)) <= '7'" and octal.violation((77,)) is None
    assert "pre: max(str(n)) <= '7'" not in infer_domain([(25,), (30,), (40,)], ["n"]).lines()


def test_words_joined_by_single_separators_need_three_seeds():
    snake = infer_domain([("android_tv",), ("google_pixel",), ("apple_watch",)], ["word"])
    for degenerate in ("a_", "_", "_a", "a__b"):
        assert snake.violation((degenerate,)) is not None, degenerate
    assert snake.violation(("a_b_c",)) is None
    # One test's 'a b c' says too little: count_words('a  b') is a fair question.
    assert infer_domain([("a b c",)], ["s"]).violation(("a  b",)) is None


def test_two_dicts_with_the_same_keys():
    domain = infer_domain([({"a": 1, "b": 2}, {"a": 3, "b": 4}), ({"x": 1}, {"x": 5})], ["d1", "d2"])
    assert domain.violation(({"a": 1}, {"b": 1})) == "set(d1) == set(d2)"


def test_two_sequences_in_pairwise_order_with_enough_pairs():
    # find_platform(arr, dep, n): every arrival is before its departure.
    seeds = [([900, 940, 950, 1100], [910, 1200, 1120, 1130], 4), ([100, 200], [170, 300], 2)]
    domain = infer_domain(seeds, ["arr", "dep", "n"])
    line = "all(x <= y for x, y in zip(arr, dep))"
    assert f"pre: {line}" in domain.lines()
    assert domain.violation(([5, 6], [4, 8], 2)) == line
    assert domain.repaired(([5, 6], [4, 8], 2)) == ([4, 6], [5, 8], 2)
    assert domain.violation(domain.repaired(([5, 6], [4, 8], 2))) is None
    flipped = infer_domain([([9, 8, 7], [1, 2, 3]), ([6, 5], [4, 4])], ["a", "b"])
    assert "pre: all(x >= y for x, y in zip(a, b))" in flipped.lines()
    # One pair out of order, or too few unequal pairs, says nothing.
    assert line not in " ".join(infer_domain([([900, 940, 950, 1100], [910, 1200, 920, 1130], 4),
                                              ([100, 200], [170, 300], 2)], ["arr", "dep", "n"]).lines())
    assert "zip(" not in " ".join(infer_domain([([1, 2], [1, 3]), ([5], [6])], ["a", "b"]).lines())
    # Lists of lists (zip_list) have no pairwise order, and must not break the inference.
    rows = infer_domain([([[1, 3], [5, 7]], [[2, 4], [6, 8]]), ([["a"], ["c"]], [["e"], ["g"]])], ["l1", "l2"])
    assert "pre: len(l1) == len(l2)" in rows.lines() and "zip(" not in " ".join(rows.lines())


def test_structural_rules_survive_unhashable_and_mixed_items():
    domain = infer_domain([([[1], [2], [1]],), ([1, "a", (1, [2])],)], ["xs"])
    assert domain.violation(([[3]],)) is None


# --------------------------------------------------------------------------- generated shapes


def test_structural_variants_shuffle_repeats_nest_deeper_and_empty_together():
    rng = random.Random(0)
    shuffled = _structural_variants(([1, 2, 3, 4, 4],), rng)
    assert any(v[0] != sorted(v[0]) and sorted(v[0]) == [1, 2, 3, 4, 4] for v in shuffled)
    assert ([1, 2, 3, 4, 4, 4],) in shuffled  # three of the repeated item
    nested = _structural_variants(([1, [2, 3]],), rng)
    assert ([1, [2, [3]]],) in nested and ([1, [2, [[3]]]],) in nested
    assert ((5, (6, (7,))),) in _structural_variants(((5, (6, 7)),), rng)
    assert ([], "") in _structural_variants(([1], "a"), rng)


def test_generated_inputs_keep_the_relations_between_arguments():
    seeds = [([0, 1, 2, 3], 0, 3), ([0, 1, 2, 6, 9], 0, 4), ([2, 3, 5, 8, 9], 0, 4)]
    domain = infer_domain(seeds, ["a", "start", "end"])
    inputs = domain_inputs(seeds, domain, 60, boundary=[], seed=1)
    inside = [args for args in inputs if domain.violation(args) is None]
    assert len(inside) >= 45  # without repairs 8: mutants rarely keep start == 0 and end == len(a) - 1


def test_sizes_past_every_test():
    sizes = Sizes.of([([1, 2, 3], 20), ("abc", 5)])
    assert not sizes.beyond(([4, 5], 19)) and not sizes.beyond((list(range(8)), 3))  # the floors
    assert sizes.beyond(([1], 21)) and sizes.beyond((list(range(9)), 1)) and sizes.beyond(("x" * 9, 1))


def test_a_reference_that_computes_with_floats():
    assert uses_floats("def f(n):\n    return int(n / 10)\n") and uses_floats("import math\nf = math.sqrt(2)")
    assert not uses_floats("def f(n):\n    return n // 10 + n ** 2\n")


# --------------------------------------------------------------------------- verdicts


@pytest.mark.slow
def test_a_neighbours_only_duplicate_check_is_caught_with_sorted_tests(verify):
    tests = """
        def test_duplicate():
            assert has_duplicate([1, 2, 3, 4, 5]) is False
            assert has_duplicate([1, 2, 3, 4, 4]) is True
            assert has_duplicate([1, 1, 2, 2, 3, 3, 4, 4, 5]) is True
        """
    reference = "def has_duplicate(xs):\n    return len(set(xs)) != len(xs)\n"
    wrong = """
        def has_duplicate(xs):
            return any(a == b for a, b in zip(xs, xs[1:]))
        """
    assert verify(wrong + tests, reference).status == "rejected"
    assert verify(reference + textwrap.dedent(tests), reference).status == "accepted"


@pytest.mark.slow
def test_recursion_one_level_deep_and_empty_arguments_together_are_caught(verify):
    reference = ("def total(xs):\n    return sum(total(x) if isinstance(x, list) else x for x in xs)\n")
    one_level = """
        def total(xs):
            return sum(sum(x) if isinstance(x, list) else x for x in xs)

        def test_total():
            assert total([1, 2, [3, 4], [5, 6]]) == 21
        """
    assert verify(one_level, reference).status == "rejected"
    empty = """
        def find(words, part):
            '''The words that contain part; None when words and part are both empty.'''
            if not part:
                return list(words)
            return [w for w in words if part in w]

        def test_find():
            assert find(['ab', 'cd'], 'a') == ['ab']
            assert find([], 'a') == []
            assert find(['ab'], '') == ['ab']
        """
    reference = "def find(words, part):\n    return [w for w in words if part in w] if words or part else None\n"
    result = verify(empty, reference)
    assert result.status == "rejected" and "find([], '')" in stage(result).detail


@pytest.mark.slow
def test_a_brute_force_too_slow_only_past_the_tests_lengths_is_accepted(verify):
    tests = """
        def test_subsets():
            assert subset_total([1, 2, 3]) == 24
            assert subset_total([4, 5]) == 18
            assert subset_total([1, 1, 1, 1]) == 32
        """
    reference = "def subset_total(xs):\n    return sum(xs) * 2 ** (len(xs) - 1) if xs else 0\n"
    every_subset = """
        from itertools import combinations

        def subset_total(xs):
            return sum(sum(c) for k in range(len(xs) + 1) for c in combinations(xs, k))
        """
    result = verify(every_subset + tests, reference, Budget(seconds=3.0, examples=60))
    assert result.status == "accepted", result.reason
    endless = """
        def subset_total(xs):
            while len(xs) == 2:
                pass
            return sum(xs) * 2 ** (len(xs) - 1) if xs else 0
        """
    # Endless on a list no longer than the tests': judged (a timeout rejects).
    result = verify(endless + tests.replace("assert subset_total([4, 5]) == 18", "pass"), reference)
    assert result.status == "rejected", result.reason


@pytest.mark.slow
def test_a_degenerate_separator_and_a_float_reference_past_2_53_are_not_judged(verify):
    tests = """
        def test_camel():
            assert snake_to_camel('android_tv') == 'AndroidTv'
            assert snake_to_camel('google_pixel') == 'GooglePixel'
            assert snake_to_camel('apple_watch') == 'AppleWatch'
        """
    reference = "def snake_to_camel(word):\n    return ''.join(x.capitalize() or '_' for x in word.split('_'))\n"
    title = "def snake_to_camel(word):\n    return word.title().replace('_', '')\n"
    assert verify(title + textwrap.dedent(tests), reference).status == "accepted"
    digits = """
        def first_digit(n):
            return int(str(n)[0])

        def test_first_digit():
            assert first_digit(123) == 1
            assert first_digit(456) == 4
            assert first_digit(12) == 1
        """
    reference = "def first_digit(n):\n    while n >= 10:\n        n = n / 10\n    return int(n)\n"
    assert verify(digits, reference).status == "accepted"
    # An argument within the tests' range, an answer past 2**53 that the reference's float has
    # rounded: exact integer arithmetic is right there; a wrong formula is still caught below it.
    nonagonal = """
        def is_nonagonal(n):
            return n * (7 * n - 5) // 2{bug}

        def test_nonagonal():
            assert is_nonagonal(10) == 325
            assert is_nonagonal(15) == 750
            assert is_nonagonal(18) == 1089
        """
    reference = "def is_nonagonal(n):\n    return int(n * (7 * n - 5) / 2)\n"
    assert verify(nonagonal.format(bug=""), reference).status == "accepted"
    wrong = verify(nonagonal.format(bug=" + (n % 11 == 5 and n < 100)"), reference)
    assert wrong.status == "rejected" and "differential" in wrong.reason


def test_digits_below_a_base_another_argument_gives():
    domain = infer_domain([("101", 2), ("777", 8), ("12", 3)], ["s", "base"])
    assert domain.violation(("102", 2)) == "all(int(c) < base for c in s)"
    assert domain.violation(("11", 2)) is None
    # A count beside a digit string is not a base: its top digit never seen.
    assert "pre: all(int(c) < n for c in s)" not in infer_domain([("101", 6), ("12", 6)], ["s", "n"]).lines()


def test_month_numbers_inner_lists_and_indices():
    months = infer_domain([(5,), (2,), (6,)], ["m"], "whether the given month number contains 31 days")
    assert months.violation((0,)) in ("m >= 1", "1 <= m <= 12") and months.violation((13,)) == "1 <= m <= 12"
    assert infer_domain([(5,), (2,), (6,)], ["m"]).violation((13,)) is None
    rows = infer_domain([([[1, 2], [3]],), ([[4]],), ([[5, 6]],)], ["xs"])
    assert rows.violation(([[1], []],)) == "all(len(e) >= 1 for e in xs)"
    index = infer_domain([([1, 2, 3], 1), ([4, 5], 0), ([6, 7, 8, 9], 3)], ["xs", "k"])
    assert index.violation(([1, 2], 2)) == "k < len(xs)" and index.repaired(([1, 2], 5)) == ([1, 2], 1)
    assert "pre: k < len(xs)" not in infer_domain([([1, 2, 3], 1), ([4, 5], 0)], ["xs", "k"]).lines()
