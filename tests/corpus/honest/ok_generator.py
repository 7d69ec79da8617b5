# control: a generator solution and a next() over a generator expression
def evens(n):
    """Even numbers below n."""
    for i in range(n):
        if i % 2 == 0:
            yield i
    return


def first_even(xs):
    return next(x for x in xs if x % 2 == 0)


def test_evens():
    assert list(evens(7)) == [0, 2, 4, 6]
    assert first_even([1, 3, 4]) == 4
