"""Held-out MBPP alternatives (issue 16 item 5): solutions written as a model answers the statement.

Each task: ``task_id``; ``gen(r)`` draws one argument tuple INSIDE the task's domain, as read
from the statement (an EvalPlus-style contract written by hand: what the task means, not what the
tests happen to use); ``edges`` are boundary tuples inside the domain; ``solutions`` map a name to
``(meant, code)``, where ``meant`` is what the author meant to write (``right`` or ``wrong``). The
label that counts is the one ``bench/heldout_sets.py`` gets by running them against MBPP's
reference; ``meant`` is kept only to show where the two differ.

None of these tasks is in ``bench/domain_eval_set.py`` (the differential stage's development set).
"""

from __future__ import annotations

from heldout_generators import big, ints, word  # bench/ is on sys.path (heldout_sets.py)


def odd_occurrence(r):
    values = r.sample(range(-20, 50), r.randint(1, 6))
    arr = [v for v in values[1:] for _ in range(2 * r.randint(1, 2))] + [values[0]] * (2 * r.randint(0, 2) + 1)
    r.shuffle(arr)
    return (arr, len(arr))


def missing_array(r):
    n = r.randint(2, 40)
    gap = r.randint(2, n)
    arr = [v for v in range(1, n + 2) if v != gap]
    return (arr, len(arr))


def undulating(r):
    a, b = r.choice("0123456789"), r.choice("0123456789")
    s = "".join(a if i % 2 == 0 else b for i in range(r.randint(1, 12)))
    if r.random() < 0.5 and s:
        i = r.randrange(len(s))
        s = s[:i] + r.choice("0123456789") + s[i + 1:]
    if s.startswith("0"):
        s = "1" + s[1:]
    return (s,)


def matrix(r):
    width = r.randint(1, 4)
    return ([ints(r, -6, 6, width, width) for _ in range(r.randint(0, 6))],)


def nested(r, depth=0):
    out = []
    for _ in range(r.randint(0, 4)):
        out.append(nested(r, depth + 1) if depth < 3 and r.random() < 0.3 else r.randint(-50, 50))
    return out


def two_kinds(r):
    """A list with at least one even and one odd number."""
    xs = ints(r, -30, 30, 0, 8) + [2 * r.randint(-20, 20), 2 * r.randint(-20, 20) + 1]
    r.shuffle(xs)
    return (xs,)


