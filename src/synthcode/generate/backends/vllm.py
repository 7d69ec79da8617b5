"""vLLM in-process backend (``vllm.LLM``), extra ``[vllm]``: being written."""

from __future__ import annotations

from synthcode.generate.backends.base import Backend, Completion, ModelConfig, Request
from synthcode.registry import require


class VLLMBackend(Backend):
    def __init__(self, config: ModelConfig, *, cache: object = None) -> None:
        require("vllm", "vllm")
        raise NotImplementedError("the vllm backend is being written")

    async def complete(self, request: Request) -> Completion:
        raise NotImplementedError
