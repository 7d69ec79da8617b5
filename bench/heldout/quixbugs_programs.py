"""Held-out QuixBugs-style programs (issue 16 item 5): re-written in QuixBugs' style from memory,
not QuixBugs' files. Each: a correct ``reference``, a ``buggy`` version that differs in one line
(the kinds of QuixBugs' defects: wrong operator, off-by-one, missing base case, wrong variable,
wrong constant), ONE ``test`` that the buggy version passes, and a ``witness`` argument tuple on
which the two disagree (checked by ``bench/heldout_sets.py``).
"""

PROGRAMS = [
    {"name": "gcd", "doc": "Greatest common divisor of two non-negative integers.",
     "reference": """
def gcd(a, b):
    if b == 0:
        return a
    return gcd(b, a % b)
""",
     "buggy": """
def gcd(a, b):
    if b == 0:
        return a
    return gcd(a % b, b)
""",
     "test": "assert gcd(5, 0) == 5", "witness": (35, 21)},
    {"name": "bitcount", "doc": "Number of 1-bits in a non-negative integer.",
     "reference": """
def bitcount(n):
    count = 0
    while n:
        n &= n - 1
        count += 1
    return count
""",
     "buggy": """
def bitcount(n):
    count = 0
    while n:
        n ^= n - 1
        count += 1
    return count
""",
     "test": "assert bitcount(0) == 0", "witness": (127,)},
    {"name": "bucketsort", "doc": "Sort a list of integers in range(k) by counting.",
     "reference": """
def bucketsort(arr, k):
    counts = [0] * k
    for x in arr:
        counts[x] += 1
    sorted_arr = []
    for i, count in enumerate(counts):
        sorted_arr.extend([i] * count)
    return sorted_arr
""",
     "buggy": """
def bucketsort(arr, k):
    counts = [0] * k
    for x in arr:
        counts[x] += 1
    sorted_arr = []
    for i, count in enumerate(arr):
        sorted_arr.extend([i] * count)
    return sorted_arr
""",
     "test": "assert bucketsort([], 5) == []", "witness": ([3, 1, 4, 1], 5)},
    {"name": "find_first_in_sorted", "doc": "Index of the first occurrence of x in a sorted list, or -1.",
     "reference": """
def find_first_in_sorted(arr, x):
    lo, hi = 0, len(arr)
    while lo < hi:
        mid = (lo + hi) // 2
        if x == arr[mid] and (mid == 0 or x != arr[mid - 1]):
            return mid
        elif x <= arr[mid]:
            hi = mid
        else:
            lo = mid + 1
    return -1
""",
     "buggy": """
def find_first_in_sorted(arr, x):
    lo, hi = 0, len(arr)
    while lo <= hi:
        mid = (lo + hi) // 2
        if x == arr[mid] and (mid == 0 or x != arr[mid - 1]):
            return mid
        elif x <= arr[mid]:
            hi = mid
        else:
            lo = mid + 1
    return -1
""",
     "test": "assert find_first_in_sorted([3, 4, 5, 5, 5, 5, 6], 5) == 2", "witness": ([3, 4, 5, 5, 5, 5, 6], 7)},
    {"name": "flatten", "doc": "Flatten a nested list into a list of its non-list items.",
     "reference": """
def flatten(arr):
    out = []
    for x in arr:
        if isinstance(x, list):
            out.extend(flatten(x))
        else:
            out.append(x)
    return out
""",
     "buggy": """
def flatten(arr):
    out = []
    for x in arr:
        if isinstance(x, list):
            out.extend(x)
        else:
            out.append(x)
    return out
""",
     "test": "assert flatten([[1, 2], 3]) == [1, 2, 3]", "witness": ([[1, [2, 3]], 4],)},
    {"name": "get_factors", "doc": "Prime factors of n >= 1 in non-decreasing order.",
     "reference": """
def get_factors(n):
    if n == 1:
        return []
    for i in range(2, int(n ** 0.5) + 1):
        if n % i == 0:
            return [i] + get_factors(n // i)
    return [n]
""",
     "buggy": """
def get_factors(n):
    if n == 1:
        return []
    for i in range(2, int(n ** 0.5) + 1):
        if n % i == 0:
            return [i] + get_factors(n // i)
    return []
""",
     "test": "assert get_factors(1) == []", "witness": (12,)},
    {"name": "hanoi", "doc": "Moves (from, to) that take `height` disks from peg `start` to peg `end`.",
     "reference": """
def hanoi(height, start=1, end=3):
    steps = []
    if height > 0:
        helper = ({1, 2, 3} - {start} - {end}).pop()
        steps.extend(hanoi(height - 1, start, helper))
        steps.append((start, end))
        steps.extend(hanoi(height - 1, helper, end))
    return steps
""",
     "buggy": """
def hanoi(height, start=1, end=3):
    steps = []
    if height > 0:
        helper = ({1, 2, 3} - {start} - {end}).pop()
        steps.extend(hanoi(height - 1, start, helper))
        steps.append((start, helper))
        steps.extend(hanoi(height - 1, helper, end))
    return steps
""",
     "test": "assert hanoi(0, 1, 3) == []", "witness": (2, 1, 3)},
    {"name": "is_valid_parenthesization", "doc": "Whether a string of '(' and ')' is balanced.",
     "reference": """
def is_valid_parenthesization(parens):
    depth = 0
    for paren in parens:
        if paren == '(':
            depth += 1
        else:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0
""",
     "buggy": """
def is_valid_parenthesization(parens):
    depth = 0
    for paren in parens:
        if paren == '(':
            depth += 1
        else:
            depth -= 1
            if depth < 0:
                return False
    return True
""",
     "test": "assert is_valid_parenthesization('((()()))()')", "witness": ("((",)},
    {"name": "kheapsort", "doc": "Sort a list in which every item is at most k places from its sorted position.",
     "reference": """
import heapq

def kheapsort(arr, k):
    heap = arr[:k]
    heapq.heapify(heap)
    out = []
    for x in arr[k:]:
        out.append(heapq.heappushpop(heap, x))
    while heap:
        out.append(heapq.heappop(heap))
    return out
""",
     "buggy": """
import heapq

def kheapsort(arr, k):
    heap = arr[:k]
    heapq.heapify(heap)
    out = []
    for x in arr:
        out.append(heapq.heappushpop(heap, x))
    while heap:
        out.append(heapq.heappop(heap))
    return out
""",
     "test": "assert kheapsort([1, 2, 3], 0) == [1, 2, 3]", "witness": ([3, 2, 1, 5, 4], 2)},
    {"name": "knapsack", "doc": "Best total value of (weight, value) items within capacity.",
     "reference": """
def knapsack(capacity, items):
    best = [0] * (capacity + 1)
    for weight, value in items:
        for c in range(capacity, weight - 1, -1):
            best[c] = max(best[c], best[c - weight] + value)
    return best[capacity]
""",
     "buggy": """
def knapsack(capacity, items):
    best = [0] * (capacity + 1)
    for weight, value in items:
        for c in range(capacity, weight, -1):
            best[c] = max(best[c], best[c - weight] + value)
    return best[capacity]
""",
     "test": "assert knapsack(100, [(60, 10), (50, 8), (20, 4), (20, 4), (8, 3), (3, 2)]) == 19",
     "witness": (5, [(5, 10)])},
    {"name": "kth", "doc": "The k-th smallest (0-based) item of a list of distinct numbers, by quickselect.",
     "reference": """
def kth(arr, k):
    pivot = arr[0]
    below = [x for x in arr if x < pivot]
    above = [x for x in arr if x > pivot]
    num_less = len(below)
    num_lessoreq = len(arr) - len(above)
    if k < num_less:
        return kth(below, k)
    elif k >= num_lessoreq:
        return kth(above, k - num_lessoreq)
    return pivot
""",
     "buggy": """
def kth(arr, k):
    pivot = arr[0]
    below = [x for x in arr if x < pivot]
    above = [x for x in arr if x > pivot]
    num_less = len(below)
    num_lessoreq = len(arr) - len(above)
    if k < num_less:
        return kth(below, k)
    elif k >= num_lessoreq:
        return kth(above, k)
    return pivot
""",
     "test": "assert kth([5, 1, 3, 4, 2], 0) == 1", "witness": ([1, 2, 3, 4, 5], 3)},
    {"name": "lcs_length", "doc": "Length of the longest common substring of two strings.",
     "reference": """
def lcs_length(s, t):
    best = 0
    prev = [0] * (len(t) + 1)
    for i in range(1, len(s) + 1):
        cur = [0] * (len(t) + 1)
        for j in range(1, len(t) + 1):
            if s[i - 1] == t[j - 1]:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best
""",
     "buggy": """
def lcs_length(s, t):
    best = 0
    prev = [0] * (len(t) + 1)
    for i in range(1, len(s) + 1):
        cur = [0] * (len(t) + 1)
        for j in range(1, len(t) + 1):
            if s[i - 1] == t[j - 1]:
                cur[j] = prev[j] + 1
                best = max(best, cur[j])
        prev = cur
    return best
""",
     "test": "assert lcs_length('ab', 'xa') == 1", "witness": ("abc", "aab")},
    {"name": "levenshtein", "doc": "Edit distance between two strings.",
     "reference": """
def levenshtein(source, target):
    if source == '' or target == '':
        return len(source) or len(target)
    if source[0] == target[0]:
        return levenshtein(source[1:], target[1:])
    return 1 + min(levenshtein(source, target[1:]), levenshtein(source[1:], target[1:]),
                   levenshtein(source[1:], target))
""",
     "buggy": """
def levenshtein(source, target):
    if source == '' or target == '':
        return len(source) or len(target)
    if source[0] == target[0]:
        return 1 + levenshtein(source[1:], target[1:])
    return 1 + min(levenshtein(source, target[1:]), levenshtein(source[1:], target[1:]),
                   levenshtein(source[1:], target))
""",
     "test": "assert levenshtein('', 'abc') == 3", "witness": ("ab", "ab")},
    {"name": "lis", "doc": "Length of the longest strictly increasing subsequence.",
     "reference": """
def lis(arr):
    best = [1] * len(arr)
    for i in range(len(arr)):
        for j in range(i):
            if arr[j] < arr[i]:
                best[i] = max(best[i], best[j] + 1)
    return max(best, default=0)
""",
     "buggy": """
def lis(arr):
    best = [1] * len(arr)
    for i in range(len(arr)):
        for j in range(i):
            if arr[j] <= arr[i]:
                best[i] = max(best[i], best[j] + 1)
    return max(best, default=0)
""",
     "test": "assert lis([4, 1, 5, 3, 7, 6, 2]) == 3", "witness": ([2, 2, 2],)},
    {"name": "longest_common_subsequence", "doc": "A longest common subsequence of two strings.",
     "reference": """
def longest_common_subsequence(a, b):
    if not a or not b:
        return ''
    if a[0] == b[0]:
        return a[0] + longest_common_subsequence(a[1:], b[1:])
    return max(longest_common_subsequence(a, b[1:]), longest_common_subsequence(a[1:], b), key=len)
""",
     "buggy": """
def longest_common_subsequence(a, b):
    if not a or not b:
        return ''
    if a[0] == b[0]:
        return a[0] + longest_common_subsequence(a[1:], b)
    return max(longest_common_subsequence(a, b[1:]), longest_common_subsequence(a[1:], b), key=len)
""",
     "test": "assert longest_common_subsequence('headache', 'pentadactyl') == 'eadac'",
     "witness": ("aa", "a")},
    {"name": "max_sublist_sum", "doc": "Largest sum of a contiguous sublist (0 for the empty one).",
     "reference": """
def max_sublist_sum(arr):
    max_ending_here = 0
    max_so_far = 0
    for x in arr:
        max_ending_here = max(0, max_ending_here + x)
        max_so_far = max(max_so_far, max_ending_here)
    return max_so_far
""",
     "buggy": """
def max_sublist_sum(arr):
    max_ending_here = 0
    max_so_far = 0
    for x in arr:
        max_ending_here = max_ending_here + x
        max_so_far = max(max_so_far, max_ending_here)
    return max_so_far
""",
     "test": "assert max_sublist_sum([4, -1, 2]) == 5", "witness": ([-5, 3],)},
    {"name": "mergesort", "doc": "Sort a list by merge sort.",
     "reference": """
def mergesort(arr):
    def merge(left, right):
        result = []
        i = j = 0
        while i < len(left) and j < len(right):
            if left[i] <= right[j]:
                result.append(left[i])
                i += 1
            else:
                result.append(right[j])
                j += 1
        return result + left[i:] + right[j:]

    if len(arr) <= 1:
        return arr
    middle = len(arr) // 2
    return merge(mergesort(arr[:middle]), mergesort(arr[middle:]))
""",
     "buggy": """
def mergesort(arr):
    def merge(left, right):
        result = []
        i = j = 0
        while i < len(left) and j < len(right):
            if left[i] <= right[j]:
                result.append(left[i])
                i += 1
            else:
                result.append(right[j])
                j += 1
        return result + left[i:] + right[j:]

    if len(arr) == 0:
        return arr
    middle = len(arr) // 2
    return merge(mergesort(arr[:middle]), mergesort(arr[middle:]))
""",
     "test": "assert mergesort([]) == []", "witness": ([2, 1],)},
    {"name": "next_palindrome", "doc": "The next palindrome after a palindromic number given as a list of digits.",
     "reference": """
def next_palindrome(digit_list):
    high_mid = len(digit_list) // 2
    low_mid = (len(digit_list) - 1) // 2
    while high_mid < len(digit_list) and low_mid >= 0:
        if digit_list[high_mid] == 9:
            digit_list[high_mid] = 0
            digit_list[low_mid] = 0
            high_mid += 1
            low_mid -= 1
        else:
            digit_list[high_mid] += 1
            if low_mid != high_mid:
                digit_list[low_mid] += 1
            return digit_list
    return [1] + (len(digit_list) - 1) * [0] + [1]
""",
     "buggy": """
def next_palindrome(digit_list):
    high_mid = len(digit_list) // 2
    low_mid = (len(digit_list) - 1) // 2
    while high_mid < len(digit_list) and low_mid >= 0:
        if digit_list[high_mid] == 9:
            digit_list[high_mid] = 0
            digit_list[low_mid] = 0
            high_mid += 1
            low_mid -= 1
        else:
            digit_list[high_mid] += 1
            if low_mid != high_mid:
                digit_list[low_mid] += 1
            return digit_list
    return [1] + len(digit_list) * [0] + [1]
""",
     "test": "assert next_palindrome([1, 4, 9, 4, 1]) == [1, 5, 0, 5, 1]", "witness": ([9, 9],)},
    {"name": "next_permutation", "doc": "The next permutation of a list of distinct numbers in lexicographic order.",
     "reference": """
def next_permutation(perm):
    for i in range(len(perm) - 2, -1, -1):
        if perm[i] < perm[i + 1]:
            for j in range(len(perm) - 1, i, -1):
                if perm[i] < perm[j]:
                    next_perm = list(perm)
                    next_perm[i], next_perm[j] = perm[j], perm[i]
                    next_perm[i + 1:] = reversed(next_perm[i + 1:])
                    return next_perm
""",
     "buggy": """
def next_permutation(perm):
    for i in range(len(perm) - 2, -1, -1):
        if perm[i] < perm[i + 1]:
            for j in range(len(perm) - 1, i, -1):
                if perm[j] < perm[i]:
                    next_perm = list(perm)
                    next_perm[i], next_perm[j] = perm[j], perm[i]
                    next_perm[i + 1:] = reversed(next_perm[i + 1:])
                    return next_perm
""",
     "test": "assert next_permutation([3, 2, 1]) is None", "witness": ([1, 2, 3],)},
    {"name": "pascal", "doc": "The first n rows of Pascal's triangle.",
     "reference": """
def pascal(n):
    rows = [[1]]
    for r in range(1, n):
        row = []
        for c in range(0, r + 1):
            upleft = rows[r - 1][c - 1] if c > 0 else 0
            upright = rows[r - 1][c] if c < r else 0
            row.append(upleft + upright)
        rows.append(row)
    return rows
""",
     "buggy": """
def pascal(n):
    rows = [[1]]
    for r in range(1, n):
        row = []
        for c in range(0, r):
            upleft = rows[r - 1][c - 1] if c > 0 else 0
            upright = rows[r - 1][c] if c < r else 0
            row.append(upleft + upright)
        rows.append(row)
    return rows
""",
     "test": "assert pascal(1) == [[1]]", "witness": (3,)},
    {"name": "possible_change", "doc": "Number of ways to make `total` from the coin values (each usable many times).",
     "reference": """
def possible_change(coins, total):
    if total == 0:
        return 1
    if total < 0 or not coins:
        return 0
    first, *rest = coins
    return possible_change(coins, total - first) + possible_change(rest, total)
""",
     "buggy": """
def possible_change(coins, total):
    if total == 0:
        return 1
    if total < 0:
        return 0
    first, *rest = coins
    return possible_change(coins, total - first) + possible_change(rest, total)
""",
     "test": "assert possible_change([1, 5, 10, 25], 0) == 1", "witness": ([1, 5], 3)},
    {"name": "powerset", "doc": "All subsets of a list, each keeping the list's order.",
     "reference": """
def powerset(arr):
    if arr:
        first, *rest = arr
        rest_subsets = powerset(rest)
        return rest_subsets + [[first] + subset for subset in rest_subsets]
    return [[]]
""",
     "buggy": """
def powerset(arr):
    if arr:
        first, *rest = arr
        rest_subsets = powerset(rest)
        return [[first] + subset for subset in rest_subsets]
    return [[]]
""",
     "test": "assert powerset([]) == [[]]", "witness": (["a", "b"],)},
    {"name": "quicksort", "doc": "Sort a list by quicksort.",
     "reference": """
def quicksort(arr):
    if not arr:
        return []
    pivot = arr[0]
    lesser = quicksort([x for x in arr[1:] if x < pivot])
    greater = quicksort([x for x in arr[1:] if x >= pivot])
    return lesser + [pivot] + greater
""",
     "buggy": """
def quicksort(arr):
    if not arr:
        return []
    pivot = arr[0]
    lesser = quicksort([x for x in arr[1:] if x < pivot])
    greater = quicksort([x for x in arr[1:] if x > pivot])
    return lesser + [pivot] + greater
""",
     "test": "assert quicksort([1, 2, 6, 72, 7, 33, 4]) == [1, 2, 4, 6, 7, 33, 72]", "witness": ([1, 1],)},
    {"name": "rpn_eval", "doc": "Evaluate a Reverse Polish Notation list of numbers and the operators + - * /.",
     "reference": """
def rpn_eval(tokens):
    def op(symbol, a, b):
        return {'+': lambda a, b: a + b, '-': lambda a, b: a - b,
                '*': lambda a, b: a * b, '/': lambda a, b: a / b}[symbol](a, b)

    stack = []
    for token in tokens:
        if isinstance(token, float):
            stack.append(token)
        else:
            a = stack.pop()
            b = stack.pop()
            stack.append(op(token, b, a))
    return stack.pop()
""",
     "buggy": """
def rpn_eval(tokens):
    def op(symbol, a, b):
        return {'+': lambda a, b: a + b, '-': lambda a, b: a - b,
                '*': lambda a, b: a * b, '/': lambda a, b: a / b}[symbol](a, b)

    stack = []
    for token in tokens:
        if isinstance(token, float):
            stack.append(token)
        else:
            a = stack.pop()
            b = stack.pop()
            stack.append(op(token, a, b))
    return stack.pop()
""",
     "test": "assert rpn_eval([3.0, 5.0, '+', 2.0, '*']) == 16.0", "witness": ([7.0, 2.0, '-'],)},
    {"name": "shunting_yard", "doc": "Infix tokens (ints and + - * /) to Reverse Polish Notation.",
     "reference": """
def shunting_yard(tokens):
    precedence = {'+': 1, '-': 1, '*': 2, '/': 2}
    rpn = []
    opstack = []
    for token in tokens:
        if isinstance(token, int):
            rpn.append(token)
        else:
            while opstack and precedence[token] <= precedence[opstack[-1]]:
                rpn.append(opstack.pop())
            opstack.append(token)
    while opstack:
        rpn.append(opstack.pop())
    return rpn
""",
     "buggy": """
def shunting_yard(tokens):
    precedence = {'+': 1, '-': 1, '*': 2, '/': 2}
    rpn = []
    opstack = []
    for token in tokens:
        if isinstance(token, int):
            rpn.append(token)
        else:
            while opstack and precedence[token] < precedence[opstack[-1]]:
                rpn.append(opstack.pop())
            opstack.append(token)
    while opstack:
        rpn.append(opstack.pop())
    return rpn
""",
     "test": "assert shunting_yard([10, '-', 5, '*', 2]) == [10, 5, 2, '*', '-']", "witness": ([4, '-', 3, '-', 1],)},
    {"name": "sieve", "doc": "The primes up to and including max.",
     "reference": """
def sieve(max):
    primes = []
    for n in range(2, max + 1):
        if all(n % p > 0 for p in primes):
            primes.append(n)
    return primes
""",
     "buggy": """
def sieve(max):
    primes = []
    for n in range(2, max + 1):
        if any(n % p > 0 for p in primes):
            primes.append(n)
    return primes
""",
     "test": "assert sieve(1) == []", "witness": (10,)},
    {"name": "sqrt", "doc": "Square root of x >= 1 by Newton's method, within epsilon.",
     "reference": """
def sqrt(x, epsilon):
    approx = x / 2
    while abs(x - approx * approx) > epsilon:
        approx = 0.5 * (approx + x / approx)
    return approx
""",
     "buggy": """
def sqrt(x, epsilon):
    approx = x / 2
    while abs(x - approx) > epsilon:
        approx = 0.5 * (approx + x / approx)
    return approx
""",
     "test": "assert abs(sqrt(1, 0.01) - 1) < 0.01", "witness": (2, 0.01)},
    {"name": "subsequences", "doc": "All increasing k-length subsequences of range(a, b).",
     "reference": """
def subsequences(a, b, k):
    if k == 0:
        return [[]]
    ret = []
    for i in range(a, b + 1 - k):
        ret.extend([i] + rest for rest in subsequences(i + 1, b, k - 1))
    return ret
""",
     "buggy": """
def subsequences(a, b, k):
    if k == 0:
        return []
    ret = []
    for i in range(a, b + 1 - k):
        ret.extend([i] + rest for rest in subsequences(i + 1, b, k - 1))
    return ret
""",
     "test": "assert subsequences(1, 5, 6) == []", "witness": (1, 5, 2)},
    {"name": "to_base", "doc": "A positive integer written in base b (2..36), upper-case digits.",
     "reference": """
import string

def to_base(num, b):
    result = ''
    alphabet = string.digits + string.ascii_uppercase
    while num > 0:
        i = num % b
        num = num // b
        result = alphabet[i] + result
    return result
""",
     "buggy": """
import string

def to_base(num, b):
    result = ''
    alphabet = string.digits + string.ascii_uppercase
    while num > 0:
        i = num % b
        num = num // b
        result = result + alphabet[i]
    return result
""",
     "test": "assert to_base(8, 16) == '8'",
     "witness": (31, 16)},
    {"name": "wrap", "doc": "Split text into lines of at most `cols` characters, breaking at spaces where possible.",
     "reference": """
def wrap(text, cols):
    lines = []
    while len(text) > cols:
        end = text.rfind(' ', 0, cols + 1)
        if end <= 0:
            end = cols
        lines.append(text[:end])
        text = text[end:].lstrip()
    lines.append(text)
    return lines
""",
     "buggy": """
def wrap(text, cols):
    lines = []
    while len(text) > cols:
        end = text.rfind(' ', 0, cols + 1)
        if end == -1:
            end = cols
        lines.append(text[:end])
        text = text[end:].lstrip()
    lines.append(text)
    return lines
""",
     "test": "assert wrap('abc def', 3) == ['abc', 'def']", "witness": (" abcdef", 3)},
]