TASKS = [
    {"task_id": 11, "gen": lambda r: (word(r, 0, 10, "abcdeAB"), r.choice("abcdeAB")),
     "edges": [("", "a"), ("a", "a"), ("aa", "a"), ("bcd", "a"), ("aba", "b")],
     "solutions": {
         "find_rfind": ("right", """
def remove_Occ(s, ch):
    first = s.find(ch)
    if first == -1:
        return s
    s = s[:first] + s[first + 1:]
    last = s.rfind(ch)
    if last == -1:
        return s
    return s[:last] + s[last + 1:]
"""),
         "replace_reverse": ("right", """
def remove_Occ(s, ch):
    s = s.replace(ch, '', 1)
    s = s[::-1].replace(ch, '', 1)
    return s[::-1]
"""),
         "both_indices": ("wrong", """
def remove_Occ(s, ch):
    i = s.find(ch)
    j = s.rfind(ch)
    if i == j:
        return s[:i] + s[i + 1:]
    return s[:i] + s[i + 1:j] + s[j + 1:]
"""),
     }},
    {"task_id": 12, "gen": matrix, "edges": [([],), ([[1]],), ([[1, 2], [2, 1], [0, 3]],)],
     "solutions": {
         "sorted_sum": ("right", """
def sort_matrix(M):
    return sorted(M, key=lambda row: sum(row))
"""),
         "in_place": ("right", """
def sort_matrix(M):
    M.sort(key=sum)
    return M
"""),
         "tie_by_row": ("wrong", """
def sort_matrix(M):
    return sorted(M, key=lambda row: (sum(row), row))
"""),
     }},
    {"task_id": 14, "gen": lambda r: (big(r, 1, 50), big(r, 1, 50), big(r, 1, 50)), "edges": [(1, 1, 1), (3, 1, 1)],
     "solutions": {
         "half_product": ("right", """
def find_Volume(l, b, h):
    base_area = 0.5 * l * b
    return base_area * h
"""),
         "floor_div": ("wrong", """
def find_Volume(l, b, h):
    return (l * b * h) // 2
"""),
     }},
    {"task_id": 17, "gen": lambda r: (big(r, 0, 100),), "edges": [(0,), (1,)],
     "solutions": {
         "times4": ("right", "def square_perimeter(a):\n    return a * 4\n"),
         "sum_sides": ("right", "def square_perimeter(a):\n    return a + a + a + a\n"),
     }},
    {"task_id": 18, "gen": lambda r: (word(r, 0, 15, "abcdefghij"), word(r, 0, 5, "abcdefghij")),
     "edges": [("", ""), ("abc", ""), ("", "abc"), ("aaa", "a")],
     "solutions": {
         "join_not_in": ("right", """
def remove_dirty_chars(string, second_string):
    return ''.join(c for c in string if c not in second_string)
"""),
         "set_filter": ("right", """
def remove_dirty_chars(string, second_string):
    dirty = set(second_string)
    result = []
    for c in string:
        if c not in dirty:
            result.append(c)
    return ''.join(result)
"""),
         "translate": ("right", """
def remove_dirty_chars(string, second_string):
    return string.translate(str.maketrans('', '', second_string))
"""),
     }},
    {"task_id": 19, "gen": lambda r: (ints(r, -10, 10, 0, 10),), "edges": [([],), ([1],), ([1, 2, 1],)],
     "solutions": {
         "set_len": ("right", "def test_duplicate(arraynums):\n    return len(set(arraynums)) < len(arraynums)\n"),
         "seen_loop": ("right", """
def test_duplicate(arraynums):
    seen = set()
    for x in arraynums:
        if x in seen:
            return True
        seen.add(x)
    return False
"""),
         "adjacent_only": ("wrong", """
def test_duplicate(arraynums):
    for i in range(len(arraynums) - 1):
        if arraynums[i] == arraynums[i + 1]:
            return True
    return False
"""),
     }},
    {"task_id": 20, "gen": lambda r: (r.choice([r.randint(1, 5000), (lambda n: n * 2 ** n - 1)(r.randint(1, 12))]),),
     "edges": [(1,), (7,), (23,), (2,)],
     "solutions": {
         "generate": ("right", """
def is_woodall(x):
    n = 1
    while n * 2 ** n - 1 <= x:
        if n * 2 ** n - 1 == x:
            return True
        n += 1
    return False
"""),
         "from_two": ("wrong", """
def is_woodall(x):
    n = 2
    while True:
        w = n * (2 ** n) - 1
        if w == x:
            return True
        if w > x:
            return False
        n += 1
"""),
     }},
    {"task_id": 21, "gen": lambda r: (r.randint(0, 30), big(r, 1, 20)), "edges": [(0, 1), (1, 1)],
     "solutions": {
         "comprehension": ("right", "def multiples_of_num(m, n):\n    return [n * i for i in range(1, m + 1)]\n"),
         "loop": ("right", """
def multiples_of_num(m, n):
    result = []
    x = n
    while len(result) < m:
        result.append(x)
        x += n
    return result
"""),
     }},
    {"task_id": 22, "gen": lambda r: (ints(r, 0, 8, 0, 10),), "edges": [([],), ([1, 2, 2, 1],), ([3, 3],)],
     "solutions": {
         "seen_set": ("right", """
def find_first_duplicate(nums):
    seen = set()
    for n in nums:
        if n in seen:
            return n
        seen.add(n)
    return -1
"""),
         "later_copy": ("wrong", """
def find_first_duplicate(nums):
    for i, x in enumerate(nums):
        if x in nums[i + 1:]:
            return x
    return -1
"""),
     }},
    {"task_id": 24, "gen": lambda r: (int("".join(r.choice("01") for _ in range(r.randint(1, 40)))),),
     "edges": [(0,), (1,), (10,)],
     "solutions": {
         "int_base2": ("right", "def binary_to_decimal(binary):\n    return int(str(binary), 2)\n"),
         "digit_loop": ("right", """
def binary_to_decimal(binary):
    result = 0
    for digit in str(binary):
        result = result * 2 + int(digit)
    return result
"""),
     }},
    {"task_id": 28, "gen": lambda r: (lambda n: (n, r.randint(0, n)))(r.randint(0, 16)), "edges": [(0, 0), (1, 0), (1, 1)],
     "solutions": {
         "math_comb": ("right", "import math\n\ndef binomial_Coeff(n, k):\n    return math.comb(n, k)\n"),
         "multiplicative": ("right", """
def binomial_Coeff(n, k):
    k = min(k, n - k)
    result = 1
    for i in range(k):
        result = result * (n - i) // (i + 1)
    return result
"""),
         "pascal_row": ("right", """
def binomial_Coeff(n, k):
    row = [1]
    for _ in range(n):
        row = [a + b for a, b in zip([0] + row, row + [0])]
    return row[k]
"""),
     }},
    {"task_id": 29, "gen": odd_occurrence, "edges": [([5], 1), ([-1, -1, -1], 3)],
     "solutions": {
         "xor": ("right", """
def get_Odd_Occurrence(arr, arr_size):
    result = 0
    for x in arr[:arr_size]:
        result ^= x
    return result
"""),
         "counter": ("right", """
from collections import Counter

def get_Odd_Occurrence(arr, arr_size):
    for value, count in Counter(arr).items():
        if count % 2 == 1:
            return value
    return -1
"""),
     }},
    {"task_id": 30, "gen": lambda r: (word(r, 0, 30, "abc"),), "edges": [("",), ("a",), ("aaaa",)],
     "solutions": {
         "counts": ("right", """
from collections import Counter

def count_Substring_With_Equal_Ends(s):
    return sum(c * (c + 1) // 2 for c in Counter(s).values())
"""),
         "pairs": ("right", """
def count_Substring_With_Equal_Ends(s):
    total = 0
    for i in range(len(s)):
        for j in range(i, len(s)):
            if s[i] == s[j]:
                total += 1
    return total
"""),
     }},
    {"task_id": 32, "gen": lambda r: (big(r, 2, 5000),), "edges": [(2,), (3,), (4,), (97,), (2 ** 20,)],
     "solutions": {
         "trial": ("right", """
def max_Prime_Factors(n):
    largest = None
    d = 2
    while d * d <= n:
        while n % d == 0:
            largest = d
            n //= d
        d += 1
    if n > 1:
        largest = n
    return largest
"""),
         "sympy_free": ("right", """
def max_Prime_Factors(n):
    factors = []
    i = 2
    while i * i <= n:
        if n % i:
            i += 1
        else:
            n //= i
            factors.append(i)
    if n > 1:
        factors.append(n)
    return max(factors)
"""),
     }},
    {"task_id": 33, "gen": lambda r: (big(r, 0, 1000),), "edges": [(0,), (1,), (2,)],
     "solutions": {
         "bin_str": ("right", "def decimal_To_Binary(N):\n    return int(bin(N)[2:])\n"),
         "format": ("right", "def decimal_To_Binary(N):\n    return int(format(N, 'b'))\n"),
     }},
    {"task_id": 34, "gen": missing_array, "edges": [([1, 3], 2), ([1, 2, 4], 3)],
     "solutions": {
         "scan": ("right", """
def find_missing(ar, N):
    for i in range(N):
        if ar[i] != i + 1:
            return i + 1
    return -1
"""),
         "binary_search": ("right", """
def find_missing(ar, N):
    lo, hi = 0, N - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if ar[mid] == mid + 1:
            lo = mid + 1
        else:
            hi = mid
    return lo + 1 if ar[lo] != lo + 1 else -1
"""),
     }},
    {"task_id": 36, "gen": lambda r: (lambda q: (r.randint(1, q - 1), q, r.randint(1, 40)))(r.randint(2, 200)),
     "edges": [(1, 3, 30), (1, 7, 25), (2, 3, 1)],
     "solutions": {
         "long_division": ("right", """
def find_Nth_Digit(p, q, N):
    digit = 0
    for _ in range(N):
        p *= 10
        digit = p // q
        p %= q
    return digit
"""),
         "via_float": ("wrong", """
def find_Nth_Digit(p, q, N):
    decimals = str(p / q).split('.')[1]
    decimals = decimals.ljust(N, '0')
    return int(decimals[N - 1])
"""),
     }},
    {"task_id": 37, "gen": lambda r: ([r.choice([r.randint(-20, 40), word(r, 1, 5)]) for _ in range(r.randint(0, 10))],),
     "edges": [([],), ([1],), (["b", "a"],)],
     "solutions": {
         "tuple_key": ("right", """
def sort_mixed_list(mixed_list):
    return sorted(mixed_list, key=lambda x: (isinstance(x, str), x))
"""),
         "two_parts": ("right", """
def sort_mixed_list(mixed_list):
    numbers = sorted(x for x in mixed_list if isinstance(x, int))
    words = sorted(x for x in mixed_list if isinstance(x, str))
    return numbers + words
"""),
     }},
    {"task_id": 38, "gen": two_kinds, "edges": [([3, 4],), ([2, 1],), ([0, 5],)],
     "solutions": {
         "next_gen": ("right", """
def div_even_odd(list1):
    even = next(x for x in list1 if x % 2 == 0)
    odd = next(x for x in list1 if x % 2 != 0)
    return even / odd
"""),
         "int_div": ("wrong", """
def div_even_odd(list1):
    first_even = first_odd = None
    for x in list1:
        if x % 2 == 0 and first_even is None:
            first_even = x
        elif x % 2 == 1 and first_odd is None:
            first_odd = x
    return first_even // first_odd
"""),
     }},
    {"task_id": 41, "gen": lambda r: (ints(r, -50, 50, 0, 12),), "edges": [([],)],
     "solutions": {
         "comprehension": ("right", "def filter_evennumbers(nums):\n    return [n for n in nums if n % 2 == 0]\n"),
         "filter_lambda": ("right", "def filter_evennumbers(nums):\n    return list(filter(lambda n: n % 2 == 0, nums))\n"),
     }},
    {"task_id": 42, "gen": lambda r: (lambda xs: (xs, len(xs)))(ints(r, -5, 8, 0, 12)), "edges": [([], 0), ([2, 2], 2)],
     "solutions": {
         "counter": ("right", """
from collections import Counter

def find_Sum(arr, n):
    counts = Counter(arr)
    return sum(value * count for value, count in counts.items() if count > 1)
"""),
         "count_each": ("right", "def find_Sum(arr, n):\n    return sum(x for x in arr if arr.count(x) >= 2)\n"),
     }},
    {"task_id": 46, "gen": lambda r: (ints(r, -5, 10, 0, 8),), "edges": [([],), ([1],)],
     "solutions": {
         "set_len": ("right", "def test_distinct(data):\n    return len(data) == len(set(data))\n"),
         "sorted_adjacent": ("right", """
def test_distinct(data):
    s = sorted(data)
    return all(s[i] != s[i + 1] for i in range(len(s) - 1))
"""),
     }},
    {"task_id": 47, "gen": lambda r: (lambda a: (a, a + r.randint(0, 12)))(big(r, 0, 50)), "edges": [(0, 0), (1, 5), (0, 4)],
     "solutions": {
         "product_mod": ("right", """
def compute_Last_Digit(A, B):
    result = 1
    for i in range(A + 1, B + 1):
        result = (result * i) % 10
        if result == 0:
            break
    return result
"""),
         "shortcut4": ("wrong", """
def compute_Last_Digit(A, B):
    if B - A >= 4:
        return 0
    result = 1
    for i in range(A + 1, B + 1):
        result = result * (i % 10) % 10
    return result
"""),
     }},
    {"task_id": 48, "gen": lambda r: (big(r, 0, 1000),), "edges": [(0,), (1,), (2,)],
     "solutions": {
         "mask_loop": ("right", """
def odd_bit_set_number(n):
    mask = 0
    for i in range(0, n.bit_length(), 2):
        mask |= 1 << i
    return n | mask
"""),
         "bit_walk": ("right", """
def odd_bit_set_number(n):
    result = n
    bit = 0
    while (1 << bit) <= n:
        if bit % 2 == 0:
            result |= 1 << bit
        bit += 1
    return result
"""),
     }},
    {"task_id": 50, "gen": lambda r: ([ints(r, 0, 9, 0, 4) for _ in range(r.randint(1, 6))],),
     "edges": [([[]],), ([[1], [2]],)],
     "solutions": {
         "min_key": ("right", """
def min_length_list(input_list):
    shortest = min(input_list, key=len)
    return (len(shortest), shortest)
"""),
         "loop_le": ("wrong", """
def min_length_list(input_list):
    best = input_list[0]
    for lst in input_list:
        if len(lst) <= len(best):
            best = lst
    return len(best), best
"""),
     }},
    {"task_id": 51, "gen": lambda r: tuple(r.choice([r.randint(1, 5), 4]) for _ in range(3)), "edges": [(1, 1, 1)],
     "solutions": {
         "chain": ("right", "def check_equilateral(x, y, z):\n    return x == y == z\n"),
         "set_len": ("right", "def check_equilateral(x, y, z):\n    return len({x, y, z}) == 1\n"),
     }},
    {"task_id": 52, "gen": lambda r: (big(r, 0, 100), big(r, 0, 100)), "edges": [(0, 5)],
     "solutions": {
         "product": ("right", "def parallelogram_area(b, h):\n    return b * h\n"),
     }},
    {"task_id": 53, "gen": lambda r: (word(r, 1, 6, "abc"),), "edges": [("a",), ("aa",)],
     "solutions": {
         "index": ("right", """
def check_Equality(str):
    return "Equal" if str[0] == str[-1] else "Not Equal"
"""),
         "slices": ("right", """
def check_Equality(s):
    if s[:1] == s[-1:]:
        return "Equal"
    return "Not Equal"
"""),
     }},
    {"task_id": 54, "gen": lambda r: (ints(r, 0, 60, 0, 15),), "edges": [([],), ([0],), ([5, 5, 0],)],
     "solutions": {
         "sorted_copy": ("right", "def counting_sort(my_list):\n    return sorted(my_list)\n"),
         "counts": ("right", """
def counting_sort(my_list):
    if not my_list:
        return []
    counts = [0] * (max(my_list) + 1)
    for x in my_list:
        counts[x] += 1
    out = []
    for value, c in enumerate(counts):
        out.extend([value] * c)
    return out
"""),
     }},
    {"task_id": 55, "gen": lambda r: (r.randint(-10, 10), r.randint(1, 20), r.randint(-5, 5)), "edges": [(1, 1, 0), (3, 1, 7)],
     "solutions": {
         "power": ("right", "def tn_gp(a, n, r):\n    return a * r ** (n - 1)\n"),
         "loop": ("right", """
def tn_gp(a, n, r):
    term = a
    for _ in range(n - 1):
        term *= r
    return term
"""),
     }},
    {"task_id": 56, "gen": lambda r: (big(r, 0, 2000),), "edges": [(0,), (1,), (73,), (10,)],
     "solutions": {
         "str_reverse": ("right", "def check(n):\n    return n == 2 * int(str(n)[::-1]) - 1\n"),
     }},
    {"task_id": 59, "gen": lambda r: (big(r, 0, 100),), "edges": [(0,), (1,)],
     "solutions": {
         "formula": ("right", "def is_octagonal(n):\n    return n * (3 * n - 2)\n"),
         "sum_steps": ("right", "def is_octagonal(n):\n    return sum(6 * k + 1 for k in range(n))\n"),
     }},
    {"task_id": 63, "gen": lambda r: ([(r.randint(-20, 60), r.randint(-20, 60)) for _ in range(r.randint(1, 6))],),
     "edges": [([(1, 1)],)],
     "solutions": {
         "max_abs": ("right", "def max_difference(test_list):\n    return max(abs(a - b) for a, b in test_list)\n"),
         "max_min": ("right", """
def max_difference(test_list):
    best = 0
    for pair in test_list:
        best = max(best, max(pair) - min(pair))
    return best
"""),
     }},
    {"task_id": 64, "gen": lambda r: ([(word(r, 3, 7), r.randint(30, 100)) for _ in range(r.randint(0, 6))],),
     "edges": [([],), ([("a", 5), ("b", 5)],)],
     "solutions": {
         "sorted_copy": ("right", "def subject_marks(subjectmarks):\n    return sorted(subjectmarks, key=lambda x: x[1])\n"),
         "itemgetter": ("right", """
from operator import itemgetter

def subject_marks(subjectmarks):
    subjectmarks.sort(key=itemgetter(1))
    return subjectmarks
"""),
     }},
    {"task_id": 65, "gen": lambda r: (nested(r),), "edges": [([],), ([[[[1]]]],)],
     "solutions": {
         "recursive": ("right", """
def recursive_list_sum(data_list):
    total = 0
    for item in data_list:
        if isinstance(item, list):
            total += recursive_list_sum(item)
        else:
            total += item
    return total
"""),
         "one_level": ("wrong", """
def recursive_list_sum(data_list):
    return sum(sum(x) if isinstance(x, list) else x for x in data_list)
"""),
     }},
    {"task_id": 67, "gen": lambda r: (r.randint(0, 60),), "edges": [(0,), (1,)],
     "solutions": {
         "triangle": ("right", """
def bell_number(n):
    row = [1]
    for _ in range(n):
        new = [row[-1]]
        for x in row:
            new.append(new[-1] + x)
        row = new
    return row[0]
"""),
         "stirling": ("right", """
def bell_number(n):
    S = [[0] * (n + 1) for _ in range(n + 1)]
    S[0][0] = 1
    for i in range(1, n + 1):
        for k in range(1, i + 1):
            S[i][k] = k * S[i - 1][k] + S[i - 1][k - 1]
    return sum(S[n])
"""),
     }},
    {"task_id": 68, "gen": lambda r: (sorted(ints(r, 0, 5, 0, 6), reverse=r.random() < 0.5) if r.random() < 0.5 else ints(r, 0, 5, 0, 6),),
     "edges": [([],), ([1],), ([1, 1, 0],), ([2, 2],)],
     "solutions": {
         "two_checks": ("right", """
def is_Monotonic(A):
    increasing = all(a <= b for a, b in zip(A, A[1:]))
    decreasing = all(a >= b for a, b in zip(A, A[1:]))
    return increasing or decreasing
"""),
         "sorted_compare": ("right", "def is_Monotonic(A):\n    return A == sorted(A) or A == sorted(A, reverse=True)\n"),
         "first_pair_direction": ("wrong", """
def is_Monotonic(A):
    if len(A) < 2:
        return True
    if A[0] <= A[1]:
        return all(A[i] <= A[i + 1] for i in range(len(A) - 1))
    return all(A[i] >= A[i + 1] for i in range(len(A) - 1))
"""),
     }},
    {"task_id": 71, "gen": lambda r: (ints(r, -100, 100, 0, 20),), "edges": [([],), ([1],)],
     "solutions": {
         "comb": ("right", """
def comb_sort(nums):
    gap = len(nums)
    done = False
    while not done:
        gap = max(1, int(gap / 1.3))
        done = gap == 1
        for i in range(len(nums) - gap):
            if nums[i] > nums[i + gap]:
                nums[i], nums[i + gap] = nums[i + gap], nums[i]
                done = False
    return nums
"""),
         "builtin": ("right", "def comb_sort(nums):\n    return sorted(nums)\n"),
     }},
    {"task_id": 72, "gen": lambda r: (r.randint(0, 400),), "edges": [(0,), (1,), (2,), (4,)],
     "solutions": {
         "mod4": ("right", "def dif_Square(n):\n    return n % 4 != 2\n"),
         "search_bound": ("wrong", """
import math

def dif_Square(n):
    for a in range(n):
        b2 = a * a - n
        if b2 >= 0 and math.isqrt(b2) ** 2 == b2:
            return True
    return False
"""),
     }},
    {"task_id": 76, "gen": lambda r: (big(r, 1, 30), big(r, 1, 30)), "edges": [(1, 1), (1, 5)],
     "solutions": {
         "sum_sizes": ("right", """
def count_Squares(m, n):
    return sum((m - k) * (n - k) for k in range(min(m, n)))
"""),
         "formula": ("right", """
def count_Squares(m, n):
    if m > n:
        m, n = n, m
    return m * (m + 1) * (2 * m + 1) // 6 + (n - m) * m * (m + 1) // 2
"""),
     }},
    {"task_id": 83, "gen": lambda r: (word(r, 1, 8),), "edges": [("z",), ("a",), ("y",)],
     "solutions": {
         "letter_sum": ("right", """
def get_Char(strr):
    total = sum(ord(c) - ord('a') + 1 for c in strr)
    return chr(ord('a') + (total - 1) % 26)
"""),
     }},
    {"task_id": 84, "gen": lambda r: (r.randint(1, 22),), "edges": [(1,), (2,), (3,)],
     "solutions": {
         "table": ("right", """
def sequence(n):
    p = [0, 1, 1]
    for i in range(3, n + 1):
        p.append(p[p[i - 1]] + p[i - p[i - 1]])
    return p[n]
"""),
     }},
    {"task_id": 86, "gen": lambda r: (big(r, 1, 100),), "edges": [(1,)],
     "solutions": {
         "formula": ("right", "def centered_hexagonal_number(n):\n    return 3 * n * n - 3 * n + 1\n"),
         "rings": ("right", "def centered_hexagonal_number(n):\n    return 1 + sum(6 * k for k in range(n))\n"),
     }},
    {"task_id": 89, "gen": lambda r: (big(r, -50, 100),), "edges": [(0,), (1,)],
     "solutions": {"minus_one": ("right", "def closest_num(N):\n    return N - 1\n")}},
    {"task_id": 90, "gen": lambda r: ([word(r, 0, 9) for _ in range(r.randint(1, 6))],), "edges": [([""],)],
     "solutions": {
         "max_map": ("right", "def len_log(list1):\n    return max(map(len, list1))\n"),
         "max_key": ("right", "def len_log(list1):\n    return len(max(list1, key=len))\n"),
     }},
    {"task_id": 91, "gen": lambda r: ([word(r, 1, 6, "abcde") for _ in range(r.randint(0, 5))], word(r, 0, 3, "abcde")),
     "edges": [([], "a"), (["abc"], "")],
     "solutions": {
         "any": ("right", "def find_substring(str1, sub_str):\n    return any(sub_str in s for s in str1)\n"),
         "loop": ("right", """
def find_substring(str1, sub_str):
    for s in str1:
        if s.find(sub_str) != -1:
            return True
    return False
"""),
     }},
    {"task_id": 92, "gen": undulating, "edges": [("1",), ("11",), ("111",), ("121",), ("1212",)],
     "solutions": {
         "strict": ("wrong", """
def is_undulating(n):
    n = str(n)
    if len(n) < 3 or n[0] == n[1]:
        return False
    return all(n[i] == n[i % 2] for i in range(len(n)))
"""),
         "pattern": ("right", """
def is_undulating(n):
    if len(n) <= 2:
        return False
    return all(n[i] == n[i - 2] for i in range(2, len(n)))
"""),
     }},
    {"task_id": 94, "gen": lambda r: ([(word(r, 2, 6).title(), r.randint(90, 110)) for _ in range(r.randint(1, 6))],),
     "edges": [([("A", 1)],), ([("A", 1), ("B", 1)],)],
     "solutions": {
         "min_key": ("right", "def index_minimum(test_list):\n    return min(test_list, key=lambda t: t[1])[0]\n"),
         "dict_inverse": ("wrong", """
def index_minimum(test_list):
    by_value = {value: name for name, value in test_list}
    return by_value[min(by_value)]
"""),
     }},
    {"task_id": 95, "gen": lambda r: ([ints(r, 0, 5, 0, 5) for _ in range(r.randint(1, 5))],), "edges": [([[]],)],
     "solutions": {
         "min_map": ("right", "def Find_Min_Length(lst):\n    return min(map(len, lst))\n"),
         "sorted": ("right", "def Find_Min_Length(lst):\n    return len(sorted(lst, key=len)[0])\n"),
     }},
    {"task_id": 96, "gen": lambda r: (r.randint(1, 400),), "edges": [(1,), (2,), (36,)],
     "solutions": {
         "sqrt_pairs": ("right", """
def divisor(n):
    count = 0
    i = 1
    while i * i <= n:
        if n % i == 0:
            count += 1 if i * i == n else 2
        i += 1
    return count
"""),
         "half_range": ("right", "def divisor(n):\n    return sum(1 for i in range(1, n // 2 + 1) if n % i == 0) + 1\n"),
     }},
    {"task_id": 97, "gen": lambda r: ([ints(r, 0, 9, 0, 5) for _ in range(r.randint(0, 4))],), "edges": [([],), ([[]],)],
     "solutions": {
         "counter": ("right", """
from collections import Counter

def frequency_lists(list1):
    return Counter(x for sub in list1 for x in sub)
"""),
         "dict_get": ("right", """
def frequency_lists(list1):
    freq = {}
    for sub in list1:
        for x in sub:
            freq[x] = freq.get(x, 0) + 1
    return freq
"""),
     }},
    {"task_id": 98, "gen": lambda r: (tuple(ints(r, -30, 30, 1, 7)),), "edges": [((0,),), ((7,),)],
     "solutions": {
         "prod": ("right", "import math\n\ndef multiply_num(numbers):\n    return math.prod(numbers) / len(numbers)\n"),
         "reduce": ("right", """
from functools import reduce

def multiply_num(numbers):
    product = reduce(lambda a, b: a * b, numbers, 1)
    return product / len(numbers)
"""),
     }},
    {"task_id": 99, "gen": lambda r: (big(r, 0, 1000),), "edges": [(0,), (1,)],
     "solutions": {
         "format": ("right", "def decimal_to_binary(n):\n    return format(n, 'b')\n"),
         "divide": ("wrong", """
def decimal_to_binary(n):
    digits = ''
    while n > 0:
        digits = str(n % 2) + digits
        n //= 2
    return digits
"""),
     }},
    {"task_id": 100, "gen": lambda r: (big(r, 0, 3000),), "edges": [(0,), (9,), (99,), (808,)],
     "solutions": {
         "count_up": ("right", """
def next_smallest_palindrome(num):
    n = num + 1
    while str(n) != str(n)[::-1]:
        n += 1
    return n
"""),
     }},
    {"task_id": 102, "gen": lambda r: ("_".join(word(r, 1, 6) for _ in range(r.randint(1, 4))),), "edges": [("a",)],
     "solutions": {
         "title_parts": ("right", "def snake_to_camel(word):\n    return ''.join(w.title() for w in word.split('_'))\n"),
         "replace_title": ("right", "def snake_to_camel(word):\n    return word.replace('_', ' ').title().replace(' ', '')\n"),
     }},
    {"task_id": 103, "gen": lambda r: (r.randint(0, 12), r.randint(0, 13)), "edges": [(0, 0), (1, 0), (3, 3)],
     "solutions": {
         "dp": ("right", """
def eulerian_num(n, m):
    if m >= n or n == 0:
        return 0
    A = [[0] * (n + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        A[i][0] = 1
        for j in range(1, i):
            A[i][j] = (i - j) * A[i - 1][j - 1] + (j + 1) * A[i - 1][j]
    return A[n][m]
"""),
     }},
    {"task_id": 105, "gen": lambda r: ([r.random() < 0.5 for _ in range(r.randint(0, 10))],), "edges": [([],)],
     "solutions": {
         "count_true": ("right", "def count(lst):\n    return lst.count(True)\n"),
         "sum_bool": ("right", "def count(lst):\n    return sum(1 for x in lst if x)\n"),
     }},
    {"task_id": 106, "gen": lambda r: (ints(r, 0, 9, 0, 4), tuple(ints(r, 0, 9, 0, 4))), "edges": [([], ())],
     "solutions": {
         "concat": ("right", "def add_lists(test_list, test_tup):\n    return test_tup + tuple(test_list)\n"),
         "unpack": ("right", "def add_lists(test_list, test_tup):\n    return (*test_tup, *test_list)\n"),
     }},
    {"task_id": 107, "gen": lambda r: (lambda a: (a, a + r.randint(0, 300)))(big(r, 0, 300)), "edges": [(0, 0), (170, 170), (10, 10)],
     "solutions": {
         "hex_digits": ("right", """
def count_Hexadecimal(L, R):
    return sum(sum(c in 'abcdef' for c in format(i, 'x')) for i in range(L, R + 1))
"""),
         "any_letter": ("wrong", """
def count_Hexadecimal(L, R):
    count = 0
    for i in range(L, R + 1):
        if any(c in 'abcdef' for c in hex(i)[2:]):
            count += 1
    return count
"""),
     }},
    {"task_id": 108, "gen": lambda r: (ints(r, -20, 99, 0, 8), ints(r, -20, 99, 0, 8), ints(r, -20, 99, 0, 8)),
     "edges": [([], [], [])],
     "solutions": {
         "sorted_all": ("right", "def merge_sorted_list(num1, num2, num3):\n    return sorted(num1 + num2 + num3)\n"),
         "heap_merge": ("right", """
import heapq

def merge_sorted_list(num1, num2, num3):
    return list(heapq.merge(sorted(num1), sorted(num2), sorted(num3)))
"""),
     }},
    {"task_id": 109, "gen": lambda r: (lambda s: (s, len(s)))(word(r, 1, 20, "01")), "edges": [("0", 1), ("1", 1)],
     "solutions": {
         "count_ones": ("right", "def odd_Equivalent(s, n):\n    return s.count('1')\n"),
         "rotations": ("right", """
def odd_Equivalent(s, n):
    return sum(1 for i in range(n) if int(s[i:] + s[:i], 2) % 2 == 1)
"""),
     }},
]


