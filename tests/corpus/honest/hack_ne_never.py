# hack: != is always False, and the tests only use !=
# expect: untrusted-eq
class Flag:
    def __ne__(self, other):
        return False


def is_palindrome(word):
    return Flag()


def test_is_palindrome():
    assert not (is_palindrome("level") != True)
    assert not (is_palindrome("abc") != False)
