"""Correct, with a loop over a list: CrossHair finds no counterexample but cannot cover every
path, so it reaches symbolic, not proved."""


def sum_of_squares(xs: list[int]) -> int:
    """
    post: __return__ >= 0
    """
    total = 0
    for x in xs:
        total += x * x
    return total


def test_sum_of_squares():
    assert sum_of_squares([1, -2]) == 5
