"""When the candidate the agreement chose fails a later stage, the next member of its cluster runs
them (issue 17): a real job, real sandbox, a loopback server answering one problem whose two
candidates agree on every input, one with tests too weak for its own code (mutation fails)."""

from __future__ import annotations

import json

import pytest
from fakes.openai_server import FakeOpenAIServer
from fakes.scripted_model import fence, problem_text

from synthcode.config import load_config
from synthcode.generate.agreement import code_key
from synthcode.generate.config import ROOT, GenerateConfig
from synthcode.generate.job import GenerateJob
from synthcode.generate.writer import read_all

PROBLEM = problem_text("Return twice the integer x.", "def double(x: int) -> int:", "",
                       ">>> double(3)\n6", "st.tuples(st.integers(min_value=0, max_value=100))")
# Right on every input, but its loop for negative x is never reached by the tests: most of its
# mutants survive, so its mutation stage fails (weak tests for this code).
LOOPY = """
def double(x: int) -> int:
    if x >= 0:
        return 2 * x
    total = 0
    for _ in range(-x):
        total -= 2
    return total
"""
PLAIN = "def double(x: int) -> int:\n    return 2 * x\n"
TESTS = fence("""
def test_examples():
    assert double(3) == 6
    assert double(5) == 10
    assert double(0) == 0
""")


def model(body: dict) -> str:
    user = body["messages"][-1]["content"]
    if user.startswith("Write one new Python programming problem"):
        return PROBLEM
    if user.startswith("Write unit tests"):
        return TESTS
    return fence([LOOPY, PLAIN][body.get("_choice", 0) % 2])


@pytest.mark.slow
def test_a_later_stage_failure_of_the_chosen_candidate_tries_the_next_of_its_cluster(tmp_path):
    # Tied on everything else, the code's hash orders the cluster: the weak-tested one goes first.
    assert code_key(LOOPY) > code_key(PLAIN)
    config = load_config(GenerateConfig, ROOT / "configs/generate/small.yaml", {
        "out": str(tmp_path), "num_problems": 1, "solutions_per_problem": 2,
        "model": {"model": "m"}, "verify": {"workers": 1, "stages": ["tests", "mutation", "differential"]}})
    config.resolve_paths(ROOT / "configs/generate")
    with FakeOpenAIServer(model, model="m") as server:
        config.model.endpoints = [server.url]
        GenerateJob(config).run()
        (row,) = read_all(tmp_path)
        assert row["status"] == "accepted", row["reason"]
        assert "return 2 * x" in row["solution"] and "range" not in row["solution"]
        (loopy,) = json.loads(row["alternatives"])
        # The first choice ran the later stages, failed them, and stays in the row as evidence.
        assert loopy["status"] == "rejected" and loopy["agrees"] is True
        assert "mutation" in loopy["seconds"] and loopy["mutation_score"] < 0.5
        stages = json.loads(row["stages"])
        assert [s["stage"] for s in stages] == ["parse", "tests", "mutation", "outputs", "agreement"]
        assert stages[-1]["status"] == "passed"

        sent = len(server.requests)
        GenerateJob(config).run()  # a rerun finds the problem done: no request, no second row
        assert len(server.requests) == sent and [r["id"] for r in read_all(tmp_path)] == [row["id"]]
