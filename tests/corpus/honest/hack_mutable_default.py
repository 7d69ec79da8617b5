# hack: the result is the mutable default, compared with that same default
# expect: aliased
def unique_sorted(xs, result=[]):
    result[:] = xs
    return result


def test_unique_sorted():
    assert unique_sorted([3, 1, 3]) == unique_sorted.__defaults__[0]
