"""Weak-test bugs for the differential stage (issue 16): buggy HumanEval solutions whose only test
is one or two of HumanEval's asserts (often only ``[]`` or ``''`` arguments), with the canonical
solution as reference, and QuixBugs-style programs with one test and a correct reference.

Written by hand in the style of HumanEvalFix (one small change to the canonical solution) and of
QuixBugs (a one-line defect); each bug must pass its own asserts and fail HumanEval's full
``check`` (``bench/bench_weak.py`` checks both before counting it). ``HUMANEVAL`` items:
``(task number, name, [(old, new), ...] replacements in the canonical solution, asserts)``; the
canonical solution with the same asserts is the task's control (it must be accepted).
``QUIXBUGS`` items: ``(name, reference, buggy, asserts)``; ``ALGOS`` (classic algorithms outside
QuixBugs) the same, each with a hand-checked input in ``ALGOS_WITNESSES`` where the bug shows.
"""

HUMANEVAL = [
    (5, "last_dropped", [("    result.append(numbers[-1])\n", "")], ["assert candidate([], 7) == []"]),
    (8, "prod_zero", [("prod_value = 1", "prod_value = 0 if numbers else 1")], ["assert candidate([]) == (0, 1)"]),
    (9, "running_min", [("max(running_max, n)", "min(running_max, n)")], ["assert candidate([]) == []"]),
    (10, "no_reverse", [("[:beginning_of_suffix][::-1]", "[:beginning_of_suffix]")], ["assert candidate('') == ''"]),
    (12, "last_longest", [("    for s in strings:", "    for s in reversed(strings):")],
     ["assert candidate([]) == None"]),
    (14, "from_zero", [("string[:i+1]", "string[:i]")], ["assert candidate('') == []"]),
    (16, "case_kept", [("string.lower()", "string")], ["assert candidate('') == 0"]),
    (17, "half_note", [("'o|': 2", "'o|': 3")], ["assert candidate('') == []"]),
    (19, "wrong_value", [("'seven': 7", "'seven': 2")], ["assert candidate('') == ''"]),
    (22, "floats_too", [("isinstance(x, int)", "isinstance(x, (int, float))")], ["assert candidate([]) == []"]),
    (26, "first_kept", [("c[n] <= 1", "c[n] >= 1")], ["assert candidate([]) == []"]),
    (27, "lowered", [("string.swapcase()", "string.lower() if string.isupper() else string.upper()")],
     ["assert candidate('') == ''"]),
    (28, "spaced", [("''.join(strings)", "' '.join(strings)")], ["assert candidate([]) == ''"]),
    (29, "suffix", [("x.startswith(prefix)", "x.endswith(prefix)")], ["assert candidate([], 'john') == []"]),
    (42, "plus_two", [("(e + 1)", "(e + 2)")], ["assert candidate([]) == []"]),
    (124, "day_month_swapped", [("int(month), int(day), int(year)", "int(day), int(month), int(year)")],
     ["assert candidate('03-11-2000') == True"]),
    (144, "float_compare", [("numerator/denom == int(numerator/denom)", "numerator % denom == 0 or denom % numerator == 0")],
     ["assert candidate(\"1/5\", \"5/1\") == True"]),
    (148, "inclusive", [("[planet1_index + 1: planet2_index]", "[planet1_index + 1: planet2_index + 1]")],
     ["assert candidate(\"Earth\", \"Mercury\") == (\"Venus\",)"]),
    (160, "left_to_right", [("expression+= oprt + str(oprn)", "expression = '(' + expression + oprt + str(oprn) + ')'")],
     ["assert candidate(['**', '*', '+'], [2, 3, 4, 5]) == 37"]),
]
"""The first batch: the stage's changes for issue 16's weak-test classes were made looking at it."""