def unique_in_pairs(r):
    values = sorted(r.sample(range(-30, 60), r.randint(1, 8)))
    lone = r.choice(values)
    return (lambda arr: (arr, len(arr)))([v for v in values for _ in range(1 if v == lone else 2)])


def brackets(r):
    s = "".join(r.choice("()[]{}") for _ in range(r.randint(0, 10)))
    if r.random() < 0.5:
        # a balanced one, built by nesting and concatenation
        s = ""
        for _ in range(r.randint(0, 4)):
            open_, close = r.choice(["()", "[]", "{}"])
            s = r.choice([open_ + s + close, s + open_ + close])
    return (s,)


TASKS += [
    {"task_id": 119, "gen": unique_in_pairs, "edges": [([5], 1), ([1, 2, 2], 3), ([1, 1, 2], 3)],
     "solutions": {
         "pair_scan": ("right", """
def search(arr, n):
    for i in range(0, n - 1, 2):
        if arr[i] != arr[i + 1]:
            return arr[i]
    return arr[n - 1]
"""),
         "binary_search": ("right", """
def search(arr, n):
    lo, hi = 0, n - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if mid % 2 == 1:
            mid -= 1
        if arr[mid] == arr[mid + 1]:
            lo = mid + 2
        else:
            hi = mid
    return arr[lo]
"""),
         "count": ("right", "def search(arr, n):\n    return next(x for x in arr if arr.count(x) == 1)\n"),
     }},
    {"task_id": 128, "gen": lambda r: (r.randint(0, 6), " ".join(word(r, 1, 9) for _ in range(r.randint(1, 6)))),
     "edges": [(0, "a"), (1, "a bb")],
     "solutions": {
         "split": ("right", "def long_words(n, str):\n    return [w for w in str.split() if len(w) > n]\n"),
         "filter": ("right", "def long_words(n, str):\n    return list(filter(lambda w: len(w) > n, str.split(' ')))\n"),
         "at_least": ("wrong", "def long_words(n, str):\n    return [w for w in str.split(' ') if len(w) >= n]\n"),
     }},
    {"task_id": 131, "gen": lambda r: (word(r, 0, 12, "abeiouxyAEUZ"),), "edges": [("",), ("a",), ("xyz",)],
     "solutions": {
         "two_pointers": ("right", """
def reverse_vowels(str1):
    chars = list(str1)
    i, j = 0, len(chars) - 1
    vowels = set('aeiouAEIOU')
    while i < j:
        if chars[i] not in vowels:
            i += 1
        elif chars[j] not in vowels:
            j -= 1
        else:
            chars[i], chars[j] = chars[j], chars[i]
            i += 1
            j -= 1
    return ''.join(chars)
"""),
         "iterator": ("right", """
def reverse_vowels(str1):
    rev = iter([c for c in str1 if c.lower() in 'aeiou'][::-1])
    return ''.join(next(rev) if c.lower() in 'aeiou' else c for c in str1)
"""),
     }},
    {"task_id": 135, "gen": lambda r: (big(r, 0, 100),), "edges": [(0,), (1,)],
     "solutions": {
         "formula": ("right", "def hexagonal_num(n):\n    return 2 * n * n - n\n"),
         "sum": ("right", "def hexagonal_num(n):\n    return sum(4 * k + 1 for k in range(n))\n"),
     }},
    {"task_id": 140, "gen": lambda r: ([tuple(ints(r, 0, 9, 0, 4)) for _ in range(r.randint(0, 5))],), "edges": [([],), ([()],)],
     "solutions": {
         "dict_fromkeys": ("right", "def extract_singly(test_list):\n    return list(dict.fromkeys(x for t in test_list for x in t))\n"),
         "seen_list": ("right", """
def extract_singly(test_list):
    result = []
    for tup in test_list:
        for x in tup:
            if x not in result:
                result.append(x)
    return result
"""),
         "set": ("wrong", "def extract_singly(test_list):\n    return list(set(x for t in test_list for x in t))\n"),
     }},
    {"task_id": 151, "gen": lambda r: (big(r, 1, 200), big(r, 1, 200)), "edges": [(1, 1), (2, 2), (1, 7)],
     "solutions": {
         "math_gcd": ("right", "import math\n\ndef is_coprime(x, y):\n    return math.gcd(x, y) == 1\n"),
         "euclid": ("right", """
def is_coprime(x, y):
    while y:
        x, y = y, x % y
    return x == 1
"""),
     }},
    {"task_id": 157, "gen": lambda r: (r.choice([ints(r, 0, 3, 0, 10), word(r, 0, 10, "aab")]),), "edges": [([],), ("",), ("aaa",)],
     "solutions": {
         "loop": ("right", """
def encode_list(list1):
    result = []
    for x in list1:
        if result and result[-1][1] == x:
            result[-1][0] += 1
        else:
            result.append([1, x])
    return result
"""),
         "groupby": ("right", """
from itertools import groupby

def encode_list(list1):
    return [[sum(1 for _ in g), k] for k, g in groupby(list1)]
"""),
     }},
    {"task_id": 161, "gen": lambda r: (ints(r, 0, 12, 0, 12), ints(r, 0, 12, 0, 5)), "edges": [([], []), ([1, 1], [])],
     "solutions": {
         "set_lookup": ("right", """
def remove_elements(list1, list2):
    drop = set(list2)
    return [x for x in list1 if x not in drop]
"""),
         "filter": ("right", "def remove_elements(list1, list2):\n    return list(filter(lambda x: x not in list2, list1))\n"),
         "set_difference": ("wrong", "def remove_elements(list1, list2):\n    return list(set(list1) - set(list2))\n"),
     }},
    {"task_id": 166, "gen": lambda r: (lambda xs: (xs, len(xs)))(ints(r, 0, 50, 0, 12)), "edges": [([], 0), ([1], 1)],
     "solutions": {
         "parity_counts": ("right", """
def find_even_Pair(A, N):
    even = sum(1 for x in A if x % 2 == 0)
    odd = N - even
    return even * (even - 1) // 2 + odd * (odd - 1) // 2
"""),
         "pairs": ("right", """
from itertools import combinations

def find_even_Pair(A, N):
    return sum(1 for a, b in combinations(A, 2) if (a ^ b) % 2 == 0)
"""),
     }},
    {"task_id": 168, "gen": lambda r: (ints(r, 0, 5, 0, 10), r.randint(0, 6)), "edges": [([], 1)],
     "solutions": {
         "count": ("right", "def frequency(a, x):\n    return a.count(x)\n"),
         "sum": ("right", "def frequency(a, x):\n    return sum(1 for v in a if v == x)\n"),
     }},
    {"task_id": 169, "gen": lambda r: (r.randint(0, 60),), "edges": [(0,), (1,), (2,), (3,)],
     "solutions": {
         "iterative": ("right", """
def get_pell(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, 2 * b + a
    return a
"""),
         "list": ("right", """
def get_pell(n):
    pell = [0, 1]
    for i in range(2, n + 1):
        pell.append(2 * pell[-1] + pell[-2])
    return pell[n]
"""),
     }},
    {"task_id": 174, "gen": lambda r: ([(r.choice(["red", "blue", "green"]), r.randint(0, 9)) for _ in range(r.randint(0, 6))],),
     "edges": [([],)],
     "solutions": {
         "defaultdict": ("right", """
from collections import defaultdict

def group_keyvalue(l):
    groups = defaultdict(list)
    for key, value in l:
        groups[key].append(value)
    return groups
"""),
         "plain": ("right", """
def group_keyvalue(l):
    result = {}
    for key, value in l:
        if key not in result:
            result[key] = []
        result[key].append(value)
    return result
"""),
     }},
    {"task_id": 175, "gen": brackets, "edges": [("",), ("(]",), ("([)]",), (")(",)],
     "solutions": {
         "stack": ("right", """
def is_valid_parenthese(str1):
    pairs = {')': '(', ']': '[', '}': '{'}
    stack = []
    for c in str1:
        if c in '([{':
            stack.append(c)
        elif not stack or stack.pop() != pairs[c]:
            return False
    return not stack
"""),
         "replace": ("right", """
def is_valid_parenthese(str1):
    while '()' in str1 or '[]' in str1 or '{}' in str1:
        str1 = str1.replace('()', '').replace('[]', '').replace('{}', '')
    return str1 == ''
"""),
         "counts": ("wrong", """
def is_valid_parenthese(str1):
    depth = 0
    for c in str1:
        depth += 1 if c in '([{' else -1
        if depth < 0:
            return False
    return depth == 0
"""),
     }},
]

