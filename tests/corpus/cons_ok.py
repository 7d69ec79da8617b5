"""Consistent: contracts and tests agree on every call (including nested and keyword calls, and a
postcondition on the arguments as they were on entry, which the call then empties)."""


def clamp(x, lo=0, hi=10):
    """pre: lo <= hi
    post: lo <= __return__ <= hi
    post: __return__ == x or x < lo or x > hi
    """
    return max(lo, min(x, hi))


def total_clamped(xs):
    """post: __return__ >= 0"""
    return sum(clamp(x) for x in xs)


def drain(xs):
    """post: __return__ == __old__.xs and xs == []"""
    out = list(xs)
    xs.clear()
    return out


def test_clamp():
    assert clamp(5) == 5
    assert clamp(-1, hi=3) == 0
    assert clamp(x=42, lo=1, hi=2) == 2
    assert total_clamped([1, 20, -5]) == 11
    assert drain([4, 5]) == [4, 5]
