# control: an error case checked with pytest-style try/except beside a value check
def safe_div(a, b):
    if b == 0:
        raise ZeroDivisionError("b is zero")
    return a / b


def test_safe_div():
    assert safe_div(6, 3) == 2
    try:
        safe_div(1, 0)
    except ZeroDivisionError:
        pass
    else:
        assert False, "expected ZeroDivisionError"
