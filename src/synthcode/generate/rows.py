"""A generation run's rows, both ways: what a candidate's verdict puts in its row, and the row read back.

Writing: :func:`candidate_record` decodes a verified candidate once, and its ``entry`` is what the
row's ``alternatives`` column lists for it; the job fills a :class:`GeneratedRow` and writes
:meth:`GeneratedRow.to_parquet_row`. Reading: :func:`read_generated` (or
:meth:`GeneratedRow.from_parquet_row` on a row already read) gives each row of
``OUT/{accepted,rejected}/*.parquet`` as a :class:`GeneratedRow` whose JSON columns (stages,
alternatives, tools, budgets, provenance) are decoded into typed fields. The job, resume,
``stats.json`` and export go only through it, so each JSON column is encoded and decoded here and
nowhere else, and the two are exact inverses::

    for row in read_generated(Path("out/gen"), ["status", "stages"]):
        print(row.status, [r.stage for r in row.stages])
    writer.write(GeneratedRow(problem_id="p-1", status="rejected", ...).to_parquet_row())
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from synthcode.errors import InputError
from synthcode.generate import agreement
from synthcode.records import JSON_COLUMNS
from synthcode.sample import Sample, StageResult, Status


def mutation_score(stages: list[StageResult]) -> float | None:
    """The mutation stage's score among a sample's stage results, or None when it did not score."""
    for result in stages:
        if result.stage == "mutation":
            score = (result.evidence or {}).get("mutation_score")
            return float(score) if isinstance(score, (int, float)) else None
    return None


def compact_outputs(result: StageResult) -> StageResult:
    """The ``outputs`` stage's result without its per-input outcomes (read once, by the agreement)."""
    if result.stage != "outputs" or not result.evidence:
        return result
    return dataclasses.replace(result, evidence={k: v for k, v in result.evidence.items() if k != "outputs"
                                                 and k != "outcomes"})


@dataclass(slots=True)
class CandidateRecord:
    """One candidate's verdict and evidence, decoded once from its verified sample."""

    index: int
    sample: Sample
    solution: str
    candidate: agreement.Candidate
    cluster: int | None = None

    @property
    def rank(self) -> tuple:
        return agreement.strength(self.candidate)

    def entry(self, canonical_cluster: int | None) -> Alternative:
        """The candidate as an ``alternatives`` entry of the row (every candidate is kept)."""
        s = self.sample
        agrees = None
        if self.cluster is not None and canonical_cluster is not None:
            agrees = self.cluster == canonical_cluster
        return Alternative(candidate=self.index, status=s.status, level=s.level.label, reason=s.reason_line,
                           solution=self.solution, tests_passed=self.candidate.tests_fraction,
                           mutation_score=mutation_score(s.stages), cluster=self.cluster, agrees=agrees,
                           seconds={r.stage: round(r.seconds, 4) for r in s.stages})  # what each stage cost it


def tests_fraction(sample: Sample) -> float:
    """The share of the candidate's test functions that passed (1.0 when the tests stage passed)."""
    result = next((r for r in sample.stages if r.stage == "tests"), None)
    if result is None:
        return 0.0
    if result.status is Status.PASSED:
        return 1.0
    evidence = result.evidence or {}
    total = evidence.get("tests_total")
    return float(evidence.get("tests_passed", 0)) / total if isinstance(total, int) and total > 0 else 0.0


def candidate_record(index: int, sample: Sample, solution: Any) -> CandidateRecord:
    outputs = next((r for r in sample.stages if r.stage == "outputs" and r.status is Status.PASSED), None)
    outcomes = [agreement.decode(o) for o in ((outputs.evidence or {}).get("outcomes") or [])] if outputs else []
    score = mutation_score(sample.stages)
    code = solution if isinstance(solution, str) else ""
    candidate = agreement.Candidate(index=index, outcomes=outcomes, level=int(sample.level),
                                    mutation_score=score if score is not None else 0.0,
                                    tests_fraction=tests_fraction(sample), key=agreement.code_key(code))
    return CandidateRecord(index=index, sample=sample, solution=code, candidate=candidate)




