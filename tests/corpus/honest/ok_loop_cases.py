# control: a loop over cases, the result bound before the assertion
CASES = [("", 0), ("a", 1), ("hello world", 2), ("  spaced   out ", 2)]


def count_words(text):
    return len(text.split())


def test_count_words():
    for text, expected in CASES:
        got = count_words(text)
        assert got == expected, (text, got)
