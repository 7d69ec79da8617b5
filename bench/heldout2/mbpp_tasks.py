"""A second held-out set of MBPP alternatives (issue 16 item 5): solutions written as a model answers
the statement. **Do not tune on it** (see README.md): the lead runs the verifier on it once.

Same format as ``bench/heldout/mbpp_tasks.py``. Each task: ``task_id``; ``gen(r)`` draws one
argument tuple INSIDE the task's domain, as read from the statement (an EvalPlus-style contract
written by hand: what the task means, not what the tests happen to use); ``edges`` are boundary
tuples inside the domain; ``solutions`` map a name to ``(meant, code)``, where ``meant`` is what the
author meant to write (``right`` or ``wrong``). The label that counts is the one
``bench/heldout_sets.py --dir bench/heldout2`` gets by running them against MBPP's reference.

None of these tasks is in ``bench/heldout/mbpp_tasks.py`` or in ``bench/domain_eval_set.py``.
"""

from __future__ import annotations

from heldout_generators import big, ints, word  # bench/ is on sys.path (heldout_sets.py)


def tuples_k(r):
    """A non-empty list of tuples and k, the length of its first tuple (as every MBPP test passes)."""
    n = r.randint(1, 3)
    rows = [tuple(ints(r, 0, 99, n if r.random() < 0.6 else 1, n if r.random() < 0.6 else 4)) for _ in range(r.randint(1, 5))]
    return (rows, len(rows[0]))


def unimodal(r):
    """Strictly increasing then strictly decreasing: exactly one peak."""
    n = r.randint(1, 12)
    peak = r.randrange(n)
    values = sorted(r.sample(range(-50, 100), n))
    top = values[-1]
    rest = values[:-1]
    r.shuffle(rest)
    left = sorted(rest[:peak])
    right = sorted(rest[peak:], reverse=True)
    arr = left + [top] + right
    return (arr, len(arr))


def unique_max_subarray(r):
    """A non-empty list whose maximum-sum subarray is unique (the task says "the" subarray)."""
    while True:
        a = ints(r, -10, 10, 1, 10)
        sums = [sum(a[i:j]) for i in range(len(a)) for j in range(i + 1, len(a) + 1)]
        if sums.count(max(sums)) == 1:
            return (a, len(a))


def platforms(r):
    n = r.randint(1, 8)
    arr = [r.randint(0, 2359) for _ in range(n)]
    dep = [a + r.randint(0, 300) for a in arr]
    return (arr, dep, n)


def divisor_sum(n):
    return sum(d for d in range(1, n + 1) if n % d == 0)


def coins(r):
    m = r.randint(1, 5)
    s = r.sample(range(1, 12), m)
    return (s, m, r.randint(0, 40))


def merge_pair(r):
    keys = r.sample("ABCDEFGHIJ", r.randint(0, 8))
    d1 = {k: word(r, 1, 6) for k in keys}
    d2 = {}
    for k in r.sample("ABCDEFGHIJ", r.randint(0, 8)):
        d2[k] = d1[k] if k in d1 else word(r, 1, 6)
    return (d1, d2)


def nth_not_multiple(r):
    a = r.randint(2, 9)
    lo = r.randint(0, 50)
    hi = lo + r.randint(1, 60)
    available = sum(1 for i in range(lo, hi + 1) if i % a)
    if available == 0:
        return (a, 1, lo, lo + 1 if (lo + 1) % a else lo + 2) if (lo + 1) % a else (a, 1, lo + 1, lo + 2)
    return (a, r.randint(1, available), lo, hi)


STREET = ["ravipadu", "palnadu", "eshwar", "enclave", "main", "broadway", "station", "old", "mg", "lake", "roadside"]
WORDS = ["python", "is", "a", "programming", "language", "code", "the", "data", "and", "of"]


