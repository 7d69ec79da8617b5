"""The model-backend interface: a :class:`Request` in, a :class:`Completion` out.

Every backend (an OpenAI-compatible server, vLLM in-process, transformers, replay from the cache)
answers the same request type, so the generation job does not know which one it talks to::

    backend = build_backend(ModelConfig(model="Qwen/Qwen2.5-Coder-7B-Instruct",
                                        endpoints=["http://127.0.0.1:8000/v1"]),
                            cache=ResponseCache("out/cache"))
    completion = await backend.complete(Request(messages=(("user", "Write a function ..."),), n=4))
    completion.texts          # four candidate answers; completion.cached says if the cache answered
    await backend.aclose()
"""

from __future__ import annotations

import hashlib
import json
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

from synthcode.errors import ConfigError, SynthcodeError

CACHE_KEY_VERSION = 1
"""Part of every cache key: bump it when the meaning of a request's fields changes."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Request:
    """One sampling request; ``n`` answers to the same prompt."""

    messages: tuple[tuple[str, str], ...] | None = None
    """Chat endpoint: ``((role, content), ...)``. Exactly one of ``messages`` and ``prompt``."""
    prompt: str | None = None
    """Completion endpoint: the raw prompt text."""
    n: int = 1
    """Answers wanted."""
    temperature: float = 0.8
    """Sampling temperature; 0 is greedy."""
    top_p: float = 0.95
    """Nucleus sampling mass, in (0, 1]."""
    max_tokens: int = 2048
    """Most new tokens per answer; an answer cut there has finish reason ``length``."""
    seed: int | None = None
    """Sampling seed (servers that honour it answer the same request the same way)."""
    stop: tuple[str, ...] = ()
    """Stop strings: an answer ends before the first of them."""

    def __post_init__(self) -> None:
        if (self.messages is None) == (self.prompt is None):
            raise ConfigError("a request needs exactly one of messages (chat) and prompt (completion)")
        if self.messages is not None:
            try:
                messages = tuple((str(role), str(content)) for role, content in self.messages)
            except (TypeError, ValueError):
                raise ConfigError(f"messages must be (role, content) pairs, got {self.messages!r:.200}") from None
            if not messages:
                raise ConfigError("messages is empty")
            object.__setattr__(self, "messages", messages)
        if isinstance(self.stop, str):
            object.__setattr__(self, "stop", (self.stop,))
        else:
            object.__setattr__(self, "stop", tuple(self.stop))
        if isinstance(self.n, bool) or not isinstance(self.n, int) or self.n < 1:
            raise ConfigError(f"n must be a positive integer, got n={self.n!r}")
        if not self.temperature >= 0:
            raise ConfigError(f"temperature must be >= 0, got temperature={self.temperature!r}")
        if not 0 < self.top_p <= 1:
            raise ConfigError(f"top_p must be in (0, 1], got top_p={self.top_p!r}")
        if isinstance(self.max_tokens, bool) or not isinstance(self.max_tokens, int) or self.max_tokens < 1:
            raise ConfigError(f"max_tokens must be a positive integer, got max_tokens={self.max_tokens!r}")

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready fields (messages as lists), e.g. for a sample's provenance."""
        return {
            "messages": [list(m) for m in self.messages] if self.messages is not None else None,
            "prompt": self.prompt,
            "n": self.n,
            "temperature": self.temperature,
            "top_p": self.top_p,
            "max_tokens": self.max_tokens,
            "seed": self.seed,
            "stop": list(self.stop),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Request:
        messages = data.get("messages")
        return cls(**{**data, "messages": tuple(map(tuple, messages)) if messages is not None else None,
                      "stop": tuple(data.get("stop") or ())})

    def cache_key(self, model: str) -> str:
        """sha256 hex of the canonical JSON of ``model`` and every field: equal requests, equal keys."""
        canonical = json.dumps({"v": CACHE_KEY_VERSION, "model": model, **self.to_dict()},
                               sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(kw_only=True, slots=True)
class Completion:
    """The answers to one :class:`Request`, in order."""

    texts: list[str]
    """``n`` answers."""
    finish_reasons: list[str]
    """Per answer: ``stop`` (ended by itself or at a stop string), ``length`` (cut at max_tokens), ..."""
    model: str
    """The model that answered, as it named itself."""
    usage: dict[str, int] = field(default_factory=dict)
    """Token counts when the backend knows them: prompt_tokens, completion_tokens, total_tokens."""
    cached: bool = False
    """True when the response cache answered and no model was asked."""

    def to_dict(self) -> dict[str, Any]:
        return {"texts": list(self.texts), "finish_reasons": list(self.finish_reasons),
                "model": self.model, "usage": dict(self.usage)}

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, cached: bool = False) -> Completion:
        return cls(texts=list(data["texts"]), finish_reasons=list(data["finish_reasons"]),
                   model=data["model"], usage=dict(data.get("usage") or {}), cached=cached)


class BackendError(SynthcodeError):
    """A request that failed for good (after the retries its backend allows)."""


class Backend(ABC):
    """Answers requests; safe to call concurrently from one event loop."""

    model: str
    """The model name used in cache keys and provenance."""
    answers_from_cache: ClassVar[bool] = False
    """True for a backend that only replays the cache (it gets no cache of its own on top)."""

    @abstractmethod
    async def complete(self, request: Request) -> Completion:
        """``request.n`` answers, or :class:`BackendError`."""

    async def aclose(self) -> None:
        """Release connections, threads and models; the backend is unusable afterwards."""

    async def __aenter__(self) -> Backend:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


@dataclass(kw_only=True, slots=True)
class ModelConfig:
    """Which model answers, and how to reach it."""

    backend: str = "openai"
    """``openai`` (any OpenAI-compatible server, e.g. ``vllm serve``), ``vllm`` (in-process),
    ``transformers`` (local, small or CPU runs) or ``replay`` (answers only from the cache)."""
    model: str = ""
    """Served model name (openai; empty asks the first endpoint's ``/models``), or a Hugging Face id
    or local path (vllm, transformers)."""
    endpoints: list[str] = field(default_factory=lambda: ["http://127.0.0.1:8000/v1"])
    """openai: base URLs ending in ``/v1``; with several, requests are balanced across the healthy
    ones and a failing one is skipped for a cool-off (failover)."""
    api_key_env: str = "OPENAI_API_KEY"
    """Environment variable holding the API key; ``EMPTY`` is sent when it is unset, as vLLM accepts."""
    concurrency: int = 64
    """Requests in flight at once (openai), or queued into one batch (vllm)."""
    timeout: float = 300.0
    """Seconds per request attempt, from sending to the last byte of the answer."""
    max_retries: int = 6
    """Retries after the first attempt on 429, 5xx, timeouts and dropped connections."""
    backoff: float = 0.5
    """First retry delay in seconds; doubles per retry, with jitter, capped at 30 s."""
    model_kwargs: dict[str, Any] = field(default_factory=dict)
    """Extra keyword arguments for ``vllm.LLM(...)`` or ``from_pretrained(...)`` (``dtype``, ...);
    transformers also takes ``device`` (default: cuda when available, else cpu)."""

    def __post_init__(self) -> None:
        from synthcode.registry import BACKENDS

        if self.backend not in BACKENDS.entries:
            BACKENDS.load(self.backend)  # raises, naming the choices and the closest one
        if isinstance(self.endpoints, str):
            self.endpoints = [self.endpoints]
        if self.backend == "openai":
            if not self.endpoints:
                raise ConfigError("endpoints is empty: give at least one base URL, e.g. http://127.0.0.1:8000/v1")
            for url in self.endpoints:
                if not isinstance(url, str) or not url.startswith(("http://", "https://")):
                    raise ConfigError(f"endpoints: expected an http(s):// base URL, got {url!r}")
        elif not self.model:
            raise ConfigError(f"model is required for backend {self.backend!r} (a Hugging Face id or local path)")
        if isinstance(self.concurrency, bool) or self.concurrency < 1:
            raise ConfigError(f"concurrency must be at least 1, got {self.concurrency!r}")
        if not self.timeout > 0:
            raise ConfigError(f"timeout must be positive, got {self.timeout!r}")
        if isinstance(self.max_retries, bool) or self.max_retries < 0:
            raise ConfigError(f"max_retries must be >= 0, got {self.max_retries!r}")
        if not self.backoff >= 0:
            raise ConfigError(f"backoff must be >= 0, got {self.backoff!r}")
