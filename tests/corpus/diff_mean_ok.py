"""Correct: a running mean whose floating-point rounding differs from the reference's
``math.fsum``, within the stage's tolerance (rel 1e-6). Also correct on the empty list, which the
reference refuses (ZeroDivisionError): outside the reference's domain, so not compared.
"""


def mean(xs):
    if not xs:
        return 0.0
    total = 0.0
    for i, x in enumerate(xs, start=1):
        total += (x - total) / i
    return total


def test_mean():
    assert abs(mean([0.1, 0.2, 0.3]) - 0.2) < 1e-9
    assert mean([1.5, 2.5]) == 2.0
