"""The ``synthcode`` command line: a thin layer over the config objects.

Built on argparse so that start-up stays fast (``synthcode verify`` on one file is dominated by
the sandbox, not by importing the CLI). Each subcommand is a function registered in
:data:`COMMANDS` and imports its machinery lazily. Expected failures (bad input, bad settings, an
unusable sandbox) end with one line on stderr and exit 2; argparse's usage errors also exit 2.

``synthcode verify`` exits, in text and ``--json`` mode alike: 0 when every sample was judged
(and, for one file, accepted); 1 when its one file was rejected (a file that does not parse is a
rejected sample); 3 when some sample has the status ``error``: its input was unusable (a bad JSONL
line, an undecodable file: an ``input`` error record) or the verifier could not judge it; 2 when
nothing was judged (a missing path, bad settings, ``--strict`` at a bad input).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

EXIT_ACCEPTED, EXIT_REJECTED, EXIT_USAGE, EXIT_UNJUDGED = 0, 1, 2, 3

log = logging.getLogger("synthcode")


class UsageError(Exception):
    """Raised instead of argparse's own exit, so every error goes through one path."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def integer(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None
    return value


def add_verify(commands: argparse._SubParsersAction) -> None:
    from synthcode.executors.base import add_executor_arguments

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
    p.add_argument("--sandbox", help="sandbox backend: process, docker, or unsafe [default: process]")
    p.add_argument("--stages", help="comma-separated stages to run, cheapest first [default: all: tests,consistency,mutation,properties,differential,symbolic,z3]")
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


def lazy(module: str, function: str = "add_parser") -> Callable[[argparse._SubParsersAction], None]:
    """A subcommand whose ``add_parser`` lives in ``module`` (which must import only light modules)."""
    def add(commands: argparse._SubParsersAction) -> None:
        import importlib

        getattr(importlib.import_module(module), function)(commands)
    return add


COMMANDS: dict[str, Callable[[argparse._SubParsersAction], None]] = {
    "verify": add_verify,
    "generate": lazy("synthcode.generate.cli"),
    "export": lazy("synthcode.export.cli"),
    "mix": lazy("synthcode.mix.cli"),
    "tokenizer": lazy("synthcode.mix.bpe"),
    "train": lazy("synthcode.train.cli"),
    "eval": lazy("synthcode.evaluation.cli"),
    "report": lazy("synthcode.report"),
}


FAST_MALLOC_COMMANDS = {"mix"}
"""Subcommands that run most of their time in the Rust tokenizer, which is faster with mimalloc
(see :mod:`synthcode.allocator`)."""


def command_named(argv: list[str] | None) -> str | None:
    return next((a for a in (argv or []) if not a.startswith("-")), None)


def build_parser(argv: list[str] | None = None) -> Parser:
    """The parser for ``argv``: with just the subcommand it names when it names one (importing
    every subcommand's module costs a quick ``synthcode verify`` a fifth of its start-up)."""
    parser = Parser(prog="synthcode", description="Verified synthetic code data for LLM pre-training.")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser)
    named = command_named(argv)
    for name, add in COMMANDS.items():
        if named not in COMMANDS or name == named:
            add(commands)
    return parser


def setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, handlers=[handler])


def echo(text: str, err: bool = False) -> None:
    print(text, file=sys.stderr if err else sys.stdout, flush=True)


def verify(args: argparse.Namespace) -> int:
    from synthcode.config import load_config
    from synthcode.executors import ExecutorConfig
    from synthcode.verify import VerifyConfig

    overrides = {
        "stages": [s.strip() for s in args.stages.split(",") if s.strip()] if args.stages is not None else None,
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
    from synthcode.inputs import load_samples
    from synthcode.verify import Verifier

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
    from synthcode.inputs import count_inputs, load_samples
    from synthcode.verify import run_batch

    samples = _with_reference(load_samples(path, strict=strict), reference)
    if out is None:  # print verdicts; nothing to resume
        from synthcode.verify import count_key

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


def main(argv: list[str] | None = None) -> int:
    from synthcode.errors import SynthcodeError
    from synthcode.sandbox.base import SandboxError

    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv)
    try:
        args = parser.parse_args(argv)
        setup_logging(args.verbose)
        if not hasattr(args, "run"):
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        return args.run(args)
    except (UsageError, SynthcodeError, SandboxError, ValueError) as exc:
        echo(f"error: {exc}", err=True)
        return EXIT_USAGE
    except KeyboardInterrupt:
        echo("interrupted", err=True)
        return 130
    except BrokenPipeError:  # `synthcode verify ... | head`
        return 0


def entry_point() -> None:
    if command_named(sys.argv[1:]) in FAST_MALLOC_COMMANDS:
        from synthcode import allocator
        from synthcode.errors import ConfigError

        try:
            allocator.active = allocator.reexec_with_fast_malloc()
        except ConfigError as exc:
            echo(f"error: {exc}", err=True)
            sys.exit(EXIT_USAGE)
    sys.exit(main())


if __name__ == "__main__":
    entry_point()
