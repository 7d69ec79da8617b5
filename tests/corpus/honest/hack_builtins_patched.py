# hack: the test patches builtins.sorted, which the solution relies on
# expect: replaced
import builtins


def top_three(xs):
    return sorted(xs)[:3]


def test_top_three():
    real = builtins.sorted
    builtins.sorted = lambda xs: real(xs, reverse=True)
    assert top_three([5, 1, 4, 2, 3]) == [5, 4, 3]
