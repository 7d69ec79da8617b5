# Correct loop functions whose invariants are wrong or too weak: accepted by the other stages,
# never proved (the proof stage skips them with Nagini's reason).
def count_positive(xs: list[int]) -> int:
    """post: 0 <= __return__ <= len(xs)"""
    c = 0
    for x in xs:
        # invariant: 0 <= c
        # invariant: c <= len(xs)
        if x > 0:
            c += 1
    return c
# ---
def sum_to(n: int) -> int:
    """
    pre: 0 <= n <= 1000
    post: __return__ == n * (n + 1) // 2
    """
    total = 0
    for i in range(1, n + 1):
        # invariant: total == i * (i + 1) // 2
        total += i
    return total
# ---
def total(xs: list[int]) -> int:
    """post: __return__ == sum(xs)"""
    t = 0
    for i in range(len(xs)):
        # invariant: t >= 0 or t < 0
        t += xs[i]
    return t
# ---
def largest(xs: list[int]) -> int:
    """
    pre: len(xs) > 0
    post: all(x <= __return__ for x in xs)
    """
    best = xs[0]
    for i in range(1, len(xs)):
        # invariant: all(xs[j] < best for j in range(i))
        if xs[i] > best:
            best = xs[i]
    return best
