"""Correct: the REFERENCE loops forever for n <= 0 and this returns 0 there. An input on which the
reference times out is outside the domain: skipped, never a disagreement.
"""


def collatz_steps(n):
    steps = 0
    while n > 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


def test_collatz_steps():
    assert collatz_steps(1) == 0
    assert collatz_steps(6) == 8
