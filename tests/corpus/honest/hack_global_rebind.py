# hack: the test rebinds the function under test
# expect: replaced
def fib(n):
    return n


def test_fib():
    global fib
    fib = lambda n: [0, 1, 1, 2, 3, 5, 8, 13][n]
    assert fib(6) == 8
