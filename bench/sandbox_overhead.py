"""Where a sample's time goes in the sandbox: a companion to ``bench_verify.py`` for profiling.

Each number is the median over many samples, one worker, one sample at a time::

    python bench/sandbox_overhead.py --sandbox process

* ``fork floor``: fork + ``os._exit`` + wait of this (small) Python process, no sandbox;
* ``worker round trip``: ``Worker.run`` of a trivial verify file, and the zygote's own
  fork-to-reaped time for it;
* ``HumanEval``: ``Worker.run`` of each HumanEval verify file, against a bare in-process ``exec``
  of the same file plus its test call;
* ``Verifier.verify`` vs ``verify_many``: the pipeline on trivial samples, called in a loop, and
  through the batch queue with one worker thread.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from synthcode.analysis import analyze
from synthcode.benchmarks import load_humaneval
from synthcode.registry import SANDBOXES
from synthcode.sample import Sample
from synthcode.sandbox.base import Limits, RunRequest
from synthcode.verify import Verifier, VerifyConfig

TRIVIAL = "def test_a():\n    pass\n"


def ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1e3:6.2f} ms median, {statistics.mean(values) * 1e3:6.2f} ms mean"


def fork_floor(n: int) -> list[float]:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)
        times.append(time.perf_counter() - started)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sandbox", default="process", help="process or docker [default: process]")
    parser.add_argument("--trivial", type=int, default=300, help="trivial samples per measurement")
    args = parser.parse_args()

    print(f"fork floor (no sandbox):          {ms(fork_floor(args.trivial))}")

    sandbox = SANDBOXES.load(args.sandbox)(limits=Limits())
    sandbox.check()
    worker = sandbox.start_worker()
    try:
        def run(code: str, tests: list[str]) -> tuple[float, float]:
            started = time.perf_counter()
            result = worker.run(RunRequest(code=code, tests=tests, timeout=10.0))
            if not result.find("pass"):
                raise RuntimeError(f"sample did not pass: {result}")
            return time.perf_counter() - started, result.seconds

        for _ in range(20):
            run(TRIVIAL, ["test_a"])
        trivial = [run(TRIVIAL, ["test_a"]) for _ in range(args.trivial)]
        print(f"worker round trip, trivial:       {ms([t for t, _ in trivial])}")
        print(f"  zygote fork-to-reaped:          {ms([s for _, s in trivial])}")

        round_trip, zygote, bare = [], [], []
        for problem in load_humaneval():
            code = problem.verify_file()
            tests = analyze(code).tests
            total, seconds = run(code, tests)
            round_trip.append(total)
            zygote.append(seconds)
            started = time.perf_counter()
            namespace: dict = {}
            exec(compile(code, problem.task_id, "exec"), namespace)  # noqa: S102 - canonical solutions
            for name in tests:
                namespace[name]()
            bare.append(time.perf_counter() - started)
        print(f"worker round trip, HumanEval:     {ms(round_trip)}")
        print(f"  zygote fork-to-reaped:          {ms(zygote)}")
        print(f"bare exec, HumanEval:             {ms(bare)}")
    finally:
        worker.close()
        sandbox.close()

    config = VerifyConfig(workers=1, sandbox=args.sandbox)
    with Verifier(config) as verifier:
        samples = [Sample(id=str(i), code=TRIVIAL) for i in range(args.trivial)]
        verifier.verify(Sample(id="warm", code=TRIVIAL))
        started = time.perf_counter()
        for sample in samples:
            verifier.verify(sample)
        direct = (time.perf_counter() - started) / len(samples)
        samples = [Sample(id=str(i), code=TRIVIAL) for i in range(args.trivial)]
        started = time.perf_counter()
        for _ in verifier.verify_many(samples):
            pass
        many = (time.perf_counter() - started) / len(samples)
    print(f"Verifier.verify loop, trivial:    {direct * 1e3:6.2f} ms per sample")
    print(f"Verifier.verify_many (1 worker):  {many * 1e3:6.2f} ms per sample")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
