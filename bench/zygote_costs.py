"""Where a sample's CPU goes inside one process-sandbox worker: the zygote and its forked children.

A companion to ``bench_verify.py`` for profiling, no ``perf`` needed::

    python bench/zygote_costs.py --rounds 3

One warm worker runs every HumanEval verify file but HumanEval/75 (whose 0.16 s of arithmetic
would drown the rest), one at a time, ``--rounds`` times; then as many samples whose only test is
``pass``. Per sample, from ``/proc/PID/stat`` of the zygote: its own CPU time and minor page
faults (each a copy-on-write fault, mostly: the zygote writes pages its last child shares), and
those of its reaped children (the samples). Also the host's CPU in ``Worker.run`` and the whole
machine's busy time (``/proc/stat``), both per sample. ``--json`` writes the numbers to a file.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from synthcode.analysis import analyze
from synthcode.benchmarks import load_humaneval
from synthcode.registry import SANDBOXES
from synthcode.sandbox.base import Limits, RunRequest
from synthcode.stages.tests import _test_definitions

TICK = os.sysconf("SC_CLK_TCK")
TRIVIAL = "def test_a():\n    pass\n"


def descendants(pid: int) -> list[int]:
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        for child in Path(f"/proc/{pid}/task/{task}/children").read_text().split():
            found += [int(child), *descendants(int(child))]
    return found


def process_stat(pid: int) -> dict[str, int]:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    field = lambda number: int(fields[number - 3])  # noqa: E731 - proc(5) numbers fields from 1, after "(comm)"
    return {"faults": field(10), "child_faults": field(11), "cpu": field(14) + field(15),
            "child_cpu": field(16) + field(17)}


def machine_busy() -> int:
    ticks = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return sum(ticks) - ticks[3] - ticks[4]  # all but idle and iowait


def request(code: str) -> RunRequest:
    info = analyze(code)
    lines, decorated = _test_definitions(info.tree, info.tests)
    return RunRequest(code=code, tests=info.tests, timeout=10.0,
                      extra={"test_lines": lines, "decorated_tests": decorated})


def measure(worker, zygote: int, requests: list[RunRequest], rounds: int) -> dict[str, float]:
    for warm in requests[:20]:
        worker.run(warm)
    before, host, busy, started = process_stat(zygote), os.times(), machine_busy(), time.perf_counter()
    count = 0
    for _ in range(rounds):
        for each in requests:
            result = worker.run(each)
            if not result.find("pass") or result.find("fail"):
                raise RuntimeError(f"a sample did not pass: {result}")
            count += 1
    after, host_after = process_stat(zygote), os.times()
    wall, busy = time.perf_counter() - started, machine_busy() - busy
    per = lambda ticks: ticks / TICK / count * 1e3  # noqa: E731 - ms per sample
    return {
        "samples": count,
        "wall_ms": wall / count * 1e3,
        "zygote_cpu_ms": per(after["cpu"] - before["cpu"]),
        "zygote_faults": (after["faults"] - before["faults"]) / count,
        "children_cpu_ms": per(after["child_cpu"] - before["child_cpu"]),
        "children_faults": (after["child_faults"] - before["child_faults"]) / count,
        "host_cpu_ms": (host_after.user + host_after.system - host.user - host.system) / count * 1e3,
        "machine_busy_ms": per(busy),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="passes over the HumanEval files [default: 3]")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()

    sandbox = SANDBOXES.load("process")(limits=Limits())
    sandbox.check()
    worker = sandbox.start_worker()
    try:
        process = worker.transport.process  # type: ignore[attr-defined]
        (zygote,) = [p for p in descendants(process.pid) if b"runner.py" in Path(f"/proc/{p}/cmdline").read_bytes()]
        humaneval = [request(p.verify_file()) for p in load_humaneval() if p.task_id != "HumanEval/75"]
        results = {"humaneval": measure(worker, zygote, humaneval, args.rounds),
                   "empty test": measure(worker, zygote, [request(TRIVIAL)] * len(humaneval), args.rounds)}
    finally:
        worker.close()
        sandbox.close()
    for name, numbers in results.items():
        print(f"{name}: {numbers['samples']} samples, {numbers['wall_ms']:.2f} ms each (one worker, one at a time)")
        print(f"  zygote:   {numbers['zygote_cpu_ms']:.2f} ms CPU, {numbers['zygote_faults']:.0f} faults")
        print(f"  children: {numbers['children_cpu_ms']:.2f} ms CPU, {numbers['children_faults']:.0f} faults")
        print(f"  host (Worker.run): {numbers['host_cpu_ms']:.2f} ms CPU; machine busy {numbers['machine_busy_ms']:.2f} ms")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
