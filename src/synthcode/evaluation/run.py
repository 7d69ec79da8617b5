"""One evaluation of one checkpoint: every suite, one JSON file, kept as it goes.

::

    outcome = evaluate("runs/a/checkpoints/step-00000040", config, out="results/")
    outcome.path, outcome.errors       # results/tiny__code-mix__pretrain__step-40.json, {}

The file is named ``<model>__<mix>__<stage>__step-<N>.json`` from the checkpoint's meta.json (a
model without one, e.g. a Hub model, is named after its directory) and holds ``groups`` (code,
reasoning, knowledge, generative: one score each) beside the per-benchmark detail. The judge
suite also writes ``<same name>.answers.jsonl``, which can serve as another run's baseline.

The work is split into units: each code benchmark (``code:humaneval``), each lm-eval task
(``lm_eval:boolq``) and the judge (``judge``). Before the model is loaded every unit is prepared
(benchmark files read, lm-eval tasks built with their data, judge prompts matched with the
baseline's answers), so a bad task name or a missing file is a one-line error before minutes of
work. After each unit ``<name>.partial.json`` is rewritten (atomically) with everything known so
far; a unit that raises is recorded under ``errors`` and the others go on. When every requested
unit has a result, ``<name>.json`` is written and the partial file removed; otherwise the partial
file stays and :attr:`Outcome.errors` says what failed. A rerun with the same ``out`` starts from
the partial (or final) file and runs only the units that have no result yet; the results of a
requested suite whose settings changed (its ``code``, ``lm_eval`` or ``judge`` section, dtype,
seed: see :func:`settings`) are dropped and redone, while suites not requested this time keep
theirs. ``synthcode report`` reads only final files.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from synthcode.errors import first_line
from synthcode.evaluation.config import EvalConfig
from synthcode.files import write_atomic
from synthcode.train.checkpoint import META, read_meta

log = logging.getLogger(__name__)

PARTIAL = ".partial.json"
"""Suffix of the file an unfinished evaluation keeps its results in."""


def _mix_preset(meta: dict[str, Any]) -> str | None:
    """The preset the checkpoint's mix was built from: ``mix_preset`` in its meta.json, else
    ``preset`` in the mix's manifest.json when the mix is still where training read it."""
    if meta.get("mix_preset"):
        return str(meta["mix_preset"])
    manifest = Path(meta.get("mix_path") or "") / "manifest.json"
    if meta.get("mix_path") and manifest.is_file():
        try:
            preset = json.loads(manifest.read_text(encoding="utf-8")).get("preset")
        except (OSError, json.JSONDecodeError, AttributeError):
            return None
        return str(preset) if preset else None
    return None


def describe(checkpoint: str) -> dict[str, Any]:
    """Model, mix (its directory name, and the preset it was built from when known), stage, step
    and tokens of a checkpoint (from its meta.json when it has one). The mix is the run's arm: for
    a stage started ``--init-from`` an earlier one, the first stage's mix (meta.json ``lineage``);
    ``stage_mix`` is the mix the stage itself trained on."""
    path = Path(checkpoint)
    if (path / META).exists():
        meta = read_meta(path)
        # A later stage (continue, cooldown) is filed under its arm: the mix its first stage trained on.
        arm = (meta.get("lineage") or [{}])[0]
        if len(meta.get("lineage") or []) > 1:
            mix, preset = arm["mix"], arm.get("mix_preset")
        else:
            mix, preset = meta["mix"], _mix_preset(meta)
        return {"model": meta["model"], "mix": mix, "mix_preset": preset, "stage_mix": meta["mix"],
                "stage": meta["stage"], "step": meta["step"], "tokens": meta.get("tokens_total"), "parameters": None}
    return {"model": path.name or checkpoint, "mix": "", "mix_preset": None, "stage": "", "step": 0, "tokens": None,
            "parameters": None}


def result_key(info: dict[str, Any]) -> tuple[str, str, str]:
    """(model, mix, stage) of a result; a model from outside the ladder has mix ``external``, stage ``final``."""
    return info["model"], info.get("mix") or "external", info.get("stage") or "final"


def result_name(info: dict[str, Any]) -> str:
    parts = [*result_key(info), f"step-{info['step']}"]
    return "__".join("".join(c if c.isalnum() or c in "-._" else "-" for c in str(p)) for p in parts)


@dataclass(slots=True)
class Outcome:
    path: Path
    """The final result, or the partial one when a unit failed."""
    errors: dict[str, str] = field(default_factory=dict)
    """Unit -> one-line error, for the units that failed this run."""
    ran: list[str] = field(default_factory=list)
    """Units evaluated this run (the others were kept from an earlier run)."""


