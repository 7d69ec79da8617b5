"""Planted bug: loops forever for n <= 0, where the reference returns 0.

The tests only use positive n. The per-call time limit ends the looping call; since the
reference returned on that input, the timeout is a disagreement.
"""


def collatz_steps(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


def test_collatz_steps():
    assert collatz_steps(1) == 0
    assert collatz_steps(6) == 8
    assert collatz_steps(7) == 16
