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


@pytest.mark.slow
def test_missing_task_data_is_a_one_line_error(checkpoint, tmp_path, capsys):
    tasks = write_tasks(tmp_path)
    (tasks / "boolq.jsonl").unlink()
    assert main(["eval", checkpoint, "--suites", "lm_eval", "--out", str(tmp_path / "r"), "--device", "cpu",
                 "--include-path", str(tasks), "--config", str(write_config(tmp_path, ["tiny_boolq"]))]) == 2
    err = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error:")]
    assert len(err) == 1 and "lm_eval task tiny_boolq" in err[0] and "boolq.jsonl does not exist" in err[0]
    assert not (tmp_path / "r").exists() or not list((tmp_path / "r").glob("*.json"))


@pytest.mark.slow
@pytest.mark.parametrize("problem", ["missing data", "unknown task"])
def test_bad_lm_eval_tasks_fail_before_the_code_suite_runs(checkpoint, tmp_path, capsys, problem):
    tasks = write_tasks(tmp_path)
    names = ["tiny_boolq", "tiny_trivia"]
    if problem == "missing data":
        (tasks / "trivia.jsonl").unlink()
    else:
        names.append("tiny_boolqq")
    config = write_config(tmp_path, names, include_path=tasks, code="{limit: 2, max_new_tokens: 8}")
    assert main(["eval", checkpoint, "--suites", "code,lm_eval", "--out", str(tmp_path / "r"), "--device", "cpu",
                 "--config", str(config)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: "), err   # no code progress: it never started
    assert ("trivia.jsonl does not exist" if problem == "missing data" else "unknown task(s) tiny_boolqq") in err[0]
    assert not (tmp_path / "r").exists()


def write_config(root: Path, tasks: list[str], include_path: Path | None = None, code: str | None = None) -> Path:
    path = root / "tasks.yaml"
    text = f"lm_eval: {{tasks: {{reasoning: {tasks}}}}}\ndtype: fp32\n"
    if include_path is not None:
        text = f"lm_eval: {{tasks: {{reasoning: {tasks}}}, include_path: {include_path}}}\ndtype: fp32\n"
    if code is not None:
        text += f"code: {code}\n"
    path.write_text(text)
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

    root = Path(__file__).resolve().parents[2] / "configs" / "eval"
    configs = {p.stem: load_config(EvalConfig, p) for p in root.glob("*.yaml")}
    assert set(configs) == {"default", "offline", "smoke"}
    offline = configs["offline"].lm_eval
    names = [t for tasks in offline.tasks.values() for t in tasks]
    assert task_manager(names, str(root / "local-tasks")) is not None


@pytest.mark.slow
def test_a_failing_suite_keeps_the_others_and_a_rerun_resumes(checkpoint, tmp_path, capsys):
    tasks = write_tasks(tmp_path)
    prompts = ["Name a colour.", "Say hello."]
    (tmp_path / "prompts.jsonl").write_text("".join(json.dumps({"prompt": p}) + "\n" for p in prompts))
    (tmp_path / "baseline.jsonl").write_text(
        "".join(json.dumps({"prompt": p, "answer": BASELINE_ANSWER}) + "\n" for p in prompts))
    out = tmp_path / "results"

    def run(judge_model: str, limit: int = 2) -> tuple[int, list[str]]:
        (tmp_path / "eval.yaml").write_text(f"""
device: cpu
dtype: fp32
code: {{limit: {limit}, max_new_tokens: 16, workers: 2}}
lm_eval:
  tasks: {{reasoning: [tiny_boolq], knowledge: [tiny_trivia]}}
  include_path: {tasks}
  batch_size: 4
judge:
  endpoint: {server.url}
  model: {judge_model}
  prompts: {tmp_path / 'prompts.jsonl'}
  baseline: {tmp_path / 'baseline.jsonl'}
  max_new_tokens: 8
""")
        code = main(["eval", checkpoint, "--config", str(tmp_path / "eval.yaml"), "--out", str(out)])
        return code, capsys.readouterr().err.strip().splitlines()

    name = "tiny__code-mix__pretrain__step-3"
    with FakeOpenAIServer(lambda body: "A") as server:
        code, err = run("no-such-judge")   # the server answers 404: the judge suite fails
        assert code == 1
        errors = [line for line in err if line.startswith("error:")]
        assert len(errors) == 1 and "1 of 5 suite(s) failed (judge: " in errors[0] and f"{name}.partial.json" in errors[0]
        assert f"{name}: code humaneval: verified 2/2, " in "\n".join(err)   # progress on stderr
        assert not (out / f"{name}.json").exists()
        partial = json.loads((out / f"{name}.partial.json").read_text())
        assert set(partial["errors"]) == {"judge"} and "judge" not in partial
        assert set(partial["code"]) == {"humaneval", "mbpp"} and set(partial["lm_eval"]["tasks"]) == {"tiny_boolq", "tiny_trivia"}
        assert set(partial["groups"]) == {"code", "reasoning", "knowledge"}
        for verdict in partial["code"]["humaneval"]["results"]:
            assert set(verdict) == {"task_id", "status", "level", "reason", "completion"}
            assert verdict["reason"] and verdict["level"] in ("rejected", "tested")

        asked = len(server.requests)
        code, err = run("fake-model")   # only the judge runs again
        assert code == 0, err
        assert any(f"{name}: resuming; kept code:humaneval, code:mbpp, lm_eval:tiny_boolq, lm_eval:tiny_trivia" in line
                   for line in err)
        assert not any("code humaneval: generated" in line or "lm_eval tiny" in line for line in err)
        # 2 prompts x both orders (distinct: the client may retry a request a loaded machine timed out)
        judged = {json.dumps(r["messages"]) for r in server.requests[asked:]}
        assert len(judged) == 4
        asked = len(server.requests)
        assert not (out / f"{name}.partial.json").exists()
        result = json.loads((out / f"{name}.json").read_text())
        assert "errors" not in result and set(result["groups"]) == {"code", "reasoning", "knowledge", "generative"}
        assert result["code"] == partial["code"] and result["lm_eval"]["tasks"] == partial["lm_eval"]["tasks"]

        code, err = run("fake-model")
        assert code == 0 and any("nothing to do" in line for line in err) and len(server.requests) == asked

        code, err = run("fake-model", limit=1)   # code settings changed: the code suite is redone
        assert code == 0
        result = json.loads((out / f"{name}.json").read_text())
        assert result["code"]["humaneval"]["n"] == 1 and len(server.requests) == asked
        assert result["lm_eval"]["tasks"] == partial["lm_eval"]["tasks"]


@pytest.mark.slow
def test_shipped_smoke_config_runs_from_any_directory(checkpoint, tmp_path, monkeypatch):
    smoke = Path(__file__).resolve().parents[2] / "configs" / "eval" / "smoke.yaml"
    monkeypatch.chdir(tmp_path)   # nothing in the config or its tasks may be relative to the working directory
    assert main(["eval", checkpoint, "-c", str(smoke), "--suites", "lm_eval", "--limit", "3", "--out", "r"]) == 0
    (path,) = Path("r").glob("*.json")
    result = json.loads(path.read_text())
    tasks = result["lm_eval"]["tasks"]
    assert set(tasks) == {"boolq_smoke", "triviaqa_smoke"} and {t["n"] for t in tasks.values()} == {3}
    assert tasks["boolq_smoke"]["metric"] == "acc,none" and tasks["triviaqa_smoke"]["metric"] == "exact_match,none"
    assert set(result["groups"]) == {"reasoning", "knowledge"}


def test_smoke_data_is_shipped_and_labelled():
    folder = Path(__file__).resolve().parents[2] / "configs" / "eval" / "local-tasks" / "smoke"
    assert "SMOKE DATA" in (folder / "README.md").read_text()
    for task, fields in (("boolq_smoke", {"passage", "question", "label"}), ("triviaqa_smoke", {"question", "answer"})):
        rows = [json.loads(line) for line in (folder / f"{task}.jsonl").read_text().splitlines()]
        assert len(rows) == 40 and all(fields <= set(r) and r["source"].startswith("SMOKE DATA") for r in rows)
        assert "SMOKE DATA" in (folder / f"{task}.yaml").read_text()
    labels = [json.loads(line)["label"] for line in (folder / "boolq_smoke.jsonl").read_text().splitlines()]
    assert labels.count(0) == labels.count(1) == 20


def test_code_progress_prints_a_line_per_tenth_off_a_terminal():
    import io

    from synthcode.evaluation.progress import CodeProgress

    lines: list[str] = []
    with CodeProgress("m: code humaneval", lines.append, stream=io.StringIO()) as progress:
        for done in range(1, 21):
            progress("generated", done, 20, None)
        for done in range(1, 21):
            progress("verified", done, 20, done // 2)
    assert len(lines) == 21 and lines[0] == "m: code humaneval: generated 2/20"
    assert lines[-2] == "m: code humaneval: verified 20/20, 10 passing"
    assert lines[-1] == "m: code humaneval pass@1 0.500 (10/20)"


def test_results_carry_the_preset_the_mix_was_built_from(tmp_path):
    from synthcode.evaluation.run import describe

    meta = {"model": "tiny", "mix": "mix-7f3a", "stage": "pretrain", "step": 4, "tokens_total": 1024}
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "meta.json").write_text(json.dumps({**meta, "mix_preset": "text-only"}))
    assert describe(str(tmp_path / "a"))["mix_preset"] == "text-only"
    mix = tmp_path / "mix-7f3a"   # older checkpoints: the preset from the mix's manifest, while it is there
    mix.mkdir()
    (mix / "manifest.json").write_text(json.dumps({"preset": "code-25"}))
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "meta.json").write_text(json.dumps({**meta, "mix_path": str(mix)}))
    assert describe(str(tmp_path / "b"))["mix_preset"] == "code-25"
    (mix / "manifest.json").unlink()
    assert describe(str(tmp_path / "b"))["mix_preset"] is None


def test_data_files_resolve_against_the_task_yaml_folder_globs_included(tmp_path):
    from synthcode.errors import InputError
    from synthcode.evaluation.harness import _local_files

    folder = tmp_path / "tasks [v1]"   # glob characters in the folder are not a pattern
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "a.jsonl").write_text("{}\n")
    files = {"validation": "data/*.jsonl", "test": ["data/a.jsonl"]}
    assert _local_files(files, folder, "t") == {"validation": f"{folder}/data/*.jsonl", "test": [f"{folder}/data/a.jsonl"]}
    assert _local_files("hf://datasets/x/y.jsonl", folder, "t") == "hf://datasets/x/y.jsonl"
    with pytest.raises(InputError, match=r"^t\.validation: data file .*data/\*\.json does not exist$"):
        _local_files({"validation": "data/*.json"}, folder, "t")


