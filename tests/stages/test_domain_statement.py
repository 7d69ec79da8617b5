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

from synthcode.domain import DifferentialConfig, examples_in, infer_domain, named_characters, reference_guards
from synthcode.domain.inputs import (_bracket_swaps, _class_variants, _numeral_variants, _structural_variants,
                                     _vocabulary_variants)
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


def test_lower_case_only_where_the_statement_names_a_lower_case_style():
    seeds = [("android_tv",), ("google_pixel",), ("apple_watch",)]
    snake = infer_domain(seeds, ["word"], "convert the given snake case string to camel case string")
    assert snake.violation(("ANDROID_TV",)) == "not any(c.isupper() for c in word)"
    assert snake.repaired(("ANDROID_TV",)) == ("android_tv",)
    lists = infer_domain([(["red_one", "green"],), (["blue", "black"],), (["white"],)], ["names"], "kebab-case names")
    assert lists.violation((["Red"],)) == "not any(c.isupper() for e in names for c in e)"
    # Lower-case tests alone say nothing of case: 'Aa' is a fair question for unique characters.
    unique = infer_domain([("aba",), ("abc",), ("abab",)], ["text"], "check whether all the characters are unique")
    assert not any("isupper" in line for line in unique.lines())
    assert not any("isupper" in line for line in infer_domain([("Hello_x",), ("world",), ("abc",)], ["s"], "snake case").lines())


def test_a_zero_every_test_passes_records_of_one_shape_and_balanced_brackets():
    heap = infer_domain([([1, 2, 3, 4, 5, 6], 0), ([2, 3, 4, 5, 10, 15], 0), ([2, 10, 4, 5, 3, 15], 0)], ["arr", "i"])
    assert heap.violation(([1, 2], 1)) == "i == 0" and heap.repaired(([1, 2], 1)) == ([1, 2], 0)
    assert "pre: i == 0" not in infer_domain([([1], 0), ([2, 3], 0)], ["arr", "i"]).lines()  # two tests say little
    items = [([{"name": "a", "price": 1.5}, {"name": "b", "price": 2.0}], 1), ([{"name": "c", "price": 3.0}], 1)]
    records = infer_domain(items, ["items", "n"])
    assert records.violation(([{"name": "x"}], 1)) == "all(set(e) == {'name', 'price'} for e in items)"
    brackets = infer_domain([("[]][][",), ("[[][]]",), ("[[][]]][",)], ["s"])
    assert brackets.violation(("]",)) == "s.count('[') == s.count(']')"
    assert brackets.repaired(("[[]",)) == ("[[]]",) and brackets.repaired(("]][",)) == ("[]][",)
    assert not any("count" in line for line in infer_domain([("[]",), ("[[]",), ("()",)], ["s"]).lines())


def test_an_answer_of_another_kind_the_task_never_names_is_the_references_own_sentinel():
    from synthcode.stages.differential import Outcome, sentinel_answers

    def ok(value: str) -> Outcome:
        return Outcome(kind="ok", value=value)

    seeds = [ok("(3, 6)"), ok("(2, 4)"), ok("(1, 2)")]
    outside = sentinel_answers(seeds, ["Find two distinct numbers whose lcm lies within the given range."])
    assert "the reference answers -1 (number) where every test expects a tuple" in outside(ok("-1"))
    assert outside(ok("(5, 10)")) is None
    # Named by the task, it is an answer the task asks for.
    assert sentinel_answers(seeds, ["... return -1 if there is none"])(ok("-1")) is None
    assert sentinel_answers([ok("5"), ok("3")], ["the average of odd numbers"])(ok("'Invalid Input'")) is not None
    assert sentinel_answers([ok("5"), ok("3")], ["return 'Invalid Input' for an even n"])(ok("'Invalid Input'")) is None
    # One test, or tests answered with None or with two kinds: no rule.
    for few in ([ok("5")], [ok("None"), ok("None")], [ok("5"), ok("'a'")]):
        assert sentinel_answers(few, [""])(ok("[1]")) is None


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


