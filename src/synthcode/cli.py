"""The ``synthcode`` command line: a thin layer over the config objects.

Each subcommand imports its machinery lazily, so ``synthcode verify`` starts fast. Expected
failures (bad input, bad settings, an unusable sandbox) end with one line on stderr and exit 2.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(
    name="synthcode",
    help="Verified synthetic code data for LLM pre-training.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

EXIT_ACCEPTED, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


def fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def setup_logging(verbose: bool) -> None:
    from rich.logging import RichHandler

    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(message)s",
        handlers=[RichHandler(show_path=False, show_time=False, console=_stderr_console())],
    )


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


@app.callback()
def root(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Debug logging.")] = False) -> None:
    setup_logging(verbose)


def _one_line(sample) -> str:
    failure = sample.failure
    line = f"{sample.status.upper()} ({sample.level.label}) {sample.id}: {sample.reason}"
    if failure is not None and failure.assertion:
        line += f" [{failure.assertion}]"
    return line


@app.command()
def verify(
    path: Annotated[Path, typer.Argument(help="A .py verify file, a directory of them, or a .jsonl file.")],
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write one JSON result per sample here (resumable).")] = None,
    config_file: Annotated[Optional[Path], typer.Option("--config", "-c", help="A verify config (YAML); flags override it.")] = None,
    workers: Annotated[Optional[int], typer.Option(help="Sandbox workers [default: CPU cores].")] = None,
    sandbox: Annotated[Optional[str], typer.Option(help="Sandbox backend: process, docker, or unsafe [default: process].")] = None,
    stages: Annotated[Optional[str], typer.Option(help="Comma-separated stages to run, cheapest first [default: tests].")] = None,
    timeout: Annotated[Optional[float], typer.Option(help="Seconds per sample and stage [default: 10].")] = None,
    memory_mb: Annotated[Optional[int], typer.Option(help="Memory limit per sample, MiB [default: 1024].")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print verdicts as JSON.")] = False,
    confirm_run_unsafe_code: Annotated[bool, typer.Option(
        "--confirm-run-unsafe-code", help="Allow --sandbox unsafe, which runs samples with NO isolation.")] = False,
) -> None:
    """Verify candidate solutions by running them in a sandbox.

    A single .py file prints one line and exits 0 (accepted), 1 (rejected) or 2 (unusable input).
    A directory or JSONL runs as a batch; with --out, results stream to that file and a rerun
    skips what is done.
    """
    from synthcode.config import load_config
    from synthcode.errors import SynthcodeError
    from synthcode.sandbox.base import SandboxError
    from synthcode.verify import VerifyConfig

    try:
        overrides = {
            "stages": [s.strip() for s in stages.split(",") if s.strip()] if stages is not None else None,
            "sandbox": sandbox,
            "workers": workers,
            "timeout": timeout,
            "limits": {"memory_mb": memory_mb} if memory_mb is not None else None,
        }
        config = load_config(VerifyConfig, config_file, overrides)
        config.allow_unsafe = confirm_run_unsafe_code
        if config.sandbox == "unsafe":
            typer.echo("warning: --sandbox unsafe: samples run with NO isolation", err=True)
        if path.suffix == ".py" and path.is_file() and out is None:
            raise typer.Exit(_verify_one(path, config, as_json))
        raise typer.Exit(_verify_batch(path, config, out, as_json))
    except (SynthcodeError, SandboxError, ValueError) as exc:
        raise fail(str(exc)) from None
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        raise typer.Exit(130) from None


def _verify_one(path: Path, config, as_json: bool) -> int:
    from synthcode.inputs import load_samples
    from synthcode.sample import Status
    from synthcode.verify import Verifier

    config.workers = 1
    (sample,) = list(load_samples(path))
    with Verifier(config) as verifier:
        sample = verifier.verify(sample)
    if as_json:
        typer.echo(json.dumps(sample.result_dict()))
    failure = sample.failure
    unusable = (failure is not None and failure.stage == "parse") or (
        failure is None and not sample.checked) or (failure is not None and failure.status is Status.ERROR)
    if unusable:
        if not as_json:
            typer.echo(f"error: {path}: {sample.reason}", err=True)
        return EXIT_USAGE
    if not as_json:
        typer.echo(_one_line(sample))
    return EXIT_ACCEPTED if sample.status == "accepted" else EXIT_REJECTED


def _verify_batch(path: Path, config, out: Path | None, as_json: bool) -> int:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from synthcode.inputs import count_inputs, load_samples
    from synthcode.verify import Verifier, run_batch

    samples = load_samples(path)
    if out is None:  # print verdicts; nothing to resume
        counts = {"accepted": 0, "rejected": 0, "error": 0}
        with Verifier(config) as verifier:
            for sample in verifier.verify_many(samples):
                counts[sample.status] += 1
                typer.echo(json.dumps(sample.result_dict()) if as_json else _one_line(sample))
        _summary(counts, None)
        return 0

    total = count_inputs(path)
    started = time.monotonic()
    console = _stderr_console()
    with Progress(
        TextColumn("[bold]verify"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.1f}/s"), TextColumn("{task.fields[counts]}"), TimeElapsedColumn(),
        console=console, disable=not console.is_terminal, transient=False,
    ) as progress:
        task = progress.add_task("verify", total=total, rate=0.0, counts="")
        fresh = 0

        def on_result(sample, counts) -> None:
            nonlocal fresh
            fresh += sample is not None
            rate = fresh / max(time.monotonic() - started, 1e-9)
            progress.update(task, advance=1, rate=rate, counts=_counts_text(counts))

        counts = run_batch(samples, config, out, on_result=on_result)
    _summary(counts, out, fresh, time.monotonic() - started)
    return 0


def _counts_text(counts: dict[str, int]) -> str:
    return f"accepted {counts.get('accepted', 0)} · rejected {counts.get('rejected', 0)} · error {counts.get('error', 0)}"


def _summary(counts: dict[str, int], out: Path | None, fresh: int | None = None, seconds: float = 0.0) -> None:
    line = _counts_text(counts)
    if fresh is not None:
        line += f" · {fresh} verified this run in {seconds:.1f}s"
    if out is not None:
        line += f" → {out}"
    typer.echo(line, err=True)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
