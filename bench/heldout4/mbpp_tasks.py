"""A fourth held-out MBPP set (issue 16 item 5): solutions written as a model answers the statement.

Same format as ``bench/heldout/mbpp_tasks.py``. Each task: ``task_id``; ``gen(r)`` draws one
argument tuple INSIDE the task's domain, as read from the statement (what the task means, not what
the tests happen to use); ``edges`` are boundary tuples inside the domain; ``solutions`` map a name
to ``(meant, code)``, where ``meant`` is what the author meant to write (``right`` or ``wrong``).
The label that counts is the one ``bench/heldout_sets.py --dir bench/heldout4`` gets by running
them against MBPP's reference; ``meant`` is kept only to show where the two differ.

Written without reading the differential stage, its domain inference or its development sets.
Do not tune on this set (see README.md).
"""

from __future__ import annotations

import string

from heldout_generators import big, ints, word  # bench/ is on sys.path (heldout_sets.py)


def sentence(r, vocab, lo=1, hi=6, sep=" "):
    return sep.join(r.choice(vocab) for _ in range(r.randint(lo, hi)))


def split_text(r):
    """Phrases joined by the delimiters the examples use ('\\n' and '*'), sometimes two in a row."""
    parts = [word(r, 0, 12, "abcde fgh.") for _ in range(r.randint(1, 5))]
    out = parts[0]
    for p in parts[1:]:
        out += r.choice(["\n", "*", "\n", "*", "*\n", "\n\n"]) + p
    return (out,)


def kth(r):
    arr = ints(r, -50, 100, 1, 12)
    return (arr, len(arr), r.randint(1, len(arr)))


def grid(r):
    width = r.randint(1, 5)
    rows = [ints(r, -9, 20, width, width) for _ in range(r.randint(1, 6))]
    return (rows, r.randrange(width))


def nonzero(r, lo, hi):
    v = 0
    while v == 0:
        v = r.randint(lo, hi)
    return v


def nested_pair(r):
    pool = [ints(r, 0, 6, 1, 3) for _ in range(r.randint(1, 5))]
    list2 = []
    for _ in range(r.randint(0, 4)):
        choice = r.random()
        if choice < 0.5:
            list2.append(list(r.choice(pool)))
        elif choice < 0.75:
            sub = list(r.choice(pool))
            r.shuffle(sub)
            list2.append(sub)
        else:
            list2.append(ints(r, 0, 6, 1, 3))
    return (pool, list2)


def pairs(r, lo=0, hi=8):
    return [(r.randint(lo, hi), r.randint(lo, hi)) for _ in range(r.randint(0, 8))]


def every_nth(r):
    step = r.randint(1, 5)
    seq = ints(r, -9, 30, step, step + 12) if r.random() < 0.5 else [word(r, 1, 4) for _ in range(r.randint(step, step + 12))]
    return (seq, step)


def records(r):
    width = r.randint(1, 5)
    return ([tuple(r.choice([r.randint(0, 99), word(r, 1, 5)]) for _ in range(width)) for _ in range(r.randint(0, 6))],)


def search(r):
    xs = ints(r, 0, 12, 0, 10)
    return (xs, r.randint(0, 12))


def marks(r):
    names = ["Juan Whelan", "Sabah Colley", "Peter Nichols", "Ana Ruiz", "Li Wei"]
    return ([(r.choice(names), r.randint(0, 20) * 5) for _ in range(r.randint(1, 8))],)


def p_words(r):
    vocab = ["Python", "PHP", "Perl", "Pascal", "Pq", "Java", "JavaScript", "Go", "Rust", "Ruby", "Prolog", "Cobol"]
    return ([" ".join(r.choice(vocab) for _ in range(r.randint(1, 3))) for _ in range(r.randint(1, 4))],)


def roman(n):
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += numeral
            n -= value
    return out


def colon(r):
    items = [word(r, 1, 5), r.randint(0, 9), True, 2.5]
    m = r.randint(0, len(items))
    items.insert(m, ints(r, 0, 9, 0, 3))
    return (tuple(items), m, r.randint(0, 500))


