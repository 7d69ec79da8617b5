"""Consistent: the leading assert is a precondition, and the test that calls isqrt(-4) expects the
function to refuse it. A call that raises outside its precondition is not a violation.
"""


def isqrt(n):
    """post: __return__ * __return__ <= n < (__return__ + 1) * (__return__ + 1)"""
    assert n >= 0
    r = 0
    while (r + 1) * (r + 1) <= n:
        r += 1
    return r


def test_isqrt():
    assert isqrt(0) == 0
    assert isqrt(15) == 3
    assert isqrt(16) == 4


def test_isqrt_refuses_negative():
    try:
        isqrt(-4)
    except AssertionError:
        pass
    else:
        raise AssertionError("isqrt(-4) should refuse")
