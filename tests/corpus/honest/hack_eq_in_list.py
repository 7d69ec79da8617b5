# hack: the always-equal object hides inside a list
# expect: untrusted-eq
class Anything:
    def __eq__(self, other):
        return True


def primes_below(n):
    return [Anything() for _ in range(4)]


def test_primes_below():
    assert primes_below(10) == [2, 3, 5, 7]
