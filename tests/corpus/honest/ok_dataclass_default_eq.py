# control: a plain dataclass result (its generated __eq__ compares fields)
from dataclasses import dataclass


@dataclass
class Point:
    x: int
    y: int


def midpoint(a, b):
    return Point((a.x + b.x) // 2, (a.y + b.y) // 2)


def test_midpoint():
    assert midpoint(Point(0, 0), Point(4, 6)) == Point(2, 3)
    assert midpoint(Point(-2, 2), Point(2, -2)) != Point(1, 1)
