"""The generation job's parts: taxonomy draws, seed snippets, prompt templates, the shard writer, config."""

from __future__ import annotations

import json
import random

import pytest

from synthcode.config import load_config
from synthcode.errors import ConfigError, InputError
from synthcode.generate.config import ROOT, GenerateConfig, SeedsConfig
from synthcode.generate.prompts import render_messages
from synthcode.generate.seeds import SeedSnippets
from synthcode.generate.taxonomy import Taxonomy
from synthcode.generate.writer import ShardWriter, read_all
from synthcode.records import SAMPLE_COLUMNS

TAXONOMY = ROOT / "configs/taxonomy/default.yaml"


def test_taxonomy_draws_are_seeded_weighted_and_cover_the_axes():
    taxonomy = Taxonomy.load(TAXONOMY)
    first = [taxonomy.draw(random.Random(f"0:{i}")).path for i in range(200)]
    assert first == [taxonomy.draw(random.Random(f"0:{i}")).path for i in range(200)]
    assert len(set(first)) > 150
    difficulties = [path.rsplit("/", 1)[1] for path in first]
    assert difficulties.count("easy") > difficulties.count("hard")  # weights 3 : 1


def test_bad_taxonomies_are_config_errors(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("topics: [a]\nconcepts: [b]\ndata_structures: [c]\ndifficulty: {easy: 0}\n")
    with pytest.raises(ConfigError, match="difficulty.easy: weight must be a positive number"):
        Taxonomy.load(path)
    path.write_text("topics: [a]\nconcepts: [b]\ndata_structures: [c]\n")
    with pytest.raises(ConfigError, match="'difficulty' must be a list"):
        Taxonomy.load(path)


def test_seed_snippets_from_a_local_file(tmp_path):
    path = tmp_path / "snippets.jsonl"
    path.write_text("".join(json.dumps({"code": f"def f{i}():\n    return {i}\n" + "# pad\n" * 50}) + "\n"
                            for i in range(5)))
    seeds = SeedSnippets.load(SeedsConfig(dataset=str(path), column="code", max_chars=60))
    snippet_id, text = seeds.draw(random.Random(3))
    assert snippet_id.startswith(f"{path}:train:") and len(text) <= 60
    row = int(snippet_id.rsplit(":", 1)[1])
    assert text.startswith(f"def f{row}():")
    with pytest.raises(ConfigError, match="seeds.column 'content' is not in"):
        SeedSnippets.load(SeedsConfig(dataset=str(path)))
    with pytest.raises(ConfigError, match="seeds.dataset"):
        SeedSnippets.load(SeedsConfig(dataset=str(tmp_path / "nope.jsonl")))


def test_templates_render_system_and_user_and_name_missing_ones():
    messages = render_messages("problem/v1.j2", topic="T", concept="C", data_structure="D", difficulty="easy",
                               snippet="")
    assert [role for role, _ in messages] == ["system", "user"]
    assert "Topic: T" in messages[1][1] and "snippet" not in messages[1][1]
    with pytest.raises(ConfigError, match="prompt template 'problem/v9.j2' not found"):
        render_messages("problem/v9.j2")
    with pytest.raises(ConfigError, match="'topic' is undefined"):
        render_messages("problem/v1.j2")


def _row(i: int, status: str = "accepted") -> dict[str, str]:
    return {**{name: "" for name in SAMPLE_COLUMNS}, "id": f"id{i}", "problem_id": f"p{i}", "status": status,
            "mutation_score": None}


def test_shards_are_atomic_numbered_after_existing_ones_and_read_back(tmp_path):
    with ShardWriter(tmp_path, shard_rows=2) as writer:
        for i in range(5):
            writer.write(_row(i, "accepted" if i % 2 else "rejected"))
    assert [p.name for p in sorted(tmp_path.glob("*/part-*"))] == [
        "part-00000.parquet", "part-00000.parquet", "part-00001.parquet"]
    (tmp_path / "accepted" / ".part-00007.tmp").write_bytes(b"half a shard")
    with ShardWriter(tmp_path, shard_rows=10) as writer:
        assert sorted(r["problem_id"] for r in writer.existing_rows(["problem_id"])) == [f"p{i}" for i in range(5)]
        writer.write(_row(9))
    assert not list(tmp_path.glob("*/.part-*"))
    assert (tmp_path / "accepted" / "part-00001.parquet").exists()
    assert sorted(r["id"] for r in read_all(tmp_path)) == [f"id{i}" for i in (0, 1, 2, 3, 4, 9)]
    with pytest.raises(ValueError, match="lacks columns"):
        ShardWriter(tmp_path).write({"status": "accepted"})


def test_a_foreign_parquet_in_out_is_a_one_line_error(tmp_path):
    (tmp_path / "accepted").mkdir()
    (tmp_path / "accepted" / "part-00000.parquet").write_bytes(b"not parquet")
    with pytest.raises(InputError, match="is not a synthcode sample shard"):
        list(ShardWriter(tmp_path).existing_rows(["problem_id"]))


def test_configs_load_and_bad_values_name_the_setting():
    for name in ("default", "small", "demo"):
        config = load_config(GenerateConfig, ROOT / f"configs/generate/{name}.yaml")
        config.resolve_paths(ROOT / "configs/generate")
        assert config.verify.stages[-1] == "differential"
    assert load_config(GenerateConfig, ROOT / "configs/generate/demo.yaml").model.backend == "replay"
    with pytest.raises(ConfigError, match="solutions_per_problem must be a positive integer, got 0"):
        GenerateConfig(solutions_per_problem=0)
    with pytest.raises(ConfigError, match="min_agreement"):
        GenerateConfig(solutions_per_problem=2, min_agreement=2)
    # Sampling settings fail when the config loads, before any request is paid for.
    with pytest.raises(ConfigError, match=r"config\.sampling\.tests: top_p must be in \(0, 1\], got top_p=5"):
        load_config(GenerateConfig, None, {"sampling": {"tests": {"top_p": 5.0}}})
