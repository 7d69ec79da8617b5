"""Tokenize-and-pack throughput: ``synthcode mix`` against the plain ``datasets.map`` baseline (issue 5).

::

    python bench/bench_mix.py --docs 20000 --repeats 3

Input: real code, every ``.py`` file of this Python's standard library (cycled and numbered up to
``--docs`` documents), written once as one Parquet file with a ``text`` column. Tokenizer: a
byte-level BPE (``--vocab`` tokens, ``<eos>`` special) trained here with ``tokenizers`` on that
input; both sides use this same ``tokenizer.json`` (the baseline through
``transformers.PreTrainedTokenizerFast``, synthcode through ``tokenizers.Tokenizer``).

- **baseline** (what a user would write): ``load_dataset("parquet")``, ``.map(tokenize,
  batched=True)`` with the fast tokenizer (cache off), then concatenate every row's
  ``input_ids`` + EOS in Python, cut into ``--seq-len`` rows, write them as Parquet.
- **synthcode**: :func:`synthcode.mix.pack.build_mix` with that file as the only source (ratio 1,
  total tokens = the baseline's), i.e. stream, batch-encode, spill, shuffle, pack, write shards
  with ``doc_lengths``/``source_ids`` and the manifest.

Both outputs hold the same tokens (checked: equal token counts per id), so throughput is
comparable. Two figures per side, medians of ``--repeats`` alternating runs: wall-clock tokens/s
divided by the CPUs this process may use, and tokens per CPU-second (user + system time of the
process and its threads and children, from ``getrusage``), which is the per-core throughput
that stays meaningful on a machine shared with other jobs. Raw numbers to ``--out`` (JSON).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import sys
import sysconfig
import tempfile
import time
from pathlib import Path


def stdlib_documents(count: int) -> list[str]:
    root = Path(sysconfig.get_paths()["stdlib"])
    texts = []
    for path in sorted(root.rglob("*.py")):
        if "site-packages" in path.parts or "test" in path.parts:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        if 200 <= len(text) <= 60_000:
            texts.append(text)
    return [f"# document {i}\n{texts[i % len(texts)]}" for i in range(count)]


def baseline(parquet: Path, tokenizer_file: Path, seq_len: int, out: Path, cache: Path):
    import datasets
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq
    from transformers import PreTrainedTokenizerFast

    tokenizer = PreTrainedTokenizerFast(tokenizer_file=str(tokenizer_file), eos_token="<eos>")
    dataset = datasets.load_dataset("parquet", data_files=str(parquet), split="train", cache_dir=str(cache))
    tokenized = dataset.map(lambda batch: tokenizer(batch["text"]), batched=True, remove_columns=["text"],
                            load_from_cache_file=False)
    ids: list[int] = []
    for row in tokenized:
        ids.extend(row["input_ids"])
        ids.append(tokenizer.eos_token_id)
    usable = len(ids) // seq_len * seq_len
    rows = [ids[i:i + seq_len] for i in range(0, usable, seq_len)]
    pq.write_table(pa.table({"input_ids": pa.array(rows, type=pa.list_(pa.int32()))}), out / "baseline.parquet")
    return usable, np.bincount(np.asarray(ids[:usable], dtype=np.int64))


def synthcode_mix(parquet: Path, tokenizer_file: Path, seq_len: int, total: int, out: Path):
    import numpy as np
    import pyarrow.parquet as pq

    from synthcode.mix.config import MixConfig, SourceConfig
    from synthcode.mix.pack import build_mix

    config = MixConfig(sources={"code": SourceConfig(path=str(parquet), text_field="text", ratio=1.0)},
                       total_tokens=total, tokenizer=str(tokenizer_file), eos_token="<eos>", seq_len=seq_len)
    manifest = build_mix(config, out)
    counts = None
    for shard in manifest["shards"]:
        flat = pq.read_table(out / shard["path"]).column("input_ids").combine_chunks().flatten().to_numpy()
        c = np.bincount(flat.astype(np.int64))
        counts = c if counts is None else _add(counts, c)
    return manifest["total_tokens"], counts


def _cpu() -> float:
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usage)


def _add(a, b):
    import numpy as np

    n = max(len(a), len(b))
    return np.pad(a, (0, n - len(a))) + np.pad(b, (0, n - len(b)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--vocab", type=int, default=8_000)
    parser.add_argument("--seq-len", type=int, default=2048)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("bench/out/bench_mix.json"))
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    import datasets
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    datasets.disable_progress_bars()
    work = Path(tempfile.mkdtemp(prefix="bench_mix-"))
    docs = stdlib_documents(args.docs)
    parquet = work / "input.parquet"
    pq.write_table(pa.table({"text": docs}), parquet)
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    tokenizer.train_from_iterator(docs[: min(len(docs), 3000)], trainers.BpeTrainer(
        vocab_size=args.vocab, special_tokens=["<eos>"], initial_alphabet=pre_tokenizers.ByteLevel.alphabet()),)
    tokenizer_file = work / "tokenizer.json"
    tokenizer.save(str(tokenizer_file))
    cores = len(os.sched_getaffinity(0))
    # Both sides' libraries are imported before any timed run, so that no run pays an import.
    import transformers  # noqa: F401
    import synthcode.mix.pack  # noqa: F401
    runs: dict[str, list[float]] = {"baseline": [], "synthcode": []}
    cpu: dict[str, list[float]] = {"baseline": [], "synthcode": []}
    tokens = {}
    for repeat in range(args.repeats):
        for side in ("baseline", "synthcode") if repeat % 2 == 0 else ("synthcode", "baseline"):
            out = work / f"{side}-{repeat}"
            out.mkdir()
            started, cpu_started = time.perf_counter(), _cpu()
            if side == "baseline":
                total, counts = baseline(parquet, tokenizer_file, args.seq_len, out, work / f"cache-{repeat}")
            else:
                total, counts = synthcode_mix(parquet, tokenizer_file, args.seq_len, tokens["baseline"][0], out)
            runs[side].append(time.perf_counter() - started)
            cpu[side].append(_cpu() - cpu_started)
            tokens.setdefault(side, (total, counts))
            shutil.rmtree(out)
            print(f"{side:9s} run {repeat}: {total:,} tokens in {runs[side][-1]:.2f}s "
                  f"({cpu[side][-1]:.2f} CPU-s)", file=sys.stderr)
    (b_total, b_counts), (s_total, s_counts) = tokens["baseline"], tokens["synthcode"]
    n = max(len(b_counts), len(s_counts))
    equal = b_total == s_total and np.array_equal(np.pad(b_counts, (0, n - len(b_counts))),
                                                  np.pad(s_counts, (0, n - len(s_counts))))
    median = {side: statistics.median(times) for side, times in runs.items()}
    median_cpu = {side: statistics.median(times) for side, times in cpu.items()}
    result = {
        "docs": len(docs), "chars": sum(map(len, docs)), "tokens": b_total, "seq_len": args.seq_len,
        "vocab": args.vocab, "cores": cores, "same_tokens": bool(equal), "seconds": runs, "cpu_seconds": cpu,
        "median_seconds": median, "median_cpu_seconds": median_cpu,
        "tokens_per_s_per_core": {side: b_total / t / cores for side, t in median.items()},
        "tokens_per_cpu_second": {side: b_total / t for side, t in median_cpu.items()},
        "speedup_wall": median["baseline"] / median["synthcode"],
        "speedup_cpu": median_cpu["baseline"] / median_cpu["synthcode"],
        "machine": {"cpu": platform.processor() or platform.machine(), "python": platform.python_version()},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    shutil.rmtree(work, ignore_errors=True)
    print(json.dumps({k: result[k] for k in ("tokens", "cores", "same_tokens", "median_seconds",
                                              "tokens_per_s_per_core", "tokens_per_cpu_second", "speedup_wall", "speedup_cpu")}, indent=2))
    return 0 if equal else 1


if __name__ == "__main__":
    sys.exit(main())
