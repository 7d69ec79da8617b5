"""Third held-out MBPP set (issue 16 item 5): solutions written as a model answers the statement.

Same format as ``bench/heldout/mbpp_tasks.py``. Each task: ``task_id``; ``gen(r)`` draws one
argument tuple INSIDE the task's domain, as read from the statement (an EvalPlus-style contract
written by hand: what the task means, not what the tests happen to use); ``edges`` are boundary
tuples inside the domain; ``solutions`` map a name to ``(meant, code)``, where ``meant`` is what
the author meant to write (``right`` or ``wrong``). The label that counts is the one
``bench/heldout_sets.py`` gets by running them against MBPP's reference; ``meant`` is kept only to
show where the two differ.

Written without reading the differential stage, its development sets or the earlier held-out
MBPP sets' tasks. Do not tune on it.
"""

from __future__ import annotations

import string

from heldout_generators import big, ints, word  # bench/ is on sys.path (heldout_sets.py)


COLOURS = ["red", "green", "blue", "pink", "black", "white", "Red", "orange"]


def min_ops(r):
    k = r.randint(1, 7)
    top = r.randint(0, 60)
    arr = [top - k * r.randint(0, 8) for _ in range(r.randint(1, 8))]
    if r.random() < 0.4:
        arr[r.randrange(len(arr))] -= r.randint(1, k)
    arr = [max(0, x) for x in arr]
    return (arr, len(arr), k)


SENTENCE_WORDS = ["the", "quick", "brown", "fox", "foxes", "jumps", "over", "lazy", "dog", "Dog", "cat", "category"]


def literals(r):
    text = " ".join(r.choice(SENTENCE_WORDS) for _ in range(r.randint(0, 8)))
    if r.random() < 0.3:
        text += "."
    pattern = r.choice(SENTENCE_WORDS + ["ox", "cat", "ump", "horse", "the q"])
    return (text, [pattern])


def square(r):
    x1, y1 = r.randint(-20, 20), r.randint(-20, 20)
    side = r.randint(1, 30)
    return (x1, y1, x1 + side, y1 + side)


def triangle(r):
    n = r.randint(1, 7)
    tri = [[r.randint(-5, 40) for _ in range(i + 1)] for i in range(n)]
    return (tri, n)


def max_product_input(r):
    """Two or more integers whose highest pair product is reached by one pair only (the statement
    asks for "a pair": with ties any maximal pair would do, and MBPP's reference picks one)."""
    while True:
        arr = ints(r, -12, 12, 2, 8)
        products = sorted((arr[i] * arr[j] for i in range(len(arr)) for j in range(i + 1, len(arr))), reverse=True)
        if len(products) == 1 or products[0] != products[1]:
            return (arr,)


