# hack: the always-equal objects are the values of a dict
# expect: untrusted-eq
class Whatever:
    def __eq__(self, other):
        return True


def char_counts(text):
    return {c: Whatever() for c in set(text)}


def test_char_counts():
    assert char_counts("aab") == {"a": 2, "b": 1}
