"""How far the code suite is, on stderr: generating completions and verifying them can take
minutes, and a silent terminal looks hung.

On a terminal one line is rewritten in place; otherwise (a log file, a pipe) a line is printed
each time a phase passes another tenth of its problems, so a log stays short::

    tiny__mix__pretrain__step-3: code humaneval: generated 82/164
    tiny__mix__pretrain__step-3: code humaneval: verified 82/164, 31 passing
    tiny__mix__pretrain__step-3: code humaneval pass@1 0.378 (62/164)
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TextIO


class CodeProgress:
    """``progress(phase, done, total, passing)`` for :func:`~synthcode.evaluation.code.evaluate_benchmark`."""

    def __init__(self, label: str, say: Callable[[str], None], stream: TextIO | None = None) -> None:
        self.label = label
        self.say = say
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()
        self.shown: dict[str, int] = {}
        self.last: tuple[int, int, int | None] | None = None

    def __enter__(self) -> "CodeProgress":
        return self

    def __call__(self, phase: str, done: int, total: int, passing: int | None) -> None:
        text = f"{self.label}: {phase} {done}/{total}" + (f", {passing} passing" if passing is not None else "")
        if phase == "verified":
            self.last = (done, total, passing)
        if self.live:
            self.stream.write(f"\r\033[K{text}")
            self.stream.flush()
            return
        tenth = done * 10 // max(total, 1)
        if tenth > self.shown.get(phase, 0) or done == total:
            self.shown[phase] = tenth
            self.say(text)

    def __exit__(self, *exc: Any) -> None:
        if self.live:
            self.stream.write("\r\033[K")
            self.stream.flush()
        if exc[0] is None and self.last is not None:
            done, total, passing = self.last
            self.say(f"{self.label} pass@1 {(passing or 0) / max(total, 1):.3f} ({passing}/{total})")