TASKS = [
    {"task_id": 13, "gen": lambda r: ([r.choice(COLOURS) for _ in range(r.randint(0, 25))],),
     "edges": [([],), (["red"],), (["a", "b", "c", "d", "e"],), (["b", "a", "a", "b"],)],
     "solutions": {
         "most_common": ("right", """
from collections import Counter

def count_common(words):
    return Counter(words).most_common(4)
"""),
         "dict_sorted": ("right", """
def count_common(words):
    counts = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    return sorted(counts.items(), key=lambda kv: kv[1], reverse=True)[:4]
"""),
         "nlargest": ("right", """
import heapq
from collections import Counter
from operator import itemgetter

def count_common(words):
    return heapq.nlargest(4, Counter(words).items(), key=itemgetter(1))
"""),
     }},
    {"task_id": 79, "gen": lambda r: (word(r, 1, 14, string.ascii_letters),),
     "edges": [("a",), ("ab",), ("abc",)],
     "solutions": {
         "mod": ("right", "def word_len(s):\n    return len(s) % 2 != 0\n"),
         "bitand": ("right", "def word_len(s):\n    return bool(len(s) & 1)\n"),
         "if_else": ("right", """
def word_len(s):
    if len(s) % 2 == 1:
        return True
    else:
        return False
"""),
     }},
    {"task_id": 112, "gen": lambda r: (big(r, 1, 50), big(r, 1, 50)) if r.random() < 0.7
        else (round(r.uniform(0.1, 40), 2), round(r.uniform(0.1, 40), 2)),
     "edges": [(1, 1), (0.5, 2.5)],
     "solutions": {
         "twice_sum": ("right", "def perimeter(diameter, height):\n    return 2 * (diameter + height)\n"),
         "expanded": ("right", "def perimeter(diameter, height):\n    return 2 * diameter + 2 * height\n"),
     }},
    {"task_id": 130, "gen": lambda r: (ints(r, -5, 12, 1, 20),),
     "edges": [([7],), ([1, 2],), ([1, 2, 2, 1],), ([-1, -1, 3],)],
     "solutions": {
         "counter_most_common": ("right", """
from collections import Counter

def max_occurrences(nums):
    return Counter(nums).most_common(1)[0]
"""),
         "dict_max": ("right", """
def max_occurrences(nums):
    counts = {}
    for n in nums:
        counts[n] = counts.get(n, 0) + 1
    best = max(counts, key=counts.get)
    return (best, counts[best])
"""),
         "streaming": ("wrong", """
def max_occurrences(nums):
    counts = {}
    best, best_count = None, 0
    for n in nums:
        counts[n] = counts.get(n, 0) + 1
        if counts[n] > best_count:
            best, best_count = n, counts[n]
    return (best, best_count)
"""),
     }},
    {"task_id": 158, "gen": min_ops,
     "edges": [([5], 1, 3), ([2, 2, 2], 3, 1), ([0, 6], 2, 3), ([0, 5], 2, 3)],
     "solutions": {
         "loop": ("right", """
def min_Ops(arr, n, k):
    top = max(arr)
    ops = 0
    for x in arr:
        diff = top - x
        if diff % k != 0:
            return -1
        ops += diff // k
    return ops
"""),
         "residues": ("right", """
def min_Ops(arr, n, k):
    if len({x % k for x in arr}) > 1:
        return -1
    m = max(arr)
    return sum((m - x) // k for x in arr)
"""),
         "float_division": ("right", """
def min_Ops(arr, n, k):
    target = max(arr)
    total = 0
    for x in arr:
        if (target - x) % k:
            return -1
        total += (target - x) / k
    return total
"""),
         "last_as_max": ("wrong", """
def min_Ops(arr, n, k):
    target = arr[n - 1]
    ops = 0
    for i in range(n):
        if (target - arr[i]) % k != 0:
            return -1
        ops += (target - arr[i]) // k
    return ops
"""),
     }},
    {"task_id": 186, "gen": literals,
     "edges": [("", ["fox"]), ("fox", ["fox"]), ("foxes", ["fox"]), ("The dog", ["the"])],
     "solutions": {
         "any_search": ("right", """
import re

def check_literals(text, patterns):
    if any(re.search(re.escape(p), text) for p in patterns):
        return 'Matched!'
    return 'Not Matched!'
"""),
         "in_operator": ("right", """
def check_literals(text, patterns):
    for pattern in patterns:
        if pattern in text:
            return 'Matched!'
    return 'Not Matched!'
"""),
         "word_boundary": ("wrong", """
import re

def check_literals(text, patterns):
    for pattern in patterns:
        if re.search(r'\\b' + re.escape(pattern) + r'\\b', text):
            return 'Matched!'
    return 'Not Matched!'
"""),
     }},
    {"task_id": 190, "gen": square,
     "edges": [(0, 0, 1, 1), (0, 0, 2, 2), (-3, -3, 3, 3)],
     "solutions": {
         "formula": ("right", """
def count_Intgral_Points(x1, y1, x2, y2):
    return (x2 - x1 - 1) * (y2 - y1 - 1)
"""),
         "side_squared": ("right", """
def count_Intgral_Points(x1, y1, x2, y2):
    side = abs(x2 - x1)
    return (side - 1) ** 2
"""),
     }},
    {"task_id": 206, "gen": lambda r: (tuple(word(r, 0, 4, "ab ") for _ in range(r.randint(0, 7))),),
     "edges": [((),), (("a",),), (("a", "b"),)],
     "solutions": {
         "zip": ("right", """
def concatenate_elements(test_tup):
    return tuple(a + b for a, b in zip(test_tup, test_tup[1:]))
"""),
         "index_loop": ("right", """
def concatenate_elements(test_tup):
    result = []
    for i in range(len(test_tup) - 1):
        result.append(test_tup[i] + test_tup[i + 1])
    return tuple(result)
"""),
     }},
    {"task_id": 214, "gen": lambda r: (r.choice([r.randint(-400, 400), round(r.uniform(-10, 10), 3)]),),
     "edges": [(0,), (1,), (-1,)],
     "solutions": {
         "math_degrees": ("right", "import math\n\ndef degree_radian(radian):\n    return math.degrees(radian)\n"),
         "formula": ("right", "import math\n\ndef degree_radian(radian):\n    return radian * (180 / math.pi)\n"),
     }},
    {"task_id": 231, "gen": triangle,
     "edges": [([[5]], 1), ([[1], [2, 3]], 2), ([[1], [9, 1], [1, 1, 20]], 3)],
     "solutions": {
         "bottom_up": ("right", """
def max_sum(tri, n):
    row = list(tri[n - 1])
    for i in range(n - 2, -1, -1):
        row = [tri[i][j] + max(row[j], row[j + 1]) for j in range(i + 1)]
    return row[0]
"""),
         "top_down": ("right", """
def max_sum(tri, n):
    best = [tri[0][0]]
    for i in range(1, n):
        new = []
        for j in range(i + 1):
            left = best[j - 1] if j > 0 else float('-inf')
            right = best[j] if j < i else float('-inf')
            new.append(tri[i][j] + max(left, right))
        best = new
    return max(best)
"""),
         "greedy": ("wrong", """
def max_sum(tri, n):
    total = tri[0][0]
    j = 0
    for i in range(1, n):
        if tri[i][j + 1] > tri[i][j]:
            j += 1
        total += tri[i][j]
    return total
"""),
     }},
    {"task_id": 239, "gen": lambda r: (r.randint(1, 120), r.randint(1, 7)),
     "edges": [(1, 1), (1, 2), (4, 3), (3, 3)],
     "solutions": {
         "recursive": ("right", """
def get_total_number_of_sequences(m, n):
    def count(prev, left):
        if left == 0:
            return 1
        total = 0
        start = max(1, 2 * prev)
        for value in range(start, m + 1):
            total += count(value, left - 1)
        return total
    return count(0, n)
"""),
         "dp": ("right", """
def get_total_number_of_sequences(m, n):
    # ways[v]: sequences of the current length ending in v
    ways = [0] + [1] * m
    for _ in range(n - 1):
        new = [0] * (m + 1)
        for v in range(1, m + 1):
            new[v] = sum(ways[u] for u in range(1, v // 2 + 1))
        ways = new
    return sum(ways)
"""),
     }},
    {"task_id": 262, "gen": lambda r: (lambda xs: (xs, r.randint(0, len(xs))))(ints(r, -9, 9, 0, 10)),
     "edges": [([], 0), ([1], 0), ([1], 1), ([1, 2, 3], 3)],
     "solutions": {
         "slices": ("right", "def split_two_parts(list1, L):\n    return (list1[:L], list1[L:])\n"),
         "loop": ("right", """
def split_two_parts(list1, L):
    first, second = [], []
    for i, x in enumerate(list1):
        (first if i < L else second).append(x)
    return first, second
"""),
     }},
    {"task_id": 267, "gen": lambda r: (big(r, 0, 100),),
     "edges": [(0,), (1,), (2,)],
     "solutions": {
         "loop": ("right", """
def square_Sum(n):
    total = 0
    for i in range(1, 2 * n, 2):
        total += i * i
    return total
"""),
         "closed_form": ("right", "def square_Sum(n):\n    return n * (2 * n - 1) * (2 * n + 1) // 3\n"),
         "generator": ("right", "def square_Sum(n):\n    return sum((2 * i + 1) ** 2 for i in range(n))\n"),
         "float_formula": ("right", "def square_Sum(n):\n    return n * (4 * n * n - 1) / 3\n"),
     }},
    {"task_id": 273, "gen": lambda r: (lambda k: (tuple(ints(r, -50, 50, k, k)), tuple(ints(r, -50, 50, k, k))))(r.randint(0, 6)),
     "edges": [((), ()), ((1,), (1,))],
     "solutions": {
         "map_sub": ("right", """
import operator

def substract_elements(test_tup1, test_tup2):
    return tuple(map(operator.sub, test_tup1, test_tup2))
"""),
         "zip": ("right", """
def substract_elements(test_tup1, test_tup2):
    return tuple(a - b for a, b in zip(test_tup1, test_tup2))
"""),
     }},
    {"task_id": 283, "gen": lambda r: (r.choice([r.randint(1, 10 ** r.randint(1, 9)), int("1" + "".join(r.choice("0123") for _ in range(r.randint(0, 8))))]),),
     "edges": [(1,), (10,), (22,), (333,), (4444,), (101,)],
     "solutions": {
         "counter": ("right", """
from collections import Counter

def validate(n):
    for digit, count in Counter(str(n)).items():
        if count > int(digit):
            return False
    return True
"""),
         "all_count": ("right", """
def validate(n):
    s = str(n)
    return all(s.count(d) <= int(d) for d in set(s))
"""),
         "misses_leading": ("wrong", """
def validate(n):
    counts = [0] * 10
    while n > 9:
        counts[n % 10] += 1
        n //= 10
    return all(counts[d] <= d for d in range(10))
"""),
     }},
    {"task_id": 293, "gen": lambda r: (big(r, 1, 60), big(r, 1, 60)) if r.random() < 0.7
        else (round(r.uniform(0.1, 50), 2), round(r.uniform(0.1, 50), 2)),
     "edges": [(3, 4), (1, 1), (5, 12)],
     "solutions": {
         "hypot": ("right", "import math\n\ndef otherside_rightangle(w, h):\n    return math.hypot(w, h)\n"),
         "power": ("right", "def otherside_rightangle(w, h):\n    return (w ** 2 + h ** 2) ** 0.5\n"),
     }},
    {"task_id": 303, "gen": lambda r: (lambda xs: (xs, len(xs)))(ints(r, 0, 6, 1, 9) if r.random() < 0.6
                                                              else r.sample(range(r.randint(1, 9)), k=0) or (lambda n: r.sample(range(n), n))(r.randint(1, 9))),
     "edges": [([0], 1), ([1, 0], 2), ([2, 0, 1], 3), ([1, 1, 1], 3)],
     "solutions": {
         "count_both": ("right", """
def solve(a, n):
    global_inv = 0
    for i in range(n):
        for j in range(i + 1, n):
            if a[i] > a[j]:
                global_inv += 1
    local_inv = sum(1 for i in range(n - 1) if a[i] > a[i + 1])
    return global_inv == local_inv
"""),
         "suffix_min": ("right", """
def solve(a, n):
    suffix_min = float('inf')
    for i in range(n - 3, -1, -1):
        suffix_min = min(suffix_min, a[i + 2])
        if a[i] > suffix_min:
            return False
    return True
"""),
         "permutation_trick": ("wrong", """
def solve(a, n):
    # every global inversion is local exactly when no element is more than one place away
    return all(abs(a[i] - i) <= 1 for i in range(n))
"""),
     }},
    {"task_id": 306, "gen": lambda r: (lambda a: (lambda i: (a, len(a), i, r.randint(i + 1, len(a) - 1)))(r.randint(0, len(a) - 2)))(ints(r, 0, 60, 2, 10)),
     "edges": [([1, 2], 2, 0, 1), ([2, 1], 2, 0, 1), ([3, 3, 3], 3, 1, 2)],
     "solutions": {
         "msis_then_k": ("right", """
def max_sum_increasing_subseq(a, n, index, k):
    # best[i]: largest sum of an increasing subsequence of a[:index + 1] ending at i
    best = []
    for i in range(index + 1):
        s = a[i]
        for j in range(i):
            if a[j] < a[i]:
                s = max(s, best[j] + a[i])
        best.append(s)
    prefix = [best[i] for i in range(index + 1) if a[i] < a[k]]
    return (max(prefix) if prefix else 0) + a[k]
"""),
         "memo": ("right", """
from functools import lru_cache

def max_sum_increasing_subseq(a, n, index, k):
    @lru_cache(maxsize=None)
    def ending(i):
        return a[i] + max([ending(j) for j in range(i) if a[j] < a[i]], default=0)
    return a[k] + max([ending(i) for i in range(index + 1) if a[i] < a[k]], default=0)
"""),
         "non_strict": ("wrong", """
def max_sum_increasing_subseq(a, n, index, k):
    dp = list(a[:index + 1])
    for i in range(index + 1):
        for j in range(i):
            if a[j] <= a[i] and dp[j] + a[i] > dp[i]:
                dp[i] = dp[j] + a[i]
    best = 0
    for i in range(index + 1):
        if a[i] <= a[k]:
            best = max(best, dp[i])
    return best + a[k]
"""),
     }},
    {"task_id": 317, "gen": lambda r: (ints(r, 0, 3, 0, 12),) if r.random() < 0.5 else (word(r, 0, 14, "aabc"),),
     "edges": [([],), ("",), ("a",), ([1, 1],), ("aaa",)],
     "solutions": {
         "groupby": ("right", """
from itertools import groupby

def modified_encode(alist):
    result = []
    for key, group in groupby(alist):
        n = len(list(group))
        result.append([n, key] if n > 1 else key)
    return result
"""),
         "manual": ("right", """
def modified_encode(alist):
    result = []
    i = 0
    while i < len(alist):
        j = i
        while j < len(alist) and alist[j] == alist[i]:
            j += 1
        count = j - i
        result.append([count, alist[i]] if count > 1 else alist[i])
        i = j
    return result
"""),
     }},
    {"task_id": 322, "gen": lambda r: (ints(r, -10, 10, 1, 15),),
     "edges": [([5],), ([1, 1],), ([-2, 3, -2],)],
     "solutions": {
         "enumerate": ("right", """
def position_min(list1):
    smallest = min(list1)
    return [i for i, x in enumerate(list1) if x == smallest]
"""),
         "one_pass": ("right", """
def position_min(list1):
    best = None
    positions = []
    for i, x in enumerate(list1):
        if best is None or x < best:
            best = x
            positions = [i]
        elif x == best:
            positions.append(i)
    return positions
"""),
     }},
    {"task_id": 333, "gen": lambda r: ([[word(r, 1, 5), r.randint(0, 8)] for _ in range(r.randint(0, 8))],),
     "edges": [([],), ([["a", 1]],), ([["b", 1], ["a", 1]],)],
     "solutions": {
         "sorted_itemgetter": ("right", """
from operator import itemgetter

def Sort(sub_li):
    return sorted(sub_li, key=itemgetter(1))
"""),
         "in_place": ("right", """
def Sort(sub_li):
    sub_li.sort(key=lambda x: x[1])
    return sub_li
"""),
         "reversed_key": ("wrong", """
def Sort(sub_li):
    return sorted(sub_li, key=lambda x: x[::-1])
"""),
     }},
    {"task_id": 336, "gen": lambda r: (r.choice(["January", "February", "March", "April", "May", "June", "July",
                                                 "August", "September", "October", "November", "December"]),),
     "edges": [("February",), ("December",)],
     "solutions": {
         "equals": ("right", "def check_monthnum(monthname1):\n    return monthname1 == 'February'\n"),
         "lower": ("right", "def check_monthnum(monthname1):\n    return monthname1.lower() == 'february'\n"),
     }},
    {"task_id": 346, "gen": lambda r: (lambda n: (n, r.randint(0, n)))(r.randint(0, 10)),
     "edges": [(0, 0), (1, 0), (1, 1), (5, 5)],
     "solutions": {
         "memo": ("right", """
from functools import lru_cache

@lru_cache(maxsize=None)
def zigzag(n, k):
    if n == 0 and k == 0:
        return 1
    if k == 0:
        return 0
    return zigzag(n, k - 1) + zigzag(n - 1, n - k)
"""),
         "table": ("right", """
def zigzag(n, k):
    E = [[0] * (n + 1) for _ in range(n + 1)]
    E[0][0] = 1
    for i in range(1, n + 1):
        for j in range(1, i + 1):
            E[i][j] = E[i][j - 1] + E[i - 1][i - j]
    return E[n][k]
"""),
     }},
    {"task_id": 359, "gen": lambda r: (lambda a, root: (a, -3 * a * root, 2 * a * root * root))(r.choice([-3, -2, -1, 1, 2, 3]), r.randint(-6, 6))
        if r.random() < 0.4 else (r.choice([x for x in range(-9, 10) if x]), r.randint(-12, 12), r.randint(-12, 12)),
     "edges": [(1, 0, 0), (1, -3, 2), (-1, 3, -2), (2, 0, 1)],
     "solutions": {
         "condition": ("right", """
def Check_Solution(a, b, c):
    return "Yes" if 2 * b * b == 9 * a * c else "No"
"""),
         "roots": ("right", """
import cmath

def Check_Solution(a, b, c):
    d = cmath.sqrt(b * b - 4 * a * c)
    r1 = (-b + d) / (2 * a)
    r2 = (-b - d) / (2 * a)
    if abs(r1 - 2 * r2) < 1e-9 or abs(r2 - 2 * r1) < 1e-9:
        return "Yes"
    return "No"
"""),
         "one_direction": ("wrong", """
import math

def Check_Solution(a, b, c):
    d = b * b - 4 * a * c
    if d < 0:
        return "No"
    r1 = (-b + math.sqrt(d)) / (2 * a)
    r2 = (-b - math.sqrt(d)) / (2 * a)
    return "Yes" if r2 == 2 * r1 else "No"
"""),
     }},
    {"task_id": 376, "gen": lambda r: (tuple(ints(r, 0, 6, 0, 12)),),
     "edges": [((),), ((1,),), ((1, 1, 1),)],
     "solutions": {
         "seen_set": ("right", """
def remove_replica(test_tup):
    seen = set()
    result = []
    for x in test_tup:
        if x in seen:
            result.append('MSP')
        else:
            seen.add(x)
            result.append(x)
    return tuple(result)
"""),
         "first_index": ("right", """
def remove_replica(test_tup):
    return tuple(x if test_tup.index(x) == i else 'MSP' for i, x in enumerate(test_tup))
"""),
     }},
    {"task_id": 385, "gen": lambda r: (r.randint(0, 24),),
     "edges": [(0,), (1,), (2,), (3,)],
     "solutions": {
         "memo": ("right", """
from functools import lru_cache

@lru_cache(maxsize=None)
def get_perrin(n):
    if n == 0:
        return 3
    if n == 1:
        return 0
    if n == 2:
        return 2
    return get_perrin(n - 2) + get_perrin(n - 3)
"""),
         "iterative": ("right", """
def get_perrin(n):
    seq = [3, 0, 2]
    while len(seq) <= n:
        seq.append(seq[-2] + seq[-3])
    return seq[n]
"""),
     }},
    {"task_id": 398, "gen": lambda r: (ints(r, -500, 500, 0, 8),),
     "edges": [([],), ([0],), ([-7],), ([[1, 'a', -23]],)],
     "solutions": {
         "flatten": ("right", """
def sum_of_digits(nums):
    total = 0
    for x in nums:
        if isinstance(x, (list, tuple)):
            total += sum_of_digits(x)
        elif isinstance(x, int):
            total += sum(int(d) for d in str(abs(x)))
    return total
"""),
         "str_digits": ("right", """
def sum_of_digits(nums):
    return sum(int(ch) for ch in str(nums) if ch.isdigit())
"""),
     }},
    {"task_id": 408, "gen": lambda r: (sorted(ints(r, -5, 15, 0, 5)), sorted(ints(r, -5, 15, 0, 5)), r.randint(1, 12)),
     "edges": [([], [1], 1), ([1], [1], 1), ([1, 1], [1, 1], 4), ([1, 2], [3], 5)],
     "solutions": {
         "brute_force": ("right", """
def k_smallest_pairs(nums1, nums2, k):
    pairs = [[a, b] for a in nums1 for b in nums2]
    pairs.sort(key=sum)
    return pairs[:k]
"""),
         "heap_visited": ("right", """
import heapq

def k_smallest_pairs(nums1, nums2, k):
    if not nums1 or not nums2:
        return []
    heap = [(nums1[0] + nums2[0], 0, 0)]
    visited = {(0, 0)}
    result = []
    while heap and len(result) < k:
        _, i, j = heapq.heappop(heap)
        result.append([nums1[i], nums2[j]])
        for ni, nj in ((i + 1, j), (i, j + 1)):
            if ni < len(nums1) and nj < len(nums2) and (ni, nj) not in visited:
                visited.add((ni, nj))
                heapq.heappush(heap, (nums1[ni] + nums2[nj], ni, nj))
    return result
"""),
         "distinct_pairs": ("wrong", """
def k_smallest_pairs(nums1, nums2, k):
    pairs = {(a, b) for a in nums1 for b in nums2}
    ordered = sorted(pairs, key=lambda p: (p[0] + p[1], p[0]))
    return [list(p) for p in ordered[:k]]
"""),
     }},
    {"task_id": 419, "gen": lambda r: ([r.choice([r.randint(-100, 100) / 2, round(r.uniform(-50, 50), 2), r.randint(-20, 20)])
                                         for _ in range(r.randint(0, 9))],),
     "edges": [([],), ([0.5],), ([2.5, 1.5],), ([-0.5],), ([-2.5, 3],)],
     "solutions": {
         "map_round": ("right", """
def round_and_sum(list1):
    return sum(map(round, list1)) * len(list1)
"""),
         "loop": ("right", """
def round_and_sum(list1):
    total = 0
    for x in list1:
        total += round(x)
    return total * len(list1)
"""),
         "floor_half": ("wrong", """
import math

def round_and_sum(list1):
    total = sum(math.floor(x + 0.5) for x in list1)
    return total * len(list1)
"""),
     }},
    {"task_id": 425, "gen": lambda r: ([ints(r, 0, 6, 0, 5) for _ in range(r.randint(0, 6))], r.randint(0, 6)),
     "edges": [([], 1), ([[]], 1), ([[1, 1]], 1), ([[2], [1, 1, 1]], 1)],
     "solutions": {
         "sum_in": ("right", "def count_element_in_list(list1, x):\n    return sum(1 for sub in list1 if x in sub)\n"),
         "filter_len": ("right", "def count_element_in_list(list1, x):\n    return len([sub for sub in list1 if x in sub])\n"),
         "count_occurrences": ("wrong", """
def count_element_in_list(list1, x):
    total = 0
    for sub in list1:
        total += sub.count(x)
    return total
"""),
     }},
    {"task_id": 439, "gen": lambda r: (lambda xs: ([r.choice([-1, 1]) * xs[0]] + xs[1:],))([big(r, 0, 99) for _ in range(r.randint(1, 6))]),
     "edges": [([0],), ([5],), ([-5],), ([1, 0],), ([10, 0, 7],)],
     "solutions": {
         "join": ("right", "def multiple_to_single(L):\n    return int(''.join(map(str, L)))\n"),
         "fstring": ("right", """
def multiple_to_single(L):
    s = ''
    for x in L:
        s += f'{x}'
    return int(s)
"""),
         "log10_digits": ("wrong", """
import math

def multiple_to_single(L):
    sign = -1 if L[0] < 0 else 1
    result = 0
    for x in L:
        x = abs(x)
        result = result * 10 ** (int(math.log10(x)) + 1) + x
    return sign * result
"""),
     }},
    {"task_id": 462, "gen": lambda r: (r.sample(COLOURS + ["a", "b", "c"], r.randint(0, 6)),),
     "edges": [([],), (["x"],), (["x", "y"],)],
     "solutions": {
         "iterative": ("right", """
def combinations_list(list1):
    result = [[]]
    for item in list1:
        result = result + [[item] + subset for subset in result]
    return result
"""),
         "bitmask": ("right", """
def combinations_list(list1):
    n = len(list1)
    out = []
    for mask in range(2 ** n):
        out.append([list1[i] for i in range(n - 1, -1, -1) if mask >> i & 1])
    return out
"""),
     }},
    {"task_id": 470, "gen": lambda r: (tuple(ints(r, -50, 50, 0, 9)),),
     "edges": [((),), ((1,),), ((1, 2),)],
     "solutions": {
         "zip": ("right", "def add_pairwise(test_tup):\n    return tuple(a + b for a, b in zip(test_tup, test_tup[1:]))\n"),
         "map_add": ("right", """
from operator import add

def add_pairwise(test_tup):
    return tuple(map(add, test_tup[:-1], test_tup[1:]))
"""),
     }},
    {"task_id": 489, "gen": lambda r: (lambda xs: (len(xs), xs))(ints(r, -20, 20, 1, 12) if r.random() < 0.7 else ints(r, -30, -1, 1, 8)),
     "edges": [(1, [5]), (1, [-5]), (3, [-2, -1, -1]), (2, [0, 0])],
     "solutions": {
         "count_max": ("right", "def frequency_Of_Largest(n, arr):\n    return arr.count(max(arr))\n"),
         "counter": ("right", """
from collections import Counter

def frequency_Of_Largest(n, arr):
    counts = Counter(arr[:n])
    return counts[max(counts)]
"""),
         "zero_start": ("wrong", """
def frequency_Of_Largest(n, arr):
    largest = 0
    freq = 0
    for x in arr:
        if x > largest:
            largest = x
            freq = 1
        elif x == largest:
            freq += 1
    return freq
"""),
     }},
    {"task_id": 501, "gen": lambda r: (big(r, 1, 200), big(r, 1, 200)) if r.random() < 0.6
        else (lambda g: (g * r.randint(1, 30), g * r.randint(1, 30)))(r.choice([1, 4, 9, 16, 36, 12, 49, 100])),
     "edges": [(1, 1), (4, 8), (9, 9), (7, 13)],
     "solutions": {
         "gcd_divisors": ("right", """
import math

def num_comm_div(x, y):
    g = math.gcd(x, y)
    return sum(1 for d in range(1, g + 1) if g % d == 0)
"""),
         "brute": ("right", """
def num_comm_div(x, y):
    count = 0
    for i in range(1, min(x, y) + 1):
        if x % i == 0 and y % i == 0:
            count += 1
    return count
"""),
         "sqrt_pairs": ("wrong", """
import math

def num_comm_div(x, y):
    g = math.gcd(x, y)
    count = 0
    for i in range(1, int(math.sqrt(g)) + 1):
        if g % i == 0:
            count += 2
    return count
"""),
     }},
    {"task_id": 513, "gen": lambda r: (tuple(ints(r, -9, 20, 0, 7)), word(r, 0, 4, "ABCDEF")),
     "edges": [((), "x"), ((1,), ""), ((1, 2), "K")],
     "solutions": {
         "comprehension": ("right", """
def add_str(test_tup, K):
    return [x for item in test_tup for x in (item, K)]
"""),
         "extend": ("right", """
def add_str(test_tup, K):
    result = []
    for item in test_tup:
        result.extend([item, K])
    return result
"""),
     }},
    {"task_id": 526, "gen": lambda r: (" ".join((lambda w: w.capitalize() if r.random() < 0.2 else w)(word(r, 1, 7))
                                                 for _ in range(r.randint(1, 5))),),
     "edges": [("a",), ("ab",), ("a b",), ("Python",), ("go to x",)],
     "solutions": {
         "per_word": ("right", """
def capitalize_first_last_letters(str1):
    out = []
    for w in str1.split():
        if len(w) == 1:
            out.append(w.upper())
        else:
            out.append(w[0].upper() + w[1:-1] + w[-1].upper())
    return ' '.join(out)
"""),
         "regex": ("right", """
import re

def capitalize_first_last_letters(str1):
    return re.sub(r'\\b\\w|\\w\\b', lambda m: m.group().upper(), str1)
"""),
         "no_single_letter": ("wrong", """
def capitalize_first_last_letters(str1):
    return ' '.join(w[0].upper() + w[1:-1] + w[-1].upper() for w in str1.split())
"""),
     }},
    {"task_id": 529, "gen": lambda r: (r.randint(1, 70),),
     "edges": [(1,), (2,), (3,)],
     "solutions": {
         "iterative": ("right", """
def jacobsthal_lucas(n):
    a, b = 2, 1
    for _ in range(n):
        a, b = b, b + 2 * a
    return a
"""),
         "closed_form": ("right", "def jacobsthal_lucas(n):\n    return 2 ** n + (-1) ** n\n"),
     }},
    {"task_id": 536, "gen": lambda r: (ints(r, -9, 30, 0, 14), r.randint(1, 6)),
     "edges": [([], 1), ([1], 1), ([1, 2, 3], 3), ([1, 2, 3, 4], 3)],
     "solutions": {
         "slice": ("right", "def nth_items(list, n):\n    return list[::n]\n"),
         "enumerate": ("right", "def nth_items(list, n):\n    return [x for i, x in enumerate(list) if i % n == 0]\n"),
     }},
    {"task_id": 538, "gen": lambda r: (word(r, 0, 16, "abcXYZ019. "),),
     "edges": [("",), (" ",), ("a b",)],
     "solutions": {
         "isspace": ("right", "def string_list_to_tuple(str1):\n    return tuple(c for c in str1 if not c.isspace())\n"),
         "replace": ("right", "def string_list_to_tuple(str1):\n    return tuple(str1.replace(' ', ''))\n"),
         "split_join": ("right", "def string_list_to_tuple(str1):\n    return tuple(''.join(str1.split()))\n"),
     }},
    {"task_id": 551, "gen": lambda r: (lambda n: ([ints(r, -9, 20, n + 1, n + 4) for _ in range(r.randint(0, 6))], n))(r.randint(0, 3)),
     "edges": [([], 0), ([[1]], 0), ([[1, 2], [3, 4, 5]], 1)],
     "solutions": {
         "comprehension": ("right", "def extract_column(list1, n):\n    return [row[n] for row in list1]\n"),
         "pop": ("right", "def extract_column(list1, n):\n    return [row.pop(n) for row in list1]\n"),
         "zip": ("right", """
def extract_column(list1, n):
    if not list1:
        return []
    return list(list(zip(*list1))[n])
"""),
     }},
    {"task_id": 563, "gen": lambda r: (r.choice([", ", ",", " and ", ""]).join(
        '"' + r.choice(["Python", "PHP", "red apple", "", "x", "C++", "a-b"]) + '"' for _ in range(r.randint(0, 5))),),
     "edges": [("",), ('""',), ('say "hi there" now',)],
     "solutions": {
         "findall": ("right", "import re\n\ndef extract_values(text):\n    return re.findall(r'\"(.*?)\"', text)\n"),
         "split": ("right", "def extract_values(text):\n    return text.split('\"')[1::2]\n"),
         "word_chars": ("wrong", "import re\n\ndef extract_values(text):\n    return re.findall(r'\"(\\w+)\"', text)\n"),
     }},
    {"task_id": 576, "gen": lambda r: (lambda A, B: (A, B, len(A), len(B)))(ints(r, 0, 12, 0, 10), ints(r, 0, 12, 1, 3)) if r.random() < 0.5
        else (lambda A: (lambda i, m: (A, A[i:i + m], len(A), len(A[i:i + m])))(r.randrange(len(A)), r.randint(1, 3)))(ints(r, 0, 3, 1, 10)),
     "edges": [([], [1], 0, 1), ([1], [1], 1, 1), ([11, 2], [1, 2], 2, 2), ([1, 1, 2], [1, 2], 3, 2)],
     "solutions": {
         "slices": ("right", """
def is_Sub_Array(A, B, n, m):
    return any(A[i:i + m] == B for i in range(n - m + 1))
"""),
         "nested_loops": ("right", """
def is_Sub_Array(A, B, n, m):
    for i in range(n - m + 1):
        j = 0
        while j < m and A[i + j] == B[j]:
            j += 1
        if j == m:
            return True
    return False
"""),
         "string_trick": ("wrong", """
def is_Sub_Array(A, B, n, m):
    return str(B)[1:-1] in str(A)[1:-1]
"""),
     }},
    {"task_id": 589, "gen": lambda r: (lambda a: (a, a + r.randint(0, 400)))(r.randint(1, 2000)),
     "edges": [(1, 1), (2, 3), (4, 4), (5, 8), (1, 100)],
     "solutions": {
         "isqrt_range": ("right", """
import math

def perfect_squares(a, b):
    start = math.isqrt(a - 1) + 1
    return [i * i for i in range(start, math.isqrt(b) + 1)]
"""),
         "filter": ("right", """
import math

def perfect_squares(a, b):
    return [n for n in range(a, b + 1) if math.isqrt(n) ** 2 == n]
"""),
         "while_loop": ("right", """
def perfect_squares(a, b):
    result = []
    i = 1
    while i * i <= b:
        if i * i >= a:
            result.append(i * i)
        i += 1
    return result
"""),
     }},
    {"task_id": 598, "gen": lambda r: (r.choice([r.randint(0, 999), big(r, 0, 99999),
                                                 r.choice([0, 1, 5, 9, 153, 370, 371, 407, 1634, 8208, 9474, 54748, 92727, 93084])]),),
     "edges": [(0,), (1,), (7,), (10,), (153,), (1634,)],
     "solutions": {
         "digit_powers": ("right", """
def armstrong_number(number):
    digits = str(number)
    power = len(digits)
    return sum(int(d) ** power for d in digits) == number
"""),
         "arithmetic": ("right", """
def armstrong_number(number):
    n = len(str(number))
    total, temp = 0, number
    while temp > 0:
        total += (temp % 10) ** n
        temp //= 10
    return total == number
"""),
         "cubes": ("wrong", """
def armstrong_number(number):
    total = 0
    for d in str(number):
        total += int(d) ** 3
    return total == number
"""),
     }},
    {"task_id": 613, "gen": lambda r: ([("key%d" % i, ints(r, -20, 30, 1, 5)) for i in range(r.randint(0, 5))],),
     "edges": [([],), ([("a", [1])],), ([("a", [-3, -1])],)],
     "solutions": {
         "comprehension": ("right", "def maximum_value(test_list):\n    return [(key, max(values)) for key, values in test_list]\n"),
         "loop": ("right", """
def maximum_value(test_list):
    result = []
    for key, values in test_list:
        best = values[0]
        for v in values[1:]:
            if v > best:
                best = v
        result.append((key, best))
    return result
"""),
         "zero_init": ("wrong", """
def maximum_value(test_list):
    res = []
    for key, lst in test_list:
        m = 0
        for v in lst:
            if v > m:
                m = v
        res.append((key, m))
    return res
"""),
     }},
    {"task_id": 637, "gen": lambda r: (lambda c: (c, r.choice([c, big(r, 0, 5000)])))(big(r, 0, 5000)),
     "edges": [(0, 0), (1, 0), (100, 100)],
     "solutions": {
         "equals": ("right", "def noprofit_noloss(actual_cost, sale_amount):\n    return sale_amount == actual_cost\n"),
         "difference": ("right", """
def noprofit_noloss(actual_cost, sale_amount):
    profit = sale_amount - actual_cost
    if profit == 0:
        return True
    return False
"""),
     }},
    {"task_id": 642, "gen": lambda r: ([r.sample([(1, 2), (2, 1), (3, 3), (4, 5), (2, 2)], r.randint(1, 3)) for _ in range(r.randint(0, 5))],),
     "edges": [([],), ([[(1, 2)]],), ([[(1, 2), (3, 3)], [(3, 3), (1, 2)]],)],
     "solutions": {
         "set_comprehension": ("right", """
def remove_similar_row(test_list):
    return {tuple(sorted(row)) for row in test_list}
"""),
         "loop": ("right", """
def remove_similar_row(test_list):
    result = set()
    for row in test_list:
        result.add(tuple(sorted(set(row))))
    return result
"""),
     }},
    {"task_id": 645, "gen": lambda r: (lambda w: ([tuple(ints(r, -9, 20, w, w)) for _ in range(r.randint(0, 5))], r.randrange(w)))(r.randint(1, 4)),
     "edges": [([], 0), ([(5,)], 0), ([(1, 0), (2, 3)], 1)],
     "solutions": {
         "math_prod": ("right", "import math\n\ndef find_k_product(test_list, K):\n    return math.prod(t[K] for t in test_list)\n"),
         "reduce": ("right", """
from functools import reduce

def find_k_product(test_list, K):
    return reduce(lambda acc, t: acc * t[K], test_list, 1)
"""),
     }},
    {"task_id": 673, "gen": lambda r: ([r.choice([r.randint(0, 9), r.randint(0, 9), big(r, 0, 99)]) for _ in range(r.randint(1, 6))],),
     "edges": [([0],), ([7],), ([0, 1],), ([1, 0],), ([12, 3],)],
     "solutions": {
         "join": ("right", "def convert(list):\n    return int(''.join(str(i) for i in list))\n"),
         "map": ("right", "def convert(list):\n    return int(''.join(map(str, list)))\n"),
         "times_ten": ("wrong", """
from functools import reduce

def convert(list):
    return reduce(lambda acc, d: acc * 10 + d, list, 0)
"""),
     }},
    {"task_id": 677, "gen": lambda r: (lambda a, b: (a, b, r.choice([180 - a - b, r.randint(1, 179)])))(r.randint(1, 120), r.randint(1, 59)),
     "edges": [(60, 60, 60), (1, 1, 178), (90, 90, 1)],
     "solutions": {
         "sum": ("right", "def validity_triangle(a, b, c):\n    return a + b + c == 180\n"),
         "positive_and_sum": ("right", """
def validity_triangle(a, b, c):
    if a > 0 and b > 0 and c > 0 and a + b + c == 180:
        return True
    return False
"""),
     }},
    {"task_id": 686, "gen": lambda r: (tuple(ints(r, -3, 9, 0, 12)),),
     "edges": [((),), ((1,),), ((2, 1, 2),)],
     "solutions": {
         "counter": ("right", """
from collections import Counter

def freq_element(test_tup):
    return str(dict(Counter(test_tup)))
"""),
         "dict_get": ("right", """
def freq_element(test_tup):
    freq = {}
    for x in test_tup:
        freq[x] = freq.get(x, 0) + 1
    return str(freq)
"""),
     }},
    {"task_id": 696, "gen": lambda r: (lambda k: ([ints(r, 0, 9, 0, 3) for _ in range(k)], [ints(r, 0, 9, 0, 3) for _ in range(k)]))(r.randint(0, 5)),
     "edges": [([], []), ([[]], [[1]]), ([[1]], [[]])],
     "solutions": {
         "zip_concat": ("right", "def zip_list(list1, list2):\n    return [a + b for a, b in zip(list1, list2)]\n"),
         "loop_copy": ("right", """
def zip_list(list1, list2):
    result = []
    for i in range(len(list1)):
        merged = list(list1[i])
        merged.extend(list2[i])
        result.append(merged)
    return result
"""),
     }},
    {"task_id": 720, "gen": lambda r: (tuple(ints(r, -5, 20, 0, 5)), {word(r, 1, 4): r.randint(0, 9) for _ in range(r.randint(0, 3))}),
     "edges": [((), {}), ((1,), {"a": 1})],
     "solutions": {
         "concat": ("right", "def add_dict_to_tuple(test_tup, test_dict):\n    return test_tup + (test_dict,)\n"),
         "unpack": ("right", "def add_dict_to_tuple(test_tup, test_dict):\n    return (*test_tup, test_dict)\n"),
     }},
    {"task_id": 727, "gen": lambda r: (word(r, 0, 20, string.ascii_letters[:8] + string.digits[:4] + " :,.@!_-#\t"),),
     "edges": [("",), ("_",), ("a_b",), ("!!",), ("abc",)],
     "solutions": {
         "negated_class": ("right", "import re\n\ndef remove_char(S):\n    return re.sub(r'[^A-Za-z0-9]+', '', S)\n"),
         "isalnum": ("right", "def remove_char(S):\n    return ''.join(ch for ch in S if ch.isalnum())\n"),
         "non_word": ("wrong", "import re\n\ndef remove_char(S):\n    return re.sub(r'\\W+', '', S)\n"),
     }},
    {"task_id": 760, "gen": lambda r: (lambda xs: (xs, len(xs)))(r.choice([ints(r, 0, 3, 1, 8), [r.randint(-5, 5)] * r.randint(1, 8)])),
     "edges": [([1], 1), ([2, 2], 2), ([2, 3], 2), ([-1, -1, -1], 3)],
     "solutions": {
         "set_len": ("right", "def unique_Element(arr, n):\n    return 'YES' if len(set(arr)) == 1 else 'NO'\n"),
         "all_equal": ("right", """
def unique_Element(arr, n):
    first = arr[0]
    for x in arr:
        if x != first:
            return 'NO'
    return 'YES'
"""),
         "min_max": ("right", "def unique_Element(arr, n):\n    return 'YES' if min(arr) == max(arr) else 'NO'\n"),
     }},
    {"task_id": 766, "gen": lambda r: (ints(r, -5, 9, 0, 10),),
     "edges": [([],), ([1],), ([1, 1],)],
     "solutions": {
         "zip": ("right", "def pair_wise(l1):\n    return list(zip(l1, l1[1:]))\n"),
         "pairwise": ("right", "from itertools import pairwise\n\ndef pair_wise(l1):\n    return list(pairwise(l1))\n"),
         "index_loop": ("right", "def pair_wise(l1):\n    return [(l1[i], l1[i + 1]) for i in range(len(l1) - 1)]\n"),
     }},
    {"task_id": 781, "gen": lambda r: (r.choice([big(r, 1, 1000), r.randint(1, 1000) ** 2]),),
     "edges": [(1,), (2,), (4,), (36,), (35,)],
     "solutions": {
         "perfect_square": ("right", """
import math

def count_Divisors(n):
    root = math.isqrt(n)
    return "Odd" if root * root == n else "Even"
"""),
         "count": ("right", """
def count_Divisors(n):
    count = 0
    i = 1
    while i * i <= n:
        if n % i == 0:
            count += 1 if i * i == n else 2
        i += 1
    return "Even" if count % 2 == 0 else "Odd"
"""),
     }},
    {"task_id": 794, "gen": lambda r: (word(r, 0, 9, "aabbAc"),),
     "edges": [("",), ("ab",), ("a",), ("b",), ("xab",), ("ba",), ("acb",)],
     "solutions": {
         "search": ("right", """
import re

def text_starta_endb(text):
    if re.search(r'a.*b$', text):
        return 'Found a match!'
    return 'Not matched!'
"""),
         "string_methods": ("right", """
def text_starta_endb(text):
    if text.endswith('b') and 'a' in text[:-1]:
        return 'Found a match!'
    return 'Not matched!'
"""),
         "plus": ("wrong", """
import re

def text_starta_endb(text):
    return 'Found a match!' if re.search('a.+b$', text) else 'Not matched!'
"""),
     }},
    {"task_id": 818, "gen": lambda r: (word(r, 0, 16, "abcXYZ09 ,.!"),),
     "edges": [("",), ("A",), ("a",), ("1",), (" ",)],
     "solutions": {
         "islower": ("right", "def lower_ctr(str):\n    return sum(1 for ch in str if ch.islower())\n"),
         "regex": ("right", "import re\n\ndef lower_ctr(str):\n    return len(re.findall('[a-z]', str))\n"),
         "not_upper": ("wrong", """
def lower_ctr(str):
    upper = sum(1 for ch in str if ch.isupper())
    return len(str) - upper
"""),
     }},
    {"task_id": 843, "gen": lambda r: (r.randint(1, 250), r.sample([2, 3, 5, 7, 11, 13, 17, 19, 23], r.randint(1, 4))),
     "edges": [(1, [2]), (2, [3]), (5, [2]), (10, [2, 3, 5])],
     "solutions": {
         "pointers": ("right", """
def nth_super_ugly_number(n, primes):
    ugly = [1]
    idx = [0] * len(primes)
    while len(ugly) < n:
        candidates = [ugly[idx[i]] * p for i, p in enumerate(primes)]
        nxt = min(candidates)
        ugly.append(nxt)
        for i, c in enumerate(candidates):
            if c == nxt:
                idx[i] += 1
    return ugly[-1]
"""),
         "heap_seen": ("right", """
import heapq

def nth_super_ugly_number(n, primes):
    heap = [1]
    seen = {1}
    for _ in range(n):
        value = heapq.heappop(heap)
        for p in primes:
            nxt = value * p
            if nxt not in seen:
                seen.add(nxt)
                heapq.heappush(heap, nxt)
    return value
"""),
     }},
    {"task_id": 858, "gen": lambda r: ([ints(r, 0, 9, 0, 3) for _ in range(r.randint(0, 7))],),
     "edges": [([],), ([[]],)],
     "solutions": {
         "len_squared": ("right", "def count_list(input_list):\n    return len(input_list) ** 2\n"),
         "count_loop": ("right", """
def count_list(input_list):
    count = 0
    for item in input_list:
        count += 1
    return count * count
"""),
     }},
    {"task_id": 877, "gen": lambda r: (word(r, 0, 12, "abczyxABZ019 "),),
     "edges": [("",), ("a",), ("ba",), ("bA",)],
     "solutions": {
         "sorted_join": ("right", "def sort_String(str):\n    return ''.join(sorted(str))\n"),
         "list_sort": ("right", """
def sort_String(str):
    chars = list(str)
    chars.sort()
    return ''.join(chars)
"""),
     }},
    {"task_id": 886, "gen": lambda r: (tuple(r.choice([r.randint(-50, 50), round(r.uniform(-50, 50), 2)]) for _ in range(r.randint(1, 8))),),
     "edges": [((5,),), ((0, 0),), ((1, 2),)],
     "solutions": {
         "sum_len": ("right", "def sum_num(numbers):\n    return sum(numbers) / len(numbers)\n"),
         "statistics": ("right", "import statistics\n\ndef sum_num(numbers):\n    return statistics.fmean(numbers)\n"),
     }},
    {"task_id": 901, "gen": lambda r: (r.randint(1, 16),),
     "edges": [(1,), (2,), (3,), (4,)],
     "solutions": {
         "math_lcm": ("right", "import math\n\ndef smallest_multiple(n):\n    return math.lcm(*range(1, n + 1))\n"),
         "reduce_gcd": ("right", """
from functools import reduce
from math import gcd

def smallest_multiple(n):
    return reduce(lambda a, b: a * b // gcd(a, b), range(1, n + 1), 1)
"""),
     }},
    {"task_id": 909, "gen": lambda r: (r.choice([r.randint(2, 200), big(r, 2, 5000), 10 ** r.randint(1, 5), 10 ** r.randint(1, 5) + 1]),),
     "edges": [(2,), (10,), (11,), (100,), (101,), (1000,)],
     "solutions": {
         "loop": ("right", """
def previous_palindrome(num):
    n = num - 1
    while str(n) != str(n)[::-1]:
        n -= 1
    return n
"""),
         "range_next": ("right", """
def previous_palindrome(num):
    return next(x for x in range(num - 1, -1, -1) if str(x) == str(x)[::-1])
"""),
         "mirror": ("wrong", """
def previous_palindrome(num):
    s = str(num)
    n = len(s)
    half = s[:(n + 1) // 2]
    candidate = int(half + half[:n // 2][::-1])
    if candidate < num:
        return candidate
    half = str(int(half) - 1)
    return int(half + half[:n // 2][::-1])
"""),
     }},
    {"task_id": 922, "gen": lambda r: max_product_input(r),
     "edges": [([1, 2],), ([2, 1],), ([-5, -1, 1],), ([0, -1, -2, -4, 5, 0, -6],)],
     "solutions": {
         "brute": ("right", """
def max_product(arr):
    best = None
    for i in range(len(arr)):
        for j in range(i + 1, len(arr)):
            if best is None or arr[i] * arr[j] > best[0] * best[1]:
                best = (arr[i], arr[j])
    return best
"""),
         "combinations": ("right", """
from itertools import combinations

def max_product(arr):
    return max(combinations(arr, 2), key=lambda p: p[0] * p[1])
"""),
         "value_order": ("wrong", """
def max_product(arr):
    s = sorted(arr)
    if s[0] * s[1] > s[-1] * s[-2]:
        return (s[1], s[0])
    return (s[-2], s[-1])
"""),
     }},
    {"task_id": 932, "gen": lambda r: ([r.choice(["Python", "python", "Java", "C", "C++", "Exercises", "PYTHON", "java"]) for _ in range(r.randint(0, 9))],),
     "edges": [([],), (["a"],), (["a", "A"],), (["b", "a", "b"],)],
     "solutions": {
         "fromkeys": ("right", "def remove_duplic_list(l):\n    return list(dict.fromkeys(l))\n"),
         "seen_set": ("right", """
def remove_duplic_list(l):
    seen = set()
    out = []
    for w in l:
        if w not in seen:
            seen.add(w)
            out.append(w)
    return out
"""),
         "casefold": ("wrong", """
def remove_duplic_list(l):
    seen = set()
    out = []
    for w in l:
        key = w.lower()
        if key not in seen:
            seen.add(key)
            out.append(w)
    return out
"""),
     }},
    {"task_id": 959, "gen": lambda r: ([r.choice([r.randint(-100, 100), round(r.uniform(-100, 100), 3)]) for _ in range(r.randint(1, 10))],),
     "edges": [([1],), ([0],), ([1, 2],)],
     "solutions": {
         "sum_len": ("right", "def Average(lst):\n    return sum(lst) / len(lst)\n"),
         "mean": ("right", "from statistics import mean\n\ndef Average(lst):\n    return mean(lst)\n"),
         "loop": ("right", """
def Average(lst):
    total = 0.0
    for x in lst:
        total += x
    return total / len(lst)
"""),
     }},
]
