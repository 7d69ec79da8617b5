"""The one record of the generation flow: a problem from its index to its row.

:mod:`~synthcode.generate.problems` fills what the model wrote (the problem, its tests, the
candidate solutions and their verify files, the agreement inputs) or a rejection;
:mod:`~synthcode.generate.job` verifies the candidates on its executor threads (the screening,
the agreement, the later stages) and turns the task into exactly one row
(a :class:`~synthcode.generate.rows.GeneratedRow`, which encodes it and reads it back).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from synthcode.generate import agreement
from synthcode.generate.parse import Problem, Rejection
from synthcode.sample import Sample


@dataclass(slots=True)
class Task:
    """One problem on its way through the job."""

    id: str
    provenance: dict[str, Any]
    problem: Problem | None = None
    tests: str = ""
    solutions: list[str | Rejection] = field(default_factory=list)
    candidates: dict[int, Sample] = field(default_factory=dict)
    """Candidate index -> the sample verified (phase 1)."""
    rejection: Rejection | None = None
    """Why the problem went no further than the model side (its row says so); None: verify it."""
    pending: int = 0
    inputs: agreement.InputSet | None = None
    """The problem's agreement input set (when candidates are compared)."""
    later_done: set[int] = field(default_factory=set)
    """Candidates that also ran the later stages (only the chosen ones do)."""
    tie: bool = False
    screened: set[int] = field(default_factory=set)
    """Candidates that passed the first stages (with later stages: those the agreement compares)."""

    @property
    def inputs_or_empty(self) -> agreement.InputSet:
        return self.inputs or agreement.InputSet(inputs=[], domain=agreement.Domain(source="none"))
