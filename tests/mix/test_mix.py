"""synthcode mix: token-exact shares, repetition caps, byte-identical shards, the packed format, one-line errors.

Every source is a real local dataset written here (Parquet, JSONL, a save_to_disk directory, a
generation output directory); the tokenizer is a byte-level BPE trained here with `tokenizers`.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

import numpy as np  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from fakes.bpe import bpe_tokenizer  # noqa: E402
from fakes.cli import run_synthcode  # noqa: E402
from fakes.generation import write_gen_dir  # noqa: E402

from synthcode.config import load_config  # noqa: E402
from synthcode.errors import ConfigError, InputError  # noqa: E402
from synthcode.mix.config import MixConfig, SourceConfig  # noqa: E402
from synthcode.mix.formatters import format_notebook, format_sample, format_web_code  # noqa: E402
from synthcode.mix.pack import build_mix, quotas  # noqa: E402
from synthcode.records import PACKED_COLUMNS, SAMPLE_COLUMNS, packed_arrow_schema, sample_arrow_schema  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
WORDS = ("the of and to a in is that for it as with was on be by this are from at or an not have "
         "data code list sum value return number string loop function test").split()


def _para(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high))) + "."


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict:
    """Four local sources of different kinds, and a tokenizer trained on their text."""
    import datasets
    root = tmp_path_factory.mktemp("corpus")
    rng = random.Random(7)
    texts = [_para(rng, 5, 120) for _ in range(400)]
    pq.write_table(pa.table({"text": texts, "url": [f"u{i}" for i in range(400)]}), root / "text.parquet")
    code_rows = [{"code": f"def f{i}(x):\n" + "    x = x + 1\n" * rng.randint(1, 12) + "    return x\n",
                  "path": f"pkg/m{i}.py"} for i in range(150)]
    (root / "code").mkdir()
    for k in range(2):
        with open(root / "code" / f"part-{k}.jsonl", "w") as f:
            f.writelines(json.dumps(r) + "\n" for r in code_rows[k::2])
    notebooks = [{"cells": [{"cell_type": "markdown", "source": _para(rng, 3, 10)},
                            {"cell_type": "code", "source": f"x = {i}\nprint(x)"}]} for i in range(40)]
    datasets.Dataset.from_list(notebooks).save_to_disk(str(root / "notebooks"))
    samples = [{c: "" if kind == "string" else None for c, kind in SAMPLE_COLUMNS.items()} | {
        "id": f"s{i}", "problem_id": f"p{i}", "status": "accepted", "level": "tested",
        "statement": f"Add {i}.", "solution": f"def add(x):\n    return x + {i}\n",
        "tests": f"def test_add():\n    assert add(0) == {i}\n"} for i in range(30)]
    (root / "gen" / "accepted").mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist(samples, schema=sample_arrow_schema()),
                   root / "gen" / "accepted" / "part-00000.parquet")

    tokenizer = bpe_tokenizer(texts + [r["code"] for r in code_rows], ["<unk>", "<eos>"], vocab_size=400)
    tokenizer.save(str(root / "tokenizer.json"))
    # the documents each source yields, as the formatters make them (for decoding checks)
    web = [format_web_code({"content": r["code"], "path": r["path"]}) for r in code_rows]
    docs = {"text": texts, "code": web, "notebooks": [format_notebook(n) for n in notebooks],
            "synthetic": [format_sample(s) for s in samples]}
    return {"root": root, "tokenizer": tokenizer, "docs": docs}


def sources(root: Path, **ratios: float) -> dict[str, SourceConfig]:
    every = {
        "text": SourceConfig(path=str(root / "text.parquet"), text_field="text"),
        "code": SourceConfig(path=str(root / "code"), formatter="web-code", fields={"content": "code"}, max_epochs=3),
        "notebooks": SourceConfig(path=str(root / "notebooks"), formatter="notebook", max_epochs=50),
        "synthetic": SourceConfig(path=str(root / "gen" / "accepted"), formatter="synthcode", max_epochs=50),
    }
    for name, ratio in ratios.items():
        every[name].ratio = ratio
    return {name: every[name] for name in ratios}


def mix_config(corpus: dict, total: int = 40_000, seed: int = 0, **ratios: float) -> MixConfig:
    return MixConfig(sources=sources(corpus["root"], **ratios), total_tokens=total,
                     tokenizer=str(corpus["root"] / "tokenizer.json"), eos_token="<eos>", seq_len=96, seed=seed,
                     sequences_per_shard=64, batch_size=50)


def read_rows(out: Path) -> pa.Table:
    manifest = json.loads((out / "manifest.json").read_text())
    tables = [pq.read_table(out / shard["path"]) for shard in manifest["shards"]]
    assert all(t.schema.equals(packed_arrow_schema()) for t in tables)
    return pa.concat_tables(tables)


@pytest.fixture(scope="module")
def built(corpus, tmp_path_factory) -> tuple[MixConfig, Path, dict]:
    config = mix_config(corpus, text=0.55, code=0.25, notebooks=0.12, synthetic=0.08)
    out = tmp_path_factory.mktemp("mix")
    return config, out, build_mix(config, out)


def test_every_source_gets_exactly_its_quota_counted_from_the_shards(built):
    config, out, manifest = built
    total = config.total_tokens // config.seq_len * config.seq_len
    table = read_rows(out)
    assert list(table.column_names) == list(PACKED_COLUMNS)
    assert table.num_rows == manifest["num_sequences"] == total // config.seq_len
    realized = np.zeros(len(manifest["sources"]), dtype=np.int64)
    for ids, lengths, source_ids in zip(*(table.column(c).to_pylist() for c in PACKED_COLUMNS)):
        assert len(ids) == config.seq_len == sum(lengths)
        assert len(lengths) == len(source_ids)
        np.add.at(realized, source_ids, lengths)
    targets = quotas(config, total)
    assert [s["name"] for s in manifest["sources"]] == list(targets)
    assert realized.tolist() == list(targets.values()) == [s["tokens"] for s in manifest["sources"]]
    for source, (name, target) in zip(manifest["sources"], targets.items()):
        assert abs(source["realized_ratio"] - config.sources[name].ratio) <= 0.005
        assert target == round(config.sources[name].ratio * total) or abs(target - config.sources[name].ratio * total) < 1


def test_segments_decode_to_the_sources_documents(built, corpus):
    """Joined across rows, each source's segments are whole documents (EOS-terminated) from that source."""
    _, out, manifest = built
    tokenizer, docs = corpus["tokenizer"], corpus["docs"]
    eos = tokenizer.token_to_id("<eos>")
    table = read_rows(out)
    streams: dict[int, list[int]] = {}
    previous = None
    pending: list[int] = []
    for ids, lengths, source_ids in zip(*(table.column(c).to_pylist() for c in PACKED_COLUMNS)):
        at = 0
        for length, source in zip(lengths, source_ids):
            segment = ids[at:at + length]
            at += length
            if at - length == 0 and previous is not None and pending and pending[-1] != eos:
                assert source == previous  # a document cut at a row's end continues with the same source
                pending += segment
            else:
                if pending:
                    streams.setdefault(previous, []).append(pending)
                pending = list(segment)
            previous = source
    streams.setdefault(previous, []).append(pending)
    names = [s["name"] for s in manifest["sources"]]
    for index, documents in streams.items():
        known = set(docs[names[index]])
        complete = [d for d in documents if d[-1] == eos]
        assert len(documents) - len(complete) <= 1  # only the one document cut to fit the quota lacks EOS
        assert all(tokenizer.decode(d[:-1]) in known for d in complete)


