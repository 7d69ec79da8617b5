# hack: a comparison of constants
# expect: vacuous test
def fib(n):
    return n


def test_fib():
    fib(10)
    assert 55 == 55