TASKS = [
    {"task_id": 73, "gen": split_text,
     "edges": [("",), ("abc",), ("a*b",), ("a\nb",), ("*",), ("\n",), ("a**b",), ("a*\nb",)],
     "solutions": {
         "re_class": ("right", r"""
import re
def multiple_split(text):
    return re.split(r'[\n*]', text)
"""),
         "re_alternation": ("right", r"""
import re
def multiple_split(text):
    delimiters = ['; ', ', ', '*', '\n']
    pattern = '|'.join(map(re.escape, delimiters))
    return re.split(pattern, text)
"""),
         "nested_split": ("right", r"""
def multiple_split(text):
    result = []
    for line in text.split('\n'):
        result.extend(line.split('*'))
    return result
"""),
         "plus_merges": ("wrong", r"""
import re
def multiple_split(text):
    return re.split(r'[*\n]+', text)
"""),
     }},
    {"task_id": 101, "gen": kth, "edges": [([5], 1, 1), ([3, 1], 2, 2), ([-1, -1, 0], 3, 3)],
     "solutions": {
         "index": ("right", """
def kth_element(arr, n, k):
    return arr[k - 1]
"""),
         "loop": ("right", """
def kth_element(arr, n, k):
    for i in range(n):
        if i == k - 1:
            return arr[i]
    return None
"""),
         "sorted": ("wrong", """
def kth_element(arr, n, k):
    return sorted(arr)[k - 1]
"""),
     }},
    {"task_id": 122, "gen": lambda r: (r.randint(1, 1157),), "edges": [(1,), (2,), (1000,), (1157,)],
     "solutions": {
         "trial_division": ("right", """
def smartNumber(n):
    def distinct_prime_factors(x):
        count = 0
        p = 2
        while p * p <= x:
            if x % p == 0:
                count += 1
                while x % p == 0:
                    x //= p
            p += 1
        if x > 1:
            count += 1
        return count
    found = 0
    x = 1
    while True:
        x += 1
        if distinct_prime_factors(x) >= 3:
            found += 1
            if found == n:
                return x
"""),
         "sieve_counts": ("right", """
def smartNumber(n):
    limit = 10000
    while True:
        factors = [0] * limit
        for i in range(2, limit):
            if factors[i] == 0:
                for j in range(i, limit, i):
                    factors[j] += 1
        smart = [i for i in range(limit) if factors[i] >= 3]
        if len(smart) >= n:
            return smart[n - 1]
        limit *= 2
"""),
         "fixed_limit": ("wrong", """
def smartNumber(n):
    LIMIT = 2700
    factors = [0] * LIMIT
    for i in range(2, LIMIT):
        if factors[i] == 0:
            for j in range(i, LIMIT, i):
                factors[j] += 1
    smart = [i for i in range(LIMIT) if factors[i] >= 3]
    return smart[n - 1]
"""),
     }},
    {"task_id": 154, "gen": grid, "edges": [([[1]], 0), ([[1, 2], [3, 4]], 1)],
     "solutions": {
         "comprehension": ("right", """
def specified_element(nums, N):
    return [row[N] for row in nums]
"""),
         "itemgetter": ("right", """
from operator import itemgetter
def specified_element(nums, N):
    return list(map(itemgetter(N), nums))
"""),
         "zip_columns": ("right", """
def specified_element(nums, N):
    columns = list(zip(*nums))
    return list(columns[N])
"""),
     }},
    {"task_id": 185, "gen": lambda r: (nonzero(r, -20, 20), r.randint(-30, 30), r.randint(-30, 30)),
     "edges": [(1, 0, 0), (-1, 0, 0), (1, 2, 1), (-2, 4, -3)],
     "solutions": {
         "vertex_plus": ("right", """
def parabola_focus(a, b, c):
    h = -b / (2 * a)
    k = c - b * b / (4 * a)
    return (h, k + 1 / (4 * a))
"""),
         "formula": ("right", """
def parabola_focus(a, b, c):
    x = -b / (2 * a)
    y = (4 * a * c - b ** 2 + 1) / (4 * a)
    return (x, y)
"""),
         "abs_distance": ("wrong", """
def parabola_focus(a, b, c):
    x = -b / (2 * a)
    vertex_y = (4 * a * c - b * b) / (4 * a)
    return (x, vertex_y + 1 / (4 * abs(a)))
"""),
     }},
    {"task_id": 188, "gen": lambda r: (r.randint(1, 3000) if r.random() < 0.6 else r.randint(1, 55) ** 2,),
     "edges": [(1,), (4,), (16,), (36,), (64,), (49,), (144,), (2,)],
     "solutions": {
         "divisor_square": ("right", """
import math
def prod_Square(n):
    i = 2
    while i * i * 4 <= n:
        if n % (i * i) == 0:
            q = n // (i * i)
            r = math.isqrt(q)
            if r * r == q and r >= 2:
                return True
        i += 1
    return False
"""),
         "composite_root": ("right", """
import math
def prod_Square(n):
    root = math.isqrt(n)
    if root * root != n:
        return False
    return any(root % d == 0 for d in range(2, root))
"""),
         "not_prime_root": ("wrong", """
import math
def prod_Square(n):
    def is_prime(x):
        if x < 2:
            return False
        for d in range(2, math.isqrt(x) + 1):
            if x % d == 0:
                return False
        return True
    root = math.isqrt(n)
    return root * root == n and not is_prime(root)
"""),
     }},
    {"task_id": 203, "gen": lambda r: (big(r, 0, 300), big(r, 0, 300)),
     "edges": [(0, 0), (0, 1), (7, 7), (8, 1), (255, 0), (1, 1024)],
     "solutions": {
         "xor_count": ("right", """
def hamming_Distance(n1, n2):
    return bin(n1 ^ n2).count('1')
"""),
         "kernighan": ("right", """
def hamming_Distance(n1, n2):
    x = n1 ^ n2
    count = 0
    while x:
        x &= x - 1
        count += 1
    return count
"""),
         "padded_strings": ("right", """
def hamming_Distance(n1, n2):
    width = max(n1.bit_length(), n2.bit_length())
    a = format(n1, 'b').zfill(width)
    b = format(n2, 'b').zfill(width)
    return sum(x != y for x, y in zip(a, b))
"""),
         "pad_first_only": ("wrong", """
def hamming_Distance(n1, n2):
    b = bin(n2)[2:]
    a = bin(n1)[2:].zfill(len(b))
    return sum(1 for x, y in zip(a, b) if x != y)
"""),
     }},
    {"task_id": 210, "gen": lambda r: (word(r, 0, 10, string.ascii_letters + string.digits * 2 + "*&% _-!@é"),),
     "edges": [("",), ("a",), ("Z9",), ("abc*",), ("*abc",), (" ",), ("é",), ("abc\n",)],
     "solutions": {
         "fullmatch": ("right", r"""
import re
def is_allowed_specific_char(string):
    return re.fullmatch(r'[a-zA-Z0-9]*', string) is not None
"""),
         "search_negated": ("right", r"""
import re
def is_allowed_specific_char(string):
    return not re.search(r'[^a-zA-Z0-9]', string)
"""),
         "isalnum": ("wrong", """
def is_allowed_specific_char(string):
    return string.isalnum()
"""),
         "match_unanchored": ("wrong", r"""
import re
def is_allowed_specific_char(string):
    return bool(re.match(r'^[a-zA-Z0-9]+', string))
"""),
     }},
    {"task_id": 216, "gen": nested_pair,
     "edges": [([[1, 2]], []), ([[1, 2]], [[1, 2]]), ([[1, 2]], [[2, 1]]), ([[1], [2]], [[1, 2]])],
     "solutions": {
         "all_in": ("right", """
def check_subset_list(list1, list2):
    return all(sub in list1 for sub in list2)
"""),
         "tuple_sets": ("right", """
def check_subset_list(list1, list2):
    return set(map(tuple, list2)).issubset(set(map(tuple, list1)))
"""),
         "flattened": ("wrong", """
def check_subset_list(list1, list2):
    def flatten(xs):
        out = []
        for x in xs:
            if isinstance(x, list):
                out.extend(flatten(x))
            else:
                out.append(x)
        return out
    return set(flatten(list2)) <= set(flatten(list1))
"""),
     }},
    {"task_id": 237, "gen": lambda r: (pairs(r),), "edges": [([],), ([(1, 1)],), ([(2, 1), (1, 2), (1, 1)],)],
     "solutions": {
         "counter": ("right", """
from collections import Counter
def check_occurences(test_list):
    return Counter(tuple(sorted(t)) for t in test_list)
"""),
         "dict_loop": ("right", """
def check_occurences(test_list):
    result = {}
    for a, b in test_list:
        key = (min(a, b), max(a, b))
        result[key] = result.get(key, 0) + 1
    return result
"""),
         "set_key": ("wrong", """
from collections import defaultdict
def check_occurences(test_list):
    counts = defaultdict(int)
    for t in test_list:
        counts[tuple(sorted(set(t)))] += 1
    return dict(counts)
"""),
     }},
    {"task_id": 252, "gen": lambda r: (r.choice([r.randint(-50, 50), complex(r.randint(-20, 20), r.randint(-20, 20)),
                                                 r.uniform(-10, 10)]),),
     "edges": [(0,), (1,), (-1,), (1j,), (-1j,), (complex(-3, 4),), (complex(-2, -2),)],
     "solutions": {
         "cmath_polar": ("right", """
import cmath
def convert(numbers):
    return cmath.polar(numbers)
"""),
         "abs_phase": ("right", """
import cmath
def convert(numbers):
    return (abs(numbers), cmath.phase(numbers))
"""),
         "atan2": ("right", """
import math
def convert(numbers):
    z = complex(numbers)
    return (math.hypot(z.real, z.imag), math.atan2(z.imag, z.real))
"""),
         "atan_ratio": ("wrong", """
import math
def convert(numbers):
    z = complex(numbers)
    r = math.sqrt(z.real ** 2 + z.imag ** 2)
    theta = math.atan(z.imag / z.real) if z.real != 0 else math.copysign(math.pi / 2, z.imag)
    return (r, theta)
"""),
     }},
    {"task_id": 265, "gen": every_nth, "edges": [([1], 1), ([1, 2], 2), (["a", "b", "c"], 1)],
     "solutions": {
         "slices": ("right", """
def list_split(S, step):
    return [S[i::step] for i in range(step)]
"""),
         "buckets": ("right", """
def list_split(S, step):
    result = [[] for _ in range(step)]
    for i, item in enumerate(S):
        result[i % step].append(item)
    return result
"""),
         "defaultdict": ("right", """
from collections import defaultdict
def list_split(S, step):
    groups = defaultdict(list)
    for index, value in enumerate(S):
        groups[index % step].append(value)
    return [groups[i] for i in sorted(groups)]
"""),
     }},
    {"task_id": 272, "gen": records, "edges": [([],), ([(1,)],), ([(1, 2), (3, 4)],)],
     "solutions": {
         "negative_index": ("right", """
def rear_extract(test_list):
    return [record[-1] for record in test_list]
"""),
         "itemgetter": ("right", """
from operator import itemgetter
def rear_extract(test_list):
    return list(map(itemgetter(-1), test_list))
"""),
         "third_field": ("wrong", """
def rear_extract(test_list):
    return [record[2] for record in test_list]
"""),
     }},
    {"task_id": 280, "gen": search, "edges": [([], 1), ([1], 1), ([1], 2), ([2, 2], 2)],
     "solutions": {
         "enumerate": ("right", """
def sequential_search(dlist, item):
    for i, value in enumerate(dlist):
        if value == item:
            return True, i
    return False, len(dlist)
"""),
         "while_loop": ("right", """
def sequential_search(dlist, item):
    pos = 0
    while pos < len(dlist):
        if dlist[pos] == item:
            return (True, pos)
        pos += 1
    return (False, pos)
"""),
         "last_match": ("wrong", """
def sequential_search(dlist, item):
    found = False
    pos = len(dlist)
    for i in range(len(dlist)):
        if dlist[i] == item:
            found = True
            pos = i
    return (found, pos)
"""),
     }},
    {"task_id": 285, "gen": lambda r: (word(r, 0, 9, "abbbcAB"),),
     "edges": [("",), ("ab",), ("abb",), ("abbb",), ("abbbb",), ("ABB",), ("a b b",), ("bba",)],
     "solutions": {
         "search": ("right", """
import re
def text_match_two_three(text):
    if re.search(r'ab{2,3}', text):
        return 'Found a match!'
    return 'Not matched!'
"""),
         "substring": ("right", """
def text_match_two_three(text):
    return 'Found a match!' if 'abb' in text else 'Not matched!'
"""),
         "ignorecase": ("wrong", """
import re
def text_match_two_three(text):
    pattern = re.compile('ab{2,3}', re.IGNORECASE)
    return 'Found a match!' if pattern.search(text) else 'Not matched!'
"""),
         "counts_bs": ("wrong", """
def text_match_two_three(text):
    if 'a' in text and 2 <= text[text.index('a'):].count('b'):
        return 'Found a match!'
    return 'Not matched!'
"""),
     }},
    {"task_id": 299, "gen": marks, "edges": [([("A", 1)],), ([("A", 5), ("B", 5)],), ([("B", 5), ("A", 5)],)],
     "solutions": {
         "defaultdict_max": ("right", """
from collections import defaultdict
def max_aggregate(stdata):
    totals = defaultdict(int)
    for name, score in stdata:
        totals[name] += score
    return max(totals.items(), key=lambda item: item[1])
"""),
         "counter_most_common": ("right", """
from collections import Counter
def max_aggregate(stdata):
    totals = Counter()
    for name, score in stdata:
        totals[name] += score
    return totals.most_common(1)[0]
"""),
         "sorted_desc": ("right", """
def max_aggregate(stdata):
    totals = {}
    for name, score in stdata:
        totals[name] = totals.get(name, 0) + score
    return sorted(totals.items(), key=lambda kv: kv[1], reverse=True)[0]
"""),
         "ge_update": ("wrong", """
def max_aggregate(stdata):
    totals = {}
    for name, score in stdata:
        totals[name] = totals.get(name, 0) + score
    best = None
    for name, total in totals.items():
        if best is None or total >= best[1]:
            best = (name, total)
    return best
"""),
     }},
    {"task_id": 305, "gen": p_words,
     "edges": [(["Python PHP"],), (["Java Go"],), (["Go Python", "Perl Pascal"],), (["Python Java", "Perl Go"],)],
     "solutions": {
         "regex": ("right", r"""
import re
def start_withp(words):
    for w in words:
        m = re.match(r'(P\w+)\W(P\w+)', w)
        if m:
            return m.groups()
    return None
"""),
         "split_pairs": ("right", """
def start_withp(words):
    for phrase in words:
        parts = phrase.split()
        if len(parts) >= 2 and parts[0].startswith('P') and parts[1].startswith('P'):
            return (parts[0], parts[1])
"""),
         "collect_across": ("wrong", """
def start_withp(words):
    found = []
    for phrase in words:
        for w in phrase.split():
            if w.startswith('P'):
                found.append(w)
    if len(found) >= 2:
        return (found[0], found[1])
    return None
"""),
         "first_word_only": ("wrong", """
def start_withp(words):
    for phrase in words:
        parts = phrase.split()
        if parts[0].startswith('P') and len(parts) > 1:
            return tuple(parts[:2])
"""),
     }},
    {"task_id": 307, "gen": colon, "edges": [(([],), 0, 1), (("a", [1, 2]), 1, 3)],
     "solutions": {
         "deepcopy": ("right", """
from copy import deepcopy
def colon_tuplex(tuplex, m, n):
    result = deepcopy(tuplex)
    result[m].append(n)
    return result
"""),
         "rebuild": ("right", """
def colon_tuplex(tuplex, m, n):
    items = list(tuplex)
    items[m] = items[m] + [n]
    return tuple(items)
"""),
         "in_place": ("right", """
def colon_tuplex(tuplex, m, n):
    tuplex[m].append(n)
    return tuplex
"""),
         "replace_list": ("wrong", """
def colon_tuplex(tuplex, m, n):
    return tuplex[:m] + ([n],) + tuplex[m + 1:]
"""),
     }},
    {"task_id": 320, "gen": lambda r: (big(r, 1, 200),), "edges": [(1,), (2,), (3,), (100000,)],
     "solutions": {
         "closed_form": ("right", """
def sum_difference(n):
    square_of_sum = (n * (n + 1) // 2) ** 2
    sum_of_squares = n * (n + 1) * (2 * n + 1) // 6
    return square_of_sum - sum_of_squares
"""),
         "generators": ("right", """
def sum_difference(n):
    return sum(range(1, n + 1)) ** 2 - sum(i * i for i in range(1, n + 1))
"""),
         "float_formula": ("wrong", """
def sum_difference(n):
    return int((n * (n + 1) / 2) ** 2 - n * (n + 1) * (2 * n + 1) / 6)
"""),
     }},
    {"task_id": 324, "gen": lambda r: (tuple(ints(r, -5, 12, 0, 9)),), "edges": [((),), ((4,),), ((1, 1),), ((2, 3, 2),)],
     "solutions": {
         "slices": ("right", """
def sum_of_alternates(test_tuple):
    return (sum(test_tuple[1::2]), sum(test_tuple[::2]))
"""),
         "enumerate": ("right", """
def sum_of_alternates(test_tuple):
    odd = even = 0
    for i, x in enumerate(test_tuple):
        if i % 2 == 0:
            even += x
        else:
            odd += x
    return odd, even
"""),
         "index_lookup": ("wrong", """
def sum_of_alternates(test_tuple):
    first, second = 0, 0
    for x in test_tuple:
        if test_tuple.index(x) % 2 == 1:
            first += x
        else:
            second += x
    return (first, second)
"""),
     }},
    {"task_id": 334, "gen": lambda r: (big(r, 1, 20), big(r, 1, 20), big(r, 1, 20)),
     "edges": [(1, 1, 1), (1, 2, 3), (3, 1, 2), (2, 3, 1), (1, 10, 2), (10, 1, 2), (3, 4, 5)],
     "solutions": {
         "three_checks": ("right", """
def check_Validity(a, b, c):
    return a + b > c and a + c > b and b + c > a
"""),
         "sorted_sides": ("right", """
def check_Validity(a, b, c):
    x, y, z = sorted([a, b, c])
    return x + y > z
"""),
         "assumes_c_longest": ("wrong", """
def check_Validity(a, b, c):
    if a + b > c:
        return True
    return False
"""),
     }},
    {"task_id": 338, "gen": lambda r: (word(r, 1, 14, "abcab"),), "edges": [("a",), ("aa",), ("ab",), ("aaaa",)],
     "solutions": {
         "counter_formula": ("right", """
from collections import Counter
def count_Substring_With_Equal_Ends(s):
    return sum(c * (c + 1) // 2 for c in Counter(s).values())
"""),
         "double_loop": ("right", """
def count_Substring_With_Equal_Ends(s):
    count = 0
    for i in range(len(s)):
        for j in range(i, len(s)):
            if s[i] == s[j]:
                count += 1
    return count
"""),
         "count_per_char": ("right", """
def count_Substring_With_Equal_Ends(s):
    total = 0
    for c in set(s):
        k = s.count(c)
        total += k * (k + 1) / 2
    return int(total)
"""),
     }},
    {"task_id": 342, "gen": lambda r: ([sorted(ints(r, 0, 25, 1, 6)) for _ in range(r.randint(1, 5))],),
     "edges": [([[1]],), ([[1], [1]],), ([[1, 2], [1, 2]],), ([[1, 5], [3, 7]],), ([[1, 4], [2, 5], [3, 6]],)],
     "solutions": {
         "heap_tuples": ("right", """
import heapq
def find_minimum_range(lists):
    heap = [(lst[0], i, 0) for i, lst in enumerate(lists)]
    heapq.heapify(heap)
    high = max(lst[0] for lst in lists)
    best = (float('-inf'), float('inf'))
    while True:
        low, i, j = heapq.heappop(heap)
        if high - low < best[1] - best[0]:
            best = (low, high)
        if j + 1 == len(lists[i]):
            return best
        nxt = lists[i][j + 1]
        high = max(high, nxt)
        heapq.heappush(heap, (nxt, i, j + 1))
"""),
         "sliding_window": ("right", """
from collections import defaultdict
def find_minimum_range(lists):
    merged = sorted((v, i) for i, lst in enumerate(lists) for v in lst)
    need = len(lists)
    counts = defaultdict(int)
    covered = 0
    best = None
    left = 0
    for right in range(len(merged)):
        value, idx = merged[right]
        counts[idx] += 1
        if counts[idx] == 1:
            covered += 1
        while covered == need:
            low = merged[left][0]
            if best is None or value - low < best[1] - best[0]:
                best = (low, value)
            lidx = merged[left][1]
            counts[lidx] -= 1
            if counts[lidx] == 0:
                covered -= 1
            left += 1
    return best
"""),
         "window_last_tie": ("wrong", """
from collections import defaultdict
def find_minimum_range(lists):
    merged = sorted((v, i) for i, lst in enumerate(lists) for v in lst)
    counts = defaultdict(int)
    best = (merged[0][0], merged[-1][0])
    left = 0
    for value, idx in merged:
        counts[idx] += 1
        while len(counts) == len(lists):
            low, lidx = merged[left]
            if value - low <= best[1] - best[0]:
                best = (low, value)
            counts[lidx] -= 1
            if counts[lidx] == 0:
                del counts[lidx]
            left += 1
    return best
"""),
     }},
    {"task_id": 356, "gen": lambda r: (lambda a: (a, r.randint(1, 179 - a)))(r.randint(1, 178)),
     "edges": [(1, 1), (90, 45), (1, 178), (60, 60)],
     "solutions": {
         "subtract": ("right", "def find_angle(a, b):\n    return 180 - a - b\n"),
         "sum_first": ("right", "def find_angle(a, b):\n    total = a + b\n    return 180 - total\n"),
         "float": ("right", "def find_angle(a, b):\n    return 180.0 - (a + b)\n"),
     }},
    {"task_id": 365, "gen": lambda r: (max(1, r.choice([r.randint(1, 10 ** r.randint(1, 18)), 10 ** r.randint(0, 18) - r.randint(0, 1)])),),
     "edges": [(1,), (9,), (10,), (99,), (100,), (999999999999999,), (10 ** 15,), (10 ** 17 - 1,)],
     "solutions": {
         "str_len": ("right", "def count_Digit(n):\n    return len(str(n))\n"),
         "divide_loop": ("right", """
def count_Digit(n):
    count = 0
    while n > 0:
        n //= 10
        count += 1
    return count
"""),
         "log10": ("wrong", """
import math
def count_Digit(n):
    return int(math.log10(n)) + 1
"""),
     }},
    {"task_id": 381, "gen": lambda r: ([(word(r, 1, 3, "abc"), r.randint(0, 5), r.randint(0, 5)) for _ in range(r.randint(0, 7))],
                                       r.randint(0, 2)),
     "edges": [([], 0), ([("a", 1, 1)], 2), ([("b", 1, 2), ("a", 1, 1)], 1)],
     "solutions": {
         "sorted_lambda": ("right", """
def index_on_inner_list(list_data, index_no):
    return sorted(list_data, key=lambda row: row[index_no])
"""),
         "sort_in_place": ("right", """
def index_on_inner_list(list_data, index_no):
    list_data.sort(key=lambda x: x[index_no])
    return list_data
"""),
         "tie_by_row": ("wrong", """
def index_on_inner_list(list_data, index_no):
    return sorted(list_data, key=lambda row: (row[index_no], row))
"""),
     }},
    {"task_id": 389, "gen": lambda r: (r.randint(0, 24),), "edges": [(0,), (1,), (2,)],
     "solutions": {
         "iterative": ("right", """
def find_lucas(n):
    a, b = 2, 1
    for _ in range(n):
        a, b = b, a + b
    return a
"""),
         "memo": ("right", """
from functools import lru_cache
@lru_cache(maxsize=None)
def find_lucas(n):
    if n == 0:
        return 2
    if n == 1:
        return 1
    return find_lucas(n - 1) + find_lucas(n - 2)
"""),
         "binet": ("right", """
import math
def find_lucas(n):
    phi = (1 + math.sqrt(5)) / 2
    psi = (1 - math.sqrt(5)) / 2
    return round(phi ** n + psi ** n)
"""),
         "returns_b": ("wrong", """
def find_lucas(n):
    a, b = 2, 1
    for _ in range(n - 1):
        a, b = b, a + b
    return b
"""),
     }},
    {"task_id": 402, "gen": lambda r: (lambda n: (n, r.randint(0, n), r.randint(2, 60)))(r.randint(0, 60)),
     "edges": [(0, 0, 2), (5, 0, 7), (5, 5, 7), (10, 3, 2), (20, 10, 1000003)],
     "solutions": {
         "math_comb": ("right", """
import math
def ncr_modp(n, r, p):
    return math.comb(n, r) % p
"""),
         "pascal_row": ("right", """
def ncr_modp(n, r, p):
    row = [1]
    for _ in range(n):
        row = [1] + [(row[i] + row[i + 1]) % p for i in range(len(row) - 1)] + [1]
    return row[r] % p
"""),
         "multiplicative": ("right", """
def ncr_modp(n, r, p):
    result = 1
    for i in range(1, r + 1):
        result = result * (n - r + i) // i
    return result % p
"""),
     }},
    {"task_id": 410, "gen": lambda r: ([r.choice([r.randint(-50, 50), word(r, 1, 6)]) for _ in range(r.randint(0, 6))]
                                       + [r.randint(-50, 50)],),
     "edges": [([0],), (["a", -1],), ([5, "x", -5],)],
     "solutions": {
         "isinstance": ("right", """
def min_val(listval):
    return min(x for x in listval if isinstance(x, int))
"""),
         "type_filter": ("right", """
def min_val(listval):
    numbers = [x for x in listval if type(x) is int]
    return min(numbers)
"""),
         "isdigit": ("wrong", """
def min_val(listval):
    return min(int(x) for x in listval if str(x).isdigit())
"""),
     }},
    {"task_id": 424, "gen": lambda r: (tuple(word(r, 1, 8, string.ascii_letters) for _ in range(r.randint(0, 5))),),
     "edges": [((),), (("a",),), (("ab", "c"),)],
     "solutions": {
         "comprehension": ("right", """
def extract_rear(test_tuple):
    return [s[-1] for s in test_tuple]
"""),
         "map_lambda": ("right", """
def extract_rear(test_tuple):
    return list(map(lambda s: s[len(s) - 1], test_tuple))
"""),
     }},
    {"task_id": 433, "gen": lambda r: (ints(r, -20, 30, 1, 8), r.randint(-20, 35)),
     "edges": [([1], 1), ([1], 2), ([5, 3], 5), ([-3, -1], 0)],
     "solutions": {
         "max": ("right", """
def check_greater(arr, number):
    if number > max(arr):
        return 'Yes, the entered number is greater than those in the array'
    return 'No, entered number is less than those in the array'
"""),
         "all": ("right", """
def check_greater(arr, number):
    if all(number > x for x in arr):
        return 'Yes, the entered number is greater than those in the array'
    else:
        return 'No, entered number is less than those in the array'
"""),
         "ge_max": ("wrong", """
def check_greater(arr, number):
    if number >= max(arr):
        return 'Yes, the entered number is greater than those in the array'
    return 'No, entered number is less than those in the array'
"""),
     }},
    {"task_id": 451, "gen": lambda r: (word(r, 0, 14, "ab c  \t\nD\r"),),
     "edges": [("",), (" ",), ("a\tb",), ("a\nb",), ("\t \n",)],
     "solutions": {
         "re_sub": ("right", r"""
import re
def remove_whitespaces(text1):
    return re.sub(r'\s', '', text1)
"""),
         "split_join": ("right", """
def remove_whitespaces(text1):
    return ''.join(text1.split())
"""),
         "replace_space": ("wrong", """
def remove_whitespaces(text1):
    return text1.replace(' ', '')
"""),
     }},
    {"task_id": 469, "gen": lambda r: (ints(r, 1, 30, 1, 12), r.randint(1, 4)),
     "edges": [([5], 1), ([1, 2], 1), ([2, 1], 1), ([1, 5, 3, 8], 1), ([1, 5, 3, 8], 2), ([3, 3, 3], 2)],
     "solutions": {
         "buy_sell_dp": ("right", """
def max_profit(price, k):
    if not price or k == 0:
        return 0
    buy = [float('-inf')] * (k + 1)
    sell = [0] * (k + 1)
    for p in price:
        for t in range(1, k + 1):
            buy[t] = max(buy[t], sell[t - 1] - p)
            sell[t] = max(sell[t], buy[t] + p)
    return sell[k]
"""),
         "table_dp": ("right", """
def max_profit(price, k):
    n = len(price)
    if n < 2:
        return 0
    dp = [[0] * n for _ in range(k + 1)]
    for t in range(1, k + 1):
        best = -price[0]
        for d in range(1, n):
            dp[t][d] = max(dp[t][d - 1], price[d] + best)
            best = max(best, dp[t - 1][d] - price[d])
    return dp[k][n - 1]
"""),
         "top_k_runs": ("wrong", """
def max_profit(price, k):
    gains = []
    i = 0
    n = len(price)
    while i < n - 1:
        while i < n - 1 and price[i + 1] <= price[i]:
            i += 1
        low = price[i]
        while i < n - 1 and price[i + 1] > price[i]:
            i += 1
        if price[i] > low:
            gains.append(price[i] - low)
    gains.sort(reverse=True)
    return sum(gains[:k])
"""),
     }},
    {"task_id": 481, "gen": lambda r: (lambda xs: (xs, len(xs), r.randint(0, 40)))(ints(r, 1, 15, 0, 12)),
     "edges": [([], 0, 0), ([], 0, 3), ([3], 1, 3), ([2, 2], 2, 4), ([5, 5, 5], 3, 10), ([1], 1, 0)],
     "solutions": {
         "reachable_set": ("right", """
def is_subset_sum(set, n, sum):
    reachable = {0}
    for x in set[:n]:
        reachable |= {s + x for s in reachable if s + x <= sum}
    return sum in reachable
"""),
         "dp_table": ("right", """
def is_subset_sum(arr, n, total):
    dp = [False] * (total + 1)
    dp[0] = True
    for x in arr[:n]:
        for s in range(total, x - 1, -1):
            if dp[s - x]:
                dp[s] = True
    return dp[total]
"""),
         "dedup_values": ("wrong", """
def is_subset_sum(arr, n, target):
    dp = [False] * (target + 1)
    dp[0] = True
    for x in set(arr):
        for s in range(target, x - 1, -1):
            dp[s] = dp[s] or dp[s - x]
    return dp[target]
"""),
     }},
    {"task_id": 494, "gen": lambda r: (tuple(r.randint(0, 1) for _ in range(r.randint(1, 16))),),
     "edges": [((0,),), ((1,),), ((0, 0, 0),), ((1, 0),)],
     "solutions": {
         "int_base2": ("right", """
def binary_to_integer(test_tup):
    return str(int(''.join(map(str, test_tup)), 2))
"""),
         "shift_loop": ("right", """
def binary_to_integer(test_tup):
    value = 0
    for bit in test_tup:
        value = value * 2 + bit
    return str(value)
"""),
     }},
    {"task_id": 504, "gen": lambda r: (big(r, 1, 100),), "edges": [(1,), (2,), (13800,), (50000,)],
     "solutions": {
         "closed_form": ("right", """
def sum_Of_Series(n):
    return (n * (n + 1) // 2) ** 2
"""),
         "generator": ("right", """
def sum_Of_Series(n):
    return sum(i ** 3 for i in range(1, n + 1))
"""),
         "int_of_float": ("wrong", """
def sum_Of_Series(n):
    return int((n * (n + 1) / 2) ** 2)
"""),
     }},
    {"task_id": 521, "gen": lambda r: (r.randint(1, 12), r.randint(1, 12), r.randint(1, 12)),
     "edges": [(3, 4, 5), (5, 5, 5), (6, 8, 6), (6, 6, 8), (8, 6, 6)],
     "solutions": {
         "set_size": ("right", """
def check_isosceles(x, y, z):
    return len({x, y, z}) == 3
"""),
         "pairwise": ("right", """
def check_isosceles(x, y, z):
    return x != y and y != z and x != z
"""),
         "misses_x_z": ("wrong", """
def check_isosceles(x, y, z):
    if x != y and y != z:
        return True
    return False
"""),
     }},
    {"task_id": 527, "gen": lambda r: (lambda xs: (xs, len(xs), r.randint(-4, 16)))(ints(r, -3, 8, 0, 12)),
     "edges": [([], 0, 0), ([3], 1, 6), ([3, 3], 2, 6), ([0, 0, 0], 3, 0)],
     "solutions": {
         "seen_counter": ("right", """
from collections import Counter
def get_pairs_count(arr, n, sum):
    seen = Counter()
    count = 0
    for x in arr[:n]:
        count += seen[sum - x]
        seen[x] += 1
    return count
"""),
         "combinations": ("right", """
from itertools import combinations
def get_pairs_count(arr, n, target):
    return sum(1 for a, b in combinations(arr[:n], 2) if a + b == target)
"""),
         "nested_loops": ("right", """
def get_pairs_count(arr, n, sum):
    pairs = 0
    for i in range(n):
        for j in range(i + 1, n):
            if arr[i] + arr[j] == sum:
                pairs += 1
    return pairs
"""),
     }},
    {"task_id": 537, "gen": lambda r: (sentence(r, ["ab", "ca", "bc", "dd", "x"], 0, 7, r.choice([" ", " ", "  "])),),
     "edges": [("",), ("ab",), ("ab ab",), ("ab  ca",), ("ab  ca  bc",)],
     "solutions": {
         "seen_set": ("right", """
def first_repeated_word(str1):
    seen = set()
    for word in str1.split():
        if word in seen:
            return word
        seen.add(word)
    return 'None'
"""),
         "index_slices": ("right", """
def first_repeated_word(str1):
    words = str1.split()
    for i, w in enumerate(words):
        if w in words[:i]:
            return w
    return 'None'
"""),
         "split_space": ("wrong", """
def first_repeated_word(str1):
    seen = []
    for word in str1.split(' '):
        if word in seen:
            return word
        seen.append(word)
    return 'None'
"""),
     }},
    {"task_id": 539, "gen": lambda r: (lambda k: (ints(r, -20, 100, k, k), ints(r, 0, 25, k, k)))(r.randint(0, 8)),
     "edges": [([], []), ([0], [0]), ([-2], [3]), ([7], [0])],
     "solutions": {
         "map_pow": ("right", """
def basesnum_coresspondingnum(bases_num, index):
    return list(map(pow, bases_num, index))
"""),
         "map_lambda": ("right", """
def basesnum_coresspondingnum(bases_num, index):
    return list(map(lambda b, e: b ** e, bases_num, index))
"""),
         "zip_comprehension": ("right", """
def basesnum_coresspondingnum(bases_num, index):
    return [base ** exp for base, exp in zip(bases_num, index)]
"""),
     }},
    {"task_id": 574, "gen": lambda r: (big(r, 1, 30), big(r, 1, 30)), "edges": [(1, 1), (1, 100), (10, 0)],
     "solutions": {
         "factored": ("right", """
def surfacearea_cylinder(r, h):
    pi = 3.1415
    return 2 * pi * r * (r + h)
"""),
         "two_terms": ("right", """
def surfacearea_cylinder(r, h):
    PI = 3.1415
    top_and_bottom = 2 * PI * r ** 2
    side = 2 * PI * r * h
    return top_and_bottom + side
"""),
     }},
    {"task_id": 586, "gen": lambda r: (lambda xs: (xs, len(xs), r.randint(0, len(xs))))(ints(r, -5, 60, 0, 10)),
     "edges": [([], 0, 0), ([1], 1, 0), ([1], 1, 1), ([1, 2, 3], 3, 3)],
     "solutions": {
         "slices": ("right", """
def split_Arr(a, n, k):
    return a[k:] + a[:k]
"""),
         "deque_rotate": ("right", """
from collections import deque
def split_Arr(a, n, k):
    d = deque(a)
    d.rotate(-k)
    return list(d)
"""),
         "pop_append": ("right", """
def split_Arr(a, n, k):
    for _ in range(k):
        a.append(a.pop(0))
    return a
"""),
     }},
    {"task_id": 597, "gen": lambda r: (lambda a, b: (a, b, len(a), len(b), r.randint(1, len(a) + len(b))))(
        sorted(ints(r, 0, 20, 1, 7)), sorted(ints(r, 0, 20, 1, 7))),
     "edges": [([1], [1], 1, 1, 2), ([1, 2], [3], 2, 1, 3), ([5], [1, 2, 3], 1, 3, 1)],
     "solutions": {
         "sorted_concat": ("right", """
def find_kth(arr1, arr2, m, n, k):
    return sorted(arr1[:m] + arr2[:n])[k - 1]
"""),
         "heapq_merge": ("right", """
import heapq
def find_kth(arr1, arr2, m, n, k):
    for i, value in enumerate(heapq.merge(arr1, arr2), 1):
        if i == k:
            return value
"""),
         "two_pointers": ("right", """
def find_kth(arr1, arr2, m, n, k):
    i = j = 0
    while True:
        if i == m:
            return arr2[j + k - 1]
        if j == n:
            return arr1[i + k - 1]
        if k == 1:
            return min(arr1[i], arr2[j])
        if arr1[i] <= arr2[j]:
            i += 1
        else:
            j += 1
        k -= 1
"""),
         "set_union": ("wrong", """
def find_kth(arr1, arr2, m, n, k):
    merged = sorted(set(arr1) | set(arr2))
    return merged[k - 1]
"""),
     }},
    {"task_id": 603, "gen": lambda r: (r.randint(1, 400) if r.random() < 0.9 else r.randint(400, 2500),),
     "edges": [(1,), (2,), (3,), (4,), (5,), (7,)],
     "solutions": {
         "del_slices": ("right", """
def get_ludic(n):
    result = [1]
    candidates = list(range(2, n + 1))
    while candidates:
        first = candidates[0]
        result.append(first)
        del candidates[::first]
    return result
"""),
         "index_removal": ("right", """
def get_ludic(n):
    nums = list(range(1, n + 1))
    i = 1
    while i < len(nums):
        step = nums[i]
        nums = nums[:i + 1] + [x for j, x in enumerate(nums[i + 1:], 1) if j % step != 0]
        i += 1
    return nums
"""),
     }},
    {"task_id": 623, "gen": lambda r: (ints(r, -30, 30, 0, 8), r.randint(0, 12)),
     "edges": [([], 3), ([0], 0), ([-2, 2], 3), ([5], 1)],
     "solutions": {
         "map_lambda": ("right", """
def nth_nums(nums, n):
    return list(map(lambda x: x ** n, nums))
"""),
         "comprehension": ("right", """
def nth_nums(nums, n):
    return [x ** n for x in nums]
"""),
         "builtin_pow": ("right", """
def nth_nums(nums, n):
    return list(map(lambda x: pow(x, n), nums))
"""),
     }},
    {"task_id": 641, "gen": lambda r: (big(r, 1, 1000),), "edges": [(1,), (2,), (3,)],
     "solutions": {
         "int_formula": ("right", """
def is_nonagonal(n):
    return n * (7 * n - 5) // 2
"""),
         "sum_of_steps": ("right", """
def is_nonagonal(n):
    total = 0
    for k in range(n):
        total += 7 * k + 1
    return total
"""),
     }},
    {"task_id": 643, "gen": lambda r: (" ".join(word(r, 1, 7, "abzzy") + r.choice(["", "", "."]) for _ in range(r.randint(1, 4))),),
     "edges": [("z",), ("zab",), ("abz",), ("azb",), ("ab z.",), ("az.",), ("az b",), ("zz",), ("zzz",)],
     "solutions": {
         "nonboundary": ("right", r"""
import re
def text_match_wordz_middle(text):
    if re.search(r'\Bz\B', text):
        return 'Found a match!'
    return 'Not matched!'
"""),
         "per_word": ("right", """
def text_match_wordz_middle(text):
    for word in text.split():
        word = word.strip('.,!?')
        if 'z' in word[1:-1]:
            return 'Found a match!'
    return 'Not matched!'
"""),
         "whole_text": ("wrong", """
def text_match_wordz_middle(text):
    text = text.strip()
    if 'z' in text[1:-1]:
        return 'Found a match!'
    return 'Not matched!'
"""),
     }},
    {"task_id": 676, "gen": lambda r: (word(r, 0, 16, "ab Z09*/-_.,!"),),
     "edges": [("",), ("_",), ("a_b",), ("***",), ("A1",)],
     "solutions": {
         "isalnum_join": ("right", """
def remove_extra_char(text1):
    return ''.join(ch for ch in text1 if ch.isalnum())
"""),
         "ascii_class": ("right", r"""
import re
def remove_extra_char(text1):
    return re.sub(r'[^A-Za-z0-9]', '', text1)
"""),
         "non_word": ("wrong", r"""
import re
def remove_extra_char(text1):
    return re.sub(r'\W+', '', text1)
"""),
     }},
    {"task_id": 685, "gen": lambda r: (r.randint(0, 200) if r.random() < 0.8 else r.randint(0, 20000),), "edges": [(0,), (1,), (2,), (3,), (4,), (9,), (25,)],
     "solutions": {
         "sieve": ("right", """
def sum_Of_Primes(n):
    if n < 2:
        return 0
    sieve = [True] * (n + 1)
    sieve[0] = sieve[1] = False
    for i in range(2, int(n ** 0.5) + 1):
        if sieve[i]:
            sieve[i * i::i] = [False] * len(sieve[i * i::i])
    return sum(i for i, is_p in enumerate(sieve) if is_p)
"""),
         "trial_division": ("right", """
def sum_Of_Primes(n):
    def is_prime(k):
        if k < 2:
            return False
        d = 2
        while d * d <= k:
            if k % d == 0:
                return False
            d += 1
        return True
    return sum(k for k in range(2, n + 1) if is_prime(k))
"""),
         "strict_square": ("wrong", """
def sum_Of_Primes(n):
    is_prime = [True] * (n + 1)
    p = 2
    while p * p < n:
        if is_prime[p]:
            for multiple in range(p * p, n + 1, p):
                is_prime[multiple] = False
        p += 1
    return sum(i for i in range(2, n + 1) if is_prime[i])
"""),
     }},
    {"task_id": 695, "gen": lambda r: (lambda k: (tuple(ints(r, 0, 12, k, k)), tuple(ints(r, 0, 14, k, k))))(r.randint(0, 6)),
     "edges": [((), ()), ((1,), (1,)), ((1,), (2,)), ((3, 4), (4, 4))],
     "solutions": {
         "all_zip": ("right", """
def check_greater(test_tup1, test_tup2):
    return all(b > a for a, b in zip(test_tup1, test_tup2))
"""),
         "index_loop": ("right", """
def check_greater(test_tup1, test_tup2):
    for i in range(len(test_tup1)):
        if test_tup2[i] <= test_tup1[i]:
            return False
    return True
"""),
         "ge": ("wrong", """
def check_greater(test_tup1, test_tup2):
    return all(y >= x for x, y in zip(test_tup1, test_tup2))
"""),
     }},
    {"task_id": 705, "gen": lambda r: ([ints(r, 0, 3, 0, 3) for _ in range(r.randint(0, 7))],),
     "edges": [([],), ([[]],), ([[1, 3], [1, 2]],), ([[2], [], [1]],)],
     "solutions": {
         "tuple_key": ("right", """
def sort_sublists(list1):
    return sorted(list1, key=lambda x: (len(x), x))
"""),
         "two_sorts": ("right", """
def sort_sublists(list1):
    result = sorted(list1)
    result.sort(key=len)
    return result
"""),
         "first_item_tie": ("wrong", """
def sort_sublists(list1):
    return sorted(list1, key=lambda x: (len(x), x[:1]))
"""),
     }},
    {"task_id": 726, "gen": lambda r: (tuple(ints(r, -10, 20, 0, 8)),), "edges": [((),), ((3,),), ((2, -3),)],
     "solutions": {
         "zip": ("right", """
def multiply_elements(test_tup):
    return tuple(a * b for a, b in zip(test_tup, test_tup[1:]))
"""),
         "range_loop": ("right", """
def multiply_elements(test_tup):
    out = []
    for i in range(len(test_tup) - 1):
        out.append(test_tup[i] * test_tup[i + 1])
    return tuple(out)
"""),
     }},
    {"task_id": 731, "gen": lambda r: (big(r, 1, 30), big(r, 1, 30)), "edges": [(1, 1), (3, 4)],
     "solutions": {
         "hypot": ("right", """
import math
def lateralsurface_cone(r, h):
    return math.pi * r * math.hypot(r, h)
"""),
         "slant": ("right", """
from math import pi, sqrt
def lateralsurface_cone(r, h):
    slant = sqrt(r ** 2 + h ** 2)
    return pi * r * slant
"""),
     }},
    {"task_id": 752, "gen": lambda r: (r.randint(1, 30) if r.random() < 0.7 else r.randint(30, 200),),
     "edges": [(1,), (2,), (3,), (53,), (60,)],
     "solutions": {
         "iterative": ("right", """
def jacobsthal_num(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, b + 2 * a
    return a
"""),
         "closed_form": ("right", """
def jacobsthal_num(n):
    return (2 ** n - (-1) ** n) // 3
"""),
         "rounded_float": ("wrong", """
def jacobsthal_num(n):
    return round((2 ** n - (-1) ** n) / 3)
"""),
     }},
    {"task_id": 763, "gen": lambda r: (lambda xs: (tuple(xs), len(xs)))(ints(r, -20, 60, 2, 10)),
     "edges": [((1, 1), 2), ((1, 2), 2), ((5, -5), 2), ((3, 9, 3), 3)],
     "solutions": {
         "sorted_adjacent": ("right", """
def find_Min_Diff(arr, n):
    s = sorted(arr)
    return min(b - a for a, b in zip(s, s[1:]))
"""),
         "all_pairs": ("right", """
def find_Min_Diff(arr, n):
    best = float('inf')
    for i in range(n):
        for j in range(i + 1, n):
            best = min(best, abs(arr[i] - arr[j]))
    return best
"""),
         "distinct_only": ("wrong", """
def find_Min_Diff(arr, n):
    values = sorted(set(arr))
    diff = float('inf')
    for i in range(len(values) - 1):
        diff = min(diff, values[i + 1] - values[i])
    return diff
"""),
     }},
    {"task_id": 771, "gen": lambda r: (word(r, 0, 10, "(){}[]") if r.random() < 0.5 else
                                       r.choice(["()", "[]", "{}"]) * r.randint(0, 2) + word(r, 0, 4, "(){}[]")
                                       + "".join(r.choice(["()", "[]", "{}", "([])", "{[]}"]) for _ in range(r.randint(0, 3))),),
     "edges": [("",), ("()",), ("(]",), ("([)]",), ("((",), ("))",), ("{[()]}",), (")(",)],
     "solutions": {
         "stack": ("right", """
def check_expression(exp):
    pairs = {')': '(', ']': '[', '}': '{'}
    stack = []
    for ch in exp:
        if ch in '([{':
            stack.append(ch)
        elif ch in pairs:
            if not stack or stack.pop() != pairs[ch]:
                return False
    return not stack
"""),
         "replace_pairs": ("right", """
def check_expression(exp):
    prev = None
    while prev != exp:
        prev = exp
        exp = exp.replace('()', '').replace('[]', '').replace('{}', '')
    return exp == ''
"""),
         "counts_only": ("wrong", """
def check_expression(exp):
    return (exp.count('(') == exp.count(')') and exp.count('[') == exp.count(']')
            and exp.count('{') == exp.count('}'))
"""),
     }},
    {"task_id": 777, "gen": lambda r: (lambda xs: (xs, len(xs)))(ints(r, -10, 30, 1, 10)),
     "edges": [([5], 1), ([2, 2], 2), ([0, 0, 1], 3)],
     "solutions": {
         "set_sum": ("right", """
def find_Sum(arr, n):
    return sum(set(arr))
"""),
         "fromkeys": ("right", """
def find_Sum(arr, n):
    return sum(dict.fromkeys(arr[:n]))
"""),
         "seen_loop": ("right", """
def find_Sum(arr, n):
    seen = set()
    total = 0
    for x in arr:
        if x not in seen:
            seen.add(x)
            total += x
    return total
"""),
     }},
    {"task_id": 785, "gen": lambda r: (str(tuple(ints(r, -50, 200, 2, 7))),),
     "edges": [("(0, 0)",), ("(-1, 2)",), ("(10, -20, 30)",)],
     "solutions": {
         "strip_split": ("right", """
def tuple_str_int(test_str):
    return tuple(int(x) for x in test_str.strip('()').split(','))
"""),
         "literal_eval": ("right", """
import ast
def tuple_str_int(test_str):
    return tuple(ast.literal_eval(test_str))
"""),
         "digits_regex": ("wrong", r"""
import re
def tuple_str_int(test_str):
    return tuple(int(x) for x in re.findall(r'\d+', test_str))
"""),
     }},
    {"task_id": 811, "gen": lambda r: (lambda a: (a, r.choice([list(a), r.sample(a, len(a)), pairs(r, 0, 3), a[:-1], a + a[:1]])))(pairs(r, 0, 3)),
     "edges": [([], []), ([(1, 2)], []), ([(1, 2)], [(2, 1)]), ([(1, 2), (1, 2)], [(1, 2)])],
     "solutions": {
         "equals": ("right", """
def check_identical(test_list1, test_list2):
    return test_list1 == test_list2
"""),
         "length_and_all": ("right", """
def check_identical(test_list1, test_list2):
    return len(test_list1) == len(test_list2) and all(a == b for a, b in zip(test_list1, test_list2))
"""),
         "zip_only": ("wrong", """
def check_identical(test_list1, test_list2):
    for a, b in zip(test_list1, test_list2):
        if a != b:
            return False
    return True
"""),
         "as_sets": ("wrong", """
def check_identical(test_list1, test_list2):
    return set(test_list1) == set(test_list2)
"""),
     }},
    {"task_id": 825, "gen": lambda r: (lambda xs: (xs, [r.randrange(len(xs)) for _ in range(r.randint(0, 5))]))(ints(r, -9, 50, 1, 9)),
     "edges": [([1], []), ([1], [0]), ([1, 2], [1, 1]), ([4, 5, 6], [2, 0])],
     "solutions": {
         "comprehension": ("right", """
def access_elements(nums, list_index):
    return [nums[i] for i in list_index]
"""),
         "map_getitem": ("right", """
def access_elements(nums, list_index):
    return list(map(nums.__getitem__, list_index))
"""),
         "itemgetter_star": ("wrong", """
from operator import itemgetter
def access_elements(nums, list_index):
    return list(itemgetter(*list_index)(nums))
"""),
     }},
    {"task_id": 839, "gen": lambda r: ([(r.choice(["Amana", "Zenat", "Abhishek", "Nikhil", "B", "Sai", "Suman", "Ab"]),
                                         r.randint(18, 40)) for _ in range(r.randint(0, 7))],),
     "edges": [([],), ([("A", 1)],), ([("B", 2), ("B", 1)],), ([("B", 1), ("A", 2), ("B", 0)],)],
     "solutions": {
         "sorted_first": ("right", """
def sort_tuple(tup):
    return sorted(tup, key=lambda x: x[0])
"""),
         "sort_itemgetter": ("right", """
from operator import itemgetter
def sort_tuple(tup):
    tup.sort(key=itemgetter(0))
    return tup
"""),
         "lower_key": ("right", """
def sort_tuple(tup):
    return sorted(tup, key=lambda t: t[0].lower())
"""),
         "whole_tuple": ("wrong", """
def sort_tuple(tup):
    return sorted(tup)
"""),
     }},
    {"task_id": 848, "gen": lambda r: (big(r, 1, 40), big(r, 1, 40), big(r, 1, 40)), "edges": [(1, 1, 1), (1, 2, 1), (3, 4, 5)],
     "solutions": {
         "half": ("right", """
def area_trapezium(base1, base2, height):
    return (base1 + base2) / 2 * height
"""),
         "times_half": ("right", """
def area_trapezium(base1, base2, height):
    return 0.5 * (base1 + base2) * height
"""),
         "floor_div": ("wrong", """
def area_trapezium(base1, base2, height):
    return (base1 + base2) * height // 2
"""),
     }},
    {"task_id": 868, "gen": lambda r: (r.choice(["", " ", "  "]) + sentence(r, ["python", "language", "PHP", "a", "go"], 0, 4, r.choice([" ", "  "]))
                                       + r.choice(["", "", " ", "   "]),),
     "edges": [("",), (" ",), ("a ",), ("hello world  ",), ("  x",)],
     "solutions": {
         "split_last": ("right", """
def length_Of_Last_Word(a):
    words = a.split()
    return len(words[-1]) if words else 0
"""),
         "rstrip_rfind": ("right", """
def length_Of_Last_Word(a):
    s = a.rstrip(' ')
    return len(s) - s.rfind(' ') - 1
"""),
         "split_space": ("wrong", """
def length_Of_Last_Word(a):
    return len(a.split(' ')[-1])
"""),
     }},
    {"task_id": 906, "gen": lambda r: ("https://" + r.choice(["www.example.com", "news.site.in", "blog.org"]) + "/"
                                       + "/".join(word(r, 2, 8) for _ in range(r.randint(0, 2)))
                                       + "/%d/%s/%s/" % (r.randint(1990, 2030),
                                                         r.choice([str(r.randint(1, 12)), "%02d" % r.randint(1, 12)]),
                                                         r.choice([str(r.randint(1, 28)), "%02d" % r.randint(1, 28)]))
                                       + word(r, 3, 12, string.ascii_lowercase + "-") + "/",),
     "edges": [("https://x.com/2020/1/5/story/",), ("https://x.com/a/2019/12/31/b/",), ("https://x.com/about/",)],
     "solutions": {
         "findall": ("right", r"""
import re
def extract_date(url):
    return re.findall(r'/(\d{4})/(\d{1,2})/(\d{1,2})/', url)
"""),
         "finditer_groups": ("right", r"""
import re
def extract_date(url):
    pattern = re.compile(r'/(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})/')
    return [m.groups() for m in pattern.finditer(url)]
"""),
         "two_digits": ("wrong", r"""
import re
def extract_date(url):
    return re.findall(r'/(\d{4})/(\d{2})/(\d{2})/', url)
"""),
     }},
    {"task_id": 925, "gen": lambda r: (tuple(ints(r, -9, 9, 0, 8)),), "edges": [((),), ((0,),), ((-1,),), ((5, 0, 3),)],
     "solutions": {
         "math_prod": ("right", """
import math
def mutiple_tuple(nums):
    return math.prod(nums)
"""),
         "loop": ("right", """
def mutiple_tuple(nums):
    result = 1
    for x in nums:
        result *= x
    return result
"""),
     }},
    {"task_id": 940, "gen": lambda r: (ints(r, -30, 60, 0, 14),), "edges": [([],), ([1],), ([2, 1],), ([3, 3, 3],)],
     "solutions": {
         "heapq_pop": ("right", """
import heapq
def heap_sort(arr):
    heap = list(arr)
    heapq.heapify(heap)
    return [heapq.heappop(heap) for _ in range(len(heap))]
"""),
         "heapq_in_place": ("right", """
import heapq
def heap_sort(arr):
    heapq.heapify(arr)
    return [heapq.heappop(arr) for _ in range(len(arr))]
"""),
         "textbook": ("right", """
def heap_sort(arr):
    def sift(a, root, size):
        while True:
            largest = root
            left, right = 2 * root + 1, 2 * root + 2
            if left < size and a[left] > a[largest]:
                largest = left
            if right < size and a[right] > a[largest]:
                largest = right
            if largest == root:
                return
            a[root], a[largest] = a[largest], a[root]
            root = largest
    n = len(arr)
    for i in range(n // 2 - 1, -1, -1):
        sift(arr, i, n)
    for end in range(n - 1, 0, -1):
        arr[0], arr[end] = arr[end], arr[0]
        sift(arr, 0, end)
    return arr
"""),
     }},
    {"task_id": 951, "gen": lambda r: (lambda k: ([(r.randint(0, 15), r.randint(0, 15)) for _ in range(k)],
                                                  [(r.randint(0, 15), r.randint(0, 15)) for _ in range(k)]))(r.randint(0, 5)),
     "edges": [([], []), ([(1, 5)], [(2, 3)]), ([(2, 3)], [(1, 5)]), ([(1, 1)], [(1, 1)])],
     "solutions": {
         "pairwise_max": ("right", """
def max_similar_indices(test_list1, test_list2):
    return [(max(a[0], b[0]), max(a[1], b[1])) for a, b in zip(test_list1, test_list2)]
"""),
         "map_max": ("right", """
def max_similar_indices(test_list1, test_list2):
    return [tuple(map(max, a, b)) for a, b in zip(test_list1, test_list2)]
"""),
         "tuple_max": ("wrong", """
def max_similar_indices(test_list1, test_list2):
    return [max(a, b) for a, b in zip(test_list1, test_list2)]
"""),
     }},
    {"task_id": 961, "gen": lambda r: (roman(r.randint(1, 3999)),),
     "edges": [("I",), ("IV",), ("IX",), ("XL",), ("XC",), ("CD",), ("CM",), ("MMMCMXCIX",), ("MMMM",)],
     "solutions": {
         "lookahead": ("right", """
def roman_to_int(s):
    values = {'I': 1, 'V': 5, 'X': 10, 'L': 50, 'C': 100, 'D': 500, 'M': 1000}
    total = 0
    for i, ch in enumerate(s):
        if i + 1 < len(s) and values[ch] < values[s[i + 1]]:
            total -= values[ch]
        else:
            total += values[ch]
    return total
"""),
         "reverse_scan": ("right", """
def roman_to_int(s):
    values = dict(I=1, V=5, X=10, L=50, C=100, D=500, M=1000)
    total, prev = 0, 0
    for ch in reversed(s):
        v = values[ch]
        if v < prev:
            total -= v
        else:
            total += v
            prev = v
    return total
"""),
         "replace_pairs": ("right", """
def roman_to_int(s):
    for old, new in (('CM', 'DCCCC'), ('CD', 'CCCC'), ('XC', 'LXXXX'), ('XL', 'XXXX'), ('IX', 'VIIII'), ('IV', 'IIII')):
        s = s.replace(old, new)
    values = {'I': 1, 'V': 5, 'X': 10, 'L': 50, 'C': 100, 'D': 500, 'M': 1000}
    return sum(values[c] for c in s)
"""),
     }},
]