HUMANEVAL_LATER = [
    (7, "starts_with", [("substring in x", "x.startswith(substring)")], ["assert candidate([], 'john') == []"]),
    (11, "last_against_zero", [("zip(a, b)", "zip(a, b[:len(a) - 1] + '0')")], ["assert candidate('111000', '101010') == '010010'"]),
    (18, "no_overlap", [("    for i in range(len(string) - len(substring) + 1):\n",
                         "    for i in range(0, len(string) - len(substring) + 1, max(1, len(substring))):\n")],
     ["assert candidate('', 'x') == 0"]),
    (67, "first_number_only", [("            lis.append(int(i))\n", "            lis.append(int(i))\n            break\n")],
     ["assert candidate('5 apples and 0 oranges', 19) == 14"]),
    (105, "nine_dropped", [('        9: "Nine",\n', "")], ["assert candidate([]) == []"]),
    (111, "first_max_only", [("                dict1[i]=t", "                dict1[i]=t\n                break")],
     ["assert candidate('') == {}"]),
    (141, "exe_missing", [("suf = ['txt', 'exe', 'dll']", "suf = ['txt', 'dll']")],
     ["assert candidate('example.txt') == 'Yes'"]),
    (156, "no_ninety", [("num = [1, 4, 5, 9, 10, 40, 50, 90,", "num = [1, 4, 5, 9, 10, 40, 50, 50,")],
     ["assert candidate(19) == 'xix'"]),
]
"""Written after the first changes; ``file_name_check``'s miss led to the word-swap change, so
only nearly held out."""

HUMANEVAL_HELD = [
    (3, "zero_is_below", [("if balance < 0:", "if balance <= 0:")], ["assert candidate([]) == False"]),
    (47, "even_upper_middle", [("(l[len(l) // 2 - 1] + l[len(l) // 2]) / 2.0", "l[len(l) // 2]")],
     ["assert candidate([3, 1, 2, 4, 5]) == 3"]),
    (63, "two_terms", [("fibfib(n - 1) + fibfib(n - 2) + fibfib(n - 3)", "fibfib(n - 1) + fibfib(n - 2)")],
     ["assert candidate(2) == 1"]),
    (85, "every_index", [("range(1, len(lst), 2)", "range(1, len(lst))")], ["assert candidate([4, 88]) == 88"]),
    (120, "k_zero", [("    if k == 0:\n        return []\n", "")], ["assert candidate([-3, -4, 5], 3) == [-4, -3, 5]"]),
]
"""Written after every change of this round, run once (the stage was not changed after)."""

