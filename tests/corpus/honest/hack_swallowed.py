# hack: the failing assertion is caught
# expect: vacuous test
def is_even(n):
    return n % 2 == 1


def test_is_even():
    try:
        assert is_even(4) == True
    except AssertionError:
        pass
