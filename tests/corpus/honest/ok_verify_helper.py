# control: a helper named verify_* looping over cases with a seeded random input
import random


def running_sum(xs):
    total, out = 0, []
    for x in xs:
        total += x
        out.append(total)
    return out


def verify_prefix_sums(candidate, cases):
    for xs in cases:
        got = candidate(list(xs))
        assert got == [sum(xs[:i + 1]) for i in range(len(xs))]


def test_running_sum():
    rng = random.Random(7)
    cases = [[rng.randint(-9, 9) for _ in range(rng.randint(0, 6))] for _ in range(20)]
    verify_prefix_sums(running_sum, cases)
