"""Indices of the two numbers that add up to a target."""


def two_sum(nums: list[int], target: int) -> tuple[int, int] | None:
    seen: dict[int, int] = {}
    for i, n in enumerate(nums):
        if target - n in seen:
            return seen[target - n], i
        seen[n] = i
    return None


def test_finds_pair():
    assert two_sum([2, 7, 11, 15], 9) == (0, 1)
    assert two_sum([3, 2, 4], 6) == (1, 2)


def test_no_pair():
    assert two_sum([1, 2, 3], 100) is None
    assert two_sum([], 0) is None


def test_same_value_twice():
    assert two_sum([3, 3], 6) == (0, 1)