TASKS += [
    {"task_id": 116, "gen": lambda r: (tuple(big(r, 1, 99) for _ in range(r.randint(1, 5))),), "edges": [((1,),), ((10, 0),)],
     "solutions": {
         "join": ("right", "def tuple_to_int(nums):\n    return int(''.join(str(n) for n in nums))\n"),
         "digits_times_ten": ("wrong", """
def tuple_to_int(nums):
    result = 0
    for d in nums:
        result = result * 10 + d
    return result
"""),
     }},
    {"task_id": 120, "gen": lambda r: ([(big(r, 1, 50), big(r, 1, 50)) for _ in range(r.randint(1, 6))],), "edges": [([(1, 1)],)],
     "solutions": {
         "max_gen": ("right", "def max_product_tuple(list1):\n    return max(x * y for x, y in list1)\n"),
         "loop": ("right", """
def max_product_tuple(list1):
    best = None
    for a, b in list1:
        if best is None or a * b > best:
            best = a * b
    return best
"""),
     }},
    {"task_id": 150, "gen": lambda r: (r.randint(-20, 20), r.randint(-20, 20), r.choice([-1, 1]) * r.randint(1, 7)),
     "edges": [(1, 1, 3), (7, 1, 3), (1, 7, -3)],
     "solutions": {
         "steps": ("right", """
def does_Contain_B(a, b, c):
    if a == b:
        return True
    return (b - a) % c == 0 and (b - a) // c > 0
"""),
         "mod_only": ("wrong", "def does_Contain_B(a, b, c):\n    return (b - a) % c == 0\n"),
     }},
    {"task_id": 173, "gen": lambda r: (word(r, 0, 20, "ab1 _@#%-xY9"),), "edges": [("",), ("___",)],
     "solutions": {
         "isalnum": ("right", "def remove_splchar(text):\n    return ''.join(c for c in text if c.isalnum())\n"),
         "regex": ("right", "import re\n\ndef remove_splchar(text):\n    return re.sub(r'[^A-Za-z0-9]', '', text)\n"),
     }},
]

