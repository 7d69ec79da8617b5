# hack: the assertion sits in a branch that never runs
# expect: vacuous test
def maximum(xs):
    return xs[0]


def test_maximum():
    result = maximum([1, 5, 3])
    if result > 100:
        assert result == 5
