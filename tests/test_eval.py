"""Evaluation end to end on a tiny checkpoint from the trainer: code pass@1 through the sandbox,
lm-eval on local task files, the LLM judge against the loopback OpenAI-protocol fake."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

pytest.importorskip("torch")
pytest.importorskip("lm_eval")

from fakes.openai_server import FakeOpenAIServer  # noqa: E402
from fakes.packed_mix import TINY, write_mix  # noqa: E402

from synthcode.cli import main  # noqa: E402
from synthcode.evaluation.code import code_problems, score  # noqa: E402
from synthcode.evaluation.config import CodeConfig  # noqa: E402
from synthcode.evaluation.judge import judge_pairs, parse_verdict  # noqa: E402

BASELINE_ANSWER = "I cannot answer that."


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory) -> str:
    from synthcode.train.config import TrainConfig
    from synthcode.train.trainer import train

    root = tmp_path_factory.mktemp("eval")
    mix = write_mix(root / "code-mix", rows=16)
    summary = train(TrainConfig(mix=str(mix), out=str(root / "run"), model=TINY, tokens=64 * 4 * 3,
                                micro_batch=2, grad_accum=2, lr=3e-3, precision="fp32", device="cpu"))
    return summary["checkpoint"]


def write_tasks(root: Path) -> Path:
    tasks = root / "tasks"
    tasks.mkdir()
    rows = [{"passage": f"The sky is {c}.", "question": f"is the sky {q}", "label": int(c == q)}
            for c, q in [("blue", "blue"), ("grey", "blue"), ("red", "red"), ("blue", "green"), ("black", "black")]]
    (tasks / "boolq.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    trivia = [{"question": f"What is {a} plus {b}?", "answer": str(a + b)} for a, b in [(1, 2), (3, 4), (2, 2)]]
    (tasks / "trivia.jsonl").write_text("".join(json.dumps(r) + "\n" for r in trivia))
    (tasks / "tiny_boolq.yaml").write_text(f"""task: tiny_boolq
dataset_path: json
dataset_kwargs:
  data_files:
    validation: {tasks / 'boolq.jsonl'}
validation_split: validation
output_type: multiple_choice
doc_to_text: "{{{{passage}}}}\\nQuestion: {{{{question}}}}?\\nAnswer:"
doc_to_target: label
doc_to_choice: ["no", "yes"]
metric_list:
  - metric: acc
""")
    (tasks / "tiny_trivia.yaml").write_text(f"""task: tiny_trivia
dataset_path: json
dataset_kwargs:
  data_files:
    validation: {tasks / 'trivia.jsonl'}
validation_split: validation
output_type: generate_until
doc_to_text: "Question: {{{{question}}}}\\nAnswer:"
doc_to_target: "{{{{answer}}}}"
generation_kwargs:
  until: ["\\n"]
  max_gen_toks: 6
  do_sample: false
metric_list:
  - metric: exact_match
    aggregation: mean
    higher_is_better: true
""")
    return tasks


def test_sandbox_scores_canonical_solutions_as_passing_and_broken_ones_as_failing():
    config = CodeConfig(limit=3, workers=2, timeout=10.0)
    problems = code_problems("humaneval", config) + code_problems("mbpp", config)
    good = score(problems, [p.reference for p in problems], config)
    assert good["pass@1"] == 1.0 and good["n"] == 6
    bad = score(problems, ["    return None\n" if p.benchmark == "humaneval" else "def f():\n    pass\n"
                           for p in problems], config)
    assert bad["pass@1"] == 0.0 and {r["status"] for r in bad["results"]} == {"rejected"}


def test_judge_counts_both_orders_so_position_bias_cancels():
    from synthcode.generate.backends import ModelConfig, build_backend

    async def run(responder):
        with FakeOpenAIServer(responder) as server:
            backend = build_backend(ModelConfig(backend="openai", model="fake-model", endpoints=[server.url]))
            try:
                return await judge_pairs(backend, ["p1", "p2"], ["good one", "good two"], ["bad", "bad"])
            finally:
                await backend.aclose()

    always_a = asyncio.run(run(lambda body: "A"))
    assert always_a["win_rate"] == 0.5 and always_a["inconsistent_pairs"] == 2
    fair = asyncio.run(run(lambda body: "A" if "[Response A]\ngood" in body["messages"][0]["content"] else "B"))
    assert fair["win_rate"] == 1.0 and fair["wins"] == 4
    assert parse_verdict("Tie.") == "tie" and parse_verdict("neither") is None


@pytest.mark.slow
def test_eval_end_to_end_writes_one_result_per_checkpoint(checkpoint, tmp_path):
    tasks = write_tasks(tmp_path)
    prompts = ["Write a function that adds two numbers.", "Name a colour."]
    (tmp_path / "prompts.jsonl").write_text("".join(json.dumps({"prompt": p}) + "\n" for p in prompts))
    (tmp_path / "baseline.jsonl").write_text(
        "".join(json.dumps({"prompt": p, "answer": BASELINE_ANSWER}) + "\n" for p in prompts))

    def judge(body):  # prefers whichever answer is not the baseline's
        text = body["messages"][0]["content"]
        return "B" if f"[Response A]\n{BASELINE_ANSWER}" in text else "A"

    with FakeOpenAIServer(judge) as server:
        (tmp_path / "eval.yaml").write_text(f"""
