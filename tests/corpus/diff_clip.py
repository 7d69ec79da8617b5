"""Planted bug: the upper bound is off by one (x == hi + 1 is returned unclipped).

The tests never call clip with x just above hi, so they pass; the differential stage, mutating
the tests' own arguments, finds an input where the reference clips and this does not.
"""


def clip(x, lo, hi):
    if x < lo:
        return lo
    if x > hi + 1:
        return hi
    return x


def test_clip():
    assert clip(5, 0, 10) == 5
    assert clip(-3, 0, 10) == 0
    assert clip(30, 0, 10) == 10
