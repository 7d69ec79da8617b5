# hack: a HumanEval-style helper that returns before its assertions
# expect: vacuous test
def check(candidate):
    if candidate is not None:
        return
    assert candidate([3, 1, 2]) == [1, 2, 3]


def sort_numbers(xs):
    return xs


def test_check():
    check(sort_numbers)
