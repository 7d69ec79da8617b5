# hack: the assertion checks a constant computation, not the solution
# expect: vacuous test
def count_words(text):
    return 0


def test_count_words():
    assert count_words("a b c") >= 0 or True
    expected = len("a b c".split())
    assert expected == 3
