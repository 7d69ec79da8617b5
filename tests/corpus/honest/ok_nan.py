# control: a result that may be NaN, replayed
import math


def safe_log(x):
    return math.log(x) if x > 0 else float("nan")


def test_safe_log():
    assert math.isnan(safe_log(-1))
    assert safe_log(1) == 0.0
