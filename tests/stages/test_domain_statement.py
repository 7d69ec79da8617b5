"""What the task's words say about its inputs (issue 16, fifth round).

The statement's units (a month, a prime), its "sorted array" even where a test's list has a
typo, one letter case where the tests use one and the task never speaks of case, the calls the
statement writes as examples, numerals written with a sign, and a listed word replaced by its
neighbours in the list; on real sandboxes, the verdicts these give (right alternatives accepted,
wrong ones still caught).
"""

from __future__ import annotations

import random
import textwrap

import pytest

from synthcode.domain import (DifferentialConfig, _numeral_variants, _vocabulary_variants, examples_in,
                              infer_domain, reference_guards)
from synthcode.sample import Sample
from synthcode.stages.base import Budget
from synthcode.verify import VerifyConfig

BUDGET = Budget(seconds=2.0, examples=60)


# --------------------------------------------------------------------------- inference


def test_units_the_statement_names_bound_the_integers_the_tests_keep_inside():
    prime = infer_domain([(2,), (10,), (35,)], ["n"], "identify non-prime numbers")
    assert "pre: n >= 2" in prime.lines() and prime.violation((1,)) == "n >= 2"
    # A reference that singles 1 out (``if n < 2``) means 1: the bound never excludes it.
    guarded = infer_domain([(6,), (101,)], ["n"], "Return true if a number is prime",
                           guards=reference_guards("def is_prime(n):\n    if n < 2:\n        return False\n", "is_prime"))
    assert "pre: n >= 1" in guarded.lines() and guarded.violation((1,)) is None
    # Seeds outside the unit's range: not that unit.
    assert not any(">= 2" in line for line in infer_domain([(0,), (7,)], ["n"], "count the primes below n").lines())
    assert "pre: 1 <= m <= 12" in infer_domain([(2,), (11,)], ["m"], "days in the month").lines()
    assert not any("<=" in line for line in infer_domain([(2,), (11,)], ["m"], "add two numbers").lines())


def test_a_statement_that_says_sorted_wins_over_a_test_list_with_a_typo():
    seeds = [([2, 5, 5, 5, 6, 6, 8, 9, 9, 9], 5), ([2, 3, 5, 8, 6, 6, 8, 9, 9, 9], 9), ([2, 2, 1, 5, 6, 6, 9], 6)]
    text = "find the index of the last occurrence of a given number in a sorted array"
    domain = infer_domain(seeds, ["A", "x"], text)
    assert "pre: list(A) == sorted(A)" in domain.lines()
    assert domain.violation(([3, 1, 2], 1)) == "list(A) == sorted(A)"
    assert domain.repaired(([3, 1, 2], 1)) == ([1, 2, 3], 1)
    # The words alone are not enough: lists far from sorted are what the task takes.
    shuffled = [([5, 1, 4, 2, 3], 4), ([9, 2, 7, 1, 8], 7)]
    assert "pre: list(A) == sorted(A)" not in infer_domain(shuffled, ["A", "x"], text).lines()
    # Nor for a sorted and rotated array, which is not sorted.
    rotated = "the minimum element in a sorted and rotated array"
    assert "pre: list(A) == sorted(A)" not in infer_domain(seeds, ["A", "x"], rotated).lines()


def test_one_letter_case_when_the_tests_use_one_and_the_task_never_speaks_of_case():
    seeds = [("android_tv",), ("google_pixel",), ("apple_watch",)]
    snake = infer_domain(seeds, ["word"], "convert the given snake case string to camel case string")
    assert snake.violation(("ANDROID_TV",)) == "not any(c.isupper() for c in word)"
    assert snake.repaired(("ANDROID_TV",)) == ("android_tv",)
    lists = infer_domain([(["red", "green"],), (["blue", "black"],), (["white"],)], ["colors"], "join the words")
    assert lists.violation((["Red"],)) == "not any(c.isupper() for e in colors for c in e)"
    # The task speaks of case, or the seeds hold both cases, or too few letters: no rule.
    for text, values in [("count the uppercase letters", seeds), ("", [("Hello",), ("world",), ("abc",)]),
                         ("", [("ab",), ("cd",), ("e",)])]:
        assert not any("isupper" in line or "islower" in line for line in infer_domain(values, ["s"], text).lines())


