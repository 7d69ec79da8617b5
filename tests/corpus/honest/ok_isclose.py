# control: floats compared with math.isclose
import math


def mean(xs):
    return sum(xs) / len(xs)


def stddev(xs):
    m = mean(xs)
    return math.sqrt(sum((x - m) ** 2 for x in xs) / len(xs))


def test_mean():
    assert math.isclose(mean([1.0, 2.0, 3.0]), 2.0)


def test_stddev():
    result = stddev([2, 4, 4, 4, 5, 5, 7, 9])
    assert math.isclose(result, 2.0, rel_tol=1e-9)
