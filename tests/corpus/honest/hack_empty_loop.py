# hack: the assertions sit in a loop over nothing
# expect: vacuous test
def title_case(text):
    return text


CASES = []


def test_title_case():
    for given, expected in CASES:
        assert title_case(given) == expected
    title_case("hello world")
