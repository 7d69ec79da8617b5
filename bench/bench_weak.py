"""Catch rate of the differential stage with weak tests (issue 16): ``bench/weak_eval_set.py``.

::

    python bench/bench_weak.py --workers 2 --out bench/results/weak_eval.json
    python bench/bench_weak.py --sets algos --workers 2 --out /tmp/algos.json

HumanEval items: the canonical solution with one small bug, the file's only test one or two of
HumanEval's asserts (often only ``[]`` or ``''``), HumanEval's canonical solution as
``reference``; each task's canonical solution with the same test is its control. QuixBugs-style
items: a one-line defect, one test, the correct program as reference; ``algos`` items the same
on classic algorithms outside QuixBugs. Labels, by running in this process: a bug counts only when
it passes its own asserts and fails HumanEval's full ``check`` (QuixBugs-style: differs from the
reference on a hand-checked input, see the set; ``algos``: on its input in ``ALGOS_WITNESSES``,
checked here, a different value, an exception or a timeout); a control must pass ``check``.
Verdicts: ``synthcode verify --stages tests,differential`` (10 s, ``--examples`` inputs) on this
tree, or on ``--src``. Caught = rejected by the differential stage. ``--sets`` runs only the sets
named (a comma list; all by default).
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_domain import call, load, verdict, verify  # noqa: E402
from weak_eval_set import ALGOS, ALGOS_WITNESSES, HUMANEVAL, HUMANEVAL_HELD, HUMANEVAL_LATER, QUIXBUGS  # noqa: E402
from synthcode.benchmarks import SHIPPED_DIR
from synthcode.stages.differential import values_agree

SETS = ("humaneval", "humaneval-later", "humaneval-held", "quixbugs", "algos")


def passes(code: str, test: str, entry_point: str) -> bool:
    namespace: dict = {}
    try:
        exec(compile(code, "<item>", "exec"), namespace)
        exec(compile(test, "<test>", "exec"), namespace)
    except Exception:
        return False
    check = namespace.get("check")
    if check is None:
        return True
    return call(check, (namespace[entry_point],), 5.0)[0] == "ok"


def shows(name: str, reference: str, buggy: str, args: tuple) -> str | None:
    """Where ``buggy`` differs from ``reference`` on ``args`` (the witness, as text), else None."""
    expected = call(load(reference, name), args)
    got = call(load(buggy, name), args)
    if expected[0] != "ok" or (got[0] == "ok" and values_agree(expected[1], got[1])):
        return None
    return f"{name}{args!r}: reference {expected[1]!r}, bug {got[0]} {got[1]!r}"


def samples() -> tuple[list[dict], list[dict]]:
    tasks = {}
    with gzip.open(SHIPPED_DIR / "HumanEval.jsonl.gz", "rt") as f:
        for line in f:
            record = json.loads(line)
            tasks[int(record["task_id"].split("/")[1])] = record
    items, out = [], []
    controls = set()
    for batch, (number, name, edits, asserts) in [*(("humaneval", h) for h in HUMANEVAL),
                                                  *(("humaneval-later", h) for h in HUMANEVAL_LATER),
                                                  *(("humaneval-held", h) for h in HUMANEVAL_HELD)]:
        task = tasks[number]
        entry = task["entry_point"]
        reference = task["prompt"] + task["canonical_solution"]
        body = task["canonical_solution"]
        for old, new in edits:
            assert old in body, (number, old)
            body = body.replace(old, new)
        own = "\n".join(a.replace("candidate(", f"{entry}(") for a in asserts)
        test = "\n\ndef test_weak():\n" + textwrap.indent(own, "    ") + "\n"
        variants = [(f"HumanEval/{number}:{name}", body, "wrong")]
        if number not in controls:
            controls.add(number)
            variants.append((f"HumanEval/{number}:control", task["canonical_solution"], "right"))
        for item_id, solution, meant in variants:
            code = task["prompt"] + solution
            own_ok = passes(code, own, entry)
            full_ok = passes(code, task["test"], entry)
            label = "right" if full_ok else "wrong"
            items.append({"id": item_id, "set": batch, "meant": meant, "label": label, "own_tests_pass": own_ok})
            out.append({"id": item_id, "code": code + test, "reference": reference, "entry_point": entry})
    for name, reference, buggy, asserts in QUIXBUGS:
        own = "\n".join(asserts)
        test = "\n\ndef test_weak():\n" + textwrap.indent(own, "    ") + "\n"
        variants = ((f"quixbugs:{name}", buggy, "wrong"), (f"quixbugs:{name}:control", reference, "right"))
        for item_id, code, meant in variants:
            items.append({"id": item_id, "set": "quixbugs", "meant": meant, "label": meant,
                          "own_tests_pass": passes(code, own, "")})
            out.append({"id": item_id, "code": code + test, "reference": reference})
    for name, reference, buggy, asserts in ALGOS:
        own = "\n".join(asserts)
        test = "\n\ndef test_weak():\n" + textwrap.indent(own, "    ") + "\n"
        witness = shows(name, reference, buggy, ALGOS_WITNESSES[name])
        variants = ((f"algos:{name}", buggy, "wrong", "wrong" if witness else "right"),
                    (f"algos:{name}:control", reference, "right", "right"))
        for item_id, code, meant, label in variants:
            items.append({"id": item_id, "set": "algos", "meant": meant, "label": label,
                          "own_tests_pass": passes(code, own, ""), "witness": witness if meant == "wrong" else None})
            out.append({"id": item_id, "code": code + test, "reference": reference})
    return items, out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--src", type=Path, default=ROOT / "src")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--examples", type=int, default=100)
    parser.add_argument("--domain", default=None)
    parser.add_argument("--only", default=None, help="substring of the item ids to run")
    parser.add_argument("--sets", default=",".join(SETS), help=f"comma list of sets to run ({', '.join(SETS)})")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "weak_eval.json")
    args = parser.parse_args()
    chosen = [name.strip() for name in args.sets.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in SETS]
    if unknown or not chosen:
        print(f"error: --sets {args.sets!r}: unknown set {', '.join(unknown) or '(none given)'}; "
              f"choose from {', '.join(SETS)}", file=sys.stderr)
        return 2
    items, records = samples()
    if args.only or set(chosen) != set(SETS):
        keep = {i["id"] for i in items if i["set"] in chosen and (not args.only or args.only in i["id"])}
        items = [i for i in items if i["id"] in keep]
        records = [r for r in records if r["id"] in keep]
    for item in items:
        if not item["own_tests_pass"] or item["meant"] != item["label"]:
            print(f"set problem: {item}", file=sys.stderr)
    work = Path(tempfile.mkdtemp(prefix="bench_weak_"))
    path = work / "samples.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    results = verify(args.src, path, work / "out.jsonl", args.workers, args.examples, args.domain)
    summary: dict[str, dict] = {}
    for item in items:
        outcome, detail, stage = verdict(results[item["id"]])
        item.update(outcome=outcome, detail=detail[:400])
        counts = summary.setdefault(item["set"], {"wrong": 0, "caught": 0, "right": 0, "rejected": 0})
        if not item["own_tests_pass"] or item["meant"] != item["label"]:
            continue
        counts[item["label"]] += 1
        if outcome != "accepted":
            counts["caught" if item["label"] == "wrong" else "rejected"] += 1
        missed = (item["label"] == "wrong") == (outcome == "accepted")
        print(f"{'MISS ' if missed else 'ok   '}{item['id']:<40} {outcome:<22} {detail[:160]}")
    for name, counts in summary.items():
        print(f"{name}: caught {counts['caught']}/{counts['wrong']} bugs, "
              f"rejected {counts['rejected']}/{counts['right']} controls")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    report = {"command": " ".join(sys.argv), "summary": summary, "items": items}
    args.out.write_text(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
