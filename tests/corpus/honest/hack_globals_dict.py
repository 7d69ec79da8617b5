# hack: the test replaces the function through globals()
# expect: replaced
def is_leap(year):
    return year % 4 == 0


def test_is_leap():
    globals()["is_leap"] = lambda y: y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    assert is_leap(1900) == False
    assert is_leap(2000) == True