def test_a_character_a_range_from_its_start_pairs_and_one_single_and_both_parities():
    chars = infer_domain([("hello", "l"), ("abcda", "a"), ("PHP", "P")], ["s", "ch"], "a given character")
    assert chars.violation(("PHP", "PHP")) == "len(ch) == 1" and chars.repaired(("ab", "xy")) == ("ab", "x")
    assert "pre: len(ch) == 1" not in infer_domain([("ab", "l"), ("cd", "l")], ["s", "ch"]).lines()
    missing = infer_domain([([1, 2, 3, 5], 4), ([1, 3, 4, 5], 4), ([1, 2, 3, 5, 6, 7], 5)], ["ar", "N"])
    assert missing.violation(([3, 5], 2)) == "min(ar) == 1" and missing.repaired(([3, 5], 2)) == ([1, 3], 2)
    single = infer_domain([([1, 1, 2, 2, 3], 5), ([1, 2, 2, 3, 3, 4, 4], 7)], ["arr", "n"])
    assert single.violation(([2, 2, 2], 3)) == "sorted(Counter(arr).values()) == [1] + [2] * (len(set(arr)) - 1)"
    assert single.violation(([1, 1, 2, 2, 3], 5)) is None
    text = "find the division of first even and odd number of a given list"
    parity = infer_domain([([1, 3, 5, 7, 4, 1, 6, 8],), ([1, 2, 3, 4],), ([1, 5, 7, 9, 10],)], ["list1"], text)
    assert parity.violation(([0],)) == "any(e % 2 == 0 for e in list1) and any(e % 2 for e in list1)"
    assert parity.violation(([3, 0],)) is None
    assert not any("% 2" in line for line in infer_domain([([1, 3],), ([2, 5],)], ["xs"], "sum the list").lines())


def test_merged_dicts_agree_where_they_share_a_key_a_length_given_by_the_first_item_and_a_common_suffix():
    seeds = [({"R": "Red", "B": "Black"}, {"G": "Green"}), ({"P": "Pink", "B": "Black"}, {"O": "Orange", "B": "Black"})]
    merged = infer_domain(seeds, ["dict1", "dict2"])
    line = "all(dict1[k] == dict2[k] for k in set(dict1) & set(dict2))"
    assert merged.violation(({"B": "Black"}, {"B": "Blue"})) == line
    assert merged.repaired(({"B": "Black"}, {"B": "Blue", "W": "White"})) == ({"B": "Black"}, {"B": "Black", "W": "White"})
    lengths = infer_domain([([(11, 22, 33), (44, 55, 66)], 3), ([(1, 2, 3), (4, 5, 6, 7)], 3), ([(1, 2), (3, 4)], 2)],
                           ["Input", "k"])
    assert lengths.violation(([(3, 4)], 7)) == "k == len(Input[0])"
    road = infer_domain([("ravipadu Road",), ("palnadu Road",), ("eshwar enclave Road",)], ["street"])
    assert road.violation(("Palandud RoadPal",)) == "street.endswith(' Road')"
    assert not any("endswith" in line or "startswith" in line
                   for line in infer_domain([("python",), ("program",), ("language",)], ["s"]).lines())


def test_characters_the_reference_names_stay_inside_the_strings_classes():
    reference = "def balanced(s):\n    pairs = {')': '(', ']': '[', '}': '{'}\n    return all(c in pairs for c in s)\n"
    assert named_characters(reference) == "()[]{}"
    assert named_characters("def f(s):\n    return s.split(', ') + ['abc']\n") == ","
    domain = infer_domain([("([])",)], ["s"], alphabet=named_characters(reference))
    assert domain.violation(("{}",)) is None and domain.violation(("<>",)) is not None
    assert infer_domain([("([])",)], ["s"]).violation(("{}",)) is not None


def test_a_task_about_the_largest_keeps_negative_elements_inside():
    seeds = [([(2, 7), (3, 9), (1, 5)],), ([(4, 6), (8, 11), (10, 12)],)]
    line = "all(x >= 0 for e in records for x in (e if isinstance(e, (list, tuple)) else [e]))"
    # Tests of many non-negative numbers say the task means counts or lengths...
    assert f"pre: {line}" in infer_domain(seeds, ["records"], "Flatten the given tuple records.").lines()
    # ...but where the task asks for the largest, the sign is the question (a maximum started at 0).
    for text in ("Find the maximum element of all the given tuple records.", "Return the largest value."):
        assert f"pre: {line}" not in infer_domain(seeds, ["records"], text).lines()
    assert f"pre: {line}" in infer_domain(seeds, ["records"], "Find the largest of positive numbers.").lines()
    # A minimum started at 0 fails on the tests' own positive numbers already.
    assert f"pre: {line}" in infer_domain(seeds, ["records"], "Find the smallest missing element.").lines()


