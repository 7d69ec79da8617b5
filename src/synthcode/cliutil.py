"""What every command's parser and runner share: the parser class, exit codes, ``echo``, logging.

The top-level :mod:`synthcode.cli` and every ``<package>.cli`` import these from here, so the
per-command modules never import the top-level one (which loads them).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from synthcode.registry import Registry

EXIT_ACCEPTED, EXIT_REJECTED, EXIT_USAGE, EXIT_UNJUDGED = 0, 1, 2, 3


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


def registered(registry: Registry) -> Callable[[str], str]:
    """An argparse ``type`` that accepts the names ``registry`` holds, checked as the command line is
    read (with the registry's "did you mean"); pair it with a help that lists ``registry.names()``, so
    a newly registered name needs no edit to any command."""
    def name(text: str) -> str:
        from synthcode.errors import ConfigError

        try:
            registry.check(text)
        except ConfigError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
        return text
    return name


def setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, handlers=[handler])


def echo(text: str, err: bool = False) -> None:
    print(text, file=sys.stderr if err else sys.stdout, flush=True)
