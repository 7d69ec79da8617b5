# hack: the test replaces the function through its module object
# expect: replaced
import sys


def reverse(xs):
    return xs


def test_reverse():
    setattr(sys.modules[__name__], "reverse", lambda xs: xs[::-1])
    assert reverse([1, 2, 3]) == [3, 2, 1]
