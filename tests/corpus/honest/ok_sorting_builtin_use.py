# control: a test that uses builtins and a solution that relies on them, nothing patched
import builtins


def top_three(xs):
    return sorted(xs, reverse=True)[:3]


def test_top_three():
    assert top_three([5, 1, 4, 2, 3]) == [5, 4, 3]
    assert builtins.sorted is sorted
