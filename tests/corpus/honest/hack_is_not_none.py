# hack: assert f(x) is not None for a wrong f
# expect: vacuous test
def parse_int(text):
    return -1


def test_parse_int():
    assert parse_int("42") is not None
    assert parse_int("-7") is not None
