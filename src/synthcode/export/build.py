"""A generation run -> a Hugging Face dataset directory (and, on request, a Hub dataset repo).

Reads ``GEN_DIR/accepted/*.parquet`` batch by batch (rows of :data:`synthcode.records.SAMPLE_COLUMNS`)
and ``GEN_DIR/stats.json``, keeps the samples at or above ``min_level``, and writes:

- ``data/{train,validation}-NNNNN-of-MMMMM.parquet``: every sample column, with the explicit
  ``datasets`` features of :func:`synthcode.records.sample_features` in the Parquet metadata. A
  problem goes to validation when a hash of ``seed`` and its ``problem_id`` falls under
  ``validation_fraction``, so all its rows share one split and the split needs no second pass.
- ``README.md``: the dataset card (YAML metadata: license, task categories, size category,
  configs with data files, features; then the funnel, accept rates per stage, verdict levels, tool
  versions, budgets, decontamination sets, and how to load it).
- ``synthcode_stats.json``: the run's ``stats.json`` as it was.

::

    summary = export(Path("out/gen"), Path("out/dataset"), ExportConfig(min_level="property-checked"))
    push_to_hub(Path("out/dataset"), "me/synthcode-python", private=True)   # token from HF_TOKEN
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from synthcode.errors import ConfigError, InputError, first_line
from synthcode.records import SAMPLE_COLUMNS, SCORE_BINS, sample_arrow_schema, sample_features, score_histogram
from synthcode.sample import ACCEPTED_LEVELS, Level

log = logging.getLogger(__name__)

SPLITS = ("train", "validation")
SOLUTIONS = ("canonical", "all")
LEVELS = ACCEPTED_LEVELS


@dataclass(kw_only=True, slots=True)
class ExportConfig:
    min_level: str = "tested"
    """Keep accepted samples verified at least this well: tested, property-checked, symbolic, proved."""
    min_mutation_score: float = 0.0
    """Keep only samples whose tests killed at least this share of their mutants (the ``mutation_score``
    column); above 0, samples without a score (the mutation stage did not run or skipped) are left out."""
    validation_fraction: float = 0.05
    """Share of problems (not rows) that go to the validation split; 0 makes no validation split."""
    seed: int = 0
    """Seeds which problems go to validation."""
    license: str = "apache-2.0"
    """The license named in the card's metadata."""
    pretty_name: str | None = None
    """The card's title; by default the output directory's name."""
    rows_per_shard: int = 100_000
    """Rows per Parquet shard."""
    solutions: str = "canonical"
    """``canonical``: one row per problem, its canonical solution. ``all``: also every other
    distinct verified solution of the problem (by normalized AST) as a row of its own: the
    candidates that passed the tests and agree with the canonical solution on the problem's
    input set (the ``agreement`` stage's cluster), and, with ``min_tests_passed`` below 1, the
    candidates that passed at least that share of the test functions."""
    min_tests_passed: float = 1.0
    """With ``solutions: all``: the least share of the tests a further solution must pass; below 1
    it admits solutions that failed some tests (not checked for agreement; the card says so)."""

    def __post_init__(self) -> None:
        try:
            level = Level.from_label(self.min_level)
        except ValueError as exc:
            raise ConfigError(f"--min-level: {exc}") from None
        if level is Level.REJECTED:
            raise ConfigError(f"--min-level: {self.min_level!r} would export rejected samples; use one of {LEVELS}")
        if not (0 <= self.validation_fraction < 1):
            raise ConfigError(f"--validation-fraction: must be in [0, 1), got {self.validation_fraction!r}")
        if isinstance(self.min_mutation_score, bool) or not isinstance(self.min_mutation_score, (int, float)) \
                or not 0 <= self.min_mutation_score <= 1:
            raise ConfigError(f"--min-mutation-score: must be between 0 and 1, got {self.min_mutation_score!r}")
        if self.solutions not in SOLUTIONS:
            raise ConfigError(f"--solutions: must be one of {', '.join(SOLUTIONS)}, got {self.solutions!r}")
        if isinstance(self.min_tests_passed, bool) or not isinstance(self.min_tests_passed, (int, float)) \
                or not 0 < self.min_tests_passed <= 1:
            raise ConfigError(f"--min-tests-passed: must be in (0, 1], got {self.min_tests_passed!r}")
        if self.rows_per_shard <= 0:
            raise ConfigError(f"rows_per_shard: must be > 0, got {self.rows_per_shard!r}")


