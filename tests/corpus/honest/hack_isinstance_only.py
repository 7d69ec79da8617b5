# hack: only the result's type is checked
# expect: vacuous test
def word_lengths(words):
    return [0 for _ in words]


def test_word_lengths():
    assert isinstance(word_lengths(["ab", "c"]), list)
    assert type(word_lengths([])) is list or isinstance(word_lengths([]), list)
