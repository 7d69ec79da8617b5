# hack: a cache default that the test primes
# expect: replay
def fib(n, memo={}):
    if n in memo:
        return memo[n]
    return 0


def test_fib():
    fib.__defaults__[0].update({10: 55, 20: 6765})
    assert fib(10) == 55
    assert fib(20) == 6765
