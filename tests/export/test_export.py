"""synthcode export: a generation directory written here with pyarrow -> a dataset load_dataset reads back."""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fakes.cli import run_synthcode

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
import yaml  # noqa: E402

from fakes.generation import LEVELS, write_gen_dir  # noqa: E402

from synthcode.errors import ConfigError, InputError  # noqa: E402
from synthcode.export.build import ExportConfig, export, push_to_hub, split_of  # noqa: E402
from synthcode.records import JSON_COLUMNS, SAMPLE_COLUMNS, sample_features  # noqa: E402


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    gen, accepted, stats = write_gen_dir(tmp_path_factory.mktemp("gen"))
    out = tmp_path_factory.mktemp("dataset")
    summary = export(gen, out, ExportConfig(validation_fraction=0.2, seed=3, rows_per_shard=40))
    return gen, out, accepted, stats, summary


def _card(out: Path) -> tuple[dict, str]:
    text = (out / "README.md").read_text()
    _, meta, body = text.split("---\n", 2)
    return yaml.safe_load(meta), body


def test_round_trip_gives_the_same_records_with_the_explicit_features(exported):
    import datasets

    _, out, accepted, _, _ = exported
    loaded = datasets.load_dataset(str(out))
    assert set(loaded) == {"train", "validation"}
    assert all(loaded[split].features == sample_features() for split in loaded)
    rows = [row for split in loaded for row in loaded[split]]
    assert sorted(rows, key=lambda r: r["id"]) == sorted(accepted, key=lambda r: r["id"])
    assert len(list((out / "data").glob("train-*-of-*.parquet"))) > 1  # rows_per_shard=40 rolled over


def test_split_is_by_problem_and_follows_the_seeded_hash(exported):
    import datasets

    _, out, _, _, _ = exported
    loaded = datasets.load_dataset(str(out))
    train, validation = (set(loaded[s]["problem_id"]) for s in ("train", "validation"))
    assert train and validation and not train & validation
    assert all(split_of(p, 3, 0.2) == "validation" for p in validation)
    assert all(split_of(p, 3, 0.2) == "train" for p in train)


def test_card_metadata_and_numbers_match_the_data(exported):
    import datasets

    _, out, accepted, stats, _ = exported
    meta, body = _card(out)
    loaded = datasets.load_dataset(str(out))
    assert meta["license"] == "apache-2.0" and meta["task_categories"] == ["text-generation"]
    assert meta["size_categories"] == ["n<1K"]
    assert meta["configs"][0]["data_files"] == [{"split": "train", "path": "data/train-*"},
                                                {"split": "validation", "path": "data/validation-*"}]
    assert {s["name"]: s["num_examples"] for s in meta["dataset_info"]["splits"]} == {
        split: len(loaded[split]) for split in loaded}
    assert [f["name"] for f in meta["dataset_info"]["features"]] == list(SAMPLE_COLUMNS)
    # datasets reads the card's split info whole (it ignores a split entry without num_bytes)
    from datasets.info import DatasetInfosDict
    from huggingface_hub import DatasetCard

    infos = DatasetInfosDict.from_dataset_card_data(DatasetCard.load(out / "README.md").data)
    assert {name: (info.num_examples, info.num_bytes > 0) for name, info in infos["default"].splits.items()} == {
        split: (len(loaded[split]), True) for split in loaded}
    for split in loaded:
        n_problems = len(set(loaded[split]["problem_id"]))
        assert f"| {split} | {len(loaded[split])} | {n_problems} |" in body
    for level in LEVELS:
        per_split = " | ".join(str(loaded[s]["level"].count(level)) for s in ("train", "validation"))
        assert f"| {level} | {per_split} | {stats['levels'][level]} |" in body
    # accept rate per stage: each stage is entered by what passed the one before (240 decontaminated first)
    assert "| tests | 240 | 180 | 75.0% |" in body and "| properties | 180 | 150 | 83.3% |" in body
    assert "| symbolic | 150 | 130 | 86.7% |" in body
    assert f"| accepted | {len(accepted)} | {100 * len(accepted) / 400:.1f}% |" in body
    assert "| crosshair-tool | 0.0.80 |" in body and "| properties | 20.0 | 200 |" in body
    assert "`humaneval`, `mbpp`" in body and "load_dataset(" in body
    assert json.loads((out / "synthcode_stats.json").read_text()) == stats
    # the mutation score histogram: this export's rows, and the generation run's
    scores = [r["mutation_score"] for r in accepted]
    assert f"| 0.0-0.1 | {scores.count(0.0)} | {stats['mutation_scores']['0.0-0.1']} |" in body
    assert f"| 0.9-1.0 | {scores.count(0.9) + scores.count(1.0)} |" in body
    assert f"| unscored | {scores.count(None)} | {stats['mutation_scores']['unscored']} |" in body
    # the run's rejections per guard of the tests stage, every guard named
    assert "| vacuous | 7 |" in body and "| replay | 2 |" in body and "| untrusted-eq | 0 |" in body


