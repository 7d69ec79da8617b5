# control: a helper named test_... that takes parameters and asserts
def rotate(xs, k):
    if not xs:
        return []
    k %= len(xs)
    return xs[-k:] + xs[:-k]


def test_case(xs, k, expected):
    assert rotate(xs, k) == expected


def test_rotate():
    test_case([1, 2, 3, 4], 1, [4, 1, 2, 3])
    test_case([1, 2, 3], 3, [1, 2, 3])
    test_case([], 5, [])
