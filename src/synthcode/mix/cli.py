"""``synthcode mix --config configs/mixes/NAME.yaml [--out DIR]``: build a packed pre-training mix.

Imports only light modules at top level; the tokenizer, ``datasets`` and NumPy load when the
command runs.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

log = logging.getLogger(__name__)


def add_parser(commands: argparse._SubParsersAction) -> None:
    from synthcode.cliutil import integer

    p = commands.add_parser(
        "mix", help="Build a token-exact, packed pre-training mix from several sources.",
        description="Build a pre-training mix: each source gets exactly its share of the token budget "
                    "(its last document cut to fit), documents are shuffled with the seed and packed into "
                    "fixed-length sequences (DIR/shards/part-NNNNN.parquet) with a manifest "
                    "(DIR/manifest.json). The same config and seed give byte-identical shards.")
    p.add_argument("-c", "--config", type=Path, required=True, help="a mix config (YAML), e.g. configs/mixes/code-25.yaml")
    p.add_argument("-o", "--out", type=Path, help="output directory [default: out/mixes/<config name>]")
    p.add_argument("--total-tokens", type=integer, help="override the token budget")
    p.add_argument("--tokenizer", help="override the tokenizer (Hub name, directory or tokenizer.json)")
    p.add_argument("--eos-token", metavar="TEXT",
                   help="override the EOS token's text (a tokenizer.json file names none of its own)")
    p.add_argument("--seq-len", type=integer, help="override the sequence length")
    p.add_argument("--seed", type=integer, help="override the seed")
    p.add_argument("--keep-work", action="store_true", help="keep the token spill files in DIR/work")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from synthcode import allocator
    from synthcode.cliutil import echo
    from synthcode.config import load_config
    from synthcode.mix.config import MixConfig

    log.info("malloc: %s", allocator.active or "glibc's")

    tokenizer = args.tokenizer
    if tokenizer is not None and Path(tokenizer).expanduser().exists():
        # absolute, so the manifest names it for a trainer run from another directory
        tokenizer = str(Path(tokenizer).expanduser().resolve())
    config = load_config(MixConfig, args.config, {
        "total_tokens": args.total_tokens, "tokenizer": tokenizer, "eos_token": args.eos_token,
        "seq_len": args.seq_len, "seed": args.seed})
    out = args.out or Path("out/mixes") / args.config.stem
    from synthcode.mix.pack import build_mix

    started = time.monotonic()
    with _progress(config.total_tokens) as advance:
        manifest = build_mix(config, out, on_tokens=advance, keep_work=args.keep_work, preset=args.config.stem)
    shares = ", ".join(f"{s['name']} {s['realized_ratio']:.2%}" for s in manifest["sources"])
    echo(f"{manifest['total_tokens']:,} tokens in {manifest['num_sequences']:,} sequences of {manifest['seq_len']} "
         f"({shares}) in {time.monotonic() - started:.1f}s → {out}", err=True)
    return 0


@contextlib.contextmanager
def _progress(total: int) -> Iterator[Callable[[int], None]]:
    """A rich progress bar of tokens tokenized (with tokens/s) on a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    with Progress(
        TextColumn("[bold]tokenize"), BarColumn(), TextColumn("{task.completed:,.0f}/{task.total:,.0f} tokens"),
        TextColumn("[progress.data.speed]{task.fields[rate]}"),
        TimeElapsedColumn(), TimeRemainingColumn(), console=Console(stderr=True),
    ) as bar:
        task = bar.add_task("tokenize", total=total, rate="")
        started = time.monotonic()
        done = 0

        def advance(n: int) -> None:
            nonlocal done
            done += n
            rate = done / max(time.monotonic() - started, 1e-9)
            bar.update(task, advance=n, rate=f"{rate:,.0f} tok/s")
        yield advance
