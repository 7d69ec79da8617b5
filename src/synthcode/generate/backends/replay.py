"""Replay: answers only from the response cache, never asks a model.

Re-runs a job (new parsing, new verification stages) over the raw completions an earlier run
stored, with the same model name and requests::

    backend = build_backend(ModelConfig(backend="replay", model="my-model"), cache=ResponseCache("out/cache"))

A request the cache has no answer for is a :class:`BackendError` naming its key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from synthcode.errors import ConfigError
from synthcode.generate.backends.base import Backend, BackendError, Completion, ModelConfig, Request

if TYPE_CHECKING:
    from synthcode.generate.cache import ResponseCache


class ReplayBackend(Backend):
    answers_from_cache = True

    def __init__(self, config: ModelConfig, *, cache: ResponseCache | None = None) -> None:
        if cache is None:
            raise ConfigError("the replay backend answers only from a response cache, and none was given")
        self.cache = cache
        self.model = config.model

    async def complete(self, request: Request) -> Completion:
        key = request.cache_key(self.model)
        hit = self.cache.get(key)
        if hit is None:
            raise BackendError(f"replay: no cached response for request {key} (model {self.model!r}) "
                               f"in {self.cache.directory}")
        return hit
