"""``synthcode report``: compare mixes across the ladder, as the study's figures do.

::

    synthcode report results/ --baseline text-only --out report/

reads every ``*.json`` result ``synthcode eval`` wrote and produces, in ``report/``:

- ``table.md`` / ``table.csv``: per model, mix and stage (its latest checkpoint) the group scores
  (code, reasoning, knowledge, generative) and their relative change vs the baseline mix of the
  same model and stage, in percent;
- ``benchmarks.csv``: every benchmark's score, one row per result;
- ``relative_change.png``: per model, the relative change of each mix vs the baseline, per
  benchmark group, at each mix's last stage (cooldown when there is one);
- ``cooldown.png``: per model, what the cooldown changed for each mix, per group (relative to the
  stage before it), when cooldown results exist.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import json
from pathlib import Path
from typing import Any

from synthcode.errors import InputError
from synthcode.evaluation.run import result_key

GROUPS = ("code", "reasoning", "knowledge", "generative")
STAGE_ORDER = {"pretrain": 0, "continue": 1, "cooldown": 2}


def read_results(paths: list[Path]) -> list[dict[str, Any]]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(path.rglob("*.json"))
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or directory")
    results = []
    for file in files:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise InputError(f"{file}: not a readable JSON result ({exc})") from None
        if not isinstance(data, dict) or "groups" not in data or "model" not in data:
            continue  # not an eval result (e.g. some other JSON in the folder)
        data["_file"] = str(file)
        results.append(data)
    if not results:
        where = ", ".join(map(str, paths))
        raise InputError(f"no synthcode eval results (JSON with 'model' and 'groups') under {where}")
    return results


def latest_per_stage(results: list[dict[str, Any]]) -> dict[tuple[str, str, str], dict[str, Any]]:
    """(model, mix, stage) -> its result with the most steps."""
    best: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in results:
        key = result_key(r)
        if key not in best or r.get("step", 0) > best[key].get("step", 0):
            best[key] = r
    return best


def relative(value: float | None, base: float | None) -> float | None:
    if value is None or base is None or base == 0:
        return None
    return 100.0 * (value - base) / base


def _models(rows: dict) -> list[str]:
    sizes: dict[str, float] = {}
    for (model, _, _), r in rows.items():
        sizes[model] = r.get("parameters") or 0
    return sorted(sizes, key=lambda m: (sizes[m], m))


def _groups(rows: dict) -> list[str]:
    """The benchmark groups some result has (a suite nobody ran gets no empty bars)."""
    return [g for g in GROUPS if any(g in r["groups"] for r in rows.values())]


def _fmt(value: float | None, percent: bool = False) -> str:
    if value is None:
        return ""
    return f"{value:+.1f}%" if percent else f"{value:.4f}"


def build_table(rows: dict, baseline: str) -> list[dict[str, Any]]:
    table = []
    models = _models(rows)
    for key in sorted(rows, key=lambda k: (models.index(k[0]), k[1] != baseline, k[1], STAGE_ORDER.get(k[2], 9))):
        model, mix, stage = key
        r = rows[key]
        base = rows.get((model, baseline, stage))
        line: dict[str, Any] = {"model": model, "mix": mix, "stage": stage, "step": r.get("step"),
                                "tokens": r.get("tokens")}
        for group in GROUPS:
            line[group] = r["groups"].get(group)
        for group in GROUPS:
            line[f"{group} vs {baseline}"] = (relative(r["groups"].get(group), base["groups"].get(group))
                                            if base is not None and mix != baseline else None)
        table.append(line)
    return table


def benchmark_rows(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for r in results:
        row = {"model": r["model"], "mix": r.get("mix"), "stage": r.get("stage"), "step": r.get("step")}
        for name, bench in (r.get("code") or {}).items():
            row[f"{name} pass@1"] = bench["pass@1"]
        for name, task in ((r.get("lm_eval") or {}).get("tasks") or {}).items():
            row[f"{name} {task['metric'].split(',')[0]}"] = task["value"]
        if r.get("judge"):
            row["judge win-rate"] = r["judge"]["win_rate"]
        rows.append(row)
    return rows


def write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    columns = list(dict.fromkeys(k for row in rows for k in row))
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def write_markdown(path: Path, table: list[dict[str, Any]], baseline: str) -> None:
    columns = list(table[0])
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in table:
        cells = []
        for column in columns:
            value = row[column]
            if isinstance(value, float):
                cells.append(_fmt(value, percent=column.endswith(f"vs {baseline}")))
            else:
                cells.append("" if value is None else str(value))
        lines.append("| " + " | ".join(cells) + " |")
    path.write_text(f"Relative changes are vs the `{baseline}` mix of the same model and stage.\n\n"
                    + "\n".join(lines) + "\n", encoding="utf-8")


def _bars(ax: Any, series: dict[str, list[float | None]], groups: list[str]) -> None:
    width = 0.8 / max(len(series), 1)
    for i, (label, values) in enumerate(series.items()):
        xs = [g + (i - (len(series) - 1) / 2) * width for g in range(len(groups))]
        ax.bar(xs, [v if v is not None else 0.0 for v in values], width, label=label)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(range(len(groups)), groups)


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_relative(path: Path, rows: dict, baseline: str) -> None:
    plt = _pyplot()
    models, groups = _models(rows), _groups(rows)
    fig, axes = plt.subplots(1, len(models), figsize=(5 * len(models), 4), squeeze=False)
    for ax, model in zip(axes[0], models):
        series: dict[str, list[float | None]] = {}
        for mix in sorted({k[1] for k in rows if k[0] == model and k[1] != baseline}):
            stages = sorted((k[2] for k in rows if k[:2] == (model, mix)), key=lambda s: STAGE_ORDER.get(s, 9))
            stage = stages[-1]
            base = rows.get((model, baseline, stage))
            if base is None:
                continue
            r = rows[(model, mix, stage)]
            series[f"{mix} ({stage})"] = [relative(r["groups"].get(g), base["groups"].get(g)) for g in groups]
        _bars(ax, series, groups)
        ax.set_title(f"{model}: change vs {baseline}")
        ax.set_ylabel("relative change (%)")
        if series:
            ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def plot_cooldown(path: Path, rows: dict) -> bool:
    plt = _pyplot()
    pairs, groups = {}, _groups(rows)
    for (model, mix, stage), r in rows.items():
        if stage != "cooldown":
            continue
        before = [k for k in rows if k[:2] == (model, mix) and STAGE_ORDER.get(k[2], 9) < STAGE_ORDER["cooldown"]]
        if before:
            prior = rows[max(before, key=lambda k: STAGE_ORDER[k[2]])]
            pairs[(model, mix)] = [relative(r["groups"].get(g), prior["groups"].get(g)) for g in groups]
    if not pairs:
        return False
    models = [m for m in _models(rows) if any(k[0] == m for k in pairs)]
    fig, axes = plt.subplots(1, len(models), figsize=(5 * len(models), 4), squeeze=False)
    for ax, model in zip(axes[0], models):
        _bars(ax, {mix: values for (m, mix), values in sorted(pairs.items()) if m == model}, groups)
        ax.set_title(f"{model}: effect of the cooldown")
        ax.set_ylabel("relative change vs before cooldown (%)")
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return True


def report(paths: list[Path], out: Path, baseline: str) -> list[Path]:
    from synthcode.registry import require

    require("matplotlib", "eval")
    results = read_results(paths)
    rows = latest_per_stage(results)
    mixes = sorted({k[1] for k in rows})
    if baseline not in mixes:
        close = difflib.get_close_matches(baseline, mixes, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise InputError(f"--baseline {baseline!r}: no results for that mix (mixes: {', '.join(mixes)}){hint}")
    out.mkdir(parents=True, exist_ok=True)
    table = build_table(rows, baseline)
    write_markdown(out / "table.md", table, baseline)
    write_csv(out / "table.csv", table)
    write_csv(out / "benchmarks.csv", benchmark_rows(results))
    written = [out / "table.md", out / "table.csv", out / "benchmarks.csv"]
    plot_relative(out / "relative_change.png", rows, baseline)
    written.append(out / "relative_change.png")
    if plot_cooldown(out / "cooldown.png", rows):
        written.append(out / "cooldown.png")
    return written


def add_parser(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "report", help="Tables and plots comparing mixes across the ladder.",
        description="Read synthcode eval results and write a table (markdown, CSV) and PNG plots: each "
                    "mix's relative change vs the baseline mix per benchmark group, and the cooldown's effect.")
    p.add_argument("results", nargs="+", type=Path, help="result JSON files or directories of them")
    p.add_argument("--out", type=Path, required=True, help="report directory")
    p.add_argument("--baseline", default="text-only", help="the mix the others are compared with [default: text-only]")
    p.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    from synthcode.cli import echo

    for path in report(args.results, args.out, args.baseline):
        echo(str(path))
    return 0
