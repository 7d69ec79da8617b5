"""Catch rate and false-rejection rate of ``synthcode verify`` on the held-out sets (issue 16 item 5).

::

    python bench/heldout_sets.py                        # (re)label the sets, if they changed
    PYTHONPATH=src python bench/bench_heldout.py --label main-5055334 --workers 2
    PYTHONPATH=src python bench/bench_heldout.py --dir bench/heldout2 --sets mbpp --label final

``--dir`` (default ``bench/heldout``) names the folder that holds the sets; the report goes to
``bench/results/<folder name>-<label>.json`` (``heldout-<label>.json`` by default).

The sets are in ``bench/heldout/`` (see its README): MBPP alternatives labelled by running,
weak-test HumanEval bugs with their controls, QuixBugs-style programs with one test. Every row
becomes a verify file the way ``bench/bench_domain.py`` writes them: the statement as the module
docstring, the solution, its tests as ``def test_...():``, and the reference solution as
``reference``. Each set is verified twice, by ``python -m synthcode verify SET.jsonl --out ...``
with the code on ``PYTHONPATH``: with the shipped default config (``configs/verify/default.yaml``,
every stage) and with ``--stages tests,differential``.

Per set and run: caught = wrong rows rejected / wrong rows; false rejections = right rows
rejected / right rows, with each rejected right row's stage and reason. A row its own tests
reject counts as rejected (the sets keep only rows that pass their tests, so this should not
happen; it is listed), and so does an ``error`` verdict (counted apart as ``errors``). Right MBPP
rows that leave their arguments unlike the reference does (a copy for an in-place sort) are
counted apart too (``right_args_differ``, ``right_rejected_args_differ``), for a reader who
counts argument state as part of the answer. Everything goes to ``bench/results/<folder>-<label>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETS = ROOT / "bench" / "heldout"
RUNS = {
    "default": ["--config", str(ROOT / "configs" / "verify" / "default.yaml")],
    "tests,differential": ["--config", str(ROOT / "configs" / "verify" / "default.yaml"),
                           "--stages", "tests,differential"],
}


def indent(lines: list[str]) -> str:
    return "\n".join(f"    {line}" for line in lines)


def verify_file(set_name: str, row: dict) -> str:
    """The verify file's code: statement as docstring, the solution, its tests as a test function."""
    if set_name == "mbpp":
        return (f'"""{row["text"]}"""\n\n{row["code"]}\n{row["setup"]}\n\n'
                f'def test_mbpp():\n{indent(row["tests"])}\n')
    if set_name == "humaneval_weak":
        # The prompt (with its docstring) is part of the code already.
        return f'{row["code"]}\n\ndef test_humaneval():\n{indent(row["tests"])}\n'
    return f'"""{row["doc"]}"""\n\n{row["code"]}\n\ndef test_quixbugs():\n{indent(row["tests"])}\n'


def verdict(record: dict) -> tuple[str, str, str]:
    """(accepted | rejected | error, the deciding stage and its status, the reason)."""
    stages = record.get("stages") or []
    if isinstance(stages, str):
        stages = json.loads(stages)
    stage = next((f"{s['stage']}:{s['status']}" for s in stages if s["status"] not in ("passed", "skipped")), "")
    status = record.get("status")
    outcome = "accepted" if status == "accepted" else "error" if status == "error" else "rejected"
    return outcome, stage, str(record.get("reason") or "")[:300]


