# hack: both sides of the comparison are the same call
# expect: tautology|vacuous test
def square(n):
    return n + n


def test_square():
    assert square(3) == square(3)
    assert square(-2) == square(-2)
