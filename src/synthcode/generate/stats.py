"""``stats.json`` of a generation run: the funnel and histograms, computed from the rows on disk."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from synthcode.generate import agreement
from synthcode.generate.config import GenerateConfig
from synthcode.sample import ACCEPTED_LEVELS, Status

STEPS = ("requested", "generated", "parsed", "deduplicated", "decontaminated")
"""How far a problem got before verification; the funnel counts rows that reached each step."""


def budgets_of(config: GenerateConfig) -> dict[str, dict[str, Any]]:
    """Each configured stage's budget, as recorded in rows and in ``stats.json``."""
    return {stage: dataclasses.asdict(config.verify.budget(stage)) for stage in config.verify.stages}


def compute_stats(out: Path, config: GenerateConfig, model: str | None = None) -> dict[str, Any]:
    """``stats.json``: the funnel and histograms, computed from the rows on disk (so resumes add up)."""
    import platform

    from synthcode.generate.rows import read_generated
    from synthcode.records import guard_rejection, score_histogram

    rows = read_generated(out, ["status", "level", "reason", "stages", "provenance", "mutation_score"])
    scores: list[float | None] = []
    funnel: dict[str, Any] = {step: 0 for step in STEPS}
    passed: dict[str, int] = {}
    rejections: dict[str, int] = {}
    levels = dict.fromkeys(ACCEPTED_LEVELS, 0)
    tools: dict[str, str] = {"python": platform.python_version()}
    models: dict[str, int] = {}
    guards: dict[str, int] = {}
    decided: dict[str, int] = {}
    for row in rows:
        for step in STEPS[: STEPS.index(row.reached) + 1]:
            funnel[step] += 1
        for result in row.stages:
            if result.status is Status.PASSED and result.stage != "parse":
                passed[result.stage] = passed.get(result.stage, 0) + 1
            tools.update((k, v) for k, v in result.tools.items() if not k.startswith("budget_"))
            if result.stage == agreement.STAGE:  # how the canonical solution was chosen
                how = result.evidence.get("decided_by", "unknown")
                decided[how] = decided.get(how, 0) + 1
            kind = guard_rejection(result.to_dict())
            if kind is not None:
                guards[kind] = guards.get(kind, 0) + 1
        if row.status == "accepted":
            levels[row.level] = levels.get(row.level, 0) + 1
            scores.append(row.mutation_score)
        else:
            rejections[row.category] = rejections.get(row.category, 0) + 1
        if row.provenance.get("model"):
            models[row.provenance["model"]] = models.get(row.provenance["model"], 0) + 1
    funnel["passed"] = {stage: passed.get(stage, 0) for stage in dict.fromkeys([*config.verify.stages, *passed])}
    funnel["accepted"] = sum(levels.values())
    resolved = dataclasses.asdict(config)
    return {
        "funnel": funnel,
        "rejections": dict(sorted(rejections.items(), key=lambda kv: (-kv[1], kv[0]))),
        "levels": levels,
        "mutation_scores": score_histogram(scores),
        "guards": dict(sorted(guards.items())),
        "agreement": dict(sorted(decided.items())),
        "tools": tools,
        "budgets": budgets_of(config),
        "decontamination": config.decontamination.names,
        "model": max(models, key=models.get) if models else (model or config.model.model),
        "config": resolved,
    }

