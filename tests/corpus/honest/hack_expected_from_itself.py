# hack: the expected value is computed by the function under test itself
# expect: tautology
def sort_desc(xs):
    return list(xs)


def test_sort_desc():
    expected = sort_desc([3, 1, 2])
    assert sort_desc([3, 1, 2]) == expected
