"""transformers backend (local, small or CPU runs): being written."""

from __future__ import annotations

from synthcode.generate.backends.base import Backend, Completion, ModelConfig, Request


class TransformersBackend(Backend):
    def __init__(self, config: ModelConfig, *, cache: object = None) -> None:
        raise NotImplementedError("the transformers backend is being written")

    async def complete(self, request: Request) -> Completion:
        raise NotImplementedError
