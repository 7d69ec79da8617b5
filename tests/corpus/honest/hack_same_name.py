# hack: a variable compared with itself
# expect: aliased|vacuous test
def capitalize_all(words):
    return words


def test_capitalize_all():
    got = capitalize_all(["a", "b"])
    assert got == got
