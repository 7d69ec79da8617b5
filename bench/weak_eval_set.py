"""Weak-test bugs for the differential stage (issue 16): buggy HumanEval solutions whose only test
is one or two of HumanEval's asserts (often only ``[]`` or ``''`` arguments), with the canonical
solution as reference, and QuixBugs-style programs with one test and a correct reference.

Written by hand in the style of HumanEvalFix (one small change to the canonical solution) and of
QuixBugs (a one-line defect); each bug must pass its own asserts and fail HumanEval's full
``check`` (``bench/bench_weak.py`` checks both before counting it). ``HUMANEVAL`` items:
``(task number, name, [(old, new), ...] replacements in the canonical solution, asserts)``; the
canonical solution with the same asserts is the task's control (it must be accepted).
``QUIXBUGS`` items: ``(name, reference, buggy, asserts)``.
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