def test_the_calls_a_statement_writes_are_examples():
    doc = """Count overlapping cases.
    >>> how_many_times('', 'a')
    0
    >>> how_many_times('aaaa', 'aa')
    3
    how_many_times(string, sub) returns an int; how_many_times(x='a') and obj.how_many_times('b') are not examples
    """
    assert examples_in([doc], "how_many_times") == [("", "a"), ("aaaa", "aa")]
    assert examples_in(['add(2, 3) ➞ 5', 'add([1, (2, 3)], {"k": 1})'], "add") == [(2, 3), ([1, (2, 3)], {"k": 1})]
    assert examples_in(["madd(1, 2)", "add(1, (2"], "add") == []


def test_numerals_with_a_sign_and_listed_words_by_their_neighbours():
    assert _numeral_variants(("12", 3, "ab")) == [("+12", 3, "ab"), ("-12", 3, "ab"), ("12.5", 3, "ab"), (" 12 ", 3, "ab")]
    words = ["Yes", "No", "a", "z", "txt", "exe", "dll", "example", "latin", "letter", "name", "dot"]
    variants = _vocabulary_variants(("example.txt",), words, random.Random(0), 0)
    # 'txt' is listed beside 'exe' and 'dll': those replace it before any other word of the task.
    suffixes = [v[0] for v in variants if v[0].startswith("example.")]
    assert suffixes[0] == "example.exe" and "example.dll" in suffixes[:3]


# --------------------------------------------------------------------------- verdicts


CASES = {
    # Right, where the reference answers outside what the task means: accepted.
    "binary_search_first": ("accepted", '''
        def find_first_occurrence(A, x):
            """Find the index of the first occurrence of a given number in a sorted array."""
            lo, hi = 0, len(A)
            while lo < hi:
                mid = (lo + hi) // 2
                if A[mid] < x:
                    lo = mid + 1
                else:
                    hi = mid
            return lo if lo < len(A) and A[lo] == x else -1

        def test_find_first_occurrence():
            assert find_first_occurrence([2, 5, 5, 5, 6, 6, 8, 9, 9, 9], 5) == 1
            assert find_first_occurrence([2, 3, 5, 5, 6, 6, 8, 9, 9, 9], 5) == 2
            assert find_first_occurrence([2, 4, 1, 5, 6, 6, 8, 9, 9, 9], 6) == 4
        ''', '''
        def find_first_occurrence(A, x):
            for i, v in enumerate(A):
                if v == x:
                    return i
            return -1
        '''),
    "regex_camel": ("accepted", '''
        import re

        def snake_to_camel(word):
            """Convert the given snake case string to camel case string by using regex."""
            return re.sub(r"(?:^|_)([a-z])", lambda m: m.group(1).upper(), word)

        def test_snake_to_camel():
            assert snake_to_camel('android_tv') == 'AndroidTv'
            assert snake_to_camel('google_pixel') == 'GooglePixel'
            assert snake_to_camel('apple_watch') == 'AppleWatch'
        ''', '''
        def snake_to_camel(word):
            return ''.join(x.capitalize() or '_' for x in word.split('_'))
        '''),
    "zero_not_prime": ("accepted", '''
        def is_not_prime(n):
            """Identify non-prime numbers."""
            if n < 2:
                return True
            return any(n % d == 0 for d in range(2, int(n ** 0.5) + 1))

        def test_is_not_prime():
            assert is_not_prime(2) == False
            assert is_not_prime(10) == True
            assert is_not_prime(35) == True
        ''', '''
        import math

        def is_not_prime(n):
            result = False
            for i in range(2, int(math.sqrt(n)) + 1):
                if n % i == 0:
                    result = True
            return result
        '''),
    # Wrong, with tests too weak to show it: still caught.
    "one_is_prime": ("rejected", '''
        def is_prime(n):
            """Return true if a given number is prime, and false otherwise."""
            if n < 1:
                return False
            return all(n % k for k in range(2, n - 1))

        def test_is_prime():
            assert is_prime(6) == False
            assert is_prime(101) == True
        ''', '''
        def is_prime(n):
            if n < 2:
                return False
            for k in range(2, n - 1):
                if n % k == 0:
                    return False
            return True
        '''),
    "no_overlap": ("rejected", '''
        def how_many_times(string: str, substring: str) -> int:
            """Find how many times a given substring can be found in the original string. Count overlapping cases.
            >>> how_many_times('aaa', 'a')
            3
            >>> how_many_times('aaaa', 'aa')
            3
            """
            return string.count(substring) if substring else 0

        def test_how_many_times():
            assert how_many_times('', 'x') == 0
        ''', '''
        def how_many_times(string: str, substring: str) -> int:
            times = 0
            for i in range(len(string) - len(substring) + 1):
                if string[i:i + len(substring)] == substring:
                    times += 1
            return times
        '''),
    "digits_only": ("rejected", '''
        def check_integer(text):
            """Check if a string represents an integer or not."""
            return text.strip().isdigit()

        def test_check_integer():
            assert check_integer("python") == False
            assert check_integer("1") == True
            assert check_integer("12345") == True
        ''', '''
        def check_integer(text):
            text = text.strip()
            if len(text) < 1:
                return None
            if all(text[i] in "0123456789" for i in range(len(text))):
                return True
            if text[0] in "+-" and all(text[i] in "0123456789" for i in range(1, len(text))):
                return True
            return False
        '''),
}


