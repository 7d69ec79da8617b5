"""The job end to end with the transformers backend: a tiny random model and a tokenizer built here
(no downloads). Its answers are garbage; the job must reject every one of them with a reason."""

from __future__ import annotations

import json

import pytest
from fakes.tiny_model import save_tiny_llama

from synthcode.config import load_config
from synthcode.generate.config import ROOT, GenerateConfig
from synthcode.generate.job import GenerateJob
from synthcode.generate.writer import read_all


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    corpus = ["<statement>\nReturn the sum.\n</statement>\n<signature>\ndef f(xs: list[int]) -> int:\n</signature>",
              "```python\ndef add(a, b):\n    return a + b\n```\n", "Write one new Python programming problem."] * 20
    return save_tiny_llama(tmp_path_factory.mktemp("tiny-llama"), corpus, vocab_size=400,
                           max_position_embeddings=4096)


@pytest.mark.slow  # importing torch and transformers takes ~10 s here
def test_job_runs_on_a_tiny_local_model_and_rejects_its_garbage(tiny_model, tmp_path):
    short = {"max_tokens": 24}
    config = load_config(GenerateConfig, ROOT / "configs/generate/small.yaml", {
        "out": str(tmp_path), "num_problems": 3, "solutions_per_problem": 2,
        "model": {"backend": "transformers", "model": tiny_model, "model_kwargs": {"device": "cpu"}},
        "sampling": {"problem": short, "solution": short, "tests": short}, "verify": {"workers": 1}})
    config.resolve_paths(ROOT / "configs/generate")
    stats = GenerateJob(config).run()
    rows = read_all(tmp_path)
    assert len(rows) == 3 and all(row["status"] == "rejected" for row in rows)
    categories = {row["reason"].split(":", 1)[0] for row in rows}
    assert categories <= {"truncated", "missing-section", "empty"}, categories
    assert stats["funnel"]["requested"] == 3 and stats["funnel"]["accepted"] == 0
    assert sum(stats["rejections"].values()) == 3
    provenance = json.loads(rows[0]["provenance"])
    assert provenance["backend"] == "transformers" and provenance["sampling"]["problem"]["max_tokens"] == 24
    assert len(list((tmp_path / "cache").glob("*.sqlite"))) == 1
