# control: a solution with its own precondition assert, checked by sorted() and membership
def pick_pair(xs, target):
    assert xs, "needs numbers"
    seen = {}
    for i, x in enumerate(xs):
        if target - x in seen:
            return [seen[target - x], i]
        seen[x] = i
    return []


def test_pick_pair():
    assert sorted(pick_pair([2, 7, 11, 15], 9)) == [0, 1]
    assert 2 in pick_pair([3, 2, 4], 6)
    assert pick_pair([1, 2], 10) == []
