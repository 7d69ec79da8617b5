# control: an in-place function checked for None and then by its effect
def reverse_in_place(xs):
    i, j = 0, len(xs) - 1
    while i < j:
        xs[i], xs[j] = xs[j], xs[i]
        i += 1
        j -= 1


def test_reverse_in_place():
    xs = [1, 2, 3, 4]
    assert reverse_in_place(xs) is None
    assert xs == [4, 3, 2, 1]