def test_same_config_and_seed_give_byte_identical_shards(built, corpus, tmp_path):
    config, out, manifest = built
    again = build_mix(config, tmp_path / "again")
    assert [s["sha256"] for s in again["shards"]] == [s["sha256"] for s in manifest["shards"]]
    for shard in manifest["shards"]:
        assert (out / shard["path"]).read_bytes() == (tmp_path / "again" / shard["path"]).read_bytes()
    other = build_mix(mix_config(corpus, seed=1, text=0.55, code=0.25, notebooks=0.12, synthetic=0.08),
                      tmp_path / "other")
    assert [s["sha256"] for s in other["shards"]] != [s["sha256"] for s in manifest["shards"]]
    assert [s["tokens"] for s in other["sources"]] == [s["tokens"] for s in manifest["sources"]]


def test_repetition_is_counted_and_the_cap_is_enforced_with_the_shortfall(corpus, tmp_path):
    tokenizer = corpus["tokenizer"]
    per_epoch = sum(len(tokenizer.encode(d).ids) + 1 for d in corpus["docs"]["notebooks"])
    total = 96 * 100
    # notebooks at 40% need 3840 tokens: more than one epoch of them (a few hundred tokens)
    config = mix_config(corpus, total=total, text=0.6, notebooks=0.4)
    config.sources["notebooks"].max_epochs = 2.0
    need = quotas(config, total)["notebooks"]
    with pytest.raises(InputError) as info:
        build_mix(config, tmp_path / "capped")
    message = str(info.value)
    assert f"short by {need - 2 * per_epoch:,} tokens" in message
    assert f"has {per_epoch:,} tokens per epoch" in message and "max_epochs=2" in message
    config.sources["notebooks"].max_epochs = need / per_epoch + 0.01
    manifest = build_mix(config, tmp_path / "repeated")
    notebooks = manifest["sources"][1]
    assert notebooks["tokens_per_epoch"] == per_epoch and notebooks["tokens"] == need
    assert notebooks["epochs"] == pytest.approx(need / per_epoch)
    assert notebooks["unique_documents"] == len(corpus["docs"]["notebooks"]) < notebooks["documents"]
    assert manifest["sources"][0]["epochs"] is None  # text: less than one pass, never read to its end


