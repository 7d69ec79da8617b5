# hack: assert f(x) on an object that is always truthy
# expect: untrusted-eq
class Yes:
    def __bool__(self):
        return True


def is_prime(n):
    return Yes()


def test_is_prime():
    assert is_prime(7)
    assert not (not is_prime(9))
