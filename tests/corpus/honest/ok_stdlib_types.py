# control: stdlib types with their own __eq__ (Counter, Fraction, namedtuple)
from collections import Counter, namedtuple
from fractions import Fraction

Pair = namedtuple("Pair", "low high")


def letter_counts(text):
    return Counter(c for c in text if c.isalpha())


def ratio(a, b):
    return Fraction(a, b)


def bounds(xs):
    return Pair(min(xs), max(xs))


def test_all():
    assert letter_counts("abca!") == Counter({"a": 2, "b": 1, "c": 1})
    assert ratio(2, 4) == Fraction(1, 2)
    assert bounds([3, 1, 2]) == (1, 3)