def test_resume_reuses_finished_spills_and_rewrites_to_the_same_bytes(built, corpus, tmp_path):
    config, out, manifest = built
    first = build_mix(config, tmp_path / "r", keep_work=True)
    spills = sorted((tmp_path / "r" / "work").glob("*.ids"))
    assert len(spills) == len(first["sources"])
    # as after a kill -9: no manifest, a half-written shard, a stray temporary spill
    (tmp_path / "r" / "manifest.json").unlink()
    (tmp_path / "r" / "shards" / "part-00001.parquet").write_bytes(b"partial")
    (tmp_path / "r" / "work" / "stray.ids.tmp").write_bytes(b"\0" * 8)
    mtimes = [p.stat().st_mtime_ns for p in spills]
    again = build_mix(config, tmp_path / "r", keep_work=True)
    assert [p.stat().st_mtime_ns for p in spills] == mtimes  # the finished spills were reused, not rewritten
    assert again["shards"] == manifest["shards"]
    assert (tmp_path / "r" / "shards" / "part-00001.parquet").read_bytes() == (out / "shards/part-00001.parquet").read_bytes()
    # a finished build is not redone: a rerun returns its manifest and leaves the shards alone
    shard_mtimes = [p.stat().st_mtime_ns for p in sorted((tmp_path / "r" / "shards").iterdir())]
    assert build_mix(config, tmp_path / "r") == again
    assert [p.stat().st_mtime_ns for p in sorted((tmp_path / "r" / "shards").iterdir())] == shard_mtimes


def test_manifest_records_config_tokenizer_eos_and_shards(built, corpus):
    config, out, manifest = built
    assert manifest["config"] == config.to_dict()
    assert manifest["preset"] is None  # built without a config file
    assert manifest["seq_len"] == 96 and manifest["tokenizer"]["vocab_size"] == corpus["tokenizer"].get_vocab_size()
    assert manifest["eos"]["appended"] and manifest["eos"]["id"] == corpus["tokenizer"].token_to_id("<eos>")
    assert sum(s["sequences"] for s in manifest["shards"]) == manifest["num_sequences"]
    assert [s["path"] for s in manifest["shards"]] == sorted(
        f"shards/{p.name}" for p in (out / "shards").glob("part-*.parquet"))
    assert not (out / "work").exists()


def test_config_validation_names_the_problem(corpus):
    root = corpus["root"]
    with pytest.raises(ConfigError, match=r"ratios must sum to 1, got 0.9 \(text=0.6, code=0.3\)"):
        MixConfig(sources=sources(root, text=0.6, code=0.3), total_tokens=10_000, tokenizer="t")
    with pytest.raises(ConfigError, match=r"sources.x.formatter: unknown formatter 'comit'.*Did you mean 'commit'"):
        MixConfig(sources={"x": SourceConfig(path="p", formatter="comit", ratio=1)}, total_tokens=10_000, tokenizer="t")
    with pytest.raises(ConfigError, match="give exactly one of text_field and formatter"):
        MixConfig(sources={"x": SourceConfig(path="p", ratio=1)}, total_tokens=10_000, tokenizer="t")
    with pytest.raises(ConfigError, match="less than one sequence"):
        MixConfig(sources={"x": SourceConfig(path="p", text_field="t", ratio=1)}, total_tokens=10, tokenizer="t",
                  seq_len=96)


PRESETS = sorted((REPO / "configs" / "mixes").glob("*.yaml"))


@pytest.mark.parametrize("path", PRESETS, ids=[p.stem for p in PRESETS])
def test_every_preset_loads_and_validates(path):
    config = load_config(MixConfig, path)
    assert abs(sum(s.ratio for s in config.sources.values()) - 1) < 1e-9
    if path.stem != "base":
        assert path.read_text().count("include:") == 1 and "path:" not in path.read_text()


