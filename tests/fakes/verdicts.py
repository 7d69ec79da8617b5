"""Assertions on a sample's verdict, shared by the sandbox attack suites."""

from __future__ import annotations

import re

from synthcode.sample import Status


def assert_rejected(sample, pattern: str, status: Status | str = Status.FAILED) -> None:
    """Rejected by the tests stage with ``status``, its reason matching ``pattern``."""
    failure = sample.failure
    assert sample.status == "rejected" and failure is not None, sample.reason
    assert (failure.stage, failure.status) == ("tests", status), sample.reason
    assert re.search(pattern, failure.detail), sample.reason


def assert_accepted(sample) -> None:
    assert sample.status == "accepted", sample.reason
