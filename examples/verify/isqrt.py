"""Integer square root, with a PEP 316 contract that the deeper stages check."""


def isqrt(n: int) -> int:
    """Largest r with r * r <= n.

    pre: n >= 0
    post: __return__ * __return__ <= n < (__return__ + 1) * (__return__ + 1)
    """
    if n < 2:
        return n
    low, high = 1, n
    while low < high:
        mid = (low + high + 1) // 2
        if mid * mid <= n:
            low = mid
        else:
            high = mid - 1
    return low


def test_small():
    assert [isqrt(n) for n in range(10)] == [0, 1, 1, 1, 2, 2, 2, 2, 2, 3]


def test_large():
    assert isqrt(10**12) == 10**6
