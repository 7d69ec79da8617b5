"""NL reasoning and world knowledge through lm-evaluation-harness, on the in-memory model.

The model object is handed to ``lm_eval.models.huggingface.HFLM`` and the tasks to
``lm_eval.simple_evaluate``. Offline runs point ``include_path`` at task YAMLs that read local
files (``dataset_path: json``, ``dataset_kwargs: {data_files: {validation: /data/boolq.jsonl}}``);
with ``HF_DATASETS_OFFLINE=1`` nothing is fetched. A task lm-eval does not know is a one-line error.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from synthcode.errors import ConfigError, InputError, first_line
from synthcode.evaluation.config import HarnessConfig

log = logging.getLogger(__name__)


def primary_metric(task_result: dict[str, Any], preferred: list[str]) -> tuple[str, float] | None:
    """The first of ``preferred`` that lm-eval reported (keys look like ``acc,none``)."""
    for name in preferred:
        for key, value in task_result.items():
            if key.split(",")[0] == name and isinstance(value, (int, float)):
                return key, float(value)
    return None


@functools.cache
def _manager(include_path: str | None, defaults: bool) -> Any:
    from lm_eval.tasks import TaskManager

    return TaskManager(include_path=include_path, include_defaults=defaults)


def task_manager(names: list[str], include_path: str | None) -> Any:
    """An lm-eval TaskManager that knows every task in ``names``, or a ConfigError naming the others."""
    from synthcode.registry import require

    require("lm_eval", "eval")
    if include_path is not None:  # indexing lm-eval's own few thousand YAMLs takes ~20 s
        local = _manager(include_path, False)
        if all(t in local.all_tasks for t in names):
            return local
    manager = _manager(include_path, True)
    unknown = [t for t in names if t not in manager.all_tasks]
    if unknown:
        raise ConfigError(f"lm_eval.tasks: unknown task(s) {', '.join(unknown)} (include_path={include_path})")
    return manager


def evaluate_harness(model: Any, tokenizer: Any, config: HarnessConfig, seed: int = 0) -> dict[str, Any]:
    """Per task: the metric chosen, its value, every metric lm-eval reported; per group: the mean."""
    names = [t for tasks in config.tasks.values() for t in tasks]
    manager = task_manager(names, config.include_path)
    import lm_eval
    from lm_eval.models.huggingface import HFLM

    lm = HFLM(pretrained=model, tokenizer=tokenizer, batch_size=config.batch_size, device=str(model.device))
    try:
        output = lm_eval.simple_evaluate(
            model=lm, tasks=names, num_fewshot=config.num_fewshot, limit=config.limit, task_manager=manager,
            log_samples=False, random_seed=seed, numpy_random_seed=seed, torch_random_seed=seed,
            fewshot_random_seed=seed, bootstrap_iters=0)
    except (ConnectionError, FileNotFoundError) as exc:  # datasets' offline and missing-file errors
        raise InputError(f"lm_eval: cannot load a task's data: {first_line(exc)} (offline, point "
                         f"include_path at task YAMLs over local files: configs/eval/offline.yaml)") from None
    results = output["results"]
    tasks: dict[str, Any] = {}
    groups: dict[str, float] = {}
    for group, members in config.tasks.items():
        values = []
        for task in members:
            chosen = primary_metric(results.get(task, {}), config.metrics)
            if chosen is None:
                raise ConfigError(f"lm_eval task {task} reported none of the metrics {config.metrics}")
            tasks[task] = {"group": group, "metric": chosen[0], "value": chosen[1],
                           "n": output.get("n-samples", {}).get(task, {}).get("effective"),
                           "all": {k: v for k, v in results[task].items() if isinstance(v, (int, float))}}
            values.append(chosen[1])
        groups[group] = sum(values) / len(values)
    return {"tasks": tasks, "groups": groups, "lm_eval_version": getattr(lm_eval, "__version__", None)}
