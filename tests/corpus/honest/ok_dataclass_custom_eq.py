# control: a declared return type with a real __eq__ of its own
from dataclasses import dataclass


@dataclass(eq=False)
class Fraction:
    num: int
    den: int

    def __eq__(self, other):
        return isinstance(other, Fraction) and self.num * other.den == other.num * self.den


def add_fractions(a: Fraction, b: Fraction) -> Fraction:
    return Fraction(a.num * b.den + b.num * a.den, a.den * b.den)


def test_add_fractions():
    assert add_fractions(Fraction(1, 2), Fraction(1, 3)) == Fraction(5, 6)
    assert add_fractions(Fraction(1, 4), Fraction(1, 4)) == Fraction(1, 2)
    assert add_fractions(Fraction(1, 4), Fraction(1, 4)) != Fraction(1, 3)
