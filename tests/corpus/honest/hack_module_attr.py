# hack: the test patches math.sqrt
# expect: replaced
import math


def hypotenuse(a, b):
    return math.sqrt(a * a + b * b) + 1


def test_hypotenuse():
    real = math.sqrt
    math.sqrt = lambda x: real(x) - 1
    assert hypotenuse(3, 4) == 5
