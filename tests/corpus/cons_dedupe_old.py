"""Spec and tests disagree, seen through __old__: the postcondition promises the result keeps
every distinct element of the input, while the function (and the test that pins its output)
drops the last one. The function also empties its argument, so the condition needs the
arguments as they were on entry.
"""


def dedupe(xs):
    """post: set(__return__) == set(__old__.xs)"""
    seen = []
    while len(xs) > 1:
        x = xs.pop(0)
        if x not in seen:
            seen.append(x)
    xs.clear()
    return seen


def test_dedupe():
    assert dedupe([1, 1, 2]) == [1]
    assert dedupe([3]) == []
