"""Run-length encoding and decoding of strings."""


def encode(text: str) -> list[tuple[str, int]]:
    """
    pre: True
    post: "".join(c * n for c, n in __return__) == text
    """
    runs: list[tuple[str, int]] = []
    for ch in text:
        if runs and runs[-1][0] == ch:
            runs[-1] = (ch, runs[-1][1] + 1)
        else:
            runs.append((ch, 1))
    return runs


def decode(runs: list[tuple[str, int]]) -> str:
    return "".join(ch * count for ch, count in runs)


def test_encode():
    assert encode("aaabcc") == [("a", 3), ("b", 1), ("c", 2)]
    assert encode("") == []


def test_round_trip():
    for text in ["", "a", "abba", "zzzzzzzzzz", "ab" * 50]:
        assert decode(encode(text)) == text
