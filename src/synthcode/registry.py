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
    def __init__(self, kind: str, entries: dict[str, str], optional: tuple[str, ...] = ()) -> None:
        self.kind = kind
        self.entries = dict(entries)
        self.optional = tuple(optional)
        """Names that are registered (so configs and flags accept them) but not among
        :meth:`defaults`: they run only when asked for."""
        unknown = set(self.optional) - set(self.entries)
        assert not unknown, f"optional {kind} names that are not registered: {sorted(unknown)}"

    def names(self) -> list[str]:
        return list(self.entries)

    def defaults(self) -> list[str]:
        """The registered names, in order, less the :attr:`optional` ones."""
        return [name for name in self.entries if name not in self.optional]

    def check(self, name: str) -> str:
        """``name``'s ``"module:attribute"``, importing nothing (for parsers and configs)."""
        try:
            return self.entries[name]
        except KeyError:
            close = difflib.get_close_matches(name, self.entries, n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise ConfigError(
                f"unknown {self.kind} {name!r}; choose from: {', '.join(self.entries)}.{hint}"
            ) from None

    def load(self, name: str) -> Any:
        module_name, _, attribute = self.check(name).partition(":")
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
    "consistency": "synthcode.stages.consistency:ConsistencyStage",
    "mutation": "synthcode.stages.mutation:MutationStage",
    "properties": "synthcode.stages.properties:PropertiesStage",
    "differential": "synthcode.stages.differential:DifferentialStage",
    "symbolic": "synthcode.stages.symbolic:SymbolicStage",
    "z3": "synthcode.stages.z3:Z3Stage",
    "proof": "synthcode.stages.proof:ProofStage",
    "outputs": "synthcode.generate.agreement:OutputsStage",  # generation's agreement run (issue 17)
}, optional=("outputs",))
"""Verification stages in pipeline order, cheapest first: the one list of them. ``parse`` always
runs first; the rest but the ``optional`` ones (``outputs``, which only generation's agreement step
runs), in this order, are the default of ``VerifyConfig.stages`` and of ``synthcode verify
--stages``, whose help lists them from here. A new stage is one line here and its module (a
:class:`synthcode.stages.base.Stage` subclass)."""

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
