"""Spec and tests disagree: the precondition restricts n to n >= 0, and a test calls
factorial(-1) and checks its result. The function does not refuse the input (it returns 1).
"""


def factorial(n):
    """pre: n >= 0
    post: __return__ >= 1
    """
    result = 1
    for k in range(2, n + 1):
        result *= k
    return result


def test_factorial():
    assert factorial(0) == 1
    assert factorial(5) == 120
    assert factorial(-1) == 1
