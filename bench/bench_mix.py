"""Tokenize-and-pack throughput: ``synthcode mix`` against the plain ``datasets.map`` baseline (issue 5).

::

    python bench/bench_mix.py --docs 20000 --repeats 3

Input: real code, every ``.py`` file of this Python's standard library (cycled and numbered up to
``--docs`` documents), written once as one Parquet file with a ``text`` column. Tokenizer: a
byte-level BPE (``--vocab`` tokens, ``<eos>`` special) trained here with ``tokenizers`` on that
input; every side uses this same ``tokenizer.json`` (the baseline through
``transformers.PreTrainedTokenizerFast``, synthcode through ``tokenizers.Tokenizer``).

Each run is a whole process, started afresh:

- **baseline** (what a user would write; this script with ``--baseline``): ``load_dataset("parquet")``,
  ``.map(tokenize, batched=True)`` with the fast tokenizer (cache off), then concatenate every
  row's ``input_ids`` + EOS in Python, cut into ``--seq-len`` rows, write them as Parquet.
- **synthcode**: the ``synthcode mix`` command on a config with that file as the only source
  (ratio 1, total tokens = the baseline's): stream, batch-encode, spill, shuffle, pack, write
  shards with ``doc_lengths``/``source_ids`` and the manifest. It preloads mimalloc when installed
  (:mod:`synthcode.allocator`).
- **synthcode-glibc**: the same command with ``SYNTHCODE_MALLOC=system`` (glibc's ``malloc``), to
  show what the allocator is worth.

Every output holds the same tokens (checked after the runs: equal token counts per id), so
throughput is comparable. Two figures per side, medians of ``--repeats`` runs in rotating order:
wall-clock tokens/s divided by the CPUs this process may use, and tokens per CPU-second (user +
system time of the run's process tree, from ``getrusage``), which is the per-core throughput that
stays meaningful on a machine shared with other jobs. Raw numbers to ``--out`` (JSON).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
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


def baseline(parquet: Path, tokenizer_file: Path, seq_len: int, out: Path, cache: Path) -> None:
    import datasets
    import pyarrow as pa
    import pyarrow.parquet as pq
    from transformers import PreTrainedTokenizerFast

    datasets.disable_progress_bars()
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


def token_counts(out: Path):
    """(tokens, count of each id) of a side's output: the baseline's file, or synthcode's shards."""
    import numpy as np
    import pyarrow.parquet as pq

    files = sorted(out.glob("baseline.parquet")) or sorted((out / "shards").glob("*.parquet"))
    counts = np.zeros(0, dtype=np.int64)
    for file in files:
        flat = pq.read_table(file).column("input_ids").combine_chunks().flatten().to_numpy()
        c = np.bincount(flat.astype(np.int64))
        counts = np.pad(counts, (0, max(0, len(c) - len(counts)))) + np.pad(c, (0, max(0, len(counts) - len(c))))
    return int(counts.sum()), counts


