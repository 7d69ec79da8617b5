"""Catch rate of the differential stage: wrong MBPP solutions that pass MBPP's own tests (issue 3).

::

    python bench/bench_catch_rate.py --first 11 --last 510 --workers 2

1. **Originals.** Each MBPP task in ``[first, last]`` becomes a verify file: its ``code``, its
   ``test_setup_code``, and ``def test_mbpp():`` holding its ``test_list`` asserts. Tasks whose
   original fails its own tests are dropped (counted).
2. **Mutants.** First-order AST mutants of the original: comparison operators (``<``/``<=``,
   ``>``/``>=``, ``==``/``!=``), arithmetic (``+``/``-``, ``*``/``//``, augmented too), integer
   constants +1 and -1, ``range()`` bounds +1 and -1, ``and``/``or``, a dropped ``not``. Up to
   ``--tried`` distinct mutants per task (in a shuffled order seeded by the task id) go through the
   ``tests`` stage (process sandbox, ``--workers`` workers); the first ``--per-task`` that pass
   MBPP's tests are the *survivors*.
3. **Catch run.** Every survivor is verified with every stage (``synthcode verify``'s default:
   tests, consistency, properties, differential, symbolic, z3) and the original code as its
   ``reference`` (default budgets: 10 s and 100 generated inputs), with the entry point named (the
   function the first MBPP assert calls). MBPP has no contracts, so the stages that check
   contracts skip and the differential stage does the catching.
4. **Equivalence.** A survivor the catch run did not reject is checked again against the original
   on ``--equivalence-examples`` generated inputs (another generator seed, 20 s per run), judging
   every input the original answers (``differential.domain: any``, whatever ``--domain`` the
   catch run used). Disagreeing
   there makes it *wrong but missed*; agreeing there too makes it *likely equivalent*, and it is
   left out of the catch rate (reported on its own).
5. **False alarms.** The originals, verified the same way with themselves as reference, and two
   semantics-preserving rewrites of each against the original: ``ast.unparse`` (formatting and
   comments gone), and the same with every comparison mirrored (``a < b`` to ``b > a``).

6. **Stage costs on contracts.** MBPP exercises only the tests and differential stages, so the
   contract-bearing files of ``--cost-corpus`` (default ``tests/corpus``: correct and planted-bug
   functions with PEP 316 contracts, a ``NAME.ref.py`` beside a file being its reference) are
   verified ``--cost-repeats`` times with every stage, for the costs of the other stages.

A wrong survivor the catch run missed is run once more with ``differential.domain: inferred``:
agreeing there, it differs from the original only outside the inferred domain (counted apart, and
``catch_rate_inside_inferred_domain`` leaves it out).

Catch rate = wrong survivors rejected / wrong survivors; false-alarm rate = correct programs
rejected / correct programs. Per-stage seconds (median, p95) come from ``StageResult.seconds`` of
every stage that ran (not skipped) in the catch, false-alarm and cost runs. All numbers go to
``--out`` (JSON), a summary to stdout.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import json
import logging
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from synthcode.benchmarks import load_mbpp
from synthcode.domain import DifferentialConfig
from synthcode.sample import Sample
from synthcode.stages.base import Budget
from synthcode.verify import DEFAULT_STAGES, Verifier, VerifyConfig

log = logging.getLogger("bench_catch_rate")

HERE = Path(__file__).resolve().parent


# --------------------------------------------------------------------------- mutants

_COMPARE_SWAPS = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
                  ast.NotEq: ast.Eq}
_ARITH_SWAPS = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.FloorDiv, ast.FloorDiv: ast.Mult}
_BOOL_SWAPS = {ast.And: ast.Or, ast.Or: ast.And}
_MIRRORED = {ast.Lt: ast.Gt, ast.Gt: ast.Lt, ast.LtE: ast.GtE, ast.GtE: ast.LtE, ast.Eq: ast.Eq, ast.NotEq: ast.NotEq}


def _variants(node: ast.AST) -> list[tuple[str, object]]:
    """(operator name, argument) for each first-order mutation of ``node`` itself."""
    out: list[tuple[str, object]] = []
    if isinstance(node, ast.Compare):
        out += [("compare", j) for j, op in enumerate(node.ops) if type(op) in _COMPARE_SWAPS]
    elif isinstance(node, (ast.BinOp, ast.AugAssign)) and type(node.op) in _ARITH_SWAPS:
        out.append(("arith", None))
    elif isinstance(node, ast.BoolOp):
        out.append(("bool", None))
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        out.append(("drop-not", None))
    elif isinstance(node, ast.Constant) and type(node.value) is int:
        out += [("constant", 1), ("constant", -1)]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range" \
            and 1 <= len(node.args) <= 3:
        stop = 0 if len(node.args) == 1 else 1
        out += [("range", (stop, 1)), ("range", (stop, -1))]
        if len(node.args) >= 2:
            out += [("range", (0, 1)), ("range", (0, -1))]
    return out


def _apply(tree: ast.Module, index: int, kind: str, argument: object) -> None:
    nodes = list(ast.walk(tree))
    node = nodes[index]
    if kind == "compare":
        node.ops[argument] = _COMPARE_SWAPS[type(node.ops[argument])]()
    elif kind == "arith":
        node.op = _ARITH_SWAPS[type(node.op)]()
    elif kind == "bool":
        node.op = _BOOL_SWAPS[type(node.op)]()
    elif kind == "constant":
        node.value += argument
    elif kind == "range":
        position, delta = argument
        node.args[position] = ast.BinOp(node.args[position], ast.Add() if delta > 0 else ast.Sub(), ast.Constant(1))
    elif kind == "drop-not":
        for parent in nodes:
            for name, value in ast.iter_fields(parent):
                if value is node:
                    setattr(parent, name, node.operand)
                elif isinstance(value, list):
                    value[:] = [node.operand if v is node else v for v in value]
    ast.fix_missing_locations(tree)


def mutants(code: str, seed: int, limit: int) -> list[tuple[str, str]]:
    """Up to ``limit`` distinct first-order mutants: (operator, source), in a shuffled order."""
    tree = ast.parse(code)
    original = ast.unparse(tree)
    sites = [(i, kind, arg) for i, node in enumerate(ast.walk(tree)) for kind, arg in _variants(node)]
    random.Random(seed).shuffle(sites)
    out, seen = [], {original}
    for index, kind, argument in sites:
        copy = ast.parse(code)
        _apply(copy, index, kind, argument)
        try:
            source = ast.unparse(copy)
            compile(source, "<mutant>", "exec")
        except (SyntaxError, ValueError):
            continue
        if source in seen:
            continue
        seen.add(source)
        out.append((kind, source))
        if len(out) >= limit:
            break
    return out


class _Mirror(ast.NodeTransformer):
    """``a < b`` to ``b > a``: the same for built-in values, different code."""

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        self.generic_visit(node)
        if len(node.ops) == 1 and type(node.ops[0]) in _MIRRORED:
            return ast.Compare(node.comparators[0], [_MIRRORED[type(node.ops[0])]()], [node.left])
        return node


def rewrites(code: str) -> list[tuple[str, str]]:
    unparsed = ast.unparse(ast.parse(code))
    mirrored = ast.unparse(ast.fix_missing_locations(_Mirror().visit(ast.parse(code))))
    out = [("unparse", unparsed)]
    if mirrored != unparsed:
        out.append(("mirror-comparisons", mirrored))
    return out


# --------------------------------------------------------------------------- tasks


@dataclass(slots=True)
class Task:
    task_id: int
    code: str
    setup: str
    asserts: list[str]
    entry_point: str

    def verify_file(self, code: str) -> str:
        body = "".join(f"    {a}\n" for a in self.asserts)
        setup = f"\n{self.setup}\n" if self.setup.strip() else ""
        return f"{code}\n{setup}\n\ndef test_mbpp():\n{body}"


def _entry_point(code: str, asserts: list[str]) -> str | None:
    defined = {n.name for n in ast.parse(code).body if isinstance(n, ast.FunctionDef)}
    for node in ast.walk(ast.parse(asserts[0])):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in defined:
            return node.func.id
    return None


def load_tasks(first: int, last: int) -> tuple[list[Task], Counter]:
    tasks, dropped = [], Counter()
    for row in load_mbpp():
        if not first <= row["task_id"] <= last:
            continue
        code = row["code"].replace("\r\n", "\n").expandtabs(4)
        try:
            entry = _entry_point(code, row["test_list"])
        except SyntaxError:
            dropped["does not parse"] += 1
            continue
        if entry is None:
            dropped["no function called by the first assert"] += 1
            continue
        tasks.append(Task(row["task_id"], code, row["test_setup_code"].replace("\r\n", "\n"), row["test_list"], entry))
    return tasks, dropped


# --------------------------------------------------------------------------- running


@dataclass(slots=True)
class Item:
    kind: str  # original, rewrite, mutant
    task: Task
    code: str
    operator: str = ""
    verdict: dict = field(default_factory=dict)
    equivalence: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.task.task_id}:{self.kind}:{self.operator}:{hash(self.code) & 0xffffffff:08x}"


def verify_all(config: VerifyConfig, samples: list[Sample]) -> dict[str, Sample]:
    done: dict[str, Sample] = {}
    with Verifier(config) as verifier:
        for sample in verifier.verify_many(samples):
            done[sample.id] = sample
            if len(done) % 500 == 0:
                log.info("  %d/%d", len(done), len(samples))
    return done


def summary(sample: Sample) -> dict:
    return {"status": sample.status, "reason": sample.reason,
            "stages": {r.stage: {"status": r.status.value, "seconds": r.seconds} for r in sample.stages},
            "counterexample": next((r.counterexample for r in sample.stages if r.stage == "differential"), None)}


def change(item: Item) -> str:
    """The mutant's lines that differ from the unparsed original."""
    before = ast.unparse(ast.parse(item.task.code)).splitlines()
    return " | ".join(line for line in difflib.unified_diff(before, item.code.splitlines(), n=0, lineterm="")
                      if line[:1] in "+-" and line[:3] not in ("+++", "---"))


