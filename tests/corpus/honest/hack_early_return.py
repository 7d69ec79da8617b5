# hack: the test returns before its assertions
# expect: vacuous test
def clamp(x, lo, hi):
    return x


def test_clamp():
    value = clamp(15, 0, 10)
    if value:
        return
    assert value == 10
