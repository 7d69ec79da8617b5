"""``synthcode generate``'s options list what the registries hold: a backend registered in
``synthcode.registry`` (one line) is in the help, accepted by the flag and the config, and built."""

from __future__ import annotations

import argparse

import pytest

from synthcode.cli import build_parser
from synthcode.cliutil import UsageError
from synthcode.config import load_config
from synthcode.generate.backends.build import build_backend
from synthcode.generate.backends.replay import ReplayBackend
from synthcode.generate.cache import ResponseCache
from synthcode.generate.config import ROOT, GenerateConfig
from synthcode.registry import BACKENDS, SANDBOXES

SMALL = ROOT / "configs/generate/small.yaml"


def option(command: str, flag: str) -> argparse.Action:
    parser = build_parser([command])
    sub = parser._subparsers._group_actions[0].choices[command]
    (action,) = [a for a in sub._actions if flag in a.option_strings]
    return action


@pytest.fixture
def registered(monkeypatch):
    """A model backend and a sandbox registered under new names, as a contributor adds one."""
    monkeypatch.setitem(BACKENDS.entries, "from-cache", "synthcode.generate.backends.replay:ReplayBackend")
    monkeypatch.setitem(SANDBOXES.entries, "jail", "synthcode.sandbox.process:ProcessSandbox")


def test_a_registered_backend_and_sandbox_are_listed_and_accepted(registered, tmp_path):
    assert "from-cache" in option("generate", "--backend").help
    assert "jail" in option("generate", "--sandbox").help
    args = build_parser(["generate"]).parse_args(["generate", "--backend", "from-cache", "--sandbox", "jail"])
    assert (args.backend, args.sandbox) == ("from-cache", "jail")
    config = load_config(GenerateConfig, SMALL, {"model": {"backend": args.backend, "model": "m"},
                                                 "verify": {"sandbox": args.sandbox}})
    backend = build_backend(config.model, cache=ResponseCache(tmp_path / "cache"))
    assert isinstance(backend, ReplayBackend)


def test_without_registering_the_names_are_refused_with_the_closest_one():
    for command, flag, registry in (("generate", "--backend", BACKENDS), ("generate", "--sandbox", SANDBOXES)):
        help_text = " ".join(option(command, flag).help.split())
        assert all(name in help_text for name in registry.names())
    assert "from-cache" not in option("generate", "--backend").help
    with pytest.raises(UsageError, match=r"argument --backend: unknown model backend 'replai'.*Did you mean 'replay'"):
        build_parser(["generate"]).parse_args(["generate", "--backend", "replai"])
    with pytest.raises(UsageError, match=r"argument --sandbox: unknown sandbox 'dokcer'.*Did you mean 'docker'"):
        build_parser(["generate"]).parse_args(["generate", "--sandbox", "dokcer"])


def test_other_commands_read_their_lists_from_where_the_names_are_defined():
    from synthcode.evaluation.config import SUITES
    from synthcode.export.build import LEVELS, SOLUTIONS
    from synthcode.train.config import PRECISIONS, STAGES

    assert all(level in option("export", "--min-level").help for level in LEVELS)
    assert tuple(option("export", "--solutions").choices) == SOLUTIONS
    assert tuple(option("train", "--stage").choices) == STAGES
    assert tuple(option("train", "--precision").choices) == PRECISIONS
    assert ", ".join(SUITES) in option("eval", "--suites").help
