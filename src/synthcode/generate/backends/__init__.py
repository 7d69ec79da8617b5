"""Model backends: an OpenAI-compatible server, vLLM in-process, transformers, or replay from the cache.

::

    from synthcode.generate.backends import ModelConfig, Request, build_backend

    backend = build_backend(ModelConfig(model="my-model", endpoints=["http://10.0.0.1:8000/v1"]))
    completion = await backend.complete(Request(prompt="def add(a, b):", n=2, seed=0))

Backends are registered by name in :data:`synthcode.registry.BACKENDS`; each module imports its
heavy dependencies (aiohttp, vllm, torch) only when it is loaded.
"""

from synthcode.generate.backends.base import (
    Backend,
    BackendError,
    Completion,
    ModelConfig,
    Request,
)
from synthcode.generate.backends.build import build_backend

__all__ = ["Backend", "BackendError", "Completion", "ModelConfig", "Request", "build_backend"]