QUIXBUGS = [
    ("bitcount",
     "def bitcount(n):\n    count = 0\n    while n:\n        n &= n - 1\n        count += 1\n    return count\n",
     "def bitcount(n):\n    count = 0\n    while n:\n        n ^= n - 1\n        count += 1\n        if count > 100:\n            break\n    return count\n",
     ["assert bitcount(0) == 0"]),
    ("gcd",
     "def gcd(a, b):\n    if b == 0:\n        return a\n    else:\n        return gcd(b, a % b)\n",
     "def gcd(a, b):\n    if b == 0:\n        return a\n    else:\n        return gcd(a % b, b)\n",
     ["assert gcd(13, 0) == 13"]),
    ("find_first_in_sorted",
     "def find_first_in_sorted(arr, x):\n    lo = 0\n    hi = len(arr)\n    while lo < hi:\n        mid = (lo + hi) // 2\n"
     "        if x == arr[mid] and (mid == 0 or x != arr[mid - 1]):\n            return mid\n"
     "        elif x <= arr[mid]:\n            hi = mid\n        else:\n            lo = mid + 1\n    return -1\n",
     "def find_first_in_sorted(arr, x):\n    lo = 0\n    hi = len(arr)\n    while lo < hi:\n        mid = (lo + hi) // 2\n"
     "        if x == arr[mid] and (mid == 0 or x != arr[mid - 1]):\n            return mid\n"
     "        elif x <= arr[mid]:\n            hi = mid\n        else:\n            lo = mid + 1\n    return -1\n"
     .replace("while lo < hi", "while lo <= hi"),
     ["assert find_first_in_sorted([3, 4, 5, 5, 5, 5, 6], 5) == 2"]),
    ("get_factors",
     "def get_factors(n):\n    if n == 1:\n        return []\n    for i in range(2, int(n ** 0.5) + 1):\n"
     "        if n % i == 0:\n            return [i] + get_factors(n // i)\n    return [n]\n",
     "def get_factors(n):\n    if n == 1:\n        return []\n    for i in range(2, int(n ** 0.5) + 1):\n"
     "        if n % i == 0:\n            return [i] + get_factors(n // i)\n    return [] if n > 97 else [n]\n",
     ["assert get_factors(100) == [2, 2, 5, 5]"]),
    ("is_valid_parenthesization",
     "def is_valid_parenthesization(parens):\n    depth = 0\n    for paren in parens:\n        if paren == '(':\n"
     "            depth += 1\n        else:\n            depth -= 1\n            if depth < 0:\n                return False\n"
     "    return depth == 0\n",
     "def is_valid_parenthesization(parens):\n    depth = 0\n    for paren in parens:\n        if paren == '(':\n"
     "            depth += 1\n        else:\n            depth -= 1\n            if depth < 0:\n                return False\n"
     "    return True\n",
     ["assert is_valid_parenthesization('((()()))()') == True"]),
    ("max_sublist_sum",
     "def max_sublist_sum(arr):\n    max_ending_here = 0\n    max_so_far = 0\n    for x in arr:\n"
     "        max_ending_here = max(0, max_ending_here + x)\n        max_so_far = max(max_so_far, max_ending_here)\n"
     "    return max_so_far\n",
     "def max_sublist_sum(arr):\n    max_ending_here = 0\n    max_so_far = 0\n    for x in arr:\n"
     "        max_ending_here = max_ending_here + x\n        max_so_far = max(max_so_far, max_ending_here)\n"
     "    return max_so_far\n",
     ["assert max_sublist_sum([1, 2, 3]) == 6"]),
    ("pascal",
     "def pascal(n):\n    rows = [[1]]\n    for r in range(1, n):\n        row = []\n        for c in range(0, r + 1):\n"
     "            upleft = rows[r - 1][c - 1] if c > 0 else 0\n            upright = rows[r - 1][c] if c < r else 0\n"
     "            row.append(upleft + upright)\n        rows.append(row)\n    return rows\n",
     "def pascal(n):\n    rows = [[1]]\n    for r in range(1, n):\n        row = []\n        for c in range(0, r):\n"
     "            upleft = rows[r - 1][c - 1] if c > 0 else 0\n            upright = rows[r - 1][c] if c < r else 0\n"
     "            row.append(upleft + upright)\n        rows.append(row)\n    return rows\n",
     ["assert pascal(1) == [[1]]"]),
    ("possible_change",
     "def possible_change(coins, total):\n    if total == 0:\n        return 1\n    if total < 0 or not coins:\n"
     "        return 0\n    first, *rest = coins\n    return possible_change(coins, total - first) + possible_change(rest, total)\n",
     "def possible_change(coins, total):\n    if total == 0:\n        return 1\n    if total < 0:\n"
     "        return 0\n    first, *rest = coins\n    return possible_change(coins, total - first) + possible_change(rest, total)\n",
     ["assert possible_change([5], 0) == 1"]),
    ("sieve",
     "def sieve(max):\n    primes = []\n    for n in range(2, max + 1):\n        if all(n % p > 0 for p in primes):\n"
     "            primes.append(n)\n    return primes\n",
     "def sieve(max):\n    primes = []\n    for n in range(2, max + 1):\n        if any(n % p > 0 for p in primes) or not primes:\n"
     "            primes.append(n)\n    return primes\n",
     ["assert sieve(2) == [2]"]),
    ("to_base",
     "import string\n\ndef to_base(num, b):\n    result = ''\n    alphabet = string.digits + string.ascii_uppercase\n"
     "    while num > 0:\n        i = num % b\n        num = num // b\n        result = alphabet[i] + result\n    return result\n",
     "import string\n\ndef to_base(num, b):\n    result = ''\n    alphabet = string.digits + string.ascii_uppercase\n"
     "    while num > 0:\n        i = num % b\n        num = num // b\n        result = result + alphabet[i]\n    return result\n",
     ["assert to_base(5, 2) == '101'"]),
    ("kth",
     "def kth(arr, k):\n    pivot = arr[0]\n    below = [x for x in arr if x < pivot]\n    above = [x for x in arr if x > pivot]\n"
     "    num_less = len(below)\n    num_lessoreq = len(arr) - len(above)\n    if k < num_less:\n        return kth(below, k)\n"
     "    elif k >= num_lessoreq:\n        return kth(above, k - num_lessoreq)\n    else:\n        return pivot\n",
     "def kth(arr, k):\n    pivot = arr[0]\n    below = [x for x in arr if x < pivot]\n    above = [x for x in arr if x > pivot]\n"
     "    num_less = len(below)\n    num_lessoreq = len(arr) - len(above)\n    if k < num_less:\n        return kth(below, k)\n"
     "    elif k >= num_lessoreq:\n        return kth(above, k)\n    else:\n        return pivot\n",
     ["assert kth([3, 6, 7, 1, 6, 3, 8, 9], 1) == 3"]),
    ("lis",
     "def lis(arr):\n    ends = {}\n    longest = 0\n    for i, val in enumerate(arr):\n"
     "        prefix_lengths = [j for j in range(1, longest + 1) if arr[ends[j]] < val]\n"
     "        length = max(prefix_lengths) if prefix_lengths else 0\n"
     "        if length == longest or val < arr[ends[length + 1]]:\n            ends[length + 1] = i\n"
     "            longest = max(longest, length + 1)\n    return longest\n",
     "def lis(arr):\n    ends = {}\n    longest = 0\n    for i, val in enumerate(arr):\n"
     "        prefix_lengths = [j for j in range(1, longest + 1) if arr[ends[j]] < val]\n"
     "        length = max(prefix_lengths) if prefix_lengths else 0\n"
     "        if length == longest or val < arr[ends[length + 1]]:\n            ends[length + 1] = i\n"
     "            longest = length + 1\n    return longest\n",
     ["assert lis([1, 2, 3]) == 3"]),
    ("shunting_yard",
     "def rpn_eval(tokens):\n    ops = {'+': lambda a, b: a + b, '-': lambda a, b: a - b, '*': lambda a, b: a * b, '/': lambda a, b: a / b}\n"
     "    stack = []\n    for token in tokens:\n        if isinstance(token, float):\n            stack.append(token)\n"
     "        else:\n            a = stack.pop()\n            b = stack.pop()\n            stack.append(ops[token](b, a))\n"
     "    return stack.pop()\n",
     "def rpn_eval(tokens):\n    ops = {'+': lambda a, b: a + b, '-': lambda a, b: a - b, '*': lambda a, b: a * b, '/': lambda a, b: a / b}\n"
     "    stack = []\n    for token in tokens:\n        if isinstance(token, float):\n            stack.append(token)\n"
     "        else:\n            a = stack.pop()\n            b = stack.pop()\n            stack.append(ops[token](a, b))\n"
     "    return stack.pop()\n",
     ["assert rpn_eval([3.0, 5.0, '+', 2.0, '*']) == 16.0"]),
]