TASKS = [
    {"task_id": 70, "gen": tuples_k, "edges": [([(1,)], 1), ([(1, 2), (3,)], 2), ([(), ()], 0)],
     "solutions": {
         "all_len": ("right", """
def get_equal(Input, k):
    if all(len(t) == k for t in Input):
        return 'All tuples have same length'
    return 'All tuples do not have same length'
"""),
         "set_of_lengths": ("right", """
def get_equal(Input, k):
    lengths = {len(t) for t in Input}
    if len(lengths) == 1:
        return "All tuples have same length"
    return "All tuples do not have same length"
"""),
         "first_two": ("wrong", """
def get_equal(Input, k):
    if len(Input) < 2 or len(Input[0]) == len(Input[1]):
        return 'All tuples have same length'
    return 'All tuples do not have same length'
"""),
     }},
    {"task_id": 115, "gen": lambda r: ([{} if r.random() < 0.7 else {r.randint(0, 9): r.randint(0, 9)} for _ in range(r.randint(0, 5))],),
     "edges": [([],), ([{}],), ([{1: 2}],), ([{}, {}, {0: 0}],)],
     "solutions": {
         "all_not": ("right", "def empty_dit(list1):\n    return all(not d for d in list1)\n"),
         "len_zero": ("right", """
def empty_dit(list1):
    for d in list1:
        if len(d) != 0:
            return False
    return True
"""),
         "any_bool": ("right", "def empty_dit(list1):\n    return not any(list1)\n"),
     }},
    {"task_id": 153, "gen": lambda r: (r.choice([i for i in range(-20, 21) if i]), r.randint(-30, 30), r.randint(-30, 30)),
     "edges": [(1, 0, 0), (-1, 2, 3), (1, 1, 1)],
     "solutions": {
         "formula": ("right", """
def parabola_vertex(a, b, c):
    x = -b / (2 * a)
    y = a * x * x + b * x + c
    return (x, y)
"""),
         "discriminant": ("right", """
def parabola_vertex(a, b, c):
    h = -b / (2 * a)
    k = c - b ** 2 / (4 * a)
    return h, k
"""),
     }},
    {"task_id": 196, "gen": lambda r: ([tuple(ints(r, 0, 9, 0, 4)) for _ in range(r.randint(0, 6))], r.randint(0, 4)),
     "edges": [([], 1), ([()], 0), ([(1,)], 1)],
     "solutions": {
         "comprehension": ("right", "def remove_tuples(test_list, K):\n    return [t for t in test_list if len(t) != K]\n"),
         "filter": ("right", "def remove_tuples(test_list, K):\n    return list(filter(lambda t: len(t) != K, test_list))\n"),
     }},
    {"task_id": 219, "gen": lambda r: (lambda t: (t, r.randint(0, len(t))))(tuple(ints(r, -20, 40, 1, 10))),
     "edges": [((1,), 1), ((3, 1, 2), 0), ((2, 2, 2), 1), ((5, 1), 2)],
     "solutions": {
         "enumerate_sorted": ("right", """
def extract_min_max(test_tup, K):
    s = sorted(test_tup)
    return tuple(v for i, v in enumerate(s) if i < K or i >= len(s) - K)
"""),
         "slices": ("wrong", """
def extract_min_max(test_tup, K):
    s = sorted(test_tup)
    if 2 * K >= len(s):
        return tuple(s)
    return tuple(s[:K] + s[-K:])
"""),
         "set_union": ("wrong", """
def extract_min_max(test_tup, K):
    s = sorted(test_tup)
    return tuple(sorted(set(s[:K]) | set(s[len(s) - K:])))
"""),
     }},
    {"task_id": 220, "gen": lambda r: (word(r, 0, 20, "ab ,.c"), r.randint(1, 6)),
     "edges": [("", 1), ("...", 1), ("a b", 5), (" ", 1)],
     "solutions": {
         "re_count": ("right", """
import re

def replace_max_specialchar(text, n):
    return re.sub(r'[ ,.]', ':', text, count=n)
"""),
         "loop": ("right", """
def replace_max_specialchar(text, n):
    out = []
    for ch in text:
        if ch in ' ,.' and n > 0:
            out.append(':')
            n -= 1
        else:
            out.append(ch)
    return ''.join(out)
"""),
     }},
    {"task_id": 227, "gen": lambda r: tuple(r.choice([r.randint(-100, 100), r.uniform(-100, 100)]) for _ in range(3)),
     "edges": [(0, 0, 0), (1, 1, 0), (-1, -1, -1)],
     "solutions": {
         "builtin": ("right", "def min_of_three(a, b, c):\n    return min(a, b, c)\n"),
         "ifs": ("right", """
def min_of_three(a, b, c):
    smallest = a
    if b < smallest:
        smallest = b
    if c < smallest:
        smallest = c
    return smallest
"""),
         "sorted": ("right", "def min_of_three(a, b, c):\n    return sorted([a, b, c])[0]\n"),
     }},
    {"task_id": 248, "gen": lambda r: (r.randint(1, 300),), "edges": [(1,), (2,)],
     "solutions": {
         "loop": ("right", """
def harmonic_sum(n):
    total = 0.0
    for i in range(1, n + 1):
        total += 1 / i
    return total
"""),
         "sum_gen": ("right", "def harmonic_sum(n):\n    return sum(1 / k for k in range(1, n + 1))\n"),
         "recursive": ("right", """
def harmonic_sum(n):
    if n <= 1:
        return 1
    return sum(1 / k for k in range(1, n)) + 1 / n
"""),
     }},
    {"task_id": 249, "gen": lambda r: (sorted(r.sample(range(-20, 30), r.randint(0, 10))), sorted(r.sample(range(-20, 30), r.randint(0, 10)))),
     "edges": [([], []), ([1], []), ([], [1]), ([1, 2], [1, 2])],
     "solutions": {
         "filter_lambda": ("right", "def intersection_array(array_nums1, array_nums2):\n    return list(filter(lambda x: x in array_nums2, array_nums1))\n"),
         "set_sorted": ("right", "def intersection_array(array_nums1, array_nums2):\n    return sorted(set(array_nums1) & set(array_nums2))\n"),
     }},
    {"task_id": 266, "gen": lambda r: (r.choice([big(r, 0, 100), r.uniform(0, 50)]),), "edges": [(0,), (1,)],
     "solutions": {
         "formula": ("right", "def lateralsurface_cube(l):\n    return 4 * l * l\n"),
         "pow": ("right", "def lateralsurface_cube(l):\n    return 4 * l ** 2\n"),
         "float_pow": ("right", "import math\n\ndef lateralsurface_cube(l):\n    return 4 * math.pow(l, 2)\n"),
     }},
    {"task_id": 268, "gen": lambda r: (big(r, 1, 200),), "edges": [(1,), (2,)],
     "solutions": {
         "formula": ("right", "def find_star_num(n):\n    return 6 * n * (n - 1) + 1\n"),
         "loop": ("right", """
def find_star_num(n):
    star = 1
    for k in range(1, n):
        star += 12 * k
    return star
"""),
     }},
    {"task_id": 271, "gen": lambda r: (big(r, 0, 300),), "edges": [(0,), (1,)],
     "solutions": {
         "loop": ("right", "def even_Power_Sum(n):\n    return sum((2 * i) ** 5 for i in range(1, n + 1))\n"),
         "factor_32": ("right", "def even_Power_Sum(n):\n    return 32 * sum(i ** 5 for i in range(n + 1))\n"),
         "closed_float": ("wrong", """
def even_Power_Sum(n):
    s = n ** 2 * (n + 1) ** 2 * (2 * n ** 2 + 2 * n - 1) / 12
    return int(32 * s)
"""),
     }},
    {"task_id": 278, "gen": lambda r: (lambda head: (tuple(head + [tuple(ints(r, 0, 9, 0, 3))] + [r.choice([r.randint(0, 9), tuple(ints(r, 0, 9, 0, 2))]) for _ in range(r.randint(0, 3))]),))(ints(r, 0, 99, 0, 6)),
     "edges": [(((1, 2),),), ((1, (2,)),), ((1, 2, (), 3),)],
     "solutions": {
         "enumerate": ("right", """
def count_first_elements(test_tup):
    for i, e in enumerate(test_tup):
        if isinstance(e, tuple):
            return i
    return len(test_tup)
"""),
         "counter": ("right", """
def count_first_elements(test_tup):
    count = 0
    for e in test_tup:
        if type(e) is tuple:
            break
        count += 1
    return count
"""),
     }},
    {"task_id": 286, "gen": lambda r: (lambda a: (a, len(a), r.randint(1, 5)))(ints(r, -20, 20, 1, 8)),
     "edges": [([5], 1, 1), ([-5], 1, 3), ([1, -1], 2, 2), ([0], 1, 1)],
     "solutions": {
         "kadane_repeat": ("right", """
def max_sub_array_sum_repeated(a, n, k):
    best = float('-inf')
    cur = 0
    for i in range(n * k):
        cur = max(a[i % n], cur + a[i % n])
        best = max(best, cur)
    return best
"""),
         "two_copies": ("right", """
def max_sub_array_sum_repeated(a, n, k):
    def kadane(arr):
        best = cur = arr[0]
        for x in arr[1:]:
            cur = max(x, cur + x)
            best = max(best, cur)
        return best

    if k == 1:
        return kadane(a)
    total = sum(a)
    two = kadane(a + a)
    if total > 0:
        return two + (k - 2) * total
    return two
"""),
         "kadane_floor": ("right", """
def max_sub_array_sum_repeated(a, n, k):
    best = 0
    cur = 0
    for i in range(n * k):
        cur = max(0, cur + a[i % n])
        best = max(best, cur)
    return best if best > 0 else max(a)
"""),
     }},
    {"task_id": 294, "gen": lambda r: (lambda xs: (r.shuffle(xs), (xs,))[1])([r.randint(-50, 100) for _ in range(r.randint(1, 5))] + [word(r, 1, 7) for _ in range(r.randint(0, 4))],),
     "edges": [([1],), (["a", -1],), ([-5, "x", -3],)],
     "solutions": {
         "isinstance": ("right", "def max_val(listval):\n    return max(x for x in listval if isinstance(x, int))\n"),
         "loop": ("right", """
def max_val(listval):
    best = None
    for x in listval:
        if isinstance(x, (int, float)) and not isinstance(x, bool):
            if best is None or x > best:
                best = x
    return best
"""),
         "zero_start": ("wrong", """
def max_val(listval):
    best = 0
    for x in listval:
        if type(x) == int and x > best:
            best = x
    return best
"""),
     }},
    {"task_id": 331, "gen": lambda r: (big(r, 1, 5000),), "edges": [(1,), (2,), (7,), (8,)],
     "solutions": {
         "bin_count": ("right", "def count_unset_bits(n):\n    return bin(n)[2:].count('0')\n"),
         "bit_length": ("right", "def count_unset_bits(n):\n    return n.bit_length() - bin(n).count('1')\n"),
         "shift_loop": ("right", """
def count_unset_bits(n):
    count = 0
    while n:
        if n & 1 == 0:
            count += 1
        n >>= 1
    return count
"""),
     }},
    {"task_id": 335, "gen": lambda r: (r.randint(-50, 50), r.randint(0, 200), r.randint(-20, 20)), "edges": [(1, 0, 1), (5, 1, 3), (0, 2, 0)],
     "solutions": {
         "formula": ("right", "def ap_sum(a, n, d):\n    return n * (2 * a + (n - 1) * d) / 2\n"),
         "loop": ("right", """
def ap_sum(a, n, d):
    total = 0
    term = a
    for _ in range(n):
        total += term
        term += d
    return total
"""),
         "last_term": ("right", "def ap_sum(a, n, d):\n    last = a + (n - 1) * d\n    return (a + last) * n // 2\n"),
     }},
    {"task_id": 343, "gen": lambda r: (word(r, 0, 15, "abcXYZ0129 .!_"),), "edges": [("",), ("1",), ("a",), (" ",)],
     "solutions": {
         "sum_gen": ("right", "def dig_let(s):\n    return (sum(c.isalpha() for c in s), sum(c.isdigit() for c in s))\n"),
         "loop": ("right", """
def dig_let(s):
    letters = digits = 0
    for c in s:
        if c.isalpha():
            letters += 1
        elif c.isdigit():
            digits += 1
    return letters, digits
"""),
         "alnum": ("right", """
def dig_let(s):
    digits = sum(1 for c in s if c.isdigit())
    letters = sum(1 for c in s if c.isalnum()) - digits
    return (letters, digits)
"""),
     }},
    {"task_id": 357, "gen": lambda r: ([tuple(ints(r, -30, 60, 1, 3)) for _ in range(r.randint(1, 6))],),
     "edges": [([(1,)],), ([(-1, -2)],), ([(0, 0), (0, 0)],)],
     "solutions": {
         "nested_max": ("right", "def find_max(test_list):\n    return max(max(t) for t in test_list)\n"),
         "chain": ("right", "from itertools import chain\n\ndef find_max(test_list):\n    return max(chain.from_iterable(test_list))\n"),
         "zero_start": ("wrong", """
def find_max(test_list):
    res = 0
    for t in test_list:
        for x in t:
            if x > res:
                res = x
    return res
"""),
     }},
    {"task_id": 364, "gen": lambda r: (word(r, 0, 16, "01"),), "edges": [("",), ("0",), ("1",), ("01",), ("11",)],
     "solutions": {
         "two_patterns": ("right", """
def min_flip_to_make_string_alternate(str):
    a = sum(1 for i, c in enumerate(str) if c != '01'[i % 2])
    return min(a, len(str) - a)
"""),
         "zip_cycle": ("right", """
from itertools import cycle

def min_flip_to_make_string_alternate(str):
    flips0 = sum(c != e for c, e in zip(str, cycle('01')))
    flips1 = sum(c != e for c, e in zip(str, cycle('10')))
    return min(flips0, flips1)
"""),
     }},
    {"task_id": 378, "gen": lambda r: (ints(r, -20, 20, 1, 10),), "edges": [([1],), ([1, 2],)],
     "solutions": {
         "slices": ("right", "def move_first(test_list):\n    return [test_list[-1]] + test_list[:-1]\n"),
         "insert_pop": ("right", """
def move_first(test_list):
    test_list.insert(0, test_list.pop())
    return test_list
"""),
         "deque": ("right", """
from collections import deque

def move_first(test_list):
    d = deque(test_list)
    d.rotate(1)
    return list(d)
"""),
     }},
    {"task_id": 394, "gen": lambda r: (tuple(ints(r, -5, 15, 0, 8)),), "edges": [((),), ((1,),), ((1, 1),)],
     "solutions": {
         "set_len": ("right", "def check_distinct(test_tup):\n    return len(set(test_tup)) == len(test_tup)\n"),
         "count": ("right", "def check_distinct(test_tup):\n    return all(test_tup.count(x) == 1 for x in test_tup)\n"),
         "seen": ("right", """
def check_distinct(test_tup):
    seen = set()
    for x in test_tup:
        if x in seen:
            return False
        seen.add(x)
    return True
"""),
     }},
    {"task_id": 428, "gen": lambda r: (ints(r, -50, 100, 0, 15),), "edges": [([],), ([1],), ([2, 1],), ([3, 3, 1],)],
     "solutions": {
         "gaps_halving": ("right", """
def shell_sort(my_list):
    arr = list(my_list)
    gap = len(arr) // 2
    while gap:
        for i in range(gap, len(arr)):
            tmp = arr[i]
            j = i
            while j >= gap and arr[j - gap] > tmp:
                arr[j] = arr[j - gap]
                j -= gap
            arr[j] = tmp
        gap //= 2
    return arr
"""),
         "knuth_gaps": ("right", """
def shell_sort(my_list):
    n = len(my_list)
    gap = 1
    while gap < n // 3:
        gap = 3 * gap + 1
    while gap >= 1:
        for i in range(gap, n):
            j = i
            while j >= gap and my_list[j] < my_list[j - gap]:
                my_list[j], my_list[j - gap] = my_list[j - gap], my_list[j]
                j -= gap
        gap //= 3
    return my_list
"""),
     }},
    {"task_id": 466, "gen": unimodal, "edges": [([5], 1), ([1, 2], 2), ([2, 1], 2)],
     "solutions": {
         "linear": ("right", """
def find_peak(arr, n):
    for i in range(n):
        if (i == 0 or arr[i - 1] <= arr[i]) and (i == n - 1 or arr[i + 1] <= arr[i]):
            return i
"""),
         "argmax": ("right", "def find_peak(arr, n):\n    return arr.index(max(arr))\n"),
         "binary": ("right", """
def find_peak(arr, n):
    lo, hi = 0, n - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if arr[mid] < arr[mid + 1]:
            lo = mid + 1
        else:
            hi = mid
    return lo
"""),
         "inner_only": ("wrong", """
def find_peak(arr, n):
    for i in range(1, n - 1):
        if arr[i - 1] < arr[i] > arr[i + 1]:
            return i
    return n - 1
"""),
     }},
    {"task_id": 475, "gen": lambda r: ({k: r.randint(0, 20) for k in r.sample(["Math", "Physics", "Chemistry", "Art", "Music", "History", "Biology"], r.randint(0, 7))},),
     "edges": [({},), ({"a": 1},), ({"a": 1, "b": 1},), ({"b": 2, "a": 2, "c": 3},)],
     "solutions": {
         "sorted_items": ("right", "def sort_counter(dict1):\n    return sorted(dict1.items(), key=lambda kv: kv[1], reverse=True)\n"),
         "most_common": ("right", "from collections import Counter\n\ndef sort_counter(dict1):\n    return Counter(dict1).most_common()\n"),
         "operator": ("right", """
import operator

def sort_counter(dict1):
    return sorted(dict1.items(), key=operator.itemgetter(1), reverse=True)
"""),
         "tuple_key": ("wrong", "def sort_counter(dict1):\n    return sorted(dict1.items(), key=lambda kv: (kv[1], kv[0]), reverse=True)\n"),
     }},
    {"task_id": 487, "gen": lambda r: ([tuple(ints(r, 0, 9, 1, 3)) for _ in range(r.randint(0, 8))],),
     "edges": [([],), ([(1,)],), ([(1, 2), (0, 2)],)],
     "solutions": {
         "sorted_key": ("right", "def sort_tuple(tup):\n    return sorted(tup, key=lambda t: t[-1])\n"),
         "in_place": ("right", "def sort_tuple(tup):\n    tup.sort(key=lambda x: x[-1])\n    return tup\n"),
         "reversed_tuples": ("wrong", "def sort_tuple(tup):\n    return sorted(tup, key=lambda t: t[::-1])\n"),
     }},
    {"task_id": 525, "gen": lambda r: tuple([r.randint(-9, 9), r.choice([i for i in range(-9, 10) if i])] + ([r.randint(-9, 9)] if r.random() < 0.7 else []) for _ in range(2)),
     "edges": [([1, 1], [2, 2]), ([0, 1, 2], [0, 5, 1]), ([1, -1], [-1, 1])],
     "solutions": {
         "cross": ("right", "def parallel_lines(line1, line2):\n    return line1[0] * line2[1] == line2[0] * line1[1]\n"),
         "slopes": ("right", """
def parallel_lines(line1, line2):
    slope1 = -line1[0] / line1[1]
    slope2 = -line2[0] / line2[1]
    return slope1 == slope2
"""),
         "abs_ratio": ("wrong", "def parallel_lines(line1, line2):\n    return abs(line1[0] / line1[1]) == abs(line2[0] / line2[1])\n"),
     }},
    {"task_id": 542, "gen": lambda r: (word(r, 0, 25, "abc ,.:X"),), "edges": [("",), (" ",), ("a.b,c d",)],
     "solutions": {
         "regex": ("right", "import re\n\ndef fill_spaces(text):\n    return re.sub(r'[ ,.]', ':', text)\n"),
         "translate": ("right", "def fill_spaces(text):\n    return text.translate(str.maketrans(' ,.', ':::'))\n"),
         "split_join": ("wrong", "import re\n\ndef fill_spaces(text):\n    return ':'.join(re.split(r'[ ,.]+', text))\n"),
     }},
    {"task_id": 543, "gen": lambda r: (big(r, 0, 10 ** 6), big(r, 1, 10 ** 6)), "edges": [(0, 1), (5, 5), (1, 9), (99, 1)],
     "solutions": {
         "str_len": ("right", "def count_digits(num1, num2):\n    return len(str(num1 + num2))\n"),
         "loop": ("right", """
def count_digits(num1, num2):
    total = num1 + num2
    digits = 0
    while total:
        total //= 10
        digits += 1
    return digits
"""),
         "log10": ("wrong", "import math\n\ndef count_digits(num1, num2):\n    return math.ceil(math.log10(num1 + num2))\n"),
     }},
    {"task_id": 569, "gen": lambda r: ([[word(r, 1, 6, "abcdeg") for _ in range(r.randint(0, 4))] for _ in range(r.randint(0, 5))],),
     "edges": [([],), ([[]],), ([["b", "a"]],), ([["B", "a"]],)],
     "solutions": {
         "map_sorted": ("right", "def sort_sublists(list1):\n    return list(map(sorted, list1))\n"),
         "comprehension": ("right", "def sort_sublists(list1):\n    return [sorted(sub) for sub in list1]\n"),
         "in_place": ("right", """
def sort_sublists(list1):
    for sub in list1:
        sub.sort()
    return list1
"""),
         "casefold": ("wrong", "def sort_sublists(list1):\n    return [sorted(sub, key=str.lower) for sub in list1]\n"),
     }},
    {"task_id": 575, "gen": nth_not_multiple, "edges": [(2, 1, 1, 1), (2, 1, 0, 1), (3, 2, 3, 5)],
     "solutions": {
         "loop": ("right", """
def count_no(A, N, L, R):
    count = 0
    for i in range(L, R + 1):
        if i % A != 0:
            count += 1
            if count == N:
                return i
    return R
"""),
         "exclusive_end": ("wrong", """
def count_no(A, N, L, R):
    count = 0
    for i in range(L, R):
        if i % A != 0:
            count += 1
            if count == N:
                return i
    return -1
"""),
         "list_index": ("right", "def count_no(A, N, L, R):\n    return [i for i in range(L, R + 1) if i % A][N - 1]\n"),
     }},
    {"task_id": 615, "gen": lambda r: (lambda w: (tuple(tuple(ints(r, -100, 100, w, w)) for _ in range(r.randint(1, 5))),))(r.randint(1, 5)),
     "edges": [(((1,),),), (((1, 2), (3, 4)),), (((0, -1),),)],
     "solutions": {
         "zip_mean": ("right", "def average_tuple(nums):\n    return [sum(col) / len(col) for col in zip(*nums)]\n"),
         "statistics": ("right", "from statistics import mean\n\ndef average_tuple(nums):\n    return [mean(col) for col in zip(*nums)]\n"),
         "index_loop": ("right", """
def average_tuple(nums):
    result = []
    for j in range(len(nums[0])):
        total = 0
        for row in nums:
            total += row[j]
        result.append(total / len(nums))
    return result
"""),
         "rounded": ("wrong", "def average_tuple(nums):\n    return [round(sum(c) / len(c), 2) for c in zip(*nums)]\n"),
     }},
    {"task_id": 657, "gen": lambda r: (r.randint(0, 150),), "edges": [(0,), (1,), (2,), (4,)],
     "solutions": {
         "math_factorial": ("right", "import math\n\ndef first_Digit(n):\n    return int(str(math.factorial(n))[0])\n"),
         "loop_strip": ("right", """
def first_Digit(n):
    f = 1
    for i in range(2, n + 1):
        f *= i
    while f >= 10:
        f //= 10
    return f
"""),
         "log10": ("wrong", """
import math

def first_Digit(n):
    if n < 2:
        return 1
    digits = sum(math.log10(i) for i in range(2, n + 1))
    return int(10 ** (digits - int(digits)) + 1e-9)
"""),
     }},
    {"task_id": 700, "gen": lambda r: (lambda lo: (ints(r, -20, 40, 0, 12), lo, lo + r.randint(0, 30)))(r.randint(-20, 30)),
     "edges": [([], 0, 1), ([5], 5, 5), ([1, 2, 3], 2, 2)],
     "solutions": {
         "sum_gen": ("right", "def count_range_in_list(li, min, max):\n    return sum(1 for x in li if min <= x <= max)\n"),
         "len_filter": ("right", "def count_range_in_list(li, min, max):\n    return len([x for x in li if x >= min and x <= max])\n"),
     }},
    {"task_id": 724, "gen": lambda r: (r.randint(0, 50), r.randint(0, 200)), "edges": [(0, 0), (0, 5), (1, 100), (10, 3)],
     "solutions": {
         "str_digits": ("right", "def power_base_sum(base, power):\n    return sum(int(d) for d in str(base ** power))\n"),
         "mod_loop": ("right", """
def power_base_sum(base, power):
    n = pow(base, power)
    total = 0
    while n:
        total += n % 10
        n //= 10
    return total
"""),
         "float_pow": ("wrong", """
import math

def power_base_sum(base, power):
    return sum(int(d) for d in str(int(math.pow(base, power))))
"""),
     }},
    {"task_id": 768, "gen": lambda r: (big(r, 0, 10 ** 5),), "edges": [(0,), (1,), (3,)],
     "solutions": {
         "bin_count": ("right", "def check_Odd_Parity(x):\n    return bin(x).count('1') % 2 == 1\n"),
         "xor_fold": ("right", """
def check_Odd_Parity(x):
    parity = 0
    while x:
        parity ^= x & 1
        x >>= 1
    return parity == 1
"""),
         "bit_count": ("right", "def check_Odd_Parity(x):\n    return x.bit_count() % 2 != 0\n"),
     }},
    {"task_id": 792, "gen": lambda r: ([ints(r, 0, 9, 0, 4) for _ in range(r.randint(0, 7))],), "edges": [([],), ([[]],)],
     "solutions": {
         "len": ("right", "def count_list(input_list):\n    return len(input_list)\n"),
         "isinstance": ("right", "def count_list(input_list):\n    return sum(1 for x in input_list if isinstance(x, list))\n"),
         "non_empty": ("wrong", "def count_list(input_list):\n    return len([x for x in input_list if x])\n"),
     }},
    {"task_id": 812, "gen": lambda r: (" ".join(r.choice(STREET) for _ in range(r.randint(0, 3))) + (" " if r.random() < 0.9 else "") + "Road",),
     "edges": [("Road",), ("a Road",), ("broadway Road",)],
     "solutions": {
         "regex_end": ("right", "import re\n\ndef road_rd(street):\n    return re.sub(r'Road$', 'Rd.', street)\n"),
         "endswith": ("right", """
def road_rd(street):
    if street.endswith('Road'):
        return street[:-4] + 'Rd.'
    return street
"""),
         "replace": ("right", "def road_rd(street):\n    return street.replace('Road', 'Rd.')\n"),
         "ignorecase": ("wrong", "import re\n\ndef road_rd(street):\n    return re.sub(r'road', 'Rd.', street, flags=re.IGNORECASE)\n"),
     }},
    {"task_id": 819, "gen": lambda r: ([r.choice([r.randint(0, 5), r.randint(0, 50)]) for _ in range(r.randint(2, 14))],),
     "edges": [([1, 1],), ([1, 2],), ([3, 3, 3, 1],)],
     "solutions": {
         "groupby": ("right", """
from itertools import groupby

def count_duplic(lists):
    groups = [(k, len(list(g))) for k, g in groupby(lists)]
    return [k for k, _ in groups], [n for _, n in groups]
"""),
         "loop": ("right", """
def count_duplic(lists):
    elements, counts = [], []
    for x in lists:
        if elements and elements[-1] == x:
            counts[-1] += 1
        else:
            elements.append(x)
            counts.append(1)
    return elements, counts
"""),
     }},
    {"task_id": 821, "gen": merge_pair, "edges": [({}, {}), ({"A": "x"}, {}), ({}, {"A": "x"}), ({"A": "x"}, {"A": "x"})],
     "solutions": {
         "unpack": ("right", "def merge_dictionaries(dict1, dict2):\n    return {**dict1, **dict2}\n"),
         "update": ("right", """
def merge_dictionaries(dict1, dict2):
    merged = dict1.copy()
    merged.update(dict2)
    return merged
"""),
         "union_op": ("right", "def merge_dictionaries(dict1, dict2):\n    return dict1 | dict2\n"),
     }},
    {"task_id": 834, "gen": lambda r: (r.randint(0, 25),), "edges": [(0,), (1,), (2,)],
     "solutions": {
         "directions": ("right", """
def generate_matrix(n):
    m = [[0] * n for _ in range(n)]
    dr, dc = [0, 1, 0, -1], [1, 0, -1, 0]
    r = c = d = 0
    for v in range(1, n * n + 1):
        m[r][c] = v
        nr, nc = r + dr[d], c + dc[d]
        if not (0 <= nr < n and 0 <= nc < n and m[nr][nc] == 0):
            d = (d + 1) % 4
            nr, nc = r + dr[d], c + dc[d]
        r, c = nr, nc
    return m
"""),
         "layers": ("right", """
def generate_matrix(n):
    if n <= 0:
        return []
    m = [[0] * n for _ in range(n)]
    top, bottom, left, right = 0, n - 1, 0, n - 1
    v = 1
    while top <= bottom and left <= right:
        for c in range(left, right + 1):
            m[top][c] = v; v += 1
        top += 1
        for r in range(top, bottom + 1):
            m[r][right] = v; v += 1
        right -= 1
        if top <= bottom:
            for c in range(right, left - 1, -1):
                m[bottom][c] = v; v += 1
            bottom -= 1
        if left <= right:
            for r in range(bottom, top - 1, -1):
                m[r][left] = v; v += 1
            left += 1
    return m
"""),
         "no_guards": ("wrong", """
def generate_matrix(n):
    m = [[0] * n for _ in range(n)]
    top, bottom, left, right = 0, n - 1, 0, n - 1
    v = 1
    while top <= bottom and left <= right:
        for c in range(left, right + 1):
            m[top][c] = v; v += 1
        top += 1
        for r in range(top, bottom + 1):
            m[r][right] = v; v += 1
        right -= 1
        for c in range(right, left - 1, -1):
            m[bottom][c] = v; v += 1
        bottom -= 1
        for r in range(bottom, top - 1, -1):
            m[r][left] = v; v += 1
        left += 1
    return m
"""),
     }},
    {"task_id": 836, "gen": unique_max_subarray, "edges": [([5], 1), ([-3], 1), ([-1, -2], 2), ([2, -5, 3], 3)],
     "solutions": {
         "kadane_track": ("right", """
def max_sub_array_sum(a, size):
    best = a[0]
    best_len = 1
    cur = 0
    cur_len = 0
    for x in a[:size]:
        if cur <= 0:
            cur, cur_len = x, 1
        else:
            cur, cur_len = cur + x, cur_len + 1
        if cur > best:
            best, best_len = cur, cur_len
    return best_len
"""),
         "brute": ("right", """
def max_sub_array_sum(a, size):
    best, length = None, 0
    for i in range(size):
        s = 0
        for j in range(i, size):
            s += a[j]
            if best is None or s > best:
                best, length = s, j - i + 1
    return length
"""),
         "zero_floor": ("wrong", """
def max_sub_array_sum(a, size):
    best = 0
    start = end = s = 0
    cur = 0
    for i in range(size):
        cur += a[i]
        if cur > best:
            best, start, end = cur, s, i
        if cur < 0:
            cur = 0
            s = i + 1
    return end - start + 1
"""),
     }},
    {"task_id": 840, "gen": lambda r: (r.choice([i for i in range(-10, 11) if i]), r.choice([0, 0, r.randint(-10, 10)]), r.randint(-10, 10)),
     "edges": [(1, 0, 0), (1, 0, -4), (1, 0, 4), (1, 2, 1)],
     "solutions": {
         "b_zero": ("right", "def Check_Solution(a, b, c):\n    return 'Yes' if b == 0 else 'No'\n"),
         "sum_of_roots": ("right", """
def Check_Solution(a, b, c):
    # the roots sum to -b/a; equal magnitude and opposite sign means the sum is zero
    if -b / a == 0:
        return "Yes"
    return "No"
"""),
         "nonzero_roots": ("wrong", """
def Check_Solution(a, b, c):
    # roots r and -r: their sum -b/a is zero, and r != 0
    if b == 0 and c != 0:
        return "Yes"
    return "No"
"""),
     }},
    {"task_id": 846, "gen": platforms, "edges": [([100], [200], 1), ([100, 200], [200, 300], 2), ([100, 100], [100, 100], 2)],
     "solutions": {
         "two_pointers": ("right", """
def find_platform(arr, dep, n):
    arr = sorted(arr)
    dep = sorted(dep)
    platforms = best = 1
    i, j = 1, 0
    while i < n and j < n:
        if arr[i] <= dep[j]:
            platforms += 1
            best = max(best, platforms)
            i += 1
        else:
            platforms -= 1
            j += 1
    return best
"""),
         "brute_times": ("right", """
def find_platform(arr, dep, n):
    needed = 1
    for i in range(n):
        present = sum(1 for j in range(n) if arr[j] <= arr[i] <= dep[j])
        needed = max(needed, present)
    return needed
"""),
         "strict_overlap": ("wrong", """
def find_platform(arr, dep, n):
    best = 0
    for i in range(n):
        overlap = sum(1 for j in range(n) if arr[j] < dep[i] and arr[i] < dep[j] or i == j)
        best = max(best, overlap)
    return best
"""),
     }},
    {"task_id": 847, "gen": lambda r: (ints(r, -20, 20, 0, 10),), "edges": [([],), ([1],)],
     "solutions": {
         "list": ("right", "def lcopy(xs):\n    return list(xs)\n"),
         "copy": ("right", "def lcopy(xs):\n    return xs.copy()\n"),
         "comprehension": ("right", "def lcopy(xs):\n    return [x for x in xs]\n"),
     }},
    {"task_id": 851, "gen": lambda r: (lambda n: (n, divisor_sum(n)))(r.randint(1, 2000)), "edges": [(1, 1), (2, 3), (6, 12)],
     "solutions": {
         "ratio": ("right", "def Sum_of_Inverse_Divisors(N, Sum):\n    return round(Sum / N, 2)\n"),
         "format": ("right", "def Sum_of_Inverse_Divisors(N, Sum):\n    return float(f'{Sum / N:.2f}')\n"),
         "truncate": ("wrong", "def Sum_of_Inverse_Divisors(N, Sum):\n    return int(Sum / N * 100) / 100\n"),
     }},
    {"task_id": 853, "gen": lambda r: (big(r, 1, 3000),), "edges": [(1,), (2,), (3,), (9,), (64,)],
     "solutions": {
         "brute": ("right", "def sum_of_odd_Factors(n):\n    return sum(d for d in range(1, n + 1, 2) if n % d == 0)\n"),
         "strip_twos": ("right", """
def sum_of_odd_Factors(n):
    while n % 2 == 0:
        n //= 2
    total = 0
    i = 1
    while i * i <= n:
        if n % i == 0:
            total += i
            if i != n // i:
                total += n // i
        i += 1
    return total
"""),
         "sqrt_double": ("wrong", """
def sum_of_odd_Factors(n):
    total = 0
    i = 1
    while i * i <= n:
        if n % i == 0:
            if i % 2:
                total += i
            if (n // i) % 2:
                total += n // i
        i += 1
    return total
"""),
     }},
    {"task_id": 854, "gen": lambda r: (ints(r, -30, 100, 0, 14),), "edges": [([],), ([1],), ([2, 1],), ([1, 1, 1],)],
     "solutions": {
         "heapify": ("right", "import heapq\n\ndef raw_heap(rawheap):\n    heapq.heapify(rawheap)\n    return rawheap\n"),
         "heapify_copy": ("right", "import heapq as hq\n\ndef raw_heap(rawheap):\n    heap = list(rawheap)\n    hq.heapify(heap)\n    return heap\n"),
         "sift_down": ("right", """
def raw_heap(rawheap):
    a = list(rawheap)
    n = len(a)

    def sift(i):
        while True:
            small = i
            for c in (2 * i + 1, 2 * i + 2):
                if c < n and a[c] < a[small]:
                    small = c
            if small == i:
                return
            a[i], a[small] = a[small], a[i]
            i = small

    for i in range(n // 2 - 1, -1, -1):
        sift(i)
    return a
"""),
     }},
    {"task_id": 860, "gen": lambda r: (word(r, 0, 10, "abzAZ09@#!. -"),), "edges": [("",), ("a",), ("@",), ("a@",), ("@a",)],
     "solutions": {
         "regex": ("right", """
import re

def check_alphanumeric(string):
    return 'Accept' if re.search(r'[a-zA-Z0-9]$', string) else 'Discard'
"""),
         "isalnum": ("right", """
def check_alphanumeric(string):
    if string and string[-1].isalnum():
        return "Accept"
    return "Discard"
"""),
         "whole_string": ("wrong", """
def check_alphanumeric(string):
    if string.isalnum():
        return 'Accept'
    return 'Discard'
"""),
     }},
    {"task_id": 862, "gen": lambda r: (" ".join(r.choice(WORDS) for _ in range(r.randint(1, 12))), r.randint(1, 6)),
     "edges": [("a", 1), ("a a b", 1), ("a b a b", 2), ("a b", 5)],
     "solutions": {
         "counter_split": ("right", "from collections import Counter\n\ndef n_common_words(text, n):\n    return Counter(text.split()).most_common(n)\n"),
         "counter_regex": ("right", """
import re
from collections import Counter

def n_common_words(text, n):
    return list(Counter(re.findall(r'\\w+', text)).most_common(n))
"""),
         "dict_sorted": ("right", """
def n_common_words(text, n):
    counts = {}
    for w in text.split(' '):
        counts[w] = counts.get(w, 0) + 1
    return sorted(counts.items(), key=lambda kv: -kv[1])[:n]
"""),
         "nlargest": ("right", """
import heapq
from collections import Counter

def n_common_words(text, n):
    return heapq.nlargest(n, Counter(text.split()).items(), key=lambda kv: kv[1])
"""),
     }},
    {"task_id": 871, "gen": lambda r: (lambda s: (s, r.choice([s[k:] + s[:k] for k in range(len(s) + 1)] + [word(r, 0, 6, "abc")])))(word(r, 0, 6, "abc")),
     "edges": [("", ""), ("a", ""), ("ab", "ba"), ("aa", "a"), ("ab", "b")],
     "solutions": {
         "doubled": ("right", "def are_Rotations(string1, string2):\n    return len(string1) == len(string2) and string2 in string1 + string1\n"),
         "try_all": ("right", """
def are_Rotations(string1, string2):
    if len(string1) != len(string2):
        return False
    if not string1:
        return True
    return any(string1[i:] + string1[:i] == string2 for i in range(len(string1)))
"""),
         "no_length_check": ("wrong", "def are_Rotations(string1, string2):\n    return string2 in string1 + string1\n"),
     }},
    {"task_id": 873, "gen": lambda r: (r.randint(1, 22),), "edges": [(1,), (2,), (3,)],
     "solutions": {
         "iterative": ("right", """
def fibonacci(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a
"""),
         "memo": ("right", """
from functools import lru_cache

@lru_cache(maxsize=None)
def fibonacci(n):
    if n <= 2:
        return 1
    return fibonacci(n - 1) + fibonacci(n - 2)
"""),
         "binet": ("right", """
import math

def fibonacci(n):
    phi = (1 + math.sqrt(5)) / 2
    return round(phi ** n / math.sqrt(5))
"""),
     }},
    {"task_id": 881, "gen": lambda r: (lambda xs: (r.shuffle(xs), (xs,))[1])(ints(r, -30, 30, 0, 8) + [2 * r.randint(-20, 20), 2 * r.randint(-20, 20) + 1]),
     "edges": [([1, 2],), ([2, 1],), ([0, -1],), ([0, 2, 1],)],
     "solutions": {
         "next_gen": ("right", """
def sum_even_odd(list1):
    even = next(x for x in list1 if x % 2 == 0)
    odd = next(x for x in list1 if x % 2 != 0)
    return even + odd
"""),
         "loop": ("right", """
def sum_even_odd(list1):
    first_even = first_odd = None
    for x in list1:
        if x % 2 == 0 and first_even is None:
            first_even = x
        elif x % 2 == 1 and first_odd is None:
            first_odd = x
    return first_even + first_odd
"""),
         "truthy_check": ("wrong", """
def sum_even_odd(list1):
    even = odd = 0
    for x in list1:
        if x % 2 == 0 and not even:
            even = x
        if x % 2 and not odd:
            odd = x
    return even + odd
"""),
     }},
    {"task_id": 912, "gen": lambda r: (lambda n: (n, r.randint(0, n)))(r.randint(0, 25)), "edges": [(0, 0), (1, 0), (1, 1), (5, 5)],
     "solutions": {
         "comb": ("right", "from math import comb\n\ndef lobb_num(n, m):\n    return (2 * m + 1) * comb(2 * n, m + n) / (m + n + 1)\n"),
         "factorials": ("right", """
from math import factorial

def lobb_num(n, m):
    c = factorial(2 * n) // (factorial(m + n) * factorial(n - m))
    return (2 * m + 1) * c // (m + n + 1)
"""),
     }},
    {"task_id": 918, "gen": coins, "edges": [([1], 1, 0), ([2], 1, 3), ([5, 3], 2, 8)],
     "solutions": {
         "one_dim": ("right", """
def coin_change(S, m, n):
    ways = [1] + [0] * n
    for coin in S[:m]:
        for v in range(coin, n + 1):
            ways[v] += ways[v - coin]
    return ways[n]
"""),
         "recursive": ("right", """
from functools import lru_cache

def coin_change(S, m, n):
    @lru_cache(maxsize=None)
    def count(i, rest):
        if rest == 0:
            return 1
        if rest < 0 or i == m:
            return 0
        return count(i, rest - S[i]) + count(i + 1, rest)
    return count(0, n)
"""),
         "zero_target": ("wrong", """
def coin_change(S, m, n):
    if n == 0:
        return 0
    ways = [1] + [0] * n
    for coin in S[:m]:
        for v in range(coin, n + 1):
            ways[v] += ways[v - coin]
    return ways[n]
"""),
     }},
    {"task_id": 935, "gen": lambda r: (big(r, 0, 500),), "edges": [(0,), (1,)],
     "solutions": {
         "formula_int": ("right", "def series_sum(number):\n    return number * (number + 1) * (2 * number + 1) // 6\n"),
         "loop": ("right", "def series_sum(number):\n    return sum(i * i for i in range(1, number + 1))\n"),
     }},
    {"task_id": 955, "gen": lambda r: (big(r, 1, 2000),), "edges": [(1,), (12,), (6,), (945,)],
     "solutions": {
         "proper_sum": ("right", "def is_abundant(n):\n    return sum(d for d in range(1, n) if n % d == 0) > n\n"),
         "sqrt_pairs": ("right", """
def is_abundant(n):
    total = 1 if n > 1 else 0
    i = 2
    while i * i <= n:
        if n % i == 0:
            total += i
            if i != n // i:
                total += n // i
        i += 1
    return total > n
"""),
         "half_range": ("right", "def is_abundant(n):\n    return sum(d for d in range(1, n // 2 + 1) if n % d == 0) > n\n"),
         "at_least": ("wrong", "def is_abundant(n):\n    return sum(d for d in range(1, n) if n % d == 0) >= n\n"),
     }},
]
