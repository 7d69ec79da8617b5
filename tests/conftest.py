"""Shared fixtures: the sandbox backends, and ``verify_source`` to verify a file through one.

::

    def test_accepts(verify_source):                 # runs once per backend
        sample = verify_source("def test_ok():\\n    assert 1\\n", timeout=2.0, memory_mb=256)
        assert sample.status == "accepted"

Docker tests are also ``slow`` (see :func:`pytest_collection_modifyitems`). A backend that
cannot run here is skipped with the reason (docker needs a running engine and
``bash sandboxes/build-image.sh``); with ``SYNTHCODE_REQUIRE_DOCKER=1`` (as in CI) that is a
failure instead. Verifiers are kept for the session, one per backend and configuration, so tests
that share a configuration share a worker, as consecutive samples of a batch do.
"""

from __future__ import annotations

import functools
import os
from typing import Any

import pytest

from synthcode.errors import ConfigError
from synthcode.registry import SANDBOXES
from synthcode.sample import Sample
from synthcode.sandbox.base import Limits, SandboxError, Worker
from synthcode.verify import Verifier, VerifyConfig

BACKENDS = ["process", pytest.param("docker", marks=pytest.mark.docker)]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every ``docker`` test is also ``slow``: the fast tier (``-m "not slow"``) runs the sandbox
    tests on the process backend only, the full tier on both."""
    for item in items:
        if item.get_closest_marker("docker") is not None and item.get_closest_marker("slow") is None:
            item.add_marker(pytest.mark.slow)


@functools.cache
def unavailable(backend: str) -> str | None:
    """Why ``backend`` cannot run here, or None."""
    try:
        sandbox = SANDBOXES.load(backend)(limits=Limits())
        try:
            sandbox.check()
        finally:
            sandbox.close()
    except (SandboxError, ConfigError) as exc:
        return str(exc)
    return None


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    reason = unavailable(request.param)
    if reason is not None:
        message = f"{request.param} backend unavailable: {reason}"
        if request.param == "docker" and os.environ.get("SYNTHCODE_REQUIRE_DOCKER") == "1":
            pytest.fail(message + " (SYNTHCODE_REQUIRE_DOCKER=1)")
        pytest.skip(message)
    return request.param


class SourceVerifier:
    """Verifies source text on one backend; ``timeout`` and any :class:`Limits` field as keywords."""

    def __init__(self, backend: str, pool: dict[tuple, Verifier]) -> None:
        self.backend = backend
        self._pool = pool

    def _config(self, timeout: float, limits: dict[str, Any]) -> VerifyConfig:
        # The smallest safety net: attacks that stop or sleep reach it (twice, with the re-run alone)
        # in seconds rather than half a minute; CPU-bound verdicts never depend on it.
        return VerifyConfig(stages=["tests"], sandbox=self.backend, workers=1, timeout=timeout,
                            wall_factor=1.0, limits=Limits(**limits))

    def verifier(self, timeout: float = 10.0, **limits: Any) -> Verifier:
        key = (self.backend, timeout, tuple(sorted(limits.items())))
        if key not in self._pool:
            self._pool[key] = Verifier(self._config(timeout, limits))
        return self._pool[key]

    def __call__(self, code: str, *, timeout: float = 10.0, fresh: bool = False, **limits: Any) -> Sample:
        """Verify ``code``; ``fresh`` uses a new worker, started now, instead of the shared one."""
        sample = Sample(id="sample", code=code)
        if fresh:
            with Verifier(self._config(timeout, limits)) as verifier:
                return verifier.verify(sample)
        return self.verifier(timeout, **limits).verify(sample)

    def worker(self, timeout: float = 10.0, **limits: Any) -> Worker | None:
        """The worker that served this configuration's last sample (verify runs on this thread)."""
        return getattr(self.verifier(timeout, **limits)._local, "worker", None)


@pytest.fixture(scope="session")
def _verifier_pool():
    pool: dict[tuple, Verifier] = {}
    yield pool
    for verifier in pool.values():
        verifier.close()


@pytest.fixture(scope="module")
def verifier_for():
    """``verifier_for(config)``: one :class:`Verifier` per distinct config, kept for the test module,
    so samples verified with the same config share a warm worker as a batch's samples do."""
    pool: dict[str, Verifier] = {}

    def get(config: VerifyConfig) -> Verifier:
        key = repr(config)
        if key not in pool:
            pool[key] = Verifier(config)
        return pool[key]
    yield get
    for verifier in pool.values():
        verifier.close()


@pytest.fixture
def verify_source(backend: str, _verifier_pool: dict[tuple, Verifier]) -> SourceVerifier:
    return SourceVerifier(backend, _verifier_pool)
