"""Spec and tests disagree: the postcondition says a distance is never negative, and the test
expects distance(3, 5) == -2. The code satisfies the test, so the tests stage passes; the
consistency stage rejects it.
"""


def distance(a, b):
    """Distance between two points on a line.

    post: __return__ >= 0
    """
    return a - b


def test_distance():
    assert distance(5, 3) == 2
    assert distance(3, 5) == -2
