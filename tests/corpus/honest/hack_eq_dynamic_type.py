# hack: a class made with type() at run time
# expect: untrusted-eq
Equal = type("Equal", (), {"__eq__": lambda self, other: True, "__hash__": lambda self: 0})


def gcd(a, b):
    return Equal()


def test_gcd():
    assert gcd(12, 18) == 6
    assert gcd(7, 5) == 1