@pytest.mark.slow
def test_min_mutation_score_keeps_only_strong_tests(tmp_path):
    import datasets

    gen, accepted, _ = write_gen_dir(tmp_path / "gen", problems=30, shards=2)
    summary = export(gen, tmp_path / "ds", ExportConfig(min_mutation_score=0.6, validation_fraction=0))
    loaded = datasets.load_dataset(str(tmp_path / "ds"))["train"]
    expected = sorted(r["id"] for r in accepted if r["mutation_score"] is not None and r["mutation_score"] >= 0.6)
    assert expected and sorted(loaded["id"]) == expected and summary["rows"] == len(expected)
    assert min(loaded["mutation_score"]) >= 0.6
    _, body = _card(tmp_path / "ds")
    assert "Exported samples score at least 0.6." in body and "| unscored | 0 |" in body
    with pytest.raises(ConfigError, match="--min-mutation-score: must be between 0 and 1, got 1.5"):
        ExportConfig(min_mutation_score=1.5)
    weak, few, _ = write_gen_dir(tmp_path / "weak", problems=3, shards=1)
    assert max(r["mutation_score"] or 0 for r in few) < 0.9
    with pytest.raises(InputError, match="no accepted sample at level >= tested and mutation score >= 0.9"):
        export(weak, tmp_path / "none", ExportConfig(min_mutation_score=0.9))
    result = run_synthcode("export", str(gen), "--out", str(tmp_path / "cli"), "--min-mutation-score", "0.6",
                           "--validation-fraction", "0")
    assert result.returncode == 0, result.stderr
    assert datasets.load_dataset(str(tmp_path / "cli"))["train"].num_rows == len(expected)


def test_min_level_filters_and_card_follows(tmp_path):
    import datasets

    gen, accepted, _ = write_gen_dir(tmp_path / "gen", problems=20, shards=1)
    summary = export(gen, tmp_path / "ds", ExportConfig(min_level="symbolic", validation_fraction=0))
    loaded = datasets.load_dataset(str(tmp_path / "ds"))
    assert list(loaded) == ["train"]
    expected = sorted(r["id"] for r in accepted if r["level"] in ("symbolic", "proved"))
    assert expected and sorted(loaded["train"]["id"]) == expected and summary["rows"] == len(expected)
    meta, body = _card(tmp_path / "ds")
    assert meta["configs"][0]["data_files"] == [{"split": "train", "path": "data/train-*"}]
    assert "| tested | 0 |" in body and "| property-checked | 0 |" in body


def test_json_columns_stay_json_text(exported):
    import datasets

    row = datasets.load_dataset(str(exported[1]), split="train")[0]
    for column in JSON_COLUMNS:
        json.loads(row[column])


def test_bad_inputs_are_one_line_errors(tmp_path):
    with pytest.raises(InputError, match="no stats.json"):
        (tmp_path / "empty").mkdir()
        export(tmp_path / "empty", tmp_path / "o", ExportConfig())
    with pytest.raises(ConfigError, match=r"--min-level: unknown level 'great'"):
        ExportConfig(min_level="great")
    with pytest.raises(ConfigError, match="--validation-fraction"):
        ExportConfig(validation_fraction=1.5)
    gen = tmp_path / "gen"
    (gen / "accepted").mkdir(parents=True)
    (gen / "stats.json").write_text(json.dumps({"funnel": {}}))
    pq.write_table(pa.table({"id": ["a"]}), gen / "accepted" / "part-00000.parquet")
    with pytest.raises(InputError, match=r"missing sample columns \['problem_id'"):
        export(gen, tmp_path / "o", ExportConfig())