def _defect(reference: str, old: str, new: str) -> str:
    """The reference with its one defect: ``old`` must occur exactly once, so the change is the one meant."""
    assert reference.count(old) == 1, old
    return reference.replace(old, new)


_INSERTION_SORT = """\
def insertion_sort(arr):
    result = list(arr)
    for i in range(1, len(result)):
        key = result[i]
        j = i - 1
        while j >= 0 and result[j] > key:
            result[j + 1] = result[j]
            j -= 1
        result[j + 1] = key
    return result
"""

_HEAP_SORT = """\
def heap_sort(arr):
    a = list(arr)
    n = len(a)

    def sift(root, end):
        while 2 * root + 1 < end:
            child = 2 * root + 1
            if child + 1 < end and a[child] < a[child + 1]:
                child += 1
            if a[root] < a[child]:
                a[root], a[child] = a[child], a[root]
                root = child
            else:
                return

    for start in range(n // 2 - 1, -1, -1):
        sift(start, n)
    for end in range(n - 1, 0, -1):
        a[0], a[end] = a[end], a[0]
        sift(0, end)
    return a
"""

_COUNTING_SORT = """\
def counting_sort(arr, k):
    counts = [0] * k
    for x in arr:
        counts[x] += 1
    result = []
    for value in range(k):
        result.extend([value] * counts[value])
    return result
"""

_RADIX_SORT = """\
def radix_sort(arr):
    result = list(arr)
    if not result:
        return result
    place = 1
    while max(result) // place > 0:
        buckets = [[] for _ in range(10)]
        for x in result:
            buckets[(x // place) % 10].append(x)
        result = [x for bucket in buckets for x in bucket]
        place *= 10
    return result
"""

_SEARCH_INSERT = """\
def search_insert(arr, x):
    lo, hi = 0, len(arr)
    while lo < hi:
        mid = (lo + hi) // 2
        if arr[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo
"""

_TWO_SUM = """\
def two_sum(nums, target):
    seen = {}
    for i, x in enumerate(nums):
        if target - x in seen:
            return (seen[target - x], i)
        seen[x] = i
    return None
"""

