"""Seconds per proof of the proof stage, with one warm Nagini server::

    python bench/bench_proof.py --rounds 3 --out-dir bench/out

Runs the proof stage (``ProofStage.run``: translation, the request, Nagini's verdict) on every
sample of ``tests/corpus/proof/proved.py`` (correct loop functions with sufficient invariants;
with ``--more`` also ``more.py``, ten written after the translation),
``--rounds`` times over, in one process, so every proof after the server's start meets a warm JVM.
The server's start (JVM, Viper's preludes, the warm-up proof) is measured apart. Reports the
median and p95 wall-clock seconds per proof, and Nagini's CPU seconds; every sample must be proved,
or the benchmark stops. All numbers go to ``OUT_DIR/bench_proof.json``.
"""

from __future__ import annotations

import argparse
import ast
import json
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from synthcode.analysis import analyze  # noqa: E402
from synthcode.proofs import server as nagini_server  # noqa: E402
from synthcode.sample import Sample, Status  # noqa: E402
from synthcode.stages.base import Budget, StageContext, cpu_model  # noqa: E402
from synthcode.stages.proof import ProofStage  # noqa: E402


def samples(more: bool = False) -> list[tuple[str, str]]:
    out = []
    files = ["proved.py", "more.py"] if more else ["proved.py"]
    texts = [(ROOT / "tests/corpus/proof" / f).read_text() for f in files]
    for code in (part for text in texts for part in text.split("# ---\n")):
        name = [n for n in ast.parse(code).body if isinstance(n, ast.FunctionDef)][-1].name
        out.append((name, code))
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=60.0, help="the stage's budget per proof")
    parser.add_argument("--out-dir", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--more", action="store_true", help="also tests/corpus/proof/more.py (10 functions)")
    args = parser.parse_args()
    why = nagini_server.missing()
    if why:
        sys.exit(f"error: {why}")
    server = nagini_server.shared_server()
    started = time.perf_counter()
    server.start()
    start_seconds = time.perf_counter() - started
    stage = ProofStage()
    wall: list[float] = []
    cpu: list[float] = []
    per_sample: dict[str, list[float]] = {}
    per_cpu: dict[str, list[float]] = {}
    for _ in range(args.rounds):
        for name, code in samples(args.more):
            context = StageContext(worker=None, budget=Budget(seconds=args.seconds), info=analyze(code))
            t = time.perf_counter()
            result = stage.run(Sample(id=name, code=code), context)
            seconds = time.perf_counter() - t
            if result.status is not Status.PASSED:
                sys.exit(f"error: {name} was not proved: {result.detail}")
            wall.append(seconds)
            cpu.append(result.evidence["nagini_cpu_seconds"])
            per_sample.setdefault(name, []).append(seconds)
            per_cpu.setdefault(name, []).append(result.evidence["nagini_cpu_seconds"])
    summary = {
        "proofs": len(wall), "rounds": args.rounds, "start_seconds": round(start_seconds, 2),
        "median_seconds": round(statistics.median(wall), 2), "p95_seconds": round(percentile(wall, 0.95), 2),
        "max_seconds": round(max(wall), 2), "median_nagini_cpu_seconds": round(statistics.median(cpu), 2),
        "p95_nagini_cpu_seconds": round(percentile(cpu, 0.95), 2), "max_nagini_cpu_seconds": round(max(cpu), 2),
        "per_sample_max_cpu_seconds": {k: round(max(v), 2) for k, v in per_cpu.items()},
        "per_sample_median_seconds": {k: round(statistics.median(v), 2) for k, v in per_sample.items()},
        "cpu": cpu_model(), "python": platform.python_version(), **nagini_server.versions(),
    }
    args.out_dir.mkdir(parents=True, exist_ok=True)
    (args.out_dir / "bench_proof.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(f"server start {summary['start_seconds']} s; {len(wall)} proofs: median {summary['median_seconds']} s, "
          f"p95 {summary['p95_seconds']} s, max {summary['max_seconds']} s "
          f"(Nagini CPU, JVM and z3: median {summary['median_nagini_cpu_seconds']} s, "
          f"max {summary['max_nagini_cpu_seconds']} s)")
    for name, value in summary["per_sample_median_seconds"].items():
        print(f"  {name:18} {value:6.2f} s")
    server.close()


if __name__ == "__main__":
    main()