def units(config: EvalConfig) -> list[str]:
    """The units ``config`` asks for, in the order they run."""
    from synthcode.evaluation.harness import task_names

    out = []
    if "code" in config.suites:
        out += [f"code:{b}" for b in config.code.benchmarks]
    if "lm_eval" in config.suites:
        out += [f"lm_eval:{t}" for t in task_names(config.lm_eval)]
    if "judge" in config.suites and config.judge is not None:
        out.append("judge")
    return out


def settings(config: dict[str, Any], suite: str) -> dict[str, Any]:
    """What a suite's results depend on (from ``asdict(EvalConfig)``, as JSON would give it back);
    kept per suite in the result's ``settings``, so that a rerun asking for a suite whose settings
    differ redoes it. Which benchmarks/tasks run, workers, batch sizes and the judge's
    endpoint do not count."""
    section = dict(config.get(suite) or {})
    for key in {"code": ("benchmarks", "workers", "batch_size"), "lm_eval": ("tasks", "batch_size"),
                "judge": ("batch_size", "endpoint")}[suite]:
        section.pop(key, None)
    return json.loads(json.dumps({"dtype": config.get("dtype"), "seed": config.get("seed"), suite: section}))


def done_units(result: dict[str, Any]) -> set[str]:
    done = {f"code:{b}" for b in result.get("code") or {}}
    done |= {f"lm_eval:{t}" for t in (result.get("lm_eval") or {}).get("tasks") or {}}
    return done | ({"judge"} if result.get("judge") else set())


def checkpoint_id(checkpoint: str) -> str:
    """A local checkpoint's absolute path (the same from any working directory), else the name as given."""
    path = Path(checkpoint)
    return str(path.resolve()) if path.exists() else checkpoint


def _start(final: Path, partial: Path, config: EvalConfig, fresh: dict[str, Any]) -> dict[str, Any]:
    """The result to continue from: the partial file, else the final one, else ``fresh``; with
    the results of suites whose settings changed since dropped. A file written for another
    checkpoint (same name: same model, mix, stage and step) is not resumed from."""
    for path in (partial, final):
        if not path.exists():
            continue
        try:
            old = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            log.warning("%s: cannot resume from it (%s); starting over", path, exc)
            return fresh
        if old.get("checkpoint") != fresh["checkpoint"]:
            log.warning("%s was written for %s, not %s; starting over", path, old.get("checkpoint"),
                        fresh["checkpoint"])
            return fresh
        kept = old.setdefault("settings", {})
        for suite in dict.fromkeys(u.partition(":")[0] for u in units(config)):  # suites not asked for stay as they are
            if suite in old and kept.get(suite) != settings(asdict(config), suite):
                log.warning("%s: %s settings changed since it was written; its %s results are redone", path.name,
                            suite, suite)
                old.pop(suite)
                kept.pop(suite, None)
        old.setdefault("groups", {})
        old.setdefault("errors", {})
        return old
    return fresh


def _regroup(result: dict[str, Any], config: EvalConfig) -> None:
    """Group scores, rebuilt from the unit results present; a group one of whose requested units
    has no result gets no score."""
    groups: dict[str, float] = {}
    code = result.get("code") or {}
    wanted = config.code.benchmarks if "code" in config.suites else []
    if code and all(b in code for b in wanted):
        groups["code"] = sum(b["pass@1"] for b in code.values()) / len(code)
    tasks = (result.get("lm_eval") or {}).get("tasks") or {}
    for group, members in config.lm_eval.tasks.items():
        for task in members:
            if task in tasks:
                tasks[task]["group"] = group
    for group in dict.fromkeys(t["group"] for t in tasks.values()):
        wanted = config.lm_eval.tasks.get(group, []) if "lm_eval" in config.suites else []
        if all(t in tasks for t in wanted):
            values = [t["value"] for t in tasks.values() if t["group"] == group]
            groups[group] = sum(values) / len(values)
    if result.get("judge"):
        groups["generative"] = result["judge"]["win_rate"]
    result["groups"] = groups


class _Prepared:
    """Everything the pending units need, made before the model is loaded (fail fast)."""

    def __init__(self, config: EvalConfig, pending: list[str]) -> None:
        self.problems: dict[str, Any] = {}
        self.tasks: dict[str, Any] = {}
        self.judge: Any = None
        benchmarks = [u.split(":", 1)[1] for u in pending if u.startswith("code:")]
        if benchmarks:
            from synthcode.evaluation.code import code_problems

            self.problems = {b: code_problems(b, config.code) for b in benchmarks}
        names = [u.split(":", 1)[1] for u in pending if u.startswith("lm_eval:")]
        if names:
            from synthcode.evaluation.harness import prepare_tasks

            self.tasks = prepare_tasks(config.lm_eval, names)
        if "judge" in pending:
            from synthcode.evaluation.judge import prepare_judge

            self.judge = prepare_judge(config.judge)


