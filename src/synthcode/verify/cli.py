"""``synthcode verify PATH``: verify solutions by running them in a sandbox.

``synthcode verify`` exits, in text and ``--json`` mode alike: 0 when every sample was judged
(and, for one file, accepted); 1 when its one file was rejected (a file that does not parse is a
rejected sample); 3 when some sample has the status ``error``: its input was unusable (a bad JSONL
line, an undecodable file: an ``input`` error record) or the verifier could not judge it; 2 when
nothing was judged (a missing path, bad settings, ``--strict`` at a bad input).

Imports only light modules at top level (the parser is built for every ``synthcode --help``); the
verifier loads when the command runs.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from synthcode.cliutil import EXIT_ACCEPTED, EXIT_REJECTED, EXIT_UNJUDGED, echo, integer


def stage_list(text: str) -> list[str]:
    """``--stages``: names from the stage registry, checked as the command line is read."""
    from synthcode.errors import ConfigError
    from synthcode.registry import STAGES

    names = [name.strip() for name in text.split(",") if name.strip()]
    for name in names:
        try:
            STAGES.check(name)
        except ConfigError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
    return names


def add_parser(commands: argparse._SubParsersAction) -> None:
    from synthcode.executors.base import add_executor_arguments
    from synthcode.registry import SANDBOXES, STAGES

    stages = [name for name in STAGES.names() if name != "parse"]
    default = "all" if not STAGES.optional else f"all but {', '.join(STAGES.optional)}"

    p = commands.add_parser(
        "verify", help="Verify solutions by running them in a sandbox.",
        description="Verify candidate solutions by running them in a sandbox. A single .py file prints "
                    "one verdict and exits 0 (accepted) or 1 (rejected). A directory or JSONL runs as a "
                    "batch and exits 0; with --out, results stream to that file and a rerun skips what is "
                    "done. A bad JSONL line or an unreadable file becomes an error record and the batch "
                    "goes on. Any error verdict (unusable input, or the verifier could not judge) exits "
                    "3; a missing path, bad settings or --strict at a bad input exit 2.")
    p.add_argument("path", type=Path, help="a .py verify file, a directory of them, or a .jsonl file")
    p.add_argument("-o", "--out", type=Path, help="write one JSON result per sample here (resumable)")
    p.add_argument("-c", "--config", type=Path, help="a verify config (YAML); flags override it")
    p.add_argument("--workers", type=integer, help="sandbox workers [default: CPU cores]")
    p.add_argument("--sandbox", help=f"sandbox backend: {', '.join(SANDBOXES.names())} [default: process]")
    p.add_argument("--stages", type=stage_list, metavar="NAME,...",
                   help=f"comma-separated stages to run, from: {', '.join(stages)} (cheapest first; "
                        f"parse always runs first) [default: {default}]")
    p.add_argument("--timeout", type=float, help="CPU seconds per sample and stage [default: 10]")
    p.add_argument("--memory-mb", type=integer, help="memory limit per sample, MiB [default: 1024]")
    p.add_argument("--min-mutation-score", type=float, metavar="X",
                   help="mutation stage: reject a sample whose tests kill less than this share of its "
                        "mutants (weak-tests) [default: 0.5]")
    p.add_argument("--reference", type=Path, metavar="REF.py",
                   help="a reference solution's code, for every sample that has none (differential stage)")
    p.add_argument("--json", dest="as_json", action="store_true", help="print verdicts as JSON")
    p.add_argument("--strict", action="store_true",
                   help="stop at the first unusable input (exit 2) instead of recording it as an error")
    add_executor_arguments(p, default="local")
    p.add_argument("--confirm-run-unsafe-code", action="store_true",
                   help="allow --sandbox unsafe, which runs samples with NO isolation")
    p.set_defaults(run=verify)


def verify(args: argparse.Namespace) -> int:
    from synthcode.config import load_config
    from synthcode.executors import ExecutorConfig
    from synthcode.verify.verifier import VerifyConfig

    overrides = {
        "stages": args.stages,
        "sandbox": args.sandbox,
        "workers": args.workers,
        "timeout": args.timeout,
        "min_mutation_score": args.min_mutation_score,
        "limits": {"memory_mb": args.memory_mb},
    }
    config = load_config(VerifyConfig, args.config, overrides)
    config.allow_unsafe = args.confirm_run_unsafe_code
    reference = _read_reference(args.reference)
    if config.sandbox == "unsafe":
        echo("warning: --sandbox unsafe: samples run with NO isolation", err=True)
    executor = ExecutorConfig(name=args.executor, address=args.ray_address)
    if args.path.suffix == ".py" and args.path.is_file() and args.out is None:
        if args.executor != "local":
            echo(f"warning: --executor {args.executor} is for batches; verifying one file here", err=True)
        return _verify_one(args.path, config, args.as_json, reference, args.strict)
    return _verify_batch(args.path, config, args.out, args.as_json, reference, executor, args.strict)


def _read_reference(path: Path | None) -> str | None:
    from synthcode.errors import InputError

    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) else f"not valid UTF-8 (byte {exc.start})"
        raise InputError(f"--reference {path}: cannot read it: {why}") from None


def _with_reference(samples, reference: str | None):
    """The samples, each given ``reference`` when it has no reference of its own."""
    for sample in samples:
        if sample.reference is None:
            sample.reference = reference
        yield sample


def _one_line(sample) -> str:
    return f"{sample.status.upper()} ({sample.level.label}) {sample.id}: {sample.reason_line}"


EXIT_BY_STATUS = {"accepted": EXIT_ACCEPTED, "rejected": EXIT_REJECTED, "error": EXIT_UNJUDGED}
"""One file's exit code by its verdict's status, the same in text and --json mode."""


def _verify_one(path: Path, config, as_json: bool, reference: str | None, strict: bool) -> int:
    from synthcode.verify.inputs import load_samples
    from synthcode.verify.verifier import Verifier

    config.workers = 1
    (sample,) = list(_with_reference(load_samples(path, strict=strict), reference))
    if not sample.unusable:  # an unusable file is its own verdict: no sandbox to start
        with Verifier(config) as verifier:
            sample = verifier.verify(sample)
    echo(json.dumps(sample.result_dict()) if as_json else _one_line(sample))
    return EXIT_BY_STATUS[sample.status]


def _counts_text(counts: dict[str, int]) -> str:
    timeouts = f" · timeout {counts['timeout']}" if counts.get("timeout") else ""
    return (f"accepted {counts.get('accepted', 0)} · rejected {counts.get('rejected', 0)}{timeouts} "
            f"· error {counts.get('error', 0)}")


def _verify_batch(path: Path, config, out: Path | None, as_json: bool, reference: str | None,
                  executor, strict: bool) -> int:
    from synthcode.executors import build_executor
    from synthcode.verify.inputs import count_inputs, load_samples
    from synthcode.verify.batch import run_batch

    samples = _with_reference(load_samples(path, strict=strict), reference)
    if out is None:  # print verdicts; nothing to resume
        from synthcode.verify.batch import count_key

        counts = {"accepted": 0, "rejected": 0, "timeout": 0, "error": 0}
        with build_executor(executor, config) as running:
            for sample in running.verify_stream(samples):
                counts[count_key(sample.result_dict())] += 1
                echo(json.dumps(sample.result_dict()) if as_json else _one_line(sample))
        echo(_counts_text(counts), err=True)
        return EXIT_UNJUDGED if counts["error"] else EXIT_ACCEPTED

    started = time.monotonic()
    fresh = 0
    with _progress(total=lambda: count_inputs(path)) as advance:
        def on_result(sample, counts) -> None:
            nonlocal fresh
            fresh += sample is not None
            advance(fresh / max(time.monotonic() - started, 1e-9), _counts_text(counts))

        counts = run_batch(samples, config, out, on_result=on_result, executor=executor)
    echo(f"{_counts_text(counts)} · {fresh} verified this run in {time.monotonic() - started:.1f}s → {out}",
         err=True)
    return EXIT_UNJUDGED if counts.get("error") else EXIT_ACCEPTED


@contextlib.contextmanager
def _progress(total: Callable[[], int | None]) -> Iterator[Callable[[float, str], None]]:
    """A rich progress bar on a terminal (rate and accept counts); nothing otherwise. ``total``
    counts the inputs (a read of the whole file), so it is only called for a bar."""
    if not sys.stderr.isatty():
        yield lambda rate, counts: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("[bold]verify"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.1f}/s"), TextColumn("{task.fields[counts]}"), TimeElapsedColumn(),
        console=Console(stderr=True),
    ) as bar:
        task = bar.add_task("verify", total=total(), rate=0.0, counts="")
        yield lambda rate, counts: bar.update(task, advance=1, rate=rate, counts=counts)
