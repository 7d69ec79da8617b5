"""Time to a batch's first verdict: ``synthcode verify`` as a whole process, from its start until
the first result line is on its stdout (and until it exits)::

    python bench/bench_first_verdict.py --repeats 5 --workers 2 --out-dir bench/out

Each case runs ``python -m synthcode verify BATCH --json --workers N [--stages ...]`` (a fresh
process every time, so interpreter start-up, imports, sandbox worker start and every lazy cache
count) and reads its stdout as it comes; the first complete line is the first verdict. Cases,
interleaved ``--repeats`` times (one round of every case, then the next), reported as the median
with min and max:

* ``mixed``: ``examples/batch.jsonl`` (3 samples; the first two have no contracts), every stage;
* ``contracts``: 4 samples that all have contracts (``examples/verify/isqrt.py`` and
  ``run_length.py``, twice each), every stage: their first verdict includes the symbolic stage's
  budget (CrossHair runs until it is spent), which no start-up work can shorten;
* ``contracts-no-symbolic``: the same samples with ``--stages tests,consistency,properties``: the
  start-up cost of the stages that load libraries in the sandbox (Hypothesis), without a budget
  that hides it.

Each case also records the verdicts (id, status, level), so that a change can show it changed
none. The table goes to stdout and all numbers to ``OUT_DIR/bench_first_verdict.json``.

To compare two versions under the same load, give each one's ``src`` directory (a checkout of
another commit, e.g. with ``git worktree add``); every round then runs every case on each::

    python bench/bench_first_verdict.py --src before=/tmp/old/src --src after=src
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import select
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
EXAMPLES = REPO / "examples"


def contracts_batch(path: Path) -> Path:
    lines = []
    for copy in range(2):
        for name in ("isqrt", "run_length"):
            code = (EXAMPLES / "verify" / f"{name}.py").read_text()
            lines.append(json.dumps({"id": f"{name}-{copy}", "code": code}))
    path.write_text("\n".join(lines) + "\n")
    return path


def run_once(batch: Path, workers: int, stages: str | None, src: str | None) -> dict:
    """One whole-process run: seconds to the first verdict and to exit, and the verdicts."""
    command = [sys.executable, "-m", "synthcode", "verify", str(batch), "--json", "--workers", str(workers)]
    if stages:
        command += ["--stages", stages]
    env = {**os.environ, "PYTHONPATH": str(Path(src).resolve())} if src else None
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert process.stdout is not None
    fd = process.stdout.fileno()
    data, first = b"", None
    while True:
        select.select([fd], [], [])
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            break
        data += chunk
        if first is None and b"\n" in data:
            first = time.perf_counter() - started
    stderr = process.stderr.read() if process.stderr else b""
    code = process.wait()
    total = time.perf_counter() - started
    if code != 0 or first is None:
        raise SystemExit(f"{' '.join(command)} exited {code}: {stderr.decode(errors='replace')[-500:]}")
    verdicts = sorted((r["id"], r["status"], r["level"]) for r in map(json.loads, data.decode().splitlines()))
    return {"first": first, "total": total, "verdicts": verdicts}


def summary(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": values}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out-dir", type=Path, default=HERE / "out")
    parser.add_argument("--label", default="", help="a name for this run, kept in the JSON (e.g. before/after)")
    parser.add_argument("--src", action="append", default=[], metavar="NAME=DIR",
                        help="a version to run (its src directory, put on PYTHONPATH); repeat to compare "
                             "versions round by round [default: the synthcode this Python imports]")
    args = parser.parse_args()
    versions = dict(v.split("=", 1) for v in args.src) if args.src else {"": None}
    args.out_dir.mkdir(parents=True, exist_ok=True)
    contracts = contracts_batch(args.out_dir / "first_verdict_contracts.jsonl")
    cases = {
        "mixed": (EXAMPLES / "batch.jsonl", None),
        "contracts": (contracts, None),
        "contracts-no-symbolic": (contracts, "tests,consistency,properties"),
    }
    runs: dict[str, list[dict]] = {f"{version} {name}".strip(): [] for version in versions for name in cases}
    for _ in range(args.repeats):
        for name, (batch, stages) in cases.items():
            for version, src in versions.items():
                runs[f"{version} {name}".strip()].append(run_once(batch, args.workers, stages, src))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=REPO).stdout.strip()
    results = {
        "label": args.label, "commit": commit, "versions": versions, "workers": args.workers,
        "repeats": args.repeats,
        "python": platform.python_version(), "cpus": os.cpu_count(),
        "cases": {name: {"first": summary([r["first"] for r in rs]), "total": summary([r["total"] for r in rs]),
                         "verdicts": [r["verdicts"] for r in rs]} for name, rs in runs.items()},
    }
    out = args.out_dir / "bench_first_verdict.json"
    out.write_text(json.dumps(results, indent=1) + "\n")
    print(f"| case | first verdict, s | whole batch, s |  ({commit}, {args.workers} workers, {args.repeats} runs)")
    print("|---|---:|---:|")
    for name, case in results["cases"].items():
        first, total = case["first"], case["total"]
        print(f"| {name} | {first['median']:.2f} ({first['min']:.2f}–{first['max']:.2f}) "
              f"| {total['median']:.2f} ({total['min']:.2f}–{total['max']:.2f}) |")
    print(f"→ {out}")


if __name__ == "__main__":
    main()
