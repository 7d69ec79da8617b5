"""Build and label the held-out sets for the differential verdict (issue 16 item 5).

::

    python bench/heldout_sets.py            # writes bench/heldout/{mbpp,humaneval_weak,quixbugs}.jsonl
    python bench/heldout_sets.py --dir bench/heldout2 --only mbpp   # a second, fresh MBPP set

``--dir`` names the folder that holds a set's sources (``mbpp_tasks.py``, ``humaneval_bugs.py``,
``quixbugs_programs.py``) and receives its ``.jsonl`` files and ``labels.json``; without ``--only``,
every set whose source is in that folder is built.

The sets judge the differential stage; they were made apart from its development set
(``bench/domain_eval_set.py``) and share no task with it. Everything is labelled here by running,
never by what the author meant:

- **mbpp**: the alternatives in ``bench/heldout/mbpp_tasks.py``. One that fails MBPP's own asserts
  is dropped (counted). The rest run against MBPP's reference on the task's in-domain inputs:
  the MBPP asserts' own arguments, the task's edge tuples, and ``--inputs`` draws of its
  hand-written generator (an input the reference does not answer is left out). Compared as a
  test compares (``==``, floats within 1e-6 relative); any disagreement, exception or timeout
  labels the alternative *wrong* and keeps the input as its witness; none labels it *right*.
  What a call leaves in its arguments is not part of the label (MBPP's asserts see only the
  returned value; the brief counts a copy for an in-place change as a right choice); the first
  input on which reference and solution leave different arguments is kept as
  ``argument_difference``, for a reader who wants to count those apart.
- **humaneval_weak**: the human-style bugs in ``bench/heldout/humaneval_bugs.py``. Each must pass
  its weak tests (one or two of HumanEval's own asserts) and fail HumanEval's full ``check``;
  its control, the canonical solution, must pass both. A bug that does not hold is an error.
- **quixbugs**: ``bench/heldout/quixbugs_programs.py``. The buggy version must pass its one test
  and disagree with the reference on the witness input the program names; the reference must
  pass the test.

Labelling runs the solutions in this process (our own code and the benchmarks' references
only), with a one-second alarm per call.
"""

from __future__ import annotations

import argparse
import ast
import copy
import gzip
import importlib.util
import json
import math
import random
import re
import signal
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "bench" / "heldout"
SOURCES = {"mbpp": "mbpp_tasks.py", "humaneval_weak": "humaneval_bugs.py", "quixbugs": "quixbugs_programs.py"}
from synthcode.benchmarks import SHIPPED_DIR as SHARED  # HumanEval and MBPP, shipped in the package


