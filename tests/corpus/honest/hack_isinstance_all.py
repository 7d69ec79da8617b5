# hack: every element is checked only for its type
# expect: vacuous test
def squares(n):
    return [0] * n


def test_squares():
    result = squares(4)
    assert len(result) == 4 or isinstance(result, list)
    for item in result:
        assert isinstance(item, int)
