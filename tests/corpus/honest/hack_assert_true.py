# hack: assert True after the call
# expect: vacuous test
def factorial(n):
    return n * 2


def test_factorial():
    result = factorial(5)
    assert True