@pytest.mark.slow
def test_cli_exports_and_push_without_token_is_one_line(tmp_path, exported):
    gen = exported[0]
    done = run_synthcode("export", str(gen), "--out", str(tmp_path / "ds"), "--validation-fraction", "0.1")
    assert done.returncode == 0, done.stderr
    assert re.search(r"exported \d+ samples \(train \d+, validation \d+\)", done.stderr)
    env = {k: v for k, v in os.environ.items() if k != "HF_TOKEN"}
    refused = subprocess.run([sys.executable, "-m", "synthcode", "export", str(gen), "--out", str(tmp_path / "d2"),
                              "--push-to-hub", "me/data"], capture_output=True, text=True, env=env, timeout=120)
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines() == [
        "error: --push-to-hub needs a Hub write token in HF_TOKEN "
        "(create one at https://huggingface.co/settings/tokens)"]
    assert not (tmp_path / "d2").exists()  # refused before exporting anything
    misnamed = run_synthcode("export", str(gen), "--out", str(tmp_path / "d4"), "--push-to-hub", "not a repo",
                             env={"HF_TOKEN": "hf_x"})
    assert misnamed.returncode == 2 and "expected OWNER/NAME" in misnamed.stderr
    assert not (tmp_path / "d4").exists()
    bad = run_synthcode("export", str(gen), "--out", str(tmp_path / "d3"), "--min-level", "prooved")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.strip().splitlines() == [
        "error: --min-level: unknown level 'prooved'; expected one of: rejected, tested, property-checked, "
        "symbolic, proved"]


def test_push_reaches_the_upload_call_and_reports_failure_in_one_line(exported, monkeypatch):
    # No Hub here: the real client runs create_repo against a closed loopback port and fails there.
    monkeypatch.setenv("HF_TOKEN", "hf_test")
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.setattr("huggingface_hub.constants.ENDPOINT", "http://127.0.0.1:9")
    monkeypatch.setattr("huggingface_hub.constants.HF_HUB_OFFLINE", False)
    with pytest.raises(InputError, match=r"^--push-to-hub me/data: ") as info:
        push_to_hub(exported[1], "me/data", private=True)
    assert "\n" not in str(info.value)
    with pytest.raises(ConfigError, match="expected OWNER/NAME"):
        push_to_hub(exported[1], "not a repo")


class FakeHub(BaseHTTPRequestHandler):
    """The Hub's repo-create, preupload and commit endpoints as huggingface_hub calls them; records requests."""

    requests: list = []

    def _reply(self, body: dict, code: int = 200) -> None:
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.requests.append((self.path, self.headers.get("authorization"), body))
        base = f"http://127.0.0.1:{self.server.server_port}"
        if self.path == "/api/validate-yaml":  # the Hub checks the card's metadata before the commit
            request = json.loads(body)
            meta = yaml.safe_load(request["content"].split("---\n")[1])
            errors = [] if request["repoType"] == "dataset" and meta.get("license") else [{"message": "bad card"}]
            return self._reply({"errors": errors, "warnings": []}, 400 if errors else 200)
        if self.path == "/api/repos/create":
            return self._reply({"url": f"{base}/datasets/me/data", "name": "me/data"})
        if self.path == "/api/datasets/me/data/preupload/main":
            return self._reply({"files": [{"path": f["path"], "uploadMode": "regular", "shouldIgnore": False}
                                          for f in json.loads(body)["files"]]})
        if self.path == "/api/datasets/me/data/commit/main":
            return self._reply({"commitUrl": f"{base}/datasets/me/data/commit/{'a' * 40}", "commitOid": "a" * 40,
                                "pullRequestUrl": None})
        self._reply({"error": f"not found: {self.path}"}, 404)

    def do_GET(self):  # noqa: N802
        self._reply({"error": "not found"}, 404)

    def log_message(self, *args):
        pass


