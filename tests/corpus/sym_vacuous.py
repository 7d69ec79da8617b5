"""A precondition no input can meet: the contract is vacuous, and the symbolic stage fails it."""


def halve(x: int) -> int:
    """
    pre: x > 10 and x < 5
    post: __return__ * 2 == x
    """
    return x // 2


def test_halve():
    assert halve(8) == 4
