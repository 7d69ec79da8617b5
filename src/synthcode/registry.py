"""Name -> implementation registries with lazy imports.

Entries are ``"module:attribute"`` strings, so a backend's heavy dependencies load only when that
backend is asked for::

    SANDBOXES = Registry("sandbox", {"process": "synthcode.sandbox.process:ProcessSandbox"})
    SANDBOXES.load("process")   # imports synthcode.sandbox.process now
"""

from __future__ import annotations

import difflib
import importlib
from typing import Any

from synthcode.errors import ConfigError


class Registry:
    def __init__(self, kind: str, entries: dict[str, str]) -> None:
        self.kind = kind
        self.entries = dict(entries)

    def names(self) -> list[str]:
        return list(self.entries)

    def load(self, name: str) -> Any:
        try:
            target = self.entries[name]
        except KeyError:
            close = difflib.get_close_matches(name, self.entries, n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise ConfigError(
                f"unknown {self.kind} {name!r}; choose from: {', '.join(self.entries)}.{hint}"
            ) from None
        module_name, _, attribute = target.partition(":")
        return getattr(importlib.import_module(module_name), attribute)


def require(module: str, extra: str) -> Any:
    """Import an optional dependency, or say which ``pip install`` provides it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise ConfigError(f"{module} is not installed: pip install 'synthcode[{extra}]'") from None


SANDBOXES = Registry("sandbox", {
    "process": "synthcode.sandbox.process:ProcessSandbox",
    "docker": "synthcode.sandbox.docker:DockerSandbox",
    "unsafe": "synthcode.sandbox.unsafe:UnsafeSandbox",
})

EXECUTORS = Registry("executor", {
    "local": "synthcode.executors.local:LocalExecutor",
    "ray": "synthcode.executors.ray:RayExecutor",
})
"""Where verification runs: :class:`synthcode.executors.base.Executor` subclasses."""

STAGES = Registry("stage", {
    "parse": "synthcode.stages.parse:ParseStage",
    "tests": "synthcode.stages.tests:TestsStage",
    "z3": "synthcode.stages.smt:Z3Stage",
    "properties": "synthcode.stages.properties:PropertiesStage",
    "symbolic": "synthcode.stages.symbolic:SymbolicStage",
    "consistency": "synthcode.stages.consistency:ConsistencyStage",
    "differential": "synthcode.stages.differential:DifferentialStage",
    "mutation": "synthcode.stages.mutation:MutationStage",
    "outputs": "synthcode.generate.agreement:OutputsStage",  # generation's agreement run (issue 17)
})

FORMATTERS = Registry("formatter", {
    "synthcode": "synthcode.mix.formatters:format_sample",
    "text": "synthcode.mix.formatters:format_text",
    "web-code": "synthcode.mix.formatters:format_web_code",
    "commit": "synthcode.mix.formatters:format_commit",
    "pull-request": "synthcode.mix.formatters:format_pull_request",
    "notebook": "synthcode.mix.formatters:format_notebook",
})
"""Mix formatters: name -> a function mapping one source row (dict) to one document (str)."""

BACKENDS = Registry("model backend", {
    "openai": "synthcode.generate.backends.openai:OpenAIBackend",
    "vllm": "synthcode.generate.backends.vllm:VLLMBackend",
    "transformers": "synthcode.generate.backends.transformers:TransformersBackend",
    "replay": "synthcode.generate.backends.replay:ReplayBackend",
})