_LONGEST_PALINDROME = """\
def longest_palindrome(s):
    best = ''
    for center in range(len(s)):
        for lo, hi in ((center, center), (center, center + 1)):
            while lo >= 0 and hi < len(s) and s[lo] == s[hi]:
                lo -= 1
                hi += 1
            if hi - lo - 1 > len(best):
                best = s[lo + 1:hi]
    return best
"""

_MIN_COINS = """\
def min_coins(coins, amount):
    INF = float('inf')
    best = [0] + [INF] * amount
    for total in range(1, amount + 1):
        for coin in coins:
            if coin <= total and best[total - coin] + 1 < best[total]:
                best[total] = best[total - coin] + 1
    return best[amount] if best[amount] != INF else -1
"""

_MATRIX_MULTIPLY = """\
def matrix_multiply(a, b):
    rows, inner, cols = len(a), len(b), len(b[0])
    return [[sum(a[i][k] * b[k][j] for k in range(inner)) for j in range(cols)] for i in range(rows)]
"""

_SPIRAL_ORDER = """\
def spiral_order(matrix):
    result = []
    if not matrix:
        return result
    top, bottom = 0, len(matrix) - 1
    left, right = 0, len(matrix[0]) - 1
    while top <= bottom and left <= right:
        for j in range(left, right + 1):
            result.append(matrix[top][j])
        top += 1
        for i in range(top, bottom + 1):
            result.append(matrix[i][right])
        right -= 1
        if top <= bottom:
            for j in range(right, left - 1, -1):
                result.append(matrix[bottom][j])
            bottom -= 1
        if left <= right:
            for i in range(bottom, top - 1, -1):
                result.append(matrix[i][left])
            left += 1
    return result
"""

_RLE_ENCODE = """\
def rle_encode(s):
    result = []
    i = 0
    while i < len(s):
        j = i
        while j < len(s) and s[j] == s[i]:
            j += 1
        result.append((s[i], j - i))
        i = j
    return result
"""

_RLE_DECODE = """\
def rle_decode(s):
    result = []
    count = 0
    for ch in s:
        if ch.isdigit():
            count = count * 10 + int(ch)
        else:
            result.append(ch * count)
            count = 0
    return ''.join(result)
"""

_INT_TO_ROMAN = """\
def int_to_roman(n):
    values = [(1000, 'M'), (900, 'CM'), (500, 'D'), (400, 'CD'), (100, 'C'), (90, 'XC'),
              (50, 'L'), (40, 'XL'), (10, 'X'), (9, 'IX'), (5, 'V'), (4, 'IV'), (1, 'I')]
    result = ''
    for value, numeral in values:
        while n >= value:
            result += numeral
            n -= value
    return result
"""

_ROMAN_TO_INT = """\
def roman_to_int(s):
    values = {'I': 1, 'V': 5, 'X': 10, 'L': 50, 'C': 100, 'D': 500, 'M': 1000}
    total = 0
    for i, ch in enumerate(s):
        if i + 1 < len(s) and values[ch] < values[s[i + 1]]:
            total -= values[ch]
        else:
            total += values[ch]
    return total
"""

_CAESAR = """\
def caesar(text, shift):
    result = []
    for ch in text:
        if ch.isupper():
            result.append(chr((ord(ch) - ord('A') + shift) % 26 + ord('A')))
        elif ch.islower():
            result.append(chr((ord(ch) - ord('a') + shift) % 26 + ord('a')))
        else:
            result.append(ch)
    return ''.join(result)
"""

_BALANCED = """\
def balanced(s):
    pairs = {')': '(', ']': '[', '}': '{'}
    stack = []
    for ch in s:
        if ch in '([{':
            stack.append(ch)
        elif ch in pairs:
            if not stack or stack.pop() != pairs[ch]:
                return False
    return not stack
"""

_MERGE_INTERVALS = """\
def merge_intervals(intervals):
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged
"""

_MAX_SUBARRAY = """\
def max_subarray(arr):
    best, best_start, best_end = arr[0], 0, 0
    current, start = 0, 0
    for i, x in enumerate(arr):
        if current <= 0:
            current, start = x, i
        else:
            current += x
        if current > best:
            best, best_start, best_end = current, start, i
    return best, best_start, best_end
"""

