"""The ``docker`` backend: each worker is one long-lived container whose entry process is the zygote.

Isolation, per worker: the container's own pid, network (``none``: no interfaces but loopback),
mount, ipc and uts namespaces; a host uid and gid of its own (claimed per worker from the
subordinate range of :data:`synthcode.sandbox.ids.OWNER`, as the process backend's; 65534 when
there is none) with every capability dropped and
``no-new-privileges``; a read-only root file system from the sandbox image (nothing of the host's
file system is visible) with a private size-capped tmpfs at /tmp as the only writable place; an
environment holding only the image's variables. The container's cgroup caps memory (no swap),
processes and CPU (one core) for the whole worker; per sample, the runner's rlimits cap address
space, CPU time, file size and open files. The runner is the entry process, hence pid 1, which is
what lets it survive the samples' signals and end their leftovers (see
:mod:`synthcode.sandbox.runner`).

What it does not isolate: the kernel is shared with the host, so a kernel bug or a container escape
is out of scope, as with the ``process`` backend. Samples run under the image's Python (Debian
bookworm's 3.11 by default), not the host's, and see only its standard library.

Build the image first with ``bash sandboxes/build-image.sh``; :meth:`DockerSandbox.check` refuses an
image whose runner is older than this package's.
"""

from __future__ import annotations

import logging
import os
import select
import socket
import struct
import time
from typing import Any

from synthcode.sandbox import seccomp
from synthcode.sandbox.ids import HostId, IdPool
from synthcode.sandbox.base import (
    RUNNER_ENVIRONMENT, Limits, Sandbox, SandboxError, Transport, Worker, runner_arguments, runner_digest,
)

log = logging.getLogger(__name__)

DEFAULT_IMAGE = "synthcode-sandbox:latest"
IMAGE_VARIABLE = "SYNTHCODE_SANDBOX_IMAGE"
"""Names another sandbox image (built with the same variable set for ``build-image.sh``): a
checkout whose runner differs from the installed image's can test against its own."""
RUNNER_LABEL = "synthcode.runner_sha256"
WORKER_LABEL = "synthcode.worker"
RUNNER_IN_IMAGE = "/opt/synthcode/runner.py"
LIBRARIES_LABEL = "synthcode.libraries"  # "name==version ..." of the libraries in SITE_IN_IMAGE
LIBRARY_ROOTS = ("hypothesis", "crosshair-tool")
SITE_IN_IMAGE = "/opt/synthcode/site"  # verification libraries (hypothesis, ...) installed by the build
BUILD_HINT = "bash sandboxes/build-image.sh"
SEND_TIMEOUT = 60.0
STDERR_TAIL = 4096


def _one_line(exc: BaseException) -> str:
    text = getattr(exc, "explanation", None) or str(exc) or type(exc).__name__
    return " ".join(str(text).split())


class ContainerTransport(Transport):
    """Talks to the runner through the container's attach socket.

    Without a tty, docker multiplexes the container's stdout and stderr on one stream: each frame
    is an 8-byte header (byte 0 the stream, 1 stdout or 2 stderr; bytes 4..8 the big-endian payload
    length) and its payload. Only stdout carries the protocol; stderr keeps a short tail for errors.
    """

    def __init__(self, container: Any, attached: Any, on_close=None) -> None:
        self.container = container
        # Keep the SDK's socket object alive: dropping it could close the raw socket under us.
        self._attached = attached
        self._sock: socket.socket | None = getattr(attached, "_sock", attached)
        self._sock.settimeout(SEND_TIMEOUT)
        self._raw = bytearray()
        self._stdout = bytearray()
        self.stderr_tail = b""
        self._eof = False
        self._on_close = on_close

    def send(self, data: bytes) -> None:
        if self._sock is None:
            raise EOFError("worker container was closed")
        self._sock.sendall(data)

    def _read_some(self, wait: float) -> bool:
        """Read what the socket has within ``wait`` seconds and demultiplex it; False on timeout."""
        if self._eof or self._sock is None:
            raise EOFError("worker container exited")
        ready, _, _ = select.select([self._sock], [], [], wait)
        if not ready:
            return False
        chunk = self._sock.recv(1 << 16)
        if not chunk:
            self._eof = True
            raise EOFError("worker container exited")
        self._raw += chunk
        while len(self._raw) >= 8:
            stream, length = struct.unpack_from(">BxxxL", self._raw)
            if len(self._raw) < 8 + length:
                break
            payload = bytes(self._raw[8 : 8 + length])
            del self._raw[: 8 + length]
            if stream == 1:
                self._stdout += payload
            elif stream == 2:
                self.stderr_tail = (self.stderr_tail + payload)[-STDERR_TAIL:]
        return True

    def recv_exact(self, size: int, timeout: float) -> bytes:
        deadline = time.monotonic() + timeout
        while len(self._stdout) < size:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self._read_some(remaining):
                raise TimeoutError(f"no answer within {timeout:.0f}s")
        data = bytes(self._stdout[:size])
        del self._stdout[:size]
        return data

    def alive(self) -> bool:
        # The attach stream ends when the container's entry process exits, so the socket tells.
        try:
            while self._read_some(0):
                pass
        except (EOFError, OSError):
            return False
        return True

    def close(self) -> None:
        if self._sock is not None:
            try:
                self._sock.close()
            except OSError:
                pass
            self._sock = None
            self._eof = True
        try:
            self.container.remove(force=True)
        except Exception as exc:  # already gone, or being removed: either way it is no longer ours
            log.debug("removing container %s: %s", self.container.short_id, _one_line(exc))
        if self._on_close is not None:
            self._on_close()


