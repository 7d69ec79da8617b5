"""Errors that end a command with a one-line message and exit code 2 (never a traceback)."""


class SynthcodeError(Exception):
    """Base class: the message is shown to the user as is."""


class InputError(SynthcodeError):
    """The input (a file, a record, a path) cannot be used."""


class ConfigError(SynthcodeError):
    """A setting or a combination of settings is invalid."""
