"""Batches of samples that take a known time each, for kill, resume and scheduling tests."""

from __future__ import annotations

SLOW_SAMPLE = '''
import time

def solve(n):
    time.sleep({sleep})
    return n * {k}

def test_solve():
    assert solve(2) == {expected}
'''


def slow_records(count: int, sleep: float) -> list[dict[str, str]]:
    """``{"id": "sK", "code": ...}`` for K < ``count``: each sleeps ``sleep`` s; every fifth one's
    test is wrong (so K % 5 == 0 is rejected, the rest accepted)."""
    return [{"id": f"s{k}", "code": SLOW_SAMPLE.format(sleep=sleep, k=k, expected=2 * k if k % 5 else -1)}
            for k in range(count)]