def stale_libraries(label: str) -> str:
    """Why the image's libraries differ from this machine's (the stages report the host's versions), or ""."""
    import importlib.metadata

    pins = dict(item.split("==", 1) for item in label.split() if "==" in item)
    for root in LIBRARY_ROOTS:
        try:
            host = importlib.metadata.version(root)
        except importlib.metadata.PackageNotFoundError:
            continue
        if pins.get(root) != host:
            return f"its {root} is {pins.get(root, 'missing')}, this machine's is {host}"
    return ""


class DockerSandbox(Sandbox):
    """One container per worker from the sandbox image; needs a docker engine and the image."""

    name = "docker"

    def __init__(self, limits: Limits | None = None, preload: tuple[str, ...] = (),
                 image: str | None = None) -> None:
        super().__init__(limits, preload)
        self.image = image or os.environ.get(IMAGE_VARIABLE) or DEFAULT_IMAGE
        self._client: Any = None
        self._containers: dict[str, Any] = {}
        self._ids: dict[str, HostId] = {}
        """The ids each live container holds: released once the container is removed."""
        self.ids = IdPool.for_owner()
        """Where each container claims a host uid and gid of its own; None: all run as 65534."""
        if self.ids is None:
            log.warning("warning: no subordinate uid and gid range of synthcode-sandbox, or %s is not writable "
                        "(bash scripts/setup.sh as root sets both up): every docker worker runs as 65534 and "
                        "shares its per-user limits (message queues, queued signals, pipes, inotify)",
                        "/run/synthcode/ids")

    def _docker(self) -> Any:
        if self._client is None:
            try:
                import docker
            except ImportError:
                raise SandboxError("the docker backend needs the docker SDK: pip install docker") from None
            try:
                client = docker.from_env()
                client.ping()
            except Exception as exc:
                raise SandboxError(f"cannot reach the docker engine: {_one_line(exc)}; "
                                   "start dockerd or choose --sandbox process") from None
            self._client = client
            self._reap_leftovers()
        return self._client

    def _reap_leftovers(self) -> None:
        """Remove worker containers of runs that were killed (their runner exited at stdin EOF)."""
        try:
            for status in ("exited", "dead"):
                for container in self._client.containers.list(
                        all=True, filters={"label": WORKER_LABEL, "status": status}):
                    self._remove(container)
        except Exception as exc:  # housekeeping only; never a reason to fail the run
            log.debug("could not list leftover containers: %s", _one_line(exc))

    def check(self) -> None:
        client = self._docker()
        import docker.errors

        try:
            image = client.images.get(self.image)
        except docker.errors.ImageNotFound:
            raise SandboxError(f"sandbox image {self.image} not found: build it with {BUILD_HINT}") from None
        except docker.errors.DockerException as exc:
            raise SandboxError(f"cannot inspect sandbox image {self.image}: {_one_line(exc)}") from None
        found = (image.labels or {}).get(RUNNER_LABEL)
        if found != runner_digest():
            raise SandboxError(f"sandbox image {self.image} is stale (its runner sha256 is {found or 'missing'}, "
                               f"this package's differs): rebuild with {BUILD_HINT}")
        stale = stale_libraries((image.labels or {}).get(LIBRARIES_LABEL, ""))
        if stale:
            raise SandboxError(f"sandbox image {self.image} is stale ({stale}): rebuild with {BUILD_HINT}")

    def container_options(self, name: str, user: str = "65534:65534") -> dict[str, Any]:
        """The container's settings; ``user`` is ``"uid:gid"`` on the host (no user namespace)."""
        from docker.types import LogConfig

        limits = self.limits
        memory = (limits.memory_mb + limits.disk_mb + 256) << 20  # the sample, its tmpfs, the zygote
        return dict(
            command=["python3", "-I", "-S", "-B", RUNNER_IN_IMAGE,
                     *runner_arguments(self.preload, [SITE_IN_IMAGE])],
            stdin_open=True,
            tty=False,
            # The runner must be the entry process (pid 1); a daemon-wide "init": true would wrap it.
            init=False,
            network_mode="none",
            read_only=True,
            tmpfs={"/tmp": f"rw,size={limits.disk_mb}m,mode=1777,exec"},
            shm_size=f"{limits.disk_mb}m",  # /dev/shm is as writable as /tmp, so capped alike
            mem_limit=memory,
            memswap_limit=memory,
            pids_limit=limits.processes,
            nano_cpus=1_000_000_000,
            # Not the image's users: the tmpfs mounts are 1777 and nothing else is writable.
            user=user,
            cap_drop=["ALL"],
            # The process backend's filter (docker's default, tightened): see synthcode.sandbox.seccomp.
            security_opt=["no-new-privileges", "seccomp=" + seccomp.docker_profile()],
            environment=dict(RUNNER_ENVIRONMENT),
            hostname="sandbox",
            labels={WORKER_LABEL: "1", "synthcode.name": name},
            # Replies are read over the attach socket; logging them too would only fill the disk.
            log_config=LogConfig(type="none"),
            auto_remove=False,
        )

    def start_worker(self) -> Worker:
        import docker.errors

        self.check()
        client = self._docker()
        name = self._next_name()
        host: HostId | None = self.ids.claim() if self.ids is not None else None
        user = f"{host.uid}:{host.gid}" if host is not None else "65534:65534"
        try:
            container = client.containers.create(self.image, **self.container_options(name, user))
        except docker.errors.DockerException as exc:
            if host is not None:
                host.release()
            raise SandboxError(f"could not create a sandbox container: {_one_line(exc)}") from None
        with self._lock:
            self._containers[container.id] = container
            if host is not None:
                self._ids[container.id] = host
        transport = None
        try:
            # Attach before starting: docker keeps nothing for late attaches, and the runner's
            # "ready" message is the first thing it writes.
            attached = container.attach_socket(params={"stdin": 1, "stdout": 1, "stderr": 1, "stream": 1})
            transport = ContainerTransport(container, attached, on_close=lambda: self._forget(container.id))
            container.start()
            return Worker(transport, self.limits, name)
        except (docker.errors.DockerException, EOFError, TimeoutError, OSError, ValueError) as exc:
            detail = _one_line(exc)
            if transport is not None and transport.stderr_tail.strip():
                detail = transport.stderr_tail.decode(errors="replace").strip().splitlines()[-1]
            if transport is not None:
                transport.close()
            else:
                self._remove(container)
            raise SandboxError(f"sandbox worker failed to start: {detail}") from None

    def _forget(self, container_id: str) -> None:
        """Called once the container is removed (or its removal was asked for): its ids are free."""
        with self._lock:
            self._containers.pop(container_id, None)
            host = self._ids.pop(container_id, None)
        if host is not None:
            host.release()

    def _remove(self, container: Any) -> None:
        try:
            container.remove(force=True)
        except Exception as exc:  # already gone
            log.debug("removing container %s: %s", container.short_id, _one_line(exc))
        self._forget(container.id)

    def close(self) -> None:
        with self._lock:
            leftovers = list(self._containers.values())
        for container in leftovers:
            self._remove(container)
        if self._client is not None:
            self._client.close()
            self._client = None