def command(side: str, work: Path, out: Path, args: argparse.Namespace, total: int | None):
    """The command line and environment of one run of ``side``."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
    if side == "baseline":
        return [sys.executable, __file__, "--baseline", str(work / "input.parquet"), str(work / "tokenizer.json"),
                str(args.seq_len), str(out), str(out / "cache")], env
    config = work / "mix.yaml"
    config.write_text(f"tokenizer: {work / 'tokenizer.json'}\neos_token: '<eos>'\nseq_len: {args.seq_len}\n"
                      f"total_tokens: {total}\nsources:\n  code: {{path: {work / 'input.parquet'}, "
                      f"text_field: text, ratio: 1.0}}\n")
    if side == "synthcode-glibc":
        env["SYNTHCODE_MALLOC"] = "system"
    return [sys.executable, "-m", "synthcode", "mix", "--config", str(config), "--out", str(out)], env


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


SIDES = ("baseline", "synthcode", "synthcode-glibc")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--vocab", type=int, default=8_000)
    parser.add_argument("--seq-len", type=int, default=2048)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("bench/out/bench_mix.json"))
    parser.add_argument("--baseline", nargs=5, metavar=("PARQUET", "TOKENIZER", "SEQ_LEN", "OUT", "CACHE"),
                        help=argparse.SUPPRESS)  # one baseline run, in its own process
    args = parser.parse_args()
    if args.baseline:
        parquet, tokenizer_file, seq_len, out, cache = args.baseline
        baseline(Path(parquet), Path(tokenizer_file), int(seq_len), Path(out), Path(cache))
        return 0
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    work = Path(tempfile.mkdtemp(prefix="bench_mix-"))
    docs = stdlib_documents(args.docs)
    pq.write_table(pa.table({"text": docs}), work / "input.parquet")
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    tokenizer.train_from_iterator(docs[: min(len(docs), 3000)], trainers.BpeTrainer(
        vocab_size=args.vocab, special_tokens=["<eos>"], initial_alphabet=pre_tokenizers.ByteLevel.alphabet()),)
    tokenizer.save(str(work / "tokenizer.json"))
    cores = len(os.sched_getaffinity(0))
    runs: dict[str, list[float]] = {side: [] for side in SIDES}
    cpu: dict[str, list[float]] = {side: [] for side in SIDES}
    tokens: dict[str, tuple] = {}
    for repeat in range(args.repeats):
        order = SIDES[repeat % len(SIDES):] + SIDES[:repeat % len(SIDES)]
        for side in order:  # the baseline runs first once, to fix the token count the others match
            out = work / f"{side}-{repeat}"
            out.mkdir()
            argv, env = command(side, work, out, args, tokens.get("baseline", (None,))[0])
            started, cpu_started = time.perf_counter(), _children_cpu()
            done = subprocess.run(argv, env=env, capture_output=True, text=True)
            runs[side].append(time.perf_counter() - started)
            cpu[side].append(_children_cpu() - cpu_started)
            if done.returncode != 0:
                print(f"{side} failed:\n{done.stderr}", file=sys.stderr)
                return 1
            if side not in tokens:  # one output per side is compared (each run writes the same)
                tokens[side] = token_counts(out)
            shutil.rmtree(out)
            print(f"{side:15s} run {repeat}: {tokens[side][0]:,} tokens in {runs[side][-1]:.2f}s "
                  f"({cpu[side][-1]:.2f} CPU-s)", file=sys.stderr)
    b_total, b_counts = tokens["baseline"]
    equal = all(t == b_total and np.array_equal(c, b_counts) for t, c in tokens.values())
    median = {side: statistics.median(times) for side, times in runs.items()}
    median_cpu = {side: statistics.median(times) for side, times in cpu.items()}
    result = {
        "docs": len(docs), "chars": sum(map(len, docs)), "tokens": b_total, "seq_len": args.seq_len,
        "vocab": args.vocab, "cores": cores, "same_tokens": bool(equal), "seconds": runs, "cpu_seconds": cpu,
        "median_seconds": median, "median_cpu_seconds": median_cpu,
        "tokens_per_s_per_core": {side: b_total / t / cores for side, t in median.items()},
        "tokens_per_cpu_second": {side: b_total / t for side, t in median_cpu.items()},
        "speedup_wall": {side: median["baseline"] / median[side] for side in SIDES[1:]},
        "speedup_cpu": {side: median_cpu["baseline"] / median_cpu[side] for side in SIDES[1:]},
        "machine": {"cpu": platform.processor() or platform.machine(), "python": platform.python_version()},
        "command": ["python", "bench/bench_mix.py", *sys.argv[1:]],
        "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                 cwd=Path(__file__).parent).stdout.strip() or None,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    shutil.rmtree(work, ignore_errors=True)
    print(json.dumps({k: result[k] for k in ("tokens", "cores", "same_tokens", "median_seconds",
                                              "tokens_per_s_per_core", "tokens_per_cpu_second", "speedup_wall", "speedup_cpu")}, indent=2))
    return 0 if equal else 1


if __name__ == "__main__":
    sys.exit(main())
