"""Learning-rate schedules of the three stages, as pure functions of the step.

``pretrain`` and ``continue`` warm up linearly from 0 to ``lr`` and follow a cosine to ``min_lr``;
``cooldown`` starts where the previous stage stopped (the learning rate recorded in its
checkpoint) and anneals linearly to ``final_lr`` (the study anneals to 1e-6)::

    schedule = Schedule(kind="cosine", peak=3e-4, floor=3e-5, warmup=100, total=10_000)
    schedule.lr(step)      # step counts optimizer steps from 0

A schedule is a value (stored in every checkpoint), not an object with hidden state, so a resumed
run computes exactly the learning rates the uninterrupted run would have.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from synthcode.errors import ConfigError


@dataclass(kw_only=True, slots=True, frozen=True)
class Schedule:
    kind: str
    """``cosine`` (warm-up, then cosine decay) or ``linear`` (straight from peak to floor)."""
    peak: float
    """Learning rate after warm-up (cosine) or at step 0 (linear)."""
    floor: float
    """Learning rate at the last step."""
    warmup: int = 0
    """Linear warm-up steps from 0 (cosine only)."""
    total: int
    """Optimizer steps in the stage."""

    def __post_init__(self) -> None:
        if self.kind not in ("cosine", "linear"):
            raise ConfigError(f"schedule kind must be cosine or linear, got {self.kind!r}")
        if self.total < 1:
            raise ConfigError(f"a stage needs at least one optimizer step, got total={self.total}")
        if self.warmup and not 0 <= self.warmup < self.total:
            raise ConfigError(f"warmup_steps={self.warmup} must be smaller than the stage's {self.total} steps")
        if self.peak < 0 or self.floor < 0:
            raise ConfigError(f"learning rates must be non-negative, got peak={self.peak} floor={self.floor}")

    def lr(self, step: int) -> float:
        """The learning rate for optimizer step ``step`` (0-based); the last step gets ``floor``."""
        if self.kind == "linear":
            if self.total == 1:
                return self.floor
            return self.peak + (self.floor - self.peak) * min(step, self.total - 1) / (self.total - 1)
        if step < self.warmup:
            return self.peak * (step + 1) / (self.warmup + 1)
        span = max(self.total - 1 - self.warmup, 1)
        progress = min((step - self.warmup) / span, 1.0)
        return self.floor + 0.5 * (self.peak - self.floor) * (1.0 + math.cos(math.pi * progress))

    def to_dict(self) -> dict:
        return asdict(self)
