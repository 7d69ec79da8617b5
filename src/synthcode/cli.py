"""The ``synthcode`` command line: a thin layer over the config objects.

Built on argparse so that start-up stays fast (``synthcode verify`` on one file is dominated by
the sandbox, not by importing the CLI). Each subcommand is a ``<package>.cli`` module registered in
:data:`COMMANDS` that imports its machinery lazily; the helpers they share (the parser class, exit
codes, ``echo``) live in :mod:`synthcode.cliutil`, below every command, so no command's module
imports this one. Expected failures (bad input, bad settings, an unusable sandbox) end with one
line on stderr and exit 2; argparse's usage errors also exit 2. ``synthcode verify``'s exit codes
are in :mod:`synthcode.verify.cli`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from synthcode.cliutil import EXIT_USAGE, Parser, UsageError, echo, setup_logging


def lazy(module: str, function: str = "add_parser") -> Callable[[argparse._SubParsersAction], None]:
    """A subcommand whose ``add_parser`` lives in ``module`` (which must import only light modules)."""
    def add(commands: argparse._SubParsersAction) -> None:
        import importlib

        getattr(importlib.import_module(module), function)(commands)
    return add


COMMANDS: dict[str, Callable[[argparse._SubParsersAction], None]] = {
    "verify": lazy("synthcode.verify.cli"),
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