def evaluate(checkpoint: str, config: EvalConfig, out: str | Path,
             notify: Callable[[str], None] | None = None) -> Outcome:
    """Evaluate ``checkpoint`` on every unit of ``config`` that ``out`` has no result for yet.
    ``notify`` gets one-line progress messages (the CLI prints them on stderr). Raises
    ConfigError/InputError (before the model is loaded) for settings or files that cannot work;
    an error inside a unit is recorded in the result and in :attr:`Outcome.errors` instead."""
    from synthcode.evaluation.progress import CodeProgress

    say = notify or (lambda message: log.info("%s", message))
    started = time.time()
    info = describe(checkpoint)
    out = Path(out)
    name = result_name(info)
    final, partial = out / f"{name}.json", out / f"{name}{PARTIAL}"
    fresh = {**info, "checkpoint": checkpoint_id(checkpoint), "groups": {}, "errors": {}, "settings": {}}
    result = _start(final, partial, config, fresh)
    wanted = units(config)
    done = done_units(result)
    pending = [u for u in wanted if u not in done]
    if not pending:
        if partial.exists() or not final.exists():
            _finish(result, config, final, partial)
        say(f"{name}: every requested suite already has a result in {final}; nothing to do")
        return Outcome(final)
    if done & set(wanted):
        say(f"{name}: resuming; kept {', '.join(u for u in wanted if u in done)}")
    prepared = _Prepared(config, pending)

    from synthcode.evaluation.generation import load

    model, tokenizer = load(checkpoint, config.device, config.dtype)
    result["parameters"] = sum(p.numel() for p in model.parameters())
    result["checkpoint"] = fresh["checkpoint"]
    result["config"] = asdict(config)
    result.update({k: v for k, v in info.items() if k != "parameters"})
    out.mkdir(parents=True, exist_ok=True)
    lm = None
    errors: dict[str, str] = {}
    for unit in pending:
        suite, _, part = unit.partition(":")
        try:
            if suite == "code":
                from synthcode.evaluation.code import evaluate_benchmark

                with CodeProgress(f"{name}: code {part}", say) as progress:
                    value = evaluate_benchmark(model, tokenizer, prepared.problems[part], config.code, progress)
                result.setdefault("code", {})[part] = value
            elif suite == "lm_eval":
                from synthcode.evaluation.harness import evaluate_task, harness_model

                lm = lm or harness_model(model, tokenizer, config.lm_eval)
                value = evaluate_task(lm, prepared.tasks[part], config.lm_eval, seed=config.seed)
                harness = result.setdefault("lm_eval", {"tasks": {}})
                harness["lm_eval_version"] = value.pop("lm_eval_version")
                harness.setdefault("tasks", {})[part] = value
                say(f"{name}: lm_eval {part} {value['metric'].split(',')[0]} {value['value']:.3f} (n={value['n']})")
            else:
                from synthcode.evaluation.judge import evaluate_judge

                judged, answers = evaluate_judge(model, tokenizer, config.judge, prepared.judge)
                write_atomic(out / f"{name}.answers.jsonl", "".join(json.dumps(a) + "\n" for a in answers))
                result["judge"] = judged
                say(f"{name}: judge win-rate {judged['win_rate']:.3f} (n={judged['n']})")
        except Exception as exc:  # one unit's failure must not lose the others' results
            log.debug("%s failed", unit, exc_info=True)
            errors[unit] = f"{type(exc).__name__}: {first_line(exc)}"
            result["errors"][unit] = errors[unit]
            say(f"{name}: {unit} failed: {errors[unit]}")
        else:
            result["errors"].pop(unit, None)
            result["settings"][suite] = settings(result["config"], suite)
        _regroup(result, config)
        result["seconds"] = round(result.get("seconds", 0.0) + time.time() - started, 1)
        started = time.time()
        write_atomic(partial, json.dumps(result, indent=2))
    if errors:
        return Outcome(partial, errors, pending)
    _finish(result, config, final, partial)
    return Outcome(final, {}, pending)


def _finish(result: dict[str, Any], config: EvalConfig, final: Path, partial: Path) -> None:
    result.pop("errors", None)
    _regroup(result, config)
    final.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(final, json.dumps(result, indent=2))
    partial.unlink(missing_ok=True)

