"""One candidate's verdict and evidence as the row records it, decoded once from its sample."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from synthcode.generate import agreement
from synthcode.sample import Sample, StageResult, Status


def mutation_score(stages: list[dict[str, Any]]) -> float | None:
    """The mutation stage's score among a sample's stage results, or None when it did not score."""
    for result in stages:
        if result.get("stage") == "mutation":
            score = (result.get("evidence") or {}).get("mutation_score")
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
        return agreement._strength(self.candidate)

    def entry(self, canonical: int, canonical_cluster: int | None) -> dict[str, Any]:
        """The candidate as an ``alternatives`` entry of the row (every candidate is kept)."""
        s = self.sample
        out: dict[str, Any] = {
            "candidate": self.index, "status": s.status, "level": s.level.label, "reason": s.reason_line,
            "solution": self.solution, "tests_passed": self.candidate.tests_fraction,
            "mutation_score": mutation_score([r.to_dict() for r in s.stages]), "cluster": self.cluster,
            "seconds": {r.stage: round(r.seconds, 4) for r in s.stages}}  # what each stage cost it
        if self.cluster is not None and canonical_cluster is not None:
            out["agrees"] = self.cluster == canonical_cluster
        return out


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
    score = mutation_score([r.to_dict() for r in sample.stages])
    code = solution if isinstance(solution, str) else ""
    candidate = agreement.Candidate(index=index, outcomes=outcomes, level=int(sample.level),
                                    mutation_score=score if score is not None else 0.0,
                                    tests_fraction=tests_fraction(sample), key=agreement.code_key(code))
    return CandidateRecord(index=index, sample=sample, solution=code, candidate=candidate)


