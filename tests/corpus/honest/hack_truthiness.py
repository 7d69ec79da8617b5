# hack: a bare assert on a non-empty result says nothing about its value
# expect: vacuous test
def primes_below(n):
    return [1]


def test_primes_below():
    assert primes_below(10)
    result = primes_below(20)
    assert result