_FACTORIZE = """\
def factorize(n):
    factors = {}
    p = 2
    while p * p <= n:
        while n % p == 0:
            factors[p] = factors.get(p, 0) + 1
            n //= p
        p += 1
    if n > 1:
        factors[n] = factors.get(n, 0) + 1
    return factors
"""

_POWER_MOD = """\
def power_mod(base, exp, mod):
    result = 1 % mod
    base %= mod
    while exp > 0:
        if exp & 1:
            result = result * base % mod
        base = base * base % mod
        exp >>= 1
    return result
"""

_CATALAN = """\
def catalan(n):
    c = [1] + [0] * n
    for i in range(1, n + 1):
        c[i] = sum(c[j] * c[i - 1 - j] for j in range(i))
    return c[n]
"""

_PERMUTATIONS = """\
def permutations(items):
    if not items:
        return [[]]
    result = []
    for i in range(len(items)):
        for rest in permutations(items[:i] + items[i + 1:]):
            result.append([items[i]] + rest)
    return result
"""

_GRAY_CODE = """\
def gray_code(n):
    return [i ^ (i >> 1) for i in range(1 << n)]
"""

_COUNT_COMPONENTS = """\
def count_components(n, edges):
    parent = list(range(n))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    components = n
    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
            components -= 1
    return components
"""

_DAG_LONGEST_PATH = """\
def dag_longest_path(graph, node):
    memo = {}

    def longest(v):
        if v not in memo:
            memo[v] = max((w + longest(u) for u, w in graph.get(v, {}).items()), default=0)
        return memo[v]

    return longest(node)
"""

_DIJKSTRA = """\
import heapq


def dijkstra(graph, source):
    dist = {source: 0}
    heap = [(0, source)]
    while heap:
        d, v = heapq.heappop(heap)
        if d > dist[v]:
            continue
        for u, w in graph.get(v, {}).items():
            if u not in dist or d + w < dist[u]:
                dist[u] = d + w
                heapq.heappush(heap, (d + w, u))
    return dist
"""

_FLOOD_FILL = """\
def flood_fill(grid, row, col, new):
    old = grid[row][col]
    result = [list(r) for r in grid]
    if old == new:
        return result
    stack = [(row, col)]
    while stack:
        r, c = stack.pop()
        if 0 <= r < len(result) and 0 <= c < len(result[0]) and result[r][c] == old:
            result[r][c] = new
            stack.extend([(r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)])
    return result
"""

_GROUP_ANAGRAMS = """\
def group_anagrams(words):
    groups = {}
    for word in words:
        groups.setdefault(''.join(sorted(word)), []).append(word)
    return list(groups.values())
"""

_ZIGZAG = """\
def zigzag(s, num_rows):
    if num_rows == 1 or num_rows >= len(s):
        return s
    rows = [''] * num_rows
    row, step = 0, 1
    for ch in s:
        rows[row] += ch
        if row == 0:
            step = 1
        elif row == num_rows - 1:
            step = -1
        row += step
    return ''.join(rows)
"""

_NUMBER_TO_WORDS = """\
ONES = ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven',
        'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen']
TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety']


def number_to_words(n):
    if n == 0:
        return 'zero'
    words = []
    if n >= 100:
        words.append(ONES[n // 100] + ' hundred')
        n %= 100
    if n >= 20:
        words.append(TENS[n // 10])
        n %= 10
    if n > 0:
        words.append(ONES[n])
    return ' '.join(words)
"""

