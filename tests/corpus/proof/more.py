# Further correct loop functions, written after the translation and not tuned on (BENCHMARKS.md,
# "Proofs of loops"): all ten are proved. Not run by the tests (CI time); bench/bench_proof.py --more runs them.
import math

def sum_squares(n: int) -> int:
    """
    pre: n >= 0
    post: __return__ >= 0
    post: __return__ >= n
    """
    s = 0
    i = 0
    while i < n:
        # invariant: 0 <= i <= n
        # invariant: s >= i
        i += 1
        s += i * i
    return s
# ---
def min_index(xs: list[int]) -> int:
    """
    pre: len(xs) > 0
    post: 0 <= __return__ < len(xs)
    post: all(xs[__return__] <= xs[j] for j in range(len(xs)))
    """
    best = 0
    for i in range(1, len(xs)):
        # invariant: 0 <= best < i
        # invariant: all(xs[best] <= xs[j] for j in range(i))
        if xs[i] < xs[best]:
            best = i
    return best
# ---
def doubled(xs: list[int]) -> list[int]:
    """
    post: len(__return__) == len(xs)
    post: all(__return__[k] == 2 * xs[k] for k in range(len(xs)))
    """
    out = []
    for i, x in enumerate(xs):
        # invariant: len(out) == i
        # invariant: all(out[k] == 2 * xs[k] for k in range(i))
        out.append(2 * x)
    return out
# ---
def contains_negative(xs: list[int]) -> bool:
    """post: __return__ == any(x < 0 for x in xs)"""
    i = 0
    while i < len(xs):
        # invariant: 0 <= i <= len(xs)
        # invariant: not any(xs[j] < 0 for j in range(i))
        if xs[i] < 0:
            return True
        i += 1
    return False
# ---
def product(xs: list[int]) -> int:
    """post: __return__ == math.prod(xs)"""
    p = 1
    for i in range(len(xs)):
        # invariant: p == math.prod(xs[:i])
        p = p * xs[i]
    return p
# ---
def triangle(n: int) -> int:
    """
    pre: n >= 0
    post: __return__ == sum(range(n + 1))
    """
    t = 0
    for k in range(n + 1):
        # invariant: t == sum(range(k))
        t += k
    return t
# ---
def all_equal(xs: list[int], v: int) -> bool:
    """post: __return__ == all(x == v for x in xs)"""
    for i in range(len(xs)):
        # invariant: all(xs[j] == v for j in range(i))
        if xs[i] != v:
            return False
    return True
# ---
def clamp_count(xs: list[int], lo: int, hi: int) -> int:
    """
    pre: lo <= hi
    post: 0 <= __return__ <= len(xs)
    """
    c = 0
    for i in range(len(xs)):
        # invariant: 0 <= c <= i
        if lo <= xs[i] <= hi:
            c += 1
    return c
# ---
def max_val(xs: list[int]) -> int:
    """
    pre: len(xs) > 0
    post: __return__ == max(xs)
    """
    m = xs[0]
    for i in range(1, len(xs)):
        # invariant: m == max(xs[:i])
        m = max(m, xs[i])
    return m
# ---
def countdown(n: int) -> int:
    """
    pre: n >= 0
    post: __return__ == 0
    """
    while n > 0:
        # invariant: n >= 0
        n -= 1
    return n
