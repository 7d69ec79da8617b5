"""Alternative solutions to MBPP tasks, written as a model writes them (issue 16's evaluation set).

Each task names an MBPP ``task_id``, ``valid``: the inputs the task means (an expression over the
parameters, written from the task's statement, not from the tests' arguments; the labelling
domain), and alternatives. ``meant`` is what the alternative was written to be: ``edge`` (right on
the task's inputs, different from the reference outside them: negative counts, empty or unsorted
lists, letters for digits, a dict for a Counter, a copy for an in-place change), ``plain`` (right,
written differently), ``wrong`` (a subtle bug its tests miss). ``meant`` is not the label:
``bench/bench_domain.py`` labels every alternative by running it beside the reference on thousands
of inputs inside ``valid`` (generated from the tests' arguments, plus a task's ``extra_inputs``:
the vocabulary a generator cannot guess, such as the twelve month names; the stage never sees them).
"""

TASKS = [
    {"task_id": 591, "valid": "len(newList) >= 1", "alternatives": {
        "copy": ("edge", """
def swap_List(newList):
    result = list(newList)
    result[0], result[-1] = result[-1], result[0]
    return result
"""),
        "guard": ("plain", """
def swap_List(newList):
    if len(newList) < 2:
        return newList
    newList[0], newList[-1] = newList[-1], newList[0]
    return newList
"""),
        "concat": ("wrong", """
def swap_List(newList):
    return newList[-1:] + newList[1:-1] + newList[:1]
"""),
    }},
    {"task_id": 420, "valid": "0 <= n <= 300", "alternatives": {
        "formula": ("edge", """
def cube_Sum(n):
    return 2 * (n * (n + 1)) ** 2
"""),
        "generator": ("plain", """
def cube_Sum(n):
    return sum((2 * i) ** 3 for i in range(1, n + 1))
"""),
    }},
    {"task_id": 837, "valid": "0 <= n <= 300", "alternatives": {
        "formula": ("edge", """
def cube_Sum(n):
    return n * n * (2 * n * n - 1)
"""),
        "odds": ("plain", """
def cube_Sum(n):
    return sum(k ** 3 for k in range(1, 2 * n, 2))
"""),
    }},
    {"task_id": 583, "valid": "0 <= num <= 11", "alternatives": {
        "comb": ("edge", """
from math import comb

def catalan_number(num):
    return comb(2 * num, num) // (num + 1)
"""),
        "table": ("edge", """
def catalan_number(num):
    c = [0] * (num + 1)
    c[0] = 1
    for i in range(1, num + 1):
        c[i] = sum(c[j] * c[i - 1 - j] for j in range(i))
    return c[num]
"""),
        "base_case": ("wrong", """
def catalan_number(num):
    if num <= 1:
        return num
    return sum(catalan_number(i) * catalan_number(num - 1 - i) for i in range(num))
"""),
    }},
    {"task_id": 224, "valid": "n >= 0", "alternatives": {
        "bin": ("edge", """
def count_Set_Bits(n):
    return bin(n).count("1")
"""),
        "kernighan": ("plain", """
def count_Set_Bits(n):
    count = 0
    while n > 0:
        n &= n - 1
        count += 1
    return count
"""),
    }},
    {"task_id": 707, "valid": "0 <= n <= 3000", "alternatives": {
        "brute": ("edge", """
def count_Set_Bits(n):
    return sum(bin(i).count("1") for i in range(1, n + 1))
"""),
    }},
    {"task_id": 723, "valid": "True", "alternatives": {
        "zip": ("plain", """
def count_same_pair(nums1, nums2):
    return sum(1 for a, b in zip(nums1, nums2) if a == b)
"""),
        "index": ("wrong", """
def count_same_pair(nums1, nums2):
    count = 0
    for i in range(len(nums1)):
        if nums1[i] == nums2[i]:
            count += 1
    return count
"""),
    }},
    {"task_id": 736, "valid": "list(a) == sorted(a)", "alternatives": {
        "scan": ("edge", """
def left_insertion(a, x):
    for i, value in enumerate(a):
        if value >= x:
            return i
    return len(a)
"""),
        "count": ("edge", """
def left_insertion(a, x):
    return sum(1 for value in a if value < x)
"""),
        "strict": ("wrong", """
def left_insertion(a, x):
    for i, value in enumerate(a):
        if value > x:
            return i
    return len(a)
"""),
    }},
    {"task_id": 786, "valid": "list(a) == sorted(a)", "alternatives": {
        "count": ("edge", """
def right_insertion(a, x):
    return sum(1 for value in a if value <= x)
"""),
        "left": ("wrong", """
import bisect

def right_insertion(a, x):
    return bisect.bisect_left(a, x)
"""),
    }},
    {"task_id": 61, "valid": "s.isdigit() and n == len(s)", "alternatives": {
        "brute": ("edge", """
def count_Substrings(s, n):
    count = 0
    for i in range(len(s)):
        total = 0
        for j in range(i, len(s)):
            total += int(s[j])
            if total == j - i + 1:
                count += 1
    return count
"""),
    }},
    {"task_id": 88, "valid": "True", "alternatives": {
        "dict": ("edge", """
def freq_count(list1):
    counts = {}
    for item in list1:
        counts[item] = counts.get(item, 0) + 1
    return counts
"""),
        "comprehension": ("edge", """
def freq_count(list1):
    return {item: list1.count(item) for item in set(list1)}
"""),
    }},
    {"task_id": 40, "valid": "True", "alternatives": {
        "dict": ("edge", """
def freq_element(nums):
    counts = {}
    for row in nums:
        for item in row:
            counts[item] = counts.get(item, 0) + 1
    return counts
"""),
        "three_rows": ("wrong", """
from collections import Counter

def freq_element(nums):
    return Counter(nums[0] + nums[1] + nums[2])
"""),
    }},
    {"task_id": 895, "valid": "len(A) >= 1", "alternatives": {
        "empty_ok": ("plain", """
def max_sum_subseq(A):
    if not A:
        return 0
    if len(A) == 1:
        return A[0]
    prev2, prev1 = A[0], max(A[0], A[1])
    for x in A[2:]:
        prev2, prev1 = prev1, max(prev1, prev2 + x, x)
    return prev1
"""),
        "incl_excl": ("wrong", """
def max_sum_subseq(A):
    incl, excl = 0, 0
    for x in A:
        incl, excl = excl + x, max(incl, excl)
    return max(incl, excl)
"""),
    }},
    {"task_id": 733, "valid": "list(A) == sorted(A)", "alternatives": {
        "index": ("edge", """
def find_first_occurrence(A, x):
    return A.index(x) if x in A else -1
"""),
    }},
    {"task_id": 316, "valid": "list(A) == sorted(A)", "alternatives": {
        "reverse_index": ("edge", """
def find_last_occurrence(A, x):
    if x not in A:
        return -1
    return len(A) - 1 - A[::-1].index(x)
"""),
    }},
    {"task_id": 435, "valid": "n >= 0", "alternatives": {
        "abs": ("edge", """
def last_Digit(n):
    return abs(n) % 10
"""),
        "str": ("edge", """
def last_Digit(n):
    return int(str(n)[-1])
"""),
    }},
    {"task_id": 577, "valid": "0 <= n <= 400", "alternatives": {
        "loop": ("edge", """
def last_Digit_Factorial(n):
    result = 1
    for i in range(2, n + 1):
        result *= i
    return result % 10
"""),
        "zero": ("wrong", """
def last_Digit_Factorial(n):
    if n == 0:
        return 0
    if n >= 5:
        return 0
    result = 1
    for i in range(2, n + 1):
        result *= i
    return result % 10
"""),
    }},
    {"task_id": 937, "valid": "len(str1) >= 1", "alternatives": {
        "most_common": ("plain", """
from collections import Counter

def max_char(str1):
    return Counter(str1).most_common(1)[0][0]
"""),
        "set_count": ("wrong", """
def max_char(str1):
    return max(set(str1), key=str1.count)
"""),
    }},
    {"task_id": 902, "valid": "all(v > 0 for v in d1.values()) and all(v > 0 for v in d2.values())",
     "alternatives": {
        "dict": ("edge", """
def add_dict(d1, d2):
    result = dict(d1)
    for key, value in d2.items():
        result[key] = result.get(key, 0) + value
    return result
"""),
    }},
    {"task_id": 805, "valid": "len(lists) >= 1", "alternatives": {
        "loop": ("plain", """
def max_sum_list(lists):
    best = lists[0]
    for item in lists:
        if sum(item) > sum(best):
            best = item
    return best
"""),
        "sorted_last": ("wrong", """
def max_sum_list(lists):
    return sorted(lists, key=sum)[-1]
"""),
    }},
    {"task_id": 943, "valid": "list(num1) == sorted(num1) and list(num2) == sorted(num2)", "alternatives": {
        "sorted": ("edge", """
def combine_lists(num1, num2):
    return sorted(num1 + num2)
"""),
    }},
    {"task_id": 3, "valid": "n >= 2", "alternatives": {
        "below_two": ("edge", """
def is_not_prime(n):
    if n < 2:
        return True
    for i in range(2, int(n ** 0.5) + 1):
        if n % i == 0:
            return True
    return False
"""),
        "half": ("wrong", """
def is_not_prime(n):
    for i in range(2, n // 2):
        if n % i == 0:
            return True
    return False
"""),
    }},
    {"task_id": 62, "valid": "len(xs) >= 1", "alternatives": {
        "sort_in_place": ("edge", """
def smallest_num(xs):
    xs.sort()
    return xs[0]
"""),
        "zero_sentinel": ("wrong", """
def smallest_num(xs):
    smallest = 0
    for x in xs:
        if smallest == 0 or x < smallest:
            smallest = x
    return smallest
"""),
    }},
    {"task_id": 93, "valid": "b >= 0 and -50 <= a <= 50 and b <= 30", "alternatives": {
        "pow": ("plain", """
def power(a, b):
    return a ** b
"""),
        "zero_base": ("wrong", """
def power(a, b):
    if a == 0:
        return 0
    return a ** b
"""),
    }},
    {"task_id": 479, "valid": "n >= 0", "alternatives": {
        "str": ("edge", """
def first_Digit(n):
    return int(str(n)[0])
"""),
        "strict": ("wrong", """
def first_Digit(n):
    while n > 10:
        n //= 10
    return n
"""),
    }},
    {"task_id": 555, "valid": "n >= 0", "alternatives": {
        "sums": ("edge", """
def difference(n):
    return sum(i ** 3 for i in range(1, n + 1)) - sum(range(1, n + 1))
"""),
    }},
    {"task_id": 167, "valid": "n >= 0", "alternatives": {
        "doubling": ("edge", """
def next_Power_Of_2(n):
    power = 1
    while power < n:
        power *= 2
    return power
"""),
        "bit_length": ("wrong", """
def next_Power_Of_2(n):
    return 1 << n.bit_length()
"""),
        "less_equal": ("wrong", """
def next_Power_Of_2(n):
    power = 1
    while power <= n:
        power *= 2
    return power
"""),
    }},
    {"task_id": 80, "valid": "n >= 0", "alternatives": {
        "integer": ("plain", """
def tetrahedral_number(n):
    return n * (n + 1) * (n + 2) // 6
"""),
    }},
    {"task_id": 57, "valid": "n == len(arr) and all(0 <= d <= 9 for d in arr)", "alternatives": {
        "join": ("edge", """
def find_Max_Num(arr, n):
    return int("".join(str(d) for d in sorted(arr, reverse=True)))
"""),
    }},
    {"task_id": 142, "valid": "len(list1) == len(list2) == len(list3)", "alternatives": {
        "index": ("edge", """
def count_samepair(list1, list2, list3):
    return sum(1 for i in range(len(list1)) if list1[i] == list2[i] == list3[i])
"""),
    }},
]