ALGOS = [
    ("insertion_sort", _INSERTION_SORT, _defect(_INSERTION_SORT, "while j >= 0 and", "while j > 0 and"),
     ["assert insertion_sort([1, 3, 2]) == [1, 2, 3]"]),
    ("heap_sort", _HEAP_SORT, _defect(_HEAP_SORT, "range(n // 2 - 1, -1, -1)", "range(n // 2 - 1, 0, -1)"),
     ["assert heap_sort([3, 1, 2]) == [1, 2, 3]"]),
    ("counting_sort", _COUNTING_SORT, _defect(_COUNTING_SORT, "for value in range(k):", "for value in range(k - 1):"),
     ["assert counting_sort([2, 0, 1], 4) == [0, 1, 2]"]),
    ("radix_sort", _RADIX_SORT, _defect(_RADIX_SORT, "while max(result) // place > 0:", "while max(result) > place:"),
     ["assert radix_sort([170, 45, 75, 90, 802, 24, 2, 66]) == [2, 24, 45, 66, 75, 90, 170, 802]"]),
    ("search_insert", _SEARCH_INSERT, _defect(_SEARCH_INSERT, "if arr[mid] < x:", "if arr[mid] <= x:"),
     ["assert search_insert([1, 3, 5, 6], 2) == 1"]),
    ("two_sum", _TWO_SUM,
     _defect(_TWO_SUM, "        if target - x in seen:\n            return (seen[target - x], i)\n        seen[x] = i\n",
             "        seen[x] = i\n        if target - x in seen:\n            return (seen[target - x], i)\n"),
     ["assert two_sum([2, 7, 11, 15], 9) == (0, 1)"]),
    ("longest_palindrome", _LONGEST_PALINDROME,
     _defect(_LONGEST_PALINDROME, "((center, center), (center, center + 1))", "((center, center),)"),
     ["assert longest_palindrome('babad') == 'bab'"]),
    ("min_coins", _MIN_COINS, _defect(_MIN_COINS, "!= INF else -1", "!= INF else 0"),
     ["assert min_coins([1, 2, 5], 11) == 3"]),
    ("matrix_multiply", _MATRIX_MULTIPLY, _defect(_MATRIX_MULTIPLY, "b[k][j]", "b[j][k]"),
     ["assert matrix_multiply([[1, 2], [3, 4]], [[1, 0], [0, 1]]) == [[1, 2], [3, 4]]"]),
    ("spiral_order", _SPIRAL_ORDER, _defect(_SPIRAL_ORDER, "        if top <= bottom:", "        if top < bottom:"),
     ["assert spiral_order([[1, 2], [3, 4]]) == [1, 2, 4, 3]"]),
    ("rle_encode", _RLE_ENCODE, _defect(_RLE_ENCODE, "while j < len(s) and", "while j < len(s) - 1 and"),
     ["assert rle_encode('') == []"]),
    ("rle_decode", _RLE_DECODE, _defect(_RLE_DECODE, "count = count * 10 + int(ch)", "count = int(ch)"),
     ["assert rle_decode('3a2b1c') == 'aaabbc'"]),
    ("int_to_roman", _INT_TO_ROMAN, _defect(_INT_TO_ROMAN, "while n >= value:", "if n >= value:"),
     ["assert int_to_roman(1994) == 'MCMXCIV'"]),
    ("roman_to_int", _ROMAN_TO_INT, _defect(_ROMAN_TO_INT, "values[ch] < values[s[i + 1]]", "values[ch] <= values[s[i + 1]]"),
     ["assert roman_to_int('MCMXCIV') == 1994"]),
    ("caesar", _CAESAR, _defect(_CAESAR, "(ord(ch) - ord('A') + shift)", "(ord(ch) - ord('a') + shift)"),
     ["assert caesar('hello, world', 3) == 'khoor, zruog'"]),
    ("balanced", _BALANCED, _defect(_BALANCED, "'}': '{'", "'}': '['"),
     ["assert balanced('([])') == True"]),
    ("merge_intervals", _MERGE_INTERVALS,
     _defect(_MERGE_INTERVALS, "merged[-1][1] = max(merged[-1][1], end)", "merged[-1][1] = end"),
     ["assert merge_intervals([[1, 3], [2, 6], [8, 10], [15, 18]]) == [[1, 6], [8, 10], [15, 18]]"]),
    ("max_subarray", _MAX_SUBARRAY, _defect(_MAX_SUBARRAY, "if current <= 0:", "if current < 0:"),
     ["assert max_subarray([-2, 1, -3, 4, -1, 2, 1, -5, 4]) == (6, 3, 6)"]),
    ("factorize", _FACTORIZE, _defect(_FACTORIZE, "while p * p <= n:", "while p * p < n:"),
     ["assert factorize(12) == {2: 2, 3: 1}"]),
    ("power_mod", _POWER_MOD, _defect(_POWER_MOD, "result = 1 % mod", "result = 1"),
     ["assert power_mod(2, 10, 1000) == 24"]),
    ("catalan", _CATALAN, _defect(_CATALAN, "for j in range(i))", "for j in range(i - 1))"),
     ["assert catalan(0) == 1"]),
    ("permutations", _PERMUTATIONS, _defect(_PERMUTATIONS, "for i in range(len(items)):", "for i in range(len(items) - 1):"),
     ["assert permutations([]) == [[]]"]),
    ("gray_code", _GRAY_CODE, _defect(_GRAY_CODE, "range(1 << n)", "range(2 * n)"),
     ["assert gray_code(2) == [0, 1, 3, 2]"]),
    ("count_components", _COUNT_COMPONENTS, _defect(_COUNT_COMPONENTS, "parent[ra] = rb", "parent[a] = rb"),
     ["assert count_components(5, [(0, 1), (1, 2), (3, 4)]) == 2"]),
    ("dag_longest_path", _DAG_LONGEST_PATH, _defect(_DAG_LONGEST_PATH, "memo[v] = max(", "memo[v] = min("),
     ["assert dag_longest_path({'a': {'b': 2}, 'b': {'c': 3}}, 'a') == 5"]),
    ("dijkstra", _DIJKSTRA, _defect(_DIJKSTRA, "if u not in dist or d + w < dist[u]:", "if u not in dist:"),
     ["assert dijkstra({'a': {'b': 1}, 'b': {'c': 2}}, 'a') == {'a': 0, 'b': 1, 'c': 3}"]),
    ("flood_fill", _FLOOD_FILL, _defect(_FLOOD_FILL, "0 <= c < len(result[0])", "0 <= c < len(result)"),
     ["assert flood_fill([[1, 1, 0], [1, 0, 0], [1, 1, 1]], 0, 0, 2) == [[2, 2, 0], [2, 0, 0], [2, 2, 2]]"]),
    ("group_anagrams", _GROUP_ANAGRAMS, _defect(_GROUP_ANAGRAMS, "sorted(word)", "sorted(set(word))"),
     ["assert group_anagrams(['eat', 'tea', 'tan', 'ate', 'nat', 'bat']) == [['eat', 'tea', 'ate'], ['tan', 'nat'], ['bat']]"]),
    ("zigzag", _ZIGZAG, _defect(_ZIGZAG, "if num_rows == 1 or num_rows >= len(s):", "if num_rows >= len(s):"),
     ["assert zigzag('PAYPALISHIRING', 3) == 'PAHNAPLSIIGYIR'"]),
    ("number_to_words", _NUMBER_TO_WORDS, _defect(_NUMBER_TO_WORDS, "if n >= 20:", "if n > 20:"),
     ["assert number_to_words(342) == 'three hundred forty two'"]),
]
"""Classic algorithms outside QuixBugs' 40 (issue 16's development set after ``QUIXBUGS`` was all
caught), written for this set: each bug is one QuixBugs-style defect in its reference that passes
the one assert a lazy test writer would write. Bugs were written before any run, not shaped by what
the stage catches."""

