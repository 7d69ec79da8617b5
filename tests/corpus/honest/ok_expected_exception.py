# control: expected exceptions checked with try/except/else, and with a trailing fail
def parse_age(text):
    age = int(text)
    if age < 0:
        raise ValueError("negative age")
    return age


def test_parse_age():
    assert parse_age("42") == 42


def test_parse_age_rejects_negative():
    try:
        parse_age("-5")
    except ValueError:
        pass
    else:
        raise AssertionError("parse_age('-5') should raise")


def test_parse_age_rejects_words():
    try:
        parse_age("old")
        assert False, "expected ValueError"
    except ValueError as exc:
        assert "invalid literal" in str(exc)
