"""Catch rate and false-rejection rate of the differential stage on model-style alternatives (issue 16).

::

    python bench/bench_domain.py --before-rev df6f9fc --workers 2 --out bench/results/domain_eval.json

1. **The set**: ``bench/domain_eval_set.py``, alternative solutions to MBPP tasks written as a
   model writes them: right ones that differ from MBPP's reference only on inputs the task does not
   mean (negative counts, empty or unsorted lists, letters for digits, a dict for a Counter, a copy
   for an in-place change), right ones written differently, and subtly wrong ones.
2. **Labels, by running**: for each task, ``--label-inputs`` argument tuples are generated from
   the MBPP asserts' own arguments (:func:`synthcode.mutation.generate_inputs`, another seed than
   the stage's, plus relational boundaries and wider magnitudes) and kept where the task's
   ``valid`` expression (written from the statement, not inferred) holds and the reference
   returns (a task's hand-written ``extra_inputs`` are seeds too). Reference and alternative
   run in this process (our own corpus and MBPP's reference only), one second per call,
   compared as a test compares: ``==``, floats within tolerance. Any
   disagreement (a different value, an exception, a timeout) labels the alternative *wrong*, and
   the input is kept as its witness; none labels it *right*.
3. **Verdicts**: every alternative becomes a verify file (the task's statement as its docstring,
   the alternative, ``def test_mbpp():`` with MBPP's asserts) with MBPP's code as ``reference``,
   verified by ``synthcode verify --stages tests,differential`` (``--workers``, 10 s and
   ``--examples`` inputs) three times: the code at ``--before-rev`` (extracted with ``git
   archive``), this tree with ``differential.domain: any``, and this tree with the default
   ``inferred``. An alternative its own tests reject is left out of both rates (counted).

Catch rate = wrong alternatives rejected / wrong; false-rejection rate = right alternatives
rejected / right, per batch (``--batches``, a comma list of ``tuning``, ``held-out``, ``structure``
and ``fresh``: the lists of ``domain_eval_set.py``; default all) and over all. Everything goes to
``--out`` (JSON), a summary to stdout.
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from domain_eval_set import FRESH, HELD_OUT, STRUCTURE, TASKS  # noqa: E402

from synthcode.benchmarks import load_mbpp  # noqa: E402
from synthcode.domain.inputs import _relational, _wider  # noqa: E402
from synthcode.mutation import generate_inputs  # noqa: E402
from synthcode.stages.differential import values_agree  # noqa: E402
from synthcode.benchmarks import SHIPPED_DIR


BATCHES = {"tuning": TASKS, "held-out": HELD_OUT, "structure": STRUCTURE, "fresh": FRESH}


class CallTimeout(Exception):
    pass


def _alarm(signum, frame):
    raise CallTimeout()


def call(fn, args: tuple, seconds: float = 1.0):
    """``("ok", value)``, ``("raised", name)`` or ``("timeout", None)``."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return "ok", fn(*copy.deepcopy(args))
    except CallTimeout:
        return "timeout", None
    except RecursionError:
        return "raised", "RecursionError"
    except Exception as exc:
        return "raised", type(exc).__name__
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def load(code: str, name: str):
    namespace: dict = {}
    exec(compile(code, f"<{name}>", "exec"), namespace)
    return namespace[name]


def entry_point(asserts: list[str]) -> str:
    call_node = next(n for n in ast.walk(ast.parse(asserts[0])) if isinstance(n, ast.Call))
    return call_node.func.id