def source(directory: Path, set_name: str):
    """The module that defines a set, loaded from ``directory`` by its path (two folders may
    hold modules of the same name, so nothing goes through ``sys.path``)."""
    path = directory / SOURCES[set_name]
    spec = importlib.util.spec_from_file_location(f"heldout_{directory.name}_{set_name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class CallTimeout(Exception):
    pass


def _alarm(signum, frame):
    raise CallTimeout()


def call(fn, args: tuple, seconds: float = 1.0, after: list | None = None):
    """``("ok", value)``, ``("raised", name)`` or ``("timeout", None)``; arguments are copied
    (into ``after``, when given, so the caller sees what the call left in them)."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    copied = copy.deepcopy(args)
    if after is not None:
        after.append(copied)
    try:
        return "ok", fn(*copied)
    except CallTimeout:
        return "timeout", None
    except RecursionError:
        return "raised", "RecursionError"
    except Exception as exc:
        return "raised", type(exc).__name__
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def run_source(source: str, seconds: float = 5.0) -> str | None:
    """Run a program (code plus its asserts); None when it passes, else why not."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        exec(compile(source, "<program>", "exec"), {"__name__": "__heldout__"})
        return None
    except CallTimeout:
        return "timeout"
    except AssertionError as exc:
        return f"AssertionError {exc}"[:200]
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"[:200]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def agree(a, b) -> bool:
    """Equal as a test's ``==`` sees them, with floats within a tolerance."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and (isinstance(a, float) or isinstance(b, float)):
        if math.isnan(a) and math.isnan(b):
            return True
        return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)
    if isinstance(a, list) and isinstance(b, list) or isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(agree(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(agree(a[k], b[k]) for k in a)
    try:
        return bool(a == b)
    except Exception:
        return False


def load(code: str, name: str):
    namespace: dict = {}
    exec(compile(code, f"<{name}>", "exec"), namespace)
    return namespace[name]


def entry_point(asserts: list[str], code: str = "") -> str:
    """The function the first assert calls: its first call of a function that ``code`` defines
    (``assert int(lobb_num(5, 3)) == 35`` names ``lobb_num``), else its first call."""
    defined = {n.name for n in ast.walk(ast.parse(code)) if isinstance(n, ast.FunctionDef)} if code else set()
    calls = [n.func.id for n in ast.walk(ast.parse(asserts[0]))
             if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)]
    return next((name for name in calls if name in defined), calls[0])


def seeds_of(asserts: list[str], name: str) -> list[tuple]:
    seeds = []
    for line in asserts:
        for node in ast.walk(ast.parse(line)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name:
                try:
                    seeds.append(tuple(ast.literal_eval(a) for a in node.args))
                except ValueError:
                    pass
    return seeds


def build_mbpp(count: int, directory: Path = HERE) -> tuple[list[dict], dict]:
    TASKS = source(directory, "mbpp").TASKS

    mbpp = {}
    for line in (SHARED / "mbpp.jsonl").read_text().splitlines():
        record = json.loads(line)
        mbpp[record["task_id"]] = record
    rows, stats = [], {"tasks": 0, "solutions": 0, "dropped_by_mbpp_asserts": [], "label_inputs": {}}
    for task in TASKS:
        record = mbpp[task["task_id"]]
        reference_code = record["code"].replace("\r\n", "\n").replace("\t", "    ")
        name = entry_point(record["test_list"], reference_code)
        setup = record.get("test_setup_code") or ""
        reference = load(reference_code + "\n" + setup, name)
        rng = random.Random(1000 + task["task_id"])
        pool = seeds_of(record["test_list"], name) + list(task.get("edges", []))
        pool += [task["gen"](rng) for _ in range(count)]
        inputs, seen = [], set()
        for args in pool:
            key = repr(args)
            if key in seen:
                continue
            seen.add(key)
            left: list = []
            status, value = call(reference, args, after=left)
            if status == "ok":
                inputs.append((args, value, left[0]))
        stats["tasks"] += 1
        stats["label_inputs"][task["task_id"]] = len(inputs)
        asserts = "\n".join(record["test_list"])
        for alt, (meant, code) in task["solutions"].items():
            code = textwrap.dedent(code).strip() + "\n"
            item_id = f"mbpp/{task['task_id']}:{alt}"
            failure = run_source(f"{code}\n{setup}\n{asserts}\n")
            if failure is not None:
                stats["dropped_by_mbpp_asserts"].append(f"{item_id}: {failure}")
                continue
            stats["solutions"] += 1
            fn = load(code, name)
            label, witness, arguments = "right", None, None
            for args, expected, ref_left in inputs:
                left = []
                got = call(fn, args, after=left)
                if got[0] != "ok" or not agree(expected, got[1]):
                    label = "wrong"
                    witness = f"{name}{args!r}: reference {expected!r}, solution {got[0]} {got[1]!r}"[:400]
                    break
                if arguments is None and not agree(ref_left, left[0]):
                    arguments = f"{name}{args!r}: reference left {ref_left!r}, solution left {left[0]!r}"[:400]
            rows.append({"id": item_id, "task_id": task["task_id"], "entry_point": name, "text": record["text"],
                         "code": code, "reference": reference_code, "setup": setup, "tests": record["test_list"],
                         "meant": meant, "label": label, "witness": witness, "label_inputs": len(inputs),
                         "argument_difference": arguments})
    return rows, stats


EMPTY_ONLY = re.compile(r"^assert \w+\((\[\]|''|\"\")\)")


def humaneval_asserts(problem: dict) -> list[str]:
    """HumanEval's own top-level asserts in ``check``, calling the function by its name."""
    tree = ast.parse(problem["test"])
    check = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "check")
    out = []
    for node in check.body:
        if isinstance(node, ast.Assert):
            for name in ast.walk(node):
                if isinstance(name, ast.Name) and name.id == "candidate":
                    name.id = problem["entry_point"]
            node.msg = None
            out.append(ast.unparse(node))
    return [line for line in out if problem["entry_point"] + "(" in line]


def weak_tests(problem: dict, buggy: str, canonical: str, prefer_empty: bool) -> list[str]:
    """One or two of HumanEval's asserts that the bug passes (the ``[]``/``''`` ones first if asked)."""
    passing = [a for a in humaneval_asserts(problem)
               if run_source(f"{buggy}\n{a}\n") is None and run_source(f"{canonical}\n{a}\n") is None]
    if prefer_empty and any(EMPTY_ONLY.search(a) for a in passing):
        return [a for a in passing if EMPTY_ONLY.search(a)][:1]
    return [a for a in passing if not EMPTY_ONLY.search(a)][:2] or passing[:1]


