"""Leading asserts are preconditions alongside the docstring's (as synthcode reads contracts), so
CrossHair only tries inputs they admit; a declared exception is allowed. Proved."""


def safe_div(a: int, b: int) -> int:
    """
    raises: ZeroDivisionError
    post: __return__ * b <= a
    """
    assert b > 0
    return a // b


def first_positive(x: int) -> int:
    """
    post: __return__ > 0
    """
    assert x > 0
    return x


def test_safe_div():
    assert safe_div(7, 2) == 3
