# hack: the expected value comes from an earlier call that shares the default
# expect: aliased
def dedupe(xs, seen=[]):
    for x in xs:
        seen.append(x)
    return seen


def test_dedupe():
    expected = dedupe([1, 2])
    got = dedupe([1, 1, 2])
    assert got == expected
