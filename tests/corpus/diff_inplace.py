"""Planted bug: an in-place insertion sort whose outer loop stops one element early, so the last
element is never moved. Both versions return None; the stage compares the list the call left.

The tests only sort lists whose largest element is already last.
"""


def sort_in_place(xs):
    for i in range(1, len(xs) - 1):
        key = xs[i]
        j = i - 1
        while j >= 0 and xs[j] > key:
            xs[j + 1] = xs[j]
            j -= 1
        xs[j + 1] = key


def test_sort_in_place():
    xs = [3, 1, 2, 9]
    sort_in_place(xs)
    assert xs == [1, 2, 3, 9]
