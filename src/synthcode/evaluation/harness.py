"""NL reasoning and world knowledge through lm-evaluation-harness, on the in-memory model.

The model object is handed to ``lm_eval.models.huggingface.HFLM`` and each task, one at a time, to
``lm_eval.simple_evaluate`` (so each task's score can be saved as soon as it is known). Offline
runs point ``include_path`` at task YAMLs that read local files (``dataset_path: json``,
``dataset_kwargs: {data_files: {validation: boolq.jsonl}}``); with ``HF_DATASETS_OFFLINE=1``
nothing is fetched.

lm-eval itself resolves a relative ``data_files`` path against the working directory; synthcode
resolves it against the folder of the task YAML that names it (as it does for its own config
paths), so a task folder works from any directory. :func:`prepare_tasks` does that, and builds
every task (which loads its data) before anything is evaluated: an unknown task, a missing data
file or a dataset that cannot be loaded is a one-line error before the code suite spends minutes.

::

    prepared = prepare_tasks(config)                   # ConfigError / InputError, before any model runs
    lm = harness_model(model, tokenizer, config)
    result = evaluate_task(lm, prepared["boolq"], config, seed=0)   # {"metric": "acc,none", "value": ...}
"""

from __future__ import annotations

import difflib
import functools
import glob
import logging
from dataclasses import dataclass
from pathlib import Path
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


def task_names(config: HarnessConfig) -> list[str]:
    return [t for tasks in config.tasks.values() for t in tasks]


@functools.cache
def _manager(include_path: str | None, defaults: bool) -> Any:
    from lm_eval.tasks import TaskManager

    return TaskManager(include_path=include_path, include_defaults=defaults)


def task_manager(names: list[str], include_path: str | None) -> Any:
    """An lm-eval TaskManager that knows every task in ``names``, or a ConfigError naming the others."""
    from synthcode.registry import require

    require("lm_eval", "eval")
    if include_path is not None:  # indexing lm-eval's own few thousand YAMLs takes ~20 s
        if not Path(include_path).is_dir():
            raise ConfigError(f"lm_eval.include_path {include_path}: no such directory")
        local = _manager(include_path, False)
        if all(t in local.all_tasks for t in names):
            return local
    manager = _manager(include_path, True)
    unknown = [t for t in names if t not in manager.all_tasks]
    if unknown:
        close = difflib.get_close_matches(unknown[0], manager.all_tasks, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ConfigError(f"lm_eval.tasks: unknown task(s) {', '.join(unknown)} (include_path={include_path}){hint}")
    return manager


def _local_files(value: Any, base: Path, where: str) -> Any:
    """``data_files`` (a path, a list, or split -> either) with relative paths made absolute
    against ``base``; a path that matches no file is an InputError naming ``where``."""
    if isinstance(value, dict):
        return {split: _local_files(v, base, f"{where}.{split}") for split, v in value.items()}
    if isinstance(value, list):
        return [_local_files(v, base, where) for v in value]
    if not isinstance(value, str) or "://" in value:  # hf://, https://: left to datasets
        return value
    path = Path(value).expanduser()
    path = path if path.is_absolute() else base / path
    pattern = str(path) if Path(value).expanduser().is_absolute() else f"{glob.escape(str(base))}/{value}"
    if not (glob.glob(pattern) if glob.has_magic(value) else path.exists()):
        raise InputError(f"{where}: data file {path} does not exist")
    return str(path)


def task_spec(manager: Any, name: str) -> str | dict[str, Any]:
    """What to hand lm-eval for task ``name``: its name, or (for a YAML task with local
    ``data_files``) its full config with those paths made absolute against the YAML's folder."""
    from lm_eval.tasks._index import Kind
    from lm_eval.tasks._yaml_loader import load_yaml

    entry = manager.task_index.get(name)
    if entry is None or entry.kind != Kind.TASK or entry.yaml_path is None:
        return name
    cfg = load_yaml(entry.yaml_path, resolve_func=True)
    files = (cfg.get("dataset_kwargs") or {}).get("data_files")
    if files is None:
        return name
    where = f"lm_eval task {name} ({entry.yaml_path}) dataset_kwargs.data_files"
    cfg["dataset_kwargs"] = {**cfg["dataset_kwargs"],
                             "data_files": _local_files(files, Path(entry.yaml_path).parent, where)}
    return cfg


@dataclass(slots=True)
class PreparedTask:
    name: str
    task: Any
    """A built lm-eval Task (its data loaded), or for a group or tag its name or config."""
    manager: Any
    """The TaskManager that knows it."""


def prepare_tasks(config: HarnessConfig, names: list[str] | None = None) -> dict[str, PreparedTask]:
    """Every task of ``names`` (default: all configured ones), built. Raises a ConfigError for an
    unknown task, an InputError for a missing data file or data that cannot be loaded."""
    from datasets.utils.logging import disable_progress_bar

    names = task_names(config) if names is None else names
    manager = task_manager(names, config.include_path)
    specs = {name: task_spec(manager, name) for name in names}  # every data file checked before any is read
    disable_progress_bar()  # one "Generating validation split" bar per task file says nothing useful
    prepared: dict[str, PreparedTask] = {}
    for name, spec in specs.items():
        try:
            loaded = manager.load([spec])
        except Exception as exc:  # whatever datasets or lm-eval raise, the user needs one line
            log.debug("building lm_eval task %s failed", name, exc_info=True)
            raise InputError(f"lm_eval task {name}: cannot load it: {first_line(exc)} (offline, point "
                             f"include_path at task YAMLs over local files, as configs/eval/offline.yaml does)") from None
        tasks = loaded["tasks"]
        single = not loaded["groups"] and list(tasks) == [name]
        prepared[name] = PreparedTask(name, tasks[name] if single else spec, manager)
    return prepared


def harness_model(model: Any, tokenizer: Any, config: HarnessConfig) -> Any:
    from lm_eval.models.huggingface import HFLM

    return HFLM(pretrained=model, tokenizer=tokenizer, batch_size=config.batch_size, device=str(model.device))


def evaluate_task(lm: Any, prepared: PreparedTask, config: HarnessConfig, seed: int = 0) -> dict[str, Any]:
    """One task: the metric chosen, its value, the documents scored, every metric lm-eval reported."""
    import lm_eval

    name = prepared.name
    output = lm_eval.simple_evaluate(
        model=lm, tasks=[prepared.task], num_fewshot=config.num_fewshot, limit=config.limit,
        task_manager=prepared.manager,
        log_samples=False, random_seed=seed, numpy_random_seed=seed, torch_random_seed=seed,
        fewshot_random_seed=seed, bootstrap_iters=0)
    reported = output["results"].get(name, {})
    chosen = primary_metric(reported, config.metrics)
    if chosen is None:
        raise ConfigError(f"lm_eval task {name} reported none of the metrics {config.metrics}")
    return {"metric": chosen[0], "value": chosen[1],
            "n": output.get("n-samples", {}).get(name, {}).get("effective"),
            "all": {k: v for k, v in reported.items() if isinstance(v, (int, float))},
            "lm_eval_version": getattr(lm_eval, "__version__", None)}
