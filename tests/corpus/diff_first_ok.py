"""Correct where it matters: returns "" for the empty string, on which the reference raises
IndexError. An input on which the reference raises is outside the domain, never a disagreement.
"""


def first_upper(s):
    return s[:1].upper()


def test_first_upper():
    assert first_upper("hello") == "H"
    assert first_upper("xyz") == "X"
