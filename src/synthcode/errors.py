"""Errors that end a command with a one-line message and exit code 2 (never a traceback)."""


class SynthcodeError(Exception):
    """Base class: the message is shown to the user as is."""


class InputError(SynthcodeError):
    """The input (a file, a record, a path) cannot be used."""


class ConfigError(SynthcodeError):
    """A setting or a combination of settings is invalid."""


def first_line(exc: BaseException) -> str:
    """The first line of a library's exception message (or its type name), for a one-line error."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def one_line(text: str, limit: int = 300) -> str:
    """``text`` on one line (whitespace runs collapsed), cut to ``limit`` characters with "..."."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."