def seeds_of(asserts: list[str], name: str) -> list[tuple]:
    seeds = []
    for line in asserts:
        for node in ast.walk(ast.parse(line)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name:
                seeds.append(tuple(ast.literal_eval(a) for a in node.args))
    return seeds


def label_inputs(seeds: list[tuple], params: list[str], valid: str, reference, count: int) -> list[tuple]:
    import random

    rng = random.Random(20261207)
    pool = generate_inputs(seeds, count * 6, seed=987654321)
    pool += [v for s in seeds for v in _relational(s)]
    pool += [_wider(s, rng) for s in seeds + pool[:count] for _ in range(2)]
    check = compile(valid, "<valid>", "eval")
    kept, seen = [], set()
    for args in [*seeds, *pool]:
        key = repr(args)
        if key in seen or len(args) != len(params):
            continue
        seen.add(key)
        try:
            if not eval(check, {}, dict(zip(params, copy.deepcopy(args)))):
                continue
        except Exception:
            continue
        if call(reference, args)[0] != "ok":
            continue
        kept.append(args)
        if len(kept) >= count:
            break
    return kept


def label(reference, alternative, inputs: list[tuple]) -> tuple[str, str | None]:
    for args in inputs:
        expected = call(reference, args)
        got = call(alternative, args)
        if got[0] != "ok" or not values_agree(expected[1], got[1]):
            return "wrong", f"{args!r}: reference {expected[1]!r}, alternative {got[0]} {got[1]!r}"[:300]
    return "right", None


def verify(src: Path, samples: Path, out: Path, workers: int, examples: int, domain: str | None,
           stages: tuple[str, ...] = ("tests", "differential")) -> dict[str, dict]:
    config = {"stages": list(stages), "timeout": 10, "workers": workers,
              "budgets": {"differential": {"seconds": 10, "examples": examples}}}
    if domain is not None:
        config["differential"] = {"domain": domain}
    path = out.with_suffix(".yaml")
    path.write_text(json.dumps(config))  # JSON is YAML
    out.unlink(missing_ok=True)
    env = {**os.environ, "PYTHONPATH": str(src)}
    subprocess.run([sys.executable, "-m", "synthcode", "verify", str(samples), "--config", str(path),
                    "--out", str(out)], env=env, check=False, stdout=subprocess.DEVNULL)
    results = {}
    for line in out.read_text().splitlines():
        record = json.loads(line)
        results[record["id"]] = record
    return results


def verdict(record: dict) -> tuple[str, str, str]:
    """(what happened, the differential detail, the stage that decided)."""
    stages = record.get("stages") or []
    if isinstance(stages, str):
        stages = json.loads(stages)
    for stage in stages:
        if stage["status"] not in ("passed", "skipped"):
            return ("rejected by tests" if stage["stage"] == "tests" else f"rejected ({stage['status']})",
                    stage.get("detail", ""), stage["stage"])
    detail = next((s.get("detail", "") for s in stages if s["stage"] == "differential"), "")
    return "accepted", detail, ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mbpp", type=Path, default=SHIPPED_DIR / "mbpp.jsonl")
    parser.add_argument("--before-rev", default=None, help="git revision of the code before (default: skip)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--examples", type=int, default=100)
    parser.add_argument("--label-inputs", type=int, default=2000)
    parser.add_argument("--labels-only", action="store_true", help="label the set and stop")
    parser.add_argument("--stages", default="tests,differential", help="the verify stages (default: %(default)s)")
    parser.add_argument("--only-inferred", action="store_true", help="run only this tree with domain: inferred")
    parser.add_argument("--batches", default=",".join(BATCHES),
                        help="comma list of the batches to run, of %(default)s (default: all)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "domain_eval.json")
    args = parser.parse_args()
    batches = [b.strip() for b in args.batches.split(",") if b.strip()]
    unknown = [b for b in batches if b not in BATCHES]
    if unknown or not batches:
        print(f"error: --batches {args.batches!r}: choose from {', '.join(BATCHES)}", file=sys.stderr)
        return 2

    mbpp = {r["task_id"]: r for r in load_mbpp(args.mbpp)}
    items, samples = [], []
    for batch, task in [(batch, task) for batch in batches for task in BATCHES[batch]]:
        record = mbpp[task["task_id"]]
        name = entry_point(record["test_list"])
        reference_code = record["code"].replace("\r\n", "\n")
        setup = record.get("test_setup_code") or ""
        reference = load(reference_code + "\n" + setup, name)
        function = next(n for n in ast.walk(ast.parse(reference_code))
                        if isinstance(n, ast.FunctionDef) and n.name == name)
        params = [p.arg for p in function.args.args]
        seeds = seeds_of(record["test_list"], name)
        inputs = label_inputs(seeds + task.get("extra_inputs", []), params, task["valid"], reference,
                              args.label_inputs)
        tests = "\n".join(f"    {line}" for line in record["test_list"])
        for alt, (meant, code) in task["alternatives"].items():
            code = textwrap.dedent(code).strip() + "\n"
            kind, witness = label(reference, load(code, name), inputs)
            item_id = f"{task['task_id']}:{alt}"
            items.append({"id": item_id, "task_id": task["task_id"], "batch": batch, "meant": meant, "label": kind,
                          "witness": witness, "label_inputs": len(inputs), "valid": task["valid"]})
            text = f'"""{record["text"]}"""\n\n{code}\n{setup}\n\ndef test_mbpp():\n{tests}\n'
            samples.append({"id": item_id, "code": text, "reference": reference_code, "entry_point": name})
        print(f"task {task['task_id']}: {len(inputs)} labelling inputs", file=sys.stderr)

    if args.labels_only:
        for item in items:
            print(f"{item['id']:>20} meant {item['meant']:<6} label {item['label']:<6} {item['witness'] or ''}")
        return 0
    work = Path(tempfile.mkdtemp(prefix="bench_domain_"))
    samples_path = work / "samples.jsonl"
    samples_path.write_text("".join(json.dumps(s) + "\n" for s in samples))
    variants = {}
    if args.before_rev:
        before = work / "before"
        before.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.before_rev, "src"],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(before)], input=archive, check=True)
        variants[f"before ({args.before_rev})"] = (before / "src", None)
    if not args.only_inferred:
        variants["after, domain: any"] = (ROOT / "src", "any")
    variants["after, domain: inferred"] = (ROOT / "src", "inferred")
    summary: dict[str, dict] = {}
    for label_name, (src, domain) in variants.items():
        results = verify(src, samples_path, work / f"{len(summary)}.jsonl", args.workers, args.examples, domain,
                         tuple(args.stages.split(",")))
        summary[label_name] = {}
        for batch in (*batches, "all"):
            counts = {"wrong": 0, "wrong_caught": 0, "right": 0, "right_rejected": 0, "rejected_by_tests": 0}
            for item in items:
                if batch != "all" and item["batch"] != batch:
                    continue
                outcome, detail, _ = verdict(results[item["id"]])
                item.setdefault("verdicts", {})[label_name] = {"outcome": outcome, "detail": detail[:400]}
                if outcome == "rejected by tests":
                    counts["rejected_by_tests"] += 1
                    continue
                counts[item["label"]] += 1
                if outcome != "accepted":
                    counts["wrong_caught" if item["label"] == "wrong" else "right_rejected"] += 1
            counts["catch_rate"] = round(counts["wrong_caught"] / counts["wrong"], 4) if counts["wrong"] else None
            counts["false_rejection_rate"] = (round(counts["right_rejected"] / counts["right"], 4)
                                              if counts["right"] else None)
            summary[label_name][batch] = counts
            print(f"{label_name} [{batch}]: caught {counts['wrong_caught']}/{counts['wrong']} wrong, "
                  f"rejected {counts['right_rejected']}/{counts['right']} right "
                  f"({counts['rejected_by_tests']} failed their own tests)")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"command": " ".join(sys.argv), "summary": summary, "items": items},
                                   indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
