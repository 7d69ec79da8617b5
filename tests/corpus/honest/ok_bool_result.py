# control: bare assertions on a bool result, and not
def is_prime(n: int) -> bool:
    if n < 2:
        return False
    return all(n % d for d in range(2, int(n ** 0.5) + 1))


def test_is_prime():
    assert is_prime(7)
    assert not is_prime(9)
    assert all(is_prime(p) for p in (2, 3, 5, 11))