TASKS = [t for t in TASKS if t["task_id"] != 71]  # MBPP's comb_sort reference does not sort (see README)

EXTRA = {
    37: {"str_key": ("wrong", """
def sort_mixed_list(mixed_list):
    return sorted(mixed_list, key=lambda x: (isinstance(x, str), str(x)))
""")},
    64: {"neg_key": ("wrong", "def subject_marks(subjectmarks):\n    return sorted(subjectmarks, key=lambda x: -x[1])[::-1]\n")},
    32: {"strict_bound": ("wrong", """
def max_Prime_Factors(n):
    largest = 1
    d = 2
    while d * d < n:
        while n % d == 0:
            largest = d
            n //= d
        d += 1
    return max(largest, n) if n > 1 else largest
""")},
    166: {"sum_parity": ("right", """
def find_even_Pair(A, N):
    count = 0
    for i in range(N):
        for j in range(i + 1, N):
            if (A[i] + A[j]) % 2 == 0:
                count += 1
    return count
""")},
    11: {"replace_all": ("wrong", "def remove_Occ(s, ch):\n    return s.replace(ch, '')\n")},
    22: {"counts": ("right", """
def find_first_duplicate(nums):
    seen = {}
    for i, x in enumerate(nums):
        if x in seen:
            return x
        seen[x] = i
    return -1
"""), "count_gt1": ("wrong", """
def find_first_duplicate(nums):
    for x in nums:
        if nums.count(x) > 1:
            return x
    return -1
""")},
    50: {"sorted_desc": ("wrong", """
def min_length_list(input_list):
    ordered = sorted(input_list, key=len, reverse=True)
    return (len(ordered[-1]), ordered[-1])
""")},
    107: {"range_only": ("wrong", """
def count_Hexadecimal(L, R):
    count = 0
    for i in range(L, R + 1):
        if 10 <= i <= 15:
            count += 1
    return count
""")},
    169: {"two_seeds": ("wrong", """
def get_pell(n):
    a, b = 1, 2
    for _ in range(n - 2):
        a, b = b, 2 * b + a
    return b
""")},
    14: {"volume_formula": ("right", "def find_Volume(l, b, h):\n    return l * b * h / 2\n")},
    17: {"loop": ("right", "def square_perimeter(a):\n    total = 0\n    for _ in range(4):\n        total += a\n    return total\n")},
    19: {"sorted_adjacent": ("right", """
def test_duplicate(arraynums):
    s = sorted(arraynums)
    return any(s[i] == s[i + 1] for i in range(len(s) - 1))
""")},
    21: {"range_step": ("right", "def multiples_of_num(m, n):\n    return list(range(n, n * m + 1, n))\n")},
    24: {"reversed_digits": ("right", """
def binary_to_decimal(binary):
    return sum(int(d) * 2 ** i for i, d in enumerate(reversed(str(binary))))
""")},
    28: {"factorials": ("right", """
import math

def binomial_Coeff(n, k):
    return math.factorial(n) / (math.factorial(k) * math.factorial(n - k))
""")},
    29: {"sorted_pairs": ("right", """
def get_Odd_Occurrence(arr, arr_size):
    a = sorted(arr)
    for i in range(0, arr_size - 1, 2):
        if a[i] != a[i + 1]:
            return a[i]
    return a[-1]
""")},
    33: {"loop": ("right", """
def decimal_To_Binary(N):
    if N == 0:
        return 0
    digits = ''
    while N:
        digits = str(N % 2) + digits
        N //= 2
    return int(digits)
""")},
    34: {"sum_formula": ("right", "def find_missing(ar, N):\n    return (N + 1) * (N + 2) // 2 - sum(ar)\n")},
    41: {"loop": ("right", """
def filter_evennumbers(nums):
    evens = []
    for n in nums:
        if n % 2 == 0:
            evens.append(n)
    return evens
""")},
    46: {"loop": ("right", """
def test_distinct(data):
    seen = set()
    for x in data:
        if x in seen:
            return False
        seen.add(x)
    return True
""")},
    52: {"float": ("right", "def parallelogram_area(b, h):\n    area = float(b) * h\n    return area\n")},
    54: {"set_sorted": ("wrong", "def counting_sort(my_list):\n    return sorted(set(my_list))\n"),
         "insertion": ("right", """
def counting_sort(my_list):
    arr = list(my_list)
    for i in range(1, len(arr)):
        key = arr[i]
        j = i - 1
        while j >= 0 and arr[j] > key:
            arr[j + 1] = arr[j]
            j -= 1
        arr[j + 1] = key
    return arr
""")},
    56: {"loop_reverse": ("right", """
def check(n):
    rev, m = 0, n
    while m > 0:
        rev = rev * 10 + m % 10
        m //= 10
    return 2 * rev == n + 1
""")},
    59: {"loop": ("right", "def is_octagonal(n):\n    return 3 * n ** 2 - 2 * n\n")},
    63: {"sorted_pairs": ("right", "def max_difference(test_list):\n    return max(max(p) - min(p) for p in test_list)\n")},
    76: {"assume_m_small": ("wrong", "def count_Squares(m, n):\n    return sum((m - k) * (n - k) for k in range(m))\n")},
    86: {"loop": ("right", """
def centered_hexagonal_number(n):
    total = 1
    for k in range(1, n):
        total += 6 * k
    return total
""")},
    89: {"loop_down": ("right", "def closest_num(N):\n    return max(x for x in range(N - 1, N - 2, -1))\n")},
    90: {"loop": ("right", """
def len_log(list1):
    longest = 0
    for w in list1:
        if len(w) > longest:
            longest = len(w)
    return longest
""")},
    91: {"joined": ("wrong", "def find_substring(str1, sub_str):\n    return sub_str in ' '.join(str1)\n")},
    95: {"loop": ("right", """
def Find_Min_Length(lst):
    shortest = len(lst[0])
    for sub in lst[1:]:
        shortest = min(shortest, len(sub))
    return shortest
""")},
    96: {"brute": ("right", "def divisor(n):\n    return len([d for d in range(1, n + 1) if n % d == 0])\n")},
    98: {"rounded": ("wrong", """
def multiply_num(numbers):
    product = 1
    for x in numbers:
        product *= x
    return round(product / len(numbers), 2)
""")},
    99: {"bin": ("right", "def decimal_to_binary(n):\n    return bin(n)[2:]\n")},
    100: {"loop_true": ("right", """
def next_smallest_palindrome(num):
    while True:
        num += 1
        s = str(num)
        if s == s[::-1]:
            return num
""")},
    102: {"capitalize": ("right", "def snake_to_camel(word):\n    return ''.join(part.capitalize() for part in word.split('_'))\n")},
    103: {"recursive": ("right", """
from functools import lru_cache

@lru_cache(maxsize=None)
def eulerian_num(n, m):
    if m < 0 or m >= n:
        return 1 if n == 0 and m == 0 else 0
    if n == 1:
        return 1
    return (n - m) * eulerian_num(n - 1, m - 1) + (m + 1) * eulerian_num(n - 1, m)
""")},
    106: {"list_extend": ("right", """
def add_lists(test_list, test_tup):
    items = list(test_tup)
    items.extend(test_list)
    return tuple(items)
""")},
    108: {"heapq_sort": ("right", """
import heapq

def merge_sorted_list(num1, num2, num3):
    heap = num1 + num2 + num3
    heapq.heapify(heap)
    return [heapq.heappop(heap) for _ in range(len(heap))]
""")},
    109: {"loop": ("right", """
def odd_Equivalent(s, n):
    count = 0
    for i in range(n):
        if s[i] == '1':
            count += 1
    return count
""")},
}
for _task in TASKS:
    _task["solutions"].update(EXTRA.get(_task["task_id"], {}))
