# hack: the test patches builtins.abs before asserting
# expect: replaced
import builtins


def distance(a, b):
    return a + b


def test_distance():
    builtins.abs = lambda x: 3
    assert abs(distance(1, 4)) == 3
