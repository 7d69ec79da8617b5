"""End-to-end generation throughput, and how long the model server sat idle waiting on synthcode.

A scripted model on a loopback OpenAI-protocol server (``tests/fakes/openai_server.py``) answers
every request after ``--delay`` seconds, as a busy GPU server would. Problems come from a
parametric family (sum of the multiples of d, d = 2, 3, ...), three correct candidate solutions
each, so every problem is distinct and goes through the whole pipeline: parsing, dedup,
decontamination, the tests, properties and differential stages, shards and stats.

Idle share: a thread samples the server's in-flight request count every millisecond; over the
generation window (the first to the last moment a request was in flight) the share of
samples at zero is the time the server had nothing to do because synthcode had not asked yet.

    python bench/bench_generate.py --problems 60 --delay 0.5 --concurrency 16 --workers 2

Writes ``bench/out/bench_generate.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fakes.openai_server import FakeOpenAIServer  # noqa: E402
from fakes.scripted_model import fence, problem_text  # noqa: E402

from synthcode.config import load_config  # noqa: E402
from synthcode.generate.config import GenerateConfig  # noqa: E402
from synthcode.generate.job import GenerateJob  # noqa: E402
from synthcode.generate.problems import sub_seed  # noqa: E402

SOLUTIONS = [
    "def sum_multiples(xs: list[int]) -> int:\n    return sum(x for x in xs if x % {d} == 0)\n",
    "def sum_multiples(xs: list[int]) -> int:\n    total = 0\n    for x in xs:\n        if x % {d} == 0:\n"
    "            total += x\n    return total\n",
    "def sum_multiples(xs: list[int]) -> int:\n    return sum(filter(lambda x: not x % {d}, xs))\n",
]


class Family:
    """Problem i is "sum of the multiples of d" with d = i + 2."""

    def __init__(self, seed: int, count: int) -> None:
        self.by_seed = {sub_seed(seed, i, "problem"): i for i in range(count)}

    def __call__(self, body: dict) -> str:
        user = body["messages"][-1]["content"]
        if user.startswith("Write one new Python programming problem"):
            d = self.by_seed[body["seed"]] + 2
            return problem_text(f"Return the sum of the numbers in xs that are multiples of {d}.",
                                "def sum_multiples(xs: list[int]) -> int:", f"post: __return__ % {d} == 0",
                                f">>> sum_multiples([{d}, 1])\n{d}",
                                "st.tuples(st.lists(st.integers(-100, 100), max_size=20))")
        d = int(user.split("multiples of ")[1].split(".")[0])
        if user.startswith("Write unit tests"):
            return fence(f"def test_examples():\n    assert sum_multiples([{d}, 1, {2 * d}]) == {3 * d}\n"
                         f"    assert sum_multiples([]) == 0\n")
        return fence(SOLUTIONS[body.get("_choice", 0) % len(SOLUTIONS)].format(d=d))


def run(args: argparse.Namespace) -> dict:
    with tempfile.TemporaryDirectory() as tmp, FakeOpenAIServer(Family(0, args.problems), delay=args.delay,
                                                                model="scripted") as server:
        config = load_config(GenerateConfig, ROOT / "configs/generate/small.yaml", {
            "out": tmp, "num_problems": args.problems, "solutions_per_problem": 3,
            "queue_size": args.queue_size, "dedup": {"near_threshold": 0.95},
            "model": {"model": "scripted", "endpoints": [server.url], "concurrency": args.concurrency},
            "verify": {"workers": args.workers, "stages": args.stages.split(",")}})
        config.resolve_paths(ROOT / "configs/generate")
        samples: list[tuple[float, int]] = []
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                samples.append((time.perf_counter(), server.in_flight))
                time.sleep(0.001)

        job = GenerateJob(config)
        sampler = threading.Thread(target=sample, daemon=True)
        started = time.perf_counter()
        sampler.start()
        stats = job.run()
        elapsed = time.perf_counter() - started
        stop.set()
        sampler.join()
        requests = len(server.requests)
    # The generation window: from the first to the last moment a request was in flight. Before it
    # is start-up (sandbox workers, benchmark index); after it, verification finishing the last
    # problems with nothing left to ask the model.
    busy = [t for t, n in samples if n > 0]
    first_busy, last_busy = (busy[0], busy[-1]) if busy else (started, started)
    window = [n for t, n in samples if first_busy <= t <= last_busy]
    idle = sum(1 for n in window if n == 0) / max(len(window), 1)
    return {
        "problems": args.problems, "delay_s": args.delay, "concurrency": args.concurrency,
        "workers": args.workers, "queue_size": args.queue_size, "stages": args.stages,
        "seconds": round(elapsed, 2), "problems_per_s": round(args.problems / elapsed, 3),
        "accepted": stats["funnel"]["accepted"], "accepted_per_s": round(stats["funnel"]["accepted"] / elapsed, 3),
        "requests": requests, "startup_seconds": round(first_busy - started, 2),
        "generation_seconds": round(last_busy - first_busy, 2),
        "server_idle_share": round(idle, 4), "mean_in_flight": round(sum(window) / max(len(window), 1), 2),
        "rejections": stats["rejections"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--problems", type=int, default=60)
    parser.add_argument("--delay", type=float, default=0.5, help="seconds the server takes per request")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--queue-size", type=int, default=64)
    parser.add_argument("--stages", default="tests,properties,differential")
    args = parser.parse_args()
    result = run(args)
    result["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(),
                         "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                                  capture_output=True, text=True).stdout.strip()}
    out = ROOT / "bench/out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench_generate.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
