"""Decontamination against HumanEval and MBPP (the copies shipped in the package) and extra benchmark files."""

from __future__ import annotations

import json

import pytest

from synthcode import benchmarks
from synthcode.errors import ConfigError, InputError
from synthcode.generate.decontam import BenchmarkIndex, DecontamConfig


@pytest.fixture(scope="module")
def index():
    return BenchmarkIndex.build(DecontamConfig())


def test_a_copied_or_reformatted_humaneval_problem_is_caught(index):
    problem = benchmarks.load_humaneval()[12]
    hit = index.check(problem.prompt + problem.canonical_solution)
    assert hit and hit.startswith("humaneval:") and "HumanEval/12" in hit
    # Formatting, quoting and case do not hide it.
    mangled = problem.prompt.upper().replace("    ", "\t").replace('"""', "'''") + problem.canonical_solution
    assert "HumanEval/12" in index.check(mangled)


def test_an_mbpp_problem_is_caught(index):
    record = next(r for r in benchmarks.load_mbpp() if r["task_id"] == 11)
    hit = index.check(record["text"] + "\n" + record["code"])
    assert hit and hit.startswith("mbpp:") and "mbpp/11" in hit


def test_ordinary_code_sharing_idioms_is_not_flagged(index):
    text = ("Return the length of the longest run of equal adjacent values in a list of integers.\n"
            "def longest_run(xs: list[int]) -> int:\n    best = current = 0\n"
            "    for i in range(len(xs)):\n        if i > 0 and xs[i] == xs[i - 1]:\n            current += 1\n"
            "        else:\n            current = 1\n        best = max(best, current)\n    return best\n")
    assert index.check(text) is None
    assert index.check("") is None


def test_extra_benchmark_files_and_threshold(tmp_path):
    path = tmp_path / "private.jsonl"
    secret = "compute the zigzag checksum of a quaternary string by folding every third glyph into an accumulator"
    path.write_text(json.dumps({"task_id": "P/1", "prompt": secret}) + "\n")
    strict = BenchmarkIndex.build(DecontamConfig(benchmarks=[], files=[str(path)]))
    assert strict.check(secret.upper()) == "private.jsonl: 100% of 10-grams (private.jsonl/P/1)"
    diluted = secret + " " + " ".join(f"word{i}" for i in range(60))
    assert strict.check(diluted) is None  # 7 of its 67 10-grams: under the 0.2 threshold
    loose = BenchmarkIndex.build(DecontamConfig(benchmarks=[], files=[str(path)], threshold=0.05))
    assert loose.check(diluted).startswith("private.jsonl: 10% of 10-grams")


def test_bad_settings_and_files_are_one_line_errors(tmp_path):
    with pytest.raises(ConfigError, match="unknown benchmark 'apps'"):
        DecontamConfig(benchmarks=["apps"])
    with pytest.raises(ConfigError, match="threshold"):
        DecontamConfig(threshold=0)
    with pytest.raises(InputError, match="cannot read benchmark file"):
        BenchmarkIndex.build(DecontamConfig(benchmarks=[], files=[str(tmp_path / "missing.jsonl")]))
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    with pytest.raises(InputError, match="not JSON"):
        BenchmarkIndex.build(DecontamConfig(benchmarks=[], files=[str(bad)]))
