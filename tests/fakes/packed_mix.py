"""A packed mix as ``synthcode mix`` writes one (manifest.json + Parquet shards of PACKED_COLUMNS),
from a BPE tokenizer trained here on small documents (no downloads)::

    mix = write_mix(tmp_path / "code-mix", rows=16)
    train(TrainConfig(mix=str(mix), model=TINY, ...))
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from fakes.bpe import bpe_tokenizer

TINY = str(Path(__file__).resolve().parents[2] / "configs" / "ladder" / "tiny.yaml")
"""The smallest ladder shape, which trains on a CPU in seconds."""


def documents(count: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    names = ["add", "scale", "clip", "total", "first", "last", "pair", "count"]
    docs = []
    for i in range(count):
        name = rng.choice(names)
        a, b = rng.randint(0, 9), rng.randint(0, 9)
        if i % 2:
            docs.append(f"def {name}_{a}(x):\n    return x + {b}\n\nassert {name}_{a}({a}) == {a + b}\n")
        else:
            docs.append(f"The function {name} adds {a} and {b} to get {a + b}. " * rng.randint(1, 3))
    return docs


def write_mix(path: Path, seq_len: int = 64, rows: int = 96, shards: int = 2, seed: int = 0) -> Path:
    """A packed mix as ``synthcode mix`` writes it; documents are cut across rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from synthcode.records import packed_arrow_schema

    path.mkdir(parents=True, exist_ok=True)
    docs = documents(rows * 4, seed)
    tokenizer = bpe_tokenizer(docs, ["<|endoftext|>", "<unk>"])
    tokenizer.save(str(path / "tokenizer.json"))
    eos = tokenizer.token_to_id("<|endoftext|>")
    stream: list[tuple[int, list[int]]] = [(i % 2, tokenizer.encode(d).ids + [eos]) for i, d in enumerate(docs)]
    packed, pending = [], []
    for source, ids in stream:
        while ids:
            space = seq_len - sum(len(x) for _, x in pending)
            pending.append((source, ids[:space]))
            ids = ids[space:]
            if sum(len(x) for _, x in pending) == seq_len:
                packed.append(pending)
                pending = []
        if len(packed) == rows:
            break
    (path / "shards").mkdir(exist_ok=True)
    names = []
    per = -(-len(packed) // shards)
    for k in range(shards):
        part = packed[k * per:(k + 1) * per]
        table = pa.table({
            "input_ids": [[t for _, x in row for t in x] for row in part],
            "doc_lengths": [[len(x) for _, x in row] for row in part],
            "source_ids": [[s for s, _ in row] for row in part],
        }, schema=packed_arrow_schema())
        name = f"shards/part-{k:05d}.parquet"
        pq.write_table(table, path / name)
        names.append({"path": name, "sequences": len(part)})
    manifest = {"seq_len": seq_len, "shards": names, "sources": [{"name": "text"}, {"name": "code"}],
                "tokenizer": {"name": "tokenizer.json", "eos_token": "<|endoftext|>"}}
    (path / "manifest.json").write_text(json.dumps(manifest))
    return path
