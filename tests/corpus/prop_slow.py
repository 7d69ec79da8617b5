"""Correct but slow: each call takes about 30 ms of CPU, so a one-second budget runs out (timeout)."""

import time


def slow_identity(x: int) -> int:
    """post: __return__ == x"""
    started = time.process_time()
    while time.process_time() - started < 0.03:
        pass
    return x
