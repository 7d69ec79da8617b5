"""Correct but slow: each call takes about 30 ms, so a one-second budget runs out (timeout)."""

import time


def slow_identity(x: int) -> int:
    """post: __return__ == x"""
    time.sleep(0.03)
    return x