def test_push_creates_the_repo_and_commits_every_file_over_the_hub_protocol(exported, monkeypatch):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeHub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    FakeHub.requests = []
    monkeypatch.setenv("HF_TOKEN", "hf_test")
    monkeypatch.setattr("huggingface_hub.constants.ENDPOINT", f"http://127.0.0.1:{server.server_port}")
    monkeypatch.setattr("huggingface_hub.constants.HF_HUB_OFFLINE", False)
    try:
        url = push_to_hub(exported[1], "me/data", private=True)
    finally:
        server.shutdown()
    assert url.endswith("/datasets/me/data")
    paths = [path for path, _, _ in FakeHub.requests]
    assert paths == ["/api/repos/create", "/api/validate-yaml", "/api/datasets/me/data/preupload/main",
                     "/api/datasets/me/data/commit/main"]
    assert all(auth == "Bearer hf_test" for _, auth, _ in FakeHub.requests)
    assert json.loads(FakeHub.requests[0][2]) == {"name": "data", "organization": "me", "visibility": "private",
                                                   "type": "dataset"}
    lines = [json.loads(line) for line in FakeHub.requests[-1][2].decode().splitlines()]
    files = {line["value"]["path"]: base64.b64decode(line["value"]["content"]) for line in lines if line["key"] == "file"}
    local = {str(p.relative_to(exported[1])): p.read_bytes() for p in exported[1].rglob("*") if p.is_file()}
    assert files == local and "README.md" in files and any(p.startswith("data/validation-") for p in files)


def _gen_with_alternatives(root: Path) -> Path:
    from fakes.generation import sample_row

    from synthcode.records import sample_arrow_schema

    row = sample_row(1, 0, "property-checked")
    row["text"] = ""  # generation leaves the document to export
    other = "def add_1(x: int) -> int:\n    return 1 + x\n"
    row["alternatives"] = json.dumps([
        {"candidate": 0, "status": "accepted", "level": "tested", "solution": other, "agrees": True,
         "tests_passed": 1.0, "mutation_score": None, "cluster": 0},
        # the canonical solution again, formatted otherwise: not a new solution
        {"candidate": 2, "status": "accepted", "level": "tested", "agrees": True, "tests_passed": 1.0,
         "solution": "def add_1(x: int) -> int:\n    return   x + 1  # same\n", "cluster": 0},
        {"candidate": 3, "status": "accepted", "level": "tested", "agrees": False, "tests_passed": 1.0,
         "solution": "def add_1(x: int) -> int:\n    return x + 2 if x > 5 else x + 1\n", "cluster": 1},
        {"candidate": 4, "status": "rejected", "level": "rejected", "tests_passed": 0.5,
         "solution": "def add_1(x: int) -> int:\n    return x + 1 if x else 0\n"}])
    (root / "accepted").mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist([row], schema=sample_arrow_schema()), root / "accepted" / "part-00000.parquet")
    (root / "stats.json").write_text(json.dumps({"funnel": {"requested": 1, "accepted": 1}, "levels": {}}))
    return root


def test_solutions_all_exports_each_distinct_agreeing_solution_and_the_card_says_which(tmp_path):
    gen = _gen_with_alternatives(tmp_path / "gen")
    export(gen, tmp_path / "one", ExportConfig(validation_fraction=0))
    (canonical,) = pq.read_table(tmp_path / "one" / "data").to_pylist()
    assert "return x + 1" in canonical["text"] and canonical["statement"] in canonical["text"]
    assert "`--solutions canonical`" in _card(tmp_path / "one")[1]

    summary = export(gen, tmp_path / "all", ExportConfig(validation_fraction=0, solutions="all"))
    rows = pq.read_table(tmp_path / "all" / "data").to_pylist()
    assert summary["rows"] == 2 and [r["solution"] for r in rows][1].endswith("return 1 + x\n")
    assert rows[1]["reason"].startswith("agrees with the canonical solution") and "return 1 + x" in rows[1]["text"]
    assert rows[0]["id"] != rows[1]["id"] and rows[1]["problem_id"] == rows[0]["problem_id"]
    assert "`--solutions all`" in _card(tmp_path / "all")[1]

    export(gen, tmp_path / "half", ExportConfig(validation_fraction=0, solutions="all", min_tests_passed=0.5))
    rows = pq.read_table(tmp_path / "half" / "data").to_pylist()
    assert len(rows) == 3 and rows[2]["level"] == "tested" and "passed 50% of the tests" in rows[2]["reason"]
    assert "`--min-tests-passed 0.5`" in _card(tmp_path / "half")[1]
    with pytest.raises(ConfigError, match="--solutions: must be one of canonical, all"):
        ExportConfig(solutions="some")