def run(set_name: str, rows: list[dict], run_name: str, work: Path, workers: int) -> dict[str, dict]:
    samples = work / f"{set_name}.jsonl"
    samples.write_text("".join(json.dumps({"id": r["id"], "code": verify_file(set_name, r),
                                           "reference": r["reference"], "entry_point": r["entry_point"]}) + "\n"
                               for r in rows))
    out = work / f"{set_name}-{run_name.replace(',', '_')}.out.jsonl"
    out.unlink(missing_ok=True)
    command = [sys.executable, "-m", "synthcode", "verify", str(samples), "--out", str(out),
               "--workers", str(workers), *RUNS[run_name]]
    subprocess.run(command, env={**os.environ, "PYTHONPATH": os.environ.get("PYTHONPATH", str(ROOT / "src"))},
                   check=False, stdout=subprocess.DEVNULL)
    results = {}
    for line in out.read_text().splitlines():
        record = json.loads(line)
        results[record["id"]] = record
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--label", required=True, help="names the output: bench/results/<folder of --dir>-<label>.json")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--dir", type=Path, default=SETS, help="folder that holds the sets' .jsonl files")
    parser.add_argument("--sets", default="mbpp,humaneval_weak,quixbugs")
    parser.add_argument("--runs", default="default;tests,differential",
                        help="';'-separated: default and/or tests,differential")
    args = parser.parse_args()
    sets = args.dir.resolve()
    missing = [name for name in args.sets.split(",") if not (sets / f"{name}.jsonl").exists()]
    if missing:
        print(f"error: --sets {missing[0]}: {sets / (missing[0] + '.jsonl')} does not exist", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="bench_heldout_"))
    report: dict = {"command": " ".join(sys.argv), "dir": str(sets), "pythonpath": os.environ.get("PYTHONPATH"), "sets": {}}
    for set_name in args.sets.split(","):
        rows = [json.loads(line) for line in (sets / f"{set_name}.jsonl").read_text().splitlines()]
        report["sets"][set_name] = {}
        for run_name in args.runs.split(";"):
            started = time.time()
            results = run(set_name, rows, run_name, work, args.workers)
            counts = {"wrong": 0, "caught": 0, "right": 0, "right_rejected": 0, "missing": 0, "errors": 0,
                      "right_args_differ": sum(bool(r.get("argument_difference")) for r in rows if r["label"] == "right"),
                      "right_rejected_args_differ": 0}
            rejected_right, missed_wrong = [], []
            for row in rows:
                record = results.get(row["id"])
                if record is None:
                    counts["missing"] += 1
                    continue
                outcome, stage, detail = verdict(record)
                counts[row["label"]] += 1
                if outcome == "error":
                    counts["errors"] += 1
                if outcome != "accepted":
                    if row["label"] == "wrong":
                        counts["caught"] += 1
                    else:
                        counts["right_rejected"] += 1
                        rejected_right.append({"id": row["id"], "outcome": outcome, "stage": stage, "detail": detail,
                                               "argument_difference": row.get("argument_difference")})
                        counts["right_rejected_args_differ"] += bool(row.get("argument_difference"))
                elif row["label"] == "wrong":
                    missed_wrong.append({"id": row["id"], "witness": row.get("witness") or row.get("bug")})
            summary = {
                **counts,
                "catch_rate": round(counts["caught"] / counts["wrong"], 4) if counts["wrong"] else None,
                "false_rejection_rate": round(counts["right_rejected"] / counts["right"], 4) if counts["right"] else None,
                "rejected_right": rejected_right, "missed_wrong": missed_wrong,
                "seconds": round(time.time() - started, 1),
            }
            report["sets"][set_name][run_name] = summary
            print(f"{set_name:>15} [{run_name}]: caught {counts['caught']}/{counts['wrong']}"
                  f" ({summary['catch_rate']}), false rejections {counts['right_rejected']}/{counts['right']}"
                  f" ({summary['false_rejection_rate']}; {counts['right_rejected_args_differ']} of them leave their arguments"
                  f" unlike the reference), {counts['errors']} error verdicts (counted as rejections),"
                  f" {counts['missing']} without a result")
            for item in rejected_right:
                print(f"    rejected right {item['id']}: {item['stage']} {item['detail'][:160]}")
    out = ROOT / "bench" / "results" / f"{sets.name}-{args.label}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1) + "\n")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
