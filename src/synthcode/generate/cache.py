"""The response cache: every request and raw answer, keyed by :meth:`Request.cache_key`.

Stored in SQLite (``DIRECTORY/responses.sqlite``) in WAL mode: a row is either committed whole or
absent, so a job killed with ``kill -9`` at any moment keeps every answer it had stored, and
a rerun with the same cache asks the model nothing it already answered::

    cache = ResponseCache("out/cache")
    backend = build_backend(config, cache=cache)     # stores every answer, reuses stored ones
    ...
    replay = build_backend(ModelConfig(backend="replay", model=config.model), cache=cache)

Several processes may share one cache directory (SQLite locks it); within a process the cache is
safe to use from any thread and from concurrent coroutines.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
import time
from pathlib import Path

from synthcode.errors import ConfigError
from synthcode.generate.backends.base import Backend, Completion, Request

SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    request TEXT NOT NULL,
    completion TEXT NOT NULL,
    created REAL NOT NULL
)
"""
INSERT = "INSERT OR IGNORE INTO responses (key, model, request, completion, created) VALUES (?, ?, ?, ?, ?)"
"""Adds a row unless its key is there: the first stored answer wins."""


class ResponseCache:
    """Request -> completion store under ``directory`` (created if missing)."""

    FILENAME = "responses.sqlite"

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.directory / self.FILENAME, timeout=60.0,
                                       check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode loses nothing when the process dies, only on power loss.
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(f"cannot open response cache in {self.directory}: {exc}") from None
        self._lock = threading.Lock()

    def get(self, key: str) -> Completion | None:
        """The stored answer (``cached=True``), or None."""
        with self._lock:
            row = self._db.execute("SELECT completion FROM responses WHERE key = ?", (key,)).fetchone()
        return None if row is None else Completion.from_dict(json.loads(row[0]), cached=True)

    def put(self, key: str, request: Request, completion: Completion) -> None:
        """Store ``completion`` as the answer to ``request``; an existing answer is kept."""
        with self._lock:
            # ASCII JSON: a lone surrogate a server sent (a "\ud800" escape) survives as an escape
            # and comes back as it was; as UTF-8 text SQLite could not store it.
            self._db.execute(INSERT, (key, completion.model, json.dumps(request.to_dict()),
                                      json.dumps(completion.to_dict()), time.time()))

    def merge(self, source: str | Path) -> int:
        """Add every answer stored in the cache directory ``source`` that this one lacks; how many."""
        path = Path(source) / self.FILENAME
        if not path.is_file():
            raise ConfigError(f"{source}: not a response cache (no {self.FILENAME} there)")
        rows = None
        for mode in ("mode=ro", "immutable=1"):  # immutable: a cache in a read-only directory (no -shm)
            try:
                other = sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True)
                try:
                    rows = other.execute("SELECT key, model, request, completion, created FROM responses").fetchall()
                finally:
                    other.close()
                break
            except sqlite3.Error as exc:
                error = exc
        if rows is None:
            raise ConfigError(f"{source}: cannot read the response cache: {error}") from None
        with self._lock:
            before = self._db.total_changes
            self._db.execute("BEGIN")
            self._db.executemany(INSERT, rows)
            self._db.execute("COMMIT")
            return self._db.total_changes - before

    def request(self, key: str) -> Request | None:
        """The request stored under ``key``, or None."""
        with self._lock:
            row = self._db.execute("SELECT request FROM responses WHERE key = ?", (key,)).fetchone()
        return None if row is None else Request.from_dict(json.loads(row[0]))

    def __len__(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM responses").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __reduce__(self) -> tuple:
        # a copy sent to another process (Ray, multiprocessing) opens the same directory there
        return (ResponseCache, (str(self.directory),))

    def __enter__(self) -> ResponseCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class CachedBackend(Backend):
    """Answers from ``cache`` when it can; otherwise asks ``inner`` and stores the answer.

    Identical requests in flight at the same time ask the model once.
    """

    def __init__(self, inner: Backend, cache: ResponseCache) -> None:
        self.inner = inner
        self.cache = cache
        self.model = inner.model
        self._pending: dict[str, asyncio.Future[Completion]] = {}

    async def complete(self, request: Request) -> Completion:
        key = request.cache_key(self.model)
        while True:
            hit = self.cache.get(key)
            if hit is not None:
                return hit
            pending = self._pending.get(key)
            if pending is None:
                break
            await asyncio.wait([pending])
            if not pending.cancelled() and pending.exception() is not None:
                raise pending.exception()
            # answered (the cache has it now) or the asking task was cancelled (ask again)
        future: asyncio.Future[Completion] = asyncio.get_running_loop().create_future()
        self._pending[key] = future
        try:
            completion = await self.inner.complete(request)
            self.cache.put(key, request, completion)
        except asyncio.CancelledError:
            future.cancel()
            raise
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # marks it retrieved: no warning when no one else was waiting
            raise
        else:
            future.set_result(completion)
            return completion
        finally:
            del self._pending[key]

    async def aclose(self) -> None:
        await self.inner.aclose()
