"""CPU per accepted problem of the whole generation job, before and after a change, on MBPP (issue 17).

A scripted model on a loopback OpenAI-protocol server (``tests/fakes/openai_server.py``) plays the
model for a fixed set of MBPP tasks (``--first``..``--last``, those whose reference parses and has a
function the first assert calls):

* **problem**: MBPP's text as the statement; the signature with type hints read from the first
  assert's arguments and expected value; no contracts; the first assert as the example; a
  Hypothesis strategy drawn around the tests' arguments (the ranges, lengths and characters
  seen: a careful model's strategy);
* **k = 4 solutions**, in an order shuffled by the task id (so candidate order cannot decide):
  MBPP's reference; a plausible alternative (for the tasks of ``bench/domain_eval_set.py`` a
  hand-written ``edge`` or ``plain`` alternative, else the reference with its comparisons
  mirrored, else unparsed); two first-order mutants of the reference (``bench_catch_rate.mutants``;
  for the tasks of the evaluation set, a hand-written ``wrong`` alternative first) -- wrong
  solutions, some of which pass MBPP's three asserts;
* **tests**: MBPP's asserts in ``def test_mbpp():``.

The job runs in a subprocess (``synthcode generate``, process sandbox, ``configs/generate/small.yaml``
with k = 4 and no decontamination, since every problem is an MBPP task), once with the source at
``--before-rev`` (``git archive`` of ``src`` and ``configs`` into a temporary folder) and once with this
checkout's, one after the other in the same run. CPU = user + system seconds of the job's whole
process tree: a cgroup v1 ``cpuacct`` group made for the job (as root), which counts the job, its
sandbox workers and their forks, killed or not; elsewhere the job's ``RUSAGE_CHILDREN``, which
misses the workers the sandbox kills at the end (both are reported).

Accepted sets: per problem, which candidate each run made canonical. A canonical that is a mutant
or a ``wrong`` alternative is checked against the reference in this process (``bench_domain.label``
on up to 500 inputs the reference answers): differing there, it is a **wrong accepted** problem.
Tasks with even ids are the tuning half, odd ids the held-out half; both are reported.

    python bench/bench_generate_cost.py --before-rev 5055334 --first 11 --last 260 --workers 2
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_catch_rate import mutants, rewrites  # noqa: E402
from bench_domain import call, label, label_inputs, load  # noqa: E402
from domain_eval_set import HELD_OUT, TASKS  # noqa: E402
from fakes.openai_server import FakeOpenAIServer  # noqa: E402
from fakes.scripted_model import fence, problem_text  # noqa: E402

from synthcode.benchmarks import load_mbpp  # noqa: E402
from synthcode.generate.dedup import normalize_code  # noqa: E402
from synthcode.generate.problems import sub_seed  # noqa: E402

K = 4
SEED = 0


# --------------------------------------------------------------------------- the scripted model


def hint(value) -> str:
    if isinstance(value, list):
        kinds = {hint(v) for v in value}
        return f"list[{kinds.pop()}]" if len(kinds) == 1 else "list"
    # bool before int: a bool is an int too
    return next((name for kind, name in ((bool, "bool"), (int, "int"), (float, "float"), (str, "str"),
                                         (tuple, "tuple"), (dict, "dict"), (set, "set")) if isinstance(value, kind)),
                "object")


def strategy(values: list) -> str:
    """A strategy around the values one parameter took in the tests."""
    first = values[0]
    if all(isinstance(v, bool) for v in values):
        return "st.booleans()"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        lo, hi = min(values), max(values)
        return f"st.integers(min_value={0 if lo >= 0 else lo}, max_value={max(hi, 1)})"
    if all(isinstance(v, float) or isinstance(v, int) for v in values):
        lo, hi = min(values), max(values)
        return f"st.floats(min_value={float(min(lo, 0))}, max_value={float(max(hi, 1))})"
    if all(isinstance(v, str) for v in values):
        chars = "".join(sorted(set("".join(values)))) or "ab"
        return f"st.text(alphabet={chars!r}, min_size={min(map(len, values))}, max_size={max(map(len, values))})"
    if all(isinstance(v, list) for v in values):
        items = [x for v in values for x in v]
        if items and all(isinstance(x, (int, str)) and not isinstance(x, bool) for x in items) \
                and len({type(x) for x in items}) == 1:
            return (f"st.lists({strategy(items)}, min_size={min(map(len, values))}, "
                    f"max_size={max(map(len, values))})")
    return f"st.sampled_from({values!r})"


def assert_parts(line: str, name: str) -> tuple[tuple, object] | None:
    """(arguments, expected) of ``assert name(...) == expected``, or None."""
    try:
        node = ast.parse(line.strip()).body[0]
    except (SyntaxError, IndexError):
        return None
    if not (isinstance(node, ast.Assert) and isinstance(node.test, ast.Compare) and len(node.test.ops) == 1
            and isinstance(node.test.ops[0], ast.Eq) and isinstance(node.test.left, ast.Call)):
        return None
    called = node.test.left
    if not (isinstance(called.func, ast.Name) and called.func.id == name) or called.keywords:
        return None
    try:
        return tuple(ast.literal_eval(a) for a in called.args), ast.literal_eval(node.test.comparators[0])
    except (ValueError, SyntaxError, TypeError):
        return None


def build_tasks(first: int, last: int) -> list[dict]:
    """The fixed problem set: one dict per usable MBPP task in [first, last]."""
    alternatives = {t["task_id"]: t["alternatives"] for t in [*TASKS, *HELD_OUT]}
    out = []
    for record in load_mbpp():
        task_id = record["task_id"]
        if not first <= task_id <= last:
            continue
        code = record["code"].replace("\r\n", "\n").expandtabs(4)
        try:
            tree = ast.parse(code)
            first_call = next(n for n in ast.walk(ast.parse(record["test_list"][0])) if isinstance(n, ast.Call))
        except (SyntaxError, StopIteration):
            continue
        name = getattr(first_call.func, "id", None)
        function = next((n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name), None)
        if function is None or function.args.vararg or function.args.kwonlyargs or function.args.defaults:
            continue
        params = [p.arg for p in function.args.args]
        parts = [assert_parts(line, name) for line in record["test_list"]]
        if not params or any(p is None or len(p[0]) != len(params) for p in parts):
            continue
        seeds = [p[0] for p in parts]
        signature = (f"def {name}(" + ", ".join(f"{p}: {hint(seeds[0][i])}" for i, p in enumerate(params))
                     + f") -> {hint(parts[0][1])}:")
        strat = "st.tuples(" + ", ".join(strategy([s[i] for s in seeds]) for i in range(len(params))) + ")"
        setup = (record.get("test_setup_code") or "").replace("\r\n", "\n")
        tests = (f"{setup}\n\n" if setup.strip() else "") + "def test_mbpp():\n" + "".join(
            f"    {line}\n" for line in record["test_list"])
        args0, expected0 = parts[0]
        example = f">>> {name}({', '.join(map(repr, args0))})\n{expected0!r}"
        statement = record["text"].strip() + f" (task {task_id})"
        rng = random.Random(task_id)
        hand = alternatives.get(task_id, {})
        right = [textwrap.dedent(c).strip() + "\n" for meant, c in hand.values() if meant in ("edge", "plain")]
        wrong = [textwrap.dedent(c).strip() + "\n" for meant, c in hand.values() if meant == "wrong"]
        rewritten = [c for kind, c in rewrites(code) if kind == "mirror-comparisons"] or [rewrites(code)[0][1]]
        candidates = [("reference", code), ("alternative", (right or rewritten)[0])]
        candidates += [("wrong-alternative", c) for c in wrong[:1]]
        candidates += [("mutant", c) for _, c in mutants(code, seed=task_id, limit=K)]
        candidates = candidates[:K]
        if len(candidates) < K:
            continue
        rng.shuffle(candidates)
        out.append({"task_id": task_id, "name": name, "params": params, "seeds": seeds, "reference": code,
                    "setup": setup, "problem": problem_text(statement, signature, "", example, strat),
                    "statement": statement, "tests": tests, "candidates": candidates})
    return out


class Model:
    """Answers the job's requests from the task list: problem i by its sampling seed, solutions and
    tests by the statement quoted in the prompt."""

    def __init__(self, tasks: list[dict]) -> None:
        self.by_seed = {sub_seed(SEED, i, "problem"): t for i, t in enumerate(tasks)}
        self.tasks = tasks

    def __call__(self, body: dict) -> str:
        user = body["messages"][-1]["content"]
        if user.startswith("Write one new Python programming problem"):
            return self.by_seed[body["seed"]]["problem"]
        task = next(t for t in self.tasks if t["statement"] in user)
        if user.startswith("Write unit tests"):
            return fence(task["tests"])
        return fence(task["candidates"][body.get("_choice", 0) % K][1])


# --------------------------------------------------------------------------- running one revision


def run_job(src: Path, configs: Path, tasks: list[dict], workers: int, work: Path, stages: list[str] | None) -> dict:
    out = work / "out"
    config = work / "config.yaml"
    with FakeOpenAIServer(Model(tasks), model="scripted") as server:
        config.write_text(json.dumps({
            "include": str(configs / "generate" / "small.yaml"), "num_problems": len(tasks),
            "solutions_per_problem": K, "seed": SEED, "queue_size": 64, "taxonomy": str(configs / "taxonomy/default.yaml"),
            "model": {"backend": "openai", "model": "scripted", "endpoints": [server.url], "concurrency": 16},
            "decontamination": {"benchmarks": []}, **({"verify": {"stages": stages}} if stages else {})}))
        env = {**os.environ, "PYTHONPATH": str(src), "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
        group = cpuacct_group(work.name)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        join = (lambda: (group / "cgroup.procs").write_text(str(os.getpid()))) if group else None
        done = subprocess.run([sys.executable, "-m", "synthcode", "generate", "--config", str(config),
                               "--out", str(out), "--workers", str(workers), "--sandbox", "process"],
                              env=env, capture_output=True, text=True, preexec_fn=join)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        tree = None
        if group is not None:
            tree = int((group / "cpuacct.usage").read_text()) / 1e9
            group.rmdir()
    if done.returncode != 0:
        raise SystemExit(f"error: the job at {src} failed: {done.stderr.strip()[-2000:]}")
    from synthcode.generate.rows import read_generated  # reads the rows of the code before too

    rows = list(read_generated(out, ["status", "reason", "solution", "provenance"]))
    reaped = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    cpu = tree if tree is not None else reaped
    return {"cpu_seconds": round(cpu, 2), "cpu_source": "cpuacct cgroup" if tree is not None else "rusage children",
            "reaped_children_cpu_seconds": round(reaped, 2), "wall_seconds": round(wall, 2), "rows": rows,
            "stats": json.loads((out / "stats.json").read_text())}


def cpuacct_group(name: str) -> Path | None:
    """A fresh cgroup v1 ``cpuacct`` group for the job's process tree, or None where none can be
    made. The sandbox kills its workers with SIGKILL at the end, so their CPU never reaches the
    job's ``RUSAGE_CHILDREN``; a cgroup counts every process of the tree, killed or not (the
    sandbox moves its workers into ``cpu``, ``pids`` and ``memory`` groups, never ``cpuacct``)."""
    root = Path("/sys/fs/cgroup/cpuacct")
    if not os.access(root, os.W_OK):
        return None
    group = root / f"bench-generate-cost-{os.getpid()}-{name}"
    try:
        group.mkdir()
    except OSError:
        return None
    return group


def judge(tasks: list[dict], result: dict, labels: dict) -> dict[int, dict]:
    """Per task id: accepted or the rejection category, and what the canonical solution is."""
    out = {}
    for row in result["rows"]:
        task = tasks[row.provenance["index"]]
        entry = {"status": row.status, "category": row.reason.split(":", 1)[0]}
        if row.status == "accepted":
            solution = normalize_code(row.solution)
            kind, code = next(((k, c) for k, c in task["candidates"] if normalize_code(c) == solution),
                              ("unknown", row.solution))
            entry["canonical"] = kind
            if kind in ("mutant", "wrong-alternative", "unknown"):
                key = (task["task_id"], solution)
                if key not in labels:
                    labels[key] = label_one(task, code)
                entry["wrong"] = labels[key][0] == "wrong"
                entry["witness"] = labels[key][1]
            else:
                entry["wrong"] = False
        out[task["task_id"]] = entry
    return out


def label_one(task: dict, code: str) -> tuple[str, str | None]:
    try:
        reference = load(task["reference"] + "\n" + task["setup"], task["name"])
        candidate = load(code + "\n" + task["setup"], task["name"])
    except Exception as exc:  # noqa: BLE001 - a candidate that does not load is wrong
        return "wrong", f"does not load: {exc}"
    inputs = label_inputs(task["seeds"], task["params"], "True", reference, 500)
    return label(reference, candidate, inputs)


def summarize(tasks: list[dict], judged: dict[int, dict], result: dict) -> dict:
    summary = {}
    for half, keep in (("tuning (even ids)", 0), ("held-out (odd ids)", 1), ("all", None)):
        ids = [t["task_id"] for t in tasks if keep is None or t["task_id"] % 2 == keep]
        accepted = [i for i in ids if judged.get(i, {}).get("status") == "accepted"]
        wrong = [i for i in accepted if judged[i]["wrong"]]
        summary[half] = {"problems": len(ids), "accepted": len(accepted), "wrong_accepted": len(wrong),
                         "wrong_ids": wrong}
    accepted = summary["all"]["accepted"]
    summary["cpu_seconds"] = result["cpu_seconds"]
    summary["cpu_source"] = result["cpu_source"]
    summary["reaped_children_cpu_seconds"] = result["reaped_children_cpu_seconds"]
    summary["wall_seconds"] = result["wall_seconds"]
    summary["cpu_per_accepted"] = round(result["cpu_seconds"] / accepted, 3) if accepted else None
    summary["rejections"] = result["stats"]["rejections"]
    summary["agreement"] = result["stats"].get("agreement")
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before-rev", default="5055334", help="git revision before the change")
    parser.add_argument("--first", type=int, default=11)
    parser.add_argument("--last", type=int, default=260)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--stages", help="comma-separated verify stages [default: small.yaml's]")
    parser.add_argument("--skip-before", action="store_true", help="run this checkout only")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "generate_cost-issue17.json")
    args = parser.parse_args()

    tasks = build_tasks(args.first, args.last)
    print(f"{len(tasks)} problems, k = {K}", file=sys.stderr)
    work = Path(tempfile.mkdtemp(prefix="bench_generate_cost_"))
    variants = {}
    if not args.skip_before:
        before = work / "before"
        before.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.before_rev, "src", "configs", "prompts"],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(before)], input=archive, check=True)
        variants[f"before ({args.before_rev})"] = (before / "src", before / "configs")
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                          text=True).stdout.strip()
    variants[f"after ({head} + working tree)"] = (ROOT / "src", ROOT / "configs")
    labels: dict = {}
    report: dict = {"command": " ".join(sys.argv), "problems": len(tasks), "k": K,
                    "machine": {"cpus": os.cpu_count(), "python": platform.python_version()}, "runs": {}}
    judged_all = {}
    stages = args.stages.split(",") if args.stages else None

    def one(n: int, src: Path, configs: Path) -> dict:
        folder = work / f"run{n}"
        folder.mkdir()
        return run_job(src, configs, tasks, args.workers, folder, stages)

    # Both jobs at once (each on its own loopback server and cgroup): CPU seconds are counted per
    # tree, so running side by side changes the wall time, not what is measured.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=len(variants)) as pool:
        futures = {name: pool.submit(one, n, src, configs) for n, (name, (src, configs)) in enumerate(variants.items())}
    for name, future in futures.items():
        result = future.result()
        judged = judge(tasks, result, labels)
        judged_all[name] = judged
        report["runs"][name] = summarize(tasks, judged, result)
        print(name, json.dumps(report["runs"][name]), file=sys.stderr)
    names = list(variants)
    if len(names) == 2:
        a, b = (judged_all[n] for n in names)
        ok = lambda j, i: j.get(i, {}).get("status") == "accepted" and not j[i]["wrong"]  # noqa: E731
        report["compared"] = {
            "right_accepted_only_before": sorted(i for i in a if ok(a, i) and not ok(b, i)),
            "right_accepted_only_after": sorted(i for i in b if ok(b, i) and not ok(a, i)),
            "cpu_ratio_before_over_after": round(report["runs"][names[0]]["cpu_per_accepted"]
                                                 / report["runs"][names[1]]["cpu_per_accepted"], 2)}
        report["per_problem"] = {str(i): {n: judged_all[n].get(i) for n in names} for i in sorted(a)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps({k: v for k, v in report.items() if k != "per_problem"}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