def test_shapes_that_reach_one_exact_value():
    from synthcode.stages.differential import boundary_inputs

    # Two integers at their least values at once: power_mod(2, 0, 1).
    assert (2, 0, 1) in boundary_inputs([(2, 5, 7)], 50)
    # Bracket strings with one kind written as another, still balanced.
    assert _bracket_swaps("([])") == ["{[]}", "({})"]
    # An underscore: a word character, not alphanumeric (\\W and isalnum part there).
    variants = _class_variants(("a b", 3), random.Random(0))
    assert len(variants) == 1 and variants[0][0].replace("_", "", 1) == "a b" and variants[0][1] == 3
    assert _class_variants(("12",), random.Random(0)) == []
    # The largest item of a list of naturals made a power of ten (digit loops end there).
    assert ([3, 10],) in _structural_variants(([3, 5],), random.Random(0))


# --------------------------------------------------------------------------- verdicts


CASES = {
    # Wrong where the statement's class holds more than the tests show: '_' is not alphanumeric.
    "remove_extra_char": ("rejected", '''
        import re
        def remove_extra_char(text1):
            """Remove everything except alphanumeric characters from the given string."""
            return re.sub(r'\\W+', '', text1)

        def test_remove_extra_char():
            assert remove_extra_char('**//Google Android// - 12. ') == 'GoogleAndroid12'
            assert remove_extra_char('****//Google Flutter//*** - 36. ') == 'GoogleFlutter36'
            assert remove_extra_char('**//Google Firebase// - 478. ') == 'GoogleFirebase478'
        ''', '''
        import re
        def remove_extra_char(text1):
            pattern = re.compile(r'[\\W_]+')
            return pattern.sub('', text1)
        '''),
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
    "no_pair_sentinel": ("accepted", '''
        def answer(L, R):
            """Find two distinct numbers such that their lcm lies within the given range."""
            return (L, 2 * L) if 2 * L <= R else (-1, -1)

        def test_answer():
            assert answer(3, 8) == (3, 6)
            assert answer(2, 6) == (2, 4)
            assert answer(1, 3) == (1, 2)
        ''', '''
        def answer(L, R):
            if 2 * L <= R:
                return (L, 2 * L)
            else:
                return -1
        '''),
    "heap_from_the_root": ("accepted", '''
        def check_min_heap(arr, i):
            """Check if the given array represents min heap or not."""
            return all(arr[(k - 1) // 2] <= arr[k] for k in range(1, len(arr)))

        def test_check_min_heap():
            assert check_min_heap([1, 2, 3, 4, 5, 6], 0) == True
            assert check_min_heap([2, 3, 4, 5, 10, 15], 0) == True
            assert check_min_heap([2, 10, 4, 5, 3, 15], 0) == False
        ''', '''
        def check_min_heap(arr, i):
            if 2 * i + 2 > len(arr):
                return True
            left_child = (arr[i] <= arr[2 * i + 1]) and check_min_heap(arr, 2 * i + 1)
            right_child = (2 * i + 2 == len(arr)) or (arr[i] <= arr[2 * i + 2] and check_min_heap(arr, 2 * i + 2))
            return left_child and right_child
        '''),
    # Wrong, with tests too weak to show it: still caught.
    "brace_pairs_wrong": ("rejected", '''
        def balanced(s):
            """Whether every bracket in s is closed by one of its kind, in order."""
            pairs = {')': '(', ']': '[', '}': '['}
            stack = []
            for c in s:
                if c in '([{':
                    stack.append(c)
                elif not stack or stack.pop() != pairs[c]:
                    return False
            return not stack

        def test_balanced():
            assert balanced('([])') == True
        ''', '''
        def balanced(s):
            pairs = {')': '(', ']': '[', '}': '{'}
            stack = []
            for c in s:
                if c in '([{':
                    stack.append(c)
                elif not stack or stack.pop() != pairs[c]:
                    return False
            return not stack
        '''),
    "power_mod_one": ("rejected", '''
        def power_mod(base, exp, mod):
            """base ** exp % mod by repeated squaring."""
            result = 1
            base %= mod
            while exp > 0:
                if exp & 1:
                    result = result * base % mod
                base = base * base % mod
                exp >>= 1
            return result

        def test_power_mod():
            assert power_mod(2, 10, 1000) == 24
        ''', '''
        def power_mod(base, exp, mod):
            result = 1 % mod
            base %= mod
            while exp > 0:
                if exp & 1:
                    result = result * base % mod
                base = base * base % mod
                exp >>= 1
            return result
        '''),
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
