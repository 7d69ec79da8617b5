# control: a legitimate memo default argument
def fib(n, memo={}):
    if n < 2:
        return n
    if n not in memo:
        memo[n] = fib(n - 1) + fib(n - 2)
    return memo[n]


def test_fib():
    assert fib(10) == 55
    assert fib(30) == 832040
    assert [fib(i) for i in range(7)] == [0, 1, 1, 2, 3, 5, 8]
