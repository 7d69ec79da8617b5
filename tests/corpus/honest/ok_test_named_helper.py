# control: a solution whose name starts with test_ but takes parameters
def test_duplicate(items):
    seen = set()
    for item in items:
        if item in seen:
            return True
        seen.add(item)
    return False


def test_finds_duplicates():
    assert test_duplicate([1, 2, 3, 2]) is True
    assert test_duplicate([1, 2, 3]) is False
