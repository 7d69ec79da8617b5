"""One evaluation of one checkpoint: every suite, one JSON file.

::

    result_path = evaluate("runs/a/checkpoints/step-00000040", config, out="results/")

The file is named ``<model>__<mix>__<stage>__step-<N>.json`` from the checkpoint's meta.json (a
model without one, e.g. a Hub model, is named after its directory) and holds ``groups`` (code,
reasoning, knowledge, generative: one score each) beside the per-benchmark detail. The judge
suite also writes ``<same name>.answers.jsonl``, which can serve as another run's baseline.
It is written to a temporary name and renamed, so a killed run leaves no partial result.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from synthcode.evaluation.config import EvalConfig
from synthcode.files import write_atomic
from synthcode.train.checkpoint import META, read_meta


def describe(checkpoint: str) -> dict[str, Any]:
    """Model, mix, stage, step and tokens of a checkpoint (from its meta.json when it has one)."""
    path = Path(checkpoint)
    if (path / META).exists():
        meta = read_meta(path)
        return {"model": meta["model"], "mix": meta["mix"], "stage": meta["stage"], "step": meta["step"],
                "tokens": meta.get("tokens_total"), "parameters": None}
    return {"model": path.name or checkpoint, "mix": "", "stage": "", "step": 0, "tokens": None, "parameters": None}


def result_key(info: dict[str, Any]) -> tuple[str, str, str]:
    """(model, mix, stage) of a result; a model from outside the ladder has mix ``external``, stage ``final``."""
    return info["model"], info.get("mix") or "external", info.get("stage") or "final"


def result_name(info: dict[str, Any]) -> str:
    parts = [*result_key(info), f"step-{info['step']}"]
    return "__".join("".join(c if c.isalnum() or c in "-._" else "-" for c in str(p)) for p in parts)


def evaluate(checkpoint: str, config: EvalConfig, out: str | Path) -> Path:
    from synthcode.evaluation.generation import load

    started = time.time()
    info = describe(checkpoint)
    model, tokenizer = load(checkpoint, config.device, config.dtype)
    info["parameters"] = sum(p.numel() for p in model.parameters())
    result: dict[str, Any] = {**info, "checkpoint": str(checkpoint), "groups": {}}
    if "code" in config.suites:
        from synthcode.evaluation.code import evaluate_code

        code = evaluate_code(model, tokenizer, config.code)
        result["code"] = code
        result["groups"]["code"] = sum(b["pass@1"] for b in code.values()) / len(code)
    if "lm_eval" in config.suites:
        from synthcode.evaluation.harness import evaluate_harness

        harness = evaluate_harness(model, tokenizer, config.lm_eval, seed=config.seed)
        result["lm_eval"] = harness
        result["groups"].update(harness["groups"])
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    name = result_name(info)
    if "judge" in config.suites and config.judge is not None:
        from synthcode.evaluation.judge import evaluate_judge

        judged, answers = evaluate_judge(model, tokenizer, config.judge)
        result["judge"] = judged
        result["groups"]["generative"] = judged["win_rate"]
        write_atomic(out / f"{name}.answers.jsonl", "".join(json.dumps(a) + "\n" for a in answers))
    result["config"] = asdict(config)
    result["seconds"] = round(time.time() - started, 1)
    path = out / f"{name}.json"
    write_atomic(path, json.dumps(result, indent=2))
    return path
