"""The held-out sets of bench/heldout (issue 16 item 5) keep the properties the lead's judgement rests on.

They are data, rebuilt by ``bench/heldout_sets.py``; a hand edit of a .jsonl file, or a rebuild
that went wrong, must not silently change what "caught" and "false rejection" mean.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

SETS = Path(__file__).resolve().parents[2] / "bench" / "heldout"


def rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (SETS / f"{name}.jsonl").read_text().splitlines()]


def passes(code: str, tests: list[str]) -> bool:
    try:
        exec(compile(code + "\n" + "\n".join(tests) + "\n", "<row>", "exec"), {"__name__": "__row__"})
    except AssertionError:
        return False
    return True


@pytest.mark.parametrize("name", ["mbpp", "humaneval_weak", "quixbugs"])
def test_every_row_passes_its_own_tests(name):
    # A row its tests reject would be "caught" by the tests stage alone and say nothing about
    # the differential verdict.
    failing = [r["id"] for r in rows(name) if not passes(r["code"] + "\n" + r.get("setup", ""), r["tests"])]
    assert failing == []


def test_mbpp_labels_and_witnesses():
    data = rows("mbpp")
    assert len({r["task_id"] for r in data}) >= 60
    wrong = [r for r in data if r["label"] == "wrong"]
    right = [r for r in data if r["label"] == "right"]
    assert len(right) >= 150 and len(wrong) >= 30
    # a wrong label always names the input it was found on; a right one never has a witness
    assert all(r["witness"] and r["entry_point"] + "(" in r["witness"] for r in wrong)
    assert all(r["witness"] is None for r in right)
    # none of the differential stage's development tasks

    source = (SETS.parent / "domain_eval_set.py").read_text()
    dev = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if isinstance(key, ast.Constant) and key.value == "task_id" and isinstance(value, ast.Constant):
                    dev.add(value.value)
    assert dev and not dev & {r["task_id"] for r in data}


def test_humaneval_bug_and_control_pairs():
    data = rows("humaneval_weak")
    by_task: dict[str, dict[str, dict]] = {}
    for r in data:
        by_task.setdefault(r["task_id"], {})[r["label"]] = r
    assert len(by_task) >= 40
    for task, pair in by_task.items():
        assert set(pair) == {"wrong", "right"}, task
        assert pair["right"]["code"] == pair["right"]["reference"] == pair["wrong"]["reference"]
        assert pair["wrong"]["code"] != pair["wrong"]["reference"]
        assert pair["wrong"]["tests"] == pair["right"]["tests"] and 1 <= len(pair["wrong"]["tests"]) <= 2
    assert sum(pair["wrong"]["empty_only"] for pair in by_task.values()) >= 10


def test_quixbugs_one_test_each_and_all_wrong():
    data = rows("quixbugs")
    assert len(data) >= 28
    assert all(r["label"] == "wrong" and len(r["tests"]) == 1 and r["code"] != r["reference"] for r in data)
    # the reference passes the one test too (a test that rejects the reference is a wrong test)
    assert all(passes(r["reference"], r["tests"]) for r in data)


LATER_SETS = ["heldout2", "heldout3", "heldout4"]


@pytest.mark.parametrize("folder", LATER_SETS)
def test_later_mbpp_sets_pass_their_tests_and_label_consistently(folder):
    data = [json.loads(line) for line in (SETS.parent / folder / "mbpp.jsonl").read_text().splitlines()]
    failing = [r["id"] for r in data if not passes(r["code"] + "\n" + r.get("setup", ""), r["tests"])]
    assert failing == []
    wrong = [r for r in data if r["label"] == "wrong"]
    assert len(wrong) >= 25 and len(data) - len(wrong) >= 130
    assert all(r["witness"] and r["entry_point"] + "(" in r["witness"] for r in wrong)
    assert all(r["witness"] is None for r in data if r["label"] == "right")


def test_every_held_out_mbpp_set_has_its_own_tasks():
    # A task in two sets (or in the development set) would let tuning on one reach another.
    tasks = {folder: {json.loads(line)["task_id"]
                      for line in (SETS.parent / folder / "mbpp.jsonl").read_text().splitlines()}
             for folder in ["heldout", *LATER_SETS]}
    folders = sorted(tasks)
    assert all(not tasks[a] & tasks[b] for n, a in enumerate(folders) for b in folders[n + 1:])
