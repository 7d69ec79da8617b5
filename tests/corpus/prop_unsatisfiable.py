"""A precondition that generated inputs (almost) never meet: skipped, not passed."""


def lucky(x: int) -> int:
    """
    pre: x == 982451653
    post: __return__ == 982451654
    """
    return x + 1