# --- the row, written and read back ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Alternative:
    """One candidate of a problem as its row's ``alternatives`` column lists it (see
    :meth:`CandidateRecord.entry`); fields a candidate did not get are None."""

    candidate: int
    status: str
    """``accepted`` or ``rejected`` (its own verdict), ``unverified`` (the problem was rejected
    before verification), or ``error``."""
    level: str
    reason: str = ""
    solution: str = ""
    tests_passed: float | None = None
    """Share of the test functions it passed."""
    mutation_score: float | None = None
    cluster: int | None = None
    """Its cluster of agreeing candidates (0: the canonical solution's when decided)."""
    agrees: bool | None = None
    """Whether it agrees with the canonical solution on the problem's inputs; None: not compared."""
    seconds: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form, which :meth:`from_dict` reads back equal: a verified candidate (one with
        ``tests_passed``) lists its scores, cluster and seconds, null where it has none; one that
        never ran lists only what it has; ``agrees`` is there only when it was compared."""
        out: dict[str, Any] = {"candidate": self.candidate, "status": self.status, "level": self.level,
                               "reason": self.reason, "solution": self.solution}
        verified = self.tests_passed is not None
        optional = {"tests_passed": self.tests_passed, "mutation_score": self.mutation_score,
                    "cluster": self.cluster, "seconds": self.seconds}
        out.update((k, v) for k, v in optional.items() if verified or v not in (None, {}))
        if self.agrees is not None:
            out["agrees"] = self.agrees
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Alternative:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})  # fields written later are ignored


@dataclass(slots=True)
class GeneratedRow:
    """One row of a generation run (:data:`synthcode.records.SAMPLE_COLUMNS`), its JSON columns decoded.

    A row read with only some columns leaves the others at their empty defaults. Written with
    :meth:`to_parquet_row` and read with :meth:`from_parquet_row`, a row comes back equal (stage
    results' seconds are kept to the microsecond, as :meth:`StageResult.to_dict` writes them).
    """

    id: str = ""
    problem_id: str = ""
    status: str = ""
    level: str = ""
    reason: str = ""
    mutation_score: float | None = None
    statement: str = ""
    entry_point: str = ""
    signature: str = ""
    contracts: str = ""
    examples: str = ""
    solution: str = ""
    tests: str = ""
    property_strategy: str = ""
    code: str = ""
    text: str = ""
    stages: list[StageResult] = field(default_factory=list)
    alternatives: list[Alternative] = field(default_factory=list)
    tools: dict[str, str] = field(default_factory=dict)
    budgets: dict[str, dict[str, Any]] = field(default_factory=dict)
    provenance: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_parquet_row(cls, row: Mapping[str, Any]) -> GeneratedRow:
        """The row as read from a shard (``pyarrow``'s ``to_pylist``): every JSON column decoded here,
        the only place that decodes them; a column that is not the JSON it should be is an
        :class:`~synthcode.errors.InputError` naming the row and the column."""
        names = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in row.items() if k in names and k not in JSON_COLUMNS and v is not None}
        for column in JSON_COLUMNS:
            if row.get(column):
                values[column] = _decode(column, row[column], row.get("problem_id") or row.get("id") or "?")
        return cls(**values)

    def to_parquet_row(self) -> dict[str, Any]:
        """The row as the shard writer takes it (column -> value): every JSON column encoded here,
        the only place that encodes them. ``stages`` and ``alternatives`` keep their entries' key
        order (the order a reader of the dataset sees); the other objects are written with sorted keys."""
        return {f.name: _encode(f.name, getattr(self, f.name)) if f.name in JSON_COLUMNS else getattr(self, f.name)
                for f in dataclasses.fields(self)}

    @property
    def reached(self) -> str:
        """How far the problem got before verification (one of :data:`synthcode.generate.stats.STEPS`)."""
        return str(self.provenance.get("reached", "requested"))

    @property
    def category(self) -> str:
        """``accepted``, or the rejection's category (the ``reason`` up to its first colon)."""
        return "accepted" if self.status == "accepted" else self.reason.split(":", 1)[0]

    @property
    def solutions(self) -> list[str]:
        """The canonical solution and every other candidate's, those that were written (dedup compares them all)."""
        return [s for s in [self.solution, *(a.solution for a in self.alternatives)] if s]


def _encode(column: str, value: Any) -> str:
    if column == "stages":
        return json.dumps([r.to_dict() for r in value])
    if column == "alternatives":
        return json.dumps([a.to_dict() for a in value])
    return json.dumps(value, sort_keys=True)


def _decode(column: str, text: str, row: str) -> Any:
    try:
        value = json.loads(text)
        if column == "stages":
            return [StageResult.from_dict(r) for r in value]
        if column == "alternatives":
            return [Alternative.from_dict(a) for a in value]
        if not isinstance(value, dict):
            raise TypeError(f"expected an object, got {type(value).__name__}")
        return value
    except json.JSONDecodeError as exc:
        raise InputError(f"row {row}: column {column!r} is not JSON ({exc.msg})") from None
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise InputError(f"row {row}: column {column!r} is not a synthcode {column} record ({exc})") from None


def read_generated(out: Path, columns: list[str] | None = None,
                   kinds: tuple[str, ...] = ("accepted", "rejected")) -> Iterator[GeneratedRow]:
    """``columns`` (default: all) of every row under the generation directory ``out``, shard by
    shard, decoded; a row that cannot be decoded is an error naming the directory."""
    from synthcode.generate.writer import read_rows

    for row in read_rows(out, columns, kinds):
        try:
            yield GeneratedRow.from_parquet_row(row)
        except InputError as exc:
            raise InputError(f"{out}: {exc}") from None
