# Wrong loop functions with plausible invariants: rejected by the other stages (their contracts
# fail on some input), and never proved.
def sum_to(n: int) -> int:
    """
    pre: n >= 0
    post: __return__ == n * (n + 1) // 2
    """
    total = 0
    for i in range(1, n):
        # invariant: total == (i - 1) * i // 2
        total += i
    return total
# ---
def total(xs: list[int]) -> int:
    """post: __return__ == sum(xs)"""
    t = 0
    for i in range(1, len(xs)):
        # invariant: t == sum(xs[:i])
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
        # invariant: all(xs[j] <= best for j in range(i))
        if xs[i] < best:
            best = xs[i]
    return best
# ---
def count_equal(xs: list[int], target: int) -> int:
    """post: __return__ == xs.count(target)"""
    c = 0
    for i in range(len(xs)):
        # invariant: c == xs[:i].count(target)
        if xs[i] != target:
            c += 1
    return c
