"""Training throughput and MFU of the ladder configs, through ``synthcode.train.train`` itself.

::

    # on one H100 (the issue's figures: 470m and 1.1b at sequence length 2048)
    python bench/bench_train.py --model configs/ladder/470m.yaml --seq-len 2048 --micro-batch 16 --steps 30
    python bench/bench_train.py --model configs/ladder/1.1b.yaml --seq-len 2048 --micro-batch 8 --steps 30
    # on a CPU, to check the script: the tiny shape
    python bench/bench_train.py --model configs/ladder/tiny.yaml --seq-len 256 --micro-batch 4 --steps 12 --device cpu

The data is a synthetic mix written to a temporary directory (uniform random token ids, documents
of random lengths, a word-level tokenizer with the shape's vocabulary), so nothing is downloaded;
the loop, the model and the packed-document attention are the real ones. Each optimizer step is
timed by the trainer (``metrics.jsonl``: tokens/s and MFU); the first ``--warmup`` steps (allocator,
kernel autotuning, torch.compile) are dropped and the median of the rest is reported.

MFU = (training FLOPs per token) x (tokens/s) / (peak FLOP/s). FLOPs per token follow PaLM's
appendix B: ``6·N + 12·L·d·T`` with N the matmul parameters (blocks and output head, not the input
embedding lookup), L layers, d width, T sequence length (attention not halved for causality, as
nanoGPT and torchtitan count it). The peak is 989 TFLOP/s (H100/H200 dense bf16) unless
``--peak-tflops`` says otherwise; on a CPU give ``--peak-tflops`` or MFU is not reported.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

import numpy as np


def synthetic_mix(root: Path, vocab: int, seq_len: int, rows: int, mean_doc: int, seed: int) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq
    from tokenizers import Tokenizer, models

    from synthcode.records import packed_arrow_schema

    rng = np.random.default_rng(seed)
    tokenizer = Tokenizer(models.WordLevel({f"t{i}": i for i in range(vocab)}, unk_token="t0"))
    tokenizer.save(str(root / "tokenizer.json"))
    ids = rng.integers(0, vocab, size=(rows, seq_len), dtype=np.int32)
    lengths = []
    for _ in range(rows):
        cuts = []
        left = seq_len
        while left > 0:
            n = int(min(left, max(1, rng.geometric(1 / mean_doc))))
            cuts.append(n)
            left -= n
        lengths.append(cuts)
    (root / "shards").mkdir()
    table = pa.table({"input_ids": list(ids), "doc_lengths": lengths,
                      "source_ids": [[0] * len(c) for c in lengths]}, schema=packed_arrow_schema())
    pq.write_table(table, root / "shards" / "part-00000.parquet")
    (root / "manifest.json").write_text(json.dumps(
        {"seq_len": seq_len, "tokenizer": "tokenizer.json", "shards": ["shards/part-00000.parquet"],
         "name": "synthetic", "sources": ["random"]}))
    return root


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="configs/ladder/470m.yaml")
    parser.add_argument("--seq-len", type=int, default=2048)
    parser.add_argument("--micro-batch", type=int, default=8)
    parser.add_argument("--grad-accum", type=int, default=1)
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5, help="timed steps to drop")
    parser.add_argument("--precision", default="bf16", choices=["bf16", "fp32"])
    parser.add_argument("--attention", default="sdpa")
    parser.add_argument("--no-doc-masking", action="store_true", help="plain causal attention over the row")
    parser.add_argument("--compile", action="store_true")
    parser.add_argument("--activation-checkpointing", action="store_true")
    parser.add_argument("--device", default=None)
    parser.add_argument("--peak-tflops", type=float, default=None)
    parser.add_argument("--mean-doc", type=int, default=512, help="mean document length in tokens")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()

    import torch

    from synthcode.config import load_config
    from synthcode.train.config import TrainConfig
    from synthcode.train.model import ModelShape, padded_vocab
    from synthcode.train.trainer import train

    shape = load_config(ModelShape, args.model)
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rows = args.micro_batch * args.grad_accum * world * args.steps
    with tempfile.TemporaryDirectory(prefix="bench-train-") as tmp:
        (Path(tmp) / "mix").mkdir()
        mix = synthetic_mix(Path(tmp) / "mix", shape.vocab_size, args.seq_len, rows, args.mean_doc, seed=0)
        config = TrainConfig(
            mix=str(mix), out=str(Path(tmp) / "run"), model=args.model, tokens=rows * args.seq_len,
            micro_batch=args.micro_batch, grad_accum=args.grad_accum, precision=args.precision,
            attention=args.attention, doc_masking=not args.no_doc_masking, compile=args.compile,
            activation_checkpointing=args.activation_checkpointing, device=args.device,
            peak_tflops=args.peak_tflops, warmup_steps=0, keep_checkpoints=1)
        train(config)
        if os.environ.get("RANK", "0") != "0":
            return 0
        records = [json.loads(x) for x in (Path(tmp) / "run" / "metrics.jsonl").read_text().splitlines()]
    timed = records[args.warmup:] or records
    tokens_per_s = statistics.median(r["tokens_per_s"] for r in timed)
    mfus = [r["mfu"] for r in timed if r["mfu"] is not None]
    vocab = padded_vocab(shape.vocab_size)
    flops = shape.flops_per_token(args.seq_len, vocab)
    device = (torch.cuda.get_device_name() if torch.cuda.is_available() and args.device != "cpu"
              else f"cpu ({os.cpu_count()} cores)")
    result = {
        "model": shape.name, "parameters": shape.parameters(vocab), "seq_len": args.seq_len,
        "global_batch_tokens": args.micro_batch * args.grad_accum * world * args.seq_len,
        "precision": args.precision, "attention": args.attention, "doc_masking": not args.no_doc_masking,
        "compile": args.compile, "activation_checkpointing": args.activation_checkpointing,
        "processes": world, "device": device, "flops_per_token": flops,
        "tokens_per_s": tokens_per_s, "tokens_per_s_per_device": tokens_per_s / world,
        "mfu": statistics.median(mfus) if mfus else None, "timed_steps": len(timed),
        "final_loss": records[-1]["loss"], "torch": torch.__version__,
    }
    print(f"FLOPs/token = 6*N + 12*L*d*T = 6*{shape.parameters(vocab) - vocab * shape.hidden_size:,} "
          f"+ 12*{shape.num_layers}*{shape.hidden_size}*{args.seq_len} = {flops:.4g}")
    mfu = f"{result['mfu']:.1%}" if result["mfu"] is not None else "n/a"
    print("| model | params | seq | batch tokens | precision | attention | device | tokens/s | MFU |")
    print("|---|---|---|---|---|---|---|---|---|")
    print(f"| {shape.name} | {result['parameters'] / 1e6:.1f}M | {args.seq_len} | {result['global_batch_tokens']} "
          f"| {args.precision} | {args.attention}{'' if result['doc_masking'] else ' (no doc mask)'} "
          f"| {device} | {tokens_per_s:,.0f} | {mfu} |")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