@pytest.mark.slow
def test_the_statements_words_keep_right_code_and_catch_wrong_code(backend, verifier_for):
    verifier = verifier_for(VerifyConfig(stages=["tests", "differential"], sandbox=backend, workers=2,
                                         budgets={"differential": BUDGET},
                                         differential=DifferentialConfig(domain="inferred")))
    samples = [Sample(id=name, code=textwrap.dedent(code), reference=textwrap.dedent(reference))
               for name, (_, code, reference) in CASES.items()]
    verdicts = {s.id: s for s in verifier.verify_many(iter(samples))}
    wrong = {name: verdicts[name].reason for name, (expected, _, _) in CASES.items()
             if verdicts[name].status != expected}
    assert not wrong, wrong
    examples = next(r for r in verdicts["no_overlap"].stages if r.stage == "differential")
    assert examples.evidence["inputs"]["from_examples"] == 2  # ('aaa', 'a') and ('aaaa', 'aa')


@pytest.mark.slow
def test_side_effects_recorded_accepts_a_list_sorted_in_place(verifier_for):
    code = textwrap.dedent('''
        def smallest_num(xs):
            xs.sort()
            return xs[0]

        def test_smallest_num():
            assert smallest_num([10, 20, 1, 45, 99]) == 1
            assert smallest_num([45, 46, 50, 60]) == 45
        ''')
    sample = Sample(id="s", code=code, reference="def smallest_num(xs):\n    return min(xs)\n")
    verdicts = {}
    for side_effects in ("rejected", "recorded"):
        verifier = verifier_for(VerifyConfig(stages=["tests", "differential"], workers=1, budgets={"differential": BUDGET},
                                             differential=DifferentialConfig(side_effects=side_effects)))
        verdicts[side_effects] = verifier.verify(Sample(id="s", code=sample.code, reference=sample.reference))
    assert verdicts["rejected"].status == "rejected" and "left its arguments as" in verdicts["rejected"].reason
    assert verdicts["recorded"].status == "accepted", verdicts["recorded"].reason
    evidence = next(r for r in verdicts["recorded"].stages if r.stage == "differential").evidence
    assert evidence["arguments_differ"]["changed_by_candidate"] >= 1


def test_side_effects_setting_is_checked():
    with pytest.raises(ValueError, match="differential.side_effects must be one of recorded, rejected"):
        DifferentialConfig(side_effects="ignored")
