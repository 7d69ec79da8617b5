"""The generation job end to end: a scripted model on a real loopback OpenAI-protocol server, the
real sandbox, real Parquet shards; the CLI in a subprocess, killed with SIGKILL and resumed; replay
of the committed demo cache with no server at all."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fakes.cli import run_synthcode
from fakes.openai_server import FakeOpenAIServer
from fakes.scripted_model import EXPECTED, SCRIPT, ScriptedModel

from synthcode.config import load_config
from synthcode.generate.config import ROOT, GenerateConfig
from synthcode.generate.job import GenerateJob
from synthcode.generate.problems import problem_id
from synthcode.generate.writer import read_all
from synthcode.records import JSON_COLUMNS, SAMPLE_COLUMNS

ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
SMALL = ROOT / "configs/generate/small.yaml"
PROOF_STAGES = ["tests", "mutation", "properties", "proof", "differential"]


def config_for(out: Path, url: str | None = None, **overrides) -> GenerateConfig:
    model = {"model": "scripted-coder"} | ({"endpoints": [url]} if url else {})
    config = load_config(GenerateConfig, SMALL, {"out": str(out), "num_problems": len(SCRIPT),
                                                 "model": model, "verify": {"workers": 2}, **overrides})
    config.resolve_paths(SMALL.parent)
    return config


def category(row: dict) -> str:
    return "accepted" if row["status"] == "accepted" else row["reason"].split(":", 1)[0]


def by_index(rows: list[dict]) -> dict[int, dict]:
    out = {}
    for row in rows:
        index = json.loads(row["provenance"])["index"]
        assert index not in out, f"problem {index} written twice"
        out[index] = row
    return out


@pytest.fixture(scope="module")
def scripted_run(tmp_path_factory):
    """One run of the whole script against the loopback server (shared by the tests below)."""
    out = tmp_path_factory.mktemp("gen")
    with FakeOpenAIServer(ScriptedModel(0, len(SCRIPT)), model="scripted-coder") as server:
        server.fail_next(429, 500, "reset", "garbage")  # the backend retries each; the job never sees them
        # With the proof stage: the scripted sum_evens loop carries an invariant that proves it.
        stats = GenerateJob(config_for(out, server.url, verify={"workers": 2, "stages": PROOF_STAGES})).run()
        requests = list(server.requests)
    return out, stats, requests


@pytest.mark.slow
def test_every_scripted_answer_ends_as_expected(scripted_run):
    out, stats, requests = scripted_run
    rows = by_index(read_all(out))
    assert sorted(rows) == list(range(len(SCRIPT)))
    assert {SCRIPT[i]: category(row) for i, row in rows.items()} == EXPECTED
    # A failed test names its failing assertion's source line, on one line.
    (digit_sum,) = [row for i, row in rows.items() if SCRIPT[i] == "digit_sum"]
    assert digit_sum["reason"] == ("tests-failed: tests: test_examples failed: AssertionError "
                                   "[assert digit_sum(1234) == 10]")
    for i, row in rows.items():
        assert set(row) == set(SAMPLE_COLUMNS)
        assert row["problem_id"] == problem_id(0, i)
        for column in JSON_COLUMNS:
            json.loads(row[column])
        provenance = json.loads(row["provenance"])
        assert provenance["templates"]["problem"] == "problem/v2.j2"
        assert provenance["taxonomy"].count("/") == 3 and provenance["model"] == "scripted-coder"
    # Problem, k solutions and tests are one request each; the four faults cost one resend each.
    # (Which requests meet them depends on arrival order: a resend can meet the next fault too.)
    keys = [(r["seed"], r["n"], r["messages"][-1]["content"]) for r in requests]
    resent = [keys.count(k) - 1 for k in set(keys) if keys.count(k) > 1]
    assert sum(resent) == 4


@pytest.mark.slow
def test_accepted_rows_carry_evidence_and_the_right_canonical(scripted_run):
    out, _, _ = scripted_run
    rows = {row["entry_point"]: row for row in read_all(out, kinds=("accepted",))}
    assert set(rows) == {"longest_run", "sum_evens", "clamp_all"}
    evens = rows["sum_evens"]
    # Candidate 0 drops negative evens yet passes the weak tests; the others outvote it.
    assert "x > 0" not in evens["solution"]
    alternatives = json.loads(evens["alternatives"])
    buggy = next(a for a in alternatives if a["candidate"] == 0)
    assert buggy["agrees"] is False and buggy["status"] == "accepted" and buggy["tests_passed"] == 1.0
    # Only the chosen candidate runs the later (dearer) stages; the others ran the tests and the
    # one run on the problem's inputs.
    assert buggy["cluster"] == 1 and buggy["mutation_score"] is None
    assert set(buggy["seconds"]) == {"parse", "tests", "outputs"}
    stages = [s["stage"] for s in json.loads(evens["stages"])]
    assert stages == ["parse", "tests", "mutation", "properties", "proof", "outputs", "agreement"]
    agreement = json.loads(evens["stages"])[-1]
    assert agreement["status"] == "passed" and agreement["evidence"]["decided_by"] == "largest"
    assert [c["candidates"] for c in agreement["evidence"]["clusters"]] == [[1, 2], [0]]
    assert "outcomes" not in (json.loads(evens["stages"])[-2].get("evidence") or {})  # read once, not kept
    assert evens["level"] == "proved" and "# invariant: total % 2 == 0" in evens["solution"]
    mutation = json.loads(evens["stages"])[2]["evidence"]
    assert isinstance(evens["mutation_score"], float) and evens["mutation_score"] == mutation["mutation_score"] >= 0.5
    assert json.loads(evens["tools"])["hypothesis"]
    assert json.loads(evens["budgets"])["properties"]["examples"] == 30
    assert evens["text"] == ""  # the document is made by export (generate imports no renderer)
    assert "@given(st.tuples(st.lists(st.integers(min_value=-50" in evens["code"]
    clamp = json.loads(rows["clamp_all"]["alternatives"])
    assert [a["reason"].split(":")[0] for a in clamp] == ["wrong-name", "syntax-error"]


@pytest.mark.slow
def test_stats_funnel_matches_the_rows(scripted_run):
    import datasets

    out, stats, _ = scripted_run
    assert json.loads((out / "stats.json").read_text()) == json.loads(json.dumps(stats))
    rows = read_all(out)
    funnel = stats["funnel"]
    assert funnel["requested"] == len(rows) == len(SCRIPT)
    accepted = [r for r in rows if r["status"] == "accepted"]
    assert funnel["accepted"] == len(accepted) == sum(stats["levels"].values())
    assert stats["levels"]["proved"] == 1  # sum_evens, by the proof stage
    assert funnel["requested"] >= funnel["generated"] >= funnel["parsed"] >= funnel["deduplicated"] \
        >= funnel["decontaminated"] >= funnel["passed"]["tests"] >= funnel["accepted"]
    rejected = [category(r) for r in rows if r["status"] == "rejected"]
    assert stats["rejections"] == {c: rejected.count(c) for c in set(rejected)}
    from synthcode.records import guard_rejection

    guards = [guard_rejection(result) for r in rows for result in json.loads(r["stages"])]
    assert stats["guards"] == {k: guards.count(k) for k in set(guards) if k is not None}
    decided = [(r.get("evidence") or {}).get("decided_by") for row in rows for r in json.loads(row["stages"])
               if r["stage"] == "agreement"]
    assert stats["agreement"] == {k: decided.count(k) for k in set(decided)} and decided
    histogram = stats["mutation_scores"]
    assert sum(histogram.values()) == len(accepted)
    assert histogram["unscored"] == sum(1 for r in accepted if r["mutation_score"] is None)
    scored = [r["mutation_score"] for r in accepted if r["mutation_score"] is not None]
    assert scored and sum(histogram[b] for b in ("0.5-0.6", "0.6-0.7", "0.7-0.8", "0.8-0.9", "0.9-1.0")) == len(scored)
    # Every row that lost at a step is counted below it and nowhere after.
    assert funnel["parsed"] - funnel["deduplicated"] == stats["rejections"]["duplicate"]
    assert funnel["deduplicated"] - funnel["decontaminated"] == stats["rejections"]["contaminated"]
    assert stats["decontamination"] == ["humaneval", "mbpp"]
    assert stats["model"] == "scripted-coder" and stats["config"]["num_problems"] == len(SCRIPT)
    loaded = datasets.load_dataset("parquet", data_dir=str(out / "accepted"), split="train")
    assert sorted(loaded["id"]) == sorted(r["id"] for r in accepted)


@pytest.mark.slow
def test_replay_of_the_demo_cache_needs_no_server(scripted_run, tmp_path):
    """The committed demo cache replays the scripted model: the same verdicts, offline, via the CLI."""
    out, _, _ = scripted_run
    result = run_synthcode("generate", "--config", str(ROOT / "configs/generate/demo.yaml"),
                           "--out", str(tmp_path / "demo"), "--workers", "2", env=ENV, timeout=240, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    replayed = {i: (category(r), r["id"]) for i, r in by_index(read_all(tmp_path / "demo")).items()}
    original = {i: (category(r), r["id"]) for i, r in by_index(read_all(out)).items()}
    assert replayed == original
    assert "accepted 3 of 12" in result.stderr


@pytest.mark.slow
def test_a_finished_run_reruns_without_model_sandbox_or_benchmarks(scripted_run, tmp_path):
    """Rerunning a finished run only recomputes stats.json: a model endpoint where nothing listens, a
    Ray address where nothing listens and a benchmark folder with no files would each fail the run if
    it touched them."""
    import shutil

    out, _, _ = scripted_run
    copy = tmp_path / "finished"
    shutil.copytree(out, copy)
    stats = json.loads((copy / "stats.json").read_text())
    config = tmp_path / "rerun.yaml"
    config.write_text(f"include: {SMALL}\nnum_problems: {len(SCRIPT)}\n"
                      f"decontamination: {{benchmark_dir: {tmp_path / 'no-benchmarks'}}}\n"
                      "model: {model: scripted-coder, max_retries: 0, timeout: 5}\n"
                      f"verify: {{stages: [{', '.join(PROOF_STAGES)}]}}\n")
    result = _run_cli(config, copy, "--endpoint", "http://127.0.0.1:9/v1", "--executor", "ray",
                      "--ray-address", "127.0.0.1:9", timeout=60)
    assert result.returncode == 0, result.stderr
    assert f"accepted {stats['funnel']['accepted']} of {len(SCRIPT)} problems (0 done this run" in result.stderr
    rerun = json.loads((copy / "stats.json").read_text())
    assert {k: v for k, v in rerun.items() if k != "config"} == {k: v for k, v in stats.items() if k != "config"}


def _run_cli(config: Path, out: Path, *extra: str, timeout: float = 240) -> subprocess.CompletedProcess:
    return run_synthcode("generate", "--config", str(config), "--out", str(out), *extra, env=ENV, timeout=timeout)


def _cached_requests(out: Path) -> set[tuple]:
    db = sqlite3.connect(f"file:{out / 'cache' / 'responses.sqlite'}?mode=ro", uri=True)
    try:
        rows = db.execute("SELECT request FROM responses").fetchall()
    finally:
        db.close()
    return {(r["seed"], r["n"], r["messages"][-1][1]) for r in (json.loads(row[0]) for row in rows)}


@pytest.mark.slow
def test_kill_9_and_rerun_writes_every_problem_once_and_repeats_no_answered_request(tmp_path):
    count = 2 * len(SCRIPT)
    snippets = tmp_path / "snippets.jsonl"
    snippets.write_text("".join(json.dumps({"code": f"def helper_{i}(x):\n    return x * {i}\n"}) + "\n"
                                for i in range(50)))
    config = tmp_path / "run.yaml"
    config.write_text(f"include: {SMALL}\nnum_problems: {count}\nshard_rows: 1\n"
                      "model: {model: scripted-coder, concurrency: 2}\nverify: {workers: 2}\n"
                      "seeds: {dataset: snippets.jsonl, column: code}\n")
    out = tmp_path / "out"
    with FakeOpenAIServer(ScriptedModel(0, count), model="scripted-coder", delay=0.1) as server:
        process = subprocess.Popen(
            [sys.executable, "-m", "synthcode", "generate", "--config", str(config), "--out", str(out),
             "--endpoint", server.url], env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            if len(list(out.glob("*/part-*.parquet"))) >= 4:
                break
            time.sleep(0.05)
        assert process.poll() is None, process.stderr.read().decode()
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        process.stderr.close()
        before = read_all(out)
        assert 4 <= len(before) < count
        answered = _cached_requests(out)
        sent_before = len(server.requests)

        result = _run_cli(config, out, "--endpoint", server.url)
        assert result.returncode == 0, result.stderr
        resent = [(r["seed"], r["n"], r["messages"][-1]["content"]) for r in server.requests[sent_before:]]
    assert not answered & set(resent), "a request answered before the kill was sent again"
    rows = read_all(out)
    ids = [r["problem_id"] for r in rows]
    assert sorted(ids) == sorted(problem_id(0, i) for i in range(count))
    assert {r["id"] for r in before} <= {r["id"] for r in rows}
    stats = json.loads((out / "stats.json").read_text())
    assert stats["funnel"]["requested"] == count
    # The seed snippet each problem was drawn with is in its provenance, and was in its prompt.
    snippet_ids = [json.loads(r["provenance"])["seed_snippet"] for r in rows]
    assert all(i.startswith(f"{snippets}:train:") for i in snippet_ids) and len(set(snippet_ids)) > 5
    prompts = [r["messages"][-1]["content"] for r in server.requests if r["messages"][-1]["content"].startswith(
        "Write one new Python programming problem")]
    assert all("def helper_" in p for p in prompts)
    assert not list(out.glob("*/.part-*"))


@pytest.mark.slow
def test_bad_config_and_unreachable_server_are_one_line_errors(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"include: {SMALL}\nnum_problem: 3\n")
    result = _run_cli(bad, tmp_path / "o1")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "did you mean 'num_problems'" in result.stderr

    down = tmp_path / "down.yaml"
    down.write_text(f"include: {SMALL}\nnum_problems: 2\nmodel: {{max_retries: 0, timeout: 5}}\n")
    result = _run_cli(down, tmp_path / "o2", "--endpoint", "http://127.0.0.1:9/v1", "--model", "m")
    assert result.returncode == 2
    assert result.stderr.startswith("error: model request failed") and result.stderr.count("\n") == 1

    result = _run_cli(SMALL, tmp_path / "o3", "--backend", "replai")
    assert result.returncode == 2 and "Did you mean 'replay'?" in result.stderr


@pytest.mark.slow
def test_min_agreement_rejects_canonicals_that_too_few_candidates_agree_with(tmp_path):
    config = load_config(GenerateConfig, ROOT / "configs/generate/demo.yaml",
                         {"out": str(tmp_path), "min_agreement": 2, "verify": {"workers": 2}})
    config.resolve_paths(ROOT / "configs/generate")
    GenerateJob(config).run()
    rows = {row["entry_point"]: row for row in read_all(tmp_path)}
    assert rows["longest_run"]["status"] == "accepted"  # three candidates, all agreeing
    assert rows["sum_evens"]["reason"].startswith(
        "min-agreement: the canonical solution agrees with 1 other passing candidate(s) on ")
    assert rows["sum_evens"]["reason"].endswith("min_agreement is 2")
    assert rows["clamp_all"]["reason"].startswith(
        "min-agreement: the canonical solution agrees with 0 other passing candidate(s)")
