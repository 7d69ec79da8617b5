"""Building a backend by name, wrapped in the response cache when one is given.

Apart from :mod:`synthcode.generate.backends.base` so that the base imports nothing of the cache
(:mod:`synthcode.generate.cache` builds on the base: no import circle between them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from synthcode.generate.backends.base import Backend, ModelConfig

if TYPE_CHECKING:
    from synthcode.generate.cache import ResponseCache


def build_backend(config: ModelConfig, cache: ResponseCache | None = None) -> Backend:
    """The backend ``config.backend`` names; with ``cache``, every answer is stored and reused."""
    from synthcode.registry import BACKENDS

    cls = BACKENDS.load(config.backend)
    backend = cls(config, cache=cache)
    if cache is None or backend.answers_from_cache:
        return backend
    # Loaded here: importing the cache loads this package (the cache builds on its base module).
    from synthcode.generate.cache import CachedBackend

    return CachedBackend(backend, cache)