def test_presets_reproduce_the_studys_shares():
    def shares(name: str) -> dict[str, float]:
        return {k: v.ratio for k, v in load_config(MixConfig, REPO / "configs/mixes" / f"{name}.yaml").active.items()}

    code = {"web_code", "synthetic", "commits", "pull_requests", "notebooks"}

    def code_share(s: dict[str, float]) -> float:
        return sum(v for k, v in s.items() if k in code)

    assert shares("text-only") == {"web_text": 1.0}
    assert code_share(shares("balanced")) == pytest.approx(0.5)
    assert code_share(shares("code-heavy")) > 0.5
    assert code_share(shares("code-25")) == pytest.approx(0.25)
    synthetic = shares("synthetic")
    assert code_share(synthetic) == pytest.approx(0.25) and synthetic["synthetic"] == pytest.approx(0.1 * 0.25)
    adjacent = shares("code-adjacent")
    assert code_share(adjacent) == pytest.approx(0.25)
    assert adjacent["commits"] + adjacent["pull_requests"] + adjacent["notebooks"] == pytest.approx(0.15 * 0.25)
    cooldown = load_config(MixConfig, REPO / "configs/mixes/cooldown.yaml")
    base = load_config(MixConfig, REPO / "configs/mixes/base.yaml")
    assert code_share(shares("cooldown")) == pytest.approx(0.2)
    assert shares("cooldown")["high_quality"] > shares("cooldown")["web_text"]
    assert cooldown.total_tokens == base.total_tokens // 10


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return run_synthcode("mix", *args, cwd=cwd, env={"HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"})


def _write_config(path: Path, corpus: dict, sources_yaml: str) -> Path:
    path.write_text(f"tokenizer: {corpus['root'] / 'tokenizer.json'}\neos_token: '<eos>'\ntotal_tokens: 4800\n"
                    f"seq_len: 96\nsources:\n{sources_yaml}")
    return path


BAD_CONFIGS = {
    "ratios": ("  a: {{path: {root}/text.parquet, text_field: text, ratio: 0.5}}\n",
               "error: {cfg}: sources: ratios must sum to 1, got 0.5 (a=0.5)"),
    "unknown source": ("  a: {{path: {root}/nowhere.parquet, text_field: text, ratio: 1}}\n",
                       "error: source 'a': no such file or directory: {root}/nowhere.parquet"),
    "hub source offline": ("  a: {{path: nobody/no-such-dataset, text_field: text, ratio: 1}}\n",
                           "error: cannot reach the Hugging Face Hub (offline: HF_HUB_OFFLINE=1), needed for "
                           "source 'a' (nobody/no-such-dataset); use a local tokenizer.json"),
    "missing field": ("  a: {{path: {root}/text.parquet, text_field: body, ratio: 1}}\n",
                      "error: source 'a': no column for text_field 'body'; it has: text, url"),
    "missing formatter field": ("  a: {{path: {root}/text.parquet, formatter: commit, ratio: 1}}\n",
                                "error: source 'a': formatter 'commit' needs field 'diff'; the row has: text, url"),
    "unknown formatter": ("  a: {{path: {root}/text.parquet, formatter: notbook, ratio: 1}}\n",
                          "error: {cfg}: sources.a.formatter: unknown formatter 'notbook'; choose from: "),
    "unknown setting": ("  a: {{path: {root}/text.parquet, text_field: text, ratio: 1, max_epoch: 2}}\n",
                        "error: {cfg}.sources.a: unknown setting 'max_epoch'; did you mean 'max_epochs'?"),
}


