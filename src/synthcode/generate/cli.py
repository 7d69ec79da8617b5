"""``synthcode generate``: the command line over :class:`~synthcode.generate.config.GenerateConfig`.

::

    synthcode generate --config configs/generate/default.yaml --endpoint http://127.0.0.1:8000/v1 \\
        --model Qwen/Qwen2.5-Coder-7B-Instruct --num-problems 1000 --out out/gen

Imports nothing heavy at module level (``synthcode --help`` stays fast).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def add_parser(commands: argparse._SubParsersAction) -> None:
    from synthcode.cliutil import integer, registered
    from synthcode.executors.base import add_executor_arguments
    from synthcode.registry import BACKENDS, SANDBOXES

    p = commands.add_parser(
        "generate", help="Generate verified problems and solutions with a served model.",
        description="Ask a model for problems, k candidate solutions and tests; verify every candidate in "
                    "the sandbox; write accepted/ and rejected/ Parquet shards, stats.json and the raw "
                    "response cache to --out. Rerunning the same command resumes: finished problems are "
                    "skipped and cached answers are not asked again.")
    p.add_argument("-c", "--config", type=Path, help="a generate config (YAML); flags override it")
    p.add_argument("-o", "--out", type=Path, help="output directory [default: out/generate]")
    p.add_argument("--endpoint", action="append", metavar="URL",
                   help="OpenAI-compatible base URL, e.g. http://127.0.0.1:8000/v1 (repeat for several)")
    p.add_argument("--model", help="model name (served name, Hugging Face id or local path)")
    p.add_argument("--backend", type=registered(BACKENDS), metavar="NAME",
                   help=f"model backend: {', '.join(BACKENDS.names())}")
    p.add_argument("-n", "--num-problems", type=integer, help="problems to request")
    p.add_argument("--workers", type=integer, help="sandbox workers for verification [default: CPU cores]")
    p.add_argument("--sandbox", type=registered(SANDBOXES), metavar="NAME",
                   help=f"sandbox backend: {', '.join(SANDBOXES.names())} (unsafe needs the flag below)")
    p.add_argument("--confirm-run-unsafe-code", action="store_true",
                   help="allow --sandbox unsafe, which runs model-written code with NO isolation")
    add_executor_arguments(p, default=None)  # None: the config file's executor stands
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from synthcode.cliutil import echo
    from synthcode.config import load_config
    from synthcode.generate.config import ROOT, GenerateConfig

    overrides = {
        "out": str(args.out) if args.out is not None else None,
        "num_problems": args.num_problems,
        "model": {"endpoints": args.endpoint, "model": args.model, "backend": args.backend},
        "verify": {"workers": args.workers, "sandbox": args.sandbox},
        "executor": {"name": args.executor, "address": args.ray_address},
    }
    config = load_config(GenerateConfig, args.config, overrides)
    config.resolve_paths(args.config.resolve().parent if args.config is not None else ROOT)
    config.verify.allow_unsafe = args.confirm_run_unsafe_code
    if config.verify.sandbox == "unsafe":
        echo("warning: --sandbox unsafe: model-written code runs with NO isolation", err=True)

    from synthcode.generate.job import GenerateJob

    started = time.monotonic()
    with _Bar(config.num_problems) as update:
        job = GenerateJob(config, on_progress=update)
        stats = job.run()
    funnel = stats["funnel"]
    progress = job.progress
    echo(f"accepted {funnel['accepted']} of {funnel['requested']} problems "
         f"({progress.fresh} done this run in {time.monotonic() - started:.1f}s) → {config.out}", err=True)
    return 0


class _Bar:
    """A rich progress bar on a terminal: problems, accepted, problems/s, tokens/s."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.bar = None

    def __enter__(self):
        if not sys.stderr.isatty():
            return None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(
            TextColumn("[bold]generate"), BarColumn(), MofNCompleteColumn(),
            TextColumn("accepted {task.fields[accepted]} ({task.fields[rate]})"),
            TextColumn("{task.fields[speed]}"), TimeElapsedColumn(), console=Console(stderr=True))
        self.bar.__enter__()
        task = self.bar.add_task("generate", total=self.total, accepted=0, rate="-", speed="")

        def update(progress) -> None:
            elapsed = max(time.monotonic() - progress.started, 1e-9)
            rate = f"{progress.accepted / progress.fresh:.0%}" if progress.fresh else "-"
            speed = f"{progress.fresh / elapsed:.2f} problems/s · {progress.tokens / elapsed:.0f} tok/s"
            self.bar.update(task, completed=progress.done, accepted=progress.accepted, rate=rate, speed=speed)
        return update

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)
