"""The one record type that flows through every stage.

A :class:`Sample` carries the code under verification, its optional reference solution and
provenance, and accumulates one :class:`StageResult` per stage that looked at it. Its final
``status`` and ``level`` are derived from those results, never set by hand, so a verdict can
always be traced back to the evidence behind it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from synthcode.errors import one_line

REASON_LINE_MAX = 400
ASSERTION_MAX = 160


class Status(str, enum.Enum):
    """What one stage concluded about a sample."""

    PASSED = "passed"
    FAILED = "failed"
    TIMEOUT = "timeout"
    SKIPPED = "skipped"
    ERROR = "error"


class Level(enum.IntEnum):
    """How strongly a sample is verified, weakest first.

    A level is only ever earned by a stage that passed; "not disproved" is never promoted to
    ``PROVED`` (that needs a stage that confirmed the contracts over all inputs).
    """

    REJECTED = 0
    TESTED = 1
    PROPERTY_CHECKED = 2
    SYMBOLIC = 3
    PROVED = 4

    @property
    def label(self) -> str:
        return self.name.lower().replace("_", "-")

    @classmethod
    def from_label(cls, label: str) -> Level:
        try:
            return cls[label.upper().replace("-", "_")]
        except KeyError:
            known = ", ".join(level.label for level in cls)
            raise ValueError(f"unknown level {label!r}; expected one of: {known}") from None


ACCEPTED_LEVELS = [level.label for level in Level if level > Level.REJECTED]
"""The labels an accepted sample can carry, weakest first."""


@dataclass(slots=True)
class StageResult:
    """A stage's typed verdict on one sample."""

    stage: str
    status: Status
    detail: str = ""
    seconds: float = 0.0
    test: str | None = None
    """The failing test, when the stage ran tests."""
    assertion: str | None = None
    """Source of the failing assertion (or the exception line), when there is one."""
    counterexample: dict[str, Any] | None = None
    level: Level | None = None
    """The level this result earns when it passed; None when it earns nothing."""
    tools: dict[str, str] = field(default_factory=dict)
    """Versions of the tools the stage used, e.g. ``{"python": "3.11.7"}``."""
    evidence: dict[str, Any] = field(default_factory=dict)
    """How strong the stage's evidence is, as JSON-able measurements (e.g. the tests stage's
    assertions executed, the mutation stage's score); whatever the stage found, pass or fail."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: empty optional fields are left out (``detail`` always stays)."""
        out: dict[str, Any] = {"stage": self.stage, "status": self.status.value, "detail": self.detail,
                               "seconds": round(self.seconds, 6)}
        optional = {"test": self.test, "assertion": self.assertion, "counterexample": self.counterexample,
                    "level": self.level.label if self.level is not None else None, "tools": self.tools,
                    "evidence": self.evidence}
        out.update((k, v) for k, v in optional.items() if v)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StageResult:
        level = data.get("level")
        return cls(
            stage=data["stage"],
            status=Status(data["status"]),
            detail=data.get("detail", ""),
            seconds=float(data.get("seconds", 0.0)),
            test=data.get("test"),
            assertion=data.get("assertion"),
            counterexample=data.get("counterexample"),
            level=Level.from_label(level) if level else None,
            tools=dict(data.get("tools") or {}),
            evidence=dict(data.get("evidence") or {}),
        )


INPUT_STAGE = "input"
"""The stage name of an unusable input's error verdict (see :mod:`synthcode.inputs`): no stage of
the pipeline has this name, and no sample with such a result is ever verified."""

STOPPING = (Status.FAILED, Status.TIMEOUT, Status.ERROR)
"""Statuses at which the pipeline stops: the sample is rejected, or could not be judged."""


@dataclass(slots=True)
class Sample:
    """A candidate program under verification and the evidence gathered about it."""

    id: str
    code: str
    entry_point: str | None = None
    reference: str | None = None
    """Source of a reference solution, for differential testing."""
    origin: str | None = None
    """Where the sample came from: a file path, or ``path:line`` for a JSONL record."""
    metadata: dict[str, Any] = field(default_factory=dict)
    stages: list[StageResult] = field(default_factory=list)

    @property
    def failure(self) -> StageResult | None:
        """The first stage that failed, timed out or errored."""
        return next((r for r in self.stages if r.status in STOPPING), None)

    @property
    def unusable(self) -> bool:
        """True for input that could not be read as a sample (an ``input`` error, never verified)."""
        return bool(self.stages) and self.stages[0].stage == INPUT_STAGE

    @property
    def checked(self) -> bool:
        """True once a stage that earns a level passed (skips and the parse check do not count)."""
        return any(r.status is Status.PASSED and r.level is not None for r in self.stages)

    @property
    def status(self) -> str:
        """``accepted``, ``rejected`` or ``error`` (the verifier could not judge)."""
        failure = self.failure
        if failure is not None:
            return "error" if failure.status is Status.ERROR else "rejected"
        return "accepted" if self.checked else "rejected"

    @property
    def level(self) -> Level:
        """The strongest level earned, or ``REJECTED`` when any stage failed."""
        if self.failure is not None or not self.checked:
            return Level.REJECTED
        earned = [r.level for r in self.stages if r.status is Status.PASSED and r.level is not None]
        return max(earned, default=Level.REJECTED)

    @property
    def reason(self) -> str:
        """A one-line reason for the verdict."""
        failure = self.failure
        if failure is not None:
            return f"{failure.stage}: {failure.detail}"
        if not self.checked:
            skipped = "; ".join(f"{r.stage}: {r.detail}" for r in self.stages) or "no stage ran"
            return f"nothing to check ({skipped})"
        passed = [r.stage for r in self.stages if r.status is Status.PASSED and r.level is not None]
        return f"verified ({self.level.label}) by {', '.join(passed)}"

    @property
    def reason_line(self) -> str:
        """:attr:`reason` with the failing assertion's source line (or the broken contract
        condition) in brackets, as one line of at most :data:`REASON_LINE_MAX` characters: what
        ``synthcode verify`` prints and what a generated row's ``reason`` says."""
        failure = self.failure
        reason = self.reason
        if failure is not None and failure.assertion:
            reason += f" [{one_line(failure.assertion, ASSERTION_MAX)}]"
        return one_line(reason, REASON_LINE_MAX)

    def result_dict(self) -> dict[str, Any]:
        """The verdict as written to a results file: one JSON object per sample."""
        return {
            "id": self.id,
            "status": self.status,
            "level": self.level.label,
            "reason": self.reason,
            "origin": self.origin,
            "stages": [r.to_dict() for r in self.stages],
        }