@pytest.mark.parametrize("case", BAD_CONFIGS, ids=list(BAD_CONFIGS))
def test_bad_configs_are_one_line_errors_from_the_cli(case, corpus, tmp_path):
    sources_yaml, expected = BAD_CONFIGS[case]
    root = corpus["root"]
    cfg = _write_config(tmp_path / "bad.yaml", corpus, sources_yaml.format(root=root))
    done = _cli("--config", str(cfg), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert lines[0].startswith(expected.format(root=root, cfg=cfg)), lines[0]


def test_cli_builds_a_mix_from_a_config_file(corpus, tmp_path):
    cfg = _write_config(tmp_path / "ok.yaml", corpus,
                        f"  text: {{path: {corpus['root']}/text.parquet, text_field: text, ratio: 0.75}}\n"
                        f"  code: {{path: {corpus['root']}/code, formatter: web-code, fields: {{content: code}}, "
                        f"ratio: 0.25}}\n")
    done = _cli("--config", str(cfg), "--out", str(tmp_path / "out"), "--seed", "5", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["seed"] == 5 and [s["tokens"] for s in manifest["sources"]] == [3600, 1200]
    assert "4,800 tokens in 50 sequences of 96 (text 75.00%, code 25.00%)" in done.stderr


def test_encode_batches_reads_one_batch_ahead_in_order(corpus):
    from synthcode.mix.tokenize import load_tokenizer

    tokenizer = load_tokenizer(str(corpus["root"] / "tokenizer.json"), eos_token="<eos>")
    docs = corpus["docs"]["text"]
    batches = [docs[i:i + 7] for i in range(0, 70, 7)]
    read = []

    def source():
        for batch in batches:
            read.append(batch)
            yield batch

    for (ids, lengths), batch in zip(tokenizer.encode_batches(source()), batches, strict=True):
        want_ids, want_lengths = tokenizer.encode(batch)
        assert np.array_equal(ids, want_ids) and np.array_equal(lengths, want_lengths)
    read.clear()
    stream = tokenizer.encode_batches(source())
    next(stream)
    stream.close()  # a consumer that stops (its quota is met): the one batch read ahead is the only extra
    assert len(read) == 2

    def failing():
        yield batches[0]
        raise InputError("source 'x': line 9: not JSON")

    with pytest.raises(InputError, match="line 9: not JSON"):
        list(tokenizer.encode_batches(failing()))


@pytest.mark.slow
def test_mix_runs_with_mimalloc_and_writes_the_same_bytes_as_with_glibc(corpus, tmp_path):
    """The CLI re-executes itself with mimalloc preloaded (when installed); the shards do not change."""
    from synthcode import allocator

    library = allocator.find_library("mimalloc")
    if library is None:
        pytest.skip("libmimalloc is not installed (scripts/setup.sh installs it)")
    cfg = _write_config(tmp_path / "ok.yaml", corpus,
                        f"  text: {{path: {corpus['root']}/text.parquet, text_field: text, ratio: 1}}\n")
    shards = {}
    for setting in ("mimalloc", "system"):
        out = tmp_path / setting
        done = run_synthcode("-v", "mix", "--config", str(cfg), "--out", str(out), cwd=tmp_path,
                             env={"HF_HUB_OFFLINE": "1", "SYNTHCODE_MALLOC": setting})
        assert done.returncode == 0, done.stderr
        used = library if setting == "mimalloc" else "glibc's"
        assert f"malloc: {used}\n" in done.stderr
        shards[setting] = {p.name: p.read_bytes() for p in sorted((out / "shards").glob("*.parquet"))}
    assert shards["mimalloc"] == shards["system"] and shards["system"]
    bad = run_synthcode("mix", "--config", str(cfg), cwd=tmp_path, env={"SYNTHCODE_MALLOC": "/no/lib.so"})
    assert bad.returncode == 2 and bad.stderr.startswith("error: SYNTHCODE_MALLOC=/no/lib.so: no such library")
    assert len(bad.stderr.strip().splitlines()) == 1


def test_local_json_sources_stream_lines_or_a_list(tmp_path):
    from synthcode.mix.sources import iter_documents

    (tmp_path / "rows.jsonl").write_text('{"text": "a"}\n\n{"text": "b", "extra": 1}\n{"text": ""}\n{"text": "c"}\n')
    (tmp_path / "list.json").write_text(' [{"text": "x"}, {"text": "y"}]')
    source = SourceConfig(path=str(tmp_path / "rows.jsonl"), text_field="text", ratio=1)
    assert list(iter_documents("rows", source, batch_size=2)) == [["a", "b"], ["c"]]
    source.path = str(tmp_path / "list.json")
    assert list(iter_documents("list", source, batch_size=5)) == [["x", "y"]]
    (tmp_path / "bad.jsonl").write_text('{"text": "a"}\n{"text": \n')
    source.path = str(tmp_path / "bad.jsonl")
    with pytest.raises(InputError, match=r"bad.jsonl line 2: not JSON"):
        list(iter_documents("bad", source, batch_size=5))


def test_an_exported_dataset_is_a_source_read_by_split(tmp_path):
    """`synthcode export` output (data/train-*, data/validation-*) feeds a mix, one split at a time."""
    from synthcode.export.build import ExportConfig, export
    from synthcode.mix.sources import iter_documents

    gen, accepted, _ = write_gen_dir(tmp_path / "gen", problems=30, shards=1)
    summary = export(gen, tmp_path / "ds", ExportConfig(validation_fraction=0.3, rows_per_shard=10))
    documents = {}
    for split in ("train", "validation"):
        source = SourceConfig(path=str(tmp_path / "ds"), split=split, text_field="text", ratio=1)
        documents[split] = [d for batch in iter_documents("synthetic", source, batch_size=7) for d in batch]
        assert len(documents[split]) == summary["splits"][split]
    assert sorted(documents["train"] + documents["validation"]) == sorted(r["text"] for r in accepted)
    with pytest.raises(InputError, match=r"no files for split 'test' .*\(it has: train, validation\)"):
        list(iter_documents("synthetic", SourceConfig(path=str(tmp_path / "ds"), split="test", text_field="text",
                                                      ratio=1), batch_size=7))


@pytest.mark.slow
def test_progress_bar_shows_tokens_per_second_on_a_terminal(corpus, tmp_path):
    import pty

    cfg = _write_config(tmp_path / "ok.yaml", corpus,
                        f"  text: {{path: {corpus['root']}/text.parquet, text_field: text, ratio: 1}}\n")
    leader, follower = pty.openpty()
    child = subprocess.Popen([sys.executable, "-m", "synthcode", "mix", "--config", str(cfg), "--out", str(tmp_path / "o")],
                             stdout=subprocess.DEVNULL, stderr=follower, cwd=tmp_path,
                             env={**os.environ, "HF_HUB_OFFLINE": "1", "COLUMNS": "160"})
    os.close(follower)
    chunks = []
    while True:  # read as it writes (a full pty would block it), until the terminal closes
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    screen = b"".join(chunks).decode(errors="replace")
    assert child.wait(timeout=120) == 0, screen
    assert "tokenize" in screen and "tok/s" in screen and "4,800/4,800 tokens" in screen


def test_the_hub_loading_path_streams_a_hub_layout_dataset_from_local_files(tmp_path):
    """The code that opens a Hub id (load_dataset(path, split=..., streaming=True)), on a local repo layout."""
    from synthcode.export.build import ExportConfig, export
    from synthcode.mix.sources import _open_with_datasets

    gen, accepted, _ = write_gen_dir(tmp_path / "gen", problems=12, shards=1)
    summary = export(gen, tmp_path / "repo", ExportConfig(validation_fraction=0.3))
    source = SourceConfig(path=str(tmp_path / "repo"), split="validation", text_field="text", ratio=1)
    dataset = _open_with_datasets("hub", source, None)
    assert type(dataset).__name__ == "IterableDataset"
    texts = [t for batch in dataset.iter(batch_size=4) for t in batch["text"]]
    assert len(texts) == summary["splits"]["validation"] and set(texts) <= {r["text"] for r in accepted}
    source.split = "nope"
    with pytest.raises(InputError, match=r"^source 'hub': cannot open .* \(split 'nope'\): "):
        _open_with_datasets("hub", source, None)


# --- configs as written, offline use, a tokenizer trained here, the preset in the manifest (issue 13) ---


def _offline_corpus(root: Path, rng_seed: int = 3) -> None:
    """``root/text/docs.jsonl`` (field text) and ``root/code/files.jsonl`` (fields content, path, language),
    laid out as examples/offline/build_corpora.py writes them."""
    rng = random.Random(rng_seed)
    (root / "text").mkdir(parents=True)
    (root / "code").mkdir()
    with open(root / "text" / "docs.jsonl", "w") as f:
        f.writelines(json.dumps({"text": _para(rng, 20, 200)}) + "\n" for _ in range(300))
    with open(root / "code" / "files.jsonl", "w") as f:
        f.writelines(json.dumps({"content": f"def g{i}(x):\n" + "    x = x * 2\n" * rng.randint(1, 9) + "    return x\n",
                                 "path": f"lib/g{i}.py", "language": "Python"}) + "\n" for i in range(200))


def test_a_source_switched_between_text_field_and_formatter_drops_the_other(tmp_path, caplog):
    _offline_corpus(tmp_path)
    (tmp_path / "ds").mkdir()
    (tmp_path / "ds" / "train-00000.jsonl").write_text('{"text": "def f(): pass"}\n')
    user = tmp_path / "user.yaml"
    user.write_text(f"include: {REPO / 'configs/mixes/synthetic.yaml'}\nsources:\n"
                    "  synthetic: {path: ds, text_field: text}\n"         # was formatter: synthcode
                    "  web_text: {path: text/docs.jsonl, formatter: text}\n"  # was text_field: text
                    "  web_code: {path: code/files.jsonl, text_field: content}\n")  # was formatter + fields
    with caplog.at_level("WARNING", logger="synthcode.mix.config"):
        config = load_config(MixConfig, user)
    synthetic, web_text, web_code = (config.sources[k] for k in ("synthetic", "web_text", "web_code"))
    assert (synthetic.text_field, synthetic.formatter, synthetic.path) == ("text", None, str(tmp_path / "ds"))
    assert (web_text.text_field, web_text.formatter) == (None, "text")
    assert (web_code.text_field, web_code.formatter, web_code.fields) == ("content", None, {})
    assert synthetic.max_epochs == 4 and web_code.ratio == pytest.approx(0.225)  # the rest is inherited
    # web_text inherited the Hub-only subset: warned about in one line and dropped; Hub sources keep theirs
    assert web_text.subset is None and config.sources["commits"].subset == "python"
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warnings == [f"sources.web_text: subset='sample-10BT' only applies to Hub datasets; "
                        f"dropped for the local path {tmp_path / 'text' / 'docs.jsonl'}"]


def test_hub_only_settings_on_a_local_source_are_dropped_with_one_warning(tmp_path, caplog):
    with caplog.at_level("WARNING", logger="synthcode.mix.config"):
        config = MixConfig(sources={
            "local": SourceConfig(path=str(tmp_path / "rows.jsonl"), text_field="text", ratio=0.5,
                                  subset="s", data_dir="d"),
            "hub": SourceConfig(path="owner/name", text_field="text", ratio=0.5, subset="s", data_dir="d"),
        }, total_tokens=10_000, tokenizer="t")
    assert (config.sources["local"].subset, config.sources["local"].data_dir) == (None, None)
    assert (config.sources["hub"].subset, config.sources["hub"].data_dir) == ("s", "d")
    (record,) = caplog.records
    assert record.getMessage() == (f"sources.local: subset='s', data_dir='d' only apply to Hub datasets; "
                                   f"dropped for the local path {tmp_path / 'rows.jsonl'}")


def test_offline_a_preset_on_the_hub_fails_at_once_with_one_line(tmp_path):
    done = run_synthcode("mix", "--config", str(REPO / "configs/mixes/synthetic.yaml"), "--out", str(tmp_path / "o"),
                         cwd=tmp_path, env={"HF_HUB_OFFLINE": "1"}, timeout=60)  # retrying would take a minute
    assert done.returncode == 2, done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("error: cannot reach the Hugging Face Hub (offline: HF_HUB_OFFLINE=1), needed for "
                           "tokenizer 'HuggingFaceTB/SmolLM2-135M', source 'web_text' (HuggingFaceFW/fineweb-edu) "
                           "and source 'web_code' (codeparrot/github-code-clean); use a local tokenizer.json"), line
    assert "'synthetic'" not in line  # a local source needs no Hub
    assert not (tmp_path / "o").exists()
    missing = run_synthcode("mix", "--config", str(REPO / "configs/mixes/text-only.yaml"), "--tokenizer",
                            "out/tok.json", cwd=tmp_path, env={"HF_HUB_OFFLINE": "1"}, timeout=60)
    assert missing.returncode == 2 and missing.stderr.startswith(
        "error: cannot reach the Hugging Face Hub (offline: HF_HUB_OFFLINE=1), needed for source 'web_text'"), \
        missing.stderr


def test_hub_unreachable_reads_the_setting_and_probes_the_endpoint(monkeypatch):
    import http.server
    import socket
    import threading

    from synthcode.mix.hub import HubUnreachable, hub_unreachable, require_hub

    monkeypatch.setenv("HF_HUB_OFFLINE", "true")
    assert hub_unreachable() == "HF_HUB_OFFLINE=true"
    with pytest.raises(HubUnreachable, match=r"^cannot reach the Hugging Face Hub \(offline: HF_HUB_OFFLINE=true\), "
                                             r"needed for tokenizer 'a/b' and source 'x' \(c/d\); fix it$"):
        require_hub(["tokenizer 'a/b'", "source 'x' (c/d)"], fix="fix it")
    require_hub([], fix="nothing needs the Hub, so nothing is asked")
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    with socket.socket() as closed:  # a port nothing listens on: refused at once
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")
    assert hub_unreachable(timeout=2).startswith(f"no answer from http://127.0.0.1:{port}: ")

    class NotFound(http.server.BaseHTTPRequestHandler):
        def do_HEAD(self) -> None:
            self.send_response(404)  # an HTTP error still means the endpoint answers
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), NotFound)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{server.server_port}/")
        assert hub_unreachable(timeout=2) is None
    finally:
        server.shutdown()
        server.server_close()


