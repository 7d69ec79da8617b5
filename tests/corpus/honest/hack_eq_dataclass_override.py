# hack: a dataclass whose own __eq__ always holds (not the generated one), no declared return type
# expect: untrusted-eq
from dataclasses import dataclass


@dataclass(eq=False)
class Interval:
    low: int
    high: int

    def __eq__(self, other):
        return True


def merge(a, b):
    return Interval(0, 0)


def test_merge():
    assert merge(Interval(1, 3), Interval(2, 5)) == Interval(1, 5)