def test_a_result_of_another_checkpoint_or_other_settings_is_not_resumed(tmp_path, caplog):
    from dataclasses import asdict

    from synthcode.evaluation.config import CodeConfig, EvalConfig
    from synthcode.evaluation.run import _start, done_units, settings

    config = EvalConfig(suites=["code"], code=CodeConfig(limit=2))
    old = {"checkpoint": "/runs/a/step-4", "groups": {"code": 0.5}, "settings": {"code": settings(asdict(config), "code")},
           "code": {"humaneval": {"pass@1": 0.5}, "mbpp": {"pass@1": 0.5}}}
    (tmp_path / "r.partial.json").write_text(json.dumps(old))
    fresh = {"checkpoint": "/runs/a/step-4", "groups": {}, "errors": {}}
    args = (tmp_path / "r.json", tmp_path / "r.partial.json")
    assert done_units(_start(*args, config, fresh)) == {"code:humaneval", "code:mbpp"}
    assert done_units(_start(*args, EvalConfig(suites=["code"], code=CodeConfig(limit=2, workers=8)), fresh)) \
        == {"code:humaneval", "code:mbpp"}   # workers do not change results
    assert done_units(_start(*args, EvalConfig(suites=["lm_eval"], code=CodeConfig(limit=3)), fresh)) \
        == {"code:humaneval", "code:mbpp"}   # a suite not asked for keeps its results
    assert "settings changed" not in caplog.text
    assert done_units(_start(*args, EvalConfig(suites=["code"], code=CodeConfig(limit=3)), fresh)) == set()
    assert "code settings changed" in caplog.text
    assert done_units(_start(*args, config, {**fresh, "checkpoint": "/runs/b/step-4"})) == set()
