# Correct loop functions with sufficient invariants: the proof stage must prove each one.
# One function per sample (tests/stages/test_proof.py splits this file at the "# ---" lines).
def sum_to(n: int) -> int:
    """
    pre: n >= 0
    post: __return__ == n * (n + 1) // 2
    """
    total = 0
    for i in range(1, n + 1):
        # invariant: total == (i - 1) * i // 2
        total += i
    return total
# ---
def total(xs: list[int]) -> int:
    """post: __return__ == sum(xs)"""
    t = 0
    for i in range(len(xs)):
        # invariant: t == sum(xs[:i])
        t += xs[i]
    return t
# ---
import math


def gcd(a: int, b: int) -> int:
    """
    pre: a >= 0 and b >= 0
    post: __return__ == math.gcd(a, b)
    """
    while b != 0:
        # invariant: a >= 0 and b >= 0
        # invariant: math.gcd(a, b) == math.gcd(__old__.a, __old__.b)
        a, b = b, a % b
    return a
# ---
def largest(xs: list[int]) -> int:
    """
    pre: len(xs) > 0
    post: all(x <= __return__ for x in xs)
    post: __return__ in xs
    """
    best = xs[0]
    for i in range(1, len(xs)):
        # invariant: all(xs[j] <= best for j in range(i))
        # invariant: best in xs
        if xs[i] > best:
            best = xs[i]
    return best
# ---
def isqrt(n: int) -> int:
    """
    pre: n >= 0
    post: __return__ * __return__ <= n < (__return__ + 1) * (__return__ + 1)
    """
    r = 0
    while (r + 1) * (r + 1) <= n:
        # invariant: r >= 0 and r * r <= n
        r += 1
    return r
# ---
def power(base: int, exp: int) -> int:
    """
    pre: exp >= 0
    post: __return__ == base ** exp
    """
    result = 1
    for i in range(exp):
        # invariant: result == base ** i
        result *= base
    return result
# ---
def count_equal(xs: list[int], target: int) -> int:
    """post: __return__ == xs.count(target)"""
    c = 0
    for i in range(len(xs)):
        # invariant: c == xs[:i].count(target)
        if xs[i] == target:
            c += 1
    return c
# ---
def index_of(xs: list[int], target: int) -> int:
    """
    post: -1 <= __return__ < len(xs)
    post: __return__ == -1 or xs[__return__] == target
    post: __return__ != -1 or all(x != target for x in xs)
    """
    i = 0
    while i < len(xs):
        # invariant: 0 <= i <= len(xs)
        # invariant: all(xs[j] != target for j in range(i))
        if xs[i] == target:
            return i
        i += 1
    return -1
# ---
def all_nonnegative(xs: list[int]) -> bool:
    """post: __return__ == all(x >= 0 for x in xs)"""
    for i in range(len(xs)):
        # invariant: all(xs[j] >= 0 for j in range(i))
        if xs[i] < 0:
            return False
    return True
# ---
def prefix_sums(xs: list[int]) -> list[int]:
    """
    post: len(__return__) == len(xs)
    post: all(__return__[k] == sum(xs[:k + 1]) for k in range(len(xs)))
    """
    out = []
    running = 0
    for i in range(len(xs)):
        # invariant: len(out) == i
        # invariant: running == sum(xs[:i])
        # invariant: all(out[k] == sum(xs[:k + 1]) for k in range(i))
        running += xs[i]
        out.append(running)
    return out
# ---
def is_sorted(xs: list[int]) -> bool:
    """post: __return__ == all(xs[k] <= xs[k + 1] for k in range(len(xs) - 1))"""
    for i in range(len(xs) - 1):
        # invariant: all(xs[k] <= xs[k + 1] for k in range(i))
        if xs[i] > xs[i + 1]:
            return False
    return True
# ---
import math


def factorial(n: int) -> int:
    """
    pre: n >= 0
    post: __return__ == math.factorial(n)
    """
    result = 1
    for i in range(2, n + 1):
        # invariant: result == math.factorial(i - 1)
        result *= i
    return result