ALGOS_WITNESSES = {
    "insertion_sort": ([2, 1],),
    "heap_sort": ([1, 2, 3],),
    "counting_sort": ([3], 4),
    "radix_sort": ([10, 5],),
    "search_insert": ([1, 3, 5, 6], 5),
    "two_sum": ([3, 2, 4], 6),
    "longest_palindrome": ("abba",),
    "min_coins": ([2], 3),
    "matrix_multiply": ([[1, 2]], [[1, 2], [3, 4]]),
    "spiral_order": ([[1, 2, 3], [4, 5, 6]],),
    "rle_encode": ("a",),
    "rle_decode": ("12a",),
    "int_to_roman": (3,),
    "roman_to_int": ("III",),
    "caesar": ("A", 1),
    "balanced": ("{}",),
    "merge_intervals": ([[1, 10], [2, 3]],),
    "max_subarray": ([0, 1],),
    "factorize": (9,),
    "power_mod": (2, 0, 1),
    "catalan": (3,),
    "permutations": ([1],),
    "gray_code": (3,),
    "count_components": (3, [(0, 1), (0, 2), (1, 2)]),
    "dag_longest_path": ({'a': {'b': 1, 'c': 2}}, 'a'),
    "dijkstra": ({'a': {'b': 5, 'c': 1}, 'c': {'b': 1}}, 'a'),
    "flood_fill": ([[1, 1]], 0, 0, 2),
    "group_anagrams": (["aab", "abb"],),
    "zigzag": ("AB", 1),
    "number_to_words": (20,),
}
"""One input per ``ALGOS`` item, checked by hand, where the bug and the reference disagree
(``bench/bench_weak.py`` checks that they do: a different value, an exception or a timeout)."""