def split_of(problem_id: str, seed: int, validation_fraction: float) -> str:
    """``validation`` or ``train``, from a hash of the seed and the problem (stable across runs)."""
    digest = hashlib.sha256(f"{seed}:{problem_id}".encode()).digest()
    return "validation" if int.from_bytes(digest[:8], "big") / 2**64 < validation_fraction else "train"


def read_stats(gen_dir: Path) -> dict[str, Any]:
    path = gen_dir / "stats.json"
    try:
        stats = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{gen_dir}: no stats.json; is it a `synthcode generate --out` directory?") from None
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: cannot read it: {exc}") from None
    if not isinstance(stats, dict) or not isinstance(stats.get("funnel"), dict):
        raise InputError(f"{path}: expected an object with a 'funnel' mapping")
    return stats


def _accepted_files(gen_dir: Path) -> list[Path]:
    if not gen_dir.is_dir():
        raise InputError(f"{gen_dir}: not a directory")
    files = sorted((gen_dir / "accepted").glob("*.parquet"))
    if not files:
        raise InputError(f"{gen_dir}: no accepted/*.parquet; is it a `synthcode generate --out` directory?")
    return files


def export(gen_dir: Path, out: Path, config: ExportConfig, repo_id: str | None = None) -> dict[str, Any]:
    """Write the dataset directory; return a summary (rows, splits, levels) that the card reports."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    stats = read_stats(gen_dir)
    files = _accepted_files(gen_dir)
    schema = export_schema()
    floor = Level.from_label(config.min_level)
    keep_levels = [level.label for level in Level if level >= floor]
    staging = out / "data.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    writers: dict[str, Any] = {}
    shards: dict[str, list[Path]] = {split: [] for split in SPLITS}
    rows_in_shard = Counter()
    counts = {split: Counter() for split in SPLITS}
    scores: list[float | None] = []
    nbytes = {split: 0 for split in SPLITS}
    problems = {split: set() for split in SPLITS}
    seen = Counter()

    def write(split: str, table: Any) -> None:
        while table.num_rows:
            if split not in writers:
                path = staging / f"{split}-{len(shards[split]):05d}.parquet"
                shards[split].append(path)
                writers[split] = pq.ParquetWriter(path, schema)
                rows_in_shard[split] = 0
            room = config.rows_per_shard - rows_in_shard[split]
            part, table = table.slice(0, room), table.slice(room)
            writers[split].write_table(part)
            rows_in_shard[split] += part.num_rows
            if rows_in_shard[split] >= config.rows_per_shard:
                writers.pop(split).close()

    for path in files:
        try:
            reader = pq.ParquetFile(path)
        except (OSError, pa.ArrowException) as exc:
            raise InputError(f"{path}: not a readable Parquet file ({exc})") from None
        missing = [c for c in SAMPLE_COLUMNS if c not in reader.schema_arrow.names]
        if missing:
            raise InputError(f"{path}: missing sample columns {missing}; expected synthcode.records.SAMPLE_COLUMNS")
        for batch in reader.iter_batches(columns=list(SAMPLE_COLUMNS)):
            table = pa.Table.from_batches([batch]).cast(schema)
            levels = table.column("level").to_pylist()
            unknown = {level for level in levels if level not in LEVELS and level != Level.REJECTED.label}
            if unknown:
                raise InputError(f"{path}: unknown level(s) {sorted(map(str, unknown))}; expected one of {LEVELS}")
            seen.update(levels)
            keep = pc.and_(pc.equal(table.column("status"), "accepted"),
                           pc.is_in(table.column("level"), pa.array(keep_levels)))
            if config.min_mutation_score > 0:
                enough = pc.greater_equal(table.column("mutation_score"), config.min_mutation_score)
                keep = pc.and_(keep, pc.fill_null(enough, False))
            try:
                table = with_text(expand(table.filter(keep), config), schema)
            except InputError as exc:
                raise InputError(f"{path}: {exc}") from None
            split = pa.array([split_of(p, config.seed, config.validation_fraction)
                              for p in table.column("problem_id").to_pylist()])
            for name in SPLITS:
                part = table.filter(pc.equal(split, name))
                if part.num_rows:
                    nbytes[name] += part.nbytes
                    counts[name].update(part.column("level").to_pylist())
                    scores.extend(part.column("mutation_score").to_pylist())
                    problems[name].update(part.column("problem_id").to_pylist())
                    write(name, part)
    for writer in writers.values():
        writer.close()

    data = out / "data"
    shutil.rmtree(data, ignore_errors=True)
    for split, paths in shards.items():
        for k, path in enumerate(paths):
            path.rename(staging / f"{split}-{k:05d}-of-{len(paths):05d}.parquet")
    staging.rename(data)
    written = [split for split in SPLITS if counts[split]]
    summary = {
        "rows": sum(sum(c.values()) for c in counts.values()),
        "splits": {split: sum(counts[split].values()) for split in written},
        "bytes": {split: nbytes[split] for split in written},
        "problems": {split: len(problems[split]) for split in written},
        "levels": {split: {level: counts[split].get(level, 0) for level in LEVELS} for split in written},
        "min_level": config.min_level, "read_levels": dict(seen),
        "min_mutation_score": config.min_mutation_score, "mutation_scores": score_histogram(scores),
        "solutions": config.solutions, "min_tests_passed": config.min_tests_passed,
    }
    if not summary["rows"]:
        shutil.rmtree(data, ignore_errors=True)
        floor = f" and mutation score >= {config.min_mutation_score:g}" if config.min_mutation_score else ""
        raise InputError(f"{gen_dir}: no accepted sample at level >= {config.min_level}{floor} (levels read: "
                         f"{dict(seen) or 'none'})")
    if config.validation_fraction > 0 and "validation" not in summary["splits"]:
        log.warning("no problem fell in the validation split (fraction %g of %d problems); exported train only",
                    config.validation_fraction, summary["problems"]["train"])
    (out / "synthcode_stats.json").write_text(json.dumps(stats, indent=2) + "\n", encoding="utf-8")
    card = dataset_card(summary, stats, config, name=config.pretty_name or out.resolve().name,
                        repo_id=repo_id)
    (out / "README.md").write_text(card, encoding="utf-8")
    return summary


def expand(table: Any, config: ExportConfig) -> list[dict[str, Any]]:
    """The rows to export: each canonical row, then (``solutions: all``) its further solutions."""
    rows = table.to_pylist()
    if config.solutions == "canonical":
        return rows
    from synthcode.generate.dedup import normalize_code
    from synthcode.generate.rows import GeneratedRow

    out = []
    for row in rows:
        out.append(row)
        seen = {normalize_code(row["solution"])}
        for alt in GeneratedRow.from_parquet_row(row).alternatives:
            passed = alt.tests_passed
            agreeing = alt.agrees is True and alt.status == "accepted"
            # below 1: solutions that failed some tests (never those known to disagree)
            enough = (config.min_tests_passed < 1 and isinstance(passed, (int, float))
                      and passed >= config.min_tests_passed and alt.agrees is not False)
            key = normalize_code(alt.solution) if alt.solution else ""
            if not alt.solution or key in seen or not (agreeing or enough):
                continue
            seen.add(key)
            why = (f"agrees with the canonical solution on the problem's inputs (candidate {alt.candidate})"
                   if agreeing else f"passed {passed:.0%} of the tests (candidate {alt.candidate}; "
                                    f"--min-tests-passed {config.min_tests_passed:g})")
            out.append({**row, "id": hashlib.sha256(f"{row['problem_id']}\0{key}".encode()).hexdigest()[:16],
                        "solution": alt.solution, "code": "", "reason": why,
                        "level": row["level"] if agreeing else Level.TESTED.label,
                        "mutation_score": alt.mutation_score})
    return out


def with_text(rows: list[dict[str, Any]], schema: Any) -> Any:
    """``rows`` as a table, each ``text`` the pre-training document of its row (problem, solution,
    tests): filled here, where documents are made, so generation needs no document renderer."""
    import pyarrow as pa

    from synthcode.mix.formatters import format_sample

    for row in rows:
        row["text"] = format_sample(row)
    return pa.Table.from_pylist(rows, schema=schema)


def export_schema() -> Any:
    """The sample schema, carrying the ``datasets`` features so ``load_dataset`` keeps the exact types."""
    metadata = {"huggingface": json.dumps({"info": {"features": sample_features().to_dict()}})}
    return sample_arrow_schema().with_metadata(metadata)


def solutions_note(config: ExportConfig) -> str:
    """What the card says about which solutions are rows (``--solutions``, ``--min-tests-passed``)."""
    if config.solutions == "canonical":
        return "Solutions: one row per problem, its canonical solution (`--solutions canonical`)."
    note = ("Solutions: every distinct verified solution of a problem is a row of its own (`--solutions all`): "
            "the canonical one, and each other candidate that passed the tests and agrees with it on the "
            "problem's input set (its `reason` says so; its `code` is empty)")
    if config.min_tests_passed < 1:
        note += (f"; also candidates that passed at least {config.min_tests_passed:.0%} of the test functions "
                 f"(`--min-tests-passed {config.min_tests_passed:g}`), level `tested`, not checked for agreement")
    return note + "."


def size_category(n: int) -> str:
    """The Hub's ``size_categories`` bucket for ``n`` rows."""
    bounds = [(1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M"),
              (10_000_000, "1M<n<10M"), (100_000_000, "10M<n<100M"), (1_000_000_000, "100M<n<1B")]
    return next((label for bound, label in bounds if n < bound), "n>1T" if n >= 10**12 else "1B<n<10B")


def _pct(part: int | float, whole: int | float) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "n/a"


def accept_rates(funnel: dict[str, Any]) -> list[tuple[str, int, int, str]]:
    """(stage, entered, passed, rate) per verification stage, each stage entered by the previous one's passes."""
    entered = funnel.get("decontaminated", funnel.get("deduplicated", funnel.get("parsed", 0)))
    rows = []
    for stage, passed in (funnel.get("passed") or {}).items():
        rows.append((stage, int(entered), int(passed), _pct(passed, entered)))
        entered = passed
    return rows


def dataset_card(summary: dict[str, Any], stats: dict[str, Any], config: ExportConfig, name: str,
                 repo_id: str | None = None) -> str:
    """The README.md of the dataset: YAML metadata, then the report of how its samples were verified."""
    import yaml

    splits = summary["splits"]
    metadata = {
        "license": config.license,
        "pretty_name": name,
        "language": ["en", "code"],
        "task_categories": ["text-generation"],
        "tags": ["code", "python", "synthetic", "verified", "synthcode"],
        "size_categories": [size_category(summary["rows"])],
        "configs": [{"config_name": "default", "data_files": [
            {"split": split, "path": f"data/{split}-*"} for split in splits]}],
        "dataset_info": {
            "features": [{"name": column, "dtype": kind} for column, kind in SAMPLE_COLUMNS.items()],
            # num_bytes: the split's size as Arrow data, as datasets' SplitInfo counts it
            "splits": [{"name": split, "num_bytes": summary["bytes"][split], "num_examples": count}
                       for split, count in splits.items()],
        },
    }
    funnel = stats.get("funnel", {})
    lines = ["---", yaml.safe_dump(metadata, sort_keys=False).rstrip(), "---", "", f"# {name}", "",
             "Python problems with solutions and tests, written by a language model and kept only when "
             "verified in a sandbox by synthcode (tests, Hypothesis "
             "properties, CrossHair and Z3 where they apply). Each row is one problem's canonical solution; "
             "`text` is the pre-training document (problem + solution + tests), `stages` the evidence.",
             "", f"Model: `{stats.get('model', 'unknown')}`. Exported samples verified at least "
             f"`{config.min_level}`.", "", solutions_note(config), "", "## Splits", "",
             "Split by `problem_id` (a problem is never in both splits), seed "
             f"{config.seed}, validation fraction {config.validation_fraction:g} of problems.", "",
             "| split | samples | problems |", "|---|---:|---:|"]
    lines += [f"| {split} | {count} | {summary['problems'][split]} |" for split, count in splits.items()]
    lines += [f"| total | {summary['rows']} | {sum(summary['problems'].values())} |", "",
              "## Verification funnel", "", "| step | count | of requested |", "|---|---:|---:|"]
    requested = funnel.get("requested", 0)
    rates = accept_rates(funnel)
    for step in ("requested", "generated", "parsed", "deduplicated", "decontaminated"):
        if step in funnel:
            lines.append(f"| {step} | {funnel[step]} | {_pct(funnel[step], requested)} |")
    for stage, _, passed, _ in rates:
        lines.append(f"| passed {stage} | {passed} | {_pct(passed, requested)} |")
    if "accepted" in funnel:
        lines.append(f"| accepted | {funnel['accepted']} | {_pct(funnel['accepted'], requested)} |")
    lines += ["", "`deduplicated` and `decontaminated` count the candidates that survived that step.", "",
              "## Accept rate per stage", "",
              "`entered`: what passed the stage before (the first stage: the decontaminated candidates). A stage "
              "that does not apply to a sample (e.g. no reference, no contracts) skips it without passing it, so "
              "`accepted` can exceed the last stage's passes.", "",
              "| stage | entered | passed | rate |", "|---|---:|---:|---:|"]
    lines += [f"| {s} | {e} | {p} | {r} |" for s, e, p, r in rates]
    rejections = stats.get("rejections") or {}
    if rejections:
        lines += ["", "## Rejections", "", "| reason | count |", "|---|---:|"]
        lines += [f"| {reason} | {count} |" for reason, count in sorted(rejections.items(), key=lambda kv: -kv[1])]
    lines += ["", "## Verdict levels", "",
              "`tested`: the tests passed; `property-checked`: Hypothesis properties held; `symbolic`: "
              "CrossHair found no counterexample on the paths it tried; `proved`: contracts confirmed over all "
              "inputs (never promoted from \"not disproved\").", "",
              "| level | " + " | ".join(splits) + " | generation run |", "|---|" + "---:|" * (len(splits) + 1)]
    run_levels = stats.get("levels") or {}
    for level in LEVELS:
        cells = " | ".join(str(summary["levels"][split][level]) for split in splits)
        lines.append(f"| {level} | {cells} | {run_levels.get(level, '')} |")
    run_scores = stats.get("mutation_scores") or {}
    lines += ["", "## Test strength (mutation score)", "",
              "`mutation_score`: the share of mutants of the solution (one small change each: an operator, a "
              "constant, a condition, a dropped statement) that the sample's own tests kill, leaving out mutants "
              "that agree with the solution on generated inputs; null (`unscored`) when the mutation stage did "
              "not run or had nothing to mutate."
              + (f" Exported samples score at least {config.min_mutation_score:g}." if config.min_mutation_score else ""),
              "", "| score | exported | generation run |", "|---|---:|---:|"]
    for score_bin in (*SCORE_BINS, "unscored"):
        lines.append(f"| {score_bin} | {summary['mutation_scores'][score_bin]} | {run_scores.get(score_bin, '')} |")
    guards = stats.get("guards")
    if guards is not None:
        lines += ["", "## Honest tests (guards)", "",
                  "Samples the tests stage rejected although their tests passed: an assertion compared an object "
                  "with its own `__eq__` (`untrusted-eq`), with itself (`aliased`) or with the result of the same call "
                  "(`tautology`), a function or builtin was "
                  "replaced before an assertion (`replaced`), a call returned something else when made again from "
                  "outside the tests (`replay`), or a test checked nothing about a solution's result (`vacuous`).",
                  "", "| guard | rejected in the generation run |", "|---|---:|"]
        lines += [f"| {kind} | {guards.get(kind, 0)} |"
                  for kind in dict.fromkeys(["untrusted-eq", "aliased", "tautology", "replaced", "replay", "vacuous",
                                             *guards])]
    tools = stats.get("tools") or {}
    if tools:
        lines += ["", "## Tool versions", "", "| tool | version |", "|---|---|"]
        lines += [f"| {tool} | {version} |" for tool, version in tools.items()]
    budgets = stats.get("budgets") or {}
    if budgets:
        lines += ["", "## Budgets per stage", "",
                  "Budgets count work, not wall-clock time, so verdicts do not depend on the machine's load "
                  "(the CPU they were counted on is `cpu` under Tool versions).", "",
                  "| stage | CPU seconds | examples | paths | mutants |", "|---|---:|---:|---:|---:|"]
        lines += [f"| {stage} | {b.get('seconds', '')} | {b.get('examples', '')} | {b.get('paths', '')} "
                  f"| {b.get('mutants', '')} |" for stage, b in budgets.items()]
    decontamination = stats.get("decontamination") or []
    lines += ["", "## Decontamination", "",
              ("Candidates overlapping these benchmarks were removed: " + ", ".join(f"`{d}`" for d in decontamination)
               + ".") if decontamination else "No decontamination sets were recorded for this run."]
    where = repo_id or "path/to/this/directory"
    lines += ["", "## How to load", "", "```python", "from datasets import load_dataset", "",
              f'dataset = load_dataset("{where}")', 'row = dataset["train"][0]',
              'print(row["text"])            # the pre-training document',
              'import json; json.loads(row["stages"])   # the verification evidence', "```", "",
              "All columns but `mutation_score` (a float, or null) are strings; `stages`, `alternatives`, `tools`, "
              "`budgets` and `provenance` hold JSON. "
              "The full generation statistics are in `synthcode_stats.json`.", ""]
    return "\n".join(lines)


REPO_ID = re.compile(r"^[\w.-]+/[\w.-]+$")


def hub_token() -> str:
    """The Hub token from ``HF_TOKEN``, or a one-line error saying how to set it."""
    token = os.environ.get("HF_TOKEN", "").strip()
    if not token:
        raise ConfigError("--push-to-hub needs a Hub write token in HF_TOKEN "
                          "(create one at https://huggingface.co/settings/tokens)")
    return token


def check_push(repo_id: str) -> str:
    """Everything a push to ``repo_id`` needs that can be checked before exporting; the token."""
    if not REPO_ID.match(repo_id):
        raise ConfigError(f"--push-to-hub: expected OWNER/NAME, got {repo_id!r}")
    return hub_token()


def push_to_hub(folder: Path, repo_id: str, private: bool = False) -> str:
    """Create the dataset repo (if needed) and upload ``folder`` to it; the repo's URL."""
    token = check_push(repo_id)
    from huggingface_hub import HfApi

    api = HfApi(token=token)
    try:
        url = api.create_repo(repo_id, repo_type="dataset", private=private, exist_ok=True)
        api.upload_folder(folder_path=str(folder), repo_id=repo_id, repo_type="dataset",
                          commit_message="Upload dataset exported by synthcode")
    except Exception as exc:  # HTTP, connection and offline-mode errors all end the push the same way
        first = first_line(exc)
        raise InputError(f"--push-to-hub {repo_id}: {first}") from None
    return str(url)

