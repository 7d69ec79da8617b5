"""What the ``mutation`` stage costs, and what scores real test suites get.

Verifies HumanEval's canonical solutions with their own tests (and, with ``--mbpp``, MBPP's
reference solutions with their three asserts) under ``--stages tests,mutation`` with the stage
only measuring (``min_mutation_score`` 0), on ``--workers`` sandbox workers, and reports:

* the added cost per sample: the mutation stage's own ``seconds`` in each verdict (its two
  sandbox requests and the host's work between them), median and quartiles, in ms;
* the scores: lowest, quartiles, a histogram, and how many samples each candidate floor would
  reject (the default must reject no HumanEval canonical solution).

::

    python bench/bench_mutation.py --workers 2 --repeats 3 --mbpp ../shared/benchmarks/mbpp.jsonl

Numbers go to stdout and to ``OUT_DIR/bench_mutation.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import time
from pathlib import Path

from synthcode.benchmarks import load_humaneval, load_mbpp
from synthcode.sample import Sample
from synthcode.verify import Verifier, VerifyConfig

FLOORS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)


def humaneval_samples() -> list[Sample]:
    return [Sample(id=p.task_id, code=p.verify_file()) for p in load_humaneval()]


def mbpp_samples(path: Path) -> list[Sample]:
    samples = []
    for row in load_mbpp(path):
        setup = row.get("test_setup_code") or ""
        checks = "\n".join("    " + t for t in [*setup.splitlines(), *row["test_list"]] if t.strip())
        code = row["code"].replace("\r\n", "\n")
        samples.append(Sample(id=f"mbpp/{row['task_id']}", code=f"{code}\n\n\ndef test_mbpp_{row['task_id']}():\n{checks}\n"))
    return samples


def measure(samples: list[Sample], workers: int) -> tuple[list[Sample], float]:
    config = VerifyConfig(stages=["tests", "mutation"], workers=workers, min_mutation_score=0.0)
    with Verifier(config) as verifier:
        started = time.perf_counter()
        done = list(verifier.verify_many(samples))
        return done, time.perf_counter() - started


def summary(done: list[Sample]) -> dict:
    stage = {s.id: next((r for r in s.stages if r.stage == "mutation"), None) for s in done}
    ran = {i: r for i, r in stage.items() if r is not None}
    ms = sorted(r.seconds * 1000 for r in ran.values())
    scores = {i: r.evidence.get("mutation_score") for i, r in ran.items()}
    scored = {i: v for i, v in scores.items() if v is not None}
    values = sorted(scored.values())
    histogram = {f"{b / 10:.1f}": sum(1 for v in values if b / 10 <= v < (b + 1) / 10 or (b == 9 and v == 1.0))
                 for b in range(10)}
    quartiles = statistics.quantiles(ms, n=4) if len(ms) > 1 else ms * 3
    score_q = statistics.quantiles(values, n=4) if len(values) > 1 else values * 3
    return {
        "samples": len(done),
        "not_accepted_by_tests": sorted(s.id for s in done if not any(
            r.stage == "tests" and r.status.value == "passed" for r in s.stages)),
        "stage_ms": {"median": statistics.median(ms), "p25": quartiles[0], "p75": quartiles[2],
                     "max": ms[-1], "mean": statistics.fmean(ms)},
        "statuses": {k: sum(1 for r in ran.values() if r.status.value == k) for k in ("passed", "skipped", "failed",
                                                                                   "timeout", "error")},
        "skipped": {i: r.detail for i, r in ran.items() if r.status.value == "skipped"},
        "errors": {i: r.detail for i, r in ran.items() if r.status.value in ("error", "timeout", "failed")},
        "scores": {"min": values[0], "p25": score_q[0], "median": statistics.median(values), "p75": score_q[2],
                   "lowest": sorted(scored.items(), key=lambda kv: kv[1])[:8]},
        "histogram": histogram,
        "rejected_at": {f"{f:g}": sum(1 for v in values if v < f) for f in FLOORS},
        "mutants": {k: sum(r.evidence.get(k, 0) for r in ran.values())
                    for k in ("total", "killed", "survived", "equivalent", "invalid", "not_run")},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3, help="HumanEval runs (the median cost is reported per run)")
    parser.add_argument("--mbpp", type=Path, help="an MBPP jsonl (task_id, code, test_list) to score as well")
    parser.add_argument("--out-dir", type=Path, default=Path("bench/out"))
    args = parser.parse_args()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    report: dict = {"machine": {"python": platform.python_version(), "cpu": platform.processor() or platform.machine()},
                    "commit": commit, "workers": args.workers, "humaneval": []}
    for _ in range(args.repeats):
        done, seconds = measure(humaneval_samples(), args.workers)
        run = summary(done)
        run["wall_seconds"] = seconds
        report["humaneval"].append(run)
        print(f"HumanEval: mutation stage median {run['stage_ms']['median']:.1f} ms/sample "
              f"(p25 {run['stage_ms']['p25']:.1f}, p75 {run['stage_ms']['p75']:.1f}, max {run['stage_ms']['max']:.0f}); "
              f"wall {seconds:.2f}s; lowest score {run['scores']['min']:.3f}; statuses {run['statuses']}")
    print("HumanEval scores:", json.dumps(report["humaneval"][-1]["scores"]))
    print("HumanEval histogram:", json.dumps(report["humaneval"][-1]["histogram"]))
    print("HumanEval rejected at floor:", json.dumps(report["humaneval"][-1]["rejected_at"]))
    print("HumanEval mutants:", json.dumps(report["humaneval"][-1]["mutants"]))
    if args.mbpp:
        done, seconds = measure(mbpp_samples(args.mbpp), args.workers)
        run = summary(done)
        run["wall_seconds"] = seconds
        report["mbpp"] = run
        print(f"MBPP ({run['samples']} samples, {len(run['not_accepted_by_tests'])} not passing their own tests): "
              f"median {run['stage_ms']['median']:.1f} ms; statuses {run['statuses']}")
        print("MBPP scores:", json.dumps(run["scores"]))
        print("MBPP histogram:", json.dumps(run["histogram"]))
        print("MBPP rejected at floor:", json.dumps(run["rejected_at"]))
        print("MBPP mutants:", json.dumps(run["mutants"]))
    args.out_dir.mkdir(parents=True, exist_ok=True)
    (args.out_dir / "bench_mutation.json").write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
