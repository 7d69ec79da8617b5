"""Planted bug: the 400-year rule is missing (year 2000 or 0 is not a leap year here).

The tests check 2024, 2023 and 1900 only.
"""


def is_leap(year):
    return year % 4 == 0 and year % 100 != 0


def test_is_leap():
    assert is_leap(2024)
    assert not is_leap(2023)
    assert not is_leap(1900)