def _train_tokenizer(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return run_synthcode("tokenizer", "train", *args, cwd=cwd)


@pytest.mark.slow
def test_tokenizer_train_is_deterministic_with_eos_id_0_and_makes_an_offline_mix(tmp_path):
    """The offline path end to end: a tokenizer trained on local JSONL, then a user file that includes a
    preset and points its sources at the same local files, mixed with --tokenizer and --eos-token."""
    from tokenizers import Tokenizer

    _offline_corpus(tmp_path / "corpus")
    for name in ("a.json", "b.json"):  # two processes: a different hash seed each
        done = _train_tokenizer(str(tmp_path / "corpus"), "--out", str(tmp_path / name), "--vocab-size", "450",
                                "--eos-token", "<eos>", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert "byte-level BPE of 450 tokens (EOS '<eos>' = id 0) trained on" in done.stderr
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    tokenizer = Tokenizer.from_file(str(tmp_path / "a.json"))
    assert tokenizer.token_to_id("<eos>") == 0 and tokenizer.get_vocab_size() == 450
    text = "def g1(x):\n    return x  # ünïcode ✓\n"
    assert tokenizer.decode(tokenizer.encode(text).ids) == text  # byte-level: nothing is unknown
    assert tokenizer.encode("<eos>").ids == [0]

    user = tmp_path / "corpus" / "my-mix.yaml"
    user.write_text(f"include: {REPO / 'configs/mixes/code-25.yaml'}\ntotal_tokens: 9600\nseq_len: 96\nsources:\n"
                    "  web_text: {path: text/docs.jsonl}\n"
                    "  web_code: {path: code/files.jsonl, fields: {content: content}}\n")
    done = _cli("--config", str(user), "--out", str(tmp_path / "mix"), "--tokenizer", "a.json",
                "--eos-token", "<eos>", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    manifest = json.loads((tmp_path / "mix" / "manifest.json").read_text())
    assert manifest["preset"] == "my-mix" and manifest["eos"]["id"] == 0
    assert manifest["tokenizer"]["name"] == str(tmp_path / "a.json")  # absolute: train runs anywhere and manifest["tokenizer"]["vocab_size"] == 450
    assert [(s["name"], s["tokens"], s["subset"]) for s in manifest["sources"]] == [
        ("web_text", 7200, None), ("web_code", 2400, None)]
    ids = read_rows(tmp_path / "mix").column("input_ids").to_pylist()
    assert 0 in {i for row in ids for i in row} and max(max(row) for row in ids) < 450
    assert "subset='sample-10BT' only applies to Hub datasets" in done.stderr


def test_tokenizer_train_reads_text_parquet_and_globs_and_names_bad_input(tmp_path):
    (tmp_path / "d" / "sub").mkdir(parents=True)
    (tmp_path / "d" / "notes.txt").write_text("plain text files are documents too.\n" * 50)
    pq.write_table(pa.table({"content": ["x = 1\n"] * 50, "path": ["p"] * 50}), tmp_path / "d" / "sub" / "rows.parquet")
    (tmp_path / "d" / ".hidden.txt").write_bytes(b"\xff\xfe")  # hidden: never read
    (tmp_path / "d" / "image.bin").write_bytes(b"\xff\xfe\x00")  # not UTF-8: skipped with a warning
    done = _train_tokenizer(str(tmp_path / "d"), "--out", str(tmp_path / "t.json"), "--vocab-size", "300",
                            cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "from 2 files" in done.stderr and "skipped 1 file that is not UTF-8 text" in done.stderr
    only = _train_tokenizer(str(tmp_path / "d"), "--glob", "*.parquet", "--out", str(tmp_path / "p.json"),
                            "--vocab-size", "300", cwd=tmp_path)
    assert only.returncode == 0 and "from 1 file " in only.stderr, only.stderr
    (tmp_path / "bad.jsonl").write_text('{"text": "fine"}\n{"body": "no text"}\n')
    cases = {
        (str(tmp_path / "bad.jsonl"),):
            f"error: {tmp_path / 'bad.jsonl'} line 2: no 'text' or 'content' field (it has: body)",
        (str(tmp_path / "nowhere"),): f"error: no such file or directory: {tmp_path / 'nowhere'}",
        (str(tmp_path / "d"), "--vocab-size", "200"): "error: --vocab-size: must be more than 257",
        (str(tmp_path / "d" / "image.bin"),): f"error: {tmp_path / 'd' / 'image.bin'}: not UTF-8 text",
    }
    for args, expected in cases.items():
        bad = _train_tokenizer(*args, "--out", str(tmp_path / "x.json"), cwd=tmp_path)
        assert bad.returncode == 2 and bad.stderr.startswith(expected), (args, bad.stderr)
        assert len(bad.stderr.strip().splitlines()) == 1 and not (tmp_path / "x.json").exists()


def test_the_preset_is_a_label_not_part_of_the_config_a_rerun_compares(corpus, tmp_path):
    config = mix_config(corpus, total=4800, text=1.0)
    first = build_mix(config, tmp_path / "m", preset="one")
    assert first["preset"] == "one"
    shards = {p: p.stat().st_mtime_ns for p in (tmp_path / "m" / "shards").iterdir()}
    again = build_mix(config, tmp_path / "m", preset="two")  # same config: reused, relabelled
    assert again["preset"] == "two" and again["shards"] == first["shards"]
    assert json.loads((tmp_path / "m" / "manifest.json").read_text())["preset"] == "two"
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "m" / "shards").iterdir()} == shards
    assert build_mix(config, tmp_path / "m")["preset"] == "two"  # a caller that names none keeps the label