def differential_status(verdict: dict) -> str:
    return verdict["stages"].get("differential", {}).get("status", "not run")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--first", type=int, default=11)
    parser.add_argument("--last", type=int, default=510)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--tried", type=int, default=30, help="mutants run through the tests per task")
    parser.add_argument("--domain", default="inferred", choices=["inferred", "any"],
                        help="differential.domain of the catch run (labels always judge every input)")
    parser.add_argument("--per-task", type=int, default=3, help="surviving mutants kept per task")
    parser.add_argument("--equivalence-examples", type=int, default=2000)
    parser.add_argument("--cost-corpus", type=Path, default=HERE.parent / "tests" / "corpus")
    parser.add_argument("--cost-repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "out" / "catch_rate.json")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    started = time.monotonic()
    timings: dict[str, float] = {}

    tasks, dropped = load_tasks(args.first, args.last)
    # MBPP's tests take milliseconds; a mutant that loops should not hold a worker for long.
    tests_only = VerifyConfig(stages=["tests"], workers=args.workers, timeout=1.0)
    originals = verify_all(tests_only, [Sample(id=str(t.task_id), code=t.verify_file(t.code)) for t in tasks])
    failing = [t.task_id for t in tasks if originals[str(t.task_id)].status != "accepted"]
    dropped["original fails its own tests"] += len(failing)
    tasks = [t for t in tasks if t.task_id not in failing]
    log.info("%d tasks (dropped: %s)", len(tasks), dict(dropped))

    candidates: list[Item] = []
    for task in tasks:
        for operator, source in mutants(task.code, seed=task.task_id, limit=args.tried):
            candidates.append(Item("mutant", task, source, operator))
    timings["generate"] = time.monotonic() - started
    log.info("%d mutants to test", len(candidates))
    tested = verify_all(tests_only, [Sample(id=i.id, code=i.task.verify_file(i.code)) for i in candidates])
    timings["mutants through tests"] = time.monotonic() - started - sum(timings.values())
    survivors: list[Item] = []
    kept = Counter()
    for item in candidates:
        if tested[item.id].status == "accepted" and kept[item.task.task_id] < args.per_task:
            kept[item.task.task_id] += 1
            survivors.append(item)
    log.info("%d of %d mutants pass MBPP's tests; kept %d (at most %d per task, %d tasks)",
             sum(s.status == "accepted" for s in tested.values()), len(candidates), len(survivors),
             args.per_task, len(kept))

    correct: list[Item] = []
    for task in tasks:
        correct.append(Item("original", task, task.code, "self"))
        correct += [Item("rewrite", task, source, name) for name, source in rewrites(task.code)]
    items = survivors + correct
    check = VerifyConfig(stages=list(DEFAULT_STAGES), workers=args.workers,
                         differential=DifferentialConfig(domain=args.domain))
    done = verify_all(check, [Sample(id=i.id, code=i.task.verify_file(i.code), reference=i.task.code,
                                     entry_point=i.task.entry_point) for i in items])
    for item in items:
        item.verdict = summary(done[item.id])
    timings["catch and false-alarm runs"] = time.monotonic() - started - sum(timings.values())

    unrejected = [i for i in survivors if i.verdict["status"] == "accepted"
                  or differential_status(i.verdict) == "timeout"]
    def large_run(domain: str, chosen: list[Item]) -> dict[str, Sample]:
        """The differential stage alone on many inputs (``--equivalence-examples``)."""
        config = VerifyConfig(stages=["differential"], workers=args.workers,
                              budgets={"differential": Budget(seconds=20, examples=args.equivalence_examples)},
                              differential=DifferentialConfig(domain=domain))
        return verify_all(config, [Sample(id=i.id + ":equivalence", code=i.task.verify_file(i.code),
                                          reference=i.task.code, entry_point=i.task.entry_point) for i in chosen])

    # Labels judge every input the reference answers, whatever the catch run's domain setting.
    checked = large_run("any", unrejected)
    for item in unrejected:
        item.equivalence = summary(checked[item.id + ":equivalence"])
    timings["equivalence runs"] = time.monotonic() - started - sum(timings.values())

    # Wrong: rejected by the catch run with a disagreement, or disagreeing in the large run.
    def wrong(item: Item) -> bool:
        if differential_status(item.verdict) == "failed":
            return True
        return differential_status(item.equivalence) == "failed"

    wrong_items = [i for i in survivors if wrong(i)]
    caught = [i for i in wrong_items if i.verdict["status"] != "accepted"]
    # A missed wrong survivor that agrees on every input inside the inferred domain (the same
    # large run, domain: inferred) differs only where the tests say nothing: an edge difference.
    missed_items = [i for i in wrong_items if i.verdict["status"] == "accepted"]
    edge_checked = large_run("inferred", missed_items)
    edge_only = [i for i in missed_items if edge_checked[i.id + ":equivalence"].status == "accepted"]
    wrong_inside = [i for i in wrong_items if i not in edge_only]
    equivalent = [i for i in survivors if not wrong(i)]
    equivalent_rejected = [i for i in equivalent if i.verdict["status"] != "accepted"]
    checkable_wrong = [i for i in wrong_items if differential_status(i.verdict) != "skipped"]
    false_alarms = [i for i in correct if i.verdict["status"] != "accepted"]
    correct_checked = [i for i in correct if differential_status(i.verdict) == "passed"]

    def stage_seconds(group: list[Item], stage: str) -> dict:
        values = [i.verdict["stages"][stage]["seconds"] for i in group if stage in i.verdict["stages"]
                  and i.verdict["stages"][stage]["status"] != "skipped"]
        return {"samples": len(values), "median": statistics.median(values) if values else None,
                "p95": percentile(values, 0.95), "max": max(values) if values else None}

    corpus = sorted(p for p in args.cost_corpus.glob("*.py") if not p.name.endswith(".ref.py"))
    cost_samples = []
    for repeat in range(args.cost_repeats):
        for path in corpus:
            ref = path.with_name(path.stem + ".ref.py")
            cost_samples.append(Sample(id=f"{path.stem}:{repeat}", code=path.read_text(),
                                       reference=ref.read_text() if ref.exists() else None))
    costs = verify_all(check, cost_samples)
    cost_items = [Item("corpus", tasks[0], "", path.stem, verdict=summary(costs[f"{path.stem}:{r}"]))
                  for r in range(args.cost_repeats) for path in corpus]
    timings["cost runs"] = time.monotonic() - started - sum(timings.values())

    result = {
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                 cwd=HERE.parent).stdout.strip(),
        "tasks": len(tasks), "dropped_tasks": dict(dropped),
        "mutants_tested": len(candidates),
        "mutants_passing_tests": sum(s.status == "accepted" for s in tested.values()),
        "survivors": len(survivors),
        "survivors_by_operator": dict(Counter(i.operator for i in survivors)),
        "wrong": len(wrong_items), "caught": len(caught),
        "catch_rate": len(caught) / len(wrong_items) if wrong_items else None,
        "missed_differing_only_outside_inferred_domain": len(edge_only),
        "wrong_inside_inferred_domain": len(wrong_inside),
        "catch_rate_inside_inferred_domain": len(caught) / len(wrong_inside) if wrong_inside else None,
        "wrong_where_differential_applies": len(checkable_wrong),
        "catch_rate_where_differential_applies":
            sum(i.verdict["status"] != "accepted" for i in checkable_wrong) / len(checkable_wrong)
            if checkable_wrong else None,
        "missed": [{"task": i.task.task_id, "operator": i.operator, "change": change(i), "catch": i.verdict["reason"],
                    "only_outside_inferred_domain": i in edge_only,
                    "equivalence": i.equivalence.get("reason")} for i in wrong_items if i not in caught],
        "likely_equivalent": len(equivalent),
        "likely_equivalent_rejected_anyway": [{"task": i.task.task_id, "reason": i.verdict["reason"]}
                                              for i in equivalent_rejected],
        "likely_equivalent_list": [{"task": i.task.task_id, "operator": i.operator, "change": change(i),
                                    "equivalence": i.equivalence.get("reason")} for i in equivalent],
        "caught_by_verdict": dict(Counter(differential_status(i.verdict) for i in caught)),
        "correct": len(correct), "correct_by_kind": dict(Counter(i.kind + ":" + i.operator for i in correct)),
        "correct_checked": len(correct_checked),
        "correct_skipped": dict(Counter(i.verdict["stages"].get("differential", {}).get("status")
                                        for i in correct if differential_status(i.verdict) != "passed")),
        "false_alarms": len(false_alarms),
        "false_alarm_rate": len(false_alarms) / len(correct) if correct else None,
        "false_alarm_rate_where_checked": len(false_alarms) / max(1, len(correct_checked) + len(false_alarms)),
        "false_alarm_list": [{"task": i.task.task_id, "kind": i.kind, "operator": i.operator,
                              "reason": i.verdict["reason"]} for i in false_alarms],
        "skipped_reasons": dict(Counter(i.verdict["reason"].split("differential: ")[-1].split(";")[0][:80]
                                        for i in items if differential_status(i.verdict) == "skipped")),
        "stage_seconds": {
            **{stage: stage_seconds(items + cost_items, stage) for stage in DEFAULT_STAGES},
            "corpus": {stage: stage_seconds(cost_items, stage) for stage in DEFAULT_STAGES},
            "corpus_files": len(corpus), "corpus_repeats": args.cost_repeats,
            "differential (passed)": stage_seconds([i for i in items if differential_status(i.verdict) == "passed"],
                                                   "differential"),
            "differential, equivalence runs": {
                **stage_seconds([Item("x", i.task, "", verdict=i.equivalence) for i in unrejected], "differential"),
                "examples": args.equivalence_examples},
        },
        "wall_seconds": {**{k: round(v, 1) for k, v in timings.items()}, "total": round(time.monotonic() - started, 1)},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    keys = ["tasks", "mutants_tested", "mutants_passing_tests", "survivors", "wrong", "caught", "catch_rate",
            "wrong_inside_inferred_domain", "catch_rate_inside_inferred_domain",
            "catch_rate_where_differential_applies", "likely_equivalent", "correct", "correct_checked",
            "false_alarms", "false_alarm_rate", "stage_seconds", "wall_seconds"]
    print(json.dumps({k: result[k] for k in keys}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
