"""``synthcode report``: compare mixes across the ladder, as the study's figures do.

::

    synthcode report results/ --baseline text-only --out report/

reads every ``*.json`` result ``synthcode eval`` wrote and produces, in ``report/``:

- ``table.md`` / ``table.csv``: per model, mix and stage (its latest checkpoint) the group scores
  (code, reasoning, knowledge, generative) and their relative change vs the baseline mix of the
  same model and stage, in percent. A change that cannot be computed (no baseline result for that
  model and stage, a baseline score of 0, a group one side did not run) reads ``n/a`` with the
  reason: a numbered footnote in table.md, the ``notes`` column in table.csv;
- ``benchmarks.csv``: every benchmark's score, one row per result;
- ``relative_change.png``: per model, the relative change of each mix vs the baseline, per
  benchmark group, at each mix's last stage (cooldown when there is one);
- ``cooldown.png``: per model, what the cooldown changed for each mix, per group (relative to the
  stage before it), when cooldown results exist; otherwise table.md says why it was not written.

``--baseline`` names the baseline mix either by its directory name (``mix`` in the results) or by
the preset it was built from (``mix_preset``, which eval reads from the checkpoint's meta.json).
Unfinished evaluations (``*.partial.json``) are skipped, and table.md says how many.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import json
from pathlib import Path
from typing import Any

from synthcode.errors import InputError
from synthcode.evaluation.run import PARTIAL, result_key

GROUPS = ("code", "reasoning", "knowledge", "generative")
STAGE_ORDER = {"pretrain": 0, "continue": 1, "cooldown": 2}


def read_results(paths: list[Path], partial: list[Path] | None = None) -> list[dict[str, Any]]:
    """Every eval result under ``paths``; unfinished ones (``*.partial.json``) are left out and
    appended to ``partial``."""
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
        if file.name.endswith(PARTIAL):
            if partial is not None:
                partial.append(file)
            continue
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
    return change(value, base)[0]


def change(value: float | None, base: float | None, what: str = "the baseline") -> tuple[float | None, str | None]:
    """(relative change in percent, None) or (None, why it cannot be computed)."""
    if value is None:
        return None, "not evaluated in this result"
    if base is None:
        return None, f"not evaluated in {what}"
    if base == 0:
        return None, f"{what} scores 0 (a relative change is undefined)"
    return 100.0 * (value - base) / base, None


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
        return NA
    return f"{value:+.1f}%" if percent else f"{value:.4f}"


NA = "n/a"


def baseline_mixes(rows: dict, baseline: str) -> dict[str, str]:
    """Model -> its baseline mix: the mix named ``baseline``, or the one built from the preset
    ``baseline``. An unknown name, or a preset two mixes of one model were built from, is an error."""
    by_model: dict[str, set[str]] = {}
    for (model, mix, _), r in rows.items():
        if baseline in (mix, r.get("mix_preset")):
            by_model.setdefault(model, set()).add(mix)
    for model, mixes in sorted(by_model.items()):
        if len(mixes) > 1 and baseline not in mixes:
            raise InputError(f"--baseline {baseline!r}: model {model} has several mixes built from that preset "
                             f"({', '.join(sorted(mixes))}); name one of them")
    if not by_model:
        names = sorted({k[1] for k in rows} | {r["mix_preset"] for r in rows.values() if r.get("mix_preset")})
        close = difflib.get_close_matches(baseline, names, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise InputError(f"--baseline {baseline!r}: no results for a mix or preset of that name "
                         f"(mixes and presets: {', '.join(names)}){hint}")
    return {model: baseline if baseline in mixes else next(iter(mixes)) for model, mixes in by_model.items()}


def build_table(rows: dict, baseline: str) -> list[dict[str, Any]]:
    """One row per (model, mix, stage): scores, changes vs the baseline (None where undefined) and
    ``notes``, which says for each such change why (groups sharing a reason listed together;
    ``_why`` has the same as group -> reason)."""
    table = []
    models, groups = _models(rows), _groups(rows)
    base_mix = baseline_mixes(rows, baseline)
    presets = any(r.get("mix_preset") for r in rows.values())

    def order(k: tuple[str, str, str]) -> tuple:
        return models.index(k[0]), k[1] != base_mix.get(k[0]), k[1], STAGE_ORDER.get(k[2], 9)

    for key in sorted(rows, key=order):
        model, mix, stage = key
        r = rows[key]
        base = rows.get((model, base_mix.get(model, baseline), stage))
        line: dict[str, Any] = {"model": model, "mix": mix}
        if presets:
            line["preset"] = r.get("mix_preset") or ""
        line.update({"stage": stage, "step": r.get("step"), "tokens": r.get("tokens")})
        for group in groups:
            line[group] = r["groups"].get(group)
        reasons: dict[str, list[str]] = {}
        for group in groups:
            column = f"{group} vs {baseline}"
            if mix == base_mix.get(model):
                value, why = None, "this row is the baseline"
            elif base is None:
                value, why = None, f"no {baseline} result for {model} at stage {stage}"
            else:
                value, why = change(r["groups"].get(group), base["groups"].get(group), f"the {baseline} result")
            line[column] = value
            if why:
                reasons.setdefault(why, []).append(group)
        line["notes"] = "; ".join(f"{', '.join(gs)}: {why}" for why, gs in reasons.items())
        line["_why"] = {g: why for why, gs in reasons.items() for g in gs}
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


def write_csv(path: Path, rows: list[dict[str, Any]], missing: str = "") -> None:
    """``missing`` fills a cell whose value is None (table.csv: ``n/a``, explained in ``notes``)."""
    columns = [k for k in dict.fromkeys(k for row in rows for k in row) if not k.startswith("_")]
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns, restval=missing, extrasaction="ignore")
        writer.writeheader()
        writer.writerows([{k: missing if v is None else v for k, v in row.items()} for row in rows])


def write_markdown(path: Path, table: list[dict[str, Any]], baseline: str, notes: list[str]) -> None:
    """The table, each ``n/a`` marked with a footnote that says why, then ``notes`` (one line each)."""
    columns = [c for c in table[0] if c != "notes" and not c.startswith("_")]
    groups = [c for c in columns if c in GROUPS]
    footnotes: dict[str, int] = {}
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in table:
        why_of = row["_why"]
        cells = []
        for column in columns:
            value = row[column]
            change_of = column.removesuffix(f" vs {baseline}") if column.endswith(f" vs {baseline}") else None
            if value is None and (change_of in why_of or column in groups):
                why = why_of[change_of] if change_of else "not evaluated in this result"
                number = footnotes.setdefault(why, len(footnotes) + 1)
                cells.append(f"{NA} [{number}]")
            elif isinstance(value, float):
                cells.append(_fmt(value, percent=change_of is not None))
            else:
                cells.append("" if value is None else str(value))
        lines.append("| " + " | ".join(cells) + " |")
    text = [f"Relative changes are vs the `{baseline}` mix (by directory name or preset) of the same model and "
            "stage.", "", *lines]
    if footnotes:
        text += ["", *(f"[{n}] {NA}: {why}" for why, n in footnotes.items())]
    if notes:
        text += ["", *notes]
    path.write_text("\n".join(text) + "\n", encoding="utf-8")


def _bars(ax: Any, series: dict[str, list[float | None]], groups: list[str]) -> None:
    """Grouped bars; a change that cannot be computed is an ``n/a`` label on the axis, not a bar of 0."""
    width = 0.8 / max(len(series), 1)
    for i, (label, values) in enumerate(series.items()):
        xs = [g + (i - (len(series) - 1) / 2) * width for g in range(len(groups))]
        ax.bar(xs, [v if v is not None else 0.0 for v in values], width, label=label)
        for x, v in zip(xs, values):
            if v is None:
                ax.annotate(NA, (x, 0), ha="center", va="bottom", fontsize=7, rotation=90)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(range(len(groups)), groups)


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_relative(path: Path, rows: dict, baseline: str, base_mix: dict[str, str]) -> None:
    plt = _pyplot()
    models, groups = _models(rows), _groups(rows)
    fig, axes = plt.subplots(1, len(models), figsize=(5 * len(models), 4), squeeze=False)
    for ax, model in zip(axes[0], models):
        series: dict[str, list[float | None]] = {}
        for mix in sorted({k[1] for k in rows if k[0] == model and k[1] != base_mix.get(model)}):
            stages = sorted((k[2] for k in rows if k[:2] == (model, mix)), key=lambda s: STAGE_ORDER.get(s, 9))
            stage = stages[-1]
            base = rows.get((model, base_mix.get(model, baseline), stage))
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


def plot_cooldown(path: Path, rows: dict) -> str | None:
    """Write cooldown.png; or, when there is nothing to plot, return why not."""
    pairs, groups = {}, _groups(rows)
    cooled = sorted((model, mix) for model, mix, stage in rows if stage == "cooldown")
    if not cooled:
        stages = sorted({k[2] for k in rows}, key=lambda s: (STAGE_ORDER.get(s, 9), s))
        return f"no result is from a cooldown stage (stages: {', '.join(stages)})"
    for model, mix in cooled:
        before = [k for k in rows if k[:2] == (model, mix) and STAGE_ORDER.get(k[2], 9) < STAGE_ORDER["cooldown"]]
        if before:
            prior = rows[max(before, key=lambda k: STAGE_ORDER[k[2]])]
            pairs[(model, mix)] = [relative(rows[(model, mix, "cooldown")]["groups"].get(g), prior["groups"].get(g))
                                   for g in groups]
    if not pairs:
        which = ", ".join(f"{model} {mix}" for model, mix in cooled)
        return (f"the cooldown results ({which}) have no result from an earlier stage (pretrain, continue) of "
                "the same model and mix to compare with")
    plt = _pyplot()
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
    return None


def report(paths: list[Path], out: Path, baseline: str) -> list[Path]:
    from synthcode.registry import require

    require("matplotlib", "eval")
    partial: list[Path] = []
    results = read_results(paths, partial)
    rows = latest_per_stage(results)
    base_mix = baseline_mixes(rows, baseline)
    out.mkdir(parents=True, exist_ok=True)
    table = build_table(rows, baseline)
    written = [out / "table.md", out / "table.csv", out / "benchmarks.csv", out / "relative_change.png"]
    plot_relative(out / "relative_change.png", rows, baseline, base_mix)
    (out / "cooldown.png").unlink(missing_ok=True)  # a stale plot from an earlier report would mislead
    notes = []
    why_not = plot_cooldown(out / "cooldown.png", rows)
    if why_not is None:
        written.append(out / "cooldown.png")
    else:
        notes.append(f"cooldown.png not written: {why_not}.")
    if partial:
        notes.append(f"Skipped {len(partial)} unfinished evaluation(s) (*{PARTIAL}, e.g. {partial[0].name}): "
                     "rerun their `synthcode eval` to finish them.")
    write_markdown(out / "table.md", table, baseline, notes)
    write_csv(out / "table.csv", table, missing=NA)
    write_csv(out / "benchmarks.csv", benchmark_rows(results))
    return written


def add_parser(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "report", help="Tables and plots comparing mixes across the ladder.",
        description="Read synthcode eval results and write a table (markdown, CSV) and PNG plots: each "
                    "mix's relative change vs the baseline mix per benchmark group, and the cooldown's effect.")
    p.add_argument("results", nargs="+", type=Path, help="result JSON files or directories of them")
    p.add_argument("--out", type=Path, required=True, help="report directory")
    p.add_argument("--baseline", default="text-only",
                   help="the mix the others are compared with: its directory name or the preset it was built "
                        "from [default: text-only]")
    p.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    from synthcode.cliutil import echo

    for path in report(args.results, args.out, args.baseline):
        echo(str(path))
    return 0
