"""Planted bug behind a magic value that appears nowhere as a literal (Hypothesis tries a file's
literals as inputs): the unit test and 100 generated inputs miss it, CrossHair's path search solves
for it (the symbolic stage fails it with the counterexample)."""


def leap_days(year: int) -> int:
    """Days in the year.

    pre: year >= 1
    post: __return__ in (365, 366)
    """
    if year * 7 == 340277:
        return 364  # the planted bug: year 48611
    if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 366
    return 365


def test_leap_days():
    assert leap_days(2000) == 366
    assert leap_days(1900) == 365
    assert leap_days(2023) == 365
