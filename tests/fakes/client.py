"""Driving a real model backend from a test: build it, answer every request concurrently, close it::

    completions = asyncio.run(complete(ModelConfig(model="fake-model", endpoints=[server.url]),
                                       Request(prompt="a"), Request(prompt="b"), cache=cache))
"""

from __future__ import annotations

import asyncio

from synthcode.generate.backends import Completion, ModelConfig, Request, build_backend
from synthcode.generate.cache import ResponseCache


async def complete(config: ModelConfig, *requests: Request, cache: ResponseCache | None = None) -> list[Completion]:
    backend = build_backend(config, cache)
    try:
        return await asyncio.gather(*(backend.complete(r) for r in requests))
    finally:
        await backend.aclose()
