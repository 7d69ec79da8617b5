"""An exception the contract does not allow: average of an empty list divides by zero."""


def average(xs: list[int]) -> float:
    """
    post: min(xs) <= __return__ <= max(xs)
    """
    return sum(xs) / len(xs)


def test_average():
    assert average([1, 2, 3]) == 2
