"""``synthcode train``: argparse wiring only; torch is imported when the command runs."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path


def add_parser(commands: argparse._SubParsersAction) -> None:
    from synthcode.cliutil import integer
    from synthcode.train.config import PRECISIONS, STAGES

    p = commands.add_parser(
        "train", help="Train a ladder model on a packed mix (one stage).",
        description="Train one stage (pretrain, continue, cooldown) of a ladder model on a mix. A rerun "
                    "with the same --out resumes from its latest checkpoint (and says so). SIGTERM or SIGINT "
                    "ends the run after the current step with a checkpoint, exit 143 or 130; a second "
                    "signal aborts at once. Several GPUs: "
                    "torchrun --nproc-per-node N -m synthcode train ... (FSDP2, no other change).")
    p.add_argument("-c", "--config", type=Path, help="a train config (YAML); flags override it")
    p.add_argument("--mix", help="mix directory (manifest.json + shards/)")
    p.add_argument("--out", help="run directory (checkpoints, metrics.jsonl)")
    p.add_argument("--stage", choices=STAGES, help="[default: pretrain]")
    p.add_argument("--tokens", type=integer, help="token budget of the stage")
    p.add_argument("--model", help="ladder shape YAML, e.g. configs/ladder/470m.yaml (pretrain)")
    p.add_argument("--init-from", help="checkpoint directory of the previous stage")
    p.add_argument("--micro-batch", type=integer, help="rows per forward pass per process")
    p.add_argument("--grad-accum", type=integer, help="micro-batches per optimizer step")
    p.add_argument("--lr", type=float, help="peak learning rate")
    p.add_argument("--precision", choices=PRECISIONS, help="[default: bf16 autocast]")
    p.add_argument("--device", help="cuda, cpu, ... [default: cuda if available]")
    p.add_argument("--seed", type=integer)
    p.add_argument("--save-every", type=integer, help="checkpoint every N steps")
    p.add_argument("--stop-after", type=integer, help="stop (with a checkpoint) after N steps")
    p.add_argument("--compile", action="store_true", default=None, help="torch.compile the model")
    p.add_argument("--activation-checkpointing", action="store_true", default=None)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from synthcode.cliutil import echo
    from synthcode.config import load_config
    from synthcode.train.config import TrainConfig

    keys = ("mix", "out", "stage", "tokens", "model", "init_from", "micro_batch", "grad_accum", "lr",
            "precision", "device", "seed", "save_every", "stop_after", "compile", "activation_checkpointing")
    config = load_config(TrainConfig, args.config, {k: getattr(args, k) for k in keys})
    from synthcode.registry import require

    for module in ("torch", "transformers", "safetensors"):
        require(module, "train")
    from synthcode.train.preempt import exit_code
    from synthcode.train.trainer import train

    summary = train(config, say=lambda line: echo(line, err=True))
    if os.environ.get("RANK", "0") == "0":
        echo(json.dumps(summary))
        if summary["stopped_by"]:
            echo(f"stopped by {summary['stopped_by']} at step {summary['steps']}; checkpoint saved to "
                 f"{summary['checkpoint']}; rerun the same command to resume", err=True)
    return exit_code(summary["signal"]) if summary["signal"] else 0
