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
