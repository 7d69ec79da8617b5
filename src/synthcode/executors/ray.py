"""Verification on a Ray cluster: one actor per sandbox worker, anywhere in the cluster.

Each actor holds a long-lived :class:`~synthcode.verify.Verifier` with one sandbox worker, so the
sandbox's zygote is started once per actor and reused for every sample it verifies. The driver
keeps at most two samples in flight per actor (``ray.wait``), so memory stays flat however long
the input is, and it is the only writer of results::

    config = ExecutorConfig(name="ray", address="10.0.0.1:6379")   # or None / "auto" / "ray://..."
    with build_executor(config, VerifyConfig(stages=["tests"], workers=16)) as executor:
        for sample in executor.verify_stream(samples):   # completion order
            ...

``address`` is handed to ``ray.init``: a ``host:port`` joins that cluster; ``"auto"`` joins the
cluster named by ``RAY_ADDRESS`` or the one last started on this machine, and fails if there is
none; ``None`` does the same but starts a private single-machine Ray instead of failing (shut
down when the last executor using it closes); ``ray://host:10001`` connects through Ray Client.
When Ray is already initialised in the calling process, that connection is used and ``address``
is ignored. An address where nothing listens fails at once (``ray.init`` would retry for minutes).

Fault tolerance: actors restart without limit when their process or node dies. The samples that
were running or queued on a dead actor are sent again, to the least loaded actor that has not died
since it last answered, and each sample is yielded exactly once: only from the one call that
returned it. A sample whose worker died under it :data:`ATTEMPTS` times is yielded with an
``error`` result from the ``executor`` stage instead of being retried for ever.
"""

from __future__ import annotations

import logging
import math
import os
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from typing import Any

from synthcode.errors import ConfigError, SynthcodeError, first_line
from synthcode.executors.base import Executor, ExecutorConfig
from synthcode.registry import require
from synthcode.sample import Sample, StageResult, Status
from synthcode.verify.verifier import Verifier, VerifyConfig

log = logging.getLogger(__name__)

ATTEMPTS = 3
"""How many times a sample is sent to an actor before a dying worker counts as its verdict."""

PROBE_SECONDS = 10.0
"""How long to wait for a TCP connection to a cluster address before calling it unreachable."""

IN_FLIGHT_PER_WORKER = 2
"""One sample running and one queued per actor: the actor never waits for the driver."""


_session_lock = threading.Lock()
_users: int | None = None
"""Executors using the Ray connection this module opened; None when it opened none (or closed it)."""


def _connect(ray: Any, address: str | None) -> None:
    if address not in (None, "auto", "local"):
        _probe(address)
    options: dict[str, Any] = {"logging_level": logging.WARNING, "log_to_driver": True}
    if address is None:
        # A private instance must not start a dashboard on a shared machine.
        options["include_dashboard"] = False
    try:
        ray.init(address=address, **options)
    except (ConnectionError, RuntimeError, ValueError, ray.exceptions.RayError) as exc:
        # e.g. an AuthenticationError when RAY_AUTH_MODE differs between the cluster and here
        raise ConfigError(f"--ray-address {address!r}: cannot connect to a Ray cluster: {first_line(exc)}") from None


