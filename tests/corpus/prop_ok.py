"""Correct: contracts (PEP 316 docstring, leading asserts, a declared exception, __old__) and an
@given test that all hold. The properties stage passes it at property-checked."""

from hypothesis import given
from hypothesis import strategies as st


def clamp(x: int, lo: int, hi: int) -> int:
    """
    pre: lo <= hi
    post: lo <= __return__ <= hi
    post: __return__ == x or x < lo or x > hi
    """
    return max(lo, min(x, hi))


def parse_count(text: str) -> int:
    """
    raises: ValueError
    post: __return__ >= 0
    """
    value = int(text)
    if value < 0:
        raise ValueError(f"negative count {value}")
    return value


def bump_all(xs: list[int], by: int) -> None:
    """
    post[xs]: xs == [x + by for x in __old__.xs]
    """
    for i in range(len(xs)):
        xs[i] += by


def mean(xs: list[int]) -> float:
    assert len(xs) > 0
    return sum(xs) / len(xs)


@given(st.lists(st.integers()))
def test_sorting_is_idempotent(xs):
    assert sorted(sorted(xs)) == sorted(xs)


def test_units():
    assert clamp(5, 0, 3) == 3
    assert parse_count("7") == 7
