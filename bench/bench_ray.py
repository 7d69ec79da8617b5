"""Verification throughput on the local executor vs Ray (1 and 2 workers), and Ray's cost per sample.

Everything runs in this process, through :func:`synthcode.executors.build_executor`, on the same
samples (HumanEval's canonical solutions as verify files, ``--copies`` times over)::

    python bench/bench_ray.py --copies 3 --repeats 3 --out bench/out/bench_ray.json

Measured, ``--repeats`` times each, interleaved, reported as median (min, max):

* ``local``/``ray`` x ``tests``/``parse`` x 1/2 workers: wall time of ``verify_stream`` over all
  samples, after a warm-up batch on the same executor (so sandbox zygotes and Ray actors are up).
  The ``parse`` stage runs no sandbox, so its ``ray - local`` difference at 1 worker is the
  executor's own cost per sample (a remote call, two pickles, ``ray.wait``);
* ``start``: building each executor (for Ray: starting the actors and their first answer);
* ``ray.init``: starting the private single-machine Ray that the Ray measurements share
  (``--address`` joins a running cluster instead);
* tokens per sample: the verify files and their pre-training documents (prompt + solution)
  counted with a byte-level BPE (``--vocab`` tokens) trained here, with ``tokenizers``, on the
  Python standard library's source: no tokenizer can be downloaded on this machine.

Every sample must pass every stage (and be accepted by ``tests``), or the benchmark stops. The
load average before and after goes into the JSON: on a shared machine, wall-clock figures are
pessimistic.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import statistics
import sys
import sysconfig
import time
from pathlib import Path

from synthcode.benchmarks import load_humaneval
from synthcode.executors import ExecutorConfig, build_executor
from synthcode.sample import Sample
from synthcode.verify import VerifyConfig

log = logging.getLogger("bench_ray")


def samples_for(copies: int) -> list[Sample]:
    problems = load_humaneval()
    return [Sample(id=f"{p.task_id}#{c}", code=p.verify_file()) for c in range(copies) for p in problems]


def fresh(samples: list[Sample]) -> list[Sample]:
    return [Sample(id=s.id, code=s.code) for s in samples]


def measure(executor_name: str, stage: str, workers: int, samples: list[Sample], warmup: int,
            address: str | None) -> tuple[float, float]:
    """(seconds to build the executor, seconds to verify ``samples`` once warm)."""
    config = VerifyConfig(stages=[stage], workers=workers, timeout=10.0)
    started = time.perf_counter()
    with build_executor(ExecutorConfig(name=executor_name, address=address), config) as executor:
        start = time.perf_counter() - started
        for _ in executor.verify_stream(fresh(samples[:warmup])):
            pass
        began = time.perf_counter()
        bad = [s.id for s in executor.verify_stream(fresh(samples)) if s.failure is not None
               or (stage != "parse" and s.status != "accepted")]
        seconds = time.perf_counter() - began
    if bad:
        raise SystemExit(f"{executor_name}/{stage}/{workers}: {len(bad)} samples not accepted, e.g. {bad[:3]}")
    return start, seconds


def train_tokenizer(vocab: int):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    stdlib = Path(sysconfig.get_paths()["stdlib"])
    files = sorted(str(p) for p in stdlib.glob("*.py"))
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    tokenizer.train(files, trainers.BpeTrainer(vocab_size=vocab, show_progress=False,
                                               initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    return tokenizer, len(files)


def token_counts(vocab: int) -> dict:
    tokenizer, files = train_tokenizer(vocab)
    problems = load_humaneval()

    def stats(texts: list[str]) -> dict:
        counts = [len(e.ids) for e in tokenizer.encode_batch(texts)]
        chars = sum(len(t) for t in texts)
        return {"documents": len(counts), "mean": statistics.mean(counts), "median": statistics.median(counts),
                "p95": sorted(counts)[int(0.95 * (len(counts) - 1))], "chars_per_token": chars / sum(counts)}

    return {
        "tokenizer": f"byte-level BPE, vocab {vocab}, trained on {files} files of the Python {platform.python_version()} "
                     "standard library",
        "verify_file": stats([p.verify_file() for p in problems]),
        "prompt_and_solution": stats([p.prompt + p.canonical_solution for p in problems]),
    }


def summary(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "all": values}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=3, help="HumanEval copies per measurement")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=20, help="samples verified before each timed run")
    parser.add_argument("--address", help="join this Ray cluster instead of starting a private one")
    parser.add_argument("--vocab", type=int, default=32000)
    parser.add_argument("--out", type=Path, default=Path("bench/out/bench_ray.json"))
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")

    load_before = os.getloadavg()
    samples = samples_for(args.copies)
    import ray

    began = time.perf_counter()
    if args.address:
        ray.init(address=args.address, logging_level=logging.WARNING)
    else:
        ray.init(num_cpus=os.cpu_count(), include_dashboard=False, logging_level=logging.WARNING)
    ray_init = time.perf_counter() - began

    plan = [(executor, stage, workers) for stage in ("tests", "parse") for workers in (1, 2)
            for executor in ("local", "ray")]
    starts: dict[str, list[float]] = {}
    runs: dict[str, list[float]] = {}
    for repeat in range(args.repeats):
        for executor, stage, workers in plan:
            name = f"{executor}/{stage}/{workers}"
            start, seconds = measure(executor, stage, workers, samples, args.warmup, args.address)
            starts.setdefault(name, []).append(start)
            runs.setdefault(name, []).append(seconds)
            log.info("round %d  %-16s start %6.2fs  %6.2fs  %7.1f samples/s", repeat + 1, name, start,
                     seconds, len(samples) / seconds)
    ray.shutdown()

    n = len(samples)
    results = {name: {"seconds": summary(values), "samples_per_s": n / statistics.median(values),
                      "start_seconds": summary(starts[name])} for name, values in runs.items()}

    def per_sample(name: str) -> float:
        return statistics.median(runs[name]) / n

    overhead = {
        f"{stage}/{workers}": 1e3 * (per_sample(f"ray/{stage}/{workers}") - per_sample(f"local/{stage}/{workers}"))
        for stage in ("tests", "parse") for workers in (1, 2)}
    report = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "ray": ray.__version__, "load_before": load_before, "load_after": os.getloadavg()},
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "samples": n,
        "ray_init_seconds": ray_init,
        "results": results,
        "ray_minus_local_ms_per_sample": overhead,
        "tokens": token_counts(args.vocab),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"{n} samples; load average before {load_before[0]:.1f}, after {report['machine']['load_after'][0]:.1f}")
    print(f"{'measurement':<18}{'samples/s':>10}{'seconds (min-max)':>24}{'start s':>9}")
    for name, r in results.items():
        s = r["seconds"]
        print(f"{name:<18}{r['samples_per_s']:>10.1f}{s['median']:>10.2f} ({s['min']:.2f}-{s['max']:.2f})"
              f"{r['start_seconds']['median']:>9.2f}")
    print("ray - local, ms per sample:", {k: round(v, 2) for k, v in overhead.items()})
    print("tokens:", json.dumps(report["tokens"], indent=1))


if __name__ == "__main__":
    main()
