# control: a dict result, compared whole and by key
from collections import defaultdict


def group_by_length(words):
    groups = defaultdict(list)
    for w in words:
        groups[len(w)].append(w)
    return dict(groups)


def test_group_by_length():
    result = group_by_length(["a", "bb", "cc", "d"])
    assert result == {1: ["a", "d"], 2: ["bb", "cc"]}
    assert result[2] != ["cc", "bb"]
