"""OpenAI-compatible HTTP backend: ``vllm serve MODEL`` or any server speaking the same protocol.

``POST {endpoint}/chat/completions`` for a request with ``messages``, ``POST {endpoint}/completions``
for one with ``prompt``. Requests run concurrently up to ``concurrency``; each attempt has
``timeout`` seconds. 408, 429, 5xx, timeouts, dropped connections and unreadable answers are retried
up to ``max_retries`` times with capped exponential backoff and jitter (a ``Retry-After`` header
wins); any other 4xx fails at once with the server's message. With several endpoints each attempt
goes to the healthy one with the fewest requests in flight; an endpoint that fails is skipped for a
cool-off, and the retry goes straight to another one::

    config = ModelConfig(model="Qwen/Qwen2.5-Coder-7B-Instruct",
                         endpoints=["http://gpu1:8000/v1", "http://gpu2:8000/v1"])
    backend = OpenAIBackend(config)
    completion = await backend.complete(Request(messages=(("user", "..."),), n=4, seed=1))
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import random
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import aiohttp

from synthcode.errors import ConfigError, one_line
from synthcode.generate.backends.base import Backend, BackendError, Completion, ModelConfig, Request

if TYPE_CHECKING:
    from synthcode.generate.cache import ResponseCache

log = logging.getLogger(__name__)

MAX_BACKOFF = 30.0
"""Longest wait between two attempts of one request, seconds (a Retry-After may ask for up to 2x)."""
COOLOFF = 5.0
"""Seconds a failed endpoint is skipped while others are healthy; then one request probes it."""


@dataclass(slots=True)
class Endpoint:
    url: str
    in_flight: int = 0
    down_until: float = 0.0
    failures: int = 0

    def available(self, now: float) -> bool:
        # after its cool-off, a failed endpoint gets one probe at a time until one succeeds
        return self.down_until <= now and (self.failures == 0 or self.in_flight == 0)


@dataclass(slots=True)
class Failure:
    message: str
    retry: bool = True
    mark_down: bool = False
    retry_after: float | None = None


class OpenAIBackend(Backend):
    def __init__(self, config: ModelConfig, *, cache: ResponseCache | None = None) -> None:
        self.config = config
        self.endpoints = [Endpoint(url.rstrip("/")) for url in config.endpoints]
        self._next = 0
        self._headers = {"Authorization": f"Bearer {os.environ.get(config.api_key_env) or 'EMPTY'}",
                         "Content-Type": "application/json"}
        self._client: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._semaphore: asyncio.Semaphore | None = None
        self.model = config.model or self._served_model()

    def _served_model(self) -> str:
        """The first model the first reachable endpoint lists (``config.model`` was left empty)."""
        import httpx  # only for this one synchronous request; requests go through aiohttp

        errors = []
        for endpoint in self.endpoints:
            try:
                response = httpx.get(f"{endpoint.url}/models", headers=self._headers, timeout=10.0)
                if response.status_code != 200:
                    errors.append(f"{endpoint.url}: HTTP {response.status_code}: "
                                  f"{_error_message(response.content, response.reason_phrase)}")
                    continue
                return str(response.json()["data"][0]["id"])
            except (httpx.HTTPError, ValueError, KeyError, IndexError, TypeError) as exc:
                errors.append(f"{endpoint.url}: {type(exc).__name__}: {one_line(str(exc))}")
        raise ConfigError("model is not set and no endpoint lists its models (GET /models): "
                          + "; ".join(errors))

    def _session(self) -> tuple[aiohttp.ClientSession, asyncio.Semaphore]:
        loop = asyncio.get_running_loop()
        if self._client is None or self._loop is not loop:
            # a session's connections belong to the loop that opened them; a new loop needs its own.
            self._abandon()
            # aiohttp, not httpx: several times less client CPU per request (BENCHMARKS.md)
            connector = aiohttp.TCPConnector(limit=self.config.concurrency, limit_per_host=0)
            self._client = aiohttp.ClientSession(connector=connector, headers=self._headers,
                                                 timeout=aiohttp.ClientTimeout(total=self.config.timeout),
                                                 raise_for_status=False)
            self._semaphore = asyncio.Semaphore(self.config.concurrency)
            self._loop = loop
        assert self._semaphore is not None
        return self._client, self._semaphore

    def _pick(self, now: float) -> Endpoint:
        """The healthy endpoint with the fewest requests in flight (ties in turn), else the one back soonest."""
        count = len(self.endpoints)
        start, self._next = self._next, (self._next + 1) % count
        best = None
        for i in range(count):
            endpoint = self.endpoints[(start + i) % count]
            if endpoint.available(now) and (best is None or endpoint.in_flight < best.in_flight):
                best = endpoint
        return best or min(self.endpoints, key=lambda e: e.down_until)

    def _payload(self, request: Request) -> tuple[str, bytes]:
        body: dict[str, Any] = {"model": self.model}
        if request.messages is not None:
            path = "/chat/completions"
            body["messages"] = [{"role": role, "content": content} for role, content in request.messages]
        else:
            path = "/completions"
            body["prompt"] = request.prompt
        body.update(n=request.n, temperature=request.temperature, top_p=request.top_p,
                    max_tokens=request.max_tokens)
        if request.seed is not None:
            body["seed"] = request.seed
        if request.stop:
            body["stop"] = list(request.stop)
        return path, json.dumps(body, ensure_ascii=False).encode()

    async def complete(self, request: Request) -> Completion:
        path, body = self._payload(request)
        client, semaphore = self._session()
        attempts = self.config.max_retries + 1
        failure = Failure("no attempt made")
        for attempt in range(attempts):
            async with semaphore:
                endpoint = self._pick(time.monotonic())
                endpoint.in_flight += 1
                try:
                    outcome = await self._attempt(client, endpoint, path, body, request)
                finally:
                    endpoint.in_flight -= 1
            if isinstance(outcome, Completion):
                endpoint.failures, endpoint.down_until = 0, 0.0
                return outcome
            failure = outcome
            if not failure.retry:
                raise BackendError(f"{endpoint.url}{path}: {failure.message}")
            if failure.mark_down:
                endpoint.failures += 1
                endpoint.down_until = time.monotonic() + COOLOFF
            if attempt + 1 == attempts:
                break
            log.debug("attempt %d/%d at %s failed: %s", attempt + 1, attempts, endpoint.url, failure.message)
            now = time.monotonic()
            if failure.mark_down and any(e.available(now) for e in self.endpoints):
                continue  # fail over to a healthy endpoint at once
            await asyncio.sleep(self._delay(attempt, failure.retry_after))
        raise BackendError(f"{path.lstrip('/')} failed after {attempts} attempts; last: {failure.message}")

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, 2 * MAX_BACKOFF)
        return min(MAX_BACKOFF, self.config.backoff * 2 ** attempt) * random.uniform(0.5, 1.0)

    async def _attempt(self, client: aiohttp.ClientSession, endpoint: Endpoint, path: str, body: bytes,
                       request: Request) -> Completion | Failure:
        url = endpoint.url + path
        try:
            async with client.post(url, data=body) as response:
                status = response.status
                retry_after = _retry_after(response.headers.get("Retry-After"))
                raw = await response.read()
        except TimeoutError:
            return Failure(f"{url}: no answer within {self.config.timeout:g} s", mark_down=True)
        except aiohttp.ClientError as exc:
            return Failure(f"{url}: {type(exc).__name__}: {one_line(str(exc)) or 'connection failed'}",
                           mark_down=True)
        if status != 200:
            message = f"HTTP {status}: {_error_message(raw, response.reason)}"
            if status in (408, 429):
                return Failure(message, retry_after=retry_after)
            if status >= 500:
                return Failure(message, mark_down=True, retry_after=retry_after)
            return Failure(message, retry=False)
        try:
            return _completion(json.loads(raw), request, chat=path == "/chat/completions", model=self.model)
        except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
            return Failure(f"{url}: unreadable answer ({type(exc).__name__}: {one_line(str(exc))}): "
                           f"{one_line(raw.decode('utf-8', 'replace'))}")

    def _abandon(self) -> None:
        """Drop a session opened on an event loop that has ended (a caller using asyncio.run per batch)."""
        client, self._client = self._client, None
        if client is None:
            return
        connector = client.connector
        client.detach()
        if connector is not None:
            with contextlib.suppress(Exception):  # its loop is closed; what can be closed, is
                connector._close()

    async def aclose(self) -> None:
        if self._client is not None and self._loop is asyncio.get_running_loop():
            await self._client.close()
            self._client = None
        self._abandon()


def _completion(data: dict, request: Request, *, chat: bool, model: str) -> Completion:
    choices = sorted(data["choices"], key=lambda c: c.get("index", 0))
    if len(choices) != request.n:
        raise ValueError(f"asked for n={request.n} choices, got {len(choices)}")
    if chat:
        texts = [c["message"].get("content") or "" for c in choices]
    else:
        texts = [c["text"] for c in choices]
    if not all(isinstance(t, str) for t in texts):
        raise TypeError("a choice's text is not a string")
    usage = {k: v for k, v in (data.get("usage") or {}).items() if isinstance(v, int)}
    return Completion(texts=texts, finish_reasons=[c.get("finish_reason") or "unknown" for c in choices],
                      model=str(data.get("model") or model), usage=usage)


def _error_message(raw: bytes, reason: str | None) -> str:
    """The server's own message (OpenAI's ``{"error": {"message"}}`` or vLLM's ``{"message"}``), one line."""
    try:
        data = json.loads(raw)
        error = data.get("error", data)
        message = error.get("message") if isinstance(error, dict) else error
        if message:
            return one_line(str(message))
    except (ValueError, AttributeError):
        pass
    return one_line(raw.decode("utf-8", "replace")) or reason or "no message"


def _retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (a number; an HTTP date is ignored)."""
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None
    return max(0.0, seconds)