def build_humaneval(directory: Path = HERE) -> tuple[list[dict], dict]:
    BUGS = source(directory, "humaneval_weak").BUGS

    problems = {}
    with gzip.open(SHARED / "HumanEval.jsonl.gz", "rt") as handle:
        for line in handle:
            record = json.loads(line)
            problems[record["task_id"]] = record
    rows, stats = [], {"problems": 0, "errors": [], "empty_only": 0}
    for bug in BUGS:
        problem = problems[bug["task_id"]]
        entry = problem["entry_point"]
        canonical = problem["prompt"] + problem["canonical_solution"]
        if bug["old"] not in problem["canonical_solution"]:
            stats["errors"].append(f"{bug['task_id']}: {bug['old']!r} not in the canonical solution")
            continue
        buggy = problem["prompt"] + problem["canonical_solution"].replace(bug["old"], bug["new"], 1)
        full = f"{problem['test']}\ncheck({entry})\n"
        tests = bug.get("tests") or weak_tests(problem, buggy, canonical, bug.get("prefer_empty", False))
        weak = "\n".join(tests)
        checks = {
            "some HumanEval assert passes the bug": bool(tests),
            "buggy passes weak tests": run_source(f"{buggy}\n{weak}\n") is None,
            "buggy fails HumanEval's check": run_source(f"{buggy}\n{full}") is not None,
            "canonical passes weak tests": run_source(f"{canonical}\n{weak}\n") is None,
        }
        broken = [k for k, ok in checks.items() if not ok]
        if broken:
            stats["errors"].append(f"{bug['task_id']}: does not hold: {', '.join(broken)}")
            continue
        empty_only = all(EMPTY_ONLY.search(t) for t in tests)
        bug = {**bug, "tests": tests, "empty_only": empty_only}
        stats["problems"] += 1
        stats["empty_only"] += empty_only
        docstring = problem["prompt"]
        for kind, code, label in (("buggy", buggy, "wrong"), ("control", canonical, "right")):
            rows.append({"id": f"{bug['task_id']}:{kind}", "task_id": bug["task_id"], "entry_point": entry,
                         "prompt": docstring, "code": code, "reference": canonical, "tests": bug["tests"],
                         "bug": bug.get("bug") if kind == "buggy" else None, "label": label,
                         "empty_only": bool(bug.get("empty_only"))})
    return rows, stats


def build_quixbugs(directory: Path = HERE) -> tuple[list[dict], dict]:
    PROGRAMS = source(directory, "quixbugs").PROGRAMS

    rows, stats = [], {"programs": 0, "errors": []}
    for program in PROGRAMS:
        name = program["name"]
        entry = program.get("entry_point", name)
        reference = textwrap.dedent(program["reference"]).strip() + "\n"
        buggy = textwrap.dedent(program["buggy"]).strip() + "\n"
        test = program["test"]
        ref_fn, bug_fn = load(reference, entry), load(buggy, entry)
        expected, got = call(ref_fn, program["witness"]), call(bug_fn, program["witness"])
        checks = {
            "buggy passes its test": run_source(f"{buggy}\n{test}\n") is None,
            "reference passes the test": run_source(f"{reference}\n{test}\n") is None,
            "they differ on the witness": expected[0] == "ok" and (got[0] != "ok" or not agree(expected[1], got[1])),
        }
        broken = [k for k, ok in checks.items() if not ok]
        if broken:
            stats["errors"].append(f"{name}: {', '.join(broken)} (witness: {expected} vs {got})")
            continue
        stats["programs"] += 1
        rows.append({"id": f"quixbugs/{name}", "entry_point": entry, "doc": program["doc"], "code": buggy,
                     "reference": reference, "tests": [test], "label": "wrong",
                     "witness": f"{entry}{program['witness']!r}: reference {expected[1]!r}, buggy {got[0]} {got[1]!r}"[:400]})
    return rows, stats


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--inputs", type=int, default=2000, help="generated labelling inputs per MBPP task")
    parser.add_argument("--only", choices=list(SOURCES), action="append")
    parser.add_argument("--dir", type=Path, default=HERE,
                        help="folder with the sets' sources; receives the .jsonl files and labels.json")
    args = parser.parse_args()
    here = args.dir.resolve()
    if not here.is_dir():
        print(f"error: --dir {args.dir} is not a folder", file=sys.stderr)
        return 2
    missing = [name for name in args.only or [] if not (here / SOURCES[name]).exists()]
    if missing:
        print(f"error: --only {missing[0]} needs {here / SOURCES[missing[0]]}, which does not exist", file=sys.stderr)
        return 2
    wanted = args.only or [name for name in SOURCES if (here / SOURCES[name]).exists()]
    if not wanted:
        print(f"error: --dir {args.dir} holds none of {', '.join(SOURCES.values())}", file=sys.stderr)
        return 2
    builders = {"mbpp": lambda: build_mbpp(args.inputs, here), "humaneval_weak": lambda: build_humaneval(here),
                "quixbugs": lambda: build_quixbugs(here)}
    labels_path = here / "labels.json"
    summary = json.loads(labels_path.read_text()) if labels_path.exists() else {}
    for name, build in builders.items():
        if name not in wanted:
            continue
        rows, stats = build()
        (here / f"{name}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
        labels = {}
        for row in rows:
            labels[row["label"]] = labels.get(row["label"], 0) + 1
        stats["labels"] = labels
        summary[name] = stats
        print(f"{name}: {len(rows)} rows {labels}", file=sys.stderr)
        for row in rows:
            if row.get("meant") and row["meant"] != row["label"]:
                print(f"  meant {row['meant']}, labelled {row['label']}: {row['id']} {row.get('witness') or ''}",
                      file=sys.stderr)
        for key in ("dropped_by_mbpp_asserts", "errors"):
            for line in stats.get(key, []):
                print(f"  {key}: {line}", file=sys.stderr)
    labels_path.write_text(json.dumps(summary, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