def _probe(address: str) -> None:
    """Fail in one line when nothing listens at ``address``: ray.init retries such an address
    for many minutes before it gives up."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        raise ConfigError(f"--ray-address {address!r}: expected host:port, ray://host:port, or auto")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=PROBE_SECONDS).close()
    except OSError as exc:
        raise ConfigError(f"--ray-address {address!r}: cannot connect to a Ray cluster there "
                          f"({exc.strerror or exc}); is `ray start --head` running?") from None


class VerifyActor:
    """One sandbox worker on some Ray node (wrapped with ``ray.remote`` by the executor)."""

    def __init__(self, config: VerifyConfig) -> None:
        config = config.copy_with(workers=1)
        self.problem: str | None = None
        self.verifier: Verifier | None = None
        try:
            self.verifier = Verifier(config)
        except Exception as exc:  # reported by ready(), so the driver can fail in one line
            self.problem = f"{type(exc).__name__}: {exc}" if not isinstance(exc, SynthcodeError) else str(exc)

    def ready(self) -> tuple[str | None, int, str]:
        """(why this actor cannot verify or None, its pid, its Ray node id)."""
        import ray

        return self.problem, os.getpid(), ray.get_runtime_context().get_node_id()

    def verify(self, sample: Sample) -> Sample:
        assert self.verifier is not None, self.problem
        return self.verifier.verify(sample)

    def close(self) -> None:
        if self.verifier is not None:
            self.verifier.close()


class RayExecutor(Executor):
    """Verification fanned out over ``verify.workers`` Ray actors (see the module docstring)."""

    def __init__(self, config: ExecutorConfig, verify: VerifyConfig) -> None:
        super().__init__(config)
        ray = require("ray", "ray")
        self._ray = ray
        self._joined = False
        global _users
        with _session_lock:
            if not ray.is_initialized():
                _connect(ray, config.address)
                _users = 0
            if _users is not None:  # this module's connection: shared, shut down by its last user
                _users += 1
                self._joined = True
        self.resubmitted = 0
        """Samples sent again because the actor verifying them died (for logs and tests)."""
        self.actors: list[Any] = []
        self.reserved = 0.0
        """CPUs this executor's actors reserve."""
        try:
            self._start_actors(verify)
        except BaseException:
            self.close()
            raise

    def _start_actors(self, verify: VerifyConfig) -> None:
        ray = self._ray
        cpus = self.config.cpus_per_worker
        # Size by the CPUs free now, not the cluster's total: actors that cannot be placed would
        # wait for ever, e.g. a second executor of the same job beside one holding every CPU.
        free = ray.available_resources().get("CPU", 0.0)
        workers = min(verify.workers, int(math.floor(free / cpus + 1e-9)))
        if workers < 1:
            log.warning("the Ray cluster has %g free CPUs, fewer than cpus_per_worker=%g; starting one "
                        "worker that reserves none", free, cpus)
            workers, cpus = 1, 0
        elif workers < verify.workers:
            log.warning("workers=%d asks for %g CPUs but the Ray cluster has %g free; using %d workers",
                        verify.workers, verify.workers * cpus, free, workers)
        self.reserved = workers * cpus
        remote = ray.remote(VerifyActor).options(
            num_cpus=cpus, max_restarts=-1, max_task_retries=0, scheduling_strategy="SPREAD")
        self.actors = [remote.remote(verify) for _ in range(workers)]
        answers = ray.get([actor.ready.remote() for actor in self.actors])
        self.pids = [pid for _, pid, _ in answers]
        """Each actor's process id (updated when a restarted actor answers again)."""
        self.nodes = [node for _, _, node in answers]
        problems = [problem for problem, _, _ in answers if problem is not None]
        if problems:
            raise ConfigError(f"a Ray verification worker cannot start: {problems[0]}")

    def verify_stream(self, samples: Iterable[Sample]) -> Iterator[Sample]:
        ray = self._ray
        dead = (ray.exceptions.RayActorError, ray.exceptions.WorkerCrashedError,
                ray.exceptions.NodeDiedError, ray.exceptions.ObjectLostError)
        load = [0] * len(self.actors)
        in_flight: dict[Any, tuple[Sample, int, int]] = {}  # ref -> (sample, actor index, attempt)
        probes: dict[Any, int] = {}  # ref of ready() -> index of an actor that died, until it answers

        def submit(sample: Sample, attempt: int) -> None:
            down = set(probes.values())
            choices = [i for i in range(len(load)) if i not in down] or range(len(load))
            index = min(choices, key=load.__getitem__)
            load[index] += 1
            in_flight[self.actors[index].verify.remote(sample)] = (sample, index, attempt)

        def probe(index: int) -> None:
            if index not in probes.values():
                probes[self.actors[index].ready.remote()] = index

        source = iter(samples)
        exhausted = False
        limit = IN_FLIGHT_PER_WORKER * len(self.actors)
        while True:
            while not exhausted and len(in_flight) < limit:
                try:
                    submit(next(source), 1)
                except StopIteration:
                    exhausted = True
            if not in_flight:
                return
            ready, _ = ray.wait([*in_flight, *probes], num_returns=1)
            for ref in ready:
                if ref in probes:  # a restarted actor is back (or died again: ask again)
                    index = probes.pop(ref)
                    try:
                        self.pids[index] = ray.get(ref)[1]
                    except dead:
                        probe(index)
                    continue
                sample, index, attempt = in_flight.pop(ref)
                load[index] -= 1
                try:
                    done = ray.get(ref)
                except dead as exc:
                    why = first_line(exc)
                    probe(index)  # send it nothing new until it answers again
                    if attempt >= ATTEMPTS:
                        log.error("sample %s: its Ray worker died %d times; giving up", sample.id, attempt)
                        detail = f"Ray workers died under this sample on all {attempt} attempts (last: {why})"
                        sample.stages = [StageResult(stage="executor", status=Status.ERROR, detail=detail)]
                        yield sample
                        continue
                    log.warning("sample %s: Ray worker died (%s); sending it again", sample.id, why)
                    self.resubmitted += 1
                    submit(sample, attempt + 1)
                    continue
                yield done

    def close(self) -> None:
        ray = self._ray
        actors, self.actors = self.actors, []
        if actors:
            try:  # let each actor stop its sandbox worker before the process goes
                ray.get([actor.close.remote() for actor in actors], timeout=30)
            except Exception as exc:  # a dead or unreachable actor has nothing left to close
                log.debug("closing Ray workers: %s", exc)
            # Measured before the kill: afterwards their CPUs may already be back, and the wait
            # below would then aim past what the cluster has.
            target = min(ray.available_resources().get("CPU", 0.0) + self.reserved,
                         ray.cluster_resources().get("CPU", 0.0))
            for actor in actors:
                ray.kill(actor, no_restart=True)
            # Return once their CPUs are free again, so that an executor started next gets them.
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and ray.available_resources().get("CPU", 0.0) < target:
                time.sleep(0.05)
        global _users
        with _session_lock:
            if self._joined:
                self._joined = False
                _users -= 1
                if _users == 0:
                    _users = None
                    ray.shutdown()