device: cpu
dtype: fp32
code: {{limit: 2, max_new_tokens: 24, workers: 2}}
lm_eval:
  tasks: {{reasoning: [tiny_boolq], knowledge: [tiny_trivia]}}
  include_path: {tasks}
  batch_size: 4
judge:
  endpoint: {server.url}
  model: fake-model
  prompts: {tmp_path / 'prompts.jsonl'}
  baseline: {tmp_path / 'baseline.jsonl'}
  max_new_tokens: 12
""")
        code = main(["eval", checkpoint, "--config", str(tmp_path / "eval.yaml"), "--out", str(tmp_path / "results")])
        judged = len(server.requests)
    assert code == 0
    (path,) = (tmp_path / "results").glob("*.json")
    assert path.name == "tiny__code-mix__pretrain__step-3.json"
    result = json.loads(path.read_text())
    assert set(result["groups"]) == {"code", "reasoning", "knowledge", "generative"}
    assert result["code"]["humaneval"]["n"] == 2 and result["code"]["mbpp"]["n"] == 2
    for bench in result["code"].values():
        statuses = [r["status"] for r in bench["results"]]
        assert set(statuses) <= {"accepted", "rejected", "error"}
        assert bench["pass@1"] == statuses.count("accepted") / len(statuses)
    assert result["lm_eval"]["tasks"]["tiny_boolq"]["metric"] == "acc,none"
    assert result["lm_eval"]["tasks"]["tiny_boolq"]["n"] == 5
    assert 0.0 <= result["groups"]["reasoning"] <= 1.0
    assert result["groups"]["generative"] == 1.0 and judged == 4
    answers = (tmp_path / "results" / path.name.replace(".json", ".answers.jsonl")).read_text().splitlines()
    assert [json.loads(a)["prompt"] for a in answers] == prompts


@pytest.mark.slow
def test_default_task_names_exist_in_lm_eval_and_unknown_ones_are_named():
    from synthcode.errors import ConfigError
    from synthcode.evaluation.config import HarnessConfig
    from synthcode.evaluation.harness import task_manager

    defaults = [t for tasks in HarnessConfig().tasks.values() for t in tasks]
    assert len(defaults) == 11 and task_manager(defaults, None) is not None
    with pytest.raises(ConfigError, match=r"unknown task\(s\) siqa "):
        task_manager(["boolq", "siqa"], None)


def test_missing_task_data_is_a_one_line_error(checkpoint, tmp_path, capsys):
    tasks = write_tasks(tmp_path)
    (tasks / "boolq.jsonl").unlink()
    assert main(["eval", checkpoint, "--suites", "lm_eval", "--out", str(tmp_path / "r"), "--device", "cpu",
                 "--include-path", str(tasks), "--config", str(write_config(tmp_path, ["tiny_boolq"]))]) == 2
    err = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error:")]
    assert len(err) == 1 and "cannot load a task's data" in err[0]
    assert not (tmp_path / "r").exists() or not list((tmp_path / "r").glob("*.json"))


def write_config(root: Path, tasks: list[str]) -> Path:
    path = root / "tasks.yaml"
    path.write_text(f"lm_eval: {{tasks: {{reasoning: {tasks}}}}}\ndtype: fp32\n")
    return path


def test_bad_checkpoint_is_a_one_line_error(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["eval", str(tmp_path / "empty"), "--suites", "code", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error:") and "no config.json" in err[0]


def test_shipped_eval_configs_load_and_local_task_files_are_lm_eval_tasks():
    from synthcode.config import load_config
    from synthcode.evaluation.config import EvalConfig
    from synthcode.evaluation.harness import task_manager

    root = Path(__file__).resolve().parents[1] / "configs" / "eval"
    configs = {p.stem: load_config(EvalConfig, p) for p in root.glob("*.yaml")}
    assert set(configs) == {"default", "offline", "smoke"}
    offline = configs["offline"].lm_eval
    names = [t for tasks in offline.tasks.values() for t in tasks]
    assert task_manager(names, str(root / "local-tasks")) is not None