# Written after the rules above were tuned on TASKS, and run once: the rates on this batch are
# reported apart (BENCHMARKS.md), as the nearest thing here to held-out data.
HELD_OUT = [
    {"task_id": 23, "valid": "len(list1) >= 1 and all(len(x) >= 1 for x in list1)", "alternatives": {
        "max_sum": ("edge", """
def maximum_Sum(list1):
    return max(sum(row) for row in list1)
"""),
        "skip_first": ("wrong", """
def maximum_Sum(list1):
    best = 0
    for row in list1[1:]:
        best = max(best, sum(row))
    return best
"""),
    }},
    {"task_id": 35, "valid": "n >= 0", "alternatives": {
        "evens": ("edge", """
def find_rect_num(n):
    return sum(2 * i for i in range(1, n + 1))
"""),
    }},
    {"task_id": 45, "valid": "len(l) >= 2 and all(x >= 1 for x in l)", "alternatives": {
        "reduce": ("edge", """
from functools import reduce
from math import gcd

def get_gcd(l):
    return reduce(gcd, l)
"""),
        "min_divides": ("wrong", """
def get_gcd(l):
    smallest = min(l)
    return smallest if all(x % smallest == 0 for x in l) else 1
"""),
    }},
    {"task_id": 58, "valid": "x != 0 and y != 0", "alternatives": {
        "product": ("edge", """
def opposite_Signs(x, y):
    return x * y < 0
"""),
        "compare": ("plain", """
def opposite_Signs(x, y):
    return (x < 0) != (y < 0)
"""),
    }},
    {"task_id": 66, "valid": "True", "alternatives": {
        "strict": ("wrong", """
def pos_count(list):
    return sum(1 for num in list if num > 0)
"""),
    }},
    {"task_id": 69, "valid": "True", "alternatives": {
        "slices": ("plain", """
def is_sublist(l, s):
    return any(l[i:i + len(s)] == s for i in range(len(l) - len(s) + 1))
"""),
        "text": ("wrong", """
def is_sublist(l, s):
    return str(s)[1:-1] in str(l)
"""),
    }},
    {"task_id": 113, "valid": "True", "extra_inputs": [("+5",), ("-12",), (" 7 ",), ("1.5",), ("",)], "alternatives": {
        "isdigit": ("wrong", """
def check_integer(text):
    return text.strip().isdigit()
"""),
    }},
    {"task_id": 133, "valid": "True", "alternatives": {
        "generator": ("plain", """
def sum_negativenum(nums):
    return sum(x for x in nums if x < 0)
"""),
    }},
    {"task_id": 145, "valid": "n == len(arr) and len(arr) >= 1", "alternatives": {
        "max_min": ("edge", """
def max_Abs_Diff(arr, n):
    return max(arr) - min(arr)
"""),
    }},
    {"task_id": 165, "valid": "True", "alternatives": {
        "lower": ("plain", """
def count_char_position(str1):
    return sum(1 for i, c in enumerate(str1.lower()) if ord(c) - ord("a") == i)
"""),
    }},
    {"task_id": 191, "valid": "True", "extra_inputs": [(m,) for m in (
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December")], "alternatives": {
        "set": ("plain", """
def check_monthnumber(monthname3):
    return monthname3 in {"April", "June", "September", "November"}
"""),
        "forgot_november": ("wrong", """
def check_monthnumber(monthname3):
    return monthname3 in ("April", "June", "September")
"""),
        "length": ("wrong", """
def check_monthnumber(monthname3):
    return len(monthname3) in (4, 5)
"""),
    }},
    {"task_id": 213, "valid": "len(test_tup1) == len(test_tup2)", "alternatives": {
        "map": ("plain", """
def concatenate_strings(test_tup1, test_tup2):
    return tuple(map(lambda pair: pair[0] + pair[1], zip(test_tup1, test_tup2)))
"""),
        "index": ("edge", """
def concatenate_strings(test_tup1, test_tup2):
    return tuple(test_tup1[i] + test_tup2[i] for i in range(len(test_tup1)))
"""),
    }},
    {"task_id": 27, "valid": "True", "alternatives": {
        "isdigit": ("plain", """
def remove(list):
    return ["".join(c for c in s if not c.isdigit()) for s in list]
"""),
        "strip": ("wrong", """
def remove(list):
    return [s.strip("0123456789") for s in list]
"""),
    }},
]

# A fourth batch (issue 16, fourth round): structural preconditions the tests all satisfy (exactly
# one element with an odd count, a binary or octal alphabet, words joined by single separators,
# the whole list given by its first and last index), and wrong ones that need a shape the tests
# lack (three of an item, nesting one level deeper, a third word).
STRUCTURE = [
    {"task_id": 842, "valid": "arr_size == len(arr) and sum(arr.count(x) % 2 for x in set(arr)) == 1",
     "extra_inputs": [([4, 4, 4, 4, 4, 1, 1], 7), ([2, 6, 6, 6, 6, 6, 2], 7)], "alternatives": {
        "xor": ("edge", """
def get_odd_occurence(arr, arr_size):
    result = 0
    for x in arr:
        result ^= x
    return result
"""),
        "counter": ("plain", """
from collections import Counter

def get_odd_occurence(arr, arr_size):
    for value, count in Counter(arr).items():
        if count % 2:
            return value
    return -1
"""),
        "one_or_three": ("wrong", """
def get_odd_occurence(arr, arr_size):
    for x in arr:
        if arr.count(x) in (1, 3):
            return x
    return -1
"""),
    }},
    {"task_id": 411, "valid": "word == word.lower() and all(part.isalpha() for part in word.split('_'))",
     "alternatives": {
        "title": ("edge", """
def snake_to_camel(word):
    return word.title().replace('_', '')
"""),
        "regex": ("plain", """
import re

def snake_to_camel(word):
    return re.sub(r'(?:^|_)([a-z])', lambda m: m.group(1).upper(), word)
"""),
        "first_split": ("wrong", """
def snake_to_camel(word):
    return ''.join(part.capitalize() for part in word.split('_', 1))
"""),
    }},
    {"task_id": 371, "valid": "A == sorted(set(A)) and all(x >= 0 for x in A) and left_element == 0 "
                              "and right_element == len(A) - 1",
     "alternatives": {
        "scan": ("edge", """
def smallest_missing(A, left_element, right_element):
    for i, x in enumerate(A):
        if x != i:
            return i
    return len(A)
"""),
        "short_range": ("wrong", """
def smallest_missing(A, left_element, right_element):
    return next((i for i in range(right_element) if A[i] != i), right_element + 1)
"""),
    }},
    {"task_id": 595, "valid": "len(str1) == len(str2) and set(str1 + str2) <= set('01')", "alternatives": {
        "xor_int": ("edge", """
def min_Swaps(str1, str2):
    count = sum(int(a) ^ int(b) for a, b in zip(str1, str2))
    return count // 2 if count % 2 == 0 else "Not Possible"
"""),
        "zip": ("plain", """
def min_Swaps(str1, str2):
    count = sum(a != b for a, b in zip(str1, str2))
    if count % 2:
        return "Not Possible"
    return count // 2
"""),
        "balanced": ("wrong", """
def min_Swaps(str1, str2):
    ones_to_zeros = sum(a == '1' and b == '0' for a, b in zip(str1, str2))
    zeros_to_ones = sum(a == '0' and b == '1' for a, b in zip(str1, str2))
    return ones_to_zeros if ones_to_zeros == zeros_to_ones else "Not Possible"
"""),
    }},
    {"task_id": 194, "valid": "n >= 0 and max(str(n)) <= '7'", "alternatives": {
        "int_base": ("edge", """
def octal_To_Decimal(n):
    return int(str(n), 8)
"""),
        "loop": ("plain", """
def octal_To_Decimal(n):
    result, power = 0, 1
    while n:
        result += n % 10 * power
        n //= 10
        power *= 8
    return result
"""),
        "two_digits": ("wrong", """
def octal_To_Decimal(n):
    return n // 10 * 8 + n % 10
"""),
    }},
    {"task_id": 349, "valid": "len(string) >= 1", "alternatives": {
        "subset": ("edge", """
def check(string):
    return "Yes" if set(string) <= {"0", "1"} else "No"
"""),
        "no_two": ("wrong", """
def check(string):
    return "Yes" if string.isdigit() and "2" not in string else "No"
"""),
    }},
    {"task_id": 572, "valid": "True", "alternatives": {
        "counter": ("plain", """
from collections import Counter

def two_unique_nums(nums):
    counts = Counter(nums)
    return [x for x in nums if counts[x] == 1]
"""),
        "toggle": ("wrong", """
def two_unique_nums(nums):
    result = []
    for x in nums:
        if x in result:
            result.remove(x)
        else:
            result.append(x)
    return result
"""),
    }},
    {"task_id": 512, "valid": "True", "extra_inputs": [((1, (2, (3, 1))),), ((5, (6, (7, (8,))), 5),)],
     "alternatives": {
        "counter": ("plain", """
from collections import Counter

def count_element_freq(test_tuple):
    def walk(items):
        for item in items:
            if isinstance(item, tuple):
                yield from walk(item)
            else:
                yield item
    return Counter(walk(test_tuple))
"""),
        "one_level": ("wrong", """
def count_element_freq(test_tuple):
    res = {}
    for item in test_tuple:
        for ele in (item if isinstance(item, tuple) else (item,)):
            res[ele] = res.get(ele, 0) + 1
    return res
"""),
    }},
    {"task_id": 455, "valid": "1 <= monthnum2 <= 12", "alternatives": {
        "calendar": ("edge", """
import calendar

def check_monthnumb_number(monthnum2):
    return calendar.monthrange(2023, monthnum2)[1] == 31
"""),
        "forgot_december": ("wrong", """
def check_monthnumb_number(monthnum2):
    return monthnum2 in (1, 3, 5, 7, 8, 10)
"""),
    }},
    {"task_id": 762, "valid": "1 <= monthnum3 <= 12", "alternatives": {
        "days": ("edge", """
def check_monthnumber_number(monthnum3):
    days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return days[monthnum3 - 1] == 30
"""),
        "even": ("wrong", """
def check_monthnumber_number(monthnum3):
    return monthnum3 in (4, 6, 9) or monthnum3 == 10
"""),
    }},
    {"task_id": 782, "valid": "True", "alternatives": {
        "brute": ("plain", """
def Odd_Length_Sum(arr):
    return sum(sum(arr[i:j]) for i in range(len(arr)) for j in range(i + 1, len(arr) + 1, 2))
"""),
    }},
]

# Written in December, after the fourth round, from the statements and asserts only (never from how
# the stage works), for MBPP tasks that no other batch and no ``bench/heldout`` set uses: new cases to
# find the classes of false rejections (and of missed wrong code) that TASKS no longer shows. Tasks
# whose statement is too vague to write ``valid`` (403, 438, 493) or whose reference contradicts its
# statement (457, 528, 650: ``min`` of lists for "minimum length", the last element never compared)
# are left out: the labels trust the reference. Numbers that set a loop's length (592, 392, 509, 295,
# 845, 968, 344) are bounded so that the reference or a plain loop answers within the labelling's
# one second per call.
FRESH = [
    # A pair exists only when 2 * L <= R (lcm(a, b) >= 2 * min(a, b) for a != b); "find" presumes one.
    {"task_id": 177, "valid": "1 <= L and 2 * L <= R", "alternatives": {
        "pair": ("plain", """
def answer(L, R):
    if 2 * L <= R:
        return (L, 2 * L)
    return (-1, -1)
"""),
        "loop": ("plain", """
def answer(L, R):
    for a in range(L, R + 1):
        if 2 * a <= R:
            return (a, 2 * a)
    return -1
"""),
    }},
    {"task_id": 181, "valid": "n == len(arr) and n >= 1", "alternatives": {
        "zip": ("plain", """
def common_prefix(arr, n):
    prefix = []
    for chars in zip(*arr):
        if len(set(chars)) != 1:
            break
        prefix.append(chars[0])
    return "".join(prefix)
"""),
        "os_path": ("plain", """
import os

def common_prefix(arr, n):
    return os.path.commonprefix(arr[:n])
"""),
        "sorted_ends": ("plain", """
def common_prefix(arr, n):
    strs = sorted(arr)
    first, last = strs[0], strs[-1]
    i = 0
    while i < min(len(first), len(last)) and first[i] == last[i]:
        i += 1
    return first[:i]
"""),
    }},
    {"task_id": 189, "valid": "n == len(arr)", "alternatives": {
        "set": ("plain", """
def first_Missing_Positive(arr, n):
    seen = set(arr)
    i = 1
    while i in seen:
        i += 1
    return i
"""),
        "sorted": ("plain", """
def first_Missing_Positive(arr, n):
    expected = 1
    for x in sorted(arr):
        if x == expected:
            expected += 1
        elif x > expected:
            break
    return expected
"""),
        "range_n": ("wrong", """
def first_Missing_Positive(arr, n):
    s = set(arr)
    for i in range(1, n):
        if i not in s:
            return i
    return n
"""),
    }},
    {"task_id": 200, "valid": "len(list1) >= 1", "alternatives": {
        "one_pass": ("plain", """
def position_max(list1):
    best = None
    positions = []
    for i, x in enumerate(list1):
        if best is None or x > best:
            best = x
            positions = [i]
        elif x == best:
            positions.append(i)
    return positions
"""),
        "zero_start": ("wrong", """
def position_max(list1):
    max_val = 0
    for x in list1:
        if x > max_val:
            max_val = x
    return [i for i, x in enumerate(list1) if x == max_val]
"""),
    }},
    {"task_id": 207, "valid": "True", "alternatives": {
        "memo": ("plain", """
from functools import lru_cache

def find_longest_repeating_subseq(str):
    @lru_cache(maxsize=None)
    def lrs(i, j):
        if i == len(str) or j == len(str):
            return 0
        if str[i] == str[j] and i != j:
            return 1 + lrs(i + 1, j + 1)
        return max(lrs(i + 1, j), lrs(i, j + 1))
    return lrs(0, 0)
"""),
        "rolling": ("plain", """
def find_longest_repeating_subseq(s):
    n = len(s)
    prev = [0] * (n + 1)
    for i in range(1, n + 1):
        cur = [0] * (n + 1)
        for j in range(1, n + 1):
            if s[i - 1] == s[j - 1] and i != j:
                cur[j] = prev[j - 1] + 1
            else:
                cur[j] = max(prev[j], cur[j - 1])
        prev = cur
    return prev[n]
"""),
    }},
    {"task_id": 233, "valid": "r >= 0 and h >= 0", "alternatives": {
        "reordered": ("plain", """
def lateralsuface_cylinder(r, h):
    pi = 3.1415
    return 2 * pi * r * h
"""),
        "circumference": ("plain", """
def lateralsuface_cylinder(r, h):
    circumference = 2 * 3.1415 * r
    return circumference * h
"""),
    }},
    {"task_id": 246, "valid": "number >= 0", "alternatives": {
        "tolerance": ("plain", """
def babylonian_squareroot(number):
    if number == 0:
        return 0
    guess = number / 2.0
    while True:
        better = (guess + number / guess) / 2
        if abs(better - guess) < 1e-15:
            return better
        guess = better
"""),
        "fixed_steps": ("plain", """
def babylonian_squareroot(number):
    if number == 0:
        return 0.0
    x = number / 2.0
    for _ in range(100):
        x = (x + number / x) / 2
    return x
"""),
    }},
    {"task_id": 253, "valid": "True", "alternatives": {
        "sum": ("plain", """
def count_integer(list1):
    return sum(isinstance(x, int) for x in list1)
"""),
        "type_is": ("edge", """
def count_integer(list1):
    return len([x for x in list1 if type(x) == int])
"""),
        "isdigit": ("wrong", """
def count_integer(list1):
    return sum(1 for x in list1 if str(x).isdigit())
"""),
    }},
    {"task_id": 284, "valid": "True", "alternatives": {
        "count": ("plain", """
def check_element(list, element):
    return list.count(element) == len(list)
"""),
        "set": ("edge", """
def check_element(list, element):
    return set(list) == {element}
"""),
        "loop": ("plain", """
def check_element(list, element):
    for item in list:
        if item != element:
            return False
    return True
"""),
    }},
    {"task_id": 295, "valid": "1 <= number <= 10 ** 5", "alternatives": {
        "proper": ("edge", """
def sum_div(number):
    return sum(i for i in range(1, number) if number % i == 0)
"""),
        "sqrt": ("plain", """
def sum_div(number):
    total = 1
    i = 2
    while i * i <= number:
        if number % i == 0:
            total += i
            if i != number // i:
                total += number // i
        i += 1
    return total
"""),
        "sqrt_square": ("wrong", """
import math

def sum_div(number):
    total = 1
    for i in range(2, int(math.sqrt(number)) + 1):
        if number % i == 0:
            total += i + number // i
    return total
"""),
    }},
    {"task_id": 309, "valid": "True", "alternatives": {
        "builtin": ("plain", """
def maximum(a, b):
    return max(a, b)
"""),
        "ternary": ("plain", """
def maximum(a, b):
    return a if a > b else b
"""),
        "arith": ("edge", """
def maximum(a, b):
    return (a + b + abs(a - b)) / 2
"""),
    }},
    {"task_id": 315, "valid": "True", "alternatives": {
        "split": ("edge", """
def find_Max_Len_Even(str):
    best = ""
    for word in str.split():
        if len(word) % 2 == 0 and len(word) > len(best):
            best = word
    return best if best else "-1"
"""),
        "max_key": ("plain", """
def find_Max_Len_Even(str):
    evens = [w for w in str.split(" ") if w and len(w) % 2 == 0]
    if not evens:
        return "-1"
    return max(evens, key=len)
"""),
        "last_max": ("wrong", """
def find_Max_Len_Even(str):
    best = "-1"
    best_len = 0
    for word in str.split(" "):
        if len(word) % 2 == 0 and len(word) >= best_len and len(word) > 0:
            best, best_len = word, len(word)
    return best
"""),
    }},
    {"task_id": 323, "valid": "n == len(arr)", "alternatives": {
        "interleave": ("edge", """
def re_arrange(arr, n):
    neg = [x for x in arr if x < 0]
    pos = [x for x in arr if x >= 0]
    result = []
    i = j = 0
    while i < len(neg) and j < len(pos):
        result.append(neg[i])
        result.append(pos[j])
        i += 1
        j += 1
    result.extend(neg[i:])
    result.extend(pos[j:])
    return result
"""),
        "zip_longest": ("edge", """
from itertools import zip_longest

def re_arrange(arr, n):
    neg = [x for x in arr if x < 0]
    pos = [x for x in arr if x >= 0]
    out = []
    for a, b in zip_longest(neg, pos):
        if a is not None:
            out.append(a)
        if b is not None:
            out.append(b)
    return out
"""),
    }},
    {"task_id": 330, "valid": "True", "extra_inputs": [
        ("Hello, world! The cat sat.",), ("Wait... what? Yes, sir.",), ("Call me (now) or email: abc@xyz.com",)],
     "alternatives": {
        "letters": ("edge", """
import re

def find_char(text):
    return re.findall(r"\\b[a-zA-Z]{3,5}\\b", text)
"""),
        "split": ("wrong", """
def find_char(text):
    return [w for w in text.split() if 3 <= len(w) <= 5]
"""),
        "compiled": ("plain", """
import re

WORD = re.compile(r"\\b\\w{3,5}\\b")

def find_char(text):
    return WORD.findall(text)
"""),
    }},
    {"task_id": 341, "valid": "True", "alternatives": {
        "sorted_list": ("plain", """
def set_to_tuple(s):
    items = list(s)
    items.sort()
    return tuple(items)
"""),
        "generator": ("plain", """
def set_to_tuple(s):
    return tuple(x for x in sorted(s))
"""),
    }},
    {"task_id": 344, "valid": "1 <= n <= m <= 10 ** 10", "alternatives": {
        "isqrt": ("plain", """
import math

def count_Odd_Squares(n, m):
    return math.isqrt(m) - math.isqrt(n - 1)
"""),
        "walk_squares": ("plain", """
def count_Odd_Squares(n, m):
    count = 0
    i = 1
    while i * i <= m:
        if i * i >= n:
            count += 1
        i += 1
    return count
"""),
    }},
    {"task_id": 351, "valid": "n == len(arr) and k >= 1", "alternatives": {
        "counter": ("plain", """
from collections import Counter

def first_Element(arr, n, k):
    counts = Counter(arr)
    for x in arr:
        if counts[x] == k:
            return x
    return -1
"""),
        "count": ("plain", """
def first_Element(arr, n, k):
    for x in arr:
        if arr.count(x) == k:
            return x
    return -1
"""),
        "at_least": ("wrong", """
def first_Element(arr, n, k):
    freq = {}
    for x in arr:
        freq[x] = freq.get(x, 0) + 1
    for x in arr:
        if freq[x] >= k:
            return x
    return -1
"""),
    }},
    {"task_id": 352, "valid": "True", "alternatives": {
        "set": ("plain", """
def unique_Characters(str):
    return len(set(str)) == len(str)
"""),
        "seen": ("plain", """
def unique_Characters(str):
    seen = set()
    for ch in str:
        if ch in seen:
            return False
        seen.add(ch)
    return True
"""),
        "casefold": ("wrong", """
def unique_Characters(str):
    s = str.lower()
    return len(set(s)) == len(s)
"""),
    }},
    {"task_id": 368, "valid": "N >= 0", "alternatives": {
        "generator": ("plain", """
def repeat_tuples(test_tup, N):
    return tuple(test_tup for _ in range(N))
"""),
        "list_mul": ("plain", """
def repeat_tuples(test_tup, N):
    return tuple([test_tup] * N)
"""),
    }},
    {"task_id": 384, "valid": "n == len(arr) and n >= 1", "alternatives": {
        "count_min": ("plain", """
def frequency_Of_Smallest(n, arr):
    return arr.count(min(arr))
"""),
        "counter": ("plain", """
from collections import Counter

def frequency_Of_Smallest(n, arr):
    c = Counter(arr)
    return c[min(c)]
"""),
        "sorted_walk": ("wrong", """
def frequency_Of_Smallest(n, arr):
    s = sorted(arr)
    count = 1
    while s[count] == s[0]:
        count += 1
    return count
"""),
    }},
    {"task_id": 386, "valid": "set(s) <= set('[]') and s.count('[') == s.count(']')", "alternatives": {
        "positions": ("plain", """
def swap_count(s):
    pos = [i for i, c in enumerate(s) if c == '[']
    p = 0
    count = 0
    total = 0
    chars = list(s)
    for i in range(len(chars)):
        if chars[i] == '[':
            count += 1
            p += 1
        elif chars[i] == ']':
            count -= 1
        if count < 0:
            total += pos[p] - i
            chars[i], chars[pos[p]] = chars[pos[p]], chars[i]
            p += 1
            count = 1
    return total
"""),
        "depth": ("plain", """
def swap_count(s):
    opened = closed = swaps = imbalance = 0
    for ch in s:
        if ch == '[':
            opened += 1
            if imbalance > 0:
                swaps += imbalance
                imbalance -= 1
        else:
            closed += 1
            imbalance = closed - opened
    return swaps
"""),
    }},
    {"task_id": 392, "valid": "0 <= n <= 10 ** 5", "alternatives": {
        "memo": ("plain", """
from functools import lru_cache

@lru_cache(maxsize=None)
def get_max_sum(n):
    if n == 0:
        return 0
    return max(n, get_max_sum(n // 2) + get_max_sum(n // 3) + get_max_sum(n // 4) + get_max_sum(n // 5))
"""),
        "dict_memo": ("plain", """
def get_max_sum(n, memo=None):
    if memo is None:
        memo = {}
    if n < 2:
        return n
    if n not in memo:
        parts = sum(get_max_sum(n // d, memo) for d in (2, 3, 4, 5))
        memo[n] = max(n, parts)
    return memo[n]
"""),
    }},
    {"task_id": 397, "valid": "True", "alternatives": {
        "sorted": ("plain", """
def median_numbers(a, b, c):
    return sorted([a, b, c])[1]
"""),
        "sum_minus": ("plain", """
def median_numbers(a, b, c):
    return a + b + c - max(a, b, c) - min(a, b, c)
"""),
        "float": ("plain", """
def median_numbers(a, b, c):
    return float(sorted((a, b, c))[1])
"""),
    }},
    {"task_id": 404, "valid": "True", "alternatives": {
        "builtin": ("plain", """
def minimum(a, b):
    return min(a, b)
"""),
        "arith": ("edge", """
def minimum(a, b):
    return (a + b - abs(a - b)) / 2
"""),
    }},
    {"task_id": 441, "valid": "l >= 0", "alternatives": {
        "pow": ("plain", """
def surfacearea_cube(l):
    return 6 * l ** 2
"""),
        "faces": ("plain", """
def surfacearea_cube(l):
    face = l * l
    return face * 6
"""),
    }},
    {"task_id": 447, "valid": "True", "alternatives": {
        "comprehension": ("plain", """
def cube_nums(nums):
    return [n ** 3 for n in nums]
"""),
        "pow": ("plain", """
def cube_nums(nums):
    return list(map(lambda x: pow(x, 3), nums))
"""),
    }},
    {"task_id": 473, "valid": "True", "alternatives": {
        "set_comp": ("plain", """
def tuple_intersection(test_list1, test_list2):
    a = {tuple(sorted(t)) for t in test_list1}
    b = {tuple(sorted(t)) for t in test_list2}
    return a & b
"""),
        "loop": ("plain", """
def tuple_intersection(test_list1, test_list2):
    second = set(tuple(sorted(t)) for t in test_list2)
    result = set()
    for t in test_list1:
        key = tuple(sorted(t))
        if key in second:
            result.add(key)
    return result
"""),
    }},
    {"task_id": 484, "valid": "True", "alternatives": {
        "set_lookup": ("plain", """
def remove_matching_tuple(test_list1, test_list2):
    remove = set(test_list2)
    return [t for t in test_list1 if t not in remove]
"""),
        "filter": ("plain", """
def remove_matching_tuple(test_list1, test_list2):
    return list(filter(lambda t: t not in test_list2, test_list1))
"""),
    }},
    {"task_id": 496, "valid": "0 <= n <= len(nums)", "alternatives": {
        "sorted": ("edge", """
def heap_queue_smallest(nums, n):
    return sorted(nums)[:n]
"""),
        "heappop": ("edge", """
import heapq

def heap_queue_smallest(nums, n):
    heap = list(nums)
    heapq.heapify(heap)
    return [heapq.heappop(heap) for _ in range(n)]
"""),
    }},
    {"task_id": 509, "valid": "1 <= n <= 10 ** 5 and n % 2 == 1", "alternatives": {
        "closed": ("edge", """
def average_Odd(n):
    return (n + 1) // 2
"""),
        "mean": ("edge", """
def average_Odd(n):
    if n % 2 == 0:
        return "Invalid Input"
    odds = list(range(1, n + 1, 2))
    return sum(odds) / len(odds)
"""),
    }},
    {"task_id": 557, "valid": "True", "alternatives": {
        "comprehension": ("plain", """
def toggle_string(string):
    return "".join(c.lower() if c.isupper() else c.upper() for c in string)
"""),
        "ascii": ("edge", """
def toggle_string(string):
    out = []
    for c in string:
        if 'a' <= c <= 'z':
            out.append(chr(ord(c) - 32))
        elif 'A' <= c <= 'Z':
            out.append(chr(ord(c) + 32))
        else:
            out.append(c)
    return "".join(out)
"""),
    }},
    {"task_id": 559, "valid": "size == len(a) and size >= 1", "alternatives": {
        "kadane_first": ("edge", """
def max_sub_array_sum(a, size):
    best = cur = a[0]
    for x in a[1:size]:
        cur = max(x, cur + x)
        best = max(best, cur)
    return best
"""),
        "kadane_zero": ("plain", """
def max_sub_array_sum(a, size):
    best = 0
    cur = 0
    for x in a[:size]:
        cur = max(0, cur + x)
        best = max(best, cur)
    return best
"""),
        "brute": ("edge", """
def max_sub_array_sum(a, size):
    best = float('-inf')
    for i in range(size):
        total = 0
        for j in range(i, size):
            total += a[j]
            best = max(best, total)
    return best
"""),
    }},
    {"task_id": 570, "valid": "True", "alternatives": {
        "comprehension": ("plain", """
def remove_words(list1, charlist):
    return [" ".join(w for w in s.split() if not any(c in w for c in charlist)) for s in list1]
"""),
        "split_space": ("edge", """
def remove_words(list1, charlist):
    result = []
    for s in list1:
        words = [w for w in s.split(' ') if not any(c in w for c in charlist)]
        result.append(' '.join(words))
    return result
"""),
    }},
    {"task_id": 581, "valid": "b >= 0 and s >= 0", "alternatives": {
        "base_plus_faces": ("plain", """
def surface_Area(b, s):
    return b * b + 2 * b * s
"""),
        "triangles": ("plain", """
def surface_Area(b, s):
    base = b ** 2
    faces = 4 * (0.5 * b * s)
    return base + faces
"""),
    }},
    {"task_id": 585, "valid": "n >= 0 and all(type(item.get('price')) in (int, float) for item in items)", "alternatives": {
        "sorted": ("plain", """
def expensive_items(items, n):
    return sorted(items, key=lambda item: item['price'], reverse=True)[:n]
"""),
        "tail": ("wrong", """
def expensive_items(items, n):
    ordered = sorted(items, key=lambda item: item['price'])
    return ordered[-n:][::-1]
"""),
    }},
    {"task_id": 592, "valid": "1 <= n <= 300", "alternatives": {
        "comb": ("plain", """
from math import comb

def sum_Of_product(n):
    return comb(2 * n, n - 1)
"""),
        "sum": ("plain", """
from math import comb

def sum_Of_product(n):
    return sum(comb(n, k) * comb(n, k + 1) for k in range(n))
"""),
    }},
    {"task_id": 612, "valid": "len(lst) >= 1 and len(set(map(len, lst))) == 1", "alternatives": {
        "zip": ("plain", """
def merge(lst):
    return list(map(list, zip(*lst)))
"""),
        "index": ("edge", """
def merge(lst):
    return [[row[i] for row in lst] for i in range(len(lst[0]))]
"""),
    }},
    {"task_id": 619, "valid": "True", "alternatives": {
        "two_joins": ("plain", """
def move_num(test_str):
    letters = ''.join(c for c in test_str if not c.isdigit())
    digits = ''.join(c for c in test_str if c.isdigit())
    return letters + digits
"""),
        "regex": ("plain", """
import re

def move_num(test_str):
    return re.sub(r'\\d', '', test_str) + ''.join(re.findall(r'\\d', test_str))
"""),
    }},
    {"task_id": 671, "valid": "n >= 0", "alternatives": {
        "bit_length": ("plain", """
def set_Right_most_Unset_Bit(n):
    if n == 0:
        return 1
    for i in range(n.bit_length()):
        if not (n >> i) & 1:
            return n | (1 << i)
    return n
"""),
        "trick": ("wrong", """
def set_Right_most_Unset_Bit(n):
    if n & (n + 1) == 0:
        return n
    return n | (n + 1)
"""),
    }},
    {"task_id": 675, "valid": "True", "alternatives": {
        "chained": ("plain", """
def sum_nums(x, y, m, n):
    s = x + y
    return 20 if m <= s < n else s
"""),
        "inclusive": ("wrong", """
def sum_nums(x, y, m, n):
    total = x + y
    if m <= total <= n:
        return 20
    return total
"""),
    }},
    {"task_id": 741, "valid": "len(s) >= 1", "alternatives": {
        "set": ("plain", """
def all_Characters_Same(s):
    return len(set(s)) == 1
"""),
        "repeat": ("plain", """
def all_Characters_Same(s):
    return s == s[0] * len(s)
"""),
        "count": ("plain", """
def all_Characters_Same(s):
    return s.count(s[0]) == len(s)
"""),
    }},
    # The index argument is the recursion's; the statement asks about the whole array.
    {"task_id": 751, "valid": "i == 0", "alternatives": {
        "iterative": ("plain", """
def check_min_heap(arr, i):
    n = len(arr)
    for k in range(n):
        for child in (2 * k + 1, 2 * k + 2):
            if child < n and arr[k] > arr[child]:
                return False
    return True
"""),
        "recursive": ("plain", """
def check_min_heap(arr, i):
    n = len(arr)
    left, right = 2 * i + 1, 2 * i + 2
    if left >= n:
        return True
    if arr[i] > arr[left]:
        return False
    if right < n and arr[i] > arr[right]:
        return False
    return check_min_heap(arr, left) and check_min_heap(arr, right)
"""),
        "internal_off_by_one": ("wrong", """
def check_min_heap(arr, i):
    n = len(arr)
    for k in range(n // 2 - 1):
        if arr[k] > arr[2 * k + 1]:
            return False
        if 2 * k + 2 < n and arr[k] > arr[2 * k + 2]:
            return False
    return True
"""),
    }},
    {"task_id": 755, "valid": "True", "alternatives": {
        "set_sorted": ("edge", """
def second_smallest(numbers):
    unique = sorted(set(numbers))
    if len(unique) < 2:
        return None
    return unique[1]
"""),
        "two_vars": ("edge", """
def second_smallest(numbers):
    first = second = float('inf')
    for x in numbers:
        if x < first:
            first, second = x, first
        elif first < x < second:
            second = x
    return None if second == float('inf') else second
"""),
    }},
    {"task_id": 789, "valid": "s >= 3 and l >= 0", "alternatives": {
        "product": ("plain", """
def perimeter_polygon(s, l):
    return l * s
"""),
        "sum": ("plain", """
def perimeter_polygon(s, l):
    return sum(l for _ in range(s))
"""),
    }},
    {"task_id": 835, "valid": "x1 != x2", "alternatives": {
        "plain": ("plain", """
def slope(x1, y1, x2, y2):
    return (y2 - y1) / (x2 - x1)
"""),
        "vertical": ("edge", """
def slope(x1, y1, x2, y2):
    if x2 == x1:
        return float('inf')
    return (y2 - y1) / (x2 - x1)
"""),
    }},
    {"task_id": 841, "valid": "n == len(arr)", "alternatives": {
        "merge_sort": ("plain", """
def get_inv_count(arr, n):
    def sort(a):
        if len(a) <= 1:
            return a, 0
        mid = len(a) // 2
        left, x = sort(a[:mid])
        right, y = sort(a[mid:])
        merged, count = [], x + y
        i = j = 0
        while i < len(left) and j < len(right):
            if left[i] <= right[j]:
                merged.append(left[i])
                i += 1
            else:
                merged.append(right[j])
                count += len(left) - i
                j += 1
        merged += left[i:] + right[j:]
        return merged, count
    return sort(list(arr[:n]))[1]
"""),
        "comprehension": ("plain", """
def get_inv_count(arr, n):
    return sum(1 for i in range(n) for j in range(i + 1, n) if arr[i] > arr[j])
"""),
        "ties": ("wrong", """
def get_inv_count(arr, n):
    count = 0
    for i in range(n):
        for j in range(i + 1, n):
            if arr[i] >= arr[j]:
                count += 1
    return count
"""),
    }},
    {"task_id": 845, "valid": "0 <= n <= 10 ** 4", "alternatives": {
        "str_len": ("plain", """
import math

def find_Digits(n):
    return len(str(math.factorial(n)))
"""),
        "log_sum": ("plain", """
import math

def find_Digits(n):
    if n <= 1:
        return 1
    return math.floor(sum(math.log10(i) for i in range(2, n + 1))) + 1
"""),
    }},
    {"task_id": 869, "valid": "all(len(x) >= 1 for x in list1)", "alternatives": {
        "all": ("plain", """
def remove_list_range(list1, leftrange, rigthrange):
    return [sub for sub in list1 if all(leftrange <= x <= rigthrange for x in sub)]
"""),
        "ends": ("wrong", """
def remove_list_range(list1, leftrange, rigthrange):
    return [sub for sub in list1 if sub[0] >= leftrange and sub[-1] <= rigthrange]
"""),
    }},
    {"task_id": 872, "valid": "True", "alternatives": {
        "all": ("plain", """
def check_subset(list1, list2):
    return all(item in list1 for item in list2)
"""),
        "loop": ("plain", """
def check_subset(list1, list2):
    for item in list2:
        if item not in list1:
            return False
    return True
"""),
    }},
    {"task_id": 900, "valid": "True", "alternatives": {
        "startswith": ("plain", """
def match_num(string):
    return string.startswith('5')
"""),
        "index": ("wrong", """
def match_num(string):
    return string[0] == '5'
"""),
        "regex": ("plain", """
import re

def match_num(string):
    return bool(re.match(r'5', string))
"""),
    }},
    {"task_id": 914, "valid": "len(s) >= 2", "alternatives": {
        "pattern": ("plain", """
def is_Two_Alter(s):
    if s[0] == s[1]:
        return False
    return all(s[i] == s[i % 2] for i in range(len(s)))
"""),
        "slices": ("plain", """
def is_Two_Alter(s):
    return s[0] != s[1] and len(set(s[::2])) == 1 and len(set(s[1::2])) == 1
"""),
        "two_letters": ("wrong", """
def is_Two_Alter(s):
    return len(set(s)) == 2 and s[0] != s[1]
"""),
    }},
    {"task_id": 957, "valid": "n >= 1", "alternatives": {
        "bit_length": ("plain", """
def get_First_Set_Bit_Pos(n):
    return (n & -n).bit_length()
"""),
        "shift": ("plain", """
def get_First_Set_Bit_Pos(n):
    pos = 1
    while n & 1 == 0:
        n >>= 1
        pos += 1
    return pos
"""),
    }},
    {"task_id": 966, "valid": "True", "alternatives": {
        "not_equal": ("edge", """
def remove_empty(tuple1):
    return [t for t in tuple1 if t != ()]
"""),
        "len": ("plain", """
def remove_empty(tuple1):
    return [t for t in tuple1 if len(t) > 0]
"""),
    }},
    {"task_id": 968, "valid": "A >= 1 and B >= 1 and 0 <= N <= 10 ** 5", "alternatives": {
        "brute": ("plain", """
def floor_Max(A, B, N):
    return max((A * x) // B - A * (x // B) for x in range(N + 1))
"""),
        "closed": ("plain", """
def floor_Max(A, B, N):
    x = min(N, B - 1)
    return A * x // B
"""),
    }},
]
