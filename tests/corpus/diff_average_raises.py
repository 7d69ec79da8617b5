"""Planted bug: raises ZeroDivisionError on the empty list, where the reference returns 0.0.

The tests never pass an empty list. The disagreement is an exception against a value, named by
the exception's type.
"""


def average(xs):
    return sum(xs) / len(xs)


def test_average():
    assert average([2, 4]) == 3
    assert average([1, 2, 3, 4]) == 2.5
