"""Planted bug: an even-length list takes the upper middle element instead of the mean of the two.

The tests only use odd-length lists.
"""


def median(xs):
    ordered = sorted(xs)
    return ordered[len(ordered) // 2]


def test_median():
    assert median([3, 1, 2]) == 2
    assert median([5, 9, 1, 7, 3]) == 5
