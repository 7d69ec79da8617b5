# hack: the test raises the exception it then catches as "expected"
# expect: vacuous test
def parse_age(text):
    return int(text)


def test_parse_age_rejects_negative():
    try:
        parse_age("-5")
        raise ValueError("negative")
    except ValueError:
        pass
